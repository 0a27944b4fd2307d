"""Text audits of the headings: numbering that restarts or skips (TEXT-NUMBERING), sub-topics of
总体情况 numbered like the six sections (TEXT-SUBTOPIC-NUMBERING), and a section-level heading with
the wrong ordinal or in the wrong place (TEXT-SECTION-ORDINAL).

Headings are recognised as model/narrative.py recognises them (一、 / （一） / 1. / （1）), so what the
editor, the exports and these audits call a heading is the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from model.findings import Finding, Location, Severity
from model.narrative import CN_DIGITS, MAX_HEADING_CHARS, Heading, parse_heading
from model.template import Template

NUMBERING, SUBTOPIC, SECTION_ORDINAL = "TEXT-NUMBERING", "TEXT-SUBTOPIC-NUMBERING", "TEXT-SECTION-ORDINAL"
WARNING = Severity.WARNING

#: Level → how the template writes its marker, for "应为……" when the text's own spelling is unusable.
_LEVEL_MARKERS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}
_NUMERAL = re.compile(rf"[{CN_DIGITS}]{{1,3}}|\d{{1,2}}")
#: A short unnumbered line such as 「存在的主要问题」 or a lead-in ending 「……以下工作：」 opens a new list:
#: a numbering that starts again at 1 after it is a new list, not a restart.
_SENTENCE_PUNCTUATION = re.compile(r"[。；;，,！？]")
_LEAD_IN_END = ("：", ":")
#: What does not count when a heading's words are compared with a section's title.
_TITLE_NOISE = re.compile(r"[\s\u3000。．.：:，,、；;]+")


@dataclass(frozen=True)
class Block:
    """Paragraphs audited together: the opening paragraph(s) or one section's."""

    section_id: str
    #: How messages name the block: "开篇", "一、总体情况".
    name: str
    paragraphs: list[str]


@dataclass(frozen=True)
class _Parsed:
    heading: Heading | None
    #: Where the stripped paragraph starts in the paragraph as stored.
    offset: int
    number: int
    #: A short unnumbered line or a lead-in ending with a colon.
    lead_in: bool


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23; None for what is not a number from 1 to 99."""
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    digits = [CN_DIGITS.index(ch) + 1 for ch in text]  # 十 is 10
    if len(digits) == 1:
        return digits[0]
    if len(digits) == 2 and digits[0] == 10 and digits[1] < 10:
        return 10 + digits[1]
    if len(digits) == 2 and digits[0] < 10 and digits[1] == 10:
        return digits[0] * 10
    if len(digits) == 3 and digits[0] < 10 and digits[1] == 10 and digits[2] < 10:
        return digits[0] * 10 + digits[2]
    return None


def chinese_numeral(number: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (1 to 99)."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens - 1] + "十")
    return head + (CN_DIGITS[units - 1] if units else "")


def _marker_number(heading: Heading) -> int:
    found = _NUMERAL.search(heading.marker)
    if found is None:
        return 0
    text = found.group()
    return int(text) if text.isdigit() else chinese_number(text) or 0


def expected_marker(heading: Heading, number: int) -> str:
    """`heading`'s marker with `number` in it, in the text's own spelling ("(三)" → "(二)")."""
    found = _NUMERAL.search(heading.marker)
    numeral = str(number) if heading.level in (3, 4) else chinese_numeral(number)
    if found is None:
        return _LEVEL_MARKERS[heading.level].format(numeral)
    return heading.marker[:found.start()] + numeral + heading.marker[found.end():]


@lru_cache(maxsize=4096)
def _parse(paragraph: str) -> _Parsed:
    heading = parse_heading(paragraph)
    stripped = paragraph.strip()
    offset = len(paragraph) - len(paragraph.lstrip())
    if heading is not None:
        return _Parsed(heading, offset, _marker_number(heading), False)
    lead_in = bool(stripped) and (stripped.endswith(_LEAD_IN_END) or (
        len(stripped) <= MAX_HEADING_CHARS and not _SENTENCE_PUNCTUATION.search(stripped.rstrip("。"))))
    return _Parsed(None, offset, 0, lead_in)


def _title_key(text: str) -> str:
    return _TITLE_NOISE.sub("", text).replace("(", "（").replace(")", "）")


def _section_names(template: Template) -> dict[str, tuple[int, str, str]]:
    """Normalised section name (without its ordinal) → (ordinal, section id, official title)."""
    return {_title_key(s.title.split("、", 1)[-1]): (i + 1, s.id, s.title) for i, s in enumerate(template.sections)}


def check_headings(template: Template, blocks: Iterable[Block], subtopic_section: str | None) -> list[Finding]:
    """The three heading audits over `blocks`; `subtopic_section` is the section (总体情况) whose
    sub-topics must not be numbered like the six sections."""
    names = _section_names(template)
    findings: list[Finding] = []
    for block in blocks:
        findings += _check_block(block, names, block.section_id == subtopic_section)
    return findings


def _check_block(block: Block, names: dict[str, tuple[int, str, str]], subtopics: bool) -> list[Finding]:
    findings: list[Finding] = []
    last: dict[int, tuple[int, str]] = {}  # level → (number, marker) of the last heading of that level
    lead_in: dict[int, bool] = {}  # level → an unnumbered lead-in line came after its last heading
    body_since: dict[int, bool] = {}  # level → a body paragraph came after its last heading
    subtopic_count = 0
    for index, paragraph in enumerate(block.paragraphs):
        parsed = _parse(paragraph)
        heading = parsed.heading
        if heading is None:
            for level in (1, 2, 3, 4):
                body_since[level] = True
                lead_in[level] = lead_in.get(level, False) or parsed.lead_in
            continue
        level, marker_span = heading.level, (parsed.offset, parsed.offset + len(heading.marker))
        named = names.get(_title_key(heading.title)) if level == 1 and heading.title else None
        if named is not None:
            finding = _section_heading_finding(block, index, parsed, heading, named)
            if finding is not None:
                findings.append(finding)
            # A section's heading is not part of the block's numbering; what follows is numbered under it.
            last.clear()
            continue
        if level == 1 and subtopics:
            subtopic_count += 1
            findings.append(Finding(
                SUBTOPIC, WARNING,
                f"{block.name} 第 {index + 1} 段：分项标题“{heading.marker}”与六个部分的标题同级，"
                f"{block.name}下的分项应为“（{chinese_numeral(subtopic_count)}）”。",
                Location(block.section_id, paragraph=index, span=marker_span)))
        else:
            expected_number = last[level][0] + 1 if level in last else 1
            restarts_list = parsed.number == 1 and level in last and (
                lead_in.get(level, False) or (level >= 3 and body_since.get(level, False)))
            if parsed.number != expected_number and not restarts_list:
                findings.append(_numbering_finding(block, index, parsed, marker_span, last.get(level),
                                                   expected_number))
            last[level] = (parsed.number, heading.marker)
        for deeper in range(level + 1, 5):
            last.pop(deeper, None)
        lead_in[level] = body_since[level] = False
    return findings


def _numbering_finding(block: Block, index: int, parsed: _Parsed, span: tuple[int, int],
                       previous: tuple[int, str] | None, expected: int) -> Finding:
    heading = parsed.heading
    assert heading is not None
    wanted = expected_marker(heading, expected)
    if previous is None:
        what = f"“{heading.marker}”是本级第一个标题"
    else:
        kind = "重新开始" if parsed.number <= previous[0] else "跳号"
        what = f"“{heading.marker}”接在“{previous[1]}”之后，序号{kind}"
    return Finding(
        NUMBERING, WARNING, f"{block.name} 第 {index + 1} 段：标题序号不连续，{what}，应为“{wanted}”。",
        Location(block.section_id, paragraph=index, span=span))


def _heading_span(paragraph: str, parsed: _Parsed, heading: Heading) -> tuple[int, int]:
    """Where the marker and the title of `heading` stand in `paragraph` as stored."""
    marker_end = parsed.offset + len(heading.marker)
    title = heading.title.rstrip("。：:")
    title_start = paragraph.find(title, marker_end) if title else -1
    return (parsed.offset, title_start + len(title) if title_start >= 0 else marker_end)


def _section_heading_finding(block: Block, index: int, parsed: _Parsed, heading: Heading,
                             named: tuple[int, str, str]) -> Finding | None:
    ordinal, section_id, official = named
    where = f"{block.name} 第 {index + 1} 段"
    if parsed.number != ordinal:
        span = (parsed.offset, parsed.offset + len(heading.marker))
        return Finding(
            SECTION_ORDINAL, WARNING,
            f"{where}：“{heading.heading_text.rstrip('。：:')}”的序号有误，该部分是第{chinese_numeral(ordinal)}部分，"
            f"序号应为“{chinese_numeral(ordinal)}、”（“{official}”）。",
            Location(block.section_id, paragraph=index, span=span))
    if section_id == block.section_id:
        return None  # the section's own title repeated as its first line: nothing about order
    span = _heading_span(block.paragraphs[index], parsed, heading)
    return Finding(
        SECTION_ORDINAL, WARNING,
        f"{where}：“{official}”是第{chinese_numeral(ordinal)}部分的标题，却写在“{block.name}”之中；"
        f"六个部分应依次排列，各部分的内容应写在该部分之下。",
        Location(block.section_id, paragraph=index, span=span))
