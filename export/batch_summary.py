"""What the summary of a batch check says, for the supervising office's leaders: pure content.

`summary_of` turns a BatchResult (as `run_batch` returns it: no report kept, `rollup` a Report or None)
into a BatchSummary — the headline figures, the findings by rule, the key figures of the largest
agencies, the reports with errors, the copy pairs, the hierarchy findings and the roll-up — with the
two bar charts as export.charts ChartSpecs, so that the PDF (export/batch_pdf.py) and the web page
(export/batch_html.py) draw them with the report's own chart machinery. No reportlab, no HTML here:
both writers say the same things in the same order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from export.charts import ChartSpec, Series
from model.batch import key_figures, section_titles
from model.batch_rates import ROLLUP_KEY
from model.batch_types import BatchReport, BatchResult, KeyFigures, Rate
from model.drawn_text import clean_text
from model.findings import Severity
from model.report import Number, Value, format_value
from model.rule_names import rule_name
from model.text_rules import chinese_date

TITLE = "政府信息公开工作年度报告批量检查汇总"
#: The agencies shown by name in the key-figures chart: about what one page holds.
TOP_AGENCIES = 15
#: The rules drawn in the findings chart (the table lists all of them).
TOP_RULES = 15
#: Rows of the lists of reports with errors, copy pairs, hierarchy findings, unreadable files.
MAX_ROWS = 20
#: How much of a message or a shared passage a row quotes (汇总.xlsx keeps it whole).
QUOTED_CHARS = 60
#: The roll-up's key figures, as the summary names them.
FIGURE_LABELS = (("received", "本年新收"), ("carried_in", "上年结转"), ("results_total", "（七）总计"),
                 ("carried_out", "结转下年度"), ("reviews", "行政复议"), ("lawsuits", "行政诉讼"))


@dataclass(frozen=True)
class RuleCount:
    """How many reports have a rule's findings, errors and warnings apart."""

    rule: str
    name: str  # 「表三收支不平衡（T3-BALANCE）」
    errors: int  # reports with at least one error of the rule
    warnings: int  # reports with at least one warning of the rule


@dataclass(frozen=True)
class AgencyFigures:
    agency: str
    file: str
    received: Value
    results_total: Value


@dataclass(frozen=True)
class ErrorReport:
    agency: str
    file_name: str
    errors: int
    worst: str  # the first error's message, shortened


@dataclass(frozen=True)
class CopyLine:
    agency_a: str
    agency_b: str
    section: str  # the section's title
    share: str  # 「73%」
    passage: str  # shortened


@dataclass(frozen=True)
class HierarchyLine:
    agency: str  # the parent's agency (its file name when the agency is not known)
    severity: str  # 错误 / 警告
    message: str


@dataclass(frozen=True)
class RateLine:
    name: str
    formula: str
    shown: str  # 「85.4%」 or the note: 样本不足 / 无数据


@dataclass(frozen=True)
class BatchSummary:
    title: str
    year: int | None
    date_text: str  # 「2026年12月1日」, the day the summary was made
    #: (label, count) in a fixed order: 文件数 first.
    headline: tuple[tuple[str, int], ...]
    #: One sentence under the headline (an empty batch says so here).
    overview: str
    rules: tuple[RuleCount, ...]
    rule_chart: ChartSpec | None
    agencies: tuple[AgencyFigures, ...]
    #: One sentence about the agencies not in `agencies` ("" when there are none).
    agencies_rest: str
    agency_chart: ChartSpec | None
    error_reports: tuple[ErrorReport, ...]
    error_reports_more: str  # 「另有 N 份……」 or ""
    unreadable: tuple[tuple[str, str], ...]  # (file name, why)
    unreadable_more: str
    copies: tuple[CopyLine, ...]
    copies_more: str
    hierarchy: tuple[HierarchyLine, ...]
    hierarchy_more: str
    missing_children: tuple[str, ...]
    rollup_sources: int
    #: (label, value as printed) of the roll-up; empty when there is no roll-up.
    rollup_figures: tuple[tuple[str, str], ...]
    rollup_rates: tuple[RateLine, ...]
    charts: tuple[ChartSpec, ...] = field(default=())


def shortened(text: str, limit: int = QUOTED_CHARS) -> str:
    text = " ".join(clean_text(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _file_name(file: str) -> str:
    return PurePath(file.replace("\\", "/")).name or file


def _agency(entry: BatchReport | None, file: str) -> str:
    name = clean_text(entry.agency).strip() if entry is not None else ""
    return name or _file_name(file)


def batch_year(result: BatchResult) -> int | None:
    """The year most of the readable reports are of (the roll-up's when there is one)."""
    if result.rollup is not None and result.rollup.meta.year_known:
        return result.rollup.meta.year
    years = Counter(entry.year for entry in result.reports if entry.unreadable is None and entry.year is not None)
    return min(years, key=lambda year: (-years[year], -year)) if years else None


def _headline(result: BatchResult) -> tuple[tuple[str, int], ...]:
    read = [entry for entry in result.reports if entry.unreadable is None]
    hierarchy = [finding.severity for _file, finding in result.hierarchy_findings]
    return (
        ("文件数", len(result.reports)),
        ("已读取", len(read)),
        ("无法读取", len(result.reports) - len(read)),
        ("有错误的报告", sum(entry.errors > 0 for entry in read)),
        ("仅有警告的报告", sum(entry.errors == 0 and entry.warnings > 0 for entry in read)),
        ("未发现问题的报告", sum(not entry.findings for entry in read)),
        ("逾期发布的报告", sum(entry.late for entry in read)),
        ("文字雷同（对）", len(result.copies)),
        ("上下级核对错误", sum(severity is Severity.ERROR for severity in hierarchy)),
        ("上下级核对警告", sum(severity is Severity.WARNING for severity in hierarchy)),
        ("无报告的下级单位", len(result.missing_children)),
    )


def _overview(headline: tuple[tuple[str, int], ...]) -> str:
    counts = dict(headline)
    if counts["已读取"] == 0:
        return f"共 {counts['文件数']} 个文件，均无法读取，没有可汇总的报告。"
    return (f"共 {counts['文件数']} 个文件，读取 {counts['已读取']} 份报告：{counts['有错误的报告']} 份有错误，"
            f"{counts['仅有警告的报告']} 份仅有警告，{counts['未发现问题的报告']} 份未发现问题。")


def rule_counts(result: BatchResult) -> list[RuleCount]:
    """Every rule found, with the number of reports having it as an error and as a warning; most
    reports first, then by rule id."""
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for entry in result.reports:
        errors.update({f.rule for f in entry.findings if f.severity is Severity.ERROR})
        warnings.update({f.rule for f in entry.findings if f.severity is Severity.WARNING})
    rules = sorted(set(errors) | set(warnings), key=lambda rule: (-(errors[rule] + warnings[rule]), rule))
    return [RuleCount(rule, f"{rule_name(rule)}（{rule}）", errors[rule], warnings[rule]) for rule in rules]


def _rule_chart(rules: list[RuleCount]) -> ChartSpec | None:
    shown = rules[:TOP_RULES]
    if not shown:
        return None
    names = tuple(rule_name(r.rule) for r in shown)
    parts = "，".join(f"{name}错误 {r.errors} 份、警告 {r.warnings} 份" for name, r in zip(names, shown, strict=True))
    more = f"（另有 {len(rules) - len(shown)} 类问题见下表）" if len(rules) > len(shown) else ""
    series = [Series("警告", tuple(r.warnings for r in shown)), Series("错误", tuple(r.errors for r in shown))]
    # A kind no rule has (no warning at all) is not drawn: a bar "警告：0" beside every error says nothing.
    series = [s for s in series if any(s.values)]
    return ChartSpec(1, "rules", "各类问题涉及的报告数", names, tuple(series), f"各类问题涉及的报告数：{parts}{more}。",
                     "份", category_axis="问题类型",
                     value_axis=f"有此{series[0].name}的报告数（份）" if len(series) == 1 else "报告数（份）")


def top_agencies(result: BatchResult, count: int = TOP_AGENCIES) -> tuple[list[AgencyFigures], str]:
    """The `count` agencies with the most 本年新收 (ties by name) among the reports of the batch's year, and
    one sentence about the rest. Last year's reports found in the folders are left out: an agency would
    otherwise be listed twice."""
    year = batch_year(result)
    readable = [entry for entry in result.reports if entry.unreadable is None]
    read = [entry for entry in readable if year is None or entry.year in (year, None)]
    known = [entry for entry in read if entry.figures.received is not None]
    known.sort(key=lambda entry: (-(entry.figures.received or 0), _agency(entry, entry.file), entry.file))
    names = Counter(_agency(entry, entry.file) for entry in known[:count])
    # Two files of one agency name (a folder holding a report twice): each bar says which file it is.
    top = [AgencyFigures(_agency(entry, entry.file) + (f"（{_file_name(entry.file)}）"
                                                        if names[_agency(entry, entry.file)] > 1 else ""),
                         entry.file, entry.figures.received, entry.figures.results_total)
           for entry in known[:count]]
    rest = known[count:]
    parts = []
    if rest:
        received: Number = sum(entry.figures.received or 0 for entry in rest)
        totals: Number = sum(entry.figures.results_total or 0 for entry in rest)
        parts.append(f"其余 {len(rest)} 个单位本年新收合计 {format_value(received)} 件，"
                     f"（七）总计合计 {format_value(totals)} 件")
    blank = len(read) - len(known)
    if blank:
        parts.append(f"{blank} 份报告未填写本年新收，未列入")
    other_years = len(readable) - len(read)
    if other_years:
        parts.append(f"{other_years} 份其他年度的报告未列入")
    return top, ("；".join(parts) + "。") if parts else ""


def _agency_chart(agencies: list[AgencyFigures], number: int) -> ChartSpec | None:
    if not agencies:
        return None
    names = tuple(a.agency for a in agencies)
    received = tuple(a.received or 0 for a in agencies)
    totals = tuple(a.results_total or 0 for a in agencies)
    parts = "；".join(f"{a.agency}本年新收 {format_value(a.received)} 件、（七）总计 {format_value(a.results_total)} 件"
                     for a in agencies)
    return ChartSpec(number, "agencies", "主要单位本年新收与办理结果总计", names,
                     (Series("（七）总计", totals), Series("本年新收", received)),
                     f"主要单位的本年新收与（七）总计：{parts}。", "件", category_axis="单位",
                     value_axis="申请数（件）")


def _more(hidden: int, what: str) -> str:
    return f"另有 {hidden} {what}，详见汇总.xlsx。" if hidden > 0 else ""


def _error_reports(result: BatchResult) -> tuple[list[ErrorReport], str]:
    failing = [entry for entry in result.reports if entry.unreadable is None and entry.errors > 0]
    failing.sort(key=lambda entry: (-entry.errors, entry.file))
    rows = [ErrorReport(_agency(entry, entry.file), _file_name(entry.file), entry.errors,
                        shortened(entry.worst.message) if entry.worst is not None else "")
            for entry in failing[:MAX_ROWS]]
    return rows, _more(len(failing) - len(rows), "份报告有错误")


def _section_title(section: str, entry: BatchReport | None) -> str:
    return section_titles(entry.template if entry is not None else None).get(section, section)


def _copies(result: BatchResult, by_file: dict[str, BatchReport]) -> tuple[list[CopyLine], str]:
    pairs = sorted(result.copies, key=lambda pair: (-pair.share, pair.a, pair.b, pair.section))
    rows = [CopyLine(_agency(by_file.get(pair.a), pair.a), _agency(by_file.get(pair.b), pair.b),
                     _section_title(pair.section, by_file.get(pair.a)), f"{pair.share * 100:.0f}%",
                     shortened(pair.passage, QUOTED_CHARS * 2 // 3)) for pair in pairs[:MAX_ROWS]]
    return rows, _more(len(pairs) - len(rows), "对雷同文字")


def _hierarchy(result: BatchResult, by_file: dict[str, BatchReport]) -> tuple[list[HierarchyLine], str]:
    found = sorted(result.hierarchy_findings, key=lambda item: (item[1].severity is not Severity.ERROR, item[0]))
    rows = [HierarchyLine(_agency(by_file.get(file), file), finding.severity.label, shortened(finding.message, 120))
            for file, finding in found[:MAX_ROWS]]
    return rows, _more(len(found) - len(rows), "项上下级核对问题")


def rate_text(rate: Rate) -> str:
    if rate.value is None:
        return rate.note or "未计算"
    return f"{rate.value * 100:.1f}%"


def _rollup(result: BatchResult) -> tuple[tuple[tuple[str, str], ...], tuple[RateLine, ...]]:
    if result.rollup is None:
        return (), ()
    figures: KeyFigures = key_figures(result.rollup)
    shown = tuple((label, format_value(getattr(figures, name))) for name, label in FIGURE_LABELS)
    rates = tuple(RateLine(rate.name, rate.formula, rate_text(rate)) for rate in result.rates.get(ROLLUP_KEY, []))
    return shown, rates


def summary_of(result: BatchResult, today: date) -> BatchSummary:
    """The summary of `result` made on `today`; never reads a file (BatchReport.report may be None)."""
    by_file = {entry.file: entry for entry in result.reports}
    year = batch_year(result)
    headline = _headline(result)
    rules = rule_counts(result)
    rule_chart = _rule_chart(rules)
    agencies, agencies_rest = top_agencies(result)
    agency_chart = _agency_chart(agencies, 2 if rule_chart is not None else 1)
    errors, errors_more = _error_reports(result)
    unreadable = [(_file_name(e.file), e.unreadable or "") for e in result.reports if e.unreadable is not None]
    copies, copies_more = _copies(result, by_file)
    hierarchy, hierarchy_more = _hierarchy(result, by_file)
    rollup_figures, rollup_rates = _rollup(result)
    title = f"{year}年度{TITLE}" if year is not None else TITLE
    return BatchSummary(
        title=title, year=year, date_text=chinese_date(today), headline=headline, overview=_overview(headline),
        rules=tuple(rules), rule_chart=rule_chart, agencies=tuple(agencies), agencies_rest=agencies_rest,
        agency_chart=agency_chart, error_reports=tuple(errors), error_reports_more=errors_more,
        unreadable=tuple(unreadable[:MAX_ROWS]), unreadable_more=_more(len(unreadable) - MAX_ROWS, "个文件无法读取"),
        copies=tuple(copies), copies_more=copies_more, hierarchy=tuple(hierarchy), hierarchy_more=hierarchy_more,
        missing_children=tuple(result.missing_children), rollup_sources=len(result.rollup_sources),
        rollup_figures=rollup_figures, rollup_rates=rollup_rates,
        charts=tuple(chart for chart in (rule_chart, agency_chart) if chart is not None),
    )


__all__ = ["TITLE", "TOP_AGENCIES", "AgencyFigures", "BatchSummary", "CopyLine", "ErrorReport", "HierarchyLine",
           "RateLine", "RuleCount", "batch_year", "rate_text", "rule_counts", "shortened", "summary_of",
           "top_agencies"]
