"""The window opens on the sample (headless) and reports what it cannot open instead of crashing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.app import create_application, open_report
from ui.main_window import MainWindow


def test_window_shows_the_sample(qtbot) -> None:
    create_application()
    report, path, error = open_report(None)
    assert error is None and report is not None and path is not None
    window = MainWindow(report, path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "zaozhuang-2024" in window.windowTitle()
    assert window.status.text() == "报告勾稽关系平衡，未发现问题"
    assert "枣庄市行政审批服务局2024年政府信息公开工作年度报告" in window.view.toPlainText()
    assert "38651" in window.view.toPlainText()


def test_window_counts_findings(qtbot, sample) -> None:
    sample.cells[("t3", "1", "natural")] = 10
    window = MainWindow(sample, Path("x.nianbao.json"))
    qtbot.addWidget(window)
    assert window.status.text() == "错误 2 · 警告 0"


def test_unreadable_file_gives_a_message_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "坏文件.nianbao.json"
    bad.write_text('{"format": "nianbao-report", "version": 1', encoding="utf-8")
    report, path, error = open_report(bad)
    assert report is None and path is None
    assert error is not None and "坏文件.nianbao.json" in error


def test_qt_dialogs_speak_chinese(qtbot) -> None:
    create_application()
    # Strings of Qt's own message boxes, file dialogs and context menus.
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QApplication.translate("QLineEdit", "&Undo") == "撤消(&U)"
