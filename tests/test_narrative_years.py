"""NARRATIVE-YEAR and the year after the report's (issue 11, item 8): a 2023 report
dating this year's work 「2024年」 is flagged; plans, deadlines, dates from which
something applies and the report's own publication date are not; a report whose
year is unknown gets no year finding at all."""

from __future__ import annotations

import pytest

from model.findings import Location
from model.narrative_years import check_narrative_years
from model.report import AgencyKind, Metadata, Report
from model.templates import TEMPLATES

YEAR = 2023


def report_saying(*paragraphs: str, year: int = YEAR, kind: AgencyKind = AgencyKind.DEPARTMENT) -> Report:
    report = Report.blank(Metadata(agency="某某市生态环境局", year=year, kind=kind), TEMPLATES[2021])
    report.section("s1").paragraphs = list(paragraphs)
    return report


def flagged(report: Report) -> list[tuple[int | None, str]]:
    """(paragraph, the year mentioned) of each NARRATIVE-YEAR finding."""
    findings = check_narrative_years(report)
    assert all(f.rule == "NARRATIVE-YEAR" and f.location.section == "s1" for f in findings)
    return [(f.location.paragraph, f.message.split("“")[1].split("”")[0]) for f in findings]


def test_a_report_dated_a_year_ahead_throughout_is_flagged() -> None:
    report = report_saying(
        "2024年，市生态环境局认真落实《条例》要求，深化政务公开。",
        "（二）依申请公开。2024年共收到政府信息公开申请9件，均按时答复。",
        "2024 年，新增1名政务公开工作人员。")
    assert flagged(report) == [(0, "2024年"), (1, "2024年"), (2, "2024 年")]
    finding = check_narrative_years(report)[0]
    assert finding.message == ("一、总体情况 第 1 段出现“2024年”，与报告年度 2023 年不同；"
                               "如为沿用往年文字请修改，如为有意引用请忽略。")
    assert finding.location == Location("s1", paragraph=0)


@pytest.mark.parametrize("text", [
    "2024年1月，我局组织召开政务公开培训会。",  # January, but not about publishing the report
    "2024年5月，本报告在门户网站发布。",  # published outside the first quarter: not this report's date
    "2024年，我局共收到政府信息公开申请9件。",
    "2024年度报告编制工作已全面完成。",
    "2024年底，完成了全部整改。",
    "2024年，我局实施了政务公开标准化建设。",
])
def test_the_following_year_without_a_plan_is_flagged(text: str) -> None:
    assert [year for _p, year in flagged(report_saying(text))] == ["2024年"]


@pytest.mark.parametrize("text", [
    "（二）2024年工作打算",
    "2024年工作计划：进一步提升信息发布时效性。",
    "认真落实2024年政务公开工作要点。",
    "明确2024年重点工作思路。",
    "2024年，我局将继续提升信息发布时效性。",
    "2024年将全面推行政务公开标准目录。",
    "计划于2024年6月底前完成网站改版。",
    "拟于2024年上线依申请公开网上办理系统。",
    "力争2024年实现基层政务公开专区全覆盖。",
    "预计2024年完成全部历史文件清理。",
    "下一年度（2024年）持续抓好整改。",
    "明年即2024年，继续加强培训。",
    "本报告于2024年1月20日在市政府门户网站发布。",
    "本年度报告编制完成于2024年2月。",
    "截至2024年1月15日，相关问题已全部整改到位。",
    "截止到2024年1月，已完成全部整改。",
    "新修订的《中华人民共和国行政复议法》自2024年1月1日起施行。",
    "新修订的《中华人民共和国行政复议法》于2024年1月1日正式施行。",
    "2024年1月20日",
    "某某市生态环境局　2024年1月20日",
])
def test_a_plan_a_deadline_or_the_publication_date_is_not_flagged(text: str) -> None:
    assert flagged(report_saying(text)) == []


def test_a_plan_in_another_sentence_does_not_excuse_the_year() -> None:
    report = report_saying("下一步将加强培训。2024年，我局共收到政府信息公开申请9件。")
    assert flagged(report) == [(0, "2024年")]


def test_two_years_ahead_is_flagged_even_as_a_plan() -> None:
    assert flagged(report_saying("2025年将全面完成改造。")) == [(0, "2025年")]


def test_earlier_years_keep_their_rules() -> None:
    report = report_saying("2022年共收到政府信息公开申请8件。", "较2022年增加1件。", "2021—2025年规划稳步推进。")
    assert flagged(report) == [(0, "2022年")]


@pytest.mark.parametrize("kind", list(AgencyKind))
def test_an_unknown_year_gets_no_year_finding(kind: AgencyKind) -> None:
    report = report_saying("2023年，我局共收到政府信息公开申请9件。", "2024年工作打算", "2019年建立该制度。",
                           year=0, kind=kind)
    assert check_narrative_years(report) == []
    report.meta.year = YEAR  # not vacuous: with the year known, 2019 is flagged
    assert flagged(report) == [(2, "2019年")]
