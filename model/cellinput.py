"""What a person may type or paste into a table cell, read strictly.

Accepts the ways numbers really arrive from Excel, WPS and IMEs ("38,651",
full-width digits, surrounding spaces) and nothing that would be a guess:
"9件", "—", "/" or "1.5" in a count cell are refused with a reason, and so are
digits of other scripts ("١٢", "१२") and digit-like signs ("¹²", "₁₂", "①"),
which NFKC and `Decimal` would otherwise read as 12 without a word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from model.report import Value
from model.template import Column, ValueKind

#: Largest value a cell accepts from input: far above any real count, far
#: below what the project file refuses (10^15).
MAX_INPUT = 10**12
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
#: The reason's words for a digit of another script (the import reports it as text, not a number).
FOREIGN_DIGIT = "中含有非阿拉伯数字字符"
#: The digits a cell accepts: ASCII, and the full-width ones Chinese input methods type (U+FF10–FF19).
_OWN_DIGITS = frozenset("0123456789０１２３４５６７８９")


@dataclass(frozen=True)
class CellInput:
    """The result of reading one piece of text for one cell."""

    value: Value
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_cell_input(text: str, column: Column) -> CellInput:
    """Read `text` for a cell of `column`: blank text is a blank cell."""
    foreign = next((ch for ch in text if ch not in _OWN_DIGITS and unicodedata.digit(ch, None) is not None), None)
    if foreign is not None:
        return CellInput(None, f"“{_shorten(text)}”{FOREIGN_DIGIT}“{foreign}”")
    # NFKC turns full-width digits, signs, points and commas into ASCII.
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not cleaned:
        return CellInput(None)
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.match(cleaned):
        return CellInput(None, f"“{_shorten(text)}”不是数字")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return CellInput(None, f"“{_shorten(text)}”不是数字")
    if abs(number) > MAX_INPUT:
        return CellInput(None, f"“{_shorten(text)}”超出范围（最大 {MAX_INPUT:,}）")
    if column.kind is ValueKind.AMOUNT:
        if number < 0:
            return CellInput(None, "金额不能为负数")
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > column.decimals:
            return CellInput(None, f"金额最多 {column.decimals} 位小数")
        return CellInput(int(number) if number == number.to_integral_value() else number.normalize())
    if number != number.to_integral_value():
        return CellInput(None, "件数应为整数")
    if column.kind is ValueKind.COUNT and number < 0:
        return CellInput(None, "件数不能为负数")
    return CellInput(int(number))


def _shorten(text: str, limit: int = 12) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"
