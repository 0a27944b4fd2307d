"""Numbers as Chinese reports write them, and the figures (number + unit) of a text.

Part of the narrative-number checks (`model.narrative_numbers`): this module
knows nothing of tables or claims. It reads 9件, 九件, 两件, 一百零五件, 1.2万,
61.3万件, 3千, ９件, 38,651 and tells a figure ("9件") from an ordinal
(第3件), a word (一件事) or an approximation (3万余件, 约20件).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

Number = int | Decimal

#: Full-width digits and punctuation mapped to ASCII one character to one
#: character, so that offsets in the normalised text are offsets in the paragraph.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_HAS_FULL_WIDTH = re.compile("[０-９．％]")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_ARABIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([十百千万亿]{0,2})")


def normalise(text: str) -> str:
    """`text` with full-width digits made ASCII; offsets are unchanged."""
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


def _as_number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else value.normalize()


def parse_chinese_number(text: str) -> Number | None:
    """The value of a number as a Chinese report writes it, or None.

    "9", "９", "38,651", "九", "两", "十二", "一百零五", "一万二" (12000),
    "1.2万" (12000), "61.3万" (613000), "3千" (3000), "二〇二四" (2024)."""
    parsed = parse_with_precision(normalise(text.strip()))
    return parsed[0] if parsed else None


def parse_with_precision(text: str) -> tuple[Number, Decimal] | None:
    """(value, tolerance): a figure written with 万 or 亿 ("61.3万", "三万") is
    read as rounded, to half a unit of its last digit; other figures are exact."""
    if not text:
        return None
    match = _ARABIC.fullmatch(text)
    if match:
        digits, suffix = match.groups()
        try:
            value = Decimal(digits.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
        multiplier = 1
        for ch in suffix:
            multiplier *= _MULTIPLIERS[ch]
        tolerance = Decimal(0)
        if multiplier >= 10**4:
            exponent = value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            tolerance = Decimal(multiplier).scaleb(-places) / 2
        return _as_number(value * multiplier), tolerance
    numeral = _parse_chinese_numerals(text)
    if numeral is None:
        return None
    tolerance = Decimal(_CN_BIG_UNITS[text[-1]]) / 2 if text[-1] in _CN_BIG_UNITS else Decimal(0)
    return numeral, tolerance


def _parse_chinese_numerals(text: str) -> int | None:
    if any(ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in _CN_BIG_UNITS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        # Digit by digit, as years are written (二〇二四); "一二", "三四" are ranges, not numbers.
        return int("".join(str(_CN_DIGITS[ch]) for ch in text)) if len(text) >= 3 and "两" not in text else None
    yi = wan = section = 0  # the 亿 part, the 万 part, the part below 万
    seen_wan = seen_yi = False
    digit: int | None = None
    last_small: int | None = None  # the last of 十百千 in this group: they must decrease
    last_unit: int | None = None  # the unit right before a trailing digit: 一万二 = 12000
    after_zero = False
    for ch in text:
        if ch in _CN_DIGITS:
            value = _CN_DIGITS[ch]
            if digit is not None:
                return None  # two digits in a row: 一二万
            if value == 0:
                after_zero, last_unit = True, None
            else:
                digit = value
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if last_small is not None and unit >= last_small:
                return None  # 十百, 百百
            if digit is None:
                if unit != 10 or (section and not after_zero):
                    return None  # only 十 stands alone: 十二, 一千零十
                digit = 1
            section += digit * unit
            digit, last_small, last_unit, after_zero = None, unit, unit, False
        else:
            unit = _CN_BIG_UNITS[ch]
            if digit is not None:
                section, digit = section + digit, None
            if unit == 10**4:
                if seen_wan or not section:
                    return None  # 万万, 万 alone
                wan, seen_wan = section * unit, True
            else:
                if seen_yi or not (wan or section):
                    return None
                yi, wan, seen_wan, seen_yi = (wan + section) * unit, 0, False, True
            section, last_small, last_unit, after_zero = 0, None, unit, False
    if digit is not None:
        section += digit * (last_unit // 10 if last_unit and last_unit > 10 else 1)
    return yi + wan + section


# --- tokens: a number followed by a unit ----------------------------------------------------

_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
# A Chinese figure starts with 一…十: a lone 零 is not read (零件, 零星 are words).
_TOKEN = re.compile(
    r"(?P<num>(?<![\dA-Za-z.\-/_@])\d+(?:,\d{3}(?!\d))*(?:\.\d+)?[十百千万亿]{0,2}"
    rf"|(?<![{_CN_NUMERAL_CHARS}])[一二两三四五六七八九十][{_CN_NUMERAL_CHARS}]*)"
    r"(?P<approx>余|多)?[ \u3000]?"
    r"(?P<unit>件|条|个|次|人|份|场|项|篇|期|家|起|宗|例|户|名|位|元|年|月|日|天|号|%|张|部)"
)
_APPROX_BEFORE = ("约", "近", "超", "逾", "突破", "不足", "不到", "大约")
_APPROX_AFTER = ("以上", "左右", "之多", "有余", "多")
#: Units that date a sentence rather than count something.
DATE_UNITS = frozenset("年月日号")


@dataclass(frozen=True)
class Token:
    """A figure: a number and its unit."""

    start: int  # the number
    num_end: int
    end: int  # after the unit
    value: Number
    tolerance: Decimal
    unit: str
    approx: bool


def tokens(text: str) -> list[Token]:
    """Every figure in `text` (normalised), in text order."""
    found = []
    for m in _TOKEN.finditer(text):
        start, end, unit = m.start(), m.end(), m.group("unit")
        if start and text[start - 1] == "第":
            continue  # an ordinal: 第三方, 第3件
        if unit == "件" and text.startswith("事", end):
            continue  # 一件事, 高效办成一件事
        parsed = parse_with_precision(m.group("num"))
        if parsed is None:
            continue
        before = text[max(0, start - 2):start]
        approx = (bool(m.group("approx")) or before.endswith(_APPROX_BEFORE) or text.startswith(_APPROX_AFTER, end)
                  or (not m.group("num")[0].isdigit() and before.endswith(("数", "几"))))  # 数十件
        found.append(Token(start, m.end("num"), end, parsed[0], parsed[1], unit, approx))
    return found


# --- sentences and clauses ------------------------------------------------------------------

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，。；、,;：:（(！？!?\n]")
#: A clause with one of these states a difference, an average, a cumulative or
#: last year's figure: not a figure of this year's table.
NOT_THIS_YEAR = re.compile(
    r"较|同比|环比|相比|比上年|比去年|增加|减少|增长|下降|上升|提高|降低|增多|持平"
    r"|累计|以来|历年|至今|平均|年均|月均|每"
    r"|去年(?!度?结转)|(?<!结转)上一?年度?(?!度?结转)|往年|同期"
)


def last_start(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """The position after the last match of `pattern` in text[start:end], else start."""
    last = start
    for m in pattern.finditer(text, start, end):
        last = m.end()
    return last


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """[start, end) of the sentence around `position` (the end includes its 。)."""
    start = last_start(SENTENCE_END, text, 0, position)
    end_match = SENTENCE_END.search(text, position)
    return start, end_match.end() if end_match else len(text)


def excerpt(text: str, start: int, end: int, limit: int = 60) -> str:
    """text[start:end], shortened with … to `limit` characters."""
    quoted = text[start:end].strip()
    return quoted if len(quoted) <= limit else quoted[: limit - 1] + "…"
