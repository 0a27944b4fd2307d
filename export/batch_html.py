"""The batch check's summary as one self-contained web page (main.py batch -o 汇总.html).

The same content as the PDF (export/batch_summary.py), in the same order: inline CSS (with @media
print for A4), the charts as inline SVG with their numbers as tables (export/chart_svg.py), tables with
<th scope>, lang zh-CN, no script, nothing fetched. Every text is escaped: agency names, file names and
shared passages are the users' text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path

from export.batch_summary import BatchSummary, summary_of
from export.chart_svg import chart_figures_html
from model.atomicfile import write_atomic
from model.batch_types import BatchResult

STYLE = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #000;
  max-width: 60em; margin: 0 auto; padding: 1em; line-height: 1.6; }
h1 { font-size: 1.6em; text-align: center; margin-bottom: 0.2em; }
.date { text-align: center; margin-top: 0; }
h2 { font-size: 1.25em; border-bottom: 1px solid #808080; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; }
th, td { border: 1px solid #808080; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
thead th { background: #E8EEF5; }
td.n { text-align: right; white-space: nowrap; }
caption { text-align: left; font-weight: bold; }
figure { margin: 1em 0; }
figcaption { text-align: center; }
.nb-chart-data { width: auto; min-width: 50%; }
@media print {
  @page { size: A4 portrait; margin: 18mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def render_batch_html(result: BatchResult, today: date) -> str:
    """The summary of `result` (made on `today`) as one UTF-8 page; the same input gives the same text."""
    summary = summary_of(result, today)
    body = [
        f"<h1>{_e(summary.title)}</h1>",
        f'<p class="date">汇总日期：{_e(summary.date_text)}</p>',
        "<h2>一、总体情况</h2>",
        f"<p>{_e(summary.overview)}</p>",
        _table(["项目", "数量"], [[label, str(count)] for label, count in summary.headline], numeric={1},
               row_headers=True),
        *_findings(summary), *_agencies(summary), *_lists(summary), *_rollup(summary),
    ]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(summary.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def export_batch_html(result: BatchResult, path: Path) -> None:
    """Write the summary page, made today, to `path` atomically (UTF-8)."""
    write_atomic(path, render_batch_html(result, date.today()).encode("utf-8"))


def _e(text: str) -> str:
    return escape(text, quote=True)


def _p(text: str) -> list[str]:
    return [f"<p>{_e(text)}</p>"] if text else []


def _table(headings: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: frozenset[int] | set[int] = frozenset(),
           row_headers: bool = False, caption: str = "") -> str:
    """A table with column headers (and, with `row_headers`, the first cell of each row a row header)."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headings)
    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{_e(caption)}</caption>")
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in rows:
        cells = []
        for index, text in enumerate(row):
            if index == 0 and row_headers:
                cells.append(f'<th scope="row">{_e(text)}</th>')
            else:
                cells.append(f'<td class="n">{_e(text)}</td>' if index in numeric else f"<td>{_e(text)}</td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _findings(summary: BatchSummary) -> list[str]:
    parts = ["<h2>二、各类问题</h2>"]
    if not summary.rules:
        return [*parts, "<p>未发现问题。</p>"]
    if summary.rule_chart is not None:
        parts.append(chart_figures_html([summary.rule_chart]))
    rows = [[rule.name, str(rule.errors), str(rule.warnings)] for rule in summary.rules]
    parts.append(_table(["问题类型", "有此错误的报告（份）", "有此警告的报告（份）"], rows, numeric={1, 2},
                        row_headers=True, caption="各类问题涉及的报告数（全部）"))
    return parts


def _agencies(summary: BatchSummary) -> list[str]:
    parts = ["<h2>三、主要单位的申请数</h2>"]
    if not summary.agencies:
        return [*parts, *_p(summary.agencies_rest or "没有填写本年新收的报告。")]
    if summary.agency_chart is not None:
        parts.append(chart_figures_html([summary.agency_chart]))
    return [*parts, *_p(summary.agencies_rest)]


def _lists(summary: BatchSummary) -> list[str]:
    parts = ["<h2>四、有错误的报告</h2>"]
    if summary.error_reports:
        rows = [[r.agency, r.file_name, str(r.errors), r.worst] for r in summary.error_reports]
        parts.append(_table(["单位", "文件", "错误", "最主要的问题"], rows, numeric={2}, row_headers=True))
    else:
        parts.append("<p>没有报告有错误。</p>")
    parts += _p(summary.error_reports_more)
    if summary.unreadable:
        parts.append(_table(["文件", "原因"], [list(row) for row in summary.unreadable], row_headers=True,
                            caption="无法读取的文件"))
        parts += _p(summary.unreadable_more)
    parts.append("<h2>五、文字雷同</h2>")
    if summary.copies:
        rows = [[c.agency_a, c.agency_b, c.section, c.share, c.passage] for c in summary.copies]
        parts.append(_table(["单位甲", "单位乙", "部分", "比例", "雷同文字（节选）"], rows, numeric={3}))
    else:
        parts.append("<p>未发现报告之间雷同的文字。</p>")
    parts += _p(summary.copies_more)
    parts.append("<h2>六、上下级核对</h2>")
    if summary.hierarchy:
        rows = [[h.agency, h.severity, h.message] for h in summary.hierarchy]
        parts.append(_table(["上级单位", "级别", "说明"], rows, row_headers=True))
    parts += _p(summary.hierarchy_more)
    if summary.missing_children:
        parts += _p("上下级关系表中没有报告的单位：" + "、".join(summary.missing_children) + "。")
    if not summary.hierarchy and not summary.missing_children:
        parts.append("<p>未发现上下级数据不一致（未提供上下级关系表时不核对）。</p>")
    return parts


def _rollup(summary: BatchSummary) -> list[str]:
    parts = ["<h2>七、汇总数据</h2>"]
    if not summary.rollup_figures:
        return [*parts, "<p>没有可汇总的报告。</p>"]
    parts.append(_table([label for label, _value in summary.rollup_figures],
                        [[value for _label, value in summary.rollup_figures]],
                        numeric=set(range(len(summary.rollup_figures))),
                        caption=f"{summary.rollup_sources} 份报告相加的汇总数据（单位：件）"))
    if summary.rollup_rates:
        rows = [[rate.name, rate.formula, rate.shown] for rate in summary.rollup_rates]
        parts.append(_table(["比率", "计算方法", "汇总值"], rows, numeric={2}, row_headers=True))
        parts.append("<p>分母不足 30 件的比率不计算，显示为「样本不足」。</p>")
    return parts


__all__ = ["export_batch_html", "render_batch_html"]
