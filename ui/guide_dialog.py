"""帮助 → 填报说明 (F1): the whole guide of the report's template year as one page, beside the editor.

Non-modal, one per main window: F1 again brings it forward at the entry of the cell being edited."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from model.guide import PREAMBLE_ANCHOR, anchor_for, guide_html, section_anchor
from model.template import Template
from model.templates import CURRENT

#: The page's text is read for minutes at a time: never smaller than this.
MIN_POINT_SIZE = 11


class GuideDialog(QDialog):
    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide-dialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setModal(False)
        self.template = template
        #: The anchor the page was last opened at ("" for the top).
        self.current_anchor = ""
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("在说明中查找，如：部分公开、上年结转、信息处理费")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.search.textChanged.connect(self._search_changed)
        find_button = QPushButton("查找下一个", self)
        find_button.setAutoDefault(False)
        find_button.clicked.connect(self.find_next)
        self.search_status = QLabel(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        font = QFont(self.browser.font())
        font.setPointSize(max(font.pointSize(), MIN_POINT_SIZE))
        self.browser.setFont(font)
        self.browser.document().setDefaultFont(font)
        search_row = QHBoxLayout()
        search_label = QLabel("查找(&S)：", self)
        search_label.setBuddy(self.search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(find_button)
        search_row.addWidget(self.search_status)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.browser, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindNext), self, self.find_next)
        self.set_template(template)
        self._fit_screen()

    def set_template(self, template: Template) -> None:
        """Show the guide of `template`'s year (the report may have changed year since)."""
        self.template = template
        self.setWindowTitle(f"填报说明（{template.year} 年版模板）")
        self.browser.setHtml(guide_html(template))

    def open_at(self, anchor: str | None) -> None:
        """Scroll to `anchor` (an entry of `guide_html`), or to the top."""
        self.current_anchor = anchor or ""
        self._scroll_to_current()
        # A window shown a moment ago is laid out by the event loop: scroll again once it has been.
        QTimer.singleShot(0, self.browser, self._scroll_to_current)

    def _scroll_to_current(self) -> None:
        if self.current_anchor:
            self.browser.scrollToAnchor(self.current_anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def find_next(self) -> bool:
        """Select the next occurrence of the search text, wrapping at the end; False when there is none."""
        text = self.search.text().strip()
        if not text:
            self.search_status.clear()
            return False
        found = self.browser.find(text)
        if not found:  # wrap round to the top
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        self.search_status.setText(f"共 {self._count(text)} 处" if found else "未找到")
        return found

    def _count(self, text: str) -> int:
        document: QTextDocument = self.browser.document()
        count, cursor = 0, document.find(text)
        while not cursor.isNull():
            count += 1
            cursor = document.find(text, cursor)
        return count

    def _search_changed(self, _text: str) -> None:
        self.search_status.clear()

    def _fit_screen(self) -> None:
        """About 900 × 640, never more than the screen leaves beside the taskbar (1366 × 768 included)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 900, 640
        if available is not None:
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.85))
        self.resize(width, height)


def current_cell_anchor(window: QWidget) -> str | None:
    """The guide's anchor for what is being edited in `window`: the current cell's row of the table that has
    the focus (or of the tab's only table), else the current tab's section, else None (the top)."""
    current_editor = getattr(window, "current_editor", None)
    editor = current_editor() if callable(current_editor) else None
    views = getattr(editor, "views", None)
    if isinstance(views, dict) and views:
        focused = QApplication.focusWidget()
        candidates = [v for v in views.values() if focused is not None and (v is focused or v.isAncestorOf(focused))]
        if not candidates and len(views) == 1:
            candidates = list(views.values())
        for view in candidates:
            key = view.table_model.cell_key(view.currentIndex())
            if key is not None:
                table_id, row_id, _column_id = key
                return anchor_for(table_id, row_id)
        return anchor_for(next(iter(views)))
    section = getattr(editor, "section_id", None)
    if section == "preamble":
        return PREAMBLE_ANCHOR
    return section_anchor(section) if isinstance(section, str) else None


def _report_template(window: QWidget) -> Template:
    document = getattr(window, "document", None)
    report = getattr(document, "report", None)
    template = getattr(report, "template", None)
    return template if isinstance(template, Template) else CURRENT


def show_guide(window: QWidget, anchor: str | None = None, template: Template | None = None) -> GuideDialog:
    """Show (creating it once per window) the guide of the window's report, at `anchor` or the top."""
    template = template or _report_template(window)
    dialog = window.findChild(GuideDialog, "guide-dialog", Qt.FindChildOption.FindDirectChildrenOnly)
    if dialog is None:
        dialog = GuideDialog(template, window)
    elif dialog.template is not template:
        dialog.set_template(template)
    dialog.show()
    # The offscreen platform (tests, headless runs) stacks no windows and warns when asked to.
    if QGuiApplication.platformName() != "offscreen":
        dialog.raise_()
        dialog.activateWindow()
    dialog.open_at(anchor)
    return dialog
