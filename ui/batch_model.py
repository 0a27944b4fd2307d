"""The batch window's tables as Qt models: one row per report file, one per copied section.

The rows are the BatchResult's own (model/batch_types.py); these models only say how each is shown
and sorted. Sorting goes by `SORT_ROLE` — numbers as numbers, a blank figure below every number —
and the report table's proxy filters by text (file, agency, worst message) and by what was found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from model.batch_types import BatchReport, CopyPair, KeyFigures, Rate
from model.report import Value, format_value

#: What the proxies sort by (Qt's DisplayRole would sort 「10」 before 「9」).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The BatchReport (or CopyPair) of a row, for the window.
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
ERROR_COLOUR = QColor("#b3261e")
LATE_COLOUR = QColor("#9a5b00")
UNREADABLE_BACKGROUND = QColor("#fbeaea")
ModelIndex = QModelIndex | QPersistentModelIndex

#: The key figures' columns: (KeyFigures field, header).
FIGURE_COLUMNS = (("received", "本年新收"), ("carried_in", "上年结转"), ("results_total", "（七）总计"),
                  ("carried_out", "结转下年度"), ("reviews", "行政复议"), ("lawsuits", "行政诉讼"))


def _figure(figures: KeyFigures, name: str) -> Value:
    value: Value = getattr(figures, name)
    return value


def _blank_last(value: Value) -> tuple[int, float]:
    """Sorts blank below 0 in ascending order, numbers by value."""
    return (0, 0.0) if value is None else (1, float(value))


def _date_text(entry: BatchReport, which: str) -> str:
    value = getattr(entry, which)
    return f"{value:%Y-%m-%d}" if value is not None else ""


#: The report table's columns: header, the text shown, the sort key.
Column = tuple[str, Callable[[BatchReport], str], Callable[[BatchReport], Any]]
REPORT_COLUMNS: tuple[Column, ...] = (
    ("文件", lambda e: Path(e.file).name, lambda e: Path(e.file).name),
    ("机关", lambda e: e.agency if e.unreadable is None else "（无法读取）", lambda e: e.agency),
    ("类型", lambda e: e.kind, lambda e: e.kind),
    ("年度", lambda e: "" if e.year is None else str(e.year), lambda e: e.year or 0),
    ("模板", lambda e: "" if e.template is None else f"{e.template} 版", lambda e: e.template or 0),
    ("错误", lambda e: "" if e.unreadable else str(e.errors), lambda e: -1 if e.unreadable else e.errors),
    ("警告", lambda e: "" if e.unreadable else str(e.warnings), lambda e: -1 if e.unreadable else e.warnings),
    *((header, (lambda e, n=name: "" if e.unreadable else format_value(_figure(e.figures, n))),
       (lambda e, n=name: _blank_last(_figure(e.figures, n)))) for name, header in FIGURE_COLUMNS),
    ("发布日期", lambda e: _date_text(e, "published"), lambda e: _date_text(e, "published")),
    ("公布期限", lambda e: _date_text(e, "deadline") + ("（逾期）" if e.late else ""),
     lambda e: _date_text(e, "deadline")),
    ("上年报告", lambda e: Path(e.prior_file).name if e.prior_file else "", lambda e: e.prior_file or ""),
    ("最主要的问题", lambda e: e.unreadable or (e.worst.message if e.worst else ""),
     lambda e: e.unreadable or (e.worst.message if e.worst else "")),
)
HEADERS = tuple(header for header, _text, _key in REPORT_COLUMNS)
FILE_COLUMN, AGENCY_COLUMN = HEADERS.index("文件"), HEADERS.index("机关")
ERRORS_COLUMN, DEADLINE_COLUMN = HEADERS.index("错误"), HEADERS.index("公布期限")
WORST_COLUMN = HEADERS.index("最主要的问题")
#: Right-aligned: the counts and the key figures.
NUMBER_COLUMNS = frozenset(range(ERRORS_COLUMN, HEADERS.index("发布日期")))


class ReportTableModel(QAbstractTableModel):
    """One row per file of the batch."""

    def __init__(self, entries: Sequence[BatchReport] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[BatchReport] = list(entries)

    def set_entries(self, entries: Sequence[BatchReport]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[BatchReport]:
        return list(self._entries)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(REPORT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return REPORT_COLUMNS[section][0]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry, column = self._entries[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return REPORT_COLUMNS[column][1](entry)
        if role == SORT_ROLE:
            return REPORT_COLUMNS[column][2](entry)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if (column == ERRORS_COLUMN and entry.errors) or (column == AGENCY_COLUMN and entry.unreadable):
                return QBrush(ERROR_COLOUR)
            if column == DEADLINE_COLUMN and entry.late:
                return QBrush(LATE_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole and entry.unreadable:
            return QBrush(UNREADABLE_BACKGROUND)
        return None

    @staticmethod
    def _tooltip(entry: BatchReport, column: int) -> str:
        if column == FILE_COLUMN:
            return entry.file
        if entry.unreadable:
            return entry.unreadable
        if column == WORST_COLUMN and entry.worst is not None:
            more = len(entry.findings) - 1
            return entry.worst.message + (f"\n（另有 {more} 项，双击打开报告查看）" if more else "")
        return ""


class Shown(Enum):
    """Which reports the table shows."""

    ALL = "全部报告"
    ERRORS = "有错误的"
    WARNINGS = "只有警告的"
    CLEAN = "没有问题的"
    UNREADABLE = "无法读取的"
    LATE = "逾期发布的"
    WITH_PRIOR = "已关联上年报告的"

    def accepts(self, entry: BatchReport) -> bool:
        readable = entry.unreadable is None
        return {
            Shown.ALL: True,
            Shown.ERRORS: readable and entry.errors > 0,
            Shown.WARNINGS: readable and entry.errors == 0 and entry.warnings > 0,
            Shown.CLEAN: readable and not entry.findings,
            Shown.UNREADABLE: not readable,
            Shown.LATE: entry.late,
            Shown.WITH_PRIOR: entry.prior_file is not None,
        }[self]


class ReportFilter(QSortFilterProxyModel):
    """The report table sorted by SORT_ROLE, filtered by `Shown` and by text in file, agency or message."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._shown = Shown.ALL
        self._text = ""

    def set_shown(self, shown: Shown) -> None:
        self._refilter(lambda: setattr(self, "_shown", shown))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().casefold()))

    def _refilter(self, change: Callable[[], None]) -> None:
        """Apply `change` to the filter: Qt 6.10's begin/endFilterChange, else the older invalidateFilter
        (the glibc 2.28 build line's PySide6 6.8.0.2 has neither; 6.9.3 had only beginFilterChange)."""
        begin = getattr(self, "beginFilterChange", None)
        end = getattr(self, "endFilterChange", None)
        if begin is None or end is None:
            change()
            self.invalidateFilter()
            return
        begin()
        change()
        end()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        entry: BatchReport = self.sourceModel().index(source_row, 0, source_parent).data(ENTRY_ROLE)
        if not self._shown.accepts(entry):
            return False
        if not self._text:
            return True
        haystack = " ".join((Path(entry.file).name, entry.agency, entry.unreadable or "",
                             *(finding.message for finding in entry.findings)))
        return self._text in haystack.casefold()

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:  # mixed kinds never happen in one column; keep Qt's order if they do
            return str(a) < str(b)


#: The copy table's columns.
COPY_COLUMNS = ("文件甲", "机关甲", "文件乙", "机关乙", "部分", "相同比例", "相同的文字")


class CopyTableModel(QAbstractTableModel):
    """One row per pair of reports with a section largely the same."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._pairs: list[CopyPair] = []
        self._agencies: dict[str, str] = {}
        self._titles: dict[str, str] = {}

    def set_pairs(self, pairs: Sequence[CopyPair], agencies: dict[str, str], titles: dict[str, str]) -> None:
        self.beginResetModel()
        self._pairs, self._agencies, self._titles = list(pairs), agencies, titles
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._pairs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COPY_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COPY_COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pair, column = self._pairs[index.row()], index.column()
        shown = (Path(pair.a).name, self._agencies.get(pair.a, ""), Path(pair.b).name,
                 self._agencies.get(pair.b, ""), self._titles.get(pair.section, pair.section),
                 f"{pair.share * 100:.0f}%", pair.passage)
        if role == Qt.ItemDataRole.DisplayRole:
            return shown[column]
        if role == SORT_ROLE:
            return pair.share if column == 5 else shown[column]
        if role == ENTRY_ROLE:
            return pair
        if role == Qt.ItemDataRole.ToolTipRole:
            return {0: pair.a, 2: pair.b, 6: pair.passage}.get(column, "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


#: What an outlier's cell says: information about the batch, never a finding.
OUTLIER_TIP = "高于本批报告该比率的第 90 百分位（仅供参考，不是问题）"
OUTLIER_BACKGROUND = QColor("#fff1d6")


class RateTableModel(QAbstractTableModel):
    """One row per report with rates (the roll-up first), one column per rate with its formula in the
    header's tooltip; 样本不足 / 无数据 shown as such, outliers marked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, list[Rate]]] = []  # (file or 汇总, agency, rates)
        self._names: list[str] = []
        self._formulas: list[str] = []

    def set_rates(self, rates: dict[str, list[Rate]], agencies: dict[str, str], rollup_key: str) -> None:
        self.beginResetModel()
        ordered = sorted(rates.items(), key=lambda item: item[0] != rollup_key)  # the roll-up first, then files
        self._rows = [(file, "汇总" if file == rollup_key else agencies.get(file, ""), list(values))
                      for file, values in ordered]
        first = next((values for _file, _agency, values in self._rows if values), [])
        self._names = [rate.name for rate in first]
        self._formulas = [rate.formula for rate in first]
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 2 + len(self._names)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("文件", "机关", *self._names)[section]
        if role == Qt.ItemDataRole.ToolTipRole and section >= 2:
            return f"{self._names[section - 2]} = {self._formulas[section - 2]}；不足 30 件时不计算（样本不足）"
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        file, agency, rates = self._rows[index.row()]
        column = index.column()
        rate = rates[column - 2] if 2 <= column < 2 + len(rates) else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return Path(file).name if agency != "汇总" else "（汇总）"
            if column == 1:
                return agency
            if rate is None:
                return ""
            return f"{rate.value * 100:.1f}%" if rate.value is not None else rate.note
        if role == SORT_ROLE:
            if column < 2:
                return (Path(file).name, agency)[column]
            return -1.0 if rate is None or rate.value is None else rate.value
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return file
            if rate is not None:
                return f"{rate.formula}" + (f"\n{OUTLIER_TIP}" if rate.outlier else "")
        if role == Qt.ItemDataRole.BackgroundRole and rate is not None and rate.outlier:
            return QBrush(OUTLIER_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
