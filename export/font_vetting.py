"""Sanity checks of a TrueType file before reportlab reads it: bounded memory and time, whatever the bytes.

reportlab's loader (reportlab/pdfbase/ttfonts.py: TTFontFile.extractInfo at load, makeSubset at
export) trusts the file. It loops over every character of every cmap range (a changed count of
format-4 segments made it build lists of billions of entries), indexes its glyph lists by the glyph
ids it reads from the cmap, `loca` and composite glyphs (IndexError in the middle of an export),
reads tables where the directory says they are, and divides by unitsPerEm. `check_sfnt` reads the
values reportlab will trust, exactly where reportlab reads them, quirks included (which cmap subtable
it picks, how it reads formats 6 and 10), and refuses the font when one is out of range, in time and
memory linear in the size of the file. Where reportlab copes with a sloppy value it is not refused.

Pure standard library: the checks run before reportlab sees the file.
"""

from __future__ import annotations

import struct
from itertools import pairwise

__all__ = ["MAX_MAPPED_CHARACTERS", "FontDamage", "check_sfnt"]

#: reportlab keeps three dictionaries entries per mapped character (~200 bytes): a font mapping more
#: than this is refused. Unicode 15.1 assigns ~150,000 characters; real fonts map far fewer.
MAX_MAPPED_CHARACTERS = 200_000
#: Widest plausible glyphs, in ems: the median of the advance widths, and any one of them.
MAX_MEDIAN_ADVANCE_EM = 3
MAX_ADVANCE_EM = 16
#: The tables reportlab reads (OS/2 is optional to it).
_REQUIRED = ("head", "hhea", "maxp", "post", "name", "cmap", "hmtx", "loca", "glyf")
_HEAD_MAGIC = 0x5F0F3CF5
_TRUETYPE = (0x00010000, 0x74727565)  # 1.0 and "true"
_COLLECTION_VERSIONS = (0x00010000, 0x00020000)
# Composite glyph flags (the values reportlab's makeSubset reads).
_ARGS_ARE_WORDS, _HAS_SCALE, _MORE_COMPONENTS, _HAS_XY_SCALE, _HAS_TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80


class FontDamage(ValueError):
    """What is wrong with a font file: one Chinese phrase, without the file's name."""


def _unpack(fmt: str, data: bytes, at: int) -> tuple:
    return struct.unpack_from(fmt, data, at)


class _Sfnt:
    """The table directory of one font of a file (of a collection, a .ttc, by index)."""

    def __init__(self, data: bytes, subfont_index: int) -> None:
        self.data = data
        size = len(data)
        if size < 12:
            raise FontDamage("文件太短，不是完整的字体")
        start = 0
        if data[:4] == b"ttcf":
            version, count = _unpack(">II", data, 4)
            if version not in _COLLECTION_VERSIONS:
                raise FontDamage(f"字体集的版本号 {version:#010x} 无法识别")
            if 12 + 4 * count > size:
                raise FontDamage("字体集的字体数超出文件范围")
            if not 0 <= subfont_index < count:
                raise FontDamage(f"字体集中没有第 {subfont_index} 个字体")
            (start,) = _unpack(">I", data, 12 + 4 * subfont_index)
            if start + 12 > size:
                raise FontDamage("字体集中字体的位置超出文件范围")
        version, num_tables = _unpack(">IH", data, start)
        if version not in _TRUETYPE:
            raise FontDamage("不是 TrueType 轮廓字体")
        if start + 12 + 16 * num_tables > size:
            raise FontDamage("表目录超出文件范围")
        self.tables: dict[str, tuple[int, int]] = {}
        for i in range(num_tables):
            raw_tag, _checksum, offset, length = _unpack(">4sIII", data, start + 12 + 16 * i)
            tag = raw_tag.decode("latin-1")
            if offset + length > size:
                raise FontDamage(f"{tag.strip()} 表超出文件范围")
            self.tables[tag] = (offset, length)
        for tag in _REQUIRED:
            if tag not in self.tables:
                raise FontDamage(f"缺少 {tag} 表")

    def table(self, tag: str, minimum: int) -> tuple[int, int]:
        """(offset, length) of a table at least `minimum` bytes long."""
        offset, length = self.tables[tag]
        if length < minimum:
            raise FontDamage(f"{tag.strip()} 表不完整")
        return offset, length

    def u16(self, at: int) -> int:
        return _unpack(">H", self.data, at)[0]


def check_sfnt(data: bytes, subfont_index: int = 0) -> None:
    """Raise FontDamage unless reportlab can load font `subfont_index` of `data` (a .ttf or .ttc file)
    and subset any of its glyphs in bounded memory and time."""
    try:
        font = _Sfnt(data, subfont_index)
        num_glyphs, long_offsets = _check_headers(font)
        _check_name(font)
        _check_metrics(font, num_glyphs)
        offsets = _check_loca(font, num_glyphs, long_offsets)
        _check_glyphs(font, num_glyphs, offsets)
        _check_cmap(font, num_glyphs)
    except struct.error as error:  # a read past the end: every read above is meant to be bounds-checked
        raise FontDamage("文件不完整") from error


def _check_headers(font: _Sfnt) -> tuple[int, bool]:
    """head, OS/2, post, maxp and hhea as reportlab reads them; (numGlyphs, whether loca is long)."""
    head, _ = font.table("head", 54)
    major, _minor, _revision, _checksum, magic = _unpack(">HHIII", font.data, head)
    units_per_em = font.u16(head + 18)
    index_to_loc_format, glyph_data_format = _unpack(">hh", font.data, head + 50)
    if major != 1 or magic != _HEAD_MAGIC:
        raise FontDamage("head 表已损坏")
    if not 16 <= units_per_em <= 16384:  # reportlab divides by it
        raise FontDamage(f"head 表的每 em 单位数 {units_per_em} 不合理")
    if index_to_loc_format not in (0, 1) or glyph_data_format != 0:
        raise FontDamage("head 表的字形数据格式无法识别")
    if "OS/2" in font.tables:  # 68 bytes: the first version, as old Mac fonts have it
        os2, length = font.table("OS/2", 68)
        if font.u16(os2) > 1 and length < 90:  # reportlab reads sCapHeight from version 2 on
            raise FontDamage("OS/2 表不完整")
    post, _ = font.table("post", 32)
    if font.u16(post) not in (1, 2, 3, 4):
        raise FontDamage("post 表的版本号无法识别")
    maxp, _ = font.table("maxp", 6)
    if font.u16(maxp) != 1:
        raise FontDamage("maxp 表的版本号无法识别（不是 TrueType 轮廓字体）")
    num_glyphs = font.u16(maxp + 4)
    if num_glyphs == 0:
        raise FontDamage("maxp 表的字形数为 0")
    hhea, _ = font.table("hhea", 36)
    if font.u16(hhea) != 1 or font.u16(hhea + 32) != 0:
        raise FontDamage("hhea 表已损坏")
    return num_glyphs, index_to_loc_format == 1


def _check_name(font: _Sfnt) -> None:
    name, length = font.table("name", 6)
    name_format, count = _unpack(">HH", font.data, name)
    if name_format != 0:
        raise FontDamage(f"name 表的格式 {name_format} 无法识别")
    if 6 + 12 * count > length:
        raise FontDamage("name 表的记录超出表的范围")


def _check_metrics(font: _Sfnt, num_glyphs: int) -> None:
    hhea, _ = font.tables["hhea"]
    metrics = font.u16(hhea + 34)  # numberOfHMetrics
    if not 1 <= metrics <= num_glyphs:
        raise FontDamage(f"hhea 表的水平度量数 {metrics} 与字形数 {num_glyphs} 不符")
    hmtx, length = font.tables["hmtx"]
    if length < 4 * metrics + 2 * (num_glyphs - metrics):
        raise FontDamage("hmtx 表短于字形数所需的长度")
    # Not reportlab's concern but the layout's: glyphs many ems wide (a changed unitsPerEm or advance)
    # make table cells taller than a page. Real fonts: a median of at most 1 em, no glyph over 4 em.
    units_per_em = font.u16(font.tables["head"][0] + 18)
    advances = sorted(_unpack(f">{2 * metrics}H", font.data, hmtx)[::2])
    if advances[len(advances) // 2] > MAX_MEDIAN_ADVANCE_EM * units_per_em or (
            advances[-1] > MAX_ADVANCE_EM * units_per_em):
        raise FontDamage("hmtx 表的字形宽度不合理")


def _check_loca(font: _Sfnt, num_glyphs: int, long_offsets: bool) -> tuple[int, ...]:
    """The glyph offsets into `glyf`: ascending, within the table (makeSubset slices by them)."""
    loca, length = font.tables["loca"]
    if length < (num_glyphs + 1) * (4 if long_offsets else 2):
        raise FontDamage("loca 表短于字形数所需的长度")
    offsets = _unpack(f">{num_glyphs + 1}{'I' if long_offsets else 'H'}", font.data, loca)
    if not long_offsets:
        offsets = tuple(2 * offset for offset in offsets)
    if any(a > b for a, b in pairwise(offsets)):
        raise FontDamage("loca 表的字形位置不是递增的")
    if offsets[-1] > font.tables["glyf"][1]:
        raise FontDamage("loca 表的字形位置超出 glyf 表的范围")
    return offsets


def _check_glyphs(font: _Sfnt, num_glyphs: int, offsets: tuple[int, ...]) -> None:
    """Every glyph has its header, and every component of a composite glyph is within the glyph and
    names an existing glyph (makeSubset follows them)."""
    data = font.data
    glyf, _ = font.tables["glyf"]
    for glyph, (start, end) in enumerate(pairwise(offsets)):
        if start == end:
            continue  # an empty glyph (a space)
        if end - start < 10:
            raise FontDamage(f"glyf 表中第 {glyph} 个字形不完整")
        if data[glyf + start] < 0x80:
            continue  # numberOfContours >= 0: a simple glyph, whose outline reportlab copies unread
        at, end = glyf + start + 10, glyf + end
        flags = _MORE_COMPONENTS
        while flags & _MORE_COMPONENTS:
            if at + 4 > end:
                raise FontDamage(f"glyf 表中第 {glyph} 个复合字形超出字形数据")
            flags, component = _unpack(">HH", data, at)
            if component >= num_glyphs:
                raise FontDamage(f"glyf 表中第 {glyph} 个复合字形引用了不存在的字形 {component}")
            at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
            at += 2 if flags & _HAS_SCALE else 4 if flags & _HAS_XY_SCALE else 8 if flags & _HAS_TWO_BY_TWO else 0
            if at > end:
                raise FontDamage(f"glyf 表中第 {glyph} 个复合字形超出字形数据")


# --- cmap ------------------------------------------------------------------------------------


def _check_cmap(font: _Sfnt, num_glyphs: int) -> None:
    """Every subtable within the table; the one reportlab uses, checked as reportlab reads it."""
    cmap, length = font.table("cmap", 4)
    version, count = _unpack(">HH", font.data, cmap)
    if count == 0 and version != 0:  # reportlab reads the two fields swapped in that case
        count = version
    if 4 + 8 * count > length:
        raise FontDamage("cmap 表的子表目录超出表的范围")
    chosen, chosen_kind = None, 0
    for i in range(count):
        platform, encoding, offset = _unpack(">HHI", font.data, cmap + 4 + 8 * i)
        _subtable_length(font, cmap, length, offset)
        # reportlab's choice: the last Windows subtable, else Unicode, else Mac Roman.
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, chosen_kind = offset, 1
        elif platform == 1 and encoding == 0 and chosen_kind != 1:
            chosen, chosen_kind = offset, 2
    if chosen is None:
        raise FontDamage("cmap 表中没有可用的字符映射")
    _check_subtable(font, cmap + chosen, cmap + length, num_glyphs)


def _subtable_length(font: _Sfnt, cmap: int, table_length: int, offset: int) -> int:
    """The length of the subtable at `offset` (from the start of cmap), which must fit the table."""
    if offset + 4 > table_length:
        raise FontDamage("cmap 表的子表超出表的范围")
    fmt = font.u16(cmap + offset)
    if fmt in (8, 10, 12, 13, 14):
        if offset + 8 > table_length:
            raise FontDamage("cmap 表的子表超出表的范围")
        (length,) = _unpack(">I", font.data, cmap + offset + (2 if fmt == 14 else 4))
    else:
        length = font.u16(cmap + offset + 2)
    if offset + length > table_length:
        raise FontDamage(f"cmap 表中格式 {fmt} 的子表超出表的范围")
    return length


def _check_subtable(font: _Sfnt, at: int, table_end: int, num_glyphs: int) -> None:
    """The subtable reportlab maps characters with: its arrays within the table, its character
    ranges sorted and not overlapping (reportlab loops over each), its glyph ids < numGlyphs."""
    data = font.data
    fmt = font.u16(at)

    def need(end: int) -> None:
        if end > table_end:
            raise FontDamage(f"cmap 表中格式 {fmt} 的子表超出表的范围")

    def glyphs_exist(last_glyph: int) -> None:
        if last_glyph >= num_glyphs:
            raise FontDamage(f"cmap 表映射到不存在的字形 {last_glyph}（字体只有 {num_glyphs} 个字形）")

    if fmt == 0:
        length = font.u16(at + 2)
        mapped = min(256, num_glyphs, max(0, length - 6))
        need(at + 6 + mapped)
        if mapped:
            glyphs_exist(max(data[at + 6: at + 6 + mapped]))
    elif fmt == 4:
        need(at + 14)
        _check_format4(font, at, table_end, num_glyphs)
    elif fmt in (6, 10):
        # reportlab reads the array as characters and numbers the glyphs from firstCode on.
        header = 10 if fmt == 6 else 20
        need(at + header)
        first, count = _unpack(">HH", data, at + 6) if fmt == 6 else _unpack(">II", data, at + 12)
        need(at + header + 2 * count)
        if count:
            glyphs_exist(first + count - 1)
    elif fmt in (12, 13):
        need(at + 16)
        (groups,) = _unpack(">I", data, at + 12)
        if groups > MAX_MAPPED_CHARACTERS:
            raise FontDamage(f"cmap 表的字符区段数 {groups} 不合理")
        need(at + 16 + 12 * groups)
        values = _unpack(f">{3 * groups}I", data, at + 16)
        previous_end, total = -1, 0
        for start, end, glyph in zip(values[::3], values[1::3], values[2::3], strict=True):
            if start > end or start <= previous_end:
                raise FontDamage("cmap 表的字符区段重叠或未按顺序排列")
            total += end - start + 1
            if total > MAX_MAPPED_CHARACTERS:
                raise FontDamage(f"cmap 表映射的字符超过 {MAX_MAPPED_CHARACTERS} 个")
            glyphs_exist(glyph + (end - start if fmt == 12 else 0))
            previous_end = end
    else:  # format 2 (reportlab reads it past the subtable), 8, 14 …: reportlab cannot map with it
        raise FontDamage(f"cmap 子表格式 {fmt} 不受支持")


def _check_format4(font: _Sfnt, at: int, table_end: int, num_glyphs: int) -> None:
    data = font.data
    limit = at + font.u16(at + 2)  # reportlab's end of the subtable: glyph ids past it read as 0
    segments = font.u16(at + 6) // 2
    if at + 16 + 8 * segments > table_end:
        raise FontDamage("cmap 表的字符区段数组超出表的范围")
    ends = _unpack(f">{segments}H", data, at + 14)
    starts = _unpack(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = _unpack(f">{segments}H", data, at + 16 + 4 * segments)
    range_offsets_at = at + 16 + 6 * segments
    range_offsets = _unpack(f">{segments}H", data, range_offsets_at)
    previous_end = -1
    for n in range(segments):
        start, end, delta, range_offset = starts[n], ends[n], deltas[n], range_offsets[n]
        if start > end:
            continue  # reportlab maps nothing for it
        if start <= previous_end:
            raise FontDamage("cmap 表的字符区段重叠或未按顺序排列")
        previous_end = end
        if range_offset == 0:
            first = (start + delta) & 0xFFFF
            last = first + end - start  # past 0xFFFF the ids wrap through 0xFFFF, never a glyph
            if last >= num_glyphs:
                raise FontDamage(f"cmap 表映射到不存在的字形（字体只有 {num_glyphs} 个字形）")
            continue
        first_at = range_offsets_at + 2 * n + range_offset
        inside = min(end - start + 1, max(0, (limit - first_at + 1) // 2))
        if first_at + 2 * inside > len(data):
            raise FontDamage("cmap 表的字形索引超出文件范围")
        ids = _unpack(f">{inside}H", data, first_at)
        if any(glyph and (glyph + delta) & 0xFFFF >= num_glyphs for glyph in ids):
            raise FontDamage(f"cmap 表映射到不存在的字形（字体只有 {num_glyphs} 个字形）")
