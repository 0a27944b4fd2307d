"""已核实 carried into what leaves the app: the Excel findings sheet, the bundle's check report and
`check --json` (whose exit code a signed-off warning does not change)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from cli import EXIT_OK, command_check
from export.check_report import render_check_report
from export.xlsx_export import workbook_bytes
from model.checks import check_report
from model.projectfile import save
from model.report import Report
from model.signoff import sign_off
from model.workbook_format import FINDINGS_SHEET

NOTE = "本年确未制定规章，文中所述属实（张三核实）"


@pytest.fixture
def signed(sample: Report) -> Report:
    sample.cells[("t2_1", "rules", "issued")] = 7  # NARRATIVE-TABLE: the text says none were issued
    sample.meta.agency = ""  # META-AGENCY, left unmarked
    [finding] = [f for f in check_report(sample) if f.rule == "NARRATIVE-TABLE"]
    sign_off(sample, finding, NOTE)
    return sample


def _sheet_rows(report: Report) -> tuple[str, dict[str, list[object]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report)))[FINDINGS_SHEET]
    assert [c.value for c in sheet[2]][-2:] == ["核实", "核实说明"]
    # Keyed by the rule id, which the sheet gives in brackets after the kind in words.
    rows = {str(row[4]).rsplit("（", 1)[-1].rstrip("）"): list(row)
            for row in sheet.iter_rows(min_row=3, values_only=True)}
    return str(sheet["A1"].value), rows


def test_the_excel_findings_sheet_says_which_warnings_are_signed_off(signed: Report) -> None:
    title, rows = _sheet_rows(signed)
    assert title == "检查结果（导出时）：错误 0 项，警告 2 项（已核实 1 项）"
    assert rows["NARRATIVE-TABLE"][6:8] == ["已核实", NOTE]
    assert rows["META-AGENCY"][6:8] == [None, None]


def test_a_stale_mark_does_not_reach_the_sheet(signed: Report) -> None:
    signed.cells[("t2_1", "normative", "issued")] = 3
    title, rows = _sheet_rows(signed)
    assert "已核实" not in title and rows["NARRATIVE-TABLE"][6:8] == [None, None]


def test_the_check_report_says_signed_off_and_why(signed: Report) -> None:
    page = render_check_report(signed, check_report(signed)).decode("utf-8")
    assert "警告 2 项（其中已核实 1 项）" in page and f"已核实：{NOTE}" in page
    assert '<th scope="col">核实</th>' in page
    assert page.count("已核实：") == 1


def test_check_json_carries_the_note_and_keeps_the_exit_code(signed: Report, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "核实.nianbao.json"
    save(signed, path)
    assert command_check(path, as_json=True) == EXIT_OK  # only warnings: 0, signed or not
    data = json.loads(capsys.readouterr().out)
    by_rule = {item["rule"]: item for item in data}
    assert by_rule["NARRATIVE-TABLE"]["signoff"] == {"note": NOTE}
    assert "signoff" not in by_rule["META-AGENCY"]
    assert command_check(path, as_json=False) == EXIT_OK
    text = capsys.readouterr().out
    assert "警告 2 项（已核实 1 项）" in text and f"（已核实：{NOTE}）" in text
