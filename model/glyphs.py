"""Characters the bundled fonts cannot draw as written: rule PDF-MISSING-GLYPH of the checker.

The PDF draws a character the font of its role lacks in another font, where it may look out of
place, and one that no font has as "〓" (export/fonts.py). The checker judges this against the
bundled fonts (resources/fonts), never against the fonts installed on this PC, so that a file gives
the same findings on every PC, the agency's and its supervising office's. What differs with the
fonts of this PC is added by the export (export.fonts.font_glyph_findings). The bundled 楷体 is a
GB2312 subset that Noto Serif SC completes (model.font_roles.BUNDLED_COMPLETION): what the serif
draws in a level-2 heading is the role's own, and only what neither face has is reported.

Which code points each bundled font draws is read from resources/fonts/coverage.txt, written by
export/glyph_coverage.py from the fonts' cmap tables (model/ reads no font files). It is read on
the first check, not at start-up, and the answer for each text is remembered: the check runs on
every keystroke.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from model.drawn_text import DrawnText, drawn_texts
from model.findings import Finding, Severity
from model.font_roles import BUNDLED_FALLBACK, BUNDLED_NAMES, FontRole, bundled_faces
from model.report import Report
from model.resources import resources_dir

RULE = "PDF-MISSING-GLYPH"

#: Characters below U+3400 (Latin, punctuation, symbols, kana, …) are looked up in a set.
_BASIC_END = 0x3400
#: The start of CJK Unified Ideographs: the run of covered code points that holds it is most of a
#: Chinese text, and is tested by two comparisons.
_CJK_FIRST = 0x4E00
#: Never reported: a space, and a line break (no glyph is drawn for it).
_NOT_DRAWN = frozenset(" \n")


def coverage_path() -> Path:
    return resources_dir() / "fonts" / "coverage.txt"


@dataclass(frozen=True)
class Coverage:
    """The code points one font draws, as ascending disjoint ranges [starts[i], ends[i]]."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    #: The characters below U+3400 it draws.
    basic: frozenset[str]
    #: First and last character of the covered run that holds U+4E00 (an empty span if none).
    cjk: tuple[str, str]

    @classmethod
    def from_ranges(cls, ranges: Iterable[tuple[int, int]]) -> Coverage:
        ordered = sorted(ranges)
        basic = frozenset(chr(code) for first, last in ordered if first < _BASIC_END
                          for code in range(first, min(last, _BASIC_END - 1) + 1))
        cjk = next(((chr(first), chr(last)) for first, last in ordered if first <= _CJK_FIRST <= last),
                   ("\x01", "\x00"))
        return cls(tuple(first for first, _ in ordered), tuple(last for _, last in ordered), basic, cjk)

    def covers(self, code: int) -> bool:
        index = bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]

    def lacking(self, text: str) -> tuple[str, ...]:
        """The characters of `text` this font does not draw, once each, in order of appearance."""
        rest = set(text)
        rest -= self.basic
        rest -= _NOT_DRAWN
        if not rest:
            return ()
        low, high = self.cjk
        missing = {char for char in rest if not low <= char <= high and not self.covers(ord(char))}
        if not missing:
            return ()
        return tuple(dict.fromkeys(char for char in text if char in missing))


def parse_coverage(text: str) -> dict[str, Coverage]:
    """{font file name: coverage} from the data file's text (see export/glyph_coverage.py)."""
    coverage: dict[str, Coverage] = {}
    names: list[str] = []
    ranges: list[tuple[int, int]] = []

    def close() -> None:
        if names:
            shared = Coverage.from_ranges(ranges)
            coverage.update(dict.fromkeys(names, shared))

    for line_number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            close()
            names, ranges = line[1:-1].split(), []
            continue
        if not names:
            raise ValueError(f"coverage line {line_number}: ranges before any [font] section")
        for item in line.split():
            first, _, last = item.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    close()
    return coverage


@cache
def bundled_coverage() -> dict[str, Coverage]:
    """The coverage of every bundled font file, read once per process."""
    return parse_coverage(coverage_path().read_text(encoding="utf-8"))


def bundled_font_has(role: FontRole, char: str) -> bool:
    """Whether the bundled font of `role` (with the face that completes it, for the 楷体 subset) draws `char`."""
    coverage = bundled_coverage()
    return any(coverage[name].covers(ord(char)) for name in bundled_faces(role))


def any_bundled_font_has(char: str) -> bool:
    return any(coverage.covers(ord(char)) for coverage in bundled_coverage().values())


def bundled_stand_in(role: FontRole, char: str) -> str | None:
    """The bundled font file that draws `char` in `role` when only the bundled fonts are used: the
    role's own if it has the character (or the face that completes it), else the first fallback that
    has it (as export.fonts.FontSet does); None when no bundled font has it."""
    coverage = bundled_coverage()
    for name in dict.fromkeys((*bundled_faces(role), *BUNDLED_FALLBACK)):
        if coverage[name].covers(ord(char)):
            return name
    return None


@lru_cache(maxsize=2048)
def lacking_in_bundled(role: FontRole, text: str) -> tuple[str, ...]:
    """The characters of `text` the bundled font of `role` (with its completion) does not draw, once
    each, in order."""
    own, *completions = (bundled_coverage()[name] for name in bundled_faces(role))
    lacking = own.lacking(text)
    for completion in completions:
        if not lacking:
            break
        lacking = tuple(char for char in lacking if not completion.covers(ord(char)))
    return lacking


def check_glyphs(report: Report) -> list[Finding]:
    """A warning for each character of the report that the bundled font of its role lacks, once per
    character and place (paragraph, title, signature): it is drawn in another bundled font, or as
    "〓" when no bundled font has it."""
    findings: list[Finding] = []
    for item in drawn_texts(report):
        for char in lacking_in_bundled(item.role, item.text):
            findings.append(_finding(item, char))
    return findings


def _finding(item: DrawnText, char: str) -> Finding:
    what = f"{item.where}：字符“{char}”（U+{ord(char):04X}）"
    stand_in = bundled_stand_in(item.role, char)
    if stand_in is None:
        message = f"{what}在随附的字体中都没有字形，PDF 中将显示为“〓”，请改用常用字。"
    else:
        own = "”及“".join(BUNDLED_NAMES[name] for name in bundled_faces(item.role))
        message = (f"{what}在{item.role.label}的随附字体“{own}”中没有字形，PDF 中将改用“{BUNDLED_NAMES[stand_in]}”"
                   f"显示，字形可能与周围文字不一致。")
    return Finding(RULE, Severity.WARNING, message, item.location)
