"""The Word document's page and named styles, after GB/T 9704-2012 as export/pdf.py sets them.

Every measure here is in twentieths of a point (twips, Word's unit) unless named otherwise. The
styles are named for what they are (正文, 标题, 一级标题 …) so that a clerk can go on editing in Word
or WPS with the document's own styles.

Fonts are named as a Chinese Windows names them. The East Asian face of each role is the official
one (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体, 宋体); the font table gives 仿宋 and 楷体 (the faces
every Windows has) as the alternative names of the _GB2312 faces, so that a PC without them still
shows a 仿宋 and a 楷体. Digits and Latin letters: Times New Roman in the 仿宋 and 楷体 roles — most
local 公文 rules ask for it, every Windows PC and WPS has it, and the _GB2312 faces' own Latin glyphs
are poor monospaced ones — but the same face in the heavy 黑体 and 小标宋 roles (a thin Roman digit
looks out of place in a bold heading) and 宋体 for the page number (the rule says 宋体 digits).
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

# --- the page (A4, 37/28 mm margins, type area 156 × 225 mm) ----------------------------------------


def mm_to_twips(millimetres: float) -> int:
    return round(millimetres / 25.4 * 1440)


PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
TOP_MARGIN = mm_to_twips(37)
LEFT_MARGIN = mm_to_twips(28)
TYPE_WIDTH = mm_to_twips(156)
RIGHT_MARGIN = PAGE_WIDTH - LEFT_MARGIN - TYPE_WIDTH
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - mm_to_twips(225)
HEADER_DISTANCE = mm_to_twips(15)

BODY_SIZE_PT = 16.0  # 3号
TITLE_SIZE_PT = 22.0  # 2号
TABLE_SIZE_PT = 10.5  # 五号
PAGE_NUMBER_SIZE_PT = 14.0  # 4号
CHARS_PER_LINE = 28
#: Exactly 28.95 pt: 22 lines fill the 225 mm type area (GB/T 9704: 22 lines of 28 characters).
BODY_LINE = 579
TITLE_LINE = 680  # 34 pt, as the PDF's title leading
TABLE_LINE = 263  # 13.15 pt: 1.25 × 五号, as the PDF's cells
PAGE_NUMBER_LINE = 400  # 20 pt
#: The page number's em dashes 7 mm below the type area: the footer line (20 pt, its middle
#: 10 pt above its bottom) ends this far above the page's bottom edge.
FOOTER_DISTANCE = BOTTOM_MARGIN - mm_to_twips(7) - PAGE_NUMBER_LINE // 2
#: 28 characters of 16 pt are 448 pt, the type area 442.2 pt: like the PDF, the body's characters
#: advance a little less than their size (w:spacing, in twips: -0.25 pt), so 28 go on a line. A
#: character grid (w:docGrid linesAndChars) would say the same to Word, but LibreOffice spreads the
#: characters of such a grid over the line.
BODY_CHAR_SPACING = -5
#: One character of the body as it advances (15.75 pt), in twips.
BODY_EM = round(BODY_SIZE_PT * 20) + BODY_CHAR_SPACING
#: Two characters: the first-line indent, for a reader that ignores w:firstLineChars.
INDENT_TWO = 2 * BODY_EM

# --- fonts ----------------------------------------------------------------------------------------

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
ROMAN = "Times New Roman"


def fonts(east_asian: str, latin: str = ROMAN) -> str:
    """A w:rFonts element: `east_asian` for Chinese (and, by the eastAsia hint, the punctuation Word
    and WPS share between scripts: “” — …), `latin` for digits and Latin letters."""
    return (f'<w:rFonts w:ascii={quoteattr(latin)} w:hAnsi={quoteattr(latin)} '
            f'w:eastAsia={quoteattr(east_asian)} w:cs={quoteattr(latin)} w:hint="eastAsia"/>')


def size(points: float) -> str:
    half_points = round(points * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


# --- style names (what Word and WPS show) ----------------------------------------------------------

BODY_STYLE = "正文"
TITLE_STYLE = "标题"
HEADING_STYLES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
#: Character styles of run-in headings ("（一）积极主动公开。" followed by its text in one paragraph).
RUN_IN_STYLES = {1: "一级标题 字符", 2: "二级标题 字符"}
TABLE_STYLE = "表格文字"
SIGNATURE_STYLE = "落款"
PAGE_NUMBER_STYLE = "页码"
SPACER_STYLE = "表间距"

_INDENT = f'<w:ind w:firstLineChars="200" w:firstLine="{INDENT_TWO}"/>'
_NO_SPACING = '<w:spacing w:val="0"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'


def _paragraph_style(style_id: str, name: str, ppr: str, rpr: str, *, based_on: str = "Normal",
                     outline: int | None = None, next_style: str = "Normal") -> str:
    outline_xml = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val={quoteattr(name)}/><w:basedOn w:val="{based_on}"/>'
            f'<w:next w:val="{next_style}"/><w:qFormat/>'
            f'<w:pPr>{ppr}{outline_xml}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def _character_style(style_id: str, name: str, rpr: str) -> str:
    return (f'<w:style w:type="character" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val={quoteattr(name)}/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
            f'<w:rPr>{rpr}</w:rPr></w:style>')


#: Style ids (never shown), by style name.
STYLE_IDS = {
    BODY_STYLE: "Normal",
    TITLE_STYLE: "nbTitle",
    HEADING_STYLES[1]: "nbHeading1",
    HEADING_STYLES[2]: "nbHeading2",
    HEADING_STYLES[3]: "nbHeading3",
    HEADING_STYLES[4]: "nbHeading4",
    RUN_IN_STYLES[1]: "nbHeading1Char",
    RUN_IN_STYLES[2]: "nbHeading2Char",
    TABLE_STYLE: "nbTableText",
    SIGNATURE_STYLE: "nbSignature",
    PAGE_NUMBER_STYLE: "nbPageNumber",
    SPACER_STYLE: "nbSpacer",
}


def styles_xml() -> str:
    """The whole styles part: document defaults (仿宋_GB2312 3号, Chinese) and the report's styles.

    正文 is the default paragraph style itself (Word's "Normal", which a Chinese Word calls 正文
    anyway), so a paragraph a clerk adds is body text and no second 正文 appears in the style list."""
    body_ppr = (f'<w:widowControl/><w:spacing w:before="0" w:after="0" w:line="{BODY_LINE}" '
                f'w:lineRule="exact"/>{_INDENT}<w:jc w:val="both"/>')
    keep = '<w:keepNext/><w:keepLines/>'
    no_grid = '<w:snapToGrid w:val="0"/>'
    styles = [
        (f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts(FANGSONG)}<w:kern w:val="2"/>{size(BODY_SIZE_PT)}'
         '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
         '<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>'),
        (f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="{BODY_STYLE}"/>'
         f'<w:qFormat/><w:pPr>{body_ppr}</w:pPr><w:rPr>{fonts(FANGSONG)}<w:spacing w:val="{BODY_CHAR_SPACING}"/>'
         f'{size(BODY_SIZE_PT)}</w:rPr></w:style>'),
        ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
         '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
         '</w:style>'),
        ('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
         '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
         '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
         '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'),
        ('<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
         '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'),
        _paragraph_style(STYLE_IDS[TITLE_STYLE], TITLE_STYLE,
                         f'{keep}{no_grid}<w:spacing w:before="0" w:after="{BODY_LINE}" w:line="{TITLE_LINE}" '
                         f'w:lineRule="exact"/>{_NO_INDENT}<w:jc w:val="center"/>',
                         fonts(XIAOBIAOSONG, XIAOBIAOSONG) + _NO_SPACING + size(TITLE_SIZE_PT)),
        _paragraph_style(STYLE_IDS[HEADING_STYLES[1]], HEADING_STYLES[1], keep, fonts(HEITI, HEITI), outline=0),
        _paragraph_style(STYLE_IDS[HEADING_STYLES[2]], HEADING_STYLES[2], keep, fonts(KAITI), outline=1),
        _paragraph_style(STYLE_IDS[HEADING_STYLES[3]], HEADING_STYLES[3], keep, fonts(FANGSONG), outline=2),
        _paragraph_style(STYLE_IDS[HEADING_STYLES[4]], HEADING_STYLES[4], keep, fonts(FANGSONG), outline=3),
        _character_style(STYLE_IDS[RUN_IN_STYLES[1]], RUN_IN_STYLES[1], fonts(HEITI, HEITI)),
        _character_style(STYLE_IDS[RUN_IN_STYLES[2]], RUN_IN_STYLES[2], fonts(KAITI)),
        _paragraph_style(STYLE_IDS[TABLE_STYLE], TABLE_STYLE,
                         f'{no_grid}<w:spacing w:before="0" w:after="0" w:line="{TABLE_LINE}" w:lineRule="exact"/>'
                         f'{_NO_INDENT}<w:jc w:val="center"/>',
                         fonts(FANGSONG) + _NO_SPACING + '<w:kern w:val="0"/>' + size(TABLE_SIZE_PT),
                         next_style="nbTableText"),
        _paragraph_style(STYLE_IDS[SIGNATURE_STYLE], SIGNATURE_STYLE,
                         f'<w:keepLines/>{_NO_INDENT}<w:jc w:val="right"/>', fonts(FANGSONG)),
        _paragraph_style(STYLE_IDS[PAGE_NUMBER_STYLE], PAGE_NUMBER_STYLE,
                         f'{no_grid}<w:spacing w:before="0" w:after="0" w:line="{PAGE_NUMBER_LINE}" '
                         f'w:lineRule="exact"/>{_NO_INDENT}',
                         fonts(SONGTI, SONGTI) + _NO_SPACING + size(PAGE_NUMBER_SIZE_PT)),
        # Between two tables of one section (the four of 二): a hairline paragraph, so that Word and
        # WPS keep them apart as tables while they look joined, as in the PDF.
        _paragraph_style(STYLE_IDS[SPACER_STYLE], SPACER_STYLE,
                         f'<w:keepNext/>{no_grid}<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                         f'{_NO_INDENT}', size(1)),
    ]
    return f'<w:styles {nsdecls("w")}>{"".join(styles)}</w:styles>'


# --- the font table ---------------------------------------------------------------------------------

#: (name, alternative name, panose, family, pitch) of each face the styles name (GB2312 charset 86).
_CHINESE_FACES = (
    (FANGSONG, "仿宋", "02010609030101010101", "modern", "fixed"),
    (KAITI, "楷体", "02010609030101010101", "modern", "fixed"),
    (HEITI, "SimHei", "02010609060101010101", "modern", "fixed"),
    (SONGTI, "SimSun", "02010600030101010101", "auto", "variable"),
    (XIAOBIAOSONG, "方正小标宋_GBK", "02000000000000000000", "script", "variable"),
)


def font_table_xml() -> str:
    faces = [
        (f'<w:font w:name={quoteattr(name)}><w:altName w:val={quoteattr(alternative)}/>'
         f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="{family}"/>'
         f'<w:pitch w:val="{pitch}"/></w:font>')
        for name, alternative, panose, family, pitch in _CHINESE_FACES
    ]
    faces.append(f'<w:font w:name="{ROMAN}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
                 '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')
    return f'<w:fonts {nsdecls("w")}>{"".join(faces)}</w:fonts>'


def parse(xml: str):
    """An lxml element of python-docx's classes (namespaces declared by the caller)."""
    return parse_xml(xml)
