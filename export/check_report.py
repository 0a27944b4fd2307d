"""检查报告: the findings of a report at the moment it is published, as one small web page.

Part of the publishing bundle (export/bundle.py): it tells the website team and the supervising
office what the checks said when the files were made — nothing, or the warnings someone decided
to publish with, and which of them a reviewer marked 已核实 and why (model/signoff.py). A self-contained
page (styles inline, no script), like the report's own page, and
deterministic: the same report and findings give the same bytes (no clock), so that the bundle's
checksums repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from model import __version__
from model.drawn_text import clean_text, title_text
from model.findings import Finding, Severity, sort_findings
from model.locations import describe_location
from model.report import Report
from model.rule_names import rule_name
from model.signoff import signoff_for

_STYLE = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif;
       color: #1a1a1a; background: #fff; line-height: 1.6; margin: 0 auto; padding: 1rem; max-width: 60rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 1.5rem; }
.table-box { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #595959; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.error { color: #a00000; font-weight: bold; } .warning { color: #6b4c00; }
"""


def render_check_report(report: Report, findings: Sequence[Finding]) -> bytes:
    """The page (UTF-8) listing `findings` of `report`, errors first, each with its rule and place."""
    title = title_text(report) or "政府信息公开工作年度报告"
    ordered = sort_findings(list(findings))
    errors = sum(1 for f in ordered if f.severity is Severity.ERROR)
    warnings = len(ordered) - errors
    signoffs = [signoff_for(report, f) for f in ordered]
    signed = sum(s is not None for s in signoffs)
    counted = f"警告 {warnings} 项" + (f"（其中已核实 {signed} 项）" if signed else "")
    summary = ("未发现错误或警告。" if not ordered
               else f"错误 {errors} 项，{counted}。" + ("" if errors else "没有错误。"))
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>检查报告：{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>检查报告</h1>",
        f"<p>报告：{escape(title)}</p>",
        f"<p>检查工具：年报编制助手 nianbao {escape(__version__)}，"
        f"模板：{report.template.year} 年版（{escape(report.template.source)}）。</p>",
        f"<p>{summary}</p>",
    ]
    if ordered:
        out += [
            "<h2>检查结果</h2>",
            '<div class="table-box" role="region" aria-labelledby="findings-caption" tabindex="0">',
            "<table>",
            '<caption id="findings-caption">检查发现的问题</caption>',
            '<thead><tr><th scope="col">序号</th><th scope="col">类别</th><th scope="col">问题类型（规则）</th>'
            '<th scope="col">位置</th><th scope="col">说明</th><th scope="col">核实</th></tr></thead>',
            "<tbody>",
        ]
        for number, (finding, signoff) in enumerate(zip(ordered, signoffs, strict=True), start=1):
            css = "error" if finding.severity is Severity.ERROR else "warning"
            place = describe_location(report, finding.location)
            checked = f"已核实：{escape(clean_text(signoff.note))}" if signoff else ""
            out.append(f'<tr><td>{number}</td><td class="{css}">{finding.severity.label}</td>'
                       f"<td>{escape(rule_name(finding.rule))}（{escape(finding.rule)}）</td>"
                       f"<td>{escape(clean_text(place))}</td>"
                       f"<td>{escape(clean_text(finding.message))}</td><td>{checked}</td></tr>")
        out += ["</tbody>", "</table>", "</div>"]
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
