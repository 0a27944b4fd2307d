"""Where the tables stand on the grids (worksheets, a document's tables): rows recognised by
their labels, the columns above them by their header labels (never by position). Works on any
`importing.grid.Grid`, through its `GridView`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from importing.grid import GridView
from importing.labels import IGNORED_COLUMNS, LabelIndex, label_key
from importing.result import ImportLog, ProblemKind
from model.template import Row, Table

#: Header rows searched above a table's first row.
MAX_HEADER_ROWS = 8


@dataclass
class Entry:
    """A sheet row recognised as one table row by its label."""

    sheet: GridView
    row: int
    label_column: int  # where the label starts
    label_end: int  # last column of the label (merged ranges included)
    table: Table
    template_row: Row
    #: The cell that names the row in messages; a table without row labels
    #: (表四) is named by its first header cell.
    anchor: tuple[int, int] | None = None
    #: For the import report when the label is not the template's own (a misprint, 2019's spelling).
    note: str = ""

    @property
    def label_cell(self) -> tuple[int, int]:
        return self.anchor or (self.row, self.label_column)


@dataclass
class Block:
    """Where one table (or a part of it) stands on one sheet."""

    sheet: GridView
    table: Table
    entries: list[Entry]
    #: sheet column → column id; columns of one merged header map to the same id
    columns: dict[int, str] = field(default_factory=dict)
    ignored: set[int] = field(default_factory=set)
    #: sheet column → (label, where it was read first, column id) of a column that occurs twice
    duplicates: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    #: The lowest header row (the row above the data, unless rows the template
    #: does not know stand between).
    header_bottom: int = 0

    @property
    def first_row(self) -> int:
        return min(e.row for e in self.entries)

    @property
    def last_row(self) -> int:
        return max(e.row for e in self.entries)

    @property
    def data_left(self) -> int:
        return min(e.label_end for e in self.entries) + 1

    @property
    def data_right(self) -> int:
        return max([*self.columns, *self.ignored, self.data_left])


def locate_tables(sheets: list[GridView], index: LabelIndex, log: ImportLog) -> list[Block]:
    """Every block of every table on `sheets`, its columns mapped."""
    entries_by_sheet = {s.index: recognise_rows(s, index) for s in sheets}
    blocks: list[Block] = []
    for sheet in sheets:
        grouped: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries_by_sheet[sheet.index]:
            grouped[entry.table.id].append(entry)
        stop_rows = {e.row for e in entries_by_sheet[sheet.index]}
        stop_rows |= {r for (r, c) in sheet.values if sheet.key(r, c) in index.captions}
        for table in index.template.tables:
            if table.id in grouped:
                block = Block(sheet, table, grouped[table.id])
                _map_columns(block, index, stop_rows, log)
                blocks.append(block)
            elif not any(r.path for r in table.rows):
                blocks += _header_blocks(sheet, table, index, log)
    return blocks


def recognise_rows(sheet: GridView, index: LabelIndex) -> list[Entry]:
    entries = []
    for r, columns in sorted(sheet.rows.items()):
        context = _RowContext(sheet, r, index)
        for c in columns:
            if not isinstance(sheet.values[(r, c)], str):
                continue
            match = index.match_row(sheet.key(r, c))
            if match is None:
                continue
            found = list(match.rows)
            if len(found) > 1 or match.needs_context:
                # The group labels beside it tell: merged over the row, or repeated on it.
                groups = context.left_of(c)
                found = [(t, row) for t, row in found if (len(row.path) > 1 or not match.needs_context)
                         and all(label_key(p) in groups for p in row.path[:-1])]
                if len(found) != 1:
                    continue
            table, row = found[0]
            note = f"{sheet.place(r, c)}“{sheet.text(r, c)}”按“{row.label}”读取（{match.reading}）。" \
                if match.reading else ""
            entries.append(Entry(sheet, r, c, sheet.end(r, c)[1], table, row, note=note))
    return entries


class _RowContext:
    """The group labels in one row left of a column, gathered once as the row is read left to right:
    over the cells present (a blank names no group), so that a row of thousands of labels, or a
    label in column XFD, costs one pass."""

    def __init__(self, sheet: GridView, r: int, index: LabelIndex) -> None:
        self.sheet, self.r, self.index = sheet, r, index
        self.columns = sorted(sheet.columns_in_rows(r, r))
        self.position = 0
        self.groups: set[str | None] = set()

    def left_of(self, c: int) -> set[str | None]:
        """The group keys of the cells left of column `c`; `c` never decreases between calls."""
        while self.position < len(self.columns) and self.columns[self.position] < c:
            self.groups.add(self.index.group_key(self.sheet.key(self.r, self.columns[self.position])))
            self.position += 1
        return self.groups


def _map_columns(block: Block, index: LabelIndex, stop_rows: set[int], log: ImportLog) -> None:
    sheet = block.sheet
    top = block.first_row
    left = block.data_left
    candidates = sorted(c for c in sheet.columns_in_rows(top - MAX_HEADER_ROWS, block.last_row) if c >= left)
    header_rows = _until(range(top - 1, max(top - 1 - MAX_HEADER_ROWS, 0), -1), stop_rows)
    _assign_columns(block, candidates, header_rows, left, index, log)


def _assign_columns(block: Block, candidates: list[int], header_rows: list[int], left: int, index: LabelIndex,
                    log: ImportLog) -> None:
    """Match each sheet column's header path with the table's columns.
    `header_rows` go upwards from the row just above the data."""
    sheet, table = block.sheet, block.table
    owner: dict[str, tuple[int, int]] = {}  # column id → origin of the header cell that named it
    notes: list[tuple[str, tuple[int, int]]] = []
    for c in candidates:
        path, leaf_origin = _header_path(sheet, c, header_rows, left)
        if not path:
            continue
        leaf = path[-1]
        if leaf in IGNORED_COLUMNS:
            block.ignored.add(c)
            continue
        match = index.match_column(table.id, leaf)
        column = _best_match(list(match.columns) if match else [], path, lambda col: col.path)
        if column is None:
            continue
        first = owner.setdefault(column.id, leaf_origin)
        block.header_bottom = max(block.header_bottom, sheet.end(*leaf_origin)[0])
        if first != leaf_origin:
            ref = sheet.ref(*leaf_origin)
            log.problem(sheet, *leaf_origin, sheet.text(*leaf_origin),
                        f"{table.name}的列“{column.label}”重复出现（已在 {sheet.ref(*first)} 读取），"
                        f"此列数据未导入", ProblemKind.DUPLICATE, cell=ref, table=table.id, column=column.id,
                        kept=True)
            block.duplicates[c] = (column.label, sheet.ref(*first), column.id)
            continue
        if match and match.reading and c == leaf_origin[1]:
            notes.append((f"{sheet.place(*leaf_origin)} 的列标题“{sheet.text(*leaf_origin)}”按“{column.label}”读取"
                          f"（{match.reading}）。", leaf_origin))
        block.columns[c] = column.id
    if block.ignored and any(sheet.key(r, c) in IGNORED_COLUMNS for c in block.ignored for r in header_rows):
        letters = "、".join(sheet.column_ref(c) for c in sorted(block.ignored)
                           if any(sheet.key(r, c) in IGNORED_COLUMNS for r in header_rows))
        log.note(f"{sheet.part_place()}{table.name}的“小计”列（{letters} 列）不是模板中的列，已忽略。", sheet,
                 min(header_rows, default=0), min(block.ignored))
    if block.columns:
        for note, (r, c) in notes:
            log.note(note, sheet, r, c)


def _header_blocks(sheet: GridView, table: Table, index: LabelIndex, log: ImportLog) -> list[Block]:
    """A table without row labels (表四): found by its outermost header labels."""
    anchors: dict[int, list[int]] = defaultdict(list)
    for (r, c), value in sheet.values.items():
        if isinstance(value, str) and sheet.key(r, c) in index.top_labels[table.id]:
            anchors[r].append(c)
    own_labels = {label_key(p) for col in table.columns for p in col.path}
    blocks = []
    used_rows: set[int] = set()
    for top in sorted(anchors):
        if top in used_rows:
            continue
        left = min(anchors[top])
        bottom = top
        for r in range(top + 1, top + MAX_HEADER_ROWS):
            if any(sheet.key(r, c) in own_labels for c in sheet.columns_in_rows(r, r) if c >= left):
                bottom = r
            else:
                break
        used_rows.update(range(top, bottom + 1))
        data_row = bottom + 1
        header_rows = list(range(bottom, top - 1, -1))
        candidates: list[int] = []
        for c in sorted(c for c in sheet.columns_in_rows(top, data_row) if c >= left):
            if candidates and c > candidates[-1] + 1 and not any(sheet.text(r, c - 1) for r in header_rows):
                break
            candidates.append(c)
        row = table.rows[0]
        entry = Entry(sheet, data_row, left - 1, left - 1, table, row, anchor=(top, left))
        block = Block(sheet, table, [entry])
        _assign_columns(block, candidates, header_rows, left, index, log)
        if block.columns:
            blocks.append(block)
    return blocks


def _until(rows: range, stop_rows: set[int]) -> list[int]:
    result = []
    for r in rows:
        if r in stop_rows:
            break
        result.append(r)
    return result


def _header_path(sheet: GridView, c: int, header_rows: list[int], left: int) -> tuple[tuple[str, ...], tuple[int, int]]:
    """The header labels above column `c`, outermost first, and the origin of its own (lowest) label.

    `header_rows` go upwards. Above the lowest label, a blank cell takes the
    nearest label to its left (a group label such as 法人或其他组织 written
    once over several columns without merging)."""
    path: list[str] = []
    leaf_origin = (0, 0)
    for r in header_rows:
        if not path:
            if sheet.text(r, c):
                path.append(sheet.key(r, c))
                leaf_origin = sheet.origin(r, c)
            # else a blank, or a number of a row the template does not know: look further up
            continue
        key = sheet.key(r, c) if sheet.text(r, c) else ""
        if not key and (nearest := sheet.text_column_left_of(r, c)) is not None and nearest >= left:
            key = sheet.key(r, nearest)
        if key and key != path[0]:
            path.insert(0, key)
    return tuple(path), leaf_origin


def _best_match(candidates: list[Any], sheet_path: tuple[str, ...], path_of: Any) -> Any:
    """The one candidate whose outer labels best agree with the labels found; None when tied."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    found = set(sheet_path[:-1])
    scores = [(sum(label_key(p) in found for p in path_of(c)[:-1]), c) for c in candidates]
    best = max(score for score, _c in scores)
    leaders = [c for score, c in scores if score == best]
    return leaders[0] if len(leaders) == 1 else None
