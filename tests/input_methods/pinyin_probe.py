"""The app as a user types pinyin into it, for tests/test_pinyin_typing.py (run inside its X session).

    python pinyin_probe.py CHECKOUT [editor|field]

Opens the sample report, focuses the first text editor (`editor`) or the first field of 基本信息 (`field`,
a line edit) with the cursor at its start and prints "ready"; once its text has changed and then stayed
the same for a second (or after 20 s), prints "typed:" and what was inserted at the start, and quits.
The typing itself comes from outside (xdotool, through fcitx5).
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, sys.argv[1])

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QTabWidget, QTextEdit, QWidget

from ui.app import Session, create_application

app = create_application()
session = Session(None, sample=True)
session.show()
started = time.monotonic()
state: dict = {}


TARGET = sys.argv[2] if len(sys.argv) > 2 else "editor"


def text_of(widget: QWidget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def target() -> QWidget:
    window = session.window
    if TARGET == "editor":
        return next(each for each in window.findChildren(QTextEdit) if each.isVisible() and not each.isReadOnly())
    tabs = next(each for each in window.findChildren(QTabWidget) if each.tabText(0) == "基本信息")
    tabs.setCurrentIndex(0)
    QApplication.processEvents()
    page = tabs.widget(0)
    return next(each for each in page.findChildren(QLineEdit) if each.isVisible() and not each.isReadOnly())


def focus() -> None:
    session.window.activateWindow()
    widget = target()
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.setCursorPosition(0)
    else:
        cursor = widget.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        widget.setTextCursor(cursor)
    state.update(editor=widget, original=text_of(widget), last=text_of(widget), still_since=None)
    QTimer.singleShot(100, wait_for_focus)


def wait_for_focus() -> None:
    if QApplication.focusWidget() is state["editor"] and QApplication.focusWindow() is session.window.windowHandle():
        print("ready", flush=True)
        QTimer.singleShot(100, poll)
    elif time.monotonic() - started > 20:
        print(f"not focused: {QApplication.focusWidget()}, {QApplication.focusWindow()}", flush=True)
        finish()
    else:
        QTimer.singleShot(100, wait_for_focus)


def poll() -> None:
    text = text_of(state["editor"])
    if text != state["last"]:
        state.update(last=text, still_since=time.monotonic())
    settled = state["still_since"] is not None and time.monotonic() - state["still_since"] > 1.0
    if settled or time.monotonic() - started > 20:
        original = state["original"]
        inserted = text[: len(text) - len(original)] if text.endswith(original) else text[:20]
        print(f"typed: {inserted!r}", flush=True)
        finish()
        return
    QTimer.singleShot(100, poll)


def finish() -> None:
    """Gone at once: closing the window would ask whether to save what was typed."""
    os._exit(0)


QTimer.singleShot(500, focus)
app.exec()
