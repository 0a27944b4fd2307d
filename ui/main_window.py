"""The main window: tabs for the metadata and the six sections, the findings
panel, menus in Chinese, file handling with atomic saves, recovery copies."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets  # dialogs and the dock through the module: PySide builds them when first used
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from model import APP_NAME
from model.autototal import total_updates
from model.findings import Finding, Severity
from model.projectfile import SUFFIX, ProjectFileError, load, save
from model.report import Report
from ui.background import BackgroundRunner, wait_for
from ui.document import ReportDocument
from ui.findings_panel import FindingsPanel, summary_text
from ui.icons import toolbar_icon
from ui.narrative_editor import NarrativeEditor
from ui.settings import Settings
from ui.undo_router import UndoRouter

Exporter = Callable[[Report, Path], None]
FILE_FILTER = f"年报项目文件 (*{SUFFIX} *.json);;所有文件 (*)"
META_TAB = "meta"
FIRST_TAB = 1


class MainWindow(QMainWindow):
    #: The window closed for good (after any unsaved changes were saved or discarded).
    closed = Signal()
    #: The user chose other PDF fonts (the session re-renders the preview).
    fontsChanged = Signal()
    #: The first frame of the window, with all its children, is painted (start-up measurement).
    firstPainted = Signal()

    def __init__(self, document: ReportDocument, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.findings_panel = FindingsPanel(document, self)
        self.findings_panel.findingActivated.connect(self.go_to_finding)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.findings_panel)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.status_findings = QLabel(self)
        self.status_findings.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.status_findings)
        self.editors: dict[str, QWidget] = {}
        self.background = BackgroundRunner(self)
        self.pdf_exporter: Exporter | None = None
        self.preview_dock: QtWidgets.QDockWidget | None = None
        self._painted = False
        self._first_frame_reported = False
        self._build_actions()
        self._build_menus()
        self._build_tabs()
        document.findingsChanged.connect(self._show_findings_summary)
        document.modifiedChanged.connect(lambda _modified: self._update_title())
        document.pathChanged.connect(lambda _path: self._update_title())
        document.reportReplaced.connect(self._build_tabs)
        self._show_findings_summary(document.findings)
        self._update_title()
        self._restore_geometry()

    # --- construction ------------------------------------------------------------------

    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None,
                icon: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(toolbar_icon(icon))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("新建(&N)…", self.new_report, QKeySequence.StandardKey.New, "new")
        self.open_action = self._action("打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open, "open")
        self.save_action = self._action("保存(&S)", self.save, QKeySequence.StandardKey.Save, "save")
        self.save_as_action = self._action("另存为(&A)…", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.quit_action = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.undo_router = UndoRouter(self, self.document.undo_stack)
        self.undo_action, self.redo_action = self.undo_router.undo_action, self.undo_router.redo_action
        self.auto_totals_action = QAction("自动合计(&T)", self)
        self.auto_totals_action.setCheckable(True)
        self.auto_totals_action.setChecked(self.document.auto_totals())
        self.auto_totals_action.setToolTip("输入各项时自动填写总计列、（七）总计和表四的总计")
        self.auto_totals_action.toggled.connect(self._set_auto_totals)
        self.fill_zero_action = self._action("空白单元格填 0(&Z)", self.fill_blanks_with_zero)
        self.fill_zero_action.setToolTip("把当前表格中所有空白单元格填为 0（可撤销）")
        self.next_finding_action = self._action("下一个问题(&F)", self.next_finding, "F8")
        self.toggle_findings_action = QAction("检查结果面板(&P)", self)
        self.toggle_findings_action.setCheckable(True)
        self.toggle_findings_action.setChecked(True)
        self.toggle_findings_action.toggled.connect(self.findings_panel.setVisible)
        self.about_action = self._action("关于年报编制助手(&A)", self.about)
        self.export_pdf_action = self._action("导出 PDF(&P)…", self.export_pdf_dialog, "Ctrl+E")
        self.export_pdf_action.setEnabled(False)  # until an exporter is attached
        self.export_xlsx_action = self._action("导出 Excel(&X)…", self.export_xlsx_dialog)
        self.import_xlsx_action = self._action("导入 Excel(&I)…", self.import_xlsx_dialog)
        self.attach_prior_action = self._action("关联上年报告(&L)…", self.attach_prior_dialog)
        self.new_from_prior_action = self._action("从上年报告新建(&Y)…", self.new_from_prior_dialog)
        self.fonts_action = self._action("PDF 字体(&F)…", self.choose_fonts)
        self.fonts_action.setEnabled(False)  # with the PDF exporter
        self.toggle_preview_action = QAction("预览(&R)", self)
        self.toggle_preview_action.setCheckable(True)
        self.toggle_preview_action.setEnabled(False)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("文件(&F)")
        file_menu.addActions([self.new_action, self.new_from_prior_action, self.open_action])
        self.recent_menu = QMenu("最近打开(&R)", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addAction(self.attach_prior_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_xlsx_action, self.export_pdf_action, self.export_xlsx_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu("编辑(&E)")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.auto_totals_action, self.fill_zero_action])
        view_menu = menu_bar.addMenu("视图(&V)")
        view_menu.addActions([self.toggle_findings_action, self.toggle_preview_action, self.next_finding_action])
        tools_menu = menu_bar.addMenu("工具(&T)")
        tools_menu.addAction(self.fonts_action)
        help_menu = menu_bar.addMenu("帮助(&H)")
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for action in (self.new_action, self.open_action, self.save_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addAction(self.auto_totals_action)
        toolbar.addAction(self.export_pdf_action)

    def _build_tabs(self) -> None:
        """One tab per part of the report; an editor is built when its tab is first shown,
        so that the window appears without building all seven."""
        # The narrative of 一、总体情况 first: the metadata is filled once, the text is worked on.
        current = self.tabs.currentIndex() if self.tabs.count() else FIRST_TAB
        for index in range(self.tabs.count()):
            self.tabs.widget(index).deleteLater()
        self.tabs.clear()
        self.editors = {}
        keys = [META_TAB, *(s.id for s in self.document.report.template.sections)]
        # The keys are known to _tab_changed only once all tabs are in: adding the first
        # tab makes it current, which would otherwise build the metadata editor for nothing.
        self._tab_keys: list[str] = []
        for key in keys:
            page = QWidget(self)
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            title = "基本信息" if key == META_TAB else self.document.report.template.section(key).title
            index = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, title)
        self._tab_keys = keys
        self.tabs.setCurrentIndex(current)
        self.editor(self._tab_keys[current])

    def editor(self, key: str) -> QWidget:
        """The editor of a tab ("meta", "s1" … "s6"), built on first use."""
        if key in self.editors:
            return self.editors[key]
        document = self.document
        page = self.tabs.widget(self._tab_keys.index(key))
        if key == META_TAB:
            from ui.meta_editor import MetaEditor  # loads with its tab

            editor: QWidget = MetaEditor(document, page)
            # In a scroll area so that the form never sets the window's minimum height.
            holder = QScrollArea(page)
            holder.setWidget(editor)
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            page.layout().addWidget(holder)
        else:
            section = document.report.template.section(key)
            if section.kind == "narrative":
                editor = NarrativeEditor(document, key, page)
            else:
                from ui.table_editor import TableSectionEditor  # loads with the first table tab

                editor = TableSectionEditor(document, section.tables, page)
                for view in editor.views.values():
                    view.message.connect(self.show_message)
                    view.pasteRejected.connect(self._paste_rejected)
            page.layout().addWidget(editor)
        self.editors[key] = editor
        return editor

    def current_editor(self) -> QWidget:
        return self.editor(self._tab_keys[max(0, self.tabs.currentIndex())])

    def show_tab(self, key: str) -> QWidget:
        self.tabs.setCurrentIndex(self._tab_keys.index(key))
        return self.editor(key)

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(getattr(self, "_tab_keys", ())):
            self.editor(self._tab_keys[index])

    # --- preview and export ------------------------------------------------------------

    def attach_preview(self, pane: QWidget) -> None:
        """Dock the preview pane beside the editors (its state persists with the window's)."""
        self.preview_dock = QtWidgets.QDockWidget("预览", self)
        self.preview_dock.setObjectName("preview-dock")
        self.preview_dock.setWidget(pane)
        self.preview_dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
                                      | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview_dock)
        self.resizeDocks([self.preview_dock], [460], Qt.Orientation.Horizontal)
        self.toggle_preview_action.setEnabled(True)
        self.toggle_preview_action.setChecked(True)
        self.toggle_preview_action.toggled.connect(self.preview_dock.setVisible)
        self.preview_dock.visibilityChanged.connect(self.toggle_preview_action.setChecked)
        state = self.settings.get(Settings.WINDOW_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def attach_pdf_exporter(self, exporter: Exporter) -> None:
        self.pdf_exporter = exporter
        self.export_pdf_action.setEnabled(True)
        self.fonts_action.setEnabled(True)

    def choose_fonts(self) -> None:
        from ui.font_dialog import FontDialog  # reads font files: only when asked

        if FontDialog(self.settings, self).exec():
            self.fontsChanged.emit()

    def confirm_export_with_errors(self) -> bool:
        errors = [f for f in self.document.findings if f.severity is Severity.ERROR]
        if not errors:
            return True
        shown = "\n".join(f"· {f.message}" for f in errors[:5]) + ("\n……" if len(errors) > 5 else "")
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self, "报告有错误",
            f"报告中有 {len(errors)} 项错误，导出的文件将包含不一致的数字：\n\n{shown}\n\n仍要导出吗？",
            buttons.Yes | buttons.No, buttons.No)
        return answer == buttons.Yes

    def export_pdf_dialog(self) -> None:
        exporter = self.pdf_exporter
        if exporter is not None:
            self._export_dialog("PDF", "年度报告.pdf", "PDF 文件 (*.pdf)", exporter)

    def export_xlsx_dialog(self) -> None:
        def export(report: Report, path: Path) -> None:
            from export.xlsx_export import export_xlsx  # openpyxl loads only when asked

            export_xlsx(report, path)

        self._export_dialog("Excel", "年度报告统计表.xlsx", "Excel 工作簿 (*.xlsx)", export)

    def _export_dialog(self, kind: str, name_end: str, file_filter: str, exporter: Exporter) -> None:
        """Ask before exporting a report with errors, ask where, then export a snapshot off the UI thread."""
        if not self.confirm_export_with_errors():
            return
        meta = self.document.report.meta
        suffix = Path(name_end).suffix
        start = (self.document.path.parent if self.document.path else Path.home()) / \
            f"{meta.agency or '年报'}{meta.year}年政府信息公开工作{name_end}"
        name, _ = QtWidgets.QFileDialog.getSaveFileName(self, f"导出 {kind}", str(start), file_filter)
        if not name:
            return
        path = Path(name) if name.lower().endswith(suffix) else Path(name + suffix)
        snapshot = copy.deepcopy(self.document.report)
        self.show_message(f"正在导出 {path.name} …", False)
        self.background.run(lambda: exporter(snapshot, path),
                            lambda _result: self.show_message(f"已导出 {kind}：{path}", False),
                            lambda error: QtWidgets.QMessageBox.critical(self, "导出失败",
                                                                         f"无法导出“{path}”：{error}"))

    def import_xlsx_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document.path else str(Path.home())
        name, _ = QtWidgets.QFileDialog.getOpenFileName(self, "导入 Excel", start,
                                                        "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)")
        if name:
            self.import_xlsx(Path(name))

    def import_xlsx(self, path: Path) -> bool:
        """Read `path`, show the import report, and on the user's word put the tables in (one undo step)."""
        from export.xlsx_import import import_xlsx
        from export.xlsx_safety import WorkbookError
        from ui.import_dialog import ImportReportDialog

        try:
            result = import_xlsx(path, self.document.report.template_year)
        except WorkbookError as error:
            QtWidgets.QMessageBox.warning(self, "无法导入", str(error))
            return False
        conflict = result.year_conflict(self.document.report.meta.year)
        if not ImportReportDialog(result, self, conflict).exec():
            return False
        # Totals are taken as the workbook states them: the checks judge them, and auto-totals
        # is switched off when it would overwrite a stated total that does not add up.
        disagree = bool(total_updates(self.document.report, dict(result.placed)))
        if disagree and self.document.auto_totals():
            self.auto_totals_action.setChecked(False)
        self.document.set_cells(dict(result.placed), f"从 Excel 导入表格（{path.name}）", derive_totals=False)
        note = "；工作簿中有合计与各项之和不一致，已按原值保留并关闭自动合计" if disagree else ""
        self.show_message(f"已导入 {len(result.placed)} 个单元格{note}", disagree)
        return True

    # --- findings ------------------------------------------------------------------------

    def _show_findings_summary(self, findings: list[Finding]) -> None:
        if not self.document.checked:
            self.status_findings.setText("正在检查…")
            return
        errors = sum(f.severity is Severity.ERROR for f in findings)
        self.status_findings.setText(summary_text(errors, len(findings) - errors))
        colour = "#b3261e" if errors else "#1e6b34"
        self.status_findings.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def go_to_finding(self, finding: Finding) -> None:
        location = finding.location
        section = META_TAB if location.section in ("meta", "preamble") else location.section
        if section not in self._tab_keys:
            return
        editor = self.show_tab(section)
        if location.table and hasattr(editor, "view_for"):  # a table section's editor
            view = editor.view_for(location.table)
            cells = [(location.row, location.column)] if location.row and location.column else list(location.cells)
            if view is not None and cells:
                editor.ensureWidgetVisible(view)
                view.select_cell(*cells[0])
        elif isinstance(editor, NarrativeEditor) and location.paragraph is not None:
            editor.select_paragraph(location.paragraph, location.span)
        elif hasattr(editor, "preamble_editor"):  # the 基本信息 tab
            if location.section == "preamble" and location.paragraph is not None:
                editor.preamble_editor.select_paragraph(location.paragraph, location.span)
            elif location.field:
                editor.select_field(location.field)

    def next_finding(self) -> None:
        tree = self.findings_panel.tree
        if tree.topLevelItemCount() == 0:
            return
        row = (tree.indexOfTopLevelItem(tree.currentItem()) + 1) % tree.topLevelItemCount() \
            if tree.currentItem() else 0
        item = tree.topLevelItem(row)
        tree.setCurrentItem(item)
        self.findings_panel.findingActivated.emit(item.data(0, Qt.ItemDataRole.UserRole + 1))

    # --- editing ---------------------------------------------------------------------------

    def _set_auto_totals(self, enabled: bool) -> None:
        self.document.set_auto_totals(enabled)
        self.settings.set(Settings.AUTO_TOTALS, enabled)

    def current_table_view(self) -> QWidget | None:
        """The table view with the focus, else the first one of the current tab (None on other tabs)."""
        views = getattr(self.current_editor(), "views", {})
        focus = QApplication.focusWidget()
        if focus in views.values():
            return focus
        return next(iter(views.values()), None)

    def fill_blanks_with_zero(self) -> None:
        editor = self.current_editor()
        if not hasattr(editor, "views"):  # not a table section's editor
            self.show_message("请先切换到表格页（二、三、四）", True)
            return
        cells = self.document.report.cells
        keys = [key for table, _row, row_keys in self.document.report.template.row_keys if table.id in editor.views
                for key in row_keys if key in cells and cells[key] is None and not self.document.is_computed(key)]
        if not keys:
            self.show_message("当前表格没有空白单元格", False)
            return
        self.document.set_cells(dict.fromkeys(keys, 0), f"空白单元格填 0（{len(keys)} 个）")
        self.show_message(f"已将 {len(keys)} 个空白单元格填为 0", False)

    def show_message(self, text: str, problem: bool) -> None:
        self.statusBar().showMessage(("⚠ " if problem else "") + text, 8000)

    def _paste_rejected(self, errors: list[str]) -> None:
        shown = "\n".join(errors[:12]) + (f"\n……共 {len(errors)} 处" if len(errors) > 12 else "")
        QtWidgets.QMessageBox.warning(self, "无法粘贴",
                                      f"以下单元格的内容不是可接受的数字，表格未作任何改动：\n\n{shown}")

    # --- files -------------------------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified())

    def maybe_save(self) -> bool:
        """Ask before unsaved changes are lost; False means the user cancelled."""
        if not self.document.is_modified():
            return True
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self, APP_NAME, f"“{self.document.display_name()}”有尚未保存的修改。是否保存？",
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    def new_report(self) -> None:
        if not self.maybe_save():
            return
        from ui.new_report_dialog import NewReportDialog  # loads when asked for

        dialog = NewReportDialog(self, self.document.report.meta.agency)
        if dialog.exec():
            self.document.replace(dialog.report(), None, modified=True)

    # --- last year's report (ui/prior_flow.py) ----------------------------------------------

    def attach_prior_dialog(self) -> None:
        from ui.prior_flow import attach_prior_dialog

        attach_prior_dialog(self)

    def new_from_prior_dialog(self) -> None:
        from ui.prior_flow import new_from_prior_dialog

        new_from_prior_dialog(self)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.document.path.parent) if self.document.path else str(Path.home())
        name, _ = QtWidgets.QFileDialog.getOpenFileName(self, "打开年报项目", start, FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        try:
            report = load(path)
        except ProjectFileError as error:
            QtWidgets.QMessageBox.warning(self, "无法打开", str(error))
            return False
        self.document.replace(report, path)
        self.settings.add_recent_file(path)
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        if not recent:
            self.recent_menu.addAction("（无）").setEnabled(False)
            return
        for index, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{index} {path.name}    {path.parent}")
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))

    def _open_recent(self, path: Path) -> None:
        if not self.maybe_save():
            return
        if not path.exists():
            QtWidgets.QMessageBox.warning(self, "无法打开", f"文件“{path}”已不存在，已从最近打开列表中移除。")
            self.settings.remove_recent_file(path)
            return
        self.open_path(path)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        meta = self.document.report.meta
        suggested = f"{meta.agency or '年报'}-{meta.year}{SUFFIX}"
        start = self.document.path or (Path.home() / suggested)
        name, _ = QtWidgets.QFileDialog.getSaveFileName(self, "另存为", str(start), FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.name.endswith(".json"):
            path = path.with_name(path.name + SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        decision = self._changed_on_disk_decision(path)
        if decision == "save_as":
            return self.save_as()  # keeps the colleague's version and ours
        if decision == "cancel":
            return False
        # Off the UI thread: on a slow network share the window keeps painting and, after a
        # moment, says it is saving; typing waits until the file is written.
        report = self.document.report
        try:
            wait_for(self, "正在保存…", lambda: save(report, path))
        except ProjectFileError as error:
            QtWidgets.QMessageBox.critical(self, "保存失败", str(error))
            return False
        self.document.mark_saved(path)
        self.settings.add_recent_file(path)
        self.show_message(f"已保存到 {path}", False)
        return True

    def _changed_on_disk_decision(self, path: Path) -> str:
        """Before saving over the file this report came from: if someone changed it since (a colleague
        on the shared folder), ask — 另存为 keeps both, 覆盖 replaces theirs, 取消 saves nothing.
        "overwrite" (also when nothing changed), "save_as" or "cancel"."""
        known = self.document.file_identity
        if known is None or self.document.path is None or path != self.document.path:
            return "overwrite"
        from model.fileidentity import changed_since
        from ui import save_guard

        now = changed_since(path, known)
        return "overwrite" if now is None else save_guard.ask_changed_on_disk(self, path, now)

    # --- window state ----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.get(Settings.WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        splitter = self.settings.get(Settings.SPLITTER_STATE)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            QTimer.singleShot(0, lambda: self.splitter.setSizes([620, 180]))

    def save_window_state(self) -> None:
        self.settings.set(Settings.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(Settings.WINDOW_STATE, self.saveState())
        self.settings.set(Settings.SPLITTER_STATE, self.splitter.saveState())
        self.settings.sync()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # The editors and panels paint after the window itself, in the same pass:
            # the first frame is complete once control is back in the event loop.
            QTimer.singleShot(0, self.report_first_frame)

    def report_first_frame(self) -> None:
        """Emit firstPainted once: called when the first paint pass is over (by the
        event loop, or sooner by whoever painted the window synchronously)."""
        if self._painted and not self._first_frame_reported:
            self._first_frame_reported = True
            self.firstPainted.emit()
            self.undo_router.follow_focus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.save_window_state()
        self.background.wait()  # an export in progress finishes writing its file
        event.accept()
        self.closed.emit()

    def about(self) -> None:
        from ui.about_dialog import AboutDialog

        AboutDialog(self).exec()
