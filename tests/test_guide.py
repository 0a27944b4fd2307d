"""The built-in guide 填报说明 (model/guide.py, model/templates/guide_*.py): complete for every template
year, refused loudly when it is not, the key facts where a user looks for them, and one well-formed page."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest

from model.guide import (
    CELLS_ANCHOR,
    GuideIncompleteError,
    anchor_for,
    check_guide,
    guide_for_cell,
    guide_html,
    guide_of,
    guide_problems,
    guide_text,
    section_anchor,
)
from model.template import Template
from model.templates import TEMPLATES
from model.templates import guide_2021 as g2021

T2021 = TEMPLATES[2021]
ALL_TEMPLATES = list(TEMPLATES.values())


def all_text(template: Template, table_id: str, row_id: str, column_id: str) -> str:
    cell = guide_for_cell(template, table_id, row_id, column_id)
    entries = [cell.row, cell.column, cell.table, cell.cells, *(entry for _label, entry in cell.groups)]
    return " ".join(e.what + " ".join(e.mistakes) for e in entries)


def row_text(template: Template, table_id: str, row_id: str) -> str:
    entry = guide_of(template).tables[table_id].rows[row_id]
    return entry.what + " ".join(entry.mistakes)


def column_text(template: Template, table_id: str, column_id: str) -> str:
    entry = guide_of(template).tables[table_id].columns[column_id]
    return entry.what + " ".join(entry.mistakes)


# --- completeness -----------------------------------------------------------------------------


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: str(t.year))
def test_every_row_column_and_section_of_every_template_year_has_an_entry(template: Template) -> None:
    guide = guide_of(template)
    assert guide_problems(template, guide) == []
    for section in template.sections:
        assert guide.sections[section.id].what
    for table in template.tables:
        for row in table.row_ids:
            for column in table.column_ids:
                cell = guide_for_cell(template, table.id, row, column)
                assert cell.row.what and cell.column.what and cell.table.what


def test_a_guide_missing_a_row_and_a_column_is_refused_naming_them() -> None:
    t3 = g2021.T3
    rows = {k: v for k, v in t3.rows.items() if k != "3.2"}
    columns = {k: v for k, v in t3.columns.items() if k != "legal_service"}
    broken = replace(g2021.GUIDE, tables={**g2021.GUIDE.tables, "t3": replace(t3, rows=rows, columns=columns)})
    with pytest.raises(GuideIncompleteError) as raised:
        check_guide(T2021, broken)
    assert "表三 缺少行 3.2" in str(raised.value)
    assert "表三 缺少列 legal_service" in str(raised.value)


def test_a_guide_missing_a_table_or_a_section_or_naming_unknown_ids_is_refused() -> None:
    tables = {k: v for k, v in g2021.GUIDE.tables.items() if k != "t4"}
    sections = {k: v for k, v in g2021.GUIDE.sections.items() if k != "s5"}
    t3 = replace(g2021.T3, rows={**g2021.T3.rows, "3.9": g2021.T3.rows["3.1"]})
    broken = replace(g2021.GUIDE, sections=sections, tables={**tables, "t3": t3})
    problems = guide_problems(T2021, broken)
    assert "缺少表 t4（表四）" in problems
    assert "缺少部分 s5" in problems
    assert "表三 多出行 3.9" in problems


def test_the_2021_guide_does_not_fit_the_2019_template() -> None:
    # The 2019 表二 has other fields, and its （六）其他处理 no sub-items: reusing 2021 blindly must fail.
    problems = guide_problems(TEMPLATES[2019], replace(g2021.GUIDE, year=2019))
    assert "表三 缺少行 3.6" in problems
    assert "表三 多出行 3.6.1" in problems
    assert "第二十条第（一）项 缺少列 made" in problems
    assert "缺少表 t2_9（第二十条第（九）项）" in problems


def test_a_template_year_without_a_guide_fails_loudly() -> None:
    with pytest.raises(GuideIncompleteError, match="没有 1999 年版模板的填报说明"):
        guide_of(replace(T2021, year=1999))


# --- the key facts, where they belong ------------------------------------------------------------


def test_result_total_counts_results_not_applications() -> None:
    text = row_text(T2021, "t3", "3.7")
    assert "办理结果" in text and "不是收到的申请数" in text


def test_partly_granted_is_counted_only_there() -> None:
    text = row_text(T2021, "t3", "3.2")
    assert "区分处理" in text and "只计这一情形" in text


def test_carried_in_equals_last_years_carried_out_and_back() -> None:
    assert "上年报告的「四、结转下年度继续办理」" in row_text(T2021, "t3", "2")
    assert "下年度报告的「二、上年结转」" in row_text(T2021, "t3", "4")


def test_blank_is_not_zero_is_told_for_every_cell() -> None:
    for table in T2021.tables:
        cell = guide_for_cell(T2021, table.id, table.row_ids[0], table.column_ids[0])
        assert "空白不等于 0" in cell.cells.what
    assert "空白不等于 0" in guide_text(T2021, "t4", "cases", "review.total")


def test_information_fee_is_not_the_administrative_fee() -> None:
    fee_row = row_text(T2021, "t2_8", "fees")
    assert "信息处理费不是本行的行政事业性收费" in fee_row
    section_six = g2021.SECTIONS["s6"].what + " ".join(g2021.SECTIONS["s6"].mistakes)
    assert "信息处理费" in section_six and "行政事业性收费" in section_six
    assert "未收取" in section_six
    assert "万元" in column_text(T2021, "t2_8", "amount")


def test_applicant_columns_of_table_three() -> None:
    assert "自然人" in column_text(T2021, "t3", "natural")
    assert "法律服务机构" in column_text(T2021, "t3", "legal_service")
    assert "自然人加五类法人或其他组织" in column_text(T2021, "t3", "total")
    cell = guide_for_cell(T2021, "t3", "1", "research")
    assert [label for label, _entry in cell.groups] == ["法人或其他组织"]
    assert "商业企业、科研机构、社会公益组织、法律服务机构、其他" in cell.groups[0][1].what


def test_results_group_covers_carried_over_applications() -> None:
    cell = guide_for_cell(T2021, "t3", "3.3.5", "natural")
    labels = [label for label, _entry in cell.groups]
    assert labels == ["三、本年度办理结果", "（三）不予公开"]
    assert "上年结转" in cell.groups[0][1].what
    assert "人事管理、后勤管理、内部工作流程" in cell.row.what


def test_table_four_outcomes_for_reviews_and_both_kinds_of_suit() -> None:
    groups = (("review", "行政复议"), ("direct_suit", "未经复议直接起诉"), ("suit_after_review", "复议后起诉"))
    for group, name in groups:
        for key, word in (("upheld", "维持"), ("corrected", "纠正"), ("other", "其他结果"), ("pending", "尚未审结")):
            assert name in column_text(T2021, "t4", f"{group}.{key}")
            assert word in column_text(T2021, "t4", f"{group}.{key}")
        assert "四项之和" in column_text(T2021, "t4", f"{group}.total")
    cell = guide_for_cell(T2021, "t4", "cases", "direct_suit.upheld")
    assert [label for label, _entry in cell.groups] == ["行政诉讼", "未经复议直接起诉"]
    assert "直接向人民法院起诉" in cell.groups[1][1].what


def test_2019_guide_has_its_own_table_two_and_its_undivided_other_handling() -> None:
    t2019 = TEMPLATES[2019]
    assert "负数" in column_text(t2019, "t2_5", "change")
    assert "不是收费金额" in guide_of(t2019).tables["t2_8"].table.what
    assert row_text(t2019, "t3", "3.7") == row_text(T2021, "t3", "3.7")
    assert "没有细分" in row_text(t2019, "t3", "3.6")
    assert "可为负数" in guide_of(t2019).cells.what


def test_tooltip_text_names_the_cell_row_column_and_mistakes() -> None:
    text = guide_text(T2021, "t3", "3.7", "natural")
    lines = text.splitlines()
    assert lines[0] == "表三 （七）总计 · 自然人"
    assert lines[1].startswith("行：（一）至（六）各项之和")
    assert lines[2] == "列：自然人（公民个人）提出的申请。"
    assert "常见错误：" in lines


# --- the page ----------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link"}


class StrictStructure(HTMLParser):
    """Tags properly nested and closed; the ids and names of anchors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.anchors: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("name"):
            self.anchors.append(values["name"] or "")
            if values.get("id") != values.get("name"):
                self.errors.append(f"anchor {values['name']} without the same id")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: str(t.year))
def test_the_page_is_well_formed_with_an_anchor_per_section_table_row_and_column(template: Template) -> None:
    page = guide_html(template)
    parser = StrictStructure()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    assert len(parser.anchors) == len(set(parser.anchors)), "anchors must be unique"
    anchors = set(parser.anchors)
    assert {"top", CELLS_ANCHOR} <= anchors
    for section in template.sections:
        assert section_anchor(section.id) in anchors
    for table in template.tables:
        assert anchor_for(table.id) in anchors
        assert {anchor_for(table.id, r) for r in table.row_ids} <= anchors
        assert {anchor_for(table.id, column_id=c) for c in table.column_ids} <= anchors
    # Every link of the contents leads somewhere on the page.
    assert parser.links and all(link.startswith("#") and link[1:] in anchors for link in parser.links)
    assert f"{template.year} 年版模板" in page


def test_the_page_escapes_the_texts() -> None:
    page = guide_html(T2021)
    assert "危及“三安全一稳定”" in page
    assert "<b>（二）部分公开（区分处理的，只计这一情形，不计其他情形）</b>" in page
