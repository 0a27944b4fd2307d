"""A foreign document (Word, a web page, a PDF, plain text) as the report reader takes it, whatever
its format: the blocks in reading order — paragraphs of text and tables — and how places in it are
said. Each format's opener (importing/docx_reader.py, html_reader.py, pdf_reader.py,
text_reader.py) makes a `SourceDocument`; importing/document_report.py reads the report from it.

Nothing here knows a file format, and nothing here decides what a block means."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importing.result import PartKind


class DocumentError(Exception):
    """A document that cannot be read at all (corrupt, scanned, hostile, a legacy format): the message
    is one Chinese sentence that names the file and, where it helps, what to do."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"无法读取“{self.path.name}”：{reason}")


@dataclass(frozen=True)
class TextBlock:
    """One paragraph as the person reads it (runs and tags joined; a line break inside it kept as "\\n").

    A source that does not say where its paragraphs end (pasted text, pdftotext output) gives one
    block per line with `wrapped` True; the report reader joins such lines into paragraphs."""

    text: str
    #: Where it is, as messages say it: "第 12 段", "第 3 页".
    place: str
    #: The heading level the source marks (Word's outline level or Heading n style, <h1>–<h6>; 0 is the
    #: title), None when the source marks none. A hint only: headings are recognised by their text.
    heading: int | None = None
    #: The page the block starts on (PDF), None when the source has no pages.
    page: int | None = None
    #: True for a line of hard-wrapped text whose paragraph boundaries the source does not give.
    wrapped: bool = False
    #: True when the source shows the block centred or bold (a title or a heading, as a hint).
    emphasised: bool = False


@dataclass(frozen=True)
class DocCell:
    """One cell of a document table: its text and the rows and columns it spans."""

    text: str
    row: int  # from 1
    column: int  # from 1
    rowspan: int = 1
    colspan: int = 1


class CellGrid:
    """A document table as a `importing.grid.Grid`: rows and columns numbered from 1, merged cells as
    spans. Text stays text: a number is read from it by the table reader (importing/values.py)."""

    def __init__(self, name: str, cells: list[DocCell], part_kind: PartKind = PartKind.TABLE) -> None:
        self._name = name
        self._cells = cells
        self._part_kind = part_kind

    @property
    def name(self) -> str:
        return self._name

    @property
    def part_kind(self) -> PartKind:
        return self._part_kind

    @property
    def doc_cells(self) -> list[DocCell]:
        return self._cells

    @property
    def row_count(self) -> int:
        return max((c.row + c.rowspan - 1 for c in self._cells), default=0)

    @property
    def column_count(self) -> int:
        return max((c.column + c.colspan - 1 for c in self._cells), default=0)

    def cells(self) -> Iterator[tuple[int, int, Any]]:
        for cell in self._cells:
            if cell.text.strip():
                yield cell.row, cell.column, cell.text

    def merged_spans(self) -> Iterator[tuple[int, int, int, int]]:
        for cell in self._cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                yield cell.row, cell.column, cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1

    def cell_ref(self, row: int, column: int) -> str:
        return f"第 {row} 行第 {column} 列"

    def column_ref(self, column: int) -> str:
        return f"第 {column} 列"

    def is_formula(self, row: int, column: int) -> bool:
        return False

    def formula_result(self, row: int, column: int) -> Any:
        return None


@dataclass
class TableBlock:
    """A table of the document, in reading order among the paragraphs."""

    grid: CellGrid
    place: str
    #: The page the table starts on and the page it ends on (PDF), None when the source has no pages.
    page: int | None = None
    last_page: int | None = None


Block = TextBlock | TableBlock


@dataclass
class SourceDocument:
    """What an opener read: the blocks in reading order and how the document is named."""

    path: Path
    #: The format as messages name it: "Word 文档", "网页", "PDF 文件", "文本".
    format_name: str
    blocks: list[Block] = field(default_factory=list)
    #: How a place in a table is said: 第 2 个表格 第 3 行 (TABLE) or 第 4 页 表格 1 (PAGE).
    part_kind: PartKind = PartKind.TABLE
    #: The document's own title where the format stores one (<title>, Word's core properties), else "".
    stated_title: str = ""
    #: Things the opener noticed and the person should know (a page without text, a skipped image).
    notes: list[str] = field(default_factory=list)

    def text_blocks(self) -> list[TextBlock]:
        return [b for b in self.blocks if isinstance(b, TextBlock)]

    def table_blocks(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]
