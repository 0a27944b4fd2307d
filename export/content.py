"""What the printed report says, for the PDF layout.

Which text is drawn in which font role is stated once, in model/drawn_text.py
(the checker reads it too); it is re-exported here for export/pdf.py and
export/pdf_tables.py. Only what the PDF alone prints is added. No reportlab here.
"""

from __future__ import annotations

from datetime import date

from model.drawn_text import (
    HEADING_ROLES,
    DrawnText,
    ParagraphParts,
    clean_text,
    drawn_texts,
    paragraph_parts,
    title_text,
)
from model.text_rules import chinese_date


def date_text(published: date | None) -> str:
    """"2025年1月20日" (model.text_rules.chinese_date), or "" when no date is set."""
    return "" if published is None else chinese_date(published)


__all__ = [
    "HEADING_ROLES", "DrawnText", "ParagraphParts", "clean_text", "date_text", "drawn_texts", "paragraph_parts",
    "title_text",
]
