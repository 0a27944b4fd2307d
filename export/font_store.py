"""Where a bundled font's bytes live while the app runs: in the file, read as they are needed.

reportlab reads a TrueType file whole into a bytes object, ~24 MB for the four bundled faces, in every
process that prints or previews. Handed `FileBytes` instead, it slices the same bytes, but only the few
hundred kilobytes the subsetter actually reads (metrics, the glyphs a report uses) are ever read.

The built app ships the faces packed with xz (NAME.ttf.xz, see build.spec, with the size and CRC-32 of
each unpacked face in packed-fonts.json beside them; NAME.ttf.gz, whose trailer says the same, is read
too). Such a face is unpacked once, streamed, into the user's cache folder (`cache_dir`), and read from
there; each start checks the unpacked copy's size and CRC-32, so a stale, truncated or damaged copy is
unpacked again rather than used. (xz takes 0.4 s to unpack the body face where gzip took 0.1 s, but only
once; it is 2.9 MB smaller.) When the cache folder cannot be written the face is unpacked into
memory, as before this module, and nothing is lost but memory.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import lzma
import os
import struct
import sys
import tempfile
import threading
import weakref
import zlib
from pathlib import Path
from typing import Any

#: NIANBAO_CACHE_DIR overrides the cache folder (tests); else NIANBAO_DATA_DIR/cache (portable use);
#: else the platform's per-user cache folder.
CACHE_DIR_ENV = "NIANBAO_CACHE_DIR"
DATA_DIR_ENV = "NIANBAO_DATA_DIR"
_CHUNK = 1 << 20
_EDGE = 1 << 16
_lock = threading.Lock()


def cache_dir() -> Path:
    """The folder for what nianbao can always make again (unpacked fonts, parsed font tables)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    data = os.environ.get(DATA_DIR_ENV)
    if data:
        return Path(data) / "cache"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "nianbao" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "nianbao"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nianbao"


def fonts_cache_dir() -> Path:
    return cache_dir() / "fonts"


#: What the build writes beside the packed faces: {"NAME.ttf": {"size": N, "crc32": C}}.
MANIFEST = "packed-fonts.json"
PACKED_SUFFIXES = (".xz", ".gz")


def packed_path(path: Path) -> Path | None:
    """The packed copy of a font file (NAME.ttf.xz, else NAME.ttf.gz) that exists, or None."""
    for suffix in PACKED_SUFFIXES:
        packed = path.with_name(path.name + suffix)
        if packed.exists():
            return packed
    return None


def open_packed(packed: Path) -> io.BufferedIOBase:
    """The unpacked content of NAME.xz or NAME.gz as a file."""
    if packed.suffix == ".xz":
        return lzma.LZMAFile(packed, "rb")
    return gzip.GzipFile(packed, "rb")


#: What unpacking a damaged packed file raises.
UNPACK_ERRORS = (OSError, EOFError, zlib.error, gzip.BadGzipFile, lzma.LZMAError)


class FileBytes:
    """A file's bytes as reportlab's TrueType parser slices them (`data[a:b]`, `data[i]`), read from the
    file when asked for, through a few cached blocks: the parser and the subsetter read a few hundred
    kilobytes of a font, never all of it. Not a memory map, on purpose: each touch of a map makes its
    neighbouring 64 KB resident too, and the subsetter's walk over a report's thousand glyphs would
    bring in most of the 13 MB glyf table."""

    BLOCK = 16 * 1024
    BLOCKS = 16

    def __init__(self, path: Path) -> None:
        self._handle = open(path, "rb")  # noqa: SIM115 - kept open for the process, like reportlab's bytes
        self._size = os.fstat(self._handle.fileno()).st_size
        self._blocks: dict[int, bytes] = {}
        self._lock = threading.Lock()
        self.path = path
        _open_files.add(self)

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.close()

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int):
            index = key + self._size if key < 0 else key
            if not 0 <= index < self._size:
                raise IndexError("index out of range")
            return self._read(index, 1)[0]
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("只支持连续切片")
        start, stop, _step = key.indices(self._size)
        return self._read(start, max(0, stop - start))

    def _read(self, start: int, size: int) -> bytes:
        if size <= 0:
            return b""
        with self._lock:
            first, last = start // self.BLOCK, (start + size - 1) // self.BLOCK
            if last - first > 1:  # a table or a large glyph: straight from the file
                return self._read_at(start, size)
            data = b"".join(self._block(number) for number in range(first, last + 1))
            offset = start - first * self.BLOCK
            return data[offset:offset + size]

    def _read_at(self, offset: int, size: int) -> bytes:
        """Read at an offset without moving the file's position where the system allows: a process
        forked after the fonts were loaded (the fuzzer, a process pool) shares that position with its
        parent and siblings, and seek-then-read there reads another process's bytes."""
        if hasattr(os, "pread"):
            parts = []
            while size > 0:
                part = os.pread(self._handle.fileno(), size, offset)
                if not part:
                    break
                parts.append(part)
                offset, size = offset + len(part), size - len(part)
            return b"".join(parts)
        self._handle.seek(offset)  # Windows: no fork, and the lock is held
        return self._handle.read(size)

    def _block(self, number: int) -> bytes:
        block = self._blocks.pop(number, None)
        if block is None:
            block = self._read_at(number * self.BLOCK, self.BLOCK)
            if len(self._blocks) >= self.BLOCKS:
                del self._blocks[next(iter(self._blocks))]  # the least recently used
        self._blocks[number] = block
        return block


#: Every FileBytes, so that a forked child gets unlocked locks (a thread of the parent may have held one).
_open_files: weakref.WeakSet[FileBytes] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()
    for each in list(_open_files):
        each._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def fingerprint(path: Path) -> str:
    """What the parsed-tables cache of a bundled font is keyed by: sha256 of the file's size, first and
    last 64 KiB (the table directory with every table's checksum, head, the cmap's start; the end of
    glyf). Hashing all 24 MB of the four faces took 35 ms of every process; the cache's content is
    checked against the font itself anyway (export/font_tables.py)."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        sha.update(str(size).encode("ascii"))
        sha.update(handle.read(_EDGE))
        if size > 2 * _EDGE:
            handle.seek(size - _EDGE)
        sha.update(handle.read(_EDGE))
    return sha.hexdigest()


def crc_of_file(path: Path) -> int:
    """The CRC-32 of the file, read in chunks."""
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def expected_content(packed: Path) -> tuple[int, int] | None:
    """(CRC-32, size mod 2**32) of a packed file's content: the manifest's for NAME.xz, the gzip trailer's
    for NAME.gz; None when not known (the face is then read into memory, unverified copies never used)."""
    if packed.suffix == ".gz":
        return gzip_trailer(packed)
    try:
        entry = json.loads((packed.parent / MANIFEST).read_text(encoding="utf-8")).get(packed.stem)
        crc, size = entry["crc32"], entry["size"]
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        return None
    if not (isinstance(crc, int) and isinstance(size, int)):
        return None
    return crc, size % 2**32


def gzip_trailer(packed: Path) -> tuple[int, int] | None:
    """(CRC-32, size mod 2**32) of the content, from the last eight bytes of a one-member gzip file."""
    try:
        with open(packed, "rb") as handle:
            handle.seek(-8, os.SEEK_END)
            crc, size = struct.unpack("<II", handle.read(8))
    except (OSError, struct.error):
        return None
    return crc, size


def unpacked_copy(packed: Path) -> tuple[Path, str] | None:
    """The cached unpacked copy of a bundled NAME.ttf.xz (or .gz) and its fingerprint, made or remade when
    missing or not matching the expected size and CRC-32; None when it cannot be had (the folder is not
    writable, the disk is full, the packed file is damaged, nothing says what it holds)."""
    expected = expected_content(packed)
    if expected is None:
        return None
    crc, size = expected
    target = fonts_cache_dir() / f"{packed.stem}.{crc:08x}.{size}"
    with _lock:
        digest = _digest_if_matching(target, crc, size)
        if digest is not None:
            return target, digest
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _unpack(packed, target)
        except UNPACK_ERRORS:
            return None
        digest = _digest_if_matching(target, crc, size)
        return (target, digest) if digest is not None else None


def _digest_if_matching(target: Path, crc: int, size: int) -> str | None:
    """The copy's fingerprint if its size and CRC-32 are the expected ones (a damaged or stale copy is
    unpacked again: this is the one full read of the file per process)."""
    try:
        if target.stat().st_size % 2**32 != size or crc_of_file(target) != crc:
            return None
        return fingerprint(target)
    except OSError:
        return None


def _unpack(packed: Path, target: Path) -> None:
    """Streams the content to a temporary file beside `target` and renames it into place, so that a
    reader never sees half a font and the process never holds the whole of it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out, open_packed(packed) as source:
            while chunk := source.read(_CHUNK):
                out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def font_file(path: Path) -> tuple[Path, str] | None:
    """The file to read a bundled font from and its fingerprint: the file itself, else the unpacked
    copy of NAME.ttf.xz or .gz; None when neither can be had."""
    if path.exists():
        try:
            return path, fingerprint(path)
        except OSError:
            return None
    packed = packed_path(path)
    return unpacked_copy(packed) if packed is not None else None


def bundled_font(path: Path) -> tuple[FileBytes, str] | None:
    """A bundled font's bytes, read on demand from the font or its unpacked copy, and its fingerprint;
    None when neither can be opened (then the font is read into memory)."""
    found = font_file(path)
    if found is None:
        return None
    try:
        return FileBytes(found[0]), found[1]
    except OSError:
        return None
