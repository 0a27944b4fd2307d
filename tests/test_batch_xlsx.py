"""汇总.xlsx (export/batch_xlsx.py): a BatchResult built by hand — two reports from the sample, one
unreadable file, a copy pair, a roll-up summed here cell by cell, a hierarchy finding, rates with one
样本不足 — read back with openpyxl: the sheets, their rows, the roll-up's cells, formulas kept as text,
the same bytes twice, and atomic writing."""

from __future__ import annotations

import copy
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from export.batch_xlsx import export_batch_xlsx, render_batch_xlsx
from export.xlsx_export import workbook_bytes
from model.batch_types import BatchReport, BatchResult, CopyPair, KeyFigures, Rate
from model.findings import Finding, Location, Severity
from model.layout import table_grid
from model.locations import describe_location
from model.report import Report, Value
from model.rule_names import rule_name
from model.workbook_format import WorkbookError, table_sections

FILE_A = "各部门/甲局.nianbao.json"
FILE_B = "各部门/乙局.nianbao.json"
FILE_BAD = "各部门/损坏.xlsx"
EVIL = "=HYPERLINK(\"http://example.invalid\",\"点击\")"
SHEETS = ["报告一览", "全部问题", "文字雷同", "汇总表", "汇总表二", "汇总表三", "汇总表四", "上下级核对", "比率"]


def _summed(a: Value, b: Value) -> Value:
    if a is None and b is None:
        return None
    return (a or 0) + (b or 0)


def _second(sample: Report) -> Report:
    other = copy.deepcopy(sample)
    other.meta.agency = "乙局"
    for index, key in enumerate(sorted(other.cells)):
        value = other.cells[key]
        if isinstance(value, int) and index % 3 == 0:
            other.cells[key] = value + index  # different figures, so that the sum is not twice one report
    return other


def _finding(rule: str, severity: Severity, message: str, location: Location) -> Finding:
    return Finding(rule, severity, message, location)


@pytest.fixture
def result(sample: Report) -> BatchResult:
    second = _second(sample)
    rollup = copy.deepcopy(sample)
    rollup.meta.agency = "汇总"
    for key in rollup.cells:
        rollup.cells[key] = _summed(sample.cells[key], second.cells[key])
    table = sample.template.table("t3")
    row, column = table.row_ids[0], table.column_ids[-1]
    cell_error = _finding("T3-ROW-TOTAL", Severity.ERROR, "合计不等于各项之和", Location("s3", table.id, row, column))
    meta_warning = _finding("META-LATE", Severity.WARNING, EVIL, Location("meta", field="published"))
    hierarchy = _finding("HIER-SUM", Severity.ERROR, "上级 12，下级合计 15（甲局 7、乙局 8）",
                         Location("s3", table.id, row, column))
    reports = [
        BatchReport(file=FILE_A, agency="甲局", kind="政府部门", year=2024, template=2021,
                    findings=[cell_error, meta_warning],
                    figures=KeyFigures(received=Decimal(40), carried_in=None, results_total=41, carried_out=1),
                    published=date(2025, 1, 20), deadline=date(2025, 1, 31), report=sample),
        BatchReport(file=FILE_B, agency="乙局", kind="政府部门", year=2024, template=2021,
                    figures=KeyFigures(received=7, results_total=7), published=date(2025, 2, 3),
                    deadline=date(2025, 1, 31), late=True, prior_file="上年/乙局.nianbao.json", report=second),
        BatchReport(file=FILE_BAD, unreadable="不是有效的 Excel 工作簿（文件已损坏）"),
    ]
    rates = {
        FILE_A: [Rate("公开率", "（（一）+（二））÷（七）总计", 0.8536, outlier=True),
                 Rate("行政复议纠错率", "结果纠正÷（总计−尚未审结）", None, note="样本不足")],
        FILE_B: [Rate("公开率", "（（一）+（二））÷（七）总计", 0.5)],
        "汇总": [Rate("公开率", "（（一）+（二））÷（七）总计", 0.8)],
    }
    return BatchResult(
        reports=reports,
        copies=[CopyPair(FILE_A, FILE_B, "s5", 0.734, "+本机关存在的主要问题是公开内容不够全面。")],
        rollup=rollup, rollup_sources=[FILE_A, FILE_B],
        hierarchy_findings=[(FILE_A, hierarchy)], missing_children=["丙局"],
        matches=[("甲 局", "甲局", FILE_A), ("乙局", "乙局", FILE_B)], rates=rates)


def _load(result: BatchResult) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_batch_xlsx(result)))


def _rows(ws, first: int = 3) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if any(v is not None for v in r)]


def test_the_sheets_are_the_reports_findings_copies_rollup_hierarchy_and_rates(result: BatchResult) -> None:
    workbook = _load(result)
    assert workbook.sheetnames == SHEETS
    assert workbook.active.title == "报告一览"


def test_one_row_per_file_the_unreadable_one_saying_why(result: BatchResult) -> None:
    ws = _load(result)["报告一览"]
    headings = [c.value for c in ws[2]]
    assert headings[:7] == ["文件", "机关", "类型", "年度", "模板", "错误", "警告"]
    assert headings[-2:] == ["上年报告", "最主要的问题"]
    rows = _rows(ws)
    assert len(rows) == 3
    first, second, bad = rows
    assert first[:7] == (FILE_A, "甲局", "政府部门", 2024, "2021 年版", 1, 1)
    assert first[7:13] == (40, None, 41, 1, None, None)  # a blank figure stays blank, not 0
    assert first[15] == "否" and first[17] == "合计不等于各项之和"  # the worst finding: the first error
    assert second[15] == "是" and second[16] == "上年/乙局.nianbao.json"
    assert bad[0] == FILE_BAD and bad[2] == "无法读取" and "文件已损坏" in bad[17]
    assert ws.auto_filter.ref == "A2:R5"
    assert ws.freeze_panes == "B3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_every_finding_is_a_row_with_its_file_and_location(result: BatchResult, sample: Report) -> None:
    ws = _load(result)["全部问题"]
    assert [c.value for c in ws[2]] == ["文件", "级别", "位置", "问题类型", "说明"]
    rows = _rows(ws)
    # Two findings of 甲局, the unreadable file, the hierarchy finding.
    assert [(r[0], r[1]) for r in rows] == [(FILE_A, "错误"), (FILE_A, "警告"), (FILE_BAD, "无法读取"),
                                            (FILE_A, "错误")]
    cell_finding = result.reports[0].findings[0]
    assert rows[0][2] == describe_location(sample, cell_finding.location)
    assert rows[1][2] == "基本信息 · 发布日期"
    assert rows[0][3] == f"{rule_name('T3-ROW-TOTAL')}（T3-ROW-TOTAL）" == "表三总计列不符（T3-ROW-TOTAL）"
    assert rows[3][3].endswith("（HIER-SUM）") and "下级合计 15" in rows[3][4]


def test_a_finding_located_in_a_dropped_report_is_named_against_the_rollup(result: BatchResult,
                                                                           sample: Report) -> None:
    result.reports[0].report = None  # the batch may drop reports to bound memory
    rows = _rows(_load(result)["全部问题"])
    assert rows[0][2] == describe_location(sample, result.reports[0].findings[0].location)


def test_the_copy_pairs_name_the_section_and_the_share(result: BatchResult, sample: Report) -> None:
    ws = _load(result)["文字雷同"]
    rows = _rows(ws)
    assert len(rows) == 1
    a, b, section, share, passage = rows[0]
    assert (a, b) == (FILE_A, FILE_B)
    assert section == sample.template.section("s5").title
    assert share == pytest.approx(0.734) and ws["D3"].number_format == "0.0%"
    assert passage.startswith("+本机关")


def test_the_rollup_sheets_hold_the_sum_of_the_two_reports_in_the_official_layout(result: BatchResult,
                                                                                  sample: Report) -> None:
    workbook = _load(result)
    listing = workbook["汇总表"]
    assert "2 份报告" in listing["A1"].value
    files = [r[1] for r in _rows(listing, 4) if isinstance(r[0], int)]
    assert files == [FILE_A, FILE_B]
    second = result.reports[1].report
    assert second is not None and result.rollup is not None
    assert result.rollup.cells == {key: _summed(value, second.cells[key]) for key, value in sample.cells.items()}
    template = sample.template
    sample_book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample)))
    second_book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(second)))
    summed_cells = 0
    for section_id, _tables in table_sections(template):
        ws = workbook[f"汇总表{template.section(section_id).title[0]}"]
        assert ws["A1"].value == template.section(section_id).title
        # The report workbook's own sheet of this section: the same merged cells, labels and headers,
        # and in every number cell the sum of the two reports' cells at that place.
        official, other = sample_book[ws["A1"].value[:31]], second_book[ws["A1"].value[:31]]
        assert {str(r) for r in ws.merged_cells.ranges} == {str(r) for r in official.merged_cells.ranges}
        for row in official.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert ws[cell.coordinate].value == cell.value
                elif cell.value is not None or other[cell.coordinate].value is not None:
                    assert ws[cell.coordinate].value == _summed(cell.value, other[cell.coordinate].value)
                    summed_cells += 1
    assert summed_cells > 100


def test_the_rollup_cell_of_table_three_is_the_sum(result: BatchResult, sample: Report) -> None:
    """One cell found by its place in the grid: （七）总计 · 总计 equals 甲 + 乙."""
    workbook = _load(result)
    second = result.reports[1].report
    assert second is not None
    table = sample.template.table("t3")
    grid = table_grid(table)
    ws = workbook["汇总表三"]
    row_index, column_index = len(table.rows) - 1, len(table.columns) - 1
    key = (table.id, table.row_ids[row_index], table.column_ids[column_index])
    sheet_row = 2 + grid.header_rows + row_index
    value = ws.cell(sheet_row, grid.label_columns + column_index + 1).value
    assert value == _summed(sample.cells[key], second.cells[key])


def test_the_hierarchy_sheet_lists_findings_missing_children_and_matches(result: BatchResult) -> None:
    ws = _load(result)["上下级核对"]
    texts = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "上级 12，下级合计 15（甲局 7、乙局 8）" in texts
    assert "丙局" in texts and "甲 局" in texts
    assert any(t.startswith("缺少报告的下级：1") for t in texts)


def test_without_a_hierarchy_the_sheet_says_it_was_not_checked(result: BatchResult) -> None:
    result.hierarchy_findings, result.missing_children, result.matches = [], [], []
    ws = _load(result)["上下级核对"]
    assert "未核对" in ws["A2"].value


def test_rates_show_percent_or_the_note_and_mark_the_outlier(result: BatchResult) -> None:
    ws = _load(result)["比率"]
    rows = _rows(ws)
    assert [(r[0], r[2]) for r in rows] == [(FILE_A, "公开率"), (FILE_A, "行政复议纠错率"), (FILE_B, "公开率"),
                                            ("汇总", "公开率")]
    assert rows[0][4] == pytest.approx(0.8536) and ws["E3"].number_format == "0.0%" and rows[0][5] == "偏高"
    assert rows[1][4] == "样本不足" and rows[1][5] is None
    assert rows[0][3] == "（（一）+（二））÷（七）总计"


def test_text_that_looks_like_a_formula_is_stored_as_text(result: BatchResult) -> None:
    result.reports[0].agency = "=1+1"
    result.reports[1].file = "-乙局.xlsx"
    workbook = _load(result)
    assert workbook["报告一览"]["B3"].value == "=1+1" and workbook["报告一览"]["B3"].data_type == "s"
    assert workbook["报告一览"]["A4"].value == "-乙局.xlsx"
    findings = workbook["全部问题"]
    assert findings["E4"].value == EVIL and findings["E4"].data_type == "s"
    assert workbook["文字雷同"]["E3"].data_type == "s"
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            assert not any(cell.data_type == "f" for cell in row), ws.title


def test_the_same_result_gives_the_same_bytes(result: BatchResult) -> None:
    assert render_batch_xlsx(result) == render_batch_xlsx(result)


def test_without_a_rollup_the_listing_says_so(result: BatchResult) -> None:
    result.rollup, result.rollup_sources = None, []
    workbook = _load(result)
    assert "汇总表二" not in workbook.sheetnames and "没有可汇总" in workbook["汇总表"]["A1"].value


def test_export_writes_atomically_and_a_failure_is_a_workbook_error(result: BatchResult, tmp_path: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    export_batch_xlsx(result, target)
    assert target.read_bytes() == render_batch_xlsx(result)
    with pytest.raises(WorkbookError, match="导出"):
        export_batch_xlsx(result, tmp_path)  # a folder is not a file
    assert list(tmp_path.iterdir()) == [target]
