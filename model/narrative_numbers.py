"""Numbers the narrative states, checked against the tables (issue 7, part 3; issue 11).
(S6-FEE, a rule about what 六 must say, is in model/checks.py.)

The preamble and sections 一, 五 and 六 often restate table figures: "共收到政府
信息公开申请9件……其中，予以公开2件、部分公开1件". Evaluators compare them with
the tables, and a figure that disagrees is one of the errors that most often
reaches the public. The check is split by responsibility:

- `model.narrative_tokens` reads numbers as Chinese reports write them (9件,
  九件, 两件, 一百零五件, 1.2万, 61.3万件, 3千, ９件, 38,651);
- `model.narrative_claims` recognises the claims, each a figure its keyword
  ties to table cells: received (一), carried over from last year (二), granted
  (（一）), partly granted (（二）), both together (予以公开及部分公开), refused
  (（三）), unable to provide (（四）), not processed (（五）), concluded (已办结:
  （七）总计), handled (共办理……申请: 一, 一 + 二 or （七）), carried over to
  next year (四), 行政复议 and 行政诉讼 cases and both together (表四), 行政许可
  decisions and 规章 / 规范性文件 counts (section 二), including the zero
  statements "未制定……规章及规范性文件", "未收到政府信息公开申请", "未发生……行政复议、
  行政诉讼";
- `model.narrative_scope` tells whose figures a sentence states: a department
  compares only its own, a people's government its whole area's (全区共收到……),
  not one office's or one part's (区政府办公室代表区政府受理……, 区政府本级, 各部门);
- `model.narrative_meanings` is the table of meanings: kind → cells;
- `model.narrative_sums` checks that a total followed by 其中 and a list of
  parts adds up (NARRATIVE-SUM).

Everything else with a number in it is ignored on purpose: years, dates,
percentages, ordinals, money, counts of other things (条 messages, 次, 个
projects, 人), differences ("较去年增加1件"), cumulative or last year's
figures, approximations ("3万余件"). Every finding is a warning: the text may be
right and the table wrong, or the sentence may mean something narrower than
the cell.
"""

from __future__ import annotations

from functools import lru_cache

from model.findings import Finding, Location, Severity
from model.narrative_claims import (
    ABOLISHED,
    BOTH,
    CARRIED_IN,
    CARRIED_OVER,
    CONCLUDED,
    DIRECT_SUIT,
    GRANTED,
    GRANTED_OR_PARTLY,
    HANDLED,
    IN_FORCE,
    ISSUED,
    LICENSING,
    NORMATIVE,
    NOT_PROCESSED,
    PARTLY,
    RECEIVED,
    REFUSED,
    REVIEW,
    REVIEW_AND_SUIT,
    RULES,
    SUIT,
    SUIT_AFTER_REVIEW,
    UNABLE,
    Claim,
    find_claims,
)
from model.narrative_meanings import cells_name, claim_alternatives, claim_cells, short_cells_name
from model.narrative_scope import HeadingScopes
from model.narrative_sums import StatedSum, find_stated_sums, sum_findings
from model.narrative_tokens import Number, excerpt, normalise, parse_chinese_number, tokens
from model.report import AgencyKind, CellKey, Report, Value, format_value
from model.template import Template

__all__ = [
    "ABOLISHED", "BOTH", "CARRIED_IN", "CARRIED_OVER", "CONCLUDED", "DIRECT_SUIT", "GRANTED", "GRANTED_OR_PARTLY",
    "HANDLED", "IN_FORCE", "ISSUED", "LICENSING", "NORMATIVE", "NOT_PROCESSED", "PARTLY", "RECEIVED", "REFUSED",
    "REVIEW", "REVIEW_AND_SUIT", "RULES", "SUIT", "SUIT_AFTER_REVIEW", "UNABLE",
    "Claim", "Number", "StatedSum", "check_narrative_numbers", "claim_alternatives",
    "claim_cells", "extract_claims", "parse_chinese_number", "stated_sums",
]

WARNING = Severity.WARNING


def extract_claims(text: str, *, year: int | None = None, about_applications: bool = False,
                   agency: AgencyKind = AgencyKind.DEPARTMENT, context: str | None = None) -> list[Claim]:
    """Every figure `text` (one paragraph) states about a table cell, in text order.

    `year` is the report year: a clause naming another year is not about this
    report's tables. Claims about the handling of applications (予以公开 …) are
    read only if the text mentions 申请 or `about_applications` says the
    paragraph before did. `agency` decides which sentences state the report's
    own figures, and `context` is the scope a heading above the paragraph sets
    (`model.narrative_scope.WHOLE` or `PART`)."""
    return list(_analyse(text, year, about_applications, agency, context)[0])


def stated_sums(text: str) -> list[StatedSum]:
    """Totals with 其中-lists in `text` whose parts do not add up to the total
    (see `model.narrative_sums.find_stated_sums`)."""
    return list(_analyse(text, None, False, AgencyKind.DEPARTMENT, None)[1])


@lru_cache(maxsize=4096)
def _analyse(paragraph: str, year: int | None, about_applications: bool, agency: AgencyKind,
             context: str | None) -> tuple[tuple[Claim, ...], tuple[StatedSum, ...]]:
    """The claims and the sums that do not add up, of one paragraph.

    Memoised: the checks run on every keystroke, and a keystroke changes one
    paragraph; the others are read once. The function is pure, so this is safe;
    the key holds everything the result depends on (the agency kind too)."""
    text = normalise(paragraph)
    figures = tokens(text)
    return (tuple(find_claims(text, figures, year, about_applications, agency, context)),
            tuple(find_stated_sums(text, figures)))


def _narrative_blocks(report: Report) -> list[tuple[str, str, list[str]]]:
    """(section id, title, paragraphs): the preamble, then sections 一, 五 and 六."""
    narrative = report.template.narrative_section_ids
    blocks = [("preamble", "开篇", report.preamble)]
    blocks += [(s.id, s.title, s.paragraphs) for s in report.sections if s.id in narrative]
    return blocks


def check_narrative_numbers(report: Report) -> list[Finding]:
    """NARRATIVE-TABLE and NARRATIVE-SUM warnings for the preamble and the narrative
    sections (一, 五, 六), in document order."""
    template = report.template
    cells = report.cells
    year = report.meta.year or None
    agency = report.meta.kind
    findings: list[Finding] = []
    for section_id, title, paragraphs in _narrative_blocks(report):
        previous = ""
        headings = HeadingScopes(agency)
        for index, paragraph in enumerate(paragraphs):
            where = f"{title} 第 {index + 1} 段"
            context = headings.enter(paragraph)
            claims, sums = _analyse(paragraph, year, "申请" in previous, agency, context)
            for claim in claims:
                finding = _compare(claim, template, cells, paragraph, section_id, index, where)
                if finding:
                    findings.append(finding)
            if sums:
                findings += sum_findings(paragraph, sums, section_id, index, where)
            previous = paragraph
    return findings


def _compare(claim: Claim, template: Template, cells: dict[CellKey, Value], paragraph: str, section_id: str, index: int,
             where: str) -> Finding | None:
    """A NARRATIVE-TABLE warning if `claim` matches none of its readings; None when
    it matches one, or when a cell of any reading is blank (the blank check speaks
    for it, and the blank reading may be the one meant)."""
    readings = claim_alternatives(claim, template)
    if not readings:
        return None
    actuals = []
    for table, keys in readings:
        values = [cells.get((table.id, r, c)) for r, c in keys]
        stated_parts = [v for v in values if v is not None]
        if len(stated_parts) < len(values):
            return None
        actual = sum(stated_parts)
        if -claim.tolerance <= actual - claim.value <= claim.tolerance:
            return None
        actuals.append(actual)
    quoted = excerpt(paragraph, *claim.span)
    stated = format_value(claim.value)
    note = "" if stated in normalise(quoted).replace(",", "") else f"（即 {stated}）"
    table = readings[0][0]  # every reading of a claim is in one table
    names = [cells_name(table, readings[0][1]), *(short_cells_name(table, keys) for _table, keys in readings[1:])]
    against = "、".join(f"{name}（{format_value(actual)}）" for name, actual in zip(names, actuals, strict=True))
    keys = readings[0][1]  # the likeliest reading is the one the editor marks
    rows = {r for r, _c in keys}
    columns = {c for _r, c in keys}
    return Finding(
        "NARRATIVE-TABLE", WARNING,
        f"{where}：“{quoted}”{note}与{against}{'均' if len(readings) > 1 else ''}不一致。",
        Location(section_id, table=table.id,
                 row=next(iter(rows)) if len(rows) == 1 else None,
                 column=next(iter(columns)) if len(columns) == 1 else None,
                 paragraph=index, cells=keys, span=claim.span))
