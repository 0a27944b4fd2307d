"""A document's tables as the table reader takes them: one table that a page break (or the person
typing it) split into several joined again, its repeated header rows and the page numbers printed
inside it left out, and the numbers in its cells given as numbers (so that one the reader cannot
place is reported, as in a workbook).

A later table continues the one before it when nothing but blank lines, page numbers or a short
page header stands between them, and either it has no header of its own (its first row names no
column and no caption of the template) with the same number of columns, or its leading rows repeat
the earlier table's header rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from importing.doc_paragraphs import clean, is_page_number
from importing.document import Block, CellGrid, DocCell, TableBlock, TextBlock
from importing.labels import LabelIndex, label_key
from importing.result import PartKind
from model.template import Table

_INTEGER = re.compile(r"^\s*-?\d+\s*$")
_DECIMAL = re.compile(r"^\s*-?\d+\.\d+\s*$")
#: Text that may stand between two parts of one table: "续表", "（续）".
_CONTINUED = re.compile(r"^\s*[（(]?\s*续(?:表|上表)?\s*[)）]?\s*$")
MAX_PAGE_HEADER_CHARS = 40


def cell_value(text: str) -> Any:
    """A cell's text as the grid gives it: a plain number as int or Decimal, other text as it is."""
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return Decimal(text.strip())
    return text


@dataclass(frozen=True)
class _Piece:
    grid: CellGrid
    #: The rows of `grid` kept, in order.
    rows: tuple[int, ...]
    #: True when the first kept row is the rest of the previous piece's last row (a row the page
    #: break cut in two: its labels continue, its numbers are above the break).
    continues_row: bool = False


class JoinedGrid(CellGrid):
    """One table of the report made of one or more document tables (`importing.grid.Grid`).
    A cell is named by the document table it is in and its row there, and a number in it is given
    as a number (`cell_value`). The pieces are aligned on their right edge: the numbers stand in the
    last columns, the labels (which a page may print in fewer merged columns) at the left."""

    def __init__(self, pieces: list[_Piece], part_kind: PartKind) -> None:
        self._joined = len(pieces) > 1
        super().__init__("、".join(p.grid.name for p in pieces) if self._joined else pieces[0].grid.name, [],
                         part_kind)
        #: joined row → (its grid's name, row in it)
        self._origin: dict[int, tuple[str, int]] = {}
        width = max(p.grid.column_count for p in pieces)
        row = 0
        for piece in pieces:
            shift = width - piece.grid.column_count
            new_row: dict[int, int] = {}
            rows = list(piece.rows)
            if piece.continues_row and rows and row:
                new_row[rows.pop(0)] = row
            for r in rows:
                row += 1
                new_row[r] = row
                self._origin[row] = (piece.grid.name, r)
            for cell in piece.grid.doc_cells:
                covered = [new_row[r] for r in range(cell.row, cell.row + cell.rowspan) if r in new_row]
                if not covered:
                    continue
                moved = DocCell(cell.text, covered[0], cell.column + shift, len(set(covered)), cell.colspan)
                if piece.continues_row and cell.row == piece.rows[0]:
                    self._continue_cell(moved, len(covered) - 1)
                else:
                    self._cells.append(moved)
        self.names = tuple(p.grid.name for p in pieces)

    def _continue_cell(self, cell: DocCell, more_rows: int) -> None:
        """The rest of a cut row's cell: its text joins the text above the break, its span grows."""
        if not cell.text.strip():
            return
        for i, above in enumerate(self._cells):
            if _overlap(above, cell) and above.row <= cell.row < above.row + above.rowspan:
                self._cells[i] = DocCell(above.text + cell.text, above.row, above.column,
                                         above.rowspan + more_rows, above.colspan)
                return
        self._cells.append(cell)

    def cells(self) -> Iterator[tuple[int, int, Any]]:
        for cell in self._cells:
            if cell.text.strip():
                yield cell.row, cell.column, cell_value(cell.text)

    def cell_ref(self, row: int, column: int) -> str:
        name, original = self._origin.get(row, (self._name, row))
        where = f"第 {original} 行第 {column} 列"
        return f"（{name}）{where}" if self._joined else where


def _row_texts(grid: CellGrid) -> dict[int, list[tuple[int, str]]]:
    rows: dict[int, list[tuple[int, str]]] = {r: [] for r in range(1, grid.row_count + 1)}
    for cell in grid.doc_cells:
        if cell.text.strip():
            rows.setdefault(cell.row, []).append((cell.column, cell.text.strip()))
    return {r: sorted(texts) for r, texts in rows.items()}


def _is_number(text: str) -> bool:
    return bool(_INTEGER.match(text) or _DECIMAL.match(text))


def _page_number_rows(rows: dict[int, list[tuple[int, str]]]) -> set[int]:
    """Rows that hold nothing but a page number ("— 5 —"); a bare number alone is data and stays."""
    return {r for r, texts in rows.items() if len(texts) == 1 and is_page_number(texts[0][1])
            and not _is_number(texts[0][1])}


def _header_rows(rows: dict[int, list[tuple[int, str]]], skip: set[int]) -> list[int]:
    """The leading rows without a number: the header (and caption) rows."""
    header = []
    for r in sorted(rows):
        if r in skip or not rows[r]:
            continue
        if any(_is_number(text) for _c, text in rows[r]):
            break
        header.append(r)
    return header


def _signature(texts: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    return tuple((c, label_key(t)) for c, t in texts)


def _number_columns(grid: CellGrid, rows: dict[int, list[tuple[int, str]]]) -> set[int]:
    """The columns holding numbers, counted from the right edge (0 = the last column)."""
    width = grid.column_count
    return {width - c for texts in rows.values() for c, text in texts if _is_number(text)}


class _Group:
    def __init__(self, block: TableBlock, index: LabelIndex) -> None:
        self.index = index
        self.blocks = [block]
        self.cut_rows: set[int] = set()  # positions of the blocks whose first row continues a cut row
        rows = _row_texts(block.grid)
        self.skip = _page_number_rows(rows)
        self.header = {_signature(rows[r]) for r in _header_rows(rows, self.skip)}
        self.number_columns = _number_columns(block.grid, rows)
        self.last_page = block.last_page if block.last_page is not None else block.page

    def pieces(self) -> list[_Piece]:
        pieces = []
        for i, block in enumerate(self.blocks):
            rows = _row_texts(block.grid)
            drop = _page_number_rows(rows)
            if i:
                drop |= {r for r in _header_rows(rows, drop) if _signature(rows[r]) in self.header}
            kept = tuple(r for r in sorted(rows) if r not in drop and rows[r])  # a row of nothing has nothing to read
            pieces.append(_Piece(block.grid, kept, i in self.cut_rows))
        return pieces

    def continued_by(self, block: TableBlock, between: list[TextBlock]) -> bool:
        pages_follow = block.page is not None and self.last_page is not None and \
            block.page in (self.last_page, self.last_page + 1)
        if not all(_may_stand_between(b, pages_follow) for b in between):
            return False
        rows = _row_texts(block.grid)
        skip = _page_number_rows(rows)
        header = _header_rows(rows, skip)
        if header and all(_signature(rows[r]) in self.header for r in header):
            return True  # the header repeated after a page break
        first = next((rows[r] for r in sorted(rows) if rows[r] and r not in skip), [])
        labels = self.index.column_labels | self.index.captions
        if not first or any(label_key(text) in labels for _c, text in first):
            return False  # a table with a header of its own
        numbers = _number_columns(block.grid, rows)
        if not self.number_columns:  # a header alone above the break: the numbers must fit under it
            return bool(numbers) and max(numbers) < self.blocks[-1].grid.column_count
        return bool(numbers) and numbers <= self.number_columns

    def header_fragment_fits(self, block: TableBlock,
                             between: list[TextBlock]) -> tuple[TableBlock, TableBlock] | None:
        """The header alone at the end of a page (a table of labels, no number) as it stands over
        `block`, the table at the top of the next page whose header rows continue it: its cells
        spread over `block`'s columns by the template's header, or None when they do not fit it
        for certain (then the two are not joined: a wrong column is worse than none)."""
        if self.number_columns or len(self.blocks) != 1 or block.page is None or self.last_page is None \
                or block.page != self.last_page + 1 or not all(_may_stand_between(b, True) for b in between):
            return None
        fragment = self.blocks[0]
        aligned = align_header_fragment(fragment.grid, block.grid, self.index)
        if aligned is None:
            return None
        header, rest = aligned
        return (TableBlock(header, fragment.place, fragment.page, fragment.last_page),
                TableBlock(rest, block.place, block.page, block.last_page))

    def join_header(self, header: TableBlock, rest: TableBlock) -> None:
        """The header fragment, aligned, and the table under it (its header rows its own)."""
        self.blocks = [header, rest]
        rows = _row_texts(rest.grid)
        self.number_columns = _number_columns(rest.grid, rows)
        self.last_page = rest.last_page if rest.last_page is not None else rest.page

    def add(self, block: TableBlock) -> None:
        if self._cuts_row(block):
            self.cut_rows.add(len(self.blocks))
        self.blocks.append(block)
        self.last_page = block.last_page if block.last_page is not None else block.page

    def _known(self, key: str) -> bool:
        """A label of the template: a row's, a group's, a column's, a caption, the corner's note."""
        index = self.index
        return bool(key) and (key in index.known or key in index.column_labels or key in index.captions
                              or index.match_row(key) is not None or index.group_key(key) is not None)

    def _cuts_row(self, block: TableBlock) -> bool:
        """True when `block` starts with the labels of a row the page break cut (a header row or a row
        of data): a row without numbers whose labels, added to those of the last row above the break,
        are the template's while they are not on their own."""
        rows = _row_texts(block.grid)
        skip = _page_number_rows(rows) | {r for r in _header_rows(rows, set()) if _signature(rows[r]) in self.header}
        first_row = next((r for r in sorted(rows) if rows[r] and r not in skip), None)
        if first_row is None or any(_is_number(text) for _c, text in rows[first_row]):
            return False
        previous = self.blocks[-1].grid
        above = _row_texts(previous)
        last = next((r for r in sorted(above, reverse=True) if above[r]), None)
        if last is None:
            return False
        width = max(previous.column_count, block.grid.column_count)
        below = [_aligned(c, width - block.grid.column_count) for c in block.grid.doc_cells
                 if c.row == first_row and c.text.strip()]
        upper = [_aligned(c, width - previous.column_count) for c in previous.doc_cells
                 if c.row == last and c.text.strip()]
        for cell in below:
            for before in upper:
                if not _overlap(before, cell):
                    continue
                if self._known(label_key(before.text + cell.text)) and not self._known(label_key(cell.text)):
                    return True
        return False


def _aligned(cell: DocCell, shift: int) -> DocCell:
    return DocCell(cell.text, cell.row, cell.column + shift, cell.rowspan, cell.colspan)


def _overlap(a: DocCell, b: DocCell) -> bool:
    """True when the two cells share a column."""
    return a.column <= b.column + b.colspan - 1 and b.column <= a.column + a.colspan - 1


def _may_stand_between(block: TextBlock, pages_follow: bool) -> bool:
    text = clean(block.text).strip()
    if not text or is_page_number(text) or _CONTINUED.match(text):
        return True
    # A page's running header or footer between the two halves of a table split by the page break.
    return pages_follow and len(text) <= MAX_PAGE_HEADER_CHARS and "。" not in text


def join_tables(blocks: list[Block], index: LabelIndex, part_kind: PartKind,
                is_heading: Callable[[TextBlock], bool]) -> list[JoinedGrid]:
    """The document's tables in order, those split apart joined; `is_heading` tells a section heading
    (which a table never continues across)."""
    groups: list[_Group] = []
    between: list[TextBlock] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            between.append(block)
            continue
        if groups and not any(is_heading(b) for b in between) and groups[-1].continued_by(block, between):
            groups[-1].add(block)
        elif groups and not any(is_heading(b) for b in between) and \
                (fitted := groups[-1].header_fragment_fits(block, between)) is not None:
            groups[-1].join_header(*fitted)
        else:
            groups.append(_Group(block, index))
        between = []
    return [JoinedGrid(group.pieces(), part_kind) for group in groups]


# -- a header cut by the page break above its lower rows --

#: A run of a table's columns under one header label at one level: (label key, first, last column
#: index in the table's columns, from 0).
_Run = tuple[str, int, int]


def _header_runs(table: Table, level: int) -> list[_Run]:
    """The header cells of `table` at `level` (0 = the top row), left to right: each label over the
    columns whose header path it is at that level (a column whose path ends above has none)."""
    runs: list[_Run] = []
    previous: tuple[str, ...] | None = None
    for i, column in enumerate(table.columns):
        if len(column.path) <= level:
            previous = None
            continue
        path = column.path[:level + 1]
        if path == previous:
            key, first, _last = runs[-1]
            runs[-1] = (key, first, i)
        else:
            runs.append((label_key(column.path[level]), i, i))
        previous = path
    return runs


def _row_cells(grid: CellGrid, row: int) -> list[DocCell]:
    return sorted((c for c in grid.doc_cells if c.row == row and c.text.strip()), key=lambda c: c.column)


def align_header_fragment(fragment: CellGrid, below: CellGrid,
                          index: LabelIndex) -> tuple[CellGrid, CellGrid] | None:
    """`fragment` (the upper header rows of a table, alone above a page break, its cells' column
    spans not known) spread over the columns of `below` (the table under the break, whose first row
    is the next header row, or the rest of the fragment's last row where the break cut its labels:
    "结" above, "果维持" below), each label over the columns its template label stands over; and
    `below` without the rest of the cut labels (they are the fragment's, whole).
    None unless the fragment's rows are exactly the upper header rows of one template table and
    `below`'s first row exactly what comes under them, so that every span is certain."""
    rows = [r for r in range(1, fragment.row_count + 1) if _row_cells(fragment, r)]
    first_below = next((r for r in range(1, below.row_count + 1) if _row_cells(below, r)), None)
    if not rows or first_below is None or any(_is_number(c.text) for r in rows for c in _row_cells(fragment, r)):
        return None
    fitting = [aligned for table in index.template.tables
               if (aligned := _align_on(table, fragment, rows, below, first_below)) is not None]
    if len(fitting) != 1:
        return None  # no table's header, or more than one: the spans are not certain
    cells, rests = fitting[0]
    kept = [c for c in below.doc_cells if c not in rests]
    return CellGrid(fragment.name, cells, fragment.part_kind), CellGrid(below.name, kept, below.part_kind)


def _align_on(table: Table, fragment: CellGrid, rows: list[int], below: CellGrid,
              first_below: int) -> tuple[list[DocCell], list[DocCell]] | None:
    """The fragment's cells aligned on `below` by `table`'s header, and the cells of `below` that
    are the rest of a cut label; None when the two are not `table`'s header."""
    depth = len(rows)
    if depth >= table.header_depth:
        return None
    for level, row in enumerate(rows[:-1]):
        texts = [label_key(c.text) for c in _row_cells(fragment, row)]
        if texts != [key for key, _first, _last in _header_runs(table, level)]:
            return None
    last_runs = _header_runs(table, depth - 1)
    last_cells = _row_cells(fragment, rows[-1])
    if len(last_cells) != len(last_runs):
        return None
    continuing = _row_cells(below, first_below)
    #: What the first row of `below` must read, in order: (label key, its columns, the cut cell it ends).
    wanted: list[tuple[str, int, int, int | None]] = []
    for position, ((key, first, last), cell) in enumerate(zip(last_runs, last_cells, strict=True)):
        text = label_key(cell.text)
        if text == key and len(table.columns[first].path) > depth:
            wanted.extend((k, f, la, None) for k, f, la in _header_runs(table, depth) if first <= f and la <= last)
        elif text != key and key.startswith(text) and text and first == last:
            wanted.append((key[len(text):], first, last, position))  # a leaf label the break cut
        else:
            return None  # a whole leaf label has no cell below to give its column
    if [label_key(c.text) for c in continuing] != [w[0] for w in wanted]:
        return None
    if any(a.column + a.colspan != b.column for a, b in pairwise(continuing)):
        return None  # a gap between two labels: which columns it belongs to is not known
    columns: dict[int, tuple[int, int]] = {}  # template column index → (first, last) column of `below`
    rests: list[DocCell] = []
    cut: dict[int, DocCell] = {}
    for (_key, first, last, cut_at), cell in zip(wanted, continuing, strict=True):
        for i in range(first, last + 1):
            columns[i] = (cell.column, cell.column + cell.colspan - 1)
        if cut_at is not None:
            rests.append(cell)
            cut[cut_at] = cell
    if len(columns) != sum(1 for c in table.columns if len(c.path) >= depth):
        return None
    cells = []
    for level, row in enumerate(rows):
        for position, ((_key, first, last), cell) in enumerate(zip(_header_runs(table, level),
                                                                    _row_cells(fragment, row), strict=True)):
            spanned = [columns[i] for i in range(first, last + 1) if i in columns]
            if len(spanned) != last - first + 1:
                return None  # a column under this label has no cell in the row under the break
            text = cell.text + cut[position].text if level == depth - 1 and position in cut else cell.text
            left, right = spanned[0][0], spanned[-1][1]
            cells.append(DocCell(text, level + 1, left, 1, right - left + 1))
    if below.column_count > max(c.column + c.colspan - 1 for c in cells):
        cells.append(DocCell("", 1, below.column_count))  # as wide as `below`: pieces align on the right
    return cells, rests
