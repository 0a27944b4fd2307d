"""Opening, importing and reading last year's report happen off the UI thread: with a reader as slow
as a network share (1 s), the window keeps painting and its timers run, a busy dialog says what is
happening, and the report read is the same as a direct read. A failure says what it said before."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from export.xlsx_export import export_xlsx
from importing.xlsx import import_xlsx
from model.projectfile import MAX_FILE_BYTES, ProjectFileError, dumps, load, write_report
from model.report import Report
from model.resources import sample_path
from ui import file_commands, prior_flow
from ui.app import Session
from ui.import_dialog import ImportReportDialog

SLOW_SECONDS = 1.0


class UiWatch(QObject):
    """Counts, while the UI thread is free, timer ticks and paint events of `widget` (which each tick
    asks to repaint), and the busy dialogs shown; `during()` what happened while a read ran."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.ticks = self.paints = 0
        self.busy_labels: set[str] = set()
        self._read_started: tuple[int, int] | None = None
        self._read_ended: tuple[int, int] | None = None
        widget.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(50)

    def _tick(self) -> None:
        self.ticks += 1
        self.widget.update()
        self.busy_labels |= {w.labelText() for w in QApplication.topLevelWidgets()
                             if isinstance(w, QProgressDialog) and w.isVisible()}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False

    def slowly(self, read: Any) -> Any:
        """`read`, made as slow as a network share, noting what the UI did meanwhile."""
        def slow(*args: Any, **kwargs: Any) -> Any:
            assert threading.current_thread() is not threading.main_thread()
            self._read_started = (self.ticks, self.paints)
            time.sleep(SLOW_SECONDS)
            self._read_ended = (self.ticks, self.paints)
            return read(*args, **kwargs)
        return slow

    def during(self) -> tuple[int, int]:
        """(ticks, paints) while the slow read ran."""
        assert self._read_started is not None and self._read_ended is not None, "the slow read did not run"
        return (self._read_ended[0] - self._read_started[0], self._read_ended[1] - self._read_started[1])

    def stop(self) -> None:
        self.timer.stop()
        self.widget.removeEventFilter(self)


def assert_kept_painting(watch: UiWatch, label: str) -> None:
    ticks, paints = watch.during()
    # 50 ms ticks during a 1 s read: about 20 if the UI thread is free, none if it is blocked.
    assert ticks >= 10 and paints >= 5, (ticks, paints)
    assert label in watch.busy_labels


@pytest.fixture
def watch(session: Session):
    watch = UiWatch(session.window.status_findings)
    yield watch
    watch.stop()


def five_megabytes(tmp_path: Path) -> Path:
    """The sample as a project file of almost 5 MB (the largest the app opens). The bulk is whitespace
    between JSON values, so what loads is still the sample: the preview and checks stay quick."""
    text = dumps(load(sample_path()))
    path = tmp_path / "大文件.nianbao.json"
    path.write_bytes((text[:-2] + " " * (MAX_FILE_BYTES - 1024 - len(text.encode("utf-8"))) + text[-2:]).encode())
    assert MAX_FILE_BYTES - 2048 < path.stat().st_size < MAX_FILE_BYTES
    return path


def test_opening_a_5_mb_file_slowly_keeps_the_window_painting(session: Session, watch: UiWatch, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = five_megabytes(tmp_path)
    monkeypatch.setattr(file_commands, "load", watch.slowly(load))
    assert session.window.open_path(path)
    assert_kept_painting(watch, "正在打开…")
    assert session.document.report == load(path) and session.document.path == path
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def large_workbook(tmp_path: Path) -> Path:
    """The sample's tables, and a notes sheet of 30 000 cells besides."""
    from openpyxl import load_workbook

    path = tmp_path / "大工作簿.xlsx"
    export_xlsx(load(sample_path()), path)
    workbook = load_workbook(path)
    notes = workbook.create_sheet("填报说明")
    for row in range(1, 3001):
        notes.append([f"第 {row} 行说明，第 {column} 列" for column in range(1, 11)])
    workbook.save(path)
    return path


def test_importing_a_large_workbook_slowly_keeps_the_window_painting(session: Session, watch: UiWatch,
                                                                    tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    book = large_workbook(tmp_path)
    session.document.set_cells(dict.fromkeys(session.document.report.cells, None), "清空")
    monkeypatch.setattr(file_commands, "read_workbook", watch.slowly(file_commands.read_workbook))
    monkeypatch.setattr(ImportReportDialog, "exec", lambda _dialog: 1)
    assert session.window.import_xlsx(book)
    assert_kept_painting(watch, "正在导入…")
    direct = import_xlsx(book, session.document.report.template_year)
    assert direct.placed and all(session.document.report.cells[key] == value for key, value in direct.placed.items())
    assert session.document.report.cells == load(sample_path()).cells  # the sample's tables, read back


def last_years_report(tmp_path: Path) -> Path:
    path = tmp_path / "2024.nianbao.json"
    path.write_text(dumps(load(sample_path())), encoding="utf-8")
    return path


def test_reading_last_years_report_slowly_keeps_the_window_painting(session: Session, watch: UiWatch,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    prior = last_years_report(tmp_path)
    monkeypatch.setattr(prior_flow, "load", watch.slowly(load))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_args: (str(prior), ""))
    session.window.new_from_prior_action.trigger()
    assert_kept_painting(watch, "正在读取上年报告…")
    report = session.document.report
    assert report.meta.year == 2025 and report.prior is not None and report.prior.report == load(prior)


def test_a_file_that_does_not_open_says_what_it_said_before(session: Session, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "坏.nianbao.json"
    broken.write_text("{ 不是 JSON", encoding="utf-8")
    with pytest.raises(ProjectFileError) as direct:
        load(broken)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: said.append((title, text)))
    before = session.document.report
    assert not session.window.open_path(broken)
    assert said == [("无法打开", str(direct.value))]
    assert str(direct.value).startswith("无法读取“坏.nianbao.json”：")
    assert session.document.report is before


def test_a_workbook_that_does_not_open_says_what_it_said_before(session: Session, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from importing.xlsx_safety import WorkbookError

    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(WorkbookError) as direct:
        import_xlsx(broken)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: said.append((title, text)))
    before = dict(session.document.report.cells)
    assert not session.window.import_xlsx(broken)
    assert said == [("无法导入", str(direct.value))] and "坏.xlsx" in said[0][1]
    assert session.document.report.cells == before


def test_an_unexpected_error_in_a_read_is_raised_not_swallowed(session: Session, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise ZeroDivisionError("读取程序出错")

    monkeypatch.setattr(file_commands, "read_workbook", broken)
    with pytest.raises(ZeroDivisionError, match="读取程序出错"):  # as before: the crash handler reports it
        session.window.import_xlsx(tmp_path / "x.xlsx")


def test_save_writes_a_snapshot_and_then_applies_the_link_as_saved(session: Session, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from model.crossyear import attach_prior

    (tmp_path / "folder").mkdir()
    prior_path = last_years_report(tmp_path / "folder")
    live = session.document.report
    attach_prior(live, load(prior_path), str(prior_path.resolve()), embed=False)
    written: list[tuple[bool, bool, str | None]] = []

    def recording(report: Report, path: Path):
        assert threading.current_thread() is not threading.main_thread()
        link = write_report(report, path)
        written.append((report is live, report == live, live.prior.path if live.prior else None))
        return link

    monkeypatch.setattr(file_commands, "write_report", recording)
    path = tmp_path / "folder" / "2025.nianbao.json"
    assert session.window.files.save_to(path)
    [(same_object, equal, live_path_while_writing)] = written
    assert not same_object and equal  # a copy of the report shown, taken before the worker started
    assert live_path_while_writing == str(prior_path.resolve())  # the report shown was not touched meanwhile
    assert live.prior is not None and live.prior.path == "2024.nianbao.json"  # then: the link as saved
    assert load(path).prior.path == "2024.nianbao.json" and load(path).prior.report == load(prior_path)


def test_the_busy_save_refuses_a_second_file_command_with_the_reason(session: Session, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A timer that fires during a slow save (a scheduled close, a recent-file click queued before)
    is told the save is still running; the save itself goes on."""
    other = last_years_report(tmp_path)

    def slow(report: Report, path: Path):
        time.sleep(0.5)
        return write_report(report, path)

    monkeypatch.setattr(file_commands, "write_report", slow)
    opened: list[bool] = []
    messages: list[str] = []
    session.window.statusBar().messageChanged.connect(messages.append)
    QTimer.singleShot(100, lambda: opened.append(session.window.open_path(other)))
    session.document.set_cells({("t3", "1", "natural"): 10}, "编辑")
    path = tmp_path / "慢.nianbao.json"
    assert session.window.files.save_to(path)
    assert opened == [False]
    assert "⚠ 保存尚未完成，请稍后再打开" in messages
    assert session.document.path == path and load(path) == session.document.report
