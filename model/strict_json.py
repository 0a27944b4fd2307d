"""Strict JSON for the project file (model/projectfile.py): parsing with exact numbers, unique keys and
a size limit, and the readers of typed fields. Each failure is one `Invalid` with the problem in
Chinese and the field path, which the loader turns into a ProjectFileError naming the file."""

from __future__ import annotations

import json
from collections.abc import Set
from decimal import Decimal, InvalidOperation
from typing import Any

from model.text_rules import REFUSED_CONTROL

#: A real report is ~50 KB; anything far larger is not a report.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MAX_PARAGRAPHS = 5_000
#: Numbers must round-trip exactly through a JSON number: at most 15
#: significant digits and a magnitude below 10^15.
MAX_SIGNIFICANT_DIGITS = 15
MAX_MAGNITUDE = Decimal(10) ** 15


class Invalid(Exception):
    """What is wrong with the file (Chinese) and where (the field path, None for the whole file)."""

    def __init__(self, problem: str, field: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.field = field



def parse_json(data: bytes | str) -> Any:
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise Invalid(f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，不是年报项目文件")
        try:
            text = data.decode("utf-8-sig")  # Notepad on Windows adds a BOM
        except UnicodeDecodeError:
            raise Invalid("不是 UTF-8 编码的文本文件，可能不是年报项目文件或已损坏") from None
    else:
        text = data
    if not text.strip():
        raise Invalid("文件为空")
    try:
        return json.loads(
            text,
            parse_float=_parse_decimal,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as error:
        raise Invalid(
            f"第 {error.lineno} 行第 {error.colno} 列不是有效的 JSON（文件可能已损坏或不完整）") from None
    except RecursionError:
        raise Invalid("JSON 嵌套层数过多，不是年报项目文件") from None


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_SIGNIFICANT_DIGITS:
        raise Invalid(f"数值 {text[:20]}… 超出可处理的范围（最多 {MAX_SIGNIFICANT_DIGITS} 位有效数字）")
    return int(text)


def _parse_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - json only passes valid numbers
        raise Invalid(f"无效的数值 {text[:20]}") from None
    # Exact checks on the digits: normalize() and abs() round to the context's
    # 28 digits (accepting 1.000…0001 with 30 digits) and raise decimal.Overflow
    # on an exponent such as 1e999999999999999999.
    _sign, digit_tuple, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - json passes NaN/Infinity to parse_constant
        raise Invalid(f"不允许的数值 {text[:20]}")
    digits = "".join(map(str, digit_tuple))
    significant = digits.rstrip("0")
    lowest = exponent + len(digits) - len(significant)  # exponent of the last significant digit
    if (value.adjusted() >= MAX_MAGNITUDE.adjusted() or len(significant) > MAX_SIGNIFICANT_DIGITS
            or lowest < -MAX_SIGNIFICANT_DIGITS):
        raise Invalid(f"数值 {text[:20]} 超出可处理的范围（最多 {MAX_SIGNIFICANT_DIGITS} 位有效数字）")
    return value


def _reject_constant(text: str) -> None:
    raise Invalid(f"不允许的数值 {text}")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise Invalid(f"键“{key[:40]}”重复出现")
        result[key] = value
    return result


def expect(value: Any, kind: type | tuple[type, ...], field: str | None, description: str) -> Any:
    # bool is an int subclass in Python; JSON true/false is never a number here.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise Invalid(f"应为{description}，实际为{describe(value)}", field)
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def describe(value: Any) -> str:
    if value is None:
        return " null"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, str):
        return f"文本“{value[:20]}{'…' if len(value) > 20 else ''}”"
    if isinstance(value, (int, Decimal)):
        return f"数值 {value}"
    if isinstance(value, list):
        return "数组"
    return "对象"


def check_keys(obj: dict[str, Any], field: str, required: Set[str], optional: Set[str] = frozenset()) -> None:
    missing = sorted(required - obj.keys())
    if missing:
        raise Invalid(f"缺少必需的键“{missing[0]}”", field or None)
    unknown = sorted(obj.keys() - required - optional)
    if unknown:
        raise Invalid(f"出现未知的键“{unknown[0][:40]}”", field or None)


def read_text(value: Any, field: str) -> str:
    expect(value, str, field, "文本")
    if len(value) > MAX_TEXT_CHARS:
        raise Invalid(f"文本超过 {MAX_TEXT_CHARS} 个字符", field)
    if REFUSED_CONTROL.search(value):
        raise Invalid("文本中含有不可见的控制字符", field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid("文本中含有无效的 Unicode 字符（孤立的代理项）", field) from None
    return value


def read_text_list(value: Any, field: str) -> list[str]:
    expect(value, list, field, "文本数组")
    if len(value) > MAX_PARAGRAPHS:
        raise Invalid(f"段落超过 {MAX_PARAGRAPHS} 个", field)
    return [read_text(item, f"{field}[{i}]") for i, item in enumerate(value)]
