"""A table-like part of a foreign file as the table locator reads it: the `Grid` protocol a
worksheet implements today (importing/xlsx_grid.py) and a Word or HTML table can implement,
and `GridView`, the grid's non-empty cells indexed once, merged ranges resolved for labels."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from importing.labels import label_key
from importing.result import PartKind, SourcePlace

#: A merged range larger than this is not expanded when labels are resolved.
MAX_RESOLVED_MERGE = 5_000
#: Cells of all merged ranges of one grid expanded at most.
MAX_RESOLVED_MERGES = 1_000_000


class Grid(Protocol):
    """Cells in rows and columns, numbered from 1, some merged; what the locator needs of a format."""

    @property
    def name(self) -> str:
        """The part as messages name it: a sheet's title, "第 2 个表格"."""
        ...

    @property
    def part_kind(self) -> PartKind:
        """How a place in this part is said (工作表“表三”C7, 第 2 个表格 第 3 行)."""
        ...

    def cells(self) -> Iterable[tuple[int, int, Any]]:
        """The used range: (row, column, value) of every cell with content, not of a cell a merged
        range covers. A text is as the person reads it (escapes decoded); a number is int, float or
        Decimal; a date, a time or a bool as Python's own."""
        ...

    def merged_spans(self) -> Iterable[tuple[int, int, int, int]]:
        """(first row, first column, last row, last column) of every merged range."""
        ...

    def cell_ref(self, row: int, column: int) -> str:
        """A cell as messages name it within the part: "C7", "第 3 行第 2 列"."""
        ...

    def column_ref(self, column: int) -> str:
        """A column as messages name it: "C", "第 2 列"."""
        ...

    def is_formula(self, row: int, column: int) -> bool:
        """True when the cell holds a formula rather than its value (never, outside spreadsheets)."""
        ...

    def formula_result(self, row: int, column: int) -> Any:
        """The value a formula's cell showed when the file was saved; None when none was stored."""
        ...


class GridView:
    """The non-empty cells of one grid, with merged ranges resolved for labels."""

    def __init__(self, index: int, grid: Grid):
        self.index = index
        self.grid = grid
        self.title: str = grid.name
        self.part_kind: PartKind = grid.part_kind
        #: (row, column) → value of every non-empty cell that is not covered by a merge.
        self.values: dict[tuple[int, int], Any] = {}
        #: The same, with text of only spaces kept (the narrative keeps it as written).
        self.raw: dict[tuple[int, int], Any] = {}
        #: covered cell → origin (top-left) of its merged range
        self.covered: dict[tuple[int, int], tuple[int, int]] = {}
        #: origin → bottom-right of its merged range
        self.merge_end: dict[tuple[int, int], tuple[int, int]] = {}
        for r, c, value in grid.cells():
            if value is None or value == "":
                continue
            self.raw[(r, c)] = value
            if not (isinstance(value, str) and not value.strip()):
                self.values[(r, c)] = value
        budget = MAX_RESOLVED_MERGES
        for min_row, min_col, max_row, max_col in grid.merged_spans():
            origin = (min_row, min_col)
            self.merge_end[origin] = (max_row, max_col)
            area = (max_row - min_row + 1) * (max_col - min_col + 1)
            if area > MAX_RESOLVED_MERGE or area > budget:
                continue
            budget -= area
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
                    if (r, c) != origin:
                        self.covered[(r, c)] = origin
        self.rows: dict[int, list[int]] = defaultdict(list)
        for r, c in sorted(self.values):
            self.rows[r].append(c)
        self.raw_rows: dict[int, list[int]] = defaultdict(list)
        for r, c in sorted(self.raw):
            self.raw_rows[r].append(c)
        self.covered_rows: dict[int, set[int]] = defaultdict(set)
        for r, c in self.covered:
            self.covered_rows[r].add(c)
        #: The rows with a non-empty cell, and those with one or a merged-over one, in order: rows
        #: far apart (1 and 1,048,576) are walked over the cells present, never over every row number.
        self.value_rows = sorted(self.rows)
        self.used_rows = sorted(set(self.rows) | set(self.covered_rows))
        self._keys: dict[tuple[int, int], str] = {}
        self._text_columns: dict[int, list[int]] = {}

    def origin(self, r: int, c: int) -> tuple[int, int]:
        return self.covered.get((r, c), (r, c))

    def end(self, r: int, c: int) -> tuple[int, int]:
        return self.merge_end.get((r, c), (r, c))

    def text(self, r: int, c: int) -> str:
        """The label text shown at (r, c), merged ranges resolved; "" for a number or nothing."""
        value = self.values.get(self.origin(r, c))
        return value.strip() if isinstance(value, str) else ""

    def key(self, r: int, c: int) -> str:
        origin = self.origin(r, c)
        if origin not in self._keys:
            self._keys[origin] = label_key(self.text(*origin))
        return self._keys[origin]

    def columns_in_rows(self, first: int, last: int) -> set[int]:
        """Every column with a non-empty or merged-over cell in rows first..last."""
        columns: set[int] = set()
        for r in between(self.used_rows, first, last):
            columns.update(self.rows.get(r, ()))
            columns.update(self.covered_rows.get(r, ()))
        return columns

    def text_column_left_of(self, r: int, c: int) -> int | None:
        """The nearest column left of `c` whose cell in row `r` shows a label, None if there is none."""
        if r not in self._text_columns:
            present = set(self.rows.get(r, ())) | self.covered_rows.get(r, set())
            self._text_columns[r] = sorted(cc for cc in present if self.text(r, cc))
        columns = self._text_columns[r]
        i = bisect_left(columns, c)
        return columns[i - 1] if i else None

    def rows_with_values(self, first: int, last: int) -> list[int]:
        """The rows first..last with a non-empty cell, in order."""
        return between(self.value_rows, first, last)

    def is_formula(self, r: int, c: int) -> bool:
        return self.grid.is_formula(r, c)

    def formula_result(self, r: int, c: int) -> Any:
        return self.grid.formula_result(r, c)

    def ref(self, r: int, c: int) -> str:
        return self.grid.cell_ref(r, c)

    def column_ref(self, c: int) -> str:
        return self.grid.column_ref(c)

    def place(self, r: int, c: int) -> str:
        """Where a cell is, for sources and notes: 工作表“表三”C7."""
        return SourcePlace(self.title, self.ref(r, c), self.part_kind).where

    def part_place(self) -> str:
        """The part itself, for notes: 工作表“表三”."""
        return SourcePlace(self.title, "", self.part_kind).where


def between(rows: list[int], first: int, last: int) -> list[int]:
    """The numbers of the sorted `rows` from `first` to `last`."""
    return rows[bisect_left(rows, first):bisect_right(rows, last)]
