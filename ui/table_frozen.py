"""Frozen header rows and label columns of a table editor, as in the Excel export's panes.

Qt's "frozen column" pattern: views laid over the table's own, sharing its model and selection,
each showing one corner of the grid — the header rows (scrolling sideways with the data), the label
columns (scrolling up and down with it) and the corner above the labels (never scrolling).
They take no focus: the keyboard stays in the table underneath.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFrame, QTableView

from model.layout import TableGrid


class FrozenPane(QTableView):
    """One frozen part of `table`'s grid, drawn over it."""

    def __init__(self, table: QTableView, grid: TableGrid, name: str, accessible: str) -> None:
        super().__init__(table)
        self.table = table
        self.setObjectName(name)
        # A screen reader reads the table itself; the pane is said to be a repeat of part of it.
        self.setAccessibleName(f"{grid.table.name}（{accessible}，随表格滚动时保持可见）")
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        # The widths are computed (ui/table_sizing.py): the style's minimum must not widen a narrow group label.
        self.horizontalHeader().setMinimumSectionSize(1)
        self.verticalHeader().setMinimumSectionSize(1)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setAutoScroll(False)  # the current cell is the table's: the pane must not scroll to it
        for cell in grid.cells:
            if cell.row_span > 1 or cell.column_span > 1:
                self.setSpan(cell.row, cell.column, cell.row_span, cell.column_span)

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Never on its own: the pane scrolls with the table (FrozenPanes.place)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        # The pane never scrolls by itself: the table does, and the pane follows.
        QApplication.sendEvent(self.table.viewport(), event)


class FrozenPanes:
    """The header, label and corner panes of `table`, kept in size and scroll with it."""

    def __init__(self, table: QTableView, grid: TableGrid) -> None:
        self.table = table
        self.grid = grid
        self.header = FrozenPane(table, grid, "frozen-header", "表头") if grid.header_rows else None
        self.labels = FrozenPane(table, grid, "frozen-labels", "行标题") if grid.label_columns else None
        self.corner = (FrozenPane(table, grid, "frozen-corner", "表头左上角")
                       if grid.header_rows and grid.label_columns else None)
        if self.header is not None:
            table.horizontalScrollBar().valueChanged.connect(self.header.horizontalScrollBar().setValue)
        if self.labels is not None:
            table.verticalScrollBar().valueChanged.connect(self.labels.verticalScrollBar().setValue)
        for pane in self.panes():
            pane.show()

    def panes(self) -> list[FrozenPane]:
        return [p for p in (self.header, self.labels, self.corner) if p is not None]

    def header_height(self) -> int:
        return sum(self.table.rowHeight(r) for r in range(self.grid.header_rows))

    def label_width(self) -> int:
        return sum(self.table.columnWidth(c) for c in range(self.grid.label_columns))

    def set_sizes(self, widths: list[int], heights: list[int]) -> None:
        for pane in self.panes():
            for column, width in enumerate(widths):
                pane.setColumnWidth(column, width)
            for row, height in enumerate(heights):
                pane.setRowHeight(row, height)
        self.place()

    def place(self) -> None:
        """Lay the panes over the table's viewport, and scroll them to where the table is."""
        viewport = self.table.viewport().geometry()
        top, left = self.header_height(), self.label_width()
        if self.header is not None:
            self.header.setGeometry(QRect(viewport.x(), viewport.y(), viewport.width(), min(top, viewport.height())))
            self.header.horizontalScrollBar().setValue(self.table.horizontalScrollBar().value())
        if self.labels is not None:
            self.labels.setGeometry(QRect(viewport.x(), viewport.y(), min(left, viewport.width()), viewport.height()))
            self.labels.verticalScrollBar().setValue(self.table.verticalScrollBar().value())
        if self.corner is not None:
            self.corner.setGeometry(QRect(viewport.x(), viewport.y(), min(left, viewport.width()),
                                          min(top, viewport.height())))
            self.corner.raise_()
