"""文件 → 导入报告… and 粘贴文本导入…: a report read from a workbook, a Word document, a saved web page,
a PDF or pasted text, previewed (ui/import_dialog.py) before anything changes, then put in as the
person chooses: in place of the current report (one undo step), as a new untitled report, or only
its tables.

The formats are the registry's (model/formats.py): every reader but the project file's. Reading
runs off the UI thread (`FileCommands.wait`), like opening and saving."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

from model.autototal import total_updates
from model.formats import ALL_FILES, EXCEL_IMPORT, FORMATS, PROJECT_FILE, FileFormat
from ui import file_commands
from ui.dialog_buttons import ok_cancel_buttons
from ui.import_dialog import ImportChoice, ImportReportDialog
from ui.tasks import WaitRefused

if TYPE_CHECKING:
    from importing.result import ImportResult
    from model.report import CellKey, Report
    from ui.main_window import MainWindow

IMPORTING = file_commands.IMPORTING
PASTED_NAME = "粘贴的文本"


# --- the formats and reading (also for last year's report, ui/prior_flow.py) -------------------------


def import_formats() -> list[FileFormat]:
    """Every format a report is imported from: the registry's readers but the project file (with the
    legacy formats, which are recognised to be refused with how to save them anew)."""
    return [f for f in FORMATS if f.purpose.reads and f is not PROJECT_FILE]


def import_filter(*extra: FileFormat) -> str:
    """A file dialog's filter: every format read (and `extra`, e.g. the project file) in one entry,
    then each format on its own, then all files."""
    found = [f for f in (*extra, *import_formats()) if f.listed]
    patterns = " ".join(dict.fromkeys("*" + s for f in found for s in f.suffixes))
    names = "、".join(dict.fromkeys(f.name for f in found))
    each = ";;".join(dict.fromkeys(f.dialog_filter for f in found))
    return f"{names} ({patterns});;{each};;{ALL_FILES}"


def is_workbook(path: Path) -> bool:
    """Whether `path` is read by the Excel import (its tables are what it has)."""
    return EXCEL_IMPORT.matches(path)


def read_import(path: Path, template_year: int | None = None) -> ImportResult:
    """The import of `path`, whatever its format (on a worker thread: the readers' libraries load there).
    A file no reader of the registry knows goes to the document reader, which refuses it with a
    message that names the format (.doc, .wps: how to save it as .docx)."""
    if is_workbook(path):
        return file_commands.read_workbook(path, template_year)
    reader = next((f for f in import_formats() if f.matches(path)), None)
    if reader is not None:
        read = reader.load()
    else:
        from importing.documents import import_document as read
    result: ImportResult = read(path) if template_year is None else read(path, template_year)
    return result


def is_import_error(error: BaseException) -> bool:
    """Whether `error` is a reader's own (its message is for the person): a workbook's or a document's."""
    from importing.document import DocumentError

    errors = tuple(e for f in import_formats() for e in f.load_errors())
    return isinstance(error, (DocumentError, *errors))


# --- pasted text -----------------------------------------------------------------------------------


class PasteTextDialog(QtWidgets.QDialog):
    """A box to paste a report's text into (copied from Word, a web page or a PDF viewer)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("粘贴文本导入")
        explain = QtWidgets.QLabel("把年度报告的全文（从 Word、网页或 PDF 阅读器中复制）粘贴到下面，"
                                   "然后点击“读取”。读到的内容先显示出来，确认后才会放入报告。", self)
        explain.setWordWrap(True)
        self.editor = QtWidgets.QPlainTextEdit(self)
        self.editor.setPlaceholderText("在此粘贴（Ctrl+V）")
        self.buttons = ok_cancel_buttons(self, "读取")
        self.editor.textChanged.connect(self._update_ok)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.resize(760, 560)

    def text(self) -> str:
        return self.editor.toPlainText()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.text().strip()))


# --- the flow ----------------------------------------------------------------------------------------


class ReportImport:
    """文件 → 导入报告… and 粘贴文本导入… of `window`."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def import_dialog(self) -> None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, "导入报告", self.window.files.start_folder(),
                                                        import_filter())
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> bool:
        """Read `path`, preview it, and put it in as the person chooses; False if nothing changed."""
        template_year = self.window.document.report.template_year
        result = self._read(lambda: read_import(path, template_year))
        return result is not None and self.apply(result, workbook=is_workbook(path))

    def paste_dialog(self) -> None:
        dialog = PasteTextDialog(self.window)
        if dialog.exec():
            self.import_text(dialog.text())

    def import_text(self, text: str) -> bool:
        """Read pasted `text`, preview it, and put it in as the person chooses; False if nothing changed."""
        template_year = self.window.document.report.template_year

        def read() -> ImportResult:
            from importing.documents import import_text

            return import_text(text, PASTED_NAME, template_year)

        result = self._read(read)
        return result is not None and self.apply(result, workbook=False)

    def _read(self, work: Callable[[], ImportResult]) -> ImportResult | None:
        window = self.window
        try:
            return window.files.wait(IMPORTING, work)
        except WaitRefused as refused:
            window.show_message(str(refused), True)
            return None
        except Exception as error:
            if not is_import_error(error):
                raise
            QtWidgets.QMessageBox.warning(window, "无法导入", str(error))
            return None

    def apply(self, result: ImportResult, workbook: bool) -> bool:
        """The preview, then what the person chose."""
        document = self.window.document
        conflict = year_conflict(result, document.report.meta.year, workbook)
        dialog = ImportReportDialog(result, self.window, conflict, workbook=workbook)
        if not dialog.exec():
            return False
        if dialog.choice is ImportChoice.TABLES:
            return self._put_tables(result, workbook)
        # Replacing keeps the current report's link to last year (it is about the same report); a new
        # report is another agency's or another year's, and a link carried over would compare it wrongly.
        report = imported_report(result, document.report if dialog.choice is ImportChoice.REPLACE else None)
        if not report.meta.year_known:  # never guessed: the person says which year the report is for
            from ui.prior_flow import ask_year

            year = ask_year(self.window, "导入报告", result.path, document.report.meta.year)
            if year is None:
                return False
            report.meta.year = year
        if dialog.choice is ImportChoice.NEW and not self.window.files.maybe_save():
            return False
        disagree = self._keep_stated_totals(report)
        name = result.path.name
        if dialog.choice is ImportChoice.REPLACE:
            document.replace_report(report, f"导入报告（{name}）")
            done = f"已用“{name}”替换当前报告（可撤销）"
        else:
            untitled = f"{report.meta.year} 年度报告（未命名）" if report.meta.year_known else "导入的报告（未命名）"
            document.replace(report, None, modified=True, untitled_name=untitled)
            done = f"已从“{name}”新建报告"
        document.uncertain_reasons.update(uncertain_reasons(result))
        self.window.show_message(done + self._notes(result, disagree), disagree or bool(result.uncertain))
        return True

    def _put_tables(self, result: ImportResult, workbook: bool) -> bool:
        document = self.window.document
        disagree = bool(total_updates(document.report, dict(result.placed)))
        if disagree and document.auto_totals():
            self.window.auto_totals_action.setChecked(False)
        document.uncertain_reasons.update(uncertain_reasons(result))
        source = "从 Excel 导入表格" if workbook else "导入表格"
        document.set_cells(dict(result.placed), f"{source}（{result.path.name}）", derive_totals=False,
                           uncertain=result.uncertain)
        self.window.show_message(f"已导入 {len(result.placed)} 个单元格" + self._notes(result, disagree),
                                 disagree or bool(result.uncertain))
        return True

    def _keep_stated_totals(self, report: Report) -> bool:
        """Totals are taken as the file states them: the checks judge them, and auto-totals is switched
        off when it would overwrite a stated total that does not add up. True when one does not."""
        disagree = bool(total_updates(report))
        if disagree and self.window.document.auto_totals():
            self.window.auto_totals_action.setChecked(False)
        return disagree

    @staticmethod
    def _notes(result: ImportResult, disagree: bool) -> str:
        note = "；文件中有合计与各项之和不一致，已按原值保留并关闭自动合计" if disagree else ""
        if result.uncertain:
            note += f"；{len(result.uncertain)} 个单元格未能确定，已在表格中标出，请核对后确认"
        return note


def imported_report(result: ImportResult, current: Report | None) -> Report:
    """The report to show for `result`: as read, every uncertain cell marked, and the `current` report's
    link to last year's report kept when the file brings none (it replaces the current report)."""
    report = copy.deepcopy(result.report)
    report.uncertain |= set(result.uncertain)
    if report.prior is None and current is not None and current.prior is not None:
        report.prior = current.prior
    return report


def uncertain_reasons(result: ImportResult) -> dict[CellKey, str]:
    """Why each uncertain cell is, with where it was read, for the editor's tooltip."""
    reasons = {}
    for key, reason in result.uncertain.items():
        source = result.sources.get(key)
        reasons[key] = f"{reason}（原文：{source}）" if source else reason
    return reasons


def year_conflict(result: ImportResult, report_year: int, workbook: bool) -> str | None:
    """The sentence for a file stating another report year than the current report's, else None."""
    conflict = result.year_conflict(report_year)
    if conflict is None or workbook:
        return conflict
    return conflict.replace("工作簿为", "文件为" if result.path.name != PASTED_NAME else "粘贴的文本为", 1)
