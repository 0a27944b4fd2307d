#!/usr/bin/env python3
"""Benchmarks with budgets: .venv/bin/python bench/bench.py [model] [export] [ui] [import] [publish] [batch]
(from the repository root).

Prints one row per figure: the measurement, its budget (if it has one) and whether
it is met. Timings are medians (or bests, where the garbage collector would decide)
over several runs, so that one slow run on a busy machine does not decide a row. GUI
figures run offscreen. Exit status 1 if a budget is missed. Without arguments every
part runs: the model (bench/model_bench.py), the exports (bench/export_bench.py), the
window (bench/ui_bench.py), reading documents (bench/import_bench.py), the publishing outputs
(bench/publish_bench.py), the batch check of a generated folder (bench/batch_bench.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/ itself: `bench` is the package, not this file
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["NIANBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="nianbao-bench-")

from bench import batch_bench, export_bench, import_bench, model_bench, publish_bench, ui_bench  # noqa: E402
from bench.common import Row  # noqa: E402

PARTS: dict[str, Callable[[], list[Row]]] = {
    "model": model_bench.rows, "export": export_bench.rows, "ui": ui_bench.rows,
    "import": import_bench.rows, "publish": publish_bench.rows, "batch": batch_bench.rows}


def table(rows: list[Row]) -> str:
    lines = [f"{'figure':<58}{'measured':>12}{'budget':>10}  ok"]
    for row in rows:
        budget = f"{row.budget:g} {row.unit}" if row.budget is not None else "—"
        lines.append(f"{row.name:<52}{row.value:>12.2f} {row.unit:<2}{budget:>10}  {'yes' if row.ok else 'NO'}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in PARTS]
    if unknown:
        print(f"unknown part {' '.join(unknown)}; parts: {' '.join(PARTS)}", file=sys.stderr)
        return 2
    rows = [row for name in (argv or PARTS) for row in PARTS[name]()]
    print(table(rows))
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
