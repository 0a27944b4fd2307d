"""Run slow work (exports, saves) on a worker thread and get the result back on the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6 import QtWidgets  # the busy dialog is built when first needed, not at start-up
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # handed to the UI thread, which tells the user
            self.relay.failed.emit(error)
            return
        self.relay.done.emit(result)


class BackgroundRunner(QObject):
    """One worker thread; `run(work, on_done, on_error)` calls back on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None]) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            callback(value)

        relay.done.connect(lambda value: finish(on_done, value), Qt.ConnectionType.QueuedConnection)
        relay.failed.connect(lambda error: finish(on_error, error), Qt.ConnectionType.QueuedConnection)
        self._pool.start(_Job(work, relay))

    def wait(self) -> None:
        self._pool.waitForDone()


#: A wait shorter than this shows nothing; a longer one (a save to a slow network share) shows
#: a busy dialog, so the user knows the app is working and not hung.
BUSY_DIALOG_AFTER_MS = 400


def wait_for(parent: QtWidgets.QWidget, label: str, work: Callable[[], Any]) -> Any:
    """Run `work` on a worker thread and return its result (or raise its exception) here,
    like a direct call. Meanwhile the window keeps painting and timers run, but the user's
    input waits until the work is done (so nothing changes what `work` reads); after
    BUSY_DIALOG_AFTER_MS a busy dialog saying `label` tells why."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    relay = _Relay()
    relay.done.connect(lambda value: (outcome.setdefault("value", value), loop.quit()),
                       Qt.ConnectionType.QueuedConnection)
    relay.failed.connect(lambda error: (outcome.setdefault("error", error), loop.quit()),
                         Qt.ConnectionType.QueuedConnection)
    dialog = QtWidgets.QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)  # an atomic write cannot be stopped halfway
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setWindowTitle(label)
    dialog.setMinimumDuration(BUSY_DIALOG_AFTER_MS)
    dialog.setValue(0)  # starts the dialog's own timer: it shows itself once the wait is long

    def run() -> None:
        try:
            value = work()
        except BaseException as error:  # everything, even an interrupt, is handed to the UI thread
            relay.failed.emit(error)
        else:
            relay.done.emit(value)

    thread = threading.Thread(target=run, name="nianbao-wait", daemon=True)
    thread.start()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    thread.join()
    dialog.reset()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
