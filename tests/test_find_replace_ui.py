"""查找和替换 in the window: the bar, its count, next / previous, and replace all as one undo step."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from model.text_search import find_matches, report_texts
from tests.sessions import menus_of
from ui.app import Session
from ui.find_replace import NO_MATCH, FindReplaceBar
from ui.narrative_editor import NarrativeEditor


def bar_of(session: Session) -> FindReplaceBar:
    return session.window.find_bar


def open_with(qtbot, session: Session, query: str, replace: str | None = None) -> FindReplaceBar:
    window = session.window
    window.activateWindow()
    (window.replace_action if replace is not None else window.find_action).trigger()
    bar = bar_of(session)
    qtbot.waitUntil(bar.find_edit.hasFocus)
    bar.find_edit.setText(query)
    if replace is not None:
        bar.replace_edit.setText(replace)
    return bar


def selection_in(editor: NarrativeEditor) -> str:
    return editor.edit.textCursor().selectedText()


def test_find_counts_every_match_and_selects_the_first_in_its_tab(qtbot, session: Session) -> None:
    bar = open_with(qtbot, session, "公开")
    expected = find_matches(report_texts(session.document.report), "公开")
    assert len(expected) > 10 and expected[0].section == "preamble"
    assert bar.isVisible() and not bar.replace_edit.isVisible()
    assert bar.count_label.text() == f"第 1 / {len(expected)} 处"
    assert session.window.editor_tabs.current_key() == "meta"
    preamble = session.window.editor("meta").preamble_editor
    assert selection_in(preamble) == "公开"
    assert bar.find_edit.hasFocus()  # the keyboard stays in the bar while searching

    bar.find_edit.setText("没有这样的文字")
    assert bar.count_label.text() == NO_MATCH
    bar.find_edit.clear()
    assert bar.count_label.text() == ""


def test_next_and_previous_go_round_across_sections(qtbot, session: Session) -> None:
    bar = open_with(qtbot, session, "公开")
    total = len(bar.matches)
    session.window.find_previous_action.trigger()  # before the first: the last
    assert bar.count_label.text() == f"第 {total} / {total} 处"
    assert session.window.editor_tabs.current_key() == bar.matches[-1].section
    session.window.find_next_action.trigger()  # after the last: the first
    assert bar.count_label.text() == f"第 1 / {total} 处"

    first_s1 = next(i for i, m in enumerate(bar.matches) if m.section == "s1")
    for _ in range(first_s1):
        session.window.find_next_action.trigger()
    assert bar.count_label.text() == f"第 {first_s1 + 1} / {total} 处"
    assert session.window.editor_tabs.current_key() == "s1"
    assert selection_in(session.window.editor("s1")) == "公开"

    session.window.find_previous_action.trigger()
    assert bar.count_label.text() == f"第 {first_s1} / {total} 处"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)  # Enter: the next one
    assert bar.current == first_s1
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == first_s1 - 1


def test_whole_word_is_offered_for_numbers_and_latin_words_only(qtbot, session: Session) -> None:
    bar = open_with(qtbot, session, "公开")
    assert not bar.word_box.isEnabled() and "汉字" in bar.word_box.toolTip()
    assert "全角与半角" in bar.find_edit.toolTip()
    bar.find_edit.setText("12")
    assert bar.word_box.isEnabled()
    session.document.set_paragraphs("s5", ["共12件，另有123件与1,212元。"])
    loose = len(bar.matches)
    bar.word_box.setChecked(True)
    assert len(bar.matches) == loose - 2


def test_case_is_matched_only_when_asked(qtbot, session: Session) -> None:
    session.document.set_paragraphs("s6", ["通过APP和app发布。"])
    bar = open_with(qtbot, session, "App")
    assert len(bar.matches) == 2
    bar.case_box.setChecked(True)
    assert bar.count_label.text() == NO_MATCH


def test_the_count_follows_typing_in_an_editor(qtbot, session: Session) -> None:
    bar = open_with(qtbot, session, "独一无二的词")
    assert bar.count_label.text() == NO_MATCH
    editor = session.window.show_tab("s5")
    editor.edit.textCursor().insertText("独一无二的词")
    assert bar.count_label.text() == "第 1 / 1 处"
    assert "独一无二的词" in session.document.report.section("s5").paragraphs[0]


def test_escape_closes_the_bar_and_keeps_its_text(qtbot, session: Session) -> None:
    bar = open_with(qtbot, session, "公开")
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    session.window.find_action.trigger()
    assert bar.isVisible() and bar.query() == "公开"


def test_replace_one_replaces_the_current_match_and_moves_on(qtbot, session: Session) -> None:
    bar = open_with(qtbot, session, "公开", replace="公布")
    total = len(bar.matches)
    assert bar.replace_edit.isVisible()
    before = session.document.report.preamble[0]
    bar.replace_button.click()
    assert session.document.report.preamble[0] == before.replace("公开", "公布", 1)
    assert len(bar.matches) == total - 1
    assert bar.count_label.text() == f"第 1 / {total - 1} 处"
    assert session.document.undo_stack.undoText() == "替换「公开」"
    session.document.undo_stack.undo()
    assert session.document.report.preamble[0] == before


def test_replace_all_is_one_undo_step_whatever_has_focus(qtbot, session: Session) -> None:
    window, document = session.window, session.document
    original = {section: list(paragraphs) for section, paragraphs in report_texts(document.report)}
    bar = open_with(qtbot, session, "公开", replace="公开发布")  # contains the query: no endless loop
    total = len(bar.matches)
    s5 = window.show_tab("s5")
    qtbot.keyClick(bar.replace_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    bar.replace_edit.setFocus()
    assert bar.replace_everything() == total
    assert bar.count_label.text() == f"已替换 {total} 处"
    replaced = {section: list(paragraphs) for section, paragraphs in report_texts(document.report)}
    assert all("公开发布" in " ".join(replaced[s]) for s in ("preamble", "s1", "s5", "s6"))
    assert s5.paragraphs() == replaced["s5"]  # the editors show the new text
    assert document.undo_stack.count() == 1

    # Focus in the bar's field, which the user typed into before: 编辑 → 撤销 undoes the replacement.
    qtbot.waitUntil(lambda: window.undo_router.field() is bar.replace_edit)
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert {s: list(p) for s, p in report_texts(document.report)} == original
    assert s5.paragraphs() == original["s5"]
    assert bar.replace_edit.text() == "公开发布"
    window.redo_action.trigger()
    assert {s: list(p) for s, p in report_texts(document.report)} == replaced

    # Focus in a narrative editor: its own history went with the replacement, Ctrl+Z reaches the step.
    s5.edit.setFocus()
    qtbot.waitUntil(lambda: window.undo_router.field() is s5.edit)
    # The menu says what Ctrl+Z will do there: the field has no typing of its own to undo.
    assert window.undo_action.isEnabled() and window.undo_action.text().startswith("撤销 全部替换")
    qtbot.keyClick(s5.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {s: list(p) for s, p in report_texts(document.report)} == original
    assert s5.paragraphs() == original["s5"] and not s5.edit.document().isUndoAvailable()
    qtbot.keyClick(s5.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert {s: list(p) for s, p in report_texts(document.report)} == replaced
    window.undo_action.trigger()  # the menu item acts on the stack too, from the narrative editor
    assert {s: list(p) for s, p in report_texts(document.report)} == original
    window.redo_action.trigger()
    assert {s: list(p) for s, p in report_texts(document.report)} == replaced

    # Elsewhere (a table): the stack as always.
    window.show_tab("s3").view_for("t3").setFocus()
    qtbot.waitUntil(lambda: window.undo_router.field() is None)
    assert window.undo_action.text().startswith("撤销 全部替换")
    window.undo_action.trigger()
    assert {s: list(p) for s, p in report_texts(document.report)} == original


def test_undo_of_a_replacement_keeps_what_was_typed_since(qtbot, session: Session) -> None:
    document = session.document
    bar = open_with(qtbot, session, "公开", replace="公布")
    bar.replace_everything()
    s6 = session.window.show_tab("s6")
    s6.edit.textCursor().insertText("之后补写。")
    typed = list(document.report.section("s6").paragraphs)
    document.undo_stack.undo()
    assert document.report.section("s6").paragraphs == typed  # not overwritten by the old text
    assert "公开" in document.report.section("s1").paragraphs[0]  # the rest was restored
    document.undo_stack.redo()
    assert document.report.section("s6").paragraphs == typed
    assert "公开" not in " ".join(document.report.section("s1").paragraphs)


def test_shortcuts_are_the_usual_ones_and_clash_with_none(session: Session) -> None:
    window = session.window
    assert window.find_action.shortcut() == QKeySequence("Ctrl+F")
    assert window.replace_action.shortcut() == QKeySequence("Ctrl+H")
    assert window.find_next_action.shortcut() == QKeySequence("F3")
    assert window.find_previous_action.shortcut() == QKeySequence("Shift+F3")
    shortcuts = [key for action in window.findChildren(type(window.find_action))
                 for key in {s.toString() for s in action.shortcuts() if not s.isEmpty()}]
    assert len(shortcuts) == len(set(shortcuts)), sorted(shortcuts)
    edit_menu = menus_of(window)[1]
    assert window.find_action in edit_menu.actions() and window.replace_action in edit_menu.actions()


def test_a_huge_report_is_recounted_quickly(qtbot, session: Session) -> None:
    paragraph = ("本机关全年主动公开政府信息，依申请公开办理答复。" * 21)[:500]
    for section in ("s1", "s5", "s6"):
        session.document.set_paragraphs(section, [paragraph] * 67)
    bar = open_with(qtbot, session, "公开")
    started = time.perf_counter()
    session.document.set_paragraphs("preamble", [paragraph])  # a text change: the bar recounts
    elapsed = time.perf_counter() - started
    assert len(bar.matches) == 202 * paragraph.count("公开")
    started = time.perf_counter()
    bar._refresh(None, select=False)
    recount = time.perf_counter() - started
    print(f"202 × 500 characters: recount {recount * 1000:.1f} ms; a text change with checks {elapsed * 1000:.1f} ms")


def test_screenshot_at_1366_by_768(qtbot, session: Session) -> None:
    window = session.window
    window.resize(1366, 768)
    bar = open_with(qtbot, session, "公开", replace="公布")
    window.find_next_action.trigger()
    window.find_next_action.trigger()
    QApplication.processEvents()
    assert bar.width() <= window.width()
    assert bar.replace_all_button.geometry().right() < bar.close_button.geometry().left()
