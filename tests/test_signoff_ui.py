"""The findings panel: words instead of rule ids, and 已核实 (mark, note, undo, and the mark going away
when the cell or sentence it points at is edited)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTreeWidgetItem

from model.findings import Finding, Severity
from model.report import Report
from model.rule_names import rule_name
from ui.document import ReportDocument
from ui.findings_panel import (
    COLUMN_KIND,
    COLUMN_MESSAGE,
    COLUMN_PLACE,
    COLUMN_SIGNOFF,
    ERROR_REFUSAL,
    FINDING_ROLE,
    HEADERS,
    FindingsPanel,
    summary_text,
)
from ui.signoff_dialog import NOTE_PLACEHOLDER, SignOffDialog

NOTE = "本年确未制定规章，文中所述属实（张三核实）"
ISSUED = ("t2_1", "rules", "issued")
OTHER_ISSUED = ("t2_1", "normative", "issued")


@pytest.fixture
def document(sample: Report) -> ReportDocument:
    sample.cells[ISSUED] = 7  # the text says none were issued: a NARRATIVE-TABLE warning
    return ReportDocument(sample)


@pytest.fixture
def panel(qtbot, document: ReportDocument) -> FindingsPanel:
    widget = FindingsPanel(document)
    widget.ask_note = lambda finding, note: pytest.fail("no dialog expected")  # type: ignore[assignment]
    qtbot.addWidget(widget)
    return widget


def _items(panel: FindingsPanel) -> list[QTreeWidgetItem]:
    return [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]


def _select(panel: FindingsPanel, rule: str) -> QTreeWidgetItem:
    [item] = [i for i in _items(panel) if i.data(0, FINDING_ROLE).rule == rule]
    panel.tree.setCurrentItem(item)
    return item


def _finding(item: QTreeWidgetItem) -> Finding:
    return item.data(0, FINDING_ROLE)


def test_the_columns_show_words_and_keep_the_id_in_a_tooltip(panel: FindingsPanel) -> None:
    assert HEADERS == ["级别", "位置", "问题类型", "说明", "核实"]
    assert [panel.tree.headerItem().text(c) for c in range(5)] == HEADERS
    item = _select(panel, "NARRATIVE-TABLE")
    assert item.text(COLUMN_KIND) == "正文数字与表格不符" == rule_name("NARRATIVE-TABLE")
    assert "NARRATIVE-TABLE" not in "".join(item.text(c) for c in range(5))
    assert "NARRATIVE-TABLE" in item.toolTip(COLUMN_KIND) and "NARRATIVE-TABLE" in item.toolTip(COLUMN_MESSAGE)
    assert item.text(COLUMN_PLACE) == "第二十条第（一）项 本年制发件数 列"


def test_a_warning_is_marked_with_a_note_as_an_undo_step(panel: FindingsPanel, document: ReportDocument) -> None:
    asked: list[Finding] = []
    panel.ask_note = lambda finding, note: asked.append(finding) or NOTE  # type: ignore[assignment]
    _select(panel, "NARRATIVE-TABLE")
    assert panel.sign_off_button.isEnabled() and not panel.unsign_button.isEnabled()
    assert not document.is_modified()
    panel.sign_off_action.trigger()
    assert [f.rule for f in asked] == ["NARRATIVE-TABLE"]
    item = _select(panel, "NARRATIVE-TABLE")
    assert item.text(COLUMN_SIGNOFF) == f"✓ 已核实：{NOTE}" and NOTE in item.toolTip(COLUMN_SIGNOFF)
    assert panel.summary.text() == "各表勾稽关系平衡 · 警告 1（已核实 1）"
    assert document.is_modified() and document.undo_stack.undoText() == "标记为已核实"
    assert panel.unsign_button.isEnabled()
    document.undo_stack.undo()
    assert _select(panel, "NARRATIVE-TABLE").text(COLUMN_SIGNOFF) == "" and document.report.signoffs == []
    assert not document.is_modified()
    document.undo_stack.redo()
    assert _select(panel, "NARRATIVE-TABLE").text(COLUMN_SIGNOFF).startswith("✓")


def test_a_signed_row_is_greyed(panel: FindingsPanel, document: ReportDocument) -> None:
    document.report.meta.agency = ""
    document.recheck()  # a second warning (META-AGENCY), left unmarked
    plain = _select(panel, "META-AGENCY").foreground(COLUMN_MESSAGE).color()
    _select(panel, "NARRATIVE-TABLE")
    assert panel.sign_off_current(NOTE)
    signed = _select(panel, "NARRATIVE-TABLE").foreground(COLUMN_MESSAGE).color()
    assert signed != plain
    assert panel.summary.text() == "各表勾稽关系平衡 · 警告 2（已核实 1）"


def test_unmarking_takes_the_mark_away(panel: FindingsPanel, document: ReportDocument) -> None:
    _select(panel, "NARRATIVE-TABLE")
    panel.sign_off_current(NOTE)
    _select(panel, "NARRATIVE-TABLE")
    menu = panel.context_menu()
    assert [a.text() for a in menu.actions()] == ["标记为已核实…", "取消核实"]
    assert all(a.isEnabled() for a in menu.actions())
    panel.unsign_action.trigger()
    assert document.report.signoffs == [] and document.undo_stack.undoText() == "取消核实"
    assert panel.summary.text() == "各表勾稽关系平衡 · 警告 1"


def test_editing_the_cell_drops_the_mark_and_undo_brings_it_back(panel: FindingsPanel,
                                                                 document: ReportDocument) -> None:
    _select(panel, "NARRATIVE-TABLE")
    panel.sign_off_current(NOTE)
    document.set_cells({OTHER_ISSUED: 2}, "编辑单元格")
    item = _select(panel, "NARRATIVE-TABLE")  # still a warning: now 9 issued against the text's none
    assert item.text(COLUMN_SIGNOFF) == "" and document.report.signoffs == []
    assert panel.summary.text() == "各表勾稽关系平衡 · 警告 1"
    document.undo_stack.undo()  # what was checked is back, and so is the mark
    assert _select(panel, "NARRATIVE-TABLE").text(COLUMN_SIGNOFF) == f"✓ 已核实：{NOTE}"


def test_editing_the_sentence_drops_the_mark(panel: FindingsPanel, document: ReportDocument) -> None:
    index = _finding(_select(panel, "NARRATIVE-TABLE")).location.paragraph
    panel.sign_off_current(NOTE)
    assert index is not None
    paragraphs = list(document.report.section("s1").paragraphs)  # type: ignore[union-attr]
    paragraphs[index] = paragraphs[index].replace("未制定相关规章及规范性文件", "未制定相关规章和规范性文件")
    document.set_paragraphs("s1", paragraphs)
    assert _select(panel, "NARRATIVE-TABLE").text(COLUMN_SIGNOFF) == ""
    assert document.report.signoffs == []  # and so it is not saved either


def test_errors_cannot_be_marked(panel: FindingsPanel, document: ReportDocument) -> None:
    document.set_auto_totals(False)
    document.set_cells({("t3", "3.1", "natural"): 999}, "编辑单元格")
    item = next(i for i in _items(panel) if _finding(i).severity is Severity.ERROR)
    panel.tree.setCurrentItem(item)
    assert not panel.sign_off_action.isEnabled() and not panel.sign_off_button.isEnabled()
    assert panel.sign_off_button.toolTip() == ERROR_REFUSAL and item.toolTip(COLUMN_SIGNOFF) == ERROR_REFUSAL
    assert not panel.sign_off_current("试图核实一个错误")
    assert document.report.signoffs == []


def test_the_dialog_asks_for_a_note_and_says_who_and_why(qtbot, document: ReportDocument) -> None:
    finding = next(f for f in document.findings if f.rule == "NARRATIVE-TABLE")
    dialog = SignOffDialog(finding)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.note_edit.placeholderText() == NOTE_PLACEHOLDER and "核实" in NOTE_PLACEHOLDER
    assert not ok.isEnabled()
    dialog.note_edit.setText("   ")
    assert not ok.isEnabled()
    dialog.note_edit.setText(f" {NOTE} ")
    assert ok.isEnabled() and dialog.note() == NOTE
    assert ok.text() == "标记为已核实" and dialog.windowTitle() == "标记为已核实"


def test_summary_counts_signed_warnings() -> None:
    assert summary_text(0, 5, 2) == "各表勾稽关系平衡 · 警告 5（已核实 2）"
    assert summary_text(1, 5, 0) == "错误 1 · 警告 5"
    assert summary_text(0, 0) == "检查通过：各表勾稽关系平衡，未发现问题"
