"""What the printed report says, for the PDF layout, and which of its characters this PC's fonts lack.

Which text is drawn in which font role is stated once, in model/drawn_text.py
(the checker reads it too); it is re-exported here for export/pdf.py and
export/pdf_tables.py. Only what the PDF alone prints is added, and the glyph
check of that text against the fonts chosen on this PC (`font_glyph_findings`).
No reportlab here: the fonts are asked through export.fonts.FontSet.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from model.drawn_text import (
    HEADING_ROLES,
    DrawnText,
    ParagraphParts,
    clean_text,
    drawn_texts,
    paragraph_parts,
    title_text,
)
from model.findings import Finding, Severity
from model.font_roles import GETA
from model.glyphs import bundled_font_has
from model.report import Report
from model.text_rules import chinese_date

if TYPE_CHECKING:
    from export.fonts import FontSet


def date_text(published: date | None) -> str:
    """"2025年1月20日" (model.text_rules.chinese_date), or "" when no date is set."""
    return "" if published is None else chinese_date(published)


# --- characters the fonts of this PC lack ---------------------------------------------------


def font_glyph_findings(report: Report, fonts: FontSet) -> list[Finding]:
    """At export: a warning (PDF-FONT-GLYPH) for each character of the report that the font chosen on
    this PC for the role it is drawn in (an installed official font or the user's choice) lacks although
    the bundled font of that role has it; it will be drawn in another font, or as "〓". One finding per
    character and place (paragraph, title, signature). What the bundled fonts lack is the checker's
    PDF-MISSING-GLYPH (model/glyphs.py, in `check_report`) and is not repeated here."""
    findings: list[Finding] = []
    for item in drawn_texts(report):
        for char in fonts.lacking(item.role, item.text):
            if not bundled_font_has(item.role, char):
                continue
            substitute = fonts.substitute(item.role, char)
            choice = fonts.choice(item.role)
            outcome = ("PDF 中将显示为“〓”，请改用常用字或换用包含该字的字体" if substitute == GETA
                       else f"PDF 中将改用“{substitute}”显示，字形可能与周围文字不一致")
            findings.append(Finding(
                "PDF-FONT-GLYPH", Severity.WARNING,
                f"{item.where}：字符“{char}”（U+{ord(char):04X}）在本机{item.role.label}所用字体"
                f"“{choice.name or choice.path.name}”中没有字形，{outcome}。",
                item.location))
    return findings



__all__ = [
    "HEADING_ROLES", "DrawnText", "ParagraphParts", "clean_text", "date_text", "drawn_texts", "font_glyph_findings",
    "paragraph_parts", "title_text",
]
