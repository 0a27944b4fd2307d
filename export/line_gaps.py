"""How loose the PDF's justified lines are: the widest extra space between two CJK characters.

Measured on the lines the PDF writer lays out (the Typesetter's Line objects for every paragraph
and heading of the story), in ems of the body size. The normal advance — a character's width with
the 28-characters-a-line grid's BODY_CHAR_SPACE — counts as no gap; a squeezed punctuation mark's
advance is its squeezed width. Tests and the export bench use it; it draws nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from export.cjk_lines import Line, Piece
from export.cjk_units import _SINGLE, _kind
from export.fonts import FontSet, bundled_fonts
from export.pdf import BODY_SIZE, TYPE_HEIGHT, TYPE_WIDTH, _story
from export.pdf_text import TextParagraph, Typesetter
from model.report import Report

__all__ = ["Gap", "body_lines", "widest_body_gap", "widest_gap"]


@dataclass(frozen=True)
class Gap:
    """The widest gap found: its width in ems, and the line it is on (text) with the two characters."""

    ems: float
    line: str = ""
    between: str = ""


def _is_cjk_piece(piece: Piece) -> bool:
    return len(piece.text) == 1 and _kind(piece.text) == _SINGLE


def widest_gap(lines: Iterable[Line], em: float) -> Gap:
    """The widest extra space between two adjacent CJK pieces on any justified line, in ems."""
    widest = Gap(0.0)
    for line in lines:
        if not line.justified:
            continue
        pieces = [p for p in line.pieces if p.text.strip()]
        for a, b in itertools.pairwise(pieces):
            if not (_is_cjk_piece(a) and _is_cjk_piece(b)):
                continue
            ems = (b.x - (a.x + a.width)) / em
            if ems > widest.ems:
                widest = Gap(ems, line.text, a.text + b.text)
    return widest


def body_lines(report: Report, fonts: FontSet | None = None) -> list[Line]:
    """The lines of every paragraph and heading of the PDF's story, broken as the writer breaks them."""
    typesetter = Typesetter(fonts or bundled_fonts())
    lines: list[Line] = []
    for flowable in _story(report, typesetter):
        if isinstance(flowable, TextParagraph):
            flowable.wrap(TYPE_WIDTH, TYPE_HEIGHT)
            lines += flowable.lines
    return lines


def widest_body_gap(report: Report, fonts: FontSet | None = None) -> Gap:
    """The widest gap between two CJK characters on a justified line of the report's PDF, in ems."""
    return widest_gap(body_lines(report, fonts), BODY_SIZE)
