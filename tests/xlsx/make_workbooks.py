#!/usr/bin/env python3
"""Make the hand-made workbooks the Excel import is tested on (tests/test_xlsx_import.py).

    .venv/bin/python tests/xlsx/make_workbooks.py      # rewrites tests/xlsx/*.xlsx

Each workbook is written the way an office fills the official tables by hand
in Excel or WPS, independently of export/xlsx_export.py, with the variants
published tables show: half-width brackets, stray spaces, 合计 for 总计,
结转下一年度继续办理, an extra 小计 column, tables on one sheet or on three,
tables shifted down and right, merged or unmerged labels, text in number
cells, blanks, formulas. Every cell holds a different number (see `value`),
so a value read into the wrong cell cannot go unnoticed. The `published_*` and
`no_table_*` workbooks are made as published tables are: bare labels
(予以公开, 属于国家秘密), abbreviated headers (社会公益), the 2019 spelling
规范性文件, a single （六）其他处理 row without its sub-items, a misprinted label,
a fee to the 分, the year only in a sheet name or a title, a table left out.

The files are committed; the test suite checks that they are what this script
makes (same parts, same XML).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.worksheet import Worksheet  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

from model.report import CellKey, Value  # noqa: E402
from model.template import Row, Table, Template, ValueKind  # noqa: E402
from model.templates.t2021 import TEMPLATE  # noqa: E402

FEE = Decimal("12.3456")
#: Cells left blank in every workbook.
BLANKS: tuple[CellKey, ...] = (
    ("t2_1", "rules", "abolished"),
    ("t3", "3.3.2", "research"),
    ("t3", "4", "other"),
    ("t4", "cases", "direct_suit.pending"),
)
FIXED_TIME = datetime(2024, 1, 1)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, horizontal="center", vertical="center")


def value(table: Table, row_index: int, column_index: int) -> Value:
    """A different number in every cell: 表三 row 5 column 2 holds 5052; an amount is FEE."""
    if table.columns[column_index].kind is ValueKind.AMOUNT:
        return FEE
    number = {"t2_1": 1, "t2_5": 2, "t2_6": 3, "t2_8": 4, "t2_9": 6, "t3": 5, "t4": 7}[table.id]
    return number * 1000 + row_index * 10 + column_index


def expected_cells(template: Template = TEMPLATE) -> dict[CellKey, Value]:
    """What reading any of the workbooks must give (before a variant's own changes)."""
    cells: dict[CellKey, Value] = {}
    for table in template.tables:
        for i, row in enumerate(table.rows):
            for j, column in enumerate(table.columns):
                cells[(table.id, row.id, column.id)] = value(table, i, j)
    for key in BLANKS:
        if key in cells:
            cells[key] = None
    return cells


Spell = Callable[[str], str]


def official(text: str) -> str:
    return text


def published_variants(text: str) -> str:
    """The spellings real published tables use instead of the template's."""
    replacements = {
        "三、本年度办理结果": "三、本 年度办 理结果",
        "四、结转下年度继续办理": "四、结转下一年度继续办理",
        "（七）总计": "(七)合计",
        "总计": "合计",
        "自然人": "自 然 人",
        "申请人情况": " 申请人情况 ",
        "1.属于国家秘密": "1、属于国家秘密",
        "3.危及“三安全一稳定”": "3.危及\"三安全一稳定\"",
        "本年收费金额（单位：万元）": "本年收费金额(单位:万元)",
        "行政规范性文件": "行政规范性\n文件",
    }
    text = replacements.get(text, text)
    return text.replace("（", "(").replace("）", ")")


_NUMBERING = re.compile(r"^(\d{1,2}\.|[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")
_NOTE = re.compile(r"（[^（）]*）$")


def bare_label(text: str, numbering: bool = False, note: bool = False) -> str:
    """`text` as many published tables print it: without its number ("1.", "一、", "（一）")
    unless `numbering`, without a bracketed note at its end unless `note`. A text that is
    nothing but a note (table 三's corner) stays as it is."""
    bare = text if numbering else _NUMBERING.sub("", text)
    bare = bare if note else _NOTE.sub("", bare)
    return bare or text


def bare_forms(text: str) -> list[str]:
    """`text` and its shorter forms: without its number, without its note, without both."""
    forms = [text, bare_label(text, note=True), bare_label(text, numbering=True), bare_label(text)]
    return list(dict.fromkeys(forms))


#: Column headers as offices shorten them.
ABBREVIATED = {"社会公益组织": "社会公益", "法律服务机构": "法律服务"}
#: The label the 2019 template gives 行政规范性文件.
SPELLING_2019 = {"行政规范性文件": "规范性文件"}
MISPRINTED = {"1.属于国家秘密": "属于国家秘蜜"}


def published_bare(text: str) -> str:
    """Bare labels throughout, abbreviated headers, 规范性文件."""
    text = ABBREVIATED.get(text, SPELLING_2019.get(text, text))
    return bare_label(text)


def published_misprints(text: str) -> str:
    """The published variants, abbreviated headers, a misprinted label."""
    return published_variants(MISPRINTED.get(text, ABBREVIATED.get(text, text)))


# --- writing the tables by hand ----------------------------------------------------------


class Sheet:
    def __init__(self, ws: Worksheet, merge: bool, spell: Spell, cells: dict[CellKey, Any]):
        self.ws, self.merge, self.spell, self.cells = ws, merge, spell, cells

    def put(self, row: int, column: int, content: Any, last_row: int | None = None,
            last_column: int | None = None, label: bool = True) -> None:
        last_row = last_row or row
        last_column = last_column or column
        cell = self.ws.cell(row=row, column=column)
        if content is not None:
            cell.value = self.spell(content) if label and isinstance(content, str) else content
        for r in range(row, last_row + 1):
            for c in range(column, last_column + 1):
                self.ws.cell(row=r, column=c).border = BORDER
        cell.alignment = WRAP
        if self.merge and (last_row > row or last_column > column):
            self.ws.merge_cells(start_row=row, start_column=column, end_row=last_row, end_column=last_column)

    def data(self, row: int, column: int, key: CellKey, last_column: int | None = None) -> None:
        self.put(row, column, self.cells[key], last_column=last_column, label=False)


def write_table_2(sheet: Sheet, top: int, left: int, captions: bool = True) -> int:
    """Section 二 as in the template: four sub-tables under their captions, four columns wide."""
    row = top
    right = left + 3
    for table_id in ("t2_1", "t2_5", "t2_6", "t2_8"):
        table = TEMPLATE.table(table_id)
        if captions:
            sheet.put(row, left, table.caption, last_column=right)
            row += 1
        sheet.put(row, left, table.corner)
        single = len(table.columns) == 1
        for j, column in enumerate(table.columns):
            sheet.put(row, left + 1 + j, column.label, last_column=right if single else None)
        row += 1
        for r in table.rows:
            sheet.put(row, left, r.label)
            for j, column in enumerate(table.columns):
                sheet.data(row, left + 1 + j, (table.id, r.id, column.id), last_column=right if single else None)
            row += 1
    return row


def write_table_3(sheet: Sheet, top: int, left: int, subtotal: bool = False,
                  extra_after: dict[str, tuple[str, list[int]]] | None = None,
                  collapse: dict[str, list[Any]] | None = None) -> int:
    """Section 三: three header rows, three label columns; with `subtotal`, a 小计
    column after 其他 under 法人或其他组织 (holding the sum, as some offices add);
    `extra_after` inserts rows the template does not have (label, values) after
    a row, inside its group; `collapse` prints a group (（六）其他处理) as one row
    with the values given, without its numbered sub-items."""
    table = TEMPLATE.table("t3")
    first = left + 3
    columns = list(table.columns)
    positions: dict[str, int] = {}
    c = first
    for column in columns:
        positions[column.id] = c
        c += 1
        if subtotal and column.id == "other":
            positions["subtotal"] = c
            c += 1
    right = c - 1
    sheet.put(top, left, table.corner, last_row=top + 2, last_column=left + 2)
    sheet.put(top, first, "申请人情况", last_column=right)
    sheet.put(top + 1, positions["natural"], "自然人", last_row=top + 2)
    legal_last = positions["subtotal"] if subtotal else positions["other"]
    sheet.put(top + 1, positions["commercial"], "法人或其他组织", last_column=legal_last)
    for column in columns[1:6]:
        sheet.put(top + 2, positions[column.id], column.label)
    if subtotal:
        sheet.put(top + 2, positions["subtotal"], "小计")
    sheet.put(top + 1, positions["total"], "总计", last_row=top + 2)
    # The lines of the table body: (label path, template row id or None, values of an extra row).
    lines: list[tuple[tuple[str, ...], str | None, list[Any]]] = []
    for r in table.rows:
        if collapse and len(r.path) == 3 and r.path[1] in collapse:
            if r.path[:2] not in [line[0] for line in lines]:
                lines.append((r.path[:2], None, collapse[r.path[1]]))
            continue
        lines.append((r.path, r.id, []))
        if extra_after and r.id in extra_after:
            label, values = extra_after[r.id]
            lines.append(((*r.path[:-1], label), None, values))
    row = top + 3
    started: set[tuple[str, ...]] = set()
    for i, (path, row_id, extra) in enumerate(lines):
        sheet_row = row + i
        for level in range(len(path) - 1):
            prefix = path[:level + 1]
            if prefix not in started:
                started.add(prefix)
                last = max(k for k, other in enumerate(lines) if other[0][:level + 1] == prefix)
                sheet.put(sheet_row, left + level, path[level], last_row=row + last)
        sheet.put(sheet_row, left + len(path) - 1, path[-1], last_column=left + 2)
        if row_id is None:
            for j, number in enumerate(extra):
                sheet.put(sheet_row, first + j, number, label=False)
            continue
        for column in columns:
            sheet.data(sheet_row, positions[column.id], ("t3", row_id, column.id))
        if subtotal:
            parts = [sheet.cells[("t3", row_id, cid)] for cid in ("commercial", "research", "public_welfare",
                                                                   "legal_service", "other")]
            sheet.put(sheet_row, positions["subtotal"], sum(p for p in parts if isinstance(p, int)), label=False)
    return row + len(lines)


def write_table_4(sheet: Sheet, top: int, left: int) -> int:
    """Section 四: one data row under three header rows, fifteen columns."""
    table = TEMPLATE.table("t4")
    sheet.put(top, left, "行政复议", last_column=left + 4)
    sheet.put(top, left + 5, "行政诉讼", last_column=left + 14)
    sheet.put(top + 1, left + 5, "未经复议直接起诉", last_column=left + 9)
    sheet.put(top + 1, left + 10, "复议后起诉", last_column=left + 14)
    for j, column in enumerate(table.columns):
        if j < 5:
            sheet.put(top + 1, left + j, column.label, last_row=top + 2)
        else:
            sheet.put(top + 2, left + j, column.label)
        sheet.data(top + 3, left + j, ("t4", "cases", column.id))
    return top + 4


def write_table(sheet: Sheet, table: Table, top: int, left: int,
                printed: Callable[[Row], str] | None = None) -> int:
    """Any table with row labels, of any template, in the official shape: its caption,
    the corner over the header rows and the label columns, each header and group label
    merged over what it heads. `printed` gives the label a row is printed with."""
    row = top
    if table.caption:
        sheet.put(row, left, table.caption)
        row += 1
    depth, labels = table.header_depth, table.label_depth
    first = left + labels
    sheet.put(row, left, table.corner or None, last_row=row + depth - 1, last_column=first - 1)
    for level in range(depth):
        j = 0
        while j < len(table.columns):
            path = table.columns[j].path
            if len(path) <= level:
                j += 1
                continue
            last = j
            while last + 1 < len(table.columns) and table.columns[last + 1].path[:level + 1] == path[:level + 1]:
                last += 1
            leaf = len(path) == level + 1
            sheet.put(row + level, first + j, path[level], last_row=row + depth - 1 if leaf else None,
                      last_column=first + last)
            j = last + 1
    row += depth
    for i, r in enumerate(table.rows):
        for level in range(len(r.path) - 1):
            prefix = r.path[:level + 1]
            if i == 0 or table.rows[i - 1].path[:level + 1] != prefix:
                last = max(k for k, other in enumerate(table.rows) if other.path[:level + 1] == prefix)
                sheet.put(row + i, left + level, r.path[level], last_row=row + last)
        label = printed(r) if printed else r.label
        sheet.put(row + i, left + len(r.path) - 1, label, last_column=first - 1)
        for j, column in enumerate(table.columns):
            sheet.data(row + i, first + j, (table.id, r.id, column.id))
    return row + len(table.rows)


def _widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width


# --- the workbooks ----------------------------------------------------------------------------


def official_three_sheets() -> Workbook:
    """The official layout, merged cells, each table on its own sheet (as most offices send it)."""
    workbook = Workbook()
    cells = expected_cells()
    ws = workbook.active
    ws.title = "表二"
    ws["A1"] = "二、主动公开政府信息情况"
    write_table_2(Sheet(ws, True, official, cells), 2, 1)
    ws = workbook.create_sheet("表三")
    ws["A1"] = "三、收到和处理政府信息公开申请情况"
    write_table_3(Sheet(ws, True, official, cells), 2, 1)
    _widths(ws, {1: 8, 2: 10, 3: 30})
    ws = workbook.create_sheet("表四")
    ws["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    write_table_4(Sheet(ws, True, official, cells), 2, 1)
    return workbook


def variants_unmerged() -> Workbook:
    """Published spellings (half-width brackets, stray spaces, 合计, 结转下一年度…),
    no merged cells at all, an extra 小计 column in 表三, sheets named Sheet1–3."""
    workbook = Workbook()
    cells = expected_cells()
    ws = workbook.active
    ws.title = "Sheet1"
    write_table_2(Sheet(ws, False, published_variants, cells), 1, 1)
    ws = workbook.create_sheet("Sheet2")
    write_table_3(Sheet(ws, False, published_variants, cells), 1, 1, subtotal=True)
    ws = workbook.create_sheet("Sheet3")
    write_table_4(Sheet(ws, False, published_variants, cells), 1, 1)
    return workbook


def one_sheet_shifted() -> Workbook:
    """All tables on one sheet, below a title that states the year, shifted down
    and right (starting in column C), with a note under them."""
    workbook = Workbook()
    cells = expected_cells()
    ws = workbook.active
    ws.title = "统计表"
    ws["C2"] = "某某县人民政府2023年政府信息公开工作年度报告统计表"
    sheet = Sheet(ws, True, official, cells)
    ws["C4"] = "二、主动公开政府信息情况"
    row = write_table_2(sheet, 5, 3)
    ws.cell(row=row + 1, column=3, value="三、收到和处理政府信息公开申请情况")
    row = write_table_3(sheet, row + 2, 3)
    ws.cell(row=row + 1, column=3, value="四、政府信息公开行政复议、行政诉讼情况")
    row = write_table_4(sheet, row + 2, 3)
    ws.cell(row=row + 1, column=3, value="注：本表数据统计期限为2023年1月1日至12月31日。")
    return workbook


REPORT_YEAR = 2024
#: A fee to the 分, in 万元.
FEE_TO_THE_FEN = Decimal("38651.123456")
#: Where a single （六）其他处理 row stands in place of its three sub-items.
OTHER_PROCESSING = "（六）其他处理"
OTHER_PROCESSING_ROWS = ("3.6.1", "3.6.2", "3.6.3")
#: published_misprints.xlsx: its （六） row holds 3 for 自然人 and 总计, 0 in the other columns.
OTHER_PROCESSING_VALUES = [3, 0, 0, 0, 0, 0, 3]
TITLE = f"某某市某某局{REPORT_YEAR}年政府信息公开工作年度报告"


def published_expected(fee: Value, other_processing: list[int]) -> dict[CellKey, Value]:
    """What reading a published_* workbook must give: its fee, and 0 for the sub-items of
    （六） in every column where its single row holds 0 (the others are not placed)."""
    cells = expected_cells()
    cells[("t2_8", "fees", "amount")] = fee
    for column, number in zip(TEMPLATE.table("t3").column_ids, other_processing, strict=True):
        for row in OTHER_PROCESSING_ROWS:
            cells[("t3", row, column)] = 0 if number == 0 else None
    return cells


def published_bare_workbook() -> Workbook:
    """The official layout (merged cells, a sheet per table) with bare labels throughout
    (予以公开, 属于国家秘密, 本年新收政府信息公开申请数量, 总计), abbreviated headers
    (社会公益, 法律服务), 规范性文件, a single （六） row of zeros, a fee to the 分 in a
    number cell, and the year only in the sheet names (2024年表三)."""
    workbook = Workbook()
    cells: dict[CellKey, Any] = expected_cells()
    cells[("t2_8", "fees", "amount")] = float(FEE_TO_THE_FEN)
    ws = workbook.active
    ws.title = f"{REPORT_YEAR}年表二"
    write_table_2(Sheet(ws, True, published_bare, cells), 1, 1)
    ws = workbook.create_sheet(f"{REPORT_YEAR}年表三")
    write_table_3(Sheet(ws, True, published_bare, cells), 1, 1, collapse={OTHER_PROCESSING: [0] * 7})
    _widths(ws, {1: 8, 2: 10, 3: 30})
    ws = workbook.create_sheet(f"{REPORT_YEAR}年表四")
    write_table_4(Sheet(ws, True, published_bare, cells), 1, 1)
    return workbook


def published_misprints_workbook() -> Workbook:
    """All tables on one sheet without merged cells, under a title that states the year:
    published spellings, abbreviated headers, a misprinted label (属于国家秘蜜), a single
    （六） row holding 3 for 自然人 (and 总计), the fee to the 分 as text."""
    workbook = Workbook()
    cells: dict[CellKey, Any] = expected_cells()
    cells[("t2_8", "fees", "amount")] = str(FEE_TO_THE_FEN)
    ws = workbook.active
    ws.title = "Sheet1"
    ws["A1"] = TITLE
    sheet = Sheet(ws, False, published_misprints, cells)
    row = write_table_2(sheet, 3, 1)
    row = write_table_3(sheet, row + 1, 1, collapse={OTHER_PROCESSING: OTHER_PROCESSING_VALUES})
    write_table_4(sheet, row + 1, 1)
    return workbook


def no_table_2() -> Workbook:
    """Tables 三 and 四 only, the year in a title above table 三."""
    workbook = Workbook()
    cells = expected_cells()
    ws = workbook.active
    ws.title = "表三"
    ws["A1"] = TITLE
    write_table_3(Sheet(ws, True, official, cells), 2, 1)
    ws = workbook.create_sheet("表四")
    write_table_4(Sheet(ws, True, official, cells), 2, 1)
    return workbook


def no_table_4() -> Workbook:
    """Tables 二 and 三 only, no year anywhere."""
    workbook = Workbook()
    cells = expected_cells()
    ws = workbook.active
    ws.title = "表二"
    write_table_2(Sheet(ws, True, official, cells), 2, 1)
    ws = workbook.create_sheet("表三")
    write_table_3(Sheet(ws, True, official, cells), 2, 1)
    return workbook


#: Cells of text_in_numbers.xlsx that hold text or odd values: what is written, and what must be read
#: (a Value), or None with the problem kind when the cell must be reported instead.
ODD_CELLS: dict[CellKey, tuple[Any, Value | None, str | None]] = {
    ("t3", "1", "natural"): ("9件", None, "not_a_number"),
    ("t3", "3.1", "commercial"): ("—", None, "not_a_number"),
    ("t3", "4", "total"): ("/", None, "not_a_number"),
    ("t3", "3.3.1", "natural"): (1.5, None, "invalid"),
    ("t3", "2", "natural"): ("１２", 12, None),
    ("t3", "3.2", "other"): ("   ", None, None),
    ("t2_1", "rules", "issued"): ("1,234", 1234, None),
    ("t2_8", "fees", "amount"): ("12.3456", FEE, None),
    ("t4", "cases", "review.upheld"): (3.0, 3, None),
}
#: A number outside every table, and a row 表三 does not have (a 小计 row under （三）不予公开).
STRAY = ("表三", "M40", 42)
EXTRA_ROW_AFTER = "3.3.8"
EXTRA_ROW_LABEL = "小计"
EXTRA_ROW_VALUES = [901, 902, 903, 904, 905, 906, 907]


def text_in_numbers() -> Workbook:
    """The official layout with text where numbers belong ("9件", "—", "/"), a
    full-width number, a number with a thousands separator, a count of 1.5, a
    cell of spaces, a stray number and a 小计 row the template does not have."""
    cells: dict[CellKey, Any] = dict(expected_cells())
    for key, (content, _expected, _problem) in ODD_CELLS.items():
        cells[key] = content
    workbook = Workbook()
    ws = workbook.active
    ws.title = "表二"
    write_table_2(Sheet(ws, True, official, cells), 2, 1)
    ws = workbook.create_sheet("表三")
    write_table_3(Sheet(ws, True, official, cells), 2, 1,
                  extra_after={EXTRA_ROW_AFTER: (EXTRA_ROW_LABEL, EXTRA_ROW_VALUES)})
    _widths(ws, {1: 8, 2: 10, 3: 30})
    ws = workbook.create_sheet("表四")
    write_table_4(Sheet(ws, True, official, cells), 2, 1)
    sheet_name, ref, number = STRAY
    workbook[sheet_name][ref] = number
    return workbook


def cell_ref(table: Table, row_id: str, column_id: str, extra_row: bool = False) -> str:
    """Where `official_three_sheets` puts a cell (with `extra_row`: text_in_numbers, with its 小计 row)."""
    if table.id == "t3":
        index = table.row_ids.index(row_id)
        row = 5 + index + (1 if extra_row and index > table.row_ids.index(EXTRA_ROW_AFTER) else 0)
        return f"{get_column_letter(4 + table.column_ids.index(column_id))}{row}"
    if table.id == "t4":
        return f"{get_column_letter(1 + table.column_ids.index(column_id))}5"
    row = 2
    for table_id in ("t2_1", "t2_5", "t2_6", "t2_8"):
        other = TEMPLATE.table(table_id)
        if other.id == table.id:
            return f"{get_column_letter(2 + table.column_ids.index(column_id))}{row + 2 + table.row_ids.index(row_id)}"
        row += 2 + len(other.rows)
    raise KeyError(table.id)


#: formulas.xlsx: 表三's 总计 column holds =SUM formulas with the results Excel
#: stored; the one of row 一 has no stored result (as a file written by a program).
NO_RESULT_ROW = "1"


def formulas() -> Workbook:
    workbook = official_three_sheets()
    ws = workbook["表三"]
    t3 = TEMPLATE.table("t3")
    for i, _row in enumerate(t3.rows):
        ws[f"J{5 + i}"] = f"=SUM(D{5 + i}:I{5 + i})"
    return workbook


def formula_results(data: dict[str, bytes]) -> dict[str, bytes]:
    """Store the results Excel would have stored with each formula, but for row 一."""
    t3 = TEMPLATE.table("t3")
    cells = expected_cells()
    name = "xl/worksheets/sheet2.xml"
    xml = data[name].decode("utf-8")
    for i, row in enumerate(t3.rows):
        if row.id == NO_RESULT_ROW:
            continue
        total = sum(cells[("t3", row.id, c)] or 0 for c in t3.column_ids if c != "total")
        pattern = re.compile(rf"(<c r=\"J{5 + i}\"[^>]*><f>SUM\(D{5 + i}:I{5 + i}\)</f>)<v\s*(?:/>|></v>)")
        xml, count = pattern.subn(rf"\g<1><v>{total}</v>", xml)
        assert count == 1, (row.id, count)
    return {**data, name: xml.encode("utf-8")}


WORKBOOKS: dict[str, tuple[Callable[[], Workbook], Callable[[dict[str, bytes]], dict[str, bytes]] | None]] = {
    "official_three_sheets.xlsx": (official_three_sheets, None),
    "variants_unmerged.xlsx": (variants_unmerged, None),
    "one_sheet_shifted.xlsx": (one_sheet_shifted, None),
    "text_in_numbers.xlsx": (text_in_numbers, None),
    "formulas.xlsx": (formulas, formula_results),
    "published_bare.xlsx": (published_bare_workbook, None),
    "published_misprints.xlsx": (published_misprints_workbook, None),
    "no_table_2.xlsx": (no_table_2, None),
    "no_table_4.xlsx": (no_table_4, None),
}


def workbook_parts(name: str) -> dict[str, bytes]:
    """The parts (zip entries) of workbook `name` as this script makes it."""
    make, patch = WORKBOOKS[name]
    workbook = make()
    workbook.properties.creator = "tests/xlsx/make_workbooks.py"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    return patch(parts) if patch else parts


def zip_parts(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def main() -> None:
    for name in WORKBOOKS:
        (HERE / name).write_bytes(zip_parts(workbook_parts(name)))
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
