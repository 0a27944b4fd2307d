"""The one background-task service (ui/tasks.py): results and exceptions come back on the UI thread,
a queue runs one task at a time in order, and a nested wait is refused rather than nested."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from ui.app import create_application
from ui.tasks import TaskQueue, WaitRefused, wait_for, waiting


def test_results_and_exceptions_come_back_on_the_ui_thread(qtbot) -> None:
    create_application()
    queue = TaskQueue()
    seen: list[tuple[str, object, str]] = []
    queue.run(lambda: threading.current_thread().name,
              lambda name: seen.append(("done", name, threading.current_thread().name)), pytest.fail)

    def broken() -> None:
        raise ValueError("坏了")

    queue.run(broken, pytest.fail, lambda error: seen.append(("error", error, threading.current_thread().name)))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    (done, worker, here), (failed, error, here_too) = seen
    main = threading.main_thread().name
    assert done == "done" and worker != main and here == here_too == main
    assert failed == "error" and isinstance(error, ValueError) and str(error) == "坏了"  # the exception itself
    assert queue.pending() == 0


def test_a_queue_runs_one_task_at_a_time_in_order(qtbot) -> None:
    create_application()
    queue = TaskQueue()
    running = {"now": 0, "most": 0}
    guard = threading.Lock()
    finished: list[int] = []

    def work(number: int) -> int:
        with guard:
            running["now"] += 1
            running["most"] = max(running["most"], running["now"])
        time.sleep(0.05)
        with guard:
            running["now"] -= 1
        return number

    for number in range(5):
        queue.run(lambda number=number: work(number), finished.append, pytest.fail)
    assert queue.pending() == 5
    qtbot.waitUntil(lambda: len(finished) == 5, timeout=5000)
    assert finished == [0, 1, 2, 3, 4] and running["most"] == 1


def test_a_second_wait_while_one_runs_is_refused_with_the_reason(qtbot) -> None:
    """A timer that fires during a save and asks to open a file gets a clear refusal, never a nested wait."""
    create_application()
    parent = QWidget()
    qtbot.addWidget(parent)
    refused: list[WaitRefused] = []
    inner_ran: list[bool] = []

    def open_meanwhile() -> None:
        assert waiting() == "正在保存…"
        try:
            wait_for(parent, "正在打开…", lambda: inner_ran.append(True))
        except WaitRefused as error:
            refused.append(error)

    QTimer.singleShot(100, open_meanwhile)
    assert wait_for(parent, "正在保存…", lambda: time.sleep(0.5) or "saved") == "saved"
    [error] = refused
    assert str(error) == "保存尚未完成，请稍后再打开"
    assert error.running == "正在保存…" and error.asked == "正在打开…"
    assert not inner_ran  # the refused work never ran
    assert waiting() is None
    assert wait_for(parent, "正在打开…", lambda: "opened") == "opened"  # once the first is over, waits work again


def test_a_wait_that_fails_leaves_no_wait_behind(qtbot) -> None:
    create_application()

    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # handed over too, never a hang
        wait_for(None, "正在保存…", interrupted)
    assert waiting() is None
    assert wait_for(None, "正在保存…", lambda: 1) == 1
