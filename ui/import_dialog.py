"""文件 → 导入 Excel: what the reader found, shown before anything in the report changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.dialog_buttons import ok_cancel_buttons

if TYPE_CHECKING:
    from importing.result import ImportResult


class ImportReportDialog(QDialog):
    """The import report: a summary, every cell that could not be read or placed, the notes.
    Accepting puts the tables into the current report as one undo step."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None, year_conflict: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入 Excel：{result.path.name}")
        summary = QLabel(result.summary(), self)
        summary.setWordWrap(True)
        #: The workbook states another report year than the report it goes into: said before anything changes.
        self.year_warning = QLabel(f"年度不符：{year_conflict}。导入后，这些数字将成为当前年度报告的数字；"
                                   f"请确认选择的是本年度的工作簿。" if year_conflict else "", self)
        self.year_warning.setWordWrap(True)
        self.year_warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.year_warning.setVisible(bool(year_conflict))
        self.problems = QTreeWidget(self)
        self.problems.setRootIsDecorated(False)
        self.problems.setHeaderLabels(["位置", "内容", "原因"])
        self.problems.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for problem in result.problems:
            self.problems.addTopLevelItem(QTreeWidgetItem([problem.where, problem.text, problem.reason]))
        self.problems.setVisible(bool(result.problems))
        notes = QLabel("\n".join(f"注：{note}" for note in result.notes), self)
        notes.setWordWrap(True)
        notes.setVisible(bool(result.notes))
        explain = QLabel("导入后，工作簿中读到的单元格将替换当前报告中对应的单元格（可撤销）；"
                         "未能读取的单元格不会被猜测，请在表格中核对填写。", self)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555;")
        buttons = ok_cancel_buttons(self, "仍然导入" if year_conflict else "导入表格")
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.year_warning)
        layout.addWidget(self.problems, 1)
        layout.addWidget(notes)
        layout.addWidget(explain)
        layout.addWidget(buttons)
        self.resize(860, 480 if result.problems else 220)
