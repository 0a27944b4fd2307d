"""The report as an Excel workbook laid out like the official tables.

One sheet per table section (二 with its four sub-tables under their
captions, 三 with its corner note, 四), each drawn from `model.layout.table_grid`:
the same merged header and label cells as the editor and the PDF. Numbers are
numbers, a blank cell is an empty cell. A sheet 基本信息与正文 carries the
metadata and the narrative (so that the workbook reads back to the same
report), and a sheet 检查结果 lists the findings at export time.

The workbook is built in memory and written atomically; the same report gives
the same bytes (fixed document times and zip entry times).
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from export.fixed_zip import refixed_zip
from model import APP_NAME
from model.atomicfile import WriteError, os_error_reason, write_atomic
from model.checks import check_report
from model.findings import Finding, Severity, sort_findings
from model.layout import GridCellKind, TableGrid, table_grid
from model.locations import describe_location
from model.report import CellKey, Report, Value
from model.rule_names import rule_name
from model.signoff import signoff_for
from model.template import Table, ValueKind
from model.workbook_format import (
    FINDINGS_SHEET,
    META_HEADING,
    META_LABELS,
    META_SHEET,
    PREAMBLE_ID,
    PREAMBLE_TITLE,
    TEXT_CHUNK,
    TEXT_COLUMNS,
    TEXT_HEADING,
    WorkbookError,
    display_width,
    escape_cell_text,
    plain_text,
    table_sections,
    table_sheet_title,
)

FONT_NAME = "宋体"
FONT = Font(name=FONT_NAME, size=11)
FONT_BOLD = Font(name=FONT_NAME, size=11, bold=True)
FONT_SMALL = Font(name=FONT_NAME, size=10)
FONT_TITLE = Font(name=FONT_NAME, size=14, bold=True)
FONT_LINK = Font(name=FONT_NAME, size=11, color="0563C1", underline="single")
FONT_ERROR = Font(name=FONT_NAME, size=11, bold=True, color="C00000")
FONT_WARNING = Font(name=FONT_NAME, size=11, color="9C5700")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LABEL = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)

#: Points per line of 11-pt text, and the padding of a row.
LINE_HEIGHT = 15.0
ROW_PADDING = 5.0
DATA_ROW_HEIGHT = 24.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit
#: Largest value data validation lets a person type (the input limit of the editor).
MAX_INPUT = 10**12


def workbook_bytes(report: Report) -> bytes:
    """The workbook for `report` as .xlsx bytes; the same report gives the same bytes."""
    return fixed_workbook_bytes(build_workbook(report), _document_time(report))


def fixed_workbook_bytes(workbook: Workbook, when: datetime) -> bytes:
    """`workbook` as .xlsx bytes with every zip entry dated `when` (zipfile would stamp the current
    time): the same workbook gives the same bytes (also export/batch_xlsx.py's 汇总.xlsx)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return refixed_zip(buffer.getvalue(), (when.year, when.month, when.day, 0, 0, 0), external_attr=0o600 << 16)


def export_xlsx(report: Report, path: Path) -> None:
    """Write the workbook to `path` atomically; WorkbookError (the old file untouched) on failure."""
    write_workbook_file(workbook_bytes(report), path)


def write_workbook_file(data: bytes, path: Path) -> None:
    """Write workbook bytes to `path` atomically; WorkbookError (the old file untouched) on failure."""
    try:
        write_atomic(path, data)  # through a symbolic link, the file it points to
    except OSError as error:
        outcome = "原文件未改动" if not isinstance(error, WriteError) or error.existed else "未写入任何文件"
        raise WorkbookError(path, f"{os_error_reason(error)}，{outcome}", action="导出") from None


def build_workbook(report: Report) -> Workbook:
    template = report.template
    workbook = Workbook()
    workbook.remove(workbook.active)
    cell_refs: dict[CellKey, tuple[str, str]] = {}
    for section_id, tables in table_sections(template):
        write_table_sheet(workbook, report, section_id, tables, cell_refs)
    _write_meta_sheet(workbook, report)
    _write_findings_sheet(workbook, report, cell_refs)
    workbook.active = 0
    stamp_properties(workbook, _title(report), _document_time(report), subject="政府信息公开工作年度报告统计表")
    return workbook


def stamp_properties(workbook: Workbook, title: str, when: datetime, subject: str | None = None) -> None:
    """The document properties every workbook of ours carries: its title, this app as author, and fixed
    times (`when`), so that the same content gives the same bytes."""
    properties = workbook.properties
    properties.title = title
    if subject is not None:
        properties.subject = subject
    properties.creator = APP_NAME
    properties.lastModifiedBy = APP_NAME
    properties.created = when
    properties.modified = when


def _title(report: Report) -> str:
    title = report.title if report.meta.year else f"{report.meta.agency}政府信息公开工作年度报告"
    return plain_text(title)


#: The years a zip entry's time can hold (DOS dates): a publication date outside them (typed as
#: 2108, say) must not make the export fail.
ZIP_YEARS = (1980, 2107)


def _document_time(report: Report) -> datetime:
    """Fixed document times: the publication date, else 1 January after the report year, within the
    years a zip can store."""
    meta = report.meta
    if meta.published and ZIP_YEARS[0] <= meta.published.year <= ZIP_YEARS[1]:
        return datetime(meta.published.year, meta.published.month, meta.published.day)
    year = meta.year + 1 if ZIP_YEARS[0] <= meta.year < ZIP_YEARS[1] else 2021
    return datetime(year, 1, 1)


# --- cells ------------------------------------------------------------------------------


def _text(ws: Worksheet, row: int, column: int, text: str, *, font: Font = FONT,
          alignment: Alignment = LEFT, border: Border | None = None) -> Cell:
    """A text cell: escaped for XML, and never a formula even when it starts with "="."""
    cell = ws.cell(row=row, column=column)
    if text:
        cell.value = escape_cell_text(text)
        cell.data_type = "s"
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _merge(ws: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    if first_row != last_row or first_column != last_column:
        ws.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)


def _number_format(value: Value, kind: ValueKind) -> str:
    """General for whole numbers; a fee with decimals shows them (up to 6, to the 分) without trailing zeros.

    A fixed "0.####" would print a whole number as "5." in Excel, and "0" would
    show a count someone types as 1.5 as "2": General shows what the cell holds."""
    if kind is ValueKind.AMOUNT and isinstance(value, Decimal) and value != value.to_integral_value():
        return "0.######"
    return "General"


# --- table sheets ----------------------------------------------------------------------------


class _Columns:
    """Maps a table's grid columns onto the sheet's columns. A sheet holds tables
    of different widths (section 二: three columns, then one): a table's last
    label column and its last data column stretch to the sheet's width, as in
    the official template, where 本年处理决定数量 spans the three columns of
    第二十条第（一）项."""

    def __init__(self, grid: TableGrid, label_columns: int, data_columns: int, left: int = 1):
        self.ranges: list[tuple[int, int]] = []
        for i in range(grid.label_columns):
            last = left + label_columns - 1 if i == grid.label_columns - 1 else left + i
            self.ranges.append((left + i, last))
        first_data = left + label_columns
        count = len(grid.table.columns)
        for j in range(count):
            last = first_data + data_columns - 1 if j == count - 1 else first_data + j
            self.ranges.append((first_data + j, last))

    def span(self, grid_column: int, across: int) -> tuple[int, int]:
        return self.ranges[grid_column][0], self.ranges[grid_column + across - 1][1]


def write_table_sheet(workbook: Workbook, report: Report, section_id: str, tables: list[Table],
                      cell_refs: dict[CellKey, tuple[str, str]], *, sheet_title: str | None = None,
                      header: str | None = None) -> Worksheet:
    """The sheet of one table section of `report` in the official layout (merged headers and labels,
    print set-up); `sheet_title` and the printed page `header` default to the section's and the
    report's titles. The batch's 汇总.xlsx writes its roll-up with this too (export/batch_xlsx.py)."""
    template = report.template
    ws = workbook.create_sheet(sheet_title or table_sheet_title(template, section_id))
    ws.sheet_view.showGridLines = False
    grids = [table_grid(t) for t in tables]
    label_columns = max(g.label_columns for g in grids)
    data_columns = max(len(t.columns) for t in tables)
    width = label_columns + data_columns
    widths = _column_widths(grids, label_columns, data_columns)
    for index, value in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = value

    heights: dict[int, float] = {}
    _text(ws, 1, 1, template.section(section_id).title, font=FONT_TITLE, alignment=CENTER)
    _merge(ws, 1, 1, 1, width)
    heights[1] = 30.0
    row = 2
    header_rows: tuple[int, int] | None = None
    validations: dict[str, DataValidation] = {}
    for table, grid in zip(tables, grids, strict=True):
        if table.caption:
            _text(ws, row, 1, table.caption, font=FONT_BOLD, alignment=CENTER, border=BORDER)
            _merge(ws, row, 1, row, width)
            heights[row] = DATA_ROW_HEIGHT + 2
            row += 1
        columns = _Columns(grid, label_columns, data_columns)
        _write_grid(ws, report, table, grid, columns, row, widths, heights, cell_refs, validations)
        if len(tables) == 1:
            header_rows = (row, row + grid.header_rows - 1)
        row += grid.row_count
    for validation in validations.values():
        ws.add_data_validation(validation)
    for index, height in heights.items():
        ws.row_dimensions[index].height = min(height, MAX_ROW_HEIGHT)

    last_row = row - 1
    if header_rows is not None:
        # One table: its header rows and label columns stay in view and repeat on every printed page.
        ws.freeze_panes = ws.cell(row=header_rows[1] + 1, column=label_columns + 1)
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    else:
        ws.freeze_panes = "A2"
    ws.print_area = f"A1:{get_column_letter(width)}{last_row}"
    _page_setup(ws, report, landscape=data_columns > 10, header=header)
    return ws


def _column_widths(grids: list[TableGrid], label_columns: int, data_columns: int) -> list[float]:
    """Widths in Excel units (a Chinese character is about two) that fit the labels.

    Outer label columns (三、本年度办理结果, （三）不予公开) span many rows and stay
    narrow, their text wrapping; the innermost holds the long leaf labels on up
    to two lines."""
    widths: list[float] = []
    for i in range(label_columns):
        if i < label_columns - 1:
            widths.append(9.0)
            continue
        leaves = [display_width(c.text) for g in grids for c in g.cells
                  if c.kind is GridCellKind.LABEL and c.column + c.column_span == g.label_columns]
        corner = [display_width(c.text) / 3 for g in grids for c in g.cells if c.kind is GridCellKind.CORNER]
        longest = max([*leaves, *corner, 8])
        widths.append(float(min(max(longest + 3, 12), 34)))
    # Data columns share one width, as in the official tables: enough for the
    # longest own label of a column (社会公益组织) on one line, a longer one on two.
    labels = [display_width(c.label) for g in grids for c in g.table.columns
              if len(g.table.columns) > 1 or data_columns == 1]
    longest = max([*labels, 6])
    needed = longest + 1 if longest <= 12 else math.ceil(longest / 2) + 3
    widths += [float(min(max(needed, 9), 16))] * data_columns
    return widths


def _lines(text: str, width: float) -> int:
    """Lines `text` takes when wrapped in a cell `width` units wide."""
    usable = max(width - 1.5, 2.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def _write_grid(ws: Worksheet, report: Report, table: Table, grid: TableGrid, columns: _Columns, top: int,
                widths: list[float], heights: dict[int, float], cell_refs: dict[CellKey, tuple[str, str]],
                validations: dict[str, DataValidation]) -> None:
    tall: list[tuple[int, int, float]] = []  # labels spanning rows: (first row, last row, height needed)
    for grid_cell in grid.cells:
        first_column, last_column = columns.span(grid_cell.column, grid_cell.column_span)
        first_row = top + grid_cell.row
        last_row = first_row + grid_cell.row_span - 1
        corner = grid_cell.kind is GridCellKind.CORNER
        header = grid_cell.kind is GridCellKind.HEADER
        alignment = CENTER if header or corner or grid_cell.row_span > 1 else LABEL
        font = FONT_SMALL if corner else FONT
        for r in range(first_row, last_row + 1):
            for c in range(first_column, last_column + 1):
                ws.cell(row=r, column=c).border = BORDER
        _text(ws, first_row, first_column, grid_cell.text, font=font, alignment=alignment, border=BORDER)
        _merge(ws, first_row, first_column, last_row, last_column)
        span_width = sum(widths[first_column - 1:last_column])
        needed = _lines(grid_cell.text, span_width) * LINE_HEIGHT * (10 / 11 if corner else 1) + ROW_PADDING
        if first_row == last_row:
            heights[first_row] = max(heights.get(first_row, DATA_ROW_HEIGHT), needed)
        else:
            tall.append((first_row, last_row, needed))

    sheet = ws.title
    for i, row in enumerate(table.rows):
        sheet_row = top + grid.header_rows + i
        heights.setdefault(sheet_row, DATA_ROW_HEIGHT)
        for j, column in enumerate(table.columns):
            first_column, last_column = columns.span(grid.label_columns + j, 1)
            key = (table.id, row.id, column.id)
            value = report.cells.get(key)
            for c in range(first_column, last_column + 1):
                ws.cell(row=sheet_row, column=c).border = BORDER
            cell = ws.cell(row=sheet_row, column=first_column)
            if value is not None:
                # A whole Decimal (0E-4, 1E+1) is written as an int, so that the file holds plain digits.
                cell.value = int(value) if isinstance(value, Decimal) and value == value.to_integral_value() \
                    else value
                cell.number_format = _number_format(value, column.kind)
            cell.font = FONT
            cell.alignment = CENTER
            _merge(ws, sheet_row, first_column, sheet_row, last_column)
            cell_refs[key] = (sheet, cell.coordinate)
            _validation(validations, column.kind, column.decimals).add(cell.coordinate)
    for header_row in range(top, top + grid.header_rows):
        heights.setdefault(header_row, DATA_ROW_HEIGHT)
    for first_row, last_row, needed in tall:
        have = sum(heights.get(r, DATA_ROW_HEIGHT) for r in range(first_row, last_row + 1))
        if have < needed:
            extra = (needed - have) / (last_row - first_row + 1)
            for r in range(first_row, last_row + 1):
                heights[r] = heights.get(r, DATA_ROW_HEIGHT) + extra


def _validation(validations: dict[str, DataValidation], kind: ValueKind, decimals: int) -> DataValidation:
    """Excel refuses "9件" or "—" typed into a number cell (blank stays allowed)."""
    name = kind.value
    if name not in validations:
        if kind is ValueKind.AMOUNT:
            rule = {"type": "decimal", "formula1": "0", "formula2": str(MAX_INPUT)}
            message = f"此处应填写不小于 0 的金额（单位：万元，最多 {decimals} 位小数）。"
        elif kind is ValueKind.DELTA:
            rule = {"type": "whole", "formula1": str(-MAX_INPUT), "formula2": str(MAX_INPUT)}
            message = "此处应填写整数（增加为正，减少为负）。"
        else:
            rule = {"type": "whole", "formula1": "0", "formula2": str(MAX_INPUT)}
            message = "此处应填写不小于 0 的整数。"
        validations[name] = DataValidation(
            **rule, operator="between", allow_blank=True, showErrorMessage=True, errorStyle="stop",
            errorTitle="数值无效", error=message + "不填表示未填写（空白不等于 0），数量为零请填写 0。")
    return validations[name]


def _page_setup(ws: Worksheet, report: Report, *, landscape: bool, header: str | None = None) -> None:
    """A4, each table fitted to one page width, centred; the report title above, page numbers below."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.4, footer=0.4)
    ws.oddHeader.center.text = plain_text(header or _title(report)).replace("&", "&&")[:200]
    ws.oddHeader.center.size = 10
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10


# --- metadata and narrative ----------------------------------------------------------------


def _write_meta_sheet(workbook: Workbook, report: Report) -> None:
    """Metadata rows, then one row per paragraph. Column A (hidden) holds the
    section id, so that a section keeps its identity even with an edited title;
    text longer than one cell allows continues in the next columns."""
    ws = workbook.create_sheet(META_SHEET)
    template = report.template
    meta = report.meta
    for letter, width in zip("ABCD", (10, 24, 6, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].hidden = True
    _text(ws, 1, 2, _title(report), font=FONT_TITLE, alignment=CENTER)
    _merge(ws, 1, 2, 1, 4)
    ws.row_dimensions[1].height = 30
    _text(ws, 3, 2, META_HEADING, font=FONT_BOLD)
    values: dict[str, Any] = {
        "agency": meta.agency,
        "year": meta.year,
        "kind": meta.kind.label,
        "published": meta.published,
        "website": meta.website,
        "phone": meta.phone,
        "email": meta.email,
        "template": f"{template.year} 年版（{template.source}）",
    }
    row = 4
    for field, label in META_LABELS.items():
        _text(ws, row, 2, label, font=FONT_BOLD, border=BORDER, alignment=LEFT).fill = HEADER_FILL
        value = values[field]
        for c in (3, 4):
            ws.cell(row=row, column=c).border = BORDER
        if isinstance(value, str):
            cell = _text(ws, row, 3, value, border=BORDER)
        else:
            cell = ws.cell(row=row, column=3, value=value)
            cell.font, cell.border, cell.alignment = FONT, BORDER, LEFT
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
        _merge(ws, row, 3, row, 4)
        row += 1
    row += 1
    _text(ws, row, 2, TEXT_HEADING, font=FONT_BOLD)
    row += 1
    for column, label in enumerate(TEXT_COLUMNS, start=1):
        _text(ws, row, column, label, font=FONT_BOLD, alignment=CENTER, border=BORDER).fill = HEADER_FILL
    ws.freeze_panes = ws.cell(row=row + 1, column=2)
    row += 1
    blocks = [(PREAMBLE_ID, PREAMBLE_TITLE, report.preamble)] if report.preamble else []
    blocks += [(s.id, s.title, s.paragraphs) for s in report.sections]
    for section_id, title, paragraphs in blocks:
        if not paragraphs:
            _paragraph_row(ws, row, section_id, title, None, "")
            row += 1
        for number, paragraph in enumerate(paragraphs, start=1):
            _paragraph_row(ws, row, section_id, title, number, paragraph)
            row += 1
    _page_setup(ws, report, landscape=False)
    ws.print_options.horizontalCentered = False


def _paragraph_row(ws: Worksheet, row: int, section_id: str, title: str, number: int | None, text: str) -> None:
    _text(ws, row, 1, section_id, alignment=TOP_LEFT, border=BORDER)
    _text(ws, row, 2, title, alignment=TOP_LEFT, border=BORDER)
    cell = ws.cell(row=row, column=3, value=number)
    cell.font, cell.alignment, cell.border = FONT, Alignment(horizontal="center", vertical="top"), BORDER
    chunks = [text[i:i + TEXT_CHUNK] for i in range(0, len(text), TEXT_CHUNK)] or [""]
    for offset, chunk in enumerate(chunks):
        _text(ws, row, 4 + offset, chunk, alignment=TOP_LEFT, border=BORDER)
    lines = max(_lines(text[:4000], 80), _lines(title, 24))
    ws.row_dimensions[row].height = min(lines * LINE_HEIGHT + ROW_PADDING, MAX_ROW_HEIGHT)


# --- findings ------------------------------------------------------------------------------


def _write_findings_sheet(workbook: Workbook, report: Report, cell_refs: dict[CellKey, tuple[str, str]]) -> None:
    """Level, location, message and rule of every finding, errors first; where a
    finding points at a table cell, a link to it ("表三 J5"); a warning a reviewer signed off
    says 已核实 and the note (model/signoff.py)."""
    ws = workbook.create_sheet(FINDINGS_SHEET)
    findings = sort_findings(check_report(report))
    errors = sum(f.severity is Severity.ERROR for f in findings)
    signoffs = [signoff_for(report, f) for f in findings]
    signed = sum(s is not None for s in signoffs)
    headings = ("序号", "级别", "位置", "说明", "问题类型（规则）", "单元格", "核实", "核实说明")
    widths = (6, 8, 30, 76, 26, 10, 8, 40)
    for letter, width in zip("ABCDEFGH", widths, strict=True):
        ws.column_dimensions[letter].width = width
    counted = f"警告 {len(findings) - errors} 项" + (f"（已核实 {signed} 项）" if signed else "")
    _text(ws, 1, 1, f"检查结果（导出时）：错误 {errors} 项，{counted}",
          font=FONT_TITLE, alignment=LEFT)
    _merge(ws, 1, 1, 1, len(headings))
    ws.row_dimensions[1].height = 26
    for column, heading in enumerate(headings, start=1):
        _text(ws, 2, column, heading, font=FONT_BOLD, alignment=CENTER, border=BORDER).fill = HEADER_FILL
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    _page_setup(ws, report, landscape=True)
    if not findings:
        _text(ws, 3, 1, "未发现问题，各表勾稽关系平衡。", border=BORDER)
        _merge(ws, 3, 1, 3, len(headings))
        return
    short_names = {title: f"表{title[0]}" for title in (s.title for s in report.template.sections)}
    for index, (finding, signoff) in enumerate(zip(findings, signoffs, strict=True), start=1):
        row = index + 2
        cell = ws.cell(row=row, column=1, value=index)
        cell.font, cell.alignment, cell.border = FONT, CENTER, BORDER
        severity_font = FONT_ERROR if finding.severity is Severity.ERROR else FONT_WARNING
        _text(ws, row, 2, finding.severity.label, font=severity_font, alignment=CENTER, border=BORDER)
        where = describe_location(report, finding.location)
        _text(ws, row, 3, where, border=BORDER)
        _text(ws, row, 4, finding.message, border=BORDER)
        # In words for the reader, with the stable id a colleague can search the manual for.
        _text(ws, row, 5, f"{rule_name(finding.rule)}（{finding.rule}）", border=BORDER)
        link = ws.cell(row=row, column=6)
        link.border, link.alignment = BORDER, CENTER
        target = _finding_target(finding, cell_refs)
        if target is not None:
            sheet, coordinate = target
            _text(ws, row, 6, f"{short_names.get(sheet, sheet)} {coordinate}", font=FONT_LINK, alignment=CENTER,
                  border=BORDER)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(sheet)}!{coordinate}")
        _text(ws, row, 7, "已核实" if signoff else "", alignment=CENTER, border=BORDER)
        note = signoff.note if signoff else ""
        _text(ws, row, 8, note, border=BORDER)
        lines = max(_lines(finding.message, widths[3]), _lines(where, widths[2]), _lines(note, widths[7]))
        ws.row_dimensions[row].height = min(lines * LINE_HEIGHT + ROW_PADDING, MAX_ROW_HEIGHT)
    ws.auto_filter.ref = f"A2:H{len(findings) + 2}"


def _finding_target(finding: Finding, cell_refs: dict[CellKey, tuple[str, str]]) -> tuple[str, str] | None:
    location = finding.location
    if location.table is None:
        return None
    candidates: Iterable[tuple[str | None, str | None]] = [*location.cells, (location.row, location.column)]
    for row, column in candidates:
        if row is not None and column is not None and (location.table, row, column) in cell_refs:
            return cell_refs[(location.table, row, column)]
    return None

