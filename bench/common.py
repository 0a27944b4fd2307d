"""What every benchmark uses: a row of the table, medians of timed runs, the app as a process."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
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
    budget: float | None = None

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


def main_py(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]
