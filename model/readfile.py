"""Reading a user's file with a size limit, with the reason in Chinese when it cannot be read."""

from __future__ import annotations

from pathlib import Path


class UnreadableFile(Exception):
    """The file could not be read at all; str() is the reason ("文件不存在" …)."""


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes; UnreadableFile when it is missing, a folder, not permitted, unreadable,
    or larger than `limit` bytes (`what` names what it should have been: "年报项目文件", " Excel 工作簿")."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # never more than the limit into memory
    except FileNotFoundError:
        raise UnreadableFile("文件不存在") from None
    except IsADirectoryError:
        raise UnreadableFile(f"这是一个文件夹，不是{what}") from None
    except PermissionError:
        raise UnreadableFile("没有读取该文件的权限") from None
    except OSError as error:
        raise UnreadableFile(f"读取失败（{error.strerror or error}）") from None
    if len(data) > limit:
        raise UnreadableFile(f"文件超过 {limit // (1024 * 1024)} MB，不是{what}")
    return data
