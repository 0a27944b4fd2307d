"""Reads of user files never block: a FIFO, /dev/stdin or a device is refused, not waited on (issue 12, 13).

Every read here runs with a timeout (a thread joined with a deadline, or a child process), so a
regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from importing.xlsx_safety import WorkbookError, read_workbook_bytes
from model import readfile
from model.crossyear import new_from_prior
from model.projectfile import ProjectFileError, load, save
from model.readfile import UnreadableFile, open_regular, read_limited
from model.report import Report

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 10
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
needs_dev = pytest.mark.skipif(not Path("/dev/stdin").exists() or not Path("/proc/self/fd/0").exists(),
                               reason="needs /dev/stdin and /proc/self/fd/0")


def unblock(fifo: Path) -> None:
    """Open the FIFO's writing end and close it, so that a reader blocked on it gets EOF."""
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def finishes(call: Callable[[], Any], fifo: Path | None = None) -> tuple[Any, BaseException | None]:
    """(result, exception) of `call` run on a thread; fails the test if it has not returned in TIMEOUT s."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = call()
        except BaseException as error:  # the test inspects it
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        if fifo is not None:
            unblock(fifo)
            thread.join(TIMEOUT)
        pytest.fail(f"still blocked after {TIMEOUT} s")
    return outcome.get("result"), outcome.get("error")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs os.mkfifo")
    path = tmp_path / "管道.nianbao.json"
    os.mkfifo(path)
    return path


@needs_fifo
def test_a_fifo_is_refused_without_waiting_for_a_writer(fifo: Path) -> None:
    _result, error = finishes(lambda: read_limited(fifo, 1024, "年报项目文件"), fifo)
    assert isinstance(error, UnreadableFile)
    assert str(error) == "这是一个命名管道（FIFO），不是普通文件，不是年报项目文件"


@needs_fifo
def test_open_regular_refuses_a_fifo_and_opens_a_file_to_seek_in(fifo: Path, tmp_path: Path) -> None:
    """For readers that seek instead of reading whole (a font: export/fonts.py)."""
    _result, error = finishes(lambda: open_regular(fifo, "字体文件"), fifo)
    assert isinstance(error, UnreadableFile) and str(error) == "这是一个命名管道（FIFO），不是普通文件，不是字体文件"
    font = tmp_path / "a.ttf"
    font.write_bytes(b"\x00\x01\x00\x00" + b"x" * 100)
    with open_regular(font, "字体文件") as handle:
        handle.seek(4)
        assert handle.read(3) == b"xxx"
    with pytest.raises(UnreadableFile, match="超过"):
        open_regular(font, "字体文件", limit=50)


@needs_fifo
def test_a_fifo_swapped_in_after_the_stat_does_not_block(fifo: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The check and the open are two steps: what is opened is checked again (fstat), and opening it
    cannot block (O_NONBLOCK)."""
    regular = tmp_path / "regular.json"
    regular.write_bytes(b"{}")
    real_stat = os.stat
    monkeypatch.setattr(readfile.os, "stat", lambda path, *a, **k: real_stat(regular if Path(path) == fifo else path))
    _result, error = finishes(lambda: read_limited(fifo, 1024, "年报项目文件"), fifo)
    assert isinstance(error, UnreadableFile) and "命名管道" in str(error)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    real_open = os.open
    monkeypatch.setattr(readfile.os, "open", lambda *args: opened.append(args) or real_open(*args))
    for device in ("/dev/zero", "/dev/null"):
        with pytest.raises(UnreadableFile, match="这是一个设备，不是普通文件"):
            read_limited(Path(device), 1024, "年报项目文件")
    assert opened == []


def test_regular_files_still_read_whole_and_limited(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 3000)
    assert read_limited(path, 3000, "年报项目文件") == b"x" * 3000
    with pytest.raises(UnreadableFile, match="超过"):
        read_limited(path, 2999, "年报项目文件")
    with pytest.raises(UnreadableFile, match="文件不存在"):
        read_limited(tmp_path / "missing.json", 10, "年报项目文件")
    with pytest.raises(UnreadableFile, match="文件不存在"):
        read_limited(path / "under-a-file.json", 10, "年报项目文件")
    with pytest.raises(UnreadableFile, match="这是一个文件夹，不是年报项目文件"):
        read_limited(tmp_path, 10, "年报项目文件")


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_a_proc_file_that_claims_to_be_empty_is_still_limited() -> None:
    """/proc files are "regular" with st_size 0: the limit is enforced on what is read."""
    size = len(Path("/proc/self/environ").read_bytes())
    if size < 2:
        pytest.skip("empty environment")
    with pytest.raises(UnreadableFile, match="超过"):
        read_limited(Path("/proc/self/environ"), size - 1, "年报项目文件")


@needs_fifo
def test_project_file_and_workbook_readers_refuse_a_fifo(fifo: Path, tmp_path: Path) -> None:
    _result, error = finishes(lambda: load(fifo), fifo)
    assert isinstance(error, ProjectFileError) and "命名管道" in error.problem
    book = tmp_path / "管道.xlsx"
    os.mkfifo(book)
    _result, error = finishes(lambda: read_workbook_bytes(book), book)
    assert isinstance(error, WorkbookError) and "命名管道" in str(error)


def linked_pair(tmp_path: Path, sample: Report) -> tuple[Path, Path]:
    """2024/上年.nianbao.json and 2025/本年.nianbao.json linking it: the documented layout."""
    (tmp_path / "2024").mkdir()
    (tmp_path / "2025").mkdir()
    last = tmp_path / "2024" / "上年.nianbao.json"
    save(sample, last)
    this = tmp_path / "2025" / "本年.nianbao.json"
    save(new_from_prior(sample, str(last), embed=False), this)
    return last, this


@needs_fifo
def test_a_prior_replaced_by_a_fifo_does_not_block_the_load(tmp_path: Path, sample: Report) -> None:
    last, this = linked_pair(tmp_path, sample)
    last.unlink()
    os.mkfifo(last)
    report, error = finishes(lambda: load(this), last)
    assert error is None
    assert report.prior is not None and report.prior.report is None
    assert "命名管道" in (report.prior.problem or "")


def run_python(code: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *kwargs.pop("args", [])], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout, **kwargs)


@needs_dev
@pytest.mark.parametrize("device", ["/dev/stdin", "/proc/self/fd/0"])
def test_standard_input_is_refused_not_waited_on(device: str) -> None:
    """The child's standard input is a pipe nobody writes to: reading it would wait forever."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            from pathlib import Path
            from model.readfile import UnreadableFile, open_regular, read_limited
            from model.projectfile import ProjectFileError, load
            try:
                read_limited(Path({device!r}), 1024, "年报项目文件")
            except UnreadableFile as error:
                print("refused:", error)
            try:
                load({device!r})
            except ProjectFileError as error:
                print("load refused:", error.problem)
        """)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        out, err = child.communicate(timeout=TIMEOUT * 3)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"reading {device} blocked")
    finally:
        if child.stdin:
            child.stdin.close()
    assert child.returncode == 0, err
    assert "refused: 这是一个命名管道（FIFO），不是普通文件" in out
    assert "load refused: 这是一个命名管道（FIFO），不是普通文件" in out


@needs_dev
def test_a_link_to_standard_input_trusted_by_the_command_line_still_does_not_block(tmp_path: Path,
                                                                                    sample: Report) -> None:
    """--trust-links opens what the file names; reading /dev/stdin would still wait forever."""
    _last, this = linked_pair(tmp_path, sample)
    text = this.read_text(encoding="utf-8").replace("../2024/上年.nianbao.json", "/dev/stdin")
    this.write_text(text, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from model.projectfile import load; "
                               "print(load(sys.argv[1], trust_links=True).prior.problem)", str(this)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        out, err = child.communicate(timeout=TIMEOUT * 3)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail("a trusted link to /dev/stdin blocked")
    assert child.returncode == 0, err
    assert "命名管道" in out


@needs_fifo
def test_check_on_the_command_line_finishes_with_a_fifo_as_last_years_report(tmp_path: Path,
                                                                             sample: Report) -> None:
    last, this = linked_pair(tmp_path, sample)
    last.unlink()
    os.mkfifo(last)
    try:
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(this)], cwd=ROOT,
                                env={**os.environ, "PYTHONIOENCODING": "utf-8"}, capture_output=True,
                                text=True, encoding="utf-8", timeout=60, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        unblock(last)
        pytest.fail("check blocked on the FIFO")
    assert "XY-PRIOR-MISSING" in result.stdout and "命名管道" in result.stdout, result.stdout + result.stderr


@needs_fifo
def test_the_window_opens_with_a_fifo_as_last_years_report(tmp_path: Path, sample: Report) -> None:
    last, this = linked_pair(tmp_path, sample)
    last.unlink()
    os.mkfifo(last)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(tmp_path / "data"),
           "NIANBAO_QUIT_AFTER_MS": "1500", "PYTHONIOENCODING": "utf-8"}
    try:
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), str(this)], cwd=ROOT, env=env,
                                capture_output=True, text=True, encoding="utf-8", timeout=60,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        unblock(last)
        pytest.fail("the window blocked on the FIFO")
    assert result.returncode == 0, result.stderr

