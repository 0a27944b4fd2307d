"""Cells and print set-up shared by the sheets of the batch's 汇总.xlsx (export/batch_xlsx.py).

The look is the report workbook's (export/xlsx_export.py: 宋体, thin borders, grey headings), and text
goes through the same guard: a cell that starts with = + - @ is stored as text, never as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from export.xlsx_export import (
    BORDER,
    CENTER,
    FONT,
    FONT_BOLD,
    FONT_TITLE,
    HEADER_FILL,
    LEFT,
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    ROW_PADDING,
    _lines,
    _merge,
    _text,
)
from model.batch_types import BatchReport
from model.findings import Finding
from model.locations import describe_location
from model.report import Report

#: The printed page header of every sheet.
PAGE_HEADER = "政府信息公开工作年度报告批量检查汇总"
PERCENT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"

CellValue = str | int | float | Decimal | date | None


def title_row(ws: Worksheet, row: int, text: str, width: int) -> None:
    """A sheet's or a part's title across `width` columns."""
    _text(ws, row, 1, text, font=FONT_TITLE, alignment=LEFT)
    _merge(ws, row, 1, row, width)
    ws.row_dimensions[row].height = 26


def note_row(ws: Worksheet, row: int, text: str, width: int) -> None:
    """A line of explanation across `width` columns (no border)."""
    _text(ws, row, 1, text, alignment=LEFT)
    _merge(ws, row, 1, row, width)
    ws.row_dimensions[row].height = max(LINE_HEIGHT, _lines(text, 10.0 * width) * LINE_HEIGHT) + ROW_PADDING


def heading_row(ws: Worksheet, row: int, headings: Sequence[str]) -> None:
    for column, heading in enumerate(headings, start=1):
        _text(ws, row, column, heading, font=FONT_BOLD, alignment=CENTER, border=BORDER).fill = HEADER_FILL
    ws.row_dimensions[row].height = LINE_HEIGHT * 2 + ROW_PADDING


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def value_cell(ws: Worksheet, row: int, column: int, value: CellValue, *, font: Font = FONT,
               alignment: Alignment = LEFT, number_format: str | None = None) -> Cell:
    """A bordered cell holding `value`: text guarded against formulas, numbers as numbers (a whole
    Decimal as an int), dates as dates; None an empty cell."""
    if isinstance(value, str):
        return _text(ws, row, column, value, font=font, alignment=alignment, border=BORDER)
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if value is not None:
        cell.value = value
        if number_format:
            cell.number_format = number_format
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
    cell.font, cell.alignment, cell.border = font, alignment, BORDER
    return cell


def data_row(ws: Worksheet, row: int, values: Sequence[CellValue], widths: Sequence[float], *,
             font: Font = FONT, formats: dict[int, str] | None = None,
             centred: frozenset[int] = frozenset()) -> None:
    """One row of a list, its height fitted to the longest wrapped text."""
    formats = formats or {}
    lines = 1
    for index, value in enumerate(values):
        alignment = CENTER if index in centred or not isinstance(value, str) else LEFT
        value_cell(ws, row, index + 1, value, font=font, alignment=alignment, number_format=formats.get(index))
        if isinstance(value, str) and value:
            lines = max(lines, _lines(value[:2000], widths[index]))
    ws.row_dimensions[row].height = min(lines * LINE_HEIGHT + ROW_PADDING, MAX_ROW_HEIGHT)


def list_sheet_setup(ws: Worksheet, heading: int, last_row: int, columns: int, *, autofilter: bool = True) -> None:
    """A list's heading row frozen, repeated on every page and (with `autofilter`) filterable."""
    ws.freeze_panes = ws.cell(row=heading + 1, column=1)
    ws.print_title_rows = f"{heading}:{heading}"
    if autofilter:
        ws.auto_filter.ref = f"A{heading}:{get_column_letter(columns)}{max(last_row, heading)}"
    page_setup(ws)


def page_setup(ws: Worksheet, *, landscape: bool = True) -> None:
    """A4 landscape, fitted to one page width, the batch's title above and page numbers below."""
    ws.sheet_view.showGridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.8, bottom=0.8, header=0.4, footer=0.4)
    ws.oddHeader.center.text = PAGE_HEADER
    ws.oddHeader.center.size = 10
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10


def where_found(finding: Finding, entry: BatchReport | None, rollup: Report | None) -> str:
    """The finding's location in words (model.locations), named against its own report; when the batch
    dropped that report to bound memory, against the roll-up (the same template's tables and sections)."""
    report = entry.report if entry is not None and entry.report is not None else rollup
    if report is None:
        location = finding.location
        return " · ".join(p for p in (location.table, location.row, location.column) if p) or location.section
    return describe_location(report, finding.location)
