"""Reading one template table from the lines of its section in mangled text (pasted text, a .txt
file, pdftotext output), where the cells are no longer in columns.

Rows are found by their labels however the text broke them (importing/text_tokens.py); a row's
numbers are the numbers after its label. A row with as many numbers as columns (or tab-separated
fields, where an empty field is a blank cell) reads as printed. A row with fewer numbers — blank
cells that vanished, digits run together — has several readings: the template's equations choose
among them (importing/balance_solver.py), and a cell no single consistent reading settles is
listed as uncertain, never guessed silently. "/", "—", "无" where a number belongs are reported."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from importing.balance_solver import (
    Candidates,
    Equation,
    Outcome,
    Piece,
    Reading,
    holds_alone,
    row_candidates,
    solve,
)
from importing.document import TextBlock
from importing.result import ImportLog, PartKind, PartLike, ProblemKind
from importing.text_tokens import (
    LabelSpan,
    TextStream,
    Token,
    TokenKind,
    data_tokens,
    find_group,
    find_rows,
    group_rows,
    tokenize,
    unlabelled_data,
)
from importing.values import number
from model.report import CellKey, Value
from model.template import Column, Row, Table, Template, ValueKind

_LEADING_ZERO = re.compile(r"0\d+")
#: The budget of the second search (a blank counted as 0), which only fills cells already flagged.
STRICT_STEPS = 1_500


@dataclass(frozen=True)
class TextPart:
    """The text a table is read from, as the import log names it (`importing.result.PartLike`)."""

    index: int = 0
    title: str = "文本"
    part_kind: PartKind = PartKind.TABLE

    def ref(self, r: int, c: int) -> str:
        return f"第 {r} 行"


@dataclass
class TextTableReading:
    #: Every cell read (None = blank), uncertain cells included (blank unless said otherwise in `uncertain`).
    placed: dict[CellKey, Value] = field(default_factory=dict)
    #: Where each placed cell came from: "第 57 行".
    sources: dict[CellKey, str] = field(default_factory=dict)
    #: Cells the text does not settle → why, in Chinese (what was seen and what was placed).
    uncertain: dict[CellKey, str] = field(default_factory=dict)
    #: True when the table's rows were found at all.
    found: bool = False


@dataclass
class _Line:
    """One row of the text: a template row, or a group printed as a single row (（六）其他处理)."""

    id: str
    name: str
    span: LabelSpan | None
    data: list[int]
    #: The template rows it stands for (more than one for a group printed as one row).
    leaves: tuple[Row, ...]
    pieces: list[Piece] = field(default_factory=list)
    #: The tokens of `pieces`, and for a tab-separated row read by position, the piece of each column (-1 blank).
    piece_tokens: list[int] = field(default_factory=list)
    positional: tuple[int, ...] | None = None


def read_text_table(template: Template, table: Table, blocks: Sequence[TextBlock], log: ImportLog,
                    part: PartLike) -> TextTableReading:
    """The cells of `table` read from `blocks`, the lines of its section (wrapped lines, in order)."""
    return _TableReading(template, table, blocks, log, part).read()


class _TableReading:
    def __init__(self, template: Template, table: Table, blocks: Sequence[TextBlock], log: ImportLog,
                 part: PartLike) -> None:
        self.template, self.table, self.log, self.part = template, table, log, part
        self.blocks = blocks
        self.tokens, self.fields = tokenize(blocks)
        self.stream = TextStream(self.tokens)
        self.result = TextTableReading()
        self.width = len(table.columns)
        #: Row → the columns its uncertainty is about, where not every column (the others agree).
        self.open_columns: dict[str, frozenset[int]] = {}
        self.numbers: dict[tuple[str, ValueKind, int], tuple[Value, tuple[ProblemKind, str] | None]] = {}

    # -- finding the rows --

    def read(self) -> TextTableReading:
        lines = self._lines()
        self.result.found = bool(lines)
        if not lines:
            return self.result
        fixed: dict[str, Reading] = {}
        variable: dict[str, Candidates] = {}
        reasons: dict[str, str] = {}
        for line in lines:
            self._pieces(line)
            if line.positional is not None or len(line.pieces) == self.width:
                fixed[line.id] = self._certain(line)
            elif not line.pieces:
                reasons[line.id] = "此行没有读到数字，各栏保持空白"
            elif len(line.pieces) > self.width:
                reasons[line.id] = (f"此行有 {len(line.pieces)} 个数字、{self.width} 个栏目，数字多于栏目，"
                                    f"无法对应：{self._shown(line)}；各栏保持空白")
            else:
                candidates = row_candidates(line.pieces, self.width)
                if candidates.overflow or not candidates.readings:
                    reasons[line.id] = f"{self._seen(line)}；可能的读法过多或没有有效读法，各栏保持空白"
                else:
                    variable[line.id] = candidates
        by_id = {line.id: line for line in lines}
        readings = dict(fixed)
        readings.update(self._resolve(by_id, fixed, variable, reasons))
        for line_id, reason in reasons.items():
            readings.setdefault(line_id, (None,) * self.width)
            self._flag(by_id[line_id], reason)
        for line in lines:
            self._place(line, readings[line.id], reasons.get(line.id))
        self._missing(lines)
        return self.result

    def _lines(self) -> list[_Line]:
        table = self.table
        if all(not row.path for row in table.rows):  # 表四: one row and no label
            data = unlabelled_data(self.tokens)
            return [_Line(row.id, table.name, None, data, (row,)) for row in table.rows] if data else []
        spans = find_rows(table, self.stream)
        found: list[tuple[LabelSpan, str, str, tuple[Row, ...]]] = [
            (span, row_id, table.row_name(row_id), (table.row(row_id),)) for row_id, span in spans.items()]
        for label, leaves in group_rows(table).items():
            if any(leaf.id in spans for leaf in leaves):
                continue
            order = table.row_ids
            first, last = order.index(leaves[0].id), order.index(leaves[-1].id)
            before = [spans[r] for r in order[:first] if r in spans]
            after = [spans[r] for r in order[last + 1:] if r in spans]
            start = before[-1].end if before else 0
            stop = self.stream.position_of(after[0].first) if after else None
            span = find_group(label, self.stream, start, stop)
            if span is not None:
                found.append((span, f"group:{label}", label, leaves))
        found.sort(key=lambda item: item[0].first)
        lines = []
        for i, (span, line_id, name, leaves) in enumerate(found):
            next_first = found[i + 1][0].first if i + 1 < len(found) else None
            lines.append(_Line(line_id, name, span, data_tokens(self.tokens, span, next_first), leaves))
        return lines

    def _pieces(self, line: _Line) -> None:
        line.piece_tokens = list(line.data)
        line.pieces = [self._piece(self.tokens[i]) for i in line.data]
        line.positional = self._by_position(line)

    def _piece(self, token: Token) -> Piece:
        if token.kind is TokenKind.MARK:
            return Piece(token.text, (None,) * self.width, mark=True)
        # "0000000" is never one cell's number: only cells run together print so.
        values = (None,) * self.width if _LEADING_ZERO.fullmatch(token.text) else \
            tuple(self._number(token.text, column)[0] for column in self.table.columns)
        return Piece(token.text, values, splittable=token.text.isdigit() and len(token.text) > 1)

    def _by_position(self, line: _Line) -> tuple[int, ...] | None:
        """For a row whose numbers are on one tab-separated line after its label, the piece in each
        column (-1: an empty field, a blank cell), when the fields are exactly the columns."""
        if not line.data:
            return None
        lines_of = {self.tokens[i].line for i in line.data}
        if len(lines_of) != 1:
            return None
        at = lines_of.pop()
        fields = self.fields[at]
        if len(fields) < 2:
            return None
        if line.span is not None:
            label = self.tokens[line.span.last]
            if label.line != at:
                return None
            start = label.field + 1
        else:
            start = 0
        columns = fields[start:]
        while len(columns) > self.width and not columns[-1].strip():
            columns = columns[:-1]  # a trailing tab
        if len(columns) != self.width:
            return None
        per_field: dict[int, list[int]] = {}
        for index, token_index in enumerate(line.data):
            per_field.setdefault(self.tokens[token_index].field - start, []).append(index)
        if any(len(indexes) > 1 or not 0 <= f < self.width for f, indexes in per_field.items()):
            return None
        if any((not columns[c].strip()) != (c not in per_field) for c in range(self.width)):
            return None  # a field with text that is not a number (read as label text)
        return tuple(per_field[c][0] if c in per_field else -1 for c in range(self.width))

    def _number(self, text: str, column: Column) -> tuple[Value, tuple[ProblemKind, str] | None]:
        # Columns of one kind read a text alike: parsed once (a table has hundreds of numbers).
        key = (text, column.kind, column.decimals)
        if key not in self.numbers:
            self.numbers[key] = number(text, column)
        return self.numbers[key]

    # -- readings --

    def _certain(self, line: _Line) -> Reading:
        """The row read as printed, cell by cell; what is not a valid number is reported and left blank."""
        positions = line.positional if line.positional is not None else tuple(range(self.width))
        values: list[Value] = []
        for c, index in enumerate(positions):
            column = self.table.columns[c]
            if index < 0:
                values.append(None)
                continue
            token = self.tokens[line.piece_tokens[index]]
            name = self._cell_name(line, c)
            if token.kind is TokenKind.MARK:
                self._problem(line, c, token, f"{name}：“{token.text}”不是数字，未导入（保持空白）",
                              ProblemKind.NOT_A_NUMBER)
                values.append(None)
                continue
            value, problem = self._number(token.text, column)
            if problem is not None:
                self._problem(line, c, token, f"{name}：{problem[1]}，未导入（保持空白）", problem[0])
            values.append(value)
        return tuple(values)

    def _resolve(self, by_id: dict[str, _Line], fixed: dict[str, Reading], variable: dict[str, Candidates],
                 reasons: dict[str, str]) -> dict[str, Reading]:
        """The readings of the rows that do not fill their columns, by the equations."""
        if not variable:
            return {}
        readings = {row: c.readings for row, c in variable.items()}
        equations = self._equations(by_id)
        solution = solve(fixed, readings, equations)
        chosen: dict[str, Reading] = {}
        if solution.outcome is Outcome.UNIQUE:
            # The one reading may hold only because a blank is taken for a count not yet stated
            # (a number that vanished would read so too): trusted only if it balances with blanks as 0.
            balanced = solve(fixed, readings, equations, lenient=False, max_steps=STRICT_STEPS).outcome \
                is Outcome.UNIQUE
            for row, index in solution.first.items():
                chosen[row] = readings[row][index]
                line = by_id[row]
                if not balanced:
                    reasons[row] = (f"{self._seen(line)}；只有一种读法满足勾稽关系，但须把空白栏当作未填写的数，"
                                    f"空白计为 0 时表格不平衡（可能缺了数字），已按此读法填入，请核对")
                    continue
                self._marks(line, variable[row].origins[index], chosen[row])
                self.log.note(f"{self._row_name(line)}（{self._place_of(line)}）{self._seen(line)}；"
                              f"按勾稽关系只有一种读法，已按此读取。", self.part, self._line_number(line), 0)
            return chosen
        if solution.outcome is Outcome.SEVERAL:
            # Counting a blank as 0 (not as a count not yet stated) may leave one reading: it is
            # placed, still flagged, since the checks would accept the others too.
            strict = solve(fixed, readings, equations, lenient=False, max_steps=STRICT_STEPS)
            # Where no reading balances with blanks as 0, not even the cells the readings agree on are
            # trusted: the numbers may not be this row's at all (a table extracted column by column).
            unbalanced = strict.outcome not in (Outcome.UNIQUE, Outcome.SEVERAL)
            for row in variable:
                line = by_id[row]
                open_cells = [c for c in range(self.width) if unbalanced or len(solution.values[(row, c)]) > 1]
                self.open_columns[row] = frozenset(open_cells)
                cells = []
                for c in range(self.width):
                    values = solution.values[(row, c)]
                    if c in open_cells and not unbalanced and len(strict.values[(row, c)]) == 1:
                        values = strict.values[(row, c)]
                    cells.append(next(iter(values)) if len(values) == 1 else None)
                chosen[row] = tuple(cells)
                if open_cells:
                    names = "、".join(self.table.column_name(self.table.columns[c].id) for c in open_cells)
                    filled = [c for c in open_cells if cells[c] is not None]
                    which = "各栏" if len(open_cells) == self.width else names
                    if len(filled) == len(open_cells):
                        what = "；空白计为 0 时只有一种读法，已按此填入，请核对"
                    elif filled:
                        what = "；其中空白计为 0 时只有一种读法的已按此填入，其余保持空白，请核对"
                    else:
                        what = "，保持空白"
                    reasons[row] = f"{self._seen(line)}；按勾稽关系仍有多种读法，{which}无法确定{what}"
            return chosen
        # No consistent reading (or too many to search): nothing of these rows is trusted silently.
        for row in variable:
            line = by_id[row]
            own = [e for e in equations if e.rows == {row}]
            fits = {r for r in readings[row] if all(holds_alone(e, row, r) for e in own)}
            if solution.outcome is Outcome.GAVE_UP:
                # The pruning is sound: a cell all remaining readings agree on is settled all the same.
                chosen[row] = tuple(next(iter(solution.values[(row, c)])) if len(solution.values[(row, c)]) == 1
                                    else None for c in range(self.width))
                open_cells = [c for c in range(self.width) if len(solution.values[(row, c)]) > 1]
                self.open_columns[row] = frozenset(open_cells)
                if open_cells:
                    which = "各栏" if len(open_cells) == self.width else \
                        "、".join(self.table.column_name(self.table.columns[c].id) for c in open_cells)
                    reasons[row] = f"{self._seen(line)}；可能的读法过多，{which}未能确定，保持空白"
            elif own and len(fits) == 1:
                chosen[row] = fits.pop()
                reasons[row] = (f"{self._seen(line)}；没有一种读法使表格满足勾稽关系，"
                                f"已按本行合计唯一的读法填入，请核对")
            else:
                reasons[row] = f"{self._seen(line)}；没有一种读法使表格满足勾稽关系，各栏保持空白"
        return chosen

    def _equations(self, by_id: dict[str, _Line]) -> list[Equation]:
        """The table's equations over the rows of the text (a group's sub-items are its single row)."""
        line_of: dict[str, str] = {leaf.id: line.id for line in by_id.values() for leaf in line.leaves}
        column_index = {c.id: i for i, c in enumerate(self.table.columns)}
        found: list[Equation] = []
        for equation in self.template.equations:
            if equation.table != self.table.id:
                continue
            sides = []
            for terms in (equation.left, equation.right):
                mapped = [(line_of.get(r, f"missing:{r}"), column_index[c]) for r, c in terms]
                sides.append(tuple(dict.fromkeys(mapped)))
            found.append(Equation(sides[0], sides[1]))
        return list(dict.fromkeys(found))

    def _marks(self, line: _Line, origins: tuple[int, ...], reading: Reading) -> None:
        """Report the marks ("/", "—") of a row whose reading is settled, at the column each took."""
        for c, index in enumerate(origins):
            if index >= 0 and line.pieces[index].mark:
                token = self.tokens[line.piece_tokens[index]]
                self._problem(line, c, token, f"{self._cell_name(line, c)}：“{token.text}”不是数字，未导入（保持空白）",
                              ProblemKind.NOT_A_NUMBER)

    # -- placing --

    def _place(self, line: _Line, reading: Reading, reason: str | None) -> None:
        table = self.table
        place = self._place_of(line)
        group = len(line.leaves) > 1
        zero_columns = []
        for c, column in enumerate(table.columns):
            value = reading[c]
            keys = [(table.id, leaf.id, column.id) for leaf in line.leaves]
            if group and value is not None and not (value == 0 and column.kind is ValueKind.COUNT):
                cells = tuple((leaf.id, column.id) for leaf in line.leaves)
                self.log.problem(self.part, self._line_number(line), c + 1, str(value),
                                 f"{table.name}“{line.name}”·{table.column_name(column.id)}合计 {value} {column.unit}，"
                                 f"但未分列 1–{len(line.leaves)} 项，各项保持空白，请按实际填写",
                                 ProblemKind.UNPLACED, cell=place, table=table.id, column=column.id, cells=cells)
                value = None
            elif group and value == 0 and (reason is None or c not in self._open(line)):
                zero_columns.append(table.column_name(column.id))
            for key in keys:
                self.result.placed[key] = value
                self.result.sources[key] = place
                if reason is not None and c in self._open(line):
                    self.result.uncertain[key] = reason
        if zero_columns:
            self.log.note(f"{place}“{line.name}”一行未分列 1–{len(line.leaves)} 项，其中{'、'.join(zero_columns)}"
                          f"列为 0；件数不能为负，故这些列的各项均记为 0。", self.part, self._line_number(line), 0)

    def _open(self, line: _Line) -> frozenset[int]:
        return self.open_columns.get(line.id, frozenset(range(self.width)))

    def _flag(self, line: _Line, reason: str) -> None:
        open_columns = self._open(line)
        cells = tuple((leaf.id, column.id) for leaf in line.leaves for c, column in enumerate(self.table.columns)
                      if c in open_columns)
        self.log.problem(self.part, self._line_number(line), 0, self._shown(line),
                         f"{self._row_name(line)}：{reason}", ProblemKind.UNCERTAIN, cell=self._place_of(line),
                         table=self.table.id, row=line.leaves[0].id if len(line.leaves) == 1 else None, cells=cells)

    def _missing(self, lines: list[_Line]) -> None:
        covered = {leaf.id for line in lines for leaf in line.leaves}
        for row in self.table.rows:
            if row.id not in covered:
                self.log.problem(self.part, 0, 0, "", f"{self.table.name}中未找到行“{row.label}”，此行保持空白",
                                 ProblemKind.MISSING, cell="", table=self.table.id, row=row.id)

    # -- how things are said --

    def _problem(self, line: _Line, c: int, token: Token, reason: str, kind: ProblemKind) -> None:
        row = line.leaves[0].id if len(line.leaves) == 1 else None
        self.log.problem(self.part, token.line + 1, c + 1, token.text, reason, kind, cell=token.place,
                         table=self.table.id, row=row, column=self.table.columns[c].id)

    def _row_name(self, line: _Line) -> str:
        return f"{self.table.name}“{line.name}”" if line.name != self.table.name else self.table.name

    def _cell_name(self, line: _Line, c: int) -> str:
        return f"{self._row_name(line)}·{self.table.column_name(self.table.columns[c].id)}"

    def _seen(self, line: _Line) -> str:
        count = len(line.pieces)
        joined = any(p.splittable for p in line.pieces)
        what = "可能有空白栏或连写的数字" if joined else "无法确定哪一栏为空"
        return f"此行有 {count} 个数字、{self.width} 个栏目，{what}：{self._shown(line)}"

    def _shown(self, line: _Line) -> str:
        return " ".join(p.text for p in line.pieces)

    def _first_token(self, line: _Line) -> Token | None:
        if line.span is not None:
            return self.tokens[line.span.first]
        return self.tokens[line.data[0]] if line.data else None

    def _place_of(self, line: _Line) -> str:
        token = self._first_token(line)
        return token.place if token is not None else ""

    def _line_number(self, line: _Line) -> int:
        token = self._first_token(line)
        return token.line + 1 if token is not None else 0
