"""One worksheet as the importer sees it (its non-empty cells, merged ranges
resolved for labels), and how a cell's content becomes a value, read as
strictly as typed input."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from export.xlsx_common import label_key, unescape_cell_text
from export.xlsx_problems import ProblemKind
from model.cellinput import FOREIGN_DIGIT, parse_cell_input
from model.report import Value, format_value
from model.template import Column

#: A merged range larger than this is not expanded when labels are resolved.
MAX_RESOLVED_MERGE = 5_000


class Sheet:
    """The non-empty cells of one worksheet, with merged ranges resolved for labels."""

    def __init__(self, index: int, ws: Any):
        self.index = index
        self.ws = ws
        self.title: str = ws.title
        #: (row, column) → value of every non-empty cell that is not covered by a merge.
        self.values: dict[tuple[int, int], Any] = {}
        #: The same, with text of only spaces kept (the narrative keeps it as written).
        self.raw: dict[tuple[int, int], Any] = {}
        #: covered cell → origin (top-left) of its merged range
        self.covered: dict[tuple[int, int], tuple[int, int]] = {}
        #: origin → bottom-right of its merged range
        self.merge_end: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), cell in ws._cells.items():
            if isinstance(cell, MergedCell):
                continue
            value = cell.value
            if value is None or value == "":
                continue
            self.raw[(r, c)] = value
            if not (isinstance(value, str) and not value.strip()):
                self.values[(r, c)] = value
        budget = 1_000_000
        for merged in ws.merged_cells.ranges:
            origin = (merged.min_row, merged.min_col)
            self.merge_end[origin] = (merged.max_row, merged.max_col)
            area = (merged.max_row - merged.min_row + 1) * (merged.max_col - merged.min_col + 1)
            if area > MAX_RESOLVED_MERGE or area > budget:
                continue
            budget -= area
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
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
        return unescape_cell_text(value).strip() if isinstance(value, str) else ""

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
            columns = set(self.rows.get(r, ())) | self.covered_rows.get(r, set())
            self._text_columns[r] = sorted(cc for cc in columns if self.text(r, cc))
        columns = self._text_columns[r]
        i = bisect_left(columns, c)
        return columns[i - 1] if i else None

    def rows_with_values(self, first: int, last: int) -> list[int]:
        """The rows first..last with a non-empty cell, in order."""
        return between(self.value_rows, first, last)

    def is_formula(self, r: int, c: int) -> bool:
        cell = self.ws._cells.get((r, c))
        return (cell is not None and cell.data_type == "f") or isinstance(
            self.values.get((r, c)), (ArrayFormula, DataTableFormula))

    def ref(self, r: int, c: int) -> str:
        return f"{get_column_letter(c)}{r}"

    def place(self, r: int, c: int) -> str:
        """Where a cell is, for sources and notes: 工作表“表三”C7."""
        return f"工作表“{self.title}”{self.ref(r, c)}"


def between(rows: list[int], first: int, last: int) -> list[int]:
    """The numbers of the sorted `rows` from `first` to `last`."""
    return rows[bisect_left(rows, first):bisect_right(rows, last)]


# --- cell contents as values ------------------------------------------------------------


def float_decimal(value: float) -> Decimal:
    """The number a float cell holds, as the shortest decimal that is that float:
    a typed 38651.123456 reads as exactly that even when the file stores 38651.123456000001."""
    return Decimal(repr(value))


def number(raw: Any, column: Column) -> tuple[Value, tuple[ProblemKind, str] | None]:
    """A cell's value for `column`, read as strictly as typed input (model.cellinput)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, (ProblemKind.NOT_A_NUMBER, f"逻辑值 {'TRUE' if raw else 'FALSE'} 不是数字")
    if isinstance(raw, (datetime, date, time, timedelta)):
        return None, (ProblemKind.NOT_A_NUMBER, "日期或时间不是数字（Excel 可能把输入自动转成了日期）")
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None, (ProblemKind.NOT_A_NUMBER, "不是有效的数字")
        text = format(float_decimal(raw), "f")
    elif isinstance(raw, (int, Decimal)):
        text = format(raw, "f") if isinstance(raw, Decimal) else str(raw)
    elif isinstance(raw, str):
        text = unescape_cell_text(raw)
        if not text.strip():
            return None, None
    else:
        return None, (ProblemKind.NOT_A_NUMBER, "无法识别的单元格内容")
    result = parse_cell_input(text, column)
    if not result.ok:
        reason = result.error or "不是数字"
        kind = ProblemKind.NOT_A_NUMBER if reason.endswith("不是数字") or FOREIGN_DIGIT in reason \
            else ProblemKind.INVALID
        return None, (kind, reason)
    return result.value, None


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_year(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        match = re.fullmatch(r"\s*(\d{1,4})\s*(年度?)?\s*", unescape_cell_text(raw))
        raw = int(match.group(1)) if match else None
    if isinstance(raw, int) and (raw == 0 or 1990 <= raw <= 2100):
        return raw
    return None


def parse_date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = unescape_cell_text(raw).strip()
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


def shown(value: Any) -> str:
    """A cell's content as the person sees it, for messages."""
    if isinstance(value, str):
        return unescape_cell_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value):
        return format_value(float_decimal(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10] if not isinstance(value, datetime) or value.time() == time() \
            else value.isoformat(sep=" ")
    return str(value)
