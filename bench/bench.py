#!/usr/bin/env python3
"""Benchmarks with budgets and targets (from the repository root):

    .venv/bin/python bench/bench.py [--full] [--repeat N] [model] [export] [ui] [import] [publish] [batch]

Prints one row per figure: the measurement, its budget or target (if it has one), whether it is met,
and for a ratio what it is to, measured in the same run. Timings are medians (or bests, where the
garbage collector would decide) over several runs, so that one slow run on a busy machine does not
decide a row. GUI figures run offscreen. Exit status 1 if a budget is missed.

By default the quick figures run (about a minute). --full adds what takes longer: the PDF export
against LibreOffice converting the same report's .docx (warm profile; skipped with the reason when
soffice is absent), the 5,000-file batch, 21 paired cold starts instead of 7, three warm memory runs;
the built folder's size is a row whenever dist/nianbao exists. --repeat N runs everything N times
and prints each figure's median and range (the figures an issue's closing note gives); the runs share
one process, so in-process "first export" figures are first only in the first run.

The parts: the model (bench/model_bench.py), the exports (bench/export_bench.py), the window
(bench/ui_bench.py), reading documents (bench/import_bench.py), the publishing outputs
(bench/publish_bench.py), the batch check of a generated folder (bench/batch_bench.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/ itself: `bench` is the package, not this file
os.environ["NIANBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="nianbao-bench-")

from bench import batch_bench, export_bench, import_bench, model_bench, publish_bench, ui_bench  # noqa: E402
from bench.common import Row, desktop_offscreen_platform  # noqa: E402

if "QT_QPA_PLATFORM" not in os.environ:  # every GUI figure, in this process and its children
    os.environ["QT_QPA_PLATFORM"] = desktop_offscreen_platform(Path(os.environ["NIANBAO_DATA_DIR"]))

PARTS: dict[str, Callable[[bool], list[Row]]] = {
    "model": lambda _full: model_bench.rows(), "export": export_bench.rows, "ui": ui_bench.rows,
    "import": lambda _full: import_bench.rows(), "publish": lambda _full: publish_bench.rows(),
    "batch": batch_bench.rows}


def _budget(row: Row) -> str:
    return f"{row.budget:g} {row.unit}" if row.budget is not None else "—"


def table(rows: list[Row]) -> str:
    lines = [f"{'figure':<58}{'measured':>12}{'target':>10}  ok   reference (same run)"]
    for row in rows:
        lines.append(f"{row.name:<52}{row.value:>12.2f} {row.unit:<2}{_budget(row):>10}  "
                     f"{'yes' if row.ok else 'NO ':<4} {row.reference}")
    return "\n".join(lines)


def repeated_table(runs: list[list[Row]]) -> str:
    """Each figure's median and range over the runs (figures matched by name, in the first run's order)."""
    lines = [f"{'figure':<58}{'median':>10}{'range':>22}{'target':>10}  ok   (runs: {len(runs)})"]
    for row in runs[0]:
        values = [each.value for run in runs for each in run if each.name == row.name]
        median = statistics.median(values)
        ok = row.budget is None or median <= row.budget
        spread = f"{min(values):.2f} – {max(values):.2f}"
        lines.append(f"{row.name:<52}{median:>10.2f} {row.unit:<2}{spread:>20}{_budget(row):>10}  "
                     f"{'yes' if ok else 'NO'}")
        for index, run in enumerate(runs, 1):
            references = [each.reference for each in run if each.name == row.name and each.reference]
            if references:
                lines.append(f"{'':<8}run {index}: {references[0]}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", metavar="part", help=f"any of: {' '.join(PARTS)} (default: all)")
    parser.add_argument("--full", action="store_true", help="every figure, the slow ones included")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="run N times: medians and ranges")
    args = parser.parse_args(argv)
    unknown = [name for name in args.parts if name not in PARTS]
    if unknown:
        print(f"unknown part {' '.join(unknown)}; parts: {' '.join(PARTS)}", file=sys.stderr)
        return 2
    runs = []
    for _ in range(max(1, args.repeat)):
        runs.append([row for name in (args.parts or PARTS) for row in PARTS[name](args.full)])
        if args.repeat > 1:
            print(table(runs[-1]), flush=True)
            print(flush=True)
    print(repeated_table(runs) if len(runs) > 1 else table(runs[0]))
    final = runs[0] if len(runs) == 1 else [
        Row(row.name, statistics.median(each.value for run in runs for each in run if each.name == row.name),
            row.unit, row.budget) for row in runs[0]]
    return 0 if all(row.ok for row in final) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
