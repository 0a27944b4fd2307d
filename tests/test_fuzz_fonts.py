"""The font fuzzer (tests/fuzz_fonts.py) on a small budget: every mutation family at least twice.

NIANBAO_FUZZ_TRIES=N raises the budget; `python -m tests.fuzz_fonts --tries 5000` is the long run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from export.font_vetting import check_sfnt
from tests.fuzz_fonts import DEFAULT_TRIES, FAMILIES, TIMEOUT_SECONDS, base_fonts, mutant

ROOT = Path(__file__).resolve().parent.parent


def test_the_base_fonts_are_sound_and_every_mutation_changes_them_the_same_way_each_run() -> None:
    bases = base_fonts()
    for base in bases:
        check_sfnt(base.data)  # else the fuzzer would try refusals only
    for index in range(2 * len(FAMILIES)):
        first, again = mutant(index, 7, bases), mutant(index, 7, bases)
        assert first.data == again.data and first.detail == again.detail
        assert first.data != first.base.data, first.detail
    assert {mutant(i, 7, bases).family for i in range(len(FAMILIES))} == set(FAMILIES)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fuzzer forks its children and limits them with RLIMIT_AS")
def test_no_corrupt_font_crashes_hangs_or_exhausts_memory() -> None:
    tries = int(os.environ.get("NIANBAO_FUZZ_TRIES", DEFAULT_TRIES))
    done = subprocess.run([sys.executable, "-m", "tests.fuzz_fonts", "--tries", str(tries), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60 + tries * TIMEOUT_SECONDS, check=False)
    assert done.stdout, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["tries"] == tries
    assert result["failures"] == [], json.dumps(result["failures"][:5], ensure_ascii=False, indent=1)
    outcomes = [family["outcomes"] for family in result["families"].values()]
    assert all(family["tries"] > 0 for family in result["families"].values())
    # Both ends are exercised: fonts refused, and damaged fonts still good enough to be used and subset.
    assert sum(o.get("refused", 0) for o in outcomes) and sum(o.get("accepted", 0) for o in outcomes)
