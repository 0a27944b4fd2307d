"""The templates as declared data, against the official templates (shared/reference/template-2021.md)."""

from __future__ import annotations

import pytest

from model.template import EquationKind, Table, Template, ValueKind
from model.templates import CURRENT, TEMPLATES, template_for, template_for_report_year

T2021: Template = TEMPLATES[2021]
T2019: Template = TEMPLATES[2019]

SECTION_TITLES = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS = "三、本年度办理结果"

T3_ROW_LABELS_2021 = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]


def table_summary(table: Table) -> tuple[str, str, list[str], list[str]]:
    return (table.caption, table.corner, [c.label for c in table.columns], [r.label for r in table.rows])


# --- sections ----------------------------------------------------------------------------------


@pytest.mark.parametrize("template", [T2021, T2019], ids=["2021", "2019"])
def test_six_sections_in_order(template: Template) -> None:
    assert [s.title for s in template.sections] == SECTION_TITLES
    assert [s.id for s in template.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert [s.kind for s in template.sections] == ["narrative", "tables", "tables", "tables", "narrative", "narrative"]
    assert template.narrative_section_ids == ("s1", "s5", "s6")
    assert template.section("s3").tables == ("t3",)
    assert template.section("s4").tables == ("t4",)
    with pytest.raises(KeyError):
        template.section("s7")


def test_every_table_belongs_to_the_section_that_lists_it() -> None:
    for template in (T2021, T2019):
        listed = [t for s in template.sections for t in s.tables]
        assert listed == [t.id for t in template.tables]
        for section in template.sections:
            for table_id in section.tables:
                assert template.table(table_id).section_id == section.id


def test_sources_and_years() -> None:
    assert (T2021.source, T2021.first_report_year, T2021.last_report_year) == ("国办公开办函〔2021〕30号", 2021, None)
    assert (T2019.source, T2019.first_report_year, T2019.last_report_year) == ("国办公开办函〔2019〕60号", 2019, 2020)
    assert CURRENT is T2021
    assert template_for(2019) is T2019 and template_for(2021) is T2021
    with pytest.raises(KeyError):
        template_for(2020)


@pytest.mark.parametrize(("report_year", "template_year"), [
    (2019, 2019), (2020, 2019), (2021, 2021), (2024, 2021), (2030, 2021),
])
def test_template_for_report_year(report_year: int, template_year: int) -> None:
    assert template_for_report_year(report_year) is TEMPLATES[template_year]
    assert TEMPLATES[template_year].applies_to(report_year)
    other = T2019 if template_year == 2021 else T2021
    assert not other.applies_to(report_year)


def test_applies_to_boundaries() -> None:
    assert not T2019.applies_to(2018)
    assert not T2021.applies_to(2020)
    assert T2021.applies_to(2100)


# --- table 二 (2021) -----------------------------------------------------------------------------------


def test_2021_table_2_sub_tables() -> None:
    assert T2021.section("s2").tables == ("t2_1", "t2_5", "t2_6", "t2_8")
    summaries = [table_summary(T2021.table(t)) for t in T2021.section("s2").tables]
    assert summaries == [
        ("第二十条第（一）项", "信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"],
         ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", "信息内容", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", "信息内容", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", "信息内容", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ]


def test_fee_column_is_an_amount_in_wan_yuan_to_the_fen() -> None:
    fee = T2021.table("t2_8").column("amount")
    assert fee.kind is ValueKind.AMOUNT
    assert fee.decimals == 6  # 0.000001 万元 = 1 分
    assert fee.unit == "万元"
    # Every other cell of every 2021 table is a whole count of 件.
    others = [c for t in T2021.tables for c in t.columns if c is not fee]
    assert {(c.kind, c.decimals, c.unit) for c in others} == {(ValueKind.COUNT, 0, "件")}


# --- table 三 ----------------------------------------------------------------------------------------------


def test_table_3_has_25_rows_and_7_columns() -> None:
    t3 = T2021.table("t3")
    assert len(t3.rows) == 25
    assert len(t3.columns) == 7
    assert t3.corner == T3_CORNER
    assert t3.caption == ""
    assert t3.name == "表三"
    assert t3.header_depth == 3
    assert t3.label_depth == 3


def test_table_3_row_labels_as_spelled_in_the_template() -> None:
    t3 = T2021.table("t3")
    assert [r.label for r in t3.rows] == T3_ROW_LABELS_2021
    # Spelling: full-width brackets, curly quotes, ASCII "1.", the enumeration comma.
    assert t3.row("3.3.3").path == (RESULTS, "（三）不予公开", "3.危及“三安全一稳定”")
    assert t3.row("3.2").path == (RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert t3.row("3.4.2").path == (RESULTS, "（四）无法提供", "2.没有现成信息需要另行制作")
    assert t3.row("3.5.5").path == (RESULTS, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息")
    assert t3.row("3.6.2").path == (
        RESULTS, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    assert t3.row("3.7").path == (RESULTS, "（七）总计")
    assert t3.row("1").path == ("一、本年新收政府信息公开申请数量",)
    assert t3.row("4").path == ("四、结转下年度继续办理",)
    for row in t3.rows:
        text = "".join(row.path)
        assert "(" not in text and ")" not in text and '"' not in text
        assert "．" not in text and "1、" not in text


def test_table_3_has_no_subtotal_rows() -> None:
    t3 = T2021.table("t3")
    groups = {r.path[1] for r in t3.rows if len(r.path) == 3}
    assert groups == {"（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"}
    # A group label is never a row of its own: only its numbered items are.
    assert not any(len(r.path) == 2 and r.path[1] in groups for r in t3.rows)
    assert [r.id for r in t3.rows if r.is_total] == ["3.7"]


def test_table_3_columns() -> None:
    t3 = T2021.table("t3")
    assert [c.path for c in t3.columns] == [
        ("申请人情况", "自然人"),
        ("申请人情况", "法人或其他组织", "商业企业"),
        ("申请人情况", "法人或其他组织", "科研机构"),
        ("申请人情况", "法人或其他组织", "社会公益组织"),
        ("申请人情况", "法人或其他组织", "法律服务机构"),
        ("申请人情况", "法人或其他组织", "其他"),
        ("申请人情况", "总计"),
    ]
    assert "小计" not in {c.label for c in t3.columns}
    assert [c.id for c in t3.columns if c.is_total] == ["total"]


def test_cell_names_used_in_messages() -> None:
    t3, t4 = T2021.table("t3"), T2021.table("t4")
    assert t3.cell_name("3.7", "natural") == "表三 （七）总计 · 自然人"
    assert t3.cell_name("3.3.1", "commercial") == "表三 （三）不予公开 1.属于国家秘密 · 法人或其他组织·商业企业"
    assert t3.cell_name("1", "total") == "表三 一、本年新收政府信息公开申请数量 · 总计"
    assert t4.cell_name("cases", "direct_suit.upheld") == "表四 行政诉讼·未经复议直接起诉·结果维持"
    assert t4.cell_name("cases", "review.total") == "表四 行政复议·总计"
    assert T2021.table("t2_8").cell_name("fees", "amount") == (
        "第二十条第（八）项 行政事业性收费 · 本年收费金额（单位：万元）")


# --- table 四 ------------------------------------------------------------------------------------------------


def test_table_4_has_fifteen_columns_in_three_groups_of_five() -> None:
    t4 = T2021.table("t4")
    assert len(t4.columns) == 15
    assert len(t4.rows) == 1
    assert t4.header_depth == 3
    groups = [t4.columns[i:i + 5] for i in range(0, 15, 5)]
    assert [g[0].path[:-1] for g in groups] == [
        ("行政复议",), ("行政诉讼", "未经复议直接起诉"), ("行政诉讼", "复议后起诉")]
    for group in groups:
        assert [c.label for c in group] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        assert len({c.path[:-1] for c in group}) == 1
        assert [c.is_total for c in group] == [False, False, False, False, True]


def test_which_cells_are_totals() -> None:
    totals = {
        (t.id, r.id, c.id)
        for t in T2021.tables for r in t.rows for c in t.columns
        if r.is_total or c.is_total
    }
    expected_t3 = {("t3", "3.7", c) for c in T2021.table("t3").column_ids}
    expected_t3 |= {("t3", r, "total") for r in T2021.table("t3").row_ids}
    expected_t4 = {("t4", "cases", f"{g}.total") for g in ("review", "direct_suit", "suit_after_review")}
    assert totals == expected_t3 | expected_t4
    assert len(totals) == 7 + 25 - 1 + 3


# --- equations ------------------------------------------------------------------------------------------------


def test_2021_equation_count() -> None:
    counts: dict[str, int] = {}
    for equation in T2021.equations:
        counts[equation.rule] = counts.get(equation.rule, 0) + 1
    assert counts == {"T3-BALANCE": 7, "T3-RESULT-TOTAL": 7, "T3-ROW-TOTAL": 25, "T4-TOTAL": 3}
    assert len(T2021.equations) == 42
    assert len(T2019.equations) == 7 + 7 + 23 + 3


@pytest.mark.parametrize("template", [T2021, T2019], ids=["2021", "2019"])
def test_every_equation_refers_only_to_existing_cells(template: Template) -> None:
    for equation in template.equations:
        table = template.table(equation.table)
        assert equation.cells, equation
        for row, column in equation.cells:
            assert table.has_cell(row, column), (equation.rule, row, column)
        assert len(set(equation.cells)) == len(equation.cells)
        if equation.kind is EquationKind.TOTAL:
            assert len(equation.left) == 1


def test_balance_equations() -> None:
    balances = [e for e in T2021.equations if e.rule == "T3-BALANCE"]
    assert [e.column for e in balances] == list(T2021.table("t3").column_ids)
    for e in balances:
        assert e.kind is EquationKind.BALANCE
        assert e.row is None
        assert e.left == (("1", e.column), ("2", e.column))
        assert e.right == (("3.7", e.column), ("4", e.column))


def test_result_total_equations_sum_every_result_leaf() -> None:
    t3 = T2021.table("t3")
    leaves = [r.id for r in t3.rows if r.path[0] == RESULTS and not r.is_total]
    assert len(leaves) == 21
    for e in (e for e in T2021.equations if e.rule == "T3-RESULT-TOTAL"):
        assert e.kind is EquationKind.TOTAL
        assert e.left == (("3.7", e.column),)
        assert e.right == tuple((r, e.column) for r in leaves)


def test_row_total_equations() -> None:
    t3 = T2021.table("t3")
    rows = [e for e in T2021.equations if e.rule == "T3-ROW-TOTAL"]
    assert [e.row for e in rows] == list(t3.row_ids)
    parts = ("natural", "commercial", "research", "public_welfare", "legal_service", "other")
    for e in rows:
        assert e.left == ((e.row, "total"),)
        assert e.right == tuple((e.row, c) for c in parts)
        assert e.column == "total"


def test_table_4_total_equations() -> None:
    rows = [e for e in T2021.equations if e.rule == "T4-TOTAL"]
    assert [(e.table, e.row, e.column) for e in rows] == [
        ("t4", "cases", "review.total"), ("t4", "cases", "direct_suit.total"),
        ("t4", "cases", "suit_after_review.total"),
    ]
    for e in rows:
        group = e.column.removesuffix(".total")
        assert e.right == tuple(("cases", f"{group}.{p}") for p in ("upheld", "corrected", "other", "pending"))


# --- the 2019 template ------------------------------------------------------------------------------------------


def test_2019_table_3_has_no_sub_items_under_six() -> None:
    t3 = T2019.table("t3")
    assert len(t3.rows) == 23
    assert t3.row("3.6").path == (RESULTS, "（六）其他处理")
    assert not any(r.id.startswith("3.6.") for r in t3.rows)
    assert t3.corner == T3_CORNER
    assert [r.label for r in t3.rows] == [*T3_ROW_LABELS_2021[:20], "（六）其他处理", *T3_ROW_LABELS_2021[23:]]
    assert t3.columns == T2021.table("t3").columns
    result_total = next(e for e in T2019.equations if e.rule == "T3-RESULT-TOTAL")
    assert ("3.6", result_total.column) in result_total.right


def test_2019_table_4_is_that_of_2021() -> None:
    assert T2019.table("t4") == T2021.table("t4")


def test_2019_table_2_has_its_own_fields() -> None:
    assert T2019.section("s2").tables == ("t2_1", "t2_5", "t2_6", "t2_8", "t2_9")
    summaries = [table_summary(T2019.table(t)) for t in T2019.section("s2").tables]
    assert summaries == [
        ("第二十条第（一）项", "信息内容", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
         ["规章", "规范性文件"]),
        ("第二十条第（五）项", "信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"],
         ["行政许可", "其他对外管理服务事项"]),
        ("第二十条第（六）项", "信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", "信息内容", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
        ("第二十条第（九）项", "信息内容", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
    ]
    assert not T2021.has_table("t2_9")


def test_2019_table_2_kinds() -> None:
    change = T2019.table("t2_5").column("change")
    assert change.kind is ValueKind.DELTA
    assert T2019.table("t2_6").column("change").kind is ValueKind.DELTA
    assert T2019.table("t2_8").column("change").kind is ValueKind.DELTA
    procurement = T2019.table("t2_9").column("amount")
    assert (procurement.kind, procurement.decimals, procurement.unit) == (ValueKind.AMOUNT, 6, "万元")


def test_2019_fields_other_than_decisions_have_ids_of_their_own() -> None:
    ids_2019 = {(t, c) for t in ("t2_1", "t2_5", "t2_6", "t2_8") for c in T2019.table(t).column_ids}
    ids_2021 = {(t, c) for t in ("t2_1", "t2_5", "t2_6", "t2_8") for c in T2021.table(t).column_ids}
    assert ids_2019 & ids_2021 <= {("t2_5", "decisions"), ("t2_6", "decisions")}


def test_2019_fields_are_not_2021_fields_under_other_names() -> None:
    ids_2019 = {(t, c) for t in ("t2_1", "t2_5", "t2_6", "t2_8") for c in T2019.table(t).column_ids}
    ids_2021 = {(t, c) for t in ("t2_1", "t2_5", "t2_6", "t2_8") for c in T2021.table(t).column_ids}
    assert ids_2019.isdisjoint(ids_2021)


def test_a_template_without_what_the_checks_need_fails_loudly() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="preamble_purpose"):
        replace(T2021, preamble_purpose="")
    sections = tuple(replace(s, purpose="") if s.id == "s6" else s for s in T2021.sections)
    with pytest.raises(ValueError, match="s6"):
        replace(T2021, sections=sections)


def test_every_template_requires_the_text_of_sections_one_five_and_six() -> None:
    for template in TEMPLATES.values():
        assert [s.id for s in template.sections if s.required] == ["s1", "s5", "s6"]
