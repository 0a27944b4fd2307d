"""Sums the narrative states: "公开政务信息475条，其中政务动态159条、……" (NARRATIVE-SUM).

A total followed by 其中 and a list of parts should add up. Part of the
narrative-number checks (`model.narrative_numbers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from model.findings import Finding, Location, Severity
from model.narrative_tokens import (
    CLAUSE_END,
    NOT_THIS_YEAR,
    Number,
    Token,
    excerpt,
    last_start,
    sentence_bounds,
)
from model.report import format_value

WARNING = Severity.WARNING

#: Units a total and its parts may share (not dates, not percentages).
_SUM_UNITS = frozenset("件条个次人份场项篇期家起宗例户名位元天张部")
_RESIDUAL = re.compile(r"其他|其它|其余|剩余|另有")
_PART_BREAK = re.compile(r"[，,；;]")
_AROUND_QIZHONG = " \u3000，,：:"


@dataclass(frozen=True)
class StatedSum:
    """A total followed by 其中 and its parts, as the text states them."""

    total: int | Decimal
    unit: str
    total_span: tuple[int, int]
    #: Every part: (value, [start, end) of its clause).
    parts: tuple[tuple[Number, tuple[int, int]], ...]
    sentence: tuple[int, int]
    #: Whether the parts as listed are meant to be exhaustive (a 其他 part) — only
    #: then is a shortfall an error; an excess always is.
    exhaustive: bool

    @property
    def parts_sum(self) -> Number:
        return sum((v for v, _span in self.parts), 0)


def find_stated_sums(text: str, tokens: list[Token]) -> list[StatedSum]:
    """Totals with 其中-lists in `text` (normalised, with its `tokens`) whose parts do not add up.

    A list whose first run of parts (up to the first ，) adds up, or whose parts
    up to some ，-boundary add up, is consistent; otherwise the first run of at
    least two parts is reported when it exceeds the total, or falls short of it
    while naming a residual category (其他信息……), since a list without one may
    be a selection."""
    if "其中" not in text:
        return []
    tokens = [t for t in tokens if t.unit in _SUM_UNITS]
    found = []
    for m in re.finditer("其中", text):
        list_start = m.end()
        while list_start < len(text) and text[list_start] in _AROUND_QIZHONG:
            list_start += 1
        stop = m.start()
        while stop > 0 and text[stop - 1] in _AROUND_QIZHONG:
            stop -= 1
        total = next((t for t in tokens if t.end == stop), None)
        if total is None or total.approx:
            continue
        sentence_start, sentence_end = sentence_bounds(text, m.start())
        clause_start = last_start(CLAUSE_END, text, sentence_start, total.start)
        if NOT_THIS_YEAR.search(text, clause_start, total.start):
            continue
        next_qizhong = text.find("其中", m.end(), sentence_end)
        list_end = sentence_end if next_qizhong == -1 else next_qizhong
        groups: list[list[tuple[Token, int]]] = [[]]
        previous_end = list_start
        approx = False
        for token in tokens:
            if token.start < list_start or token.end > list_end or token.unit != total.unit:
                continue
            part_start = last_start(CLAUSE_END, text, previous_end, token.start)
            if _PART_BREAK.search(text, previous_end, part_start) and groups[-1]:
                groups.append([])
            previous_end = token.end
            if NOT_THIS_YEAR.search(text, part_start, token.start):
                continue
            approx = approx or token.approx
            groups[-1].append((token, part_start))
        first = groups[0]
        if approx or len(first) < 2:
            continue
        prefix_sums: list[Number] = []
        running: Number = 0
        for group in groups:
            running += sum(t.value for t, _s in group)
            prefix_sums.append(running)
        if total.value in prefix_sums:
            continue
        parts = tuple((t.value, (s, t.end)) for t, s in first)
        exhaustive = any(_RESIDUAL.search(text, s, t.start) for t, s in first)
        stated = StatedSum(total.value, total.unit,
                           (last_start(CLAUSE_END, text, sentence_start, total.start), total.end),
                           parts, (sentence_start, sentence_end), exhaustive)
        if stated.parts_sum > total.value or exhaustive:
            found.append(stated)
    return found


def sum_findings(paragraph: str, sums: tuple[StatedSum, ...], section_id: str, index: int,
                 where: str) -> list[Finding]:
    """NARRATIVE-SUM warnings for the sums of one paragraph that do not add up."""
    findings = []
    for stated in sums:
        unit = stated.unit
        parts = "、".join(excerpt(paragraph, *span, limit=30) for _v, span in stated.parts)
        sum_text = "+".join(format_value(v) for v, _span in stated.parts)
        findings.append(Finding(
            "NARRATIVE-SUM", WARNING,
            f"{where}：“{excerpt(paragraph, *stated.total_span)}”，其中所列各项（{parts}）"
            f"之和为 {sum_text} = {format_value(stated.parts_sum)} {unit}，"
            f"与总数 {format_value(stated.total)} {unit}不一致。",
            Location(section_id, paragraph=index, span=stated.sentence)))
    return findings
