"""Start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from model import APP_ID, APP_NAME, __version__
from model.projectfile import ProjectFileError, load
from model.report import Report
from model.resources import sample_path
from ui.i18n import install_chinese
from ui.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    install_chinese(app)
    return app


def open_report(path: Path | None) -> tuple[Report | None, Path | None, str | None]:
    """The report to show: `path`, else the shipped sample; an error message instead of a crash."""
    target = path or sample_path()
    try:
        return load(target), target, None
    except ProjectFileError as error:
        return None, None, str(error)


def run_app(path: Path | None = None) -> int:
    app = create_application()
    report, opened, error = open_report(path)
    window = MainWindow(report, opened)
    window.show()
    if error:
        QMessageBox.warning(window, APP_NAME, error)
    return app.exec()
