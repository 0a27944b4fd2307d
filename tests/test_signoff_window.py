"""已核实 in the running window: marked from the findings panel (Ctrl+K), counted in the status bar, and gone
once the person types another value into the cell or edits the sentence the warning points at."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from model.findings import Finding
from ui.app import Session
from ui.findings_panel import COLUMN_SIGNOFF, FINDING_ROLE, FindingsPanel

NOTE = "本年确未制定规章，文中所述属实（张三核实）"


def _sign_off_the_narrative_warning(qtbot, session: Session) -> FindingsPanel:
    session.document.set_cells({("t2_1", "rules", "issued"): 7}, "编辑")  # the text says none were issued
    panel = session.window.findings_panel
    asked: list[Finding] = []
    panel.ask_note = lambda finding, note: asked.append(finding) or NOTE  # type: ignore[assignment]
    [item] = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    panel.tree.setCurrentItem(item)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert [f.rule for f in asked] == ["NARRATIVE-TABLE"]
    assert panel.tree.topLevelItem(0).text(COLUMN_SIGNOFF) == f"✓ 已核实：{NOTE}"
    assert session.window.status_findings.text() == "各表勾稽关系平衡 · 警告 1（已核实 1）"
    return panel


def test_typing_into_the_cell_drops_the_mark(qtbot, session: Session) -> None:
    panel = _sign_off_the_narrative_warning(qtbot, session)
    window = session.window
    window.editor_tabs.go_to(panel.tree.topLevelItem(0).data(0, FINDING_ROLE).location)
    view = window.editor("s2").view_for("t2_1")  # type: ignore[attr-defined]
    view.select_cell("normative", "issued")
    qtbot.keyClicks(view, "4")
    editor = QApplication.focusWidget()
    assert editor is not view
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert session.document.report.cells[("t2_1", "normative", "issued")] == 4
    assert panel.tree.topLevelItem(0).text(COLUMN_SIGNOFF) == ""  # still a warning, no longer checked
    assert window.status_findings.text() == "各表勾稽关系平衡 · 警告 1"
    assert session.document.report.signoffs == []


def test_editing_the_sentence_drops_the_mark(qtbot, session: Session) -> None:
    panel = _sign_off_the_narrative_warning(qtbot, session)
    finding: Finding = panel.tree.topLevelItem(0).data(0, FINDING_ROLE)
    assert finding.location.span is not None
    editor = session.window.editor("s1")
    text_edit = editor.edit  # type: ignore[attr-defined]
    assert editor.go_to(finding.location)  # type: ignore[attr-defined]  # selects the sentence
    cursor = text_edit.textCursor()
    cursor.setPosition(cursor.selectionStart() + 3)  # inside 「未制定相关规章…」
    text_edit.setTextCursor(cursor)
    text_edit.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("的")
    QApplication.sendEvent(text_edit, event)
    assert "未制定的相关规章" in session.document.report.section("s1").paragraphs[finding.location.paragraph]
    assert session.document.report.signoffs == []
    assert all(panel.tree.topLevelItem(i).text(COLUMN_SIGNOFF) == "" for i in range(panel.tree.topLevelItemCount()))


def test_a_signed_off_paragraph_is_no_longer_banded_and_the_count_says_so(qtbot, session: Session) -> None:
    editor = session.window.editor("s1")
    session.document.set_cells({("t2_1", "rules", "issued"): 7}, "编辑")
    [finding] = [f for f in session.document.findings if f.rule == "NARRATIVE-TABLE"]
    assert finding.location.paragraph is not None
    block = editor._paragraph_blocks[finding.location.paragraph]  # type: ignore[attr-defined]
    assert block in editor.edit.marked_blocks()  # type: ignore[attr-defined]
    _sign_off_the_narrative_warning(qtbot, session)
    assert block not in editor.edit.marked_blocks()  # type: ignore[attr-defined]
    assert "已核实 1 条" in editor.findings_label.text()  # type: ignore[attr-defined]
    session.document.undo_stack.undo()  # the mark taken back: the band returns
    assert block in editor.edit.marked_blocks()  # type: ignore[attr-defined]
