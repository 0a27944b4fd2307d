"""ReportDocument: the hub every editor goes through (undo, modified state, checks, auto-totals)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from model.report import Metadata, Report
from ui.app import create_application
from ui.document import ReportDocument

CELL = ("t3", "3.3.4", "natural")


@pytest.fixture
def document(sample: Report) -> ReportDocument:
    create_application()
    return ReportDocument(sample, Path("sample.nianbao.json"))


def test_many_edits_do_not_leak_references_to_true(document: ReportDocument) -> None:
    """PySide6 6.12.0's Signal.emit() dropped a reference to True on every call, and
    Python 3.11 aborted ("bool_dealloc") after a few hundred edits; it is pinned out.
    This fails if a Qt binding with that bug comes back."""
    for value in range(5):  # warm caches that keep references of their own
        document.set_cells({CELL: value}, "编辑")
    # Cyclic garbage left by earlier tests (json.dumps's encoder closures hold True)
    # would otherwise be collected during the loop and look like dropped references.
    gc.collect()
    before = sys.getrefcount(True)
    for value in range(300):
        document.set_cells({CELL: value + 10}, "编辑")
        document.set_paragraphs("s5", [f"改进情况第 {value} 稿，内容足够长以免触发提示。"])
    assert sys.getrefcount(True) - before >= 0


def test_checks_rerun_synchronously_after_each_edit(document: ReportDocument) -> None:
    seen: list[list] = []
    document.findingsChanged.connect(seen.append)
    document.set_auto_totals(False)
    document.set_cells({CELL: 3}, "编辑")
    assert {f.rule for f in document.findings} == {"T3-ROW-TOTAL", "T3-RESULT-TOTAL"}
    assert seen and seen[-1] == document.findings


def test_modified_follows_the_undo_stack_and_text_edits(document: ReportDocument) -> None:
    states: list[bool] = []
    document.modifiedChanged.connect(states.append)
    assert not document.is_modified()
    document.set_cells({CELL: 3}, "编辑")
    assert document.is_modified()
    document.undo_stack.undo()
    assert not document.is_modified()
    document.set_paragraphs("s1", ["新的第一段。"])
    assert document.is_modified()
    document.mark_saved(Path("x.nianbao.json"))
    assert not document.is_modified() and document.display_name() == "x.nianbao.json"
    assert states == [True, False, True, False]


def test_setting_a_cell_to_its_own_value_is_not_an_edit(document: ReportDocument) -> None:
    document.set_cells({CELL: 2}, "编辑")
    assert document.undo_stack.count() == 0 and not document.is_modified()


def test_blank_and_zero_are_different_edits(document: ReportDocument) -> None:
    document.set_cells({("t3", "3.3.1", "natural"): None}, "清除")
    assert document.report.cells[("t3", "3.3.1", "natural")] is None
    assert document.undo_stack.count() == 1


def test_turning_auto_totals_on_fixes_the_totals_in_one_undo_step(document: ReportDocument) -> None:
    document.set_auto_totals(False)
    document.set_cells({CELL: 5}, "编辑")
    assert document.report.cells[("t3", "3.7", "total")] == 9
    document.set_auto_totals(True)
    assert document.report.cells[("t3", "3.7", "total")] == 12
    assert document.undo_stack.undoText() == "自动合计"
    document.undo_stack.undo()
    assert document.report.cells[("t3", "3.7", "total")] == 9


def test_replace_shows_another_report_and_clears_undo(document: ReportDocument) -> None:
    replaced: list[bool] = []
    document.reportReplaced.connect(lambda: replaced.append(True))
    document.set_cells({CELL: 5}, "编辑")
    blank = Report.blank(Metadata(agency="新机关", year=2025))
    document.replace(blank, None, modified=True, untitled_name="未命名报告")
    assert replaced == [True]
    assert document.undo_stack.count() == 0
    assert document.is_modified() and document.display_name() == "未命名报告"
    assert {f.rule for f in document.findings} >= {"CELL-BLANK", "S5-TRIVIAL"}
