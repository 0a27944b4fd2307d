"""Reading the statistical tables from a workbook: our own export, or one an
office filled in by hand in Excel or WPS.

Tables are found by their labels, never by position: a row is recognised by
its label (the leaf label: "1.属于国家秘密", tolerant of the variants
published tables use — see `importing.labels`), a column by the header labels
above it. So a table may
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

Only the opening is Excel's: `xlsx_safety` (an untrusted file examined before openpyxl reads
it) and `xlsx_grid` (a worksheet as a `importing.grid.Grid`). The rest reads any grid:
`grid` (cells, merged ranges), `values` (cell contents as values), `labels` (the template's
labels), `layout` (where the tables stand), `tables` (their numbers), `meta` (metadata,
narrative, report year, template), `result` (problems, notes, the result).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from importing.grid import GridView
from importing.labels import build_index
from importing.meta import choose_template, is_meta_sheet, read_meta, read_narrative, stated_year
from importing.result import ImportLog, ImportProblem, ImportResult, ProblemKind
from importing.tables import TableReader
from importing.xlsx_grid import XlsxGrid
from importing.xlsx_safety import WorkbookError, load_untrusted_workbook, open_workbook
from model.report import UNKNOWN_YEAR, Metadata, Report, ReportSection
from model.templates import TEMPLATES
from model.workbook_format import FINDINGS_SHEET, META_SHEET

__all__ = ["ImportProblem", "ImportResult", "ProblemKind", "import_xlsx"]


def import_xlsx(path: Path, template_year: int | None = None) -> ImportResult:
    """Read the workbook at `path`; WorkbookError when it cannot be opened at all."""
    path = Path(path)
    if template_year is not None and template_year not in TEMPLATES:
        known = "、".join(str(y) for y in TEMPLATES)
        raise WorkbookError(path, f"未知的模板年份 {template_year}（支持 {known}）")
    data, workbook = load_untrusted_workbook(path)
    return _Reader(path, data, workbook, template_year).read()


class _Reader:
    def __init__(self, path: Path, data: bytes, workbook: Any, template_year: int | None) -> None:
        self.path = path
        self.data = data
        self.requested_year = template_year
        self.sheets = [GridView(i, XlsxGrid(ws, partial(self._cached_value, i)))
                       for i, ws in enumerate(workbook.worksheets)]
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
        tables = TableReader(self.log)
        tables.read(table_sheets, build_index(template, others))
        report = Report.blank(meta, template)
        if sections is not None:
            report.preamble = preamble
            report.sections = sections
        report.cells.update(tables.placed)
        return ImportResult(self.path, report, dict(tables.placed), self.log.problems(), dict(tables.sources),
                            self.log.notes(), own, year or None, tuple(s.title for s in table_sheets))

    def _cached_value(self, sheet_index: int, r: int, c: int) -> Any:
        """The result Excel stored for a formula (a second, values-only reading of the same bytes)."""
        if self._values_workbook is None:
            self._values_workbook = open_workbook(self.data, self.path, data_only=True)
        return self._values_workbook.worksheets[sheet_index].cell(row=r, column=c).value
