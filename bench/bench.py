#!/usr/bin/env python3
"""Benchmarks with budgets: python bench/bench.py (from the repository root, in .venv).

Prints one row per figure: the measurement, its budget and whether it is met.
Timings are medians over many runs, so that one slow run on a busy machine
does not decide the row.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import projectfile  # noqa: E402
from model.checks import check_report  # noqa: E402
from model.resources import sample_path  # noqa: E402


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm caches (cached template properties, compiled regexes)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def whole_process_seconds(args: list[str], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), *args], check=False, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    report = projectfile.load(sample_path())
    text = projectfile.dumps(report)
    rows = [
        ("一次完整检查（示例报告） full check", median_seconds(lambda: check_report(report), 2000), 0.001),
        ("解析项目文件 loads", median_seconds(lambda: projectfile.loads(text), 500), 0.010),
        ("序列化项目文件 dumps", median_seconds(lambda: projectfile.dumps(report), 500), 0.010),
        ("命令行 check 整个进程 whole process", whole_process_seconds(["check", str(sample_path())]), 1.0),
    ]
    print(f"{'figure':<44}{'measured':>14}{'budget':>12}  ok")
    failed = False
    for name, seconds, budget in rows:
        ok = seconds <= budget
        failed |= not ok
        print(f"{name:<40}{seconds * 1000:>14.3f} ms{budget * 1000:>9.0f} ms  {'yes' if ok else 'NO'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
