"""A short Chinese name for every rule id a check emits, for the findings panel (问题类型).

Clerks read words, not ids: the panel shows 「表三收支不平衡」 and keeps T3-BALANCE in a tooltip.
tests/test_rule_names.py fails when a rule id in the source has no name here, so a new rule
cannot reach the panel as a bare id.
"""

from __future__ import annotations

RULE_NAMES: dict[str, str] = {
    # Metadata (model/checks.py)
    "META-AGENCY": "未填机关全称",
    "META-YEAR": "报告年度未知",
    "META-PUBLISHED": "发布日期年份不符",
    "META-LATE": "晚于公布期限",
    "META-TEMPLATE-YEAR": "模板与年度不符",
    # Structure
    "STRUCTURE-SECTIONS": "部分缺失或顺序不符",
    "STRUCTURE-TITLE": "部分标题不符",
    "STRUCTURE-CELLS": "表格单元格缺失",
    # Cell values
    "CELL-BLANK": "未填写",
    "CELL-UNCONFIRMED": "读数待确认",
    "COUNT-WHOLE": "件数应为非负整数",
    "AMOUNT-FORMAT": "金额格式不符",
    # Table equations (model/templates/)
    "T3-BALANCE": "表三收支不平衡",
    "T3-RESULT-TOTAL": "表三办理结果合计不符",
    "T3-ROW-TOTAL": "表三总计列不符",
    "T4-TOTAL": "表四合计不符",
    # Narrative
    "TEXT-EMPTY": "正文缺失",
    "TEXT-FORMULA": "文字以公式符号开头",
    "S5-TRIVIAL": "第五部分内容过简",
    "S6-FEE": "未说明信息处理费",
    "NARRATIVE-TABLE": "正文数字与表格不符",
    "NARRATIVE-SUM": "正文合计与表格不符",
    "NARRATIVE-YEAR": "正文年份不符",
    # Text audits (model/text_audits.py)
    "TEXT-NUMBERING": "标题序号不连续",
    "TEXT-SUBTOPIC-NUMBERING": "分项序号层级有误",
    "TEXT-SECTION-ORDINAL": "部分序号或位置有误",
    "TEXT-DOUBLED": "字词重复",
    "TEXT-ASCII-PUNCT": "中文间用了半角标点",
    "TEXT-FULLWIDTH": "全角数字或字母",
    "TEXT-ALL-CONCLUDED": "称全部办结但有结转",
    "S6-FEE-UNSTATED": "未写明信息处理费收取",
    # Last year's report (model/crossyear.py)
    "XY-PRIOR-MISSING": "上年报告无法读取",
    "XY-YEAR": "上年报告年度不符",
    "XY-TEMPLATE": "两年模板不同",
    "XY-CARRYOVER": "上年结转与上年报告不符",
    "XY-IN-FORCE": "现行有效件数不衔接",
    "XY-RATIO": "与上年相比变化过大",
    "XY-REPEAT": "正文与上年大量重复",
    # The batch check's hierarchy (model/batch_rollup.py)
    "HIER-SUM": "上下级数据不一致",
    "HIER-UNMATCHED": "上下级未能比较",
    # Fonts (model/glyphs.py, export/content.py)
    "PDF-MISSING-GLYPH": "字体缺字",
    "PDF-FONT-GLYPH": "所选字体缺字",
    # Importing a workbook or document (importing/, cli.py)
    "IMPORT-VALUE": "导入：不是有效数值",
    "IMPORT-UNPLACED": "导入：无法对应的内容",
    "IMPORT-MISSING": "导入：缺少单元格",
    "IMPORT-DUPLICATE": "导入：单元格重复",
    "IMPORT-FORMULA": "导入：公式",
    "IMPORT-META": "导入：基本信息",
    "IMPORT-UNCERTAIN": "导入：读数不确定",
    "IMPORT-TABLE-MISSING": "导入：缺少表格",
}


def rule_name(rule: str) -> str:
    """The Chinese name of `rule`; the id itself for a rule without one (never an empty cell)."""
    return RULE_NAMES.get(rule, rule)
