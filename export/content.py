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


def date_text(published: date | None) -> str:
    """"2025年1月20日" (no zero padding), or "" when no date is set."""
    if published is None:
        return ""
    return f"{published.year}年{published.month}月{published.day}日"


__all__ = [
    "HEADING_ROLES", "DrawnText", "ParagraphParts", "clean_text", "date_text", "drawn_texts", "paragraph_parts",
    "title_text",
]
