"""工具 → 批量检查: the supervising office checks a folder of reports (issue 17) in its own window.

The person picks folders (and, if they have one, the hierarchy file), starts the check and watches a
progress bar; the batch runs off the UI thread (importing/batch_files.run_batch through a TaskQueue),
cancellable between files. The result is three tables — the reports (sortable, filtered by text and
by what was found), the copied sections, the hierarchy check — and buttons to export it through the
registry's batch writers and to open the roll-up as a new report. Double-clicking a report opens it in
the main window at its first finding; the batch window stays open beside it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from model.batch import section_titles
from model.batch_rates import ROLLUP_KEY
from model.batch_types import BatchReport, BatchResult
from model.formats import FileFormat, Purpose, file_dialog_filter, formats_for, is_import
from ui.batch_model import (
    ENTRY_ROLE,
    HEADERS,
    SORT_ROLE,
    CopyTableModel,
    RateTableModel,
    ReportFilter,
    ReportTableModel,
    Shown,
)
from ui.batch_panels import HierarchyTable, details_text, summary_line
from ui.settings import Settings
from ui.tasks import TaskQueue

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: The batch writers the 导出 button offers, in this order (those registered).
BATCH_PURPOSES = tuple(purpose for name in ("WRITE_BATCH_XLSX", "WRITE_BATCH_PDF", "WRITE_BATCH_HTML")
                       if (purpose := getattr(Purpose, name, None)) is not None)
#: What a column's width is made for (measured in the window's font, so any font and scale fit); a column
#: not named is as wide as its header or 「9999999」; the last one stretches.
REPORT_SAMPLES = {"文件": "00000.nianbao.json", "机关": "某某市某某区行政审批服务局", "类型": "人民政府",
                  "年度": "2024", "模板": "2021 版", "发布日期": "2025-01-31", "公布期限": "2025-01-31（逾期）",
                  "上年报告": "00000.nianbao.json"}
COPY_SAMPLES = ("00000.nianbao.json", "某某市某某区行政审批服务局", "00000.nianbao.json", "某某市某某区行政审批服务局",
                "五、存在的主要问题及改进情况", "100%")
#: Room for the sort arrow and the cell's margins.
COLUMN_PADDING = 24


class _Progress(QObject):
    """Progress from the batch's worker thread, delivered on the UI thread (queued)."""

    stepped = Signal(int, int)


class BatchWindow(QtWidgets.QWidget):
    """The batch check's window (a top-level window of its own, owned by the main window)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.main_window = window
        self.settings = window.settings
        self.setWindowTitle("批量检查 — 年报编制助手")
        self.result: BatchResult | None = None
        self._queue = TaskQueue(self)  # the batch itself: one at a time, cancellable
        self._exports = TaskQueue(self)  # the files written from a result, apart: 取消 and Esc never reach them
        self._cancel = threading.Event()
        self._started = 0.0
        self._progress = _Progress(self)
        self._progress.stepped.connect(self._stepped, Qt.ConnectionType.QueuedConnection)
        self.folders: list[Path] = [Path(f) for f in self.settings.get(Settings.BATCH_FOLDERS) if Path(f).is_dir()]
        hierarchy = self.settings.get(Settings.BATCH_HIERARCHY)
        self.hierarchy: Path | None = Path(hierarchy) if hierarchy and Path(hierarchy).is_file() else None
        self._build()
        self._show_choices()
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.filter_edit.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)

    # --- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)
        choices = QtWidgets.QGridLayout()
        self.folders_label = QtWidgets.QLabel(self)
        self.folders_label.setWordWrap(True)
        self.add_folder_button = QtWidgets.QPushButton("添加文件夹(&A)…", self)
        self.add_folder_button.clicked.connect(self.add_folder_dialog)
        self.clear_folders_button = QtWidgets.QPushButton("清空(&L)", self)
        self.clear_folders_button.clicked.connect(self.clear_folders)
        self.hierarchy_label = QtWidgets.QLabel(self)
        self.hierarchy_label.setWordWrap(True)
        self.hierarchy_button = QtWidgets.QPushButton("选择(&H)…", self)
        self.hierarchy_button.setToolTip(
            "上下级关系表（.csv 或 .xlsx）：单位、上级单位、上级报告是否为下级汇总（是/否）")
        self.hierarchy_button.clicked.connect(self.hierarchy_dialog)
        self.no_hierarchy_button = QtWidgets.QPushButton("不用(&N)", self)
        self.no_hierarchy_button.clicked.connect(lambda: self.set_hierarchy(None))
        self.threshold = QtWidgets.QSpinBox(self)
        self.threshold.setRange(10, 95)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(min(95, max(10, self.settings.get(Settings.BATCH_THRESHOLD))))
        self.threshold.setToolTip("一、五、六部分的文字与另一份报告相同的比例超过此值时列出（与上年比较的重复率同一算法）")
        self.start_button = QtWidgets.QPushButton("开始检查(&S)", self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        choices.addWidget(QtWidgets.QLabel("报告文件夹：", self), 0, 0)
        choices.addWidget(self.folders_label, 0, 1)
        choices.addWidget(self.add_folder_button, 0, 2)
        choices.addWidget(self.clear_folders_button, 0, 3)
        choices.addWidget(QtWidgets.QLabel("上下级关系表：", self), 1, 0)
        choices.addWidget(self.hierarchy_label, 1, 1)
        choices.addWidget(self.hierarchy_button, 1, 2)
        choices.addWidget(self.no_hierarchy_button, 1, 3)
        threshold_row = QtWidgets.QHBoxLayout()
        threshold_row.addWidget(QtWidgets.QLabel("相同文字阈值：", self))
        threshold_row.addWidget(self.threshold)
        threshold_row.addStretch(1)
        choices.addLayout(threshold_row, 2, 1)
        choices.addWidget(self.start_button, 2, 2, 1, 2)
        choices.setColumnStretch(1, 1)
        layout.addLayout(choices)

        progress_row = QtWidgets.QHBoxLayout()
        self.progress_bar = QtWidgets.QProgressBar(self)
        self.progress_bar.setFormat("%v / %m")
        self.progress_bar.hide()
        self.status_label = QtWidgets.QLabel("选择报告所在的文件夹（含子文件夹），然后开始检查。", self)
        self.cancel_button = QtWidgets.QPushButton("取消(&C)", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.status_label, 2)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)

        filter_row = QtWidgets.QHBoxLayout()
        self.filter_edit = QtWidgets.QLineEdit(self)
        self.filter_edit.setPlaceholderText("筛选：文件名、机关或问题中的文字（Ctrl+F）")
        self.filter_edit.setClearButtonEnabled(True)
        self.shown_combo = QtWidgets.QComboBox(self)
        for shown in Shown:
            self.shown_combo.addItem(shown.value, shown)
        self.count_label = QtWidgets.QLabel(self)
        filter_row.addWidget(self.filter_edit, 2)
        filter_row.addWidget(self.shown_combo)
        filter_row.addWidget(self.count_label, 1)
        layout.addLayout(filter_row)

        self.tabs = QtWidgets.QTabWidget(self)
        self.report_model = ReportTableModel(parent=self)
        self.report_filter = ReportFilter(self)
        self.report_filter.setSourceModel(self.report_model)
        self.report_view = self._table(self.report_filter)
        self.report_view.doubleClicked.connect(self._report_activated)
        self.report_view.activated.connect(self._report_activated)
        self.report_view.setToolTip("双击打开报告，定位到第一个问题")
        self.copy_model = CopyTableModel(self)
        copy_filter = QSortFilterProxyModel(self)
        copy_filter.setSourceModel(self.copy_model)
        copy_filter.setSortRole(SORT_ROLE)
        self.copy_view = self._table(copy_filter)
        self.copy_view.doubleClicked.connect(self._copy_activated)
        self.hierarchy_table = HierarchyTable(self)
        self.rate_model = RateTableModel(self)
        rate_filter = QSortFilterProxyModel(self)
        rate_filter.setSourceModel(self.rate_model)
        rate_filter.setSortRole(SORT_ROLE)
        self.rate_view = self._table(rate_filter)
        self.rate_view.horizontalHeader().setStretchLastSection(False)  # a number column: no wide empty field
        self.rate_view.setToolTip("各比率的公式见列标题；底色标出高于本批第 90 百分位的数值（仅供参考，不是问题）")
        self.tabs.addTab(self.report_view, "报告")
        self.tabs.addTab(self.copy_view, "相同文字")
        self.tabs.addTab(self.hierarchy_table, "上下级核对")
        self.tabs.addTab(self.rate_view, "比率")
        layout.addWidget(self.tabs, 1)
        # The chosen report's findings in full: the table's last column is off screen at 1366 px.
        self.details = QtWidgets.QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("选中一份报告，这里列出它的全部问题；双击打开报告。")
        self.details.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        layout.addWidget(self.details)
        self.report_view.selectionModel().currentRowChanged.connect(self._show_details)
        self.tabs.currentChanged.connect(lambda index: self.details.setVisible(index == 0))  # the reports' only
        self.filter_edit.textChanged.connect(self._filter_text)
        self.shown_combo.currentIndexChanged.connect(self._filter_shown)

        buttons = QtWidgets.QHBoxLayout()
        self.summary_label = QtWidgets.QLabel(self)
        self.summary_label.setWordWrap(True)
        self.rollup_button = QtWidgets.QPushButton("打开汇总报告(&R)", self)
        self.rollup_button.setToolTip("把表二、表三、表四的汇总作为一份新报告打开（可另存为项目文件或导出）")
        self.rollup_button.clicked.connect(self.open_rollup)
        self.export_button = QtWidgets.QPushButton("导出(&E)…", self)
        self.export_button.setToolTip(
            "导出汇总工作簿（报告一览、全部问题、相同文字、汇总表、比率），或给领导看的汇总报告（PDF、网页）")
        self.export_button.clicked.connect(self.export_dialog)
        close_button = QtWidgets.QPushButton("关闭", self)
        close_button.clicked.connect(self.close)
        buttons.addWidget(self.summary_label, 1)
        buttons.addWidget(self.rollup_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close_button)
        layout.addLayout(buttons)
        self._set_result(None)
        self._size_columns()

    def _table(self, model: QSortFilterProxyModel) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the files' order until a header is clicked
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return view

    def _size_columns(self) -> None:
        metrics = self.report_view.fontMetrics()
        for column, header in enumerate(HEADERS):
            sample = REPORT_SAMPLES.get(header, "9999999")
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header))
            self.report_view.setColumnWidth(column, width + COLUMN_PADDING)
        for column, sample in enumerate(COPY_SAMPLES):
            self.copy_view.setColumnWidth(column, metrics.horizontalAdvance(sample) + COLUMN_PADDING)

    # --- the choices -------------------------------------------------------------------------------

    def _show_choices(self) -> None:
        if self.folders:
            self.folders_label.setText("；".join(str(folder) for folder in self.folders))
        else:
            self.folders_label.setText("（尚未选择）")
        self.folders_label.setToolTip("\n".join(str(folder) for folder in self.folders))
        self.hierarchy_label.setText(str(self.hierarchy) if self.hierarchy else "（不核对上下级）")
        running = self._queue.pending() > 0
        self.start_button.setEnabled(bool(self.folders) and not running)
        for widget in (self.add_folder_button, self.clear_folders_button, self.hierarchy_button, self.threshold):
            widget.setEnabled(not running)
        self.no_hierarchy_button.setEnabled(self.hierarchy is not None and not running)

    def add_folder_dialog(self) -> None:
        start = str(self.folders[-1].parent if self.folders else Path.home())
        name = QtWidgets.QFileDialog.getExistingDirectory(self, "选择报告所在的文件夹", start)
        if name:
            self.add_folder(Path(name))

    def add_folder(self, folder: Path) -> None:
        if folder not in self.folders:
            self.folders.append(folder)
            self.settings.set(Settings.BATCH_FOLDERS, [str(f) for f in self.folders])
        self._show_choices()

    def clear_folders(self) -> None:
        self.folders = []
        self.settings.set(Settings.BATCH_FOLDERS, [])
        self._show_choices()

    def hierarchy_dialog(self) -> None:
        start = str(self.hierarchy or (self.folders[0] if self.folders else Path.home()))
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "选择上下级关系表", start, "上下级关系表 (*.csv *.xlsx *.xlsm);;所有文件 (*)")
        if name:
            self.set_hierarchy(Path(name))

    def set_hierarchy(self, path: Path | None) -> None:
        self.hierarchy = path
        self.settings.set(Settings.BATCH_HIERARCHY, str(path) if path else "")
        self._show_choices()

    # --- running -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Read and check every report file in the folders, off the UI thread."""
        if not self.folders or self._queue.pending():
            return
        folders, hierarchy, threshold = list(self.folders), self.hierarchy, self.threshold.value() / 100
        self.settings.set(Settings.BATCH_THRESHOLD, self.threshold.value())
        self._cancel.clear()
        self._started = time.perf_counter()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.status_label.setText("正在查找报告文件…")
        self._queue.run(lambda: _run(folders, hierarchy, threshold, self._progress, self._cancel),
                        self._finished, self._failed)
        self._show_choices()

    def cancel(self) -> None:
        if self._queue.pending():
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("正在取消…")

    def _stepped(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            return
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.status_label.setText(f"正在读取并检查报告：{done} / {total}" if done < total
                                  else "正在查找相同文字、汇总并核对上下级…")

    def _finished(self, result: BatchResult) -> None:
        seconds = time.perf_counter() - self._started
        self._stop_running()
        self._set_result(result)
        self.status_label.setText(f"检查完成，用时 {seconds:.1f} 秒。")

    def _failed(self, error: BaseException) -> None:
        from importing.batch_files import BatchCancelled

        self._stop_running()
        if isinstance(error, BatchCancelled):
            self.status_label.setText(str(error))
            return
        if isinstance(error, (FileNotFoundError, ValueError, NothingReadable)):
            self.status_label.setText("未能检查。")
            QtWidgets.QMessageBox.warning(self, "批量检查", str(error))
            return
        raise error  # a bug: the app's crash handler reports it

    def _stop_running(self) -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()
        self._show_choices()

    def _escape(self) -> None:
        if self._queue.pending():
            self.cancel()
        else:
            self.close()

    # --- the result --------------------------------------------------------------------------------

    def _set_result(self, result: BatchResult | None) -> None:
        self.result = result
        reports = result.reports if result is not None else []
        self.report_model.set_entries(reports)
        titles = section_titles(result.rollup.template_year if result is not None and result.rollup is not None
                                else None)
        agencies = {entry.file: entry.agency for entry in reports}
        self.copy_model.set_pairs(result.copies if result else [], agencies, titles)
        self.hierarchy_table.show_result(result)
        self.rate_model.set_rates(result.rates if result else {}, agencies, ROLLUP_KEY)
        metrics = self.rate_view.fontMetrics()
        for column, header in enumerate(("文件", "机关")):
            self.rate_view.setColumnWidth(column, metrics.horizontalAdvance(REPORT_SAMPLES[header]) + COLUMN_PADDING)
        for column in range(2, self.rate_model.columnCount()):
            self.rate_view.setColumnWidth(column, self.rate_view.fontMetrics().horizontalAdvance("行政复议纠错率") + 24)
        self.tabs.setTabText(1, f"相同文字（{len(result.copies)}）" if result else "相同文字")
        hierarchy_count = len(result.hierarchy_findings) + len(result.missing_children) if result else 0
        self.tabs.setTabText(2, f"上下级核对（{hierarchy_count}）" if result and result.matches else "上下级核对")
        self.summary_label.setText(summary_line(result) if result else "")
        self.rollup_button.setEnabled(result is not None and result.rollup is not None)
        self.export_button.setEnabled(result is not None and bool(BATCH_PURPOSES))
        self._count_shown()

    def _filter_text(self, text: str) -> None:
        self.report_filter.set_text(text)
        self._count_shown()

    def _filter_shown(self, _index: int) -> None:
        self.report_filter.set_shown(self.shown_combo.currentData())
        self._count_shown()

    def _count_shown(self) -> None:
        total = self.report_model.rowCount()
        shown = self.report_filter.rowCount()
        self.count_label.setText(f"显示 {shown} / {total} 个文件" if total else "")
        self.tabs.setTabText(0, f"报告（{total}）" if total else "报告")

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry: BatchReport | None = current.siblingAtColumn(0).data(ENTRY_ROLE) if current.isValid() else None
        self.details.setPlainText(details_text(entry) if entry is not None else "")

    def _report_activated(self, index: QModelIndex) -> None:
        entry: BatchReport | None = index.siblingAtColumn(0).data(ENTRY_ROLE)
        if entry is not None:
            self.open_entry(entry)

    def _copy_activated(self, index: QModelIndex) -> None:
        pair = index.data(ENTRY_ROLE)
        if pair is None:
            return
        file = pair.b if index.column() in (2, 3) else pair.a
        entry = next((e for e in self.report_model.entries() if e.file == file), None)
        if entry is not None:
            self.open_entry(entry, section=pair.section)

    def open_entry(self, entry: BatchReport, section: str | None = None) -> None:
        """Open the report of `entry` in the main window, at its first finding (or at `section`)."""
        if entry.unreadable:
            QtWidgets.QMessageBox.information(self, "无法读取", f"“{entry.file}”\n{entry.unreadable}")
            return
        window = self.main_window
        path = Path(entry.file)
        # A foreign file goes through the import's preview, as 文件 → 导入 does; a project file opens.
        opened = window.import_report(path) if is_import(path) else window.maybe_save() and window.open_path(path)
        if not opened:
            return
        if section is not None:
            from model.findings import Location

            window.editor_tabs.go_to(Location(section=section))
        elif entry.worst is not None:
            window.go_to_finding(entry.worst)
        window.raise_()
        window.activateWindow()

    def open_rollup(self) -> None:
        """The roll-up as a new, unsaved report in the main window."""
        if self.result is None or self.result.rollup is None:
            return
        import copy

        window = self.main_window
        if not window.maybe_save():
            return
        report = copy.deepcopy(self.result.rollup)
        window.document.replace(report, None, modified=True, untitled_name="汇总报告")
        window.raise_()
        window.activateWindow()

    def export_dialog(self) -> None:
        if self.result is None or not BATCH_PURPOSES:
            return
        start = (self.folders[0] if self.folders else Path.home()) / "汇总.xlsx"
        name, _ = QtWidgets.QFileDialog.getSaveFileName(self, "导出批量检查结果", str(start),
                                                        file_dialog_filter(*BATCH_PURPOSES))
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> None:
        """Write the result to `path` by the writer its suffix names (off the UI thread)."""
        result = self.result
        writer = _writer_for(path)
        if result is None:
            return
        if writer is None:
            path = path.with_name(path.name + ".xlsx")
            writer = _writer_for(path)
            assert writer is not None
        export = writer.load()
        self.status_label.setText(f"正在导出“{path.name}”…")
        self.export_button.setEnabled(False)

        def done(_value: object) -> None:
            self.export_button.setEnabled(True)
            self.status_label.setText(f"已导出：{path}")

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.status_label.setText("导出失败。")
            QtWidgets.QMessageBox.warning(self, "导出失败", _export_error(path, error))

        self._exports.run(lambda: export(result, path), done, failed)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._queue.pending():
            self._cancel.set()
            self._queue.wait()  # the pool is shut down by run_batch when it sees the cancel
        self._exports.wait()  # a file being written is finished
        super().closeEvent(event)


class NothingReadable(Exception):
    """No file in the folders could be read as a report (the message says which folders)."""


def _run(folders: Sequence[Path], hierarchy: Path | None, threshold: float, progress: _Progress,
         cancel: threading.Event) -> BatchResult:
    """The worker: find the files, read the hierarchy file, run the batch."""
    from importing.batch_files import report_files, run_batch
    from importing.hierarchy_file import read_hierarchy

    paths = report_files(folders)
    rows = read_hierarchy(hierarchy) if hierarchy is not None else None
    if not paths:
        raise NothingReadable("所选文件夹中没有报告文件（年报项目文件、Excel、Word、网页、PDF 或文本）。")
    progress.stepped.emit(0, len(paths))
    return run_batch(paths, rows, threshold, progress=progress.stepped.emit, cancelled=cancel.is_set)


def _writer_for(path: Path) -> FileFormat | None:
    return next((f for f in formats_for(*BATCH_PURPOSES) if f.matches(path)), None)


def _export_error(path: Path, error: BaseException) -> str:
    from model.atomicfile import WriteError, os_error_reason

    if isinstance(error, WriteError):
        return str(error)
    if isinstance(error, OSError):
        return f"无法写出“{path}”：{os_error_reason(error)}"
    return f"无法写出“{path.name}”：{error}"
