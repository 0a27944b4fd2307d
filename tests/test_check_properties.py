"""Properties of the checks over random reports (hypothesis).

A report built to satisfy every rule has no finding; any single wrong number
in table 三 or 四 is caught, and the error points at the changed cell.
"""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import MAX_VALUE, consistent_reports, table_3_result_rows

from model.checks import check_report
from model.findings import Severity
from model.report import Report
from model.template import EquationKind, ValueKind
from model.templates import TEMPLATES

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEMPLATE_YEARS = st.sampled_from(sorted(TEMPLATES))


def errors(report: Report) -> list:
    return [f for f in check_report(report) if f.severity is Severity.ERROR]


@st.composite
def changed_cell(draw: st.DrawFn) -> tuple[Report, str, str, str, int]:
    """A consistent report and one cell of table 三 or 四 given a different value >= 0."""
    report = draw(consistent_reports(draw(TEMPLATE_YEARS)))
    table = report.template.table(draw(st.sampled_from(["t3", "t4"])))
    row = draw(st.sampled_from(table.row_ids))
    column = draw(st.sampled_from(table.column_ids))
    old = report.cells[(table.id, row, column)]
    new = draw(st.integers(0, MAX_VALUE).filter(lambda v: v != old))
    return report, table.id, row, column, new


# --- the strategy itself --------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(consistent_reports())
def test_strategy_fills_every_cell_and_balances_table_3(report: Report) -> None:
    template = report.template
    assert template.year == 2021
    assert template.applies_to(report.meta.year)
    assert all(report.cells[(t.id, r, c)] is not None for t in template.tables
               for r in t.row_ids for c in t.column_ids)
    t3 = template.table("t3")
    for column in t3.column_ids:
        value = {row: report.cells[("t3", row, column)] for row in t3.row_ids}
        assert value["1"] >= 0
        assert value["1"] + value["2"] == value["3.7"] + value["4"]
        assert value["3.7"] == sum(value[r] for r in table_3_result_rows(t3))


# --- a consistent report is clean -----------------------------------------------------------------


@PROPERTY_SETTINGS
@given(consistent_reports(2021))
def test_consistent_2021_report_has_no_error(report: Report) -> None:
    findings = check_report(report)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert findings == []  # nor any warning: the strategy fills and words everything


@PROPERTY_SETTINGS
@given(consistent_reports(2019))
def test_consistent_2019_report_has_no_error(report: Report) -> None:
    assert report.template.year == 2019
    findings = check_report(report)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert findings == []


# --- one wrong number is caught, at the right place ----------------------------------------------------


@PROPERTY_SETTINGS
@given(changed_cell())
def test_changing_one_cell_of_table_3_or_4_is_an_error_at_that_cell(case: tuple) -> None:
    report, table, row, column, new = case
    report.cells[(table, row, column)] = new
    found = errors(report)
    assert found, f"changing {table} {row} {column} to {new} went unnoticed"
    pointing = [f for f in found
                if f.location.table == table
                and (f.location.row == row or f.location.column == column)
                and (row, column) in f.location.cells]
    assert pointing, f"no error points at {table} {row} {column}: {found}"


@PROPERTY_SETTINGS
@given(changed_cell())
def test_changing_one_cell_breaks_exactly_the_equations_containing_it(case: tuple) -> None:
    report, table, row, column, new = case
    report.cells[(table, row, column)] = new
    expected = []
    for equation in report.template.equations:
        if equation.table == table and (row, column) in equation.cells:
            where = equation.left[0] if equation.kind is EquationKind.TOTAL else (equation.row, equation.column)
            expected.append((equation.rule, *where, equation.cells))
    actual = [(f.rule, f.location.row, f.location.column, f.location.cells) for f in check_report(report)]
    assert sorted(actual, key=repr) == sorted(expected, key=repr)


@PROPERTY_SETTINGS
@given(st.data())
def test_message_of_a_wrong_row_total_names_expected_and_actual(data: st.DataObject) -> None:
    report = data.draw(consistent_reports(data.draw(TEMPLATE_YEARS)))
    table = report.template.table(data.draw(st.sampled_from(["t3", "t4"])))
    row = data.draw(st.sampled_from(table.row_ids))
    column = data.draw(st.sampled_from([c.id for c in table.columns if c.is_total]))
    old = report.cells[(table.id, row, column)]
    new = data.draw(st.integers(0, MAX_VALUE).filter(lambda v: v != old))
    report.cells[(table.id, row, column)] = new
    rule = "T3-ROW-TOTAL" if table.id == "t3" else "T4-TOTAL"
    matching = [f for f in errors(report) if f.rule == rule]
    assert len(matching) == 1
    assert (matching[0].location.row, matching[0].location.column) == (row, column)
    assert matching[0].message == (
        f"{table.cell_name(row, column)}：应为 {old}（{_explanation(rule)}），实际为 {new}。")


def _explanation(rule: str) -> str:
    return {"T3-ROW-TOTAL": "自然人与五类法人或其他组织之和",
            "T4-TOTAL": "结果维持、结果纠正、其他结果、尚未审结之和"}[rule]


# --- blank is not 0 in sums------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.data())
def test_blanking_a_cell_of_a_consistent_report_warns_and_never_errs(data: st.DataObject) -> None:
    report = data.draw(consistent_reports(data.draw(TEMPLATE_YEARS)))
    table = report.template.table(data.draw(st.sampled_from(["t3", "t4"])))
    row = data.draw(st.sampled_from(table.row_ids))
    column = data.draw(st.sampled_from(table.column_ids))
    report.cells[(table.id, row, column)] = None
    findings = check_report(report)
    blank = [f for f in findings if f.rule == "CELL-BLANK"]
    assert len(blank) == 1
    assert blank[0].location.table == table.id
    assert blank[0].location.row == row
    assert blank[0].location.column == column
    assert blank[0].location.cells == ((row, column),)
    # The value it held is one filling of the blank under which every equation holds.
    assert not any(f.severity is Severity.ERROR for f in findings)


@PROPERTY_SETTINGS
@given(st.data())
def test_a_blank_is_an_error_only_when_no_filling_could_balance(data: st.DataObject) -> None:
    """Blank a part of a consistent table-三 column and raise another part: an error exactly when the
    stated parts then exceed the total (the blank, being >= 0, can only add)."""
    report = data.draw(consistent_reports(2021))
    table = report.template.table("t3")
    column = data.draw(st.sampled_from(table.column_ids[:-1]))
    leaves = [r for r in table.row_ids if r.startswith("3.") and r != "3.7"]
    blanked, raised = data.draw(st.lists(st.sampled_from(leaves), min_size=2, max_size=2, unique=True))
    report.cells[("t3", blanked, column)] = None
    old = report.cells[("t3", raised, column)]
    extra = data.draw(st.integers(1, 2000))
    report.cells[("t3", raised, column)] = old + extra
    stated = sum(report.cells[("t3", r, column)] or 0 for r in leaves)
    result_total = report.cells[("t3", "3.7", column)]
    errors = {(f.rule, f.location.column) for f in check_report(report) if f.severity is Severity.ERROR}
    assert (("T3-RESULT-TOTAL", column) in errors) == (stated > result_total)


# --- values --------------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(consistent_reports(), st.integers(0, 10**8), st.integers(0, 10))
def test_fee_is_an_error_exactly_when_it_has_more_than_six_decimals(report: Report, units: int, places: int) -> None:
    value = Decimal(units).scaleb(-places)
    report.cells[("t2_8", "fees", "amount")] = value
    significant_places = max(0, -value.normalize().as_tuple().exponent) if units else 0
    found = [(f.rule, f.location.row, f.location.column) for f in check_report(report)]
    if significant_places > 6:
        assert found == [("AMOUNT-FORMAT", "fees", "amount")]
    else:
        assert found == []


@PROPERTY_SETTINGS
@given(st.data())
def test_a_negative_count_anywhere_is_count_whole(data: st.DataObject) -> None:
    report = data.draw(consistent_reports())
    tables = [t for t in report.template.tables if any(c.kind is ValueKind.COUNT for c in t.columns)]
    table = data.draw(st.sampled_from(tables))
    row = data.draw(st.sampled_from(table.row_ids))
    column = data.draw(st.sampled_from([c for c in table.columns if c.kind is ValueKind.COUNT]))
    value = data.draw(st.integers(-MAX_VALUE, -1))
    report.cells[(table.id, row, column.id)] = value
    whole = [f for f in check_report(report) if f.rule == "COUNT-WHOLE"]
    assert len(whole) == 1
    assert whole[0].severity is Severity.ERROR
    assert (whole[0].location.table, whole[0].location.row, whole[0].location.column) == (table.id, row, column.id)
    assert whole[0].message.endswith(f"实际为 {value}。")


@PROPERTY_SETTINGS
@given(consistent_reports(), st.integers(0, 10**4))
def test_findings_serialise_to_json(report: Report, value: int) -> None:
    report.cells[("t3", "1", "natural")] += value + 1
    report.meta.agency = ""
    findings = check_report(report)
    assert findings
    for finding in findings:
        data = json.loads(json.dumps(finding.to_json(), ensure_ascii=False))
        assert data["rule"] == finding.rule
        assert data["severity"] == finding.severity.value
        assert data["location"]["section"] == finding.location.section
        assert [tuple(c) for c in data["location"].get("cells", [])] == list(finding.location.cells)


# --- narrative years ----------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(consistent_reports(), st.integers(1990, 2099))
def test_a_plain_year_is_flagged_unless_it_is_the_report_year(report: Report, stated: int) -> None:
    section = report.section("s6")
    section.paragraphs.append(f"{stated}年，本机关开展了政务公开培训。")
    flagged = [f for f in check_report(report) if f.rule == "NARRATIVE-YEAR"]
    if stated == report.meta.year:
        assert flagged == []
    else:
        assert len(flagged) == 1
        assert flagged[0].location.section == "s6"
        assert flagged[0].location.paragraph == len(section.paragraphs) - 1
        assert f"“{stated}年”" in flagged[0].message
        assert f"报告年度 {report.meta.year} 年" in flagged[0].message
