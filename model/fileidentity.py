"""Which version of a file the app has in hand: size, modification time and a hash of the content.

A report on a shared folder may be changed by a colleague while it is open here. The window keeps
the identity of the file as it was opened or last saved, and before saving over it asks whether it
is still that file: the size and time first (cheap), the hash only when those differ (a copy
touched without being changed is still the same file).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from model.readfile import UnreadableFile, open_regular

#: A project file is at most a few megabytes; read in chunks all the same.
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileIdentity:
    size: int
    mtime_ns: int
    sha256: str


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path, "文件") as handle:  # a FIFO swapped in after the stat must not block
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def identify(path: Path) -> FileIdentity | None:
    """The identity of the regular file at `path`; None when there is none (or it cannot be read)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        return FileIdentity(info.st_size, info.st_mtime_ns, _digest(path))
    except (OSError, UnreadableFile):
        return None


def changed_since(path: Path, known: FileIdentity) -> FileIdentity | None:
    """The file's identity now if its content is no longer what `known` describes, else None.
    A file that has gone is not a change worth asking about (saving simply writes it again)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if info.st_size == known.size and info.st_mtime_ns == known.mtime_ns:
        return None
    now = identify(path)
    if now is None or now.sha256 == known.sha256:
        return None
    return now
