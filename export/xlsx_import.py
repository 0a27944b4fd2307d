"""Reading the statistical tables from a workbook: our own export, or one an
office filled in by hand in Excel or WPS.

Tables are found by their labels, never by position: a row is recognised by
its label (the leaf label: "1.属于国家秘密", tolerant of the variants
published tables use — see `export.xlsx_common.label_key` and
`export.xlsx_labels`), a column by the header labels above it. So a table may
sit anywhere on a sheet, all tables on one sheet or each on its own, with or
without merged cells.

Nothing is guessed. A blank cell stays blank (None); text in a number cell
("9件", "—", "/") is reported with its sheet, cell and text and left blank;
every number the reader could not place, every row or column it could not
recognise, a table, row or column it did not find, and a row or column that
occurs twice, is listed in `ImportResult.problems`, for the person to see
before the data replaces anything, and can be carried as findings
(`ImportResult.findings`). What was read in a spelling other than the
template's (a misprint, an abbreviated header) is listed in `ImportResult.notes`.

The reading is split by responsibility: `xlsx_sheet` (cells and values),
`xlsx_labels` (the template's labels), `xlsx_layout` (where the tables stand),
`xlsx_tables` (their numbers), `xlsx_meta` (metadata, narrative, report year,
template), `xlsx_problems` (problems and notes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from export.xlsx_common import FINDINGS_SHEET, META_SHEET
from export.xlsx_labels import build_index
from export.xlsx_meta import choose_template, is_meta_sheet, read_meta, read_narrative, stated_year
from export.xlsx_problems import ImportLog, ImportProblem, ProblemKind
from export.xlsx_safety import WorkbookError, load_untrusted_workbook, open_workbook
from export.xlsx_sheet import Sheet
from export.xlsx_tables import TableReader, table_title
from model.findings import Finding, Location, Severity
from model.report import UNKNOWN_YEAR, CellKey, Metadata, Report, ReportSection, Value
from model.template import Template
from model.templates import TEMPLATES

__all__ = ["ImportProblem", "ImportResult", "ProblemKind", "import_xlsx"]

#: The rule of the finding each kind of problem becomes (a missing table: IMPORT-TABLE-MISSING).
RULES = {
    ProblemKind.NOT_A_NUMBER: "IMPORT-VALUE",
    ProblemKind.INVALID: "IMPORT-VALUE",
    ProblemKind.UNPLACED: "IMPORT-UNPLACED",
    ProblemKind.MISSING: "IMPORT-MISSING",
    ProblemKind.DUPLICATE: "IMPORT-DUPLICATE",
    ProblemKind.FORMULA: "IMPORT-FORMULA",
    ProblemKind.METADATA: "IMPORT-META",
}


@dataclass
class ImportResult:
    path: Path
    #: A new report: the tables as read, the metadata and narrative of our own
    #: export, else blank metadata with the year the workbook states (UNKNOWN_YEAR if none).
    report: Report
    #: Every template cell the reader found, with its value (None = blank).
    placed: dict[CellKey, Value]
    problems: list[ImportProblem]
    #: Where each placed cell came from: "工作表名!C7".
    sources: dict[CellKey, str] = field(default_factory=dict)
    #: Things read in another spelling or skipped on purpose, e.g. an extra 小计 column.
    notes: list[str] = field(default_factory=list)
    #: True when the workbook is our own export (its 基本信息与正文 sheet was read).
    own_export: bool = False
    #: The report year the workbook states, None when it states none.
    year: int | None = None
    #: The sheets searched for tables, in workbook order.
    searched_sheets: tuple[str, ...] = ()

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
        """A sentence for the person when the workbook states another report year than
        `report_year` (the report it is read into); None when they agree or either is unknown."""
        if self.year is None or report_year == UNKNOWN_YEAR or self.year == report_year:
            return None
        return f"工作簿为 {self.year} 年度的报告，当前报告为 {report_year} 年度"

    def findings(self) -> list[Finding]:
        """Every problem as a finding the checker's output can carry, in the order of the problems.
        An error, unless what it is about was read all the same (a repeated row's first copy)."""
        return [self._finding(problem) for problem in self.problems]

    def _finding(self, problem: ImportProblem) -> Finding:
        template = self.template
        table = template.table(problem.table) if problem.table and template.has_table(problem.table) else None
        section = problem.section or (table.section_id if table else "document")
        cells = problem.cells or (((problem.row, problem.column),) if problem.row and problem.column else ())
        source = problem.where if problem.sheet else f"工作簿“{self.path.name}”"
        severity = Severity.WARNING if problem.kept else Severity.ERROR
        if table is not None and problem.kind is ProblemKind.MISSING and not (problem.row or problem.column):
            sheets = "".join(f"“{name}”" for name in self.searched_sheets)
            message = f"工作簿“{self.path.name}”中未找到{table_title(template, table)}；已查找工作表{sheets}"
            return Finding("IMPORT-TABLE-MISSING", severity, message,
                           Location(section, table=table.id, source=source))
        location = Location(section, table=table.id if table else None, row=problem.row, column=problem.column,
                            field=problem.field, cells=cells, source=source)
        return Finding(RULES[problem.kind], severity, str(problem), location)


def import_xlsx(path: Path, template_year: int | None = None) -> ImportResult:
    """Read the workbook at `path`; WorkbookError when it cannot be opened at all."""
    path = Path(path)
    if template_year is not None and template_year not in TEMPLATES:
        known = "、".join(str(y) for y in TEMPLATES)
        raise WorkbookError(path, f"未知的模板年份 {template_year}（支持 {known}）")
    data, workbook = load_untrusted_workbook(path)
    return _Reader(path, data, workbook, template_year).read()


class _Reader:
    def __init__(self, path: Path, data: bytes, workbook: Any, template_year: int | None):
        self.path = path
        self.data = data
        self.requested_year = template_year
        self.sheets = [Sheet(i, ws) for i, ws in enumerate(workbook.worksheets)]
        self.log = ImportLog(len(self.sheets))
        self._values_workbook: Any = None

    def read(self) -> ImportResult:
        meta_sheet = next((s for s in self.sheets if s.title == META_SHEET and is_meta_sheet(s)), None)
        own = meta_sheet is not None
        table_sheets = [s for s in self.sheets if not (own and s.title in (META_SHEET, FINDINGS_SHEET))]
        stated_template = None
        meta = Metadata()
        preamble: list[str] = []
        sections: list[ReportSection] | None = None
        if meta_sheet is not None:
            meta, stated_template = read_meta(meta_sheet, self.log)
        year = meta.year if own and meta.year else stated_year(table_sheets, self.log)
        template = choose_template(table_sheets, self.requested_year, stated_template, year)
        if meta_sheet is not None:
            preamble, sections = read_narrative(meta_sheet, template, self.log)
        else:
            meta = Metadata(year=year or UNKNOWN_YEAR)
        others = tuple(t for t in TEMPLATES.values() if t.year != template.year)
        tables = TableReader(self.log, self._cached_value)
        tables.read(table_sheets, build_index(template, others))
        report = Report.blank(meta, template)
        if sections is not None:
            report.preamble = preamble
            report.sections = sections
        report.cells.update(tables.placed)
        return ImportResult(self.path, report, dict(tables.placed), self.log.problems(), dict(tables.sources),
                            self.log.notes(), own, year or None, tuple(s.title for s in table_sheets))

    def _cached_value(self, sheet: Sheet, r: int, c: int) -> Any:
        """The result Excel stored for a formula (a second, values-only reading of the same bytes)."""
        if self._values_workbook is None:
            self._values_workbook = open_workbook(self.data, self.path, data_only=True)
        value = self._values_workbook.worksheets[sheet.index].cell(row=r, column=c).value
        return None if isinstance(value, str) and not value.strip() else value
