"""Untrusted workbooks (importing/xlsx_safety.py): every hostile or wrong file fails
with one WorkbookError, a one-line Chinese message naming the file, in well
under a second, and nothing reaches openpyxl that could hang it."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import DefusedXmlException
from openpyxl import Workbook

from importing import xlsx_parts, xlsx_safety
from importing.xlsx import import_xlsx
from importing.xlsx_safety import WorkbookError, check_workbook_bytes

NAME = "统计 表.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def plain_workbook() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "规章"
    workbook.active["B1"] = 3
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, replace: dict[str, bytes], *, level: int = 6) -> bytes:
    """`data` (an .xlsx) with some parts replaced or added."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info))
        for name, content in replace.items():
            target.writestr(name, content)
    return output.getvalue()


def fails_fast(tmp_path: Path, data: bytes, *expected: str) -> WorkbookError:
    """Import `data` as a file: WorkbookError within a second, naming the file, one line."""
    path = tmp_path / NAME
    path.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(WorkbookError) as caught:
        import_xlsx(path)
    elapsed = time.perf_counter() - start
    message = str(caught.value)
    assert elapsed < 1.0, f"took {elapsed:.2f} s: {message}"
    assert f"“{NAME}”" in message
    assert "\n" not in message
    for text in expected:
        assert text in message, message
    return caught.value


def billion_laughs(root: str) -> bytes:
    entities = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        entities.append(f'<!ENTITY lol{level} "{("&lol%s;" % (level - 1 or "")) * 10}">')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n{chr(10).join(entities)}\n]>\n'
            f'{root.replace("LOL", "&lol9;")}').encode()


SHEET_WITH_LOL = (f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                  f'<is><t>LOL</t></is></c></row></sheetData></worksheet>')


# --- the library set-up ------------------------------------------------------------------


def test_openpyxl_parses_without_expanding_entities(tmp_path: Path) -> None:
    """openpyxl streams sheets through defusedxml; its other parts go through lxml (installed for the
    document readers) with entities left unresolved. Either way no entity is expanded or fetched."""
    assert openpyxl.xml.DEFUSEDXML is True
    from openpyxl.xml import functions

    assert functions.iterparse.__module__.startswith("defusedxml")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    for entity in ('"AAAA"', f'SYSTEM "{secret.as_uri()}"'):
        document = f'<!DOCTYPE x [<!ENTITY a {entity}>]><x>&a;</x>'.encode()
        try:
            element = functions.fromstring(document)
        except Exception:  # defusedxml refuses the DTD outright: as safe
            continue
        text = "".join(element.itertext()) + "".join(str(child) for child in element)
        assert "AAAA" not in text and "SECRET" not in text


def test_a_plain_workbook_passes(tmp_path: Path) -> None:
    check_workbook_bytes(plain_workbook(), tmp_path / NAME)


# --- XML attacks --------------------------------------------------------------------------


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml"])
def test_billion_laughs_fails_cleanly_and_fast(tmp_path: Path, part: str) -> None:
    payload = billion_laughs(SHEET_WITH_LOL if part == SHEET else "<root>LOL</root>")
    fails_fast(tmp_path, with_parts(plain_workbook(), {part: payload}), "不安全的 XML")


def test_billion_laughs_in_utf16_is_found(tmp_path: Path) -> None:
    payload = billion_laughs(SHEET_WITH_LOL).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    fails_fast(tmp_path, with_parts(plain_workbook(), {SHEET: payload.encode("utf-16")}), "不安全的 XML")


def test_a_dtd_after_a_long_prolog_is_still_refused(tmp_path: Path) -> None:
    """The scan parses every XML part to its end: a DTD behind a long comment is found too."""
    padding = "<!--" + "x" * (xlsx_parts.XML_HEAD_BYTES + 10) + "-->\n"
    payload = billion_laughs(SHEET_WITH_LOL).decode().replace("<!DOCTYPE", padding + "<!DOCTYPE", 1)
    fails_fast(tmp_path, with_parts(plain_workbook(), {SHEET: payload.encode()}), "不安全的 XML")


def test_openpyxl_itself_refuses_the_entities() -> None:
    """Defence in depth: even without our checks, openpyxl (through defusedxml) refuses the DTD, fast."""
    data = with_parts(plain_workbook(), {SHEET: billion_laughs(SHEET_WITH_LOL)})
    start = time.perf_counter()
    with pytest.raises(ValueError) as caught:  # openpyxl wraps the parser's exception in a ValueError
        openpyxl.load_workbook(io.BytesIO(data))
    assert time.perf_counter() - start < 1.0
    assert isinstance(caught.value, DefusedXmlException) or isinstance(caught.value.__cause__, DefusedXmlException)


def test_open_workbook_names_the_unsafe_xml_even_when_openpyxl_wraps_it(tmp_path: Path) -> None:
    data = with_parts(plain_workbook(), {SHEET: billion_laughs(SHEET_WITH_LOL)})
    with pytest.raises(WorkbookError, match="不安全的 XML"):
        xlsx_safety.open_workbook(data, tmp_path / NAME)


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    payload = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
               f'{SHEET_WITH_LOL.replace("LOL", "&xxe;")}').encode()
    fails_fast(tmp_path, with_parts(plain_workbook(), {SHEET: payload}), "不安全的 XML")


# --- zip bombs and oversized files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A workbook with an extra part of 101 MiB of zeros, compressed to a few hundred KB."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain_workbook())) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with target.open("xl/media/image1.bin", "w", force_zip64=True) as handle:
            chunk = bytes(1024 * 1024)
            for _ in range(101):
                handle.write(chunk)
    return output.getvalue()


def test_a_zip_bomb_fails_cleanly_and_fast(tmp_path: Path, zip_bomb: bytes) -> None:
    assert len(zip_bomb) < 2 * 1024 * 1024
    fails_fast(tmp_path, zip_bomb, "压缩炸弹")


def test_the_total_uncompressed_size_is_limited(tmp_path: Path, zip_bomb: bytes,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_safety, "MAX_RATIO", 10**9)  # so that the total limit is what trips
    fails_fast(tmp_path, zip_bomb, f"解压后超过 {xlsx_safety.MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB")


def test_a_sheet_that_inflates_a_thousandfold_is_refused(tmp_path: Path) -> None:
    row = '<row r="1"><c r="A1"><v>1</v></c></row>'
    sheet = f'<worksheet xmlns="{SHEET_NS}"><sheetData>{row * 200_000}</sheetData></worksheet>'
    data = with_parts(plain_workbook(), {SHEET: sheet.encode()}, level=9)
    fails_fast(tmp_path, data, "压缩比异常")


def test_too_many_entries(tmp_path: Path) -> None:
    extra = {f"xl/media/{i}.bin": b"x" for i in range(xlsx_safety.MAX_ENTRIES + 1)}
    fails_fast(tmp_path, with_parts(plain_workbook(), extra), "文件过多")


def test_an_oversized_file_is_refused_before_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / NAME
    with path.open("wb") as handle:
        handle.write(plain_workbook())
        handle.truncate(xlsx_safety.MAX_FILE_BYTES + 1)
    start = time.perf_counter()
    with pytest.raises(WorkbookError, match="文件超过 20 MB"):
        import_xlsx(path)
    assert time.perf_counter() - start < 1.0


def test_sizes_that_lie_in_the_zip_directory(tmp_path: Path) -> None:
    """An entry that inflates beyond the size its directory states never inflates further (zipfile
    stops and fails the CRC check): a clean error, not a bomb."""
    sheet = f'<worksheet xmlns="{SHEET_NS}"><sheetData>' + "<row/>" * 50_000 + "</sheetData></worksheet>"
    data = bytearray(with_parts(plain_workbook(), {SHEET: sheet.encode()}))
    true_size = len(sheet.encode())
    name = SHEET.encode()
    patched = 0
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            if data[start + name_offset:start + name_offset + len(name)] == name:
                assert struct.unpack_from("<I", data, start + size_offset)[0] == true_size
                struct.pack_into("<I", data, start + size_offset, 1000)
                patched += 1
            start += 4
    assert patched == 2
    fails_fast(tmp_path, bytes(data), "已损坏")


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A:A", "1:1048576"])
def test_a_huge_merged_range_is_refused_before_openpyxl_expands_it(tmp_path: Path, ref: str) -> None:
    sheet = (f'<worksheet xmlns="{SHEET_NS}"><sheetData/><mergeCells count="1">'
             f'<mergeCell ref="{ref}"/></mergeCells></worksheet>')
    fails_fast(tmp_path, with_parts(plain_workbook(), {SHEET: sheet.encode()}), "合并单元格")


def test_a_huge_hyperlink_range_is_refused(tmp_path: Path) -> None:
    sheet = (f'<worksheet xmlns="{SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
             f'relationships"><sheetData/><hyperlinks><hyperlink ref="A1:Z99999" location="A1"/></hyperlinks>'
             f'</worksheet>')
    fails_fast(tmp_path, with_parts(plain_workbook(), {SHEET: sheet.encode()}), "超链接")


# --- files that are not an .xlsx --------------------------------------------------------------


def ole_file(*streams: str) -> bytes:
    """A minimal OLE compound file: the header sector and one directory sector naming `streams`."""
    header = bytearray(512)
    header[:8] = xlsx_safety.OLE_SIGNATURE
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[:len(encoded)] = encoded
        struct.pack_into("<HB", entry, 64, len(encoded), 5 if name == "Root Entry" else 2)
        directory += entry
    return bytes(header + directory.ljust(512, b"\0"))


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "renamed PDF": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                    "不是 Excel 工作簿（.xlsx）：这是 PDF 文件"),
    "truncated": (lambda: plain_workbook()[: len(plain_workbook()) // 2], "不完整"),
    "truncated to the first bytes": (lambda: plain_workbook()[:10], "不完整"),
    "old .xls": (lambda: ole_file("Workbook", "\x05SummaryInformation"),
                 "这是旧版 Excel 97-2003（.xls）文件，请在 Excel/WPS 中另存为 .xlsx 后再导入"),
    "encrypted": (lambda: ole_file("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"),
                  "工作簿已加密（设有打开密码），请先取消密码"),
    "old .doc": (lambda: ole_file("WordDocument", "1Table"), "Word"),
    "empty": (lambda: b"", "文件为空"),
    "HTML saved as .xls": (lambda: "<html><body><table><tr><td>规章</td></tr></table></body></html>".encode(),
                           "网页（HTML）"),
    "CSV": (lambda: "信息内容,本年制发件数\n规章,0\n".encode(), "文本文件"),
    "PNG": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "图片"),
    "a plain zip": (lambda: _zip({"readme.txt": b"hello"}), "普通的 zip 压缩包"),
    "a Word document": (lambda: _zip({"[Content_Types].xml": _content_types(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")}), "Word 文档"),
    "an OpenDocument spreadsheet": (lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
                                    ".ods"),
    "an encrypted zip entry": (lambda: _encrypted_entry(plain_workbook()), "已加密"),
}


def _zip(parts: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return output.getvalue()


def _content_types(main: str) -> bytes:
    return (f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>').encode()


def _encrypted_entry(data: bytes) -> bytes:
    """Set the "encrypted" flag of every entry (local headers and directory)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            struct.pack_into("<H", patched, start + offset, struct.unpack_from("<H", patched, start + offset)[0] | 1)
            start += 4
    return bytes(patched)


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_that_is_not_an_xlsx_gets_one_clear_message(tmp_path: Path, case: str) -> None:
    make, expected = CASES[case]
    fails_fast(tmp_path, make(), expected)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="文件不存在"):
        import_xlsx(tmp_path / NAME)
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(WorkbookError, match="文件夹"):
        import_xlsx(folder)


def test_garbage_inside_a_valid_zip_is_a_workbook_error(tmp_path: Path) -> None:
    """openpyxl's own exceptions on a malformed part become a WorkbookError too."""
    missing_sheet = (f'<workbook xmlns="{SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                     f'2006/relationships"><sheets><sheet name="表三" sheetId="1" r:id="rId99"/></sheets></workbook>')
    fails_fast(tmp_path, with_parts(plain_workbook(), {"xl/workbook.xml": missing_sheet.encode()}), "已损坏")
    fails_fast(tmp_path, with_parts(plain_workbook(), {"xl/workbook.xml": b"\x00\x01 not xml"}), "已损坏")
    fails_fast(tmp_path, with_parts(plain_workbook(), {SHEET: b"<worksheet><sheetData><row>"}), "已损坏")


def test_the_error_is_one_line_even_for_a_strange_file_name(tmp_path: Path) -> None:
    error = WorkbookError(tmp_path / "a\nb\ud800.xlsx", "第一行\n第二行")
    assert "\n" not in error.problem
    str(error).encode("utf-8")  # a lone surrogate does not break logging
