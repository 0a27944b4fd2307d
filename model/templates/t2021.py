"""The 2021 national template (国办公开办函〔2021〕30号), for report years 2021 onwards.

Labels are spelled exactly as the template spells them (full-width brackets,
the enumeration comma, curly quotes, ASCII "1."). Row and column ids are
stable: they appear in project files and in finding locations.
"""

from __future__ import annotations

from model.template import (
    Cells,
    Column,
    EquationKind,
    Role,
    RoleBinding,
    Row,
    Section,
    Sections,
    Table,
    Template,
    ValueKind,
    column_equations,
    row_equations,
)

INFO = "信息内容"

SECTIONS = (
    Section("s1", "一、总体情况", "narrative", short_title="一 总体情况", required=True,
            purpose="应概述本年度主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等工作情况"),
    Section("s2", "二、主动公开政府信息情况", "tables", ("t2_1", "t2_5", "t2_6", "t2_8"), short_title="二 主动公开"),
    Section("s3", "三、收到和处理政府信息公开申请情况", "tables", ("t3",), short_title="三 依申请办理"),
    Section("s4", "四、政府信息公开行政复议、行政诉讼情况", "tables", ("t4",), short_title="四 复议诉讼"),
    Section("s5", "五、存在的主要问题及改进情况", "narrative", short_title="五 问题改进", required=True,
            purpose="应如实写明存在的主要问题及改进情况"),
    Section("s6", "六、其他需要报告的事项", "narrative", short_title="六 其他事项", required=True,
            purpose="应说明信息处理费的收取情况，以及落实上级年度政务公开工作要点、人大代表建议和政协提案办理等事项"),
)
PREAMBLE_PURPOSE = "应说明本报告的编制依据、所含内容、统计期限及获取报告的途径和咨询方式"

# --- section 二: four sub-tables ---------------------------------------------

DECISIONS = Column("decisions", ("本年处理决定数量",))

T2_1 = Table(
    id="t2_1", section_id="s2", name="第二十条第（一）项", caption="第二十条第（一）项", corner=INFO,
    columns=(
        Column("issued", ("本年制发件数",)),
        Column("abolished", ("本年废止件数",)),
        Column("in_force", ("现行有效件数",)),
    ),
    rows=(Row("rules", ("规章",)), Row("normative", ("行政规范性文件",))),
)
T2_5 = Table(
    id="t2_5", section_id="s2", name="第二十条第（五）项", caption="第二十条第（五）项", corner=INFO,
    columns=(DECISIONS,),
    rows=(Row("licensing", ("行政许可",)),),
)
T2_6 = Table(
    id="t2_6", section_id="s2", name="第二十条第（六）项", caption="第二十条第（六）项", corner=INFO,
    columns=(DECISIONS,),
    rows=(Row("penalty", ("行政处罚",)), Row("coercion", ("行政强制",))),
)
T2_8 = Table(
    id="t2_8", section_id="s2", name="第二十条第（八）项", caption="第二十条第（八）项", corner=INFO,
    columns=(Column("amount", ("本年收费金额（单位：万元）",), ValueKind.AMOUNT, decimals=6, unit="万元"),),
    rows=(Row("fees", ("行政事业性收费",)),),
)

# --- section 三 ----------------------------------------------------------------

APPLICANT = "申请人情况"
LEGAL_PERSON = "法人或其他组织"
T3_COLUMNS = (
    Column("natural", (APPLICANT, "自然人")),
    Column("commercial", (APPLICANT, LEGAL_PERSON, "商业企业")),
    Column("research", (APPLICANT, LEGAL_PERSON, "科研机构")),
    Column("public_welfare", (APPLICANT, LEGAL_PERSON, "社会公益组织")),
    Column("legal_service", (APPLICANT, LEGAL_PERSON, "法律服务机构")),
    Column("other", (APPLICANT, LEGAL_PERSON, "其他")),
    Column("total", (APPLICANT, "总计"), is_total=True),
)
T3_PART_COLUMNS = tuple(c.id for c in T3_COLUMNS if not c.is_total)

RESULTS = "三、本年度办理结果"
WITHHELD = "（三）不予公开"
UNABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"


def _numbered(prefix: str, group: str, labels: tuple[str, ...]) -> tuple[Row, ...]:
    return tuple(
        Row(f"{prefix}.{i}", (RESULTS, group, f"{i}.{label}")) for i, label in enumerate(labels, start=1)
    )


T3_RESULT_LEAVES = (
    Row("3.1", (RESULTS, "（一）予以公开")),
    Row("3.2", (RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    *_numbered("3.3", WITHHELD, (
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    )),
    *_numbered("3.4", UNABLE, (
        "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
    )),
    *_numbered("3.5", NOT_PROCESSED, (
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    )),
    *_numbered("3.6", OTHER, (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    )),
)

T3 = Table(
    id="t3", section_id="s3", name="表三", caption="",
    corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    unnamed_header=APPLICANT,
    columns=T3_COLUMNS,
    rows=(
        Row("1", ("一、本年新收政府信息公开申请数量",)),
        Row("2", ("二、上年结转政府信息公开申请数量",)),
        *T3_RESULT_LEAVES,
        Row("3.7", (RESULTS, "（七）总计"), is_total=True),
        Row("4", ("四、结转下年度继续办理",)),
    ),
)

# --- section 四 ----------------------------------------------------------------

OUTCOMES = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
T4_GROUPS = (
    ("review", ("行政复议",)),
    ("direct_suit", ("行政诉讼", "未经复议直接起诉")),
    ("suit_after_review", ("行政诉讼", "复议后起诉")),
)


def _t4_columns() -> tuple[Column, ...]:
    columns: list[Column] = []
    for group, path in T4_GROUPS:
        columns += [Column(f"{group}.{key}", (*path, label)) for key, label in OUTCOMES]
        columns.append(Column(f"{group}.total", (*path, "总计"), is_total=True))
    return tuple(columns)


T4 = Table(
    id="t4", section_id="s4", name="表四", caption="",
    columns=_t4_columns(),
    # One data row and no label column: the row has an empty label path.
    rows=(Row("cases", ()),),
)

TABLES = (T2_1, T2_5, T2_6, T2_8, T3, T4)


def t3_equations(table: Table) -> tuple:
    """The 勾稽 rules of table 三, shared with the 2019 template."""
    leaves = tuple(r.id for r in table.rows if r.path[0] == RESULTS and not r.is_total)
    return (
        *column_equations(
            table, "T3-BALANCE", ("1", "2"), ("3.7", "4"), EquationKind.BALANCE,
            "一 + 二 = （七）总计 + 四", side_names=("一 + 二", "（七）总计 + 四"),
        ),
        *column_equations(
            table, "T3-RESULT-TOTAL", ("3.7",), leaves, EquationKind.TOTAL,
            "（一）至（六）各项之和",
        ),
        *row_equations(table, "T3-ROW-TOTAL", "total", T3_PART_COLUMNS, "自然人与五类法人或其他组织之和"),
    )


def t4_equations(table: Table) -> tuple:
    equations: list = []
    for group, _path in T4_GROUPS:
        parts = tuple(f"{group}.{key}" for key, _label in OUTCOMES)
        equations += row_equations(
            table, "T4-TOTAL", f"{group}.total", parts, "结果维持、结果纠正、其他结果、尚未审结之和",
        )
    return tuple(equations)


# --- what the rules read: roles -------------------------------------------------------------------


def t3_row_roles(table: Table) -> dict[Role, RoleBinding]:
    """The roles of table 三's rows, shared with the 2019 template (whose （六） has no sub-items)."""

    def under(group: str) -> tuple[str, ...]:
        """The rows of a result group: its numbered sub-items, or the group's own row when it has none."""
        return tuple(r.id for r in table.rows if r.path[1:2] == (group,))

    return {
        Role.RECEIVED: Cells(table.id, rows=("1",)),
        Role.CARRIED_IN: Cells(table.id, rows=("2",)),
        Role.GRANTED: Cells(table.id, rows=("3.1",)),
        Role.PARTLY_GRANTED: Cells(table.id, rows=("3.2",)),
        Role.REFUSED: Cells(table.id, rows=under(WITHHELD)),
        Role.UNABLE: Cells(table.id, rows=under(UNABLE)),
        Role.NOT_PROCESSED: Cells(table.id, rows=under(NOT_PROCESSED)),
        Role.OTHER_HANDLING: Cells(table.id, rows=under(OTHER)),
        Role.RESULT_TOTAL: Cells(table.id, rows=("3.7",)),
        Role.CARRIED_OUT: Cells(table.id, rows=("4",)),
        Role.APPLICANT_TOTAL: Cells(table.id, columns=("total",)),
    }


def t4_roles(table: Table) -> dict[Role, RoleBinding]:
    return {
        Role.REVIEWS: Cells(table.id, columns=("review.total",)),
        Role.DIRECT_SUITS: Cells(table.id, columns=("direct_suit.total",)),
        Role.SUITS_AFTER_REVIEW: Cells(table.id, columns=("suit_after_review.total",)),
        Role.LAWSUITS: Cells(table.id, columns=("direct_suit.total", "suit_after_review.total"),
                             name="行政诉讼总计（未经复议直接起诉与复议后起诉之和）"),
        # The correction rates (model/batch_rates.py): 结果纠正 ÷ (总计 − 尚未审结).
        Role.REVIEWS_CORRECTED: Cells(table.id, columns=("review.corrected",)),
        Role.REVIEWS_PENDING: Cells(table.id, columns=("review.pending",)),
        Role.LAWSUITS_CORRECTED: Cells(table.id, columns=("direct_suit.corrected", "suit_after_review.corrected")),
        Role.LAWSUITS_PENDING: Cells(table.id, columns=("direct_suit.pending", "suit_after_review.pending")),
    }


#: The narrative roles, shared with the 2019 template.
SECTION_ROLES: dict[Role, RoleBinding] = {
    Role.NOT_TRIVIAL: Sections(("s5",)),
    Role.FEE_MENTION: Sections(("s6",)),
    Role.REPETITION: Sections(("s1", "s5", "s6")),
}

ROLES: dict[Role, RoleBinding] = {
    **t3_row_roles(T3),
    Role.UNPAID_FEE: Cells("t3", rows=("3.6.2",)),
    Role.DOCUMENTS_ISSUED: Cells("t2_1", columns=("issued",)),
    Role.DOCUMENTS_ABOLISHED: Cells("t2_1", columns=("abolished",)),
    Role.DOCUMENTS_IN_FORCE: Cells("t2_1", columns=("in_force",)),
    Role.RULES: Cells("t2_1", rows=("rules",)),
    Role.NORMATIVE_DOCUMENTS: Cells("t2_1", rows=("normative",)),
    Role.LICENSING: Cells("t2_5", rows=("licensing",), columns=("decisions",)),
    Role.PENALTIES: Cells("t2_6", rows=("penalty",), columns=("decisions",)),
    Role.COERCIONS: Cells("t2_6", rows=("coercion",), columns=("decisions",)),
    Role.FEE: Cells("t2_8", rows=("fees",), columns=("amount",)),
    **t4_roles(T4),
    **SECTION_ROLES,
}

TEMPLATE = Template(
    year=2021,
    source="国办公开办函〔2021〕30号",
    first_report_year=2021,
    last_report_year=None,
    sections=SECTIONS,
    tables=TABLES,
    equations=(*t3_equations(T3), *t4_equations(T4)),
    preamble_purpose=PREAMBLE_PURPOSE,
    roles=ROLES,
)
