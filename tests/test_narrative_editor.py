"""The narrative editor: typing reaches the report, headings are shown, pasted text is cleaned."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QEnterEvent, QFont, QHelpEvent, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from model import projectfile
from model.report import Report
from model.text_rules import REFUSED_CONTROL
from ui import narrative_editor
from ui.document import ReportDocument
from ui.narrative_editor import FINDING_BACKGROUND, NarrativeEditor, clean_pasted_text, count_label


@pytest.fixture
def document(sample: Report) -> ReportDocument:
    return ReportDocument(sample)


def make_editor(qtbot, document: ReportDocument, section_id: str) -> NarrativeEditor:
    editor = NarrativeEditor(document, section_id)
    qtbot.addWidget(editor)
    editor.resize(900, 700)
    return editor


def move_to_end(editor: NarrativeEditor) -> None:
    cursor = editor.edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.edit.setTextCursor(cursor)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` as an input method commits it (QTest.keyClicks cannot send Chinese)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def block_formats(editor: NarrativeEditor, number: int) -> list:
    return editor.edit.document().findBlockByNumber(number).layout().formats()


# --- loading ---------------------------------------------------------------------------


@pytest.mark.parametrize("section_id", ["s1", "s5", "s6"])
def test_sample_sections_load(qtbot, document: ReportDocument, section_id: str) -> None:
    editor = make_editor(qtbot, document, section_id)
    paragraphs = document.report.section(section_id).paragraphs
    assert paragraphs
    assert editor.edit.toPlainText() == "\n".join(paragraphs)
    assert editor.paragraphs() == paragraphs
    assert editor.count_label.text().endswith(f"· {len(paragraphs)} 段")
    assert not document.is_modified()


def test_sample_preamble_loads(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "preamble")
    assert editor.edit.toPlainText() == document.report.preamble[0]
    assert editor.edit.toPlainText().startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert not document.is_modified()


def test_comfortable_text_settings(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    assert editor.edit.font().pointSize() == 12
    assert editor.edit.tabChangesFocus()
    assert editor.edit.lineWrapMode() == editor.edit.LineWrapMode.WidgetWidth
    block = editor.edit.document().firstBlock()
    while block.isValid():
        assert block.blockFormat().lineHeight() == 150
        assert block.blockFormat().bottomMargin() > 0
        block = block.next()
    # New paragraphs inherit the spacing.
    move_to_end(editor)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert editor.edit.document().lastBlock().blockFormat().lineHeight() == 150


# --- typing --------------------------------------------------------------------------------


def test_typing_updates_paragraphs_and_marks_document_modified(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    before = list(document.report.section("s5").paragraphs)
    text_changes = []
    document.textChanged.connect(lambda: text_changes.append(1))
    move_to_end(editor)
    type_text(editor.edit, "再加一句")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)  # an empty line is not a paragraph
    type_text(editor.edit, "（三）新的段落")
    qtbot.keyClicks(editor.edit, "  ")  # trailing spaces are not stored
    paragraphs = document.report.section("s5").paragraphs
    assert paragraphs == [*before[:-1], before[-1] + "再加一句", "（三）新的段落"]
    assert document.is_modified()
    assert text_changes
    assert document.undo_stack.count() == 0  # the text keeps its own undo
    assert editor.count_label.text().endswith(f"· {len(before) + 1} 段")


def test_text_undo_restores_the_report(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    before = list(document.report.section("s5").paragraphs)
    move_to_end(editor)
    type_text(editor.edit, "多余")
    assert document.report.section("s5").paragraphs != before
    editor.edit.undo()
    assert document.report.section("s5").paragraphs == before
    assert not editor.edit.document().isUndoAvailable()  # loading the text was no undo step


def test_shift_enter_starts_a_paragraph(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    editor.edit.setPlainText("第一句第二句")
    cursor = editor.edit.textCursor()
    cursor.setPosition(3)
    editor.edit.setTextCursor(cursor)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert document.report.section("s5").paragraphs == ["第一句", "第二句"]
    assert "\u2028" not in editor.edit.document().toRawText()


def test_preamble_edits_go_to_the_preamble(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "preamble")
    editor.edit.setPlainText("新的开篇段落。")
    assert document.report.preamble == ["新的开篇段落。"]
    assert document.is_modified()


# --- reload -----------------------------------------------------------------------------------


def test_report_replaced_reloads_without_marking_modified(qtbot, document: ReportDocument, sample: Report) -> None:
    editor = make_editor(qtbot, document, "s5")
    move_to_end(editor)
    type_text(editor.edit, "改动")
    other = copy.deepcopy(sample)
    # Trailing spaces and an empty paragraph: the editor would store these
    # differently, so a reload that wrote back would show as a change.
    other.section("s5").paragraphs = ["另一份报告的问题。  ", "", "改进措施。"]
    document.replace(other, None)
    assert editor.edit.toPlainText() == "另一份报告的问题。  \n\n改进措施。"
    assert not document.is_modified()
    assert other.section("s5").paragraphs == ["另一份报告的问题。  ", "", "改进措施。"]
    assert not editor.edit.document().isUndoAvailable()  # no undo into the previous report
    assert editor.count_label.text() == "共 14 字（不含空格）· 2 段"
    # The paragraph indexes of the findings still point at the right blocks.
    assert editor.select_paragraph(2)
    assert editor.edit.textCursor().selectedText() == "改进措施。"


# --- headings -----------------------------------------------------------------------------------


def test_run_in_heading_is_styled_and_its_body_is_not(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s1")
    paragraph = document.report.section("s1").paragraphs[1]
    heading = "（一）积极主动公开。"
    assert paragraph.startswith(heading + "通过")
    formats = block_formats(editor, 1)
    heading_ranges = [r for r in formats if r.start == 0]
    assert len(heading_ranges) == 1
    assert heading_ranges[0].length == len(heading)
    assert heading_ranges[0].format.fontWeight() == QFont.Weight.Bold
    # No format reaches into the body.
    assert all(r.start + r.length <= len(heading) for r in formats)
    assert editor.edit.document().findBlockByNumber(1).userState() == 2
    # The body paragraph before it has no heading format at all.
    assert block_formats(editor, 0) == []


def test_each_level_looks_different(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    editor.edit.setPlainText("一、总体情况\n（一）主动公开\n1.规章\n（1）行政许可\n正文段落。")
    formats = [block_formats(editor, n) for n in range(5)]
    assert [editor.edit.document().findBlockByNumber(n).userState() for n in range(5)] == [1, 2, 3, 4, 0]
    assert all(len(f) == 1 for f in formats[:4]) and formats[4] == []
    styles = {(f[0].format.fontWeight(), f[0].format.foreground().color().name(), f[0].format.fontPointSize())
              for f in formats[:4]}
    assert len(styles) == 4
    assert [f[0].length for f in formats[:4]] == [6, 7, 4, 7]


def test_enumerated_body_paragraph_styles_only_the_marker(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    editor.edit.setPlainText("1.对照检查，逐项整改，按期完成了全部整改任务，并建立了长效机制，防止问题反弹回潮，确保取得实效。")
    formats = block_formats(editor, 0)
    assert [(r.start, r.length) for r in formats] == [(0, 2)]


# --- paste ------------------------------------------------------------------------------------------


def test_clean_pasted_text() -> None:
    assert clean_pasted_text("甲\r\n乙\r丙\x0b丁\x0c戊\u2028己\u2029庚") == "甲\n乙\n丙\n丁\n戊\n己\n庚"
    assert clean_pasted_text("\ufeff甲\x07乙\x00丙\u200b\t丁\x7f") == "甲乙丙 丁"


def test_pasting_word_text_gives_clean_paragraphs(qtbot, document: ReportDocument, tmp_path) -> None:
    document.report.section("s5").paragraphs = []
    editor = make_editor(qtbot, document, "s5")
    mime = QMimeData()
    mime.setText("（一）存在的问题\r\n一是公开不及时；\x0b二是解读不够。\r\n\r\n（二）改进情况\x0c加强培训。\x07\r\n")
    editor.edit.insertFromMimeData(mime)
    paragraphs = document.report.section("s5").paragraphs
    assert paragraphs == ["（一）存在的问题", "一是公开不及时；", "二是解读不够。", "（二）改进情况", "加强培训。"]
    assert not any(REFUSED_CONTROL.search(p) or "\r" in p for p in paragraphs)
    assert document.is_modified()
    # The project file accepts the result.
    path = tmp_path / "粘贴.nianbao.json"
    projectfile.save(document.report, path)
    assert projectfile.load(path).section("s5").paragraphs == paragraphs
    # One paste is one undo step of the text.
    editor.edit.undo()
    assert document.report.section("s5").paragraphs == []


def test_paste_through_the_clipboard(qtbot, document: ReportDocument) -> None:
    document.report.section("s5").paragraphs = []
    editor = make_editor(qtbot, document, "s5")
    QApplication.clipboard().setText("第一段\x0b第二段\r\n第三段")
    editor.edit.paste()
    assert document.report.section("s5").paragraphs == ["第一段", "第二段", "第三段"]


# --- selection, count, findings -----------------------------------------------------------------------


def test_select_paragraph_selects_the_right_block(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    editor.show()
    qtbot.waitExposed(editor)
    paragraphs = document.report.section("s5").paragraphs
    assert editor.select_paragraph(4)
    assert editor.edit.textCursor().selectedText() == paragraphs[4]
    assert editor.focusWidget() is editor.edit  # the focus goes there when the window is active
    # Empty lines do not count as paragraphs.
    editor.edit.setPlainText("甲\n\n\n乙\n \n丙")
    assert editor.select_paragraph(2)
    assert editor.edit.textCursor().selectedText() == "丙"
    assert editor.edit.textCursor().block().blockNumber() == 5
    assert not editor.select_paragraph(3)
    assert not editor.select_paragraph(-1)


def test_select_paragraph_scrolls_to_it(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    editor.resize(400, 200)
    editor.show()
    qtbot.waitExposed(editor)
    editor.edit.setPlainText("\n".join(f"第{i}段的内容。" for i in range(60)))
    assert editor.edit.verticalScrollBar().value() == 0
    assert editor.select_paragraph(50)
    assert editor.edit.verticalScrollBar().value() > 0
    assert editor.edit.viewport().rect().intersects(editor.edit.cursorRect())


def test_count_label() -> None:
    assert count_label([]) == "共 0 字（不含空格）· 0 段"
    assert count_label(["一二三 四", "a b\u3000c"]) == "共 7 字（不含空格）· 2 段"


def test_count_label_in_the_footer(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    editor.edit.setPlainText("字" * 1000 + "\n\n" + "文 " * 234)
    assert editor.count_label.text() == "共 1,234 字（不含空格）· 2 段"


def test_paragraphs_with_findings_are_marked(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s1")
    assert editor.edit.marked_blocks() == []
    assert not editor.findings_label.isVisibleTo(editor)
    paragraphs = document.report.section("s1").paragraphs
    # A year left over from last year's report at the end of the third paragraph (at its start the
    # paragraph would no longer begin with its heading （二）: a numbering finding of its own).
    cursor = QTextCursor(editor.edit.document().findBlockByNumber(2))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText("2019年全年无泄密事件。")
    assert document.report.section("s1").paragraphs[2] == paragraphs[2] + "2019年全年无泄密事件。"
    assert [f.rule for f in document.findings] == ["NARRATIVE-YEAR"]
    assert editor.edit.marked_blocks() == [2]
    # An empty line above it: the mark stays on the paragraph.
    QTextCursor(editor.edit.document().findBlockByNumber(1)).insertText("\n")
    assert editor.edit.marked_blocks() == [3]
    assert editor.findings_label.isVisibleTo(editor)
    assert "NARRATIVE" not in editor.findings_label.toolTip() and "2019年" in editor.findings_label.toolTip()
    # Fixed: the mark goes.
    editor.edit.undo()
    editor.edit.undo()
    assert document.findings == []
    assert editor.edit.marked_blocks() == []


def test_hovering_a_marked_paragraph_shows_its_findings(qtbot, document: ReportDocument,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    class ToolTip:  # records what the editor asks QToolTip to show ("" for hide)
        @staticmethod
        def showText(_position, text: str, _widget=None) -> None:
            shown.append(text)

        @staticmethod
        def hideText() -> None:
            shown.append("")

    monkeypatch.setattr(narrative_editor, "QToolTip", ToolTip)
    editor = make_editor(qtbot, document, "s1")
    editor.show()
    qtbot.waitExposed(editor)
    QTextCursor(editor.edit.document().findBlockByNumber(2)).insertText("2019年，")
    viewport = editor.edit.viewport()

    def hover(block_number: int) -> str:
        block = editor.edit.document().findBlockByNumber(block_number)
        position = editor.edit.cursorRect(QTextCursor(block)).center()
        QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, position, viewport.mapToGlobal(position)))
        return shown[-1] if shown else "(nothing)"

    assert hover(2) == "(nothing)"  # tooltips are wired when the mouse first comes in
    inside = QPointF(20, 20)
    QApplication.sendEvent(editor.edit, QEnterEvent(inside, inside, QPointF(editor.edit.mapToGlobal(inside))))
    assert hover(2).startswith("[警告]") and "2019年" in hover(2)
    assert hover(0) == ""  # a paragraph without findings: no tooltip


def test_findings_of_other_sections_are_not_marked(qtbot, document: ReportDocument) -> None:
    s1 = make_editor(qtbot, document, "s1")
    s6 = make_editor(qtbot, document, "s6")
    # In the body under the first heading (before the heading, its （一） would be lost).
    QTextCursor(s6.edit.document().findBlockByNumber(1)).insertText("2019年，")
    assert s6.edit.marked_blocks() == [1]
    assert s1.edit.marked_blocks() == []


def test_marked_paragraph_is_drawn(qtbot, document: ReportDocument) -> None:
    editor = make_editor(qtbot, document, "s5")
    editor.show()
    qtbot.waitExposed(editor)
    viewport = editor.edit.viewport()
    plain = viewport.grab().toImage()
    editor.edit.set_marked_blocks([0])
    marked = viewport.grab().toImage()
    assert marked != plain
    # Near the right edge, beside the short first paragraph: background before, the band after.
    top = editor.edit.cursorRect(QTextCursor(editor.edit.document().firstBlock())).center().y()
    x = viewport.width() - 20
    assert plain.pixelColor(x, top) != marked.pixelColor(x, top)
    assert marked.pixelColor(x, top).name() == FINDING_BACKGROUND.name()


def test_empty_section_shows_what_belongs_there(qtbot, document: ReportDocument) -> None:
    document.report.section("s6").paragraphs = []
    editor = make_editor(qtbot, document, "s6")
    editor.show()
    qtbot.waitExposed(editor)
    assert "信息处理费" in editor.edit.hint()
    empty = editor.edit.viewport().grab().toImage()
    editor.edit.set_hint("")
    blank = editor.edit.viewport().grab().toImage()
    assert empty != blank  # the hint is drawn while the text is empty
    editor.edit.set_hint("提示")
    editor.edit.setPlainText("正文")
    with_text = editor.edit.viewport().grab().toImage()
    editor.edit.set_hint("")
    assert editor.edit.viewport().grab().toImage() == with_text  # and not once there is text
