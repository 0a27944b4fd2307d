"""The table model tells its views exactly which cells changed: the edited cell, the totals it implies,
the cells whose finding marks changed — cell by cell, since a dataChanged over the whole grid makes the
table and its frozen panes repaint twice as slowly (bench/bench.py: edit-to-repaint)."""

from __future__ import annotations

from model.report import Report
from ui.app import create_application
from ui.document import ReportDocument
from ui.table_model import FEW_CELLS, ReportTableModel


def changed_cells(model: ReportTableModel, edit) -> set[tuple[str, str]]:
    cells: set[tuple[str, str]] = set()

    def record(top_left, bottom_right, _roles=()) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            for column in range(top_left.column(), bottom_right.column() + 1):
                key = model.cell_key(model.index(row, column))
                if key is not None:
                    cells.add((key[1], key[2]))

    model.dataChanged.connect(record)
    edit()
    model.dataChanged.disconnect(record)
    return cells


def test_an_edit_repaints_its_cell_its_totals_and_the_cells_whose_marks_change(qtbot, sample: Report) -> None:
    create_application()
    document = ReportDocument(sample)
    model = ReportTableModel(document, sample.template.table("t3"))
    before = sample.cells[("t3", "1", "natural")]
    assert before is not None
    cells = changed_cells(model, lambda: document.set_cells({("t3", "1", "natural"): before + 1}, "输入"))
    # The cell, its row's 总计, and the column now out of balance (marked by T3-BALANCE).
    assert {("1", "natural"), ("1", "total"), ("3.7", "natural")} <= cells
    assert len(cells) <= FEW_CELLS, "a few cells, not the whole grid"
    assert ("3.3.1", "research") not in cells  # untouched and unmarked before and after
    # Balanced again: the marks go, and the cells that had them are repainted.
    again = changed_cells(model, lambda: document.set_cells({("t3", "1", "natural"): before}, "输入"))
    assert ("3.7", "natural") in again


def test_another_tables_edit_repaints_nothing_here(qtbot, sample: Report) -> None:
    create_application()
    document = ReportDocument(sample)
    model = ReportTableModel(document, sample.template.table("t4"))
    cells = changed_cells(model, lambda: document.set_cells({("t3", "3.3.1", "research"): 5}, "输入"))
    assert cells == set()
