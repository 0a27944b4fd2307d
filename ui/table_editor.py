"""The tab of a table section (二, 三, 四): its tables, fitted to the width of the tab.

A section of one table (三, 四) lets the table scroll by itself, its header rows and label columns
frozen; a section of several small tables (二) shows them one under another in a scroll area.
Either way the columns are computed from the width there is, again on every resize, and a message
bar above the tables says what was refused. The view itself is in ui/table_view.py.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from model.findings import Location
from ui.document import ReportDocument
from ui.guide_panel import GuidePanel
from ui.table_message_bar import MessageBar
from ui.table_view import TableView

__all__ = ["TableSectionEditor", "TableView"]

#: Margins around the tables: small, since every pixel of a 1366 px screen is wanted for the columns.
MARGIN = 6


class TableSectionEditor(QWidget):
    """The tab of one table section."""

    #: The cell the keyboard is at changed: (table id, row id, column id) — for a guide panel beside it.
    currentCellChanged = Signal(str, str, str)

    def __init__(self, document: ReportDocument, table_ids: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        outer = QVBoxLayout(self)
        outer.setContentsMargins(MARGIN, MARGIN, MARGIN, 0)
        outer.setSpacing(4)
        self.message_bar = MessageBar(self)
        outer.addWidget(self.message_bar)
        self.views: dict[str, TableView] = {}
        template = document.report.template
        #: Only a section of several tables scrolls as a whole.
        self.scroll_area: QScrollArea | None = None
        if len(table_ids) == 1:
            table = template.table(table_ids[0])
            if table.caption:
                outer.addWidget(self._caption(table.caption, self))
            view = TableView(document, table, self, scrolls=True)
            outer.addWidget(view, 1)
            self.views[table.id] = view
        else:
            self.scroll_area = QScrollArea(self)
            self.scroll_area.setWidgetResizable(True)
            self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
            self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            inner = QWidget(self.scroll_area)
            layout = QVBoxLayout(inner)
            layout.setContentsMargins(0, 0, 0, MARGIN)
            layout.setSpacing(6)
            for table_id in table_ids:
                table = template.table(table_id)
                if table.caption:
                    layout.addWidget(self._caption(table.caption, inner))
                view = TableView(document, table, inner)
                layout.addWidget(view)
                self.views[table_id] = view
            layout.addStretch(1)
            self.scroll_area.setWidget(inner)
            outer.addWidget(self.scroll_area, 1)
        for view in self.views.values():
            view.refused.connect(self.message_bar.show_problem)
            view.selectionModel().currentChanged.connect(
                lambda current, _previous, v=view: self._current_changed(v, current))
        # What the current cell counts and its common mistakes (the guide 填报说明), under the tables.
        self.guide_panel = GuidePanel(self)
        self.guide_panel.setObjectName("guidePanel")
        self.guide_panel.setStyleSheet("#guidePanel { background: #f7f9fc; border-top: 1px solid #d5dce6; }")
        self.guide_panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer.addWidget(self.guide_panel)
        self.currentCellChanged.connect(self._show_guide)
        document.cellsChanged.connect(self._cells_changed)

    @staticmethod
    def _caption(text: str, parent: QWidget) -> QLabel:
        caption = QLabel(text, parent)
        caption.setStyleSheet("font-weight: bold; margin-top: 4px;")
        return caption

    def _current_changed(self, view: TableView, current: QModelIndex) -> None:
        key = view.table_model.cell_key(current)
        if key is not None:
            self.currentCellChanged.emit(*key)

    def _show_guide(self, table_id: str, row_id: str, column_id: str) -> None:
        self.guide_panel.show_cell(self.document.report.template, table_id, row_id, column_id)

    def _cells_changed(self, _keys: object) -> None:
        self.message_bar.hide()  # an edit went through: the refusal before it is history

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_stacked()

    def _fit_stacked(self) -> None:
        """The stacked tables of 二 take the scroll area's width (less a vertical bar, should it come)."""
        if self.scroll_area is None:
            return
        available = self.scroll_area.width() - self.scroll_area.verticalScrollBar().sizeHint().width()
        for view in self.views.values():
            view.fit_to(available - 2 * view.frameWidth())

    def view_for(self, table_id: str) -> TableView | None:
        return self.views.get(table_id)

    def go_to(self, location: Location) -> bool:
        """Scroll to the table `location` names and select its (first) cell; False if it names none here."""
        view = self.view_for(location.table) if location.table else None
        cells = [(location.row, location.column)] if location.row and location.column else list(location.cells)
        if view is None or not cells:
            return False
        if self.scroll_area is None:
            view.select_cell(*cells[0])  # the view scrolls the cell into sight beside its frozen labels
            return True
        area = self.scroll_area
        across = area.horizontalScrollBar().value()
        area.ensureWidgetVisible(view)
        view.select_cell(*cells[0])
        area.horizontalScrollBar().setValue(across)  # a wide table must not scroll its labels away
        inner = area.widget()
        if inner is not None:  # bring the cell's row into sight, vertically only
            rect = view.visualRect(view.currentIndex())
            top = view.viewport().mapTo(inner, rect.topLeft()).y()
            bar, height = area.verticalScrollBar(), area.viewport().height()
            if not bar.value() <= top <= bar.value() + height - rect.height():
                bar.setValue(max(0, top - height // 2))
        return True
