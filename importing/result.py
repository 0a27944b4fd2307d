"""What a reading of a foreign file gives, whatever its format: the problems it met
(`ImportProblem`, each at a `SourcePlace`), the notes it made about what it read in another
spelling, the log both are collected in while the file is read, and the `ImportResult`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol, TypedDict, Unpack

from model.findings import Finding, Location, Severity
from model.report import UNKNOWN_YEAR, CellKey, Report, Value
from model.template import Table, Template


class ProblemKind(Enum):
    NOT_A_NUMBER = "not_a_number"  # text, a date or TRUE where a number belongs
    INVALID = "invalid"  # a number the cell does not allow (1.5 件, −1, seven decimals)
    UNPLACED = "unplaced"  # a number or a label the reader could not place
    MISSING = "missing"  # a table, row or column not found
    DUPLICATE = "duplicate"  # a row or column found twice
    FORMULA = "formula"  # a formula without a stored result
    METADATA = "metadata"  # the metadata or narrative sheet of our own export, the report year
    UNCERTAIN = "uncertain"  # a cell read from mangled text that more than one reading (or none) explains

    @property
    def label(self) -> str:
        return {
            "not_a_number": "不是数字", "invalid": "数值无效", "unplaced": "无法对应", "missing": "缺少",
            "duplicate": "重复", "formula": "公式", "metadata": "基本信息",
            "uncertain": "需核对",
        }[self.value]


class PartKind(Enum):
    """What the parts of a file are, which decides how a place in it is said."""

    SHEET = "sheet"  # a workbook's worksheets: 工作表“表三”C7
    TABLE = "table"  # a document's tables: 第 2 个表格 第 3 行
    PAGE = "page"  # a report's pages: 第 4 页 表格 1 第 3 行

    @property
    def whole(self) -> str:
        """The whole file, for a problem at no part of it."""
        return "工作簿" if self is PartKind.SHEET else "文档"


@dataclass(frozen=True)
class SourcePlace:
    """Where in a foreign file something was read: a part (a sheet, a Word table, a page) and a cell in it."""

    #: A sheet's title; for a table or a page its name as said ("第 2 个表格"); "" for the whole file.
    part: str = ""
    #: Cell reference such as "C7", a range "B9:B16", "第 3 行", or "" when there is no cell.
    cell: str = ""
    part_kind: PartKind = PartKind.SHEET

    @property
    def where(self) -> str:
        if not self.part:
            return self.part_kind.whole
        if self.part_kind is PartKind.SHEET:
            return f"工作表“{self.part}”{self.cell}"
        return f"{self.part} {self.cell}" if self.cell else self.part


@dataclass(frozen=True)
class ImportProblem:
    """One thing the reader could not take as it is: where, what it found, why,
    and which part of the report it concerns (the ids, where known)."""

    place: SourcePlace
    #: The text found in the cell ("9件"), "" when there is none.
    text: str
    #: Why, in Chinese.
    reason: str
    kind: ProblemKind
    #: The table, row and column of the template the problem concerns; None where it
    #: concerns none (a number outside every table) or the whole of it (a missing table).
    table: str | None = None
    row: str | None = None
    column: str | None = None
    #: Every template cell the problem leaves unread, as (row id, column id) of `table`
    #: (the three sub-items under a single （六）其他处理 row).
    cells: tuple[tuple[str, str], ...] = ()
    #: The report section, where the problem is not about a table: "meta" (with `field`),
    #: or the narrative section a paragraph belongs to.
    section: str | None = None
    field: str | None = None
    #: True when what the problem is about was read all the same (the first of two copies
    #: of a row; paragraphs joined to a section named twice): a warning, not an error.
    kept: bool = False

    @property
    def sheet(self) -> str:
        """The part the problem is in (a workbook's sheet), "" for the whole file."""
        return self.place.part

    @property
    def cell(self) -> str:
        return self.place.cell

    @property
    def where(self) -> str:
        return self.place.where

    def __str__(self) -> str:
        found = f"（内容“{shorten(self.text)}”）" if self.text else ""
        return f"{self.where}{found}：{self.reason}"


class PartLike(Protocol):
    """A part of the file as the log needs it: its order, its name and how its cells are named."""

    @property
    def index(self) -> int: ...

    @property
    def title(self) -> str: ...

    @property
    def part_kind(self) -> PartKind: ...

    def ref(self, r: int, c: int) -> str: ...


class ProblemIds(TypedDict, total=False):
    """ImportProblem's optional fields, as ImportLog.problem takes them."""

    table: str | None
    row: str | None
    column: str | None
    cells: tuple[tuple[str, str], ...]
    section: str | None
    field: str | None
    kept: bool


@dataclass
class ImportLog:
    """The problems and notes of one reading, problems kept in part (sheet) order."""

    sheet_count: int
    entries: list[tuple[tuple[int, int, int], ImportProblem]] = field(default_factory=list)
    _notes: list[tuple[tuple[int, int, int], str]] = field(default_factory=list)
    #: What the file's parts are: how a problem at no part names the whole file.
    part_kind: PartKind = PartKind.SHEET

    def problem(self, sheet: PartLike | None, r: int, c: int, text: str, reason: str, kind: ProblemKind,
                cell: str | None = None, **ids: Unpack[ProblemIds]) -> None:
        """Record a problem at cell (r, c) of part `sheet` (0, 0: no cell); `ids` are ImportProblem's optional
        fields."""
        where = cell if cell is not None else (sheet.ref(r, c) if sheet and r and c else "")
        order = (sheet.index if sheet else self.sheet_count, r or 10**9, c or 0)
        place = SourcePlace(sheet.title, where, sheet.part_kind) if sheet else SourcePlace(part_kind=self.part_kind)
        self.entries.append((order, ImportProblem(place, text, reason, kind, **ids)))

    def note(self, text: str, sheet: PartLike | None = None, r: int = 0, c: int = 0) -> None:
        """Record a note about what was read at cell (r, c) of `sheet` (notes without a cell come last)."""
        if all(text != other for _order, other in self._notes):
            self._notes.append(((sheet.index if sheet else self.sheet_count, r or 10**9, c or 0), text))

    def problems(self) -> list[ImportProblem]:
        return [p for _order, p in sorted(self.entries, key=lambda item: item[0])]

    def notes(self) -> list[str]:
        """The notes in part order."""
        return [text for _order, text in sorted(self._notes, key=lambda item: item[0])]


def shorten(text: str, limit: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def table_title(template: Template, table: Table) -> str:
    """A table as messages name it: 表四（四、政府信息公开行政复议、行政诉讼情况）."""
    return f"{table.name}（{template.section(table.section_id).title}）"


#: The rule of the finding each kind of problem becomes (a missing table: IMPORT-TABLE-MISSING).
RULES = {
    ProblemKind.NOT_A_NUMBER: "IMPORT-VALUE",
    ProblemKind.INVALID: "IMPORT-VALUE",
    ProblemKind.UNPLACED: "IMPORT-UNPLACED",
    ProblemKind.MISSING: "IMPORT-MISSING",
    ProblemKind.DUPLICATE: "IMPORT-DUPLICATE",
    ProblemKind.FORMULA: "IMPORT-FORMULA",
    ProblemKind.METADATA: "IMPORT-META",
    ProblemKind.UNCERTAIN: "IMPORT-UNCERTAIN",
}


@dataclass
class ImportResult:
    path: Path
    #: A new report: the tables as read, the metadata and narrative of our own
    #: export, else blank metadata with the year the file states (UNKNOWN_YEAR if none).
    report: Report
    #: Every template cell the reader found, with its value (None = blank).
    placed: dict[CellKey, Value]
    problems: list[ImportProblem]
    #: Where each placed cell came from: 工作表“表三”C7.
    sources: dict[CellKey, str] = field(default_factory=dict)
    #: Things read in another spelling or skipped on purpose, e.g. an extra 小计 column.
    notes: list[str] = field(default_factory=list)
    #: True when the file is our own export (its 基本信息与正文 sheet was read).
    own_export: bool = False
    #: The report year the file states, None when it states none.
    year: int | None = None
    #: The parts (sheets) searched for tables, in file order.
    searched_sheets: tuple[str, ...] = ()
    #: Cells read from a document that the reader is not sure of (more than one reading of mangled
    #: text fits, or none does), with why in Chinese; also in `report.uncertain` until confirmed.
    uncertain: dict[CellKey, str] = field(default_factory=dict)
    #: What the file's parts are (a workbook's sheets, a document's tables or pages): how messages name it.
    part_kind: PartKind = PartKind.SHEET

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

    def year_conflict(self, report_year: int) -> str | None:
        """A sentence for the person when the file states another report year than
        `report_year` (the report it is read into); None when they agree or either is unknown."""
        if self.year is None or report_year == UNKNOWN_YEAR or self.year == report_year:
            return None
        return f"{self.part_kind.whole}为 {self.year} 年度的报告，当前报告为 {report_year} 年度"

    def findings(self) -> list[Finding]:
        """Every problem as a finding the checker's output can carry, in the order of the problems.
        An error, unless what it is about was read all the same (a repeated row's first copy)."""
        return [self._finding(problem) for problem in self.problems]

    def _finding(self, problem: ImportProblem) -> Finding:
        template = self.template
        table = template.table(problem.table) if problem.table and template.has_table(problem.table) else None
        section = problem.section or (table.section_id if table else "document")
        cells = problem.cells or (((problem.row, problem.column),) if problem.row and problem.column else ())
        whole = problem.place.part_kind.whole
        source = problem.where if problem.place.part else f"{whole}“{self.path.name}”"
        severity = Severity.WARNING if problem.kept else Severity.ERROR
        if table is not None and problem.kind is ProblemKind.MISSING and not (problem.row or problem.column):
            sheets = "".join(f"“{name}”" for name in self.searched_sheets)
            if self.part_kind is PartKind.SHEET:
                searched = f"已查找工作表{sheets}"
            else:
                searched = f"已查找{sheets}及正文" if sheets else "文档中没有表格，已从正文中查找"
            message = f"{whole}“{self.path.name}”中未找到{table_title(template, table)}；{searched}"
            return Finding("IMPORT-TABLE-MISSING", severity, message,
                           Location(section, table=table.id, source=source))
        location = Location(section, table=table.id if table else None, row=problem.row, column=problem.column,
                            field=problem.field, cells=cells, source=source)
        return Finding(RULES[problem.kind], severity, str(problem), location)
