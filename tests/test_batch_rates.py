"""The batch's rates (issue 17, part 5): defined by formula, not computed below 30 cases or from a blank,
outliers marked against the batch's 90th percentile."""

from __future__ import annotations

import pytest

from model.batch_rates import NO_DATA, ROLLUP_KEY, SMALL_SAMPLE, mark_outliers, report_rates
from model.batch_types import Rate
from model.report import Metadata, Report
from model.templates import TEMPLATES


def _report(year: int = 2024) -> Report:
    report = Report.blank(Metadata("某某市教育局", year), TEMPLATES[2021] if year >= 2021 else TEMPLATES[2019])
    t3 = {"1": 50, "2": 10, "3.1": 20, "3.2": 10, "3.4.1": 6, "3.4.2": 3, "3.4.3": 1, "3.7": 48, "4": 12}
    for key in report.cells:
        if key[0] == "t3":
            report.cells[key] = t3.get(key[1], 2) if key[2] == "total" else 0
    t4 = {"review.corrected": 9, "review.pending": 5, "review.total": 45,
          "direct_suit.corrected": 4, "direct_suit.pending": 2, "direct_suit.total": 20,
          "suit_after_review.corrected": 3, "suit_after_review.pending": 3, "suit_after_review.total": 21}
    for column, value in t4.items():
        report.cells[("t4", "cases", column)] = value
    return report


def test_every_rate_by_its_formula() -> None:
    rates = {rate.name: rate for rate in report_rates(_report())}
    assert list(rates) == ["公开率", "无法提供率", "结转率", "行政复议纠错率", "行政诉讼纠错率"]
    assert rates["公开率"].value == pytest.approx(30 / 48)
    assert rates["无法提供率"].value == pytest.approx(10 / 48)  # all three sub-items of （四）
    assert rates["结转率"].value == pytest.approx(12 / 60)
    assert rates["行政复议纠错率"].value == pytest.approx(9 / 40)
    assert rates["行政诉讼纠错率"].value == pytest.approx(7 / 36)  # both kinds of suit
    assert all(r.formula and r.note == "" and not r.outlier for r in rates.values())
    assert rates["行政复议纠错率"].formula == "行政复议 结果纠正 ÷（总计 − 尚未审结）"


def test_the_2019_template_reads_the_same_cells_by_role() -> None:
    assert [r.value for r in report_rates(_report(2020))] == [r.value for r in report_rates(_report())]


def test_below_thirty_cases_is_a_small_sample_and_a_blank_term_no_data() -> None:
    report = _report()
    report.cells[("t4", "cases", "review.pending")] = 16  # 45 − 16 = 29 decided cases
    report.cells[("t3", "4", "total")] = None
    rates = {rate.name: rate for rate in report_rates(report)}
    assert (rates["行政复议纠错率"].value, rates["行政复议纠错率"].note) == (None, SMALL_SAMPLE)
    assert (rates["结转率"].value, rates["结转率"].note) == (None, NO_DATA)
    report.cells[("t4", "cases", "review.pending")] = 15  # exactly 30
    assert report_rates(report)[3].value == pytest.approx(9 / 30)
    assert report_rates(Report.blank(Metadata("空", 2024)))[0].note == NO_DATA


def _rates(values: list[float | None]) -> dict[str, list[Rate]]:
    return {f"r{i}": [Rate("公开率", "f", v, "" if v is not None else SMALL_SAMPLE)] for i, v in enumerate(values)}


def test_values_above_the_ninetieth_percentile_are_marked() -> None:
    rates = _rates([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, None])
    rates[ROLLUP_KEY] = [Rate("公开率", "f", 0.99)]
    mark_outliers(rates)
    assert [k for k, (rate,) in rates.items() if rate.outlier] == ["r9"]  # 0.95 > 0.905; the roll-up never


def test_fewer_than_ten_values_mark_nothing() -> None:
    rates = _rates([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.99, None])
    mark_outliers(rates)
    assert not any(rate.outlier for (rate,) in rates.values())
