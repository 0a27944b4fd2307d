"""The typographic roles of the printed report, and the bundled fonts that stand in for each.

GB/T 9704 names a typeface for each part of a 公文: the title in 小标宋, level-1
headings in 黑体, level-2 headings in 楷体, the body in 仿宋, page numbers in
宋体. export/fonts.py chooses a font file for each role on this PC; the bundled
fonts (resources/fonts, SIL OFL) are the choice when no official font is
installed, and the fonts every PC has, so that the checker can judge whether a
character can be printed the same way everywhere (model/glyphs.py).
"""

from __future__ import annotations

from enum import Enum

#: What is drawn for a character that no available font has (GB/T 15834 uses 〓 for an illegible character).
GETA = "〓"


class FontRole(Enum):
    TITLE = "title"
    HEADING1 = "heading1"
    HEADING2 = "heading2"
    BODY = "body"
    PAGE_NUMBER = "page_number"
    TABLE = "table"

    @property
    def label(self) -> str:
        """Chinese name of the role with the typeface GB/T 9704 asks for."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    FontRole.TITLE: "标题（小标宋）",
    FontRole.HEADING1: "一级标题（黑体）",
    FontRole.HEADING2: "二级标题（楷体）",
    FontRole.BODY: "正文（仿宋）",
    FontRole.PAGE_NUMBER: "页码（宋体）",
    FontRole.TABLE: "表格（仿宋）",
}

SERIF_REGULAR = "NotoSerifSC-Regular.ttf"
SERIF_BOLD = "NotoSerifSC-Bold.ttf"
SANS_REGULAR = "NotoSansSC-Regular.ttf"

#: The bundled stand-ins (resources/fonts). No free 楷体 with TrueType outlines could be bundled (LXGW
#: WenKai is published as split web fonts only), so level-2 headings use the bold serif.
BUNDLED_FONTS: dict[FontRole, str] = {
    FontRole.TITLE: SERIF_BOLD,
    FontRole.HEADING1: SANS_REGULAR,
    FontRole.HEADING2: SERIF_BOLD,
    FontRole.BODY: SERIF_REGULAR,
    FontRole.PAGE_NUMBER: SERIF_REGULAR,
    FontRole.TABLE: SERIF_REGULAR,
}
#: Display names of the bundled files.
BUNDLED_NAMES = {
    SERIF_REGULAR: "Noto Serif SC Regular",
    SERIF_BOLD: "Noto Serif SC Bold",
    SANS_REGULAR: "Noto Sans SC Regular",
}
#: Fallback order among the bundled fonts for a character the chosen font lacks.
BUNDLED_FALLBACK = (SERIF_REGULAR, SANS_REGULAR, SERIF_BOLD)
