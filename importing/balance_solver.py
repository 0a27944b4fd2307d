"""Which reading of a table's mangled rows is the one the report means, by the template's
equations (the 勾稽 rules).

A row whose numbers do not fill its columns one by one (blank cells that vanished, digits run
together) has several candidate readings. The solver keeps the combinations under which every
equation of the table holds — a blank counts as 0 in a sum, as the checks count it — and says,
cell by cell, which values the consistent combinations give. The search is bounded: rows are
first pruned by the equations on them alone, and a search that grows past its budget gives up
(its cells are then uncertain rather than guessed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from itertools import combinations, product
from math import comb
from typing import Any

from model.report import Value

#: Cells of one reading: a value per column (None = blank).
Reading = tuple[Value, ...]
#: A term of an equation: (row, column index).
Term = tuple[str, int]

#: More candidate readings than this for one row are not enumerated: the row is uncertain.
MAX_ROW_CANDIDATES = 1_000
#: Search steps before the search over rows gives up.
MAX_SEARCH_STEPS = 3_000


@dataclass(frozen=True)
class Piece:
    """One token of a row: a number as printed, or a mark ("/", "—") that stands for one blank cell."""

    text: str
    #: The value it is read as in each column, None where it is no valid value of that column.
    values: tuple[Value | None, ...]
    #: True for a mark: the cell it takes is blank.
    mark: bool = False
    #: True for digits that may be several cells run together ("1023").
    splittable: bool = False


@dataclass
class Candidates:
    """The readings of one row, each with the piece every cell came from (-1: a blank that vanished)."""

    readings: list[Reading] = field(default_factory=list)
    origins: list[tuple[int, ...]] = field(default_factory=list)
    #: True when there were more than MAX_ROW_CANDIDATES (readings is then empty).
    overflow: bool = False


def row_candidates(pieces: Sequence[Piece], width: int) -> Candidates:
    """Every reading of a row of `width` columns printed as `pieces`: blanks anywhere the pieces
    leave room, digits split into one-digit-or-more cells (no part with a leading zero)."""
    found = Candidates()
    if len(pieces) > width:
        return found
    most = width - len(pieces) + 1  # the cells one piece can be at most
    splittable = [p.splittable and len(pieces) < width for p in pieces]
    # Count the readings before making them: digits run together can have very many.
    counts = [1]  # cells → how many ways the pieces make that many cells
    for piece, split in zip(pieces, splittable, strict=True):
        ways = _split_counts(piece.text, most) if split else [0, 1]
        grown = [0] * (len(counts) + len(ways) - 1)
        for a, x in enumerate(counts):
            for b, y in enumerate(ways):
                grown[a + b] += x * y
        counts = grown
    if sum(n * comb(width, width - k) for k, n in enumerate(counts) if k <= width) > MAX_ROW_CANDIDATES:
        return Candidates(overflow=True)
    splits = [_splits(p.text, most) if split else [None] for p, split in zip(pieces, splittable, strict=True)]
    choices = [choice for choice in product(*splits)
               if sum(1 if parts is None else len(parts) for parts in choice) <= width]
    seen: set[Reading] = set()
    for choice in choices:
        cells: list[tuple[int, int | None]] = []  # (piece, split part or None)
        for index, parts in enumerate(choice):
            cells += [(index, None)] if parts is None else [(index, part) for part in parts]
        blanks = width - len(cells)
        for blank_at in combinations(range(width), blanks):
            reading = _place(pieces, cells, set(blank_at), width)
            if reading is not None and reading[0] not in seen:
                seen.add(reading[0])
                found.readings.append(reading[0])
                found.origins.append(reading[1])
    return found


def _place(pieces: Sequence[Piece], cells: list[tuple[int, int | None]], blank_at: set[int],
           width: int) -> tuple[Reading, tuple[int, ...]] | None:
    values: list[Value] = []
    origins: list[int] = []
    at = 0
    for column in range(width):
        if column in blank_at:
            values.append(None)
            origins.append(-1)
            continue
        index, part = cells[at]
        at += 1
        piece = pieces[index]
        if piece.mark:
            value: Value = None
        elif part is not None:
            value = part
        else:
            value = piece.values[column]
            if value is None:
                return None  # not a valid value of this column (1.5 件)
        values.append(value)
        origins.append(index)
    return tuple(values), tuple(origins)


def _valid_part(digits: str, start: int, end: int) -> bool:
    return end - start == 1 or digits[start] != "0"


def _split_counts(digits: str, most: int) -> list[int]:
    """How many ways `digits` splits into k cells, for each k up to `most` (index k; one number or
    several run together, no cell with a leading zero)."""
    if not digits.isdigit() or len(digits) > 16:
        return [0, 1]
    length = len(digits)
    # ways[i][k]: the splits of digits[i:] into k cells
    ways = [[0] * (most + 1) for _ in range(length + 1)]
    ways[length][0] = 1
    for i in range(length - 1, -1, -1):
        for j in range(i + 1, length + 1):
            if _valid_part(digits, i, j):
                for k in range(1, most + 1):
                    ways[i][k] += ways[j][k - 1]
    counts = ways[0]
    if not _valid_part(digits, 0, length):
        counts[1] = 0  # "0000000" is never one cell's number (made invalid as a value too)
    return counts


def _splits(digits: str, most: int) -> list[tuple[int, ...] | None]:
    """`digits` as one number (None) or as two to `most` numbers run together (no cell with a
    leading zero); called once the count of them is known to be small."""
    found: list[tuple[int, ...] | None] = [None]
    if not digits.isdigit() or len(digits) < 2 or len(digits) > 16:
        return found

    def parts_from(i: int, left: int) -> list[tuple[int, ...]]:
        if i == len(digits):
            return [()]
        if left == 0:
            return []
        return [(int(digits[i:j]), *rest) for j in range(i + 1, len(digits) + 1) if _valid_part(digits, i, j)
                for rest in parts_from(j, left - 1)]

    found += [parts for parts in parts_from(0, most) if len(parts) > 1]
    return found


# --- the search over rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Equation:
    """sum(left) == sum(right), over cells named by row and column index."""

    left: tuple[Term, ...]
    right: tuple[Term, ...]

    @cached_property
    def rows(self) -> frozenset[str]:
        return frozenset(r for r, _c in self.left + self.right)


class Outcome(Enum):
    UNIQUE = "unique"  # exactly one consistent combination
    SEVERAL = "several"  # more than one
    NONE = "none"  # none: the rows cannot all be read so that the table balances
    GAVE_UP = "gave_up"  # the search grew past its budget


@dataclass
class Solution:
    outcome: Outcome
    #: (row, column index) → every value the consistent combinations give that cell (the variable rows').
    values: dict[Term, set[Value]] = field(default_factory=dict)
    #: Row → index of its reading in the first consistent combination (where there is one).
    first: dict[str, int] = field(default_factory=dict)
    count: int = 0


def _side(terms: tuple[Term, ...], chosen: dict[str, Reading]) -> tuple[object, bool]:
    """A side's sum and whether it has a blank."""
    total: object = 0
    blank = False
    for r, c in terms:
        value = chosen[r][c]
        if value is None:
            blank = True
        else:
            total += value  # type: ignore[operator]
    return total, blank


def _holds(equation: Equation, chosen: dict[str, Reading], lenient: bool = True) -> bool:
    """As the checks (model/checks.py) decide: equal sums, or (`lenient`) a side with a blank below
    the other (a blank is a count not yet stated, which can only raise its side). Not lenient, a
    blank is simply 0."""
    left, left_blank = _side(equation.left, chosen)
    right, right_blank = _side(equation.right, chosen)
    if left == right:
        return True
    if not lenient:
        return False
    return (left_blank and right_blank) or (left_blank and left < right) or (  # type: ignore[operator]
        right_blank and right < left)  # type: ignore[operator]


def holds_alone(equation: Equation, row: str, reading: Reading, lenient: bool = True) -> bool:
    """Whether an equation on `row` alone holds for `reading`."""
    return _holds(equation, {row: reading}, lenient)


#: An equation's two sides as bounds: (left least sum, greatest sum, terms that may be blank, right ...).
Bounds = tuple[Any, Any, int, Any, Any, int]
#: Rounds of pruning readings by the bounds of the other rows before searching.
PRUNING_ROUNDS = 4


def _added(a: Bounds, b: Bounds, sign: int = 1) -> Bounds:
    return (a[0] + sign * b[0], a[1] + sign * b[1], a[2] + sign * b[2],
            a[3] + sign * b[3], a[4] + sign * b[4], a[5] + sign * b[5])


class _Search:
    """The combinations of the variable rows' readings under which every equation holds. Readings
    are first pruned by each equation's bounds over the other rows' remaining readings (sound: a
    pruned reading is in no consistent combination); then a depth-first search keeps a reading
    only if some whole combination contains it. When the search runs past its budget, what the
    pruning left stands (still a superset of the consistent readings)."""

    def __init__(self, fixed: dict[str, Reading], variable: dict[str, list[Reading]],
                 equations: Sequence[Equation], max_steps: int, lenient: bool) -> None:
        self.fixed, self.variable, self.max_steps, self.lenient = fixed, variable, max_steps, lenient
        self.steps = 0
        known = set(fixed) | set(variable)
        relevant = [e for e in equations if e.rows <= known and e.rows & set(variable)]
        # Equations on a single variable row (T3-ROW-TOTAL, T4-TOTAL) prune that row's readings at once.
        self.domains: dict[str, list[int]] = {}
        chosen = dict(fixed)
        for row, readings in variable.items():
            own = [e for e in relevant if e.rows - set(fixed) == {row}]
            kept = []
            for i, reading in enumerate(readings):
                chosen[row] = reading
                if all(_holds(e, chosen, lenient) for e in own):
                    kept.append(i)
            self.domains[row] = kept
            del chosen[row]
        self.equations = [e for e in relevant if len(e.rows - set(fixed)) > 1]
        self.of_row: dict[str, list[int]] = {row: [] for row in variable}
        self.columns: dict[tuple[int, str], tuple[list[int], list[int]]] = {}
        for index, equation in enumerate(self.equations):
            for row in equation.rows:
                self.columns[(index, row)] = ([c for r, c in equation.left if r == row],
                                              [c for r, c in equation.right if r == row])
                if row in variable:
                    self.of_row[row].append(index)
        self._contributions: dict[tuple[int, str, int], Bounds] = {}

    # -- bounds --

    def _reading(self, index: int, row: str, reading: Reading) -> Bounds:
        left, right = self.columns[(index, row)]
        lv = [reading[c] for c in left]
        rv = [reading[c] for c in right]
        ls = sum((v for v in lv if v is not None), 0)
        rs = sum((v for v in rv if v is not None), 0)
        return ls, ls, sum(v is None for v in lv), rs, rs, sum(v is None for v in rv)

    def _contribution(self, index: int, row: str, k: int) -> Bounds:
        key = (index, row, k)
        found = self._contributions.get(key)
        if found is None:
            found = self._contributions[key] = self._reading(index, row, self.variable[row][k])
        return found

    def _open(self, index: int, row: str) -> Bounds:
        """Row's part of equation `index` over its remaining readings."""
        left, right = self.columns[(index, row)]
        readings = [self.variable[row][k] for k in self.domains[row]]
        sides: list[Any] = []
        for columns in (left, right):
            low: Any = 0
            high: Any = 0
            blanks = 0
            for c in columns:
                values = [r[c] or 0 for r in readings]
                low += min(values, default=0)
                high += max(values, default=0)
                blanks += any(r[c] is None for r in readings)
            sides += [low, high, blanks]
        return (sides[0], sides[1], sides[2], sides[3], sides[4], sides[5])

    def _totals(self) -> list[Bounds]:
        totals = []
        for index, equation in enumerate(self.equations):
            bounds: Bounds = (0, 0, 0, 0, 0, 0)
            for row in equation.rows:
                part = self._reading(index, row, self.fixed[row]) if row in self.fixed else self.open_[(index, row)]
                bounds = _added(bounds, part)
            totals.append(bounds)
        return totals

    def _possible(self, b: Bounds) -> bool:
        """Whether some values within the bounds satisfy the equation as the checks decide it."""
        l_low, l_high, l_blank, r_low, r_high, r_blank = b
        if l_low <= r_high and r_low <= l_high:
            return True
        if not self.lenient:
            return False
        return bool((l_blank and r_blank) or (l_blank and l_low < r_high) or (r_blank and r_low < l_high))

    def _prune(self) -> None:
        for _round in range(PRUNING_ROUNDS):
            self.open_ = {(i, row): self._open(i, row) for row in self.variable for i in self.of_row[row]}
            totals = self._totals()
            changed = False
            for row in self.variable:
                kept = self.domains[row]
                for i in self.of_row[row]:
                    base = _added(totals[i], self.open_[(i, row)], -1)
                    kept = [k for k in kept if self._possible(_added(base, self._contribution(i, row, k)))]
                if len(kept) < len(self.domains[row]):
                    self.domains[row] = kept
                    changed = True
                    if not kept:
                        return
            if not changed:
                return
        self.open_ = {(i, row): self._open(i, row) for row in self.variable for i in self.of_row[row]}

    def _values(self, chosen: dict[str, set[int]]) -> dict[Term, set[Value]]:
        values: dict[Term, set[Value]] = {}
        for row, indexes in chosen.items():
            for k in indexes:
                for c, value in enumerate(self.variable[row][k]):
                    values.setdefault((row, c), set()).add(value)
        return values

    # -- the search --

    def run(self) -> Solution:
        if any(not d for d in self.domains.values()):
            return Solution(Outcome.NONE)
        self._prune()
        if any(not d for d in self.domains.values()):
            return Solution(Outcome.NONE)
        # A row with one reading left is settled: its part of each equation is exact already.
        single = {row: d[0] for row, d in self.domains.items() if len(d) == 1}
        self.order = sorted((r for r in self.variable if r not in single), key=lambda r: len(self.domains[r]))
        self.start = self._totals()
        if not all(self._possible(b) for b in self.start):
            return Solution(Outcome.NONE)
        self.changes: dict[tuple[str, int], list[tuple[int, Bounds]]] = {}
        supported: dict[str, set[int]] = {row: set() for row in self.variable}
        first: dict[str, int] | None = None
        if not self.order:
            first = dict(single)
        for row in self.order:
            for k in list(self.domains[row]):
                if k in supported[row]:
                    continue
                found = self._find({row: k})
                if found is None:  # what the pruning left is all that is known
                    domains = {r: set(d) for r, d in self.domains.items()}
                    return Solution(Outcome.GAVE_UP, self._values(domains))
                if found:
                    first = first or found
                    for r, i in found.items():
                        supported[r].add(i)
        if first is None:
            return Solution(Outcome.NONE)
        for row, k in single.items():
            supported[row] = {k}
        first = {**single, **first}
        unique = all(len(indexes) == 1 for indexes in supported.values())
        return Solution(Outcome.UNIQUE if unique else Outcome.SEVERAL, self._values(supported), first,
                        1 if unique else 2)

    def _find(self, given: dict[str, int]) -> dict[str, int] | None:
        """A whole consistent combination with the rows of `given` so chosen ({} when there is none),
        None when the search ran past its budget."""
        picks: dict[str, int] = {}
        order = [r for r in self.order if r in given] + [r for r in self.order if r not in given]
        state = list(self.start)

        changes = self.changes

        def choose(row: str, k: int, sign: int) -> bool:
            ok = True
            if (row, k) not in changes:
                changes[(row, k)] = [(i, _added(self._contribution(i, row, k), self.open_[(i, row)], -1))
                                     for i in self.of_row[row]]
            for i, change in changes[(row, k)]:
                state[i] = _added(state[i], change, sign)
                ok = ok and self._possible(state[i])
            return ok

        def search(depth: int) -> bool | None:
            if depth == len(order):
                return True
            row = order[depth]
            for k in ([given[row]] if row in given else self.domains[row]):
                self.steps += 1
                if self.steps > self.max_steps:
                    return None
                picks[row] = k
                fits = choose(row, k, 1)
                result = search(depth + 1) if fits else False
                choose(row, k, -1)
                if result is None or result:
                    return result
            picks.pop(row, None)
            return False

        result = search(0)
        if result is None:
            return None
        return dict(picks) if result else {}


def solve(fixed: dict[str, Reading], variable: dict[str, list[Reading]], equations: Sequence[Equation],
          max_steps: int = MAX_SEARCH_STEPS, lenient: bool = True) -> Solution:
    """The combinations of `variable` rows' readings under which every equation holds, with the
    `fixed` rows as they are. Only equations on at least one variable row and on no row outside
    both count (an imbalance among fixed rows is the checks' to report). `lenient`: as the checks
    decide (a side with a blank may fall short); else a blank is 0 and the sums must be equal."""
    return _Search(fixed, variable, equations, max_steps, lenient).run()
