"""The roll-up and the hierarchy check (issue 17, part 4): tables summed cell by cell, blank only where
blank everywhere; every parent against the sum of its children (HIER-SUM), names matched and shown."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from model.batch_rollup import check_hierarchy, read_hierarchy_rows, roll_up
from model.batch_types import HierarchyRow
from model.findings import Severity
from model.report import AgencyKind, Metadata, Report
from model.templates import TEMPLATES


def _report(agency: str, seed: int, year: int = 2024, template: int = 2021) -> Report:
    rng = random.Random(seed)
    report = Report.blank(Metadata(agency, year, AgencyKind.GOVERNMENT), TEMPLATES[template])
    for key in report.cells:
        report.cells[key] = Decimal(rng.randint(0, 999)) / 1000 if key[0] == "t2_8" else rng.randint(0, 40)
    return report


def test_the_roll_up_is_the_sum_computed_cell_by_cell() -> None:
    reports = [_report(f"单位{i}", i) for i in range(5)]
    reports[1].cells[("t3", "1", "natural")] = None  # blank + the others = the others
    for report in reports:
        report.cells[("t2_1", "rules", "issued")] = None  # blank everywhere stays blank
    summed = roll_up(reports)
    assert summed.meta.agency == "汇总（5 份报告）" and summed.meta.year == 2024
    assert summed.meta.kind is AgencyKind.GOVERNMENT and summed.template_year == 2021
    assert set(summed.cells) == set(reports[0].cells)
    for key, value in summed.cells.items():
        stated = [r.cells[key] for r in reports if r.cells[key] is not None]
        assert value == (sum(stated) if stated else None), key
    assert summed.cells[("t2_1", "rules", "issued")] is None
    assert isinstance(summed.cells[("t2_8", "fees", "amount")], Decimal)  # money summed exactly
    assert [s.id for s in summed.sections] == [s.id for s in TEMPLATES[2021].sections]


def test_reports_of_another_template_or_year_are_not_summed() -> None:
    with pytest.raises(ValueError, match="年版"):
        roll_up([_report("甲", 1), _report("乙", 2, year=2020, template=2019)])
    with pytest.raises(ValueError, match="2023 年度、2024 年度"):
        roll_up([_report("甲", 1), _report("乙", 2, year=2023)])
    with pytest.raises(ValueError, match="没有"):
        roll_up([])


def _family(parent_extra: int) -> dict[str, Report]:
    children = {"jia.nianbao": _report("某某市甲局", 1), "yi.nianbao": _report("某某市 乙局", 2)}
    parent = roll_up(list(children.values()))
    parent.meta.agency = "某某市人民政府"
    parent.cells[("t3", "1", "total")] += parent_extra
    return {"city.nianbao": parent, **children}


def test_a_roll_up_parent_differing_from_its_children_is_an_error_naming_the_values() -> None:
    reports = _family(-3)
    rows = [HierarchyRow("某某市甲局", "某某市政府", True), HierarchyRow("某某市乙局", "某某市政府", True)]
    findings, missing, matches = check_hierarchy(reports, rows)
    assert missing == []
    assert ("某某市政府", "某某市人民政府", "city.nianbao") in matches
    assert ("某某市乙局", "某某市 乙局", "yi.nianbao") in matches
    assert len(findings) == 1
    file, finding = findings[0]
    jia, yi = (reports[f].cells[("t3", "1", "total")] for f in ("jia.nianbao", "yi.nianbao"))
    assert file == "city.nianbao" and finding.rule == "HIER-SUM" and finding.severity is Severity.ERROR
    assert (finding.location.table, finding.location.row, finding.location.column) == ("t3", "1", "total")
    assert finding.message.startswith(
        f"表三 一、本年新收政府信息公开申请数量 · 总计：本级报告为 {jia + yi - 3}，下级合计为 {jia + yi}"
        f"（某某市甲局 {jia}、某某市乙局 {yi}）")


def test_a_parent_with_its_own_cases_is_warned_only_below_the_sum() -> None:
    rows = [HierarchyRow("某某市甲局", "某某市政府", False), HierarchyRow("某某市乙局", "某某市政府", False)]
    assert check_hierarchy(_family(+4), rows)[0] == []
    (_file, finding), = check_hierarchy(_family(-1), rows)[0]
    assert finding.severity is Severity.WARNING and "不应少于下级合计" in finding.message


def test_children_without_a_report_are_listed_and_ambiguous_names_are_not_guessed() -> None:
    reports = _family(0)
    reports["jia2.nianbao"] = _report("某某市甲局", 9)
    rows = [HierarchyRow("某某市甲局", "某某市政府", True), HierarchyRow("某某市乙局", "某某市政府", True),
            HierarchyRow("某某市丙局", "某某市政府", True)]
    findings, missing, matches = check_hierarchy(reports, rows)
    assert missing == ["某某市丙局"]
    assert {m[2] for m in matches if m[0] == "某某市甲局"} == {"jia.nianbao", "jia2.nianbao"}
    rules = [f.rule for _file, f in findings]
    assert "HIER-UNMATCHED" in rules
    unmatched = next(f for _file, f in findings if f.rule == "HIER-UNMATCHED")
    assert "jia.nianbao" in unmatched.message and "jia2.nianbao" in unmatched.message
    # 甲 is not guessed: the parent (甲 + 乙) is compared with 乙 alone, and each message says who is left out.
    differing = [f for _file, f in findings if f.rule == "HIER-SUM"]
    assert differing and all(f.message.endswith("；下级合计未含某某市甲局、某某市丙局。") for f in differing)


def test_a_roll_up_parent_missing_a_childs_report_is_an_error_only_below_the_sum() -> None:
    rows = [HierarchyRow("某某市甲局", "某某市政府", True), HierarchyRow("某某市乙局", "某某市政府", True),
            HierarchyRow("某某市丙局", "某某市政府", True)]  # 丙 sent no report: its cases may be in the parent
    (_file, above), = check_hierarchy(_family(+4), rows)[0]
    assert above.severity is Severity.WARNING
    assert "无法确认是否相等" in above.message and above.message.endswith("；下级合计未含某某市丙局。")
    (_file, below), = check_hierarchy(_family(-1), rows)[0]
    assert below.severity is Severity.ERROR and "两者应相等" in below.message


def test_last_years_reports_in_the_batch_do_not_make_a_name_ambiguous() -> None:
    reports = _family(0)
    reports["jia-2023.nianbao"] = _report("某某市甲局", 5, year=2023)
    rows = [HierarchyRow("某某市甲局", "某某市政府", True), HierarchyRow("某某市乙局", "某某市政府", True)]
    findings, missing, _matches = check_hierarchy(reports, rows)
    assert findings == [] and missing == []


def test_the_hierarchy_file_is_read_with_its_header_and_refused_with_the_row_number() -> None:
    rows = read_hierarchy_rows([["单位", "上级单位", "上级报告是否为下级汇总"], ["某某市甲局", "某某市政府", "是"],
                                [], ["某某市政府", "", ""], [" 某某市乙局 ", "某某市 人民政府", "是"]])
    assert rows == [HierarchyRow("某某市甲局", "某某市政府", True), HierarchyRow("某某市乙局", "某某市 人民政府", True)]
    with pytest.raises(ValueError, match=r"第 3 行.*第 1 行"):
        read_hierarchy_rows([["甲局", "市政府", "是"], [""], ["乙局", "市人民政府", "否"]])
    with pytest.raises(ValueError, match="第 2 行：第三列"):
        read_hierarchy_rows([["甲局", "市政府", "是"], ["乙局", "市政府", "也许"]])
    with pytest.raises(ValueError, match=r"第 2 行.*另一个上级"):
        read_hierarchy_rows([["甲局", "市政府", "是"], ["甲局", "区政府", "是"]])
    with pytest.raises(ValueError, match="没有上下级关系"):
        read_hierarchy_rows([["单位", "上级单位", "是否汇总"]])


def test_a_file_of_one_relation_is_that_relation_not_a_header() -> None:
    """The first line is the header only when it does not read as data: one relation alone is read, a
    blank third cell is that row's error (not 「没有上下级关系」), header words make a header."""
    assert read_hierarchy_rows([["某区教育局", "某区人民政府", "否"]]) == [
        HierarchyRow("某区教育局", "某区人民政府", False)]
    with pytest.raises(ValueError, match="第 1 行：第三列"):
        read_hierarchy_rows([["某区教育局", "某区人民政府"]])
    assert read_hierarchy_rows([["单位", "上级单位", "是"], ["某区教育局", "某区人民政府", "是"]]) == [
        HierarchyRow("某区教育局", "某区人民政府", True)]
    for header in (["单位", "上级单位"], ["单位名称", "上级", "否"], ["单位", "上级单位", "上级报告是否为下级汇总"]):
        with pytest.raises(ValueError, match="层级文件中没有上下级关系"):
            read_hierarchy_rows([header])
