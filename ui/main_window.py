"""The main window: tabs for the metadata and the six sections, the findings panel, the preview
dock, the status bar — and the wiring between them.

The commands are elsewhere: the actions and menus in ui/window_actions.py, the tabs and their
editors in ui/editor_tabs.py, the file commands in ui/file_commands.py, last year's report in
ui/prior_flow.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # dialogs and the dock through the module: PySide builds them when first used
from PySide6.QtCore import QByteArray, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from model import APP_NAME
from model.findings import Finding, Severity
from model.signoff import count_signed
from ui.document import ReportDocument
from ui.editor_tabs import EditorTabs
from ui.file_commands import Exporter, FileCommands
from ui.findings_panel import FindingsPanel, summary_text
from ui.publishing import Publishing
from ui.settings import Settings
from ui.tasks import TaskQueue
from ui.window_actions import build_actions, build_menus

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from export.fonts import FontSet
    from model.paste import PastePlan
    from model.report import Report
    from ui.batch_window import BatchWindow
    from ui.find_replace import FindReplaceBar
    from ui.undo_router import UndoRouter


#: The first window's size (no saved geometry) where the screen's work area has room for it and its frame.
FIRST_SIZE = (1280, 820)
#: Title bar and borders, which the window manager adds around the size asked for.
FRAME_ALLOWANCE = (16, 48)


def first_window_geometry(available: QRect) -> QRect | None:
    """The first window in the work area `available`: FIRST_SIZE centred, or None where that does not fit with
    its frame and the window opens maximized instead (a 1366×768 office screen leaves about 1366×728 above
    the Windows taskbar, and a window taller than that would hide its status bar below the screen)."""
    width, height = FIRST_SIZE
    if available.width() < width + FRAME_ALLOWANCE[0] or available.height() < height + FRAME_ALLOWANCE[1]:
        return None
    return QRect(available.x() + (available.width() - width) // 2, available.y() + (available.height() - height) // 2,
                 width, height)


class MainWindow(QMainWindow):
    #: The window closed for good (after any unsaved changes were saved or discarded).
    closed = Signal()
    #: The user chose other PDF fonts (the session re-renders the preview).
    fontsChanged = Signal()
    #: An option of every output changed (附图 on or off): the preview renders again.
    outputOptionsChanged = Signal()
    #: The first frame of the window, with all its children, is painted (start-up measurement).
    firstPainted = Signal()

    # Set by build_actions and build_menus (ui/window_actions.py): one action per command of COMMANDS.
    new_action: QAction
    open_action: QAction
    save_action: QAction
    save_as_action: QAction
    quit_action: QAction
    auto_totals_action: QAction
    fill_zero_action: QAction
    next_finding_action: QAction
    toggle_findings_action: QAction
    find_action: QAction
    replace_action: QAction
    find_next_action: QAction
    find_previous_action: QAction
    about_action: QAction
    guide_action: QAction
    export_pdf_action: QAction
    export_xlsx_action: QAction
    export_docx_action: QAction
    export_html_action: QAction
    export_html_body_action: QAction
    bundle_action: QAction
    print_action: QAction
    charts_action: QAction
    import_report_action: QAction
    paste_import_action: QAction
    confirm_cells_action: QAction
    confirm_all_action: QAction
    attach_prior_action: QAction
    new_from_prior_action: QAction
    fonts_action: QAction
    batch_action: QAction
    toggle_preview_action: QAction
    recalculate_totals_action: QAction
    zoom_in_action: QAction
    guide_panel_action: QAction
    zoom_out_action: QAction
    zoom_reset_action: QAction
    undo_router: UndoRouter
    undo_action: QAction
    redo_action: QAction
    recent_menu: QMenu

    def __init__(self, document: ReportDocument, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.editor_tabs = EditorTabs(self.tabs, document, settings.get(Settings.EDITOR_ZOOM))
        self.editor_tabs.message.connect(self.show_message)
        self.editor_tabs.zoomChanged.connect(self._remember_zoom)
        self.editor_tabs.pasteRejected.connect(self._paste_rejected)
        self.findings_panel = FindingsPanel(document, self)
        self.findings_panel.findingActivated.connect(self.go_to_finding)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        # The tabs, and under them the find bar once it is first asked for (ui/find_replace.py loads then).
        self.tabs_holder = QWidget(self)
        holder_layout = QVBoxLayout(self.tabs_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.setSpacing(0)
        holder_layout.addWidget(self.tabs, 1)
        self._find_bar: FindReplaceBar | None = None
        self._batch_window: BatchWindow | None = None
        self.splitter.addWidget(self.tabs_holder)
        self.splitter.addWidget(self.findings_panel)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.status_findings = QLabel(self)
        self.status_findings.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.status_findings)
        self.files = FileCommands(self)
        #: Exports write one file at a time, in the background.
        self.exports = TaskQueue(self)
        self.pdf_exporter: Exporter | None = None
        #: The preview's renderer (report → PDF bytes) and the fonts it uses, once the PDF service is attached.
        self.pdf_renderer: Callable[[Report], bytes] | None = None
        self.pdf_fonts: Callable[[], FontSet] | None = None
        self.publishing = Publishing(self)
        self.preview_dock: QtWidgets.QDockWidget | None = None
        self._painted = False
        self._first_frame_reported = False
        build_actions(self)
        self.auto_totals_action.setChecked(document.auto_totals())
        self.auto_totals_action.toggled.connect(self._set_auto_totals)
        self.toggle_findings_action.setChecked(True)
        self.toggle_findings_action.toggled.connect(self.findings_panel.setVisible)
        self.charts_action.setChecked(self.publishing.charts)
        self.charts_action.toggled.connect(self.publishing.set_charts)
        self.editor_tabs.guide_visible = settings.get(Settings.GUIDE_PANEL)
        self.guide_panel_action.setChecked(self.editor_tabs.guide_visible)
        self.guide_panel_action.toggled.connect(self._show_guide_panel)
        # Ctrl+= as well as Ctrl++: on most keyboards + is Shift+=.
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence(QKeySequence.StandardKey.ZoomIn)])
        build_menus(self)
        self.editor_tabs.rebuild()
        # Bound methods, not lambdas: a connection to a method of this window ends with the window,
        # so a document that outlives it never calls into a deleted window.
        document.findingsChanged.connect(self._show_findings_summary)
        document.modifiedChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_title)
        document.reportReplaced.connect(self.editor_tabs.rebuild)
        self._show_findings_summary(document.findings)
        self._update_title()
        self._restore_geometry()

    # --- tabs and editors (ui/editor_tabs.py) ----------------------------------------------

    @property
    def editors(self) -> dict[str, QWidget]:
        """The editors built so far, by tab ("meta", "s1" … "s6")."""
        return self.editor_tabs.editors

    def editor(self, key: str) -> QWidget:
        """The editor of a tab ("meta", "s1" … "s6"), built on first use."""
        return self.editor_tabs.editor(key)

    def current_editor(self) -> QWidget:
        return self.editor_tabs.current_editor()

    def show_tab(self, key: str) -> QWidget:
        return self.editor_tabs.show_tab(key)

    # --- 查找和替换 (ui/find_replace.py: loads when first asked for) ----------------------------

    @property
    def find_bar(self) -> FindReplaceBar:
        if self._find_bar is None:
            from ui.find_replace import FindReplaceBar, editor_finder

            self._find_bar = FindReplaceBar(self.document, editor_finder(self.editor_tabs), self.tabs_holder)
            layout = self.tabs_holder.layout()
            assert layout is not None
            layout.addWidget(self._find_bar)
        return self._find_bar

    def open_find(self) -> None:
        self.find_bar.open_find()

    def open_replace(self) -> None:
        self.find_bar.open_replace()

    def find_next(self) -> None:
        self.find_bar.find_next()

    def find_previous(self) -> None:
        self.find_bar.find_previous()

    # --- files (ui/file_commands.py) ----------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask before unsaved changes are lost; False means the user cancelled."""
        return self.files.maybe_save()

    def save(self) -> bool:
        return self.files.save()

    def save_as(self) -> bool:
        return self.files.save_as()

    def _save_to(self, path: Path) -> bool:
        # Kept for the tests that save to a given path (tests/test_prior_trust.py, test_data_folder_junk.py).
        return self.files.save_to(path)

    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def import_xlsx(self, path: Path) -> bool:
        return self.files.import_xlsx(path)

    # --- 导入报告 (ui/report_import.py: loads when asked for) -----------------------------------

    def import_report_dialog(self) -> None:
        from ui.report_import import ReportImport

        ReportImport(self).import_dialog()

    def paste_import_dialog(self) -> None:
        from ui.report_import import ReportImport

        ReportImport(self).paste_dialog()

    def import_report(self, path: Path) -> bool:
        """Read `path` (any format read), preview it and put it in as the user chooses."""
        from ui.report_import import ReportImport

        return ReportImport(self).import_path(path)

    # --- last year's report (ui/prior_flow.py) ----------------------------------------------

    def attach_prior_dialog(self) -> None:
        from ui.prior_flow import attach_prior_dialog

        attach_prior_dialog(self)

    def new_from_prior_dialog(self) -> None:
        from ui.prior_flow import new_from_prior_dialog

        new_from_prior_dialog(self)

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

    def attach_pdf_service(self, render: Callable[[Report], bytes], export: Exporter,
                           fonts: Callable[[], FontSet]) -> None:
        """The PDF renderer (the preview's), its exporter and its fonts: PDF export, printing and the bundle."""
        self.pdf_renderer, self.pdf_exporter, self.pdf_fonts = render, export, fonts
        for action in (self.export_pdf_action, self.print_action, self.bundle_action, self.fonts_action):
            action.setEnabled(True)

    def open_batch(self) -> None:
        """工具 → 批量检查: its window (one, kept while the main window lives; ui/batch_window.py loads now)."""
        if self._batch_window is None:
            from ui.batch_window import BatchWindow

            self._batch_window = BatchWindow(self)
            screen = self.screen().availableGeometry()
            self._batch_window.resize(min(1280, screen.width() - 40), min(760, screen.height() - 60))
        self._batch_window.show()
        self._batch_window.raise_()
        self._batch_window.activateWindow()

    def choose_fonts(self) -> None:
        from ui.font_dialog import FontDialog  # reads font files: only when asked

        if FontDialog(self.settings, self).exec():
            self.fontsChanged.emit()

    # --- findings ------------------------------------------------------------------------

    def _show_findings_summary(self, findings: list[Finding]) -> None:
        if not self.document.checked:
            self.status_findings.setText("正在检查…")
            return
        errors = sum(f.severity is Severity.ERROR for f in findings)
        signed = count_signed(self.document.report, findings)  # 「警告 5（已核实 2）」, as in the panel
        self.status_findings.setText(summary_text(errors, len(findings) - errors, signed))
        colour = "#b3261e" if errors else "#1e6b34"
        self.status_findings.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def go_to_finding(self, finding: Finding) -> None:
        """Show the tab of what `finding` is about and select it there (editor_tabs.Editor.go_to)."""
        self.editor_tabs.go_to(finding.location)

    def next_finding(self) -> None:
        tree = self.findings_panel.tree
        if tree.topLevelItemCount() == 0:
            return
        current = tree.currentItem()
        row = (tree.indexOfTopLevelItem(current) + 1) % tree.topLevelItemCount() if current else 0
        item = tree.topLevelItem(row)
        if item is None:  # pragma: no cover - row is within topLevelItemCount()
            return
        tree.setCurrentItem(item)
        self.findings_panel.findingActivated.emit(item.data(0, Qt.ItemDataRole.UserRole + 1))

    # --- editing ---------------------------------------------------------------------------

    def _set_auto_totals(self, enabled: bool) -> None:
        self.document.set_auto_totals(enabled)
        self.settings.set(Settings.AUTO_TOTALS, enabled)

    def fill_blanks_with_zero(self) -> None:
        editor = self.current_editor()
        views = getattr(editor, "views", None)
        if views is None:  # not a table section's editor
            self.show_message("请先切换到表格页（二、三、四）", True)
            return
        cells = self.document.report.cells
        keys = [key for table, _row, row_keys in self.document.report.template.row_keys if table.id in views
                for key in row_keys if key in cells and cells[key] is None and not self.document.is_computed(key)]
        if not keys:
            self.show_message("当前表格没有空白单元格", False)
            return
        self.document.set_cells(dict.fromkeys(keys, 0), f"空白单元格填 0（{len(keys)} 个）", confirm=False)
        self.show_message(f"已将 {len(keys)} 个空白单元格填为 0", False)

    def confirm_selected_cells(self) -> None:
        """确认此单元格: the uncertain cells selected in the current table tab, as they are."""
        views = getattr(self.current_editor(), "views", {})
        if not any(view.confirm_selection() for view in views.values() if view.selected_uncertain()):
            self.show_message("请先在表格中选中标为“需核对”的单元格", True)

    def confirm_all_cells(self) -> None:
        """确认全部导入数字: every uncertain cell of the report, as it is (one undo step)."""
        count = self.document.confirm_cells(sorted(self.document.report.uncertain), "确认全部导入数字")
        self.show_message(f"已确认全部导入数字（{count} 个单元格）" if count else "没有需要确认的导入数字", False)

    def show_message(self, text: str, problem: bool) -> None:
        self.statusBar().showMessage(("⚠ " if problem else "") + text, 8000)

    def _paste_rejected(self, plan: PastePlan) -> None:
        """A refused paste: the table's message bar says why; the dialog only when the bar cannot list it all."""
        from ui.table_view import REFUSAL_REASONS

        if len(plan.errors) <= REFUSAL_REASONS:
            return
        errors = plan.errors
        shown = "\n".join(errors[:12]) + (f"\n……共 {len(errors)} 处" if len(errors) > 12 else "")
        QtWidgets.QMessageBox.warning(self, "无法粘贴", f"{plan.headline}：\n\n{shown}")

    def recalculate_totals(self) -> None:
        """重新计算合计: every stated total set to the sum of its parts, in one undo step."""
        from model.autototal import recomputed_totals

        updates = recomputed_totals(self.document.report)
        if not updates:
            self.show_message("合计均已正确", False)
            return
        self.document.set_cells(updates, f"重新计算合计（{len(updates)} 个）", derive_totals=False, confirm=False)
        self.show_message(f"已重新计算 {len(updates)} 个合计", False)

    def _show_guide_panel(self, visible: bool) -> None:
        self.editor_tabs.set_guide_visible(visible)
        self.settings.set(Settings.GUIDE_PANEL, visible)

    def _remember_zoom(self, percent: int) -> None:
        self.settings.set(Settings.EDITOR_ZOOM, percent)
        self.show_message(f"缩放 {percent}%", False)

    # --- window state ----------------------------------------------------------------------------

    def _update_title(self, *_changed: object) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified())

    def _restore_geometry(self) -> None:
        geometry = self.settings.get(Settings.WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(*FIRST_SIZE)  # also the size it has when the user restores it from maximized
            screen = self.screen()
            if screen is not None:  # where no screen is known, the window keeps FIRST_SIZE
                placed = first_window_geometry(screen.availableGeometry())
                if placed is not None:
                    self.setGeometry(placed)
                else:
                    self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        splitter = self.settings.get(Settings.SPLITTER_STATE)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            QTimer.singleShot(0, self._default_splitter_sizes)

    def _default_splitter_sizes(self) -> None:
        self.splitter.setSizes([620, 180])

    def save_window_state(self) -> None:
        self.settings.set(Settings.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(Settings.WINDOW_STATE, self.saveState())
        self.settings.set(Settings.SPLITTER_STATE, self.splitter.saveState())
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.undo_router.follow_focus()

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

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.save_window_state()
        if self._batch_window is not None:
            self._batch_window.close()  # a batch still running is cancelled, its processes stopped
        self.exports.wait()  # an export in progress finishes writing its file
        event.accept()
        self.closed.emit()

    def open_guide(self) -> None:
        """帮助 → 填报说明 (F1): at the current table cell's entry, else at the current section's."""
        from ui.guide_dialog import current_cell_anchor, show_guide

        show_guide(self, current_cell_anchor(self))

    def about(self) -> None:
        from ui.about_dialog import AboutDialog

        AboutDialog(self).exec()
