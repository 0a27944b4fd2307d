"""填报说明 of the 2019 template (国办公开办函〔2019〕60号), keyed by the ids of `model/templates/t2019.py`.

Tables 三 and 四 are those of 2021 except that （六）其他处理 has no sub-items: their entries are the
2021 ones, row by row. Table 二 has fields of its own, so its entries are its own; the template says
little about them, and so does this guide.
"""

from __future__ import annotations

from dataclasses import replace

from model.guide import GuideEntry, TableGuide, TemplateGuide
from model.templates import guide_2021

G = GuideEntry

SECTIONS = {
    **guide_2021.SECTIONS,
    "s2": G("以五张小表填报主动公开政府信息情况，分别对应《条例》第二十条第（一）、（五）、（六）、（八）、（九）项。"),
    "s6": G(
        "说明按《政府信息公开信息处理费管理办法》收取信息处理费的情况（没有收取也应写明「未收取」），"
        "以及其他需要报告的事项。",
        ("完全不提信息处理费：即使未收取，也应写明。",),
    ),
}

PREVIOUS = G("上一年度的项目数量。")
CHANGE = G("本年度比上一年度增加（填正数）或减少（填负数）的项目数量，没有变化的填 0。",
           ("减少时漏写负号。",))
DECISIONS = G("本年度作出的处理决定的件数。")

T2_1 = TableGuide(
    table=G("《条例》第二十条第（一）项：规章和规范性文件。"),
    rows={"rules": G("规章。"), "normative": G("规范性文件。")},
    columns={
        "made": G("本年度新制作的数量。"),
        "published": G("本年度新公开的数量。"),
        "total_published": G("对外公开的总数量。"),
    },
)
T2_5 = TableGuide(
    table=G("《条例》第二十条第（五）项：行政许可和其他对外管理服务事项。"),
    rows={"licensing": G("行政许可。"), "other_services": G("其他对外管理服务事项。")},
    columns={"previous_items": PREVIOUS, "change": CHANGE, "decision_count": DECISIONS},
)
T2_6 = TableGuide(
    table=G("《条例》第二十条第（六）项：行政处罚和行政强制。"),
    rows={"penalty": G("行政处罚。"), "coercion": G("行政强制。")},
    columns={"previous_items": PREVIOUS, "change": CHANGE, "decision_count": DECISIONS},
)
T2_8 = TableGuide(
    table=G("《条例》第二十条第（八）项：行政事业性收费。本表填的是收费项目数量，不是收费金额。",
            ("把收费金额填作项目数量。", "把信息处理费计入行政事业性收费：信息处理费在第六部分说明。")),
    rows={"fees": G("行政事业性收费项目。")},
    columns={"previous_items": PREVIOUS, "change": CHANGE},
)
T2_9 = TableGuide(
    table=G("《条例》第二十条第（九）项：政府集中采购。"),
    rows={"procurement": G("政府集中采购。")},
    columns={
        "projects": G("采购项目的数量。"),
        "amount": G("采购总金额，以万元为单位，可有小数。", ("按元填写。",)),
    },
)

_T3_2021 = guide_2021.T3
T3 = replace(
    _T3_2021,
    rows={
        **{row: entry for row, entry in _T3_2021.rows.items() if not row.startswith("3.6.")},
        "3.6": G("不属于（一）至（五）的其他处理结果（2019 年版模板此项没有细分）。"),
    },
    # （六）其他处理 is a row of its own here, not a label over sub-items.
    groups={path: entry for path, entry in _T3_2021.groups.items() if path[-1] != "（六）其他处理"},
)

# 本年增/减 may be negative: the 2021 wording (every count ≥ 0) would be wrong here.
CELLS = replace(guide_2021.CELLS, what=(
    "每个单元格填一个不带单位的数字：件数为整数，「本年增/减」可为负数，金额以万元为单位。"
    + guide_2021.BLANK_IS_NOT_ZERO + "本年度没有发生的，请填 0，也可用「编辑 → 空白单元格填 0」一次填满当前表格。"
))

GUIDE = TemplateGuide(
    year=2019,
    cells=CELLS,
    preamble=guide_2021.PREAMBLE,
    sections=SECTIONS,
    tables={"t2_1": T2_1, "t2_5": T2_5, "t2_6": T2_6, "t2_8": T2_8, "t2_9": T2_9, "t3": T3, "t4": guide_2021.T4},
)
