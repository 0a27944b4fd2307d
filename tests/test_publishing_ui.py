"""The window's publishing commands: Word and web page exports, the bundle, printing, 附图, progress."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from export.bundle import CHECKSUMS, base_name
from tests.sessions import menu_titled, menus_of
from ui.app import Session
from ui.export_progress import SHOW_AFTER_MS
from ui.printing import PrintError, new_printer, print_pdf
from ui.settings import Settings


def _pages(data: bytes) -> int:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return document.pageCount()


def test_the_file_menu_offers_every_output_and_print(session: Session) -> None:
    window = session.window
    file_menu = menu_titled(window, "文件")
    texts = [a.text() for a in file_menu.actions()]
    for name in ("导出 PDF(&D)…", "导出 Word(&W)…", "导出网页(&H)…", "导出网页（仅正文）(&B)…", "导出 Excel(&E)…",
                 "生成发布包(&K)…", "打印(&P)…"):
        assert name in texts
    assert window.print_action.shortcut().toString() == "Ctrl+P"
    for menu in menus_of(window):  # Alt+letter reaches one entry of each menu
        keys = [a.text().split("(&")[1][0] for a in menu.actions() if "(&" in a.text()]
        assert len(keys) == len(set(keys)), (menu.title(), keys)
    assert window.print_action.isEnabled() and window.bundle_action.isEnabled()


def test_print_paints_the_chosen_pages_and_copies(session: Session, tmp_path: Path) -> None:
    data = session.pdf.render(session.document.report)
    total = _pages(data)
    assert total >= 4
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)
    steps: list[int] = []
    painted = print_pdf(data, printer, lambda done, _total, _what: steps.append(done))
    copies = 1 if printer.supportsMultipleCopies() else 2
    assert painted == 2 * copies and steps[-1] == painted
    assert _pages(out.read_bytes()) == painted


def test_print_refuses_a_range_outside_the_report(session: Session) -> None:
    data = session.pdf.render(session.document.report)
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setFromTo(90, 95)
    with pytest.raises(PrintError, match="页码范围"):
        print_pdf(data, printer)
    with pytest.raises(PrintError):
        print_pdf(b"not a pdf", printer)


def test_export_word_and_web_page_from_the_menu(qtbot, session: Session, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for action, name in ((session.window.export_docx_action, "报告.docx"),
                         (session.window.export_html_action, "报告.html"),
                         (session.window.export_html_body_action, "正文.html")):
        target = tmp_path / name
        monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *_a, t=target: (str(t), ""))
        action.trigger()
        qtbot.waitUntil(target.exists, timeout=30_000)
        session.window.exports.wait()
    assert zipfile.is_zipfile(tmp_path / "报告.docx")
    assert "<html" in (tmp_path / "报告.html").read_text(encoding="utf-8")
    assert "<html" not in (tmp_path / "正文.html").read_text(encoding="utf-8")


def test_the_bundle_from_the_menu(qtbot, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.bundle_dialog import BundleDialog

    def accept(dialog: BundleDialog) -> int:
        dialog.place.setText(str(tmp_path))
        dialog.zip_box.setChecked(True)
        return 1

    shown: list[str] = []
    monkeypatch.setattr(BundleDialog, "exec", accept)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    session.window.bundle_action.trigger()
    folder = tmp_path / base_name(session.document.report)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert (folder / CHECKSUMS).exists() and folder.with_name(folder.name + ".zip").exists()
    assert "7 个文件" in shown[0]


def test_the_bundle_asks_before_replacing_an_earlier_one(session: Session, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.bundle_dialog import BundleDialog

    folder = tmp_path / base_name(session.document.report)
    folder.mkdir()
    (folder / CHECKSUMS).write_text("old", encoding="utf-8")
    dialog = BundleDialog(session.window, session.document.report, tmp_path, False)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.No)
    dialog.accept()
    assert asked and CHECKSUMS in asked[0] and dialog.result() == 0
    dialog.close()


def test_charts_option_is_remembered_and_renders_the_preview_again(qtbot, session: Session) -> None:
    window = session.window
    assert not window.charts_action.isChecked()
    with qtbot.waitSignal(window.outputOptionsChanged, timeout=2_000):
        window.charts_action.setChecked(True)
    assert window.settings.get(Settings.EXPORT_CHARTS) is True
    window.charts_action.setChecked(False)
    assert window.settings.get(Settings.EXPORT_CHARTS) is False


def test_progress_shows_only_for_work_that_lasts(qtbot, session: Session) -> None:
    progress = session.window.publishing.progress
    progress.start("正在导出…")
    assert not progress.visible
    qtbot.wait(SHOW_AFTER_MS + 200)
    assert progress.visible
    progress.report(3, 8, "网页")
    qtbot.waitUntil(lambda: progress.bar.value() == 3, timeout=2_000)
    assert progress.bar.maximum() == 8 and "网页" in progress.label.text()
    progress.finish()
    assert not progress.visible
