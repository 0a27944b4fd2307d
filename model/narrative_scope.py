"""Whose figures a sentence states: the whole area, one part of it, or the agency itself.

A department (政府部门) reports its own figures: a sentence about 全市 or about
所属单位 states somebody else's and is not compared with the tables. A
people's government (人民政府) reports the figures of its whole area: 全区共收到
政府信息公开申请N件 is exactly the sentence to compare, while a sentence about one
office or one part of the area (区政府办公室代表区政府受理……, 区政府本级……, 各部门共……,
某某街道办事处……) states only a share of the table and is not compared.

The scope of a figure is read from the markers before it: for a government
the last marker in the paragraph up to the figure wins ("区政府本级收到……36件，
全区共收到……120件": the second is the whole area), and a heading above the
paragraph ("（一）区政府本级") sets the scope of the paragraphs under it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from model.narrative import parse_heading
from model.report import AgencyKind

WHOLE = "whole"  # the whole area: 全区, 全市各级行政机关, 我县
PART = "part"  # one part or one office: 区政府本级, 各部门, 某某街道办事处

_LEVELS = "省市区县州盟旗镇乡"
#: The markers a government report uses, in one pattern so that "全市各级行政机关"
#: is read as one WHOLE marker, not as 全市 followed by the part 各级.
_GOVERNMENT_MARKERS = re.compile(
    "(?P<whole>"
    rf"全[{_LEVELS}街](?:域|范围内)?(?:各级(?:各类)?(?:行政机关|国家行政机关|政府)?)?"
    rf"|[我本](?:[{_LEVELS}]|街道)(?!人民政府|政府|级|委)"
    ")|(?P<part>"
    "本级|政府办(?:公室|公厅)?|办公室|为主体|名义"
    # 区政府, 县人民政府 — the body itself, not the area; 政府信息 and 政府网站 are not bodies.
    rf"|[{_LEVELS}](?:人民)?政府(?!信息|网站|门户|公报|常务|工作报告|领导|系统)"
    "|各(?:级|地|部门|单位|县|区|市|乡镇|乡|镇|街道|镇街|村|社区|委办局|职能部门|有关部门|相关部门|成员单位)"
    "|组成部门|职能部门|工作部门|直属|所属|下属|所辖|[区县市旗]直|街道(?:办事处|办)?|乡镇|镇街|开发区|管委会"
    ")"
)
#: A department report compares only its own figures: any of these makes a
#: sentence somebody else's (today's rule, unchanged).
_DEPARTMENT_MARKERS = re.compile(
    rf"全[{_LEVELS}街]|全系统|各级|各地|各部门|各单位|各县|各区|各乡镇|各街道|所属|下属|本级")


def marker_scope(text: str, start: int, end: int, agency: AgencyKind) -> str | None:
    """The scope the markers in text[start:end] give: the last marker's for a
    government (WHOLE or PART), PART for a department if there is any, else None."""
    if agency is AgencyKind.DEPARTMENT:
        return PART if _DEPARTMENT_MARKERS.search(text, start, end) else None
    scope = None
    for m in _GOVERNMENT_MARKERS.finditer(text, start, end):
        scope = m.lastgroup
    return scope


def is_compared(marked: str | None, context: str | None, agency: AgencyKind) -> bool:
    """Whether a figure is about the report's tables, given the scope its own
    markers give (`marked`) and the scope of the heading it stands under."""
    if agency is AgencyKind.DEPARTMENT:
        return marked is None and context is None
    if marked is not None:
        return marked == WHOLE
    return context != PART


@lru_cache(maxsize=4096)
def heading_scope(paragraph: str, agency: AgencyKind) -> tuple[int, str | None] | None:
    """(level, scope) if `paragraph` starts with a heading: its title's scope
    holds for the paragraphs under it. None for a body paragraph."""
    heading = parse_heading(paragraph)
    if heading is None or not heading.title:
        return None
    return heading.level, marker_scope(heading.title, 0, len(heading.title), agency)


class HeadingScopes:
    """The scope set by the headings above the current paragraph: the innermost
    heading that names a scope wins, and a heading closes those below its level."""

    def __init__(self, agency: AgencyKind) -> None:
        self._agency = agency
        self._by_level: dict[int, str | None] = {}

    def enter(self, paragraph: str) -> str | None:
        """Read `paragraph`; the scope that holds for it (and for the body after
        a run-in heading in it)."""
        found = heading_scope(paragraph, self._agency)
        if found is not None:
            level, scope = found
            self._by_level = {k: v for k, v in self._by_level.items() if k < level}
            self._by_level[level] = scope
        return next((self._by_level[k] for k in sorted(self._by_level, reverse=True)
                     if self._by_level[k] is not None), None)
