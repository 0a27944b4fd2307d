"""Atomic file replacement: a reader (or a crash) sees the old file or the new one, never a mix.

Every file the app writes for the user goes through `write_atomic`: it follows a
symbolic link to the file it names (as Excel and Word do), refuses what is not a
regular file (a folder, a device), and when the write fails raises `WriteError`,
one Chinese sentence naming the user's file — never the hidden temporary file,
never an English strerror alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

#: A temporary file older than this, left beside its target by a write that was killed
#: halfway (power cut, task manager), is removed by the next write to that target. The
#: age keeps a write still under way in another instance of the app out of reach.
STALE_AFTER_SECONDS = 3600


_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EINVAL: "文件名无效",
    errno.EIO: "读写设备出错",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ETXTBSY: "文件正被其他程序使用",
}


_ON_WINDOWS = os.name == "nt"
FILE_IN_USE = "文件正被其他程序（如 WPS、Word 或 Excel）打开，请关闭后重试"


class FileInUse(PermissionError):
    """Windows would not replace the file: another program has it open."""


def os_error_reason(error: OSError) -> str:
    """Why an operation on a file failed, in Chinese (the operating system's words only as a last resort)."""
    if isinstance(error, WriteError):
        return error.reason
    if isinstance(error, FileInUse):
        return FILE_IN_USE
    if getattr(error, "winerror", None) in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return FILE_IN_USE
    reason = _REASONS.get(error.errno or -1)
    if reason:
        return reason
    return f"系统错误（{error.strerror or error}）"


class WriteError(OSError):
    """A write that failed, said in Chinese and naming the user's file: 无法写入“报告.pdf”：磁盘已满，原文件未改动."""

    def __init__(self, target: Path, reason: str, existed: bool) -> None:
        super().__init__(errno.EIO, reason, str(target))
        self.target = target
        self.reason = reason
        self.existed = existed

    def __str__(self) -> str:
        outcome = "原文件未改动" if self.existed else "未写入任何文件"
        return f"无法写入“{self.target.name}”：{self.reason}，{outcome}"


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then
    rename it over `path` in one step (os.replace is atomic on POSIX and on
    NTFS). The directory is synced so that the rename itself survives a power cut.
    A symbolic link is followed to the file it names. WriteError when it fails."""
    given = Path(path)
    target = Path(os.path.realpath(given))
    existed = target.exists()
    if existed and not target.is_file():
        raise WriteError(given, "这不是一个普通文件（可能是文件夹或设备）", existed)
    try:
        _replace(target, data)
    except OSError as error:
        raise WriteError(given, os_error_reason(error), existed) from error


def temporary_prefix(target: Path) -> str:
    """The start of the hidden temporary file's name beside `target`: ".~" and 8 hex digits of a hash
    of the target's name. Short and of fixed length, so that a file name of up to 255 bytes (the
    limit of most file systems) can still be written; tied to the target, so that a leftover of a
    killed write is recognised as this target's (see remove_stale_temporaries)."""
    return f".~{hashlib.sha1(target.name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}."


def _replace(target: Path, data: bytes) -> None:
    directory = target.parent
    fd, temp_name = tempfile.mkstemp(prefix=temporary_prefix(target), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # Keep the permissions the user gave the file (mkstemp makes it 0600).
            os.chmod(temp_name, target.stat().st_mode & 0o7777 if target.exists() else 0o644)
        try:
            os.replace(temp_name, target)
        except PermissionError as error:
            if _ON_WINDOWS:  # Windows refuses to replace a file another program holds open
                raise FileInUse(error.errno, error.strerror, str(target)) from error
            raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_directory(directory)
    remove_stale_temporaries(target)


def remove_stale_temporaries(target: Path, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Remove what killed writes to `target` left behind (".~HASH.xxxxxxxx.tmp", as made by
    write_atomic, or ".NAME.xxxxxxxx.tmp" as earlier versions made them) once older than
    `older_than` seconds; returns what was removed."""
    pattern = re.compile(rf"(?:{re.escape(temporary_prefix(target))}|\.{re.escape(target.name)}\.)[a-z0-9_]{{8}}\.tmp")
    removed = []
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > older_than:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _sync_directory(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to fsync; NTFS journals the rename.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
