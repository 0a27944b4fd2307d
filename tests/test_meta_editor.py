"""The metadata editor: fields show the report's metadata and every edit reaches it."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from model import deadlines
from model.report import AgencyKind, Report
from ui.document import ReportDocument
from ui.meta_editor import DEADLINE_HINT, MetaEditor, publication_deadline

TODAY = date(2025, 1, 10)


@pytest.fixture
def document(sample: Report) -> ReportDocument:
    return ReportDocument(sample)


@pytest.fixture
def editor(qtbot, document: ReportDocument) -> MetaEditor:
    widget = MetaEditor(document)
    widget.today = lambda: TODAY  # the days left are the only thing here that depends on the day
    widget.reload()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    return widget


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` as an input method commits it (QTest.keyClicks cannot send Chinese)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_sample_loads(editor: MetaEditor, document: ReportDocument) -> None:
    assert editor.agency_edit.text() == "枣庄市行政审批服务局"
    assert editor.year_spin.value() == 2024
    assert editor.year_spin.text() == "2024 年度"
    assert editor.kind_combo.currentText() == "政府部门"
    assert editor.kind_combo.currentData() is AgencyKind.DEPARTMENT
    assert editor.published_unknown.isChecked()
    assert not editor.published_edit.isEnabled()
    assert editor.website_edit.text() == "http://www.zaozhuang.gov.cn/"
    assert editor.phone_edit.text() == "0632-3168699"
    assert editor.email_edit.text() == "spfwj@zz.shandong.cn"
    assert editor.preamble_editor.section_id == "preamble"
    assert editor.preamble_editor.edit.toPlainText() == document.report.preamble[0]
    assert editor.preamble_title.text() == "开篇段落"
    assert not document.is_modified()


def test_form_labels_are_chinese_and_not_clipped(qtbot, editor: MetaEditor) -> None:
    editor.show()
    qtbot.waitExposed(editor)
    labels = []
    for widget in (editor.agency_edit, editor.year_spin, editor.kind_combo, editor.published_edit,
                   editor.website_edit, editor.phone_edit, editor.email_edit):
        row, _role = editor.form.getWidgetPosition(widget)
        if row < 0:  # inside a row layout
            row = next(r for r in range(editor.form.rowCount())
                       if _contains(editor.form.itemAt(r, editor.form.ItemRole.FieldRole).layout(), widget))
        label = editor.form.itemAt(row, editor.form.ItemRole.LabelRole).widget()
        assert isinstance(label, QLabel)
        assert label.width() >= label.sizeHint().width()
        assert label.height() >= label.sizeHint().height()
        labels.append(label.text())
    assert labels == ["机关全称：", "报告年度：", "机关类型：", "公布日期：", "网站地址：", "联系电话：", "电子邮箱："]
    assert editor.kind_hint.text() == DEADLINE_HINT
    assert editor.kind_hint.isVisible() and editor.kind_hint.height() >= editor.kind_hint.heightForWidth(
        editor.kind_hint.width())
    assert editor.published_unknown.text() == "尚未确定"


def _contains(layout, widget: QWidget) -> bool:
    return layout is not None and any(layout.itemAt(i).widget() is widget for i in range(layout.count()))


def test_typing_the_agency_changes_the_report(qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    editor.agency_edit.selectAll()
    type_text(editor.agency_edit, "枣庄市人民政府办公室")
    assert document.report.meta.agency == "枣庄市人民政府办公室"
    assert document.report.title == "枣庄市人民政府办公室2024年政府信息公开工作年度报告"
    assert document.is_modified()
    assert document.undo_stack.count() == 0


@pytest.mark.parametrize(("field", "text"), [
    ("website", "https://www.example.gov.cn/"),
    ("phone", "010-12345678"),
    ("email", "gongkai@example.gov.cn"),
])
def test_contact_fields_change_the_report(qtbot, editor: MetaEditor, document: ReportDocument,
                                          field: str, text: str) -> None:
    edit = getattr(editor, f"{field}_edit")
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    assert getattr(document.report.meta, field) == text
    assert document.is_modified()


def test_pasted_line_breaks_and_control_characters_are_removed(qtbot, editor: MetaEditor,
                                                                document: ReportDocument) -> None:
    editor.agency_edit.selectAll()
    QApplication.clipboard().setText("枣庄市\x0b行政审批\r\n服务局\x07")
    editor.agency_edit.paste()
    assert document.report.meta.agency == "枣庄市行政审批服务局"
    assert editor.agency_edit.text() == "枣庄市行政审批服务局"
    assert editor.agency_edit.cursorPosition() == len("枣庄市行政审批服务局")


def test_year_and_kind_change_the_report(qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    qtbot.keyClick(editor.year_spin, Qt.Key.Key_Down)
    assert document.report.meta.year == 2023
    assert document.is_modified()
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findText("人民政府"))
    assert document.report.meta.kind is AgencyKind.GOVERNMENT
    assert document.report.meta.agency == "枣庄市行政审批服务局"  # the other fields stay
    assert editor.deadline_label.text() == "公布期限：2024年3月31日，已超过期限 285 天"


def test_year_range(editor: MetaEditor) -> None:
    assert (editor.year_spin.minimum(), editor.year_spin.maximum()) == (2019, 2100)


def test_publication_date(qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    assert document.report.meta.published is None
    assert editor.published_edit.displayFormat() == "yyyy年M月d日"
    # While unknown the date shows the deadline, greyed out.
    assert editor.published_edit.text() == "2025年1月31日"
    editor.published_unknown.click()
    assert editor.published_edit.isEnabled()
    assert document.report.meta.published == date(2025, 1, 31)
    assert document.is_modified()
    editor.published_edit.setDate(QDate(2025, 1, 20))
    assert document.report.meta.published == date(2025, 1, 20)
    assert editor.published_edit.text() == "2025年1月20日"
    editor.published_unknown.click()
    assert editor.published_unknown.isChecked()
    assert document.report.meta.published is None
    assert not editor.published_edit.isEnabled()


def test_a_late_date_is_pointed_out(qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    assert editor.deadline_label.text() == "公布期限：2025年1月31日，还有 21 天"
    editor.published_unknown.click()
    editor.published_edit.setDate(QDate(2025, 2, 10))
    assert editor.deadline_label.text() == "公布期限：2025年1月31日，还有 21 天；所填日期已超过期限"
    assert "晚于政府部门公布 2024 年度报告的期限" in editor.deadline_label.toolTip()  # META-LATE's own words


def test_publication_deadline() -> None:
    assert publication_deadline(2024, AgencyKind.DEPARTMENT) == date(2025, 1, 31)
    assert publication_deadline(2024, AgencyKind.GOVERNMENT) == date(2025, 3, 31)


def test_the_deadline_is_the_models_and_a_late_date_is_a_finding_on_the_field(
        qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    assert publication_deadline is deadlines.publication_deadline
    assert DEADLINE_HINT == deadlines.DEADLINE_RULE
    editor.published_unknown.click()
    editor.published_edit.setDate(QDate(2025, 1, 31))
    assert not editor.field_has_finding("published")
    editor.published_edit.setDate(QDate(2025, 2, 1))
    assert editor.field_has_finding("published") and "META-LATE" not in editor.published_edit.toolTip()
    assert "晚于政府部门公布 2024 年度报告的期限 2025年1月31日" in editor.published_edit.toolTip()
    assert [f.rule for f in document.findings] == ["META-LATE"]


def test_report_replaced_reloads_without_marking_modified(qtbot, editor: MetaEditor, document: ReportDocument,
                                                          sample: Report) -> None:
    type_text(editor.agency_edit, "改动")
    assert document.is_modified()
    other = copy.deepcopy(sample)
    other.meta.agency = "某县人民政府"
    other.meta.year = 2022
    other.meta.kind = AgencyKind.GOVERNMENT
    other.meta.published = date(2023, 3, 20)
    other.meta.phone = ""
    other.preamble = ["另一份报告的开篇。"]
    document.replace(other, None)
    assert not document.is_modified()
    assert other.meta.agency == "某县人民政府" and other.meta.published == date(2023, 3, 20)
    assert editor.agency_edit.text() == "某县人民政府"
    assert editor.year_spin.value() == 2022
    assert editor.kind_combo.currentData() is AgencyKind.GOVERNMENT
    assert not editor.published_unknown.isChecked() and editor.published_edit.isEnabled()
    assert editor.published_edit.date() == QDate(2023, 3, 20)
    assert editor.phone_edit.text() == ""
    assert editor.preamble_editor.edit.toPlainText() == "另一份报告的开篇。"
    assert editor.deadline_label.text() == "公布期限：2023年3月31日，已超过期限 651 天"


def test_a_year_outside_the_range_is_not_shown_as_another_year(qtbot, editor: MetaEditor, document: ReportDocument,
                                                                 sample: Report) -> None:
    other = copy.deepcopy(sample)
    other.meta.year = 0
    document.replace(other, None)
    assert editor.year_spin.text() == "未填写"
    assert document.report.meta.year == 0 and not document.is_modified()
    qtbot.keyClick(editor.year_spin, Qt.Key.Key_Up)
    assert document.report.meta.year == 2019


def test_preamble_edits_reach_the_report(qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    editor.preamble_editor.edit.setPlainText("本报告根据条例编制。\n\n第二段。")
    assert document.report.preamble == ["本报告根据条例编制。", "第二段。"]
    assert document.is_modified()


def test_select_field_focuses_its_widget(qtbot, editor: MetaEditor) -> None:
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.select_field("phone")
    assert editor.focusWidget() is editor.phone_edit
    assert editor.phone_edit.selectedText() == "0632-3168699"
    assert editor.select_field("year")
    assert editor.focusWidget() is editor.year_spin
    assert editor.select_field("kind")
    assert editor.focusWidget() is editor.kind_combo
    assert editor.select_field("published")  # unknown: the checkbox that says so
    assert editor.focusWidget() is editor.published_unknown
    assert not editor.select_field("no-such-field")


def test_fields_with_findings_are_marked(qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    assert not editor.field_has_finding("agency")
    editor.agency_edit.selectAll()
    qtbot.keyClick(editor.agency_edit, Qt.Key.Key_Delete)
    assert document.report.meta.agency == ""
    assert editor.field_has_finding("agency")
    assert "未填写机关全称" in editor.agency_edit.toolTip()
    assert not editor.field_has_finding("year")
    type_text(editor.agency_edit, "某局")
    assert not editor.field_has_finding("agency")
    assert editor.agency_edit.toolTip() == ""


def test_the_deadline_and_days_left_for_a_government(qtbot, editor: MetaEditor, document: ReportDocument) -> None:
    editor.today = lambda: date(2025, 3, 1)
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findText("人民政府"))
    assert editor.deadline_label.text() == "公布期限：2025年3月31日，还有 30 天"
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findText("政府部门"))
    assert editor.deadline_label.text() == "公布期限：2025年1月31日，已超过期限 29 天"
    assert document.findings == []  # today never makes a finding


def test_a_local_earlier_deadline_is_stored_and_moves_meta_late(qtbot, editor: MetaEditor,
                                                                 document: ReportDocument) -> None:
    editor.published_unknown.click()
    editor.published_edit.setDate(QDate(2025, 1, 25))
    assert document.findings == [] and not editor.local_deadline_edit.isEnabled()
    editor.local_deadline_check.click()
    assert editor.local_deadline_edit.isEnabled()
    editor.local_deadline_edit.setDate(QDate(2025, 1, 20))
    assert document.report.meta.local_deadline == date(2025, 1, 20) and document.is_modified()
    assert [f.rule for f in document.findings] == ["META-LATE"]
    assert editor.field_has_finding("published") and "本地要求的期限 2025年1月20日" in editor.published_edit.toolTip()
    assert editor.deadline_label.text() == "本地要求的期限：2025年1月20日，还有 10 天；所填日期已超过期限"
    editor.local_deadline_check.click()
    assert document.report.meta.local_deadline is None and document.findings == []


def test_a_local_deadline_of_a_loaded_report_is_shown(qtbot, editor: MetaEditor, document: ReportDocument,
                                                      sample: Report) -> None:
    other = copy.deepcopy(sample)
    other.meta.local_deadline = date(2025, 1, 15)
    document.replace(other, None)
    assert editor.local_deadline_check.isChecked() and editor.local_deadline_edit.date() == QDate(2025, 1, 15)
    assert not document.is_modified()
