"""Consistency checks: a pure function from a report to findings.

Hard rules (severity error) are those under which the numbers cannot all be
true; warnings are things a person must decide. Rule ids are stable: the
editor, the CLI's JSON output and the tests rely on them.

A blank cell is not 0: it is a number nobody has stated yet. Every blank cell
gets a warning of its own (CELL-BLANK), and an equation with blank cells is an
error only when no numbers in the blanks could make it hold — a total already
smaller than its stated parts, say. So a new report, or a published table that
leaves sub-items unprinted, raises no error the blanks might explain away.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from model.deadlines import is_late, late_message
from model.findings import Finding, Location, Severity, sort_findings
from model.locations import META_FIELD_LABELS
from model.report import Number, Report, Value, format_value
from model.template import Equation, EquationKind, Role, Table, Template, ValueKind
from model.text_rules import chinese_date
from model.uncertain_checks import RULE as UNCONFIRMED_RULE
from model.uncertain_checks import check_uncertain, flagged_cells

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def check_report(report: Report) -> list[Finding]:
    """Every finding about `report`, in document order (see `sort_findings`)."""
    template = report.template
    findings: list[Finding] = []
    findings += check_meta(report, template)
    findings += check_structure(report, template)
    findings += check_values(report, template)
    findings += check_equations(report, template)
    findings += check_blanks(report, template)
    findings += check_uncertain(report)
    findings += check_not_trivial(report, template)
    findings += check_required_text(report, template)
    findings += check_formula_like(report)
    # Imported on the first check, not at the top (~40 ms of imports and compiled patterns): cli.py
    # imports this module for every command, and `main.py --version` and `sample` check nothing.
    # (The app imports this module itself only at its first check, after the window is painted.)
    from model.crossyear import check_cross_year
    from model.glyphs import check_glyphs
    from model.narrative_numbers import check_narrative_numbers
    from model.narrative_years import check_narrative_years
    from model.text_audits import check_text_audits

    findings += check_narrative_years(report)
    findings += check_cross_year(report)
    findings += check_narrative_numbers(report)
    findings += check_fee_mention(report)
    findings += check_glyphs(report)
    findings += check_text_audits(report)
    return findings


def checked_findings(report: Report, import_findings: Sequence[Finding] = ()) -> list[Finding]:
    """The findings `main.py check` (and each report of `batch`) gives: the import's, then the checks',
    sorted errors first. A cell the import just flagged is said once, as the import's finding, not again
    as unconfirmed."""
    flagged = flagged_cells(import_findings)
    checked = [f for f in check_report(report) if not (
        f.rule == UNCONFIRMED_RULE and f.location.table
        and (f.location.table, f.location.row, f.location.column) in flagged)]
    return sort_findings([*import_findings, *checked])


# --- metadata and structure ------------------------------------------------------


def check_meta(report: Report, template: Template) -> list[Finding]:
    findings = []
    meta = report.meta
    if not meta.agency.strip():
        findings.append(Finding(
            "META-AGENCY", WARNING, "基本信息：未填写机关全称。",
            Location("meta", field="agency")))
    if not meta.year_known:
        findings.append(Finding(
            "META-YEAR", WARNING,
            "基本信息：报告年度未知（文件中没有写明），请填写报告年度；年度未知时不检查正文中的年份。",
            Location("meta", field="year")))
    elif meta.published is not None and meta.published.year != meta.year + 1:
        # A report is published in the year after the one it covers; another year is a typing error
        # (2052 for 2025) or last year's date left in place.
        findings.append(Finding(
            "META-PUBLISHED", WARNING,
            f"基本信息：发布日期为 {chinese_date(meta.published)}，"
            f"而 {meta.year} 年度的报告应在 {meta.year + 1} 年公布，请核对发布日期。",
            Location("meta", field="published")))
    elif is_late(meta):  # in the following year, after the deadline of 条例 Art. 49
        findings.append(Finding("META-LATE", WARNING, late_message(meta), Location("meta", field="published")))
    if meta.year_known and not template.applies_to(meta.year):
        last = f"至 {template.last_report_year} 年度" if template.last_report_year else "及以后年度"
        findings.append(Finding(
            "META-TEMPLATE-YEAR", WARNING,
            f"基本信息：报告年度为 {meta.year}，而 {template.year} 年版格式（{template.source}）"
            f"适用于 {template.first_report_year} 年度{last}的报告。",
            Location("meta", field="year")))
    return findings


def check_structure(report: Report, template: Template) -> list[Finding]:
    findings = []
    expected = [s.id for s in template.sections]
    actual = [s.id for s in report.sections]
    if actual != expected:
        names = "、".join(s.title for s in template.sections)
        findings.append(Finding(
            "STRUCTURE-SECTIONS", ERROR,
            f"报告应依次包含六个部分：{names}；实际为 {len(actual)} 个部分"
            f"（{'、'.join(actual) or '无'}），顺序或数目不符。",
            Location("document")))
    for section in report.sections:
        if section.id in expected:
            official = template.section(section.id).title
            if section.title != official:
                findings.append(Finding(
                    "STRUCTURE-TITLE", WARNING,
                    f"标题应为“{official}”，实际为“{section.title}”。",
                    Location(section.id, field="title")))
    missing_by_table: dict[str, list[tuple[str, str]]] = {}
    cells = report.cells
    for table, row_id, keys in template.row_keys:
        missing = [(row_id, key[2]) for key in keys if key not in cells]
        if missing:
            missing_by_table.setdefault(table.id, []).extend(missing)
    for table_id, missing in missing_by_table.items():
        table = template.table(table_id)
        listed = "、".join(table.cell_name(r, c) for r, c in missing[:3])
        more = f"等 {len(missing)} 个单元格" if len(missing) > 3 else ""
        findings.append(Finding(
            "STRUCTURE-CELLS", ERROR,
            f"{table.name} 缺少单元格：{listed}{more}。表格应包含模板规定的全部单元格。",
            Location(table.section_id, table=table.id, cells=tuple(missing))))
    return findings


# --- cell values -----------------------------------------------------------------


def _is_whole(value: int | Decimal) -> bool:
    return isinstance(value, int) or value == value.to_integral_value()


def _decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_values(report: Report, template: Template) -> list[Finding]:
    findings = []
    cells = report.cells
    for key, table, column in template.cell_specs:
        value = cells.get(key)
        if value is None or (type(value) is int and value >= 0):
            continue  # the common case, kept cheap: this runs on every keystroke
        problem = _value_problem(value, column.kind, column.decimals)
        if problem:
            rule, requirement = problem
            _table_id, row_id, column_id = key
            findings.append(Finding(
                rule, ERROR,
                f"{table.cell_name(row_id, column_id)}：应为{requirement}，实际为 {format_value(value)}。",
                Location(table.section_id, table=table.id, row=row_id, column=column_id,
                         cells=((row_id, column_id),))))
    return findings


def _value_problem(value: int | Decimal, kind: ValueKind, decimals: int) -> tuple[str, str] | None:
    if kind is ValueKind.AMOUNT:
        if value < 0 or (isinstance(value, Decimal) and _decimal_places(value) > decimals):
            return "AMOUNT-FORMAT", f"不小于 0、最多 {decimals} 位小数的金额"
        return None
    if not _is_whole(value):
        return "COUNT-WHOLE", "整数" if kind is ValueKind.DELTA else "不小于 0 的整数"
    if kind is ValueKind.COUNT and value < 0:
        return "COUNT-WHOLE", "不小于 0 的整数"
    return None


# --- the 勾稽 rules -------------------------------------------------------------------


def check_equations(report: Report, template: Template) -> list[Finding]:
    findings = []
    cells = report.cells
    for equation in template.equations:
        left_sum: Number = 0
        right_sum: Number = 0
        left_blank = right_blank = 0
        for key in equation.left_keys:
            value = cells.get(key)
            if value is None:
                left_blank += 1
            else:
                left_sum += value
        for key in equation.right_keys:
            value = cells.get(key)
            if value is None:
                right_blank += 1
            else:
                right_sum += value
        if left_sum == right_sum:
            continue
        # Blanks stand for counts >= 0 not yet stated: they can only raise their side's sum.
        if (left_blank and right_blank) or (left_blank and left_sum < right_sum) or (
                right_blank and right_sum < left_sum):
            continue
        left = [cells.get(key) for key in equation.left_keys]
        findings.append(_equation_finding(template.table(equation.table), equation, left,
                                          (left_sum, left_blank), (right_sum, right_blank)))
    return findings


def _blank_note(blank: int) -> str:
    return f"（另有 {blank} 个单元格空白）" if blank else ""


def _equation_finding(table: Table, equation: Equation, left: list[Value], left_side: tuple[Value, int],
                      right_side: tuple[Value, int]) -> Finding:
    (left_sum, left_blank), (right_sum, right_blank) = left_side, right_side
    row: str | None
    column: str | None
    if equation.kind is EquationKind.TOTAL:
        row, column = equation.left[0]
        if right_blank:  # the stated parts alone already exceed the total
            message = (f"{table.cell_name(row, column)}：应为{equation.explanation}，已填写的各项之和已达 "
                       f"{format_value(right_sum)}{_blank_note(right_blank)}，实际为 {format_value(left[0])}。")
        else:
            message = (f"{table.cell_name(row, column)}：应为 {format_value(right_sum)}"
                       f"（{equation.explanation}），实际为 {format_value(left[0])}。")
    else:
        row, column = equation.row, equation.column
        column_name = table.column_name(equation.column) if equation.column else ""
        message = (f"{table.name} {column_name} 列不平衡："
                   f"{equation.left_name} = {format_value(left_sum)}{_blank_note(left_blank)}，"
                   f"{equation.right_name} = {format_value(right_sum)}{_blank_note(right_blank)}，"
                   f"{'空白单元格无论填多少都无法使两者相等' if left_blank or right_blank else '两者应相等'}"
                   f"（勾稽关系：{equation.explanation}）。")
    return Finding(
        equation.rule, ERROR, message,
        Location(table.section_id, table=table.id, row=row, column=column, cells=equation.cells))


def check_blanks(report: Report, template: Template) -> list[Finding]:
    """One warning per table row with blank cells: blank is not 0."""
    findings = []
    cells = report.cells
    missing = object()
    for table, row_id, keys in template.row_keys:
        blank = [key[2] for key in keys if cells.get(key, missing) is None]
        if not blank:
            continue
        row_name = table.row_name(row_id)
        where = f"{table.name} {row_name}" if row_name else table.name
        names = "、".join(table.column_name(c) for c in blank)
        findings.append(Finding(
            "CELL-BLANK", WARNING,
            f"{where}：{len(blank)} 个单元格未填写（{names}）。空白不等于 0，数量为零请填写 0。",
            Location(table.section_id, table=table.id, row=row_id,
                     column=blank[0] if len(blank) == 1 else None,
                     cells=tuple((row_id, c) for c in blank))))
    return findings


# --- narrative ---------------------------------------------------------------------------

_NOT_CONTENT = re.compile(r"[\s\u3000。，、；：！？.,;:!?“”\"'（）()—-]+")
_TRIVIAL_TEXTS = {"无", "暂无", "没有", "无问题", "不存在"}
MIN_SECTION_FIVE_CHARS = 10


def _has_content(paragraphs: list[str]) -> bool:
    return any(_NOT_CONTENT.sub("", paragraph) for paragraph in paragraphs)


def check_required_text(report: Report, template: Template) -> list[Finding]:
    """TEXT-EMPTY: the opening paragraph or a required narrative section (一, 六) has no text.
    The section that must not be trivial (五) has its own, stricter rule (S5-TRIVIAL)."""
    findings = []
    if not _has_content(report.preamble):
        findings.append(Finding(
            "TEXT-EMPTY", WARNING, f"开篇（一、总体情况之前的段落）：没有内容，{template.preamble_purpose}。",
            Location("preamble")))
    stricter = template.sections_of(Role.NOT_TRIVIAL)
    for section in report.sections:
        if section.id in stricter or not any(s.id == section.id and s.required for s in template.sections):
            continue
        if not _has_content(section.paragraphs):
            purpose = template.section(section.id).purpose
            findings.append(Finding(
                "TEXT-EMPTY", WARNING, f"{section.title}：没有内容，{purpose}。", Location(section.id)))
    return findings


def check_not_trivial(report: Report, template: Template) -> list[Finding]:
    """S5-TRIVIAL: the section that must not be trivial (五, `Role.NOT_TRIVIAL`) is empty, "无" or
    shorter than MIN_SECTION_FIVE_CHARS."""
    section_id = template.section_of(Role.NOT_TRIVIAL)
    section = report.section(section_id) if section_id else None
    if section is None:
        return []  # the structure check reports the missing section
    content = _NOT_CONTENT.sub("", "".join(section.paragraphs))
    if content and content not in _TRIVIAL_TEXTS and len(content) >= MIN_SECTION_FIVE_CHARS:
        return []
    actual = f"实际为“{content}”" if content else "实际为空"
    return [Finding(
        "S5-TRIVIAL", WARNING,
        f"{section.title}：不得为空，{template.section(section.id).purpose}（{actual}）。",
        Location(section.id))]


# --- text a spreadsheet would run as a formula ------------------------------------------------------

#: The characters with which Excel and WPS start a formula when a cell is typed, pasted or read from CSV.
FORMULA_STARTS = "=+-@"
#: A phone number or a plain figure ("+86 632 3310256", "-5") is read as a number, not run.
_PLAIN_NUMBER = re.compile(r"[+\-]?[\d\s\-()（）]+")
#: The metadata fields a person types text into.
_TEXT_FIELDS = ("agency", "website", "phone", "email")


def check_fee_mention(report: Report) -> list[Finding]:
    """S6-FEE: applications dropped for unpaid fees (表三 （六）2 > 0, `Role.UNPAID_FEE`) while the
    section that reports fees (六, `Role.FEE_MENTION`) says nothing about 信息处理费. The 2019
    template has no （六）2 (declared ABSENT): nothing to check."""
    template = report.template
    found = template.cells_of(Role.UNPAID_FEE, Role.APPLICANT_TOTAL)
    section_id = template.section_of(Role.FEE_MENTION)
    if found is None or section_id is None:
        return []
    table, ((row, column),) = found
    value = report.value(table.id, row, column)
    section = report.section(section_id)
    if value is None or value <= 0 or section is None:
        return []
    if any("信息处理费" in "".join(p.split()) for p in section.paragraphs):
        return []
    return [Finding(
        "S6-FEE", WARNING,
        f"{section.title}：{table.cell_name(row, column)}为 {format_value(value)}，"
        f"即有申请因申请人逾期未缴纳费用而不再处理，但本部分未提及信息处理费；"
        f"应按《政府信息公开信息处理费管理办法》说明信息处理费的收取情况。",
        Location(section_id, table=table.id, row=row, column=column, cells=((row, column),)))]


def _formula_like(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and stripped[0] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(stripped)


def check_formula_like(report: Report) -> list[Finding]:
    """TEXT-FORMULA: text that starts like a formula. The workbook stores it safely as text, but the web
    team often saves the tables as CSV or pastes them on: there it would run as a formula."""
    findings = []
    advice = "在表格软件中另存为 CSV 或粘贴时可能被当作公式执行，请改写开头（例如去掉该符号）。"
    for name in _TEXT_FIELDS:
        label = META_FIELD_LABELS[name]
        value = getattr(report.meta, name)
        if _formula_like(value):
            findings.append(Finding(
                "TEXT-FORMULA", WARNING, f"基本信息 {label}以“{value.strip()[0]}”开头：{advice}",
                Location("meta", field=name)))
    blocks = [("preamble", "开篇", report.preamble)] + [(s.id, s.title, s.paragraphs) for s in report.sections]
    for section_id, title, paragraphs in blocks:
        for index, paragraph in enumerate(paragraphs):
            if _formula_like(paragraph):
                findings.append(Finding(
                    "TEXT-FORMULA", WARNING, f"{title} 第 {index + 1} 段以“{paragraph.strip()[0]}”开头：{advice}",
                    Location(section_id, paragraph=index)))
    return findings

