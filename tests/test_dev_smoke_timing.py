"""dev.py's smoke test under a slow CPU (qemu-user, tools/arm64/build_under_qemu.sh): each step says how long it
took, a step that runs out of time is a failed step like any other (the rest still run), and the time a step may
take comes from NIANBAO_SMOKE_TIMEOUT."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import dev

needs_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the smoke steps' paths are Linux's")


@pytest.mark.parametrize(("value", "seconds"), [
    (None, 120.0), ("", 120.0), ("900", 900.0), ("2.5", 2.5), ("soon", 120.0), ("0", 120.0), ("-5", 120.0),
])
def test_the_step_timeout_comes_from_the_environment(value: str | None, seconds: float):
    assert dev.smoke_timeout({} if value is None else {"NIANBAO_SMOKE_TIMEOUT": value}) == seconds


class Clock:
    """time.monotonic that moves on 2 s at every reading."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 2.0
        return self.now


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], float]]:
    """The smoke steps run (the command, its timeout), the export step running out of time."""
    ran: list[tuple[list[str], float]] = []

    def fake_run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
        ran.append((command, kwargs["timeout"]))
        if "--pdf" in command:
            raise subprocess.TimeoutExpired(command, kwargs["timeout"], output=b"half a PDF", stderr=b"still going")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(dev.subprocess, "run", fake_run)
    monkeypatch.setattr(dev.subprocess, "call", lambda *args, **kwargs: 1)  # no unshare --net
    monkeypatch.setattr(dev.time, "monotonic", Clock())
    monkeypatch.setenv("NIANBAO_SMOKE_TIMEOUT", "7")
    return ran


@needs_linux
def test_a_step_out_of_time_fails_and_the_others_still_run(steps: list[tuple[list[str], float]],
                                                          capsys: pytest.CaptureFixture[str]):
    assert dev.smoke_test() == 1
    out = capsys.readouterr().out
    assert len(steps) == 14 and steps[-1][0][-1] == "--sample"  # the window steps ran after the failed export
    assert {timeout for _command, timeout in steps} == {7.0}
    assert re.search(r"^smoke export +FAILED \(not done after 7 s; NIANBAO_SMOKE_TIMEOUT\) 2\.0 s$", out, re.M)
    assert "half a PDF" in out and "still going" in out  # what it had said so far
    assert out.rstrip().splitlines()[-1].startswith("smoke test of the build: ")
    assert out.rstrip().endswith("step(s) FAILED")


@needs_linux
def test_each_step_and_the_whole_smoke_test_say_how_long_they_took(steps: list[tuple[list[str], float]],
                                                                   capsys: pytest.CaptureFixture[str]):
    dev.smoke_test()
    out = capsys.readouterr().out
    assert re.search(r"^smoke --version +ok 2\.0 s$", out, re.M)
    assert re.search(r"^smoke window +ok 2\.0 s$", out, re.M)
    assert len(re.findall(r"^smoke .* \d+\.\d s$", out, re.M)) == 14
    # One reading at the start, two for each of the 14 steps, one at the end: 29 intervals of 2 s.
    assert re.search(r"^smoke time     58 s$", out, re.M)


def test_the_build_says_how_long_pyinstaller_took(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(dev, "ensure_venv", lambda requirements, line="default": Path("python"))
    monkeypatch.setattr(dev.subprocess, "call", lambda *args, **kwargs: 0)
    monkeypatch.setattr(dev, "smoke_test", lambda line="default", root=None: 0)
    monkeypatch.setattr(dev.time, "monotonic", Clock())
    assert dev.main(["build"], {}) == 0
    assert "build time     2 s (PyInstaller)" in capsys.readouterr().out
