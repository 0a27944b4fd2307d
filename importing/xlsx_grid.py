"""An openpyxl worksheet as a `importing.grid.Grid`: what the table locator reads of a workbook."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from importing.result import PartKind
from model.workbook_format import unescape_cell_text


def decoded(value: Any) -> Any:
    """A cell's value with a text's _xHHHH_ escapes decoded (as Excel stores a CR or a control character)."""
    return unescape_cell_text(value) if isinstance(value, str) else value


class XlsxGrid:
    """One worksheet. `stored_result(row, column)` gives the value Excel stored for a formula (read
    from a second, values-only opening of the same bytes, only when a formula is met)."""

    part_kind = PartKind.SHEET

    def __init__(self, worksheet: Any, stored_result: Callable[[int, int], Any]) -> None:
        self.worksheet = worksheet
        self.stored_result = stored_result

    @property
    def name(self) -> str:
        return str(self.worksheet.title)

    def cells(self) -> Iterator[tuple[int, int, Any]]:
        # The cells openpyxl holds, never every row number: a sheet may use A1 and XFD1048576 alone.
        for (r, c), cell in self.worksheet._cells.items():
            if not isinstance(cell, MergedCell):
                yield r, c, decoded(cell.value)

    def merged_spans(self) -> Iterator[tuple[int, int, int, int]]:
        for merged in self.worksheet.merged_cells.ranges:
            yield merged.min_row, merged.min_col, merged.max_row, merged.max_col

    def cell_ref(self, row: int, column: int) -> str:
        return f"{get_column_letter(column)}{row}"

    def column_ref(self, column: int) -> str:
        return get_column_letter(column)

    def is_formula(self, row: int, column: int) -> bool:
        cell = self.worksheet._cells.get((row, column))
        if cell is None or isinstance(cell, MergedCell):
            return False
        return cell.data_type == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula))

    def formula_result(self, row: int, column: int) -> Any:
        value = decoded(self.stored_result(row, column))
        return None if isinstance(value, str) and not value.strip() else value
