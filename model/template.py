"""The shape of an annual report, declared as data.

A `Template` names the six sections, every statistical table (its header
hierarchy, its rows with their nesting, the kind of number each cell holds),
the arithmetic the official template imposes on the tables, and the roles:
which cells and sections carry each meaning the rules read (the applications
received, the documents in force, the section that must not be trivial).
Editors, checks and exports all read this one declaration; a new template year
is a new module under `model/templates/`, not new code.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    #: A header over every column that adds nothing to a column's name (表三's
    #: 申请人情况): left out of `column_name`, or "".
    unnamed_header: str = ""

    def __post_init__(self) -> None:
        if self.unnamed_header and not all(
                len(c.path) > 1 and c.path[0] == self.unnamed_header for c in self.columns):
            raise ValueError(f"{self.name} 的 unnamed_header“{self.unnamed_header}”并非每一列的表头")

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
        if self.unnamed_header and len(path) > 1 and path[0] == self.unnamed_header:
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
    #: The tab's title (「三 依申请办理」): seven full titles do not fit a 1366 px window.
    short_title: str = ""


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
    #: A BALANCE rule's two sides as messages name them ("一 + 二", "（七）总计 + 四").
    left_name: str = ""
    right_name: str = ""

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


# --- roles: what parts of a template mean to the rules ----------------------------------


class Role(Enum):
    """A meaning the rules read in a template: "the applications received", "the section that
    must not be trivial". Each template binds every role (`Template.roles`) to its own cells or
    sections, or declares it ABSENT; rule code asks for roles and never names a cell id, so a new
    template year states its meanings once and a forgotten one fails at import."""

    # 表三 (rows: every column of the row; APPLICANT_TOTAL: the row-total column)
    RECEIVED = "一、本年新收政府信息公开申请数量"
    CARRIED_IN = "二、上年结转政府信息公开申请数量"
    GRANTED = "（一）予以公开"
    PARTLY_GRANTED = "（二）部分公开"
    REFUSED = "（三）不予公开, every sub-item"
    UNABLE = "（四）无法提供, every sub-item"
    NOT_PROCESSED = "（五）不予处理, every sub-item"
    OTHER_HANDLING = "（六）其他处理, every sub-item"
    RESULT_TOTAL = "（七）总计"
    CARRIED_OUT = "四、结转下年度继续办理"
    UNPAID_FEE = "（六）2: dropped because the applicant did not pay the fee"
    APPLICANT_TOTAL = "表三's 总计 column"
    # 表二
    DOCUMENTS_ISSUED = "documents issued this year (column)"
    DOCUMENTS_ABOLISHED = "documents abolished this year (column)"
    DOCUMENTS_IN_FORCE = "documents in force (column)"
    RULES = "规章 (row of the documents table)"
    NORMATIVE_DOCUMENTS = "规范性文件 (row of the documents table)"
    LICENSING = "行政许可 decisions"
    PENALTIES = "行政处罚 decisions"
    COERCIONS = "行政强制 decisions"
    FEE = "行政事业性收费 amount"
    # 表四
    REVIEWS = "行政复议 total"
    DIRECT_SUITS = "未经复议直接起诉 total"
    SUITS_AFTER_REVIEW = "复议后起诉 total"
    LAWSUITS = "行政诉讼 total: both kinds"
    REVIEWS_CORRECTED = "行政复议 结果纠正"
    REVIEWS_PENDING = "行政复议 尚未审结"
    LAWSUITS_CORRECTED = "行政诉讼 结果纠正: both kinds"
    LAWSUITS_PENDING = "行政诉讼 尚未审结: both kinds"
    # sections
    NOT_TRIVIAL = "the section that must not be empty or trivial (五)"
    FEE_MENTION = "the section that must mention 信息处理费 when fees stopped applications (六)"
    REPETITION = "the sections measured for repetition of last year's text"

    #: Members are singletons: hashing by identity keeps role look-ups (every keystroke) cheap,
    #: where Enum's own hash runs Python code.
    __hash__ = object.__hash__

    @property
    def names_sections(self) -> bool:
        """Whether the role is bound to sections (`Sections`) rather than cells (`Cells`)."""
        return self in _SECTION_ROLES


_SECTION_ROLES = frozenset({Role.NOT_TRIVIAL, Role.FEE_MENTION, Role.REPETITION})

#: (row id, column id) of one table.
CellRef = tuple[str, str]


@dataclass(frozen=True)
class Cells:
    """The cells of one table a role names: each of `rows` × each of `columns`. No rows means every
    row (a column role: 表三's 总计), no columns every column (a row role: 二、上年结转)."""

    table: str
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    #: How messages name the figure after the table's name when it is more than one cell
    #: ("行政诉讼总计（未经复议直接起诉与复议后起诉之和）"); "" for the cell's own name.
    name: str = ""


@dataclass(frozen=True)
class Sections:
    """The sections a role names, in document order."""

    sections: tuple[str, ...]


class Absent:
    """A role the template does not have (the 2019 表二 has no 本年废止件数), as declared: distinct
    from a role forgotten, which `Template` refuses."""

    _instance: Absent | None = None

    def __new__(cls) -> Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()
RoleBinding = Cells | Sections | Absent


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
    #: Every `Role`, bound to this template's cells or sections, or ABSENT.
    roles: Mapping[Role, RoleBinding] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # A new template year is a data module: what the checks need must be declared, not defaulted.
        if not self.preamble_purpose:
            raise ValueError(f"{self.year} 年版模板缺少 preamble_purpose")
        for section in self.sections:
            if section.required and not section.purpose:
                raise ValueError(f"{self.year} 年版模板的部分 {section.id} 必填但缺少 purpose")
            if not section.short_title:
                raise ValueError(f"{self.year} 年版模板的部分 {section.id} 缺少 short_title（标签页上的短标题）")
        missing = [role.name for role in Role if role not in self.roles]
        if missing:
            raise ValueError(f"{self.year} 年版模板缺少角色 {'、'.join(missing)}（模板没有的，请声明为 ABSENT）")
        for role, binding in self.roles.items():
            problem = self._role_problem(role, binding)
            if problem:
                raise ValueError(f"{self.year} 年版模板的角色 {role.name}：{problem}")
        for equation in self.equations:
            if equation.kind is EquationKind.BALANCE and not (equation.left_name and equation.right_name):
                raise ValueError(f"{self.year} 年版模板的 {equation.rule} 缺少两边的名称（left_name、right_name）")

    def _role_problem(self, role: Role, binding: RoleBinding) -> str | None:
        if binding is ABSENT:
            return None
        if role.names_sections:
            if not isinstance(binding, Sections) or not binding.sections:
                return "应声明为部分（Sections）"
            known = {s.id: s for s in self.sections}
            unknown = [s for s in binding.sections if s not in known]
            if unknown:
                return f"模板没有部分 {'、'.join(unknown)}"
            if role is Role.NOT_TRIVIAL and not all(known[s].purpose for s in binding.sections):
                return "所指部分缺少 purpose（消息中说明该部分应写什么）"
            return None
        if not isinstance(binding, Cells):
            return "应声明为单元格（Cells）"
        if not self.has_table(binding.table):
            return f"模板没有表 {binding.table}"
        table = self.table(binding.table)
        if not binding.rows and not binding.columns:
            return "应指明行或列"
        unknown = [r for r in binding.rows if r not in table.row_ids]
        unknown += [c for c in binding.columns if c not in table.column_ids]
        return f"{table.name} 没有行或列 {'、'.join(unknown)}" if unknown else None

    # --- reading roles ---------------------------------------------------------------------

    def cells_of(self, *roles: Role) -> tuple[Table, tuple[CellRef, ...]] | None:
        """The table and the cells that all `roles` name together (表三's RECEIVED row in its
        APPLICANT_TOTAL column), or None when the template declares one of them ABSENT.
        Roles of different tables, or that share no cell, are a mistake: ValueError."""
        # Memoised: the checks ask on every keystroke, and the answer never changes.
        cache = self._cells_of_cache
        if roles not in cache:
            cache[roles] = self._intersect(roles)
        return cache[roles]

    @cached_property
    def _cells_of_cache(self) -> dict[tuple[Role, ...], tuple[Table, tuple[CellRef, ...]] | None]:
        return {}

    def _intersect(self, roles: tuple[Role, ...]) -> tuple[Table, tuple[CellRef, ...]] | None:
        bindings = [self._cells(role) for role in roles]
        if not bindings:
            raise ValueError("cells_of needs at least one role")
        if any(b is None for b in bindings):
            return None
        named = [b for b in bindings if b is not None]
        if len({b.table for b in named}) > 1:
            raise ValueError(f"角色 {'、'.join(r.name for r in roles)} 不在同一张表中")
        table = self.table(named[0].table)
        rows = next((b.rows for b in named if b.rows), table.row_ids)
        columns = next((b.columns for b in named if b.columns), table.column_ids)
        rows = tuple(r for r in rows if all(not b.rows or r in b.rows for b in named))
        columns = tuple(c for c in columns if all(not b.columns or c in b.columns for b in named))
        if not rows or not columns:
            raise ValueError(f"角色 {'、'.join(r.name for r in roles)} 没有共同的单元格")
        return table, tuple((r, c) for r in rows for c in columns)

    def figure_name(self, role: Role) -> str:
        """How messages name the figure of a cells role (`Cells.name`), "" for its cell's own name."""
        binding = self._cells(role)
        return binding.name if binding is not None else ""

    def sections_of(self, role: Role) -> tuple[str, ...]:
        """The ids of the sections a section role names; () when the template declares it ABSENT."""
        binding = self.roles[role]
        if binding is ABSENT:
            return ()
        if not isinstance(binding, Sections):
            raise TypeError(f"角色 {role.name} 不是部分角色")
        return binding.sections

    def section_of(self, role: Role) -> str | None:
        """The one section a section role names, or None when the template declares it ABSENT."""
        sections = self.sections_of(role)
        if len(sections) > 1:
            raise ValueError(f"角色 {role.name} 指向多个部分")
        return sections[0] if sections else None

    def _cells(self, role: Role) -> Cells | None:
        binding = self.roles[role]
        if binding is ABSENT:
            return None
        if not isinstance(binding, Cells):
            raise TypeError(f"角色 {role.name} 不是单元格角色")
        return binding

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
    kind: EquationKind, explanation: str, side_names: tuple[str, str] = ("", ""),
) -> tuple[Equation, ...]:
    """The same row equation stated once per column (T3-BALANCE, T3-RESULT-TOTAL); a BALANCE
    rule names its two sides (`side_names`) for messages."""
    return tuple(
        Equation(
            rule=rule, table=table.id, kind=kind,
            left=tuple((r, c.id) for r in left_rows),
            right=tuple((r, c.id) for r in right_rows),
            row=None, column=c.id, explanation=explanation,
            left_name=side_names[0], right_name=side_names[1],
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
