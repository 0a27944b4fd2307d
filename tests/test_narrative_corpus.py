"""Every sentence of the corpus (`tests/narrative_corpus.py`) through the check:
with tables that agree it raises nothing, with tables that disagree it raises
exactly the claims the corpus lists — compared with the cells it lists — and a
look-alike raises nothing either way."""

from __future__ import annotations

import pytest

from model.narrative_numbers import check_narrative_numbers
from model.narrative_tokens import normalise, tokens
from model.report import Metadata, Report
from model.templates import TEMPLATES
from tests.narrative_corpus import CORPUS, DEPARTMENT, GOVERNMENT, YEAR, Case

#: Test ids (pytest escapes Chinese ids): the kind of agency and the case's place in the corpus.
IDS = [f"{'dept' if c.agency is DEPARTMENT else 'gov'}-{i:03d}" for i, c in enumerate(CORPUS)]
#: No figure of the corpus is this large: every cell set to it disagrees with every claim.
DISAGREEING = 987_654


def corpus_report(case: Case) -> Report:
    agency = "某某市生态环境局" if case.agency is DEPARTMENT else "某某区人民政府"
    report = Report.blank(Metadata(agency=agency, year=YEAR, kind=case.agency), TEMPLATES[2021])
    for key in report.cells:
        report.cells[key] = 0
    report.section("s1").paragraphs = [*case.before, case.text]
    report.section("s5").paragraphs = ["政策解读的形式还不够丰富，下一步将增加图解和视频解读。"]
    report.section("s6").paragraphs = ["本年度未收取政府信息公开信息处理费。"]
    return report


def agreeing_report(case: Case) -> Report:
    """Zero tables, then each claim's first cell set so that its likeliest reading
    holds (a cell already set by an earlier claim is left as it is)."""
    report = corpus_report(case)
    assigned: set[tuple[str, str, str]] = set()
    for expected in case.expected:
        reading = expected.readings[0]
        if reading[0] in assigned:
            continue
        others = sum(report.cells[key] for key in reading[1:])
        report.cells[reading[0]] = expected.value - others
        assigned.update(reading)
    return report


def test_the_corpus_is_large_and_covers_both_kinds_of_agency() -> None:
    assert len(CORPUS) >= 80
    for agency in (DEPARTMENT, GOVERNMENT):
        cases = [c for c in CORPUS if c.agency is agency]
        assert len([c for c in cases if c.expected]) >= 15
        assert len([c for c in cases if not c.expected]) >= 15
    assert len({(c.text, c.agency, c.before) for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_a_table_that_agrees_raises_nothing(case: Case) -> None:
    assert check_narrative_numbers(agreeing_report(case)) == []


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_a_table_that_disagrees_raises_each_listed_claim(case: Case) -> None:
    report = corpus_report(case)
    for key in report.cells:
        report.cells[key] = DISAGREEING
    findings = check_narrative_numbers(report)
    assert all(f.rule == "NARRATIVE-TABLE" for f in findings), findings
    paragraph = len(case.before)
    assert [f.location.paragraph for f in findings] == [paragraph] * len(findings)
    marked = [(f.location.table, f.location.cells) for f in findings]
    assert marked == [(e.readings[0][0][0], tuple((r, c) for _t, r, c in e.readings[0])) for e in case.expected]
    for finding, expected in zip(findings, case.expected, strict=True):
        quoted = normalise(case.text[slice(*finding.location.span)])
        figures = tokens(quoted)
        assert (figures[-1].value if figures else 0) == expected.value, quoted
        assert f"（{DISAGREEING * len(expected.readings[0])}）" in finding.message
