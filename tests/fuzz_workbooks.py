"""Hostile and damaged workbooks made from good ones: the mutation logic of the workbook
fuzzer (tests/test_fuzz_workbooks.py runs it).

The sources (`sources`) are our own export of the sample report and the hand-made
workbooks of tests/xlsx. Each mutation family of `FAMILIES` takes a good workbook and a
seeded `random.Random` and returns damaged bytes, the same for the same seed: byte flips,
truncation, zip entries duplicated, sizes in the headers that lie (a part inflating to
hundreds of MB more than it declares, with the CRC of what it declares), XML parts with
garbage, many sheets, huge dimensions and row counts, deeply nested XML, control
characters and other odd text in strings. `build_zip` writes an archive byte by byte,
exactly with the headers its entries declare, which zipfile cannot be made to do.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- zip archives, byte by byte ----------------------------------------------------------------


@dataclass
class Entry:
    """One zip entry as written: its content and what its headers declare (None: the truth)."""

    name: str
    content: bytes
    method: int = zipfile.ZIP_DEFLATED
    #: The stored (compressed) bytes; the deflated content when None.
    raw: bytes | None = None
    crc: int | None = None
    file_size: int | None = None
    compress_size: int | None = None

    def stored(self) -> bytes:
        if self.raw is not None:
            return self.raw
        if self.method == zipfile.ZIP_STORED:
            return self.content
        return deflate(self.content)


def deflate(data: bytes, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def deflate_padded(head: bytes, padding: bytes, megabytes: int) -> bytes:
    """A raw deflate stream of `head` followed by `megabytes` MiB of `padding`, built in
    kilobytes: after a full flush the compressor starts afresh, so every MiB compresses alike."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    chunk = (padding * (1024 * 1024 // len(padding) + 1))[:1024 * 1024]
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    return start + block * megabytes + compressor.flush()


def read_entries(data: bytes) -> list[Entry]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [Entry(info.filename, archive.read(info), info.compress_type) for info in archive.infolist()]


def build_zip(entries: list[Entry]) -> bytes:
    """A zip archive with exactly the headers the entries declare (no zip64, no data descriptors)."""
    body = bytearray()
    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-8")
        raw = entry.stored()
        crc = zlib.crc32(entry.content) if entry.crc is None else entry.crc
        size = len(entry.content) if entry.file_size is None else entry.file_size
        packed = len(raw) if entry.compress_size is None else entry.compress_size
        fields = (20, 0x800, entry.method, 0, 0x21, crc & 0xFFFFFFFF, packed & 0xFFFFFFFF, size & 0xFFFFFFFF)
        offset = len(body)
        body += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, len(name), 0) + name + raw
        directory += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, len(name), 0, 0, 0, 0, 0,
                                 offset) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return bytes(body + directory + end)


def with_parts(data: bytes, replace: dict[str, bytes]) -> bytes:
    """`data` with some parts' content replaced (or added), headers truthful."""
    entries = read_entries(data)
    names = {entry.name for entry in entries}
    for entry in entries:
        if entry.name in replace:
            entry.content = replace[entry.name]
    entries += [Entry(name, content) for name, content in replace.items() if name not in names]
    return build_zip(entries)


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def xml_names(entries: list[Entry]) -> list[str]:
    return [e.name for e in entries if e.name.endswith((".xml", ".rels")) and e.content.lstrip()[:1] == b"<"]


def sheet_names(entries: list[Entry]) -> list[str]:
    return [e.name for e in entries if e.name.startswith("xl/worksheets/") and e.name.endswith(".xml")]


def entry(entries: list[Entry], name: str) -> Entry:
    return next(e for e in entries if e.name == name)


def insert_before_end(xml: bytes, extra: bytes) -> bytes:
    """`extra` just before the root element's end tag."""
    closing = xml.rstrip().rfind(b"</")
    return xml[:closing] + extra + xml[closing:] if closing > 0 else xml + extra


# --- the mutation families ------------------------------------------------------------------------------
# Each takes a good workbook and a seeded random generator and returns the damaged bytes.


def byte_flips(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 8))):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def truncation(data: bytes, rng: random.Random) -> bytes:
    cut = rng.choice((rng.randrange(len(data)), len(data) - rng.randrange(1, 200), rng.randrange(64)))
    return data[:max(cut, 0)]


def duplicate_entries(data: bytes, rng: random.Random) -> bytes:
    entries = read_entries(data)
    copy = rng.choice(entries)
    twin = Entry(copy.name, rng.choice((copy.content, b"", b"<x/>", copy.content[: len(copy.content) // 2])))
    entries.insert(rng.randrange(len(entries) + 1), twin)
    return build_zip(entries)


def lying_sizes(data: bytes, rng: random.Random) -> bytes:
    entries = read_entries(data)
    victim = rng.choice(entries)
    mode = rng.choice(("inflates beyond", "inflates beyond", "declares more", "declares less", "packed size",
                       "crc", "stored", "huge declared"))
    if mode == "inflates beyond":  # the attack: declares its content, inflates to hundreds of MB more
        victim.raw = deflate_padded(victim.content, rng.choice((b" ", b"\x00", b"<x/>")), rng.choice((1, 50, 500)))
        victim.crc, victim.file_size = zlib.crc32(victim.content), len(victim.content)
    elif mode == "declares more":
        victim.file_size = len(victim.content) + rng.choice((1, 1000, 10**6, 90 * 10**6))
    elif mode == "declares less":
        victim.file_size = rng.randrange(max(len(victim.content), 1))
    elif mode == "packed size":
        victim.compress_size = rng.randrange(len(victim.stored()) * 2 + 2)
    elif mode == "crc":
        victim.crc = rng.getrandbits(32)
    elif mode == "stored":
        victim.method = zipfile.ZIP_STORED
        victim.file_size = rng.randrange(len(victim.content) * 2 + 1)
    else:
        victim.file_size = rng.choice((2**31, 2**32 - 1, 150 * 2**20))
    return build_zip(entries)


GARBAGE = [b"<", b">", b"</c>", b"<c>", b"&", b"&#0;", b"&#x1F;", b"]]>", b"<![CDATA[", b"<?pi?>", b"\x00", b"\xff",
           b"\xc3", b'"', b"r=\"ZZZZ99999999\"", b'<c r="A1" t="s"><v>99999</v></c>', b'<c t="n"><v>x</v></c>',
           b'<c t="d"><v>99999-99</v></c>', b'<c t="b"><v>7</v></c>', b'<c t="e"><v>#X</v></c>',
           b'<c r="A1"><f>SUM(A1:XFD1048576)</f></c>', b'<row r="0"/>', b'<row r="99999999999"/>',
           b'<mergeCell ref="B2:A1"/>', b'<col min="5" max="1"/>', b"xmlns:q=\"\"", b"<q:x/>", b"\xef\xbb\xbf"]


def xml_garbage(data: bytes, rng: random.Random) -> bytes:
    entries = read_entries(data)
    victim = entry(entries, rng.choice(xml_names(entries)))
    content = bytearray(victim.content)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(content) + 1)
        if rng.random() < 0.5:
            junk = rng.choice(GARBAGE)
        else:
            junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        content[position:position + rng.choice((0, 0, 1, 8))] = junk
    victim.content = bytes(content)
    return build_zip(entries)


def many_sheets(data: bytes, rng: random.Random) -> bytes:
    entries = read_entries(data)
    count = rng.choice((2, 20, 50, 51, 500, 10_000, 100_000))
    rels = entry(entries, "xl/_rels/workbook.xml.rels")
    sheet_ids = re.findall(rb'Id="(rId\d+)"[^>]*worksheet', rels.content) or re.findall(rb'Id="(rId\d+)"', rels.content)
    chosen = [rng.choice(sheet_ids).decode() for _ in range(min(count, 50))]
    declared = "".join(f'<sheet name="表{i}" sheetId="{i + 1}" r:id="{chosen[i % len(chosen)]}"/>'
                       for i in range(count))
    workbook = entry(entries, "xl/workbook.xml")
    workbook.content = re.sub(rb"<sheets>.*</sheets>", f"<sheets>{declared}</sheets>".encode(), workbook.content,
                              flags=re.S)
    return build_zip(entries)


def huge_dimensions(data: bytes, rng: random.Random) -> bytes:
    entries = read_entries(data)
    victim = entry(entries, rng.choice(sheet_names(entries)))
    mode = rng.choice(("dimension", "far cell", "empty rows", "many cells", "merged", "links", "columns"))
    xml = victim.content
    if mode == "dimension":
        ref = rng.choice(("A1:XFD1048576", "A1:A1048576", "XFD1", "A0:B2", "A1:ZZZZ9999999"))
        xml = re.sub(rb"<dimension [^>]*/>", f'<dimension ref="{ref}"/>'.encode(), xml)
    elif mode == "far cell":
        ref, row = rng.choice((("XFD1048576", 1048576), ("A1048576", 1048576), ("XFD1", 1), ("AAA99999", 99999)))
        cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>一、本年新收政府信息公开申请数量</t></is></c></row>'
        xml = xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
    elif mode in ("empty rows", "many cells"):
        rows = rng.choice((1_000, 60_000, 100_001, 1_000_000))
        per_row = 1 if mode == "empty rows" else rng.choice((1, 10))
        start = 1000
        if mode == "empty rows":
            body = "".join(f'<row r="{r}"/>' for r in range(start, start + rows))
        else:
            body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFGHIJ"[:per_row])
                           + "</row>" for r in range(start, start + rows // per_row))
        xml = xml.replace(b"</sheetData>", body.encode() + b"</sheetData>")
    else:
        count = rng.choice((10, 1_000, 2_001))
        if mode == "merged":
            items = "".join(f'<mergeCell ref="K{r}:Z{r + 3}"/>' for r in range(2000, 2000 + 4 * count, 4))
            xml = insert_before_end(xml, f'<mergeCells count="{count}">{items}</mergeCells>'.encode())
        elif mode == "links":
            items = "".join(f'<hyperlink ref="K{r}:T{r + 5}" location="A1"/>' for r in range(2000, 2000 + count))
            xml = insert_before_end(xml, f"<hyperlinks>{items}</hyperlinks>".encode())
        else:
            items = "".join(f'<col min="{i}" max="{i + rng.choice((0, 16383))}" width="9"/>' for i in range(1, count))
            xml = re.sub(rb"<cols>.*?</cols>", b"", xml, flags=re.S).replace(
                b"<sheetData", f"<cols>{items}</cols><sheetData".encode(), 1)
    victim.content = xml
    return build_zip(entries)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    entries = read_entries(data)
    victim = entry(entries, rng.choice(xml_names(entries)))
    depth = rng.choice((20, 99, 101, 10_000, 1_000_000))
    tag = rng.choice(("x", "extLst", "r", "si", "row", "c", "sheetData"))
    victim.content = insert_before_end(victim.content, f"<{tag}>".encode() * depth + f"</{tag}>".encode() * depth)
    return build_zip(entries)


#: Template labels, some of which name their row only beside their group labels.
LABELS = ["其他", "自然人", "商业企业", "一、本年新收政府信息公开申请数量", "规章", "行政规范性文件", "（七）总计",
          "四、结转下年度继续办理", "1.属于国家秘密", "予以公开", "本年制发件数", "法人或其他组织"]


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def far_apart(data: bytes, rng: random.Random) -> bytes:
    """Labels and numbers far apart: in the last columns, a million rows down, under a very wide
    header; sometimes on every one of fifty sheets."""
    entries = read_entries(data)
    victim = entry(entries, rng.choice(sheet_names(entries)))
    count = rng.choice((100, 5_000, 20_000))
    mode = rng.choice(("last column", "rows apart", "wide header"))

    def text(ref: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{rng.choice(LABELS)}</t></is></c>'

    if mode == "last column":
        column = _column_letters(rng.choice((16384, 16000, 703)))
        rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c>{text(f"{column}{r}")}</row>'
                       for r in range(5000, 5000 + count))
    elif mode == "rows apart":
        rows = "".join(f'<row r="{r}">{text(f"A{r}")}<c r="B{r}"><v>1</v></c></row>'
                       for r in [*range(5000, 5010), *range(1_048_576 - min(count, 1000), 1_048_577)])
    else:
        letters = [_column_letters(c) for c in range(2, 2 + min(count, 16_000))]
        headers = "".join(text(f"{letter}5000") for letter in letters)
        numbers = "".join(f'<c r="{letter}5001"><v>1</v></c>' for letter in letters)
        rows = f'<row r="5000">{headers}</row><row r="5001">{text("A5001")}{numbers}</row>'
    victim.content = victim.content.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    if rng.random() < 0.3:
        return many_sheets(build_zip(entries), rng)
    return build_zip(entries)


#: What a text cell may carry: escaped and raw control characters, lone surrogates, digits of
#: other scripts, a formula-looking text, very long text.
ODD_TEXTS = ["_x0000_", "_x000B_", "_xD800_", "_xDFFF_", "_xFFFE_", "_x001F_", "\x7f", "&#x7f;", "&#1;", "\x01",
             "１２", "١٢", "①", "¹²", "₁₂", "=SUM(A1)", "\u2028", "😀", "𠀀", "_x005F_x0041_", "9件", "—"]


#: A text node, or a cell with a number (becomes an inline string), or a number as it is stored.
_TEXT_OR_CELL = re.compile(rb"<t(?: [^>]*)?>([^<]*)</t>|<c ([^>]*?)(?: t=\"n\")?><v>([^<]*)</v></c>|<v>([^<]*)</v>")


def control_characters(data: bytes, rng: random.Random) -> bytes:
    entries = read_entries(data)
    targets = [e for e in entries if e.name == "xl/sharedStrings.xml" or e.name in sheet_names(entries)]
    victim = rng.choice(targets)
    found = list(_TEXT_OR_CELL.finditer(victim.content))
    if not found:
        return data
    content = victim.content
    for match in sorted(rng.sample(found, min(len(found), rng.randint(1, 5))), key=lambda m: -m.start()):
        odd = rng.choice(ODD_TEXTS) if rng.random() > 0.05 else "很长" * rng.choice((20_000, 120_000))
        if match.group(1) is not None:  # text: the odd text inserted somewhere in it
            text = match.group(1).decode("utf-8", "replace")
            at = rng.randrange(len(text) + 1)
            replacement = f"<t>{text[:at]}{odd}{text[at:]}</t>"
        elif match.group(2) is not None and rng.random() < 0.8:  # a number cell becomes a text cell
            replacement = f'<c {match.group(2).decode()} t="inlineStr"><is><t>{odd}</t></is></c>'
        else:  # the stored number itself replaced: a malformed cell
            replacement = f"<v>{odd}</v>"
        content = content[:match.start()] + replacement.encode("utf-8", "surrogatepass") + content[match.end():]
    victim.content = content
    return build_zip(entries)


FAMILIES: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "byte flips": byte_flips,
    "truncation": truncation,
    "duplicate entries": duplicate_entries,
    "lying sizes": lying_sizes,
    "xml garbage": xml_garbage,
    "many sheets": many_sheets,
    "huge dimensions": huge_dimensions,
    "deep nesting": deep_nesting,
    "far apart": far_apart,
    "control characters": control_characters,
}


def sources() -> dict[str, bytes]:
    """The good workbooks mutations start from: our export of the sample, the hand-made workbooks."""
    from export.xlsx_export import workbook_bytes
    from model import projectfile
    from model.resources import sample_path

    found = {"export of the sample": workbook_bytes(projectfile.load(sample_path()))}
    for path in sorted((HERE / "xlsx").glob("*.xlsx")):
        found[path.name] = path.read_bytes()
    return found
