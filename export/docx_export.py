"""The report as a Word document (.docx) a clerk can go on editing in Word or WPS.

The same content, in the same order, as the PDF (export/pdf.py): the title (标题, 小标宋 22 pt,
centred, broken at a natural boundary when it needs two lines); the opening paragraphs; each
section's title (一级标题) and paragraphs — a heading paragraph in its level's style, a run-in heading
as a character run in its font — then the section's tables (export/docx_tables.py); the signature
block (落款: the agency two characters from the right edge, the date beneath it when the report is
published; no agency, no block). The page and the styles are GB/T 9704's (export/docx_styles.py):
A4, 37/28 mm margins, type area 156 × 225 mm, the body 仿宋_GB2312 16 pt at exactly 28.95 pt on a
document grid of 22 lines of 28 characters, first lines indented two characters, justified. Page
numbers are a PAGE field, 「— N —」 in 宋体 14 pt, odd pages on the right and even pages on the left,
one character in.

The same report always gives the same bytes: no timestamps (the core properties carry no dates),
fixed zip member dates and order, nothing from python-docx's template that names another document.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from export.content import clean_text, date_text, paragraph_parts, title_text
from export.docx_styles import (
    BODY_EM,
    BODY_LINE,
    BODY_STYLE,
    BOTTOM_MARGIN,
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    HEADING_STYLES,
    LEFT_MARGIN,
    PAGE_HEIGHT,
    PAGE_NUMBER_SIZE_PT,
    PAGE_NUMBER_STYLE,
    PAGE_WIDTH,
    RIGHT_MARGIN,
    RUN_IN_STYLES,
    SIGNATURE_STYLE,
    SPACER_STYLE,
    TITLE_STYLE,
    TOP_MARGIN,
    font_table_xml,
    parse,
    styles_xml,
)
from export.docx_tables import table_elements
from export.docx_text import signature_indents, title_lines, xml_safe
from export.fixed_zip import refixed_zip
from model.atomicfile import write_atomic
from model.font_roles import FontRole
from model.report import Report

SUBJECT = "政府信息公开工作年度报告"
#: Every zip member's date: the earliest a zip can state (no clock, no time zone in the bytes).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Core properties hold at most this many characters (python-docx refuses more).
MAX_PROPERTY = 255

#: Word 2010's copy of the styles, which python-docx's template carries and never updates.
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_RUN_IN_ROLES = {FontRole.HEADING1: RUN_IN_STYLES[1], FontRole.HEADING2: RUN_IN_STYLES[2]}


def render_docx(report: Report, *, charts: bool = False) -> bytes:
    """The report as .docx bytes; `charts` adds the 附图 before the signature (export/docx_charts.py)."""
    document = Document()
    _strip_template(document)
    _page_setup(document)
    _title(document, report)
    for paragraph in report.preamble:
        _paragraph(document, paragraph)
    template = report.template
    for section in report.sections:
        _text_paragraph(document, HEADING_STYLES[1], [(clean_text(section.title).strip(), FontRole.BODY)])
        for paragraph in section.paragraphs:
            _paragraph(document, paragraph)
        table_ids: tuple[str, ...] = ()
        if any(s.id == section.id for s in template.sections):
            table_ids = template.section(section.id).tables
        for index, table_id in enumerate(table_ids):
            last = index == len(table_ids) - 1
            _append_block(document, table_elements(template.table(table_id), report, keep_with_next=not last))
            # Word joins two tables with nothing between them into one: a hairline paragraph keeps
            # them apart; after the last table, half a line of space as in the PDF.
            spacer = document.add_paragraph(style=SPACER_STYLE)
            if last:
                spacer.paragraph_format.line_spacing = Twips(BODY_LINE // 2)
                spacer.paragraph_format.keep_with_next = False
    if charts:
        from export.docx_charts import add_charts  # Pillow's drawing loads only when asked

        add_charts(document, report)
    _signature(document, report)
    _core_properties(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return refixed_zip(buffer.getvalue(), ZIP_DATE, create_system=0, external_attr=0, compresslevel=6)


def export_docx(report: Report, path: Path, *, charts: bool = False) -> None:
    """Write the .docx to `path` atomically: a reader sees the old file or the new one, never a mix."""
    write_atomic(path, render_docx(report, charts=charts))


# --- the package --------------------------------------------------------------------------------


def _strip_template(document: WordDocument) -> None:
    """Leave out what python-docx's template carries of another document (its thumbnail, custom XML,
    a second styles part), and put in the report's styles, fonts and settings."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, _STYLES_WITH_EFFECTS):
            part.rels.pop(rel_id)
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = font_table_xml().encode("utf-8")
    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    for child in parse(styles_xml()):
        styles.append(child)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders: the outer page numbers
    element = settings.element
    control = element.find(qn("w:characterSpacingControl"))
    if control is not None:
        control.set(qn("w:val"), "compressPunctuation")  # as a Chinese Word sets it
    language = element.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")
    for preview in element.findall(qn("w:savePreviewPicture")):
        element.remove(preview)  # Word would store a thumbnail: bytes that depend on the renderer
    for compat in element.iter(qn("w:compatSetting")):
        if compat.get(qn("w:name")) == "compatibilityMode":
            compat.set(qn("w:val"), "15")  # Word 2013+: a table's rules at the margin, not outside it


def _page_setup(document: WordDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(TOP_MARGIN), Twips(BOTTOM_MARGIN)
    section.left_margin, section.right_margin = Twips(LEFT_MARGIN), Twips(RIGHT_MARGIN)
    section.header_distance, section.footer_distance = Twips(HEADER_DISTANCE), Twips(FOOTER_DISTANCE)
    section.gutter = Twips(0)
    properties = section._sectPr
    grid = properties.find(qn("w:docGrid"))
    if grid is None:
        grid = parse(f'<w:docGrid {nsdecls("w")}/>')
        properties.append(grid)
    grid.set(qn("w:type"), "lines")  # 22 lines a page, as GB/T 9704 counts them
    grid.set(qn("w:linePitch"), str(BODY_LINE))
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """「— N —」: the PAGE field between em dashes, right-aligned on odd pages and left-aligned on
    even ones, one character (of its 14 pt) in from the edge."""
    paragraph.style = PAGE_NUMBER_STYLE
    indent = round(PAGE_NUMBER_SIZE_PT * 20)
    side = "right" if odd else "left"
    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse(f'<w:ind {nsdecls("w")} w:{side}="{indent}"/>'))
    properties.append(parse(f'<w:jc {nsdecls("w")} w:val="{side}"/>'))
    hint = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
    runs = [
        f'<w:r {nsdecls("w")}>{hint}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:r {nsdecls("w")}>{hint}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{hint}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{hint}<w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}>{hint}<w:t>1</w:t></w:r>',
        f'<w:r {nsdecls("w")}>{hint}<w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:r {nsdecls("w")}>{hint}<w:t xml:space="preserve"> —</w:t></w:r>',
    ]
    for run in runs:
        paragraph._p.append(parse(run))


def _append_block(document: WordDocument, element) -> None:
    """Add a block (a table) at the end of the body, before its section properties."""
    body = document.element.body
    properties = body.find(qn("w:sectPr"))
    if properties is None:
        body.append(element)
    else:
        properties.addprevious(element)


def _core_properties(document: WordDocument, report: Report) -> None:
    """Title, author (the agency) and subject; no dates, no revision history, no python-docx."""
    agency = xml_safe(clean_text(report.meta.agency).strip())[:MAX_PROPERTY]
    properties = document.core_properties
    properties.title = xml_safe(title_text(report))[:MAX_PROPERTY]
    properties.author = agency
    properties.last_modified_by = agency
    properties.subject = SUBJECT
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.revision = 1
    element = properties._element
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for child in element.findall(qn(name)):
            element.remove(child)


# --- the text -------------------------------------------------------------------------------------


def _title(document: WordDocument, report: Report) -> None:
    agency = clean_text(report.meta.agency).strip()
    lines = title_lines(xml_safe(title_text(report)), xml_safe(agency), report.meta.year)
    paragraph = document.add_paragraph(style=TITLE_STYLE)
    _add_run(paragraph, "\n".join(lines))


def _paragraph(document: WordDocument, paragraph: str) -> None:
    parts = paragraph_parts(paragraph)
    if not "".join(text for text, _role in parts.spans).strip():
        return  # an empty paragraph prints nothing (the PDF draws no line for it)
    style = HEADING_STYLES[parts.heading] if parts.heading else BODY_STYLE
    _text_paragraph(document, style, list(parts.spans))


def _text_paragraph(document: WordDocument, style: str, spans: list[tuple[str, FontRole]]) -> Paragraph:
    paragraph = document.add_paragraph(style=style)
    for text, role in spans:
        run_style = _RUN_IN_ROLES.get(role) if style == BODY_STYLE else None
        _add_run(paragraph, text, run_style)
    return paragraph


def _add_run(paragraph: Paragraph, text: str, style: str | None = None) -> None:
    text = xml_safe(text)
    if not text:
        return
    run = paragraph.add_run(text, style)
    # The East Asian face for the characters Chinese and Latin share (“” — …), as Word's own Chinese
    # typing marks a run.
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")


def _signature(document: WordDocument, report: Report) -> None:
    """One blank line below the text, the agency, and the date when the report is published."""
    agency = xml_safe(clean_text(report.meta.agency).strip())
    if not agency:
        return
    date = date_text(report.meta.published)
    name_right, date_right = signature_indents(agency, date)
    name = document.add_paragraph(style=SIGNATURE_STYLE)
    name.paragraph_format.space_before = Twips(BODY_LINE)
    name.paragraph_format.keep_with_next = bool(date)
    _right_indent(name, name_right)
    _add_run(name, agency)
    if date:
        line = document.add_paragraph(style=SIGNATURE_STYLE)
        _right_indent(line, date_right)
        _add_run(line, date)


def _right_indent(paragraph: Paragraph, characters: float) -> None:
    """A right indent in body characters (Word's w:rightChars) and, for a reader that ignores
    character units, in twips."""
    properties = paragraph._p.get_or_add_pPr()
    indent = properties.get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "0")
    indent.set(qn("w:firstLine"), "0")
    indent.set(qn("w:rightChars"), str(round(characters * 100)))
    indent.set(qn("w:right"), str(round(characters * BODY_EM)))


__all__ = ["export_docx", "render_docx"]
