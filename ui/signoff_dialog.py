"""The small dialog that asks for the 核实说明 of a warning being marked 已核实 (ui/findings_panel.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from model.findings import Finding
from model.rule_names import rule_name
from model.signoff import MAX_NOTE_CHARS
from ui.dialog_buttons import ok_cancel_buttons

NOTE_PLACEHOLDER = "谁核实、为什么无误，例如：行政许可大幅增长系机构改革划入（张三核实）"


class SignOffDialog(QDialog):
    """Asks for the 核实说明 of one warning; 确定 only once a note is written."""

    def __init__(self, finding: Finding, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("标记为已核实")
        message = QLabel(f"{rule_name(finding.rule)}：{finding.message}", self)
        message.setWordWrap(True)
        self.note_edit = QLineEdit(note, self)
        self.note_edit.setPlaceholderText(NOTE_PLACEHOLDER)
        self.note_edit.setMaxLength(MAX_NOTE_CHARS)
        self.note_edit.setMinimumWidth(420)
        label = QLabel("核实说明（由谁核实、为什么这样是正确的）：", self)
        label.setBuddy(self.note_edit)
        self.buttons = ok_cancel_buttons(self, "标记为已核实")
        self.note_edit.textChanged.connect(self._note_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addSpacing(6)
        layout.addWidget(label)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.buttons)
        self._note_changed(note)

    def note(self) -> str:
        return self.note_edit.text().strip()

    def _note_changed(self, text: str) -> None:
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(bool(text.strip()))


def ask_note(parent: QWidget, finding: Finding, note: str) -> str | None:
    """The note for `finding` from a SignOffDialog; None when cancelled."""
    dialog = SignOffDialog(finding, note, parent)
    return dialog.note() if dialog.exec() == QDialog.DialogCode.Accepted else None
