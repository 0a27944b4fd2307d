"""The printed cells of a statistical table, the same for every writer (PDF, Word, web page).

From model.layout.table_grid: the caption row (when the table has one), every merged label cell
with its span and alignment, and the data cells that hold a value. A blank cell is not listed: it
is printed empty, while 0 is printed "0" (the blank-vs-0 distinction the template keeps).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.drawn_text import clean_text
from model.layout import GridCellKind, TableGrid
from model.report import Report, format_value


@dataclass(frozen=True)
class Placed:
    """A cell of the printed table: its top-left grid position, spans, text and alignment.
    `fit` marks a number (shrunk rather than wrapped when its column is narrow); `kind` is
    "caption", "corner", "header", "label" or "data"."""

    row: int
    column: int
    row_span: int
    column_span: int
    text: str
    align: str
    fit: bool = False
    kind: str = "data"


def placed_cells(grid: TableGrid, report: Report, caption_rows: int) -> list[Placed]:
    """The cells of `grid` for `report`, with `caption_rows` (0 or 1) rows above the grid for the caption."""
    table = grid.table
    placed: list[Placed] = []
    if caption_rows:
        placed.append(Placed(0, 0, 1, grid.column_count, clean_text(table.caption), "center", kind="caption"))
    narrow_levels = range(grid.label_columns - 1) if grid.label_columns > 1 else range(0)
    for cell in grid.cells:
        if cell.kind is GridCellKind.LABEL:
            # In a table with nested labels, the outer label columns are narrow: their labels
            # ("三、本年度办理结果", "（三）不予公开") are centred in their column; the others read left.
            centred = grid.label_columns == 1 or (cell.column_span == 1 and cell.column in narrow_levels)
            align = "center" if centred else "left"
        else:
            align = "center"
        placed.append(Placed(cell.row + caption_rows, cell.column, cell.row_span, cell.column_span,
                             clean_text(cell.text), align, kind=cell.kind.value))
    for r, row in enumerate(table.rows):
        for c, column in enumerate(table.columns):
            value = report.value(table.id, row.id, column.id)
            if value is None:
                continue  # a blank cell is drawn empty ("空" is for messages)
            gr, gc = grid.data_position(r, c)
            placed.append(Placed(gr + caption_rows, gc, 1, 1, format_value(value), "center", fit=True))
    return placed
