"""The pure editing aids: reading typed/pasted cell input, paste plans, auto-totals, the table grid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.autototal import total_cells, total_updates
from model.cellinput import MAX_INPUT, parse_cell_input
from model.checks import check_report
from model.layout import GridCellKind, table_grid
from model.paste import plan_paste, split_clipboard_text
from model.report import Metadata, Report
from model.templates import CURRENT, TEMPLATES
from tests.strategies import consistent_reports

T3 = CURRENT.table("t3")
NATURAL = T3.column("natural")
FEE = CURRENT.table("t2_8").column("amount")
CHANGE_2019 = TEMPLATES[2019].table("t2_5").column("change")


@pytest.mark.parametrize(("text", "value"), [
    ("9", 9), (" 12 ", 12), ("38,651", 38651), ("３８６５１", 38651), ("0", 0), ("", None), ("   ", None),
    ("007", 7), ("1,234,567", 1234567), ("12.0", 12),
])
def test_count_input_accepted(text: str, value: int | None) -> None:
    parsed = parse_cell_input(text, NATURAL)
    assert parsed.ok and parsed.value == value
    assert parsed.value is None or type(parsed.value) is int


@pytest.mark.parametrize(("text", "reason"), [
    ("9件", "不是数字"), ("—", "不是数字"), ("/", "不是数字"), ("1.5", "整数"), ("-3", "负数"),
    ("1,23", "不是数字"), ("1e3", "不是数字"), ("NaN", "不是数字"), (str(MAX_INPUT * 10), "超出范围"),
])
def test_count_input_refused_with_a_reason(text: str, reason: str) -> None:
    parsed = parse_cell_input(text, NATURAL)
    assert not parsed.ok and parsed.value is None
    assert reason in (parsed.error or "")


def test_fee_input_keeps_exact_decimals() -> None:
    assert parse_cell_input("0.0001", FEE).value == Decimal("0.0001")
    assert parse_cell_input("12.50", FEE).value == Decimal("12.5")
    assert parse_cell_input("3.0", FEE).value == 3
    assert parse_cell_input("0.000001", FEE).value == Decimal("0.000001")  # 1 分
    assert parse_cell_input("12.345678", FEE).value == Decimal("12.345678")
    assert "6 位小数" in (parse_cell_input("0.0000001", FEE).error or "")
    assert "负数" in (parse_cell_input("-1", FEE).error or "")


def test_2019_change_column_accepts_negative_whole_numbers() -> None:
    assert parse_cell_input("-3", CHANGE_2019).value == -3
    assert not parse_cell_input("-3.5", CHANGE_2019).ok


def test_split_clipboard_text_handles_excel_line_endings() -> None:
    assert split_clipboard_text("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert split_clipboard_text("5") == [["5"]]


def test_paste_plan_maps_a_block_from_the_start_cell() -> None:
    plan = plan_paste(T3, "1\t2\t3\n4\t5\t6\n", 0, 0)
    assert plan.ok and (plan.rows, plan.columns) == (2, 3)
    assert plan.changes == {("t3", "1", "natural"): 1, ("t3", "1", "commercial"): 2, ("t3", "1", "research"): 3,
                            ("t3", "2", "natural"): 4, ("t3", "2", "commercial"): 5, ("t3", "2", "research"): 6}


def test_paste_plan_with_one_bad_value_changes_nothing_and_names_the_cell() -> None:
    plan = plan_paste(T3, "1\t2\t3\n4\t9件\t6\n7\t8\t9\n", 2, 0)
    assert not plan.ok and plan.changes == {}
    assert plan.errors == [
        "表三 （二）部分公开（区分处理的，只计这一情形，不计其他情形） · 法人或其他组织·商业企业：“9件”不是数字"]


def test_paste_plan_refuses_a_block_that_does_not_fit() -> None:
    plan = plan_paste(T3, "1\t2\t3\n", 0, 5)
    assert not plan.ok and "超出了表三的范围" in plan.errors[0]
    assert not plan_paste(T3, "", 0, 0).ok


def test_total_cells_of_2021() -> None:
    cells = total_cells(CURRENT)
    assert len(cells) == 7 + 25 - 1 + 3
    assert ("t3", "3.7", "natural") in cells and ("t3", "1", "total") in cells
    assert ("t4", "cases", "review.total") in cells and ("t3", "4", "natural") not in cells


def test_auto_totals_fill_row_column_and_grand_totals() -> None:
    report = Report.blank(Metadata(agency="测试局", year=2024))
    updates = total_updates(report, {("t3", "3.3.4", "natural"): 2, ("t3", "3.1", "commercial"): 3})
    assert updates == {("t3", "3.3.4", "total"): 2, ("t3", "3.1", "total"): 3, ("t3", "3.7", "natural"): 2,
                       ("t3", "3.7", "commercial"): 3, ("t3", "3.7", "total"): 5}


def test_auto_totals_blank_a_total_whose_parts_are_all_blank(sample: Report) -> None:
    parts = {("t4", "cases", f"direct_suit.{k}"): None for k in ("upheld", "corrected", "other", "pending")}
    assert total_updates(sample, parts) == {("t4", "cases", "direct_suit.total"): None}


@settings(max_examples=60, deadline=None)
@given(consistent_reports(), st.data())
def test_auto_totals_make_any_edit_consistent_again(report: Report, data: st.DataObject) -> None:
    """Changing one part cell and applying the totals leaves only T3-BALANCE to the user (四 is not a total)."""
    parts = [k for k in report.cells if k[0] == "t3" and k not in total_cells(report.template)]
    key = data.draw(st.sampled_from(parts))
    edit = {key: report.cells[key] + data.draw(st.integers(1, 50))}
    report.cells.update(edit | total_updates(report, edit))
    rules = {f.rule for f in check_report(report) if f.severity.value == "error"}
    assert rules <= {"T3-BALANCE"}
    assert total_updates(report) == {}


def test_grid_of_table_three_matches_the_official_form() -> None:
    grid = table_grid(T3)
    assert (grid.header_rows, grid.label_columns, grid.row_count, grid.column_count) == (3, 3, 28, 10)
    by_text = {c.text: c for c in grid.cells}
    corner = grid.cells[0]
    assert corner.kind is GridCellKind.CORNER and (corner.row_span, corner.column_span) == (3, 3)
    assert (by_text["申请人情况"].column_span, by_text["法人或其他组织"].column_span) == (7, 5)
    assert (by_text["自然人"].row_span, by_text["总计"].row_span) == (2, 2)
    results = by_text["三、本年度办理结果"]
    assert (results.row, results.row_span, results.column_span) == (5, 22, 1)
    assert by_text["（三）不予公开"].row_span == 8
    assert by_text["（一）予以公开"].column_span == 2
    assert by_text["一、本年新收政府信息公开申请数量"].column_span == 3


def test_grid_of_table_four_has_two_header_levels_under_litigation() -> None:
    grid = table_grid(CURRENT.table("t4"))
    assert (grid.header_rows, grid.label_columns) == (3, 0)
    by_text = {(c.text, c.row): c for c in grid.cells}
    assert by_text[("行政复议", 0)].column_span == 5
    assert by_text[("行政诉讼", 0)].column_span == 10
    assert by_text[("结果维持", 1)].row_span == 2  # 行政复议's results span two header rows
    assert by_text[("未经复议直接起诉", 1)].column_span == 5


def test_a_fee_to_the_fen_is_pasted_exactly_and_seven_decimals_are_refused() -> None:
    from model.paste import plan_paste
    from model.templates import TEMPLATES

    table = TEMPLATES[2021].table("t2_8")
    plan = plan_paste(table, "38651.123456", 0, 0)
    assert plan.errors == [] and plan.changes == {("t2_8", "fees", "amount"): Decimal("38651.123456")}
    refused = plan_paste(table, "0.1234567", 0, 0)
    assert refused.errors and "6 位小数" in refused.errors[0]
