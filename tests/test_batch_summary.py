"""The batch summary's content (export/batch_summary.py): the headline counts, the findings by rule, the
largest agencies in order, the reports with errors, the roll-up's rates — from a BatchResult whose
reports were dropped, as run_batch returns it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from export.batch_summary import TOP_AGENCIES, summary_of
from model.batch_types import BatchReport, BatchResult, KeyFigures, Rate
from model.findings import Finding, Location, Severity
from model.rule_names import rule_name
from tests import batch_fixtures
from tests.test_batch_xlsx import FILE_BAD

TODAY = date(2026, 12, 1)
#: The shared fixtures (tests/batch_fixtures.py), by the names the tests ask for.
result, batch_result = batch_fixtures.result, batch_fixtures.batch_result


def test_the_headline_counts_are_those_of_the_result(batch_result: BatchResult) -> None:
    summary = summary_of(batch_result, TODAY)
    read = [e for e in batch_result.reports if e.unreadable is None]
    expected = {
        "文件数": len(batch_result.reports), "已读取": len(read), "无法读取": len(batch_result.reports) - len(read),
        "有错误的报告": sum(e.errors > 0 for e in read),
        "仅有警告的报告": sum(e.errors == 0 and e.warnings > 0 for e in read),
        "未发现问题的报告": sum(not e.findings for e in read), "逾期发布的报告": sum(e.late for e in read),
        "文字雷同（对）": len(batch_result.copies),
        "上下级核对错误": sum(f.severity is Severity.ERROR for _file, f in batch_result.hierarchy_findings),
        "上下级核对警告": sum(f.severity is Severity.WARNING for _file, f in batch_result.hierarchy_findings),
        "无报告的下级单位": len(batch_result.missing_children),
    }
    assert dict(summary.headline) == expected
    assert expected["有错误的报告"] == 1 and expected["逾期发布的报告"] == 1 and expected["无法读取"] == 1
    assert summary.title == "2024年度政府信息公开工作年度报告批量检查汇总"
    assert summary.date_text == "2026年12月1日"


def test_findings_by_rule_count_reports_errors_and_warnings_apart(batch_result: BatchResult) -> None:
    twice = Finding("T3-ROW-TOTAL", Severity.ERROR, "又一处合计不符", Location("s3", "t3"))
    batch_result.reports[0].findings.append(twice)  # a second error of one rule in one report: still 1 report
    batch_result.reports[1].findings.append(Finding("META-LATE", Severity.WARNING, "晚于期限", Location("meta")))
    summary = summary_of(batch_result, TODAY)
    counts = {rule.rule: (rule.errors, rule.warnings) for rule in summary.rules}
    assert counts == {"META-LATE": (0, 2), "T3-ROW-TOTAL": (1, 0)}
    assert summary.rules[0].name == f"{rule_name('META-LATE')}（META-LATE）"
    chart = summary.rule_chart
    assert chart is not None and chart.categories == (rule_name("META-LATE"), rule_name("T3-ROW-TOTAL"))
    assert [(s.name, s.values) for s in chart.series] == [("警告", (2, 0)), ("错误", (0, 1))]
    assert "错误 1 份" in chart.alt


def _report(index: int, received: int | None) -> BatchReport:
    return BatchReport(file=f"各部门/{index:02d}.nianbao.json", agency=f"第{index:02d}局", year=2024,
                       figures=KeyFigures(received=received, results_total=None if received is None else received + 1))


def test_the_largest_agencies_by_received_in_order_and_the_rest_in_a_sentence() -> None:
    received = [(i * 37) % 23 for i in range(20)]  # ties included
    last_year = BatchReport(file="上年/00.nianbao.json", agency="第00局", year=2023, figures=KeyFigures(received=999))
    reports = [_report(i, value) for i, value in enumerate(received)] + [_report(99, None), last_year]
    summary = summary_of(BatchResult(reports=reports), TODAY)
    ranked = sorted(((-value, f"第{i:02d}局") for i, value in enumerate(received)))
    assert [a.agency for a in summary.agencies] == [name for _value, name in ranked[:TOP_AGENCIES]]
    shown = [a.received for a in summary.agencies]
    assert shown == sorted(shown, reverse=True)
    rest = [-value for value, _name in ranked[TOP_AGENCIES:]]
    assert summary.agencies_rest == (f"其余 {len(rest)} 个单位本年新收合计 {sum(rest)} 件，（七）总计合计 "
                                     f"{sum(rest) + len(rest)} 件；1 份报告未填写本年新收，未列入；"
                                     "1 份其他年度的报告未列入。")  # last year's 第00局 is not listed twice
    chart = summary.agency_chart
    assert chart is not None and chart.categories == tuple(a.agency for a in summary.agencies)
    twice = summary_of(BatchResult(reports=[_report(1, 5), BatchReport(file="其他/01.json", agency="第01局", year=2024,
                                                                        figures=KeyFigures(received=4))]), TODAY)
    assert [a.agency for a in twice.agencies] == ["第01局（01.nianbao.json）", "第01局（01.json）"]
    assert chart.series[1].values == tuple(shown)
    assert summary.rule_chart is None and summary.charts == (chart,)


def test_reports_with_errors_show_the_agency_file_and_worst_message(batch_result: BatchResult) -> None:
    summary = summary_of(batch_result, TODAY)
    [row] = summary.error_reports
    assert (row.agency, row.file_name, row.errors, row.worst) == ("甲局", "甲局.nianbao.json", 1, "合计不等于各项之和")
    assert summary.error_reports_more == ""
    assert summary.unreadable == ((FILE_BAD.split("/")[-1], batch_result.reports[2].unreadable),)
    [copy] = summary.copies
    assert (copy.agency_a, copy.agency_b, copy.share) == ("甲局", "乙局", "73%")
    assert copy.section.startswith("五、")
    assert summary.hierarchy[0].agency == "甲局" and summary.missing_children == ("丙局",)


def test_many_reports_with_errors_are_capped_with_how_many_more() -> None:
    error = Finding("T3-BALANCE", Severity.ERROR, "收支不平衡", Location("s3", "t3"))
    reports = [BatchReport(file=f"{i}.json", agency=f"局{i}", findings=[error] * (1 + i % 3)) for i in range(25)]
    summary = summary_of(BatchResult(reports=reports), TODAY)
    assert len(summary.error_reports) == 20 and summary.error_reports_more == "另有 5 份报告有错误，详见汇总.xlsx。"
    assert [r.errors for r in summary.error_reports] == sorted((r.errors for r in summary.error_reports), reverse=True)
    chart = summary.rule_chart  # no warning at all: no row of bars 「警告：0」
    assert chart is not None and [s.name for s in chart.series] == ["错误"]
    assert chart.value_axis == "有此错误的报告数（份）"


def test_the_rollup_figures_and_rates_with_formulas(batch_result: BatchResult) -> None:
    batch_result.rates["汇总"].append(Rate("行政复议纠错率", "结果纠正÷（总计−尚未审结）", None, note="样本不足"))
    summary = summary_of(batch_result, TODAY)
    assert summary.rollup_sources == 2
    assert [label for label, _value in summary.rollup_figures][:3] == ["本年新收", "上年结转", "（七）总计"]
    assert [(r.name, r.shown) for r in summary.rollup_rates] == [("公开率", "80.0%"), ("行政复议纠错率", "样本不足")]
    assert summary.rollup_rates[0].formula == "（（一）+（二））÷（七）总计"


def test_a_batch_of_one_unreadable_file_says_so() -> None:
    summary = summary_of(BatchResult(reports=[BatchReport(file="坏.xlsx", unreadable="文件已损坏")]), TODAY)
    assert summary.overview == "共 1 个文件，均无法读取，没有可汇总的报告。"
    assert summary.charts == () and summary.rules == () and summary.agencies == ()
    assert summary.title == "政府信息公开工作年度报告批量检查汇总" and summary.rollup_figures == ()


def test_figures_as_decimals_are_summed_exactly() -> None:
    reports = [_report(i, 1) for i in range(TOP_AGENCIES)] + [
        BatchReport(file="x.json", agency="小局", figures=KeyFigures(received=Decimal("0"), results_total=Decimal(2)))]
    assert summary_of(BatchResult(reports=reports), TODAY).agencies_rest.startswith("其余 1 个单位本年新收合计 0 件")
