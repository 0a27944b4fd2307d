"""The roll-up sheets of 汇总.xlsx: the list of the files summed (汇总表), the summed tables 二、三、四 in
the official layout (汇总表二…, drawn by the report workbook's own table writer), and the check of
every parent against the sum of its children (上下级核对)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from export.batch_xlsx_cells import (
    data_row,
    heading_row,
    list_sheet_setup,
    note_row,
    set_widths,
    title_row,
    where_found,
)
from export.xlsx_export import FONT_BOLD, FONT_ERROR, FONT_LINK, FONT_WARNING, _text, write_table_sheet
from model.batch_types import BatchReport, BatchResult
from model.findings import Severity
from model.report import CellKey
from model.workbook_format import table_sections

ROLLUP_SHEET = "汇总表"
HIERARCHY_SHEET = "上下级核对"


def rollup_sheet_title(section_title: str) -> str:
    """「二、主动公开政府信息情况」 → 「汇总表二」."""
    return f"{ROLLUP_SHEET}{section_title[:1]}"


def write_rollup_sheets(workbook: Workbook, result: BatchResult, by_file: dict[str, BatchReport]) -> None:
    ws = workbook.create_sheet(ROLLUP_SHEET)
    widths = (6, 56, 34, 8)
    set_widths(ws, widths)
    rollup = result.rollup
    if rollup is None:
        title_row(ws, 1, "汇总表：没有可汇总的报告", len(widths))
        note_row(ws, 2, "没有读取成功的报告，或各报告使用的格式模板不同，无法相加。", len(widths))
        list_sheet_setup(ws, 1, 2, len(widths), autofilter=False)
        return
    sources = result.rollup_sources
    title_row(ws, 1, f"汇总表：{len(sources)} 份报告相加", len(widths))
    note_row(ws, 2, "表二（数量）、表三、表四逐格相加；仅当各报告均为空白时，汇总仍为空白。各表见下列工作表：",
             len(widths))
    sections = table_sections(rollup.template)
    sheets = [rollup_sheet_title(rollup.template.section(section_id).title) for section_id, _ in sections]
    for row, (sheet, (section_id, _)) in enumerate(zip(sheets, sections, strict=True), start=3):
        # A link to each summed table's sheet, named as the official table is.
        link = _text(ws, row, 2, f"{sheet}：{rollup.template.section(section_id).title}", font=FONT_LINK)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(sheet)}!A1")
    heading = 3 + len(sheets) + 1
    heading_row(ws, heading, ("序号", "文件", "机关", "年度"))
    for index, file in enumerate(sources, start=1):
        entry = by_file.get(file)
        data_row(ws, heading + index, (index, file, entry.agency if entry else "", entry.year if entry else None),
                 widths, centred=frozenset({0, 3}))
    list_sheet_setup(ws, heading, heading + len(sources), len(widths))
    header = f"{len(sources)} 份报告的汇总"
    refs: dict[CellKey, tuple[str, str]] = {}
    for (section_id, tables), sheet in zip(sections, sheets, strict=True):
        write_table_sheet(workbook, rollup, section_id, tables, refs, sheet_title=sheet, header=header)


def write_hierarchy_sheet(workbook: Workbook, result: BatchResult, by_file: dict[str, BatchReport]) -> None:
    """上下级核对: the HIER-SUM findings by parent, the children without a report, and how every name of
    the hierarchy file was matched to a report."""
    ws = workbook.create_sheet(HIERARCHY_SHEET)
    widths = (44, 8, 34, 76)
    set_widths(ws, widths)
    title_row(ws, 1, "上下级核对：上级报告与下级报告合计逐格比对", len(widths))
    if not (result.hierarchy_findings or result.missing_children or result.matches):
        note_row(ws, 2, "未提供上下级关系文件（--hierarchy），未核对。", len(widths))
        list_sheet_setup(ws, 1, 2, len(widths), autofilter=False)
        return
    row = 3
    _text(ws, row, 1, f"核对结果：{len(result.hierarchy_findings)} 项", font=FONT_BOLD)
    heading = row + 1
    heading_row(ws, heading, ("上级报告文件", "级别", "位置", "说明"))
    row = heading + 1
    if not result.hierarchy_findings:
        note_row(ws, row, "各上级报告与其下级报告的合计一致。", len(widths))
        row += 1
    for file, finding in result.hierarchy_findings:
        font = FONT_ERROR if finding.severity is Severity.ERROR else FONT_WARNING
        data_row(ws, row, (file, finding.severity.label, where_found(finding, by_file.get(file), result.rollup),
                           finding.message), widths, centred=frozenset({1}))
        ws.cell(row=row, column=2).font = font
        row += 1
    row += 1
    _text(ws, row, 1, f"缺少报告的下级：{len(result.missing_children)} 个", font=FONT_BOLD)
    row += 1
    for name in result.missing_children:
        data_row(ws, row, (name,), widths)
        row += 1
    row += 1
    _text(ws, row, 1, f"名称对应：{len(result.matches)} 个（关系文件中的名称 → 报告中的机关 → 文件）",
          font=FONT_BOLD)
    row += 1
    heading_row(ws, row, ("关系文件中的名称", "", "报告中的机关", "文件"))
    row += 1
    for name, agency, file in result.matches:
        data_row(ws, row, (name, "→", agency, file), widths, centred=frozenset({1}))
        row += 1
    list_sheet_setup(ws, heading, row - 1, len(widths), autofilter=False)
