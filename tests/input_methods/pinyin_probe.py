"""The app as a user types pinyin into it, for tests/test_pinyin_typing.py (run inside its X session).

    python pinyin_probe.py CHECKOUT

Opens the sample report, focuses the first editor with the cursor at its start and prints "ready"; once
the editor's text has changed and then stayed the same for a second (or after 20 s), prints "typed:" and
what was inserted at the start, and quits. The typing itself comes from outside (xdotool, through fcitx5).
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, sys.argv[1])

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QTextEdit

from ui.app import Session, create_application

app = create_application()
session = Session(None, sample=True)
session.show()
started = time.monotonic()
state: dict = {}


def focus() -> None:
    window = session.window
    window.activateWindow()
    editor = next(each for each in window.findChildren(QTextEdit) if each.isVisible() and not each.isReadOnly())
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    state.update(editor=editor, original=editor.toPlainText(), last=editor.toPlainText(), still_since=None)
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
    text = state["editor"].toPlainText()
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
