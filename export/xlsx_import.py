"""Reading the statistical tables from a workbook: our own export, or one an
office filled in by hand in Excel or WPS.

Tables are found by their labels, never by position: a row is recognised by
its label (the leaf label: "1.属于国家秘密", tolerant of the variants
published tables use, see `export.xlsx_common.label_key`), a column by the
header labels above it. So a table may sit anywhere on a sheet, all tables on
one sheet or each on its own, with or without merged cells.

Nothing is guessed. A blank cell stays blank (None); text in a number cell
("9件", "—", "/") is reported with its sheet, cell and text and left blank;
every number the reader could not place, every row or column it could not
recognise, a table, row or column it did not find, and a row or column that
occurs twice, is listed in `ImportResult.problems`, for the person to see
before the data replaces anything.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from export.xlsx_common import (
    FINDINGS_SHEET,
    KIND_BY_LABEL,
    META_LABELS,
    META_SHEET,
    PREAMBLE_ID,
    PREAMBLE_TITLE,
    TEXT_COLUMNS,
    label_aliases,
    label_key,
    unescape_cell_text,
)
from export.xlsx_safety import WorkbookError, load_untrusted_workbook, open_workbook
from model.cellinput import parse_cell_input
from model.checks import format_value
from model.report import AgencyKind, CellKey, Metadata, Report, ReportSection, Value
from model.template import Column, Row, Table, Template
from model.templates import CURRENT, TEMPLATES, template_for_report_year

#: Header rows searched above a table's first row.
MAX_HEADER_ROWS = 8
#: A merged range larger than this is not expanded when labels are resolved.
MAX_RESOLVED_MERGE = 5_000
#: Stray numbers listed one by one on a sheet with tables; the rest are counted.
MAX_LISTED = 200
#: Column labels that are not template columns and are skipped on purpose.
IGNORED_COLUMNS = {"小计"}
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


class ProblemKind(Enum):
    NOT_A_NUMBER = "not_a_number"  # text, a date or TRUE where a number belongs
    INVALID = "invalid"  # a number the cell does not allow (1.5 件, −1, five decimals)
    UNPLACED = "unplaced"  # a number or a label the reader could not place
    MISSING = "missing"  # a table, row or column not found
    DUPLICATE = "duplicate"  # a row or column found twice
    FORMULA = "formula"  # a formula without a stored result
    METADATA = "metadata"  # the metadata or narrative sheet of our own export

    @property
    def label(self) -> str:
        return {
            "not_a_number": "不是数字", "invalid": "数值无效", "unplaced": "无法对应", "missing": "缺少",
            "duplicate": "重复", "formula": "公式", "metadata": "基本信息",
        }[self.value]


@dataclass(frozen=True)
class ImportProblem:
    """One thing the reader could not take as it is: where, what it found, why."""

    sheet: str
    #: Cell reference such as "C7", a range "B9:B16", or "" when the problem
    #: has no cell (a row that was not found).
    cell: str
    #: The text found in the cell ("9件"), "" when there is none.
    text: str
    #: Why, in Chinese.
    reason: str
    kind: ProblemKind

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"工作表“{self.sheet}”{self.cell}"
        if self.sheet:
            return f"工作表“{self.sheet}”"
        return "工作簿"

    def __str__(self) -> str:
        found = f"（内容“{_shorten(self.text)}”）" if self.text else ""
        return f"{self.where}{found}：{self.reason}"


@dataclass
class ImportResult:
    path: Path
    #: A new report: the tables as read, the metadata and narrative of our own
    #: export, else blank metadata with the year the workbook states (0 if none).
    report: Report
    #: Every template cell the reader found, with its value (None = blank).
    placed: dict[CellKey, Value]
    problems: list[ImportProblem]
    #: Where each placed cell came from: "工作表名!C7".
    sources: dict[CellKey, str] = field(default_factory=dict)
    #: Things skipped on purpose, e.g. an extra 小计 column.
    notes: list[str] = field(default_factory=list)
    #: True when the workbook is our own export (its 基本信息与正文 sheet was read).
    own_export: bool = False
    #: The report year the workbook states, None when it states none.
    year: int | None = None

    @property
    def ok(self) -> bool:
        """True when every cell was read and placed: nothing to show the user but the numbers."""
        return not self.problems

    @property
    def template(self) -> Template:
        return self.report.template

    @property
    def blank_count(self) -> int:
        return sum(v is None for v in self.placed.values())

    def summary(self) -> str:
        """One line: how much was read and how many problems there are."""
        total = sum(len(t.rows) * len(t.columns) for t in self.template.tables)
        text = (f"从“{self.path.name}”读取表格单元格 {len(self.placed)}/{total} 个"
                f"（其中空白 {self.blank_count} 个）")
        if self.problems:
            return f"{text}；有 {len(self.problems)} 个问题需要核对，未能读取的单元格保持空白。"
        return f"{text}；未发现问题。"

    def summary_lines(self, limit: int | None = None) -> list[str]:
        """The summary, then one line per problem (at most `limit`), then the notes."""
        problems = self.problems if limit is None else self.problems[:limit]
        lines = [self.summary(), *(f"- {p}" for p in problems)]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"- ……另有 {len(self.problems) - limit} 个问题")
        lines += [f"注：{note}" for note in self.notes]
        return lines


def import_xlsx(path: Path, template_year: int | None = None) -> ImportResult:
    """Read the workbook at `path`; WorkbookError when it cannot be opened at all."""
    path = Path(path)
    if template_year is not None and template_year not in TEMPLATES:
        known = "、".join(str(y) for y in TEMPLATES)
        raise WorkbookError(path, f"未知的模板年份 {template_year}（支持 {known}）")
    data, workbook = load_untrusted_workbook(path)
    return _Reader(path, data, workbook, template_year).read()


# --- the sheets as cells ---------------------------------------------------------------


class _Sheet:
    """The non-empty cells of one worksheet, with merged ranges resolved for labels."""

    def __init__(self, index: int, ws: Any):
        self.index = index
        self.ws = ws
        self.title: str = ws.title
        #: (row, column) → value of every non-empty cell that is not covered by a merge.
        self.values: dict[tuple[int, int], Any] = {}
        #: The same, with text of only spaces kept (the narrative keeps it as written).
        self.raw: dict[tuple[int, int], Any] = {}
        #: covered cell → origin (top-left) of its merged range
        self.covered: dict[tuple[int, int], tuple[int, int]] = {}
        #: origin → bottom-right of its merged range
        self.merge_end: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), cell in ws._cells.items():
            if isinstance(cell, MergedCell):
                continue
            value = cell.value
            if value is None or value == "":
                continue
            self.raw[(r, c)] = value
            if not (isinstance(value, str) and not value.strip()):
                self.values[(r, c)] = value
        budget = 1_000_000
        for merged in ws.merged_cells.ranges:
            origin = (merged.min_row, merged.min_col)
            self.merge_end[origin] = (merged.max_row, merged.max_col)
            area = (merged.max_row - merged.min_row + 1) * (merged.max_col - merged.min_col + 1)
            if area > MAX_RESOLVED_MERGE or area > budget:
                continue
            budget -= area
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != origin:
                        self.covered[(r, c)] = origin
        self.rows: dict[int, list[int]] = defaultdict(list)
        for r, c in sorted(self.values):
            self.rows[r].append(c)
        self.raw_rows: dict[int, list[int]] = defaultdict(list)
        for r, c in sorted(self.raw):
            self.raw_rows[r].append(c)
        self.covered_rows: dict[int, set[int]] = defaultdict(set)
        for r, c in self.covered:
            self.covered_rows[r].add(c)
        self._keys: dict[tuple[int, int], str] = {}

    def origin(self, r: int, c: int) -> tuple[int, int]:
        return self.covered.get((r, c), (r, c))

    def end(self, r: int, c: int) -> tuple[int, int]:
        return self.merge_end.get((r, c), (r, c))

    def text(self, r: int, c: int) -> str:
        """The label text shown at (r, c), merged ranges resolved; "" for a number or nothing."""
        value = self.values.get(self.origin(r, c))
        return unescape_cell_text(value).strip() if isinstance(value, str) else ""

    def key(self, r: int, c: int) -> str:
        origin = self.origin(r, c)
        if origin not in self._keys:
            self._keys[origin] = label_key(self.text(*origin))
        return self._keys[origin]

    def columns_in_rows(self, first: int, last: int) -> set[int]:
        """Every column with a non-empty or merged-over cell in rows first..last."""
        columns: set[int] = set()
        for r in range(max(first, 1), last + 1):
            columns.update(self.rows.get(r, ()))
            columns.update(self.covered_rows.get(r, ()))
        return columns

    def ref(self, r: int, c: int) -> str:
        return f"{get_column_letter(c)}{r}"


# --- the template's labels, as keys ----------------------------------------------------------


@dataclass
class _Index:
    template: Template
    #: row label key → (table, row) of every leaf row with that label (or alias)
    rows: dict[str, list[tuple[Table, Row]]]
    #: keys of the outer row labels (三、本年度办理结果, （三）不予公开)
    groups: set[str]
    #: table id → column label key → columns whose own label it is
    columns: dict[str, dict[str, list[Column]]]
    #: keys of every header label of every table, any level
    column_labels: set[str]
    captions: set[str]
    #: table id → keys of the outermost header labels (anchors of a table without row labels)
    top_labels: dict[str, set[str]]


def _build_index(template: Template) -> _Index:
    rows: dict[str, list[tuple[Table, Row]]] = defaultdict(list)
    groups: set[str] = set()
    columns: dict[str, dict[str, list[Column]]] = {}
    column_labels: set[str] = set()
    captions = {label_key(t.caption) for t in template.tables if t.caption}
    top_labels: dict[str, set[str]] = {}
    for table in template.tables:
        for row in table.rows:
            if row.path:
                rows[label_key(row.label)].append((table, row))
                groups.update(label_key(p) for p in row.path[:-1])
        by_key: dict[str, list[Column]] = defaultdict(list)
        for column in table.columns:
            by_key[label_key(column.label)].append(column)
            column_labels.update(label_key(p) for p in column.path)
        columns[table.id] = dict(by_key)
        top_labels[table.id] = {label_key(c.path[0]) for c in table.columns}
    exact = set(rows) | groups | column_labels | captions | {label_key(t.corner) for t in template.tables}
    # Shorter forms ("属于国家秘密", "（二）部分公开") only where they name one row and no other label.
    aliases: dict[str, list[tuple[Table, Row]]] = defaultdict(list)
    for key, found in list(rows.items()):
        for alias in label_aliases(key):
            aliases[alias].extend(found)
    for alias, found in aliases.items():
        if alias not in exact and len(found) == 1:
            rows[alias] = found
    for table in template.tables:
        by_key = columns[table.id]
        for key, found in list(by_key.items()):
            for alias in label_aliases(key):
                if alias not in exact and alias not in by_key:
                    by_key[alias] = found
    return _Index(template, dict(rows), groups, columns, column_labels, captions, top_labels)


def _lookup(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]`, else for the key without a trailing note in brackets; None if neither."""
    if key in mapping:
        return mapping[key]
    stripped = _TRAILING_NOTE.sub("", key)
    if stripped != key and stripped in mapping:
        return mapping[stripped]
    return None


# --- locating the tables ------------------------------------------------------------------------


@dataclass
class _Entry:
    """A sheet row recognised as one table row by its label."""

    sheet: _Sheet
    row: int
    label_column: int  # where the label starts
    label_end: int  # last column of the label (merged ranges included)
    table: Table
    template_row: Row
    #: The cell that names the row in messages; a table without row labels
    #: (表四) is named by its first header cell.
    anchor: tuple[int, int] | None = None

    @property
    def label_cell(self) -> tuple[int, int]:
        return self.anchor or (self.row, self.label_column)


@dataclass
class _Block:
    """Where one table (or a part of it) stands on one sheet."""

    sheet: _Sheet
    table: Table
    entries: list[_Entry]
    #: sheet column → column id; columns of one merged header map to the same id
    columns: dict[int, str] = field(default_factory=dict)
    ignored: set[int] = field(default_factory=set)
    #: sheet column → (label, where it was read first) of a column that occurs twice
    duplicates: dict[int, tuple[str, str]] = field(default_factory=dict)
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


class _Reader:
    def __init__(self, path: Path, data: bytes, workbook: Any, template_year: int | None):
        self.path = path
        self.data = data
        self.workbook = workbook
        self.requested_year = template_year
        self.sheets = [_Sheet(i, ws) for i, ws in enumerate(workbook.worksheets)]
        self.problems: list[tuple[tuple[int, int, int], ImportProblem]] = []
        self.notes: list[str] = []
        self.placed: dict[CellKey, Value] = {}
        self.sources: dict[CellKey, str] = {}
        self.row_sources: dict[tuple[str, str], str] = {}
        self.consumed: dict[int, set[tuple[int, int]]] = defaultdict(set)
        self._values_workbook: Any = None

    # -- problems --

    def problem(self, sheet: _Sheet | None, r: int, c: int, text: str, reason: str, kind: ProblemKind,
                cell: str | None = None) -> None:
        where = cell if cell is not None else (sheet.ref(r, c) if sheet and r and c else "")
        order = (sheet.index if sheet else len(self.sheets), r or 10**9, c or 0)
        self.problems.append((order, ImportProblem(sheet.title if sheet else "", where, text, reason, kind)))

    # -- the whole workbook --

    def read(self) -> ImportResult:
        meta_sheet = next((s for s in self.sheets if s.title == META_SHEET and self._is_meta_sheet(s)), None)
        own = meta_sheet is not None
        table_sheets = [s for s in self.sheets if not (own and s.title in (META_SHEET, FINDINGS_SHEET))]
        stated_template = None
        meta = Metadata()
        preamble: list[str] = []
        sections: list[ReportSection] | None = None
        if meta_sheet is not None:
            meta, stated_template = self._read_meta(meta_sheet)
        year = meta.year if own and meta.year else self._stated_year(table_sheets)
        template = self._choose_template(table_sheets, stated_template, year)
        if meta_sheet is not None:
            preamble, sections = self._read_narrative(meta_sheet, template)
        else:
            meta = Metadata(year=year or 0)
        index = _build_index(template)
        self._read_tables(table_sheets, index)
        report = Report.blank(meta, template)
        if sections is not None:
            report.preamble = preamble
            report.sections = sections
        report.cells.update(self.placed)
        problems = [p for _order, p in sorted(self.problems, key=lambda item: item[0])]
        return ImportResult(self.path, report, dict(self.placed), problems, dict(self.sources),
                            list(self.notes), own, year or None)

    def _stated_year(self, sheets: list[_Sheet]) -> int | None:
        """The report year a title states: "……2024年政府信息公开工作年度报告", "2024年度"."""
        for sheet in sheets:
            for (r, c) in sorted(sheet.values):
                text = sheet.text(r, c)
                if ("报告" in text or "年度" in text) and (match := _YEAR_IN_TITLE.search(text)):
                    return int(match.group(1))
        return None

    def _choose_template(self, sheets: list[_Sheet], stated: int | None, year: int | None) -> Template:
        if self.requested_year is not None:
            return TEMPLATES[self.requested_year]
        if stated is not None:
            return TEMPLATES[stated]
        # Labels only one template has (2021: 本年制发件数; 2019: 本年新制作数量) decide.
        keys_by_template = {}
        for template in TEMPLATES.values():
            keys = {label_key(r.label) for t in template.tables for r in t.rows if r.path}
            keys |= {label_key(c.label) for t in template.tables for c in t.columns}
            keys_by_template[template.year] = keys
        found = {sheet.key(r, c) for sheet in sheets for (r, c), v in sheet.values.items() if isinstance(v, str)}
        scores = {}
        for y, keys in keys_by_template.items():
            others = set().union(*(k for other, k in keys_by_template.items() if other != y))
            scores[y] = len(found & (keys - others))
        best = max(scores.values())
        leaders = [y for y, score in scores.items() if score == best]
        if best > 0 and len(leaders) == 1:
            return TEMPLATES[leaders[0]]
        if year is not None:
            return template_for_report_year(year)
        return CURRENT

    # -- tables --

    def _read_tables(self, sheets: list[_Sheet], index: _Index) -> None:
        entries_by_sheet = {s.index: self._recognise_rows(s, index) for s in sheets}
        blocks: list[_Block] = []
        for sheet in sheets:
            grouped: dict[str, list[_Entry]] = defaultdict(list)
            for entry in entries_by_sheet[sheet.index]:
                grouped[entry.table.id].append(entry)
            stop_rows = {e.row for e in entries_by_sheet[sheet.index]}
            stop_rows |= {r for (r, c) in sheet.values if sheet.key(r, c) in index.captions}
            for table in index.template.tables:
                if table.id in grouped:
                    block = _Block(sheet, table, grouped[table.id])
                    self._map_columns(block, index, stop_rows)
                    blocks.append(block)
                elif not any(r.path for r in table.rows):
                    blocks += self._header_blocks(sheet, table, index)
        found_tables = set()
        for block in blocks:
            found_tables.add(block.table.id)
            self._read_block(block)
        for block in blocks:
            self._unrecognised_rows(block, index)
        self._stray_numbers(sheets, blocks)
        self._missing(index.template, blocks, found_tables)

    def _recognise_rows(self, sheet: _Sheet, index: _Index) -> list[_Entry]:
        entries = []
        for r, columns in sorted(sheet.rows.items()):
            for c in columns:
                if not isinstance(sheet.values[(r, c)], str):
                    continue
                found = _lookup(index.rows, sheet.key(r, c))
                if not found:
                    continue
                if len(found) > 1:
                    context = {sheet.key(r, cc) for cc in range(1, c)}
                    found = [f for f in found if all(label_key(p) in context for p in f[1].path[:-1])]
                    if len(found) != 1:
                        continue
                table, row = found[0]
                entries.append(_Entry(sheet, r, c, sheet.end(r, c)[1], table, row))
        return entries

    def _map_columns(self, block: _Block, index: _Index, stop_rows: set[int]) -> None:
        sheet = block.sheet
        top = block.first_row
        left = block.data_left
        candidates = sorted(c for c in sheet.columns_in_rows(top - MAX_HEADER_ROWS, block.last_row) if c >= left)
        header_rows = range(top - 1, max(top - 1 - MAX_HEADER_ROWS, 0), -1)
        header_rows = [r for r in _until(header_rows, stop_rows)]
        self._assign_columns(block, candidates, header_rows, left, index)

    def _assign_columns(self, block: _Block, candidates: list[int], header_rows: list[int], left: int,
                        index: _Index) -> None:
        """Match each sheet column's header path with the table's columns.
        `header_rows` go upwards from the row just above the data."""
        sheet, table = block.sheet, block.table
        by_key = index.columns[table.id]
        owner: dict[str, tuple[int, int]] = {}  # column id → origin of the header cell that named it
        for c in candidates:
            path, leaf_origin = _header_path(sheet, c, header_rows, left)
            if not path:
                continue
            leaf = path[-1]
            if leaf in IGNORED_COLUMNS:
                block.ignored.add(c)
                continue
            found = _lookup(by_key, leaf)
            column = _best_match(found or [], path, lambda col: col.path)
            if column is None:
                continue
            first = owner.setdefault(column.id, leaf_origin)
            block.header_bottom = max(block.header_bottom, sheet.end(*leaf_origin)[0])
            if first != leaf_origin:
                ref = sheet.ref(*leaf_origin)
                self.problem(sheet, *leaf_origin, sheet.text(*leaf_origin),
                             f"{table.name}的列“{column.label}”重复出现（已在 {sheet.ref(*first)} 读取），"
                             f"此列数据未导入", ProblemKind.DUPLICATE, cell=ref)
                block.duplicates[c] = (column.label, sheet.ref(*first))
                continue
            block.columns[c] = column.id
        if block.ignored and any(sheet.key(r, c) in IGNORED_COLUMNS for c in block.ignored for r in header_rows):
            letters = "、".join(get_column_letter(c) for c in sorted(block.ignored)
                               if any(sheet.key(r, c) in IGNORED_COLUMNS for r in header_rows))
            self.notes.append(f"工作表“{sheet.title}”{table.name}的“小计”列（{letters} 列）不是模板中的列，已忽略。")

    def _header_blocks(self, sheet: _Sheet, table: Table, index: _Index) -> list[_Block]:
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
            candidates = []
            for c in sorted(c for c in sheet.columns_in_rows(top, data_row) if c >= left):
                if candidates and c > candidates[-1] + 1 and not any(sheet.text(r, c - 1) for r in header_rows):
                    break
                candidates.append(c)
            row = table.rows[0]
            entry = _Entry(sheet, data_row, left - 1, left - 1, table, row, anchor=(top, left))
            block = _Block(sheet, table, [entry])
            self._assign_columns(block, candidates, header_rows, left, index)
            if block.columns:
                blocks.append(block)
        return blocks

    def _read_block(self, block: _Block) -> None:
        sheet, table = block.sheet, block.table
        if not block.columns:
            return  # rows without a header above them: their numbers are listed as not placed
        spans: dict[str, list[int]] = defaultdict(list)
        for c, column_id in sorted(block.columns.items()):
            spans[column_id].append(c)
        entries_by_row: dict[int, list[_Entry]] = defaultdict(list)
        for entry in block.entries:
            entries_by_row[entry.row].append(entry)
        for entry in sorted(block.entries, key=lambda e: (e.row, e.label_column)):
            r = entry.row
            later_labels = [e.label_column for e in entries_by_row[r] if e.label_column > entry.label_column]
            limit = min(later_labels, default=10**9)
            if entry.anchor is None:
                self._consume(sheet, r, entry.label_column)
            row_key = (table.id, entry.template_row.id)
            own_cells = [c for c in sheet.rows.get(r, ()) if entry.label_end < c < limit]
            if row_key in self.row_sources:
                self.problem(sheet, *entry.label_cell, sheet.text(*entry.label_cell),
                             f"{table.name}的行“{entry.template_row.label}”重复出现"
                             f"（已在 {self.row_sources[row_key]} 读取），此行数据未导入", ProblemKind.DUPLICATE)
                for c in own_cells:
                    if c in block.columns or c in block.ignored:
                        self._consume(sheet, r, c)
                        self.problem(sheet, r, c, _shown(sheet.values[(r, c)]),
                                     "位于重复出现的行中，未导入", ProblemKind.DUPLICATE)
                continue
            self.row_sources[row_key] = f"工作表“{sheet.title}”{sheet.ref(*entry.label_cell)}"
            for c in own_cells:
                if c in block.ignored:
                    self._consume(sheet, r, c)
                elif c in block.duplicates:
                    self._consume(sheet, r, c)
                    label, first = block.duplicates[c]
                    self.problem(sheet, r, c, _shown(sheet.values[(r, c)]),
                                 f"位于重复出现的列“{label}”中（该列已在 {first} 读取），未导入", ProblemKind.DUPLICATE)
            for column_id, columns in spans.items():
                self._read_cell(block, entry, column_id, [c for c in columns if entry.label_end < c < limit])

    def _read_cell(self, block: _Block, entry: _Entry, column_id: str, columns: list[int]) -> None:
        sheet, table, r = block.sheet, block.table, entry.row
        if not columns:
            return
        key = (table.id, entry.template_row.id, column_id)
        column = table.column(column_id)
        filled = [c for c in columns if (r, c) in sheet.values]
        for c in filled:
            self._consume(sheet, r, c)
        # A value merged over several rows or several columns cannot be told apart per cell.
        for c in filled:
            end_row, end_column = sheet.end(r, c)
            if end_row > r or (end_column > c and not all(cc in columns for cc in range(c, end_column + 1))):
                self.problem(sheet, r, c, _shown(sheet.values[(r, c)]),
                             f"数据单元格与相邻单元格合并（{sheet.ref(r, c)}:{sheet.ref(end_row, end_column)}），"
                             f"无法确定{table.cell_name(entry.template_row.id, column_id)}的数值",
                             ProblemKind.UNPLACED, cell=f"{sheet.ref(r, c)}:{sheet.ref(end_row, end_column)}")
                return
        if len(filled) > 1:
            for c in filled:
                self.problem(sheet, r, c, _shown(sheet.values[(r, c)]),
                             f"{table.cell_name(entry.template_row.id, column_id)}在本行有多个数值"
                             f"（{'、'.join(sheet.ref(r, cc) for cc in filled)}），无法确定取哪一个",
                             ProblemKind.DUPLICATE)
            return
        c = filled[0] if filled else columns[0]
        source = f"工作表“{sheet.title}”{sheet.ref(r, c)}"
        if not filled:
            if any(sheet.origin(r, cc)[0] != r for cc in columns):
                return  # under a value merged down from the row above: reported there
            self.placed[key] = None
            self.sources[key] = source
            return
        value, problem = self._value(sheet, r, c, column)
        if problem is not None:
            kind, reason = problem
            self.problem(sheet, r, c, _shown(sheet.values[(r, c)]),
                         f"{table.cell_name(entry.template_row.id, column_id)}：{reason}，未导入（保持空白）", kind)
            return
        self.placed[key] = value
        self.sources[key] = source

    def _value(self, sheet: _Sheet, r: int, c: int, column: Column) -> tuple[Value, tuple[ProblemKind, str] | None]:
        raw = sheet.values[(r, c)]
        cell = sheet.ws._cells.get((r, c))
        if (cell is not None and cell.data_type == "f") or isinstance(raw, (ArrayFormula, DataTableFormula)):
            raw = self._cached_value(sheet, r, c)
            if raw is None:
                return None, (ProblemKind.FORMULA, "公式没有保存计算结果（请在 Excel/WPS 中打开并保存后再导入）")
        return _number(raw, column)

    def _cached_value(self, sheet: _Sheet, r: int, c: int) -> Any:
        """The result Excel stored for a formula (a second, values-only reading of the same bytes)."""
        if self._values_workbook is None:
            self._values_workbook = open_workbook(self.data, self.path, data_only=True)
        value = self._values_workbook.worksheets[sheet.index].cell(row=r, column=c).value
        return None if isinstance(value, str) and not value.strip() else value

    def _consume(self, sheet: _Sheet, r: int, c: int) -> None:
        self.consumed[sheet.index].add((r, c))

    def _unrecognised_rows(self, block: _Block, index: _Index) -> None:
        """Rows inside or just below a table that carry data but no label the template knows."""
        sheet = block.sheet
        if not block.columns:
            return
        left, right = block.data_left, block.data_right
        entry_rows = {e.row for e in block.entries}
        first = min(block.header_bottom + 1, block.first_row) if block.header_bottom else block.first_row
        last = block.last_row
        while True:  # rows just below the last recognised one that still carry data
            r = last + 1
            cells = [c for c in sheet.rows.get(r, ()) if c >= left]
            keys = {sheet.key(r, c) for c in sheet.rows.get(r, ())}
            if not any(left <= c <= right for c in cells) or keys & (index.column_labels | index.captions):
                break
            if any(_lookup(index.rows, k) for k in keys):
                break
            last = r
        for r in range(first, last + 1):
            if r in entry_rows:
                continue
            data = [c for c in sheet.rows.get(r, ()) if left <= c <= right
                    and (r, c) not in self.consumed[sheet.index]]
            if not data:
                continue
            keys = {sheet.key(r, c) for c in sheet.rows.get(r, ())}
            if keys & index.column_labels:
                continue  # a header row (a table repeated below itself)
            labels = [c for c in sheet.rows.get(r, ()) if c < left and (r, c) not in self.consumed[sheet.index]]
            label = " ".join(sheet.text(r, c) for c in labels) or "（无标签）"
            for c in labels:
                self._consume(sheet, r, c)
                key = sheet.key(r, c)
                why = ("是分组标题，模板中此项没有单独的数据行" if key in index.groups
                       else "不是模板中的行标签")
                self.problem(sheet, r, c, sheet.text(r, c), f"{block.table.name}：“{sheet.text(r, c)}”{why}，"
                             f"此行数据未导入", ProblemKind.UNPLACED)
            for c in data:
                self._consume(sheet, r, c)
                self.problem(sheet, r, c, _shown(sheet.values[(r, c)]),
                             f"{block.table.name}：所在行“{_shorten(label)}”无法识别，未导入", ProblemKind.UNPLACED)

    def _stray_numbers(self, sheets: list[_Sheet], blocks: list[_Block]) -> None:
        """A number anywhere that was not read is listed: data the reader could not place.
        A sheet without any table is one problem (a sheet of other statistics is not
        a thousand problems); on a sheet with tables the first MAX_LISTED are listed
        one by one, the rest counted."""
        with_tables = {b.sheet.index for b in blocks}
        for sheet in sheets:
            consumed = self.consumed[sheet.index]
            stray = []
            for (r, c), value in sorted(sheet.values.items()):
                if (r, c) in consumed:
                    continue
                if sheet.ws._cells[(r, c)].data_type == "f" or isinstance(value, (ArrayFormula, DataTableFormula)):
                    value = self._cached_value(sheet, r, c)
                if not isinstance(value, str) and value is not None:
                    stray.append((r, c, value))
            if not stray:
                continue
            if sheet.index not in with_tables:
                r, c, _value = stray[0]
                cells = "、".join(sheet.ref(r, c) for r, c, _v in stray[:5]) + ("等" if len(stray) > 5 else "")
                self.problem(sheet, r, c, "", f"此工作表中没有找到模板中的表格，其中 {len(stray)} 个数字"
                             f"（{cells}）未导入", ProblemKind.UNPLACED, cell="")
                continue
            for r, c, value in stray[:MAX_LISTED]:
                self.problem(sheet, r, c, _shown(value),
                             "数字未能对应到任何表格单元格（所在行或列的标签无法识别），未导入", ProblemKind.UNPLACED)
            if len(stray) > MAX_LISTED:
                r, c, _value = stray[MAX_LISTED]
                self.problem(sheet, r, c, "", f"另有 {len(stray) - MAX_LISTED} 个数字未能对应到表格单元格，未导入",
                             ProblemKind.UNPLACED, cell="")

    def _missing(self, template: Template, blocks: list[_Block], found_tables: set[str]) -> None:
        for table in template.tables:
            if table.id not in found_tables:
                what = f"{table.name}（{template.section(table.section_id).title}）" if not table.caption \
                    else f"{template.section(table.section_id).title} {table.name}"
                self.problem(None, 0, 0, "", f"未找到表格：{what}", ProblemKind.MISSING)
                continue
            table_blocks = [b for b in blocks if b.table.id == table.id]
            sheet = table_blocks[0].sheet
            seen_rows = {row_id for (t, row_id) in self.row_sources if t == table.id}
            for row in table.rows:
                if row.path and row.id not in seen_rows:
                    self.problem(sheet, 0, 0, "", f"{table.name}中未找到行“{row.label}”，此行保持空白",
                                 ProblemKind.MISSING)
            mapped = set().union(*(set(b.columns.values()) for b in table_blocks))
            for column in table.columns:
                if column.id not in mapped:
                    self.problem(sheet, 0, 0, "", f"{table.name}中未找到列“{table.column_name(column.id)}”，"
                                 f"此列保持空白", ProblemKind.MISSING)

    # -- our own export: metadata and narrative --

    def _is_meta_sheet(self, sheet: _Sheet) -> bool:
        return any(sheet.text(r, c) == META_LABELS["agency"] for (r, c) in sheet.values)

    def _meta_values(self, sheet: _Sheet) -> dict[str, tuple[Any, int, int]]:
        labels = {label: name for name, label in META_LABELS.items()}
        found: dict[str, tuple[Any, int, int]] = {}
        for (r, c) in sorted(sheet.values):
            name = labels.get(sheet.text(r, c))
            if name is None or name in found:
                continue
            end_column = sheet.end(r, c)[1]
            values = [cc for cc in sheet.raw_rows.get(r, ()) if cc > end_column]
            found[name] = (sheet.raw[(r, values[0])] if values else None, r, values[0] if values else c + 1)
        return found

    def _read_meta(self, sheet: _Sheet) -> tuple[Metadata, int | None]:
        values = self._meta_values(sheet)

        def bad(name: str, reason: str) -> None:
            raw, r, c = values[name]
            self.problem(sheet, r, c, _shown(raw), f"{META_LABELS[name]}：{reason}", ProblemKind.METADATA)

        def text(name: str) -> str:
            raw = values.get(name, (None, 0, 0))[0]
            if raw is None:
                return ""
            if isinstance(raw, str):
                return unescape_cell_text(raw)
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                bad(name, "应为文字")
                return ""
            return format_value(_float_decimal(raw) if isinstance(raw, float) else raw)

        meta = Metadata(agency=text("agency"), website=text("website"), phone=text("phone"), email=text("email"))
        raw_year = values.get("year", (None, 0, 0))[0]
        if raw_year is not None:
            year = _parse_year(raw_year)
            if year is None:
                bad("year", "应为 1990–2100 之间的年份")
            else:
                meta.year = year
        kind = text("kind").strip()
        if kind:
            found = KIND_BY_LABEL.get(kind) or {k.value: k for k in AgencyKind}.get(kind)
            if found is None:
                bad("kind", f"应为“{AgencyKind.DEPARTMENT.label}”或“{AgencyKind.GOVERNMENT.label}”")
            else:
                meta.kind = found
        raw_published = values.get("published", (None, 0, 0))[0]
        if raw_published is not None:
            published = _parse_date(raw_published)
            if published is None:
                bad("published", "应为日期（如 2025-01-20）")
            meta.published = published
        stated = None
        template_text = text("template").strip()
        if template_text:
            match = re.match(r"(\d{4})", template_text)
            if match and int(match.group(1)) in TEMPLATES:
                stated = int(match.group(1))
            else:
                bad("template", "无法识别模板年份")
        return meta, stated

    def _read_narrative(self, sheet: _Sheet, template: Template) -> tuple[list[str], list[ReportSection]]:
        header = None
        for (r, c) in sorted(sheet.values):
            if sheet.text(r, c) == TEXT_COLUMNS[-1]:
                row_texts = {sheet.text(r, cc): cc for cc in sheet.rows.get(r, ())}
                if all(label in row_texts for label in TEXT_COLUMNS[1:]):
                    header = (r, row_texts)
                    break
        blank_sections = [ReportSection(s.id, s.title) for s in template.sections]
        if header is None:
            self.problem(sheet, 0, 0, "", "未找到正文表头（部分、段、内容），正文未导入", ProblemKind.METADATA)
            return [], blank_sections
        header_row, positions = header
        id_column = positions.get(TEXT_COLUMNS[0])
        title_column, number_column, text_column = (positions[label] for label in TEXT_COLUMNS[1:])
        titles = {label_key(s.title): s.id for s in template.sections}
        titles[label_key(PREAMBLE_TITLE)] = PREAMBLE_ID
        preamble: list[str] = []
        sections: dict[str, ReportSection] = {}
        previous = None
        for r in sorted(row for row in sheet.raw_rows if row > header_row):
            values = sheet.raw
            raw_id = values.get((r, id_column)) if id_column else None
            section_id = unescape_cell_text(raw_id).strip() if isinstance(raw_id, str) else ""
            title = unescape_cell_text(values[(r, title_column)]) if isinstance(values.get((r, title_column)), str) \
                else ""
            number = values.get((r, number_column))
            chunks = [values[(r, c)] for c in sheet.raw_rows[r] if c >= text_column]
            paragraph = "".join(unescape_cell_text(v) if isinstance(v, str) else format_value(
                _float_decimal(v) if isinstance(v, float) else v) if isinstance(v, (int, float)) else str(v)
                for v in chunks)
            has_id = bool(section_id)
            if not section_id:
                section_id = titles.get(label_key(title), "")
            if section_id != PREAMBLE_ID and not any(s.id == section_id for s in template.sections):
                self.problem(sheet, r, title_column, title or section_id,
                             "无法确定这一行属于报告的哪一部分，未导入", ProblemKind.METADATA)
                continue
            is_paragraph = number is not None or paragraph != ""
            if section_id == PREAMBLE_ID:
                if is_paragraph:
                    preamble.append(paragraph)
                previous = section_id
                continue
            if section_id in sections and previous != section_id:
                self.problem(sheet, r, title_column, title, "此部分在前面已出现过，段落接在其后", ProblemKind.METADATA)
            if section_id not in sections:
                official = template.section(section_id).title
                sections[section_id] = ReportSection(section_id, title if has_id else (title or official))
            section = sections[section_id]
            previous = section_id
            if is_paragraph:
                if template.section(section_id).kind != "narrative":
                    self.problem(sheet, r, text_column, paragraph,
                                 f"“{template.section(section_id).title}”是表格部分，不能包含文字段落，此段未导入",
                                 ProblemKind.METADATA)
                    continue
                section.paragraphs.append(paragraph)
        return preamble, list(sections.values())


# --- helpers ---------------------------------------------------------------------------------


def _until(rows: range, stop_rows: set[int]) -> list[int]:
    result = []
    for r in rows:
        if r in stop_rows:
            break
        result.append(r)
    return result


def _header_path(sheet: _Sheet, c: int, header_rows: list[int], left: int) -> tuple[tuple[str, ...], tuple[int, int]]:
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
        if not key:
            for cc in range(c - 1, left - 1, -1):
                if sheet.text(r, cc):
                    key = sheet.key(r, cc)
                    break
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


def _float_decimal(value: float) -> Decimal:
    return Decimal(repr(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(raw: Any, column: Column) -> tuple[Value, tuple[ProblemKind, str] | None]:
    """A cell's value for `column`, read as strictly as typed input (model.cellinput)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, (ProblemKind.NOT_A_NUMBER, f"逻辑值 {'TRUE' if raw else 'FALSE'} 不是数字")
    if isinstance(raw, (datetime, date, time, timedelta)):
        return None, (ProblemKind.NOT_A_NUMBER, "日期或时间不是数字（Excel 可能把输入自动转成了日期）")
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None, (ProblemKind.NOT_A_NUMBER, "不是有效的数字")
        text = format(_float_decimal(raw), "f")
    elif isinstance(raw, (int, Decimal)):
        text = format(raw, "f") if isinstance(raw, Decimal) else str(raw)
    elif isinstance(raw, str):
        text = unescape_cell_text(raw)
        if not text.strip():
            return None, None
    else:
        return None, (ProblemKind.NOT_A_NUMBER, "无法识别的单元格内容")
    result = parse_cell_input(text, column)
    if not result.ok:
        reason = result.error or "不是数字"
        kind = ProblemKind.NOT_A_NUMBER if reason.endswith("不是数字") else ProblemKind.INVALID
        return None, (kind, reason)
    return result.value, None


def _parse_year(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        match = re.fullmatch(r"\s*(\d{1,4})\s*(年度?)?\s*", unescape_cell_text(raw))
        raw = int(match.group(1)) if match else None
    if isinstance(raw, int) and (raw == 0 or 1990 <= raw <= 2100):
        return raw
    return None


def _parse_date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = unescape_cell_text(raw).strip()
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return unescape_cell_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value):
        return format_value(_float_decimal(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10] if not isinstance(value, datetime) or value.time() == time() \
            else value.isoformat(sep=" ")
    return str(value)


def _shorten(text: str, limit: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
