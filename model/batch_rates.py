"""The rates a supervising office compares across reports, each with its formula, guarded against small
numbers, and the batch's outliers marked (as information: a rate is never a finding).

Every cell is found by template role (表三's 总计 column for the application rates), so the 2019 template
reads the same way.
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from decimal import Decimal

from model.batch_types import Rate
from model.report import Report
from model.template import Role

#: A rate over fewer cases than this says nothing (「样本不足」).
MIN_CASES = 30
#: Outliers: above this percentile of the batch's computed values of a rate ...
OUTLIER_PERCENTILE = 90
#: ... when at least this many reports have one.
MIN_VALUES_FOR_OUTLIERS = 10
#: The key of the roll-up's rates in `BatchResult.rates`: not one of the batch's reports.
ROLLUP_KEY = "汇总"
SMALL_SAMPLE, NO_DATA = "样本不足", "无数据"

_APPLICATIONS = (Role.APPLICANT_TOTAL,)  # 表三: the 总计 column
#: (name, formula, numerator roles, denominator terms: each term's roles and its sign)
_RATES: tuple[tuple[str, str, tuple[tuple[Role, ...], ...], tuple[tuple[tuple[Role, ...], int], ...]], ...] = (
    ("公开率", "（（一）予以公开 +（二）部分公开）÷（七）总计",
     ((Role.GRANTED, *_APPLICATIONS), (Role.PARTLY_GRANTED, *_APPLICATIONS)),
     (((Role.RESULT_TOTAL, *_APPLICATIONS), 1),)),
    ("无法提供率", "（四）无法提供 ÷（七）总计",
     ((Role.UNABLE, *_APPLICATIONS),),
     (((Role.RESULT_TOTAL, *_APPLICATIONS), 1),)),
    ("结转率", "四、结转下年度继续办理 ÷（一、本年新收 + 二、上年结转）",
     ((Role.CARRIED_OUT, *_APPLICATIONS),),
     (((Role.RECEIVED, *_APPLICATIONS), 1), ((Role.CARRIED_IN, *_APPLICATIONS), 1))),
    ("行政复议纠错率", "行政复议 结果纠正 ÷（总计 − 尚未审结）",
     ((Role.REVIEWS_CORRECTED,),),
     (((Role.REVIEWS,), 1), ((Role.REVIEWS_PENDING,), -1))),
    ("行政诉讼纠错率", "行政诉讼 结果纠正 ÷（总计 − 尚未审结）（两类起诉合计）",
     ((Role.LAWSUITS_CORRECTED,),),
     (((Role.LAWSUITS,), 1), ((Role.LAWSUITS_PENDING,), -1))),
)


def _term(report: Report, roles: tuple[Role, ...]) -> int | Decimal | None:
    """The sum of the cells the roles name together; None when the template lacks them or one is blank."""
    found = report.template.cells_of(*roles)
    if found is None:
        return None
    table, cells = found
    total: int | Decimal = 0
    for row, column in cells:
        value = report.cells.get((table.id, row, column))
        if value is None:
            return None
        total += value
    return total


def report_rates(report: Report) -> list[Rate]:
    """The five rates of one report (or of the roll-up), in a fixed order: 公开率, 无法提供率, 结转率,
    行政复议纠错率, 行政诉讼纠错率. Not computed (value None) when a term is blank (「无数据」) or the
    denominator is below MIN_CASES (「样本不足」)."""
    rates = []
    for name, formula, numerator_roles, denominator_terms in _RATES:
        numerators = [_term(report, roles) for roles in numerator_roles]
        denominators = [(_term(report, roles), sign) for roles, sign in denominator_terms]
        if any(n is None for n in numerators) or any(d is None for d, _sign in denominators):
            rates.append(Rate(name, formula, None, NO_DATA))
            continue
        numerator = sum(n for n in numerators if n is not None)
        denominator = sum(d * sign for d, sign in denominators if d is not None)
        if denominator < MIN_CASES:
            rates.append(Rate(name, formula, None, SMALL_SAMPLE))
            continue
        rates.append(Rate(name, formula, float(Decimal(numerator) / Decimal(denominator))))
    return rates


def mark_outliers(rates: dict[str, list[Rate]]) -> None:
    """Mark, rate by rate, the reports' values above the batch's OUTLIER_PERCENTILE (in place).

    The roll-up (ROLLUP_KEY) is neither part of the distribution nor marked; a rate with fewer than
    MIN_VALUES_FOR_OUTLIERS computed values marks nothing."""
    by_name: dict[str, list[float]] = {}
    for key, report_rates_ in rates.items():
        if key == ROLLUP_KEY:
            continue
        for rate in report_rates_:
            if rate.value is not None:
                by_name.setdefault(rate.name, []).append(rate.value)
    limits = {name: statistics.quantiles(values, n=100, method="inclusive")[OUTLIER_PERCENTILE - 1]
              for name, values in by_name.items() if len(values) >= MIN_VALUES_FOR_OUTLIERS}
    for key, report_rates_ in rates.items():
        if key == ROLLUP_KEY:
            continue
        report_rates_[:] = [replace(rate, outlier=rate.value is not None and rate.name in limits
                                    and rate.value > limits[rate.name]) for rate in report_rates_]
