"""Damaged and hostile workbooks (importing/xlsx_safety.py, importing/xlsx_parts.py): a byte
flipped anywhere, a part that lies about its size, thousands of declared sheets, a sheet of a
million rows. Each ends in one WorkbookError naming the file, fast and in bounded memory,
both in our own safety check and in openpyxl's reading after it; the command line says it in
one line and exits 2."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from fuzz_workbooks import REL_NS, SHEET_NS, Entry, build_zip, deflate_padded, part, read_entries, with_parts

from export.xlsx_export import workbook_bytes
from importing import xlsx_parts, xlsx_safety
from importing.xlsx import import_xlsx
from importing.xlsx_safety import WorkbookError, open_workbook
from model.report import Report

ROOT = Path(__file__).resolve().parent.parent
NAME = "损坏.xlsx"
DAMAGED = "工作簿已损坏"


def refused(tmp_path: Path, data: bytes, *expected: str, seconds: float = 1.0) -> str:
    """Import `data`: one WorkbookError within `seconds`, one line naming the file; its message."""
    path = tmp_path / NAME
    path.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(WorkbookError) as caught:
        import_xlsx(path)
    elapsed = time.perf_counter() - start
    message = str(caught.value)
    assert elapsed < seconds, f"took {elapsed:.2f} s: {message}"
    assert message.startswith(f"无法读取“{NAME}”：") and "\n" not in message
    for text in expected:
        assert text in message, message
    return message


def flipped(data: bytes, position: int, bit: int) -> bytes:
    damaged = bytearray(data)
    damaged[position] ^= 1 << bit
    return bytes(damaged)


def compressed_ranges(data: bytes) -> list[tuple[str, int, int]]:
    """(name, first byte, end) of every entry's compressed data in `data`."""
    ranges = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name_length, extra_length = (int.from_bytes(data[info.header_offset + i:info.header_offset + i + 2],
                                                        "little") for i in (26, 28))
            start = info.header_offset + 30 + name_length + extra_length
            ranges.append((info.filename, start, start + info.compress_size))
    return ranges


# --- item 6: a damaged workbook ------------------------------------------------------------------


def test_byte_flipped_copies_of_our_export_are_refused_as_damaged(sample: Report, tmp_path: Path) -> None:
    """25 flips inside the compressed data of our own export (12 of 25 crashed with zlib.error): each
    is read or refused with one WorkbookError, and a refusal for broken compressed data says 工作簿已损坏."""
    data = workbook_bytes(sample)
    rng = random.Random(12)
    ranges = compressed_ranges(data)
    outcomes = []
    for _ in range(25):
        _name, start, end = rng.choice(ranges)
        path = tmp_path / NAME
        path.write_bytes(flipped(data, rng.randrange(start, end), rng.randrange(8)))
        try:
            import_xlsx(path)
            outcomes.append("read")
        except WorkbookError as error:
            assert str(error).startswith(f"无法读取“{NAME}”：") and "\n" not in str(error)
            outcomes.append(str(error))
    damaged = [message for message in outcomes if DAMAGED in message]
    assert len(damaged) >= 20, outcomes  # nearly every flip breaks the inflation or the CRC


def test_every_flip_of_one_part_is_refused_the_same_way(sample: Report, tmp_path: Path) -> None:
    data = workbook_bytes(sample)
    _name, start, end = next(r for r in compressed_ranges(data) if r[0] == "xl/styles.xml")
    for position in range(start, end, max(1, (end - start) // 40)):
        try:
            import_xlsx_bytes(tmp_path, flipped(data, position, 3))
        except WorkbookError as error:
            assert DAMAGED in str(error), str(error)


def import_xlsx_bytes(tmp_path: Path, data: bytes) -> object:
    path = tmp_path / NAME
    path.write_bytes(data)
    return import_xlsx(path)


def test_openpyxl_meeting_broken_compressed_data_is_a_workbook_error(sample: Report, tmp_path: Path) -> None:
    """Behind the safety check too: openpyxl's own reading of a broken stream (zlib.error) is
    one WorkbookError, not a traceback."""
    data = workbook_bytes(sample)
    name, start, _end = next(r for r in compressed_ranges(data) if r[0] == "xl/worksheets/sheet2.xml")
    broken = flipped(data, start + 10, 0)
    with zipfile.ZipFile(io.BytesIO(broken)) as archive, pytest.raises(zlib.error):
        archive.read(name)
    with pytest.raises(WorkbookError, match=DAMAGED) as caught:
        open_workbook(broken, tmp_path / NAME)
    assert str(caught.value).startswith(f"无法读取“{NAME}”：")


@pytest.mark.parametrize("missing", ["xl/styles.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"])
def test_a_missing_part_is_a_damaged_workbook(sample: Report, tmp_path: Path, missing: str) -> None:
    entries = [e for e in read_entries(workbook_bytes(sample)) if e.name != missing]
    try:
        import_xlsx_bytes(tmp_path, build_zip(entries))
    except WorkbookError as error:
        assert DAMAGED in str(error) or "不是 Excel 工作簿" in str(error), str(error)


def test_a_truncated_export_is_damaged(sample: Report, tmp_path: Path) -> None:
    data = workbook_bytes(sample)
    for length in (len(data) // 3, len(data) - 30, len(data) - 1):
        refused(tmp_path, data[:length], DAMAGED)


# --- item 7: parts that lie about their size -------------------------------------------------------


def lying(data: bytes, name: str, megabytes: int) -> bytes:
    """`data` with part `name` inflating to its content and `megabytes` MiB of spaces more, while its
    headers declare only the content (and its CRC): zipfile would inflate it all and hand back the content."""
    entries = read_entries(data)
    for entry in entries:
        if entry.name == name:
            entry.raw = deflate_padded(entry.content, b" ", megabytes)
            entry.crc = zlib.crc32(entry.content)
            entry.file_size = len(entry.content)
    return build_zip(entries)


@pytest.mark.parametrize("name", ["xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml",
                                  "xl/worksheets/sheet1.xml", "docProps/core.xml"])
def test_a_part_larger_than_it_declares_is_refused_in_bounded_memory(sample: Report, tmp_path: Path,
                                                                     name: str) -> None:
    data = lying(workbook_bytes(sample), name, 300)
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    try:
        message = refused(tmp_path, data, DAMAGED, seconds=5.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024, f"{peak / 2**20:.0f} MiB while refusing: {message}"
    assert "大小" in message


def test_the_check_inflates_in_bounded_chunks(sample: Report) -> None:
    """The running total is counted chunk by chunk: a part's declared size is never trusted."""
    data = lying(workbook_bytes(sample), "xl/styles.xml", 50)
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookError, match="大小"):
            xlsx_safety.check_workbook_bytes(data, NAME)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024 + 2 * len(data)


def test_a_part_smaller_than_it_declares_is_damaged(sample: Report, tmp_path: Path) -> None:
    entries = read_entries(workbook_bytes(sample))
    for entry in entries:
        if entry.name == "xl/styles.xml":
            entry.file_size = len(entry.content) + 1000
    refused(tmp_path, build_zip(entries), DAMAGED)


def test_a_stored_part_whose_sizes_disagree_is_damaged(sample: Report, tmp_path: Path) -> None:
    entries = read_entries(workbook_bytes(sample))
    for entry in entries:
        if entry.name == "xl/workbook.xml":
            entry.method = zipfile.ZIP_STORED
            entry.file_size = len(entry.content) // 2
            entry.crc = zlib.crc32(entry.content[:len(entry.content) // 2])
    refused(tmp_path, build_zip(entries), DAMAGED)


# --- item 8: many sheets, many cells ------------------------------------------------------------------


def workbook_xml(sheets: int, rid: str = "rId1") -> bytes:
    declared = "".join(f'<sheet name="表{i}" sheetId="{i + 1}" r:id="{rid}"/>' for i in range(sheets))
    return (f'<workbook xmlns="{SHEET_NS}" xmlns:r="{REL_NS}"><sheets>{declared}</sheets></workbook>').encode()


@pytest.mark.parametrize("sheets", [xlsx_parts.MAX_SHEETS + 1, 10_000, 100_000])
def test_many_declared_sheets_are_refused_before_openpyxl(sample: Report, tmp_path: Path, sheets: int) -> None:
    """All pointing at one part (10,000 took 146 s and 1.7 GB; 100,000 never finished)."""
    data = with_parts(workbook_bytes(sample), {"xl/workbook.xml": workbook_xml(sheets)})
    refused(tmp_path, data, "工作表", f"{xlsx_parts.MAX_SHEETS}")


def test_as_many_sheets_as_a_report_can_have_are_read(sample: Report, tmp_path: Path) -> None:
    data = with_parts(workbook_bytes(sample), {"xl/workbook.xml": workbook_xml(xlsx_parts.MAX_SHEETS, "rId3")})
    start = time.perf_counter()
    result = import_xlsx_bytes(tmp_path, data)
    assert time.perf_counter() - start < 5.0
    assert len(result.searched_sheets) == xlsx_parts.MAX_SHEETS  # type: ignore[attr-defined]


def sheet_xml(rows: str) -> bytes:
    return f'<worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def test_a_sheet_of_a_million_rows_is_refused_before_openpyxl(sample: Report, tmp_path: Path) -> None:
    """1,000,000 rows took openpyxl 23 s and 1 GB (here its 40 MB of XML is refused on its size)."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 1_000_001))
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    refused(tmp_path, data, "不像是年报统计表", seconds=2.0)


def test_a_sheet_of_many_cells_is_refused_before_openpyxl(sample: Report, tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFGHIJ") + "</row>"
                   for r in range(1, xlsx_parts.MAX_SHEET_CELLS // 10 + 2))
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    refused(tmp_path, data, "单元格超过 100,000 个", seconds=2.0)


def test_a_sheet_of_a_million_empty_rows_is_refused(sample: Report, tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"/>' for r in range(1, 1_000_001))
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    refused(tmp_path, data, "行超过 100,000 行", seconds=2.0)


def test_cells_are_counted_across_the_sheets_that_share_a_part(sample: Report, tmp_path: Path) -> None:
    """Forty sheets over one part of 10,000 cells are 400,000 cells for openpyxl."""
    cells = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "ABCDEFGHIJ") + "</row>"
                    for r in range(1, 1001))
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(cells),
                                              "xl/workbook.xml": workbook_xml(40, "rId1")})
    refused(tmp_path, data, "单元格", seconds=2.0)


def test_a_sheet_under_the_cell_limit_is_read(sample: Report, tmp_path: Path) -> None:
    cells = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFGHIJ") + "</row>"
                    for r in range(100, 100 + xlsx_parts.MAX_SHEET_CELLS // 20))
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet5.xml": sheet_xml(cells)})
    start = time.perf_counter()
    import_xlsx_bytes(tmp_path, data)
    assert time.perf_counter() - start < 5.0


def test_the_cells_of_a_sheet_are_counted_in_any_encoding(sample: Report, tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"/><c r="B{r}"/></row>' for r in range(1, 60_001))
    sheet = ('<?xml version="1.0" encoding="UTF-16"?>' + sheet_xml(rows).decode()).encode("utf-16")
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet})
    refused(tmp_path, data, "单元格", seconds=3.0)


def test_deeply_nested_xml_is_refused(sample: Report, tmp_path: Path) -> None:
    depth = 100_000
    nested = "<x>" * depth + "</x>" * depth
    for name in ("xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"):
        original = part(workbook_bytes(sample), name).decode()
        closing = original.rindex("</")
        data = with_parts(workbook_bytes(sample), {name: (original[:closing] + nested + original[closing:]).encode()})
        refused(tmp_path, data, "层", seconds=2.0)


def test_a_comment_over_a_huge_range_is_refused(sample: Report, tmp_path: Path) -> None:
    """openpyxl creates every cell of a comment's range (ws["A1:XFD1048576"])."""
    comments = (f'<comments xmlns="{SHEET_NS}"><authors><author>x</author></authors><commentList>'
                f'<comment ref="A1:XFD1048576" authorId="0"><text><t>x</t></text></comment>'
                f'</commentList></comments>').encode()
    rels = (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId9" Type="{REL_NS}/comments" Target="../comments1.xml"/></Relationships>').encode()
    data = with_parts(workbook_bytes(sample), {"xl/comments1.xml": comments,
                                              "xl/worksheets/_rels/sheet1.xml.rels": rels})
    refused(tmp_path, data, "批注", seconds=2.0)


def test_many_shared_strings_are_refused(sample: Report, tmp_path: Path) -> None:
    strings = "".join(f"<si><t>{i}</t></si>" for i in range(xlsx_parts.MAX_SHARED_STRINGS + 1))
    sst = f'<sst xmlns="{SHEET_NS}">{strings}</sst>'.encode()
    data = with_parts(workbook_bytes(sample), {"xl/sharedStrings.xml": sst})
    refused(tmp_path, data, "字符串", seconds=2.0)


def test_a_text_longer_than_any_cell_holds_is_refused(sample: Report, tmp_path: Path) -> None:
    """Excel holds 32,767 characters in a cell; openpyxl and the import copy a text whole as they read it."""
    text = "".join(chr(0x4E00 + (i * 7919) % 20_000) for i in range(xlsx_parts.MAX_TEXT_CHARACTERS + 1))
    rows = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    refused(tmp_path, data, "1,000,000 个字符", seconds=3.0)


def test_a_part_openpyxl_builds_as_a_tree_has_fewer_elements(sample: Report, tmp_path: Path) -> None:
    """Styles are parsed whole into a tree, then into objects: 100,000 elements, not a million."""
    styles = part(workbook_bytes(sample), "xl/styles.xml")
    fonts = b"".join(b'<font><sz val="%d"/></font>' % (i % 400) for i in range(xlsx_parts.MAX_TREE_ELEMENTS // 2))
    data = with_parts(workbook_bytes(sample), {"xl/styles.xml": styles.replace(b"</fonts>", fonts + b"</fonts>")})
    refused(tmp_path, data, "元素超过 100,000 个", seconds=3.0)


def test_an_xml_part_declaring_more_than_a_workbook_needs_is_refused_unread(
        sample: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_safety, "MAX_RATIO", 10**9)  # so that the size of the part is what trips
    entries = read_entries(workbook_bytes(sample))
    for entry in entries:
        if entry.name == "xl/worksheets/sheet1.xml":
            entry.raw = deflate_padded(entry.content, b"<row/>", 40)
            entry.file_size = len(entry.content) + 40 * 1024 * 1024
            entry.crc = 0
    start = time.process_time()
    refused(tmp_path, build_zip(entries), "超过 32 MB")
    assert time.process_time() - start < 0.5  # nothing inflated beyond the start


def test_vml_is_searched_for_a_dtd_but_never_parsed(sample: Report, tmp_path: Path) -> None:
    """Excel's legacy drawings are not well-formed XML (<br> without its end tag): only their start
    is searched for a DTD; openpyxl does not read them."""
    vml = b'<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><div>line<br>next</div></v:shape></xml>'
    import_xlsx_bytes(tmp_path, with_parts(workbook_bytes(sample), {"xl/drawings/vmlDrawing1.vml": vml}))
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]>' + vml
    refused(tmp_path, with_parts(workbook_bytes(sample), {"xl/drawings/vmlDrawing1.vml": hostile}), "不安全的 XML")


# --- the command line --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "import"])
def test_the_command_line_says_it_in_one_line_and_exits_2(sample: Report, tmp_path: Path, command: str) -> None:
    data = workbook_bytes(sample)
    _name, start, _end = next(r for r in compressed_ranges(data) if r[0] == "xl/worksheets/sheet2.xml")
    path = tmp_path / NAME
    path.write_bytes(flipped(data, start + 10, 0))
    extra = ["-o", str(tmp_path / "out.nianbao.json")] if command == "import" else []
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), command, str(path), *extra],
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"无法读取“{NAME}”：{DAMAGED}"), result.stderr
    assert not (tmp_path / "out.nianbao.json").exists()


def test_an_entry_with_a_huge_declared_size_is_refused_before_inflating(sample: Report, tmp_path: Path) -> None:
    entries = read_entries(workbook_bytes(sample))
    entries.append(Entry("xl/media/image1.png", b"", file_size=2**32 - 1, raw=b"\x03\x00"))
    refused(tmp_path, build_zip(entries), "压缩炸弹")


# --- hostile layouts within the limits: walked over the cells present, never over every coordinate ------


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def read_fast(tmp_path: Path, data: bytes, cpu_seconds: float = 5.0) -> None:
    path = tmp_path / NAME
    path.write_bytes(data)
    start = time.process_time()
    import_xlsx(path)
    assert time.process_time() - start < cpu_seconds


def test_a_label_in_the_last_column_on_many_rows_is_read_fast(sample: Report, tmp_path: Path) -> None:
    """其他 needs its group labels beside it: they were looked up in all 16,383 columns to its left,
    row after row (20,000 rows took more than ten minutes)."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c>{inline(f"XFD{r}", "其他")}</row>' for r in range(1, 20_001))
    read_fast(tmp_path, with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(rows)}))


def test_table_rows_a_million_rows_apart_are_read_fast(sample: Report, tmp_path: Path) -> None:
    """Every row number between them was visited, on each of 50 sheets (89 s)."""
    labels = ["一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "规章", "行政规范性文件"]
    rows = f'<row r="1">{inline("A1", "自然人")}{inline("B1", "商业企业")}</row>'
    for first in (2, 1_048_570):
        rows += "".join(f'<row r="{first + i}">{inline(f"A{first + i}", label)}<c r="B{first + i}"><v>1</v></c></row>'
                        for i, label in enumerate(labels))
    data = with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(rows),
                                              "xl/workbook.xml": workbook_xml(xlsx_parts.MAX_SHEETS, "rId1")})
    read_fast(tmp_path, data)


def test_a_header_of_sixteen_thousand_columns_is_read_fast(sample: Report, tmp_path: Path) -> None:
    """A blank header cell took the label to its left by walking leftwards, column by column (47 s)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(2, 16_002)]
    headers = "".join(inline(f"{letter}2", "自然人") for letter in letters)
    numbers = "".join(f'<c r="{letter}3"><v>1</v></c>' for letter in letters)
    rows = (f'<row r="1">{inline("A1", "自然人")}</row><row r="2">{headers}</row>'
            f'<row r="3">{inline("A3", "一、本年新收政府信息公开申请数量")}{numbers}</row>')
    read_fast(tmp_path, with_parts(workbook_bytes(sample), {"xl/worksheets/sheet1.xml": sheet_xml(rows)}))
