"""A Word document (.docx, from Word or WPS) as a `SourceDocument`.

The file is examined first (importing/document_safety.py); python-docx then opens the bytes
examined, and the body is walked as XML, element by element in reading order: paragraphs and
tables interleaved, content controls (w:sdt), custom XML and inserted text (tracked changes)
entered, deleted and moved-away text left out. Elements are matched by their local name so that
the namespace prefixes WPS writes change nothing; a table's columns
come from its cells (gridSpan, gridBefore), never from w:tblGrid, which WPS may leave out.
What the styles and list numbering add to a paragraph is read by importing/docx_styles.py.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from importing.document import Block, CellGrid, DocCell, DocumentError, SourceDocument, TableBlock, TextBlock
from importing.document_safety import MAX_DOCX_BYTES, MAX_XML_DEPTH, check_docx_bytes, read_document_bytes
from importing.docx_styles import Numbering, Styles, as_int, attribute, child, is_on, local_name, numbering_root

__all__ = ["docx_document", "open_docx"]

FORMAT_NAME = "Word 文档"
#: What python-docx and lxml under it raise on a malformed package; caught around python-docx only.
_DOCX_FAILURES: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, EOFError,
    etree.LxmlError, NotImplementedError, RecursionError)
#: Elements whose content is read as if it stood in their place.
_TRANSPARENT = {"sdt", "sdtContent", "customXml", "ins", "smartTag", "hyperlink", "fldSimple", "dir", "bdo"}
#: Elements whose content is not part of the text as printed.
_SKIPPED = {"del", "moveFrom", "instrText", "delText", "delInstrText", "sdtPr", "sdtEndPr", "pPr", "rPr",
            "footnoteReference", "endnoteReference", "commentReference", "Fallback", "txbxContent"}
MAX_SPAN = 64


def open_docx(path: Path) -> SourceDocument:
    """The paragraphs and tables of the Word document at `path`; DocumentError when it cannot be read."""
    path = Path(path)
    data = read_document_bytes(path, MAX_DOCX_BYTES, " Word 文档")
    return docx_document(data, path)


def docx_document(data: bytes, path: Path) -> SourceDocument:
    """The document in `data` (a .docx's bytes), `path` naming it in messages."""
    check_docx_bytes(data, path)
    import docx  # the library is loaded only when a Word document is read
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError

    failures: tuple[type[BaseException], ...] = (*_DOCX_FAILURES, PythonDocxError, OpcError)

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        title = document.core_properties.title or ""
        styles = Styles(document.styles.element)
        numbering = Numbering(numbering_root(document), styles)
    except MemoryError:
        raise DocumentError(path, "文档过大，内存不足。") from None
    except etree.XMLSyntaxError as error:
        if "depth" in str(error).lower():
            raise DocumentError(path, f"文档的 XML 嵌套超过 {MAX_XML_DEPTH} 层，疑似恶意文件，未打开。") from None
        raise DocumentError(path, "文档已损坏（XML 无法解析），"
                                  "请在 Word 或 WPS 中打开后另存为 .docx 再导入。") from None
    except failures as error:
        raise DocumentError(path, f"文档已损坏或格式不受支持（{type(error).__name__}），"
                                  f"请在 Word 或 WPS 中打开后另存为 .docx 再导入。") from None
    if body is None:
        raise DocumentError(path, "文档中没有正文（document.xml 缺少 w:body），"
                                  "请在 Word 或 WPS 中打开后另存为 .docx 再导入。")
    reader = _BodyReader(styles, numbering)
    reader.read(body)
    return SourceDocument(path=path, format_name=FORMAT_NAME, blocks=reader.blocks,
                          stated_title=title.strip(), notes=reader.notes())


@dataclass
class _OpenCell:
    """A cell while its table is read: its rowspan grows with every w:vMerge continuation below it."""

    text: str
    row: int
    column: int
    colspan: int
    rowspan: int = 1


class _BodyReader:
    """Walks the document body (no recursion over the XML depth: the safety scan bounded it)."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.images = 0
        self.contents_skipped = False
        self.chunks = 0
        self.hidden: list[str] = []

    def read(self, body: Any) -> None:
        self._read_container(body)

    def notes(self) -> list[str]:
        notes: list[str] = list(self.hidden)
        if self.images:
            notes.append(f"文档中有 {self.images} 张图片，图片中的文字未读取。")
        if self.contents_skipped:
            notes.append("文档中的目录未作为正文读取。")
        if self.chunks:
            notes.append(f"文档中嵌入了 {self.chunks} 段其他格式的内容（altChunk），未读取，请核对是否有遗漏。")
        return notes

    def _read_container(self, container: Any) -> None:
        for element in container:
            name = local_name(element)
            if name == "p":
                self._paragraph(element)
            elif name == "tbl":
                self.tables += 1
                place = f"第 {self.tables} 个表格"
                self.blocks.append(TableBlock(grid=CellGrid(place, self._table_cells(element)), place=place))
            elif name == "sdt" and _is_table_of_contents(element):
                self.contents_skipped = True  # its lines repeat the headings, with page numbers
            elif name in _TRANSPARENT:
                self._read_container(element)
            elif name == "altChunk":
                self.chunks += 1
            elif name == "AlternateContent":
                choice = child(element, "Choice")
                if choice is not None:
                    self._read_container(choice)

    def _paragraph(self, element: Any) -> None:
        label = self.numbering.label(element)  # counted even when the paragraph is empty, as Word does
        text = paragraph_text(element)
        text = label + text if text.strip() else text
        self.images += sum(1 for e in element.iter() if local_name(e) in ("drawing", "pict")
                           and not any(local_name(d) == "txbxContent" for d in e.iter()))
        if text.strip():
            self.paragraphs += 1
            self.blocks.append(TextBlock(text=text, place=f"第 {self.paragraphs} 段",
                                         heading=self._heading(element), emphasised=self._emphasised(element)))
        # Text boxes anchored in the paragraph, after it (each once: the VML fallback is skipped).
        for box in _text_boxes(element):
            self._read_container(box)

    def _style_id(self, element: Any) -> str | None:
        style = child(child(element, "pPr"), "pStyle")
        return attribute(style, "val") if style is not None else None

    def _heading(self, element: Any) -> int | None:
        outline = child(child(element, "pPr"), "outlineLvl")
        if outline is not None:
            level = as_int(attribute(outline, "val"), 9)
            return level + 1 if level < 9 else None
        return self.styles.heading(self._style_id(element))

    def _emphasised(self, element: Any) -> bool:
        style_id = self._style_id(element)
        jc = child(child(element, "pPr"), "jc")
        if jc is not None:
            if attribute(jc, "val") in ("center", "centre"):
                return True
        elif self.styles.centred(style_id):
            return True
        style_bold = self.styles.bold(style_id)
        runs = [r for r in _text_runs(element) if _run_text(r).strip()]
        if not runs:
            return False
        return all(_run_bold(run, style_bold) for run in runs)

    def _table_cells(self, table: Any) -> list[DocCell]:
        cells: list[_OpenCell] = []
        #: Column where a cell starts → the cell above that a w:vMerge continuation extends.
        above: dict[int, _OpenCell] = {}
        row_number = 0
        for row in _rows(table):
            row_number += 1
            trpr = child(row, "trPr")
            column = 1 + min(MAX_SPAN, max(0, as_int(attribute(child(trpr, "gridBefore"), "val")
                                                   if child(trpr, "gridBefore") is not None else None, 0)))
            starts: dict[int, _OpenCell] = {}
            for cell in _row_cells(row):
                tcpr = child(cell, "tcPr")
                span_element = child(tcpr, "gridSpan")
                span = min(MAX_SPAN, max(1, as_int(attribute(span_element, "val")
                                                 if span_element is not None else None, 1)))
                hmerge = child(tcpr, "hMerge")
                vmerge = child(tcpr, "vMerge")
                if hmerge is not None and (attribute(hmerge, "val") or "continue") == "continue" and cells \
                        and cells[-1].row == row_number:
                    cells[-1].colspan += span  # the legacy horizontal merge: one cell wider
                    column += span
                    continue
                continued = vmerge is not None and (attribute(vmerge, "val") or "continue") == "continue"
                if continued and column in above:
                    first = above[column]
                    first.rowspan = row_number - first.row + 1
                    starts[column] = first
                    hidden = cell_text(cell).strip()
                    if hidden:  # Word shows only the merged cell: say what it hides rather than drop it unsaid
                        self.hidden.append(f"第 {self.tables} 个表格第 {row_number} 行第 {column} 列在合并单元格内，"
                                           f"其中的文字“{hidden[:30]}”在 Word 中不显示，未读取。")
                else:
                    opened = _OpenCell(text=cell_text(cell, self.numbering.label), row=row_number, column=column,
                                       colspan=span)
                    cells.append(opened)
                    starts[column] = opened
                column += span
            above = starts
        return [DocCell(text=c.text, row=c.row, column=c.column, rowspan=c.rowspan, colspan=c.colspan)
                for c in cells]


def _is_table_of_contents(sdt: Any) -> bool:
    gallery = child(child(child(sdt, "sdtPr"), "docPartObj"), "docPartGallery")
    return gallery is not None and (attribute(gallery, "val") or "").lower() == "table of contents"


def _rows(table: Any) -> list[Any]:
    """The table's own rows (w:tr), also those inside content controls or custom XML."""
    return _gather(table, "tr")


def _row_cells(row: Any) -> list[Any]:
    return _gather(row, "tc")


def _gather(parent: Any, wanted: str) -> list[Any]:
    found: list[Any] = []
    pending = list(reversed(parent))  # a stack: the next element last
    while pending:
        element = pending.pop()
        name = local_name(element)
        if name == wanted:
            found.append(element)
        elif name in ("sdt", "sdtContent", "customXml"):
            pending.extend(reversed(element))
    return found


def cell_text(cell: Any, label: Callable[[Any], str] = lambda _p: "") -> str:
    """A cell's paragraphs (each after the number `label` gives it) joined with "\\n"; a nested table
    flattened row by row (cells by "\\t")."""
    lines: list[str] = []
    for element in _content(cell):
        name = local_name(element)
        if name == "p":
            number = label(element)
            text = paragraph_text(element)
            lines.append(number + text if text.strip() else text)
        elif name == "tbl":
            for row in _rows(element):
                lines.append("\t".join(cell_text(c, label) for c in _row_cells(row)))
    return "\n".join(lines).strip("\n")


def _content(container: Any) -> list[Any]:
    """Paragraphs and tables of a cell, content controls entered."""
    found: list[Any] = []
    pending = list(reversed(container))  # a stack: the next element last
    while pending:
        element = pending.pop()
        name = local_name(element)
        if name in ("p", "tbl"):
            found.append(element)
        elif name in ("sdt", "sdtContent", "customXml"):
            pending.extend(reversed(element))
    return found


def _text_runs(paragraph: Any) -> list[Any]:
    """The paragraph's runs (w:r) as printed: inside hyperlinks, fields, insertions and content
    controls, not inside deletions, moved-away text or text boxes."""
    runs: list[Any] = []
    pending = list(reversed(paragraph))  # a stack: the next element last
    while pending:
        element = pending.pop()
        name = local_name(element)
        if name == "r":
            runs.append(element)
        elif name in _SKIPPED:
            continue
        elif name == "AlternateContent":
            choice = child(element, "Choice")
            if choice is not None:
                pending.extend(reversed(choice))
        else:
            pending.extend(reversed(element))
    return runs


def _run_text(run: Any) -> str:
    rpr = child(run, "rPr")
    if is_on(child(rpr, "vanish")):
        return ""  # hidden text: not printed, not read
    pieces: list[str] = []
    for element in run:
        name = local_name(element)
        if name == "t":
            pieces.append(element.text or "")
        elif name == "tab" or name == "ptab":
            pieces.append("\t")
        elif name in ("br", "cr"):
            if attribute(element, "type") not in ("page", "column"):
                pieces.append("\n")
        elif name == "noBreakHyphen":
            pieces.append("-")
    return "".join(pieces)


def _run_bold(run: Any, style_bold: bool) -> bool:
    bold = child(child(run, "rPr"), "b")
    return is_on(bold) if bold is not None else style_bold


def paragraph_text(paragraph: Any) -> str:
    """The paragraph's text as printed: soft line breaks as "\\n", tabs as "\\t"."""
    return "".join(_run_text(run) for run in _text_runs(paragraph))


def _text_boxes(paragraph: Any) -> list[Any]:
    """The text boxes anchored in a paragraph, each once (DrawingML, not its VML fallback)."""
    boxes: list[Any] = []
    for element in paragraph.iter():
        if local_name(element) != "txbxContent":
            continue
        ancestor = element.getparent()
        inside_fallback = False
        while ancestor is not None and ancestor is not paragraph:
            if local_name(ancestor) in ("Fallback", "txbxContent"):
                inside_fallback = True
                break
            ancestor = ancestor.getparent()
        if not inside_fallback:
            boxes.append(element)
    return boxes
