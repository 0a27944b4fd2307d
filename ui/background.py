"""Run slow work (exports) on a worker thread and get the result back on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal


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
