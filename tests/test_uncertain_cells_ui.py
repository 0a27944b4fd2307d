"""Cells an import could not read for certain (`Report.uncertain`) in the editor: marked apart from every
other cell, with why; confirmed by typing a value or with 确认此单元格 / 确认全部导入数字 — each an undo
step that brings the mark back when undone. Last year's report read from a document is embedded."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

import importing.documents
from importing.result import ImportResult
from model.report import CellKey
from tests.test_import_report_ui import UNSURE, UNSURE_WHY, document_result, small_docx
from ui.app import Session
from ui.table_editor import TableView
from ui.table_model import (
    BLANK_BACKGROUND,
    PREFILLED_BACKGROUND,
    UNCERTAIN_BACKGROUND,
    WARNING_BACKGROUND,
)

OTHER: CellKey = ("t3", "1", "commercial")


def marked(session: Session, *keys: CellKey) -> TableView:
    """The sample with `keys` uncertain, as an import leaves it, and the view of 表三."""
    report = session.document.report
    report.uncertain = set(keys)
    session.document.replace(report, None)
    session.document.uncertain_reasons[UNSURE] = UNSURE_WHY
    return session.window.show_tab("s3").view_for("t3")


def background(view: TableView, key: CellKey):
    brush = view.table_model.data(view.table_model.index_of(key[1], key[2]), Qt.ItemDataRole.BackgroundRole)
    return brush.color() if brush is not None else None


def tooltip(view: TableView, key: CellKey) -> str:
    return view.table_model.data(view.table_model.index_of(key[1], key[2]), Qt.ItemDataRole.ToolTipRole)


def test_an_uncertain_cell_is_marked_apart_and_says_why(session: Session) -> None:
    view = marked(session, UNSURE)
    assert background(view, UNSURE) == UNCERTAIN_BACKGROUND
    assert UNCERTAIN_BACKGROUND not in (BLANK_BACKGROUND, PREFILLED_BACKGROUND, WARNING_BACKGROUND)
    assert background(view, OTHER) != UNCERTAIN_BACKGROUND
    tip = tooltip(view, UNSURE)
    assert "导入时未能确定，请对照原文核对" in tip and UNSURE_WHY in tip
    assert "未能确定" not in tooltip(view, OTHER)


def test_typing_a_value_confirms_the_cell_in_the_same_undo_step(session: Session) -> None:
    view = marked(session, UNSURE, OTHER)
    document = session.document
    model = view.table_model
    assert model.setData(model.index_of("1", "natural"), "12")
    assert document.report.cells[UNSURE] == 12 and document.report.uncertain == {OTHER}
    assert background(view, UNSURE) != UNCERTAIN_BACKGROUND
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.report.cells[UNSURE] == 9 and document.report.uncertain == {UNSURE, OTHER}
    assert background(view, UNSURE) == UNCERTAIN_BACKGROUND
    # The same value typed again is the person's word for it too.
    assert model.setData(model.index_of("1", "natural"), "9")
    assert document.report.uncertain == {OTHER}
    assert document.undo_stack.undoText() == "输入 表三 一、本年新收政府信息公开申请数量 · 自然人"


def test_confirm_this_cell_from_the_context_menu(session: Session) -> None:
    view = marked(session, UNSURE, OTHER)
    document = session.document
    view.select_cell("1", "natural")
    menu = view.context_menu()
    confirm, confirm_all = menu.actions()
    assert confirm.text() == "确认此单元格" and confirm.isEnabled()
    assert confirm_all.text() == "确认全部导入数字（2 个）"
    confirm.trigger()
    assert document.report.uncertain == {OTHER} and document.report.cells[UNSURE] == 9
    document.undo_stack.undo()
    assert document.report.uncertain == {UNSURE, OTHER}
    view.select_cell("2", "natural")  # not uncertain: nothing to confirm
    assert not view.context_menu().actions()[0].isEnabled()


def test_confirm_all_imported_numbers_is_one_undo_step(session: Session) -> None:
    marked(session, UNSURE, OTHER, ("t4", "cases", "review.upheld"))
    document = session.document
    session.window.confirm_all_action.trigger()
    assert document.report.uncertain == set() and document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "确认全部导入数字"
    document.undo_stack.undo()
    assert len(document.report.uncertain) == 3


def test_the_window_action_confirms_the_selected_cell(session: Session) -> None:
    view = marked(session, UNSURE, OTHER)
    view.select_cell("1", "commercial")
    session.window.confirm_cells_action.trigger()
    assert session.document.report.uncertain == {UNSURE}


def test_filling_blanks_with_zero_confirms_nothing(session: Session) -> None:
    blank: CellKey = ("t3", "1", "research")
    session.document.report.cells[blank] = None
    marked(session, blank)
    session.window.fill_zero_action.trigger()
    assert session.document.report.cells[blank] == 0 and session.document.report.uncertain == {blank}


def test_an_import_marks_its_uncertain_cells_until_confirmed(qtbot, session: Session, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.import_dialog import ImportChoice, ImportReportDialog

    monkeypatch.setattr(importing.documents, "import_document", lambda path, _year=None: document_result(path))
    monkeypatch.setattr(ImportReportDialog, "exec", lambda dialog: dialog.choose(ImportChoice.REPLACE) or 1)
    assert session.window.import_report(small_docx(tmp_path / "年报.docx"))
    view = session.window.show_tab("s3").view_for("t3")
    assert background(view, UNSURE) == UNCERTAIN_BACKGROUND
    assert UNSURE_WHY in tooltip(view, UNSURE) and "第 2 个表格 第 5 行" in tooltip(view, UNSURE)
    session.window.resize(1366, 768)
    view.select_cell("2", "commercial")  # beside it: a selected cell shows the selection, not its mark
    qtbot.wait(100)  # the tab lays out its tables in the event loop
    session.window.grab().save("/tmp/uncertain_cells.png")


def prior_from_a_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Last year's report as a Word file: read by the stand-in reader (2024, one cell uncertain)."""
    def import_document(path: Path, template_year: int | None = None) -> ImportResult:
        return document_result(Path(path), year=2024)

    monkeypatch.setattr(importing.documents, "import_document", import_document)
    docx = small_docx(tmp_path / "2024年报.docx")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_args: (str(docx), ""))
    return docx


def test_last_years_report_from_a_document_is_embedded_without_asking(session: Session, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    prior_from_a_document(tmp_path, monkeypatch)  # a question (link or embed?) would fail the test
    messages: list[str] = []
    monkeypatch.setattr(session.window, "show_message", lambda text, _problem: messages.append(text))
    session.window.attach_prior_action.trigger()
    prior = session.document.report.prior
    assert prior is not None and prior.embedded and prior.report is not None
    assert prior.report.meta.year == 2024 and prior.report.uncertain == {UNSURE}
    assert "1 个单元格导入时未能确定" in messages[-1]


def test_new_from_last_years_document_embeds_it(session: Session, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    prior_from_a_document(tmp_path, monkeypatch)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Discard))
    session.window.new_from_prior_action.trigger()
    report = session.document.report
    assert report.meta.year == 2025 and report.prior is not None and report.prior.embedded
