"""Cross-year checks (model/crossyear.py): last year's report (the sample, 2024) beside this year's (2025).

Each rule has a pair that passes and a pair that fails; `this_year()` builds a
2025 report from the sample that raises no cross-year finding at all, and each
test changes one thing.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from model.crossyear import (
    REPEAT_MIN_CHARS,
    attach_prior,
    check_cross_year,
    new_from_prior,
    prior_value,
    repetition_shares,
)
from model.findings import Location, Severity
from model.projectfile import dumps, load, loads, save, to_json
from model.report import Metadata, PriorReport, Report
from model.templates import TEMPLATES
from tests.strategies import consistent_reports

#: This year's narrative, written afresh (nothing in it runs 13 characters with last year's).
REWRITTEN = {
    "s1": [
        "2025年，本局围绕优化营商环境这条主线，把政务公开嵌入审批服务全流程，做到决策、执行、管理、服务、结果五公开。",
        "依申请公开方面，本局修订了受理登记台账，明确承办科室答复时限，全年答复均在法定期限内办结，无超期现象。",
        "平台建设方面，本局对门户网站专栏进行了改版，新增办事指南检索和政策问答栏目，方便企业和群众查找。",
    ],
    "s5": [
        "本年度的不足主要有：部分科室报送稿件不够及时，解读材料形式比较单一，基层工作人员业务能力参差不齐。",
        "下一步，本局将建立稿件报送提醒机制，推广图表和短视频解读，并分批组织业务轮训，提高工作质量。",
    ],
    "s6": [
        "本年度本局没有向申请人收取任何信息处理费。全年办理人大代表建议五件、政协委员提案十二件，均已按期答复并取得实效。",
    ],
}


def this_year(last: Report) -> Report:
    """A 2025 report consistent with `last` in every cross-year rule: the same numbers, new text."""
    report = copy.deepcopy(last)
    report.meta.year = last.meta.year + 1
    report.meta.published = None
    for column in report.template.table("t3").column_ids:
        report.cells[("t3", "2", column)] = last.cells[("t3", "4", column)]
    for row in ("rules", "normative"):
        report.cells[("t2_1", row, "in_force")] = (last.cells[("t2_1", row, "in_force")]
                                                   + report.cells[("t2_1", row, "issued")]
                                                   - report.cells[("t2_1", row, "abolished")])
    for section in report.sections:
        if section.id in REWRITTEN:
            section.paragraphs = list(REWRITTEN[section.id])
    report.preamble = []
    attach_prior(report, last, None, embed=True)
    return report


@pytest.fixture
def last(sample: Report) -> Report:
    return sample


def rules(report: Report) -> list[str]:
    return [f.rule for f in check_cross_year(report)]


def only(report: Report, rule: str):
    findings = check_cross_year(report)
    assert [f.rule for f in findings] == [rule], [f.message for f in findings]
    return findings[0]


def set_prior_cells(report: Report, values: dict[tuple[str, str, str], int]) -> None:
    assert report.prior is not None and report.prior.report is not None
    report.prior.report.cells.update(values)


# --- no prior, a clean pair ------------------------------------------------------------


def test_no_prior_no_findings(sample: Report) -> None:
    assert check_cross_year(sample) == []
    assert repetition_shares(sample) == {}
    assert prior_value(sample, ("t3", "1", "total")) is None


def test_the_consistent_pair_raises_nothing(last: Report) -> None:
    report = this_year(last)
    assert check_cross_year(report) == []
    shares = repetition_shares(report)
    assert set(shares) == {"s1", "s5", "s6"} and max(shares.values()) == 0.0


# --- XY-CARRYOVER ------------------------------------------------------------------------


def test_carryover_matches(last: Report) -> None:
    last.cells.update({("t3", "4", "natural"): 5, ("t3", "4", "total"): 5})
    report = this_year(last)
    assert report.value("t3", "2", "natural") == 5
    assert check_cross_year(report) == []


def test_carryover_mismatch_names_both_numbers(last: Report) -> None:
    last.cells.update({("t3", "4", "natural"): 5, ("t3", "4", "total"): 5})
    report = this_year(last)
    report.cells[("t3", "2", "natural")] = 4
    finding = only(report, "XY-CARRYOVER")
    assert finding.severity is Severity.WARNING
    assert "本年填写 4" in finding.message and "为 5" in finding.message
    assert "二、上年结转" in finding.message and "四、结转下年度继续办理" in finding.message
    assert finding.location == Location("s3", table="t3", row="2", column="natural", cells=(("2", "natural"),))


def test_carryover_one_finding_per_column(last: Report) -> None:
    report = this_year(last)
    report.cells[("t3", "2", "commercial")] = 1
    report.cells[("t3", "2", "total")] = 1
    assert [f.location.column for f in check_cross_year(report)] == ["commercial", "total"]


def test_carryover_blank_is_not_compared(last: Report) -> None:
    report = this_year(last)
    report.cells[("t3", "2", "natural")] = None
    set_prior_cells(report, {("t3", "4", "total"): None})
    assert check_cross_year(report) == []


# --- XY-IN-FORCE ---------------------------------------------------------------------------


def in_force_pair(last: Report, in_force: int) -> Report:
    last.cells[("t2_1", "normative", "in_force")] = 20
    report = this_year(last)
    report.cells.update({("t2_1", "normative", "issued"): 3, ("t2_1", "normative", "abolished"): 1,
                         ("t2_1", "normative", "in_force"): in_force})
    return report


def test_in_force_adds_up(last: Report) -> None:
    assert check_cross_year(in_force_pair(last, 22)) == []


def test_in_force_mismatch_names_all_four_numbers(last: Report) -> None:
    finding = only(in_force_pair(last, 25), "XY-IN-FORCE")
    message = finding.message
    assert "行政规范性文件" in message and "现行有效件数为 25" in message
    assert "上年现行有效 20" in message and "本年制发 3" in message and "本年废止 1" in message and "= 22" in message
    assert "失效" in message  # documents can lapse: the user may ignore it
    assert finding.location.table == "t2_1" and finding.location.row == "normative"
    assert finding.location.column == "in_force"


def test_in_force_for_rules_too(last: Report) -> None:
    report = this_year(last)
    report.cells[("t2_1", "rules", "in_force")] = 2
    assert only(report, "XY-IN-FORCE").location.row == "rules"


def test_in_force_with_a_blank_is_not_compared(last: Report) -> None:
    report = in_force_pair(last, 25)
    report.cells[("t2_1", "normative", "abolished")] = None
    assert check_cross_year(report) == []


# --- XY-RATIO ---------------------------------------------------------------------------------


def test_licensing_six_times_last_year(last: Report) -> None:
    report = this_year(last)
    report.cells[("t2_5", "licensing", "decisions")] = 38651 * 6
    finding = only(report, "XY-RATIO")
    assert "本年 231906" in finding.message and "上年 38651" in finding.message and "6.0 倍" in finding.message
    assert finding.location.table == "t2_5" and finding.location.cells == (("licensing", "decisions"),)


def test_licensing_a_digit_lost(last: Report) -> None:
    report = this_year(last)
    report.cells[("t2_5", "licensing", "decisions")] = 3865
    finding = only(report, "XY-RATIO")
    assert "本年 3865" in finding.message and "上年 38651" in finding.message and "0.10 倍" in finding.message


@pytest.mark.parametrize(("before", "now", "flagged"), [
    (9, 45, False),  # exactly 5 times: not above 5
    (9, 46, True),
    (50, 10, False),  # exactly 0.2 times
    (50, 9, True),
    (1, 6, False),  # small numbers swing: both below RATIO_FLOOR
    (1, 10, True),
    (0, 3, False),  # from 0: flagged only from RATIO_FLOOR up
    (0, 12, True),
    (12, 0, True),
    (0, 0, False),
    (None, 100, False),
    (100, None, False),
])
def test_ratio_rule_on_applications_received(last: Report, before: int | None, now: int | None,
                                             flagged: bool) -> None:
    report = this_year(last)
    set_prior_cells(report, {("t3", "1", "total"): before})
    report.cells[("t3", "1", "total")] = now
    assert rules(report) == (["XY-RATIO"] if flagged else [])


def test_ratio_from_zero_says_so(last: Report) -> None:
    report = this_year(last)
    report.cells[("t4", "cases", "review.total")] = 12
    finding = only(report, "XY-RATIO")
    assert "行政复议" in finding.message and "本年 12，上年 0" in finding.message and "由 0 大幅增加" in finding.message


def test_ratio_of_lawsuits_sums_both_kinds(last: Report) -> None:
    report = this_year(last)  # last year: 1 direct suit, 0 after review
    report.cells.update({("t4", "cases", "direct_suit.total"): 10, ("t4", "cases", "suit_after_review.total"): 5})
    finding = only(report, "XY-RATIO")
    assert "行政诉讼" in finding.message and "本年 15，上年 1" in finding.message and "15.0 倍" in finding.message
    assert finding.location.cells == (("cases", "direct_suit.total"), ("cases", "suit_after_review.total"))


@pytest.mark.parametrize("key", [("t3", "3.7", "total"), ("t2_6", "penalty", "decisions"),
                                 ("t2_6", "coercion", "decisions")])
def test_every_key_figure_is_compared(last: Report, key: tuple[str, str, str]) -> None:
    report = this_year(last)
    set_prior_cells(report, {key: 100})
    report.cells[key] = 1000
    finding = only(report, "XY-RATIO")
    assert finding.location.table == key[0] and "10.0 倍" in finding.message


def test_decimal_values_are_compared(last: Report) -> None:
    report = this_year(last)
    set_prior_cells(report, {("t3", "1", "total"): Decimal("100")})
    report.cells[("t3", "1", "total")] = Decimal("600.0")
    assert "6.0 倍" in only(report, "XY-RATIO").message


# --- template and year -------------------------------------------------------------------------


def test_template_mismatch_one_warning_and_no_table_comparison(last: Report) -> None:
    report = this_year(last)
    older = Report.blank(Metadata(agency=last.meta.agency, year=2024), TEMPLATES[2019])
    older.cells[("t3", "4", "natural")] = 99  # would be a carry-over mismatch in the same template
    older.cells[("t3", "1", "total")] = 1000
    attach_prior(report, older, None, embed=True)
    finding = only(report, "XY-TEMPLATE")
    assert "2019 年版" in finding.message and "2021 年版" in finding.message
    assert prior_value(report, ("t3", "4", "natural")) is None


def test_template_mismatch_still_measures_repetition(last: Report) -> None:
    report = this_year(last)
    older = Report.blank(Metadata(year=2024), TEMPLATES[2019])
    older.section("s1").paragraphs = list(REWRITTEN["s1"])
    attach_prior(report, older, None, embed=True)
    assert rules(report) == ["XY-TEMPLATE", "XY-REPEAT"]


def test_prior_of_another_year(last: Report) -> None:
    report = this_year(last)
    report.meta.year = 2026
    finding = only(report, "XY-YEAR")
    assert "2024 年度" in finding.message and "2026 年度" in finding.message and "2025 年度" in finding.message


def test_an_unknown_year_is_never_called_0(last: Report) -> None:
    report = this_year(last)
    report.meta.year = 0
    assert "XY-YEAR" not in rules(report)  # META-YEAR says this report's year is missing
    report.meta.year = 2025
    report.prior.report.meta.year = 0
    finding = only(report, "XY-YEAR")
    assert finding.message == "关联的上年报告没有写明报告年度，无法确认它是上一年度的报告。"


# --- the prior file ----------------------------------------------------------------------------


def test_missing_prior_file(tmp_path: Path, last: Report) -> None:
    prior_file = tmp_path / "2024年报.nianbao.json"
    save(last, prior_file)
    report = this_year(last)
    attach_prior(report, load(prior_file), str(prior_file), embed=False)
    save(report, tmp_path / "2025年报.nianbao.json")
    assert check_cross_year(load(tmp_path / "2025年报.nianbao.json")) == []
    prior_file.unlink()
    loaded = load(tmp_path / "2025年报.nianbao.json")
    finding = only(loaded, "XY-PRIOR-MISSING")
    assert "“2024年报.nianbao.json”" in finding.message and "文件不存在" in finding.message
    assert repetition_shares(loaded) == {} and prior_value(loaded, ("t3", "1", "total")) is None


def test_attach_prior_copies_and_cuts_the_chain(last: Report) -> None:
    last.prior = PriorReport("2023.nianbao.json", embedded=False)
    report = Report.blank(Metadata(year=2025))
    attach_prior(report, last, "/年报/2024.nianbao.json", embed=False)
    assert report.prior is not None and report.prior.report is not None
    assert report.prior.report.prior is None and last.prior is not None
    assert report.prior.path == "/年报/2024.nianbao.json" and not report.prior.embedded
    last.cells[("t3", "1", "total")] = 12345
    assert prior_value(report, ("t3", "1", "total")) == 9  # a copy, not the caller's object
    with pytest.raises(ValueError):
        attach_prior(report, last, None, embed=False)


def test_prior_value(last: Report) -> None:
    report = this_year(last)
    assert prior_value(report, ("t2_5", "licensing", "decisions")) == 38651
    assert prior_value(report, ("t4", "cases", "direct_suit.total")) == 1
    set_prior_cells(report, {("t3", "1", "natural"): None})
    assert prior_value(report, ("t3", "1", "natural")) is None


# --- XY-REPEAT -------------------------------------------------------------------------------------


def test_same_text_is_fully_repeated(last: Report) -> None:
    report = this_year(last)
    for section in report.sections:
        section.paragraphs = list(last.section(section.id).paragraphs)
    assert repetition_shares(report) == {"s1": 1.0, "s5": 1.0, "s6": 1.0}
    findings = check_cross_year(report)
    assert [(f.rule, f.location) for f in findings] == [
        ("XY-REPEAT", Location("s1")), ("XY-REPEAT", Location("s5")), ("XY-REPEAT", Location("s6"))]
    assert "约 100%" in findings[0].message and findings[0].message.startswith("一、总体情况")


def test_rewritten_text_is_not_flagged(last: Report) -> None:
    report = this_year(last)
    assert all(share < 0.1 for share in repetition_shares(report).values())
    assert "XY-REPEAT" not in rules(report)


def test_copied_text_with_new_numbers_is_still_repeated(last: Report) -> None:
    report = this_year(last)
    section = report.section("s1")
    section.paragraphs = [re.sub(r"\d+", lambda m: str(int(m.group()) + 1), p).replace(" ", "")
                          for p in last.section("s1").paragraphs]
    assert section.paragraphs != last.section("s1").paragraphs
    assert repetition_shares(report)["s1"] == 1.0
    assert rules(report) == ["XY-REPEAT"]


def test_half_copied(last: Report) -> None:
    report = this_year(last)
    old = last.section("s5").paragraphs
    report.section("s5").paragraphs = [*old[:5], *REWRITTEN["s5"]]  # the problems copied, the plans new
    share = repetition_shares(report)["s5"]
    assert 0.2 < share < 0.5
    assert "XY-REPEAT" not in rules(report)
    report.section("s5").paragraphs = [*old, REWRITTEN["s5"][0]]
    share = repetition_shares(report)["s5"]
    assert 0.5 < share < 1
    finding = only(report, "XY-REPEAT")
    assert f"约 {share * 100:.0f}%" in finding.message


def test_sub_headings_do_not_count(last: Report) -> None:
    report = this_year(last)
    report.section("s5").paragraphs = ["（一）存在的主要问题", *REWRITTEN["s5"][:1], "（二）改进情况及下一步工作打算",
                                       *REWRITTEN["s5"][1:]]
    assert repetition_shares(report)["s5"] == 0.0


def test_a_short_section_repeated_is_not_flagged(last: Report) -> None:
    report = this_year(last)
    sentence = "本年度未收取信息处理费。"
    assert len(sentence) < REPEAT_MIN_CHARS
    report.section("s6").paragraphs = [sentence]
    report.prior.report.section("s6").paragraphs = [sentence]  # type: ignore[union-attr]
    assert repetition_shares(report)["s6"] == 0.0  # 12 characters: no 13-character run at all
    report.section("s6").paragraphs = report.prior.report.section("s6").paragraphs = [  # type: ignore[union-attr]
        "2025年，本局未收取政府信息公开信息处理费，也未发生相关争议。"]
    assert repetition_shares(report)["s6"] == 1.0
    assert check_cross_year(report) == []


def test_empty_sections(last: Report) -> None:
    report = this_year(last)
    report.section("s5").paragraphs = []
    report.prior.report.section("s6").paragraphs = []  # type: ignore[union-attr]
    shares = repetition_shares(report)
    assert shares["s5"] == 0.0 and shares["s6"] == 0.0


def modified_sample(last: Report) -> Report:
    """The sample with every other sentence rewritten (reversed): a realistic partial edit."""
    report = this_year(last)
    for section in report.sections:
        section.paragraphs = [
            "".join(part if i % 2 else part[::-1] for i, part in enumerate(re.split(r"(?<=[。；])", p)))
            for p in last.section(section.id).paragraphs
        ]
    return report


def test_repetition_shares_of_a_modified_sample(last: Report) -> None:
    """The report the benchmark times (bench/model_bench.py: the check runs with every other on every
    keystroke, well under 5 ms cold, 1 ms warm): neither all new nor all repeated."""
    shares = repetition_shares(modified_sample(last))
    assert min(shares.values()) > 0.2 and max(shares.values()) < 0.7


# --- new_from_prior -------------------------------------------------------------------------------


def test_new_from_prior(last: Report) -> None:
    last.cells.update({("t3", "4", "natural"): 3, ("t3", "4", "commercial"): 2, ("t3", "4", "total"): 5,
                       ("t3", "4", "other"): None})
    last.section("s6").title = "六、其他需要报告的事项（含信息处理费）"
    report = new_from_prior(last)
    meta, old = report.meta, last.meta
    assert (meta.agency, meta.kind, meta.website, meta.phone, meta.email) == (
        old.agency, old.kind, old.website, old.phone, old.email)
    assert meta.year == 2025 and meta.published is None and report.template_year == 2021
    assert [s.title for s in report.sections] == [s.title for s in last.sections]
    assert report.preamble == [] and all(s.paragraphs == [] for s in report.sections)
    carried = {key: value for key, value in report.cells.items() if value is not None}
    assert carried == {("t3", "2", "natural"): 3, ("t3", "2", "commercial"): 2, ("t3", "2", "total"): 5,
                       ("t3", "2", "research"): 0, ("t3", "2", "public_welfare"): 0,
                       ("t3", "2", "legal_service"): 0}
    assert report.prefilled == set(carried)  # the blank 其他 is not marked
    assert set(report.cells) == set(Report.blank(meta).cells)
    assert report.prior is not None and report.prior.embedded and report.prior.path is None
    assert report.prior.report == last
    assert check_cross_year(report) == []


def test_new_from_prior_linked(tmp_path: Path, last: Report) -> None:
    prior_file = tmp_path / "2024" / "年报.nianbao.json"
    prior_file.parent.mkdir()
    save(last, prior_file)
    report = new_from_prior(load(prior_file), str(prior_file))
    assert report.prior is not None and not report.prior.embedded
    target = tmp_path / "2025" / "年报.nianbao.json"
    target.parent.mkdir()
    save(report, target)
    document = to_json(report, target.parent)
    assert document["prior"] == {"path": "../2024/年报.nianbao.json", "embedded": None}
    assert document["prefilled"] == [["t3", "2", c] for c in last.template.table("t3").column_ids]
    again = load(target)
    assert again == report and again.prefilled == report.prefilled
    assert again.prior is not None and again.prior.report == last


def test_new_from_prior_embedded_round_trip(tmp_path: Path, last: Report) -> None:
    report = new_from_prior(last)
    save(report, tmp_path / "2025.nianbao.json")
    again = load(tmp_path / "2025.nianbao.json")
    assert again == report and again.prior is not None and again.prior.report == last


def test_new_from_a_2020_report_uses_the_2021_template() -> None:
    old = Report.blank(Metadata(agency="某某县人民政府", year=2020), TEMPLATES[2019])
    old.cells[("t3", "4", "total")] = 7
    report = new_from_prior(old)
    assert report.meta.year == 2021 and report.template_year == 2021
    assert report.value("t3", "2", "total") == 7 and report.prefilled == {("t3", "2", "total")}
    assert rules(report) == ["XY-TEMPLATE"]


def test_findings_are_warnings_in_document_order(last: Report) -> None:
    report = this_year(last)
    for section in report.sections:
        section.paragraphs = list(last.section(section.id).paragraphs)
    report.cells[("t3", "2", "natural")] = 4
    report.cells[("t2_1", "rules", "in_force")] = 3
    report.cells[("t4", "cases", "review.total")] = 50
    report.meta.year = 2030
    findings = check_cross_year(report)
    assert [(f.rule, f.location.section) for f in findings] == [
        ("XY-YEAR", "document"), ("XY-REPEAT", "s1"), ("XY-IN-FORCE", "s2"), ("XY-CARRYOVER", "s3"),
        ("XY-RATIO", "s4"), ("XY-REPEAT", "s5"), ("XY-REPEAT", "s6")]
    assert all(f.severity is Severity.WARNING for f in findings)


@given(consistent_reports())
@settings(max_examples=40, deadline=None)
def test_new_from_any_consistent_report(last: Report) -> None:
    """Any report carried forward: no cross-year finding, 上年结转 = last year's 结转, and it saves and reopens."""
    report = new_from_prior(last)
    assert check_cross_year(report) == []
    for column in report.template.table("t3").column_ids:
        assert report.value("t3", "2", column) == last.value("t3", "4", column)
    assert loads(dumps(report)) == report
    # ... and the same numbers a year later raise nothing either (the narrative is rewritten).
    again = this_year(last)
    for section in again.sections:
        section.paragraphs = []
    assert check_cross_year(again) == []


# --- the 2019 template: the same rules, through its own roles ------------------------------------------


def report_of_2020() -> Report:
    """A 2020 report in the 2019 template with its 2019 report attached, every cell 0 in both."""
    last = Report.blank(Metadata(agency="某某县人民政府", year=2019), TEMPLATES[2019])
    for key in last.cells:
        last.cells[key] = 0
    report = copy.deepcopy(last)
    report.meta.year = 2020
    attach_prior(report, last, None, embed=True)
    return report


def test_the_2019_template_compares_its_own_key_figures() -> None:
    report = report_of_2020()
    set_prior_cells(report, {("t2_5", "licensing", "decision_count"): 9})
    report.cells[("t2_5", "licensing", "decision_count")] = 90
    finding = only(report, "XY-RATIO")
    assert finding.location.cells == (("licensing", "decision_count"),)
    assert finding.message.startswith("第二十条第（五）项 行政许可 · 处理决定数量：本年 90，上年 9")


def test_the_2019_template_names_its_lawsuits_and_checks_carry_over() -> None:
    report = report_of_2020()
    report.cells.update({("t4", "cases", "direct_suit.total"): 10, ("t4", "cases", "suit_after_review.total"): 5})
    report.cells[("t3", "2", "natural")] = 3
    findings = check_cross_year(report)
    assert [f.rule for f in findings] == ["XY-CARRYOVER", "XY-RATIO"]
    assert findings[0].message == ("表三 二、上年结转政府信息公开申请数量 · 自然人：本年填写 3，"
                                   "上年报告的“四、结转下年度继续办理”（自然人）为 0，两者应相等。")
    assert findings[1].message.startswith("表四 行政诉讼总计（未经复议直接起诉与复议后起诉之和）：本年 15，上年 0")


def test_the_2019_template_has_no_in_force_rule() -> None:
    report = report_of_2020()  # 对外公开总数量 is not 现行有效件数: nothing to add up
    report.cells[("t2_1", "rules", "total_published")] = 7
    report.cells[("t2_1", "rules", "made")] = 2
    assert check_cross_year(report) == []
