"""What every benchmark uses: a row of the table, medians of timed runs, the app as a process and the
peak memory of its process tree."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@dataclass
class Row:
    name: str
    value: float
    unit: str  # "ms", "MB", "×"
    budget: float | None = None  # the target (an issue's) or the budget it must stay within
    reference: str = ""  # what a ratio is to, measured in the same run ("LibreOffice 1,250 ms")

    @property
    def ok(self) -> bool:
        return self.budget is None or self.value <= self.budget


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm caches (cached template properties, compiled regexes, registered fonts)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def median_cold_seconds(prepare: Callable[[], object], action: Callable[[], object], runs: int) -> float:
    """The median of `runs` timings of `action`, each after `prepare` (which clears memos) untimed."""
    samples = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def process_seconds(command: list[str], runs: int = 5, env: dict[str, str] | None = None) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, env={**os.environ, **(env or {})})
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


#: The offscreen platform's screen for the benchmarks: a 1920×1080 desktop, so that the app's first window is
#: 1280×820 like the bare window's (on offscreen's own 800×800 screen it would open maximized, and smaller).
DESKTOP_SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def desktop_offscreen_platform(folder: Path) -> str:
    """A QT_QPA_PLATFORM value: offscreen with DESKTOP_SCREEN (its configuration written into `folder`)."""
    import json

    config = folder / "offscreen-screen.json"
    config.write_text(json.dumps(DESKTOP_SCREEN), encoding="utf-8")
    return f"offscreen:configfile={config}"


def main_py(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


#: How often the process tree is sampled for its memory.
SAMPLE_SECONDS = 0.02


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """VmRSS (or VmHWM, the peak since the process exec'd) of a process from /proc (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """The process and every process under it (psutil is not a dependency)."""
    found, at = [pid], 0
    while at < len(found):
        try:
            with open(f"/proc/{found[at]}/task/{found[at]}/children", encoding="ascii") as children:
                found += [int(child) for child in children.read().split()]
        except OSError:
            pass
        at += 1
    return found


@dataclass
class Peaks:
    """Peak resident memory (MB) of a process and of its whole tree (it and every child it started,
    summed at each sample); None where /proc cannot be read (not Linux)."""
    main_mb: float | None = None
    tree_mb: float | None = None


def _command_line(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().decode("utf-8", "replace").split("\0")[:-1]
    except OSError:
        return []


def _sample(pid: int, command: list[str], ended: threading.Event, peaks: Peaks) -> None:
    """Until `ended` (set once the process is reaped; polling it here would race the reaping). The main
    process's peak is its VmHWM, which the kernel keeps since the exec (so no peak between two samples is
    missed, and the bench's own memory, which the child shares between fork and exec, is not counted);
    the tree's is the largest sum of VmRSS over the samples, at least the main process's peak."""
    main_peak = tree_peak = 0.0
    give_up = time.perf_counter() + 2.0  # (a launcher may show another command line: then sample anyway)
    while not ended.is_set() and _command_line(pid) != command and time.perf_counter() < give_up:
        ended.wait(0.001)  # still the benchmark, forked but not yet exec'd: its memory is not the child's
    while not ended.is_set():
        tree = descendants(pid)
        main_peak = max(main_peak, rss_mb(pid, "VmHWM"))
        tree_peak = max(tree_peak, sum(rss_mb(each) for each in tree))
        ended.wait(SAMPLE_SECONDS)
    peaks.main_mb, peaks.tree_mb = main_peak, max(tree_peak, main_peak)


def run_sampled(command: list[str], env: dict[str, str] | None = None) -> tuple[Peaks, int, bytes]:
    """Runs `command` to its end, sampling its process tree's memory from /proc on Linux: (peaks,
    exit status, standard error). Elsewhere the kernel's count (wait4's ru_maxrss) is all there is,
    and it includes the benchmark's own memory the child held between fork and exec."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    peaks = Peaks()
    ended = threading.Event()
    sampler = None
    if Path("/proc/self/status").exists():
        sampler = threading.Thread(target=_sample, args=(process.pid, command, ended, peaks), daemon=True)
        sampler.start()
    assert process.stderr is not None
    error = process.stderr.read()
    if sampler is None and hasattr(os, "wait4"):  # no /proc: the kernel's count, in bytes on macOS
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peaks.main_mb = peaks.tree_mb = usage.ru_maxrss / (MB if sys.platform == "darwin" else 1024)
    else:
        process.wait()
    ended.set()
    if sampler is not None:
        sampler.join()
    return peaks, process.returncode, error
