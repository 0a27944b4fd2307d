"""CELL-UNCONFIRMED (model/uncertain_checks.py): every cell an import from a document could not read
for certain is a warning with its place, until the person confirms it."""

from __future__ import annotations

from pathlib import Path

from model.checks import check_report
from model.findings import Location, Severity, has_errors
from model.locations import describe_location
from model.projectfile import load
from model.templates import TEMPLATES
from model.uncertain_checks import check_uncertain

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "zaozhuang-2024.nianbao.json"


def test_the_sample_has_no_unconfirmed_cell() -> None:
    assert [f for f in check_report(load(SAMPLE)) if f.rule == "CELL-UNCONFIRMED"] == []


def test_each_uncertain_cell_is_a_warning_with_its_place() -> None:
    report = load(SAMPLE)
    report.uncertain = {("t4", "cases", "review.total"), ("t3", "3.1", "natural")}
    found = [f for f in check_report(report) if f.rule == "CELL-UNCONFIRMED"]
    assert [f.location for f in found] == [
        Location("s3", table="t3", row="3.1", column="natural", cells=(("3.1", "natural"),)),
        Location("s4", table="t4", row="cases", column="review.total", cells=(("cases", "review.total"),)),
    ]
    assert all(f.severity is Severity.WARNING for f in found)
    value = report.cells[("t3", "3.1", "natural")]
    assert found[0].message == (f"表三 （一）予以公开 · 自然人：此数字（{value}）由导入文档时读取，未能确定，"
                                "请对照原文核对后确认。")
    assert describe_location(report, found[0].location) == "表三 （一）予以公开 · 自然人"
    assert not has_errors(check_report(report))  # the sample stays free of errors: a warning only


def test_a_blank_uncertain_cell_says_it_was_read_as_blank() -> None:
    report = load(SAMPLE)
    report.cells[("t2_1", "rules", "issued")] = None
    report.uncertain = {("t2_1", "rules", "issued")}
    (finding,) = check_uncertain(report)
    assert finding.message.startswith(TEMPLATES[2021].table("t2_1").cell_name("rules", "issued") + "：")
    assert "读作空白" in finding.message and "0" not in finding.message.split("：", 1)[1]


def test_a_confirmed_cell_is_no_longer_reported() -> None:
    report = load(SAMPLE)
    report.uncertain = {("t3", "3.1", "natural")}
    assert len(check_uncertain(report)) == 1
    report.uncertain.discard(("t3", "3.1", "natural"))
    assert check_uncertain(report) == []
