"""新建报告: a blank report of a chosen year and agency, with the template's sections in place."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from model.report import AgencyKind, Metadata, Report
from model.templates import template_for_report_year
from ui.dialog_buttons import ok_cancel_buttons


class NewReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, agency: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        self.agency = QLineEdit(agency, self)
        self.agency.setPlaceholderText("如：枣庄市行政审批服务局")
        self.agency.setMinimumWidth(320)
        self.year = QSpinBox(self)
        self.year.setRange(2019, 2100)
        self.year.setValue(date.today().year - 1)  # in January one reports on last year
        self.year.setSuffix(" 年度")
        self.kind = QComboBox(self)
        for kind in AgencyKind:
            self.kind.addItem(kind.label, kind)
        self.template_note = QLabel(self)
        self.template_note.setStyleSheet("color: #555;")
        self.year.valueChanged.connect(self._update_note)
        form = QFormLayout()
        form.addRow("机关全称：", self.agency)
        form.addRow("报告年度：", self.year)
        form.addRow("机关类型：", self.kind)
        form.addRow("", self.template_note)
        buttons = ok_cancel_buttons(self, "新建")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_note()

    def _update_note(self) -> None:
        template = template_for_report_year(self.year.value())
        self.template_note.setText(f"将使用 {template.year} 年版格式（{template.source}）")

    def report(self) -> Report:
        meta = Metadata(agency=self.agency.text().strip(), year=self.year.value(), kind=self.kind.currentData())
        return Report.blank(meta)
