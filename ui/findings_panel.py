"""The list of every finding, errors first; double-click (or Enter) goes to the place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from model.findings import Finding, Severity
from model.locations import describe_location
from ui.document import ReportDocument
from ui.icons import severity_icon

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


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
            item = QTreeWidgetItem([finding.severity.label, describe_location(report, finding.location),
                                    finding.message, finding.rule])
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
