"""The 2019 national template (国办公开办函〔2019〕60号), for report years 2019 and 2020.

Tables 三 and 四 are those of 2021 except that （六）其他处理 has no sub-items.
Table 二 has its own fields: they are not the 2021 fields under other names,
so they get ids of their own.
"""

from __future__ import annotations

from dataclasses import replace

from model.template import ABSENT, Cells, Column, Role, RoleBinding, Row, Table, Template, ValueKind
from model.templates import t2021
from model.templates.t2021 import (
    INFO,
    RESULTS,
    SECTION_ROLES,
    T3_COLUMNS,
    T4,
    t3_equations,
    t3_row_roles,
    t4_equations,
    t4_roles,
)

PREVIOUS = Column("previous_items", ("上一年项目数量",))
CHANGE = Column("change", ("本年增/减",), ValueKind.DELTA)
DECISIONS = Column("decision_count", ("处理决定数量",))


def _t2(table_id: str, caption: str, columns: tuple[Column, ...], rows: tuple[Row, ...]) -> Table:
    return Table(id=table_id, section_id="s2", name=caption, caption=caption, corner=INFO,
                 columns=columns, rows=rows)


T2_1 = _t2("t2_1", "第二十条第（一）项", (
    Column("made", ("本年新制作数量",)),
    Column("published", ("本年新公开数量",)),
    Column("total_published", ("对外公开总数量",)),
), (Row("rules", ("规章",)), Row("normative", ("规范性文件",))))
T2_5 = _t2("t2_5", "第二十条第（五）项", (PREVIOUS, CHANGE, DECISIONS),
           (Row("licensing", ("行政许可",)), Row("other_services", ("其他对外管理服务事项",))))
T2_6 = _t2("t2_6", "第二十条第（六）项", (PREVIOUS, CHANGE, DECISIONS),
           (Row("penalty", ("行政处罚",)), Row("coercion", ("行政强制",))))
T2_8 = _t2("t2_8", "第二十条第（八）项", (PREVIOUS, CHANGE), (Row("fees", ("行政事业性收费",)),))
T2_9 = _t2("t2_9", "第二十条第（九）项", (
    Column("projects", ("采购项目数量",)),
    Column("amount", ("采购总金额",), ValueKind.AMOUNT, decimals=6, unit="万元"),
), (Row("procurement", ("政府集中采购",)),))

T3 = Table(
    id="t3", section_id="s3", name="表三", caption="", corner=t2021.T3.corner,
    unnamed_header=t2021.T3.unnamed_header,
    columns=T3_COLUMNS,
    rows=(
        *(row for row in t2021.T3.rows if not row.id.startswith("3.6.") and row.id not in ("3.7", "4")),
        Row("3.6", (RESULTS, "（六）其他处理")),
        *(row for row in t2021.T3.rows if row.id in ("3.7", "4")),
    ),
)

SECTIONS = tuple(
    s if s.id != "s2" else replace(s, tables=("t2_1", "t2_5", "t2_6", "t2_8", "t2_9"))
    for s in t2021.SECTIONS
)

ROLES: dict[Role, RoleBinding] = {
    **t3_row_roles(T3),
    Role.UNPAID_FEE: ABSENT,  # （六） has no sub-items
    # 本年新制作数量 counts the documents made; nothing counts those abolished or in force.
    Role.DOCUMENTS_ISSUED: Cells("t2_1", columns=("made",)),
    Role.DOCUMENTS_ABOLISHED: ABSENT,
    Role.DOCUMENTS_IN_FORCE: ABSENT,
    Role.RULES: Cells("t2_1", rows=("rules",)),
    Role.NORMATIVE_DOCUMENTS: Cells("t2_1", rows=("normative",)),
    Role.LICENSING: Cells("t2_5", rows=("licensing",), columns=("decision_count",)),
    Role.PENALTIES: Cells("t2_6", rows=("penalty",), columns=("decision_count",)),
    Role.COERCIONS: Cells("t2_6", rows=("coercion",), columns=("decision_count",)),
    Role.FEE: ABSENT,  # 第二十条第（八）项 counts 收费 items, not the amount
    **t4_roles(T4),
    **SECTION_ROLES,
}

TEMPLATE = Template(
    year=2019,
    source="国办公开办函〔2019〕60号",
    first_report_year=2019,
    last_report_year=2020,
    sections=SECTIONS,
    tables=(T2_1, T2_5, T2_6, T2_8, T2_9, T3, T4),
    equations=(*t3_equations(T3), *t4_equations(T4)),
    preamble_purpose=t2021.PREAMBLE_PURPOSE,
    roles=ROLES,
)
