"""The Excel export (export/xlsx_export.py): the official grid from model.layout,
numbers as numbers, blanks as empty cells, print set-up, the metadata and
findings sheets, determinism and atomic writing."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from export import xlsx_export
from export.xlsx_export import export_xlsx, workbook_bytes
from importing.xlsx_safety import WorkbookError
from model.checks import check_report
from model.findings import Location
from model.layout import GridCellKind, table_grid
from model.locations import describe_location
from model.report import Report
from model.rule_names import rule_name
from model.templates import TEMPLATES
from model.workbook_format import FINDINGS_SHEET, META_SHEET, display_width

T3_SHEET = "三、收到和处理政府信息公开申请情况"
T2_SHEET = "二、主动公开政府信息情况"
T4_SHEET = "四、政府信息公开行政复议、行政诉讼情况"


def load(report: Report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(report)))


def merged(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def ref(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def span(first_row: int, first_column: int, last_row: int, last_column: int) -> str:
    return ref(first_row, first_column) if (first_row, first_column) == (last_row, last_column) \
        else f"{ref(first_row, first_column)}:{ref(last_row, last_column)}"


def test_one_sheet_per_table_section_then_metadata_and_findings(sample: Report) -> None:
    workbook = load(sample)
    assert workbook.sheetnames == [T2_SHEET, T3_SHEET, T4_SHEET, META_SHEET, FINDINGS_SHEET]
    assert workbook.active.title == T2_SHEET


def test_table_three_draws_exactly_the_layout_grid(sample: Report) -> None:
    """Title in row 1, the grid from row 2: every merged label cell of table_grid, and nothing else."""
    ws = load(sample)[T3_SHEET]
    table = sample.template.table("t3")
    grid = table_grid(table)
    expected = {"A1:J1"}
    for cell in grid.cells:
        first_row, first_column = 2 + cell.row, 1 + cell.column
        last_row, last_column = first_row + cell.row_span - 1, first_column + cell.column_span - 1
        assert ws.cell(row=first_row, column=first_column).value == cell.text
        if (first_row, first_column) != (last_row, last_column):
            expected.add(span(first_row, first_column, last_row, last_column))
    assert merged(ws) == expected
    assert ws["A1"].value == T3_SHEET
    assert ws["A2"].value == table.corner
    assert "A2:C4" in expected and "A7:A28" in expected  # the corner note; 三、本年度办理结果
    assert ws["B9"].value == "（三）不予公开" and ws["C9"].value == "1.属于国家秘密"


def test_table_three_numbers_are_numbers_in_template_order(sample: Report) -> None:
    ws = load(sample)[T3_SHEET]
    table = sample.template.table("t3")
    for i, row in enumerate(table.rows):
        for j, column in enumerate(table.columns):
            cell = ws.cell(row=5 + i, column=4 + j)
            assert cell.value == sample.cells[("t3", row.id, column.id)]
            assert type(cell.value) is int
            assert cell.data_type == "n"


def test_section_two_sub_tables_under_their_captions(sample: Report) -> None:
    """Four sub-tables, each under its caption; a one-column sub-table's header
    and value span the three data columns, as in the official template."""
    ws = load(sample)[T2_SHEET]
    template = sample.template
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=15, max_col=4)]
    assert rows[0][0] == T2_SHEET
    assert rows[1] == ["第二十条第（一）项", None, None, None]
    assert rows[2] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert rows[3] == ["规章", 0, 0, 0]
    assert rows[4] == ["行政规范性文件", 0, 0, 0]
    assert rows[5][0] == "第二十条第（五）项"
    assert rows[6] == ["信息内容", "本年处理决定数量", None, None]
    assert rows[7] == ["行政许可", sample.cells[("t2_5", "licensing", "decisions")], None, None]
    assert rows[12][0] == "第二十条第（八）项"
    assert rows[13] == ["信息内容", template.table("t2_8").columns[0].label, None, None]
    assert rows[14][0] == "行政事业性收费"
    assert {"A2:D2", "A6:D6", "B7:D7", "B8:D8", "A9:D9", "B10:D10", "B11:D11", "B12:D12", "A13:D13", "B14:D14",
            "B15:D15"} <= merged(ws)


def test_table_four_has_three_header_rows_and_one_data_row(sample: Report) -> None:
    ws = load(sample)[T4_SHEET]
    assert ws["A2"].value == "行政复议" and ws["F2"].value == "行政诉讼"
    assert ws["F3"].value == "未经复议直接起诉" and ws["K3"].value == "复议后起诉"
    assert ws["A3"].value == "结果维持" and ws["F4"].value == "结果维持" and ws["O4"].value == "总计"
    assert {"A2:E2", "F2:O2", "F3:J3", "K3:O3", "A3:A4", "E3:E4"} <= merged(ws)
    table = sample.template.table("t4")
    assert [ws.cell(row=5, column=1 + j).value for j in range(15)] == \
        [sample.cells[("t4", "cases", c)] for c in table.column_ids]
    assert ws.freeze_panes == "A5"
    assert ws.page_setup.orientation == "landscape"


def test_blanks_are_empty_cells_and_the_fee_keeps_its_decimals(sample: Report) -> None:
    sample.cells[("t3", "3.1", "natural")] = None
    sample.cells[("t2_8", "fees", "amount")] = Decimal("0.000001")
    workbook = load(sample)
    blank = workbook[T3_SHEET]["D7"]
    assert blank.value is None and blank.border.left.style == "thin"
    fee = workbook[T2_SHEET]["B15"]
    assert fee.value == pytest.approx(0.000001) and fee.data_type == "n"
    assert fee.number_format == "0.######"
    sample.cells[("t2_8", "fees", "amount")] = 12
    assert load(sample)[T2_SHEET]["B15"].number_format == "General"


def test_print_setup_frozen_panes_and_wrapped_headers(sample: Report) -> None:
    workbook = load(sample)
    for name in (T2_SHEET, T3_SHEET, T4_SHEET):
        ws = workbook[name]
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_area
    ws = workbook[T3_SHEET]
    assert ws.freeze_panes == "D5"
    assert ws.print_title_rows.replace("$", "") == "2:4"
    assert ws.page_setup.orientation == "portrait"
    assert ws["D2"].alignment.wrap_text and ws["A2"].alignment.wrap_text
    assert workbook[T2_SHEET].freeze_panes == "A2"


@pytest.mark.parametrize("sheet", [T2_SHEET, T3_SHEET, T4_SHEET])
def test_column_widths_fit_the_chinese_labels(sample: Report, sheet: str) -> None:
    """A column's own header label fits on one line (a Chinese character is two width units);
    every other label on at most three lines."""
    ws = load(sample)[sheet]
    widths = {c: ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)}
    for range_ in ws.merged_cells.ranges:
        if range_.min_row == 1:
            continue
        text = ws.cell(row=range_.min_row, column=range_.min_col).value
        width = sum(widths[c] for c in range(range_.min_col, range_.max_col + 1))
        if isinstance(text, str):
            assert display_width(text) <= 3 * (width - 1), (text, width)
    table = sample.template.table("t3")
    if sheet == T3_SHEET:
        for j, column in enumerate(table.columns):
            assert widths[4 + j] >= display_width(column.label) + 1, column.label


def test_data_validation_refuses_text_in_number_cells(sample: Report) -> None:
    ws = load(sample)[T3_SHEET]
    rules = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert "whole" in rules and rules["whole"].allow_blank
    assert "D5" in rules["whole"].sqref and "J29" in rules["whole"].sqref


def test_metadata_and_narrative_sheet(sample: Report) -> None:
    sample.meta.published = date(2025, 1, 20)
    ws = load(sample)[META_SHEET]
    values = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value for r in range(4, 12)}
    assert values["机关全称"] == "枣庄市行政审批服务局"
    assert values["报告年度"] == 2024
    assert values["机关类型"] == "政府部门"
    assert values["发布日期"] == datetime(2025, 1, 20)
    assert values["联系电话"] == "0632-3168699"
    assert values["格式模板"].startswith("2021 年版")
    assert ws.column_dimensions["A"].hidden
    texts = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=3).value, ws.cell(row=r, column=4).value)
             for r in range(1, ws.max_row + 1)]
    assert ("preamble", 1, sample.preamble[0]) in texts
    assert ("s5", 1, sample.section("s5").paragraphs[0]) in texts
    assert ("s3", None, None) in texts  # a table section has a row, without paragraphs


def test_text_that_looks_like_a_formula_stays_text(sample: Report) -> None:
    sample.section("s6").paragraphs.append("=HYPERLINK(\"http://example.invalid\",\"点击\")")
    sample.meta.agency = "=1+1"
    workbook = load(sample)
    cells = [c for row in workbook[META_SHEET].iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith("=")]
    assert len(cells) == 3 and all(c.data_type == "s" for c in cells)  # title, agency, paragraph


def test_findings_sheet_lists_the_findings_with_links(sample: Report) -> None:
    sample.cells[("t3", "1", "total")] = 10
    findings = check_report(sample)
    assert findings
    ws = load(sample)[FINDINGS_SHEET]
    assert ws["A1"].value.startswith("检查结果（导出时）：错误")
    assert [c.value for c in ws[2]] == ["序号", "级别", "位置", "说明", "问题类型（规则）", "单元格", "核实",
                                        "核实说明"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == len(findings)
    assert {r[4] for r in rows} == {f"{rule_name(f.rule)}（{f.rule}）" for f in findings}
    assert "表三" in rows[0][4]  # the kind in words (表三…), the id in brackets
    first = rows[0]
    assert first[1] == "错误" and first[2].startswith("表三")
    assert first[3] == sorted(findings, key=lambda f: f.severity.value)[0].message
    assert first[5] == "表三 J5"
    link = ws["F3"].hyperlink
    assert link is not None and link.location == f"'{T3_SHEET}'!J5"


def test_a_report_without_findings(sample: Report) -> None:
    assert check_report(sample) == []
    ws = load(sample)[FINDINGS_SHEET]
    assert ws["A3"].value == "未发现问题，各表勾稽关系平衡。"


def test_describe_location(sample: Report) -> None:
    assert describe_location(sample, Location("s3", table="t3", row="3.1", column="natural")) == \
        "表三 （一）予以公开 · 自然人"
    assert describe_location(sample, Location("s5", paragraph=1)) == "五、存在的主要问题及改进情况 第 2 段"
    assert describe_location(sample, Location("meta", field="agency")) == "基本信息 · 机关全称"
    assert describe_location(sample, Location("document")) == "全文结构"


def test_the_same_report_gives_the_same_bytes(sample: Report) -> None:
    first = workbook_bytes(sample)
    assert workbook_bytes(sample) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 1, 1, 0, 0, 0)}
    properties = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert properties.created == properties.modified == datetime(2025, 1, 1)
    assert properties.title == "枣庄市行政审批服务局2024年政府信息公开工作年度报告"
    sample.meta.published = date(2025, 1, 20)
    assert openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample))).properties.modified == datetime(2025, 1, 20)


def test_the_2019_template_exports_too() -> None:
    from model.report import Metadata

    report = Report.blank(Metadata(agency="某某县人民政府", year=2020), TEMPLATES[2019])
    workbook = load(report)
    ws = workbook[T2_SHEET]
    labels = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "第二十条第（九）项" in labels and "本年新制作数量" in labels


def test_export_writes_atomically(sample: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "年报.xlsx"
    target.write_bytes(b"old")
    export_xlsx(sample, target)
    assert target.read_bytes() == workbook_bytes(sample)
    assert [p.name for p in tmp_path.iterdir()] == ["年报.xlsx"]

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    target.write_bytes(b"old")
    monkeypatch.setattr(xlsx_export, "write_atomic", full)
    with pytest.raises(WorkbookError, match="原文件未改动") as caught:
        export_xlsx(sample, target)
    assert "“年报.xlsx”" in str(caught.value) and "导出" in str(caught.value)
    assert target.read_bytes() == b"old"


def test_export_through_a_symbolic_link_replaces_the_file_it_points_to(sample: Report, tmp_path: Path) -> None:
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    os.symlink(real, link)
    export_xlsx(sample, link)
    assert link.is_symlink() and real.read_bytes()[:2] == b"PK"


def test_export_into_a_missing_folder_is_a_workbook_error(sample: Report, tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="无法导出"):
        export_xlsx(sample, tmp_path / "missing" / "out.xlsx")


def test_control_characters_and_surrogates_do_not_break_the_export(sample: Report) -> None:
    sample.section("s1").paragraphs.append("a\x01b\rc\ud800d_x0041_e")
    workbook_bytes(sample)  # openpyxl would refuse \x01 and could not encode \ud800 unescaped


def test_grid_kinds_cover_corner_header_and_label(sample: Report) -> None:
    kinds = {c.kind for c in table_grid(sample.template.table("t3")).cells}
    assert kinds == {GridCellKind.CORNER, GridCellKind.HEADER, GridCellKind.LABEL}
