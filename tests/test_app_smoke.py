"""The app starts on the right report, shows it, and reports what it cannot open instead of crashing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from model.projectfile import save
from model.report import Report
from ui.app import Session, create_application, open_report
from ui.settings import Settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(directory))
    return directory


@pytest.fixture
def start(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """Start a session like `python main.py [FILE]` does, without blocking dialogs."""
    create_application()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    sessions: list[Session] = []

    def starter(path: Path | None = None) -> Session:
        session = Session(path, Settings(), offer=lambda _window, _copies: None)
        qtbot.addWidget(session.window)
        session.show()
        session.warnings = warnings
        sessions.append(session)
        return session

    yield starter
    for session in sessions:
        session.document.undo_stack.setClean()
        session.window.close()


def test_first_run_opens_the_sample_untitled(start) -> None:
    session = start()
    assert session.document.path is None
    assert session.window.windowTitle() == "示例报告[*] — 年报编制助手"
    assert session.document.report.meta.agency == "枣庄市行政审批服务局"
    assert session.window.status_findings.text() == "检查通过：各表勾稽关系平衡，未发现问题"
    titles = [session.window.tabs.tabText(i) for i in range(session.window.tabs.count())]
    assert titles == ["基本信息", *(s.short_title for s in session.document.report.template.sections)]
    assert titles[3] == "三 依申请办理"
    assert session.window.tabs.tabToolTip(3) == "三、收到和处理政府信息公开申请情况"


def test_next_start_opens_the_last_file(start, tmp_path: Path, sample: Report) -> None:
    path = tmp_path / "上次的报告.nianbao.json"
    sample.meta.agency = "上次打开的机关"
    save(sample, path)
    first = start(path)
    first.window.close()
    second = start()
    assert second.document.path == path.resolve() or second.document.path == path
    assert second.document.report.meta.agency == "上次打开的机关"
    assert Settings().recent_files()[0] == path.resolve()


def test_unreadable_file_gives_a_message_and_the_sample(start, tmp_path: Path) -> None:
    bad = tmp_path / "坏文件.nianbao.json"
    bad.write_text('{"format": "nianbao-report", "version": 1', encoding="utf-8")
    session = start(bad)
    assert session.warnings and "坏文件.nianbao.json" in session.warnings[0]
    assert session.document.path is None and session.document.report.meta.year == 2024


def test_open_report_reports_errors_instead_of_raising(tmp_path: Path) -> None:
    report, path, error = open_report(tmp_path / "missing.nianbao.json")
    assert report is None and path is None and error is not None and "文件不存在" in error


def test_qt_dialogs_speak_chinese(qtbot) -> None:
    create_application()
    # Strings of Qt's own message boxes, file dialogs and context menus.
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QApplication.translate("QLineEdit", "&Undo") == "撤消(&U)"
