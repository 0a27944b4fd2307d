"""The table editors, driven like a user would: typing, Enter, Delete, paste, undo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from model.paste import PastePlan, PasteProblem
from model.report import Report
from ui.app import create_application
from ui.document import ReportDocument
from ui.table_editor import TableSectionEditor, TableView
from ui.table_model import ERROR_BACKGROUND


@pytest.fixture
def document(sample: Report) -> ReportDocument:
    create_application()
    return ReportDocument(sample)


@pytest.fixture
def view(qtbot, document: ReportDocument) -> Iterator[TableView]:
    editor = TableSectionEditor(document, ("t3",))
    qtbot.addWidget(editor)
    editor.resize(1200, 900)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor.views["t3"]  # the editor stays referenced (and alive) until the test ends


def type_into(qtbot, view: TableView, row: str, column: str, text: str) -> None:
    """Select a cell and type as a user does: the first key opens the editor, the rest go into it.
    Chinese text arrives as an input method commits it (F2 opens the editor first)."""
    view.select_cell(row, column)
    if text.isascii():
        qtbot.keyClicks(view, text[0])
        editor = QApplication.focusWidget()
        assert editor is not view, "typing should have opened a cell editor"
        qtbot.keyClicks(editor, text[1:])
    else:
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert editor is not view, "F2 should have opened a cell editor"
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(editor, event)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on a queued call, as in the running app


def cell_rules(view: TableView, row: str, column: str) -> set[str]:
    return {f.rule for f in view.table_model.findings_at(row, column)}


def background(view: TableView, row: str, column: str):
    brush = view.table_model.data(view.table_model.index_of(row, column), Qt.ItemDataRole.BackgroundRole)
    return brush.color() if brush is not None else None


def test_typing_a_wrong_number_marks_the_cell_and_fixing_it_clears_it(qtbot, view: TableView,
                                                                      document: ReportDocument) -> None:
    document.set_auto_totals(False)  # so the typed value unbalances the row and the column
    type_into(qtbot, view, "1", "natural", "10")
    assert document.report.cells[("t3", "1", "natural")] == 10
    assert {"T3-ROW-TOTAL", "T3-BALANCE"} <= {f.rule for f in document.findings}
    assert "T3-BALANCE" in cell_rules(view, "1", "natural")
    assert background(view, "1", "natural") == ERROR_BACKGROUND
    index = view.table_model.index_of("1", "natural")
    assert view.table_model.data(index, Qt.ItemDataRole.DecorationRole) is not None  # an icon, not colour alone
    assert "一 + 二 = 10" in view.table_model.data(index, Qt.ItemDataRole.ToolTipRole)
    type_into(qtbot, view, "1", "natural", "9")
    assert document.findings == []
    assert cell_rules(view, "1", "natural") == set()
    assert background(view, "1", "natural") != ERROR_BACKGROUND
    assert view.table_model.data(index, Qt.ItemDataRole.DecorationRole) is None


def test_enter_moves_down_like_a_spreadsheet(qtbot, view: TableView) -> None:
    type_into(qtbot, view, "3.3.1", "commercial", "0")
    assert view.table_model.cell_key(view.currentIndex()) == ("t3", "3.3.2", "commercial")


def test_auto_totals_fill_totals_in_the_same_undo_step(qtbot, view: TableView, document: ReportDocument) -> None:
    type_into(qtbot, view, "3.3.1", "natural", "3")
    cells = document.report.cells
    assert (cells[("t3", "3.3.1", "total")], cells[("t3", "3.7", "natural")], cells[("t3", "3.7", "total")]) == \
        (3, 12, 12)
    # 一 + 二 no longer equals （七） + 四 (and the text's 不予公开2件 no longer matches the table).
    assert {f.rule for f in document.findings} == {"T3-BALANCE", "NARRATIVE-TABLE"}
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert (cells[("t3", "3.3.1", "natural")], cells[("t3", "3.3.1", "total")], cells[("t3", "3.7", "total")]) == \
        (0, 0, 9)
    assert document.findings == []


def test_computed_totals_are_marked_and_not_editable_until_auto_totals_is_off(view: TableView,
                                                                            document: ReportDocument) -> None:
    index = view.table_model.index_of("3.7", "natural")
    assert not view.table_model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert "自动合计" in view.table_model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert view.table_model.data(index, Qt.ItemDataRole.FontRole).italic()
    document.set_auto_totals(False)
    assert view.table_model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert view.table_model.data(index, Qt.ItemDataRole.FontRole) is None


def test_delete_clears_to_blank_and_blank_looks_different_from_zero(qtbot, view: TableView,
                                                                    document: ReportDocument) -> None:
    zero_background = background(view, "3.3.2", "research")
    view.select_cell("3.3.2", "research")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert document.report.cells[("t3", "3.3.2", "research")] is None
    index = view.table_model.index_of("3.3.2", "research")
    assert view.table_model.data(index, Qt.ItemDataRole.DisplayRole) == ""
    assert background(view, "3.3.2", "research") != zero_background
    assert "CELL-BLANK" in cell_rules(view, "3.3.2", "research")


def test_paste_with_one_bad_value_changes_nothing_and_says_why(qtbot, view: TableView,
                                                               document: ReportDocument) -> None:
    before = dict(document.report.cells)
    rejected: list[PastePlan] = []
    view.pasteRejected.connect(rejected.append)
    view.select_cell("3.3.1", "natural")
    QGuiApplication.clipboard().setText("1\t2\t3\n4\t9件\t6\n7\t8\t9\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert document.report.cells == before
    assert document.undo_stack.count() == 0
    assert len(rejected) == 1 and rejected[0].problem is PasteProblem.BAD_VALUES
    errors = rejected[0].errors
    assert "“9件”不是数字" in errors[0] and "2.其他法律行政法规禁止公开" in errors[0]


def test_a_paste_is_one_undo_step(qtbot, view: TableView, document: ReportDocument) -> None:
    before = dict(document.report.cells)
    view.select_cell("3.3.1", "natural")
    assert view.paste("1\t2\t3\n4\t5\t6\n7\t8\t9\n")
    cells = document.report.cells
    assert [cells[("t3", "3.3.3", c)] for c in ("natural", "commercial", "research")] == [7, 8, 9]
    assert cells[("t3", "3.3.2", "total")] == 15  # auto-total joined the paste
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "粘贴 3×3 个单元格"
    document.undo_stack.undo()
    assert document.report.cells == before
    document.undo_stack.redo()
    assert cells[("t3", "3.3.3", "research")] == 9 and cells[("t3", "3.3.2", "total")] == 15


def test_pasted_totals_that_disagree_are_replaced_and_reported(view: TableView, document: ReportDocument) -> None:
    messages: list[tuple[str, bool]] = []
    view.message.connect(lambda text, problem: messages.append((text, problem)))
    view.select_cell("1", "natural")
    assert view.paste("9\t0\t0\t0\t0\t0\t99\n")
    assert document.report.cells[("t3", "1", "total")] == 9
    assert messages and messages[-1][1] and "已按自动合计填写" in messages[-1][0]


def test_typed_junk_is_refused_with_a_reason(qtbot, view: TableView, document: ReportDocument) -> None:
    messages: list[str] = []
    view.message.connect(lambda text, _problem: messages.append(text))
    type_into(qtbot, view, "3.2", "other", "两件")
    assert document.report.cells[("t3", "3.2", "other")] == 0
    assert messages and "不是数字" in messages[-1]


def test_copy_gives_excel_tab_separated_text(qtbot, view: TableView) -> None:
    view.select_cell("3.1", "natural")
    view.selectionModel().select(view.table_model.index_of("3.1", "commercial"),
                                 view.selectionModel().SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "2\t0\n"


def test_going_to_a_cell_low_in_a_tall_table_shows_it_and_keeps_the_row_labels(qtbot, document: ReportDocument) -> None:
    """A finding's cell far down 表三 on a small screen: the table scrolls to it, its labels stay beside it."""
    from model.findings import Location

    editor = TableSectionEditor(document, ("t3",))
    qtbot.addWidget(editor)
    editor.resize(500, 400)  # narrower than the narrowest layout of the table, far shorter than its rows
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.go_to(Location("s3", table="t3", row="3.6.3", column="total"))
    view = editor.views["t3"]
    assert view.frozen is not None
    rect = view.visualRect(view.currentIndex())
    viewport = view.viewport().rect()
    assert view.verticalScrollBar().value() > 0 and view.horizontalScrollBar().value() > 0
    # Wholly in sight: right of the frozen labels, below the frozen headers, inside the viewport.
    assert rect.left() >= view.frozen.label_width() and rect.right() <= viewport.right()
    assert rect.top() >= view.frozen.header_height() and rect.bottom() <= viewport.bottom()
    labels = view.frozen.labels
    assert labels is not None and labels.isVisible()
    assert labels.indexAt(rect.center() - labels.pos() + view.viewport().pos()).row() == view.currentIndex().row()
