"""A zip member's content inflated in bounded chunks, checked against its declared size and CRC as it
goes: what both untrusted-archive readers (a workbook, importing/xlsx_parts.py; a Word document,
importing/document_safety.py) use, so that a part that lies about its size is stopped early and a
zip bomb is never inflated whole. Each caller says how its refusals read (`damaged`)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator

#: Stored bytes fed to the inflater at a time, and the most one inflater call may produce.
INPUT_CHUNK = 64 * 1024
OUTPUT_CHUNK = 256 * 1024

Damaged = Callable[[str], Exception]


def short(name: str) -> str:
    return name[:60]


def inflate(data: bytes, info: zipfile.ZipInfo, damaged: Damaged) -> Iterator[bytes]:
    """The content of the part `info` describes, in chunks of at most OUTPUT_CHUNK bytes; `damaged(detail)`
    is raised when it is not what the headers say. `data` is the whole archive (`info` from a ZipFile over it)."""
    stored = _stored_bytes(data, info, damaged)
    chunks = (_stored_chunks(stored) if info.compress_type == zipfile.ZIP_STORED
              else _inflated_chunks(stored, info, damaged))
    total = 0
    crc = 0
    for chunk in chunks:
        total += len(chunk)
        if total > info.file_size:
            raise damaged(f"“{short(info.filename)}”解压后超过其声明的大小 {info.file_size} 字节，疑似被篡改")
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if total != info.file_size:
        raise damaged(f"“{short(info.filename)}”解压后的大小与声明的大小不符")
    if crc != info.CRC:
        raise damaged(f"“{short(info.filename)}”的校验值不符")


def _stored_bytes(data: bytes, info: zipfile.ZipInfo, damaged: Damaged) -> memoryview:
    """The bytes stored for the entry, located as zipfile locates them (its local header)."""
    start = info.header_offset
    header = data[start:start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise damaged(f"“{short(info.filename)}”的文件头无效")
    name_length = int.from_bytes(header[26:28], "little")
    extra_length = int.from_bytes(header[28:30], "little")
    begin = start + 30 + name_length + extra_length
    stored = memoryview(data)[begin:begin + info.compress_size]
    if len(stored) < info.compress_size:
        raise damaged(f"“{short(info.filename)}”不完整，文件可能在下载或复制时被截断")
    return stored


def _stored_chunks(stored: memoryview) -> Iterator[bytes]:
    for start in range(0, len(stored), OUTPUT_CHUNK):
        yield bytes(stored[start:start + OUTPUT_CHUNK])


def _inflated_chunks(stored: memoryview, info: zipfile.ZipInfo, damaged: Damaged) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = 0
    pending = b""
    while True:
        if not pending and position < len(stored):
            pending = bytes(stored[position:position + INPUT_CHUNK])
            position += len(pending)
        try:
            # max_length bounds what one call may produce, whatever the stored bytes say.
            chunk = inflater.decompress(pending, OUTPUT_CHUNK)
        except zlib.error:
            raise damaged(f"“{short(info.filename)}”的压缩数据无法解开") from None
        progress = bool(chunk) or len(inflater.unconsumed_tail) < len(pending)
        pending = inflater.unconsumed_tail
        if chunk:
            yield chunk
        if inflater.eof or (not progress and position >= len(stored)):
            return  # a stream without its end mark is judged by size and CRC
