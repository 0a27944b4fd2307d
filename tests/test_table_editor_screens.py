"""Tables on a small screen (issue 16, part 1) and refusals said where the user looks (part 7).

Frozen header rows and label columns, tables 三 and 四 without sideways scrolling at 1366×768 with
the preview docked, short tab titles, zoom, the refusal callout and message bar, 重新计算合计.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from model.report import Report
from tests.sessions import menus_of
from ui.app import Session, create_application
from ui.document import ReportDocument
from ui.settings import Settings
from ui.table_editor import TableSectionEditor, TableView


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.fixture
def small_window(qtbot, session: Session) -> Session:
    """The app at 1366×768 with its preview docked, as on a common office screen."""
    window = session.window
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.preview_dock is not None and window.preview_dock.isVisible(), timeout=20_000)
    assert window.preview_dock.width() >= 440  # docked at its default width, not squeezed
    settle()
    return session


@pytest.mark.parametrize(("section", "table"), [("s3", "t3"), ("s4", "t4")])
def test_tables_three_and_four_fit_1366_with_the_preview_docked(small_window: Session, section: str,
                                                                table: str) -> None:
    editor = small_window.window.show_tab(section)
    settle()
    view = editor.view_for(table)
    assert view is not None
    assert view.horizontalScrollBar().maximum() == 0
    right = view.viewport().width()
    for column in range(view.model().columnCount()):
        assert view.columnViewportPosition(column) + view.columnWidth(column) <= right, column
    digits = view.fontMetrics().horizontalAdvance("0000000")
    assert min(view.columnWidth(c) for c in range(view.table_model.grid.label_columns,
                                                   view.model().columnCount())) > digits


def test_table_four_shows_its_last_total_whole_at_1600(session: Session) -> None:
    session.window.resize(1600, 900)
    editor = session.window.show_tab("s4")
    settle()
    view = editor.view_for("t4")
    last = view.model().columnCount() - 1
    assert view.columnViewportPosition(last) + view.columnWidth(last) <= view.viewport().width()


def test_all_seven_tabs_fit_1366_under_short_titles(small_window: Session) -> None:
    tabs = small_window.window.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == ["基本信息", "一 总体情况", "二 主动公开", "三 依申请办理", "四 复议诉讼",
                      "五 问题改进", "六 其他事项"]
    assert tabs.tabToolTip(4) == "四、政府信息公开行政复议、行政诉讼情况"
    assert tabs.tabBar().sizeHint().width() <= tabs.width()


# --- frozen header rows and label columns --------------------------------------------------


@pytest.fixture
def document(sample: Report) -> ReportDocument:
    create_application()
    return ReportDocument(sample)


@pytest.fixture
def narrow_t3(qtbot, document: ReportDocument) -> Iterator[TableSectionEditor]:
    """表三 in a tab narrower and far shorter than the table: it must scroll both ways."""
    editor = TableSectionEditor(document, ("t3",))
    qtbot.addWidget(editor)
    editor.resize(520, 360)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor


def test_headers_and_labels_stay_in_view_at_the_last_row_and_column(narrow_t3: TableSectionEditor) -> None:
    view = narrow_t3.views["t3"]
    frozen = view.frozen
    assert frozen is not None and frozen.header and frozen.labels and frozen.corner
    down, across = view.verticalScrollBar(), view.horizontalScrollBar()
    assert down.maximum() > 0 and across.maximum() > 0
    down.setValue(down.maximum())
    across.setValue(across.maximum())
    settle()
    grid = view.table_model.grid
    # The header pane is at the top of the viewport and shows the header rows of the last columns.
    header = frozen.header
    assert header.isVisible() and header.geometry().top() == view.viewport().geometry().top()
    assert header.height() == frozen.header_height() > 0
    assert header.horizontalScrollBar().value() == across.value()
    assert header.indexAt(QPoint(header.width() - 5, 5)).row() == 0  # 申请人情况
    last_header = header.indexAt(QPoint(header.width() - 5, header.height() - 5))
    assert last_header.column() == grid.column_count - 1 and view.table_model.data(last_header) == "总计"
    # The label pane shows the last row's label beside the last row.
    labels = frozen.labels
    assert labels.isVisible() and labels.width() == frozen.label_width() > 0
    assert labels.verticalScrollBar().value() == down.value()
    bottom_left = labels.indexAt(QPoint(labels.width() - 5, labels.height() - 5))
    assert bottom_left.row() == grid.row_count - 1
    assert view.table_model.data(bottom_left) == "四、结转下年度继续办理"
    # The corner never scrolls.
    assert frozen.corner.indexAt(QPoint(5, 5)) == view.table_model.index(0, 0)


def test_a_long_label_wraps_instead_of_widening_its_column(narrow_t3: TableSectionEditor) -> None:
    view = narrow_t3.views["t3"]
    index = view.table_model.index_of("3.3.5", "natural")
    label_height = view.rowHeight(index.row())
    assert label_height > 1.6 * view.fontMetrics().height()  # 「5.属于三类内部事务信息」 on two lines or more
    assert view.columnWidth(view.table_model.grid.label_columns - 1) < \
        view.fontMetrics().horizontalAdvance("5.属于三类内部事务信息")


def test_keyboard_keeps_the_current_cell_out_from_under_the_frozen_labels(qtbot, narrow_t3) -> None:
    view: TableView = narrow_t3.views["t3"]
    view.select_cell("1", "total")
    for _ in range(6):
        qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.table_model.cell_key(view.currentIndex()) == ("t3", "1", "natural")
    assert view.visualRect(view.currentIndex()).left() >= view.frozen.label_width()


def test_current_cell_is_announced_for_a_guide_beside_the_table(narrow_t3: TableSectionEditor) -> None:
    seen: list[tuple[str, str, str]] = []
    narrow_t3.currentCellChanged.connect(lambda *key: seen.append(key))
    narrow_t3.views["t3"].select_cell("3.3.5", "research")
    assert seen[-1] == ("t3", "3.3.5", "research")


# --- zoom ---------------------------------------------------------------------------------------


def test_zoom_keys_change_the_editors_font_and_are_remembered(qtbot, session: Session) -> None:
    window = session.window
    view = window.show_tab("s3").view_for("t3")
    before = view.font().pointSizeF()
    width_before = view.columnWidth(view.model().columnCount() - 1)
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.editor_tabs.zoom == 125
    assert view.font().pointSizeF() == pytest.approx(before * 1.25)
    assert view.columnWidth(view.model().columnCount() - 1) > width_before  # seven digits still fit
    assert session.settings.get(Settings.EDITOR_ZOOM) == 125
    narrative = window.show_tab("s1")
    assert narrative.edit.font().pointSizeF() == pytest.approx(12 * 1.25)
    qtbot.keyClick(narrative.edit, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.editor_tabs.zoom == 110 and session.settings.get(Settings.EDITOR_ZOOM) == 110
    qtbot.keyClick(narrative.edit, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.editor_tabs.zoom == 100 and view.font().pointSizeF() == pytest.approx(before)


def test_zoom_is_applied_at_start_and_kept_within_range(qtbot, tmp_path, monkeypatch) -> None:
    from tests.sessions import start_session

    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    create_application()
    settings = Settings()
    settings.set(Settings.EDITOR_ZOOM, 150)
    settings.sync()
    session = start_session(qtbot, tmp_path)
    assert session.window.editor_tabs.zoom == 150
    narrative = session.window.show_tab("s1")
    assert narrative.edit.font().pointSizeF() == pytest.approx(18)
    # Headings grow with the text (level 1 is 2 pt above it), and the first-line indent is two characters.
    assert narrative.highlighter.formats[1].fontPointSize() == pytest.approx(20)
    first = narrative.edit.document().firstBlock().blockFormat().textIndent()
    assert first == pytest.approx(2 * QFontMetricsF(narrative.edit.font()).horizontalAdvance("中"), rel=0.01)
    assert not narrative.edit.document().isUndoAvailable()  # zooming is not an edit
    # The opening paragraph, on the 基本信息 tab, is text like the sections.
    meta = session.window.show_tab("meta")
    assert meta.preamble_editor.edit.font().pointSizeF() == pytest.approx(18)
    for _ in range(10):
        session.window.editor_tabs.zoom_in()
    assert session.window.editor_tabs.zoom == 200


# --- refusals where the user is looking --------------------------------------------------------


@pytest.fixture
def t3_editor(qtbot, document: ReportDocument) -> Iterator[TableSectionEditor]:
    editor = TableSectionEditor(document, ("t3",))
    qtbot.addWidget(editor)
    editor.resize(900, 600)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor


def test_typed_9_jian_is_refused_at_the_cell_and_above_the_table(qtbot, t3_editor, document) -> None:
    from tests.test_table_editor import type_into

    view = t3_editor.views["t3"]
    type_into(qtbot, view, "3.2", "natural", "9件")
    assert document.report.cells[("t3", "3.2", "natural")] == 1
    assert view.callout.isVisible() and "“9件”不是数字" in view.callout.text()
    cell = view.visualRect(view.table_model.index_of("3.2", "natural"))
    assert view.callout.geometry().top() >= cell.bottom()  # just under the cell it is about
    assert "“9件”不是数字" in t3_editor.message_bar.text()
    assert "（二）部分公开" in t3_editor.message_bar.text()
    # The bar goes when an edit goes through.
    view.paste("2")
    assert t3_editor.message_bar.text() == ""


def test_typing_into_an_automatic_total_says_why_nothing_happens(qtbot, t3_editor, document) -> None:
    view = t3_editor.views["t3"]
    assert document.is_computed(("t3", "1", "total"))
    view.select_cell("1", "total")
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert document.undo_stack.count() == 0
    assert view.state() != view.State.EditingState
    for text in (view.callout.text(), t3_editor.message_bar.text()):
        assert "自动合计" in text and "关闭“自动合计”" in text and "一、本年新收政府信息公开申请数量" in text


def test_a_paste_too_big_for_the_table_has_its_own_headline(t3_editor, document) -> None:
    view = t3_editor.views["t3"]
    rejected = []
    view.pasteRejected.connect(rejected.append)
    view.select_cell("3.7", "other")  # two columns and two rows before the end
    assert not view.paste("1\t2\t3\n4\t5\t6\n7\t8\t9\n")
    assert document.undo_stack.count() == 0
    headline = "粘贴的区域超出表格：3 行×3 列，从此处起只有 2 行×2 列"
    assert rejected[0].headline == headline
    assert headline in t3_editor.message_bar.text() and headline in view.callout.text()
    assert "不是可接受的数字" not in t3_editor.message_bar.text()


def test_the_window_asks_with_a_dialog_only_when_the_bar_cannot_list_every_cell(session: Session,
                                                                                monkeypatch) -> None:
    from PySide6 import QtWidgets

    shown: list[str] = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    view = session.window.show_tab("s3").view_for("t3")
    view.select_cell("3.7", "other")
    view.paste("1\t2\t3\n4\t5\t6\n7\t8\t9\n")
    assert shown == []
    view.select_cell("3.3.1", "natural")
    view.paste("a\tb\nc\td\n")
    assert len(shown) == 1 and shown[0].startswith("以下单元格的内容不是可接受的数字")


# --- 重新计算合计 ---------------------------------------------------------------------------------


def test_recalculate_totals_fixes_every_wrong_total_in_one_undo_step(session: Session) -> None:
    window, document = session.window, session.document
    window.auto_totals_action.setChecked(False)  # an imported report: its totals as stated
    document.set_cells({("t3", "1", "total"): 99, ("t3", "3.7", "natural"): 50, ("t4", "cases", "review.total"): 7},
                       "导入的错误合计")
    before = dict(document.report.cells)
    count = document.undo_stack.count()
    window.recalculate_totals_action.trigger()
    cells = document.report.cells
    assert cells[("t3", "1", "total")] == 9 and cells[("t3", "3.7", "natural")] == 9
    assert cells[("t4", "cases", "review.total")] == 0
    assert document.undo_stack.count() == count + 1
    assert window.statusBar().currentMessage() == "已重新计算 3 个合计"
    document.undo_stack.undo()
    assert document.report.cells == before
    document.undo_stack.redo()
    window.recalculate_totals_action.trigger()
    assert window.statusBar().currentMessage() == "合计均已正确"
    assert document.undo_stack.count() == count + 1
    assert window.recalculate_totals_action in menus_of(window)[1].actions()


def test_headers_that_wrap_break_evenly_and_never_after_an_opening_bracket() -> None:
    from PySide6.QtGui import QFontMetrics

    from ui.table_sizing import balanced_lines

    app = create_application()
    metrics = QFontMetrics(app.font())
    narrow = metrics.horizontalAdvance("结果维") + 4  # Qt alone would draw 「结果维/持」
    assert balanced_lines("结果维持", narrow, metrics) == "结果\n维持"
    assert balanced_lines("本年收费金额（单位：万元）", metrics.horizontalAdvance("本年收费金额（单") + 8,
                          metrics) == "本年收费金额\n（单位：万元）"
    assert balanced_lines("总计", narrow, metrics) == "总计"


def test_tab_moves_right_and_enter_down_under_the_frozen_panes(qtbot, narrow_t3: TableSectionEditor) -> None:
    view = narrow_t3.views["t3"]
    view.select_cell("3.1", "natural")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.table_model.cell_key(view.currentIndex()) == ("t3", "3.1", "commercial")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.table_model.cell_key(view.currentIndex()) == ("t3", "3.2", "commercial")
    assert QApplication.focusWidget() is view  # the panes never take the keyboard
