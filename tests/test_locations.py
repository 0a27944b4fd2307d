"""One description of where a finding is (model/locations.py), shown alike by the findings panel,
the Excel findings sheet and `main.py check` (issue 13, item 4)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from export import xlsx_export
from model.checks import check_report
from model.findings import Location
from model.locations import describe_location
from model.report import Report
from model.workbook_format import FINDINGS_SHEET
from ui.document import ReportDocument
from ui.findings_panel import FindingsPanel

ROOT = Path(__file__).resolve().parent.parent
S5 = "五、存在的主要问题及改进情况"


@pytest.mark.parametrize(("location", "text"), [
    (Location("s3", table="t3", row="3.1", column="natural"), "表三 （一）予以公开 · 自然人"),
    (Location("s3", table="t3", row="3.7"), "表三 （七）总计"),
    (Location("s3", table="t3", column="total"), "表三 总计 列"),
    (Location("s4", table="t4", row="cases"), "表四"),
    (Location("s2", table="t2_1"), "第二十条第（一）项"),
    (Location("s5", paragraph=1), f"{S5} 第 2 段"),
    (Location("s5"), S5),
    (Location("s2", field="title"), "二、主动公开政府信息情况 标题"),
    (Location("preamble", paragraph=0), "开篇 第 1 段"),
    (Location("meta", field="published"), "基本信息 · 发布日期"),
    (Location("meta"), "基本信息"),
    (Location("document"), "全文结构"),
    (Location("s9"), "s9"),
    # What an import met also says where in the file, unless the words already do.
    (Location("s3", table="t3", row="1", column="natural", source="工作表“表三”D5"),
     "表三 一、本年新收政府信息公开申请数量 · 自然人（工作表“表三”D5）"),
    (Location("document", source="工作簿“a.xlsx”"), "全文结构（工作簿“a.xlsx”）"),
])
def test_describe_location(sample: Report, location: Location, text: str) -> None:
    assert describe_location(sample, location) == text


def test_a_section_the_report_lacks_is_named_by_the_template(sample: Report) -> None:
    sample.sections = [s for s in sample.sections if s.id != "s5"]
    assert describe_location(sample, Location("s5", paragraph=0)) == f"{S5} 第 1 段"


def test_the_panel_and_the_workbook_say_the_same(qtbot, sample: Report) -> None:
    sample.meta.agency = ""
    sample.cells[("t3", "1", "natural")] = 10
    sample.section("s5").paragraphs = ["无"]
    findings = check_report(sample)
    assert {f.location.section for f in findings} >= {"meta", "s3", "s5"}
    panel = FindingsPanel(ReportDocument(sample))
    qtbot.addWidget(panel)
    shown = [panel.tree.topLevelItem(i).text(1) for i in range(panel.tree.topLevelItemCount())]
    assert sorted(shown) == sorted(describe_location(sample, f.location) for f in findings)
    assert "基本信息 · 机关全称" in shown
    book = openpyxl.load_workbook(io.BytesIO(xlsx_export.workbook_bytes(sample)))
    sheet = book[FINDINGS_SHEET]
    in_workbook = [sheet.cell(row=r, column=3).value for r in range(3, 3 + len(findings))]
    assert sorted(in_workbook) == sorted(shown)


def run_check(path: Path) -> list[str]:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(path)],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    return result.stdout.splitlines()


def test_the_command_line_adds_the_place_a_message_does_not_say() -> None:
    lines = run_check(ROOT / "tests" / "xlsx" / "text_in_numbers.xlsx")
    unplaced = [line for line in lines if "IMPORT-UNPLACED" in line and "“小计”无法识别" in line]
    assert unplaced and unplaced[0].endswith("（位置：表三 自然人 列）")
    # A message that starts with its place gets nothing more.
    value = next(line for line in lines if "IMPORT-VALUE" in line and "D5" in line)
    balance = [line for line in lines if "T3-BALANCE" in line]
    assert "位置：" not in value and balance and not any("位置：" in line for line in balance)
