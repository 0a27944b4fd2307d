"""Auto-totals: an editing aid that fills the total cells from their parts.

It never replaces checking: the checks still run on whatever the cells hold,
and a report saved with auto-totals off keeps the totals as typed.
"""

from __future__ import annotations

from decimal import Decimal

from model.report import CellKey, Report, Value
from model.template import EquationKind, Template


def total_cells(template: Template) -> frozenset[CellKey]:
    """Every cell that some TOTAL equation defines as a sum of others."""
    return frozenset(key for eq in template.equations if eq.kind is EquationKind.TOTAL for key in eq.left_keys)


def total_updates(report: Report, overrides: dict[CellKey, Value] | None = None) -> dict[CellKey, Value]:
    """The total cells whose value would change if every total were the sum of its parts.

    `overrides` are pending edits, seen as if already applied. A total whose
    parts are all blank is blank. Totals that are parts of other totals (表三
    （七）总计·总计) settle by repeating the pass until nothing changes.
    """
    pending = overrides or {}
    cells = report.cells
    computed: dict[CellKey, Value] = {}

    def stated(key: CellKey) -> object:
        return pending[key] if key in pending else cells.get(key, _MISSING)

    def current(key: CellKey) -> object:
        return computed[key] if key in computed else stated(key)

    equations = [eq for eq in report.template.equations if eq.kind is EquationKind.TOTAL]
    for _ in range(len(equations) + 1):
        changed = False
        for equation in equations:
            filled = [v for v in map(current, equation.right_keys) if isinstance(v, int | Decimal)]
            total = sum(filled) if filled else None
            key = equation.left_keys[0]
            if current(key) != total:
                computed[key] = total
                changed = True
        if not changed:
            break
    return {key: value for key, value in computed.items() if stated(key) != value}


def recomputed_totals(report: Report) -> dict[CellKey, Value]:
    """重新计算合计: the stated totals that differ from the sum of their parts, with that sum.

    A total whose parts are all blank keeps what it states: a blank sum says nothing,
    and an imported total must not be erased for want of its parts."""
    return {key: value for key, value in total_updates(report).items() if value is not None}


_MISSING = object()
