"""Recognising the heading levels of the narrative: 一、 / （一） / 1. / （1）.

Paragraphs are stored as plain text, as the report says them; the level is
read from the text, so pasting from Word keeps working. A heading is either
standalone ("（一）存在的主要问题") or run-in: "（一）积极主动公开。通过……" is a
heading "（一）积极主动公开。" followed by body text in the same paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十"

#: Level → pattern of its marker. Half-width brackets and "1、"/"1．" are
#: tolerated because pasted text uses them.
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{CN_DIGITS}]{{1,3}}、")),
    (2, re.compile(rf"^[（(]\s*[{CN_DIGITS}]{{1,3}}\s*[）)]")),
    (3, re.compile(r"^\d{1,2}\s*[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
)

#: A run-in heading ends at the first full stop (or colon) within this many
#: characters after its marker; a standalone heading is at most this long.
MAX_HEADING_CHARS = 40
_RUN_IN_END = re.compile(r"[。：:]")
_SENTENCE_PUNCTUATION = re.compile(r"[。；;，,！？]")


@dataclass(frozen=True)
class Heading:
    level: int  # 1 (一、) … 4 (（1）)
    marker: str  # "（一）"
    #: The heading text after the marker; includes the closing "。" of a
    #: run-in heading.
    title: str
    #: Body text following a run-in heading in the same paragraph, else "".
    body: str

    @property
    def run_in(self) -> bool:
        return bool(self.body)

    @property
    def heading_text(self) -> str:
        return self.marker + self.title


def parse_heading(paragraph: str) -> Heading | None:
    """The heading a paragraph starts with, or None for a body paragraph."""
    text = paragraph.strip()
    for level, pattern in _MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        marker, rest = match.group(0), text[match.end():].lstrip()
        end = _RUN_IN_END.search(rest, 0, MAX_HEADING_CHARS + 1)
        if end and rest[end.end():].strip():
            return Heading(level, marker, rest[: end.end()], rest[end.end():].lstrip())
        if len(rest) <= MAX_HEADING_CHARS and not _SENTENCE_PUNCTUATION.search(rest.rstrip("。")):
            return Heading(level, marker, rest, "")
        # A long paragraph that merely starts with a number ("1.……，……") is
        # an enumerated body paragraph: recognise the level, no title.
        return Heading(level, marker, "", rest)
    return None


def heading_level(paragraph: str) -> int:
    """0 for body text, else the heading level 1–4."""
    heading = parse_heading(paragraph)
    return heading.level if heading else 0
