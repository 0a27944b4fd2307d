"""Which charts (附图) a report gets, with their numbers, titles and text alternatives.

The template has no charts, so they are an option of the writers (off by default). Three charts,
all horizontal bars: Chinese category labels read best beside the bars, and a bar with its number
is easier to read — and to describe in words — than a pie's slices:

1. 政府信息公开申请办理结果: 表三's level-1 results （一）–（六） in the 总计 column, a result with
   sub-items being the sum of them (the template's roles name the rows, never their labels);
2. 政府信息公开申请人构成: 本年新收 in each applicant column, 法人或其他组织 split into its kinds;
3. 主要数据与上年对比: when last year's report is attached and readable, key figures of both years.

A blank cell counts as nothing here (the checker warns about each one). A chart whose numbers are
all 0 is left out, never drawn as an empty axis, and `omitted_charts` says so in a sentence the
writers print where the chart would have been. Pure Python: the drawing is chart_pdf, chart_svg
and chart_png, from the geometry of chart_layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from model.crossyear import prior_report
from model.report import Number, Report, format_value
from model.template import Role, Table, Template

#: 表三's level-1 results, in the template's order.
RESULT_ROLES = (Role.GRANTED, Role.PARTLY_GRANTED, Role.REFUSED, Role.UNABLE, Role.NOT_PROCESSED,
                Role.OTHER_HANDLING)
#: The key figures compared with last year: (label, the roles that name the cells together).
COMPARED_FIGURES: tuple[tuple[str, tuple[Role, ...]], ...] = (
    ("本年新收申请", (Role.RECEIVED, Role.APPLICANT_TOTAL)),
    ("办理结果总计", (Role.RESULT_TOTAL, Role.APPLICANT_TOTAL)),
    ("行政复议", (Role.REVIEWS,)),
    ("行政诉讼", (Role.LAWSUITS,)),
)
RESULTS_TITLE = "政府信息公开申请办理结果"
APPLICANTS_TITLE = "政府信息公开申请人构成"
COMPARISON_TITLE = "主要数据与上年对比"
#: A level-1 result label without its printed note: "（二）部分公开（区分处理的，…）" → "（二）部分公开".
_LEVEL_1 = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^（(]+")


@dataclass(frozen=True)
class Series:
    #: What the values are of: "2024年" (a year), "本年" when the year is not stated.
    name: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class CategoryGroup:
    """Consecutive categories under one heading (法人或其他组织 over its five kinds)."""

    label: str
    first: int
    last: int  # inclusive


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its categories (bar labels, top to bottom) and one value per category in each series."""

    number: int
    #: Stable name of the chart, for ids in the web page: "results", "applicants", "comparison".
    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    #: One Chinese sentence stating every number (the chart's text alternative).
    alt: str
    unit: str = "件"
    #: What the categories are ("办理结果") and what the bars measure ("申请数（件）").
    category_axis: str = ""
    value_axis: str = ""
    groups: tuple[CategoryGroup, ...] = ()

    @property
    def caption(self) -> str:
        return f"图{self.number} {self.title}"

    def group_of(self, index: int) -> CategoryGroup | None:
        return next((g for g in self.groups if g.first <= index <= g.last), None)

    def category_name(self, index: int) -> str:
        """The category's full name, its group included ("法人或其他组织·商业企业"): for tables and text."""
        group = self.group_of(index)
        label = self.categories[index]
        return f"{group.label}·{label}" if group else label

    @property
    def has_data(self) -> bool:
        return any(value != 0 for series in self.series for value in series.values)


@dataclass(frozen=True)
class _Candidate:
    spec: ChartSpec  # numbered 0 until it is kept
    #: Said instead of the chart when it has nothing to show.
    empty_note: str


#: The heading above the charts in every output (the PDF, the Word document, the web page).
CHARTS_HEADING = "附图"


def chart_specs(report: Report) -> list[ChartSpec]:
    """The charts of `report` that have something to show, numbered 图1, 图2, … in order."""
    kept = [c.spec for c in _candidates(report) if c.spec.has_data]
    return [_renumbered(spec, number) for number, spec in enumerate(kept, start=1)]


def omitted_charts(report: Report) -> list[str]:
    """A sentence for each chart left out because its numbers are all 0 (or blank), in chart order."""
    return [c.empty_note for c in _candidates(report) if not c.spec.has_data]


def _renumbered(spec: ChartSpec, number: int) -> ChartSpec:
    return ChartSpec(number, spec.key, spec.title, spec.categories, spec.series, spec.alt, spec.unit,
                     spec.category_axis, spec.value_axis, spec.groups)


def _candidates(report: Report) -> list[_Candidate]:
    candidates = [_results(report), _applicants(report)]
    last = prior_report(report)
    if last is not None:
        candidates.append(_comparison(report, last))
    return [c for c in candidates if c is not None]


def _year_name(report: Report, fallback: str) -> str:
    return f"{report.meta.year}年" if report.meta.year_known else fallback


def _sum(report: Report, table: Table, cells: Sequence[tuple[str, str]]) -> Number:
    total: Number = 0
    for row, column in cells:
        value = report.cells.get((table.id, row, column))
        if value is not None:
            total += value
    return total


def _count(value: Number, unit: str) -> str:
    return f"{format_value(value)}{unit}"


# --- 图 政府信息公开申请办理结果 ------------------------------------------------------------


def _results(report: Report) -> _Candidate | None:
    template = report.template
    labels: list[str] = []
    values: list[Number] = []
    unit = "件"
    for role in RESULT_ROLES:
        found = template.cells_of(role, Role.APPLICANT_TOTAL)
        if found is None:
            continue
        table, cells = found
        level_1 = table.row(cells[0][0]).path[1]
        match = _LEVEL_1.match(level_1)
        labels.append(match.group(0) if match else level_1)
        values.append(_sum(report, table, cells))
        unit = table.column(cells[0][1]).unit
    if not labels:
        return None
    year = _year_name(report, "本年")
    total: Number = sum(values)
    parts = "，".join(f"{label}{_count(value, unit)}" for label, value in zip(labels, values, strict=True))
    alt = f"{year}度政府信息公开申请办理结果共{_count(total, unit)}：{parts}。"
    spec = ChartSpec(0, "results", RESULTS_TITLE, tuple(labels), (Series(year, tuple(values)),), alt, unit,
                     category_axis="办理结果", value_axis=f"申请数（{unit}）")
    note = f"本年度没有办理结果（各项均为 0 或未填写），未绘制“{RESULTS_TITLE}”图。"
    return _Candidate(spec, note)


# --- 图 政府信息公开申请人构成 --------------------------------------------------------------


def _applicants(report: Report) -> _Candidate | None:
    template = report.template
    received, totals = template.cells_of(Role.RECEIVED), template.cells_of(Role.APPLICANT_TOTAL)
    if received is None:
        return None
    table, cells = received
    total_columns = {column for _row, column in totals[1]} if totals is not None else set()
    parts = [(row, column) for row, column in cells if column not in total_columns]
    if not parts:
        return None
    paths = [_named_path(table, column) for _row, column in parts]
    labels = tuple(path[-1] for path in paths)
    values = tuple(_sum(report, table, [cell]) for cell in parts)
    unit = table.column(parts[0][1]).unit
    groups = _groups(paths)
    year = _year_name(report, "本年")
    alt = f"{year}新收政府信息公开申请共{_count(sum(values), unit)}：{_applicant_parts(labels, values, groups, unit)}。"
    spec = ChartSpec(0, "applicants", APPLICANTS_TITLE, labels, (Series(year, values),), alt, unit,
                     category_axis="申请人", value_axis=f"本年新收申请数（{unit}）", groups=groups)
    note = f"本年没有新收政府信息公开申请（各项均为 0 或未填写），未绘制“{APPLICANTS_TITLE}”图。"
    return _Candidate(spec, note)


def _named_path(table: Table, column: str) -> tuple[str, ...]:
    """A column's header path without the header over every column (表三's 申请人情况)."""
    path = table.column(column).path
    if table.unnamed_header and len(path) > 1 and path[0] == table.unnamed_header:
        return path[1:]
    return path


def _groups(paths: list[tuple[str, ...]]) -> tuple[CategoryGroup, ...]:
    """Runs of consecutive columns under the same header (法人或其他组织)."""
    groups: list[CategoryGroup] = []
    for index, path in enumerate(paths):
        if len(path) < 2:
            continue
        label = "·".join(path[:-1])
        if groups and groups[-1].label == label and groups[-1].last == index - 1:
            groups[-1] = CategoryGroup(label, groups[-1].first, index)
        else:
            groups.append(CategoryGroup(label, index, index))
    return tuple(groups)


def _applicant_parts(labels: tuple[str, ...], values: tuple[Number, ...], groups: tuple[CategoryGroup, ...],
                     unit: str) -> str:
    """"自然人9件，法人或其他组织0件（商业企业0件、…）"."""
    parts: list[str] = []
    index = 0
    while index < len(labels):
        group = next((g for g in groups if g.first == index), None)
        if group is None:
            parts.append(f"{labels[index]}{_count(values[index], unit)}")
            index += 1
            continue
        members = range(group.first, group.last + 1)
        inner = "、".join(f"{labels[i]}{_count(values[i], unit)}" for i in members)
        parts.append(f"{group.label}{_count(sum(values[i] for i in members), unit)}（{inner}）")
        index = group.last + 1
    return "，".join(parts)


# --- 图 主要数据与上年对比 --------------------------------------------------------------------


def _figure(report: Report, template: Template, roles: tuple[Role, ...]) -> tuple[Number, str] | None:
    """(the figure, its unit) in `report`, by its roles in the report's own template; None when ABSENT."""
    found = template.cells_of(*roles)
    if found is None:
        return None
    table, cells = found
    return _sum(report, table, cells), table.column(cells[0][1]).unit


def _comparison(report: Report, last: Report) -> _Candidate | None:
    labels: list[str] = []
    this_values: list[Number] = []
    last_values: list[Number] = []
    units: list[str] = []
    for label, roles in COMPARED_FIGURES:
        # Each year by its own template's roles: a 2019-template report compares with a 2021 one.
        this, before = _figure(report, report.template, roles), _figure(last, last.template, roles)
        if this is None or before is None:
            continue
        labels.append(label)
        this_values.append(this[0])
        last_values.append(before[0])
        units.append(this[1])
    if not labels:
        return None
    this_name = _year_name(report, "本年")
    last_name = _year_name(last, "上年")
    if last_name == this_name:  # a prior of the same (or no) stated year: name them by their role
        this_name, last_name = "本年", "上年"
    series = (Series(last_name, tuple(last_values)), Series(this_name, tuple(this_values)))
    parts = "；".join(
        f"{label}{last_name}{_count(before, unit)}、{this_name}{_count(this, unit)}"
        for label, before, this, unit in zip(labels, last_values, this_values, units, strict=True))
    alt = f"{COMPARISON_TITLE}：{parts}。"
    unit = units[0] if len(set(units)) == 1 else ""
    spec = ChartSpec(0, "comparison", COMPARISON_TITLE, tuple(labels), series, alt, unit,
                     category_axis="项目", value_axis=f"数量（{unit}）" if unit else "数量")
    note = f"本年与上年的主要数据均为 0 或未填写，未绘制“{COMPARISON_TITLE}”图。"
    return _Candidate(spec, note)


__all__ = ["CHARTS_HEADING", "COMPARED_FIGURES", "RESULT_ROLES", "CategoryGroup", "ChartSpec", "Series", "chart_specs",
           "omitted_charts"]
