"""Where a document's parts stand: the title, the opening paragraph(s) between the title and 一、, the
six sections by their headings (in the template's order, a section missing or printed twice
reported), and the signature at the end (the agency and the date under section 六). Every text
block ends up in exactly one of them or in a note: nothing is dropped silently."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from importing.doc_meta import read_title, signature_date
from importing.doc_paragraphs import SectionHeading, clean, is_page_number, match_section
from importing.document import SourceDocument, TextBlock
from importing.result import ImportLog, ProblemKind, shorten
from model.template import Template

#: The title is among the first few lines, and short.
TITLE_SEARCH_BLOCKS = 8
MAX_TITLE_CHARS = 80
MAX_TITLE_LINES = 3
#: A signature line (the agency's name) is short.
MAX_AGENCY_LINE_CHARS = 40
#: A table's fragments after the next heading: a few characters a line, at least this many lines.
MAX_FRAGMENT_CHARS = 6
MIN_FRAGMENTS = 3
_NUMBERS = re.compile(r"^[\d\s.]+$")
#: The signature is the last lines of the document: the agency's name and a date.
MAX_SIGNATURE_CHARS = 40


@dataclass
class SectionText:
    section_id: str
    #: The heading as printed; "" when the section's heading was not found.
    title: str = ""
    #: The section's text blocks in order (the body of a run-in heading first, as its own block).
    blocks: list[TextBlock] = field(default_factory=list)


@dataclass
class DocumentText:
    title_blocks: list[TextBlock] = field(default_factory=list)
    opening: list[TextBlock] = field(default_factory=list)
    sections: dict[str, SectionText] = field(default_factory=dict)
    signature_agency: str = ""
    signature_date: date | None = None

    @property
    def title(self) -> str:
        return "".join(clean(b.text).strip() for b in self.title_blocks)


def split_document(doc: SourceDocument, template: Template, log: ImportLog) -> DocumentText:
    """The document's text in its parts (problems and notes about it logged)."""
    result = DocumentText()
    headings: list[tuple[int, SectionHeading]] = []
    order = [s.id for s in template.sections]
    reached = -1
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, TextBlock):
            continue
        heading = match_section(block.text, template)
        if heading is None:
            continue
        position = order.index(heading.section_id)
        if position <= reached:
            log.problem(None, 0, 0, shorten(heading.title, 40), f"{block.place}：“{heading.title}”在前面已出现过，"
                        f"其后的段落接在该部分之后", ProblemKind.METADATA, section=heading.section_id, kept=True)
        reached = max(reached, position)
        headings.append((i, heading))
    first = headings[0][0] if headings else len(doc.blocks)
    _title_and_opening(doc, first, result, log)
    bounds = [i for i, _h in headings] + [len(doc.blocks)]
    for (start, heading), end in zip(headings, bounds[1:], strict=True):
        section = result.sections.get(heading.section_id)
        if section is None:
            section = result.sections[heading.section_id] = SectionText(heading.section_id, heading.title)
        heading_block = doc.blocks[start]
        assert isinstance(heading_block, TextBlock)
        if heading.body:
            section.blocks.append(TextBlock(heading.body, heading_block.place, page=heading_block.page,
                                            wrapped=heading_block.wrapped))
        section.blocks += [b for b in doc.blocks[start + 1:end] if isinstance(b, TextBlock)]
    _return_table_lines(template, headings, result)
    for expected in template.sections:
        if expected.id not in result.sections:
            log.problem(None, 0, 0, "", f"未找到“{expected.title}”的标题，此部分保持空白", ProblemKind.MISSING,
                        section=expected.id)
    last = template.sections[-1].id
    if last in result.sections:
        _signature(result.sections[last], read_title(result.title).agency if result.title else "", result, log)
    return result


def _return_table_lines(template: Template, headings: list[tuple[int, SectionHeading]], result: DocumentText) -> None:
    """Lines of a table that text extraction put after the next heading (pdftotext does, for a table
    at the foot of a page): a narrative section that starts with a run of table fragments — wrapped
    lines of a few characters, some of them numbers — gives them back to the table section before it."""
    kinds = {s.id: s.kind for s in template.sections}
    previous = None
    for _start, heading in headings:
        section = result.sections[heading.section_id]
        if previous is not None and kinds[previous] == "tables" and kinds[section.section_id] == "narrative":
            run = 0
            while run < len(section.blocks) and _table_fragment(section.blocks[run]):
                run += 1
            fragments = section.blocks[:run]
            if len(fragments) >= MIN_FRAGMENTS and any(_NUMBERS.match(b.text) for b in fragments):
                result.sections[previous].blocks += fragments
                del section.blocks[:run]
        previous = heading.section_id


def _table_fragment(block: TextBlock) -> bool:
    text = block.text.strip()
    return block.wrapped and (not text or len(text) <= MAX_FRAGMENT_CHARS or bool(_NUMBERS.match(text)))


def _title_and_opening(doc: SourceDocument, first_heading: int, result: DocumentText, log: ImportLog) -> None:
    lead = [b for b in doc.blocks[:first_heading] if isinstance(b, TextBlock) and clean(b.text).strip()]
    title_start, title_end = _title_lines(lead)
    if title_end < 0:
        hinted = 0
        while hinted < len(lead) and lead[hinted].heading == 0:
            hinted += 1
        title_start, title_end = 0, hinted - 1
    result.title_blocks = lead[title_start:title_end + 1]
    for block in lead[:title_start]:
        log.note(f"{block.place}“{shorten(clean(block.text).strip(), 30)}”位于标题之前，不是报告的内容，未导入")
    result.opening = lead[title_end + 1:]


def _title_lines(lead: list[TextBlock]) -> tuple[int, int]:
    """(first, last) of the lines that make the title: short lines, the last of which completes
    "……报告" (a title may wrap anywhere, even inside 报告); (0, -1) when there is none."""
    title = ""
    start = 0
    for i, block in enumerate(lead[:TITLE_SEARCH_BLOCKS]):
        text = clean(block.text).strip()
        if len(text) > MAX_TITLE_CHARS or "。" in text or text.startswith("本"):
            break
        if any(ch in text for ch in "：:") or i - start >= MAX_TITLE_LINES:
            start, title = i + 1, ""  # a page's furniture above the title (索引号：…, 发布日期：…)
            continue
        title += "".join(text.split())
        if "报告" in title:
            return start, i
    return 0, -1


def _agency_line(block: TextBlock) -> bool:
    text = clean(block.text).strip()
    return len(text) <= MAX_AGENCY_LINE_CHARS and not any(ch in text for ch in "。：:，,") and \
        not is_page_number(text)


def _signature(section: SectionText, agency: str, result: DocumentText, log: ImportLog) -> None:
    """The agency's name and the date under the last section: metadata, not a paragraph of it.
    A last line that is only the agency's name (as the title names it) is the signature without a date."""
    filled = [i for i, b in enumerate(section.blocks) if clean(b.text).strip()]
    if not filled:
        return
    last = section.blocks[filled[-1]]
    found = signature_date(clean(last.text).strip())
    if found is None:
        if agency and _same_name(clean(last.text), agency):
            result.signature_agency = clean(last.text).strip()
            section.blocks = [b for i, b in enumerate(section.blocks) if i != filled[-1]]
            log.note(f"文末落款“{result.signature_agency}”未作为正文导入。")
        return
    result.signature_date = found
    drop = [filled[-1]]
    taken = [clean(last.text).strip()]
    if len(filled) > 1:
        above = section.blocks[filled[-2]]
        text = clean(above.text).strip()
        if _agency_line(above) and len(text) <= MAX_SIGNATURE_CHARS and not text.startswith(("（", "(")) \
                and "报告" not in text:
            result.signature_agency = text
            drop.insert(0, filled[-2])
            taken.insert(0, text)
    section.blocks = [b for i, b in enumerate(section.blocks) if i not in drop]
    log.note(f"文末落款“{' '.join(taken)}”未作为正文导入，其中的日期读作发布日期。")


def _same_name(text: str, agency: str) -> bool:
    return "".join(text.split()) == "".join(agency.split())
