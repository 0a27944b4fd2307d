"""What a file says about the report rather than its tables: the metadata
and narrative sheet of our own export, the report year a foreign workbook
states in a title or a sheet name, and which template its tables are in.

Text the project file could not hold (a control character, a lone surrogate,
more than `MAX_TEXT_CHARS` characters, more than `MAX_PARAGRAPHS` paragraphs in a
section: `model.projectfile.save` refuses them) is a problem at its cell and is
left out, so that `check` reports what `import` would fail on, and what an import
gives can always be saved."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from importing.grid import GridView
from importing.labels import label_aliases, label_key
from importing.result import ImportLog, ProblemKind
from importing.values import float_decimal, parse_date, parse_year, shown
from model.projectfile import MAX_PARAGRAPHS, MAX_TEXT_CHARS
from model.report import AgencyKind, Metadata, ReportSection, format_value
from model.template import Template
from model.templates import CURRENT, TEMPLATES, template_for_report_year
from model.workbook_format import KIND_BY_LABEL, META_LABELS, PREAMBLE_ID, PREAMBLE_TITLE, TEXT_COLUMNS

#: A year in a title or a sheet name ("2024年", "2024 年度"), not the year of a date ("2025年1月20日").
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
#: A title is short; a longer text (a note, a paragraph) may mention other years.
MAX_TITLE_LENGTH = 60
#: The report years a project file holds (model.projectfile); another year in a title is not a report year.
REPORT_YEARS = range(1990, 2101)
#: What model.projectfile refuses in any text: control characters, and lone surrogates (not UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def unsavable(text: str) -> str | None:
    """Why a project file cannot hold `text` (model.projectfile.save refuses it), None when it can."""
    if len(text) > MAX_TEXT_CHARS:
        return f"文字超过 {MAX_TEXT_CHARS:,} 个字符"
    if found := _CONTROL.search(text):
        return f"含有不可见的控制字符（U+{ord(found.group()):04X}）"
    if found := _SURROGATE.search(text):
        return f"含有无效的 Unicode 字符（孤立的代理项 U+{ord(found.group()):04X}）"
    return None


def visible(text: str) -> str:
    """`text` for a message: each character a project file refuses as Excel stores it (_x000B_)."""
    return _SURROGATE.sub(_escaped, _CONTROL.sub(_escaped, text))


def _escaped(found: re.Match[str]) -> str:
    return f"_x{ord(found.group()):04X}_"


# --- the report year and the template ----------------------------------------------------------


def stated_year(sheets: list[GridView], log: ImportLog) -> int | None:
    """The report year the workbook states in a title ("……2024年政府信息公开工作年度报告", "2024年度…")
    or a sheet name ("2024年表三"); None when it states none, or states two (a problem: never a guess)."""
    found: list[tuple[int, str, GridView, int, int]] = []  # year, what states it, where
    for sheet in sheets:
        if (match := _YEAR.search(sheet.title)) and int(match.group(1)) in REPORT_YEARS:
            found.append((int(match.group(1)), f"工作表名“{sheet.title}”", sheet, 0, 0))
        for (r, c) in sorted(sheet.values):
            text = sheet.text(r, c)
            if len(text) <= MAX_TITLE_LENGTH and ("报告" in text or "年度" in text) and (match := _YEAR.search(text)) \
                    and int(match.group(1)) in REPORT_YEARS:
                found.append((int(match.group(1)), f"标题“{visible(text)}”", sheet, r, c))
    first_by_year: dict[int, tuple[str, GridView, int, int]] = {}
    for year, what, sheet, r, c in found:
        first_by_year.setdefault(year, (what, sheet, r, c))
    if len(first_by_year) <= 1:
        return next(iter(first_by_year), None)
    stated = "，".join(f"{what}为 {year} 年度" for year, (what, *_where) in first_by_year.items())
    _what, sheet, r, c = found[0][1:]
    log.problem(sheet, r, c, sheet.text(r, c) if r else "",
                f"工作簿中写明的报告年度不一致：{stated}；未读取报告年度，请核对", ProblemKind.METADATA,
                section="meta", field="year")
    return None


def choose_template(sheets: list[GridView], requested: int | None, stated: int | None, year: int | None) -> Template:
    """The template asked for, else the one our own export names, else the one whose own labels
    the sheets use (2021: 本年制发件数; 2019: 本年新制作数量), else the one of the report year."""
    if requested is not None:
        return TEMPLATES[requested]
    if stated is not None:
        return TEMPLATES[stated]
    found = {sheet.key(r, c) for sheet in sheets for (r, c), v in sheet.values.items() if isinstance(v, str)}
    scores = {y: len(found & keys) for y, keys in _own_labels().items()}
    best = max(scores.values())
    leaders = [y for y, score in scores.items() if score == best]
    if best > 0 and len(leaders) == 1:
        return TEMPLATES[leaders[0]]
    if year is not None:
        return template_for_report_year(year)
    return CURRENT


@cache
def _own_labels() -> dict[int, frozenset[str]]:
    """Every form of every label only one template has, by template year."""
    labels: dict[int, set[str]] = {}
    for template in TEMPLATES.values():
        keys = {label_key(t.caption) for t in template.tables if t.caption}
        keys |= {label_key(p) for t in template.tables for r in t.rows for p in r.path}
        keys |= {label_key(p) for t in template.tables for c in t.columns for p in c.path}
        labels[template.year] = keys | {alias for key in keys for alias in label_aliases(key)}
    return {year: frozenset(keys - set().union(*(k for other, k in labels.items() if other != year)))
            for year, keys in labels.items()}


# --- our own export: metadata and narrative ---------------------------------------------------


def is_meta_sheet(sheet: GridView) -> bool:
    return any(sheet.text(r, c) == META_LABELS["agency"] for (r, c) in sheet.values)


def _meta_values(sheet: GridView) -> dict[str, tuple[Any, int, int]]:
    labels = {label: name for name, label in META_LABELS.items()}
    found: dict[str, tuple[Any, int, int]] = {}
    for (r, c) in sorted(sheet.values):
        name = labels.get(sheet.text(r, c))
        if name is None or name in found:
            continue
        end_column = sheet.end(r, c)[1]
        values = [cc for cc in sheet.raw_rows.get(r, ()) if cc > end_column]
        found[name] = (sheet.raw[(r, values[0])] if values else None, r, values[0] if values else c + 1)
    return found


def read_meta(sheet: GridView, log: ImportLog) -> tuple[Metadata, int | None]:
    """The metadata, and the template year the sheet names (None if it names none)."""
    values = _meta_values(sheet)

    def bad(name: str, reason: str) -> None:
        raw, r, c = values[name]
        log.problem(sheet, r, c, visible(shown(raw)), f"{META_LABELS[name]}：{reason}", ProblemKind.METADATA,
                    section="meta", field=name)

    def text(name: str) -> str:
        raw = values.get(name, (None, 0, 0))[0]
        if raw is None:
            return ""
        if isinstance(raw, str):
            return raw
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            bad(name, "应为文字")
            return ""
        return format_value(float_decimal(raw) if isinstance(raw, float) else raw)

    def stored_text(name: str) -> str:
        value = text(name)
        if (reason := unsavable(value)) is not None:
            _raw, r, c = values[name]
            log.problem(sheet, r, c, visible(value), f"{META_LABELS[name]}：{reason}，未导入", ProblemKind.METADATA,
                        section="meta", field=name)
            return ""
        return value

    meta = Metadata(agency=stored_text("agency"), website=stored_text("website"), phone=stored_text("phone"),
                    email=stored_text("email"))
    raw_year = values.get("year", (None, 0, 0))[0]
    if raw_year is not None:
        year = parse_year(raw_year)
        if year is None:
            bad("year", "应为 1990–2100 之间的年份")
        else:
            meta.year = year
    kind = text("kind").strip()
    if kind:
        found = KIND_BY_LABEL.get(kind) or {k.value: k for k in AgencyKind}.get(kind)
        if found is None:
            bad("kind", f"应为“{AgencyKind.DEPARTMENT.label}”或“{AgencyKind.GOVERNMENT.label}”")
        else:
            meta.kind = found
    raw_published = values.get("published", (None, 0, 0))[0]
    if raw_published is not None:
        published = parse_date(raw_published)
        if published is None:
            bad("published", "应为日期（如 2025-01-20）")
        meta.published = published
    stated = None
    template_text = text("template").strip()
    if template_text:
        match = re.match(r"(\d{4})", template_text)
        if match and int(match.group(1)) in TEMPLATES:
            stated = int(match.group(1))
        else:
            bad("template", "无法识别模板年份")
    return meta, stated


def read_narrative(sheet: GridView, template: Template, log: ImportLog) -> tuple[list[str], list[ReportSection]]:
    header = None
    for (r, c) in sorted(sheet.values):
        if sheet.text(r, c) == TEXT_COLUMNS[-1]:
            row_texts = {sheet.text(r, cc): cc for cc in sheet.rows.get(r, ())}
            if all(label in row_texts for label in TEXT_COLUMNS[1:]):
                header = (r, row_texts)
                break
    blank_sections = [ReportSection(s.id, s.title) for s in template.sections]
    if header is None:
        log.problem(sheet, 0, 0, "", "未找到正文表头（部分、段、内容），正文未导入", ProblemKind.METADATA,
                    section="document")
        return [], blank_sections
    header_row, positions = header
    id_column = positions.get(TEXT_COLUMNS[0])
    title_column, number_column, text_column = (positions[label] for label in TEXT_COLUMNS[1:])
    titles = {label_key(s.title): s.id for s in template.sections}
    titles[label_key(PREAMBLE_TITLE)] = PREAMBLE_ID
    preamble: list[str] = []
    sections: dict[str, ReportSection] = {}
    paragraphs = _Paragraphs(log)
    previous = None
    for r in sorted(row for row in sheet.raw_rows if row > header_row):
        values = sheet.raw
        raw_id = values.get((r, id_column)) if id_column else None
        section_id = raw_id.strip() if isinstance(raw_id, str) else ""
        title = values[(r, title_column)] if isinstance(values.get((r, title_column)), str) else ""
        number = values.get((r, number_column))
        chunks = [values[(r, c)] for c in sheet.raw_rows[r] if c >= text_column]
        paragraph = "".join(v if isinstance(v, str) else format_value(
            float_decimal(v) if isinstance(v, float) else v) if isinstance(v, (int, float)) else str(v)
            for v in chunks)
        has_id = bool(section_id)
        if not section_id:
            section_id = titles.get(label_key(title), "")
        if section_id != PREAMBLE_ID and not any(s.id == section_id for s in template.sections):
            log.problem(sheet, r, title_column, visible(title or section_id),
                        "无法确定这一行属于报告的哪一部分，未导入", ProblemKind.METADATA, section="document")
            continue
        is_paragraph = number is not None or paragraph != ""
        if section_id == PREAMBLE_ID:
            if is_paragraph and paragraphs.take(sheet, r, text_column, paragraph, PREAMBLE_ID):
                preamble.append(paragraph)
            previous = section_id
            continue
        if section_id in sections and previous != section_id:
            log.problem(sheet, r, title_column, visible(title), "此部分在前面已出现过，段落接在其后",
                        ProblemKind.METADATA, section=section_id, kept=True)
        if section_id not in sections:
            official = template.section(section_id).title
            if (reason := unsavable(title)) is not None:
                log.problem(sheet, r, title_column, visible(title), f"部分标题{reason}，按模板标题“{official}”导入",
                            ProblemKind.METADATA, section=section_id)
                title = official
            sections[section_id] = ReportSection(section_id, title if has_id else (title or official))
        section = sections[section_id]
        previous = section_id
        if is_paragraph:
            if template.section(section_id).kind != "narrative":
                log.problem(sheet, r, text_column, visible(paragraph),
                            f"“{template.section(section_id).title}”是表格部分，不能包含文字段落，此段未导入",
                            ProblemKind.METADATA, section=section_id)
                continue
            if paragraphs.take(sheet, r, text_column, paragraph, section_id):
                section.paragraphs.append(paragraph)
    return preamble, list(sections.values())


class _Paragraphs:
    """Which paragraphs a project file can hold: each savable, at most MAX_PARAGRAPHS a section."""

    def __init__(self, log: ImportLog) -> None:
        self.log = log
        self.counts: dict[str, int] = {}

    def take(self, sheet: GridView, r: int, c: int, paragraph: str, section_id: str) -> bool:
        """True when `paragraph` is to be imported; otherwise the problem is logged."""
        problem_section = "document" if section_id == PREAMBLE_ID else section_id
        if (reason := unsavable(paragraph)) is not None:
            self.log.problem(sheet, r, c, visible(paragraph), f"{reason}，此段未导入", ProblemKind.METADATA,
                             section=problem_section)
            return False
        count = self.counts[section_id] = self.counts.get(section_id, 0) + 1
        if count == MAX_PARAGRAPHS + 1:
            self.log.problem(sheet, r, c, visible(paragraph),
                             f"此部分的段落超过 {MAX_PARAGRAPHS:,} 段，此段及其后的段落未导入", ProblemKind.METADATA,
                             section=problem_section)
        return count <= MAX_PARAGRAPHS
