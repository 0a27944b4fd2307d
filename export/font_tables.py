"""reportlab's parsed font tables, kept compact and cached between processes.

reportlab's TTFontFace parses a font's cmap, metrics and glyph offsets into Python lists and dicts:
for the bundled serif face (30,928 characters, 65,535 glyphs) ~100 ms in every process that prints
and ~15 MB, a third of it a glyph → characters index only text shaping reads (nianbao never shapes).
This module makes that face

- compact: the per-glyph tables (`hmetrics`, `glyphPos`, read only when a PDF's font subset is made)
  become views that read the font's own hmtx and loca tables on demand, and the shaping index is left
  empty (the shaper, were it ever used, adds what it needs);
- cached: what the parse found (the character → glyph map and the face's scalar fields) is stored in
  the cache folder under the font's digest (the sha256 of a user's vetted font; for a bundled face a
  fingerprint, export/font_store.fingerprint), the subfont index and reportlab's version, as a
  JSON header and two arrays of little-endian 32-bit integers. Plain data, never pickle: the folder is
  not trusted. A file that is short, long, of another version or whose fields are not what this code
  writes is ignored and written again from a fresh parse.

The cached face must equal a parsed one field for field (tests/test_font_tables.py compares them for
the bundled faces and for reportlab's own, 2048-unit fonts), so a reportlab upgrade that adds a field
fails that test rather than drawing differently.
"""

from __future__ import annotations

import array
import json
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

from export.font_store import FileBytes, fonts_cache_dir
from model.atomicfile import write_atomic

#: A font's bytes: read from its file on demand (export/font_store.py), or the bytes themselves.
FontData: TypeAlias = bytes | FileBytes

FORMAT = 1
MAGIC = b"NBFONTTABLES\n"
#: Fields rebuilt rather than stored: the bytes, the scaling function, the per-character and per-glyph
#: tables (stored as arrays, or read from the font itself).
_REBUILT = frozenset({"_ttf_data", "_pdfScale", "charToGlyph", "glyphToChar", "charWidths", "hmetrics",
                      "glyphPos"})
_MAX_HEADER = 1 << 20
_MAX_CODES = 1 << 21  # more than Unicode has


class LazyHMetrics:
    """`face.hmetrics[glyph]` as reportlab's parse builds it, read from the hmtx table on demand:
    (advance, left side bearing) in font units for the first numberOfHMetrics glyphs; for the rest,
    the last advance *scaled* to 1000 units, and the bearing (the quirk is reportlab's, kept exactly)."""

    def __init__(self, hmtx: bytes, full: int, glyphs: int, scale: Callable[[int], Any]) -> None:
        self._data, self._full, self._glyphs, self._scale = hmtx, full, glyphs, scale

    def __len__(self) -> int:
        return self._glyphs

    def __getitem__(self, glyph: int) -> tuple[Any, int]:
        if not 0 <= glyph < self._glyphs:
            raise IndexError(glyph)
        if glyph < self._full:
            advance, bearing = struct.unpack_from(">HH", self._data, 4 * glyph)
            return advance, bearing
        (last,) = struct.unpack_from(">H", self._data, 4 * (self._full - 1))
        (bearing,) = struct.unpack_from(">H", self._data, 4 * self._full + 2 * (glyph - self._full))
        return self._scale(last), bearing

    def advance(self, glyph: int) -> int:
        """The advance in font units (unscaled) of a glyph."""
        (value,) = struct.unpack_from(">H", self._data, 4 * min(glyph, self._full - 1))
        return int(value)


class LazyGlyphPositions:
    """`face.glyphPos[glyph]`: the glyph's offset in the glyf table, from the loca table on demand."""

    def __init__(self, loca: bytes, long_format: bool, glyphs: int) -> None:
        self._data, self._long, self._count = loca, long_format, glyphs + 1

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._count:
            raise IndexError(index)
        if self._long:
            return int(struct.unpack_from(">L", self._data, 4 * index)[0])
        return int(struct.unpack_from(">H", self._data, 2 * index)[0]) << 1


class TableSlice:
    """A table of the font as the subsetter slices it (`glyphData[start:end]`), reading only the slices
    asked for: reportlab copies the whole glyf table (13 MB for the serif face) for every subset made."""

    def __init__(self, data: FontData, offset: int, length: int) -> None:
        self._data, self._offset, self._length = data, offset, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, part: slice) -> bytes:
        if not isinstance(part, slice) or part.step not in (None, 1):
            raise TypeError("只支持连续切片")
        start, stop, _step = part.indices(self._length)
        return bytes(self._data[self._offset + start:self._offset + max(start, stop)])


def _ushort(data: bytes, offset: int) -> int:
    return int(struct.unpack_from(">H", data, offset)[0])


def compact(face: Any) -> None:
    """Replaces the face's per-glyph tables by views over its font data (see the module docstring)."""
    full = _ushort(face.get_table("hhea"), 34)  # numberOfHMetrics
    long_loca = _ushort(face.get_table("head"), 50) == 1  # indexToLocFormat
    # hmtx and loca in memory (256 KB each for the serif face): read glyph by glyph, they are too slow
    face.hmetrics = LazyHMetrics(face.get_table("hmtx"), full, face.numGlyphs, face._pdfScale)
    face.glyphPos = LazyGlyphPositions(face.get_table("loca"), long_loca, face.numGlyphs)
    face.glyphToChar = {}
    whole_table = face.get_table
    glyf = face.table["glyf"]
    glyf_slice = TableSlice(face._ttf_data, int(glyf["offset"]), int(glyf["length"]))

    def get_table(tag: str) -> Any:
        return glyf_slice if tag == "glyf" else whole_table(tag)

    face.get_table = get_table  # the instance's own, before the class's


def _scale_for(units_per_em: int) -> Callable[[int], Any]:
    """reportlab's own scaling to 1000 units (ttfonts.TTFontFile.extractInfo), the same arithmetic."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


# --- the cache file ------------------------------------------------------------------------------

def _reportlab_version() -> str:
    from reportlab import Version

    return str(Version)


def cache_path(digest: str, subfont_index: int) -> Path:
    return fonts_cache_dir() / f"tables-{digest[:40]}-{subfont_index}-rl{_reportlab_version()}.bin"


def _encode(value: Any) -> Any:
    """A face field as tagged JSON; TypeError for anything this format does not know."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return {"num": value}
    if isinstance(value, TTFNameBytes):
        return {"name": value.ustr}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, tuple):
        return {"tuple": [_encode(item) for item in value]}
    if isinstance(value, list):
        return {"list": [_encode(item) for item in value]}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"dict": {key: _encode(item) for key, item in value.items()}}
    raise TypeError(type(value).__name__)


def _decode(value: Any) -> Any:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if value is None or isinstance(value, bool | str):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError("不是本程序写的字段")
    ((tag, item),) = value.items()
    if tag == "num" and isinstance(item, int | float) and not isinstance(item, bool):
        return item
    if tag == "name" and isinstance(item, str):
        return TTFNameBytes(item.encode("utf-8"))
    if tag == "bytes" and isinstance(item, str):
        return bytes.fromhex(item)
    if tag in ("tuple", "list") and isinstance(item, list):
        items = [_decode(element) for element in item]
        return tuple(items) if tag == "tuple" else items
    if tag == "dict" and isinstance(item, dict):
        return {str(key): _decode(element) for key, element in item.items()}
    raise ValueError("不是本程序写的字段")


def _as_uint32(values: list[int]) -> bytes:
    packed = array.array("I", values)
    if packed.itemsize != 4:
        packed = array.array("L", values)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _from_uint32(data: bytes) -> list[int]:
    code = "I" if array.array("I").itemsize == 4 else "L"
    packed = array.array(code)
    packed.frombytes(data)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tolist()


def encode_face(face: Any, digest: str, subfont_index: int) -> bytes:
    """The cache file for a freshly parsed face; TypeError if a field is of a kind not stored."""
    fields = {key: _encode(value) for key, value in face.__dict__.items() if key not in _REBUILT}
    codes = list(face.charToGlyph)
    header = {"format": FORMAT, "reportlab": _reportlab_version(), "digest": digest, "subfont": subfont_index,
              "characters": len(codes), "fields": fields}
    head = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    glyphs = [face.charToGlyph[code] for code in codes]
    return MAGIC + struct.pack("<I", len(head)) + head + _as_uint32(codes) + _as_uint32(glyphs)


def decode_face(blob: bytes, digest: str, subfont_index: int) -> tuple[dict[str, Any], dict[int, int]]:
    """(the face's scalar fields, its character → glyph map) from a cache file; ValueError for a file
    that is not exactly what encode_face writes for this font, subfont and reportlab."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise ValueError("文件头不符")
    (head_length,) = struct.unpack_from("<I", blob, len(MAGIC))
    start = len(MAGIC) + 4
    if head_length > _MAX_HEADER or start + head_length > len(blob):
        raise ValueError("文件头长度不符")
    header = json.loads(blob[start:start + head_length])
    if not isinstance(header, dict) or (header.get("format"), header.get("reportlab"), header.get("digest"),
                                        header.get("subfont")) != (FORMAT, _reportlab_version(), digest,
                                                                   subfont_index):
        raise ValueError("版本或字体不符")
    count = header.get("characters")
    fields = header.get("fields")
    if not isinstance(count, int) or not 0 <= count <= _MAX_CODES or not isinstance(fields, dict):
        raise ValueError("字段不符")
    body = start + head_length
    if len(blob) != body + 8 * count:
        raise ValueError("长度不符")
    codes = _from_uint32(blob[body:body + 4 * count])
    glyphs = _from_uint32(blob[body + 4 * count:])
    decoded = {str(key): _decode(value) for key, value in fields.items()}
    for needed in ("numGlyphs", "unitsPerEm", "defaultWidth", "table", "name"):
        if needed not in decoded:
            raise ValueError(f"缺少字段 {needed}")
    if not isinstance(decoded["numGlyphs"], int) or not isinstance(decoded["unitsPerEm"], int) \
            or decoded["unitsPerEm"] <= 0 or max(glyphs, default=0) >= 1 << 16:
        raise ValueError("数值不符")
    return decoded, dict(zip(codes, glyphs, strict=True))


def read_cached(digest: str, subfont_index: int) -> tuple[dict[str, Any], dict[int, int]] | None:
    path = cache_path(digest, subfont_index)
    try:
        with open(path, "rb") as handle:
            blob = handle.read(_MAX_HEADER + 8 * _MAX_CODES + 64)
        return decode_face(blob, digest, subfont_index)
    except (OSError, ValueError, TypeError, KeyError, struct.error, RecursionError):
        return None  # absent, unreadable, damaged or stale: parsed again and rewritten


def write_cached(face: Any, digest: str, subfont_index: int) -> None:
    """Stores the face's tables; silently nothing when the folder cannot be written (only speed is lost)."""
    try:
        blob = encode_face(face, digest, subfont_index)
    except TypeError:
        return  # a field of a kind this format does not store: this font is parsed every time
    path = cache_path(digest, subfont_index)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, blob)
    except OSError:  # (WriteError is one)
        pass


def restored_face(fields: dict[str, Any], char_to_glyph: dict[int, int], data: FontData, filename: str) -> Any:
    """A TTFontFace from cached fields over the font's bytes, as a parse of them would have made it."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(fields)
    face._ttf_data = data
    face.filename = filename
    face._pdfScale = _scale_for(fields["unitsPerEm"])
    face.charToGlyph = char_to_glyph
    compact(face)
    face.charWidths = _char_widths(face)
    return face


def _char_widths(face: Any) -> dict[int, Any]:
    """reportlab's charWidths: each character's glyph's advance, scaled; glyphs beyond the font's
    count have none."""
    hmetrics: LazyHMetrics = face.hmetrics
    scale = face._pdfScale
    glyphs = face.numGlyphs
    full = hmetrics._full
    table = hmetrics._data
    if full <= 0 or len(table) < 4 * full:  # a broken hmtx: fails as reportlab's own reading does
        return {code: scale(hmetrics.advance(glyph)) for code, glyph in face.charToGlyph.items() if glyph < glyphs}
    pairs = array.array("H")  # (advance, bearing) per glyph, read all at once: 30,000 calls took 50 ms
    pairs.frombytes(bytes(table[:4 * full]))
    if sys.byteorder == "little":
        pairs.byteswap()  # the font is big-endian
    advances = pairs[0::2].tolist()
    if face.unitsPerEm != 1000:
        advances = [scale(advance) for advance in advances]
    last = advances[-1]  # the advance of every glyph after numberOfHMetrics
    return {code: advances[glyph] if glyph < full else last
            for code, glyph in face.charToGlyph.items() if glyph < glyphs}


# --- making the reportlab font -------------------------------------------------------------------

class _Source:
    """What reportlab's readFile takes as a file: `read()` hands it the bytes (or the FileBytes) as they are."""

    def __init__(self, data: FontData, name: str) -> None:
        self._data, self.name = data, name

    def read(self) -> FontData:
        return self._data


def make_font(name: str, data: FontData, digest: str, subfont_index: int, filename: str) -> Any:
    """The reportlab TTFont named `name` for the font bytes `data` (identified by `digest`): from the cached
    tables when they are there, else parsed by reportlab and cached. Whatever reportlab raises on a
    bad font comes through (font_files turns it into a FontFileError)."""
    from reportlab.pdfbase import ttfonts

    cached = read_cached(digest, subfont_index)
    if cached is not None and _agrees_with_font(*cached, data, subfont_index, filename):
        return _font_over(ttfonts, name, restored_face(*cached, data, filename))
    font = ttfonts.TTFont(name, _Source(data, filename), subfontIndex=subfont_index)  # and (re)cached
    write_cached(font.face, digest, subfont_index)
    compact(font.face)
    return font


def _agrees_with_font(fields: dict[str, Any], char_to_glyph: dict[int, int], data: FontData, subfont_index: int,
                      filename: str) -> bool:
    """Whether a cache file's table directory and glyph count are the font's own, and its glyphs within
    that count: the views over hmtx and loca and the subsetter then read inside the font whatever else
    a forged file says."""
    from reportlab.pdfbase.ttfonts import TTFontParser

    try:
        parser = TTFontParser(_Source(data, filename), validate=0, subfontIndex=subfont_index)
        maxp = int(parser.table["maxp"]["offset"])
        glyphs = _ushort(bytes(data[maxp:maxp + 6]), 4)
    except Exception:  # the same bytes will fail reportlab's parse, which reports it
        return False
    if parser.table != fields.get("table") or fields.get("numGlyphs") != glyphs:
        return False
    return max(char_to_glyph.values(), default=0) < glyphs


def _font_over(ttfonts: Any, name: str, face: Any) -> Any:
    """A TTFont as TTFont.__init__ makes it (reportlab 4.x/5.x), over a face already made.
    tests/test_font_tables.py compares its fields with a TTFont made the usual way."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config

    font = ttfonts.TTFont.__new__(ttfonts.TTFont)
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in ttfonts.unShapedFontGlob)
    return font
