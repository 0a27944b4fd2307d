"""A thin coloured bar above a table that says why an input or a paste was refused.

Where the user is looking, unlike the status bar; it stays until closed or until the next edit.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

PROBLEM_STYLE = "QFrame#table-message-bar { background: #fdecea; border: 1px solid #e6a19b; border-radius: 3px; }"


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("table-message-bar")
        self.setStyleSheet(PROBLEM_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setStyleSheet("color: #8c1d18;")
        layout.addWidget(self.label, 1)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setToolTip("关闭提示")
        self.close_button.setAccessibleName("关闭提示")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName("提示")
        self.hide()

    def show_problem(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()


class CellCallout(QLabel):
    """A tooltip-like note drawn inside the table at a cell: what was refused there.

    A child widget, not a QToolTip window, so that it stays with the table (and works offscreen)."""

    MAX_WIDTH = 380

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("cell-callout")
        self.setWordWrap(True)
        self.setStyleSheet("QLabel#cell-callout { background: #fff8e1; color: #5f370e; border: 1px solid #c98a1b;"
                           " border-radius: 3px; padding: 4px 6px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_at(self, cell: QRect, text: str, milliseconds: int) -> None:
        """Show `text` just below `cell` (in the parent's coordinates), inside the parent."""
        parent = self.parentWidget()
        assert parent is not None, "made with the table's viewport as its parent"
        self.setText(text)
        self.setFixedWidth(min(self.MAX_WIDTH, max(160, parent.width() - 8)))
        self.adjustSize()
        area = parent.rect()
        x = min(max(0, cell.left()), max(0, area.width() - self.width()))
        y = cell.bottom() + 2
        if y + self.height() > area.height():  # no room below: above the cell
            y = max(0, cell.top() - self.height() - 2)
        self.move(x, y)
        self.show()
        self.raise_()
        self._timer.start(milliseconds)
