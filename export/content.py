"""What the printed report says, piece by piece, and in which font role.

The PDF layout (export/pdf.py) and the missing-glyph check
(export/fonts.missing_glyph_findings) both read this, so that the check looks
at exactly the characters the PDF draws, in the role it draws them in.
No reportlab here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from export.fonts import FontRole
from model.findings import Location
from model.narrative import parse_heading
from model.report import Report

#: Roles of the narrative heading levels (一、 / （一） / 1. / （1））.
HEADING_ROLES = {1: FontRole.HEADING1, 2: FontRole.HEADING2, 3: FontRole.BODY, 4: FontRole.BODY}


def clean_text(text: str) -> str:
    """Text as it is drawn: tabs become spaces, other control and format characters (zero-width
    spaces, soft hyphens, a stray BOM) are dropped; a "\\n" stays a line break."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n":
            out.append(char)
        elif char in "\t\r\u2028\u2029\x85":
            out.append("\n" if char in "\u2028\u2029" else " ")
        elif unicodedata.category(char) not in ("Cc", "Cf"):
            out.append(char)
    return "".join(out)


def title_text(report: Report) -> str:
    return clean_text(report.title).strip()


def date_text(published: date | None) -> str:
    """"2025年1月20日" (no zero padding), or "" when no date is set."""
    if published is None:
        return ""
    return f"{published.year}年{published.month}月{published.day}日"


@dataclass(frozen=True)
class ParagraphParts:
    """A narrative paragraph as (text, role) spans; `heading` is the heading level of a standalone
    heading paragraph (0 for a body paragraph or a run-in heading followed by text)."""

    spans: tuple[tuple[str, FontRole], ...]
    heading: int


def paragraph_parts(paragraph: str) -> ParagraphParts:
    text = clean_text(paragraph).strip()
    heading = parse_heading(text)
    if heading is None or not heading.title:
        # Body text, or an enumerated body paragraph ("1.……，……") without a title of its own.
        return ParagraphParts(((text, FontRole.BODY),), 0)
    role = HEADING_ROLES[heading.level]
    if heading.body:
        return ParagraphParts(((heading.heading_text, role), (heading.body, FontRole.BODY)), 0)
    return ParagraphParts(((heading.heading_text, role),), heading.level)


@dataclass(frozen=True)
class DrawnText:
    role: FontRole
    text: str
    #: Where it is, for people: "一、总体情况 第 2 段".
    where: str
    location: Location


def drawn_texts(report: Report) -> Iterator[DrawnText]:
    """Every user-written text the PDF draws, with its role, in document order. The labels of the
    tables and the section titles' fixed wording come from the template and are not listed unless the
    report changed them."""
    meta_agency = Location("meta", field="agency")
    yield DrawnText(FontRole.TITLE, title_text(report), "标题", meta_agency)
    for index, paragraph in enumerate(report.preamble):
        yield DrawnText(FontRole.BODY, clean_text(paragraph), f"开篇 第 {index + 1} 段",
                        Location("preamble", paragraph=index))
    for section in report.sections:
        title = clean_text(section.title).strip()
        yield DrawnText(FontRole.HEADING1, title, f"{title}（标题）", Location(section.id, field="title"))
        for index, paragraph in enumerate(section.paragraphs):
            location = Location(section.id, paragraph=index)
            for text, role in paragraph_parts(paragraph).spans:
                yield DrawnText(role, text, f"{title} 第 {index + 1} 段", location)
    agency = clean_text(report.meta.agency).strip()
    if agency:
        yield DrawnText(FontRole.BODY, agency, "落款（机关名称）", meta_agency)
