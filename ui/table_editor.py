"""Spreadsheet-like editors for the statistical tables of sections 二, 三 and 四.

Typing starts editing, Enter moves down and Tab right, Delete clears to blank,
Ctrl+C/Ctrl+V copy and paste tab-separated blocks to and from Excel or WPS.
Every change is one step on the document's undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from model.findings import Location
from model.layout import GridCellKind
from model.paste import plan_paste
from model.template import Table
from ui.document import ReportDocument
from ui.table_model import ReportTableModel

DATA_COLUMN_MIN_CHARS = 5
LABEL_COLUMN_MAX_CHARS = 24
GROUP_LABEL_CHARS = 2
#: A one-column header up to this long stays on one line (本年处理决定数量).
HEADER_MAX_CHARS = 8


class TableView(QTableView):
    """One template table; emits `message` (text, is_problem) for the status bar and dialogs."""

    message = Signal(str, bool)
    pasteRejected = Signal(list)

    def __init__(self, document: ReportDocument, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.table_model = ReportTableModel(document, table, self)
        self.setModel(self.table_model)
        self.table_model.inputRejected.connect(lambda _key, text: self.message.emit(text, True))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setAccessibleName(table.name)
        for cell in self.table_model.grid.cells:
            if cell.row_span > 1 or cell.column_span > 1:
                self.setSpan(cell.row, cell.column, cell.row_span, cell.column_span)
        self._fit_columns()
        grid = self.table_model.grid
        # The keyboard starts at the first data cell, but nothing looks selected until the user acts.
        self.selectionModel().setCurrentIndex(self.table_model.index(grid.header_rows, grid.label_columns),
                                              QItemSelectionModel.SelectionFlag.NoUpdate)

    # --- layout ----------------------------------------------------------------------

    def _fit_columns(self) -> None:
        metrics = QFontMetrics(self.font())
        char = metrics.horizontalAdvance("中")
        grid = self.table_model.grid
        widths = [0] * grid.column_count
        for cell in grid.cells:
            if cell.kind is GridCellKind.LABEL:
                last = cell.column + cell.column_span - 1
                if last != grid.label_columns - 1:  # a group label (三、本年度办理结果): narrow, wraps
                    chars = GROUP_LABEL_CHARS if cell.level == 0 else 2 * GROUP_LABEL_CHARS
                    widths[cell.column] = max(widths[cell.column], chars * char + 16)
                elif cell.column_span == 1:  # a leaf label alone in the last label column
                    chars = min(len(cell.text), LABEL_COLUMN_MAX_CHARS)
                    widths[last] = max(widths[last], chars * char + 16)
            elif cell.kind is GridCellKind.HEADER and cell.column_span == 1:
                chars = max(DATA_COLUMN_MIN_CHARS, min(len(cell.text), HEADER_MAX_CHARS))
                widths[cell.column] = max(widths[cell.column], chars * char + 12)
        for column in range(grid.label_columns, grid.column_count):
            widths[column] = max(widths[column], DATA_COLUMN_MIN_CHARS * char + 12)
        if grid.label_columns and not widths[grid.label_columns - 1]:
            widths[grid.label_columns - 1] = 8 * char
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_rows(metrics, widths)

    def _fit_rows(self, metrics: QFontMetrics, widths: list[int]) -> None:
        """Row heights from the labels that occupy one row only: a label spanning
        many rows (三、本年度办理结果) must not make its first row tall."""
        grid = self.table_model.grid
        heights = [metrics.height() + 14] * grid.row_count
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        for cell in grid.cells:
            if cell.row_span != 1:
                continue
            width = sum(widths[cell.column: cell.column + cell.column_span]) - 12
            needed = metrics.boundingRect(0, 0, max(width, 1), 10_000, flags, cell.text).height() + 12
            heights[cell.row] = max(heights[cell.row], needed)
        for row, height in enumerate(heights):
            self.setRowHeight(row, height)

    def natural_size(self) -> tuple[int, int]:
        width = sum(self.columnWidth(c) for c in range(self.model().columnCount())) + 2 * self.frameWidth()
        height = sum(self.rowHeight(r) for r in range(self.model().rowCount())) + 2 * self.frameWidth()
        return width, height

    # --- navigation -------------------------------------------------------------------

    def select_cell(self, row_id: str, column_id: str) -> None:
        index = self.table_model.index_of(row_id, column_id)
        self.setCurrentIndex(index)
        self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        if self.table_model.cell_key(index) is None:
            return self._clamped(index)
        return index

    def _clamped(self, index: QModelIndex) -> QModelIndex:
        grid = self.table_model.grid
        if not index.isValid():
            return self.currentIndex()
        row = min(max(index.row(), grid.header_rows), grid.row_count - 1)
        column = min(max(index.column(), grid.label_columns), grid.column_count - 1)
        return self.table_model.index(row, column)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: move down, like a spreadsheet
            self._move_down()

    def _move_down(self) -> None:
        current = self.currentIndex()
        below = self.table_model.index(current.row() + 1, current.column())
        if self.table_model.cell_key(below) is not None:
            self.setCurrentIndex(below)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clear_selection()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self._move_down()
        else:
            super().keyPressEvent(event)

    # --- uncertain cells (an import could not read them for certain) -------------------------

    def selected_uncertain(self) -> list[tuple[str, str, str]]:
        uncertain = self.document.report.uncertain
        return [key for key in self.selected_keys() if key in uncertain]

    def confirm_selection(self) -> int:
        """Confirm the selected uncertain cells as they are (one undo step); how many were."""
        keys = self.selected_uncertain()
        if not keys:
            return 0
        name = self.table.cell_name(keys[0][1], keys[0][2]) if len(keys) == 1 else f"{len(keys)} 个单元格"
        count = self.document.confirm_cells(keys, f"确认 {name}")
        if count:
            self.message.emit(f"已确认 {name}", False)
        return count

    def confirm_all(self) -> int:
        """Confirm every uncertain cell of the report (one undo step); how many were."""
        count = self.document.confirm_cells(sorted(self.document.report.uncertain), "确认全部导入数字")
        if count:
            self.message.emit(f"已确认全部导入数字（{count} 个单元格）", False)
        return count

    def context_menu(self) -> QMenu:
        """The menu of the selection: 确认此单元格 where it is uncertain, and 确认全部导入数字."""
        menu = QMenu(self)
        selected = len(self.selected_uncertain())
        confirm = menu.addAction("确认此单元格" if selected <= 1 else f"确认选中的 {selected} 个单元格")
        confirm.setEnabled(bool(selected))
        confirm.triggered.connect(self.confirm_selection)
        total = len(self.document.report.uncertain)
        confirm_all = menu.addAction(f"确认全部导入数字（{total} 个）" if total else "确认全部导入数字")
        confirm_all.setEnabled(bool(total))
        confirm_all.triggered.connect(self.confirm_all)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if self.table_model.cell_key(index) is not None and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)  # right-clicking a cell selects it, as in a spreadsheet
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    # --- clipboard and clearing ----------------------------------------------------------

    def selected_keys(self) -> list[tuple[str, str, str]]:
        keys = [self.table_model.cell_key(i) for i in self.selectionModel().selectedIndexes()]
        return [k for k in keys if k is not None]

    def clear_selection(self) -> None:
        keys = [k for k in self.selected_keys() if not self.document.is_computed(k)]
        if keys:
            self.document.set_cells(dict.fromkeys(keys), f"清除 {len(keys)} 个单元格")

    def copy(self) -> None:
        indexes = [i for i in self.selectionModel().selectedIndexes() if self.table_model.cell_key(i)]
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        text = "\n".join(
            "\t".join(self.table_model.data(self.table_model.index(r, c)) or "" for c in columns) for r in rows
        ) + "\n"
        QGuiApplication.clipboard().setText(text)

    def paste(self, text: str | None = None) -> bool:
        """Paste a tab-separated block at the current cell: all of it, or nothing with the reasons."""
        text = QGuiApplication.clipboard().text() if text is None else text
        position = self.table_model.grid.data_index(self.currentIndex().row(), self.currentIndex().column())
        if position is None:
            return False
        plan = plan_paste(self.table, text, *position)
        if plan.errors:
            self.pasteRejected.emit(plan.errors)
            return False
        computed = [k for k in plan.changes if self.document.is_computed(k)]
        changes = {k: v for k, v in plan.changes.items() if k not in computed}
        self.document.set_cells(changes, f"粘贴 {plan.rows}×{plan.columns} 个单元格")
        overridden = [k for k in computed if self.document.report.cells.get(k) != plan.changes[k]]
        if overridden:
            names = "、".join(self.table.cell_name(k[1], k[2]) for k in overridden[:3])
            self.message.emit(f"粘贴的合计与各项之和不一致，已按自动合计填写：{names}"
                              + (f" 等 {len(overridden)} 处" if len(overridden) > 3 else ""), True)
        else:
            self.message.emit(f"已粘贴 {plan.rows} 行 × {plan.columns} 列", False)
        return True


class TableSectionEditor(QScrollArea):
    """The tab of one table section: its tables one under another, each at its natural size."""

    def __init__(self, document: ReportDocument, table_ids: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.views: dict[str, TableView] = {}
        template = document.report.template
        for table_id in table_ids:
            table = template.table(table_id)
            if table.caption:
                caption = QLabel(table.caption, inner)
                caption.setStyleSheet("font-weight: bold; margin-top: 8px;")
                layout.addWidget(caption)
            view = TableView(document, table, inner)
            width, height = view.natural_size()
            view.setFixedSize(width, height)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            layout.addWidget(view)
            self.views[table_id] = view
        layout.addStretch(1)
        self.setWidget(inner)

    def view_for(self, table_id: str) -> TableView | None:
        return self.views.get(table_id)

    def go_to(self, location: Location) -> bool:
        """Scroll to the table `location` names and select its (first) cell; False if it names none here."""
        view = self.view_for(location.table) if location.table else None
        cells = [(location.row, location.column)] if location.row and location.column else list(location.cells)
        if view is None or not cells:
            return False
        across = self.horizontalScrollBar().value()
        self.ensureWidgetVisible(view)
        view.select_cell(*cells[0])
        self.horizontalScrollBar().setValue(across)  # a wide table must not scroll its labels away
        # The table is as tall as its rows, inside this scroll area: bring the cell's row into sight
        # (vertically only, so that the row labels stay in view).
        inner = self.widget()
        if inner is not None:
            rect = view.visualRect(view.currentIndex())
            top = view.viewport().mapTo(inner, rect.topLeft()).y()
            bar, height = self.verticalScrollBar(), self.viewport().height()
            if not bar.value() <= top <= bar.value() + height - rect.height():
                bar.setValue(max(0, top - height // 2))
        return True
