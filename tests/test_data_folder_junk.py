"""Junk in the data folder never stops the app (issue 12, item 12).

The data folder (ui/settings.py data_dir(), NIANBAO_DATA_DIR) holds settings.ini, recovery/ and
logs/. Whatever is found there — a file where a folder belongs, a FIFO, a recovery record from
the year 9999, a 50 MB settings file — the app starts, says once what it skipped or renamed (a
status-bar message, no dialog), and works: it saves, and it autosaves.

Each state is tried twice: a real `ui.app.Session` in this process, and `main.py` as a process
(offscreen) that must exit 0 after NIANBAO_QUIT_AFTER_MS. A FIFO that blocks would hang the test
run, so the in-process tests run under a watchdog that ends it (with tracebacks) instead.
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from model.projectfile import load
from model.resources import sample_path
from ui.app import Session, create_application
from ui.recovery import RecoveryDialog, RecoveryStore
from ui.settings import BAD_SUFFIX, Settings

ROOT = Path(__file__).resolve().parent.parent
WATCHDOG_SECONDS = 120
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
CELL = ("t3", "1", "natural")


def far_future_copy(data: Path, saved_at: str = "9999-12-31T23:59:59") -> Path:
    """A complete recovery copy whose info says when it was saved: by default 9999-12-31."""
    store = RecoveryStore(data / "recovery")
    store.write("future", load(sample_path()), None)
    info_path = store.info_path("future")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["saved_at"] = saved_at
    info_path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return info_path


def data_folder_is_a_file(data: Path) -> Path:
    data.write_text("不是文件夹", encoding="utf-8")
    return data


def recovery_is_a_file(data: Path) -> Path:
    data.mkdir()
    (data / "recovery").write_text("不是文件夹", encoding="utf-8")
    return data / "recovery"


def logs_is_a_file(data: Path) -> Path:
    data.mkdir()
    (data / "logs").write_text("不是文件夹", encoding="utf-8")
    return data / "logs"


def fifo_in_recovery(data: Path) -> Path:
    (data / "recovery").mkdir(parents=True)
    for name in ("管道.info.json", "abc.info.json", "abc.lock"):
        os.mkfifo(data / "recovery" / name)
    # A copy whose report is a FIFO, with a valid info file beside it.
    far_future_copy(data, "2026-11-29T15:20:00+08:00")
    report = data / "recovery" / "future.nianbao.json"
    report.unlink()
    os.mkfifo(report)
    return data / "recovery" / "abc.info.json"


def settings_is_a_fifo(data: Path) -> Path:
    data.mkdir()
    os.mkfifo(data / "settings.ini")
    return data / "settings.ini"


def settings_is_huge(data: Path) -> Path:
    data.mkdir()
    with (data / "settings.ini").open("wb") as handle:
        handle.write(b"[files]\nlast=" + b"x" * (50 * 1024 * 1024) + b"\n")
    return data / "settings.ini"


def settings_is_a_folder(data: Path) -> Path:
    (data / "settings.ini").mkdir(parents=True)
    return data / "settings.ini"


def recovery_from_the_year_9999(data: Path) -> Path:
    return far_future_copy(data)


JUNK: dict[str, Callable[[Path], Path]] = {
    "data folder is a file": data_folder_is_a_file,
    "recovery is a file": recovery_is_a_file,
    "logs is a file": logs_is_a_file,
    "recovery saved 9999-12-31": recovery_from_the_year_9999,
    "settings.ini is a folder": settings_is_a_folder,
    "settings.ini is 50 MB": settings_is_huge,
}
FIFO_JUNK: dict[str, Callable[[Path], Path]] = {
    "FIFOs in recovery": fifo_in_recovery,
    "settings.ini is a FIFO": settings_is_a_fifo,
}
ALL_JUNK = [pytest.param(make, id=name) for name, make in JUNK.items()] + [
    pytest.param(make, id=name, marks=needs_fifo) for name, make in FIFO_JUNK.items()]
#: Where the state renames something aside (the rest are skipped where they are).
RENAMED = {data_folder_is_a_file, recovery_is_a_file, logs_is_a_file, settings_is_huge, settings_is_a_fifo,
           settings_is_a_folder}


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Ends the whole run with tracebacks if a test blocks (a FIFO read) instead of hanging CI."""
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def set_time_zone(name: str | None) -> None:
    if name is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = name
    time.tzset()


@pytest.fixture
def west_of_greenwich() -> Iterator[None]:
    """A time zone where 9999-12-31T23:59:59 local is past the calendar's end in UTC (OverflowError)."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    before = os.environ.get("TZ")
    set_time_zone("America/New_York")
    yield
    set_time_zone(before)


def start(qtbot, data: Path, monkeypatch: pytest.MonkeyPatch, offered: list) -> Session:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    create_application()

    def offer(window, copies):  # what the dialog would show of each copy, without the modal dialog
        offered.extend(RecoveryDialog.row_texts(copy) for copy in copies)
        return None

    session = Session(None, Settings(), offer=offer)
    qtbot.addWidget(session.window)
    session.show()
    qtbot.waitExposed(session.window)
    return session


@pytest.mark.parametrize("make_junk", ALL_JUNK)
def test_the_app_starts_says_so_once_and_works(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               watchdog, west_of_greenwich, make_junk) -> None:
    data = tmp_path / "data"
    junk = make_junk(data)
    before = junk.read_bytes() if junk.is_file() and make_junk is not settings_is_huge else None
    offered: list = []
    session = start(qtbot, data, monkeypatch, offered)
    try:
        assert session.window.isVisible()
        # Said once, in the status bar, naming what was wrong.
        message = session.window.statusBar().currentMessage()
        assert message.startswith("⚠ ") and junk.name in message, message
        assert offered == []  # nothing junk is offered for recovery
        if make_junk in RENAMED:
            [aside] = [p for p in junk.parent.iterdir() if p.name.startswith(junk.name + BAD_SUFFIX)]
            assert aside.name in message
            if before is not None:
                assert aside.read_bytes() == before  # renamed, not lost
            assert data.is_dir()
        # It works: an edit is autosaved into the recovery folder, and the report saves.
        session.document.set_cells({CELL: 77}, "输入")
        with qtbot.waitSignal(session.autosave.written, timeout=10_000):
            session.autosave.tick()  # what the timer does every 30 s
        copy = session.store.report_path(session.autosave.copy_id)
        assert copy.parent.is_dir() and load(copy).cells[CELL] == 77
        target = tmp_path / "保存.nianbao.json"
        assert session.window._save_to(target)
        assert load(target).cells[CELL] == 77
        assert not copy.exists()  # saving discarded the recovery copy
        session.settings.sync()
        assert (data / "settings.ini").is_file() or make_junk is data_folder_is_a_file
    finally:
        session.document.undo_stack.setClean()
        session.window.close()
    # The next start finds a clean folder: nothing more to say.
    again = start(qtbot, data, monkeypatch, offered)
    try:
        if make_junk not in (recovery_from_the_year_9999, fifo_in_recovery):  # those stay, skipped again
            assert not again.window.statusBar().currentMessage().startswith("⚠"), \
                again.window.statusBar().currentMessage()
    finally:
        again.window.close()


def test_a_far_future_time_in_another_time_zone_is_skipped_too(qtbot, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """9999-12-31 in UTC is the year 10000 in Beijing: an OverflowError when the offer shows it."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    before = os.environ.get("TZ")
    set_time_zone("Asia/Shanghai")
    try:
        data = tmp_path / "data"
        far_future_copy(data, "9999-12-31T23:59:59+00:00")
        offered: list = []
        session = start(qtbot, data, monkeypatch, offered)
        assert offered == [] and "future.info.json" in session.window.statusBar().currentMessage()
        assert session.store.info_path("future").exists()  # skipped, not deleted
        session.window.close()
    finally:
        set_time_zone(before)


def test_a_recovery_copy_beside_the_junk_is_still_offered(qtbot, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, watchdog) -> None:
    data = tmp_path / "data"
    far_future_copy(data)
    good = load(sample_path())
    good.cells[CELL] = 5
    RecoveryStore(data / "recovery").write("good", good, None)
    if hasattr(os, "mkfifo"):
        os.mkfifo(data / "recovery" / "pipe.info.json")
    offered: list = []
    session = start(qtbot, data, monkeypatch, offered)
    assert len(offered) == 1 and offered[0][3].startswith("保存于 ")
    session.window.close()


# --- the recovery folder on its own ---------------------------------------------------


@pytest.mark.parametrize("saved_at", ["9999-12-31T23:59:59-08:00", "0001-01-01T00:00:00+08:00",
                                      "9999-12-31T23:59:59+00:00", "1900-01-01T00:00:00", "明天"])
def test_a_time_that_cannot_be_shown_is_skipped(tmp_path: Path, saved_at: str) -> None:
    """An OverflowError while listing or showing the offer would stop every start."""
    store, sample = RecoveryStore(tmp_path / "recovery"), load(sample_path())
    store.write("good", sample, None)
    far_future_copy(tmp_path, saved_at)
    copies = store.list()
    assert [c.id for c in copies] == ["good"]
    assert "future.info.json" in store.problems[0] and "保存时间" in store.problems[0]
    assert RecoveryDialog.row_texts(copies[0])[3].startswith("保存于 ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_fifos_in_the_folder_are_skipped_not_waited_on(tmp_path: Path) -> None:
    store, sample = RecoveryStore(tmp_path / "recovery"), load(sample_path())
    store.write("good", sample, None)
    store.write("pipedreport", sample, None)
    store.report_path("pipedreport").unlink()
    os.mkfifo(store.report_path("pipedreport"))
    os.mkfifo(store.info_path("pipedinfo"))
    os.mkfifo(store.lock_path("good"))  # a lock that cannot be read: not a living owner
    listed: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: listed.put(store.list()), daemon=True).start()
    try:
        copies = listed.get(timeout=10)
    except queue.Empty:
        for name in ("pipedreport.nianbao.json", "pipedinfo.info.json", "good.lock"):
            with contextlib.suppress(OSError):
                os.close(os.open(store.directory / name, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("listing the recovery folder blocked on a FIFO")
    assert [c.id for c in copies] == ["good"]
    joined = "\n".join(store.problems)
    assert "pipedreport.nianbao.json" in joined and "pipedinfo.info.json" in joined and "命名管道" in joined


@pytest.mark.parametrize("make_junk", ALL_JUNK)
def test_main_py_starts_and_exits_0_with_junk_in_the_data_folder(tmp_path: Path, make_junk) -> None:
    data = tmp_path / "data"
    make_junk(data)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(data),
           "NIANBAO_QUIT_AFTER_MS": "1500", "PYTHONIOENCODING": "utf-8", "TZ": "America/New_York"}
    try:
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--sample"], cwd=ROOT, env=env,
                                capture_output=True, text=True, encoding="utf-8", timeout=90,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("main.py did not exit: it blocked or a dialog waited")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]


def test_a_data_folder_that_cannot_be_made_is_replaced_by_a_temporary_one(qtbot, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A file where a parent of the data folder should be: nothing to rename (it is not ours), so
    this session keeps its settings and copies in a temporary folder, and says so."""
    blocker = tmp_path / "挡路的文件"
    blocker.write_text("用户的文件", encoding="utf-8")
    data = blocker / "data"
    offered: list = []
    session = start(qtbot, data, monkeypatch, offered)
    try:
        message = session.window.statusBar().currentMessage()
        assert "临时文件夹" in message and str(data) in message, message
        assert blocker.read_text(encoding="utf-8") == "用户的文件"
        session.document.set_cells({CELL: 8}, "输入")
        assert session.autosave.write_now()
        assert load(session.store.report_path(session.autosave.copy_id)).cells[CELL] == 8
        assert session.store.directory.is_relative_to(Path(tempfile.gettempdir()))
    finally:
        session.document.undo_stack.setClean()
        session.autosave.discard()
        session.window.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(data),
           "NIANBAO_QUIT_AFTER_MS": "1500", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--sample"], cwd=ROOT, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=90, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-3000:]
