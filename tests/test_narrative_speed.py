"""A long report is checked the same way every time, cached or not (issue 11, item 5).

How long the check of this 2,000-paragraph report (corpus sentences, the sample's
paragraphs and headings of both scopes, every cell filled) takes, uncached, for
NARRATIVE-TABLE / NARRATIVE-SUM and NARRATIVE-YEAR together, is measured by the
benchmark (bench/model_bench.py; about 0.2 s on the development machine): a clock
is no assertion on a shared machine.
"""

from __future__ import annotations

import pytest

from model import narrative_numbers, narrative_scope
from model.narrative_numbers import check_narrative_numbers
from model.narrative_years import check_narrative_years
from model.report import AgencyKind, Metadata, Report
from model.templates import TEMPLATES
from tests.narrative_corpus import CORPUS

PARAGRAPHS = 2000


def long_report(sample: Report, kind: AgencyKind) -> Report:
    pool = [c.text for c in CORPUS] + [p for s in sample.sections for p in s.paragraphs] + sample.preamble
    pool += ["（一）区政府本级", "（二）全区情况", "（三）依申请公开情况",
             "公开信息475条，其中政务动态159条、其他信息131条。"]  # a sum that does not add up
    # Numbered so that every paragraph is new to the memo.
    paragraphs = [f"{pool[i % len(pool)]}（第{i}段）" for i in range(PARAGRAPHS)]
    report = Report.blank(Metadata(agency="某某区人民政府", year=2023, kind=kind), TEMPLATES[2021])
    for index, key in enumerate(report.cells):
        report.cells[key] = index % 7
    report.preamble = paragraphs[:200]
    report.section("s1").paragraphs = paragraphs[200:1200]
    report.section("s5").paragraphs = paragraphs[1200:1600]
    report.section("s6").paragraphs = paragraphs[1600:]
    return report


def clear_memos() -> None:
    narrative_numbers._analyse.cache_clear()
    narrative_scope.heading_scope.cache_clear()


@pytest.mark.parametrize("kind", list(AgencyKind))
def test_two_thousand_paragraphs_are_checked_deterministically(sample: Report, kind: AgencyKind) -> None:
    report = long_report(sample, kind)
    results = []
    for _ in range(3):
        clear_memos()
        results.append(check_narrative_numbers(report) + check_narrative_years(report))
    assert results[0] == results[1] == results[2]
    assert check_narrative_numbers(report) + check_narrative_years(report) == results[0]  # warm memo, same answer
    rules = {f.rule for f in results[0]}
    assert {"NARRATIVE-TABLE", "NARRATIVE-SUM", "NARRATIVE-YEAR"} <= rules  # not vacuous: it read the text
