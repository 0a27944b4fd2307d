"""Recovery copies on disk: the store of ui/recovery.py (autosave, the start-up offer).

A recovery copy lives in the user's data directory (ui.settings.recovery_dir()),
never beside the user's own file, as up to three files named after a copy id
that is unique per document session (a uuid4 hex):

  <id>.nianbao.json   the report, an ordinary project file (model.projectfile)
  <id>.info.json      what the start-up offer shows: agency, year, original
                      path, when it was saved, which version wrote it, and
                      whether the report's link to last year's report may be
                      opened when the copy is restored
  <id>.lock           {"pid", "started", "host"} of the process that owns the
                      copy, while it runs; a clean exit removes it

The report is written before its info file, each atomically, so an info file
always describes a complete report. A copy whose lock names a living process
belongs to a running instance and is not offered to another one.

Every file here is read through model.readfile.read_limited: a FIFO or a device
left in the folder is skipped, never waited on, and anything that does not
parse (a time of 9999-12-31 included) is skipped and named in `problems`.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import platform
import re
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from model import __version__, projectfile
from model.atomicfile import write_atomic
from model.priorlink import is_refused
from model.readfile import UnreadableFile, read_limited
from model.report import Report

REPORT_SUFFIX = ".nianbao.json"
INFO_SUFFIX = ".info.json"
LOCK_SUFFIX = ".lock"
INFO_FORMAT = "nianbao-recovery"
INFO_VERSION = 1
#: An info file is a few hundred bytes, a lock less; anything large is not ours.
MAX_INFO_BYTES = 64 * 1024
MAX_LOCK_BYTES = 4096
#: A saved time outside these years is junk; inside them every conversion is safe.
MIN_SAVED_YEAR = 1971
MAX_SAVED_YEAR = 9998
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_copy_id() -> str:
    return uuid.uuid4().hex


def format_saved_at(moment: datetime) -> str:
    """“2026年11月29日 15:20”, in local time."""
    local = moment.astimezone() if moment.tzinfo else moment
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


@dataclass(frozen=True)
class RecoveryCopy:
    id: str
    report_path: Path
    info_path: Path
    original_path: Path | None
    #: Timezone-aware, local time of the process that wrote it.
    saved_at: datetime
    agency: str
    year: int | None
    app_version: str = ""
    #: Whether the report's link to last year's report was opened in the session that wrote
    #: the copy (a link the user chose, or one within the two years' folder), so may be again.
    prior_link_trusted: bool = True

    @property
    def lock_path(self) -> Path:
        return self.report_path.with_name(self.id + LOCK_SUFFIX)

    @property
    def display_name(self) -> str:
        return self.original_path.name if self.original_path else "未命名报告"

    @property
    def saved_at_text(self) -> str:
        return "保存于 " + format_saved_at(self.saved_at)


@dataclass(frozen=True)
class PreparedCopy:
    """A recovery copy serialised on the caller's thread, ready to be written anywhere."""

    copy_id: str
    report_bytes: bytes
    info_bytes: bytes
    saved_at: datetime


# --- process ownership (locks) ---------------------------------------------------------

#: Copy ids whose lock this process holds (shared by every store and controller in it).
_owned: set[str] = set()
_owned_guard = threading.Lock()


def _process_start_token(pid: int) -> str | None:
    """Something that tells this process apart from a later one with the same PID, where cheap."""
    if sys.platform.startswith("linux"):
        stat = _linux_stat(pid)
        return stat[19] if stat and len(stat) > 19 else None
    if os.name == "nt":
        return _windows_process_info(pid)[1]
    return None


def _linux_stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (field 3 onwards); None if there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return text[text.rfind(")") + 2:].split()


def _windows_process_info(pid: int) -> tuple[bool, str | None]:
    """(alive, creation time) through OpenProcess; (False, None) whenever unsure."""
    if sys.platform != "win32":  # ctypes.WinDLL exists only on Windows
        return False, None
    try:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
        kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
        kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE] + [ctypes.POINTER(wintypes.FILETIME)] * 4
        kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        process_query_limited_information = 0x1000
        still_active = 259
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            access_denied = 5
            # The process exists but belongs to someone else (no creation time then).
            return ctypes.get_last_error() == access_denied, None
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value != still_active:
                return False, None
            times = [wintypes.FILETIME() for _ in range(4)]
            if kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
                created = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
                return True, str(created)
            return True, None
        finally:
            kernel32.CloseHandle(handle)
    except Exception:  # ctypes missing or an unexpected API failure: not sure, so not alive
        return False, None


def pid_alive(pid: int, started: str | None = None) -> bool:
    """Whether process `pid` runs (and, where `started` is known and checkable, is the same process)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        alive, token = _windows_process_info(pid)
        return alive and (started is None or token is None or token == started)
    if sys.platform.startswith("linux") and Path("/proc/self/stat").exists():
        stat = _linux_stat(pid)
        if stat is None or stat[0] in ("Z", "X"):  # gone, or a zombie nobody reaped yet
            return False
        return started is None or len(stat) <= 19 or stat[19] == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    except OSError:
        return False
    return True


# --- the store --------------------------------------------------------------------------


class RecoveryStore:
    """The recovery copies in one directory. Thread-safe for distinct copy ids."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        #: What the last list() skipped and why (Chinese, for a log or a status line).
        self.problems: list[str] = []

    # paths

    def report_path(self, copy_id: str) -> Path:
        return self.directory / (_checked_id(copy_id) + REPORT_SUFFIX)

    def info_path(self, copy_id: str) -> Path:
        return self.directory / (_checked_id(copy_id) + INFO_SUFFIX)

    def lock_path(self, copy_id: str) -> Path:
        return self.directory / (_checked_id(copy_id) + LOCK_SUFFIX)

    # writing

    def prepare(self, copy_id: str, report: Report, original_path: Path | None) -> PreparedCopy:
        """Serialise a copy (cheap; on the caller's thread, while `report` cannot change underneath).

        ValueError for a number a project file cannot hold (see projectfile.save)."""
        _checked_id(copy_id)
        # A lone surrogate pasted from elsewhere becomes "?" rather than costing the whole copy.
        report_bytes = projectfile.dumps(report).encode("utf-8", "replace")
        saved_at = datetime.now().astimezone()
        info = {
            "format": INFO_FORMAT,
            "version": INFO_VERSION,
            "original_path": str(original_path) if original_path else None,
            "agency": report.meta.agency,
            "year": report.meta.year,
            "saved_at": saved_at.isoformat(timespec="seconds"),
            "app_version": __version__,
            "file_format_version": projectfile.FORMAT_VERSION,
            "prior_link_trusted": not is_refused(report.prior),
        }
        info_bytes = (json.dumps(info, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "replace")
        return PreparedCopy(copy_id, report_bytes, info_bytes, saved_at)

    def commit(self, prepared: PreparedCopy, claim: bool = False) -> None:
        """Write a prepared copy (any thread): the report, then its info. OSError on failure.

        With `claim`, the copy is first locked as this process's live copy (as autosave does)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if claim and not self.owns(prepared.copy_id):
            self.claim(prepared.copy_id)
        target = self.report_path(prepared.copy_id)
        write_atomic(target, prepared.report_bytes)
        write_atomic(self.info_path(prepared.copy_id), prepared.info_bytes)

    def write(self, copy_id: str, report: Report, original_path: Path | None,
              claim: bool = False) -> PreparedCopy:
        """prepare() and commit() in one synchronous call."""
        prepared = self.prepare(copy_id, report, original_path)
        self.commit(prepared, claim)
        return prepared

    # ownership

    def claim(self, copy_id: str) -> None:
        """Mark `copy_id` as owned by this process (a lock file with our PID)."""
        pid = os.getpid()
        lock = {"pid": pid, "started": _process_start_token(pid), "host": platform.node()}
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomic(self.lock_path(copy_id), json.dumps(lock).encode("utf-8"))
        with _owned_guard:
            _owned.add(copy_id)

    def release(self, copy_id: str) -> None:
        with _owned_guard:
            _owned.discard(copy_id)
        with contextlib.suppress(OSError):
            self.lock_path(copy_id).unlink(missing_ok=True)

    @staticmethod
    def owns(copy_id: str) -> bool:
        with _owned_guard:
            return copy_id in _owned

    def is_live(self, copy_id: str) -> bool:
        """Whether a running process (this one or another) owns `copy_id`; False whenever unsure."""
        try:
            raw = read_limited(self.lock_path(copy_id), MAX_LOCK_BYTES, "锁文件")
            lock = json.loads(raw)
            pid = lock["pid"]
            started = lock.get("started")
            host = lock.get("host")
        except (UnreadableFile, ValueError, TypeError, KeyError, AttributeError):
            return False
        if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(started, (str, type(None))):
            return False
        if host is not None and host != platform.node():
            return False  # another computer's process: cannot tell, so offer the copy
        if pid == os.getpid():
            return self.owns(copy_id)  # a dead process whose PID we now have (containers reuse PIDs)
        return pid_alive(pid, started)

    # reading

    def list(self, exclude_live: bool = True) -> list[RecoveryCopy]:
        """The readable copies, newest first. Unreadable ones are skipped and named in `problems`.

        With `exclude_live`, copies owned by a running process (another
        window's instance, or this process itself) are left out."""
        problems: list[str] = []
        copies: list[RecoveryCopy] = []
        try:
            names = sorted(p.name for p in self.directory.iterdir())
        except FileNotFoundError:
            names = []
        except OSError as error:
            self.problems = [f"无法读取恢复副本文件夹“{self.directory}”：{error.strerror or error}"]
            return []
        present = set(names)
        for name in names:
            if name.endswith(LOCK_SUFFIX):
                copy_id = name[: -len(LOCK_SUFFIX)]
                orphan = (copy_id + INFO_SUFFIX not in present and copy_id + REPORT_SUFFIX not in present)
                if orphan and _ID.fullmatch(copy_id) and not self.is_live(copy_id):
                    with contextlib.suppress(OSError):
                        (self.directory / name).unlink()  # left by a killed session that never wrote a copy
                continue
            if not name.endswith(INFO_SUFFIX) or name.startswith("."):
                continue
            copy_id = name[: -len(INFO_SUFFIX)]
            if not _ID.fullmatch(copy_id):
                problems.append(f"恢复副本说明文件“{name}”的名称无效，已跳过")
                continue
            if exclude_live and self.is_live(copy_id):
                continue
            copy = self._read_copy(copy_id, problems)
            if copy is not None:
                copies.append(copy)
        for name in names:
            if name.endswith(REPORT_SUFFIX) and not name.startswith("."):
                copy_id = name[: -len(REPORT_SUFFIX)]
                if copy_id + INFO_SUFFIX not in present and not (exclude_live and self.is_live(copy_id)):
                    problems.append(f"恢复副本“{name}”缺少说明文件（可能写入时被中断），已跳过")
        copies.sort(key=lambda c: (c.saved_at.timestamp(), c.id), reverse=True)
        self.problems = problems
        return copies

    def _read_copy(self, copy_id: str, problems: builtins.list[str]) -> RecoveryCopy | None:
        info_path = self.info_path(copy_id)
        report_path = self.report_path(copy_id)
        try:
            info = _parse_info(info_path)
        except (UnreadableFile, ValueError) as error:
            problems.append(f"恢复副本说明文件“{info_path.name}”已损坏，已跳过（{error}）")
            return None
        try:
            report = _read_report(report_path)  # its link to last year's is not followed for a list
        except projectfile.ProjectFileError as error:
            problems.append(f"恢复副本已损坏，已跳过：{error}")
            return None
        original = info["original_path"]
        return RecoveryCopy(
            id=copy_id,
            report_path=report_path,
            info_path=info_path,
            original_path=Path(original) if original else None,
            saved_at=info["saved_at"],
            agency=info["agency"] or report.meta.agency,
            year=info["year"] if info["year"] is not None else report.meta.year,
            app_version=info["app_version"],
            prior_link_trusted=info["prior_link_trusted"],
        )

    def load(self, copy: RecoveryCopy) -> Report:
        """The copy's report; ProjectFileError if it cannot be read.

        Its link to last year's report is opened as the session that wrote the copy had it: a
        trusted link (the copy holds its absolute location) is opened; one that session did not
        open is judged as in the user's file, against the original file's folder."""
        report = _read_report(copy.report_path)
        original = copy.original_path
        folder = os.path.dirname(os.path.realpath(original)) if original else None
        projectfile.load_prior(report, folder, trust_links=copy.prior_link_trusted)
        return report

    def discard(self, copy_or_id: RecoveryCopy | str) -> bool:
        """Delete a copy (report, info and lock). False if a file could not be removed."""
        copy_id = copy_or_id.id if isinstance(copy_or_id, RecoveryCopy) else copy_or_id
        ok = True
        # The info file first: without it the copy is no longer offered, whatever follows.
        for path in (self.info_path(copy_id), self.report_path(copy_id)):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                ok = False
        self.release(copy_id)
        return ok


def _checked_id(copy_id: str) -> str:
    if not isinstance(copy_id, str) or not _ID.fullmatch(copy_id):
        raise ValueError(f"invalid recovery copy id {copy_id!r}")
    return copy_id


def _read_report(path: Path) -> Report:
    """The report of a copy, without its linked prior (ProjectFileError naming the file)."""
    try:
        data = read_limited(path, projectfile.MAX_FILE_BYTES, "年报项目文件")
    except UnreadableFile as error:
        raise projectfile.ProjectFileError(path, str(error)) from None
    try:
        return projectfile.loads(data)
    except projectfile.ProjectFileError as error:
        raise projectfile.ProjectFileError(path, error.problem, error.field) from None


def _local_time(text: str) -> datetime:
    """The time an info file states, in this computer's time zone; ValueError when it is not one
    that can be shown and compared (9999-12-31 overflows in a time zone west of it)."""
    try:
        moment = datetime.fromisoformat(text)
        # A naive time is this computer's local time; both conversions raise on the calendar's edges.
        local = moment.astimezone()
        local.timestamp()
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"保存时间“{text[:40]}”无效") from None
    if not MIN_SAVED_YEAR <= local.year <= MAX_SAVED_YEAR:
        raise ValueError(f"保存时间“{text[:40]}”不可能")
    return local


def _parse_info(path: Path) -> dict[str, Any]:
    try:
        raw = read_limited(path, MAX_INFO_BYTES, "恢复副本说明文件")
    except UnreadableFile as error:
        raise ValueError(str(error)) from None
    try:
        info = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError("不是有效的 JSON") from None
    if not isinstance(info, dict) or info.get("format") != INFO_FORMAT:
        raise ValueError("不是恢复副本说明文件")
    original = info.get("original_path")
    agency = info.get("agency", "")
    year = info.get("year")
    saved_text = info.get("saved_at")
    version = info.get("app_version", "")
    if original is not None and (not isinstance(original, str) or not original or "\x00" in original):
        raise ValueError("original_path 无效")
    if not isinstance(agency, str):
        raise ValueError("agency 无效")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ValueError("year 无效")
    if not isinstance(version, str):
        version = ""
    if not isinstance(saved_text, str):
        raise ValueError("缺少保存时间")
    saved_at = _local_time(saved_text)
    trusted = info.get("prior_link_trusted", True)  # absent: written before links were judged
    return {"original_path": original, "agency": agency, "year": year, "saved_at": saved_at,
            "app_version": version, "prior_link_trusted": trusted is True}
