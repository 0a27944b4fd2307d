"""Last year's report: starting this year's from it, and comparing the two.

Evaluators read this year's report beside last year's. The checks here are all
warnings (a person decides), and they run only when last year's report is
attached (`Report.prior`) and could be read:

- XY-PRIOR-MISSING  the linked file could not be read (nothing else is checked);
- XY-YEAR           the attached report is not for the year before;
- XY-TEMPLATE       the two reports use different template years: the tables are
                    not compared (the repetition check still runs);
- XY-CARRYOVER      表三 二、上年结转 ≠ last year's 四、结转下年度继续办理, per column;
- XY-IN-FORCE       现行有效件数 ≠ last year's + 本年制发 − 本年废止 (规章, 行政规范性文件);
- XY-RATIO          a key figure grew above 5 times or fell below 0.2 times last year's;
- XY-REPEAT         more than half of a narrative section repeats last year's text.

Pure functions of the report, cheap enough for every keystroke (see
`repetition_shares` for the measured cost).
"""

from __future__ import annotations

import copy
import os
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from model.findings import Finding, Location, Severity
from model.priorlink import is_refused
from model.report import CellKey, Metadata, PriorReport, Report, Value, format_value
from model.template import Role, Table, Template
from model.templates import template_for_report_year

WARNING = Severity.WARNING

#: Year-on-year ratio limits of a key figure (template-2021.md: above 5 or below 0.2).
RATIO_HIGH = 5
RATIO_LOW = Decimal("0.2")
#: The ratio rule needs the larger of the two numbers to be at least this:
#: an agency with 1 application last year and 6 this year has nothing to
#: explain, while 9 → 90 (a digit typed twice) is caught. It also decides the
#: case of last year 0: 0 → 12 is flagged, 0 → 3 is not.
RATIO_FLOOR = 10

#: A run of this many identical characters counts as repeated: the common
#: convention of Chinese 查重 tools ("连续 13 个字相同").
REPEAT_RUN = 13
#: XY-REPEAT above this share of a section's characters ...
REPEAT_THRESHOLD = 0.5
#: ... in a section with at least this many characters (headings, white space
#: excluded): a one-line 六 such as "本年度未收取信息处理费。" is the same every
#: year by nature.
REPEAT_MIN_CHARS = 50


# --- attaching last year's report ----------------------------------------------------


def attach_prior(report: Report, prior_report: Report, path: str | None, embed: bool) -> None:
    """Attach `prior_report` as last year's report of `report`.

    Linked (`embed` False): `path` is the prior's project file (absolute, or
    relative to the current directory); saving stores it relative to the
    report's own file. Embedded: a copy is saved inside the report's file, and
    `path` (may be None) only records where it came from, e.g. a workbook.
    The attached copy is detached from `prior_report` and has no prior of its own."""
    if not embed and not path:
        raise ValueError("a linked prior report needs a path")
    attached = copy.deepcopy(prior_report)
    attached.prior = None
    location = os.path.abspath(path) if path else None
    report.prior = PriorReport(path, embed, attached, None, location)


def new_from_prior(prior: Report, path: str | None = None, *, embed: bool | None = None) -> Report:
    """This year's report started from last year's.

    Metadata (agency, kind, website, phone, email) and section titles carried
    over, year + 1, no publication date, no narrative, every cell blank except
    表三 二、上年结转, filled column by column from last year's 四、结转下年度继续办理
    and listed in `prefilled`. Last year's report is attached: linked by `path`,
    or embedded (the default when there is no path)."""
    old = prior.meta
    meta = Metadata(agency=old.agency, year=old.year + 1, kind=old.kind, published=None,
                    website=old.website, phone=old.phone, email=old.email)
    report = Report.blank(meta, template_for_report_year(meta.year))
    titles = {s.id: s.title for s in prior.sections}
    for section in report.sections:
        section.title = titles.get(section.id, section.title)
    carried_in, carried_out = _by_column(report.template, Role.CARRIED_IN), _by_column(prior.template, Role.CARRIED_OUT)
    for column, key in carried_in.items():
        value = prior.cells.get(carried_out[column]) if column in carried_out else None
        if value is not None and key in report.cells:
            report.cells[key] = value
            report.prefilled.add(key)
    attach_prior(report, prior, path, path is None if embed is None else embed)
    return report


def _by_column(template: Template, role: Role) -> dict[str, CellKey]:
    """Column id → cell key of a one-row role (二、上年结转, 四、结转下年度继续办理); {} when ABSENT."""
    found = template.cells_of(role)
    if found is None:
        return {}
    table, cells = found
    if len({row for row, _column in cells}) != 1:
        raise ValueError(f"{role.name} 应为一行")
    return {column: (table.id, row, column) for row, column in cells}


def prior_report(report: Report) -> Report | None:
    """Last year's report when attached and readable, else None."""
    return report.prior.report if report.prior is not None else None


def prior_value(report: Report, key: CellKey) -> Value | None:
    """Last year's value of the cell `key` (for the editor's tooltip).

    None when there is no readable prior, when it uses another template year
    (the same ids would not mean the same field), or when last year's cell was
    blank."""
    last = _comparable_prior(report)
    return None if last is None else last.cells.get(key)


def _comparable_prior(report: Report) -> Report | None:
    last = prior_report(report)
    return last if last is not None and last.template_year == report.template_year else None


# --- the checks -----------------------------------------------------------------------


def check_cross_year(report: Report) -> list[Finding]:
    """Every cross-year finding (all warnings), in document order; [] without a prior."""
    prior = report.prior
    if prior is None:
        return []
    last = prior.report
    if last is None:
        name = f"“{prior.path}”" if prior.path else ""
        if is_refused(prior):  # what the file names was not opened: the user can point at the file
            message = (f"关联的上年报告{name}{prior.problem}。跨年度检查未进行；"
                       f"如确为上年报告，请用“文件 → 关联上年报告”重新选择它。")
        else:
            message = (f"未能读取关联的上年报告{name}：{prior.problem or '原因不明'}。跨年度检查未进行；"
                       f"请重新关联上年报告（或改为内嵌保存）。")
        return [Finding("XY-PRIOR-MISSING", WARNING, message, Location("document"))]
    findings = []
    year = report.meta.year
    if not (report.meta.year_known and last.meta.year_known):
        # Nothing to compare the years by; META-YEAR (of this report) says the year is missing.
        if not last.meta.year_known:
            findings.append(Finding(
                "XY-YEAR", WARNING, "关联的上年报告没有写明报告年度，无法确认它是上一年度的报告。",
                Location("document")))
    elif last.meta.year != year - 1:
        findings.append(Finding(
            "XY-YEAR", WARNING,
            f"关联的上年报告是 {last.meta.year} 年度的报告，本报告为 {year} 年度；"
            f"跨年度比较应使用 {year - 1} 年度的报告。",
            Location("document")))
    if last.template_year != report.template_year:
        findings.append(Finding(
            "XY-TEMPLATE", WARNING,
            f"上年报告使用 {last.template_year} 年版格式（{last.template.source}），本报告使用 "
            f"{report.template_year} 年版格式（{report.template.source}），两者的统计表不同，"
            f"未比较上年结转、现行有效件数和主要数字的变化。",
            Location("document")))
    else:
        findings += check_carryover(report, last)
        findings += check_in_force(report, last)
        findings += check_ratios(report, last)
    findings += check_repetition(report, last)
    order = {s.id: i for i, s in enumerate(report.template.sections)}
    return sorted(findings, key=lambda f: order.get(f.location.section, -1))


def check_carryover(report: Report, last: Report) -> list[Finding]:
    """XY-CARRYOVER: this year's 二、上年结转 = last year's 四、结转下年度继续办理, per column."""
    template = report.template
    this_cells, last_cells = _by_column(template, Role.CARRIED_IN), _by_column(last.template, Role.CARRIED_OUT)
    findings = []
    for column, key in this_cells.items():
        if column not in last_cells:
            continue
        this, before = report.cells.get(key), last.cells.get(last_cells[column])
        if this is None or before is None or this == before:
            continue
        table_id, row, _column = key
        table = template.table(table_id)
        last_table, last_row, _ = last_cells[column]
        carried_out = last.template.table(last_table).row(last_row).label
        findings.append(Finding(
            "XY-CARRYOVER", WARNING,
            f"{table.cell_name(row, column)}：本年填写 {format_value(this)}，"
            f"上年报告的“{carried_out}”（{table.column_name(column)}）为 {format_value(before)}，两者应相等。",
            Location(table.section_id, table=table.id, row=row, column=column, cells=((row, column),))))
    return findings


def _by_row(template: Template, role: Role) -> tuple[Table, dict[str, CellKey]] | None:
    """The table and row id → cell key of a one-column role (the counts of 第二十条第（一）项)."""
    found = template.cells_of(role)
    if found is None:
        return None
    table, cells = found
    if len({column for _row, column in cells}) != 1:
        raise ValueError(f"{role.name} 应为一列")
    return table, {row: (table.id, row, column) for row, column in cells}


def check_in_force(report: Report, last: Report) -> list[Finding]:
    """XY-IN-FORCE: 现行有效件数 = last year's + 本年制发件数 − 本年废止件数 (the 2021 template; the
    2019 one has no 废止 or 现行有效 column, declared ABSENT)."""
    issued_by, abolished_by, in_force_by, last_by = (
        _by_row(report.template, Role.DOCUMENTS_ISSUED), _by_row(report.template, Role.DOCUMENTS_ABOLISHED),
        _by_row(report.template, Role.DOCUMENTS_IN_FORCE), _by_row(last.template, Role.DOCUMENTS_IN_FORCE))
    if issued_by is None or abolished_by is None or in_force_by is None or last_by is None:
        return []
    table, in_force_cells = in_force_by
    findings = []
    for row, in_force_key in in_force_cells.items():
        issued_key, abolished_key, before_key = issued_by[1].get(row), abolished_by[1].get(row), last_by[1].get(row)
        if issued_key is None or abolished_key is None or before_key is None:
            continue
        issued, abolished, in_force = (report.cells.get(k) for k in (issued_key, abolished_key, in_force_key))
        before = last.cells.get(before_key)
        if issued is None or abolished is None or in_force is None or before is None:
            continue
        expected = before + issued - abolished
        if in_force == expected:
            continue
        findings.append(Finding(
            "XY-IN-FORCE", WARNING,
            f"{table.name} {table.row_name(row)}：现行有效件数为 {format_value(in_force)}，而上年现行有效 "
            f"{format_value(before)} + 本年制发 {format_value(issued)} − 本年废止 "
            f"{format_value(abolished)} = {format_value(expected)}。"
            f"文件也可能因有效期届满失效或重新认定而增减，如属此类可忽略。",
            Location(table.section_id, table=table.id, row=row, column=in_force_key[2],
                     cells=tuple((row, k[2]) for k in (in_force_key, issued_key, abolished_key)))))
    return findings


#: The figures evaluators compare year on year. Each is the cells its roles name together (表三's
#: RECEIVED row in its APPLICANT_TOTAL column); a figure a template declares ABSENT is skipped.
KEY_FIGURES: tuple[tuple[Role, ...], ...] = (
    (Role.LICENSING,),
    (Role.PENALTIES,),
    (Role.COERCIONS,),
    (Role.RECEIVED, Role.APPLICANT_TOTAL),
    (Role.RESULT_TOTAL, Role.APPLICANT_TOTAL),
    (Role.REVIEWS,),
    (Role.LAWSUITS,),
)


def _figure(report: Report, table: Table, cells: tuple[tuple[str, str], ...]) -> Value:
    total: int | Decimal = 0
    for row, column in cells:
        value = report.cells.get((table.id, row, column))
        if value is None:
            return None  # incomplete: the blank-cell warning covers it
        total += value
    return total


def _ratio_text(ratio: Decimal) -> str:
    return f"{ratio:.1f}" if ratio >= 1 else f"{ratio:.2f}"


def check_ratios(report: Report, last: Report) -> list[Finding]:
    """XY-RATIO: a key figure above 5 times or below 0.2 times last year's (see RATIO_FLOOR)."""
    template = report.template
    findings = []
    for roles in KEY_FIGURES:
        found = template.cells_of(*roles)
        if found is None:
            continue
        table, cells = found  # both reports use this template (check_cross_year compares only then)
        this, before = _figure(report, table, cells), _figure(last, table, cells)
        if this is None or before is None or this < 0 or before < 0 or max(this, before) < RATIO_FLOOR:
            continue
        figure_name = template.figure_name(roles[0]) if len(roles) == 1 else ""
        name = f"{table.name} {figure_name}" if figure_name else table.cell_name(*cells[0])
        numbers = f"本年 {format_value(this)}，上年 {format_value(before)}"
        if before == 0:
            change = "由 0 大幅增加，无法按倍数计算"
        else:
            ratio = Decimal(this) / Decimal(before)
            if RATIO_LOW <= ratio <= RATIO_HIGH:
                continue
            change = (f"为上年的 {_ratio_text(ratio)} 倍（超过 {RATIO_HIGH} 倍）" if ratio > RATIO_HIGH
                      else f"为上年的 {_ratio_text(ratio)} 倍（不足 {RATIO_LOW} 倍）")
        row, column = cells[0] if len(cells) == 1 else (cells[0][0], None)
        findings.append(Finding(
            "XY-RATIO", WARNING,
            f"{name}：{numbers}，{change}。请核对是否填错（如多输或漏输一位数字），如属实可忽略。",
            Location(table.section_id, table=table.id, row=row, column=column, cells=cells)))
    return findings


# --- repetition of last year's text ----------------------------------------------------

_WHITE_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
#: A sub-heading such as "（一）存在的主要问题" or "二、改进情况": the same every
#: year by design, so left out of the measure.
_HEADING = re.compile(r"(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)[^。；！？]{0,30}")


@lru_cache(maxsize=512)
def normalised_paragraph(paragraph: str) -> str:
    """A paragraph as compared: "" for a sub-heading, else NFKC, no white space, every
    number one "#" (a sentence copied with this year's numbers is still copied).
    Cached: while the user types, one paragraph changes at a time."""
    stripped = paragraph.strip()
    if not stripped or _HEADING.fullmatch(stripped):
        return ""
    return _NUMBER.sub("#", _WHITE_SPACE.sub("", unicodedata.normalize("NFKC", stripped)))


@lru_cache(maxsize=64)
def section_grams(paragraphs: tuple[str, ...], run: int) -> frozenset[str]:
    """Every run of `run` characters of a section (last year's, or another report's in a batch), after
    `normalised_paragraph` (cached: last year's section does not change)."""
    grams: set[str] = set()
    for paragraph in paragraphs:
        text = normalised_paragraph(paragraph)
        grams.update(text[i:i + run] for i in range(len(text) - run + 1))
    return frozenset(grams)


# The names bench/model_bench.py clears the caches by.
_normalised, _grams = normalised_paragraph, section_grams


def repetition(this: list[str], last: list[str], run: int = REPEAT_RUN) -> tuple[int, int]:
    """(repeated characters, all characters) of the paragraphs `this` against `last`.

    A character is repeated when it lies in a run of at least `run` characters
    that also occurs in `last`, after `normalised_paragraph` (sub-headings are left out;
    runs do not cross paragraphs). Linear in the text: one set of last year's
    `run`-grams, one pass over this year's text, both cached by paragraph."""
    grams = section_grams(tuple(last), run)
    repeated = total = 0
    for paragraph in this:
        paragraph_repeated, paragraph_total = _paragraph_repetition(paragraph, grams, run)
        repeated += paragraph_repeated
        total += paragraph_total
    return repeated, total


@lru_cache(maxsize=512)
def _paragraph_repetition(paragraph: str, grams: frozenset[str], run: int) -> tuple[int, int]:
    text = normalised_paragraph(paragraph)
    repeated = 0
    if grams:
        covered_until = 0
        for i in range(len(text) - run + 1):
            if text[i:i + run] in grams:
                repeated += i + run - max(i, covered_until)
                covered_until = i + run
    return repeated, len(text)


def _section_repetition(report: Report, last: Report) -> dict[str, tuple[int, int]]:
    """Section id → (repeated, all characters) of the sections measured for repetition
    (`Role.REPETITION`), each against last year's counterpart in its own template."""
    counterparts = dict(zip(report.template.sections_of(Role.REPETITION),
                            last.template.sections_of(Role.REPETITION), strict=False))
    result = {}
    for section_id in report.template.sections_of(Role.REPETITION):
        section = report.section(section_id)
        if section is None:
            continue
        last_id = counterparts.get(section_id)
        before = last.section(last_id) if last_id else None
        result[section_id] = repetition(section.paragraphs, before.paragraphs if before else [])
    return result


def repetition_shares(report: Report) -> dict[str, float]:
    """Section id → share (0 to 1) of the section's characters that repeat last year's
    text, for the sections of `Role.REPETITION` (一, 五 and 六) when present; {} without a readable prior.

    Measured on the sample (about 2 900 characters in the three sections)
    against a copy with every other sentence rewritten: 1.7 ms with empty
    caches, 0.02 ms for the whole `check_cross_year` when nothing changed and
    0.14 ms after one paragraph changed, as while typing (last year's runs and
    each paragraph's result are cached; tests/test_crossyear.py holds it under 5 ms)."""
    last = prior_report(report)
    if last is None:
        return {}
    return {section_id: repeated / total if total else 0.0
            for section_id, (repeated, total) in _section_repetition(report, last).items()}


def _percent(share: float) -> str:
    text = f"{share * 100:.0f}"
    return f"{share * 100:.1f}" if text == "50" else text


def check_repetition(report: Report, last: Report | None = None) -> list[Finding]:
    """XY-REPEAT: more than half of a narrative section (of at least REPEAT_MIN_CHARS) repeats last year's."""
    last = last if last is not None else prior_report(report)
    if last is None:
        return []
    findings = []
    for section_id, (repeated, total) in _section_repetition(report, last).items():
        if total < REPEAT_MIN_CHARS or repeated <= REPEAT_THRESHOLD * total:
            continue
        section = report.section(section_id)
        title = section.title if section else section_id
        findings.append(Finding(
            "XY-REPEAT", WARNING,
            f"{title}：约 {_percent(repeated / total)}% 的文字与上年报告该部分相同"
            f"（连续 {REPEAT_RUN} 个字以上一致，数字不同也算相同）。重复超过 50% 会在评议中扣分，"
            f"请结合本年度工作重新撰写。",
            Location(section_id)))
    return findings
