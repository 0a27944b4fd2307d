"""The printed shape of a table, derived from the template's label paths.

Editors, the PDF and the Excel export all draw the same grid: header rows on
top, label columns on the left, merged cells where consecutive columns (or
rows) share a label, and a leaf label spanning the header rows (or label
columns) its path does not use. Nothing here is declared twice: it all
follows from `Column.path` and `Row.path`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from model.template import Table


class GridCellKind(Enum):
    CORNER = "corner"
    HEADER = "header"
    LABEL = "label"


@dataclass(frozen=True)
class GridCell:
    """One merged label cell of the grid (data cells are not listed)."""

    kind: GridCellKind
    row: int
    column: int
    row_span: int
    column_span: int
    text: str
    #: Depth of the label in its hierarchy (0 = outermost).
    level: int = 0


@dataclass(frozen=True)
class TableGrid:
    table: Table
    header_rows: int
    label_columns: int
    cells: tuple[GridCell, ...]

    @property
    def row_count(self) -> int:
        return self.header_rows + len(self.table.rows)

    @property
    def column_count(self) -> int:
        return self.label_columns + len(self.table.columns)

    def data_position(self, row_index: int, column_index: int) -> tuple[int, int]:
        """Grid position of data cell (table row index, table column index)."""
        return self.header_rows + row_index, self.label_columns + column_index

    def data_index(self, grid_row: int, grid_column: int) -> tuple[int, int] | None:
        """(table row index, table column index) of a grid position, or None outside the data."""
        r, c = grid_row - self.header_rows, grid_column - self.label_columns
        if 0 <= r < len(self.table.rows) and 0 <= c < len(self.table.columns):
            return r, c
        return None


def _runs(paths: list[tuple[str, ...]], level: int, start: int, stop: int) -> list[tuple[int, int]]:
    """Maximal runs [i, j) within [start, stop) whose paths share the prefix up to `level`."""
    runs = []
    i = start
    while i < stop:
        j = i + 1
        while j < stop and paths[j][: level + 1] == paths[i][: level + 1]:
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _spans(paths: list[tuple[str, ...]], depth: int) -> list[tuple[int, int, int, int, str]]:
    """(position, across, level, levels spanned, text) of every merged label along one axis."""
    result = []

    def walk(level: int, start: int, stop: int) -> None:
        for i, j in _runs(paths, level, start, stop):
            if len(paths[i]) <= level:
                continue  # a shorter path already spanned this level
            leaf = len(paths[i]) == level + 1
            levels = depth - level if leaf else 1
            result.append((i, j - i, level, levels, paths[i][level]))
            if not leaf:
                walk(level + 1, i, j)

    walk(0, 0, len(paths))
    return result


@cache
def table_grid(table: Table) -> TableGrid:
    header_rows = table.header_depth
    label_columns = table.label_depth
    cells: list[GridCell] = []
    if header_rows and label_columns:
        cells.append(GridCell(GridCellKind.CORNER, 0, 0, header_rows, label_columns, table.corner))
    for position, across, level, levels, text in _spans([c.path for c in table.columns], header_rows):
        cells.append(GridCell(GridCellKind.HEADER, level, label_columns + position, levels, across, text, level))
    for position, across, level, levels, text in _spans([r.path for r in table.rows], label_columns):
        cells.append(GridCell(GridCellKind.LABEL, header_rows + position, level, across, levels, text, level))
    return TableGrid(table, header_rows, label_columns, tuple(cells))
