"""Which charts (附图) a report gets and their numbers (export/charts.py): every number is a cell of
the report (or a sum of cells the template's roles name), a chart with nothing to show is left out
and said so, the two-year comparison only with last year's report attached."""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import pytest

from export.charts import ChartSpec, chart_specs, omitted_charts
from model.crossyear import attach_prior
from model.report import Metadata, Report
from model.templates import TEMPLATES

RESULT_ROWS = {  # the level-1 results of 表三 and the rows each one sums (2021 template ids)
    "（一）予以公开": ("3.1",),
    "（二）部分公开": ("3.2",),
    "（三）不予公开": tuple(f"3.3.{i}" for i in range(1, 9)),
    "（四）无法提供": tuple(f"3.4.{i}" for i in range(1, 4)),
    "（五）不予处理": tuple(f"3.5.{i}" for i in range(1, 6)),
    "（六）其他处理": tuple(f"3.6.{i}" for i in range(1, 4)),
}
APPLICANT_COLUMNS = ("natural", "commercial", "research", "public_welfare", "legal_service", "other")


def blank_report(year: int = 2024, agency: str = "某某市某某局") -> Report:
    return Report.blank(Metadata(agency=agency, year=year))


def numbered_report(year: int = 2024, start: int = 1) -> Report:
    """Every cell a different non-zero number: a wrong cell read shows as a wrong number."""
    report = blank_report(year)
    for i, key in enumerate(sorted(report.cells)):
        report.cells[key] = start + i
    return report


def by_title(specs: list[ChartSpec]) -> dict[str, ChartSpec]:
    return {spec.title: spec for spec in specs}


def test_the_sample_gets_the_results_and_applicants_charts_numbered_from_one(sample) -> None:
    specs = chart_specs(sample)
    assert [(s.number, s.caption) for s in specs] == [
        (1, "图1 政府信息公开申请办理结果"), (2, "图2 政府信息公开申请人构成")]
    results, applicants = specs
    assert results.categories == tuple(RESULT_ROWS)
    assert [s.values for s in results.series] == [(2, 1, 2, 4, 0, 0)]  # the sample's 表三, 总计 column
    assert applicants.categories == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    assert [s.values for s in applicants.series] == [(9, 0, 0, 0, 0, 0)]
    assert all(s.unit == "件" for s in specs)
    assert omitted_charts(sample) == []


def test_results_are_the_level_1_rows_summed_over_their_sub_items_of_the_total_column() -> None:
    report = numbered_report()
    results = by_title(chart_specs(report))["政府信息公开申请办理结果"]
    expected = tuple(sum(report.cells[("t3", row, "total")] for row in rows) for rows in RESULT_ROWS.values())
    assert results.series[0].values == expected
    # The applicants chart: 本年新收 in each applicant column (not the 总计 column).
    applicants = by_title(chart_specs(report))["政府信息公开申请人构成"]
    assert applicants.series[0].values == tuple(report.cells[("t3", "1", c)] for c in APPLICANT_COLUMNS)
    assert [(g.label, g.first, g.last) for g in applicants.groups] == [("法人或其他组织", 1, 5)]
    assert applicants.category_name(1) == "法人或其他组织·商业企业"
    assert applicants.category_name(0) == "自然人"


def test_the_2019_template_results_chart_reads_its_single_other_handling_row() -> None:
    report = Report.blank(Metadata(agency="某局", year=2020), TEMPLATES[2019])
    for key in report.cells:
        report.cells[key] = 0
    report.cells[("t3", "3.6", "total")] = 7  # （六）其他处理 has no sub-items in the 2019 template
    results = chart_specs(report)[0]
    assert results.title == "政府信息公开申请办理结果"
    assert dict(zip(results.categories, results.series[0].values, strict=True))["（六）其他处理"] == 7


def test_alt_text_is_one_sentence_stating_every_number() -> None:
    report = numbered_report()
    for spec in chart_specs(report):
        assert spec.alt.endswith("。") and spec.alt.count("。") == 1, spec.alt
        stated = [int(n) for n in re.findall(r"\d+", spec.alt.replace("2024年", "").replace("2023年", ""))]
        for series in spec.series:
            for value in series.values:
                assert value in stated, (spec.title, value, spec.alt)
    results = chart_specs(report)[0]
    assert "（三）不予公开" in results.alt


def test_a_blank_or_all_zero_report_gets_no_chart_and_says_so() -> None:
    blank = blank_report()
    assert chart_specs(blank) == []
    notes = omitted_charts(blank)
    assert len(notes) == 2 and all("未绘制" in n for n in notes)
    zero = blank_report()
    for key in zero.cells:
        zero.cells[key] = 0
    assert chart_specs(zero) == []


def test_only_the_empty_chart_is_left_out_and_the_rest_are_renumbered() -> None:
    report = blank_report()
    for key in report.cells:
        report.cells[key] = 0
    report.cells[("t3", "3.1", "total")] = 3  # a result, but no application received this year
    specs = chart_specs(report)
    assert [(s.number, s.title) for s in specs] == [(1, "政府信息公开申请办理结果")]
    assert omitted_charts(report) == [
        "本年没有新收政府信息公开申请（各项均为 0 或未填写），未绘制“政府信息公开申请人构成”图。"]


def test_the_two_year_chart_needs_last_years_report() -> None:
    report = numbered_report(2024, start=100)
    assert "主要数据与上年对比" not in by_title(chart_specs(report))
    prior = numbered_report(2023, start=1)
    attach_prior(report, prior, None, embed=True)
    specs = chart_specs(report)
    comparison = by_title(specs)["主要数据与上年对比"]
    assert comparison.number == 3
    assert [s.name for s in comparison.series] == ["2023年", "2024年"]
    assert comparison.categories == ("本年新收申请", "办理结果总计", "行政复议", "行政诉讼")

    def figures(r: Report) -> tuple[int, ...]:
        cell = r.cells.__getitem__
        return (cell(("t3", "1", "total")), cell(("t3", "3.7", "total")), cell(("t4", "cases", "review.total")),
                cell(("t4", "cases", "direct_suit.total")) + cell(("t4", "cases", "suit_after_review.total")))

    assert comparison.series[0].values == figures(prior)
    assert comparison.series[1].values == figures(report)
    assert "2023年" in comparison.alt and "2024年" in comparison.alt


def test_a_prior_that_could_not_be_read_gives_no_two_year_chart() -> None:
    report = numbered_report()
    attach_prior(report, numbered_report(2023), "../2023/a.nianbao.json", embed=False)
    assert report.prior is not None
    report.prior.report = None
    report.prior.problem = "文件不存在"
    assert [s.title for s in chart_specs(report)] == ["政府信息公开申请办理结果", "政府信息公开申请人构成"]


def test_two_all_zero_years_leave_out_the_comparison_and_say_so() -> None:
    report = blank_report()
    prior = blank_report(2023)
    attach_prior(report, prior, None, embed=True)
    assert chart_specs(report) == []
    assert any("主要数据与上年对比" in note for note in omitted_charts(report))


def test_blank_cells_count_as_nothing_and_years_unknown_are_named_plainly() -> None:
    report = blank_report(year=0)
    report.cells[("t3", "3.3.4", "total")] = 5  # the other sub-items of （三） left blank
    report.cells[("t3", "1", "natural")] = Decimal(2)
    specs = by_title(chart_specs(report))
    assert dict(zip(specs["政府信息公开申请办理结果"].categories,
                    specs["政府信息公开申请办理结果"].series[0].values, strict=True))["（三）不予公开"] == 5
    assert specs["政府信息公开申请人构成"].series[0].name == "本年"
    assert specs["政府信息公开申请人构成"].alt.startswith("本年")


def test_specs_do_not_depend_on_the_order_cells_were_filled_in() -> None:
    report = numbered_report()
    shuffled = copy.deepcopy(report)
    shuffled.cells = dict(reversed(list(report.cells.items())))
    assert chart_specs(report) == chart_specs(shuffled)


@pytest.mark.parametrize("value", [-3, 10**15])
def test_any_value_the_model_holds_gives_a_spec(value: int) -> None:
    report = numbered_report()
    report.cells[("t3", "3.1", "total")] = value
    assert chart_specs(report)[0].series[0].values[0] == value
