"""The text audits an evaluator deducts for, as warnings with exact spans (issue 16 part 4).

- TEXT-NUMBERING, TEXT-SUBTOPIC-NUMBERING, TEXT-SECTION-ORDINAL: the headings
  (model/text_audit_headings.py);
- TEXT-DOUBLED, TEXT-ASCII-PUNCT, TEXT-FULLWIDTH: the characters (model/text_audit_chars.py);
- TEXT-ALL-CONCLUDED: 「所有申请均已办结」 while 表三 四、结转下年度继续办理 is above 0;
- S6-FEE-UNSTATED: the section that reports fees (六) does not state the 信息处理费 at all.

Every finding points at a paragraph (`Location.paragraph`, section "preamble" for the opening) and,
where a span of text is at fault, at the span in the paragraph as stored, so the editor can select it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from model.findings import Finding, Location, Severity
from model.locations import PREAMBLE, PREAMBLE_NAME
from model.report import Report, format_value
from model.template import Role
from model.text_audit_chars import ASCII_PUNCT, DOUBLED, FULLWIDTH, character_hits
from model.text_audit_headings import NUMBERING, SECTION_ORDINAL, SUBTOPIC, Block, check_headings

ALL_CONCLUDED, FEE_UNSTATED = "TEXT-ALL-CONCLUDED", "S6-FEE-UNSTATED"
WARNING = Severity.WARNING

#: Every rule of the text audits (their names for the findings panel are in model/rule_names.py).
RULES = (NUMBERING, SUBTOPIC, SECTION_ORDINAL, DOUBLED, ASCII_PUNCT, FULLWIDTH, ALL_CONCLUDED, FEE_UNSTATED)


def check_text_audits(report: Report) -> list[Finding]:
    """Every text-audit finding about `report`, block by block in document order."""
    template = report.template
    blocks = [Block(PREAMBLE, PREAMBLE_NAME, report.preamble)]
    narrative = template.narrative_section_ids
    blocks += [Block(s.id, s.title, s.paragraphs) for s in report.sections if s.id in narrative]
    # The sub-topics of 总体情况, the first section, are （一）（二）…, one level below the six sections.
    overview = template.sections[0].id if template.sections and template.sections[0].kind == "narrative" else None
    findings = check_headings(template, blocks, overview)
    for block in blocks:
        for index, paragraph in enumerate(block.paragraphs):
            for hit in character_hits(paragraph):
                findings.append(Finding(hit.rule, WARNING, f"{block.name} 第 {index + 1} 段：{hit.message}",
                                        Location(block.section_id, paragraph=index, span=(hit.start, hit.end))))
    findings += check_all_concluded(report, blocks)
    findings += check_fee_unstated(report)
    return findings


# --- TEXT-ALL-CONCLUDED --------------------------------------------------------------------------

#: 「所有申请均已办结」「已全部按要求办结」「均在法定期限内办结」「全部办理完毕」; not 「办结率」.
_ALL_CONCLUDED = re.compile(
    r"(?:所有(?:政府信息公开)?申请|全部(?:政府信息公开)?申请)?(?:均已|均|都已|都|已全部|全部|一律)"
    r"[^，,。；;！？、：:\d]{0,8}?(?:办结|办理完毕|处理完毕|办理完成)(?!率)")
#: What a claim is about: the last of these before it. 「复议申请」 is a 复议, 「申请人」 no topic.
#: 「依申请公开事项」 are applications.
_TOPIC = re.compile(
    r"申请公开事项|复议申请|申请人|申请|建议|提案|来信|来访|信访|咨询|留言|工单|诉求|投诉|举报|复议|诉讼|案件|事项")
_APPLICATIONS = ("申请", "申请公开事项")
_SENTENCE_END = re.compile(r"[。！？；;!?]")
#: 「其余均已办结」「除结转的1件外均已办结」: the claim leaves some out.
_EXCEPTIONS = ("结转", "其余", "其他", "其它", "剩余", "余下", "除")
_NEGATIONS = "未没不"


@lru_cache(maxsize=4096)
def concluded_claims(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of `text` that claim every application was concluded."""
    spans = []
    for match in _ALL_CONCLUDED.finditer(text):
        start, end = match.span()
        if start > 0 and text[start - 1] in _NEGATIONS:
            continue
        ends_before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
        sentence_start = ends_before[-1] if ends_before else 0
        after = _SENTENCE_END.search(text, end)
        sentence = text[sentence_start:after.start() if after else len(text)]
        if any(word in sentence for word in _EXCEPTIONS):
            continue
        topics = [m.group() for m in _TOPIC.finditer(text, 0, end) if m.group() != "申请人"]
        if topics and topics[-1] in _APPLICATIONS:
            spans.append((start, end))
    return tuple(spans)


def check_all_concluded(report: Report, blocks: list[Block]) -> list[Finding]:
    """TEXT-ALL-CONCLUDED: a sentence that says every application was concluded while 表三's
    结转下年度继续办理 (`Role.CARRIED_OUT`, its 总计) is above 0."""
    found = report.template.cells_of(Role.CARRIED_OUT, Role.APPLICANT_TOTAL)
    if found is None:
        return []
    table, ((row, column),) = found
    carried = report.value(table.id, row, column)
    if carried is None or carried <= 0:
        return []
    findings = []
    for block in blocks:
        for index, paragraph in enumerate(block.paragraphs):
            for start, end in concluded_claims(paragraph):
                findings.append(Finding(
                    ALL_CONCLUDED, WARNING,
                    f"{block.name} 第 {index + 1} 段：“{paragraph[start:end]}”称申请均已办结，而"
                    f"{table.cell_name(row, column)}为 {format_value(carried)}，即有 {format_value(carried)} 件"
                    f"申请结转下年度继续办理；应写明已办结的件数和结转的件数。",
                    Location(block.section_id, table=table.id, row=row, column=column, paragraph=index,
                             cells=((row, column),), span=(start, end))))
    return findings


# --- S6-FEE-UNSTATED -----------------------------------------------------------------------------

#: 行政事业性收费 is table 二's fee, not the 信息处理费: it states nothing about the latter.
_OTHER_FEE = "行政事业性收费"
#: Stating the 信息处理费: naming it, or 「未收取任何费用」「不收费」「未产生……费用」「免费提供」.
_FEE_STATED = re.compile(
    r"处理费|(?:未|不|没有|无|免)予?(?:收取|收|征收|产生|发生|涉及)[^。；;]{0,12}?费|免费|收取[^。；;]{0,12}?费用")
#: What TEXT-EMPTY counts as no content (model/checks.py `_NOT_CONTENT`).
_NOT_CONTENT = re.compile(r"[\s\u3000。，、；：！？.,;:!?“”\"'（）()—-]+")


def states_fee(paragraphs: list[str]) -> bool:
    """Whether `paragraphs` say anything of the 信息处理费, even that none was collected."""
    text = "".join("".join(paragraphs).split()).replace(_OTHER_FEE, "")
    return _FEE_STATED.search(text) is not None


def check_fee_unstated(report: Report) -> list[Finding]:
    """S6-FEE-UNSTATED: the section that reports fees (六, `Role.FEE_MENTION`) says nothing of the
    信息处理费. Silent where the section is empty (TEXT-EMPTY says so) and where S6-FEE, the
    stronger finding, already fires (fees stopped applications and 信息处理费 is not named)."""
    template = report.template
    section_id = template.section_of(Role.FEE_MENTION)
    section = report.section(section_id) if section_id else None
    if section is None or not any(_NOT_CONTENT.sub("", p) for p in section.paragraphs):
        return []
    if states_fee(section.paragraphs):
        return []
    unpaid = template.cells_of(Role.UNPAID_FEE, Role.APPLICANT_TOTAL)
    if unpaid is not None:
        table, ((row, column),) = unpaid
        value = report.value(table.id, row, column)
        if value is not None and value > 0 and not any("信息处理费" in "".join(p.split()) for p in section.paragraphs):
            return []  # S6-FEE fires
    return [Finding(
        FEE_UNSTATED, WARNING,
        f"{section.title}：未说明信息处理费的收取情况；应按《政府信息公开信息处理费管理办法》写明"
        f"本年度收取信息处理费的情况（未收取的，写明“未收取信息处理费”）。",
        Location(section.id))]
