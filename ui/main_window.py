"""The main window. Until the editor lands (issue #3) it shows the report read-only."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QTextBrowser

from model import APP_NAME
from model.checks import check_report
from model.checks import format_value as cell_text
from model.findings import Finding, Severity, sort_findings
from model.report import Report


class MainWindow(QMainWindow):
    def __init__(self, report: Report | None, path: Path | None) -> None:
        super().__init__()
        self.report = report
        self.path = path
        self.setWindowTitle(f"{path.name} — {APP_NAME}" if path else APP_NAME)
        self.resize(1100, 760)
        self.view = QTextBrowser(self)
        self.setCentralWidget(self.view)
        self.status = QLabel(self)
        self.statusBar().addPermanentWidget(self.status)
        self.findings: list[Finding] = []
        self.refresh()

    def refresh(self) -> None:
        if self.report is None:
            self.view.setHtml("<p>未打开报告。</p>")
            self.status.setText("")
            return
        self.findings = sort_findings(check_report(self.report))
        errors = sum(f.severity is Severity.ERROR for f in self.findings)
        warnings = len(self.findings) - errors
        self.status.setText(f"错误 {errors} · 警告 {warnings}" if self.findings else "报告勾稽关系平衡，未发现问题")
        self.view.setHtml(report_overview_html(self.report, self.findings))


def report_overview_html(report: Report, findings: list[Finding]) -> str:
    """A read-only rendering: title, narrative, every table as a plain grid, the findings."""
    e = html.escape
    template = report.template
    parts = [f"<h2 align='center'>{e(report.title)}</h2>"]
    parts += [f"<p>{e(p)}</p>" for p in report.preamble]
    known = {s.id for s in template.sections}
    for section in report.sections:
        parts.append(f"<h3>{e(section.title)}</h3>")
        parts += [f"<p>{e(p)}</p>" for p in section.paragraphs]
        for table_id in template.section(section.id).tables if section.id in known else ():
            table = template.table(table_id)
            header = "".join(f"<th>{e(table.column_name(c))}</th>" for c in table.column_ids)
            rows = "".join(
                f"<tr><td>{e(table.row_name(r))}</td>"
                + "".join(f"<td align='center'>{cell_text(report.value(table.id, r, c))}</td>"
                          for c in table.column_ids) + "</tr>"
                for r in table.row_ids)
            parts.append(f"<p><b>{e(table.caption or table.name)}</b></p>"
                         f"<table border='1' cellspacing='0' cellpadding='3'><tr><th></th>{header}</tr>{rows}</table>")
    if findings:
        parts.append("<h3>检查结果</h3><ul>")
        parts += [f"<li>[{f.severity.label}] {e(f.message)}</li>" for f in findings]
        parts.append("</ul>")
    return "".join(parts)
