"""The guide in the window: 帮助 → 填报说明 (F1) at the current cell's row, the dialog on a small screen,
and the panel beside the table editors (pytest-qt, offscreen)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from model.guide import anchor_for, section_anchor
from model.templates import TEMPLATES
from tests.sessions import menu_titled
from ui.guide_dialog import GuideDialog, show_guide
from ui.guide_panel import FULL_GUIDE_LINK, GuidePanel
from ui.settings import Settings

T2021 = TEMPLATES[2021]
SCREENSHOTS = os.environ.get("NIANBAO_GUIDE_SCREENSHOTS", "")


def guide_dialog(window: QWidget) -> GuideDialog | None:
    return window.findChild(GuideDialog, "guide-dialog")


def focus_cell(qtbot, session, row_id: str, column_id: str):
    editor = session.window.show_tab("s3")
    view = editor.views["t3"]
    view.select_cell(row_id, column_id)
    session.window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    return view


def test_the_command_is_in_the_help_menu_with_the_help_key(session) -> None:
    action = session.window.guide_action
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert action.text() == "填报说明(&G)…"
    help_menu = menu_titled(session.window, "帮助(&H)")
    assert action in help_menu.actions()


def test_f1_on_a_cell_of_table_three_opens_the_guide_at_that_row(qtbot, session) -> None:
    focus_cell(qtbot, session, "3.2", "commercial")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    dialog = guide_dialog(session.window)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.isModal()
    assert dialog.current_anchor == anchor_for("t3", "3.2")
    qtbot.waitUntil(lambda: dialog.browser.verticalScrollBar().value() > 0)
    # The row's entry is at the top of what the page shows.
    top = dialog.browser.cursorForPosition(dialog.browser.viewport().rect().topLeft()).block().text()
    assert "部分公开" in top


def test_f1_again_on_another_cell_reuses_the_window(qtbot, session) -> None:
    focus_cell(qtbot, session, "3.2", "natural")
    session.window.guide_action.trigger()
    first = guide_dialog(session.window)
    focus_cell(qtbot, session, "4", "natural")
    session.window.guide_action.trigger()
    assert guide_dialog(session.window) is first
    assert first is not None and first.current_anchor == anchor_for("t3", "4")
    assert len(session.window.findChildren(GuideDialog)) == 1


def test_f1_in_a_narrative_section_opens_at_the_section(session) -> None:
    session.window.show_tab("s5")
    session.window.guide_action.trigger()
    dialog = guide_dialog(session.window)
    assert dialog is not None and dialog.current_anchor == section_anchor("s5")


def test_the_guide_follows_the_template_year_of_the_report(session) -> None:
    dialog = show_guide(session.window, None, TEMPLATES[2019])
    assert "2019 年版" in dialog.windowTitle()
    assert "采购项目的数量" in dialog.browser.toPlainText()
    show_guide(session.window, None, T2021)
    assert "2021 年版" in dialog.windowTitle()
    assert "采购项目的数量" not in dialog.browser.toPlainText()


def test_the_search_box_finds_and_counts(qtbot) -> None:
    dialog = GuideDialog(T2021)
    qtbot.addWidget(dialog)
    dialog.search.setText("信息处理费")
    assert dialog.find_next()
    assert dialog.browser.textCursor().selectedText() == "信息处理费"
    assert dialog.search_status.text().startswith("共 ")
    dialog.search.setText("不存在的词语")
    assert not dialog.find_next()
    assert dialog.search_status.text() == "未找到"


def test_the_dialog_fits_a_1366_by_768_screen_with_readable_text(qtbot) -> None:
    dialog = GuideDialog(T2021)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= min(available.width(), 1366)
    assert dialog.height() <= min(available.height(), 768)
    assert dialog.browser.font().pointSize() >= 10
    if SCREENSHOTS:
        dialog.open_at(anchor_for("t3", "3.7"))
        QApplication.processEvents()
        dialog.grab().save(os.path.join(SCREENSHOTS, "guide-dialog.png"))


def test_the_panel_shows_the_row_and_column_texts_of_a_cell(qtbot) -> None:
    panel = GuidePanel()
    qtbot.addWidget(panel)
    panel.show_cell(T2021, "t3", "3.7", "natural")
    text = panel.plain_text()
    assert "行 （七）总计" in text and "不是收到的申请数" in text
    assert "列 自然人" in text and "自然人（公民个人）提出的申请" in text
    assert "常见错误" in text and "完整说明" in text
    assert "。；" not in text and "；；" not in text
    assert panel.toolTip() == "表三 （七）总计 · 自然人"
    panel.clear()
    assert "选中表格中的单元格" in panel.plain_text()
    assert panel.cell is None


def test_the_panel_stays_short_beside_a_table(qtbot) -> None:
    panel = GuidePanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 10)
    panel.show_cell(T2021, "t4", "cases", "suit_after_review.total")
    panel.show()
    qtbot.waitExposed(panel)
    line_height = panel.text.fontMetrics().lineSpacing()
    assert panel.text.heightForWidth(1000) <= 6 * line_height + 8


def test_the_panels_link_opens_the_full_guide_at_the_row(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    panel = GuidePanel(host)
    panel.show_cell(T2021, "t2_8", "fees", "amount")
    with qtbot.waitSignal(panel.fullGuideRequested) as requested:
        panel.text.linkActivated.emit(FULL_GUIDE_LINK)
    assert requested.args == [anchor_for("t2_8", "fees")]
    dialog = guide_dialog(host)
    assert dialog is not None and dialog.current_anchor == anchor_for("t2_8", "fees")


def test_the_table_tab_shows_the_guide_of_the_current_cell_and_the_view_menu_hides_it(qtbot, session) -> None:
    window = session.window
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    editor = window.show_tab("s3")
    panel = editor.guide_panel
    assert "选中表格中的单元格" in panel.plain_text()  # nothing chosen yet
    focus_cell(qtbot, session, "3.2", "commercial")
    assert "部分公开" in panel.plain_text() and "商业企业" in panel.plain_text()
    editor.views["t3"].select_cell("3.7", "total")
    assert "办理结果" in panel.plain_text()  # （七）总计 counts results, not applications
    # Under the table, at most five lines: the table keeps the rest of a 768 px screen.
    QApplication.processEvents()
    assert panel.isVisible() and panel.height() <= 6 * panel.text.fontMetrics().lineSpacing() + 12
    window.guide_panel_action.toggle()  # 视图 → 填报说明面板: off, for this and every table tab, remembered
    assert panel.isHidden()
    assert window.show_tab("s4").guide_panel.isHidden()
    assert session.settings.get(Settings.GUIDE_PANEL) is False
    window.guide_panel_action.toggle()
    assert not window.show_tab("s2").guide_panel.isHidden()
    if SCREENSHOTS:
        window.grab().save(os.path.join(SCREENSHOTS, "guide-panel.png"))
