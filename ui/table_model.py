"""A Qt model of one statistical table laid out like the official form.

The model is the whole printed grid (header rows and label columns included,
see model.layout), so that the view can merge cells with setSpan exactly as
the template does. Only data cells are selectable and editable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from model.cellinput import parse_cell_input
from model.findings import Finding, Severity
from model.layout import GridCell, GridCellKind, table_grid
from model.report import CellKey, Value, format_value
from model.template import Table
from ui.document import ReportDocument
from ui.icons import severity_icon

Index = QModelIndex | QPersistentModelIndex

HEADER_BACKGROUND = QColor("#e8edf4")
ERROR_BACKGROUND = QColor("#f9d6d5")
WARNING_BACKGROUND = QColor("#fff1c2")
COMPUTED_BACKGROUND = QColor("#edf2fa")
COMPUTED_FOREGROUND = QColor("#1f4e8c")
BLANK_BACKGROUND = QColor("#f6f6f6")
PREFILLED_BACKGROUND = QColor("#e9f5ea")
#: A cell an import could not read for certain: unlike every other mark, until the person confirms it.
UNCERTAIN_BACKGROUND = QColor("#dcc6f2")
UNCERTAIN_FOREGROUND = QColor("#4b2a7b")
#: What an uncertain cell's tooltip says first.
UNCERTAIN_TIP = "导入时未能确定，请对照原文核对（输入数值或右键“确认此单元格”即为确认）"
#: The finding an uncertain cell has because it is uncertain: its background says so already.
UNCONFIRMED_RULE = "CELL-UNCONFIRMED"

#: Up to this many changed cells are repainted one by one; more, and the whole grid is.
FEW_CELLS = 40
#: Custom role: the CellKey of a data cell (None for labels).
CELL_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def marked_cells(finding: Finding) -> tuple[tuple[str, str], ...]:
    """The cells an editor marks for a finding: its own cell when it names one
    (the wrong total), else every cell it involves (a column out of balance)."""
    location = finding.location
    if location.row is not None and location.column is not None:
        return ((location.row, location.column),)
    return location.cells


class ReportTableModel(QAbstractTableModel):
    #: A typed value was refused: (CellKey, Chinese reason).
    inputRejected = Signal(object, str)

    def __init__(self, document: ReportDocument, table: Table, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.grid = table_grid(table)
        self._labels: dict[tuple[int, int], GridCell] = {(c.row, c.column): c for c in self.grid.cells}
        self._findings: dict[tuple[str, str], list[Finding]] = {}
        #: Header texts with line breaks the view chose for its column widths (ui/table_sizing.py).
        self._wrapped: dict[tuple[int, int], str] = {}
        self.set_base_font(QFont())
        document.cellsChanged.connect(self._on_cells_changed)
        document.findingsChanged.connect(self._on_findings_changed)
        document.reportReplaced.connect(self._on_report_replaced)
        # Bound methods, not lambdas: Qt drops the connection when this model is deleted.
        document.autoTotalsChanged.connect(self._on_auto_totals_changed)
        self._on_findings_changed(document.findings)

    def set_base_font(self, font: QFont) -> None:
        """The view's font (zoomed): headers and marked cells are drawn in bold or italic variants of it."""
        self._bold = QFont(font)
        self._bold.setBold(True)
        self._italic = QFont(font)
        self._italic.setItalic(True)
        if self.rowCount():
            self._refresh_all()

    def set_wrapped_headers(self, texts: dict[tuple[int, int], str]) -> None:
        """Headers to show broken into lines (by grid position); the others as the template has them."""
        if texts != self._wrapped:
            self._wrapped = dict(texts)
            self._refresh_all()

    # --- geometry ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.grid.row_count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.grid.column_count

    def cell_key(self, index: Index) -> CellKey | None:
        position = self.grid.data_index(index.row(), index.column())
        if position is None:
            return None
        row, column = position
        return (self.table.id, self.table.rows[row].id, self.table.columns[column].id)

    def index_of(self, row_id: str, column_id: str) -> QModelIndex:
        row, column = self.grid.data_position(self.table.row_ids.index(row_id),
                                              self.table.column_ids.index(column_id))
        return self.index(row, column)

    # --- data ---------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        key = self.cell_key(index)
        if key is None:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.document.is_computed(key):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = self.cell_key(index)
        if key is None:
            return self._label_data(index, role)
        return self._cell_data(key, role)

    def _label_data(self, index: Index, role: int) -> Any:
        label = self._labels.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._wrapped.get((index.row(), index.column()), label.text) if label else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEADER_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Row labels read left-aligned; group labels (三、本年度办理结果,
            # （三）不予公开) and headers are centred as on the official form.
            is_leaf_label = (label is not None and label.kind is GridCellKind.LABEL
                             and label.column + label.column_span == self.grid.label_columns)
            if is_leaf_label:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and label and label.kind is GridCellKind.HEADER:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and label and label.kind is GridCellKind.CORNER:
            return label.text
        return None

    def _cell_data(self, key: CellKey, role: int) -> Any:
        value = self.document.report.cells.get(key)
        _table, row_id, column_id = key
        findings = self._findings.get((row_id, column_id), ())
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value) if value is not None else ""
        if role == Qt.ItemDataRole.EditRole:
            return format_value(value) if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(key, value, findings)
        if role == Qt.ItemDataRole.DecorationRole and findings:
            return severity_icon(findings[0].severity)
        if role == Qt.ItemDataRole.ForegroundRole and key in self.document.report.uncertain:
            return QBrush(UNCERTAIN_FOREGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and self.document.is_computed(key):
            return QBrush(COMPUTED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and key in self.document.report.uncertain:
            return self._bold
        if role == Qt.ItemDataRole.FontRole and self.document.is_computed(key):
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, value, findings)
        if role == CELL_KEY_ROLE:
            return key
        return None

    def _background(self, key: CellKey, value: Value, findings: Sequence[Finding]) -> QBrush | None:
        # An error outranks the uncertain mark; the uncertain mark outranks warnings, its own
        # CELL-UNCONFIRMED finding included, so that it stays visible until confirmed.
        others = [f for f in findings if f.rule != UNCONFIRMED_RULE]
        if others and others[0].severity is Severity.ERROR:
            return QBrush(ERROR_BACKGROUND)
        if key in self.document.report.uncertain:
            return QBrush(UNCERTAIN_BACKGROUND)
        if others:
            return QBrush(WARNING_BACKGROUND)
        if self.document.is_computed(key):
            return QBrush(COMPUTED_BACKGROUND)
        if key in self.document.report.prefilled:
            return QBrush(PREFILLED_BACKGROUND)
        return QBrush(BLANK_BACKGROUND) if value is None else None

    def _tooltip(self, key: CellKey, value: Value, findings: Sequence[Finding]) -> str:
        _table, row_id, column_id = key
        lines = [self.table.cell_name(row_id, column_id)]
        if key in self.document.report.uncertain:
            lines.append(UNCERTAIN_TIP)
            reason = self.document.uncertain_reasons.get(key)
            if reason:
                lines.append(f"原因：{reason}")
        if self.document.is_computed(key):
            lines.append("自动合计（由各项之和计算；可在“编辑”菜单关闭自动合计后手动填写）")
        elif value is None:
            lines.append("未填写（空白不等于 0）")
        if key in self.document.report.prefilled:
            lines.append("由上年报告的“结转下年度继续办理”预填，请核对")
        from model.crossyear import prior_value  # loaded by the first check already

        prior = prior_value(self.document.report, key)
        if prior is not None:
            difference = value - prior if value is not None else None
            change = "" if difference is None else \
                f"，变化 {'+' if difference >= 0 else ''}{format_value(difference)}"
            lines.append(f"上年：{format_value(prior)}{change}")
        lines += [f"{f.severity.label}：{f.message}" for f in findings if f.rule != UNCONFIRMED_RULE]
        return "\n".join(lines)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.cell_key(index)
        if key is None or role != Qt.ItemDataRole.EditRole or self.document.is_computed(key):
            return False
        column = self.table.column(key[2])
        parsed = parse_cell_input(str(value), column)
        if not parsed.ok:
            self.inputRejected.emit(key, f"{self.table.cell_name(key[1], key[2])}：{parsed.error}")
            return False
        name = self.table.cell_name(key[1], key[2])
        self.document.set_cells({key: parsed.value}, f"输入 {name}")
        return True

    # --- updates ----------------------------------------------------------------------------

    def _on_cells_changed(self, keys: set[CellKey]) -> None:
        # Cell by cell: a dataChanged over the whole grid makes every view sharing this model (the table
        # and its frozen panes) repaint far more slowly than a few single-cell ones (bench: edit-to-repaint).
        self._refresh_cells([(row, column) for table, row, column in keys if table == self.table.id])

    def _on_findings_changed(self, findings: list[Finding]) -> None:
        marked: dict[tuple[str, str], list[Finding]] = {}
        for finding in findings:  # sorted errors first, so [0] is the worst
            if finding.location.table == self.table.id:
                for cell in marked_cells(finding):
                    marked.setdefault(cell, []).append(finding)
        if marked != self._findings:
            changed = [cell for cell in marked.keys() | self._findings.keys()
                       if marked.get(cell) != self._findings.get(cell)]
            self._findings = marked
            self._refresh_cells(changed)

    def _on_auto_totals_changed(self, _enabled: bool) -> None:
        self._refresh_all()

    def _on_report_replaced(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _refresh_cells(self, cells: list[tuple[str, str]]) -> None:
        """Repaint these data cells (row id, column id): one by one when few, else the whole grid."""
        if len(cells) > FEW_CELLS:
            self._refresh_all()
            return
        try:
            indexes = [self.index_of(row_id, column_id) for row_id, column_id in cells]
        except ValueError:  # a finding naming a cell this table does not have (a foreign file's): all
            self._refresh_all()
            return
        for index in indexes:
            self.dataChanged.emit(index, index)

    def _refresh_all(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def findings_at(self, row_id: str, column_id: str) -> list[Finding]:
        return list(self._findings.get((row_id, column_id), ()))
