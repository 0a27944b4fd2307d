"""Every rule of model.checks, passing and failing, with its exact message and location.

The sample report (枣庄市行政审批服务局 2024) has zero findings; most failing
cases change one thing in it and look at what the checks say.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from model.checks import check_report
from model.findings import Finding, Location, Severity, has_errors, sort_findings
from model.report import AgencyKind, Metadata, Report, ReportSection
from model.templates import TEMPLATES

ERROR, WARNING = Severity.ERROR, Severity.WARNING
T2021, T2019 = TEMPLATES[2021], TEMPLATES[2019]
T3_COLUMNS = ("natural", "commercial", "research", "public_welfare", "legal_service", "other", "total")
T3_PARTS = T3_COLUMNS[:-1]
T3_LEAVES = (
    "3.1", "3.2",
    "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5", "3.3.6", "3.3.7", "3.3.8",
    "3.4.1", "3.4.2", "3.4.3",
    "3.5.1", "3.5.2", "3.5.3", "3.5.4", "3.5.5",
    "3.6.1", "3.6.2", "3.6.3",
)
S5_TITLE = "五、存在的主要问题及改进情况"


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def the_one(findings: list[Finding], rule: str) -> Finding:
    matching = by_rule(findings, rule)
    assert len(matching) == 1, f"expected one {rule}, got {findings}"
    return matching[0]


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def zero_report(template_year: int, year: int) -> Report:
    """Every cell 0, every section with the template title, a real section 五: no findings."""
    template = TEMPLATES[template_year]
    report = Report.blank(Metadata(agency="某某县人民政府", year=year), template)
    for key in report.cells:
        report.cells[key] = 0
    report.preamble = [f"本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{year}年1月1日至12月31日。"]
    report.section("s1").paragraphs = [f"{year}年，本机关认真贯彻落实《条例》要求。"]
    report.section("s5").paragraphs = ["政策解读的形式还不够丰富，下一步将增加图解和视频解读。"]
    report.section("s6").paragraphs = ["本年度未收取政府信息公开信息处理费。"]
    return report


# --- the sample and the blank report ---------------------------------------------------------


def test_sample_has_zero_findings(sample: Report) -> None:
    assert check_report(sample) == []


@pytest.mark.parametrize(("template_year", "year"), [(2021, 2024), (2019, 2020)])
def test_zero_filled_report_has_zero_findings(template_year: int, year: int) -> None:
    assert check_report(zero_report(template_year, year)) == []


@pytest.mark.parametrize(("template_year", "year"), [(2021, 2024), (2019, 2019)])
def test_blank_report_has_blank_warnings_but_no_errors(template_year: int, year: int) -> None:
    template = TEMPLATES[template_year]
    report = Report.blank(Metadata(agency="某某市生态环境局", year=year), template)
    findings = check_report(report)
    assert not has_errors(findings)
    # An all-blank equation is not checked; every blank row is warned about; the text is empty.
    assert rules(findings) == {"CELL-BLANK", "S5-TRIVIAL", "TEXT-EMPTY"}
    assert [f.location.section for f in by_rule(findings, "TEXT-EMPTY")] == ["preamble", "s1", "s6"]
    blank = by_rule(findings, "CELL-BLANK")
    table_rows = [(t.id, r) for t in template.tables for r in t.row_ids]
    assert [(f.location.table, f.location.row) for f in blank] == table_rows
    for finding in blank:
        table = template.table(finding.location.table)
        assert finding.severity is WARNING
        assert finding.location.section == table.section_id
        assert finding.location.cells == tuple((finding.location.row, c) for c in table.column_ids)
        # A row with several blank cells points at the row, not at one column.
        expected_column = table.column_ids[0] if len(table.columns) == 1 else None
        assert finding.location.column == expected_column


# --- META-AGENCY -------------------------------------------------------------------------------


@pytest.mark.parametrize("agency", ["", "   ", "\u3000"])
def test_missing_agency_is_a_warning(sample: Report, agency: str) -> None:
    sample.meta.agency = agency
    findings = check_report(sample)
    finding = the_one(findings, "META-AGENCY")
    assert finding.severity is WARNING
    assert finding.message == "基本信息：未填写机关全称。"
    assert finding.location == Location("meta", field="agency")
    assert len(findings) == 1


def test_agency_present_passes(sample: Report) -> None:
    sample.meta.agency = "枣"
    assert by_rule(check_report(sample), "META-AGENCY") == []


# --- META-TEMPLATE-YEAR --------------------------------------------------------------------------


@pytest.mark.parametrize(("template_year", "year"), [(2021, 2021), (2021, 2024), (2021, 2030), (2019, 2019),
                                                     (2019, 2020)])
def test_report_year_within_template_range_passes(template_year: int, year: int) -> None:
    report = zero_report(template_year, year)
    assert by_rule(check_report(report), "META-TEMPLATE-YEAR") == []


def test_2021_template_for_a_2020_report_is_a_warning() -> None:
    report = zero_report(2021, 2020)
    finding = the_one(check_report(report), "META-TEMPLATE-YEAR")
    assert finding.severity is WARNING
    assert finding.location == Location("meta", field="year")
    assert finding.message == (
        "基本信息：报告年度为 2020，而 2021 年版格式（国办公开办函〔2021〕30号）"
        "适用于 2021 年度及以后年度的报告。")


@pytest.mark.parametrize("year", [2018, 2021, 2024])
def test_2019_template_outside_2019_2020_is_a_warning(year: int) -> None:
    report = zero_report(2019, year)
    finding = the_one(check_report(report), "META-TEMPLATE-YEAR")
    assert finding.severity is WARNING
    assert finding.location == Location("meta", field="year")
    assert f"报告年度为 {year}" in finding.message
    assert "国办公开办函〔2019〕60号" in finding.message
    assert "适用于 2019 年度至 2020 年度的报告" in finding.message


# --- STRUCTURE-SECTIONS, STRUCTURE-TITLE ------------------------------------------------------------


def test_missing_section_is_an_error(sample: Report) -> None:
    sample.sections = [s for s in sample.sections if s.id != "s6"]
    finding = the_one(check_report(sample), "STRUCTURE-SECTIONS")
    assert finding.severity is ERROR
    assert finding.location == Location("document")
    assert "实际为 5 个部分（s1、s2、s3、s4、s5）" in finding.message
    assert "六、其他需要报告的事项" in finding.message


def test_sections_out_of_order_is_an_error(sample: Report) -> None:
    s = sample.sections
    s[4], s[5] = s[5], s[4]
    finding = the_one(check_report(sample), "STRUCTURE-SECTIONS")
    assert finding.severity is ERROR
    assert "实际为 6 个部分（s1、s2、s3、s4、s6、s5）" in finding.message


def test_no_sections_at_all(sample: Report) -> None:
    sample.sections = []
    finding = the_one(check_report(sample), "STRUCTURE-SECTIONS")
    assert "实际为 0 个部分（无）" in finding.message
    # Without a section 五 the S5 rule stays silent: the structure error says it all.
    assert by_rule(check_report(sample), "S5-TRIVIAL") == []


def test_extra_section_is_an_error(sample: Report) -> None:
    sample.sections.append(ReportSection("s7", "七、附件"))
    finding = the_one(check_report(sample), "STRUCTURE-SECTIONS")
    assert "实际为 7 个部分" in finding.message


def test_wrong_section_title_is_a_warning(sample: Report) -> None:
    sample.section("s4").title = "四、政府信息公开行政复议和行政诉讼情况"
    findings = check_report(sample)
    finding = the_one(findings, "STRUCTURE-TITLE")
    assert finding.severity is WARNING
    assert finding.location == Location("s4", field="title")
    assert finding.message == (
        "标题应为“四、政府信息公开行政复议、行政诉讼情况”，实际为“四、政府信息公开行政复议和行政诉讼情况”。")
    assert len(findings) == 1


def test_template_titles_pass(sample: Report) -> None:
    assert [s.title for s in sample.sections] == [s.title for s in T2021.sections]
    assert by_rule(check_report(sample), "STRUCTURE-TITLE") == []


# --- STRUCTURE-CELLS --------------------------------------------------------------------------------


def test_one_missing_cell_is_an_error(sample: Report) -> None:
    del sample.cells[("t3", "3.1", "natural")]
    findings = check_report(sample)
    finding = the_one(findings, "STRUCTURE-CELLS")
    assert finding.severity is ERROR
    assert finding.location == Location("s3", table="t3", cells=(("3.1", "natural"),))
    assert finding.message == "表三 缺少单元格：表三 （一）予以公开 · 自然人。表格应包含模板规定的全部单元格。"
    # A missing cell is not a blank cell.
    assert by_rule(findings, "CELL-BLANK") == []


def test_many_missing_cells_are_listed_by_three(sample: Report) -> None:
    columns = ("review.upheld", "review.corrected", "review.other", "review.pending", "review.total")
    for column in columns:
        del sample.cells[("t4", "cases", column)]
    finding = the_one(check_report(sample), "STRUCTURE-CELLS")
    assert finding.location == Location("s4", table="t4", cells=tuple(("cases", c) for c in columns))
    assert finding.message.startswith(
        "表四 缺少单元格：表四 行政复议·结果维持、表四 行政复议·结果纠正、表四 行政复议·其他结果等 5 个单元格。")


def test_missing_table_is_reported_per_table(sample: Report) -> None:
    sample.cells = {k: v for k, v in sample.cells.items() if k[0] not in ("t2_8", "t2_6")}
    findings = by_rule(check_report(sample), "STRUCTURE-CELLS")
    assert [(f.location.section, f.location.table, f.location.cells) for f in findings] == [
        ("s2", "t2_6", (("penalty", "decisions"), ("coercion", "decisions"))),
        ("s2", "t2_8", (("fees", "amount"),)),
    ]


# --- COUNT-WHOLE ---------------------------------------------------------------------------------------


def test_negative_count_is_an_error(sample: Report) -> None:
    sample.cells[("t3", "3.3.2", "research")] = -1
    finding = the_one(check_report(sample), "COUNT-WHOLE")
    assert finding.severity is ERROR
    assert finding.message == (
        "表三 （三）不予公开 2.其他法律行政法规禁止公开 · 法人或其他组织·科研机构：应为不小于 0 的整数，实际为 -1。")
    assert finding.location == Location("s3", table="t3", row="3.3.2", column="research",
                                        cells=(("3.3.2", "research"),))


def test_fractional_count_is_an_error(sample: Report) -> None:
    sample.cells[("t2_5", "licensing", "decisions")] = Decimal("38651.5")
    findings = check_report(sample)
    finding = the_one(findings, "COUNT-WHOLE")
    assert finding.message == "第二十条第（五）项 行政许可 · 本年处理决定数量：应为不小于 0 的整数，实际为 38651.5。"
    assert finding.location == Location("s2", table="t2_5", row="licensing", column="decisions",
                                        cells=(("licensing", "decisions"),))
    assert findings == [finding]


def test_fractional_count_in_table_4(sample: Report) -> None:
    sample.cells[("t4", "cases", "suit_after_review.pending")] = Decimal("0.5")
    finding = the_one(check_report(sample), "COUNT-WHOLE")
    assert finding.message.startswith("表四 行政诉讼·复议后起诉·尚未审结：应为不小于 0 的整数，实际为 0.5")
    assert finding.location == Location("s4", table="t4", row="cases", column="suit_after_review.pending",
                                        cells=(("cases", "suit_after_review.pending"),))


@pytest.mark.parametrize("value", [0, 1, 10**6, Decimal("3")])
def test_whole_non_negative_counts_pass(sample: Report, value: int | Decimal) -> None:
    sample.cells[("t2_6", "penalty", "decisions")] = value
    assert check_report(sample) == []


# --- AMOUNT-FORMAT --------------------------------------------------------------------------------------


def test_fee_with_seven_decimals_is_an_error(sample: Report) -> None:
    sample.cells[("t2_8", "fees", "amount")] = Decimal("1.2345671")
    findings = check_report(sample)
    finding = the_one(findings, "AMOUNT-FORMAT")
    assert finding.severity is ERROR
    assert finding.message == (
        "第二十条第（八）项 行政事业性收费 · 本年收费金额（单位：万元）："
        "应为不小于 0、最多 6 位小数的金额，实际为 1.2345671。")
    assert finding.location == Location("s2", table="t2_8", row="fees", column="amount", cells=(("fees", "amount"),))
    assert findings == [finding]


@pytest.mark.parametrize("value", [-1, Decimal("-0.5")])
def test_negative_fee_is_an_error(sample: Report, value: int | Decimal) -> None:
    sample.cells[("t2_8", "fees", "amount")] = value
    finding = the_one(check_report(sample), "AMOUNT-FORMAT")
    assert f"实际为 {value}。" in finding.message


@pytest.mark.parametrize("value", [0, 12, Decimal("0.0001"), Decimal("12.3456"), Decimal("1.5"), Decimal("99999.99"),
                                   Decimal("0.000001"), Decimal("3.123456"), Decimal("0.12345")])
def test_fee_to_the_fen_passes(sample: Report, value: int | Decimal) -> None:
    sample.cells[("t2_8", "fees", "amount")] = value
    assert check_report(sample) == []


# --- the 2019 template: 本年增/减 may be negative -----------------------------------------------------------


@pytest.mark.parametrize("value", [-3, -(10**6), 0, 7])
def test_2019_change_may_be_negative(value: int) -> None:
    report = zero_report(2019, 2020)
    assert T2019.table("t2_5").column("change").kind.value == "delta"
    report.cells[("t2_5", "licensing", "change")] = value
    report.cells[("t2_8", "fees", "change")] = value
    assert check_report(report) == []


def test_2019_change_must_be_whole() -> None:
    report = zero_report(2019, 2020)
    report.cells[("t2_6", "penalty", "change")] = Decimal("-1.5")
    finding = the_one(check_report(report), "COUNT-WHOLE")
    assert finding.message == "第二十条第（六）项 行政处罚 · 本年增/减：应为整数，实际为 -1.5。"
    assert finding.location == Location("s2", table="t2_6", row="penalty", column="change",
                                        cells=(("penalty", "change"),))


def test_2019_other_counts_may_not_be_negative() -> None:
    report = zero_report(2019, 2020)
    report.cells[("t2_5", "licensing", "previous_items")] = -3
    finding = the_one(check_report(report), "COUNT-WHOLE")
    assert "应为不小于 0 的整数，实际为 -3" in finding.message
    assert finding.location.column == "previous_items"


def test_2019_procurement_amount_has_six_decimals() -> None:
    report = zero_report(2019, 2020)
    report.cells[("t2_9", "procurement", "amount")] = Decimal("123.456789")
    assert check_report(report) == []
    report.cells[("t2_9", "procurement", "amount")] = Decimal("123.4567891")
    finding = the_one(check_report(report), "AMOUNT-FORMAT")
    assert finding.location == Location("s2", table="t2_9", row="procurement", column="amount",
                                        cells=(("procurement", "amount"),))


def test_2019_table_3_has_no_sub_items_of_six() -> None:
    report = zero_report(2019, 2020)
    for column, value in (("natural", 2), ("total", 2)):
        report.cells[("t3", "1", column)] = value
        report.cells[("t3", "3.6", column)] = value
        report.cells[("t3", "3.7", column)] = value
    assert check_report(report) == []
    report.cells[("t3", "3.6", "natural")] = 1
    findings = check_report(report)
    result = the_one(findings, "T3-RESULT-TOTAL")
    assert result.message == "表三 （七）总计 · 自然人：应为 1（（一）至（六）各项之和），实际为 2。"
    assert ("3.6", "natural") in result.location.cells
    assert not any(r.startswith("3.6.") for r, _c in result.location.cells)


# --- T3-BALANCE, T3-RESULT-TOTAL, T3-ROW-TOTAL -----------------------------------------------------------


def test_table_3_total_off_by_one(sample: Report) -> None:
    """（七）总计·自然人 stated as 10 instead of 9: the column total and the balance both break."""
    sample.cells[("t3", "3.7", "natural")] = 10
    findings = check_report(sample)

    result = the_one(findings, "T3-RESULT-TOTAL")
    assert result.severity is ERROR
    assert result.message == "表三 （七）总计 · 自然人：应为 9（（一）至（六）各项之和），实际为 10。"
    assert result.location == Location(
        "s3", table="t3", row="3.7", column="natural",
        cells=(("3.7", "natural"), *((r, "natural") for r in T3_LEAVES)))

    balance = the_one(findings, "T3-BALANCE")
    assert balance.severity is ERROR
    assert balance.message == ("表三 自然人 列不平衡：一 + 二 = 9，（七）总计 + 四 = 10，两者应相等"
                               "（勾稽关系：一 + 二 = （七）总计 + 四）。")
    assert balance.location == Location(
        "s3", table="t3", row=None, column="natural",
        cells=(("1", "natural"), ("2", "natural"), ("3.7", "natural"), ("4", "natural")))

    # The row 总计 of （七） no longer matches its parts either.
    row_total = the_one(findings, "T3-ROW-TOTAL")
    assert row_total.message == "表三 （七）总计 · 总计：应为 10（自然人与五类法人或其他组织之和），实际为 9。"
    assert row_total.location == Location(
        "s3", table="t3", row="3.7", column="total",
        cells=(("3.7", "total"), *(("3.7", c) for c in T3_PARTS)))
    assert len(findings) == 3


def test_balance_broken_by_carry_over(sample: Report) -> None:
    sample.cells[("t3", "4", "commercial")] = 2
    sample.cells[("t3", "4", "total")] = 2
    findings = check_report(sample)
    balances = by_rule(findings, "T3-BALANCE")
    # Both the 商业企业 column (0 vs 2) and the 总计 column (9 vs 11) are out of balance.
    assert [f.location.column for f in balances] == ["commercial", "total"]
    assert balances[0].message == ("表三 法人或其他组织·商业企业 列不平衡：一 + 二 = 0，（七）总计 + 四 = 2，"
                                   "两者应相等（勾稽关系：一 + 二 = （七）总计 + 四）。")
    assert balances[0].location == Location(
        "s3", table="t3", row=None, column="commercial",
        cells=(("1", "commercial"), ("2", "commercial"), ("3.7", "commercial"), ("4", "commercial")))
    assert "一 + 二 = 9，（七）总计 + 四 = 11" in balances[1].message
    # The sample says the applications were 「已全部按要求办结」: with 2 carried over, no longer true.
    assert rules(findings) == {"T3-BALANCE", "TEXT-ALL-CONCLUDED"}


def test_balance_of_total_column(sample: Report) -> None:
    sample.cells[("t3", "2", "natural")] = 3
    sample.cells[("t3", "2", "total")] = 3
    findings = check_report(sample)
    balances = by_rule(findings, "T3-BALANCE")
    assert [f.location.column for f in balances] == ["natural", "total"]
    assert "一 + 二 = 12，（七）总计 + 四 = 9" in balances[0].message
    assert balances[1].message.startswith("表三 总计 列不平衡：一 + 二 = 12，（七）总计 + 四 = 9")
    assert rules(findings) == {"T3-BALANCE"}


def test_consistent_carry_over_passes(sample: Report) -> None:
    # 2 more received, 2 carried over to next year: still balanced.
    for row in ("1", "4"):
        sample.cells[("t3", row, "natural")] += 2
        sample.cells[("t3", row, "total")] += 2
    # Only the narrative, which still says 共收到政府信息公开申请9件 and 已全部按要求办结, now disagrees.
    assert [f.rule for f in check_report(sample)] == ["NARRATIVE-TABLE", "TEXT-ALL-CONCLUDED"]


def test_wrong_leaf_breaks_result_total_and_row_total(sample: Report) -> None:
    sample.cells[("t3", "3.4.1", "other")] = 1
    findings = check_report(sample)
    result = the_one(findings, "T3-RESULT-TOTAL")
    assert result.message == "表三 （七）总计 · 法人或其他组织·其他：应为 1（（一）至（六）各项之和），实际为 0。"
    assert result.location.row == "3.7"
    assert result.location.column == "other"
    assert ("3.4.1", "other") in result.location.cells
    row_total = the_one(findings, "T3-ROW-TOTAL")
    assert row_total.message == ("表三 （四）无法提供 1.本机关不掌握相关政府信息 · 总计："
                                 "应为 5（自然人与五类法人或其他组织之和），实际为 4。")
    assert row_total.location == Location(
        "s3", table="t3", row="3.4.1", column="total",
        cells=(("3.4.1", "total"), *(("3.4.1", c) for c in T3_PARTS)))
    assert rules(findings) == {"T3-RESULT-TOTAL", "T3-ROW-TOTAL"}


def test_wrong_row_total(sample: Report) -> None:
    sample.cells[("t3", "1", "total")] = 8
    findings = check_report(sample)
    row_total = the_one(findings, "T3-ROW-TOTAL")
    assert row_total.severity is ERROR
    assert row_total.message == ("表三 一、本年新收政府信息公开申请数量 · 总计："
                                 "应为 9（自然人与五类法人或其他组织之和），实际为 8。")
    assert row_total.location == Location(
        "s3", table="t3", row="1", column="total", cells=(("1", "total"), *(("1", c) for c in T3_PARTS)))
    balance = the_one(findings, "T3-BALANCE")
    assert "一 + 二 = 8，（七）总计 + 四 = 9" in balance.message
    assert balance.location.column == "total"


# --- T4-TOTAL -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("group", "name"), [
    ("review", "行政复议"),
    ("direct_suit", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
])
def test_table_4_group_total(sample: Report, group: str, name: str) -> None:
    sample.cells[("t4", "cases", f"{group}.corrected")] += 2
    findings = check_report(sample)
    finding = the_one(findings, "T4-TOTAL")
    assert finding.severity is ERROR
    total = sample.cells[("t4", "cases", f"{group}.total")]
    assert finding.message == (
        f"表四 {name}·总计：应为 {total + 2}（结果维持、结果纠正、其他结果、尚未审结之和），实际为 {total}。")
    parts = ("upheld", "corrected", "other", "pending")
    assert finding.location == Location(
        "s4", table="t4", row="cases", column=f"{group}.total",
        cells=(("cases", f"{group}.total"), *(("cases", f"{group}.{p}") for p in parts)))
    assert findings == [finding]


def test_table_4_consistent_change_passes(sample: Report) -> None:
    sample.cells[("t4", "cases", "review.pending")] = 3
    sample.cells[("t4", "cases", "review.total")] = 3
    assert check_report(sample) == []


# --- blank cells: 0 in sums, warned about, all-blank sums not checked ---------------------------------------------


def test_blank_zero_cell_is_only_a_warning(sample: Report) -> None:
    sample.cells[("t3", "2", "natural")] = None
    findings = check_report(sample)
    assert findings == [Finding(
        "CELL-BLANK", WARNING,
        "表三 二、上年结转政府信息公开申请数量：1 个单元格未填写（自然人）。空白不等于 0，数量为零请填写 0。",
        Location("s3", table="t3", row="2", column="natural", cells=(("2", "natural"),)))]


def test_blank_cells_of_table_4_row(sample: Report) -> None:
    sample.cells[("t4", "cases", "review.upheld")] = None
    sample.cells[("t4", "cases", "review.corrected")] = None
    findings = check_report(sample)
    finding = the_one(findings, "CELL-BLANK")
    assert finding.message == ("表四：2 个单元格未填写（行政复议·结果维持、行政复议·结果纠正）。"
                               "空白不等于 0，数量为零请填写 0。")
    assert finding.location == Location(
        "s4", table="t4", row="cases", column=None,
        cells=(("cases", "review.upheld"), ("cases", "review.corrected")))
    assert findings == [finding]


def test_a_blank_part_that_could_explain_the_total_is_a_warning_not_an_error(sample: Report) -> None:
    """Blank is not 0: with 3.1·自然人 blank (it was 2), （七）总计 = 9 still holds for 2 in the blank."""
    sample.cells[("t3", "3.1", "natural")] = None
    findings = check_report(sample)
    assert rules(findings) == {"CELL-BLANK"}
    assert the_one(findings, "CELL-BLANK").location.cells == (("3.1", "natural"),)


def test_stated_parts_above_the_total_are_an_error_whatever_the_blanks_hold(sample: Report) -> None:
    sample.cells[("t3", "3.1", "natural")] = None
    sample.cells[("t3", "3.2", "natural")] = 12  # already above （七）总计·自然人 = 9
    stated = sum(sample.cells[("t3", r, "natural")] or 0 for r in T3_LEAVES)
    findings = check_report(sample)
    result = the_one(findings, "T3-RESULT-TOTAL")
    assert result.message == ("表三 （七）总计 · 自然人：应为（一）至（六）各项之和，已填写的各项之和已达 "
                              f"{stated}（另有 1 个单元格空白），实际为 9。")
    assert stated > 12
    assert result.severity is ERROR


def test_a_blank_total_with_filled_parts_is_a_warning_not_an_error(sample: Report) -> None:
    sample.cells[("t4", "cases", "direct_suit.total")] = None  # parts sum to 1
    findings = check_report(sample)
    assert rules(findings) == {"CELL-BLANK"}


def test_a_total_with_blank_parts_in_a_new_report_is_not_an_error() -> None:
    """A published table that prints （六）其他处理 as one row leaves its three sub-items blank:
    the （七）总计 that counts them is not wrong for that."""
    report = Report.blank(Metadata(agency="某某区司法局", year=2024))
    report.cells[("t4", "cases", "review.total")] = 2
    assert not has_errors(check_report(report))
    report.cells[("t4", "cases", "review.upheld")] = 3
    errors = [f for f in check_report(report) if f.severity is ERROR]
    assert [f.rule for f in errors] == ["T4-TOTAL"]
    assert errors[0].message == ("表四 行政复议·总计：应为结果维持、结果纠正、其他结果、尚未审结之和，"
                                 "已填写的各项之和已达 3（另有 3 个单元格空白），实际为 2。")


@pytest.mark.parametrize(("left", "right", "error"), [
    ({"1": 10}, {"3.7": 8, "4": 0}, True),  # 二 blank can only add to 一 + 二 = 10 > 8
    ({"1": 5}, {"3.7": 8, "4": 0}, False),  # 二 = 3 would balance
    ({"1": 5, "2": 0}, {"3.7": 8}, True),  # 四 blank can only add to （七）总计 + 四 = 8 > 5
    ({"1": 9, "2": 0}, {"3.7": 8}, False),  # 四 = 1 would balance
    ({"1": 5, "2": 0}, {"3.7": 8, "4": 0}, True),  # nothing blank
    ({"1": 5}, {"3.7": 8}, False),  # blanks on both sides
])
def test_balance_with_blank_cells(left: dict, right: dict, error: bool) -> None:
    report = Report.blank(Metadata(agency="某某区司法局", year=2024))
    for row, value in {**left, **right}.items():
        report.cells[("t3", row, "natural")] = value
    balance = [f for f in check_report(report) if f.rule == "T3-BALANCE"]
    assert bool(balance) == error
    if balance and len(left) + len(right) < 4:
        assert "空白单元格无论填多少都无法使两者相等" in balance[0].message


def test_all_blank_table_3_column_is_not_checked(sample: Report) -> None:
    for row in T2021.table("t3").row_ids:
        sample.cells[("t3", row, "research")] = None
    findings = check_report(sample)
    assert not has_errors(findings)
    assert {f.rule for f in findings} == {"CELL-BLANK"}
    assert len(findings) == 25


# --- S5-TRIVIAL -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paragraphs", "actual"), [
    ([], "实际为空"),
    ([""], "实际为空"),
    (["  ", "\u3000"], "实际为空"),
    (["。"], "实际为空"),
    (["无"], "实际为“无”"),
    (["无。"], "实际为“无”"),
    (["暂无"], "实际为“暂无”"),
    (["不存在。"], "实际为“不存在”"),
    (["存在问题较少。"], "实际为“存在问题较少”"),
    (["（一）问题", "无"], "实际为“一问题无”"),
    (["一二三四五六七八九"], "实际为“一二三四五六七八九”"),
])
def test_trivial_section_five_is_a_warning(sample: Report, paragraphs: list[str], actual: str) -> None:
    sample.section("s5").paragraphs = paragraphs
    findings = check_report(sample)
    finding = the_one(findings, "S5-TRIVIAL")
    assert finding.severity is WARNING
    assert finding.location == Location("s5")
    assert finding.message == f"{S5_TITLE}：不得为空，应如实写明存在的主要问题及改进情况（{actual}）。"
    assert findings == [finding]


@pytest.mark.parametrize("paragraphs", [
    ["一二三四五六七八九十"],
    ["信息发布的时效性有待加强。"],
    ["（一）存在的主要问题", "政策解读形式较单一。"],
])
def test_substantial_section_five_passes(sample: Report, paragraphs: list[str]) -> None:
    sample.section("s5").paragraphs = paragraphs
    assert check_report(sample) == []


# --- NARRATIVE-YEAR ---------------------------------------------------------------------------------------------


def test_last_years_year_in_a_paragraph_is_flagged(sample: Report) -> None:
    paragraphs = sample.section("s1").paragraphs
    paragraphs[0] = paragraphs[0].replace("2024年，市审批服务局", "2023年，市审批服务局")
    paragraphs[3] += "2023年共清理文件2份。"
    findings = check_report(sample)
    flagged = by_rule(findings, "NARRATIVE-YEAR")
    assert [f.location for f in flagged] == [Location("s1", paragraph=0), Location("s1", paragraph=3)]
    assert all(f.severity is WARNING for f in flagged)
    assert flagged[0].message == ("一、总体情况 第 1 段出现“2023年”，与报告年度 2024 年不同；"
                                  "如为沿用往年文字请修改，如为有意引用请忽略。")
    assert flagged[1].message.startswith("一、总体情况 第 4 段出现“2023年”")
    assert findings == flagged


def test_year_in_preamble_and_section_six(sample: Report) -> None:
    sample.preamble[0] = sample.preamble[0].replace("从2024年1月1日", "从2022年1月1日")
    sample.section("s6").paragraphs[1] = "2023 年，我局未收取政府信息公开信息处理费。"
    flagged = by_rule(check_report(sample), "NARRATIVE-YEAR")
    assert [f.location for f in flagged] == [Location("preamble", paragraph=0), Location("s6", paragraph=1)]
    assert flagged[0].message.startswith("开篇 第 1 段出现“2022年”，与报告年度 2024 年不同")
    assert flagged[1].message.startswith("六、其他需要报告的事项 第 2 段出现“2023 年”")


def test_each_occurrence_is_flagged(sample: Report) -> None:
    sample.section("s5").paragraphs[1] = "2022年信息发布不及时；2023年仍未改进。"
    flagged = by_rule(check_report(sample), "NARRATIVE-YEAR")
    assert [f.location for f in flagged] == [Location("s5", paragraph=1)] * 2
    assert [f.message.split("，")[0] for f in flagged] == [
        "五、存在的主要问题及改进情况 第 2 段出现“2022年”",
        "五、存在的主要问题及改进情况 第 2 段出现“2023年”",
    ]


@pytest.mark.parametrize("text", [
    "2024年共收到申请9件，较2023年增加1件。",
    "申请数量同比2023年有所增加。",
    "与2023年相比，申请数量增加。",
    "对照2021—2025年规划，稳步推进。",
    "2019—2023年累计清理文件12份。",
    "2025年，我局将继续提升信息发布时效性。",
    "2024年度报告按时发布。",
    "自2018年施行以来，本制度运行良好。",
])
def test_deliberate_references_and_report_years_are_not_flagged(sample: Report, text: str) -> None:
    sample.section("s1").paragraphs.append(text)
    assert check_report(sample) == []


@pytest.mark.parametrize(("text", "stated"), [
    ("2026年将全面完成改造。", "2026年"),  # two years ahead is not "next year"
    ("本机关于2020年建立该制度。", "2020年"),
    ("2023年度报告已发布。", "2023年"),
])
def test_other_years_are_flagged(sample: Report, text: str, stated: str) -> None:
    sample.section("s1").paragraphs.append(text)
    finding = the_one(check_report(sample), "NARRATIVE-YEAR")
    assert finding.location == Location("s1", paragraph=6)
    assert f"第 7 段出现“{stated}”" in finding.message


def test_reference_marker_only_counts_within_the_sentence(sample: Report) -> None:
    sample.section("s1").paragraphs.append("较去年有所增加。2023年，我局开展培训。")
    finding = the_one(check_report(sample), "NARRATIVE-YEAR")
    assert finding.location == Location("s1", paragraph=6)


@pytest.mark.parametrize("text", ["对照2021年—2025年规划，稳步推进。", "2021年至2025年规划期内稳步推进。"])
def test_start_of_a_year_range_is_not_flagged(sample: Report, text: str) -> None:
    sample.section("s1").paragraphs.append(text)
    assert by_rule(check_report(sample), "NARRATIVE-YEAR") == []


# --- findings: order and JSON ----------------------------------------------------------------------------------


def test_sort_findings_puts_errors_first_and_keeps_order() -> None:
    w1 = Finding("CELL-BLANK", WARNING, "w1", Location("s3"))
    e1 = Finding("T4-TOTAL", ERROR, "e1", Location("s4"))
    w2 = Finding("S5-TRIVIAL", WARNING, "w2", Location("s5"))
    e2 = Finding("COUNT-WHOLE", ERROR, "e2", Location("s2"))
    assert sort_findings([w1, e1, w2, e2]) == [e1, e2, w1, w2]
    assert sort_findings([]) == []


def test_sort_findings_on_a_real_report(sample: Report) -> None:
    sample.section("s5").paragraphs = ["无"]
    sample.cells[("t3", "3.1", "natural")] = None
    sample.cells[("t4", "cases", "review.total")] = 1
    findings = check_report(sample)
    ordered = sort_findings(findings)
    severities = [f.severity for f in ordered]
    assert severities == sorted(severities, key=lambda s: s is not ERROR)
    assert severities[0] is ERROR and severities[-1] is WARNING
    assert sorted(map(repr, ordered)) == sorted(map(repr, findings))
    # Within each severity, the document order of check_report is kept.
    assert [f for f in ordered if f.severity is WARNING] == [f for f in findings if f.severity is WARNING]
    assert [f for f in ordered if f.severity is ERROR] == [f for f in findings if f.severity is ERROR]


def test_finding_to_json_of_a_table_finding(sample: Report) -> None:
    sample.cells[("t3", "3.7", "natural")] = 10
    balance = the_one(check_report(sample), "T3-BALANCE")
    data = balance.to_json()
    assert data == {
        "rule": "T3-BALANCE",
        "severity": "error",
        "message": balance.message,
        "location": {
            "section": "s3",
            "table": "t3",
            "column": "natural",
            "cells": [["1", "natural"], ["2", "natural"], ["3.7", "natural"], ["4", "natural"]],
        },
    }
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_finding_to_json_of_narrative_and_meta_findings(sample: Report) -> None:
    sample.meta.agency = ""
    sample.section("s5").paragraphs[0] = "2022年，存在的主要问题"
    data = [f.to_json() for f in check_report(sample)]
    assert data == [
        {"rule": "META-AGENCY", "severity": "warning", "message": "基本信息：未填写机关全称。",
         "location": {"section": "meta", "field": "agency"}},
        {"rule": "NARRATIVE-YEAR", "severity": "warning", "message": data[1]["message"],
         "location": {"section": "s5", "paragraph": 0}},
        # With its （一） heading replaced, the section's next heading （二） is the first of its level.
        {"rule": "TEXT-NUMBERING", "severity": "warning", "message": data[2]["message"],
         "location": {"section": "s5", "paragraph": 4, "span": [0, 3]}},
    ]
    assert Severity.WARNING.label == "警告" and Severity.ERROR.label == "错误"


def test_has_errors() -> None:
    warning = Finding("CELL-BLANK", WARNING, "w", Location("s3"))
    error = Finding("T4-TOTAL", ERROR, "e", Location("s4"))
    assert not has_errors([])
    assert not has_errors([warning])
    assert has_errors([warning, error])


# --- TEXT-EMPTY -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("part", "where", "message_start"), [
    ("preamble", "preamble", "开篇（一、总体情况之前的段落）：没有内容，应说明本报告的编制依据"),
    ("s1", "s1", "一、总体情况：没有内容，应概述本年度主动公开、依申请公开"),
    ("s6", "s6", "六、其他需要报告的事项：没有内容，应说明信息处理费的收取情况"),
])
@pytest.mark.parametrize("empty", [[], [""], ["  ", "\u3000"], ["。"]])
def test_an_empty_required_part_is_a_warning(sample: Report, part: str, where: str, message_start: str,
                                             empty: list[str]) -> None:
    if part == "preamble":
        sample.preamble = list(empty)
    else:
        sample.section(part).paragraphs = list(empty)
    findings = check_report(sample)
    finding = the_one(findings, "TEXT-EMPTY")
    assert finding.severity is WARNING
    assert finding.message.startswith(message_start)
    assert finding.location == Location(where)
    assert not has_errors(findings)


def test_section_five_keeps_its_own_rule_when_empty(sample: Report) -> None:
    sample.section("s5").paragraphs = []
    assert rules(check_report(sample)) == {"S5-TRIVIAL"}


def test_the_2019_template_requires_the_same_text() -> None:
    report = zero_report(2019, 2020)
    report.preamble = []
    report.section("s6").paragraphs = []
    assert [f.location.section for f in by_rule(check_report(report), "TEXT-EMPTY")] == ["preamble", "s6"]


# --- META-YEAR ---------------------------------------------------------------------------------------------


def test_an_unknown_year_is_a_warning_and_never_called_0(sample: Report) -> None:
    sample.meta.year = 0
    findings = check_report(sample)
    finding = the_one(findings, "META-YEAR")
    assert finding.severity is WARNING
    assert finding.location == Location("meta", field="year")
    assert "报告年度未知" in finding.message
    assert not any("年度为 0" in f.message or " 0 年" in f.message for f in findings)
    assert rules(findings) == {"META-YEAR"}  # and no year in the text is judged against an unknown one
    assert "META-TEMPLATE-YEAR" not in rules(findings)
    assert sample.title == "枣庄市行政审批服务局政府信息公开工作年度报告"


# --- META-PUBLISHED ------------------------------------------------------------------------------------


@pytest.mark.parametrize("published", [date(2052, 1, 20), date(2024, 12, 31), date(2108, 1, 1), date(1, 1, 1)])
def test_a_publication_date_outside_the_following_year_is_a_warning(sample: Report, published: date) -> None:
    sample.meta.published = published
    finding = the_one(check_report(sample), "META-PUBLISHED")
    assert finding.severity is WARNING and finding.location == Location("meta", field="published")
    assert f"发布日期为 {published.year}年" in finding.message and "2025 年公布" in finding.message


@pytest.mark.parametrize("published", [date(2025, 1, 20), date(2025, 1, 31), None])
def test_a_publication_date_in_the_following_year_passes(sample: Report, published: date | None) -> None:
    # Issue 13 adds META-LATE: 2025-12-31 (here before it) is now late for a department's 2024 report.
    sample.meta.published = published
    assert check_report(sample) == []


# --- META-LATE (条例 Art. 49) -------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "on_time", "late"), [
    (AgencyKind.DEPARTMENT, date(2025, 1, 31), date(2025, 2, 1)),
    (AgencyKind.GOVERNMENT, date(2025, 3, 31), date(2025, 4, 1)),
])
def test_a_date_after_the_deadline_is_late(sample: Report, kind: AgencyKind, on_time: date, late: date) -> None:
    sample.meta.kind = kind
    sample.meta.published = on_time
    assert check_report(sample) == []
    sample.meta.published = late
    [finding] = check_report(sample)
    assert (finding.rule, finding.severity, finding.location) == ("META-LATE", WARNING,
                                                                  Location("meta", field="published"))
    assert finding.message == (
        f"基本信息：发布日期为 {late.year}年{late.month}月{late.day}日，晚于{kind.label}公布 2024 年度报告的期限 "
        f"{on_time.year}年{on_time.month}月{on_time.day}日（《中华人民共和国政府信息公开条例》第四十九条）；"
        f"如确已按期公布，请核对发布日期。")


def test_a_date_in_another_year_is_said_once_not_also_late(sample: Report) -> None:
    sample.meta.published = date(2026, 2, 1)
    assert rules(check_report(sample)) == {"META-PUBLISHED"}


def test_without_a_date_or_a_year_nothing_is_late(sample: Report) -> None:
    sample.meta.published = None
    assert check_report(sample) == []
    sample.meta.year = 0
    sample.meta.published = date(2099, 12, 31)
    assert "META-LATE" not in rules(check_report(sample))


def test_lateness_is_judged_from_the_stated_date_never_from_today() -> None:
    # The same file gives the same findings on every PC and every day.
    root = Path(__file__).resolve().parent.parent
    for module in ("model/deadlines.py", "model/checks.py"):
        text = (root / module).read_text(encoding="utf-8")
        assert not re.search(r"\btoday\(|\bnow\(|time\.time\(", text), module


# --- TEXT-FORMULA ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_starts_like_a_formula_is_a_warning(sample: Report, start: str) -> None:
    sample.section("s5").paragraphs.append(f"{start}HYPERLINK(\"http://x\")问题整改不到位。")
    finding = the_one(check_report(sample), "TEXT-FORMULA")
    index = len(sample.section("s5").paragraphs) - 1
    assert finding.location == Location("s5", paragraph=index) and finding.severity is WARNING
    assert f"以“{start}”开头" in finding.message and "CSV" in finding.message


def test_metadata_that_starts_like_a_formula_is_a_warning_but_a_phone_number_is_not(sample: Report) -> None:
    sample.meta.agency = "=cmd|' /C calc'!A0"
    sample.meta.phone = "+86 632 3310256"
    finding = the_one(check_report(sample), "TEXT-FORMULA")
    assert finding.location == Location("meta", field="agency")
    sample.meta.agency = "枣庄市行政审批服务局"
    sample.meta.website = "@example"
    assert the_one(check_report(sample), "TEXT-FORMULA").location == Location("meta", field="website")
