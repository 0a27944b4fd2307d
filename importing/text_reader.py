"""Plain text as a `SourceDocument`: a .txt file (pdftotext output, a saved copy of a web page's
text) or text pasted into the app. Plain text does not say where its paragraphs end, so every
non-empty line is one wrapped `TextBlock`; the report reader joins them.

What the text carries of its source is kept: tabs (text copied from a Word or PDF table is
tab-separated, and an empty field is a blank cell), and form feeds (pdftotext puts one between
pages) become page numbers. Page furniture — a page number alone on its line — is left out, since
inside a table it would read as a number of the table."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from importing.document import DocumentError, SourceDocument, TextBlock

#: A larger "text" file is not a report (a report's text is well under 1 MB).
MAX_TEXT_BYTES = 20 * 1024 * 1024
#: A longer line is pasted junk (a data dump, a minified page); only its beginning is read.
MAX_LINE_CHARS = 20_000
FORMAT_NAME = "文本"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: A page number as printed in a footer: "— 3 —", "- 3 -", "－3－", "第 3 页", "第3页/共10页", "3/10".
_PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–―－~～]+\s*\d{1,4}\s*[-—–―－~～]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[/／,，]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}\s*页?)\s*")
_BARE_NUMBER = re.compile(r"\s*(\d{1,4})\s*")
#: Control characters other than tab (and the line and page breaks handled before): never text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffe]")


def is_page_furniture(line: str) -> bool:
    """True for a line that is only a page number in a footer's form ("— 3 —", "第 3 页")."""
    return _PAGE_NUMBER.fullmatch(unicodedata.normalize("NFKC", line)) is not None


def open_text_file(path: Path) -> SourceDocument:
    """The lines of the text file at `path`; DocumentError when it is too large, unreadable or not text."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise DocumentError(path, f"文件过大（{size // (1024 * 1024)} MB），不是年度报告的文本"
                                      f"（可导入不超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB 的文本文件）。")
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(path, f"无法打开文件（{error.strerror or error}）。") from error
    return text_document(decode_text(data, path), path)


def decode_text(data: bytes, path: Path) -> str:
    """`data` as text: by its byte-order mark, else UTF-8, else GB18030 (what Chinese Windows saves),
    else what charset-normalizer finds; DocumentError "不是文本文件" for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding), path)
            except UnicodeDecodeError as error:
                raise DocumentError(path, "不是文本文件（编码标记与内容不符）。") from error
    if b"\x00" not in data:  # UTF-16 without a mark has NULs; UTF-8 and GB18030 text has none
        for encoding in ("utf-8", "gb18030"):
            try:
                return _checked(data.decode(encoding), path)
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(path, "不是文本文件（无法识别其编码）。")
    return _checked(str(best), path)


def _checked(text: str, path: Path) -> str:
    """`text` unless it is mostly control characters (a binary file that happens to decode)."""
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls > max(8, len(sample) // 20):
        raise DocumentError(path, "不是文本文件（内容含大量控制字符，可能是二进制文件）。")
    return text


def text_document(text: str, path: Path) -> SourceDocument:
    """`text` as a document: one wrapped block per non-empty line, at "第 N 行", on the page its form
    feeds count (None when it has none); page numbers alone on their line left out."""
    path = Path(path)
    doc = SourceDocument(path=path, format_name=FORMAT_NAME)
    paged = "\f" in text
    lines: list[tuple[int, int, str]] = []  # (line number, page, text)
    page = 1
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        for i, segment in enumerate(raw.split("\f")):
            if i:
                page += 1
                lines.append((number, page, "\f"))  # where a page begins, for the page furniture below
            lines.append((number, page, segment))
    long_lines: list[int] = []
    kept: list[tuple[int, int, str]] = []
    for number, line_page, segment in lines:
        if segment == "\f":
            kept.append((number, line_page, segment))
            continue
        clean = _CONTROL.sub("", segment).rstrip(" \u3000")
        if len(clean) > MAX_LINE_CHARS:
            long_lines.append(number)
            clean = clean[:MAX_LINE_CHARS]
        if clean.strip() and not is_page_furniture(clean):
            kept.append((number, line_page, clean))
    if paged:  # the end of the text ends the last page (pdftotext ends it with a form feed too)
        kept.append((0, page + 1, "\f"))
    for i in _page_edge_numbers(kept):
        kept[i] = (0, 0, "\f")
    for number, line_page, line in kept:
        if line != "\f":
            doc.blocks.append(TextBlock(line, f"第 {number} 行", page=line_page if paged else None, wrapped=True))
    if long_lines:
        where = "、".join(f"第 {n} 行" for n in long_lines[:3]) + ("等" if len(long_lines) > 3 else "")
        doc.notes.append(f"{where}过长（超过 {MAX_LINE_CHARS} 个字符），只读取了每行的前 {MAX_LINE_CHARS} 个字符。")
    return doc


def _page_edge_numbers(lines: list[tuple[int, int, str]]) -> list[int]:
    """Indexes of a bare number alone on the last line before a form feed or the first after one
    that can be that page's printed number (not above its place in the file: 38651 is no page)."""
    found = []
    for i, (_number, page, line) in enumerate(lines):
        if line != "\f":
            continue
        for j, expected_page in ((i - 1, page - 1), (i + 1, page)):
            if 0 <= j < len(lines) and lines[j][2] != "\f":
                match = _BARE_NUMBER.fullmatch(lines[j][2])
                if match and 1 <= int(match.group(1)) <= expected_page:
                    found.append(j)
    return found
