"""The report year of a workbook in the window: another year than the report's is said in the import
report before anything changes; a workbook without a year is given one by the user, never guessed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from export.xlsx_export import export_xlsx
from model.projectfile import load
from model.resources import sample_path
from ui.app import Session
from ui.import_dialog import ImportReportDialog

XLSX = Path(__file__).resolve().parent / "xlsx"


def test_a_workbook_of_another_year_is_said_before_the_import(session: Session, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "2024年统计表.xlsx"
    export_xlsx(load(sample_path()), book)  # states 2024
    session.document.set_meta(replace(session.document.report.meta, year=2025))
    before = dict(session.document.report.cells)
    shown: list[ImportReportDialog] = []

    def decline(dialog: ImportReportDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ImportReportDialog, "exec", decline)
    assert not session.window.import_xlsx(book)
    [dialog] = shown
    assert not dialog.year_warning.isHidden()
    assert "工作簿为 2024 年度的报告，当前报告为 2025 年度" in dialog.year_warning.text()
    assert session.document.report.cells == before  # nothing changed before the user's word


def test_a_workbook_of_the_same_year_has_no_year_warning(session: Session, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "统计表.xlsx"
    export_xlsx(load(sample_path()), book)
    shown: list[ImportReportDialog] = []
    monkeypatch.setattr(ImportReportDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    session.window.import_xlsx(book)
    assert shown[0].year_warning.isHidden()


def test_last_years_workbook_without_a_year_is_given_one_by_the_user(session: Session,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(dialog: QInputDialog) -> int:
        asked.append(dialog.labelText())
        dialog.setIntValue(2024)
        return 1

    monkeypatch.setattr(QInputDialog, "exec", answer)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *_args: (str(XLSX / "text_in_numbers.xlsx"), ""))
    session.window.new_from_prior_action.trigger()
    assert asked and "没有写明报告年度" in asked[0]
    assert session.document.report.meta.year == 2025


def test_cancelling_the_year_question_changes_nothing(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    before = session.document.report
    monkeypatch.setattr(QInputDialog, "exec", lambda _dialog: 0)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *_args: (str(XLSX / "text_in_numbers.xlsx"), ""))
    session.window.new_from_prior_action.trigger()
    assert session.document.report is before
