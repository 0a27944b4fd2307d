"""Opening a PDF with a text layer as a `SourceDocument` (importing/document.py).

pdfplumber (pdfminer.six underneath) gives every character with its box and font, and the cells
of every ruled table from its lines. Each page becomes its ruled tables (importing/pdf_tables.py)
and the lines of the characters outside them (importing/pdf_lines.py), in reading order; page
numbers and running headers and footers are removed; the paragraphs are rebuilt from the lines
by geometry over the whole document (importing/pdf_paragraphs.py), so that a paragraph that runs
on to the next page is one block. A table that runs on to the next page is one TableBlock a page.

A PDF without text (a scan) is refused: nianbao does not do OCR. The bytes are checked first and
pdfminer's failures mapped to one DocumentError (importing/pdf_safety.py)."""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importing.document import DocumentError, SourceDocument
from importing.pdf_lines import Char, Line, group_lines
from importing.pdf_paragraphs import build_blocks, measure
from importing.pdf_safety import (
    MAX_PAGE_CHARS,
    MAX_PAGES,
    MAX_SECONDS,
    SCANNED,
    TOO_MANY_PAGES,
    TOO_SLOW,
    quiet_pdfminer,
    read_pdf_bytes,
    reading_failure,
    reading_failures,
)
from importing.pdf_tables import BBox, PageTable, ruled_table
from importing.result import PartKind

__all__ = ["open_pdf", "read_pdf"]

#: Below this share of pages with text the PDF is a scan (a typed cover page on a scanned report).
MIN_TEXT_PAGES = 0.1
#: The top and bottom share of a page where page numbers and running headers are looked for.
MARGIN_ZONE = 0.12
#: What a character pdfminer cannot decode is shown as, and the share of such beyond which the
#: text layer is useless.
UNKNOWN = "\ufffd"
MAX_UNDECODED = 0.2
UNDECODABLE = ("PDF 文件的文字使用了没有编码信息的字体，无法识别。请导入该报告的 Word 原件（.docx）"
               "或政府网站上的网页（.html）")
_CID = re.compile(r"\(cid:\d+\)")
PAGE_NUMBER = re.compile(
    r"^[\s—–\-－_·•]*(?:第\s*)?[0-9０-９]+\s*(?:页)?\s*(?:[/／]\s*[0-9]+|共\s*[0-9]+\s*页)?[\s—–\-－_·•]*$"
    r"|^(?:page|p\.)\s*\d+(?:\s*(?:/|of)\s*\d+)?$", re.IGNORECASE)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    chars: list[Char]
    tables: list[list[BBox]] = field(default_factory=list)
    #: Characters pdfminer could not map to Unicode (shown as UNKNOWN).
    undecoded: int = 0

    @property
    def has_text(self) -> bool:
        return any(not c["text"].isspace() for c in self.chars)


def open_pdf(path: Path) -> SourceDocument:
    """The blocks of the PDF at `path`; DocumentError when it cannot be read or has no text layer."""
    path = Path(path)
    return read_pdf(path, read_pdf_bytes(path))


def read_pdf(path: Path, data: bytes) -> SourceDocument:
    """The blocks of the PDF whose bytes (already checked) are `data`; `path` names it in messages."""
    pages, title = _read_pages(path, data)
    if not pages:
        raise DocumentError(path, "PDF 文件没有任何页面")
    with_text = [page for page in pages if page.has_text]
    if not with_text or len(with_text) < MIN_TEXT_PAGES * len(pages):
        raise DocumentError(path, SCANNED)
    undecoded = sum(page.undecoded for page in pages)
    if undecoded > MAX_UNDECODED * sum(len(page.chars) for page in pages):
        raise DocumentError(path, UNDECODABLE)
    notes = [f"第 {page.number} 页没有可读取的文字（可能是扫描的图片），其内容未读取。"
             for page in pages if not page.has_text]
    notes += [f"第 {page.number} 页有 {page.undecoded} 个字符的字体没有编码信息，无法识别，显示为“{UNKNOWN}”，请核对。"
              for page in pages if page.undecoded]
    page_tables: list[list[PageTable]] = []
    page_lines: list[list[Line]] = []
    for page in pages:
        tables = [ruled_table(boxes, page.chars, page.number, n) for n, boxes in enumerate(page.tables, start=1)]
        outside = [c for c in page.chars if not any(t.holds(c) for t in tables)]
        page_tables.append(tables)
        page_lines.append(group_lines(outside, page.number))
    _remove_furniture(page_lines, pages)
    ordered: list[Line | PageTable] = []
    for lines, tables in zip(page_lines, page_tables, strict=True):
        ordered.extend(sorted([*lines, *tables], key=lambda item: item.top))
    all_lines = [line for lines in page_lines for line in lines]
    layout = measure(all_lines, pages[0].width if pages else 595.0)
    blocks = build_blocks(ordered, layout)
    return SourceDocument(path, "PDF 文件", blocks, PartKind.PAGE, title, notes)


def _read_pages(path: Path, data: bytes) -> tuple[list[_Page], str]:
    """Every page's characters and ruled tables, as pdfplumber finds them, within the limits."""
    import pdfplumber

    started = time.monotonic()
    pages: list[_Page] = []
    title = ""
    try:
        with quiet_pdfminer(), pdfplumber.open(io.BytesIO(data)) as pdf:
            title = _stated_title(pdf.metadata)
            if _declared_pages(pdf) > MAX_PAGES or len(pdf.pages) > MAX_PAGES:
                raise DocumentError(path, TOO_MANY_PAGES)
            for number, page in enumerate(pdf.pages, start=1):
                chars = [c for c in page.chars if c.get("upright", True)]
                undecoded = _mark_undecoded(chars)
                if len(chars) > MAX_PAGE_CHARS:
                    raise DocumentError(path, f"第 {number} 页的文字异常多，不像一份年度报告，为安全起见不予读取")
                # A page without drawn lines has no ruled table: finding tables is the slow part.
                ruled = page.find_tables() if page.lines or page.rects else []
                tables = [[tuple(cell) for cell in table.cells] for table in ruled]
                pages.append(_Page(number, float(page.width), float(page.height), chars,
                                   [boxes for boxes in tables if len(boxes) >= 2], undecoded))  # type: ignore[misc]
                page.close()  # pdfplumber caches each page's objects: a long PDF stays small
                if time.monotonic() - started > MAX_SECONDS:
                    raise DocumentError(path, TOO_SLOW)
    except DocumentError:
        raise
    except reading_failures() as error:
        raise reading_failure(path, error) from None
    return pages, title


def _declared_pages(pdf: Any) -> int:
    """The page count the page tree states (a tree that lists a node twice states 2^40: refused before
    anything walks it)."""
    from pdfminer.pdftypes import resolve1

    pages = resolve1(pdf.doc.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else 0


def _mark_undecoded(chars: list[Char]) -> int:
    """Characters pdfminer gives as "(cid:19)" (a font without its Unicode map) shown as UNKNOWN,
    so that a number with one in it is no number (and reported) rather than a shorter number."""
    count = 0
    for char in chars:
        if _CID.fullmatch(char["text"]):
            char["text"] = UNKNOWN
            count += 1
    return count


def _stated_title(metadata: Any) -> str:
    title = metadata.get("Title") if isinstance(metadata, dict) else None
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    return title.strip() if isinstance(title, str) else ""


def _remove_furniture(page_lines: list[list[Line]], pages: list[_Page]) -> None:
    """Page numbers and the running headers and footers repeated on the pages, in the top or bottom
    margin zone, taken out of each page's lines (in place)."""
    def in_zone(line: Line, page: _Page) -> bool:
        return line.bottom <= page.height * MARGIN_ZONE or line.top >= page.height * (1 - MARGIN_ZONE)

    def candidates(lines: list[Line], page: _Page) -> list[Line]:
        edge = lines[:2] + lines[-2:] if len(lines) > 4 else list(lines)
        return [line for line in edge if in_zone(line, page)]

    repeated = Counter(_shape(line.text) for lines, page in zip(page_lines, pages, strict=True)
                       for line in {id(x): x for x in candidates(lines, page)}.values())
    text_pages = sum(1 for lines in page_lines if lines)
    for lines, page in zip(page_lines, pages, strict=True):
        for line in candidates(lines, page):
            count = repeated[_shape(line.text)]
            furniture = PAGE_NUMBER.match(line.text.strip()) or (text_pages >= 2 and count >= max(2, text_pages // 2))
            if furniture and line in lines:
                lines.remove(line)


def _shape(text: str) -> str:
    """A header's text with its numbers and spaces out: the same on every page."""
    return re.sub(r"[\s0-9０-９]+", "", text)
