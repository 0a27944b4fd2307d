#!/usr/bin/env python3
"""Where the cold start goes: what the app does before its first frame that a bare QMainWindow does not.

    .venv/bin/python bench/startup_census.py [--runs N]

Not a figure with a target (bench/ui_bench.py measures the ratio): a census for the engineer who wants
to cut the start-up (issue 18). Each run starts the app on the sample and the bare window of
ui_bench.BARE_WINDOW in fresh processes, as the ratio does, and reports at the first frame

- the app's stages: imports (ui.app and all it pulls in), create_application, Session (the report and
  the window built), first frame painted;
- the Python enums PySide created (Qt's enums are Python enums since PySide 6.4, made when a class is
  first used, all of a class's at once; their creation is timed by wrapping the functional API);
- the modules imported, by top-level package, that the bare window does not import.

Timings are medians over the runs; each child runs offscreen, on a 1920×1080 screen (bench/common.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import desktop_offscreen_platform  # noqa: E402
from bench.ui_bench import BARE_WINDOW, compile_bytecode  # noqa: E402

#: Run in the child before anything else: time every enum made through the functional API (the way
#: shiboken makes Qt's), and write the census to the file named in argv[1] when `census_done` runs.
TRACER = r"""
import enum, json, os, sys, time
T0 = time.perf_counter()
OUT = sys.argv.pop(1)
ENUMS = []   # (name, members, seconds)
STAGES = {}  # stage → ms since start
_call = enum.EnumType.__call__

def _timed_call(cls, value, names=None, *args, **kwargs):
    if names is None:  # a lookup such as Qt.Key(65), not a creation
        return _call(cls, value, *args, **kwargs)
    start = time.perf_counter()
    made = _call(cls, value, names, *args, **kwargs)
    ENUMS.append((str(value), len(made.__members__), time.perf_counter() - start))
    return made

enum.EnumType.__call__ = _timed_call

def stage(name):
    STAGES[name] = (time.perf_counter() - T0) * 1000

def census_done():
    stage("first frame")
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump({"stages": STAGES, "enums": ENUMS, "modules": sorted(sys.modules)}, out)
    os._exit(0)
"""

#: The app as run_app starts it, with its stages marked; the first frame ends the run.
APP = TRACER + r"""
sys.path.insert(0, ROOT)
os.environ["NIANBAO_REPORT_SHOWN"] = ""  # the census, not the "shown" line, marks the frame
import ui.app as app_module
stage("imports")
_create, _Session = app_module.create_application, app_module.Session

def create_application(*args, **kwargs):
    made = _create(*args, **kwargs)
    stage("create_application")
    return made

class Session(_Session):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stage("Session")
        self.window.firstPainted.connect(census_done)

app_module.create_application, app_module.Session = create_application, Session
app_module.run_app(None, sample=True)
"""

#: The bare window, its first-frame line replaced by the census.
_BARE_FRAME = 'lambda: print("shown", flush=True)'
# Without its census the bare window would never end (until run_child's timeout): say so at once.
assert _BARE_FRAME in BARE_WINDOW, "ui_bench.BARE_WINDOW no longer prints its first frame as expected"
BARE = TRACER + BARE_WINDOW.replace(_BARE_FRAME, "census_done")


def run_child(code: str) -> dict:
    """One fresh process running `code`; its census at the first frame."""
    with tempfile.TemporaryDirectory(prefix="nianbao-census-") as scratch:
        out = Path(scratch) / "census.json"
        env = {**os.environ, "QT_QPA_PLATFORM": desktop_offscreen_platform(Path(scratch)),
               "NIANBAO_DATA_DIR": str(Path(scratch) / "data"),
               "NIANBAO_QUIT_AFTER_MS": "20000"}
        run = subprocess.run([sys.executable, "-c", f"ROOT = {str(ROOT)!r}\n" + code, str(out)], env=env,
                             capture_output=True, text=True, timeout=120, check=False)
        if not out.exists():
            raise RuntimeError(f"no first frame (exit {run.returncode}): {run.stderr[-600:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def enum_totals(census: dict) -> tuple[int, int, float]:
    """(enums, members, ms spent creating them)."""
    enums = census["enums"]
    return len(enums), sum(members for _name, members, _s in enums), sum(s for *_rest, s in enums) * 1000


def extra_modules(app: dict, bare: dict) -> Counter[str]:
    """The modules the app imported before its first frame that the bare window did not, by package."""
    return Counter(name.split(".")[0] for name in set(app["modules"]) - set(bare["modules"]))


def largest_extra_enums(app: dict, bare: dict, count: int = 12) -> list[tuple[str, int]]:
    """The app's largest enums (by members) that the bare window did not make. Only the enum's own name
    is known when it is made (its class is set afterwards), so two classes' "Type" count as one name."""
    bare_names = Counter(name for name, _members, _s in bare["enums"])
    extra: list[tuple[str, int]] = []
    for name, members, _s in sorted(app["enums"], key=lambda each: -each[1]):
        if bare_names[name] > 0:
            bare_names[name] -= 1
        else:
            extra.append((name, members))
    return extra[:count]


def report(apps: list[dict], bares: list[dict]) -> str:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    lines = [f"runs: {len(apps)} (medians)", "", "app stages, ms from interpreter start:"]
    for name in apps[0]["stages"]:
        lines.append(f"  {name:<22}{median([a['stages'][name] for a in apps]):8.1f}")
    lines.append(f"  {'bare first frame':<22}{median([b['stages']['first frame'] for b in bares]):8.1f}")
    lines += ["", f"{'enums before the first frame':<32}{'enums':>7}{'members':>9}{'ms':>8}"]
    for label, runs in (("app", apps), ("bare window", bares)):
        totals = [enum_totals(run) for run in runs]
        lines.append(f"  {label:<30}{totals[0][0]:>7}{totals[0][1]:>9}{median([t[2] for t in totals]):>8.1f}")
    lines.append("  the app's largest enums the bare window does not make: " + ", ".join(
        f"{name} {members}" for name, members in largest_extra_enums(apps[0], bares[0])))
    packages = extra_modules(apps[0], bares[0])
    lines += ["", f"modules the bare window does not import: {sum(packages.values())}, by package: " + ", ".join(
        f"{name} {count}" for name, count in packages.most_common(12))]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="startup_census.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, metavar="N", help="paired runs (default 5)")
    args = parser.parse_args(argv)
    compile_bytecode()
    apps, bares = [], []
    for _ in range(max(1, args.runs)):  # interleaved, as the ratio is, so that the machine's load hits both
        apps.append(run_child(APP))
        bares.append(run_child(BARE))
    print(report(apps, bares))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
