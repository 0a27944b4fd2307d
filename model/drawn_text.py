"""What the printed report draws, piece by piece, and in which font role.

The PDF layout (export/pdf.py), the checker's rule on characters the bundled
fonts lack (model/glyphs.py) and the export's check of the fonts of this PC
(export/fonts.font_glyph_findings) all read this, so that each looks at exactly
the characters the PDF draws, in the role it draws them in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from model.findings import Location
from model.font_roles import FontRole
from model.narrative import parse_heading
from model.report import Report

#: Roles of the narrative heading levels (一、 / （一） / 1. / （1））.
HEADING_ROLES = {1: FontRole.HEADING1, 2: FontRole.HEADING2, 3: FontRole.BODY, 4: FontRole.BODY}


def clean_text(text: str) -> str:
    """Text as it is drawn: tabs become spaces, other control and format characters (zero-width
    spaces, soft hyphens, a stray BOM) are dropped; a "\\n" stays a line break.

    Broader than what a report may hold (model.text_rules.REFUSED_CONTROLS): a file may hold C1
    controls and format characters, and the PDF draws none of them."""
    if text.isprintable():  # no control, format or separator character but " ": nothing to clean
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
    report changed them.

    Each piece is remembered by its text and place: the checker reads this on every keystroke, and
    cleaning and parsing the whole sample anew would cost over a millisecond."""
    yield _title(report.title)
    for index, paragraph in enumerate(report.preamble):
        yield _preamble_paragraph(index, paragraph)
    for section in report.sections:
        heading = _section_title(section.id, section.title)
        yield heading
        for index, paragraph in enumerate(section.paragraphs):
            yield from _section_paragraph(section.id, heading.text, index, paragraph)
    yield from _signature(report.meta.agency)


_META_AGENCY = Location("meta", field="agency")


@lru_cache(maxsize=16)
def _title(title: str) -> DrawnText:
    return DrawnText(FontRole.TITLE, clean_text(title).strip(), "标题", _META_AGENCY)


@lru_cache(maxsize=256)
def _preamble_paragraph(index: int, paragraph: str) -> DrawnText:
    return DrawnText(FontRole.BODY, clean_text(paragraph), f"开篇 第 {index + 1} 段",
                     Location("preamble", paragraph=index))


@lru_cache(maxsize=64)
def _section_title(section_id: str, title: str) -> DrawnText:
    title = clean_text(title).strip()
    return DrawnText(FontRole.HEADING1, title, f"{title}（标题）", Location(section_id, field="title"))


@lru_cache(maxsize=1024)
def _section_paragraph(section_id: str, title: str, index: int, paragraph: str) -> tuple[DrawnText, ...]:
    where = f"{title} 第 {index + 1} 段"
    location = Location(section_id, paragraph=index)
    return tuple(DrawnText(role, text, where, location) for text, role in paragraph_parts(paragraph).spans)


@lru_cache(maxsize=16)
def _signature(agency: str) -> tuple[DrawnText, ...]:
    agency = clean_text(agency).strip()
    return (DrawnText(FontRole.BODY, agency, "落款（机关名称）", _META_AGENCY),) if agency else ()
