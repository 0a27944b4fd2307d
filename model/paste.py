"""Pasting a block copied from Excel or WPS (tab-separated text) into a table.

All or nothing: the plan lists every cell the block would change and, if any
value is not acceptable or the block does not fit, the kind of problem and the
reasons, in which case nothing is pasted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from model.cellinput import parse_cell_input
from model.report import CellKey, Value
from model.template import Table

#: A block larger than any table (and than a sane clipboard) is refused outright.
MAX_PASTE_CELLS = 10_000


class PasteProblem(Enum):
    """Why a paste was refused: each has its own headline, since the user's fix differs."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    #: Every value may be a number, but the block runs past the table's last row or column.
    DOES_NOT_FIT = "does_not_fit"
    #: The block fits, but some values are not acceptable numbers (「9件」).
    BAD_VALUES = "bad_values"


@dataclass
class PastePlan:
    changes: dict[CellKey, Value] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rows: int = 0
    columns: int = 0
    problem: PasteProblem | None = None
    #: How many rows and columns the table has from the start cell on (for DOES_NOT_FIT).
    fits_rows: int = 0
    fits_columns: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.changes)

    @property
    def headline(self) -> str:
        """What the refusal says first, in Chinese; "" when nothing was refused."""
        if self.problem is PasteProblem.EMPTY:
            return "剪贴板中没有可粘贴的内容"
        if self.problem is PasteProblem.TOO_LARGE:
            return f"剪贴板内容过大（{self.rows} 行×{self.columns} 列），表格未作任何改动"
        if self.problem is PasteProblem.DOES_NOT_FIT:
            return (f"粘贴的区域超出表格：{self.rows} 行×{self.columns} 列，"
                    f"从此处起只有 {self.fits_rows} 行×{self.fits_columns} 列")
        if self.problem is PasteProblem.BAD_VALUES:
            return "以下单元格的内容不是可接受的数字，表格未作任何改动"
        return ""


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
    plan = PastePlan(rows=len(grid), columns=max((len(r) for r in grid), default=0),
                     fits_rows=len(table.rows) - start_row, fits_columns=len(table.columns) - start_column)
    if not grid or plan.rows * plan.columns == 0:
        return _refused(plan, PasteProblem.EMPTY, "剪贴板中没有可粘贴的内容")
    if plan.rows * plan.columns > MAX_PASTE_CELLS:
        return _refused(plan, PasteProblem.TOO_LARGE, f"剪贴板内容过大（{plan.rows} 行 × {plan.columns} 列）")
    if plan.rows > plan.fits_rows or plan.columns > plan.fits_columns:
        return _refused(plan, PasteProblem.DOES_NOT_FIT,
                        f"粘贴区域为 {plan.rows} 行 × {plan.columns} 列，从当前单元格起只能容纳 "
                        f"{plan.fits_rows} 行 × {plan.fits_columns} 列，超出了{table.name}的范围")
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
        plan.problem = PasteProblem.BAD_VALUES
    return plan


def _refused(plan: PastePlan, problem: PasteProblem, reason: str) -> PastePlan:
    plan.problem = problem
    plan.errors.append(reason)
    return plan
