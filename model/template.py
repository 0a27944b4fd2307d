"""The shape of an annual report, declared as data.

A `Template` names the six sections, every statistical table (its header
hierarchy, its rows with their nesting, the kind of number each cell holds)
and the arithmetic the official template imposes on the tables. Editors,
checks and exports all read this one declaration; a new template year is a
new module under `model/templates/`, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class ValueKind(Enum):
    """What a table cell may hold."""

    COUNT = "count"  # whole number >= 0
    DELTA = "delta"  # whole number, may be negative (2019 template: 本年增/减)
    AMOUNT = "amount"  # number >= 0 with at most `decimals` decimal places


@dataclass(frozen=True)
class Column:
    id: str
    #: Header labels from the outermost header row down to this column's own
    #: label. Leaves of different depth are allowed: a shorter path spans the
    #: remaining header rows (the table-三 总计 column, table-四 行政复议).
    path: tuple[str, ...]
    kind: ValueKind = ValueKind.COUNT
    decimals: int = 0
    unit: str = "件"
    is_total: bool = False

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Row:
    id: str
    #: Row labels from the outermost label column inwards, e.g.
    #: ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密").
    path: tuple[str, ...]
    is_total: bool = False

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Table:
    id: str
    section_id: str
    #: Short Chinese name used in messages, e.g. "表三" or "第二十条第（一）项".
    name: str
    #: Caption printed above the table (section 二's sub-tables), or "".
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    #: Text of the top-left corner cell (spanning the header rows and the
    #: label columns), e.g. 信息内容 or table 三's 勾稽 note.
    corner: str = ""

    @cached_property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)

    @cached_property
    def row_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rows)

    @cached_property
    def _columns_by_id(self) -> dict[str, Column]:
        return {c.id: c for c in self.columns}

    @cached_property
    def _rows_by_id(self) -> dict[str, Row]:
        return {r.id: r for r in self.rows}

    def column(self, column_id: str) -> Column:
        return self._columns_by_id[column_id]

    def row(self, row_id: str) -> Row:
        return self._rows_by_id[row_id]

    def has_cell(self, row_id: str, column_id: str) -> bool:
        return row_id in self._rows_by_id and column_id in self._columns_by_id

    @cached_property
    def header_depth(self) -> int:
        return max(len(c.path) for c in self.columns)

    @cached_property
    def label_depth(self) -> int:
        return max(len(r.path) for r in self.rows)

    def cell_name(self, row_id: str, column_id: str) -> str:
        """Chinese name of one cell for messages: "表三 （一）予以公开 · 自然人"."""
        row = self.row_name(row_id)
        parts = [self.name, f"{row} · {self.column_name(column_id)}" if row else self.column_name(column_id)]
        return " ".join(parts)

    def row_name(self, row_id: str) -> str:
        path = self.row(row_id).path
        # A group label such as 三、本年度办理结果 adds nothing to the name of
        # one of its rows: "（三）不予公开 1.属于国家秘密" is unambiguous.
        return " ".join(path[1:] if len(path) > 1 else path)

    def column_name(self, column_id: str) -> str:
        path = self.column(column_id).path
        # 申请人情况 heads every column of table 三 and is dropped from names.
        if len(path) > 1 and path[0] == "申请人情况":
            path = path[1:]
        return "·".join(path)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    #: "narrative" (paragraphs of text) or "tables".
    kind: str
    tables: tuple[str, ...] = ()
    #: A narrative section the report must not leave empty (一, 五, 六 of the template).
    required: bool = False
    #: What the section is for, in Chinese: told to the user when it is empty.
    purpose: str = ""


class EquationKind(Enum):
    #: `left` is a single total cell that must equal the sum of `right`.
    TOTAL = "total"
    #: Two sums that must be equal (table 三: 一 + 二 = （七） + 四).
    BALANCE = "balance"


@dataclass(frozen=True)
class Equation:
    """One concrete arithmetic rule: sum(left cells) == sum(right cells)."""

    rule: str
    table: str
    kind: EquationKind
    left: tuple[tuple[str, str], ...]  # (row id, column id)
    right: tuple[tuple[str, str], ...]
    #: The row and/or column the rule is about: a row rule (T3-ROW-TOTAL) names
    #: its row and total column, a column rule (T3-BALANCE) only its column.
    row: str | None
    column: str | None
    #: How the expected value is explained in messages, e.g. "（一）至（六）各项之和".
    explanation: str

    @cached_property
    def cells(self) -> tuple[tuple[str, str], ...]:
        return self.left + self.right

    @cached_property
    def left_keys(self) -> tuple[tuple[str, str, str], ...]:
        """`left` as report cell keys (table, row, column), built once for the hot check loop."""
        return tuple((self.table, r, c) for r, c in self.left)

    @cached_property
    def right_keys(self) -> tuple[tuple[str, str, str], ...]:
        return tuple((self.table, r, c) for r, c in self.right)


@dataclass(frozen=True)
class Template:
    year: int
    #: Official document that issued the template.
    source: str
    #: Report years this template applies to (inclusive).
    first_report_year: int
    last_report_year: int | None
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    equations: tuple[Equation, ...] = field(default=())
    #: What the opening paragraph before 一、总体情况 says (it must not be empty), in Chinese.
    preamble_purpose: str = ""

    def __post_init__(self) -> None:
        # A new template year is a data module: what the checks need must be declared, not defaulted.
        if not self.preamble_purpose:
            raise ValueError(f"{self.year} 年版模板缺少 preamble_purpose")
        for section in self.sections:
            if section.required and not section.purpose:
                raise ValueError(f"{self.year} 年版模板的部分 {section.id} 必填但缺少 purpose")

    @cached_property
    def _tables_by_id(self) -> dict[str, Table]:
        return {t.id: t for t in self.tables}

    def table(self, table_id: str) -> Table:
        return self._tables_by_id[table_id]

    def has_table(self, table_id: str) -> bool:
        return table_id in self._tables_by_id

    @cached_property
    def cell_specs(self) -> tuple[tuple[tuple[str, str, str], Table, Column], ...]:
        """Every cell of every table with its table and column, in document order."""
        return tuple(((t.id, r, c.id), t, c) for t in self.tables for r in t.row_ids for c in t.columns)

    @cached_property
    def row_keys(self) -> tuple[tuple[Table, str, tuple[tuple[str, str, str], ...]], ...]:
        """(table, row id, the row's cell keys) for every table row, in document order."""
        return tuple((t, r, tuple((t.id, r, c) for c in t.column_ids)) for t in self.tables for r in t.row_ids)

    @cached_property
    def narrative_section_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections if s.kind == "narrative")

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def applies_to(self, report_year: int) -> bool:
        last = self.last_report_year
        return report_year >= self.first_report_year and (last is None or report_year <= last)


# --- helpers the template modules use to state their rules compactly --------


def column_equations(
    table: Table, rule: str, left_rows: tuple[str, ...], right_rows: tuple[str, ...],
    kind: EquationKind, explanation: str,
) -> tuple[Equation, ...]:
    """The same row equation stated once per column (T3-BALANCE, T3-RESULT-TOTAL)."""
    return tuple(
        Equation(
            rule=rule, table=table.id, kind=kind,
            left=tuple((r, c.id) for r in left_rows),
            right=tuple((r, c.id) for r in right_rows),
            row=None, column=c.id, explanation=explanation,
        )
        for c in table.columns
    )


def row_equations(
    table: Table, rule: str, total_column: str, part_columns: tuple[str, ...], explanation: str,
) -> tuple[Equation, ...]:
    """`total_column` = sum of `part_columns`, stated once per row (T3-ROW-TOTAL, T4-TOTAL)."""
    return tuple(
        Equation(
            rule=rule, table=table.id, kind=EquationKind.TOTAL,
            left=((r.id, total_column),),
            right=tuple((r.id, c) for c in part_columns),
            row=r.id, column=total_column, explanation=explanation,
        )
        for r in table.rows
    )
