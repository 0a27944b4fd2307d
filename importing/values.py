"""How a cell's content read from a foreign file becomes a value, read as strictly as typed
input (model.cellinput), and how it is shown in messages. Texts come decoded from the grid
(importing/grid.py): nothing here knows a file format."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from importing.result import ProblemKind
from model.cellinput import FOREIGN_DIGIT, parse_cell_input
from model.report import Value, format_value
from model.template import Column


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
        text = raw
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


def parse_year(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        match = re.fullmatch(r"\s*(\d{1,4})\s*(年度?)?\s*", raw)
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
        text = raw.strip()
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
        return value
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
