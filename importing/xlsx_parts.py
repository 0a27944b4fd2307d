"""Every part of a workbook's zip, inflated in bounded chunks and its XML scanned, before
openpyxl reads any of it.

`zipfile` checks a part against the size its headers declare only after inflating it:
`ZipFile.read` inflates the whole stored stream and then cuts it to the declared size,
so a 1 MB part declaring 1 KB costs 2 GB before anything notices. Here the stored bytes
of every part are inflated chunk by chunk and counted: a part that inflates beyond its
declared size, falls short of it or fails its CRC is refused, so what openpyxl reads
afterwards (the same bytes) is exactly what the headers declare and their sum is bounded.

Every XML part (told by its first bytes, whatever its name) is then streamed through
expat: no DTD, nesting at most `MAX_DEPTH`, at most `MAX_XML_PART_BYTES`, no text longer
than `MAX_TEXT_CHARACTERS`, at most `MAX_TREE_ELEMENTS` elements in a part openpyxl builds
as a tree. And it counts what openpyxl would turn into objects: the sheets a workbook
declares (at most `MAX_SHEETS`; each is read in full, even when all name one part), the
cells and rows of every worksheet (`MAX_SHEET_CELLS`, and `MAX_WORKBOOK_CELLS` over the
sheets that read them), the cells openpyxl creates for merged ranges, hyperlinks and
comments, the shared strings. Nothing is built in memory but the counts.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NoReturn
from xml.parsers import expat

from openpyxl.utils.cell import range_boundaries

from importing import zip_inflate

#: A report has a few sheets; our own export five. More is not a report (and openpyxl
#: reads a part in full once for every sheet that names it).
MAX_SHEETS = 50
#: A statistics sheet has a few hundred cells; openpyxl keeps an object for each.
MAX_SHEET_CELLS = 100_000
MAX_SHEET_ROWS = 100_000
#: Over all sheets, each counted once per sheet that reads it, a cell with a formula twice (the
#: import reads a workbook with formulas a second time, for the results Excel stored).
MAX_WORKBOOK_CELLS = 100_000
MAX_SHARED_STRINGS = 200_000
MAX_DEPTH = 100
#: Elements of one part: openpyxl streams worksheets and shared strings, but builds every
#: other part (styles, the workbook, comments, drawings …) as a tree first, then objects.
MAX_PART_ELEMENTS = 1_000_000
MAX_TREE_ELEMENTS = 100_000
STREAMED_ROOTS = {"worksheet", "dialogsheet", "macrosheet", "sst"}
#: Excel holds at most 32,767 characters in a cell; openpyxl and the import keep a text whole,
#: and copy it as they read it. An XML part of a statistics workbook is at most a few megabytes.
MAX_TEXT_CHARACTERS = 1_000_000
MAX_XML_PART_BYTES = 32 * 1024 * 1024
#: openpyxl creates one object per cell of every merged range and of every hyperlink
#: range, and matches each hyperlink against every merged range: a tiny sheet declaring
#: A1:XFD1048576 merged would take it hours. A real statistics sheet has a few dozen of each.
MAX_MERGED_RANGES = 2_000
MAX_HYPERLINKS = 2_000
MAX_COMMENTS = 2_000
#: openpyxl styles every merged cell (tens of microseconds each, twice for a workbook with
#: formulas): far fewer of these than of plain cells, over the whole workbook too.
MAX_RANGE_CELLS = 20_000
#: Parts read as XML by their first bytes, whatever their name (openpyxl follows the
#: relationships, not the names); VML, never well-formed, only has its start searched.
VML_SUFFIX = ".vml"
XML_HEAD_BYTES = 64 * 1024
_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
SHEET_ROOTS = {"worksheet", "dialogsheet", "macrosheet"}
UNSAFE_XML = "工作簿含有不安全的 XML 内容（实体或 DTD 声明），疑似恶意文件，未打开"


class PartProblem(Exception):
    """Why a workbook is refused, one line of Chinese (the caller names the file)."""


def damaged(detail: str) -> PartProblem:
    return PartProblem(f"工作簿已损坏（{detail}），请重新获取文件")


def short(name: str) -> str:
    return name[:60]


# --- inflating ---------------------------------------------------------------------------------------


def inflate(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The content of the part `info` describes, in bounded chunks checked against its declared size and CRC
    (importing/zip_inflate.py); PartProblem when it is not what the headers say."""
    return zip_inflate.inflate(data, info, damaged)


# --- scanning XML ----------------------------------------------------------------------------------------


@dataclass
class PartScan:
    """What the scan counted in one XML part."""

    name: str
    root: str = ""
    elements: int = 0
    #: Cells, rows of a worksheet; cells openpyxl creates for its merged ranges, hyperlinks, comments.
    cells: int = 0
    formulas: int = 0
    rows: int = 0
    range_cells: int = 0
    merged: int = 0
    links: int = 0
    comments: int = 0
    strings: int = 0
    #: The r:id of every sheet a workbook part declares, in order.
    sheet_ids: list[str] = field(default_factory=list)
    #: Id → target part of a relationships part (external targets left out).
    targets: dict[str, str] = field(default_factory=dict)


class _Scanner:
    """Counts one XML part's elements as expat streams it, stopping at the first limit passed."""

    def __init__(self, name: str) -> None:
        self.scan = PartScan(name)
        self.stack: list[str] = []
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.buffer_text = True  # one call per run of text, not one per line or entity
        self.text_length = 0
        parser.StartDoctypeDeclHandler = self.refuse
        parser.EntityDeclHandler = self.refuse
        parser.ExternalEntityRefHandler = self.refuse
        self.parser = parser

    @staticmethod
    def refuse(*_args: object) -> NoReturn:
        raise PartProblem(UNSAFE_XML)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as error:
            where = f"第 {error.lineno} 行第 {error.offset + 1} 列"
            raise damaged(f"“{short(self.scan.name)}”的 XML 在{where}无法解析") from None

    def text(self, data: str) -> None:
        # expat hands a long text over in pieces: they add up until the next tag.
        self.text_length += len(data)
        if self.text_length > MAX_TEXT_CHARACTERS:
            raise PartProblem(f"“{short(self.scan.name)}”中有超过 {MAX_TEXT_CHARACTERS:,} 个字符的文字，"
                              f"不像是年报统计表，未打开")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        scan = self.scan
        local = name.rpartition(" ")[2]
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(local)
        self.text_length = 0
        scan.elements += 1
        if len(self.stack) > MAX_DEPTH:
            raise PartProblem(f"“{short(scan.name)}”的 XML 嵌套超过 {MAX_DEPTH} 层，疑似恶意文件，未打开")
        if not parent:
            scan.root = local
        limit = MAX_PART_ELEMENTS if scan.root in STREAMED_ROOTS else MAX_TREE_ELEMENTS
        if scan.elements > limit:
            raise PartProblem(f"“{short(scan.name)}”的 XML 元素超过 {limit:,} 个，不像是年报统计表，未打开")
        root = scan.root
        if root == "workbook" and local == "sheet" and parent == "sheets":
            scan.sheet_ids.append(next((v for k, v in attributes.items() if k.endswith(" id")), ""))
            if len(scan.sheet_ids) > MAX_SHEETS:
                raise PartProblem(f"工作簿声明的工作表超过 {MAX_SHEETS} 个，不像是年报统计表，疑似恶意文件，未打开")
        elif root == "Relationships" and local == "Relationship":
            if attributes.get("TargetMode") != "External" and "Id" in attributes:
                scan.targets[attributes["Id"]] = attributes.get("Target", "")
        elif root in SHEET_ROOTS:
            self.sheet_element(local, parent, attributes)
        elif root == "sst" and local == "si":
            scan.strings += 1
            if scan.strings > MAX_SHARED_STRINGS:
                raise PartProblem(f"共享字符串超过 {MAX_SHARED_STRINGS:,} 个，不像是年报统计表，未打开")
        elif root == "comments" and local == "comment":
            scan.comments += 1
            scan.range_cells += _range_cells(attributes.get("ref", ""))
            if scan.comments > MAX_COMMENTS or scan.range_cells > MAX_RANGE_CELLS:
                raise PartProblem("批注的数量或范围过大，疑似恶意文件，未打开")

    def sheet_element(self, local: str, parent: str, attributes: dict[str, str]) -> None:
        scan = self.scan
        if local == "f" and parent == "c":
            scan.formulas += 1
        elif local == "c" and parent == "row":
            scan.cells += 1
            if scan.cells > MAX_SHEET_CELLS:
                raise PartProblem(f"工作表“{short(scan.name)}”的单元格超过 {MAX_SHEET_CELLS:,} 个，"
                                  f"不像是年报统计表，未打开")
        elif local == "row" and parent == "sheetData":
            scan.rows += 1
            if scan.rows > MAX_SHEET_ROWS:
                raise PartProblem(f"工作表“{short(scan.name)}”的行超过 {MAX_SHEET_ROWS:,} 行，不像是年报统计表，未打开")
        elif local in ("mergeCell", "hyperlink"):
            if local == "mergeCell":
                scan.merged += 1
            else:
                scan.links += 1
            scan.range_cells += _range_cells(attributes.get("ref", ""))
            if scan.merged > MAX_MERGED_RANGES or scan.links > MAX_HYPERLINKS or scan.range_cells > MAX_RANGE_CELLS:
                raise PartProblem("工作表中合并单元格或超链接的数量、范围过大，疑似恶意文件，未打开")

    def end(self, _name: str) -> None:
        self.stack.pop()
        self.text_length = 0


def _range_cells(ref: str) -> int:
    total = 0
    for piece in ref.split():
        try:
            min_col, min_row, max_col, max_row = range_boundaries(piece)
        except (ValueError, TypeError):
            raise damaged(f"无效的单元格范围“{piece[:30]}”") from None
        if None in (min_col, min_row, max_col, max_row):
            return MAX_RANGE_CELLS + 1  # a whole row or column: far beyond any table
        total += (max_col - min_col + 1) * (max_row - min_row + 1)
    return total


def looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b" \t\r\n").startswith(_XML_STARTS) or head[:2] in (b"<\x00", b"\x00<")


def declares_dtd(head: bytes) -> bool:
    """A DTD in the start of a part that is not parsed (VML), in UTF-8 or UTF-16."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        encoding = "utf-16-be" if head.startswith(b"\xfe\xff") or head[:1] == b"\x00" else "utf-16-le"
        text = head.decode(encoding, errors="ignore").encode("ascii", errors="ignore")
    else:
        text = head
    upper = text.upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper


# --- the whole archive -------------------------------------------------------------------------------------


def scan_parts(data: bytes, archive: zipfile.ZipFile) -> dict[str, PartScan]:
    """Inflate every part of `archive` (over `data`) and scan its XML; PartProblem at the first
    thing refused. The scans of the XML parts by name."""
    scans: dict[str, PartScan] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            archive.open(info).close()  # zipfile's own checks of the local header (name, flags)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise damaged(f"“{short(info.filename)}”的文件头无效") from None
        scan = _scan_part(data, info)
        if scan is not None:
            scans[info.filename] = scan
    _check_workbook_cells(scans)
    return scans


def _scan_part(data: bytes, info: zipfile.ZipInfo) -> PartScan | None:
    """Inflate one part; if it is XML, stream it through the scanner (VML: search its start for a DTD)."""
    vml = info.filename.lower().endswith(VML_SUFFIX)
    scanner: _Scanner | None = None
    head = b""  # the start, until it tells XML from other content (and, for VML, a DTD)
    decided = False
    for chunk in inflate(data, info):
        if scanner is not None:
            scanner.feed(chunk)
            continue
        if decided and not vml:
            continue  # not XML: inflated only to check its size and CRC
        if len(head) < XML_HEAD_BYTES:
            head += chunk
        if not decided and len(head) >= 8:
            decided = True
            if looks_like_xml(head) and not vml:
                scanner = _xml_scanner(info)
                scanner.feed(head)
    if vml and declares_dtd(head[:XML_HEAD_BYTES]):
        raise PartProblem(UNSAFE_XML)
    if not decided and looks_like_xml(head) and not vml:
        scanner = _xml_scanner(info)  # a part of fewer than eight bytes
        scanner.feed(head)
    if scanner is None:
        return None
    scanner.feed(b"", final=True)
    return scanner.scan


def _xml_scanner(info: zipfile.ZipInfo) -> _Scanner:
    if info.file_size > MAX_XML_PART_BYTES:  # refused on its declared size, before inflating the rest
        raise PartProblem(f"“{short(info.filename)}”超过 {MAX_XML_PART_BYTES // (1024 * 1024)} MB，"
                          f"不像是年报统计表，未打开")
    return _Scanner(info.filename)


def relationships_part(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def resolve(rels_name: str, target: str) -> str:
    """A relationship's target as openpyxl resolves it (openpyxl.packaging.relationship.get_dependents)."""
    if target.startswith("/"):
        return target[1:]
    parent = posixpath.split(posixpath.dirname(rels_name))[0]
    return posixpath.normpath(posixpath.join(parent, target))


def _targets(scans: dict[str, PartScan], name: str) -> list[str]:
    rels_name = relationships_part(name)
    rels = scans.get(rels_name)
    return [resolve(rels_name, t) for t in rels.targets.values()] if rels else []


def _check_workbook_cells(scans: dict[str, PartScan]) -> None:
    """The cells openpyxl would create: each sheet's part read once per sheet that names it,
    with the comments its relationships bring."""
    def created(name: str) -> tuple[int, int]:
        """(cells, cells of merged ranges, hyperlinks and comments) openpyxl creates reading part `name`."""
        sheet = scans.get(name)
        if sheet is None or sheet.root not in SHEET_ROOTS:
            return 0, 0
        comments = sum(scans[t].range_cells for t in _targets(scans, name)
                       if t in scans and scans[t].root == "comments")
        return sheet.cells + sheet.formulas, sheet.range_cells + comments

    cells = range_cells = 0
    for name, scan in scans.items():
        if scan.root != "workbook":
            continue
        rels_name = relationships_part(name)
        rels = scans.get(rels_name)
        for sheet_id in scan.sheet_ids:
            target = rels.targets.get(sheet_id) if rels else None
            more, more_ranges = created(resolve(rels_name, target)) if target else (0, 0)
            cells += more
            range_cells += more_ranges
            if cells > MAX_WORKBOOK_CELLS:
                raise PartProblem(f"各工作表的单元格合计超过 {MAX_WORKBOOK_CELLS:,} 个，不像是年报统计表，未打开")
            if range_cells > MAX_RANGE_CELLS:
                raise PartProblem("各工作表中合并单元格、超链接或批注的范围合计过大，疑似恶意文件，未打开")
