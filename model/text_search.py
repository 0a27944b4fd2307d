"""Find and replace in the report's text: the opening paragraphs and the narrative sections.

Pure matching, no Qt: the find bar (ui/find_replace.py) asks here where a query occurs and what the
paragraphs become when it is replaced. A match never crosses a paragraph break — each paragraph is
searched on its own — and matches do not overlap (「公公公」 holds one 「公公」, found from the left).

Nothing is folded silently: full-width and half-width forms are different characters (「１２」 is not
「12」, 「，」 is not 「,」). Without 区分大小写 only Latin letters fold (A–Z with a–z, and the full-width
Ａ–Ｚ with ａ–ｚ), one character for one, so that offsets in the folded text are offsets in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from model.report import Report

PREAMBLE = "preamble"

#: The searched texts: (section id, its paragraphs), in the order a reader meets them.
Texts = Sequence[tuple[str, Sequence[str]]]

_LATIN_LOWER = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
    "abcdefghijklmnopqrstuvwxyzａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
)
#: Between two digits these continue a number (「1,234」「12.5」): 「12」 is not a whole word there.
_NUMBER_JOINERS = ".,"


@dataclass(frozen=True, order=True)
class Match:
    """The characters [start, end) of paragraph `paragraph` (0-based) of section `section`."""

    section: str
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Replacement:
    """What replacing gives: the new paragraphs of every section it changed, and how many matches it replaced."""

    paragraphs: dict[str, list[str]]
    count: int


def report_texts(report: Report) -> list[tuple[str, list[str]]]:
    """The report's searchable texts: the opening paragraphs, then every narrative section of the
    template that the report has, in the template's order."""
    texts: list[tuple[str, list[str]]] = [(PREAMBLE, report.preamble)]
    for section_id in report.template.narrative_section_ids:
        section = report.section(section_id)
        if section is not None:
            texts.append((section_id, section.paragraphs))
    return texts


def _is_word_char(ch: str) -> bool:
    """A character a Latin word or a number is made of (ASCII letters and digits only:
    Chinese has no spaces between words, so whole-word matching has no meaning for it)."""
    return ch.isascii() and ch.isalnum()


def whole_word_applies(query: str) -> bool:
    """Whether 全字匹配 changes anything for `query`: it begins or ends with a Latin letter or a digit."""
    return bool(query) and (_is_word_char(query[0]) or _is_word_char(query[-1]))


def _inside_longer_word(text: str, start: int, end: int) -> bool:
    """Whether the match [start, end) continues a Latin word or number on either side
    (only a side where the match itself begins or ends with a letter or digit is checked)."""
    first, last = text[start], text[end - 1]
    if start > 0 and _is_word_char(first):
        before = text[start - 1]
        if _is_word_char(before):
            return True
        if first.isdigit() and before in _NUMBER_JOINERS and start > 1 and text[start - 2].isdigit():
            return True
    if end < len(text) and _is_word_char(last):
        after = text[end]
        if _is_word_char(after):
            return True
        if last.isdigit() and after in _NUMBER_JOINERS and end + 1 < len(text) and text[end + 1].isdigit():
            return True
    return False


def paragraph_matches(text: str, query: str, case_sensitive: bool = False,
                      whole_word: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every match of `query` in one paragraph, left to right, not overlapping."""
    if not query or "\n" in query:  # a paragraph break is never inside a match
        return []
    haystack, needle = (text, query) if case_sensitive else (text.translate(_LATIN_LOWER),
                                                            query.translate(_LATIN_LOWER))
    found: list[tuple[int, int]] = []
    position = haystack.find(needle)
    while position >= 0:
        end = position + len(needle)
        if whole_word and _inside_longer_word(text, position, end):
            # 「12」 inside 「123」: try again one character on, as 「12」 may still follow.
            position = haystack.find(needle, position + 1)
            continue
        found.append((position, end))
        position = haystack.find(needle, end)
    return found


def find_matches(texts: Texts, query: str, case_sensitive: bool = False,
                 whole_word: bool = False) -> list[Match]:
    """Every match of `query` in `texts`, in reading order (section by section, paragraph by paragraph)."""
    return [Match(section, number, start, end)
            for section, paragraphs in texts
            for number, paragraph in enumerate(paragraphs)
            for start, end in paragraph_matches(paragraph, query, case_sensitive, whole_word)]


def normalized_paragraphs(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs as the narrative editor keeps them: trailing whitespace stripped and empty
    paragraphs dropped (a replacement by nothing may empty one)."""
    return [p.rstrip() for p in paragraphs if p.strip()]


def apply_replacements(texts: Texts, matches: Sequence[Match], replacement: str) -> Replacement:
    """`texts` with every one of `matches` replaced by `replacement` (the matches must not overlap,
    as find_matches gives them). The replacement text is inserted as it is and not searched again,
    so a replacement that contains the query never loops."""
    by_paragraph: dict[tuple[str, int], list[Match]] = {}
    for match in matches:
        by_paragraph.setdefault((match.section, match.paragraph), []).append(match)
    changed: dict[str, list[str]] = {}
    count = 0
    for section, paragraphs in texts:
        new = list(paragraphs)
        touched = False
        for number, paragraph in enumerate(paragraphs):
            here = sorted(by_paragraph.get((section, number), []))
            if not here:
                continue
            pieces, position = [], 0
            for match in here:
                pieces += [paragraph[position:match.start], replacement]
                position = match.end
            new[number] = "".join(pieces) + paragraph[position:]
            count += len(here)
            touched = True
        if touched:
            changed[section] = normalized_paragraphs(new)
    return Replacement(changed, count)


def replace_all(texts: Texts, query: str, replacement: str, case_sensitive: bool = False,
                whole_word: bool = False) -> Replacement:
    """Every match of `query` in `texts` replaced by `replacement`: the new paragraphs of each section
    changed, and the number of replacements."""
    return apply_replacements(texts, find_matches(texts, query, case_sensitive, whole_word), replacement)


def match_after(matches: Sequence[Match], section_order: Sequence[str], section: str,
                paragraph: int, offset: int) -> int:
    """The index of the first match at or after (`section`, `paragraph`, `offset`) in reading order,
    wrapping round to the first; -1 if there are no matches."""
    if not matches:
        return -1
    rank = {section_id: number for number, section_id in enumerate(section_order)}
    here = (rank.get(section, -1), paragraph, offset)
    for index, match in enumerate(matches):
        if (rank.get(match.section, -1), match.paragraph, match.start) >= here:
            return index
    return 0
