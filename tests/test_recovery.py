"""Recovery copies (ui/recovery.py, ui/recovery_store.py) and the unexpected-exception handler (ui/crash.py).

The issue: while there are unsaved changes a recovery copy is written at least
every 60 s to the data directory, never over the user's file; after a crash or
a kill the next start offers it; a clean exit removes it; an unexpected
exception shows a dialog, writes a copy and keeps the app alive.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from model import projectfile
from model.projectfile import ProjectFileError
from model.resources import sample_path
from ui import crash, recovery_store
from ui.document import ReportDocument
from ui.recovery import (
    MAX_INTERVAL_MS,
    AutosaveController,
    RecoveryCopy,
    RecoveryDialog,
    RecoveryStore,
    offer_recovery,
    restore_copy,
)

ROOT = Path(__file__).resolve().parent.parent
CELL = ("t3", "1", "natural")
INTERVAL = 200


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    """The user's own project file: a copy of the sample in a folder of its own."""
    folder = tmp_path / "用户文件夹"
    folder.mkdir()
    path = folder / "我的年报.nianbao.json"
    shutil.copyfile(sample_path(), path)
    return path


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "data" / "recovery")


@pytest.fixture
def document(qtbot, user_file: Path) -> ReportDocument:
    return ReportDocument(projectfile.load(user_file), user_file)


@pytest.fixture
def autosave(document: ReportDocument, store: RecoveryStore):
    controller = AutosaveController(document, store, interval_ms=INTERVAL)
    yield controller
    controller.close()
    controller.discard()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def set_saved_at(store: RecoveryStore, copy_id: str, moment: str) -> None:
    path = store.info_path(copy_id)
    info = json.loads(path.read_text(encoding="utf-8"))
    info["saved_at"] = moment
    path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# --- the store ---------------------------------------------------------------------------


def test_store_round_trip(store: RecoveryStore, sample, user_file: Path) -> None:
    sample.cells[CELL] = 10
    before = datetime.now().astimezone() - timedelta(seconds=2)
    store.write("a1", sample, user_file)

    [copy] = store.list()
    assert store.problems == []
    assert copy.id == "a1"
    assert copy.original_path == user_file and copy.display_name == "我的年报.nianbao.json"
    assert copy.agency == "枣庄市行政审批服务局" and copy.year == 2024
    assert before <= copy.saved_at <= datetime.now().astimezone() + timedelta(seconds=2)
    assert copy.report_path.parent == store.directory and copy.info_path.parent == store.directory
    assert projectfile.dumps(store.load(copy)) == projectfile.dumps(sample)
    assert store.load(copy).cells[CELL] == 10

    info = json.loads(copy.info_path.read_text(encoding="utf-8"))
    assert info["original_path"] == str(user_file)
    assert info["file_format_version"] == projectfile.FORMAT_VERSION and info["app_version"]

    assert store.discard(copy)
    assert store.list() == [] and list(store.directory.iterdir()) == []
    assert user_file.read_bytes() == sample_path().read_bytes()


def test_unsaved_report_has_no_original_path(store: RecoveryStore, sample) -> None:
    store.write("new", sample, None)
    [copy] = store.list()
    assert copy.original_path is None and copy.display_name == "未命名报告"


def test_copies_are_listed_newest_first(store: RecoveryStore, sample) -> None:
    for copy_id in ("old", "newest", "middle"):
        store.write(copy_id, sample, None)
    set_saved_at(store, "old", "2026-11-29T08:00:00+08:00")
    set_saved_at(store, "newest", "2026-11-29T02:30:00+00:00")  # 10:30 in Beijing
    set_saved_at(store, "middle", "2026-11-29T09:15:00+08:00")
    assert [c.id for c in store.list()] == ["newest", "middle", "old"]


def test_corrupt_and_partial_copies_are_skipped(store: RecoveryStore, sample) -> None:
    for copy_id in ("good", "badinfo", "notdict", "badreport", "emptyreport", "noinfo", "noreport"):
        store.write(copy_id, sample, None)
    store.info_path("badinfo").write_bytes(b'{"format": "nianbao-recovery", "saved_at": ')
    store.info_path("notdict").write_text("[1, 2]", encoding="utf-8")
    store.report_path("badreport").write_bytes(store.report_path("badreport").read_bytes()[:500])
    store.report_path("emptyreport").write_bytes(b"")
    store.info_path("noinfo").unlink()
    store.report_path("noreport").unlink()
    (store.directory / "bad id!.info.json").write_text("{}", encoding="utf-8")

    copies = store.list()
    assert [c.id for c in copies] == ["good"]
    assert len(store.problems) == 7, store.problems
    joined = "\n".join(store.problems)
    for name in ("badinfo", "notdict", "badreport", "emptyreport", "noinfo", "noreport", "bad id!"):
        assert name in joined
    # Nothing it could not read was deleted.
    assert store.report_path("badreport").exists() and store.info_path("badinfo").exists()


def test_missing_directory_lists_nothing(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "nowhere")
    assert store.list() == [] and store.problems == []


def test_load_of_a_damaged_copy_raises_project_file_error(store: RecoveryStore, sample) -> None:
    store.write("x", sample, None)
    [copy] = store.list()
    copy.report_path.write_text("{", encoding="utf-8")
    with pytest.raises(ProjectFileError):
        store.load(copy)


def test_copy_ids_cannot_escape_the_directory(store: RecoveryStore, sample) -> None:
    for bad in ("../x", "a/b", "", "x" * 65, "a.b"):
        with pytest.raises(ValueError):
            store.write(bad, sample, None)


# --- locks -------------------------------------------------------------------------------


def test_a_live_copy_is_not_offered(store: RecoveryStore, sample) -> None:
    store.claim("mine")
    store.write("mine", sample, None)
    assert store.is_live("mine")
    assert store.list() == []
    assert [c.id for c in store.list(exclude_live=False)] == ["mine"]
    store.release("mine")
    assert not store.lock_path("mine").exists()
    assert [c.id for c in store.list()] == ["mine"]


def test_a_lock_of_a_dead_or_unknown_process_is_stale(store: RecoveryStore, sample) -> None:
    store.write("dead", sample, None)
    lock = store.lock_path("dead")

    lock.write_text(json.dumps({"pid": dead_pid(), "started": None, "host": None}), encoding="utf-8")
    assert not store.is_live("dead")
    # Our own PID, but not a copy this process claimed: a dead process's PID reused (containers).
    lock.write_text(json.dumps({"pid": os.getpid(), "started": None}), encoding="utf-8")
    assert not store.is_live("dead")
    # A process on another computer cannot be checked: offer the copy.
    lock.write_text(json.dumps({"pid": os.getppid(), "host": "某台别的电脑"}), encoding="utf-8")
    assert not store.is_live("dead")
    lock.write_text("garbage", encoding="utf-8")
    assert not store.is_live("dead")
    assert [c.id for c in store.list()] == ["dead"]

    # Another process that runs (our parent) does own its copy.
    lock.write_text(json.dumps({"pid": os.getppid(), "started": None}), encoding="utf-8")
    assert store.is_live("dead") and store.list() == []


def test_process_start_time_tells_a_reused_pid_apart(store: RecoveryStore, sample) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("start times are read from /proc")
    store.write("x", sample, None)
    parent = os.getppid()
    started = recovery_store._process_start_token(parent)
    assert started is not None
    store.lock_path("x").write_text(json.dumps({"pid": parent, "started": started}), encoding="utf-8")
    assert store.is_live("x")
    store.lock_path("x").write_text(json.dumps({"pid": parent, "started": started + "1"}), encoding="utf-8")
    assert not store.is_live("x")


def test_a_killed_but_unreaped_process_is_dead(store: RecoveryStore, sample) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("zombies are read from /proc")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert recovery_store.pid_alive(child.pid)
        os.kill(child.pid, 9)
        deadline = time.monotonic() + 10
        while recovery_store._linux_stat(child.pid)[0] != "Z":  # killed, not yet waited for
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert not recovery_store.pid_alive(child.pid)
        store.write("zombie", sample, None)
        store.lock_path("zombie").write_text(json.dumps({"pid": child.pid}), encoding="utf-8")
        assert [c.id for c in store.list()] == ["zombie"]
    finally:
        child.kill()
        child.wait()


def test_list_removes_orphan_locks_of_dead_processes(store: RecoveryStore) -> None:
    store.directory.mkdir(parents=True)
    store.lock_path("orphan").write_text(json.dumps({"pid": dead_pid()}), encoding="utf-8")
    store.claim("alive")
    assert store.list() == []
    assert not store.lock_path("orphan").exists()
    assert store.lock_path("alive").exists()
    store.release("alive")


# --- autosave ------------------------------------------------------------------------------


def test_autosave_writes_only_modified_new_generations(qtbot, document, store, autosave, user_file) -> None:
    user_bytes = user_file.read_bytes()
    user_folder = files_in(user_file.parent)
    written: list[datetime] = []
    autosave.written.connect(written.append)

    qtbot.wait(3 * INTERVAL)
    assert written == [] and store.list(exclude_live=False) == []  # nothing unsaved, nothing written

    edited = time.monotonic()
    document.set_cells({CELL: 10}, "编辑")
    assert not store.directory.exists() or store.list(exclude_live=False) == []  # editing does not wait on disk
    qtbot.waitUntil(lambda: len(written) == 1, timeout=5000)
    assert time.monotonic() - edited < INTERVAL / 1000 + 2.0
    [copy] = store.list(exclude_live=False)
    assert store.load(copy).cells[CELL] == 10
    assert store.list() == []  # this running session's copy is not offered to anyone

    qtbot.wait(4 * INTERVAL)
    assert len(written) == 1  # unchanged generation: no rewrite

    document.set_cells({CELL: 11}, "编辑")
    qtbot.waitUntil(lambda: len(written) == 2, timeout=5000)
    assert store.load(store.list(exclude_live=False)[0]).cells[CELL] == 11
    assert written[1] >= written[0]

    # Never over (or beside) the user's own file.
    assert user_file.read_bytes() == user_bytes
    assert files_in(user_file.parent) == user_folder


def test_text_edits_are_saved_too(qtbot, document, store, autosave) -> None:
    document.set_paragraphs("preamble", ["改过的开头。"])
    qtbot.waitUntil(lambda: autosave.has_copy(), timeout=5000)
    report = store.load(store.list(exclude_live=False)[0])
    assert report.preamble == ["改过的开头。"]


def test_interval_is_capped_at_a_minute(qtbot, document, store) -> None:
    controller = AutosaveController(document, store, interval_ms=3_600_000)
    assert controller.interval_ms() == MAX_INTERVAL_MS == 60_000
    controller.close()
    assert AutosaveController(document, store).interval_ms() == 30_000


def test_saving_discards_the_copy(qtbot, document, store, autosave, user_file) -> None:
    document.set_cells({CELL: 10}, "编辑")
    qtbot.waitUntil(autosave.has_copy, timeout=5000)
    assert store.lock_path(autosave.copy_id).exists()

    projectfile.save(document.report, user_file)
    document.mark_saved(user_file)
    assert list(store.directory.iterdir()) == []
    assert not autosave.has_copy()

    qtbot.wait(3 * INTERVAL)
    assert list(store.directory.iterdir()) == []  # saved: nothing to protect


def test_undo_to_the_saved_state_discards_the_copy(qtbot, document, store, autosave) -> None:
    document.set_cells({CELL: 10}, "编辑")
    qtbot.waitUntil(autosave.has_copy, timeout=5000)
    document.undo_stack.undo()
    assert not document.is_modified()
    assert list(store.directory.iterdir()) == []


def test_clean_exit_removes_copy_and_lock(qtbot, document, store, autosave) -> None:
    document.set_cells({CELL: 10}, "编辑")
    qtbot.waitUntil(autosave.has_copy, timeout=5000)
    assert autosave.discard()
    autosave.close()
    assert list(store.directory.iterdir()) == []
    qtbot.wait(3 * INTERVAL)
    assert list(store.directory.iterdir()) == []  # closed: no more writes


def test_write_now_is_synchronous(qtbot, document, store) -> None:
    controller = AutosaveController(document, store, interval_ms=MAX_INTERVAL_MS)
    assert controller.write_now()  # nothing unsaved: nothing to do
    assert not store.directory.exists()
    document.set_cells({CELL: 10}, "编辑")
    assert controller.write_now()
    [copy] = store.list(exclude_live=False)
    assert store.load(copy).cells[CELL] == 10
    controller.close()
    # A closed session that did not exit cleanly (the app died) leaves its copy behind.
    store.release(controller.copy_id)
    assert [c.id for c in store.list()] == [controller.copy_id]


class SlowStore(RecoveryStore):
    def commit(self, prepared, claim: bool = False) -> None:
        time.sleep(0.3)
        super().commit(prepared, claim)


def test_discard_during_a_write_leaves_no_copy(qtbot, document, tmp_path) -> None:
    store = SlowStore(tmp_path / "slow")
    controller = AutosaveController(document, store, interval_ms=MAX_INTERVAL_MS)
    written: list[datetime] = []
    controller.written.connect(written.append)
    document.set_cells({CELL: 10}, "编辑")
    controller.tick()  # a write starts on the worker
    time.sleep(0.05)
    controller.discard()
    controller.close()
    qtbot.wait(50)
    assert not store.directory.exists() or list(store.directory.iterdir()) == []
    assert written == [] and not controller.has_copy()


def test_write_now_is_not_overwritten_by_an_older_write(qtbot, document, tmp_path) -> None:
    store = SlowStore(tmp_path / "slow")
    controller = AutosaveController(document, store, interval_ms=MAX_INTERVAL_MS)
    document.set_cells({CELL: 10}, "编辑")
    controller.tick()
    document.set_cells({CELL: 11}, "编辑")
    assert controller.write_now()
    controller.close()
    qtbot.wait(50)
    assert store.load(store.list(exclude_live=False)[0]).cells[CELL] == 11
    controller.discard()


def test_a_failed_write_is_reported_and_retried(qtbot, document, tmp_path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("不是文件夹", encoding="utf-8")
    store = RecoveryStore(blocker / "recovery")
    controller = AutosaveController(document, store, interval_ms=INTERVAL)
    failures: list[str] = []
    controller.failed.connect(failures.append)
    document.set_cells({CELL: 10}, "编辑")
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "无法写入恢复副本" in failures[0] and not controller.has_copy()

    blocker.unlink()
    qtbot.waitUntil(controller.has_copy, timeout=5000)
    assert store.load(store.list(exclude_live=False)[0]).cells[CELL] == 10
    controller.close()
    controller.discard()


def test_restore_copy_moves_it_into_the_session(qtbot, store, sample, user_file) -> None:
    sample.cells[CELL] = 10
    store.write("crashed", sample, user_file)
    [old] = store.list()
    document = ReportDocument(projectfile.load(user_file), user_file)
    controller = AutosaveController(document, store, interval_ms=MAX_INTERVAL_MS)

    restore_copy(document, store, controller, old)
    assert document.is_modified() and document.path == user_file
    assert document.report.cells[CELL] == 10
    assert [c.id for c in store.list(exclude_live=False)] == [controller.copy_id]
    assert user_file.read_bytes() == sample_path().read_bytes()
    controller.close()
    controller.discard()


# --- the start-up offer ------------------------------------------------------------------------


def make_copies(store: RecoveryStore, sample, user_file: Path) -> list[RecoveryCopy]:
    store.write("first", sample, user_file)
    store.write("second", sample, None)
    set_saved_at(store, "first", "2026-11-29T15:20:00")
    set_saved_at(store, "second", "2026-11-28T09:05:00")
    return store.list()


def test_dialog_lists_agency_year_file_and_time(qtbot, store, sample, user_file) -> None:
    copies = make_copies(store, sample, user_file)
    dialog = RecoveryDialog(copies)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    first = [dialog.tree.topLevelItem(0).text(c) for c in range(4)]
    assert first == ["枣庄市行政审批服务局", "2024年", "我的年报.nianbao.json", "保存于 2026年11月29日 15:20"]
    assert dialog.tree.topLevelItem(1).text(2) == "未命名报告"
    assert dialog.tree.topLevelItem(1).text(3) == "保存于 2026年11月28日 09:05"
    labels = {b.text() for b in (dialog.restore_button, dialog.later_button, dialog.discard_button)}
    assert labels == {"恢复", "暂不恢复", "丢弃"}


def test_dialog_restore_returns_the_selected_copy(qtbot, store, sample, user_file) -> None:
    copies = make_copies(store, sample, user_file)
    dialog = RecoveryDialog(copies)
    qtbot.addWidget(dialog)
    dialog.select(1)
    dialog.restore_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen == copies[1]
    assert len(store.list()) == 2  # restoring is the caller's job


def test_dialog_later_keeps_the_copies(qtbot, store, sample, user_file) -> None:
    dialog = RecoveryDialog(make_copies(store, sample, user_file))
    qtbot.addWidget(dialog)
    dialog.later_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.chosen is None
    assert len(store.list()) == 2


def test_dialog_discard_asks_then_deletes(qtbot, store, sample, user_file) -> None:
    copies = make_copies(store, sample, user_file)
    answers = [False, True, True]
    asked: list[RecoveryCopy] = []

    def confirm(_parent, copy):
        asked.append(copy)
        return answers.pop(0)

    dialog = RecoveryDialog(copies, confirm=confirm)
    qtbot.addWidget(dialog)
    dialog.discard_button.click()  # declined
    assert len(store.list()) == 2 and dialog.tree.topLevelItemCount() == 2
    dialog.discard_button.click()
    assert [c.id for c in store.list()] == ["second"] and dialog.tree.topLevelItemCount() == 1
    dialog.discard_button.click()  # the last one: nothing left to offer
    assert store.list() == [] and list(store.directory.iterdir()) == []
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.chosen is None
    assert [c.id for c in asked] == ["first", "first", "second"]


def test_offer_recovery_runs_the_dialog(qtbot, store, sample, user_file) -> None:
    copies = make_copies(store, sample, user_file)
    assert offer_recovery(None, []) is None

    def choose_second() -> None:
        dialog = next(w for w in qtbot_app_widgets() if isinstance(w, RecoveryDialog) and w.isVisible())
        dialog.select(1)
        dialog.restore_button.click()

    QTimer.singleShot(0, choose_second)
    assert offer_recovery(None, copies) == copies[1]

    QTimer.singleShot(0, lambda: next(w for w in qtbot_app_widgets()
                                      if isinstance(w, RecoveryDialog) and w.isVisible()).reject())
    assert offer_recovery(None, copies) is None
    assert len(store.list()) == 2


def qtbot_app_widgets():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()


# --- unexpected exceptions ---------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "nianbao-data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def dialogs(monkeypatch) -> list[tuple[object, str, str, bool]]:
    shown: list[tuple[object, str, str, bool]] = []

    def fake(parent, title, text) -> None:
        shown.append((parent, title, text, threading.current_thread() is threading.main_thread()))

    monkeypatch.setattr(crash, "show_crash_dialog", fake)
    return shown


@pytest.fixture
def hook(qtbot, document, store, autosave, data_dir, dialogs):
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    uninstall = crash.install_exception_hook(lambda: None, lambda: autosave)
    yield uninstall.handler
    uninstall()
    assert sys.excepthook is old_hook and threading.excepthook is old_thread_hook


def raise_and_handle(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException as error:
        crash.handle_exception(type(error), error, error.__traceback__)


def test_exception_writes_log_and_copy_and_shows_dialog(qtbot, hook, document, store, data_dir, dialogs) -> None:
    document.set_cells({CELL: 10}, "编辑")
    raise_and_handle(ValueError("测试用的意外错误"))

    [log] = list((data_dir / "logs").glob("crash-*.log"))
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError: 测试用的意外错误" in text and "raise_and_handle" in text
    assert "恢复副本：已写入" in text

    [copy] = store.list(exclude_live=False)  # written synchronously, before the dialog
    assert store.load(copy).cells[CELL] == 10

    [(parent, title, message, _)] = dialogs
    assert parent is None and "意外错误" in title
    assert "程序遇到意外错误" in message and "已自动保存恢复副本" in message
    assert f"错误记录：{log}" in message


def test_an_unmodified_report_needs_no_copy(qtbot, hook, store, dialogs) -> None:
    raise_and_handle(RuntimeError("x"))
    assert store.list(exclude_live=False) == []
    assert "没有未保存的修改" in dialogs[0][2]


def test_exception_in_a_slot_keeps_the_app_running(qtbot, hook, dialogs) -> None:
    def broken_slot() -> None:
        raise ZeroDivisionError("槽函数出错")

    later: list[bool] = []
    QTimer.singleShot(0, broken_slot)
    QTimer.singleShot(50, lambda: later.append(True))
    qtbot.waitUntil(lambda: bool(later), timeout=5000)
    assert len(dialogs) == 1 and "ZeroDivisionError" in dialogs[0][2]


def test_exception_while_handling_does_not_recurse(qtbot, hook, data_dir, monkeypatch) -> None:
    calls: list[str] = []

    def dialog_that_meets_another_error(parent, title, text) -> None:
        calls.append(text)
        # Something raises during the dialog's event loop: it comes back through the hook.
        raise_and_handle(KeyError("对话框显示期间的错误"))
        raise OSError("对话框本身也出错")

    monkeypatch.setattr(crash, "show_crash_dialog", dialog_that_meets_another_error)
    raise_and_handle(ValueError("第一个错误"))
    assert len(calls) == 1
    logs = sorted((data_dir / "logs").glob("crash-*.log"))
    assert len(logs) == 3
    texts = [p.read_text(encoding="utf-8") for p in logs]
    assert sum("处理上一个错误时又发生了这个错误" in t for t in texts) == 2

    raise_and_handle(IndexError("之后的新错误"))  # the handler is usable again
    assert len(calls) == 2


def test_the_same_error_over_and_over_shows_one_dialog(qtbot, hook, data_dir, dialogs) -> None:
    for _ in range(3):
        raise_and_handle(ValueError("重绘时出错"))
    assert len(dialogs) == 1
    assert len(list((data_dir / "logs").glob("crash-*.log"))) == 3


def test_exception_in_a_thread_is_shown_on_the_gui_thread(qtbot, hook, data_dir, dialogs) -> None:
    def work() -> None:
        raise RuntimeError("后台线程出错")

    thread = threading.Thread(target=work, name="后台")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    assert dialogs[0][3], "the dialog must be shown on the GUI thread"
    [log] = list((data_dir / "logs").glob("crash-*.log"))
    assert "线程：后台" in log.read_text(encoding="utf-8")


def test_unwritable_log_still_shows_the_dialog(qtbot, document, autosave, tmp_path, dialogs) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    uninstall = crash.install_exception_hook(lambda: None, lambda: autosave, log_dir=blocker / "logs")
    try:
        raise_and_handle(ValueError("x"))
    finally:
        uninstall()
    assert "未能写入错误记录" in dialogs[0][2]


# --- a killed process ---------------------------------------------------------------------------

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from PySide6.QtWidgets import QApplication
from model import projectfile
from ui.document import ReportDocument
from ui.recovery import AutosaveController, RecoveryStore
from ui.settings import recovery_dir

app = QApplication([])
user_file = Path(sys.argv[2])
document = ReportDocument(projectfile.load(user_file), user_file)
autosave = AutosaveController(document, RecoveryStore(recovery_dir()), interval_ms=200)
autosave.written.connect(lambda _when: print("READY", autosave.copy_id, flush=True))
autosave.failed.connect(lambda message: print("FAILED", message, flush=True))
document.set_cells({("t3", "1", "natural"): 10}, "编辑")
app.exec()
"""


def test_a_killed_session_is_recovered(qtbot, tmp_path: Path, user_file: Path) -> None:
    data = tmp_path / "child-data"
    env = dict(os.environ, NIANBAO_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    user_bytes = user_file.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), str(user_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True).start()
    try:
        try:
            line = lines.get(timeout=60)
        except queue.Empty:
            pytest.fail("the child never wrote a recovery copy")
        assert line.startswith("READY"), line
        copy_id = line.split()[1]

        store = RecoveryStore(data / "recovery")
        assert store.list() == []  # the child runs: its copy is not offered to a second instance
        assert [c.id for c in store.list(exclude_live=False)] == [copy_id]
    finally:
        child.kill()  # SIGKILL: no clean exit, no chance to remove anything
        child.wait(timeout=30)
    stderr = child.stderr.read()
    child.stderr.close()
    assert "Traceback" not in stderr, stderr

    [copy] = store.list()
    assert copy.id == copy_id and copy.original_path == user_file
    assert copy.agency == "枣庄市行政审批服务局" and copy.year == 2024
    assert store.load(copy).cells[CELL] == 10
    assert user_file.read_bytes() == user_bytes
    assert sorted(p.name for p in user_file.parent.iterdir()) == ["我的年报.nianbao.json"]
