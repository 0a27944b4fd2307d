"""Atomic file replacement: a reader (or a crash) sees the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

#: A temporary file older than this, left beside its target by a write that was killed
#: halfway (power cut, task manager), is removed by the next write to that target. The
#: age keeps a write still under way in another instance of the app out of reach.
STALE_AFTER_SECONDS = 3600


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then
    rename it over `path` in one step (os.replace is atomic on POSIX and on
    NTFS). The directory is synced so that the rename itself survives a power cut."""
    target = Path(path)
    directory = target.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # Keep the permissions the user gave the file (mkstemp makes it 0600).
            os.chmod(temp_name, target.stat().st_mode & 0o7777 if target.exists() else 0o644)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_directory(directory)
    remove_stale_temporaries(target)


def remove_stale_temporaries(target: Path, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Remove what killed writes to `target` left behind (".NAME.xxxxxxxx.tmp", as made
    by write_atomic) once older than `older_than` seconds; returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp")
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
