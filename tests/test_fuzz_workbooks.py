#!/usr/bin/env python3
"""The workbook fuzzer (mutations: tests/fuzz_workbooks.py): every damaged or hostile workbook
ends in a result or one WorkbookError, never another exception, within MAX_SECONDS, the
process never above MAX_MEGABYTES, and what an import produced can always be saved (what
`import --force` does). A sample also goes through `main.py check` and `main.py import --force`
in a real subprocess: exit 0, 1 or 2, no traceback, exit 2 with one line.

Each try runs in a child forked from a process that has loaded everything once: its time is
measured in the child, its memory is the child's peak resident size (`os.wait4`), and a child
still running after KILL_SECONDS is killed (a hang). The default budget is small enough for CI;
a long run:

    NIANBAO_FUZZ_TRIES=10000 .venv/bin/python -m pytest -s tests/test_fuzz_workbooks.py
    NIANBAO_FUZZ_SECONDS=900 .venv/bin/python tests/test_fuzz_workbooks.py --keep /tmp/fuzz-failures
    .venv/bin/python tests/test_fuzz_workbooks.py --family "lying sizes" --seed 7 --tries 1   # replay

(NIANBAO_FUZZ_SEED varies the tries; a failure names its family and seed.)
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from fuzz_workbooks import (  # noqa: E402
    FAMILIES,
    Entry,
    build_zip,
    deflate_padded,
    read_entries,
    sources,
)

#: The property's limits: a damaged file is refused in well under this.
MAX_SECONDS = 5.0
MAX_MEGABYTES = 300
#: A child still running after this is killed (counted as a hang).
KILL_SECONDS = 30
#: Address-space cap of a child, so that a bomb cannot take the machine down (far above MAX_MEGABYTES).
CHILD_ADDRESS_SPACE = 4 * 1024**3
#: The default budget: small enough for CI.
DEFAULT_TRIES = 30
DEFAULT_CLI_SAMPLES = 2


# --- running a try in a child process ---------------------------------------------------------------------


@dataclass
class Outcome:
    family: str
    source: str
    seed: int
    #: "result", "refused" (one WorkbookError), or a failure: "crash", "unsavable", "bad message", "hang", "died".
    kind: str
    detail: str = ""
    #: CPU seconds of the reading (a loaded machine stretches the wall time, not this), and wall seconds.
    seconds: float = 0.0
    wall_seconds: float = 0.0
    megabytes: float = 0.0

    @property
    def failure(self) -> str | None:
        """What breaks the property, None when nothing does."""
        if self.kind not in ("result", "refused"):
            return self.kind
        if self.seconds > MAX_SECONDS:
            return "slow"
        if self.megabytes > MAX_MEGABYTES:
            return "memory"
        return None


def _read_in_child(path: Path, out: int) -> None:
    """In the child: read `path` as `check` and `import --force` do; one JSON line to `out`."""
    from importing.xlsx import import_xlsx
    from importing.xlsx_safety import WorkbookError
    from model import projectfile
    from model.checks import check_report

    signal.alarm(KILL_SECONDS)
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may be in place already
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))
    start, cpu_start = time.perf_counter(), time.process_time()
    kind, detail = "result", ""
    try:
        result = import_xlsx(path)
        result.findings()
        result.summary_lines()
        check_report(result.report)
        try:
            projectfile.save(result.report, path.with_suffix(".nianbao.json"))
        except projectfile.ProjectFileError as error:
            kind, detail = "unsavable", str(error)
    except WorkbookError as error:
        detail = str(error)
        one_line = "\n" not in detail and detail.startswith(f"无法读取“{path.name}”：")
        kind = "refused" if one_line else "bad message"
    except BaseException:  # the property: anything else is what the fuzzer looks for
        kind, detail = "crash", "".join(traceback.format_exc().splitlines(keepends=True)[-12:])
    message = {"kind": kind, "detail": detail[:3000], "seconds": time.process_time() - cpu_start,
               "wall_seconds": time.perf_counter() - start}
    os.write(out, (json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))


@dataclass
class _Running:
    family: str
    source: str
    seed: int
    path: Path
    pipe: int


def _start(family: str, source: str, good: bytes, seed: int, folder: Path) -> tuple[int, _Running]:
    """Fork a child that makes the input, writes it to a file and reads it."""
    path = folder / f"{seed}.xlsx"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_end)
            path.write_bytes(mutate(family, good, seed))
            gc.collect()
            _reset_peak_memory()
            _read_in_child(path, write_end)
        except BaseException:  # a child never returns into the parent's code
            code = 3
        os._exit(code)
    os.close(write_end)
    return pid, _Running(family, source, seed, path, read_end)


def _reset_peak_memory() -> None:
    """Start the peak resident size afresh (Linux), so that it measures the reading, not the mutation."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _finish(running: _Running, status: int, usage: resource.struct_rusage) -> Outcome:
    with os.fdopen(running.pipe, "rb") as pipe:
        text = pipe.read().decode("utf-8", "replace")
    megabytes = usage.ru_maxrss / 1024  # kilobytes on Linux
    outcome = Outcome(running.family, running.source, running.seed, "died", megabytes=megabytes)
    if text.strip():
        message = json.loads(text)
        outcome.kind, outcome.detail = message["kind"], message["detail"]
        outcome.seconds, outcome.wall_seconds = message["seconds"], message["wall_seconds"]
    elif os.WIFSIGNALED(status):
        signal_number = os.WTERMSIG(status)
        outcome.kind = "hang" if signal_number == signal.SIGALRM else "died"
        outcome.detail = f"killed by {signal.Signals(signal_number).name}"
        outcome.seconds = outcome.wall_seconds = KILL_SECONDS if outcome.kind == "hang" else 0.0
    running.path.with_suffix(".nianbao.json").unlink(missing_ok=True)
    return outcome


# --- a run ---------------------------------------------------------------------------------------------------


@dataclass
class Budget:
    tries: int = DEFAULT_TRIES
    seconds: float | None = None
    seed: int = 0
    jobs: int = 2
    cli_samples: int = DEFAULT_CLI_SAMPLES
    families: tuple[str, ...] = tuple(FAMILIES)

    @classmethod
    def from_environment(cls) -> Budget:
        """NIANBAO_FUZZ_TRIES / NIANBAO_FUZZ_SECONDS raise the budget (a long run); NIANBAO_FUZZ_SEED varies it."""
        budget = cls()
        if os.environ.get("NIANBAO_FUZZ_TRIES"):
            budget.tries = int(os.environ["NIANBAO_FUZZ_TRIES"])
        if os.environ.get("NIANBAO_FUZZ_SECONDS"):
            budget.seconds = float(os.environ["NIANBAO_FUZZ_SECONDS"])
            if not os.environ.get("NIANBAO_FUZZ_TRIES"):
                budget.tries = 10**9  # as many as the time allows
        if os.environ.get("NIANBAO_FUZZ_SEED"):
            budget.seed = int(os.environ["NIANBAO_FUZZ_SEED"])
        return budget


@dataclass
class Figures:
    """One family's figures: how its tries ended, the slowest and the largest."""

    tries: int = 0
    results: int = 0
    refused: int = 0
    crashes: int = 0
    hangs: int = 0
    other: int = 0
    worst_seconds: float = 0.0
    worst_seconds_seed: int | None = None
    worst_wall_seconds: float = 0.0
    worst_megabytes: float = 0.0
    worst_megabytes_seed: int | None = None

    def add(self, outcome: Outcome) -> None:
        self.tries += 1
        self.results += outcome.kind == "result"
        self.refused += outcome.kind == "refused"
        failure = outcome.failure
        self.crashes += failure in ("crash", "died", "bad message")
        self.hangs += failure in ("hang", "slow")
        self.other += failure in ("unsavable", "memory")
        if outcome.seconds > self.worst_seconds:
            self.worst_seconds, self.worst_seconds_seed = outcome.seconds, outcome.seed
        self.worst_wall_seconds = max(self.worst_wall_seconds, outcome.wall_seconds)
        if outcome.megabytes > self.worst_megabytes:
            self.worst_megabytes, self.worst_megabytes_seed = outcome.megabytes, outcome.seed


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    #: (command line, what is wrong) for the sampled inputs that went through main.py.
    cli_failures: list[tuple[str, str]] = field(default_factory=list)
    cli_runs: int = 0
    seconds: float = 0.0

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failure]

    def by_family(self) -> dict[str, Figures]:
        table: dict[str, Figures] = {}
        for outcome in self.outcomes:
            table.setdefault(outcome.family, Figures()).add(outcome)
        return table

    def summary(self) -> str:
        lines = [f"{'family':<20}{'tries':>7}{'read':>7}{'refused':>8}{'crash':>6}{'hang':>5}{'other':>6}"
                 f"{'worst CPU s':>12}{'(wall)':>8}{'worst MB':>9}"]
        for family, f in self.by_family().items():
            lines.append(f"{family:<20}{f.tries:>7}{f.results:>7}{f.refused:>8}{f.crashes:>6}{f.hangs:>5}"
                         f"{f.other:>6}{f.worst_seconds:>12.2f}{f.worst_wall_seconds:>8.2f}{f.worst_megabytes:>9.0f}")
        lines.append(f"{len(self.outcomes)} tries in {self.seconds:.0f} s, {len(self.failures)} failures; "
                     f"{self.cli_runs} command-line runs, {len(self.cli_failures)} failures")
        lines += [f"FAIL {o.failure}: --family '{o.family}' --seed {o.seed} ({o.source}, {o.seconds:.1f} s, "
                  f"{o.megabytes:.0f} MB): {o.detail[-400:]}" for o in self.failures[:20]]
        lines += [f"CLI FAIL {command}: {problem}" for command, problem in self.cli_failures[:20]]
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {"tries": len(self.outcomes), "seconds": round(self.seconds, 1),
                "families": {name: asdict(f) for name, f in self.by_family().items()},
                "failures": [asdict(o) | {"failure": o.failure} for o in self.failures],
                "cli_runs": self.cli_runs, "cli_failures": self.cli_failures}


def plan(budget: Budget, names: list[str]) -> Iterator[tuple[str, str, int]]:
    """(family, source, seed) of every try, round robin over the families and the sources."""
    for i in range(budget.tries):
        family = budget.families[i % len(budget.families)]
        yield family, names[(i // len(budget.families)) % len(names)], budget.seed * 1_000_003 + i


def mutate(family: str, source: bytes, seed: int) -> bytes:
    return FAMILIES[family](source, random.Random(seed))


def fuzz(budget: Budget, keep: Path | None = None) -> Run:
    """Run the tries of `budget`; the inputs that fail the property are written to `keep`."""
    from importing.xlsx import import_xlsx  # noqa: F401 - loaded once, before the children fork
    from model.checks import check_report  # noqa: F401

    good = sources()
    run = Run()
    start = time.perf_counter()
    # The samples for main.py spread over the tries (a run with a time budget: one every tenth try from the start).
    span = budget.tries if budget.seconds is None else min(budget.tries, 10 * budget.cli_samples)
    cli_every = max(1, span // budget.cli_samples) if budget.cli_samples else 0
    samples: dict[int, Outcome | None] = {}  # seed → outcome, for the inputs that also go through main.py
    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-") as folder_name:
        folder = Path(folder_name)
        running: dict[int, _Running] = {}

        def collect() -> None:
            pid, status, usage = os.wait4(-1, 0)
            child = running.pop(pid)
            outcome = _finish(child, status, usage)
            run.outcomes.append(outcome)
            if outcome.failure and keep is not None and child.path.exists():
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(child.path, keep / f"{outcome.family.replace(' ', '_')}-{outcome.seed}.xlsx")
            if outcome.seed in samples:
                samples[outcome.seed] = outcome
            else:
                child.path.unlink(missing_ok=True)

        for i, (family, source, seed) in enumerate(plan(budget, list(good))):
            if budget.seconds is not None and time.perf_counter() - start > budget.seconds:
                break
            if cli_every and i % cli_every == cli_every // 2 and len(samples) < budget.cli_samples:
                samples[seed] = None
            while len(running) >= budget.jobs:
                collect()
            pid, child = _start(family, source, good[source], seed, folder)
            running[pid] = child
        while running:
            collect()
        for seed, outcome in samples.items():
            label = f"{outcome.family}-{seed}" if outcome else str(seed)
            _command_line(run, folder / f"{seed}.xlsx", label, outcome)
    run.seconds = time.perf_counter() - start
    return run


def _command_line(run: Run, input_path: Path, label: str, outcome: Outcome | None) -> None:
    """`main.py check` and `main.py import --force` on one input, in a real subprocess."""
    if not input_path.exists():  # its child died before writing it: already a failure
        return
    book = input_path.with_name("样本.xlsx")
    input_path.replace(book)
    out = book.with_suffix(".nianbao.json")
    out.unlink(missing_ok=True)
    for argv in (["check", str(book)], ["import", str(book), "-o", str(out), "--force"]):
        command = f"{label}: main.py {argv[0]}"
        run.cli_runs += 1
        try:
            done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=KILL_SECONDS * 2,
                                  env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
        except subprocess.TimeoutExpired:
            run.cli_failures.append((command, "timed out"))
            continue
        if done.returncode not in (0, 1, 2) or "Traceback" in done.stderr:
            run.cli_failures.append((command, f"exit {done.returncode}: {done.stderr[-500:]}"))
        elif done.returncode == 2 and not (len(done.stderr.splitlines()) == 1 and done.stderr.startswith("无法")):
            run.cli_failures.append((command, f"exit 2 without one line: {done.stderr[-500:]}"))
        elif outcome is not None and (done.returncode == 2) != (outcome.kind == "refused"):
            run.cli_failures.append((command, f"exit {done.returncode}, but in process: {outcome.kind}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz the Excel import with damaged and hostile workbooks.")
    defaults = Budget.from_environment()
    parser.add_argument("--tries", type=int, default=defaults.tries)
    parser.add_argument("--seconds", type=float, default=defaults.seconds)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--cli-samples", type=int, default=defaults.cli_samples)
    parser.add_argument("--family", action="append", choices=list(FAMILIES), help="only these families")
    parser.add_argument("--keep", type=Path, help="write the inputs that fail here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    budget = Budget(args.tries, args.seconds, args.seed, args.jobs, args.cli_samples,
                    tuple(args.family) if args.family else tuple(FAMILIES))
    run = fuzz(budget, args.keep)
    if args.json:  # the figures for the test, the table for whoever runs it
        print(json.dumps(run.to_json(), ensure_ascii=False, indent=1))
        print(run.summary(), file=sys.stderr)
    else:
        print(run.summary())
    return 1 if run.failures or run.cli_failures else 0


if __name__ == "__main__":
    sys.exit(main())


# --- the tests -------------------------------------------------------------------------------------------------


def test_build_zip_writes_what_zipfile_reads() -> None:
    good = sources()["export of the sample"]
    entries = read_entries(good)
    with zipfile.ZipFile(io.BytesIO(build_zip(entries))) as archive:
        assert archive.testzip() is None
        assert {i.filename: archive.read(i) for i in archive.infolist()} == {e.name: e.content for e in entries}


def test_a_padded_stream_inflates_to_what_it_claims() -> None:
    raw = deflate_padded(b"<a/>", b" ", 3)
    assert len(raw) < 20_000
    inflated = zlib.decompress(raw, -15)
    assert inflated[:4] == b"<a/>" and len(inflated) == 4 + 3 * 1024 * 1024 and inflated[4:].strip() == b""


def test_a_lying_entry_is_what_zipfile_trusts() -> None:
    """The attack the lying-sizes family makes: zipfile hands back the declared content, CRC and all."""
    entry = Entry("a.xml", b"<a/>", raw=deflate_padded(b"<a/>", b" ", 2), crc=zlib.crc32(b"<a/>"), file_size=4)
    with zipfile.ZipFile(io.BytesIO(build_zip([entry]))) as archive:
        assert archive.read("a.xml") == b"<a/>"


def test_every_family_damages_the_same_way_for_a_seed() -> None:
    """A failure is replayed by its family and seed."""
    source = sources()["export of the sample"]
    for family in FAMILIES:
        first = mutate(family, source, 5)
        assert first != source and first == mutate(family, source, 5), family


def test_the_fuzzer_finds_nothing() -> None:
    """The budget: NIANBAO_FUZZ_TRIES / NIANBAO_FUZZ_SECONDS (default: a small one, for CI). Run in a
    fresh process, so that the children fork from a process without Qt's threads."""
    long_run = bool(os.environ.get("NIANBAO_FUZZ_TRIES") or os.environ.get("NIANBAO_FUZZ_SECONDS"))
    done = subprocess.run([sys.executable, __file__, "--json"], capture_output=True, text=True, encoding="utf-8",
                          timeout=None if long_run else 300)
    assert done.stdout, done.stderr
    figures = json.loads(done.stdout)
    print(done.stderr)  # the summary table, for a long run with -s
    assert figures["failures"] == [] and figures["cli_failures"] == [], done.stdout
    assert set(figures["families"]) == set(FAMILIES)
    assert figures["cli_runs"] >= 2 * DEFAULT_CLI_SAMPLES
    assert done.returncode == 0, done.stderr
