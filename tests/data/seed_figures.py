"""Writes tests/data/seed_figures.json: what tests/test_sample.py compares the shipped sample against.

The sample (resources/samples) is the seed report ../shared/seeds/000_e73212b8dc766644.txt, a real
published report, transcribed. The seed lives outside the repository, so its narrative lines and
table figures are kept here, in a file of our own that the tests read on every machine; a test
skipped only when the seed is absent checks that the file still says what the seed says. Run

    .venv/bin/python -m tests.data.seed_figures

(with ../shared present) after changing how the seed is read.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_e73212b8dc766644.txt"
FIGURES = Path(__file__).resolve().parent / "seed_figures.json"

#: 1-based seed lines of the narrative: the preamble and 一, then 五 and 六.
NARRATIVE_LINES = (range(7, 28), range(89, 132))
#: 1-based seed lines of 表三's rows, in the template's row order.
T3_LINES = (51, 52, 54, 55, *range(56, 64), 64, 65, 66, *range(67, 72), 72, 73, 76, 77, 78)
T4_LINE = 85


def normalise(text: str) -> str:
    """Drop what the seed's plain-text extraction added: markup, spaces, page breaks, half-width brackets."""
    text = text.replace("<http", "http").replace("/>", "/")
    text = re.sub(r"(?m)^(#+|-)\s*", "", text)
    text = text.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", text)


def numbers(line: str, count: int) -> list[int]:
    """The last `count` numbers of a seed table line."""
    return [int(n) for n in re.findall(r"\d+", line)[-count:]]


def figures_from_seed(seed: str) -> dict[str, Any]:
    """The narrative lines (normalised, in order, blank ones left out) and the table figures of the seed."""
    from model.templates import TEMPLATES

    lines = seed.split("\n")

    def line(n: int) -> str:
        return lines[n - 1]

    t3 = TEMPLATES[2021].table("t3")
    assert len(T3_LINES) == len(t3.row_ids)
    columns_21 = ("issued", "abolished", "in_force")
    tables: dict[str, dict[str, dict[str, int]]] = {
        "t2_1": {row: dict(zip(columns_21, numbers(line(n), 3), strict=True))
                 for row, n in (("rules", 33), ("normative", 34))},
        "t2_5": {"licensing": {"decisions": numbers(line(37), 1)[0]}},
        "t2_6": {"penalty": {"decisions": numbers(line(40), 1)[0]},
                 "coercion": {"decisions": numbers(line(41), 1)[0]}},
        "t2_8": {"fees": {"amount": numbers(line(44), 1)[0]}},
        "t3": {row: dict(zip(t3.column_ids, numbers(line(n), 7), strict=True))
               for row, n in zip(t3.row_ids, T3_LINES, strict=True)},
    }
    narrative = [normalise(line(n)) for block in NARRATIVE_LINES for n in block]
    return {
        "seed": SEED.name,
        "narrative": [text for text in narrative if text],
        "tables": tables,
        # 11 numbers for the 15 cells of 表四: read as resources/samples/README.md documents.
        "t4_numbers": numbers(line(T4_LINE), 11),
    }


def figures_text(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    if not SEED.exists():
        print(f"the seed is not here: {SEED}", file=sys.stderr)
        return 1
    FIGURES.write_text(figures_text(figures_from_seed(SEED.read_text(encoding="utf-8"))), encoding="utf-8",
                       newline="\n")
    print(f"wrote {FIGURES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
