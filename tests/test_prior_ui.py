"""Last year's report in the app: new from last year, attach, hover shows last year's value, repetition shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from model.projectfile import load, save
from model.report import Report
from model.resources import sample_path
from ui.app import Session
from ui.table_model import PREFILLED_BACKGROUND


def last_year(tmp_path: Path) -> Path:
    """The sample (2024) with 2 applications carried over to next year."""
    report = load(sample_path())
    for column in ("natural", "total"):
        report.cells[("t3", "4", column)] = 2
        report.cells[("t3", "1", column)] = 11
    path = tmp_path / "2024.nianbao.json"
    save(report, path)
    return path


def test_new_from_last_year_prefills_the_carry_over(session: Session, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    prior = last_year(tmp_path)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_args: (str(prior), ""))
    session.window.new_from_prior_action.trigger()
    report = session.document.report
    assert report.meta.year == 2025 and report.meta.agency == "枣庄市行政审批服务局"
    assert report.cells[("t3", "2", "natural")] == 2 and report.cells[("t3", "1", "natural")] is None
    assert ("t3", "2", "natural") in report.prefilled
    view = session.window.show_tab("s3").view_for("t3")
    index = view.table_model.index_of("2", "commercial")
    assert view.table_model.data(index, Qt.ItemDataRole.BackgroundRole).color() == PREFILLED_BACKGROUND
    tooltip = view.table_model.data(view.table_model.index_of("2", "natural"), Qt.ItemDataRole.ToolTipRole)
    assert "由上年报告" in tooltip and "上年：0" in tooltip  # last year's own 上年结转 was 0


def test_attached_last_year_drives_checks_tooltips_and_repetition(qtbot, session: Session, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    prior = last_year(tmp_path)
    this_year: Report = load(sample_path())
    this_year.meta.year = 2025
    project = tmp_path / "2025.nianbao.json"
    save(this_year, project)
    assert session.window.open_path(project)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_args: (str(prior), ""))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", lambda *_args: QMessageBox.StandardButton.Yes)
    session.window.attach_prior_action.trigger()
    rules = {f.rule for f in session.document.findings}
    assert {"XY-CARRYOVER", "XY-REPEAT"} <= rules  # 二 (0) ≠ last year's 四 (2); the text is last year's
    view = session.window.show_tab("s3").view_for("t3")
    tooltip = view.table_model.data(view.table_model.index_of("1", "natural"), Qt.ItemDataRole.ToolTipRole)
    assert "上年：11，变化 -2" in tooltip
    editor = session.window.show_tab("s1")
    assert editor.repeat_label.text() == "与上年报告重复 100%"
    assert session.window._save_to(project)
    reopened = load(project)
    assert reopened.prior is not None and reopened.prior.report is not None
    assert reopened.prior.report.cells[("t3", "4", "natural")] == 2
