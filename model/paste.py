"""Pasting a block copied from Excel or WPS (tab-separated text) into a table.

All or nothing: the plan lists every cell the block would change and, if any
value is not acceptable or the block does not fit, the reasons for each such
cell, in which case nothing is pasted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.cellinput import parse_cell_input
from model.report import CellKey, Value
from model.template import Table

#: A block larger than any table (and than a sane clipboard) is refused outright.
MAX_PASTE_CELLS = 10_000


@dataclass
class PastePlan:
    changes: dict[CellKey, Value] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rows: int = 0
    columns: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.changes)


def split_clipboard_text(text: str) -> list[list[str]]:
    """Rows of cells from Excel/WPS clipboard text (tabs between cells, a newline after each row)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # Excel ends the block with a newline
    return [line.split("\t") for line in lines]


def plan_paste(table: Table, text: str, start_row: int, start_column: int) -> PastePlan:
    """What pasting `text` with its top-left at (`start_row`, `start_column`) — indexes into
    `table.rows` / `table.columns` — would change, or why it cannot be pasted."""
    grid = split_clipboard_text(text)
    plan = PastePlan(rows=len(grid), columns=max((len(r) for r in grid), default=0))
    if not grid or plan.rows * plan.columns == 0:
        plan.errors.append("剪贴板中没有可粘贴的内容")
        return plan
    if plan.rows * plan.columns > MAX_PASTE_CELLS:
        plan.errors.append(f"剪贴板内容过大（{plan.rows} 行 × {plan.columns} 列）")
        return plan
    fits_rows = len(table.rows) - start_row
    fits_columns = len(table.columns) - start_column
    if plan.rows > fits_rows or plan.columns > fits_columns:
        plan.errors.append(
            f"粘贴区域为 {plan.rows} 行 × {plan.columns} 列，从当前单元格起只能容纳 "
            f"{fits_rows} 行 × {fits_columns} 列，超出了{table.name}的范围")
        return plan
    for i, cells in enumerate(grid):
        row = table.rows[start_row + i]
        for j, text_value in enumerate(cells):
            column = table.columns[start_column + j]
            parsed = parse_cell_input(text_value, column)
            if parsed.ok:
                plan.changes[(table.id, row.id, column.id)] = parsed.value
            else:
                plan.errors.append(f"{table.cell_name(row.id, column.id)}：{parsed.error}")
    if plan.errors:
        plan.changes.clear()
    return plan
