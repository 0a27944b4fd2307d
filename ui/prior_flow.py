"""Last year's report in the window: 文件 → 关联上年报告 and 文件 → 从上年报告新建.

Last year's report is a project file or any file 文件 → 导入报告 reads (a workbook, a Word document, a
saved web page, a PDF, a text file); one that does not state its year is given one by the user, never
guessed. A report read from anything but a project file is always embedded: re-reading a PDF on every
load would be slow, and could read it differently.

A link a file names is opened only within the folder holding both years (model/priorlink.py);
when one was not opened, `RelinkOffer` says so once in the status bar and points at
文件 → 关联上年报告, where the user picks the file (a link chosen so is trusted).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from model.formats import PROJECT_FILE
from model.priorlink import REFUSED, is_refused
from model.projectfile import ProjectFileError, load
from model.report import Report
from ui.tasks import WaitRefused

if TYPE_CHECKING:
    from ui.main_window import MainWindow

READING = "正在读取上年报告…"


def is_project_file(path: Path) -> bool:
    """Whether `path` is a project file (linked or embedded as the user says); anything else is imported."""
    return PROJECT_FILE.matches(path)


def read_prior(window: MainWindow, title: str) -> tuple[Report, Path] | None:
    """Ask for last year's report (a project file, or any file the import reads) and read it off the UI
    thread (the window keeps painting; after a moment it says 正在读取上年报告…)."""
    from ui.report_import import import_filter, is_import_error, read_import

    document = window.document
    start = str(document.path.parent) if document.path else str(Path.home())
    name, _ = QtWidgets.QFileDialog.getOpenFileName(window, title, start, import_filter(PROJECT_FILE))
    if not name:
        return None
    path = Path(name)
    project = is_project_file(path)
    try:
        read = window.files.wait(READING, lambda: load(path) if project else read_import(path))
    except WaitRefused as refused:
        window.show_message(str(refused), True)
        return None
    except ProjectFileError as error:
        QtWidgets.QMessageBox.warning(window, title, str(error))
        return None
    except Exception as error:
        if not is_import_error(error):
            raise
        QtWidgets.QMessageBox.warning(window, title, str(error))
        return None
    if isinstance(read, Report):  # a project file
        return read, path
    report = read.report
    report.uncertain |= set(read.uncertain)
    if not report.meta.year_known:  # never guessed: the user says which year it is
        year = ask_year(window, title, path, document.report.meta.year - 1)
        if year is None:
            return None
        report.meta.year = year
    return report, path


def uncertain_note(prior: Report) -> str:
    """What the status bar adds when last year's report has cells its import was not sure of."""
    count = len(prior.uncertain)
    return f"；上年报告中有 {count} 个单元格导入时未能确定，跨年度核对以其为准前请核对原文" if count else ""


def ask_year(window: QtWidgets.QWidget, title: str, path: Path, suggested: int) -> int | None:
    """The report year of a file (a workbook, a document) that does not state one, from the user; None if
    cancelled."""
    dialog = QtWidgets.QInputDialog(window)
    dialog.setWindowTitle(title)
    dialog.setLabelText(f"“{path.name}”中没有写明报告年度。\n请填写这份报告的报告年度：")
    dialog.setInputMode(QtWidgets.QInputDialog.InputMode.IntInput)
    dialog.setIntRange(1990, 2100)
    dialog.setIntValue(suggested if 1990 <= suggested <= 2100 else date.today().year - 1)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    return dialog.intValue() if dialog.exec() else None


def attach_prior_dialog(window: MainWindow) -> None:
    chosen = read_prior(window, "关联上年报告")
    if chosen is None:
        return
    prior, path = chosen
    embed = not is_project_file(path)  # an imported report is read once and kept as a copy
    if not embed:
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            window, "关联上年报告",
            f"已读取“{path.name}”（{prior.meta.year} 年度）。\n\n"
            "“是”：按文件位置关联（上年文件改动后随之更新；移动文件后需重新关联）。\n"
            "“否”：把上年报告的副本嵌入本报告（随本文件保存，不依赖原文件）。",
            buttons.Yes | buttons.No | buttons.Cancel, buttons.Yes)
        if answer == buttons.Cancel:
            return
        embed = answer == buttons.No
    from model.crossyear import attach_prior

    attach_prior(window.document.report, prior, str(path.resolve()), embed=embed)
    window.document.content_changed()
    window.show_message(f"已关联上年报告：{path.name}" + uncertain_note(prior), bool(prior.uncertain))


def new_from_prior_dialog(window: MainWindow) -> None:
    if not window.files.maybe_save():
        return
    chosen = read_prior(window, "从上年报告新建")
    if chosen is None:
        return
    prior, path = chosen
    from model.crossyear import new_from_prior

    report = new_from_prior(prior, str(path.resolve()), embed=not is_project_file(path))
    window.document.replace(report, None, modified=True, untitled_name=f"{report.meta.year} 年度报告（未命名）")
    window.show_message(f"已从 {prior.meta.year} 年度报告新建：上年结转已按上年“结转下年度继续办理”预填，请核对",
                        False)


# --- a link the file names but that was not opened -------------------------------------------


def relink_offer_text(report: Report) -> str | None:
    """What to tell the user when `report`'s link to last year's report was not opened because of
    what it names; None otherwise (no link, opened, or missing for another reason)."""
    prior = report.prior
    if prior is None or not is_refused(prior):
        return None
    reason = (prior.problem or "")[len(REFUSED):].lstrip("：")
    return (f"上年报告的链接“{prior.path}”{REFUSED}（{reason}）。"
            f"如确为上年报告，请用“文件 → 关联上年报告”重新选择它")


class RelinkOffer(QtCore.QObject):
    """Once per opened report whose link was not opened: a status-bar message suggesting
    文件 → 关联上年报告 (never a dialog, so opening a file is never interrupted)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: Every offer made, in order (what the status bar showed).
        self.offered: list[str] = []
        self._made: set[tuple[str, str | None]] = set()
        window.document.reportReplaced.connect(self.check)

    def check(self, show: bool = True) -> str | None:
        """Make the offer if the report now shown needs one not yet made; the text, else None.
        With `show` False the caller shows the text (start-up joins it with its own notes)."""
        document = self.window.document
        text = relink_offer_text(document.report)
        if text is None or document.report.prior is None:
            return None
        key = (str(document.path), document.report.prior.path)
        if key in self._made:
            return None
        self._made.add(key)
        self.offered.append(text)
        if show:
            self.window.show_message(text, True)
        return text
