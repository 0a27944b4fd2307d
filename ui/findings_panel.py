"""The list of every finding, errors first; double-click (or Enter) goes to the place.

Findings read as words: the column 问题类型 names the rule in Chinese (model/rule_names.py), the rule id
stays in its tooltip. A warning a reviewer has checked can be marked 已核实 with a note (model/signoff.py):
the row is then greyed with a ✓ and the note, and the summary counts it. Errors cannot be marked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtWidgets  # QPushButton through the module: PySide builds it when first used
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.findings import Finding, Severity
from model.locations import describe_location
from model.rule_names import rule_name
from model.signoff import SignOffRefused
from ui.document import ReportDocument
from ui.icons import severity_icon

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
#: The columns, in order.
COLUMN_SEVERITY, COLUMN_PLACE, COLUMN_KIND, COLUMN_MESSAGE, COLUMN_SIGNOFF = range(5)
HEADERS = ["级别", "位置", "问题类型", "说明", "核实"]
SIGNED = "✓ 已核实"
ERROR_REFUSAL = "错误不能标记为已核实：错误说明报告有误，须改正后才能发布"
SIGN_OFF_SHORTCUT = "Ctrl+K"


class FindingsPanel(QWidget):
    findingActivated = Signal(object)

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        #: Asks for a note (finding, the note so far) → the note, or None when cancelled; tests replace it.
        self.ask_note: Callable[[Finding, str], str | None] = self._ask_note
        self.summary = QLabel(self)
        self.summary.setContentsMargins(6, 4, 6, 2)
        # The buttons come with the first check's findings, after the first frame (QPushButton is one
        # more PySide class to build before it: tests/test_startup.py).
        self.sign_off_button: QtWidgets.QPushButton | None = None
        self.unsign_button: QtWidgets.QPushButton | None = None
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setSectionResizeMode(COLUMN_SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_PLACE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_SIGNOFF, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.tree.setColumnWidth(COLUMN_PLACE, 220)
        self.tree.setColumnWidth(COLUMN_SIGNOFF, 160)

        self.sign_off_action = QAction("标记为已核实…", self)
        self.sign_off_action.setShortcut(QKeySequence(SIGN_OFF_SHORTCUT))
        self.sign_off_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.sign_off_action.triggered.connect(lambda: self.sign_off_current())
        self.unsign_action = QAction("取消核实", self)
        self.unsign_action.triggered.connect(self.unsign_current)
        self.addAction(self.sign_off_action)

        self.tree.itemActivated.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_actions())
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self._top = QHBoxLayout()
        self._top.setContentsMargins(0, 0, 4, 0)
        self._top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._top)
        layout.addWidget(self.tree)
        document.findingsChanged.connect(self.show_findings)
        self.show_findings(document.findings)

    def show_findings(self, findings: list[Finding]) -> None:
        if self.document.checked and self.sign_off_button is None:
            self._add_buttons()
        current = self.current_finding()
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        report = self.document.report
        greyed = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        items = []
        current_item: QTreeWidgetItem | None = None
        signed = 0
        for finding in findings:
            name = rule_name(finding.rule)
            signoff = self.document.signoff_for(finding)
            item = QTreeWidgetItem([finding.severity.label, describe_location(report, finding.location), name,
                                    finding.message, f"{SIGNED}：{signoff.note}" if signoff else ""])
            item.setIcon(COLUMN_SEVERITY, severity_icon(finding.severity))
            item.setToolTip(COLUMN_KIND, f"{name}（规则 {finding.rule}）")
            item.setToolTip(COLUMN_MESSAGE, f"{finding.message}\n问题类型：{name}（规则 {finding.rule}）")
            if signoff is not None:
                signed += 1
                item.setToolTip(COLUMN_SIGNOFF, f"已核实：{signoff.note}")
                for column in range(len(HEADERS)):
                    item.setForeground(column, greyed)
            elif finding.severity is Severity.ERROR:
                item.setToolTip(COLUMN_SIGNOFF, ERROR_REFUSAL)
            item.setData(COLUMN_SEVERITY, FINDING_ROLE, finding)
            items.append(item)
            if finding == current:
                current_item = item
        self.tree.addTopLevelItems(items)
        if current_item is not None:  # the same finding stays selected after an edit or a mark
            self.tree.setCurrentItem(current_item)
        self.tree.setUpdatesEnabled(True)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        # Start-up shows the window before the first check has run.
        self.summary.setText(summary_text(errors, len(findings) - errors, signed)
                             if self.document.checked else "正在检查…")
        self._update_actions()

    # --- 已核实 --------------------------------------------------------------------------------

    def _add_buttons(self) -> None:
        self.sign_off_button = QtWidgets.QPushButton("标记为已核实…", self)
        self.unsign_button = QtWidgets.QPushButton("取消核实", self)
        self.sign_off_button.clicked.connect(lambda: self.sign_off_current())
        self.unsign_button.clicked.connect(self.unsign_current)
        self._top.addWidget(self.sign_off_button)
        self._top.addWidget(self.unsign_button)

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(COLUMN_SEVERITY, FINDING_ROLE)

    def sign_off_current(self, note: str | None = None) -> bool:
        """Mark the selected warning 已核实: with `note`, or the note asked for; True if marked."""
        finding = self.current_finding()
        if finding is None or finding.severity is Severity.ERROR:
            return False
        if note is None:
            existing = self.document.signoff_for(finding)
            note = self.ask_note(finding, existing.note if existing else "")
            if note is None:
                return False
        try:
            self.document.sign_off(finding, note)
        except SignOffRefused as refused:
            self.summary.setText(str(refused))
            return False
        return True

    def unsign_current(self) -> None:
        finding = self.current_finding()
        if finding is not None:
            self.document.remove_signoff(finding)

    def _update_actions(self) -> None:
        finding = self.current_finding()
        is_error = finding is not None and finding.severity is Severity.ERROR
        can_sign = finding is not None and not is_error
        signed = finding is not None and self.document.signoff_for(finding) is not None
        tip = ERROR_REFUSAL if is_error else f"核实无误的警告标记为已核实，并写明核实说明（{SIGN_OFF_SHORTCUT}）"
        for widget in (self.sign_off_action, self.sign_off_button):
            if widget is not None:
                widget.setEnabled(can_sign)
                widget.setToolTip(tip)
        for unsign in (self.unsign_action, self.unsign_button):
            if unsign is not None:
                unsign.setEnabled(signed)

    def _context_menu(self, position: QPoint) -> None:
        item = self.tree.itemAt(position)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = self.context_menu()
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def context_menu(self) -> QMenu:
        """The menu of the selected finding: 标记为已核实…, 取消核实 (disabled, with the reason, for an error)."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        menu.addAction(self.sign_off_action)
        menu.addAction(self.unsign_action)
        return menu

    def _ask_note(self, finding: Finding, note: str) -> str | None:
        # The dialog loads when first asked for: QDialog must not be built before the first frame.
        from ui.signoff_dialog import ask_note

        return ask_note(self, finding, note)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.findingActivated.emit(item.data(COLUMN_SEVERITY, FINDING_ROLE))


def summary_text(errors: int, warnings: int, signed: int = 0) -> str:
    """「错误 1 · 警告 5（已核实 2）」; `signed` counts the warnings marked 已核实."""
    if errors == 0 and warnings == 0:
        return "检查通过：各表勾稽关系平衡，未发现问题"
    counted = f"警告 {warnings}" + (f"（已核实 {signed}）" if signed else "")
    if errors == 0:
        return f"各表勾稽关系平衡 · {counted}"
    return f"错误 {errors} · {counted}"
