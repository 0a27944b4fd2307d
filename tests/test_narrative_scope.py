"""Whose figures a sentence states (issue 11, item 7): a people's government compares
its whole area's sentences and skips one office's or one part's; a department
skips both; headings set the scope of the paragraphs under them; and the memo
of `check_narrative_numbers` keeps the kinds of agency apart."""

from __future__ import annotations

import pytest

from model.findings import Finding
from model.narrative_numbers import check_narrative_numbers, extract_claims
from model.narrative_scope import PART, WHOLE, HeadingScopes, marker_scope
from model.report import AgencyKind, Metadata, Report
from model.templates import TEMPLATES

DEPARTMENT, GOVERNMENT = AgencyKind.DEPARTMENT, AgencyKind.GOVERNMENT
YEAR = 2023


def report_of(kind: AgencyKind, *paragraphs: str, received: int = 0) -> Report:
    report = Report.blank(Metadata(agency="某某区人民政府", year=YEAR, kind=kind), TEMPLATES[2021])
    for key in report.cells:
        report.cells[key] = 0
    report.cells[("t3", "1", "total")] = received
    report.section("s1").paragraphs = list(paragraphs)
    return report


def marked_paragraphs(findings: list[Finding]) -> list[int | None]:
    return [f.location.paragraph for f in findings]


WHOLE_AREA = "2023年，全区共收到政府信息公开申请120件。"
ONE_OFFICE = "区政府办公室代表区政府受理政府信息公开申请36件。"


def test_the_whole_area_is_compared_in_a_government_report_and_skipped_in_a_department_one() -> None:
    assert marked_paragraphs(check_narrative_numbers(report_of(GOVERNMENT, WHOLE_AREA, received=100))) == [0]
    assert check_narrative_numbers(report_of(GOVERNMENT, WHOLE_AREA, received=120)) == []
    assert check_narrative_numbers(report_of(DEPARTMENT, WHOLE_AREA, received=100)) == []


def test_one_office_is_skipped_in_a_government_report() -> None:
    assert check_narrative_numbers(report_of(GOVERNMENT, ONE_OFFICE, received=120)) == []
    # A department (the 区政府办公室's own report) compares the same sentence.
    assert marked_paragraphs(check_narrative_numbers(report_of(DEPARTMENT, ONE_OFFICE, received=120))) == [0]


def test_the_memo_keeps_the_kinds_apart() -> None:
    """The same paragraph, read for one kind of agency and then the other, warm."""
    for _ in range(2):
        assert check_narrative_numbers(report_of(DEPARTMENT, WHOLE_AREA, received=1)) == []
        assert len(check_narrative_numbers(report_of(GOVERNMENT, WHOLE_AREA, received=1))) == 1


def test_the_last_marker_before_a_figure_decides_in_a_government_report() -> None:
    paragraph = ("区政府本级收到政府信息公开申请36件，全区共收到政府信息公开申请120件，予以公开50件。"
                 "其中区政府本级予以公开20件。")
    claims = extract_claims(paragraph, year=YEAR, agency=GOVERNMENT)
    assert [(c.kind, c.value) for c in claims] == [("received", 120), ("granted", 50)]
    # The paragraph's earlier 本级 holds for a later sentence without a marker of its own.
    assert extract_claims("区政府本级情况如下。予以公开政府信息公开申请20件。", year=YEAR, agency=GOVERNMENT) == []


@pytest.mark.parametrize(("text", "scope"), [
    ("全区", WHOLE), ("全市各级行政机关", WHOLE), ("我县", WHOLE), ("全街", WHOLE),
    ("区政府本级", PART), ("本级政府", PART), ("区政府办公室", PART), ("县人民政府", PART), ("各部门", PART),
    ("各乡镇（街道）", PART), ("某某街道办事处", PART), ("区直部门", PART), ("全区各部门", PART),
    ("因政府信息公开", None), ("区政府门户网站", None), ("本机关", None), ("本年度", None),
])
def test_government_markers(text: str, scope: str | None) -> None:
    assert marker_scope(text, 0, len(text), GOVERNMENT) == scope


def test_a_heading_sets_the_scope_of_the_paragraphs_under_it() -> None:
    report = report_of(
        GOVERNMENT,
        "（一）区政府本级",
        "1.依申请公开办理情况",  # a sub-heading without a scope keeps 本级
        "本年度共收到政府信息公开申请36件，予以公开20件。",
        "（二）全区情况",
        "本年度共收到政府信息公开申请120件。",
        received=36)
    assert marked_paragraphs(check_narrative_numbers(report)) == [4]
    report.cells[("t3", "1", "total")] = 120
    assert check_narrative_numbers(report) == []


def test_a_department_heading_about_the_whole_system_is_skipped_until_the_next_heading() -> None:
    report = report_of(
        DEPARTMENT,
        "（一）全市生态环境系统依申请公开情况",
        "共收到政府信息公开申请1200件。",
        "（二）本机关依申请公开情况",
        "共收到政府信息公开申请9件。",
        received=12)
    assert marked_paragraphs(check_narrative_numbers(report)) == [3]


def test_heading_scopes_close_below_a_new_heading() -> None:
    scopes = HeadingScopes(GOVERNMENT)
    assert [scopes.enter(p) for p in ("（一）区政府本级", "1.申请情况", "正文。", "（二）全区", "正文。",
                                      "（三）依申请公开情况", "正文。")] == [
        PART, PART, PART, WHOLE, WHOLE, None, None]
