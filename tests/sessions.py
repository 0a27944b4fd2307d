"""The running app for GUI tests: a Session in a scratch data folder, closed without questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMenu

from ui.app import Session, create_application
from ui.settings import Settings


def start_session(qtbot, tmp_path: Path) -> Session:
    """A Session on the sample, shown; pytest-qt closes it after the test with nothing left unsaved.
    (The caller has pointed NIANBAO_DATA_DIR at a scratch folder.)"""
    create_application()
    session = Session(None, Settings(), offer=lambda _window, _copies: None)
    qtbot.addWidget(session.window, before_close_func=lambda _w: forget_changes(session, tmp_path))
    session.show()
    qtbot.waitExposed(session.window)
    return session


def forget_changes(session: Session, tmp_path: Path) -> None:
    """Before pytest-qt closes the window: nothing unsaved, so no question is asked."""
    session.document.undo_stack.setClean()
    session.document.mark_saved(session.document.path or tmp_path / "x.nianbao.json")


def menus_of(window: QMainWindow) -> list[QMenu]:
    """The menu bar's menus, in order. Not through QAction.menu(): on older PySide6 (seen on 6.9.3,
    the glibc 2.28 line's Qt before 6.8.0.2) its wrapper says "Internal C++ object (QMenu) already deleted"."""
    menus = {menu.menuAction(): menu for menu in window.menuBar().findChildren(QMenu)}
    return [menus[action] for action in window.menuBar().actions() if action in menus]


def menu_titled(window: QMainWindow, prefix: str) -> QMenu:
    [menu] = [menu for menu in menus_of(window) if menu.title().startswith(prefix)]
    return menu


@pytest.fixture
def session(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    return start_session(qtbot, tmp_path)
