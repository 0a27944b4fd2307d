"""汇总.xlsx: what a batch check (main.py batch) found about a folder of reports, as one workbook for
the supervising office.

Sheets, in order: 报告一览 (one row per file, an unreadable file a row saying why), 全部问题 (every
finding of every report and of the hierarchy check), 文字雷同 (the copy pairs), 汇总表 (the files
summed) with 汇总表二、三、四 (the roll-up in the official layout, drawn by export/xlsx_export.py's
table writer), 上下级核对 and 比率. Every sheet prints on A4 landscape fitted to the page width, its
heading row frozen and repeated; text that starts with = + - @ is stored as text, never a formula.

The same BatchResult gives the same bytes (fixed document and zip entry times), and the file is
written atomically.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from export.batch_xlsx_cells import (
    DATE_FORMAT,
    PERCENT,
    data_row,
    heading_row,
    list_sheet_setup,
    note_row,
    set_widths,
    title_row,
    where_found,
)
from export.batch_xlsx_rollup import write_hierarchy_sheet, write_rollup_sheets
from export.xlsx_export import (
    FONT_ERROR,
    FONT_WARNING,
    ZIP_YEARS,
    fixed_workbook_bytes,
    stamp_properties,
    write_workbook_file,
)
from model.batch import section_titles
from model.batch_types import BatchReport, BatchResult, CopyPair
from model.findings import Severity, sort_findings
from model.rule_names import rule_name

REPORTS_SHEET = "报告一览"
FINDINGS_SHEET = "全部问题"
COPIES_SHEET = "文字雷同"
RATES_SHEET = "比率"
#: The key of the roll-up's rates in BatchResult.rates.
ROLLUP_RATES = "汇总"
UNREADABLE = "无法读取"

REPORT_HEADINGS = ("文件", "机关", "类型", "年度", "模板", "错误", "警告", "本年新收", "上年结转", "（七）总计",
                   "结转下年度", "行政复议总计", "行政诉讼总计", "发布日期", "公布期限", "是否逾期", "上年报告",
                   "最主要的问题")
REPORT_WIDTHS = (36, 26, 10, 7, 9, 6, 6, 9, 9, 9, 9, 9, 9, 11, 11, 7, 30, 50)


def render_batch_xlsx(result: BatchResult) -> bytes:
    """汇总.xlsx for `result` as bytes; the same result gives the same bytes."""
    return fixed_workbook_bytes(build_batch_workbook(result), _document_time(result))


def export_batch_xlsx(result: BatchResult, path: Path) -> None:
    """Write 汇总.xlsx to `path` atomically; WorkbookError (the old file untouched) on failure."""
    write_workbook_file(render_batch_xlsx(result), path)


def build_batch_workbook(result: BatchResult) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    by_file = {entry.file: entry for entry in result.reports}
    _write_reports_sheet(workbook, result)
    _write_findings_sheet(workbook, result, by_file)
    _write_copies_sheet(workbook, result, by_file)
    write_rollup_sheets(workbook, result, by_file)
    write_hierarchy_sheet(workbook, result, by_file)
    _write_rates_sheet(workbook, result, by_file)
    workbook.active = 0
    stamp_properties(workbook, "政府信息公开工作年度报告批量检查汇总", _document_time(result))
    return workbook


def _document_time(result: BatchResult) -> datetime:
    """1 January after the latest report year (as the report workbook dates itself), within the years
    a zip can store; 1 January 2022 when no year is known."""
    years = [entry.year for entry in result.reports if entry.year is not None]
    year = max(years) + 1 if years else 2022
    return datetime(min(max(year, ZIP_YEARS[0]), ZIP_YEARS[1]), 1, 1)


# --- 报告一览 ----------------------------------------------------------------------------------


def _write_reports_sheet(workbook: Workbook, result: BatchResult) -> None:
    ws = workbook.create_sheet(REPORTS_SHEET)
    set_widths(ws, REPORT_WIDTHS)
    unreadable = sum(entry.unreadable is not None for entry in result.reports)
    errors = sum(entry.errors for entry in result.reports)
    warnings = sum(entry.warnings for entry in result.reports)
    late = sum(entry.late for entry in result.reports)
    title_row(ws, 1, f"报告一览：共 {len(result.reports)} 个文件（{UNREADABLE} {unreadable} 个），"
                     f"错误 {errors} 项、警告 {warnings} 项，逾期公布 {late} 份", len(REPORT_HEADINGS))
    heading_row(ws, 2, REPORT_HEADINGS)
    centred = frozenset({2, 3, 4, 15})
    formats = {13: DATE_FORMAT, 14: DATE_FORMAT}
    for row, entry in enumerate(result.reports, start=3):
        if entry.unreadable is not None:
            data_row(ws, row, (entry.file, entry.agency, UNREADABLE, *[None] * 14, f"{UNREADABLE}：{entry.unreadable}"),
                     REPORT_WIDTHS, centred=centred)
            ws.cell(row=row, column=3).font = FONT_ERROR
            continue
        figures = entry.figures
        worst = entry.worst
        data_row(ws, row, (
            entry.file, entry.agency, entry.kind, entry.year, f"{entry.template} 年版" if entry.template else "",
            entry.errors, entry.warnings, figures.received, figures.carried_in, figures.results_total,
            figures.carried_out, figures.reviews, figures.lawsuits, entry.published, entry.deadline,
            _late(entry), entry.prior_file or "", worst.message if worst else ""), REPORT_WIDTHS,
            formats=formats, centred=centred)
        if entry.errors:
            ws.cell(row=row, column=6).font = FONT_ERROR
        if entry.late:
            ws.cell(row=row, column=16).font = FONT_ERROR
    list_sheet_setup(ws, 2, len(result.reports) + 2, len(REPORT_HEADINGS))
    ws.freeze_panes = "B3"  # the file stays in view when scrolling right


def _late(entry: BatchReport) -> str:
    """是 / 否 against the deadline; blank when there is no publication date to judge."""
    if entry.late:
        return "是"
    return "否" if entry.published is not None and entry.deadline is not None else ""


# --- 全部问题 ----------------------------------------------------------------------------------


def _write_findings_sheet(workbook: Workbook, result: BatchResult, by_file: dict[str, BatchReport]) -> None:
    ws = workbook.create_sheet(FINDINGS_SHEET)
    headings = ("文件", "级别", "位置", "问题类型", "说明")
    widths = (36, 9, 32, 28, 72)
    set_widths(ws, widths)
    rows: list[tuple[tuple[str, str, str, str, str], Severity | None]] = []
    for entry in result.reports:
        if entry.unreadable is not None:
            rows.append(((entry.file, UNREADABLE, "", UNREADABLE, entry.unreadable), None))
        for finding in sort_findings(entry.findings):
            rows.append(((entry.file, finding.severity.label, where_found(finding, entry, result.rollup),
                          f"{rule_name(finding.rule)}（{finding.rule}）", finding.message), finding.severity))
    for file, finding in result.hierarchy_findings:
        rows.append(((file, finding.severity.label, where_found(finding, by_file.get(file), result.rollup),
                      f"{rule_name(finding.rule)}（{finding.rule}）", finding.message), finding.severity))
    errors = sum(severity is Severity.ERROR for _, severity in rows)
    warnings = sum(severity is Severity.WARNING for _, severity in rows)
    title_row(ws, 1, f"全部问题：错误 {errors} 项，警告 {warnings} 项（含上下级核对）", len(headings))
    heading_row(ws, 2, headings)
    if not rows:
        note_row(ws, 3, "未发现问题。", len(headings))
    for row, (values, severity) in enumerate(rows, start=3):
        data_row(ws, row, values, widths, centred=frozenset({1}))
        ws.cell(row=row, column=2).font = FONT_WARNING if severity is Severity.WARNING else FONT_ERROR
    list_sheet_setup(ws, 2, len(rows) + 2, len(headings))


# --- 文字雷同 ----------------------------------------------------------------------------------


def _write_copies_sheet(workbook: Workbook, result: BatchResult, by_file: dict[str, BatchReport]) -> None:
    ws = workbook.create_sheet(COPIES_SHEET)
    headings = ("文件甲", "文件乙", "部分", "重复比例", "雷同段落")
    widths = (34, 34, 28, 9, 80)
    set_widths(ws, widths)
    title_row(ws, 1, f"文字雷同：{len(result.copies)} 对（两份报告同一部分的文字大量重复）", len(headings))
    heading_row(ws, 2, headings)
    if not result.copies:
        note_row(ws, 3, "未发现报告之间雷同的文字。", len(headings))
    for row, pair in enumerate(result.copies, start=3):
        data_row(ws, row, (pair.a, pair.b, _section_title(pair, by_file), pair.share, pair.passage), widths,
                 formats={3: PERCENT})
    list_sheet_setup(ws, 2, len(result.copies) + 2, len(headings))


def _section_title(pair: CopyPair, by_file: dict[str, BatchReport]) -> str:
    """The section's title in the template of report `a` (the 2021 template when it is not known)."""
    entry = by_file.get(pair.a)
    year = entry.report.template_year if entry and entry.report else entry.template if entry else None
    return section_titles(year).get(pair.section, pair.section)


# --- 比率 --------------------------------------------------------------------------------------


def _write_rates_sheet(workbook: Workbook, result: BatchResult, by_file: dict[str, BatchReport]) -> None:
    ws = workbook.create_sheet(RATES_SHEET)
    headings = ("文件", "机关", "名称", "公式", "数值", "偏高")
    widths = (36, 26, 22, 40, 11, 8)
    set_widths(ws, widths)
    title_row(ws, 1, "比率：各报告及汇总（不足 30 件不计算；偏高指高于本批报告的 90% 分位，仅供参考）",
              len(headings))
    heading_row(ws, 2, headings)
    order = [entry.file for entry in result.reports if entry.file in result.rates]
    order += sorted(key for key in result.rates if key not in by_file and key != ROLLUP_RATES)
    if ROLLUP_RATES in result.rates and ROLLUP_RATES not in by_file:
        order.append(ROLLUP_RATES)
    row = 3
    for key in order:
        entry = by_file.get(key)
        agency = entry.agency if entry else ("全部报告" if key == ROLLUP_RATES else "")
        for rate in result.rates[key]:
            value = rate.value if rate.value is not None else (rate.note or "无数据")
            data_row(ws, row, (key, agency, rate.name, rate.formula, value, "偏高" if rate.outlier else ""),
                     widths, formats={4: PERCENT}, centred=frozenset({4, 5}))
            if rate.outlier:
                ws.cell(row=row, column=6).font = FONT_WARNING
            row += 1
    if row == 3:
        note_row(ws, 3, "没有可计算的比率。", len(headings))
    list_sheet_setup(ws, 2, row - 1, len(headings))
