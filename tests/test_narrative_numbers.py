"""Numbers the narrative states vs the tables (NARRATIVE-TABLE, NARRATIVE-SUM) and
(六)2 vs 信息处理费 (S6-FEE): true mismatches that must be caught, look-alike sentences
that must not be flagged, the number reader, and the sample report (no warning)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import narrative_numbers
from model.checks import check_fee_mention
from model.findings import Finding, Location, Severity
from model.narrative_numbers import (
    check_narrative_numbers,
    extract_claims,
    parse_chinese_number,
    stated_sums,
)
from model.report import Metadata, Report
from model.templates import TEMPLATES
from tests.strategies import consistent_reports

WARNING = Severity.WARNING
YEAR = 2024
T3_REFUSED = tuple(f"3.3.{i}" for i in range(1, 9))
T3_UNABLE = tuple(f"3.4.{i}" for i in range(1, 4))
T3_NOT_PROCESSED = tuple(f"3.5.{i}" for i in range(1, 6))


def zero_report(*paragraphs: str, template_year: int = 2021, year: int = YEAR) -> Report:
    """Every cell 0; section 一 says `paragraphs`; 五 and 六 say nothing with a number."""
    report = Report.blank(Metadata(agency="某某市生态环境局", year=year), TEMPLATES[template_year])
    for key in report.cells:
        report.cells[key] = 0
    report.section("s1").paragraphs = list(paragraphs)
    report.section("s5").paragraphs = ["政策解读的形式还不够丰富，下一步将增加图解和视频解读。"]
    report.section("s6").paragraphs = ["本年度未收取政府信息公开信息处理费。"]
    return report


def only(findings: list[Finding], rule: str = "NARRATIVE-TABLE") -> Finding:
    assert len(findings) == 1, findings
    assert findings[0].rule == rule and findings[0].severity is WARNING
    return findings[0]


def spanned(report: Report, finding: Finding) -> str:
    location = finding.location
    paragraphs = report.preamble if location.section == "preamble" else report.section(location.section).paragraphs
    start, end = location.span
    return paragraphs[location.paragraph][start:end]


# --- the sample report ----------------------------------------------------------------------


def test_the_sample_raises_no_warning(sample: Report) -> None:
    assert check_narrative_numbers(sample) == []
    assert check_fee_mention(sample) == []


def test_the_sample_states_its_figures_and_they_are_read(sample: Report) -> None:
    """Not vacuous: the sample's figures are recognised, and they agree with the tables."""
    paragraph = sample.section("s1").paragraphs[2]
    claims = extract_claims(paragraph, year=YEAR)
    assert [(c.kind, c.value, paragraph[slice(*c.span)]) for c in claims] == [
        ("received", 9, "共收到政府信息公开申请9件"),
        ("granted", 2, "予以公开2件"),
        ("partly", 1, "部分公开1件"),
        ("unable", 4, "无法提供4件"),
        ("refused", 2, "不予公开2件"),
    ]
    paragraph = sample.section("s1").paragraphs[3]
    assert [(c.kind, c.value, c.subject) for c in extract_claims(paragraph, year=YEAR)] == [
        ("issued", 0, "both"), ("in_force", 0, "normative"),
    ]


def test_a_sample_saying_ten_applications_raises_exactly_one_warning(sample: Report) -> None:
    paragraphs = sample.section("s1").paragraphs
    assert "共收到政府信息公开申请9件" in paragraphs[2]
    paragraphs[2] = paragraphs[2].replace("共收到政府信息公开申请9件", "共收到政府信息公开申请10件")
    finding = only(check_narrative_numbers(sample))
    assert finding.message == (
        "一、总体情况 第 3 段：“共收到政府信息公开申请10件”与表三 一、本年新收政府信息公开申请数量 · 总计（9）不一致。")
    start = paragraphs[2].index("共收到政府信息公开申请10件")
    assert finding.location == Location(
        "s1", table="t3", row="1", column="total", paragraph=2, cells=(("1", "total"),),
        span=(start, start + len("共收到政府信息公开申请10件")))
    assert "10件" in spanned(sample, finding)


# How long the check takes on the sample (it runs on every keystroke: well under 5 ms, even
# uncached) is measured by the benchmark, bench/model_bench.py.


# --- true mismatches, one per claim kind --------------------------------------------------------

#: (sentence, table, cells whose sum it states). The report is built with the
#: stated figure in the first cell (no warning), then that cell is changed (one warning).
CLAIMS = [
    ("2024年共收到政府信息公开申请9件。", "t3", (("1", "total"),)),
    ("本年度新收政府信息公开申请十二件。", "t3", (("1", "total"),)),
    ("共收到9件政府信息公开申请，均已按时答复。", "t3", (("1", "total"),)),
    ("全年共受理依申请公开事项两件。", "t3", (("1", "total"),)),
    ("上年结转政府信息公开申请3件。", "t3", (("2", "total"),)),
    ("收到政府信息公开申请5件，其中予以公开2件。", "t3", (("3.1", "total"),)),
    ("收到政府信息公开申请5件，其中同意公开2件。", "t3", (("3.1", "total"),)),
    ("其中，部分公开1件。收到政府信息公开申请。", "t3", (("3.2", "total"),)),
    ("对政府信息公开申请，不予公开2件。", "t3", tuple((r, "total") for r in T3_REFUSED)),
    ("对政府信息公开申请，无法提供4件。", "t3", tuple((r, "total") for r in T3_UNABLE)),
    ("对政府信息公开申请，不予处理3件。", "t3", tuple((r, "total") for r in T3_NOT_PROCESSED)),
    ("办理政府信息公开申请，其中2件予以公开。", "t3", (("3.1", "total"),)),
    ("政府信息公开申请结转下年度继续办理1件。", "t3", (("4", "total"),)),
    ("政府信息公开申请结转下一年度办理1件。", "t3", (("4", "total"),)),
    ("因政府信息公开被申请行政复议1件。", "t4", (("cases", "review.total"),)),
    ("因政府信息公开被提起行政诉讼2件。", "t4", (("cases", "direct_suit.total"), ("cases", "suit_after_review.total"))),
    ("因政府信息公开复议后起诉1件。", "t4", (("cases", "suit_after_review.total"),)),
    ("政府信息公开行政复议、行政诉讼各1件。", "t4", (("cases", "review.total"),)),
    ("全年作出行政许可决定38,651件。", "t2_5", (("licensing", "decisions"),)),
    ("全年办理行政许可事项１２件。", "t2_5", (("licensing", "decisions"),)),
    ("本年制发规范性文件3件。", "t2_1", (("normative", "issued"),)),
    ("出台政府规章1件。", "t2_1", (("rules", "issued"),)),
    ("制发规范性文件3件，废止2件。", "t2_1", (("normative", "abolished"),)),
    ("现行有效行政规范性文件15件。", "t2_1", (("normative", "in_force"),)),
    ("主动公开市政府规章13件（含新制定5件，修改4件）。", "t2_1", (("rules", "issued"),)),
    # Issue 11: phrasings real reports use.
    ("本年度收到依申请信息公开5件。", "t3", (("1", "total"),)),
    ("已办结政府信息公开申请7件。", "t3", (("3.7", "total"),)),
    ("共办理政府信息公开申请12件。", "t3", (("1", "total"),)),  # or 一 + 二, or （七）: see below
    ("收到政府信息公开申请8件，予以公开及部分公开5件。", "t3", (("3.1", "total"), ("3.2", "total"))),
    ("对政府信息公开申请，予以公开和部分公开共6件。", "t3", (("3.1", "total"), ("3.2", "total"))),
    ("因政府信息公开引发的行政复议和行政诉讼案件共3件。", "t4",
     (("cases", "review.total"), ("cases", "direct_suit.total"), ("cases", "suit_after_review.total"))),
    ("因政府信息公开被申请行政复议和提起行政诉讼，共办理相关案件3件。", "t4",
     (("cases", "review.total"), ("cases", "direct_suit.total"), ("cases", "suit_after_review.total"))),
]


@pytest.mark.parametrize(("sentence", "table", "cells"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_a_stated_figure_is_compared_with_its_cells(sentence: str, table: str, cells: tuple) -> None:
    report = zero_report(sentence)
    stated = extract_claims(sentence, year=YEAR)
    for other in stated:  # the sentence's other figures agree with the tables
        other_table, other_cells = narrative_numbers.claim_cells(other, report.template)
        report.cells[(other_table.id, *other_cells[0])] = other.value
    claims = [c for c in stated if narrative_numbers.claim_cells(c, report.template)[1] == cells]
    assert len(claims) == 1, stated
    claim = claims[0]
    first = (table, *cells[0])
    assert check_narrative_numbers(report) == []
    report.cells[first] = claim.value + 1
    finding = only(check_narrative_numbers(report))
    assert finding.location.section == "s1" and finding.location.paragraph == 0
    assert finding.location.table == table and finding.location.cells == cells
    assert finding.location.span == claim.span
    assert str(claim.value + 1) in finding.message


def test_a_sum_of_rows_is_named_in_the_message() -> None:
    report = zero_report("收到政府信息公开申请3件，其中不予公开3件。")
    report.cells[("t3", "1", "total")] = 3
    report.cells[("t3", "3.3.4", "total")] = 2
    finding = only(check_narrative_numbers(report))
    assert finding.message == (
        "一、总体情况 第 1 段：“不予公开3件”与表三 （三）不予公开（各项之和）· 总计（2）不一致。")
    assert finding.location.row is None and finding.location.column == "total"


def test_lawsuits_are_both_kinds_together() -> None:
    report = zero_report("因依申请公开答复被提起行政诉讼2件。")
    report.cells[("t4", "cases", "direct_suit.total")] = 1
    finding = only(check_narrative_numbers(report))
    assert "表四 行政诉讼·未经复议直接起诉·总计与行政诉讼·复议后起诉·总计之和（1）" in finding.message
    report.cells[("t4", "cases", "suit_after_review.total")] = 1
    assert check_narrative_numbers(report) == []


def test_handled_applications_may_mean_new_new_and_carried_or_concluded() -> None:
    """"共办理政府信息公开申请N件" is 一, 一 + 二 or （七）总计 in real use: any agrees."""
    report = zero_report("2023年共办理政府信息公开申请12件。", year=2023)
    cells = report.cells
    for new, carried, concluded in ((12, 0, 0), (10, 2, 0), (0, 0, 12), (11, 1, 12)):
        cells[("t3", "1", "total")], cells[("t3", "2", "total")], cells[("t3", "3.7", "total")] = (
            new, carried, concluded)
        assert check_narrative_numbers(report) == [], (new, carried, concluded)
    cells[("t3", "1", "total")], cells[("t3", "2", "total")], cells[("t3", "3.7", "total")] = 8, 1, 9
    finding = only(check_narrative_numbers(report))
    assert finding.message == (
        "一、总体情况 第 1 段：“共办理政府信息公开申请12件”与表三 一、本年新收政府信息公开申请数量 · 总计（8）、"
        "一与二之和（9）、（七）总计（9）均不一致。")
    assert finding.location.cells == (("1", "total"),)  # the likeliest reading is the one marked
    cells[("t3", "2", "total")] = None  # a blank cell in one reading: that reading may be the one meant
    assert check_narrative_numbers(report) == []


def test_granted_and_partly_together_are_named_as_a_sum() -> None:
    report = zero_report("收到政府信息公开申请8件，予以公开及部分公开5件。")
    report.cells[("t3", "1", "total")] = 8
    report.cells[("t3", "3.1", "total")], report.cells[("t3", "3.2", "total")] = 3, 1
    finding = only(check_narrative_numbers(report))
    assert finding.message == (
        "一、总体情况 第 1 段：“予以公开及部分公开5件”与表三 （一）予以公开与（二）部分公开之和 · 总计（4）不一致。")
    report.cells[("t3", "3.2", "total")] = 2
    assert check_narrative_numbers(report) == []


@pytest.mark.parametrize("sentence", [
    "收到政府信息公开申请36件，其中按期办结36件。",  # 按期办结 counts the ones in time only
    "承办人大代表建议8件，已办结8件，申请人满意率100%。",
    "收到行政复议申请5件，已办结5件。",
    "因政府信息公开被提起行政诉讼1件，共办理相关案件1件。",  # only 诉讼 named: compared with the suits
])
def test_concluded_and_related_cases_are_read_only_where_they_mean_it(sentence: str) -> None:
    report = zero_report(sentence)
    report.cells[("t3", "1", "total")] = 36 if "36件" in sentence else 0
    report.cells[("t4", "cases", "direct_suit.total")] = 1 if "诉讼1件" in sentence else 0
    assert check_narrative_numbers(report) == []


def test_a_chinese_numeral_is_explained_in_the_message() -> None:
    report = zero_report("收到政府信息公开申请两件，其中予以公开两件。")
    report.cells[("t3", "1", "total")] = 2
    finding = only(check_narrative_numbers(report))
    assert finding.message == "一、总体情况 第 1 段：“予以公开两件”（即 2）与表三 （一）予以公开 · 总计（0）不一致。"


@pytest.mark.parametrize(("sentence", "cell", "subject"), [
    ("全年未制定相关规章及规范性文件。", None, "both"),
    ("本年度未制发行政规范性文件。", ("normative", "issued"), "normative"),
    ("截至2024年12月31日，无现行有效行政规范性文件。", ("normative", "in_force"), "normative"),
])
def test_a_statement_of_none_is_zero(sentence: str, cell: tuple | None, subject: str) -> None:
    report = zero_report(sentence)
    assert check_narrative_numbers(report) == []
    report.cells[("t2_1", *(cell or ("rules", "issued")))] = 1
    finding = only(check_narrative_numbers(report))
    assert finding.location.table == "t2_1"
    assert "（即 0）" in finding.message
    assert [c.subject for c in extract_claims(sentence, year=YEAR)] == [subject]


def test_no_applications_and_no_cases_are_zero() -> None:
    report = zero_report("2024年，本机关未收到政府信息公开申请。",
                         "未发生因政府信息公开工作引起的行政复议、行政诉讼案件。")
    assert check_narrative_numbers(report) == []
    report.cells[("t3", "1", "total")] = 1
    report.cells[("t4", "cases", "direct_suit.total")] = 1
    findings = check_narrative_numbers(report)
    assert [(f.location.paragraph, f.location.table) for f in findings] == [(0, "t3"), (1, "t4")]


def test_real_phrasings_from_published_reports() -> None:
    """Sentences as 2023 reports wrote them; the first report's table said 3 received."""
    report = zero_report(
        "（二）依申请公开工作情况。本年度，共受理政府信息公开申请2件，都在法定期限内予以答复。",
        "2023年，区政府办公室共受理36件政府信息公开申请（均为自然人提交），同比上升16.13%，其中按期办结36件，"
        "按期办结率达100%，无结转2024年继续办理件。全年收到因政府信息公开申请引起的行政复议1件（已办结），"
        "未收到因政府信息公开申请引起的行政诉讼。",
        "2023年，对主动公开规范性文件进行全面清理，制发行政规范性文件2件，废止行政规范性文件10件，现行有效件数14件。",
        year=2023)
    cells = report.cells
    cells[("t3", "1", "total")] = 3
    cells[("t4", "cases", "review.total")] = 1
    cells[("t2_1", "normative", "issued")], cells[("t2_1", "normative", "abolished")] = 2, 10
    cells[("t2_1", "normative", "in_force")] = 14
    findings = check_narrative_numbers(report)
    assert [(f.location.paragraph, f.location.cells, spanned(report, f)) for f in findings] == [
        (0, (("1", "total"),), "共受理政府信息公开申请2件"),
        (1, (("1", "total"),), "36件政府信息公开申请"),
    ]
    cells[("t4", "cases", "direct_suit.total")] = 1
    assert spanned(report, check_narrative_numbers(report)[-1]) == "未收到因政府信息公开申请引起的行政诉讼"


def test_a_total_including_last_years_carry_over_may_be_one_plus_two() -> None:
    report = zero_report("共收到政府信息公开申请10件（含上年结转1件）。")
    report.cells[("t3", "1", "total")] = 9
    report.cells[("t3", "2", "total")] = 1
    assert check_narrative_numbers(report) == []
    report.cells[("t3", "2", "total")] = 2  # neither 一 (9) nor 一 + 二 (11), and 上年结转 1 ≠ 2
    assert len(check_narrative_numbers(report)) == 2


def test_newly_received_is_row_one_alone() -> None:
    report = zero_report("本年新收政府信息公开申请10件，上年结转1件。")
    report.cells[("t3", "1", "total")] = 9
    report.cells[("t3", "2", "total")] = 1
    assert only(check_narrative_numbers(report)).location.cells == (("1", "total"),)


def test_a_rounded_figure_matches_within_its_precision() -> None:
    report = zero_report("全年办理行政许可事项3.9万件。")
    report.cells[("t2_5", "licensing", "decisions")] = 38651
    assert check_narrative_numbers(report) == []
    report.cells[("t2_5", "licensing", "decisions")] = 38400
    assert only(check_narrative_numbers(report)).location.cells == (("licensing", "decisions"),)


def test_the_preamble_and_sections_five_and_six_are_read_too() -> None:
    report = zero_report()
    report.preamble = ["本年度共收到政府信息公开申请3件。"]
    report.section("s6").paragraphs = ["本年度未收取信息处理费。", "因政府信息公开被申请行政复议1件。"]
    findings = check_narrative_numbers(report)
    assert [(f.location.section, f.location.paragraph) for f in findings] == [("preamble", 0), ("s6", 1)]
    assert findings[0].message.startswith("开篇 第 1 段：")
    assert findings[1].message.startswith("六、其他需要报告的事项 第 2 段：")


def test_application_results_are_read_after_a_paragraph_about_applications() -> None:
    report = zero_report("（二）依申请公开情况。本年度收到政府信息公开申请3件。", "其中，予以公开2件。")
    report.cells[("t3", "1", "total")] = 3
    assert only(check_narrative_numbers(report)).location.row == "3.1"


def test_blank_cells_are_not_compared() -> None:
    report = zero_report("收到政府信息公开申请9件，其中不予公开2件，被申请行政复议1件。")
    report.cells[("t3", "1", "total")] = None
    report.cells[("t3", "3.3.4", "total")] = None  # one blank cell in a sum: not compared
    report.cells[("t4", "cases", "review.total")] = None
    assert check_narrative_numbers(report) == []


def test_the_2019_template_has_no_abolished_column_but_is_checked_otherwise() -> None:
    report = zero_report("制发规范性文件3件，废止2件，现行有效规范性文件15件。收到政府信息公开申请1件。",
                         template_year=2019, year=2020)
    findings = check_narrative_numbers(report)
    assert [(f.location.table, f.location.cells) for f in findings] == [
        ("t2_1", (("normative", "made"),)), ("t3", (("1", "total"),)),
    ]


# --- look-alikes: never flagged --------------------------------------------------------------

LOOK_ALIKES = [
    "2024年共收到政府信息公开申请0件，较去年增加1件，按时答复9件。",
    "收到政府信息公开申请同比增加3件。",
    "政府信息公开申请数量同比增长12件，下降2件。",
    "2023年共收到政府信息公开申请8件。",
    "去年收到政府信息公开申请8件。",
    "自2008年以来累计收到政府信息公开申请100件。",
    "全市各级行政机关共收到政府信息公开申请1200件，其中予以公开300件。",
    "所属单位收到政府信息公开申请12件。",
    "接收咨询留言5条，主要涉及证件办理、档案查询等问题，已全部按期回复。",
    "共承办市人大十七届四次会议代表建议3件，市政协十一届三次会议委员提案16件，落实率100%。",
    "市政务服务中心共受理各类政务服务事项61.3万件；全市公共资源交易平台进场交易项目14848个，交易额802.2亿元，同比增长7.82%。",
    "全年共开展帮办代办服务指导832次，现场帮办代办1344件，受理电话咨询2420次。",
    "在11月22日召开政务公开培训，新增1名政务公开工作人员。",
    "认真抓好政务公开第三方评估发现问题整改工作；一是加强培训；（一）积极主动公开。",
    "围绕“高效办成一件事”，推出一件事主题服务12个，清理失效文件1份。",
    "本年度收取行政事业性收费5万元。",
    "依申请公开答复率100%，按时办结率达100%。",
    "予以公开、部分公开共3件。",
    "行政复议、行政诉讼案件共2件。",
    "全年办结行政许可事项3万余件，约2万件为即办件。",
    "无行政复议被纠错情况。",
    "全年受理行政复议申请356件，办理行政应诉案件42件。",
    "申请人对不予公开的答复未提起行政复议。",
    "学习新修订的《行政复议法》第12条相关条款。",
    "修订完善规章制度，制定工作制度3项。",
    "对主动公开信息进行保密审查，予以公开政策文件10件。",
    "公开信息475条，其中政务动态159条、政策文件10条等。",
    "公开信息475条，其中政务动态159条、政策文件10条。",
    "收到咨询9件，其中电话咨询8件、来信1件，按时答复9件。",
    "收到政府信息公开申请数十件。",
    "第3件申请予以公开。",
]


@pytest.mark.parametrize("sentence", LOOK_ALIKES)
def test_a_look_alike_sentence_is_not_flagged(sentence: str) -> None:
    report = zero_report(sentence)
    assert check_narrative_numbers(report) == []


@settings(max_examples=40, deadline=None)
@given(consistent_reports())
def test_a_consistent_report_has_no_narrative_warning(report: Report) -> None:
    assert check_narrative_numbers(report) == []
    assert check_fee_mention(report) == []


# --- reading numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("9", 9), ("９", 9), ("１２", 12), ("38,651", 38651), ("1,234,567", 1234567),
    ("九", 9), ("两", 2), ("零", 0), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21),
    ("一百零五", 105), ("一百二十", 120), ("一百二", 120), ("一千零一十", 1010), ("一千零十", 1010),
    ("两千", 2000), ("三千五", 3500), ("七千", 7000), ("一万二", 12000), ("一万二千", 12000),
    ("十万", 100000), ("三万零五", 30005), ("一亿二千万", 120000000),
    ("1.2万", 12000), ("61.3万", 613000), ("3千", 3000), ("4万", 40000), ("0.5", Decimal("0.5")),
    ("二〇二四", 2024),
    ("", None), ("万", None), ("百", None), ("一二", None), ("三四", None), ("十百", None), ("万万", None),
    ("abc", None), ("9件", None), ("1.2.3", None),
])
def test_parse_chinese_number(text: str, value: int | Decimal | None) -> None:
    assert parse_chinese_number(text) == value


_DIGITS = "零一二三四五六七八九"


def _below_ten_thousand(n: int, leading: bool) -> str:
    out, zero, started = "", False, False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = zero or started
            continue
        if zero:
            out, zero = out + "零", False
        out += name if unit == 10 and digit == 1 and not started and leading else _DIGITS[digit] + name
        started = True
    return out


def to_chinese(n: int) -> str:
    """The standard Chinese numeral for 0 <= n < 10**8: 105 → 一百零五, 10005 → 一万零五."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if not high:
        return _below_ten_thousand(low, True)
    text = _below_ten_thousand(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_ten_thousand(low, False)
    return text


@given(st.integers(0, 10**8 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese_number(to_chinese(n)) == n


@given(st.integers(0, 10**9))
def test_arabic_numbers_with_separators_and_full_width_digits(n: int) -> None:
    assert parse_chinese_number(f"{n:,}") == n
    assert parse_chinese_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n


def _render(n: int, style: str) -> str:
    # A lone 零 is deliberately not read as a figure (零件, 零星 are words), so 0 stays "0".
    if style == "chinese" and 0 < n < 10**8:
        return to_chinese(n)
    if style == "separators":
        return f"{n:,}"
    if style == "full width":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


def test_a_lone_zero_numeral_is_not_a_figure() -> None:
    # "零件" is a word (parts); reports write 0件 or 未收到 for none.
    report = zero_report("2024年共收到政府信息公开申请零件，按时答复。")
    report.cells[("t3", "1", "total")] = 3
    assert check_narrative_numbers(report) == []


@settings(max_examples=60)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(["arabic", "chinese", "separators", "full width"]))
def test_a_received_figure_is_flagged_exactly_when_it_differs(stated: int, actual: int, style: str) -> None:
    report = zero_report(f"2024年共收到政府信息公开申请{_render(stated, style)}件，较去年增加1件，按时答复9件。")
    report.cells[("t3", "1", "total")] = actual
    findings = check_narrative_numbers(report)
    if stated == actual:
        assert findings == []
    else:
        assert only(findings).location.cells == (("1", "total"),)
        assert f"（{actual}）不一致" in findings[0].message


@settings(max_examples=60)
@given(st.text(alphabet=st.sampled_from(list("收到政府信息公开申请予以部分不予无法提供结转下年度行政复议诉讼许可规章规范性文件"
                                                 "制发废止现行有效未无其中共件条个次万千百十一二两三四五九零0123456789,.，。、；（）")),
               max_size=80))
def test_any_text_is_read_without_error(text: str) -> None:
    for claim in extract_claims(text, year=YEAR):
        assert 0 <= claim.span[0] < claim.span[1] <= len(text)
    for stated in stated_sums(text):
        assert stated.parts_sum != stated.total
    check_narrative_numbers(zero_report(text))


# --- sums stated in text -------------------------------------------------------------------------

SUM_SENTENCE = ("通过枣庄市政府网站、市审批服务局网站公开政务信息475条，其中政务动态159条、政策文件10条、"
                "会议公开6条、办件结果公示170条、其他信息130条。")


def test_a_sum_that_adds_up_passes() -> None:
    assert stated_sums(SUM_SENTENCE) == []
    assert check_narrative_numbers(zero_report(SUM_SENTENCE)) == []


@pytest.mark.parametrize(("wrong", "parts_sum"), [("其他信息131条", 476), ("其他信息129条", 474)])
def test_a_sum_that_does_not_add_up_is_a_warning(wrong: str, parts_sum: int) -> None:
    heading, after = "（一）积极主动公开。", "回应关切方面，接收咨询留言5条。"
    paragraph = heading + SUM_SENTENCE.replace("其他信息130条", wrong) + after
    report = zero_report(paragraph)
    finding = only(check_narrative_numbers(report), "NARRATIVE-SUM")
    sentence = paragraph[len(heading):paragraph.index(after)]
    assert spanned(report, finding) == sentence
    assert finding.location == Location("s1", paragraph=0, span=finding.location.span)
    assert finding.message == (
        f"一、总体情况 第 1 段：“市审批服务局网站公开政务信息475条”，其中所列各项（政务动态159条、政策文件10条、"
        f"会议公开6条、办件结果公示170条、{wrong}）之和为 159+10+6+170+{parts_sum - 345} = {parts_sum} 条，"
        f"与总数 475 条不一致。")


def test_parts_above_the_total_are_a_warning_even_without_a_residual_part() -> None:
    [stated] = stated_sums("公开信息475条，其中政务动态459条、政策文件100条。")
    assert (stated.total, stated.parts_sum, stated.exhaustive) == (475, 559, False)


def test_a_breakdown_followed_by_other_figures_passes() -> None:
    assert stated_sums("收到申请9件，其中自然人8件、法人1件，予以公开2件、部分公开1件。") == []
    assert stated_sums("收到申请9件，其中，予以公开2件、部分公开1件，无法提供4件、不予公开2件。") == []


def test_list_items_in_another_unit_or_a_difference_are_not_parts() -> None:
    assert stated_sums("发布信息20条，其中图片解读30张、文字解读12条、其他信息8条。") == []
    assert stated_sums("发布信息20条，其中文字解读12条（较去年增加5条）、其他信息8条。") == []


# --- S6-FEE ------------------------------------------------------------------------------------------


def test_unpaid_fees_without_a_word_on_the_fee_is_a_warning(sample: Report) -> None:
    sample.cells[("t3", "3.6.2", "total")] = 1
    assert check_fee_mention(sample) == []  # the sample's 六 reports the 信息处理费
    sample.section("s6").paragraphs = [p for p in sample.section("s6").paragraphs if "信息处理费" not in p]
    finding = only(check_fee_mention(sample), "S6-FEE")
    assert finding.location == Location("s6", table="t3", row="3.6.2", column="total", cells=(("3.6.2", "total"),))
    assert finding.message.startswith(
        "六、其他需要报告的事项：表三 （六）其他处理 "
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 · 总计为 1，")
    assert "信息处理费" in finding.message


@pytest.mark.parametrize("value", [0, None])
def test_no_unpaid_fees_no_fee_warning(value: int | None) -> None:
    report = zero_report()
    report.section("s6").paragraphs = ["无。"]
    report.cells[("t3", "3.6.2", "total")] = value
    assert check_fee_mention(report) == []


def test_the_fee_may_be_mentioned_with_spaces_anywhere_in_section_six() -> None:
    report = zero_report()
    report.cells[("t3", "3.6.2", "total")] = 2
    report.section("s6").paragraphs = ["（一）落实工作要点情况", "本年度收取信息 处理费 0 元。"]
    assert check_fee_mention(report) == []


def test_the_2019_template_has_no_fee_row() -> None:
    report = zero_report(template_year=2019, year=2020)
    report.section("s6").paragraphs = ["无。"]
    report.cells[("t3", "3.6", "total")] = 3
    assert check_fee_mention(report) == []
