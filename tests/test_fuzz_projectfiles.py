"""A small budget of the project-file fuzzer (tests/fuzz_projectfiles.py) on every CI run: mutated
sample files load as a report or fail with one ProjectFileError, and what loads checks and exports.
NIANBAO_FUZZ_TRIES=N runs N mutations per family instead."""

from __future__ import annotations

import os
import random

from tests.fuzz_projectfiles import FAMILIES, run

TRIES = int(os.environ.get("NIANBAO_FUZZ_TRIES", "25"))


def test_mutated_project_files_never_crash_or_hang() -> None:
    seed = random.randrange(2**32)
    stats = run(TRIES, seed)
    assert set(stats) == set(FAMILIES)
    for name, family in stats.items():
        assert family.tries == TRIES
        assert family.crashes == [], (name, seed, family.crashes)
        assert family.hangs == 0, (name, seed)
    # The run is not vacuous: some mutations load (and were then checked and exported).
    assert sum(f.loaded for f in stats.values()) > 0
