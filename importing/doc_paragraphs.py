"""The paragraphs of a document's text as the person reads them: hard-wrapped lines (pasted text,
pdftotext output: `TextBlock.wrapped`) joined into paragraphs, page numbers between them left out,
and the six section headings recognised by their text against the template, whatever spelling
published reports print them in ("五、政府信息公开工作存在的主要问题及改进情况", "一 总体情况",
a heading run together with the first sentence of its section)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from importing.document import TextBlock
from importing.labels import within_one_edit
from model.narrative import parse_heading
from model.template import Template

#: A page number printed by itself: "— 5 —", "-4-", "第 3 页", "第3页 共9页", "3/9".
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－~]+\s*\d{1,4}\s*[-—–－~]+|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
                         r"|\d{1,4}\s*/\s*\d{1,4})\s*$")
#: A line that ends its paragraph: a full stop, an exclamation or question mark (a closing quote or
#: bracket may follow).
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*$")
_CLAUSE_END = re.compile(r"[：；:;][”’」』）)]*$")
#: Two spaces or more (or a tab) at the start of a line: the first line of a paragraph.
_INDENT = re.compile(r"^(?:[ \u3000]{2,}|\t)")
#: A list item: a bullet, or "一是……" ("first, …") as reports enumerate their points.
_LIST_ITEM = re.compile(r"^(?:[-•·●▪■◆]\s*|[一二三四五六七八九十]是)")
#: Markdown heading marks some text extractions keep ("## 二、……").
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_SECTION_MARKER = re.compile(r"^\s*([一二三四五六七八九十])\s*[、.．，,]?\s*")
_CN_NUMBERS = "一二三四五六七八九十"
#: Published titles of the sections besides the template's own (compared as `_norm` makes them).
SECTION_VARIANTS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "概述", "总体情况概述", "基本情况", "概况"),
    2: ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
    3: ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开政府信息情况", "依申请公开情况"),
    4: ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议和行政诉讼情况", "行政复议、行政诉讼情况",
        "因政府信息公开申请行政复议、提起行政诉讼的情况", "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
        "政府信息公开行政复议行政诉讼情况"),
    5: ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "工作存在的主要问题及改进情况",
        "存在的问题及改进情况", "主要问题及改进情况", "存在的主要问题及改进措施"),
    6: ("其他需要报告的事项", "其他需报告的事项", "其他事项"),
}
#: A standalone heading is short.
MAX_HEADING_CHARS = 40


def clean(text: str) -> str:
    """A block's text without the Markdown heading marks some extractions keep."""
    return _MARKDOWN_HEADING.sub("", text)


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text))


def _norm_char(ch: str) -> str:
    text = unicodedata.normalize("NFKC", ch)
    if text.isspace() or text in "、,.;:·“”\"'的":
        return ""
    return {"和": "及", "与": "及"}.get(text, text)


def _norm(text: str) -> str:
    return "".join(_norm_char(ch) for ch in text)


@dataclass(frozen=True)
class SectionHeading:
    """A section heading found in a block: which section, the title as printed, the text after it."""

    section_id: str
    title: str
    body: str


def match_section(text: str, template: Template) -> SectionHeading | None:
    """The section heading `text` starts with (its number and a title of that section in a published
    spelling), None when it starts with none. A body paragraph that merely starts with 二、 is none."""
    text = clean(text).strip()
    marker = _SECTION_MARKER.match(text)
    if marker is None:
        return None
    number = _CN_NUMBERS.index(marker.group(1)) + 1
    if number > len(template.sections):
        return None
    section = template.sections[number - 1]
    rest = text[marker.end():]
    official = section.title.split("、", 1)[-1]
    variants = sorted({_norm(v) for v in (official, *SECTION_VARIANTS.get(number, ()))}, key=len, reverse=True)
    # Where each normalised prefix of `rest` ends in the original text.
    ends: list[int] = []
    normalised = ""
    for i, ch in enumerate(rest[:2 * MAX_HEADING_CHARS]):  # a title is short: the rest is body text
        part = _norm_char(ch)
        normalised += part
        ends.extend([i + 1] * len(part))
    for variant in variants:
        if normalised.startswith(variant):
            end = ends[len(variant) - 1]
            return _heading(section.id, text[:marker.end()], rest, end)
    standalone = rest.strip().rstrip("。：:")
    if len(standalone) <= MAX_HEADING_CHARS and "。" not in standalone and \
            any(within_one_edit(_norm(standalone), v) for v in variants if len(v) >= 4):
        return SectionHeading(section.id, (text[:marker.end()] + standalone).strip(), "")
    return None


def _heading(section_id: str, marker: str, rest: str, end: int) -> SectionHeading:
    title, body = rest[:end], rest[end:]
    # "一、总体情况。2024年……": the stop after a run-in title belongs to neither.
    body = body.lstrip(" \u3000。．.：:")
    return SectionHeading(section_id, (marker + title).strip(), body.strip())


# --- wrapped lines into paragraphs ------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    #: Where it starts in the document ("第 12 段", "第 3 页").
    place: str


def _standalone_heading(line: str) -> bool:
    heading = parse_heading(line)
    return heading is not None and bool(heading.title) and not heading.body and \
        len(line) <= MAX_HEADING_CHARS and not _SENTENCE_END.search(line)


def _joiner(before: str, after: str) -> str:
    """Nothing between CJK characters; one space between Latin letters or digits."""
    a, b = before[-1:], after[:1]
    if a.isascii() and b.isascii() and (a.isalnum() or a in ",.;:!?)") and b.isalnum():
        return " "
    return ""


def join_paragraphs(blocks: list[TextBlock]) -> list[Paragraph]:
    """The paragraphs of `blocks` in order: a block the source gives as a paragraph stays one; runs of
    wrapped lines are joined until a line ends a sentence, a heading starts, a line is indented, or a
    blank line follows a finished sentence. Page numbers standing alone between lines are left out."""
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    place = ""
    ended = False  # the last line ended its paragraph

    def flush() -> None:
        nonlocal lines, ended
        if lines:
            text = lines[0]
            for line in lines[1:]:
                text += _joiner(text, line) + line
            paragraphs.append(Paragraph(text, place))
        lines = []
        ended = False

    for block in blocks:
        text = clean(block.text)
        if not block.wrapped:
            flush()
            if text.strip():
                paragraphs.append(Paragraph(text.strip(), block.place))
            continue
        line = text.rstrip()
        stripped = line.strip()
        if not stripped:
            if ended:
                flush()
            continue  # a blank line inside a sentence is a page break: the sentence goes on
        if is_page_number(stripped):
            continue
        starts_item = parse_heading(stripped) is not None or bool(_LIST_ITEM.match(stripped))
        if lines and (ended or _INDENT.match(line) or (starts_item and _CLAUSE_END.search(lines[-1]))):
            flush()
        if not lines:
            place = block.place
        lines.append(stripped)
        ended = bool(_SENTENCE_END.search(stripped)) or _standalone_heading(stripped)
    flush()
    return paragraphs
