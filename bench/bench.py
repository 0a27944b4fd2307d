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


def edit_to_repaint_seconds(runs: int = 60) -> float:  # runs even: the last edit restores 9
    """Type a value into a table-三 cell (through the model, as the cell editor does) and
    repaint the whole window synchronously: status bar, findings panel and table included."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NIANBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="nianbao-bench-")
    from PySide6.QtWidgets import QApplication

    from ui.app import Session, create_application

    app = create_application()
    session = Session(None, sample=True, offer=lambda _window, _copies: None)
    session.window.resize(1280, 860)
    session.show()
    session.window.tabs.setCurrentWidget(session.window.editors["s3"])
    QApplication.processEvents()
    view = session.window.editors["s3"].view_for("t3")
    index = view.table_model.index_of("1", "natural")
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        view.table_model.setData(index, str(10 - i % 2))  # alternately unbalanced and balanced
        session.window.repaint()
        samples.append(time.perf_counter() - start)
    # The last edit (9) balanced the report again, and the status bar said so.
    assert session.window.status_findings.text() == "检查通过：各表勾稽关系平衡，未发现问题"
    session.document.undo_stack.setClean()
    session.autosave.discard()
    session.autosave.close()
    app.processEvents()
    return statistics.median(samples)


def main() -> int:
    report = projectfile.load(sample_path())
    text = projectfile.dumps(report)
    rows = [
        ("一次完整检查（示例报告） full check", median_seconds(lambda: check_report(report), 2000), 0.001),
        ("解析项目文件 loads", median_seconds(lambda: projectfile.loads(text), 500), 0.010),
        ("序列化项目文件 dumps", median_seconds(lambda: projectfile.dumps(report), 500), 0.010),
        ("命令行 check 整个进程 whole process", whole_process_seconds(["check", str(sample_path())]), 1.0),
        ("表格编辑到重绘 edit-to-repaint", edit_to_repaint_seconds(), 0.030),
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
