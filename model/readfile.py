"""Reading a user's file with a size limit, with the reason in Chinese when it cannot be read.

Only regular files are read. A named pipe (FIFO), a device (/dev/stdin, /dev/zero, CON) or a
socket would block the reading thread forever or never end, so it is refused after `os.stat`,
before anything opens it; the file is then opened non-blocking (O_NONBLOCK where the system has
it), so that a FIFO swapped in between the stat and the open cannot block either, and checked
again with `os.fstat` on what was actually opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class UnreadableFile(Exception):
    """The file could not be read at all; str() is the reason ("文件不存在" …)."""


#: Never block in open() or read() (a FIFO, a terminal); absent on Windows, where 0 changes nothing.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in Chinese ("命名管道（FIFO）"…); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def _refusal(mode: int, what: str) -> UnreadableFile:
    kind = kind_of(mode)
    if kind == "文件夹":
        return UnreadableFile(f"这是一个文件夹，不是{what}")
    return UnreadableFile(f"这是一个{kind}，不是普通文件，不是{what}")


def _os_reason(error: OSError | ValueError) -> UnreadableFile:
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return UnreadableFile("文件不存在")
    if isinstance(error, IsADirectoryError):
        return UnreadableFile("这是一个文件夹")
    if isinstance(error, PermissionError):
        return UnreadableFile("没有读取该文件的权限")
    if isinstance(error, BlockingIOError):
        return UnreadableFile("文件暂时无法读取（读取会一直等待）")
    if isinstance(error, OSError):
        return UnreadableFile(f"读取失败（{error.strerror or error}）")
    return UnreadableFile(f"路径无效（{error}）")  # ValueError: an embedded NUL, a path too long for the API


def open_regular(path: str | os.PathLike[str], what: str, limit: int | None = None) -> BinaryIO:
    """`path` opened for reading in binary, if it is a regular file (at most `limit` bytes when given);
    UnreadableFile otherwise, with the reason. For readers that seek (fonts) rather than read whole."""
    target = Path(path)
    try:
        status = os.stat(target)
    except (OSError, ValueError) as error:
        raise _os_reason(error) from None
    if not stat.S_ISREG(status.st_mode):
        raise _refusal(status.st_mode, what)
    if limit is not None and status.st_size > limit:
        raise _too_large(limit, what)  # refused before a byte is read
    try:
        descriptor = os.open(target, _OPEN_FLAGS)
    except IsADirectoryError:
        raise UnreadableFile(f"这是一个文件夹，不是{what}") from None
    except (OSError, ValueError) as error:
        raise _os_reason(error) from None
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the stat
            raise _refusal(opened.st_mode, what)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_limited(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The file's bytes; UnreadableFile when it is missing, a folder, a FIFO, a device or anything
    else that is not a regular file, not permitted, unreadable, or larger than `limit` bytes
    (`what` names what it should have been: "年报项目文件", " Excel 工作簿")."""
    with open_regular(path, what, limit) as handle:
        try:
            data = _read_up_to(handle.fileno(), limit + 1)  # never more than the limit into memory
        except OSError as error:
            raise _os_reason(error) from None
    if len(data) > limit:
        raise _too_large(limit, what)  # it grew, or it is a /proc file that says it is empty
    return data


def _too_large(limit: int, what: str) -> UnreadableFile:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"
    return UnreadableFile(f"文件超过 {size}，不是{what}")


def _read_up_to(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
