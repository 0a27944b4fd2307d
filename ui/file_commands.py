"""文件 menu commands: 新建, 打开, 最近打开, 保存, 另存为, 导出 PDF / Excel (导入报告: ui/report_import.py;
Word, 网页, 发布包 and 打印: ui/publishing.py).

Nothing here reads or writes a file on the UI thread: opening, importing and saving wait for a
worker (ui/tasks.py `wait_for`: the window keeps painting, input waits, after a moment a busy
dialog says 正在打开… / 正在导入… / 正在保存…); exports run in the background from a snapshot and
say when they are done."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # dialogs through the module: PySide builds them when first used

from model import APP_NAME
from model.findings import Severity
from model.formats import EXCEL_IMPORT, Purpose, file_dialog_filter, writer
from model.projectfile import SUFFIX, ProjectFileError, load, write_report
from model.report import Report
from ui.tasks import T, WaitRefused, wait_for

if TYPE_CHECKING:
    from importing.result import ImportResult
    from ui.document import ReportDocument
    from ui.main_window import MainWindow

Exporter = Callable[[Report, Path], None]
FILE_FILTER = file_dialog_filter(Purpose.READ_REPORT)
OPENING, IMPORTING, SAVING = "正在打开…", "正在导入…", "正在保存…"


def read_workbook(path: Path, template_year: int | None = None) -> ImportResult:
    """The Excel import of `path` (on a worker thread: openpyxl loads there, not on the UI thread)."""
    import_xlsx = EXCEL_IMPORT.load()

    result: ImportResult = import_xlsx(path) if template_year is None else import_xlsx(path, template_year)
    return result


class FileCommands:
    """The file commands of `window`, acting on its document."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def document(self) -> ReportDocument:
        return self.window.document

    def wait(self, label: str, work: Callable[[], T]) -> T:
        """`work`'s result, read or written off the UI thread while the window waits (ui/tasks.py)."""
        return wait_for(self.window, label, work)

    def _refused(self, refused: WaitRefused) -> bool:
        self.window.show_message(str(refused), True)
        return False

    def start_folder(self) -> str:
        return str(self.document.path.parent) if self.document.path else str(Path.home())

    # --- unsaved changes, 新建 -------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask before unsaved changes are lost; False means the user cancelled."""
        if not self.document.is_modified():
            return True
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self.window, APP_NAME, f"“{self.document.display_name()}”有尚未保存的修改。是否保存？",
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    def new_report(self) -> None:
        if not self.maybe_save():
            return
        from ui.new_report_dialog import NewReportDialog  # loads when asked for

        dialog = NewReportDialog(self.window, self.document.report.meta.agency)
        if dialog.exec():
            self.document.replace(dialog.report(), None, modified=True)

    # --- 打开, 最近打开 -----------------------------------------------------------------------

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        name, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, "打开年报项目", self.start_folder(), FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        try:
            report = self.wait(OPENING, lambda: load(path))
        except WaitRefused as refused:
            return self._refused(refused)
        except ProjectFileError as error:
            QtWidgets.QMessageBox.warning(self.window, "无法打开", str(error))
            return False
        self.document.replace(report, path)
        self.window.settings.add_recent_file(path)
        return True

    def fill_recent_menu(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        recent = self.window.settings.recent_files()
        if not recent:
            menu.addAction("（无）").setEnabled(False)
            return
        for index, path in enumerate(recent, start=1):
            action = menu.addAction(f"&{index} {path.name}    {path.parent}")
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))

    def open_recent(self, path: Path) -> None:
        if not self.maybe_save():
            return
        if not path.exists():
            QtWidgets.QMessageBox.warning(self.window, "无法打开", f"文件“{path}”已不存在，已从最近打开列表中移除。")
            self.window.settings.remove_recent_file(path)
            return
        self.open_path(path)

    # --- 保存, 另存为 ---------------------------------------------------------------------------

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        meta = self.document.report.meta
        suggested = f"{meta.agency or '年报'}-{meta.year}{SUFFIX}"
        start = self.document.path or (Path.home() / suggested)
        name, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, "另存为", str(start), FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.name.endswith(".json"):
            path = path.with_name(path.name + SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        decision = self.changed_on_disk_decision(path)
        if decision == "save_as":
            return self.save_as()  # keeps the colleague's version and ours
        if decision == "cancel":
            return False
        # A snapshot, written off the UI thread: on a slow network share the window keeps painting
        # and, after a moment, says it is saving; typing waits until the file is written.
        report = self.document.report
        snapshot = copy.deepcopy(report)
        try:
            link = self.wait(SAVING, lambda: write_report(snapshot, path))
        except WaitRefused as refused:
            return self._refused(refused)
        except ProjectFileError as error:
            QtWidgets.QMessageBox.critical(self.window, "保存失败", str(error))
            return False
        if link is not None:
            link.apply_to(report)  # the link to last year's report, as the file now states it
        self.document.mark_saved(path)
        self.window.settings.add_recent_file(path)
        self.window.show_message(f"已保存到 {path}", False)
        return True

    def changed_on_disk_decision(self, path: Path) -> str:
        """Before saving over the file this report came from: if someone changed it since (a colleague
        on the shared folder), ask — 另存为 keeps both, 覆盖 replaces theirs, 取消 saves nothing.
        "overwrite" (also when nothing changed), "save_as" or "cancel"."""
        known = self.document.file_identity
        if known is None or self.document.path is None or path != self.document.path:
            return "overwrite"
        from model.fileidentity import changed_since
        from ui import save_guard

        now = changed_since(path, known)
        return "overwrite" if now is None else save_guard.ask_changed_on_disk(self.window, path, now)

    # --- 导入 (ui/report_import.py) ---------------------------------------------------------------

    def import_xlsx(self, path: Path) -> bool:
        """Read the workbook at `path`, preview it, and on the user's word put it in (one undo step)."""
        from ui.report_import import ReportImport

        return ReportImport(self.window).import_path(path)

    # --- 导出 PDF / Excel -------------------------------------------------------------------------

    def confirm_export_with_errors(self) -> bool:
        errors = [f for f in self.document.findings if f.severity is Severity.ERROR]
        if not errors:
            return True
        shown = "\n".join(f"· {f.message}" for f in errors[:5]) + ("\n……" if len(errors) > 5 else "")
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self.window, "报告有错误",
            f"报告中有 {len(errors)} 项错误，导出的文件将包含不一致的数字：\n\n{shown}\n\n仍要导出吗？",
            buttons.Yes | buttons.No, buttons.No)
        return answer == buttons.Yes

    def export_pdf_dialog(self) -> None:
        exporter = self.window.pdf_exporter
        if exporter is not None:
            self.export_dialog("PDF", "年度报告.pdf", writer(Purpose.WRITE_PDF).dialog_filter, exporter)

    def export_xlsx_dialog(self) -> None:
        excel = writer(Purpose.WRITE_XLSX)

        def export(report: Report, path: Path) -> None:
            excel.load()(report, path)  # openpyxl loads only when asked

        self.export_dialog("Excel", "年度报告统计表.xlsx", excel.dialog_filter, export)

    def export_folder(self) -> Path:
        """Where an export is proposed: beside the project file, else the home folder."""
        return self.document.path.parent if self.document.path else Path.home()

    def export_dialog(self, kind: str, name_end: str, file_filter: str, exporter: Exporter) -> None:
        """Ask before exporting a report with errors, ask where, then export a snapshot off the UI thread
        (with a progress bar when it lasts more than half a second)."""
        if not self.confirm_export_with_errors():
            return
        window = self.window
        meta = self.document.report.meta
        suffix = Path(name_end).suffix
        start = self.export_folder() / f"{meta.agency or '年报'}{meta.year}年政府信息公开工作{name_end}"
        name, _ = QtWidgets.QFileDialog.getSaveFileName(window, f"导出 {kind}", str(start), file_filter)
        if not name:
            return
        path = Path(name) if name.lower().endswith(suffix) else Path(name + suffix)
        snapshot = copy.deepcopy(self.document.report)
        progress = window.publishing.progress

        def done(_result: object) -> None:
            progress.finish()
            window.show_message(f"已导出 {kind}：{path}", False)

        def failed(error: BaseException) -> None:
            progress.finish()
            QtWidgets.QMessageBox.critical(window, "导出失败", f"无法导出“{path}”：{error}")

        window.show_message(f"正在导出 {path.name} …", False)
        progress.start(f"正在导出 {kind}…")
        window.exports.run(lambda: exporter(snapshot, path), done, failed)
