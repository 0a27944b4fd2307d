"""The one way the window runs work off the UI thread.

`TaskQueue.run(work, on_done, on_error)` runs `work` on the queue's worker thread and calls
`on_done(result)` or `on_error(exception)` back on the UI thread. Each queue has its own
concurrency (one at a time, in order, unless told otherwise): the preview renders one PDF at a
time, autosave writes one copy at a time, exports write one file at a time.

`wait_for(parent, label, work)` is for a caller that needs the result before going on (open,
import, save before closing): it returns the result or raises the exception like a direct call,
while the window keeps painting and timers run; the user's input waits, and after
BUSY_DIALOG_AFTER_MS a busy dialog says `label`. Waits never nest: a second one while one runs
is refused with `WaitRefused`, whose text says why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6 import QtWidgets  # the busy dialog is built when first needed, not at start-up
from PySide6.QtCore import QEventLoop, QObject, Qt, QThreadPool, Signal

#: A wait shorter than this shows nothing; a longer one (a file on a slow network share) shows
#: a busy dialog, so the user knows the app is working and not hung.
BUSY_DIALOG_AFTER_MS = 400

T = TypeVar("T")
OnDone = Callable[[Any], object]
OnError = Callable[[BaseException], object]


class _Relay(QObject):
    #: (task number, succeeded, result or exception), emitted on a worker thread.
    finished = Signal(int, bool, object)


class TaskQueue(QObject):
    """Worker threads (`concurrency` of them, one by default) whose results come back on the UI thread."""

    def __init__(self, parent: QObject | None = None, concurrency: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, concurrency))
        # Made after the pool, so destroyed after it: the pool's destructor waits for running work,
        # whose results then still find the relay.
        self._relay = _Relay(self)
        # Queued: the callbacks run on the thread that owns the queue (the UI thread), never on the worker.
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._callbacks: dict[int, tuple[OnDone, OnError]] = {}
        self._count = 0

    def run(self, work: Callable[[], Any], on_done: OnDone, on_error: OnError) -> None:
        """Queue `work`; later, on this thread, `on_done(result)` or `on_error(exception)`."""
        self._count += 1
        number = self._count
        self._callbacks[number] = (on_done, on_error)
        relay = self._relay

        def job() -> None:
            try:
                value = work()
            except BaseException as error:  # everything, even an interrupt, is handed over: a wait never hangs
                relay.finished.emit(number, False, error)
            else:
                relay.finished.emit(number, True, value)

        self._pool.start(job)

    def pending(self) -> int:
        """How many tasks have not called back yet (running, queued, or their result on its way)."""
        return len(self._callbacks)

    def wait(self) -> None:
        """Block until the running and queued work is done (at close: a file being written is finished).
        Their callbacks follow, from the event loop."""
        self._pool.waitForDone()

    def _deliver(self, number: int, succeeded: bool, value: Any) -> None:
        on_done, on_error = self._callbacks.pop(number)
        if succeeded:
            on_done(value)
        else:
            on_error(value)


class WaitRefused(RuntimeError):
    """`wait_for` was asked while another wait runs (a timer or a queued call asked to open, save or
    import in the middle of one): refused, never nested. str() says why, in Chinese."""

    def __init__(self, running: str, asked: str) -> None:
        self.running = running
        self.asked = asked
        super().__init__(f"{_activity(running)}尚未完成，请稍后再{_activity(asked)}")


def _activity(label: str) -> str:
    """“正在保存…” → “保存”."""
    return label.rstrip("…. ").removeprefix("正在")


#: The label of the wait now running on the UI thread, if any.
_running: str | None = None


def waiting() -> str | None:
    """The label of the wait in progress, or None."""
    return _running


def wait_for(parent: QtWidgets.QWidget | None, label: str, work: Callable[[], T]) -> T:
    """Run `work` on a worker thread and return its result (or raise its exception) here, like a
    direct call. Meanwhile the window keeps painting and timers run, but the user's input waits
    until the work is done (so nothing changes what `work` reads); after BUSY_DIALOG_AFTER_MS a
    busy dialog saying `label` tells why. WaitRefused if another wait is running."""
    global _running
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("wait_for is for the UI thread")
    if _running is not None:
        raise WaitRefused(_running, label)
    _running = label
    try:
        return _wait(parent, label, work)
    finally:
        _running = None


def _wait(parent: QtWidgets.QWidget | None, label: str, work: Callable[[], T]) -> T:
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    queue = TaskQueue()

    def settle(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    dialog = QtWidgets.QProgressDialog(label, "", 0, 0, parent)
    # An atomic write cannot be stopped halfway. (None is Qt's "no button"; PySide6 6.8's stubs, the glibc228
    # line's, leave None out of the type.)
    dialog.setCancelButton(cast(QtWidgets.QPushButton, None))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setWindowTitle(label)
    dialog.setMinimumDuration(BUSY_DIALOG_AFTER_MS)
    dialog.setValue(0)  # starts the dialog's own timer: it shows itself once the wait is long
    try:
        queue.run(work, lambda value: settle("value", value), lambda error: settle("error", error))
        if not outcome:  # (a result cannot have arrived yet: it is delivered by the loop below)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        queue.wait()
    finally:
        dialog.reset()
        dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
