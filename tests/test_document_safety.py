"""Untrusted Word documents and web pages (importing/document_safety.py and the openers): every
hostile or wrong file fails with one DocumentError — a Chinese sentence naming the file — in well
under a second, and nothing with a DTD or an oversized part ever reaches python-docx or lxml."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from importing import document_safety
from importing.document import DocumentError
from importing.docx_reader import docx_document, open_docx
from importing.html_reader import html_document, open_html, open_mht

NAME = "年报 草稿.docx"
DOCUMENT = "word/document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def plain_docx(text: str = "一、总体情况") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, replace: dict[str, bytes]) -> bytes:
    """`data` (a .docx) with some parts replaced or added."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in replace.items():
            target.writestr(name, content)
    return output.getvalue()


def body(xml: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{xml}</w:body>'
            f'</w:document>').encode()


def refusal(action: Callable[[], object]) -> str:
    """The message of the DocumentError `action` raises, timed: every refusal is quick."""
    started = time.perf_counter()
    with pytest.raises(DocumentError) as caught:
        action()
    assert time.perf_counter() - started < 1.0
    return str(caught.value)


def refuse_docx(data: bytes) -> str:
    message = refusal(lambda: docx_document(data, Path(NAME)))
    assert message.startswith(f"无法读取“{NAME}”：")
    return message


def declaring(data: bytes, name: str, size: int) -> bytes:
    """`data` (a zip) with the uncompressed size of part `name` changed in both its headers."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    raw[local + 22:local + 26] = size.to_bytes(4, "little")
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        length = int.from_bytes(raw[central + 28:central + 30], "little")
        if raw[central + 46:central + 46 + length] == name.encode():
            raw[central + 24:central + 28] = size.to_bytes(4, "little")
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def test_a_plain_document_passes_the_checks() -> None:
    document_safety.check_docx_bytes(plain_docx(), NAME)
    assert docx_document(plain_docx(), Path(NAME)).blocks[0].text == "一、总体情况"


def test_a_zip_bomb_is_refused_from_the_directory_without_inflating_it() -> None:
    bomb = with_parts(plain_docx(), {"word/media/bomb.bin": b"\0" * 1024})
    assert "压缩炸弹" in refuse_docx(declaring(bomb, "word/media/bomb.bin", 300 * 1024 * 1024))


def test_a_high_ratio_part_is_refused() -> None:
    data = with_parts(plain_docx(), {"word/media/image1.png": b"\0" * (8 * 1024 * 1024)})
    assert "压缩比异常" in refuse_docx(data)


def test_a_part_inflating_beyond_its_declared_size_is_refused_without_inflating_it_all() -> None:
    """The directory may lie: 64 MB of zeros declaring 100 bytes (zipfile would inflate it all)."""
    padded = with_parts(plain_docx(), {"word/media/pad.bin": b"\0" * (64 * 1024 * 1024)})
    assert "超过其声明的大小" in refuse_docx(declaring(padded, "word/media/pad.bin", 100))


def test_billion_laughs_is_refused_before_any_parser_builds_a_tree() -> None:
    entities = "".join(f'<!ENTITY l{n} "{"".join(f"&l{n - 1};" for _ in range(10))}">' for n in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{entities}]>'
              f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    assert "实体或 DTD" in refuse_docx(with_parts(plain_docx(), {DOCUMENT: laughs.encode()}))


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    message = refuse_docx(with_parts(plain_docx(), {DOCUMENT: xxe.encode()}))
    assert "实体或 DTD" in message and "机密" not in message


def test_a_dtd_in_any_xml_part_is_refused() -> None:
    styles = b'<?xml version="1.0"?><!DOCTYPE s []><w:styles xmlns:w="' + W.encode() + b'"/>'
    assert "实体或 DTD" in refuse_docx(with_parts(plain_docx(), {"word/styles.xml": styles}))


def test_deep_xml_nesting_is_refused() -> None:
    deep = "<w:sdt><w:sdtContent>" * 150 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 150
    assert "嵌套超过" in refuse_docx(with_parts(plain_docx(), {DOCUMENT: body(deep)}))


def test_a_truncated_document_is_refused() -> None:
    data = plain_docx()
    assert "截断" in refuse_docx(data[: len(data) // 2])


def test_a_damaged_part_is_refused() -> None:
    data = plain_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(DOCUMENT)
    raw = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + 10:start + 30] = b"\xff" * 20
    assert "文档已损坏" in refuse_docx(bytes(raw))


def test_malformed_xml_is_refused_with_where() -> None:
    assert "无法解析" in refuse_docx(with_parts(plain_docx(), {DOCUMENT: b"<w:document><w:body>"}))


@pytest.mark.parametrize(("content", "says"), [
    (b"%PDF-1.7\n%...", "PDF"),
    (b"{\\rtf1\\ansi hello}", "RTF"),
    ("<html><body>年报</body></html>".encode(), ".html"),
    ("一、总体情况\n本机关……".encode("gb18030"), ".txt"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 64 + "WordDocument".encode("utf-16-le"), "旧版 Word 文档"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"), "已加密"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "无法识别"),
])
def test_a_file_that_is_not_a_docx_says_what_it_is(content: bytes, says: str) -> None:
    assert says in refuse_docx(content)


def test_other_zips_are_told_apart() -> None:
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "普通的 zip" in refuse_docx(plain.getvalue())
    workbook = with_parts(plain_docx(), {"[Content_Types].xml": (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
        b'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sheet.main+xml"/></Types>')})
    assert "Excel 工作簿" in refuse_docx(workbook)


def test_a_package_python_docx_cannot_read_is_a_document_error() -> None:
    """Content types saying Word, but no main document part: python-docx's KeyError is mapped."""
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as source, zipfile.ZipFile(data, "w") as target:
        for info in source.infolist():
            if info.filename != DOCUMENT:
                target.writestr(info.filename, source.read(info.filename))
    assert "文档已损坏或格式不受支持" in refuse_docx(data.getvalue())


def test_files_on_disk_are_bounded_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importing.docx_reader.MAX_DOCX_BYTES", 1000)
    big = tmp_path / "big.docx"
    big.write_bytes(plain_docx() + b"\0" * 2000)
    assert "文件超过" in refusal(lambda: open_docx(big))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert "文件为空" in refusal(lambda: open_html(empty))
    assert "不存在" in refusal(lambda: open_mht(tmp_path / "missing.mht"))
    assert "文件夹" in refusal(lambda: open_docx(tmp_path))


def test_a_huge_web_page_is_refused_by_its_size_quickly(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(document_safety.MAX_HTML_BYTES + 1024)
    assert "文件超过" in refusal(lambda: open_html(huge))


def test_deep_html_is_refused_not_silently_cut() -> None:
    """libxml2 stops building the tree at 256 levels: what is below would be lost without a word."""
    page = ("<div>" * 100_000 + "一、总体情况" + "</div>" * 100_000).encode()
    assert "嵌套超过" in refusal(lambda: html_document(page, Path("deep.html")))


def test_html_declaring_entities_is_refused() -> None:
    laughs = ('<!DOCTYPE html [<!ENTITY a "哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
              '<html><body><p>&b;</p></body></html>').encode()
    assert "实体声明" in refusal(lambda: html_document(laughs, Path("laughs.html")))
    xxe = b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body>&x;</body></html>'
    assert "实体声明" in refusal(lambda: html_document(xxe, Path("xxe.html")))


def test_an_ordinary_doctype_is_fine() -> None:
    page = b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/' \
           b'xhtml1-transitional.dtd"><html><body><p>ok</p></body></html>'
    assert [b.text for b in html_document(page, Path("a.html")).text_blocks()] == ["ok"]


def test_a_mht_without_a_page_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "images.mht"
    archive.write_bytes(b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
                        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n--b--\r\n")
    assert "没有网页内容" in refusal(lambda: open_mht(archive))


def test_hostile_zip_headers_never_raise_anything_else() -> None:
    """Bytes flipped all over a real document: a DocumentError or a document, nothing else."""
    data = plain_docx()
    refused = 0
    for position in range(0, len(data), max(1, len(data) // 60)):
        broken = bytearray(data)
        broken[position] ^= 0xFF
        try:
            docx_document(bytes(broken), Path(NAME))
        except DocumentError:
            refused += 1
    assert refused > 30  # most flips break a CRC or a header: every one of them said so


def test_a_macro_document_is_refused_with_how_to_save_it() -> None:
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as archive:
        types = archive.read("[Content_Types].xml")
    macro = types.replace(b"wordprocessingml.document.main+xml", b"PLACEHOLDER").replace(
        b"application/vnd.openxmlformats-officedocument.PLACEHOLDER",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    assert macro != types
    assert "启用宏的 Word 文档（.docm）" in refuse_docx(with_parts(plain_docx(), {"[Content_Types].xml": macro}))


def test_an_element_bomb_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_safety, "MAX_PART_ELEMENTS", 5_000)
    many = body("<w:p/>" * 6_000)
    assert "XML 元素超过" in refuse_docx(with_parts(plain_docx(), {DOCUMENT: many}))


def test_too_much_xml_in_all_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_safety, "MAX_XML_TOTAL_BYTES", 20_000)
    padded = with_parts(plain_docx(), {f"word/extra{n}.xml": b"<a>" + b" " * 4000 + b"</a>" for n in range(6)})
    assert "XML 内容合计超过" in refuse_docx(padded)


def test_opening_documents_never_touches_the_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """External DTDs, images, style sheets and linked templates are named, never fetched."""
    import socket

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network used")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = (b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd">'
            b'<html><head><link rel="stylesheet" href="http://example.gov.cn/a.css"></head><body>'
            b'<img src="http://example.gov.cn/a.png"><iframe src="http://example.gov.cn/"></iframe><p>ok</p>'
            b"</body></html>")
    assert [b.text for b in html_document(page, Path("a.html")).text_blocks()] == ["ok"]
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
            'Target="http://example.gov.cn/t.dotx" TargetMode="External"/></Relationships>')
    document = docx.Document()
    document.add_paragraph("外部模板")
    buffer = io.BytesIO()
    document.save(buffer)
    linked = with_parts(buffer.getvalue(), {"word/_rels/settings.xml.rels": rels.encode()})
    assert docx_document(linked, Path(NAME)).blocks[0].text == "外部模板"


def test_garbage_pages_give_a_document_or_a_document_error() -> None:
    """Random bytes and random tag soup: the page opener returns or refuses, nothing else."""
    import random

    generator = random.Random(14)
    pieces = ["<table>", "</table>", "<tr>", "<td rowspan=3>", "<td colspan=99999>", "</td>", "<p>", "<br>",
              "<h2>", "<b>", "</b>", "<script>", "<caption>", "<!--", "-->", "<![CDATA[", "&nbsp;", "&#0;",
              "&#x110000;", "年报", "\u3000", "<meta charset=gbk>", "<?xml encoding='utf-16'?>", "<", ">", "\x00"]
    opened = 0
    for _ in range(60):
        soup = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 60)))
        for data in (soup.encode("utf-8", "surrogatepass"), bytes(generator.getrandbits(8) for _ in range(64))):
            try:
                html_document(data, Path("乱码.html"))
                opened += 1
            except DocumentError:
                continue
    assert opened > 30  # most soup is a (strange) page, read without a crash
