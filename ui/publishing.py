"""文件 → 导出 Word / 网页, 生成发布包, 打印, and the 附图 option: the window's publishing commands.

Every output is written from a snapshot of the report on the export queue (ui/tasks.py), with a
progress bar when it lasts (ui/export_progress.py); the formats and their writers come from the
registry (model/formats.py, export/writing.py). A report with errors is exported only when the
user says so; the bundle asks the same. Printing prints the PDF the preview shows: the same
renderer, the same bytes.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

from model.findings import Finding
from model.formats import Purpose, writer
from ui.export_progress import ExportProgress
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: What each format's exported file is called after the report's name, and the dialog's word for it.
FORMAT_NAMES = {
    Purpose.WRITE_DOCX: ("年度报告.docx", "Word"),
    Purpose.WRITE_HTML: ("年度报告.html", "网页"),
    Purpose.WRITE_HTML_BODY: ("年度报告（仅正文）.html", "网页（仅正文）"),
}


class Publishing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.progress = ExportProgress(window)

    @property
    def charts(self) -> bool:
        return self.window.settings.get(Settings.EXPORT_CHARTS)

    def set_charts(self, on: bool) -> None:
        """附图 on or off for every output: remembered, and the preview shows it at once."""
        self.window.settings.set(Settings.EXPORT_CHARTS, on)
        self.window.outputOptionsChanged.emit()

    # --- one file ------------------------------------------------------------------------------

    def export_docx_dialog(self) -> None:
        self.export_format_dialog(Purpose.WRITE_DOCX)

    def export_html_dialog(self) -> None:
        self.export_format_dialog(Purpose.WRITE_HTML)

    def export_html_body_dialog(self) -> None:
        self.export_format_dialog(Purpose.WRITE_HTML_BODY)

    def export_format_dialog(self, purpose: Purpose) -> None:
        name_end, kind = FORMAT_NAMES[purpose]
        charts = self.charts

        def export(report, path: Path) -> None:
            from export.writing import write_output  # the writer's library loads only when asked

            write_output(purpose, report, path, charts=charts)

        self.window.files.export_dialog(kind, name_end, writer(purpose).dialog_filter, export)

    # --- 发布包 -----------------------------------------------------------------------------------

    def bundle_dialog(self) -> None:
        window = self.window
        files = window.files
        if not files.confirm_export_with_errors():
            return
        from ui.bundle_dialog import BundleDialog

        report = window.document.report
        dialog = BundleDialog(window, report, files.export_folder(), self.charts)
        if not dialog.exec():
            return
        folder, make_zip, charts = dialog.folder(), dialog.make_zip(), dialog.charts()
        if charts != self.charts:
            self.set_charts(charts)
        snapshot = copy.deepcopy(report)
        findings: list[Finding] = list(window.document.findings)
        fonts_of, progress = window.pdf_fonts, self.progress

        def work():
            from export.bundle import write_bundle

            fonts = fonts_of() if fonts_of is not None else None  # resolving fonts reads files: not on the UI thread
            return write_bundle(snapshot, folder, findings, charts=charts, fonts=fonts, make_zip=make_zip,
                                progress=progress.report)

        def done(bundle) -> None:
            progress.finish()
            window.show_message(f"已生成发布包：{bundle.folder}", False)
            box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, "发布包已生成",
                                        f"已在“{bundle.folder}”中生成 {len(bundle.files)} 个文件"
                                        + (f"，并压缩为“{bundle.zip_path.name}”" if bundle.zip_path else "") + "。",
                                        parent=window)
            open_button = box.addButton("打开文件夹", QtWidgets.QMessageBox.ButtonRole.ActionRole)
            box.addButton("关闭", QtWidgets.QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is open_button:
                from PySide6.QtCore import QUrl  # PySide builds a class on first use: not at start-up
                from PySide6.QtGui import QDesktopServices

                QDesktopServices.openUrl(QUrl.fromLocalFile(str(bundle.folder)))

        def failed(error: BaseException) -> None:
            progress.finish()
            QtWidgets.QMessageBox.critical(window, "生成发布包失败", f"无法生成发布包：{error}")

        progress.start("正在生成发布包…")
        window.exports.run(work, done, failed)

    # --- 打印 ------------------------------------------------------------------------------------

    def print_dialog(self) -> None:
        window = self.window
        if window.pdf_renderer is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog

        from ui.printing import new_printer, print_pdf

        printer = new_printer()
        dialog = QPrintDialog(printer, window)
        dialog.setWindowTitle("打印年度报告")
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        snapshot = copy.deepcopy(window.document.report)
        render, progress = window.pdf_renderer, self.progress

        def work() -> int:
            return print_pdf(render(snapshot), printer, progress.report)

        def done(pages: int) -> None:
            progress.finish()
            window.show_message(f"已发送到打印机：{pages} 页", False)

        def failed(error: BaseException) -> None:
            progress.finish()
            QtWidgets.QMessageBox.critical(window, "打印失败", str(error))

        progress.start("正在打印…")
        window.exports.run(work, done, failed)
