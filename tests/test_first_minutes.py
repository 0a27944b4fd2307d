"""A new user's first minutes, as one journey through the window: 新建 → fill the agency → type a cell
(tables first, the text still empty) → the preview shows this report → 导出 PDF and Excel → reopen →
从上年报告新建 → the preview shows the new one. Every step must work on a report that is far from done."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from importing.xlsx import import_xlsx
from model.projectfile import load
from ui.app import Session
from ui.new_report_dialog import NewReportDialog

AGENCY = "某某市某某区市场监督管理局"


def preview_text(session: Session) -> str:
    pdf = session.window.preview_dock.widget().pdf
    text = "".join(pdf.getAllText(page).text() for page in range(pdf.pageCount()))
    return "".join(text.split())  # a wrapped title comes back in two lines


def wait_for_preview_of(qtbot, session: Session, *expected: str) -> None:
    """Until the pane shows pages whose text has every `expected` piece (and so is this report)."""
    qtbot.waitUntil(lambda: all(piece in preview_text(session) for piece in expected), timeout=30_000)


def type_chinese(widget, text: str) -> None:
    """Chinese arrives as an input method's commit (QTest types ASCII keys only)."""
    from PySide6.QtGui import QInputMethodEvent

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def save_dialog_answers(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    answers = iter(paths)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *_args: (str(next(answers)), ""))


def test_a_new_report_from_the_first_minute(qtbot, session: Session, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    window = session.window
    wait_for_preview_of(qtbot, session, "枣庄市行政审批服务局")  # the sample, as the app opens

    # 文件 → 新建: a blank report of 2025, for an agency typed in the dialog.
    def fill_and_accept(dialog: NewReportDialog) -> int:
        dialog.year.setValue(2025)
        return 1

    monkeypatch.setattr(NewReportDialog, "exec", fill_and_accept)
    window.new_action.trigger()
    pane = window.preview_dock.widget()
    assert "枣庄市" not in preview_text(session)  # the sample's pages are gone at once
    meta = window.show_tab("meta")
    meta.agency_edit.setFocus()
    meta.agency_edit.selectAll()
    type_chinese(meta.agency_edit, AGENCY)
    meta.agency_edit.editingFinished.emit()
    assert session.document.report.meta.agency == AGENCY

    # Tables first: one cell of table 三, typed as a clerk types it.
    view = window.show_tab("s3").view_for("t3")
    view.setFocus()
    view.select_cell("1", "natural")
    qtbot.keyClicks(view, "7")  # the first key opens the cell editor
    editor = QApplication.focusWidget()
    assert editor is not view
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on a queued call
    assert session.document.report.cells[("t3", "1", "natural")] == 7
    assert not any(f.severity.value == "error" for f in session.document.findings)
    assert {"TEXT-EMPTY", "S5-TRIVIAL", "CELL-BLANK"} <= {f.rule for f in session.document.findings}

    # The preview shows this report: its title, its empty sections' headings, no failure.
    wait_for_preview_of(qtbot, session, f"{AGENCY}2025年政府信息公开工作年度报告", "一、总体情况",
                        "六、其他需要报告的事项")
    assert pane.pages.currentWidget() is pane.view and "预览未更新" not in pane.state.text()

    # 导出 PDF and Excel: the export writes what the preview shows.
    pdf, book = tmp_path / "新报告.pdf", tmp_path / "新报告.xlsx"
    save_dialog_answers(monkeypatch, pdf, book)
    window.export_pdf_action.trigger()
    qtbot.waitUntil(pdf.exists, timeout=20_000)
    window.export_xlsx_action.trigger()
    qtbot.waitUntil(book.exists, timeout=20_000)
    window.exports.wait()
    from export.pdf import render_pdf

    assert pdf.read_bytes() == render_pdf(session.document.report, session.pdf.fonts())
    assert import_xlsx(book).report.cells == session.document.report.cells

    # Save, start over on the sample, and reopen: the same report.
    project = tmp_path / "2025.nianbao.json"
    assert window._save_to(project)
    saved = load(project)
    assert window.open_path(project)
    assert session.document.report == saved
    wait_for_preview_of(qtbot, session, AGENCY)

    # 文件 → 从上年报告新建 on it: a 2026 report, and the preview follows.
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_args: (str(project), ""))
    window.new_from_prior_action.trigger()
    assert session.document.report.meta.year == 2026
    assert "2025年政府信息公开" not in preview_text(session)
    wait_for_preview_of(qtbot, session, f"{AGENCY}2026年政府信息公开工作年度报告")
    assert pane.pages.currentWidget() is pane.view
