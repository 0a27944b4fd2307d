"""A few lines of the guide 填报说明 for the table cell being edited, shown beside the table editors.

Self-contained: `show_cell` with the template and the cell's ids, `clear` when no cell is current. Its
「完整说明」 link opens the whole guide (ui/guide_dialog.py) at the cell's row."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from model.guide import CellGuide, GuideEntry, guide_for_cell
from model.template import Template

#: Most common mistakes shown in the panel; the rest are in the full guide.
MAX_MISTAKES = 2
FULL_GUIDE_LINK = "guide:full"
EMPTY_TEXT = "选中表格中的单元格，这里显示该行、该列应填写什么及常见错误。"


class GuidePanel(QWidget):
    #: The user asked for the full guide at this anchor (after the panel has opened it).
    fullGuideRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide-panel")
        self.template: Template | None = None
        self.cell: CellGuide | None = None
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.text.linkActivated.connect(self._link_activated)
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text)
        self.clear()

    def show_cell(self, template: Template, table_id: str, row_id: str, column_id: str) -> None:
        """Show what the guide says about one cell: its row, its column, their most common mistakes."""
        self.template = template
        self.cell = guide_for_cell(template, table_id, row_id, column_id)
        self.text.setText(panel_html(self.cell))
        self.setToolTip(self.cell.cell_name)

    def clear(self) -> None:
        self.cell = None
        self.text.setText(f"<span style='color:#666'>{EMPTY_TEXT}</span>")
        self.setToolTip("")

    def plain_text(self) -> str:
        """What the panel shows, without markup (for tests and screen readers)."""
        document = QTextDocument()
        document.setHtml(self.text.text())
        return document.toPlainText()

    def _link_activated(self, link: str) -> None:
        if link != FULL_GUIDE_LINK or self.cell is None or self.template is None:
            return
        from ui.guide_dialog import show_guide

        show_guide(self.window(), self.cell.anchor, self.template)
        self.fullGuideRequested.emit(self.cell.anchor)


def _line(title: str, entry: GuideEntry) -> str:
    return f"<b>{html.escape(title)}</b>：{html.escape(entry.what)}"


def panel_html(cell: CellGuide) -> str:
    """The panel's text for one cell: about four lines and a link to the full guide."""
    lines = [_line(f"行 {cell.row_label}", cell.row), _line(f"列 {cell.column_label}", cell.column)]
    mistakes = [*cell.row.mistakes, *cell.column.mistakes][:MAX_MISTAKES]
    if mistakes:
        # Joined by 「；」, so each item's own closing 「。」 goes (no 「。；」), and one ends the line.
        items = "；".join(html.escape(m.rstrip("。；")) for m in mistakes)
        lines.append(f"<span style='color:#8a4b00'>常见错误：{items}。</span>")
    # The link ends the last line rather than taking one of its own: a 768 px screen has few to spare.
    lines[-1] += f"　<a href='{FULL_GUIDE_LINK}'>完整说明…</a>"
    return "<br>".join(lines)
