"""The list of every finding, errors first; double-click (or Enter) goes to the place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from model.findings import Finding, Severity
from model.report import Report
from ui.document import ReportDocument
from ui.icons import severity_icon

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def location_text(report: Report, finding: Finding) -> str:
    """Where a finding is, in words: "表三 （七）总计 · 自然人", "五、… 第 2 段"; for what an import met,
    also the place in the file it came from (工作表“表三”C7)."""
    place = _report_place(report, finding)
    source = finding.location.source
    return f"{place}（{source}）" if source and source not in place else place


def _report_place(report: Report, finding: Finding) -> str:
    location = finding.location
    template = report.template
    if location.table and template.has_table(location.table):
        table = template.table(location.table)
        if location.row and location.column and table.has_cell(location.row, location.column):
            return table.cell_name(location.row, location.column)
        if location.row and location.row in table.row_ids:
            return f"{table.name} {table.row_name(location.row)}".strip()
        if location.column and location.column in table.column_ids:
            return f"{table.name} {table.column_name(location.column)} 列"
        return table.name
    if location.section == "meta":
        return "基本信息"
    if location.section == "preamble":
        return f"开篇 第 {location.paragraph + 1} 段" if location.paragraph is not None else "开篇"
    if location.section == "document":
        return "全文结构"
    section = report.section(location.section)
    name = section.title if section else location.section
    return f"{name} 第 {location.paragraph + 1} 段" if location.paragraph is not None else name


class FindingsPanel(QWidget):
    findingActivated = Signal(object)

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.summary = QLabel(self)
        self.summary.setContentsMargins(6, 4, 6, 2)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["级别", "位置", "说明", "规则"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.setColumnWidth(1, 260)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        document.findingsChanged.connect(self.show_findings)
        self.show_findings(document.findings)

    def show_findings(self, findings: list[Finding]) -> None:
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        report = self.document.report
        items = []
        for finding in findings:
            item = QTreeWidgetItem([finding.severity.label, location_text(report, finding), finding.message,
                                    finding.rule])
            item.setIcon(0, severity_icon(finding.severity))
            item.setToolTip(2, finding.message)
            item.setData(0, FINDING_ROLE, finding)
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.tree.setUpdatesEnabled(True)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        # Start-up shows the window before the first check has run.
        self.summary.setText(summary_text(errors, len(findings) - errors) if self.document.checked else "正在检查…")

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.findingActivated.emit(item.data(0, FINDING_ROLE))


def summary_text(errors: int, warnings: int) -> str:
    if errors == 0 and warnings == 0:
        return "检查通过：各表勾稽关系平衡，未发现问题"
    if errors == 0:
        return f"各表勾稽关系平衡 · 警告 {warnings}"
    return f"错误 {errors} · 警告 {warnings}"
