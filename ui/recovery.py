"""Recovery copies: autosave of unsaved changes, and the offer to restore them after a crash.

A recovery copy lives in the user's data directory (ui.settings.recovery_dir()),
never beside the user's own file, as up to three files named after a copy id
that is unique per document session (a uuid4 hex):

  <id>.nianbao.json   the report, an ordinary project file (model.projectfile)
  <id>.info.json      what the start-up offer shows: agency, year, original
                      path, when it was saved, which version wrote it
  <id>.lock           {"pid", "started", "host"} of the process that owns the
                      copy, while it runs; a clean exit removes it

The report is written before its info file, each atomically, so an info file
always describes a complete report. A copy whose lock names a living process
belongs to a running instance and is not offered to another one.

`AutosaveController` serialises the report on the UI thread (~0.3 ms for a
real report) and writes it on a worker thread, so editing never waits on disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import sys
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model import APP_NAME, __version__, projectfile
from model.atomicfile import write_atomic
from model.report import Report

REPORT_SUFFIX = ".nianbao.json"
INFO_SUFFIX = ".info.json"
LOCK_SUFFIX = ".lock"
INFO_FORMAT = "nianbao-recovery"
INFO_VERSION = 1
#: The issue asks for a copy at least every 60 seconds while there are unsaved changes.
MAX_INTERVAL_MS = 60_000
#: An info file is a few hundred bytes; anything large is not ours.
MAX_INFO_BYTES = 64 * 1024
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
            raw = self.lock_path(copy_id).read_bytes()[:4096]
            lock = json.loads(raw)
            pid = lock["pid"]
            started = lock.get("started")
            host = lock.get("host")
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
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

    def _read_copy(self, copy_id: str, problems: list[str]) -> RecoveryCopy | None:
        info_path = self.info_path(copy_id)
        report_path = self.report_path(copy_id)
        try:
            info = _parse_info(info_path)
        except (OSError, ValueError) as error:
            problems.append(f"恢复副本说明文件“{info_path.name}”已损坏，已跳过（{error}）")
            return None
        try:
            report = projectfile.load(report_path)
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
        )

    def load(self, copy: RecoveryCopy) -> Report:
        """The copy's report; ProjectFileError if it cannot be read."""
        return projectfile.load(copy.report_path)

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


def _parse_info(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        raw = handle.read(MAX_INFO_BYTES + 1)
    if len(raw) > MAX_INFO_BYTES:
        raise ValueError("文件过大")
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
    try:
        saved_at = datetime.fromisoformat(saved_text)
    except ValueError:
        raise ValueError("保存时间无效") from None
    if saved_at.tzinfo is None:
        saved_at = saved_at.astimezone()  # a naive time is this computer's local time
    return {"original_path": original, "agency": agency, "year": year, "saved_at": saved_at,
            "app_version": version}


# --- autosave ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    seq: int
    epoch: int
    generation: int
    prepared: PreparedCopy


@dataclass(frozen=True)
class _Result:
    job: _Job
    written: bool
    error: str | None = None


def _failure_message(error: BaseException, directory: Path) -> str:
    if isinstance(error, OSError):
        return f"无法写入恢复副本（{error.strerror or error}），位置：{directory}"
    if isinstance(error, ValueError):
        return f"无法生成恢复副本：报告中有无法保存的数值（{error}）"
    return f"无法写入恢复副本：{error}"


class AutosaveController(QObject):
    """Writes a recovery copy of `document` while it has unsaved changes.

    Every `interval_ms` (at most 60 s), if the document is modified and has
    changed since the last copy, the report is serialised here and written on a
    worker thread. A save (modifiedChanged(False)) discards the copy; so must a
    clean exit (`discard()` then `close()`).
    """

    #: A copy was written; its saved_at (datetime).
    written = Signal(object)
    #: Writing a copy failed; a message for the user (Chinese). Retried at the next tick.
    failed = Signal(str)
    _finished = Signal(object)

    def __init__(self, document: Any, store: RecoveryStore, interval_ms: int = 30_000,
                 parent: QObject | None = None, copy_id: str | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.store = store
        self.copy_id = _checked_id(copy_id) if copy_id else new_copy_id()
        self._guard = threading.Lock()  # orders the worker's writes with discard() and write_now()
        self._seq = 0
        self._committed_seq = 0
        self._epoch = 0
        #: Generation of the newest copy queued or written (None: none that counts).
        self._queued_generation: int | None = None
        self._written_generation: int | None = None
        self._closed = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        document.modifiedChanged.connect(self._on_modified_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, min(int(interval_ms), MAX_INTERVAL_MS)))
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    def has_copy(self) -> bool:
        """Whether this session's copy is on disk (as far as this controller knows)."""
        return self._written_generation is not None

    def tick(self) -> None:
        """Queue a copy if there is something new to protect (the timer calls this)."""
        if self._closed or not self.document.is_modified():
            return
        generation = self.document.generation
        if generation == self._queued_generation:
            return
        try:
            prepared = self.store.prepare(self.copy_id, self.document.report, self.document.path)
        except Exception as error:
            self.failed.emit(_failure_message(error, self.store.directory))
            return
        self._seq += 1
        job = _Job(self._seq, self._epoch, generation, prepared)
        self._queued_generation = generation
        self._pool.start(lambda: self._run(job))

    def _run(self, job: _Job) -> None:
        """On the worker thread."""
        try:
            with self._guard:
                if job.epoch != self._epoch or job.seq <= self._committed_seq:
                    result = _Result(job, written=False)  # discarded meanwhile, or overtaken by write_now()
                else:
                    self.store.commit(job.prepared, claim=True)
                    self._committed_seq = job.seq
                    result = _Result(job, written=True)
        except Exception as error:
            result = _Result(job, written=False, error=_failure_message(error, self.store.directory))
        self._finished.emit(result)

    def _on_finished(self, result: _Result) -> None:
        if result.job.epoch != self._epoch:
            return
        if result.error is not None:
            if self._queued_generation == result.job.generation:
                self._queued_generation = None  # try again at the next tick
            self.failed.emit(result.error)
        elif result.written:
            self._written_generation = result.job.generation
            self.written.emit(result.job.prepared.saved_at)

    def write_now(self) -> bool:
        """Write the copy synchronously (crash handler, before a risky operation).

        True if the unsaved changes are now safe in a copy, or there are none."""
        if not self.document.is_modified():
            return True
        generation = self.document.generation
        if generation == self._written_generation:
            return True
        try:
            prepared = self.store.prepare(self.copy_id, self.document.report, self.document.path)
            self._seq += 1
            seq = self._seq
            with self._guard:
                self.store.commit(prepared, claim=True)
                self._committed_seq = seq
        except Exception as error:
            self.failed.emit(_failure_message(error, self.store.directory))
            return False
        self._queued_generation = self._written_generation = generation
        self.written.emit(prepared.saved_at)
        return True

    def discard(self) -> bool:
        """Remove this session's copy (after a save, on a clean exit). Waits for a write in progress."""
        with self._guard:
            self._epoch += 1
            ok = self.store.discard(self.copy_id)
        self._queued_generation = self._written_generation = None
        return ok

    def close(self) -> None:
        """Stop autosaving and wait for a write in progress. Does not discard the copy."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.modifiedChanged.disconnect(self._on_modified_changed)
        self._pool.waitForDone()

    def _on_modified_changed(self, modified: bool) -> None:
        if not modified and not self._closed:
            self.discard()


def restore_copy(document: Any, store: RecoveryStore, autosave: AutosaveController | None,
                 copy: RecoveryCopy) -> None:
    """Show `copy` in `document` as unsaved changes to its original file.

    The old copy is deleted only once this session's autosave holds the same
    report, so a crash right after restoring loses nothing. ProjectFileError if
    the copy cannot be read (the copy is kept)."""
    report = store.load(copy)
    document.replace(report, copy.original_path, modified=True)
    if autosave is None or autosave.write_now():
        store.discard(copy)


# --- the start-up offer -----------------------------------------------------------------


def _confirm_discard(parent: QWidget | None, copy: RecoveryCopy) -> bool:
    answer = QMessageBox.question(
        parent, "丢弃恢复副本",
        f"确定要丢弃“{copy.agency or copy.display_name}”{copy.saved_at_text}的恢复副本吗？\n"
        "丢弃后其中未保存的修改将无法找回。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class RecoveryDialog(QDialog):
    """Lists recovery copies: 恢复 (the selected one), 暂不恢复 (keep all), 丢弃 (delete the selected one).

    `chosen` is the copy to restore after 恢复, else None. `confirm(parent,
    copy) -> bool` asks before 丢弃; tests replace it. `discard(copy)` deletes."""

    def __init__(self, copies: Iterable[RecoveryCopy], parent: QWidget | None = None,
                 discard: Callable[[RecoveryCopy], object] | None = None,
                 confirm: Callable[[QWidget | None, RecoveryCopy], bool] | None = None) -> None:
        super().__init__(parent)
        self.copies = list(copies)
        self.chosen: RecoveryCopy | None = None
        self.discarded: list[RecoveryCopy] = []
        self._discard = discard or _delete_copy_files
        self.confirm = confirm or _confirm_discard
        self.setWindowTitle(f"{APP_NAME} - 恢复未保存的修改")
        self.setModal(True)

        layout = QVBoxLayout(self)
        self.message = QLabel(
            f"{APP_NAME}上次没有正常退出。以下报告有未保存的修改，已保存为恢复副本：")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["机关", "年度", "文件", "保存时间"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemDoubleClicked.connect(lambda _item, _column: self.restore())
        layout.addWidget(self.tree)

        note = QLabel("选择“暂不恢复”会保留恢复副本，下次启动时仍可恢复。")
        note.setWordWrap(True)
        layout.addWidget(note)

        buttons = QDialogButtonBox()
        self.restore_button: QPushButton = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button: QPushButton = buttons.addButton("暂不恢复", QDialogButtonBox.ButtonRole.RejectRole)
        self.discard_button: QPushButton = buttons.addButton("丢弃", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.later_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self.discard_selected)
        layout.addWidget(buttons)

        self._fill()
        self.resize(640, 300)

    @staticmethod
    def row_texts(copy: RecoveryCopy) -> list[str]:
        year = f"{copy.year}年" if copy.year else ""
        return [copy.agency or "（未填写机关）", year, copy.display_name, copy.saved_at_text]

    def _fill(self) -> None:
        self.tree.clear()
        for copy in self.copies:
            item = QTreeWidgetItem(self.row_texts(copy))
            item.setToolTip(2, str(copy.original_path) if copy.original_path else "尚未保存过的报告")
            self.tree.addTopLevelItem(item)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        if self.copies:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.restore_button.setEnabled(bool(self.copies))
        self.discard_button.setEnabled(bool(self.copies))

    def selected(self) -> RecoveryCopy | None:
        row = self.tree.indexOfTopLevelItem(self.tree.currentItem()) if self.tree.currentItem() else -1
        return self.copies[row] if 0 <= row < len(self.copies) else None

    def select(self, row: int) -> None:
        self.tree.setCurrentItem(self.tree.topLevelItem(row))

    def restore(self) -> None:
        copy = self.selected()
        if copy is not None:
            self.chosen = copy
            self.accept()

    def discard_selected(self) -> None:
        copy = self.selected()
        if copy is None or not self.confirm(self, copy):
            return
        self._discard(copy)
        self.discarded.append(copy)
        self.copies.remove(copy)
        self._fill()
        if not self.copies:
            self.reject()


def _delete_copy_files(copy: RecoveryCopy) -> None:
    RecoveryStore(copy.report_path.parent).discard(copy)


def offer_recovery(parent: QWidget | None, copies: list[RecoveryCopy],
                   discard: Callable[[RecoveryCopy], object] | None = None) -> RecoveryCopy | None:
    """Ask whether to restore one of `copies`; the copy to restore, or None (the others are kept)."""
    if not copies:
        return None
    dialog = RecoveryDialog(copies, parent, discard=discard)
    try:
        dialog.exec()
        return dialog.chosen
    finally:
        dialog.deleteLater()
