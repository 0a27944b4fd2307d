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
#: Noto Serif SC Bold and Noto Sans SC Regular cut to GB2312, ASCII and the punctuation of Chinese
#: text (the title and the level-1 headings are short: the full faces were 25 MB), renamed so that they
#: are not taken for the full faces (resources/fonts/make_subsets.py, README.md there). The sans keeps
#: the few characters Noto Serif SC lacks, so the fallback chain draws all it drew before.
SERIF_BOLD = "NotoSerifSC-Bold-GB2312.ttf"
SANS_REGULAR = "NotoSansSC-Regular-GB2312.ttf"
#: LXGW WenKai Regular cut to GB2312, ASCII and the punctuation of Chinese text, renamed as the OFL's
#: reserved names require (resources/fonts/make_subsets.py, README.md there).
KAI_SUBSET = "NianbaoWenKai-Regular.ttf"

#: The bundled stand-ins (resources/fonts).
BUNDLED_FONTS: dict[FontRole, str] = {
    FontRole.TITLE: SERIF_BOLD,
    FontRole.HEADING1: SANS_REGULAR,
    FontRole.HEADING2: KAI_SUBSET,
    FontRole.BODY: SERIF_REGULAR,
    FontRole.PAGE_NUMBER: SERIF_REGULAR,
    FontRole.TABLE: SERIF_REGULAR,
}
#: Display names of the bundled files.
BUNDLED_NAMES = {
    SERIF_REGULAR: "Noto Serif SC Regular",
    SERIF_BOLD: "Noto Serif SC GB2312 Bold",
    SANS_REGULAR: "Noto Sans SC GB2312",
    KAI_SUBSET: "年报文楷",
}
#: A bundled face that is a subset by design, and the bundled face that completes it: together they
#: are the role's font. A character the subset leaves out (硚, 埇, as 楷体_GB2312 leaves them out) is
#: drawn in the completing face, character by character, and is no substitution to warn about; only
#: what neither has is (model/glyphs.py, export.fonts.FontSet). Noto Serif SC Regular is bundled whole.
BUNDLED_COMPLETION: dict[str, str] = {KAI_SUBSET: SERIF_REGULAR, SERIF_BOLD: SERIF_REGULAR,
                                      SANS_REGULAR: SERIF_REGULAR}
#: Fallback order among the bundled fonts for a character the chosen font lacks.
BUNDLED_FALLBACK = (SERIF_REGULAR, SANS_REGULAR, SERIF_BOLD)


def bundled_faces(role: FontRole) -> tuple[str, ...]:
    """The bundled file of `role` and the one that completes it, if any: what draws the role's text
    as its own when only the bundled fonts are used."""
    own = BUNDLED_FONTS[role]
    completion = BUNDLED_COMPLETION.get(own)
    return (own,) if completion is None else (own, completion)
