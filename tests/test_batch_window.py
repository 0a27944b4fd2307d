"""工具 → 批量检查 in the running app (issue 17): the known folder of tests/test_batch.py read off the UI
thread with a progress bar, the reports sortable and filterable, a double-click opening a report at its
first finding, the copies and the hierarchy check shown, the roll-up opened, the result exported."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bench.batch_bench import write_corpus
from model.findings import Severity
from tests.test_batch import batch_folder, hierarchy_csv
from ui.app import Session
from ui.batch_model import ENTRY_ROLE, HEADERS, Shown
from ui.batch_window import BatchWindow

WAIT_MS = 60_000


def _batch_window(session: Session) -> BatchWindow:
    session.window.batch_action.trigger()
    window = session.window._batch_window
    assert window is not None and window.isVisible()
    return window


def _run(qtbot, window: BatchWindow, folder: Path, hierarchy: Path | None = None) -> None:
    window.clear_folders()
    window.add_folder(folder)
    window.set_hierarchy(hierarchy)
    steps: list[tuple[int, int]] = []
    window._progress.stepped.connect(lambda done, total: steps.append((done, total)))
    window.start_button.click()
    assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
    assert not window.start_button.isEnabled()  # one batch at a time
    qtbot.waitUntil(lambda: window.result is not None, timeout=WAIT_MS)
    assert steps[-1][0] == steps[-1][1] == len(window.result.reports)
    assert [done for done, _total in steps] == sorted(done for done, _total in steps)
    assert not window.progress_bar.isVisible()
    assert window.status_label.text().startswith("检查完成")


def _shown_files(window: BatchWindow) -> list[str]:
    proxy = window.report_filter
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


@pytest.fixture
def checked(qtbot, session: Session, tmp_path: Path) -> BatchWindow:
    window = _batch_window(session)
    _run(qtbot, window, batch_folder(tmp_path / "reports"), hierarchy_csv(tmp_path / "上下级.csv"))
    return window


def test_every_file_is_a_row_and_the_damaged_one_says_why(checked: BatchWindow) -> None:
    assert sorted(_shown_files(checked)) == sorted(["a_2023.nianbao.json", "a_2024.nianbao.json", "b.nianbao.json",
                                                    "c.nianbao.json", "damaged.nianbao.json", "g.nianbao.json"])
    assert checked.count_label.text() == "显示 6 / 6 个文件"
    damaged = next(e for e in checked.report_model.entries() if e.file.endswith("damaged.nianbao.json"))
    assert damaged.unreadable
    checked.shown_combo.setCurrentIndex(list(Shown).index(Shown.UNREADABLE))
    assert _shown_files(checked) == ["damaged.nianbao.json"]
    worst = checked.report_filter.index(0, HEADERS.index("最主要的问题")).data()
    assert worst == damaged.unreadable


def test_sorting_by_errors_puts_the_broken_report_first_and_blank_figures_sort_as_numbers(checked: BatchWindow) -> None:
    view = checked.report_view
    view.sortByColumn(HEADERS.index("错误"), Qt.SortOrder.DescendingOrder)
    assert _shown_files(checked)[0] == "b.nianbao.json"
    assert checked.report_filter.index(0, HEADERS.index("错误")).data() == "2"
    received = HEADERS.index("本年新收")
    view.sortByColumn(received, Qt.SortOrder.AscendingOrder)
    values = [checked.report_filter.index(row, received).data() for row in range(checked.report_filter.rowCount())]
    numbers = [int(value) for value in values if value]
    assert numbers == sorted(numbers) and len(numbers) == 5  # numerically, not as text; the damaged row blank


def test_choosing_a_report_lists_all_its_findings_below(checked: BatchWindow) -> None:
    checked.shown_combo.setCurrentIndex(list(Shown).index(Shown.ERRORS))
    checked.report_view.selectRow(0)
    entry = checked.report_filter.index(0, 0).data(ENTRY_ROLE)
    lines = checked.details.toPlainText().splitlines()
    assert lines[0] == f"{entry.file} — 错误 2 项，警告 0 项："
    assert lines[1:] == [f"[错误] {finding.message}" for finding in entry.findings]


def test_filters_by_what_was_found_and_by_text(checked: BatchWindow) -> None:
    checked.shown_combo.setCurrentIndex(list(Shown).index(Shown.ERRORS))
    assert _shown_files(checked) == ["b.nianbao.json"]
    checked.shown_combo.setCurrentIndex(list(Shown).index(Shown.WITH_PRIOR))
    assert _shown_files(checked) == ["a_2024.nianbao.json"]
    checked.shown_combo.setCurrentIndex(0)
    checked.filter_edit.setText("民政局")  # not 「民政」: 「人民政府」 holds it
    assert _shown_files(checked) == ["c.nianbao.json"]
    checked.filter_edit.setText("不平衡")  # a word of b's finding's message
    assert _shown_files(checked) == ["b.nianbao.json"]
    assert checked.count_label.text() == "显示 1 / 6 个文件"


def test_copies_and_hierarchy_are_listed(checked: BatchWindow) -> None:
    copies = checked.copy_view.model()
    pairs = {(Path(copies.index(r, 0).data()).name, Path(copies.index(r, 2).data()).name, copies.index(r, 4).data())
             for r in range(copies.rowCount())}
    assert ("b.nianbao.json", "c.nianbao.json", "五、存在的主要问题及改进情况") in pairs
    assert checked.tabs.tabText(1) == f"相同文字（{copies.rowCount()}）"
    table = checked.hierarchy_table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert any(row[0] == Severity.ERROR.label and row[2] == "g.nianbao.json" and "行政许可" in row[3] for row in rows)
    assert next(row[:2] for row in rows if row[0] == "缺报告") == ["缺报告", "济南市财政局"]
    assert any(row[0] == "已匹配" and "济南市政府" in row[3] for row in rows)  # every match shown


def test_double_click_opens_the_report_at_its_first_finding(qtbot, checked: BatchWindow, session: Session) -> None:
    checked.shown_combo.setCurrentIndex(list(Shown).index(Shown.ERRORS))
    index = checked.report_filter.index(0, HEADERS.index("机关"))
    entry = index.data(ENTRY_ROLE)
    checked.report_view.doubleClicked.emit(index)
    assert session.document.path == Path(entry.file)
    assert session.document.report.meta.agency == "济南市公安局"
    assert entry.worst.location.section == "s3"
    assert session.window.editor_tabs.current_key() == "s3"
    assert checked.isVisible()  # the list stays open beside the editor


def test_double_click_on_a_copy_opens_that_report_at_the_section(checked: BatchWindow, session: Session) -> None:
    copies = checked.copy_view.model()
    row = next(r for r in range(copies.rowCount()) if Path(copies.index(r, 2).data()).name == "c.nianbao.json")
    pair = copies.index(row, 0).data(ENTRY_ROLE)
    checked.copy_view.doubleClicked.emit(copies.index(row, 3))  # 机关乙: the second report
    assert session.document.path == Path(pair.b)
    assert session.window.editor_tabs.current_key() == pair.section == "s5"


def test_the_rollup_opens_as_a_new_unsaved_report(checked: BatchWindow, session: Session) -> None:
    rollup = checked.result.rollup
    checked.rollup_button.click()
    document = session.document
    assert document.path is None and document.report is not rollup
    assert document.report.cells == rollup.cells
    assert document.report.cells[("t3", "1", "total")] is not None


def test_export_writes_the_workbook_off_the_ui_thread(qtbot, checked: BatchWindow, tmp_path: Path) -> None:
    target = tmp_path / "out" / "汇总.xlsx"
    target.parent.mkdir()
    checked.export(target)
    qtbot.waitUntil(lambda: checked.status_label.text().startswith("已导出"), timeout=WAIT_MS)
    book = openpyxl.load_workbook(target, read_only=True)
    sheet = book["报告一览"]
    files = [Path(row[0]).name for row in sheet.iter_rows(min_row=3, values_only=True)]  # title, heading, files
    book.close()
    assert sorted(files) == sorted(e.file and Path(e.file).name for e in checked.result.reports)
    assert len(files) == 6


def test_export_offers_every_batch_writer_and_writes_the_summary_pdf(qtbot, checked: BatchWindow,
                                                                      tmp_path: Path) -> None:
    from ui.batch_window import BATCH_PURPOSES, _writer_for

    assert [_writer_for(tmp_path / name) is not None for name in ("a.xlsx", "a.pdf", "a.html", "a.docx")] == [
        True, True, True, False]
    assert len(BATCH_PURPOSES) == 3
    target = tmp_path / "汇总.pdf"
    checked.export(target)
    checked._escape()  # Esc while the file is written: the window closes once the file is whole, nothing cancelled
    qtbot.waitUntil(lambda: checked.status_label.text().startswith("已导出"), timeout=WAIT_MS)
    assert target.read_bytes().startswith(b"%PDF")
    assert checked.start_button.isEnabled()


def test_cancel_stops_the_batch_and_keeps_the_window_usable(qtbot, session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    write_corpus(folder, 120)  # enough that the cancel arrives while files are still being read
    window = _batch_window(session)
    window.add_folder(folder)
    window.start_button.click()
    window.cancel_button.click()
    qtbot.waitUntil(lambda: window._queue.pending() == 0, timeout=WAIT_MS)
    assert window.result is None
    assert window.status_label.text() == "已取消批量检查。"
    assert window.start_button.isEnabled() and not window.cancel_button.isVisible()
    QApplication.processEvents()


def test_an_empty_folder_is_a_message_not_a_crash(qtbot, session: Session, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: said.append(text)))
    empty = tmp_path / "empty"
    empty.mkdir()
    window = _batch_window(session)
    window.clear_folders()
    window.add_folder(empty)
    window.start_button.click()
    qtbot.waitUntil(lambda: window._queue.pending() == 0, timeout=WAIT_MS)
    assert said and "没有报告文件" in said[0]
    assert window.result is None and window.start_button.isEnabled()


def test_the_choices_are_remembered(qtbot, session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "remembered"
    write_corpus(folder, 2)
    window = _batch_window(session)
    window.add_folder(folder)
    window.threshold.setValue(70)
    window.start_button.click()
    qtbot.waitUntil(lambda: window._queue.pending() == 0, timeout=WAIT_MS)
    again = BatchWindow(session.window)
    assert folder in again.folders and again.threshold.value() == 70
    again.deleteLater()


def test_the_rates_tab_lists_the_roll_up_first_and_says_small_samples(checked: BatchWindow) -> None:
    view = checked.rate_view.model()
    assert checked.tabs.tabText(3) == "比率"
    readable = [e for e in checked.result.reports if e.unreadable is None]
    assert view.rowCount() == 1 + len(readable)
    assert (view.index(0, 0).data(), view.index(0, 1).data()) == ("（汇总）", "汇总")
    headers = [view.headerData(c, Qt.Orientation.Horizontal) for c in range(view.columnCount())]
    assert headers[:3] == ["文件", "机关", "公开率"]
    assert "（七）总计" in view.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    # The sample-based reports have 10 applications each: below 30, no rate; the roll-up of 4 has 40.
    assert view.index(1, 2).data() == "样本不足"
    assert view.index(0, 2).data().endswith("%")


def test_an_outlier_rate_is_marked_as_information(qtbot) -> None:
    from model.batch_types import Rate
    from ui.batch_model import OUTLIER_BACKGROUND, OUTLIER_TIP, RateTableModel

    model = RateTableModel()
    rates = {"b.json": [Rate("公开率", "（一）÷（七）", 0.95, outlier=True)],
             "汇总": [Rate("公开率", "（一）÷（七）", 0.5)],
             "a.json": [Rate("公开率", "（一）÷（七）", None, "无数据")]}
    model.set_rates(rates, {"a.json": "甲", "b.json": "乙"}, "汇总")
    assert [model.index(r, 1).data() for r in range(3)] == ["汇总", "乙", "甲"]
    assert [model.index(r, 2).data() for r in range(3)] == ["50.0%", "95.0%", "无数据"]
    assert model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole).color() == OUTLIER_BACKGROUND
    assert OUTLIER_TIP in model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is None
