"""The spreadsheet-like view of one statistical table (sections 二, 三 and 四).

Typing starts editing, Enter moves down and Tab right, Delete clears to blank,
Ctrl+C/Ctrl+V copy and paste tab-separated blocks to and from Excel or WPS.
Every change is one step on the document's undo stack. What is refused — 「9件」,
typing into an automatic total, a paste that does not fit — is said at the cell.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from model.paste import PastePlan, PasteProblem, plan_paste
from model.template import Table
from ui.document import ReportDocument
from ui.table_frozen import FrozenPanes
from ui.table_message_bar import CellCallout
from ui.table_model import ReportTableModel
from ui.table_sizing import column_widths, header_texts, row_heights

#: How long a refusal's tooltip stays at the cell.
REFUSAL_TIP_MS = 8000


class TableView(QTableView):
    """One template table; emits `message` (text, is_problem) for the status bar, `refused` (text)
    for what the user tried and could not do here, and `pasteRejected` (the PastePlan) for dialogs."""

    message = Signal(str, bool)
    refused = Signal(str)
    pasteRejected = Signal(object)

    def __init__(self, document: ReportDocument, table: Table, parent: QWidget | None = None,
                 scrolls: bool = False) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        #: Whether the view scrolls itself (its headers and labels frozen) or is shown at its natural size.
        self.scrolls = scrolls
        self.frozen: FrozenPanes | None = None  # Qt calls updateGeometries() from setModel already
        self._available = 0
        self.table_model = ReportTableModel(document, table, self)
        self.setModel(self.table_model)
        self.table_model.inputRejected.connect(lambda key, text: self.refuse(text, key))
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
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # The widths are computed (ui/table_sizing.py): the style's minimum must not widen a narrow group label.
        self.horizontalHeader().setMinimumSectionSize(1)
        self.verticalHeader().setMinimumSectionSize(1)
        grid = self.table_model.grid
        for cell in grid.cells:
            if cell.row_span > 1 or cell.column_span > 1:
                self.setSpan(cell.row, cell.column, cell.row_span, cell.column_span)
        self.frozen = FrozenPanes(self, grid) if scrolls else None
        if scrolls:
            # The width is reserved for the vertical bar, so that its coming and going never refits.
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        else:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        #: The last refusal said at a cell, and where it is said.
        self.last_refusal = ""
        self.callout = CellCallout(self.viewport())
        self.fit_to(800)
        # The keyboard starts at the first data cell, but nothing looks selected until the user acts.
        self.selectionModel().setCurrentIndex(self.table_model.index(grid.header_rows, grid.label_columns),
                                              QItemSelectionModel.SelectionFlag.NoUpdate)

    # --- layout ----------------------------------------------------------------------

    def fit_to(self, available: int) -> None:
        """Column widths for `available` pixels of table (labels wrap to fit), and row heights to match."""
        self._available = available
        metrics = QFontMetrics(self.font())
        grid = self.table_model.grid
        widths = column_widths(grid, metrics, available)
        wrapped = header_texts(grid, metrics, widths)
        self.table_model.set_wrapped_headers(wrapped)
        heights = row_heights(grid, metrics, widths, wrapped)
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        for row, height in enumerate(heights):
            self.setRowHeight(row, height)
        if self.frozen is not None:
            self.frozen.set_sizes(widths, heights)
        else:
            width, height = self.natural_size()
            self.setFixedSize(width, height)

    def available_width(self) -> int:
        """The width the columns may take when this view scrolls itself."""
        return self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()

    def natural_size(self) -> tuple[int, int]:
        width = sum(self.columnWidth(c) for c in range(self.model().columnCount())) + 2 * self.frameWidth()
        height = sum(self.rowHeight(r) for r in range(self.model().rowCount())) + 2 * self.frameWidth()
        return width, height

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.scrolls and event.size().width() != event.oldSize().width():
            self.fit_to(self.available_width())
        if self.frozen is not None:
            self.frozen.place()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self.frozen is not None:
            self.frozen.place()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoom: the labels wrap anew
            self.table_model.set_base_font(self.font())
            self.fit_to(self.available_width() if self.scrolls else self._available)

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Bring a cell into view beside its frozen labels and under its frozen headers, not behind them."""
        if self.frozen is None or self.table_model.cell_key(index) is None:
            super().scrollTo(index, hint)
            return
        self.executeDelayedItemsLayout()  # row heights just set (a refit) must be in the scroll range
        self.updateGeometries()
        rect = self.visualRect(self.table_model.index(index.row(), index.column()))
        viewport = self.viewport().rect()
        left, top = self.frozen.label_width(), self.frozen.header_height()
        across, down = self.horizontalScrollBar(), self.verticalScrollBar()
        if rect.left() < left:
            across.setValue(across.value() - (left - rect.left()))
        elif rect.right() > viewport.right():
            across.setValue(across.value() + min(rect.right() - viewport.right(), rect.left() - left))
        if rect.top() < top:
            down.setValue(down.value() - (top - rect.top()))
        elif rect.bottom() > viewport.bottom():
            down.setValue(down.value() + min(rect.bottom() - viewport.bottom(), rect.top() - top))

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
        self.callout.hide()  # the next key is the next attempt: the last refusal is answered
        editing = self.state() == self.State.EditingState
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing:
            self.clear_selection()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self._move_down()
        elif not editing and self._types_into_a_total(event):
            self._refuse_total()
        else:
            super().keyPressEvent(event)

    def _types_into_a_total(self, event: QKeyEvent) -> bool:
        key = self.table_model.cell_key(self.currentIndex())
        typed = (event.text().isprintable() and bool(event.text().strip())) or event.key() == Qt.Key.Key_F2
        no_command = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        return key is not None and typed and bool(no_command) and self.document.is_computed(key)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        key = self.table_model.cell_key(index)
        if key is not None and self.document.is_computed(key):
            self.setCurrentIndex(index)
            self._refuse_total()
            return
        super().mouseDoubleClickEvent(event)

    def _refuse_total(self) -> None:
        key = self.table_model.cell_key(self.currentIndex())
        if key is not None:
            self.refuse(f"{self.table.cell_name(key[1], key[2])}是自动合计，由各项之和计算，不能直接输入；"
                        "如需手动填写，请先在“编辑”菜单中关闭“自动合计”", key)

    def refuse(self, text: str, key: tuple[str, str, str] | None = None) -> None:
        """Say at the cell (a callout), above the table (`refused`) and in the status bar why nothing changed."""
        self.last_refusal = text
        index = self.table_model.index_of(key[1], key[2]) if key is not None else self.currentIndex()
        self.callout.show_at(self.visualRect(index), text, REFUSAL_TIP_MS)
        self.refused.emit(text)
        self.message.emit(text, True)

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
            self.refuse(refusal_text(plan))
            self.pasteRejected.emit(plan)
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


#: A refused paste's reasons shown at the cell and in the bar: the rest are in the dialog.
REFUSAL_REASONS = 3


def refusal_text(plan: PastePlan) -> str:
    """The headline of a refused paste and, for bad values, the first reasons."""
    text = f"无法粘贴：{plan.headline}"
    if plan.problem is PasteProblem.BAD_VALUES:
        reasons = plan.errors[:REFUSAL_REASONS]
        text += "：\n" + "\n".join(reasons)
        if len(plan.errors) > REFUSAL_REASONS:
            text += f"\n……共 {len(plan.errors)} 处"
    return text
