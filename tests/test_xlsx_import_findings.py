"""What the Excel import could not read, as findings the checker's output carries
(ImportResult.findings): a rule per kind of problem, an exact location (section,
table, row, column) and the place in the workbook (Location.source)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from test_xlsx_import import T3_SHEET, XLSX, make, read, save

from export.xlsx_export import workbook_bytes
from importing.result import SourcePlace
from importing.xlsx import ImportProblem, ProblemKind, import_xlsx
from model.findings import Finding, Location, Severity
from model.report import Report
from model.workbook_format import META_SHEET

RULES = {"IMPORT-TABLE-MISSING", "IMPORT-MISSING", "IMPORT-VALUE", "IMPORT-UNPLACED", "IMPORT-DUPLICATE",
         "IMPORT-FORMULA", "IMPORT-META", "IMPORT-UNCERTAIN"}


def by_source(findings: list[Finding]) -> dict[str, Finding]:
    return {f.location.source or "": f for f in findings}


def test_a_missing_table_names_the_table_and_the_sheets_searched() -> None:
    result = read("no_table_4.xlsx")
    assert result.findings() == [Finding(
        "IMPORT-TABLE-MISSING", Severity.ERROR,
        "工作簿“no_table_4.xlsx”中未找到表四（四、政府信息公开行政复议、行政诉讼情况）；已查找工作表“表二”“表三”",
        Location("s4", table="t4", source="工作簿“no_table_4.xlsx”"))]
    findings = read("no_table_2.xlsx").findings()
    assert [(f.rule, f.location.section, f.location.table) for f in findings] == \
        [("IMPORT-TABLE-MISSING", "s2", t) for t in ("t2_1", "t2_5", "t2_6", "t2_8")]
    assert findings[0].message == ("工作簿“no_table_2.xlsx”中未找到第二十条第（一）项（二、主动公开政府信息情况）；"
                                   "已查找工作表“表三”“表四”")


def test_values_that_could_not_be_read_point_at_their_cell() -> None:
    result = read("text_in_numbers.xlsx")
    findings = result.findings()
    assert len(findings) == len(result.problems)
    assert {f.rule for f in findings} == {"IMPORT-VALUE", "IMPORT-UNPLACED"}
    assert all(f.severity is Severity.ERROR for f in findings)
    text = by_source(findings)["工作表“表三”D5"]
    assert text == Finding("IMPORT-VALUE", Severity.ERROR, str(result.problems[[p.cell for p in result.problems]
                                                                                 .index("D5")]),
                           Location("s3", table="t3", row="1", column="natural", cells=(("1", "natural"),),
                                    source="工作表“表三”D5"))
    fraction = by_source(findings)["工作表“表三”D9"]
    assert (fraction.rule, fraction.location.row, fraction.location.column) == ("IMPORT-VALUE", "3.3.1", "natural")
    extra_row = 5 + make.TEMPLATE.table("t3").row_ids.index(make.EXTRA_ROW_AFTER) + 1
    label = by_source(findings)[f"工作表“表三”C{extra_row}"]
    assert (label.rule, label.location.section, label.location.table) == ("IMPORT-UNPLACED", "s3", "t3")
    number = by_source(findings)[f"工作表“表三”D{extra_row}"]
    assert (number.location.table, number.location.column) == ("t3", "natural")
    stray = by_source(findings)[f"工作表“表三”{make.STRAY[1]}"]
    assert stray.location == Location("document", source=f"工作表“表三”{make.STRAY[1]}")


def test_formulas_missing_rows_and_columns(sample: Report, tmp_path: Path) -> None:
    formula = read("formulas.xlsx").findings()
    assert [(f.rule, f.severity, f.location) for f in formula] == [
        ("IMPORT-FORMULA", Severity.ERROR, Location("s3", table="t3", row="1", column="total",
                                                    cells=(("1", "total"),), source="工作表“表三”J5"))]
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample)))
    ws = workbook[T3_SHEET]
    ws["C9"] = "1.属于国家机要"
    for row in range(4, 30):
        ws.cell(row=row, column=9).value = None
    findings = import_xlsx(save(workbook, tmp_path / "missing.xlsx")).findings()
    missing = [f for f in findings if f.rule == "IMPORT-MISSING"]
    assert [f.location for f in missing] == [
        Location("s3", table="t3", row="3.3.1", source=f"工作表“{T3_SHEET}”"),
        Location("s3", table="t3", column="other", source=f"工作表“{T3_SHEET}”")]
    assert all(f.severity is Severity.ERROR for f in missing)


def test_a_repeated_table_is_a_warning_its_first_copy_was_read(sample: Report, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample)))
    copy = workbook.copy_worksheet(workbook[T3_SHEET])
    result = import_xlsx(save(workbook, tmp_path / "twice.xlsx"))
    findings = result.findings()
    assert findings and {f.rule for f in findings} == {"IMPORT-DUPLICATE"}
    assert {f.severity for f in findings} == {Severity.WARNING}
    row = by_source(findings)[f"工作表“{copy.title}”A5"]
    assert (row.location.table, row.location.row) == ("t3", "1")


def test_several_numbers_for_one_cell_are_an_error(tmp_path: Path) -> None:
    """Two numbers under one header (其他 merged over its own column and the 小计 column):
    neither is read, so the finding is an error."""
    workbook = openpyxl.load_workbook(XLSX / "variants_unmerged.xlsx")
    ws = workbook["Sheet2"]
    ws["J3"] = None
    ws.merge_cells("I3:J3")
    result = import_xlsx(save(workbook, tmp_path / "two.xlsx"))
    duplicates = [f for f in result.findings() if f.rule == "IMPORT-DUPLICATE"]
    assert duplicates and {f.severity for f in duplicates} == {Severity.ERROR}
    assert {f.location.column for f in duplicates} == {"other"}


def test_metadata_problems_point_at_their_field(sample: Report, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample)))
    workbook[META_SHEET]["C5"] = "二〇二四"
    findings = import_xlsx(save(workbook, tmp_path / "meta.xlsx")).findings()
    assert [(f.rule, f.location) for f in findings] == [
        ("IMPORT-META", Location("meta", field="year", source=f"工作表“{META_SHEET}”C5"))]


def test_the_source_is_in_the_json_and_notes_are_not_findings() -> None:
    assert read("published_bare.xlsx").findings() == []  # its notes stay notes
    finding = read("formulas.xlsx").findings()[0]
    assert finding.to_json()["location"]["source"] == "工作表“表三”J5"
    assert "source" not in Location("s3").to_json()


def test_every_kind_of_problem_has_a_rule() -> None:
    from importing.xlsx import ImportResult
    from model.report import Metadata
    from model.templates import CURRENT

    problems = [ImportProblem(SourcePlace("表三", "D5"), "x", "原因", kind) for kind in ProblemKind]
    result = ImportResult(Path("x.xlsx"), Report.blank(Metadata(), CURRENT), {}, problems)
    findings = result.findings()
    assert len(findings) == len(ProblemKind) and {f.rule for f in findings} <= RULES
    assert all(f.location == Location("document", source="工作表“表三”D5") for f in findings)
