"""Text audits of single paragraphs, character by character: a word written twice (TEXT-DOUBLED),
ASCII punctuation between Chinese characters (TEXT-ASCII-PUNCT), full-width digits and Latin letters
(TEXT-FULLWIDTH).

Each paragraph is read once and the answer memoised by its text: the checks run on every keystroke
and a keystroke changes one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DOUBLED, ASCII_PUNCT, FULLWIDTH = "TEXT-DOUBLED", "TEXT-ASCII-PUNCT", "TEXT-FULLWIDTH"
#: A pasted text can hold dozens of ASCII commas: the first few are listed, the last of them says how many.
MAX_PER_PARAGRAPH = 5

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
#: Punctuation that stands beside Chinese text the way a Chinese character does.
_CHINESE_PUNCTUATION = "“”‘’（）《》【】、。，；：！？"


@dataclass(frozen=True)
class Hit:
    """One thing found in a paragraph: the rule, the [start, end) span, the message after "第 N 段："."""

    rule: str
    start: int
    end: int
    message: str


# --- TEXT-DOUBLED --------------------------------------------------------------------------------

_REPEATED = re.compile(f"([{_CJK}]{{1,8}})\\1")
#: Function characters that are never doubled on purpose (「的的」「被被」): any other single character
#: doubled is left alone, since Chinese doubles characters freely (常常、一一、层层、不了了之、等等).
#: For each, the characters that make the doubling two words: 「目的的」 is 目的 + 的, 「而已已经」 而已 + 已经.
_DOUBLED_FUNCTION_CHARACTERS: dict[str, tuple[str, str]] = {
    # character: (characters before it that end a word with it, characters after that start one)
    "的": ("目有端", "确"),
    "被": ("", ""),
    "于": ("", ""),
    "已": ("而不早", ""),
    "或": ("", ""),
    "和": ("总缓饱调祥温随平附谦柔人共", ""),
}
#: Words whose second time starts a term: 「某县人民政府政府信息公开工作」 is 人民政府 + 政府信息.
_TERM_STARTS = {"政府": ("信息",)}
#: Words doubled on purpose for emphasis.
_EMPHATIC_WORDS = frozenset({"非常", "很多", "许多", "好多", "越来"})


def _doubled_on_purpose(text: str, start: int, unit: str) -> bool:
    end = start + 2 * len(unit)
    if len(set(unit)) == 1 and len(unit) > 1:
        return True  # 「哈哈哈哈」: one character many times, seen as a shorter unit
    if len(unit) > 1:
        # 「一步一步」「一件一件」: a numeral and its measure word, repeated; emphasis.
        return unit[0] == "一" or unit in _EMPHATIC_WORDS or text.startswith(_TERM_STARTS.get(unit, ()), end)
    if unit not in _DOUBLED_FUNCTION_CHARACTERS:
        return True
    before, after = _DOUBLED_FUNCTION_CHARACTERS[unit]
    if (start > 0 and text[start - 1] in before) or (end < len(text) and text[end] in after):
        return True
    # 「实实在在」「和和美美」: AABB reduplication.
    following = text[end:end + 2]
    preceding = text[max(0, start - 2):start]
    return (len(following) == 2 and following[0] == following[1] and following[0] != unit) or (
        len(preceding) == 2 and preceding[0] == preceding[1] and preceding[0] != unit)


def _doubled(text: str) -> list[Hit]:
    hits = []
    for match in _REPEATED.finditer(text):
        unit = match.group(1)
        if not _doubled_on_purpose(text, match.start(), unit):
            hits.append(Hit(DOUBLED, match.start(), match.end(),
                            f"“{match.group()}”中“{unit}”连写了两次，应为“{unit}”。"))
    return hits


# --- TEXT-ASCII-PUNCT ----------------------------------------------------------------------------

#: Addresses whose punctuation is their own: web addresses and e-mail addresses.
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s，。；、（）()“”<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_ASCII_MARK = re.compile(r"[,:;()]")
_PAREN_GROUP = re.compile(r"\(([^()\n]{0,40})\)")
_FULL_WIDTH_OF = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_MARK_NAMES = {",": "逗号", ":": "冒号", ";": "分号", "(": "括号", ")": "括号"}


def _chinese_side(char: str | None) -> bool:
    return char is not None and (bool(_CJK_CHAR.match(char)) or char in _CHINESE_PUNCTUATION)


def _neighbour(text: str, index: int, step: int) -> str | None:
    """The nearest character other than a space from `index` in direction `step`, or None at an end."""
    while 0 <= index < len(text):
        if text[index] not in " \u3000\t":
            return text[index]
        index += step
    return None


def _ascii_punctuation(text: str) -> list[Hit]:
    addresses = [m.span() for m in _ADDRESS.finditer(text)]
    address_starts = {start for start, _end in addresses}

    def in_address(index: int) -> bool:
        return any(start <= index < end for start, end in addresses)

    hits: list[Hit] = []
    in_groups: set[int] = set()
    for group in _PAREN_GROUP.finditer(text):
        if in_address(group.start()):
            continue
        # 「(一)」「(以下简称《条例》)」, and 「格式(PDF)」 right after Chinese; not 「Word (docx) 两种」.
        before = text[group.start() - 1] if group.start() > 0 else None
        in_groups.update((group.start(), group.end() - 1))
        if _CJK_CHAR.search(group.group(1)) or _chinese_side(before):
            hits.append(Hit(ASCII_PUNCT, group.start(), group.end(),
                            f"“{group.group()}”用了半角括号，中文中应为全角括号“（{group.group(1)}）”。"))
    for mark in _ASCII_MARK.finditer(text):
        index = mark.start()
        if index in in_groups or in_address(index):
            continue
        left, right = _neighbour(text, index - 1, -1), _neighbour(text, index + 1, 1)
        right_start = index + 1 + (len(text[index + 1:]) - len(text[index + 1:].lstrip(" \u3000\t")))
        if mark.group() in "()":
            flagged = _chinese_side(left) or _chinese_side(right)
        else:
            # 「公开,主动」「情况:」「电话:0632」; not 1,234 or 9:00 (digits on both sides), nor Latin text.
            flagged = (_chinese_side(left) and (right is None or _chinese_side(right) or right.isdigit()
                                                or right_start in address_starts)) or (
                _chinese_side(right) and (left is None or left.isdigit()))
        if flagged:
            char = mark.group()
            hits.append(Hit(ASCII_PUNCT, index, index + 1,
                            f"半角{_MARK_NAMES[char]}“{char}”用在中文之间，应为全角“{_FULL_WIDTH_OF[char]}”。"))
    return sorted(hits, key=lambda hit: hit.start)


# --- TEXT-FULLWIDTH ------------------------------------------------------------------------------

_FULL_WIDTH_RUN = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
_TO_HALF_WIDTH = {code: code - 0xFEE0 for code in range(ord("！"), ord("～") + 1)}


def _full_width(text: str) -> list[Hit]:
    hits = []
    for run in _FULL_WIDTH_RUN.finditer(text):
        kind = "数字" if run.group().isdigit() else "字母" if run.group().isalpha() else "数字和字母"
        hits.append(Hit(FULLWIDTH, run.start(), run.end(),
                        f"“{run.group()}”是全角{kind}，应为半角“{run.group().translate(_TO_HALF_WIDTH)}”。"))
    return hits


# --- one pass per paragraph ----------------------------------------------------------------------


def _capped(hits: list[Hit]) -> list[Hit]:
    if len(hits) <= MAX_PER_PARAGRAPH:
        return hits
    kept = hits[:MAX_PER_PARAGRAPH]
    last = kept[-1]
    note = f"（本段共 {len(hits)} 处，仅列出前 {MAX_PER_PARAGRAPH} 处。）"
    return [*kept[:-1], Hit(last.rule, last.start, last.end, last.message + note)]


@lru_cache(maxsize=4096)
def character_hits(text: str) -> tuple[Hit, ...]:
    """Every doubled word, ASCII mark and full-width run in `text`, rule by rule, in text order."""
    hits: list[Hit] = []
    if _CJK_CHAR.search(text) is None:
        return ()
    hits += _capped(_doubled(text))
    if _ASCII_MARK.search(text):
        hits += _capped(_ascii_punctuation(text))
    hits += _capped(_full_width(text))
    return tuple(hits)
