"""Opening a Word document or a web page nobody vouches for.

A .docx is examined before python-docx touches it: the size, what the file really is (an old
.doc, an encrypted document, a PDF or a web page renamed .docx), the zip directory (entries,
total uncompressed size, compression ratio: a zip bomb is refused from the directory, before
anything is inflated), then every part is inflated in bounded chunks and checked against the size
and CRC its headers declare, and every XML part has its elements counted and is parsed by expat:
no DTD (so no entity — billion laughs, XXE — ever reaches a parser), well-formed, bounded in size
and elements (nesting is bounded by lxml itself: 256 levels without huge_tree). python-docx then
reads exactly the bytes examined. Its own lxml parser does not resolve entities
(`resolve_entities=False`), but nothing with a DTD reaches it anyway.

A web page is bounded by its size before it is parsed; a DOCTYPE that declares entities is
refused. Every refusal is a `DocumentError` with one Chinese sentence.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from importing import zip_inflate
from importing.document import DocumentError
from model.readfile import UnreadableFile, read_limited

__all__ = ["MAX_DOCX_BYTES", "MAX_HTML_BYTES", "MAX_MHT_BYTES", "MAX_XML_DEPTH", "check_docx_bytes",
           "check_html_text", "read_document_bytes"]

#: A report as a .docx is tens of kilobytes; with photographs a few megabytes.
MAX_DOCX_BYTES = 50 * 1024 * 1024
#: A saved report page is a few hundred kilobytes (lxml parses 16 MB in a fraction of a second).
MAX_HTML_BYTES = 16 * 1024 * 1024
#: A single-file web page carries its images too (base64, a third larger than the images).
MAX_MHT_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2_000
#: Sum of the sizes the zip directory declares; each part is held to its declared size as it is inflated.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
#: python-docx builds every XML part as one lxml tree; its parser (huge_tree off) stops at 256 levels.
MAX_XML_DEPTH = 256
#: A long report's document.xml has a few hundred thousand elements; python-docx builds them all.
MAX_PART_ELEMENTS = 1_000_000
MAX_XML_PART_BYTES = 32 * 1024 * 1024
MAX_XML_TOTAL_BYTES = 64 * 1024 * 1024

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
WORD_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: Word packages python-docx does not open (it opens documents only): each is saved anew as .docx.
OTHER_WORD_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "Word 模板（.dotx）",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "启用宏的 Word 文档（.docm）",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "启用宏的 Word 模板（.dotm）",
}
UNSAFE_XML = "文档含有不安全的 XML 内容（实体或 DTD 声明），疑似恶意文件，未打开。"
TRUNCATED = "文档已损坏（文件不完整或压缩包结构无效，可能在下载或复制时被截断），请重新获取文件。"
_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: An entity declared in a web page's DOCTYPE (its internal subset); a plain <!DOCTYPE html> is fine.
_HTML_DTD = re.compile(r"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)


class _Refused(Exception):
    """Why a document is refused, one line of Chinese (the caller names the file)."""


def damaged(detail: str) -> _Refused:
    return _Refused(f"文档已损坏（{detail}），请重新获取文件。")


def _short(name: str) -> str:
    return name[:60]


def read_document_bytes(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The file's bytes, refused before reading when it is larger than `limit`, missing or not a file."""
    try:
        data = read_limited(Path(path), limit, what)
    except UnreadableFile as error:
        raise DocumentError(Path(path), f"{error}。") from None
    if not data:
        raise DocumentError(Path(path), "文件为空。")
    return data


# --- what the file really is ---------------------------------------------------------------------------


def _ole_problem(data: bytes) -> str:
    """An OLE compound file: an encrypted .docx, an old .doc or .xls. Stream names are UTF-16LE."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptionInfo") or has("EncryptedPackage"):
        return "文档已加密（设有打开密码），请在 Word 或 WPS 中取消密码并保存后再导入。"
    if has("WordDocument"):
        return ("这是旧版 Word 文档（.doc），只是扩展名为 .docx。请在 Word 或 WPS 文字中打开，"
                "选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入新文件。")
    if has("Workbook") or has("Book"):
        return "这是旧版 Excel 工作簿（.xls），不是 Word 文档。"
    return "这是旧版 Office 文件（OLE 复合文档），不是 Word 文档（.docx）。"


def _not_a_zip_problem(data: bytes) -> str:
    head = data[:1024]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF-"):
        return "不是 Word 文档：这是 PDF 文件，请将扩展名改为 .pdf 后导入。"
    if text.startswith(b"{\\rtf"):
        return "不是 Word 文档：这是 RTF 文档，请在 Word 或 WPS 中另存为 .docx 后导入。"
    if b"<html" in text or text.startswith((b"<!doctype html", b"<meta")):
        return "不是 Word 文档：这是网页（HTML），请将扩展名改为 .html 后导入。"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "不是 Word 文档：这是 XML 文件（可能是 Word 2003 XML 文档），请在 Word 中另存为 .docx 后导入。"
    if b"\x00" not in head and _decodes(head):
        return "不是 Word 文档：这是文本文件，请将扩展名改为 .txt 后导入。"
    return "不是 Word 文档（.docx），文件内容无法识别。"


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


# --- the zip -------------------------------------------------------------------------------------------


def check_docx_bytes(data: bytes, path: str | os.PathLike[str]) -> None:
    """Refuse anything that is not a plain, reasonably sized, undamaged .docx, without python-docx."""
    try:
        _check_docx(data)
    except _Refused as refusal:
        raise DocumentError(Path(path), str(refusal)) from None


def _check_docx(data: bytes) -> None:
    if len(data) > MAX_DOCX_BYTES:
        raise _Refused(f"文件超过 {MAX_DOCX_BYTES // (1024 * 1024)} MB，不像是年报。")
    if data.startswith(OLE_SIGNATURE):
        raise _Refused(_ole_problem(data))
    if not data.startswith(ZIP_SIGNATURES):
        raise _Refused(_not_a_zip_problem(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _Refused(TRUNCATED) from None
    except (OSError, ValueError, EOFError, NotImplementedError, struct.error, OverflowError):
        raise damaged("压缩包结构无效") from None
    with archive:
        _check_directory(archive)
        _check_content_types(data, archive)
        xml_budget = [MAX_XML_TOTAL_BYTES]
        for info in archive.infolist():
            if not info.is_dir():
                _check_part(data, archive, info, xml_budget)


def _check_directory(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise _Refused(f"压缩包内文件过多（{len(entries)} 个，上限 {MAX_ENTRIES}），疑似恶意文件，未打开。")
    names: set[str] = set()
    total = 0
    for entry in entries:
        if entry.filename in names:
            raise _Refused(f"文档内部结构异常（“{_short(entry.filename)}”重复出现），疑似被篡改，未打开。")
        names.add(entry.filename)
        if entry.flag_bits & 0x1:
            raise _Refused("文档已加密（设有打开密码），请先取消密码。")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(f"文档使用了不支持的压缩方式（{entry.compress_type}）。")
        total += entry.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _Refused(f"解压后超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB，疑似“压缩炸弹”，未打开。")
        if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise _Refused(f"“{_short(entry.filename)}”的压缩比异常（超过 {MAX_RATIO} 倍），疑似“压缩炸弹”，未打开。")


def _check_content_types(data: bytes, archive: zipfile.ZipFile) -> None:
    """Tell a workbook, a presentation, an OpenDocument file or a plain zip from a Word document."""
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        if "mimetype" in names:
            raise _Refused("这是 OpenDocument 文档（.odt/.ods），请在 WPS 或 LibreOffice 中另存为 .docx 后导入。")
        raise _Refused("不是 Word 文档（.docx）：这是一个普通的 zip 压缩包。")
    content = b"".join(_inflate(data, archive.getinfo("[Content_Types].xml")))
    _scan_xml("[Content_Types].xml", content)
    text = content.decode("utf-8", errors="replace")
    if WORD_DOCUMENT_TYPE in text:
        return
    for kind, name in OTHER_WORD_TYPES.items():
        if kind in text:
            raise _Refused(f"这是{name}，请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再导入。")
    if "spreadsheetml" in text:
        raise _Refused("不是 Word 文档：这是 Excel 工作簿，请将扩展名改为 .xlsx 后导入。")
    if "presentationml" in text:
        raise _Refused("不是 Word 文档：这是 PowerPoint 演示文稿（.pptx）。")
    raise _Refused("不是 Word 文档（.docx）：压缩包中没有文档正文。")


def _check_part(data: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo, xml_budget: list[int]) -> None:
    """Inflate one part, held to its declared size and CRC; if it is XML, count its tags (in C, before
    any Python handler runs: an element bomb is refused quickly) and parse it with expat."""
    try:
        archive.open(info).close()  # zipfile's own checks of the local header
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise damaged(f"“{_short(info.filename)}”的文件头无效") from None
    chunks = _inflate(data, info)
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= 8:
            break
    if not _looks_like_xml(head):
        for _chunk in chunks:
            pass  # not XML (an image, a font): inflated only to check its size and CRC
        return
    if info.file_size > MAX_XML_PART_BYTES:  # refused on its declared size, before inflating the rest
        raise _Refused(f"“{_short(info.filename)}”超过 {MAX_XML_PART_BYTES // (1024 * 1024)} MB，不像是年报，未打开。")
    xml_budget[0] -= info.file_size
    if xml_budget[0] < 0:
        raise _Refused(f"文档的 XML 内容合计超过 {MAX_XML_TOTAL_BYTES // (1024 * 1024)} MB，不像是年报，未打开。")
    content = head + b"".join(chunks)
    if _start_tags(content) > MAX_PART_ELEMENTS:
        raise _Refused(f"“{_short(info.filename)}”的 XML 元素超过 {MAX_PART_ELEMENTS:,} 个，不像是年报，未打开。")
    _scan_xml(info.filename, content)


def _start_tags(content: bytes) -> int:
    """How many elements the XML has (its start tags; "<" in text is always escaped), counted in C."""
    return content.count(b"<") - content.count(b"</") - content.count(b"<?") - content.count(b"<!")


def _looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b" \t\r\n").startswith(_XML_STARTS) or head[:2] in (b"<\x00", b"\x00<")


def _inflate(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's content in bounded chunks, never more than it declares (importing/zip_inflate.py)."""
    return zip_inflate.inflate(data, info, damaged)


def _scan_xml(name: str, content: bytes) -> None:
    """Parse the part with expat, handlers only for a DTD: well-formed, no DTD, at C speed. (Nesting
    is bounded where python-docx parses: lxml without huge_tree stops at 256 levels.)"""
    parser = expat.ParserCreate()

    def refuse(*_args: object) -> NoReturn:
        raise _Refused(UNSAFE_XML)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        where = f"第 {error.lineno} 行第 {error.offset + 1} 列"
        raise damaged(f"“{_short(name)}”的 XML 在{where}无法解析") from None


# --- web pages -------------------------------------------------------------------------------------------


def check_html_text(text: str, path: str | os.PathLike[str]) -> None:
    """Refuse a page whose DOCTYPE declares entities (the HTML parser would show them as text)."""
    if _HTML_DTD.search(text):
        raise DocumentError(Path(path), "网页含有实体声明（DTD），疑似恶意文件，未打开。")
