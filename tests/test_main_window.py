"""The main window as a user meets it: findings navigation, files, unsaved changes, persistence."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from model.projectfile import load, write_report
from model.resources import sample_path
from tests.sessions import forget_changes, start_session
from ui import file_commands
from ui.app import Session, create_application
from ui.document import ReportDocument
from ui.findings_panel import FINDING_ROLE
from ui.main_window import MainWindow
from ui.narrative_editor import NarrativeEditor
from ui.new_report_dialog import NewReportDialog
from ui.settings import Settings
from ui.table_editor import TableSectionEditor
from ui.tasks import wait_for

Buttons = QMessageBox.StandardButton


def activate_finding(session: Session, rule: str) -> None:
    tree = session.window.findings_panel.tree
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item.data(0, FINDING_ROLE).rule == rule:
            tree.itemActivated.emit(item, 0)
            return
    raise AssertionError(f"no finding {rule} in the panel")


def test_status_bar_counts_and_double_click_goes_to_the_cell(session: Session) -> None:
    window = session.window
    session.document.set_auto_totals(False)
    session.document.set_cells({("t3", "3.5.2", "research"): 4}, "编辑")
    assert window.status_findings.text() == "错误 2 · 警告 0"
    activate_finding(session, "T3-ROW-TOTAL")
    assert window.current_editor() is window.editor("s3")
    view = window.editor("s3").view_for("t3")
    assert view.table_model.cell_key(view.currentIndex()) == ("t3", "3.5.2", "total")
    assert view.selectionModel().isSelected(view.currentIndex())


def test_before_the_first_check_nothing_claims_the_report_is_fine(qtbot, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Start-up paints the window before checking: "checking", never an early "passed".
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    create_application()
    report = load(sample_path())
    report.cells[("t3", "3.5.2", "research")] = 4
    document = ReportDocument(report, None, check=False)
    window = MainWindow(document, Settings())
    qtbot.addWidget(window)
    panel = window.findings_panel
    assert window.status_findings.text() == panel.summary.text() == "正在检查…"
    assert panel.tree.topLevelItemCount() == 0
    document.recheck()
    assert window.status_findings.text() == panel.summary.text() == "错误 2 · 警告 0"
    assert panel.tree.topLevelItemCount() == 2
    assert not panel.tree.topLevelItem(0).icon(0).isNull()  # errors carry an icon, not colour alone
    document.undo_stack.setClean()


def test_double_click_on_a_narrative_finding_selects_the_paragraph(session: Session) -> None:
    paragraphs = session.document.report.section("s5").paragraphs
    session.document.set_paragraphs("s5", [*paragraphs[:2], "2023年，我局问题整改不到位。", *paragraphs[2:]])
    activate_finding(session, "NARRATIVE-YEAR")
    editor = session.window.editor("s5")
    assert isinstance(editor, NarrativeEditor)
    assert session.window.current_editor() is editor
    assert editor.edit.textCursor().selectedText().startswith("2023年，我局问题整改不到位")


def test_save_and_reopen_gives_an_equal_report(session: Session, tmp_path: Path) -> None:
    document = session.document
    document.set_cells({("t2_5", "licensing", "decisions"): 40000}, "编辑")
    path = tmp_path / "保存测试.nianbao.json"
    assert session.window._save_to(path)
    assert not document.is_modified() and not session.window.isWindowModified()
    assert session.window.windowTitle().startswith("保存测试.nianbao.json")
    saved = load(path)
    assert saved == document.report
    assert session.window.open_path(path)
    assert document.report == saved and document.path == path


def test_a_slow_save_keeps_the_window_alive_and_says_it_is_saving(qtbot, session: Session, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # As on a slow network share: the write takes a second.
    def slow_save(report, path):
        time.sleep(1.0)
        return write_report(report, path)

    monkeypatch.setattr(file_commands, "write_report", slow_save)
    seen = {"ticks": 0, "busy dialog": False}

    def tick() -> None:  # runs only while the UI thread is free
        seen["ticks"] += 1
        seen["busy dialog"] |= any(isinstance(w, QProgressDialog) and w.isVisible()
                                   for w in QApplication.topLevelWidgets())

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    session.document.set_cells({("t3", "1", "natural"): 10}, "编辑")
    path = tmp_path / "慢速保存.nianbao.json"
    assert session.window._save_to(path)
    timer.stop()
    assert seen["ticks"] >= 10 and seen["busy dialog"]
    assert load(path) == session.document.report and not session.document.is_modified()
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_failed_save_says_why_and_keeps_the_changes_unsaved(session: Session, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    session.document.set_cells({("t3", "1", "natural"): 10}, "编辑")
    assert not session.window._save_to(tmp_path / "没有这个文件夹" / "x.nianbao.json")
    assert said and "无法保存" in said[0]
    assert session.document.is_modified()


def test_wait_for_returns_or_raises_like_a_direct_call(qtbot) -> None:
    create_application()
    parent = QWidget()
    qtbot.addWidget(parent)
    assert wait_for(parent, "计算中", lambda: 6 * 7) == 42
    with pytest.raises(ValueError, match="坏"):
        wait_for(parent, "计算中", lambda: int("坏"))

    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # handed over too, never a hang
        wait_for(parent, "计算中", interrupted)


def test_title_marks_unsaved_changes(session: Session) -> None:
    assert not session.window.isWindowModified()
    session.document.set_cells({("t3", "3.1", "other"): 1}, "编辑")
    assert session.window.isWindowModified()
    session.document.undo_stack.undo()
    assert not session.window.isWindowModified()


@pytest.mark.parametrize(("answer", "closes"), [(Buttons.Cancel, False), (Buttons.Discard, True)])
def test_closing_with_unsaved_changes_asks(session: Session, monkeypatch: pytest.MonkeyPatch,
                                          answer: QMessageBox.StandardButton, closes: bool) -> None:
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", question)
    session.document.set_cells({("t3", "3.1", "other"): 1}, "编辑")
    closed = session.window.close()
    assert asked and "尚未保存的修改" in asked[0]
    assert closed is closes
    assert session.window.isVisible() is not closes


def test_only_the_shown_tab_has_an_editor_until_another_is_opened(session: Session) -> None:
    # Start-up builds one editor; building more delays the first paint of the window.
    window = session.window
    assert list(window.editors) == ["s1"]
    window.show_tab("meta")
    assert sorted(window.editors) == ["meta", "s1"]
    window.document.reportReplaced.emit()  # e.g. 新建: the tabs are rebuilt, again only the current one
    assert list(window.editors) == ["meta"]


def test_new_report_has_the_template_sections_and_blank_cells(qtbot) -> None:
    create_application()
    dialog = NewReportDialog(None, "某市某局")
    qtbot.addWidget(dialog)
    dialog.year.setValue(2025)
    report = dialog.report()
    assert report.meta.agency == "某市某局" and report.meta.year == 2025 and report.template_year == 2021
    assert [s.title for s in report.sections] == [s.title for s in report.template.sections]
    assert all(value is None for value in report.cells.values())


def test_window_size_splitter_and_recent_files_persist(qtbot, session: Session, tmp_path: Path) -> None:
    window = session.window
    window.resize(760, 560)  # inside the screen: restoreGeometry clamps to it
    window.splitter.setSizes([500, 200])
    sizes = window.splitter.sizes()
    path = tmp_path / "最近.nianbao.json"
    assert window._save_to(path)
    window.close()
    again = Session(None, Settings(), offer=lambda _window, _copies: None)
    qtbot.addWidget(again.window, before_close_func=lambda _w: forget_changes(again, tmp_path))
    again.show()
    assert (again.window.width(), again.window.height()) == (760, 560)
    assert again.window.splitter.sizes() == sizes
    assert Settings().recent_files()[0] == path.resolve()
    assert again.document.path == path.resolve() or again.document.path == path
    again.window.files.fill_recent_menu()
    assert any("最近.nianbao.json" in a.text() for a in again.window.recent_menu.actions())
    again.window.close()


def test_fill_blanks_with_zero_is_one_undo_step(session: Session) -> None:
    document = session.document
    document.set_cells({("t3", "3.1", "other"): None, ("t3", "3.2", "other"): None}, "清除")
    session.window.show_tab("s3")
    assert isinstance(session.window.current_editor(), TableSectionEditor)
    session.window.fill_zero_action.trigger()
    assert document.report.cells[("t3", "3.1", "other")] == 0 and document.report.cells[("t3", "3.2", "other")] == 0
    assert document.undo_stack.undoText() == "空白单元格填 0（2 个）"


def test_edit_menu_says_what_will_be_undone(session: Session) -> None:
    session.document.set_cells({("t3", "3.1", "other"): 1}, "输入 表三 （一）予以公开 · 其他")
    assert session.window.undo_action.text() == "撤销 输入 表三 （一）予以公开 · 其他"
    assert session.window.undo_action.isEnabled()
    assert session.window.menuBar().actions()[1].text() == "编辑(&E)"


def test_undo_acts_on_the_text_being_typed_and_otherwise_on_the_tables(qtbot, session: Session) -> None:
    window = session.window
    window.activateWindow()
    session.document.set_cells({("t3", "3.1", "other"): 1}, "输入 表三 （一）予以公开 · 其他")
    editor = window.show_tab("s1")
    editor.edit.setFocus()
    qtbot.waitUntil(lambda: window.undo_router.field() is editor.edit)
    assert window.undo_action.text() == "撤销输入" and not window.undo_action.isEnabled()
    editor.edit.textCursor().insertText("新增一句。")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()  # as from the menu or the toolbar: the typing goes, the table stays
    assert "新增一句" not in session.document.report.section("s1").paragraphs[0]
    assert session.document.report.cells[("t3", "3.1", "other")] == 1
    assert window.redo_action.isEnabled() and window.redo_action.text() == "重做输入"

    view = window.show_tab("s3").view_for("t3")
    view.setFocus()
    qtbot.waitUntil(lambda: window.undo_router.field() is None)
    assert window.undo_action.text() == "撤销 输入 表三 （一）予以公开 · 其他"
    window.undo_action.trigger()
    assert session.document.report.cells[("t3", "3.1", "other")] == 0

    meta = window.show_tab("meta")
    meta.agency_edit.setFocus()
    qtbot.waitUntil(lambda: window.undo_router.field() is meta.agency_edit)
    meta.agency_edit.insert("（试）")
    assert window.undo_action.isEnabled() and window.undo_action.text() == "撤销输入"
    window.undo_action.trigger()
    assert "（试）" not in meta.agency_edit.text()


def test_preview_shows_the_exported_pdf_and_export_writes_it(qtbot, session: Session, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    qtbot.waitUntil(lambda: session.preview.last_ready_at > 0, timeout=20_000)
    pane = session.window.preview_dock.widget()
    assert pane.pdf.pageCount() >= 5
    target = tmp_path / "导出.pdf"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *_args: (str(target), ""))
    session.window.export_pdf_action.trigger()
    qtbot.waitUntil(target.exists, timeout=20_000)
    session.window.exports.wait()
    from export.pdf import render_pdf

    assert target.read_bytes() == render_pdf(session.document.report, session.pdf.fonts())


def test_exporting_a_report_with_errors_asks_first(session: Session, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    asked: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question",
                        lambda _parent, _title, text, *_args: asked.append(text) or QMessageBox.StandardButton.No)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *_args: pytest.fail("no file dialog after answering No"))
    session.document.set_auto_totals(False)
    session.document.set_cells({("t3", "1", "natural"): 10}, "编辑")
    session.window.export_pdf_action.trigger()
    assert asked and "2 项错误" in asked[0]


def test_about_names_the_version_the_folders_and_the_licences(session: Session) -> None:
    from model import __version__
    from ui.about_dialog import AboutDialog
    from ui.settings import recovery_dir

    dialog = AboutDialog(session.window)
    text = dialog.text.toPlainText()
    assert __version__ in text and str(recovery_dir()) in text and "settings.ini" in text
    assert "GNU LGPL v3" in text and "SIL Open Font License 1.1" in text
    dialog.close()


XLSX = Path(__file__).resolve().parent / "xlsx"


def test_import_excel_shows_the_report_first_and_is_one_undo_step(session: Session,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from importing.xlsx import import_xlsx
    from ui.import_dialog import ImportReportDialog

    shown: list[ImportReportDialog] = []

    def decline(dialog: ImportReportDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ImportReportDialog, "exec", decline)
    before = dict(session.document.report.cells)
    workbook = XLSX / "text_in_numbers.xlsx"
    assert not session.window.import_xlsx(workbook)
    assert shown and shown[0].problems.topLevelItemCount() == len(import_xlsx(workbook).problems) > 0
    assert session.document.report.cells == before  # declined: nothing changed

    monkeypatch.setattr(ImportReportDialog, "exec", lambda _dialog: 1)
    result = import_xlsx(workbook)
    assert session.window.import_xlsx(workbook)
    for key, value in result.placed.items():
        assert session.document.report.cells[key] == value
    assert not session.document.auto_totals()  # the workbook's totals do not add up: kept, and checked
    assert session.document.undo_stack.undoText().startswith("从 Excel 导入表格")
    session.document.undo_stack.undo()
    assert session.document.report.cells == before


def test_export_excel_writes_a_workbook_that_reads_back(qtbot, session: Session, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from importing.xlsx import import_xlsx

    target = tmp_path / "统计表.xlsx"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *_args: (str(target), ""))
    session.window.export_xlsx_action.trigger()
    qtbot.waitUntil(target.exists, timeout=20_000)
    session.window.exports.wait()
    result = import_xlsx(target)
    assert result.ok and result.report.cells == session.document.report.cells


def test_a_narrative_number_finding_highlights_its_sentence_and_cell(session: Session) -> None:
    paragraphs = list(session.document.report.section("s1").paragraphs)
    paragraphs[2] = paragraphs[2].replace("共收到政府信息公开申请9件", "共收到政府信息公开申请10件")
    session.document.set_paragraphs("s1", paragraphs)
    [finding] = [f for f in session.document.findings if f.rule == "NARRATIVE-TABLE"]
    activate_finding(session, "NARRATIVE-TABLE")
    editor = session.window.editor("s1")
    assert session.window.current_editor() is editor
    selected = editor.edit.textCursor().selectedText()
    start, end = finding.location.span
    assert selected == paragraphs[2][start:end] and "10件" in selected
    view = session.window.editor("s3").view_for("t3")
    assert [f.rule for f in view.table_model.findings_at("1", "total")] == ["NARRATIVE-TABLE"]


@pytest.mark.parametrize(("available", "expected"), [
    ((0, 0, 1920, 1040), (320, 110, 1280, 820)),  # a 1080p screen above the Windows taskbar: centred
    ((0, 0, 1296, 868), (8, 24, 1280, 820)),      # just room for the window and its frame
    ((1920, 0, 1600, 900), (2080, 40, 1280, 820)),  # a second screen to the right
    ((0, 0, 1366, 728), None),                    # 1366×768 less the taskbar: maximized
    ((0, 0, 1295, 1000), None),
    ((0, 0, 1440, 867), None),
])
def test_the_first_window_is_centred_where_it_fits_with_its_frame_else_maximized(
        available: tuple[int, int, int, int], expected: tuple[int, int, int, int] | None) -> None:
    from PySide6.QtCore import QRect

    from ui.main_window import first_window_geometry

    placed = first_window_geometry(QRect(*available))
    assert (placed.x(), placed.y(), placed.width(), placed.height()) == expected if placed else expected is None


def test_the_first_window_is_placed_on_the_screen_it_opens_on(session: Session) -> None:
    window = session.window  # no saved geometry; the tests' screen is 1920×1080
    assert not window.isMaximized() and (window.width(), window.height()) == (1280, 820)
    assert window.screen().availableGeometry().contains(window.geometry())


def test_on_a_small_screen_the_first_window_opens_maximized_with_its_status_bar_on_screen(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QRect

    from ui import main_window

    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    real, asked = main_window.first_window_geometry, []

    def on_a_laptop(available: QRect) -> QRect | None:
        asked.append(available)
        return real(QRect(0, 0, 1366, 728))  # a 1366×768 screen above the Windows taskbar, not the test screen

    monkeypatch.setattr(main_window, "first_window_geometry", on_a_laptop)
    session = start_session(qtbot, tmp_path)
    assert asked and session.window.isMaximized()
    window = session.window
    bottom = window.statusBar().mapToGlobal(window.statusBar().rect().bottomLeft()).y()
    assert bottom <= window.screen().availableGeometry().bottom()
