"""A fuzzer for project files: mutated copies of the sample go through load, and whatever loads goes
through the checks and every export. The only acceptable failure is a ProjectFileError (one Chinese
sentence); a report the model accepts must check and export.

    .venv/bin/python tests/fuzz_projectfiles.py --tries 5000        # a long run, with figures per family

tests/test_fuzz_projectfiles.py runs a small budget of the same in CI (NIANBAO_FUZZ_TRIES raises it).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from model.projectfile import ProjectFileError, loads  # noqa: E402
from model.resources import sample_path  # noqa: E402

#: A try slower than this is a hang.
HANG_SECONDS = 5.0

HOSTILE_VALUES: tuple[Any, ...] = (
    None, True, 0, -1, 10**15, 10**400, 1e308, -0.0, 0.1234567890123456, "", "9件", "—", "/",
    "\u0000", "\u000b", "\ud800", "𪚥" * 1000, "字" * 300_000, "=cmd|'/C calc'!A0", [], {}, [[[[[]]]]],
    {"a": 1}, "2024-02-30", "9999-12-31", "0001-01-01", "../../../../etc/passwd", "/dev/stdin",
)


@dataclass
class FamilyStats:
    tries: int = 0
    loaded: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: int = 0
    worst_seconds: float = 0.0


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside the parsed document."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _set(document: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


def mutate_bytes(rng: random.Random, original: bytes, _document: Any) -> bytes:
    data = bytearray(original)
    for _ in range(rng.randint(1, 12)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def mutate_truncate(rng: random.Random, original: bytes, _document: Any) -> bytes:
    return original[: rng.randrange(len(original))]


def mutate_value(rng: random.Random, _original: bytes, document: Any) -> bytes:
    changed = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_paths(changed))
        changed = _set(changed, path, copy.deepcopy(rng.choice(HOSTILE_VALUES)))
    return json.dumps(changed, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def mutate_keys(rng: random.Random, _original: bytes, document: Any) -> bytes:
    changed = copy.deepcopy(document)
    dicts = [p for p in _paths(changed) if isinstance(_get(changed, p), dict)]
    target = _get(changed, rng.choice(dicts))
    action = rng.choice(("drop", "add", "rename"))
    if action == "drop" and target:
        target.pop(rng.choice(list(target)))
    elif action == "add":
        target[rng.choice(["x", "", "\ud800", "prior", "version", "meta", "t3", "1"])] = rng.choice(HOSTILE_VALUES)
    elif target:
        key = rng.choice(list(target))
        target[key + rng.choice(["_", " ", "\u200b"])] = target.pop(key)
    return json.dumps(changed, ensure_ascii=False).encode("utf-8", "surrogatepass")


def mutate_structure(rng: random.Random, original: bytes, _document: Any) -> bytes:
    """Shapes a JSON library trips over: deep nesting, duplicate keys, a BOM, huge numbers as text."""
    depth = rng.choice((100, 1_000, 100_000))
    choices = [
        b"[" * depth + b"]" * depth,
        b'{"a":' * depth + b"1" + b"}" * depth,
        original.replace(b'"version"', b'"version": 1, "version"', 1),
        b"\xef\xbb\xbf" + original,
        original.replace(b'"year": 2024', b'"year": ' + b"9" * 5000, 1),
        original.replace(b'"year": 2024', b'"year": 1e999999', 1),
        original + b" " * rng.randrange(1, 1000) + b"{}",
        original.decode("utf-8").encode("utf-16"),
    ]
    return rng.choice(choices)


def _get(document: Any, path: tuple) -> Any:
    for step in path:
        document = document[step]
    return document


FAMILIES: dict[str, Callable[[random.Random, bytes, Any], bytes]] = {
    "bytes": mutate_bytes, "truncate": mutate_truncate, "value": mutate_value, "keys": mutate_keys,
    "structure": mutate_structure,
}


def exercise(data: bytes, fonts: Any, export: bool) -> bool:
    """Load `data`; when it loads, check it and export it. True when it loaded. Raises on a defect."""
    from model.checks import check_report

    try:
        report = loads(data)
    except ProjectFileError:
        return False
    check_report(report)
    if export:
        from export.pdf import render_pdf
        from export.xlsx_export import workbook_bytes

        render_pdf(report, fonts)
        workbook_bytes(report)
    return True


def _version_4(sample: bytes) -> tuple[bytes, Any]:
    """The sample with what format version 4 added: a local deadline and a (stale) sign-off."""
    document = json.loads(sample)
    document["version"] = 4
    document["meta"]["local_deadline"] = "2025-01-20"
    document["signoffs"] = [{"rule": "NARRATIVE-TABLE", "location": {"section": "s1", "paragraph": 0},
                             "fingerprint": "0" * 64, "note": "已与原文核对（张三核实）"}]
    return json.dumps(document, ensure_ascii=False).encode("utf-8"), document


def run(tries: int, seed: int, export_every: int = 1) -> dict[str, FamilyStats]:
    """`tries` mutations per family; exports every `export_every`-th report that loads."""
    from export.fonts import bundled_fonts

    fonts = bundled_fonts()
    sample = sample_path().read_bytes()
    # Every other mutation starts from the sample as a version 4 file, so that the keys that version added
    # (a sign-off, a local deadline) are mutated too.
    seeds = [(sample, json.loads(sample)), _version_4(sample)]
    stats = {name: FamilyStats() for name in FAMILIES}
    rng = random.Random(seed)
    for name, mutate in FAMILIES.items():
        family = stats[name]
        for attempt in range(tries):
            original, document = seeds[attempt % len(seeds)]
            data = mutate(rng, original, document)
            started = time.perf_counter()
            try:
                loaded = exercise(data, fonts, export=family.loaded % export_every == 0)
            except Exception as error:  # a defect: anything but ProjectFileError
                family.crashes.append(f"{name}#{attempt} seed {seed}: {type(error).__name__}: {str(error)[:200]}")
                loaded = False
            seconds = time.perf_counter() - started
            family.tries += 1
            family.loaded += loaded
            family.hangs += seconds > HANG_SECONDS
            family.worst_seconds = max(family.worst_seconds, seconds)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description="Fuzz the project-file reader and what follows a load.")
    parser.add_argument("--tries", type=int, default=1000, help="mutations per family")
    parser.add_argument("--seed", type=int, default=random.randrange(2**32))
    parser.add_argument("--export-every", type=int, default=5, help="export every Nth report that loads")
    args = parser.parse_args()
    started = time.perf_counter()
    stats = run(args.tries, args.seed, args.export_every)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"seed {args.seed}, {time.perf_counter() - started:.0f} s, peak memory of the run {peak_mb:.0f} MB")
    print(f"{'family':<10} {'tries':>6} {'loaded':>6} {'crashes':>7} {'hangs':>5} {'worst s':>8}")
    for name, family in stats.items():
        print(f"{name:<10} {family.tries:>6} {family.loaded:>6} {len(family.crashes):>7} {family.hangs:>5} "
              f"{family.worst_seconds:>8.2f}")
        for crash in family.crashes[:5]:
            print("   ", crash)
    return 1 if any(f.crashes or f.hangs for f in stats.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
