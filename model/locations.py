"""Where a finding is, in words: one description for the findings panel, the Excel export's
findings sheet and the command line.

"表三 （一）予以公开 · 自然人", "五、存在的主要问题及改进情况 第 2 段", "基本信息 · 机关全称"; for what an
import met, also the place in the file it came from: "表三 一、…… · 自然人（工作表“表三”D5）".
"""

from __future__ import annotations

from model.findings import Location
from model.report import Report

#: The metadata fields as the report's forms name them.
META_FIELD_LABELS = {
    "agency": "机关全称",
    "year": "报告年度",
    "kind": "机关类型",
    "published": "发布日期",
    "website": "网站",
    "phone": "联系电话",
    "email": "电子邮箱",
}
#: The pseudo-sections of `Location.section` (model/findings.py) and how they are named.
META, PREAMBLE, DOCUMENT = "meta", "preamble", "document"
PREAMBLE_NAME = "开篇"
DOCUMENT_NAME = "全文结构"


def describe_location(report: Report, location: Location) -> str:
    """Where `location` points in `report`, in words; with the place in a foreign file
    (`Location.source`) when the words do not already say it."""
    place = _place(report, location)
    source = location.source
    return f"{place}（{source}）" if source and source not in place else place


def _place(report: Report, location: Location) -> str:
    template = report.template
    if location.section == META:
        field = META_FIELD_LABELS.get(location.field or "", location.field or "")
        return f"基本信息 · {field}" if field else "基本信息"
    if location.section == DOCUMENT:
        return DOCUMENT_NAME
    if location.table and template.has_table(location.table):
        table = template.table(location.table)
        row = location.row if location.row and location.row in table.row_ids else None
        column = location.column if location.column and location.column in table.column_ids else None
        if row and column:
            return table.cell_name(row, column)
        if row:
            name = table.row_name(row)
            return f"{table.name} {name}" if name else table.name
        if column:
            return f"{table.name} {table.column_name(column)} 列"
        return table.name
    title = _section_title(report, location.section)
    if location.paragraph is not None:
        return f"{title} 第 {location.paragraph + 1} 段"
    if location.field == "title":
        return f"{title} 标题"
    return title


def _section_title(report: Report, section_id: str) -> str:
    if section_id == PREAMBLE:
        return PREAMBLE_NAME
    section = report.section(section_id)
    if section is not None:
        return section.title
    try:
        return report.template.section(section_id).title
    except KeyError:
        return section_id
