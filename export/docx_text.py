"""Text as the Word document holds it: only what XML 1.0 allows, and the title's line break.

model.drawn_text.clean_text has already dropped control and format characters; a report may still
hold what XML cannot (a lone surrogate from a damaged file, U+FFFE, U+FFFF), which lxml refuses:
such a character is left out, as the PDF leaves out what it cannot draw.
"""

from __future__ import annotations

import re
import unicodedata

from export.docx_styles import BODY_EM, TITLE_SIZE_PT, TYPE_WIDTH

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def text_ems(text: str) -> float:
    """Width of `text` in ems: wide (Chinese) and ambiguous characters (“”, set in the East Asian
    face) one em, the others half of one."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text)


def title_lines(title: str, agency: str, year: int) -> list[str]:
    """The title as lines: one when it fits the type area at 2号; else two, broken at a natural
    boundary (after the agency name, the year, or 政府信息公开) into lines of similar length, as the
    PDF's balanced title; a title that no such break fits is left to Word's own wrapping."""
    line_ems = TYPE_WIDTH / 20 / TITLE_SIZE_PT
    if text_ems(title) <= line_ems or not agency or not title.startswith(agency):
        return [title]
    candidates = [(len(agency), 0.0)]
    year_text = f"{year}年"
    if title[len(agency):].startswith(year_text):
        candidates.append((len(agency) + len(year_text), 0.1))
        candidates.append((len(agency) + len(year_text) + len("政府信息公开"), 0.2))
    best: tuple[float, int] | None = None
    for position, penalty in candidates:
        first, second = text_ems(title[:position]), text_ems(title[position:])
        if position >= len(title) or first > line_ems or second > line_ems:
            continue
        cost = penalty + abs(first - second) / line_ems
        if best is None or cost < best[0]:
            best = (cost, position)
    if best is None:
        return [title]
    return [title[: best[1]], title[best[1]:]]


def signature_indents(agency: str, date: str) -> tuple[float, float]:
    """Right indents, in body characters, of the agency line and the date line (GB/T 9704 7.3.5.2,
    unsealed, as export/pdf.SignatureBlock places them): the name ends two characters from the right
    edge and the date starts two characters right of the name's start; a date longer than that
    allows ends two characters from the edge, and the name starts two characters left of it."""
    line = TYPE_WIDTH / BODY_EM - 2
    name = min(text_ems(agency), line)
    date_ems = text_ems(date)
    name_right, date_right = 2.0, name - date_ems
    if date_right < 2.0:
        date_right = 2.0
        name_right = max(2.0, min(line - name + 2.0, 4.0 + date_ems - name))
    return name_right, date_right
