"""A progress bar in the status bar for an export that takes a while.

An export shorter than SHOW_AFTER_MS shows nothing but its closing message; a longer one (a
bundle of six files, a PDF of a long report, printing) shows a bar that names what is being
written, busy until the work reports steps. Steps come from the worker thread through a queued
signal, so the bar is only ever touched on the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar

#: Work shorter than this shows no bar (the issue's half a second).
SHOW_AFTER_MS = 500


class ExportProgress(QObject):
    """One bar for the window's exports (they run one at a time, ui/tasks.py)."""

    #: (steps done, steps in all, what is being written), emitted from any thread.
    stepped = Signal(int, int, str)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.label = QLabel(window)
        self.bar = QProgressBar(window)
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        for widget in (self.label, self.bar):
            window.statusBar().addPermanentWidget(widget)
            widget.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._running = False
        self.stepped.connect(self._step, Qt.ConnectionType.QueuedConnection)

    def start(self, text: str) -> None:
        """Work named `text` ("正在导出 Word 文档…") has started: a bar appears if it lasts."""
        self._running = True
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until a step says how far
        self._timer.start(SHOW_AFTER_MS)

    def report(self, done: int, total: int, what: str) -> None:
        """For the worker: a step done (thread-safe)."""
        self.stepped.emit(done, total, what)

    def finish(self) -> None:
        self._running = False
        self._timer.stop()
        self.label.hide()
        self.bar.hide()

    @property
    def visible(self) -> bool:
        return self.bar.isVisible()

    def _show(self) -> None:
        if self._running:
            self.label.show()
            self.bar.show()

    def _step(self, done: int, total: int, what: str) -> None:
        if not self._running:
            return
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        if what:
            self.label.setText(f"正在生成：{what}…" if done < total else "即将完成…")
