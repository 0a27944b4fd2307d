"""The Excel import on workbooks made the way agencies publish their tables
(tests/xlsx/make_workbooks.py): bare labels, abbreviated headers, the 2019
spelling 规范性文件, a single （六）其他处理 row, a misprinted label, a fee to the
分, the year in a sheet name or a title, a table left out. Read exactly, every
reading that is not the template's own spelling noted, nothing guessed."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_xlsx_import import XLSX, assert_cells, make, read, save

from importing.xlsx import ImportResult, ProblemKind, import_xlsx
from model.templates import TEMPLATES

T2021 = TEMPLATES[2021]
T3 = T2021.table("t3")


def cells_of(result: ImportResult, table_id: str) -> dict:
    return {key: value for key, value in result.report.cells.items() if key[0] == table_id}


# --- bare labels, abbreviated headers, 规范性文件 ------------------------------------------------


def test_bare_labels_abbreviated_headers_and_the_2019_spelling_are_read() -> None:
    result = read("published_bare.xlsx")
    assert result.ok, result.summary_lines()
    assert_cells(result, make.published_expected(make.FEE_TO_THE_FEN, [0] * 7))
    assert result.notes == [
        "工作表“2024年表二”A4“规范性文件”按“行政规范性文件”读取（2019 年模板的写法）。",
        "工作表“2024年表三”G3 的列标题“社会公益”按“社会公益组织”读取（模板列标题的简写）。",
        "工作表“2024年表三”H3 的列标题“法律服务”按“法律服务机构”读取（模板列标题的简写）。",
        "工作表“2024年表三”B24“（六）其他处理”一行未分列 1–3 项，各列均为 0；件数不能为负，故 1–3 项均记为 0。",
    ]
    assert result.sources[("t3", "3.5.2", "natural")] == "工作表“2024年表三”D20"  # "重复申请"
    assert result.sources[("t3", "3.6.2", "natural")] == "工作表“2024年表三”D24"  # from the single （六） row


def test_a_2019_style_table_2_is_not_read_into_the_2021_fields(tmp_path: Path) -> None:
    """本年新制作数量 is not 本年制发件数: the numbers stay where the person can see them, unplaced."""
    t2019 = TEMPLATES[2019]
    workbook = openpyxl.Workbook()
    sheet = make.Sheet(workbook.active, True, make.official, make.expected_cells(t2019))
    row = 1
    for table_id in ("t2_1", "t2_5", "t2_6", "t2_8"):
        row = make.write_table(sheet, t2019.table(table_id), row, 1) + 1
    result = import_xlsx(save(workbook, tmp_path / "2019 表二.xlsx"), template_year=2021)
    assert all(value is None for value in result.report.cells.values())
    assert not any(key[0].startswith("t2") for key in result.placed)
    missing = {p.reason for p in result.problems if p.kind is ProblemKind.MISSING}
    assert "第二十条第（一）项中未找到列“本年制发件数”，此列保持空白" in missing
    unplaced = {(p.cell, p.text) for p in result.problems if p.kind is ProblemKind.UNPLACED}
    assert {("B3", "1000"), ("B4", "1010")} <= unplaced  # 规章 and 规范性文件 · 本年新制作数量
    assert result.notes == []  # 规范性文件 was recognised, but nothing of its row was read


# --- a single （六）其他处理 row --------------------------------------------------------------------


def test_a_single_other_processing_row_with_a_number_leaves_its_sub_items_blank() -> None:
    result = read("published_misprints.xlsx")
    assert_cells(result, make.published_expected(make.FEE_TO_THE_FEN, make.OTHER_PROCESSING_VALUES))
    for row in make.OTHER_PROCESSING_ROWS:
        assert ("t3", row, "natural") not in result.placed and ("t3", row, "total") not in result.placed
        assert result.placed[("t3", row, "commercial")] == 0
    assert [(p.sheet, p.cell, p.text, p.kind) for p in result.problems] == [
        ("Sheet1", "D41", "3", ProblemKind.UNPLACED), ("Sheet1", "J41", "3", ProblemKind.UNPLACED)]
    assert [p.reason for p in result.problems] == [
        "表三“（六）其他处理”·自然人合计 3 件，但未分列 1–3 项，三项保持空白，请按实际填写",
        "表三“（六）其他处理”·总计合计 3 件，但未分列 1–3 项，三项保持空白，请按实际填写"]
    assert (result.problems[0].table, result.problems[0].column) == ("t3", "natural")
    assert result.problems[0].cells == tuple((row, "natural") for row in make.OTHER_PROCESSING_ROWS)
    zero_columns = "、".join(f"法人或其他组织·{label}" for label in ("商业企业", "科研机构", "社会公益组织",
                                                                 "法律服务机构", "其他"))
    assert result.notes[-1] == (f"工作表“Sheet1”B41“（六）其他处理”一行未分列 1–3 项，其中{zero_columns}列为 0；"
                                "件数不能为负，故这些列的 1–3 项均记为 0。")


def test_a_single_other_processing_row_is_read_cell_by_cell(tmp_path: Path) -> None:
    """0 gives 0 below it, a blank gives blanks, text is reported and gives nothing."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "表三"
    values = [0, None, 0, "—", 0, 0, 0]
    make.write_table_3(make.Sheet(ws, True, make.official, make.expected_cells()), 1, 1,
                       collapse={make.OTHER_PROCESSING: values})
    result = import_xlsx(save(workbook, tmp_path / "六.xlsx"))
    for row in make.OTHER_PROCESSING_ROWS:
        assert result.placed[("t3", row, "natural")] == 0
        assert ("t3", row, "commercial") in result.placed and result.placed[("t3", row, "commercial")] is None
        assert ("t3", row, "public_welfare") not in result.placed
    table_problems = [p for p in result.problems if p.table == "t3"]
    assert [(p.cell, p.text, p.kind) for p in table_problems] == [("G24", "—", ProblemKind.NOT_A_NUMBER)]
    assert "“（六）其他处理”" in table_problems[0].reason


def test_an_other_processing_row_beside_its_sub_items_is_not_spread(tmp_path: Path) -> None:
    """Where 1–3 are printed, a row labelled （六）其他处理 with numbers is a group title with data: reported."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "表三"
    make.write_table_3(make.Sheet(ws, False, make.official, make.expected_cells()), 1, 1,
                       extra_after={"3.5.5": ("（六）其他处理", [0] * 7)})
    result = import_xlsx(save(workbook, tmp_path / "六 和 1–3.xlsx"))
    expected = {key: value for key, value in make.expected_cells().items() if key[0] == "t3"}
    assert cells_of(result, "t3") == expected
    unplaced = [p for p in result.problems if p.kind is ProblemKind.UNPLACED]
    assert [p.cell for p in unplaced] == ["C24", "D24", "E24", "F24", "G24", "H24", "I24", "J24"]
    assert "是分组标题" in unplaced[0].reason


@pytest.mark.parametrize(("title", "template_year"), [
    (None, 2021), ("某某县人民政府2020年政府信息公开工作年度报告", 2019)])
def test_table_3_alone_with_a_single_other_processing_row(tmp_path: Path, title: str | None,
                                                          template_year: int) -> None:
    """Both templates print （六）其他处理: it does not tell the template. The year does (2020: the
    2019 template, where （六） is a row of its own); without a year the current template reads it."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "表三"
    if title:
        ws["A1"] = title
    make.write_table_3(make.Sheet(ws, True, make.official, make.expected_cells()), 2, 1,
                       collapse={make.OTHER_PROCESSING: [0, 1, 2, 3, 4, 5, 15]})
    result = import_xlsx(save(workbook, tmp_path / "表三.xlsx"))
    assert result.report.template_year == template_year
    if template_year == 2019:
        assert [result.placed[("t3", "3.6", c)] for c in T3.column_ids] == [0, 1, 2, 3, 4, 5, 15]
        assert not [p for p in result.problems if p.table == "t3"] and result.notes == []
    else:
        assert result.placed[("t3", "3.6.1", "natural")] == 0 and ("t3", "3.6.1", "commercial") not in result.placed
        assert [p.cell for p in result.problems if p.table == "t3"] == [f"{c}25" for c in "EFGHIJ"]


# --- misprints ------------------------------------------------------------------------------------


def test_a_misprinted_label_is_read_with_a_note() -> None:
    result = read("published_misprints.xlsx")
    assert result.placed[("t3", "3.3.1", "natural")] == 5040
    assert result.notes[:3] == [  # in sheet order
        "工作表“Sheet1”G20 的列标题“社会公益”按“社会公益组织”读取（模板列标题的简写）。",
        "工作表“Sheet1”H20 的列标题“法律服务”按“法律服务机构”读取（模板列标题的简写）。",
        "工作表“Sheet1”C25“属于国家秘蜜”按“1.属于国家秘密”读取（与模板标签只差一个字）。",
    ]


def one_label_changed(tmp_path: Path, cell: str, text: str, sheet: str = "表三") -> ImportResult:
    workbook = openpyxl.load_workbook(XLSX / "official_three_sheets.xlsx")
    workbook[sheet][cell] = text
    return import_xlsx(save(workbook, tmp_path / "changed.xlsx"))


@pytest.mark.parametrize(("text", "row"), [
    ("1.属于国家秘", "3.3.1"),  # a character dropped
    ("1.属于国秘家密", "3.3.1"),  # two characters swapped
    ("属于国家秘蜜", "3.3.1"),  # a wrong character, bare
    ("1属于国家秘密", "3.3.1"),  # the point of the number dropped
    ("3.要求提供公开出本物", "3.5.3"),
])
def test_a_label_one_character_off_is_read(tmp_path: Path, text: str, row: str) -> None:
    cell = {"3.3.1": "C9", "3.5.3": "C22"}[row]
    result = one_label_changed(tmp_path, cell, text)
    assert result.ok, result.summary_lines()
    assert_cells(result, make.expected_cells())
    label = T3.row(row).label
    assert result.notes == [f"工作表“表三”{cell}“{text}”按“{label}”读取（与模板标签只差一个字）。"]


@pytest.mark.parametrize(("sheet", "cell", "text", "why"), [
    ("表二", "A12", "行政强罚", "as close to 行政处罚 as to 行政强制"),
    ("表三", "C9", "2.属于国家秘密", "its number says item 2"),
    ("表三", "C9", "1.属于国家机要", "two characters off"),
    ("表二", "A4", "规童", "too short to tell a misprint"),
    ("表三", "C27", "3.其它", "其他 is too short to tell a misprint"),
])
def test_a_label_that_is_not_clearly_one_label_is_not_guessed(tmp_path: Path, sheet: str, cell: str, text: str,
                                                             why: str) -> None:
    result = one_label_changed(tmp_path, cell, text, sheet)
    assert result.notes == [], why
    unplaced = {(p.sheet, p.cell, p.text) for p in result.problems if p.kind is ProblemKind.UNPLACED}
    assert (sheet, cell, text) in unplaced, why
    assert any(p.kind is ProblemKind.MISSING and p.row for p in result.problems), why


def test_a_column_header_one_character_off_is_read_with_a_note(tmp_path: Path) -> None:
    result = one_label_changed(tmp_path, "B3", "本年制发件教", "表二")
    assert result.ok, result.summary_lines()
    assert_cells(result, make.expected_cells())
    assert result.notes == ["工作表“表二”B3 的列标题“本年制发件教”按“本年制发件数”读取（与模板标签只差一个字）。"]


def test_an_ambiguous_column_header_is_not_guessed(tmp_path: Path) -> None:
    """本年制止件数 is one character from 本年制发件数 and from 本年废止件数; 本年 is the start of both."""
    for text in ("本年制止件数", "本年"):
        result = one_label_changed(tmp_path, "B3", text, "表二")
        assert result.notes == []
        missing = [p.reason for p in result.problems if p.kind is ProblemKind.MISSING]
        assert missing == ["第二十条第（一）项中未找到列“本年制发件数”，此列保持空白"]
        assert ("t2_1", "rules", "issued") not in result.placed


# --- fees to the 分 ---------------------------------------------------------------------------------


FEE_CELL = make.cell_ref(T2021.table("t2_8"), "fees", "amount")


@pytest.mark.parametrize(("content", "fee"), [
    (38651.123456, Decimal("38651.123456")),
    ("38651.123456", Decimal("38651.123456")),
    (0.000001, Decimal("0.000001")),
    ("0.000001", Decimal("0.000001")),
    ("１２.３４５６７８", Decimal("12.345678")),
    (38651.0, 38651),
])
def test_a_fee_to_the_fen_reads_exactly(tmp_path: Path, content: Any, fee: Any) -> None:
    result = one_label_changed(tmp_path, FEE_CELL, content, "表二")
    assert result.ok, result.summary_lines()
    value = result.report.cells[("t2_8", "fees", "amount")]
    assert value == fee and type(value) is type(fee)


def test_a_fee_stored_with_seventeen_digits_reads_as_typed(tmp_path: Path) -> None:
    """Excel may store a typed 38651.123456 as 38651.123456000001: the same number."""
    workbook = openpyxl.load_workbook(XLSX / "official_three_sheets.xlsx")
    workbook["表二"][FEE_CELL] = 38651.123456
    path = save(workbook, tmp_path / "fee.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    assert b"<v>38651.123456</v>" in parts[name]
    parts[name] = parts[name].replace(b"<v>38651.123456</v>", b"<v>38651.123456000001</v>")
    path.write_bytes(make.zip_parts(parts))
    assert import_xlsx(path).report.cells[("t2_8", "fees", "amount")] == Decimal("38651.123456")


@pytest.mark.parametrize("content", [38651.1234567, "38651.1234567", 0.0000001, "0.0000001"])
def test_a_fee_with_seven_decimals_is_refused(tmp_path: Path, content: Any) -> None:
    result = one_label_changed(tmp_path, FEE_CELL, content, "表二")
    assert [(p.cell, p.kind) for p in result.problems] == [(FEE_CELL, ProblemKind.INVALID)]
    assert "金额最多 6 位小数" in result.problems[0].reason
    assert ("t2_8", "fees", "amount") not in result.placed


# --- the report year ------------------------------------------------------------------------------------


def test_the_year_is_read_from_the_sheet_names_or_a_title() -> None:
    for name in ("published_bare.xlsx", "published_misprints.xlsx", "no_table_2.xlsx"):
        result = read(name)
        assert result.year == make.REPORT_YEAR and result.report.meta.year == make.REPORT_YEAR, name
    result = read("no_table_4.xlsx")
    assert result.year is None and result.report.meta.year == 0  # stated nowhere: never invented


def test_a_date_is_not_a_report_year(tmp_path: Path) -> None:
    result = one_label_changed(tmp_path, "A1", "报告日期：2025年1月20日", "表二")
    assert result.year is None and result.report.meta.year == 0


def test_title_and_sheet_name_that_disagree_are_a_problem(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(XLSX / "official_three_sheets.xlsx")
    workbook["表二"]["A1"] = make.TITLE
    workbook["表三"].title = "2023年表三"
    result = import_xlsx(save(workbook, tmp_path / "两个年度.xlsx"))
    assert result.year is None and result.report.meta.year == 0
    assert [(p.sheet, p.cell, p.kind) for p in result.problems] == [("表二", "A1", ProblemKind.METADATA)]
    assert result.problems[0].reason == (f"工作簿中写明的报告年度不一致：标题“{make.TITLE}”为 2024 年度，"
                                         "工作表名“2023年表三”为 2023 年度；未读取报告年度，请核对")
    assert result.problems[0].field == "year"
    assert_cells(result, make.expected_cells())


def test_year_conflict_is_said_in_a_sentence() -> None:
    result = read("published_bare.xlsx")
    assert result.year_conflict(2025) == "工作簿为 2024 年度的报告，当前报告为 2025 年度"
    assert result.year_conflict(2024) is None
    assert result.year_conflict(0) is None  # the current report states no year: nothing to compare
    assert read("no_table_4.xlsx").year_conflict(2025) is None


# --- a table left out ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "missing"), [
    ("no_table_2.xlsx", ["t2_1", "t2_5", "t2_6", "t2_8"]),
    ("no_table_4.xlsx", ["t4"]),
])
def test_a_table_left_out_is_a_problem_and_the_rest_is_read(name: str, missing: list[str]) -> None:
    result = read(name)
    assert [(p.kind, p.table, p.row, p.column) for p in result.problems] == \
        [(ProblemKind.MISSING, table, None, None) for table in missing]
    expected = make.expected_cells()
    for key in expected:
        if key[0] in missing:
            expected[key] = None
    assert_cells(result, expected)
    assert not any(key[0] in missing for key in result.placed)


# --- as LibreOffice saves it ----------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    source = tmp_path / "in" / "published_bare.xlsx"
    source.parent.mkdir()
    shutil.copy(XLSX / "published_bare.xlsx", source)
    out = tmp_path / "out"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        capture_output=True, timeout=180, check=False)
    converted = out / "published_bare.xlsx"
    assert done.returncode == 0 and converted.exists(), done.stderr.decode(errors="replace")
    assert converted.read_bytes() != source.read_bytes()  # LibreOffice's own writer, not a copy
    result = import_xlsx(converted)
    original = read("published_bare.xlsx")
    assert result.ok, result.summary_lines()
    assert result.report.cells == original.report.cells
    assert result.notes == original.notes and result.year == make.REPORT_YEAR
