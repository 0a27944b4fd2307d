"""The Word export, read back with python-docx: the report's text in order with its named styles, the
tables cell for cell with Word's own merged cells, the styles' East Asian fonts and exact line
spacing, the page of GB/T 9704, and page numbers as a field, outer-aligned."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from export.content import clean_text, date_text, paragraph_parts, title_text
from export.docx_export import render_docx
from export.docx_styles import SPACER_STYLE, TYPE_WIDTH
from export.docx_text import xml_safe
from export.table_cells import placed_cells
from model.layout import table_grid
from model.report import Metadata, Report


def read(report: Report) -> WordDocument:
    return Document(io.BytesIO(render_docx(report)))


def expected_paragraphs(report: Report) -> list[tuple[str, str]]:
    """(text, style name) of every paragraph the PDF prints, in its order."""
    def body(paragraph: str) -> list[tuple[str, str]]:
        parts = paragraph_parts(paragraph)
        text = xml_safe("".join(t for t, _role in parts.spans))
        if not text.strip():
            return []
        style = {0: "正文", 1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}[parts.heading]
        return [(text, style)]

    expected = [(xml_safe(title_text(report)), "标题")]
    for paragraph in report.preamble:
        expected += body(paragraph)
    for section in report.sections:
        expected.append((xml_safe(clean_text(section.title).strip()), "一级标题"))
        for paragraph in section.paragraphs:
            expected += body(paragraph)
    agency = xml_safe(clean_text(report.meta.agency).strip())
    if agency:
        expected.append((agency, "落款"))
        if report.meta.published:
            expected.append((date_text(report.meta.published), "落款"))
    return expected


def actual_paragraphs(document: WordDocument) -> list[tuple[str, str]]:
    return [(p.text.replace("\n", ""), p.style.name) for p in document.paragraphs if p.style.name != SPACER_STYLE]


def test_every_paragraph_is_the_reports_in_order_with_its_style(sample: Report) -> None:
    document = read(sample)
    assert actual_paragraphs(document) == expected_paragraphs(sample)
    # The title is broken after the year, as the PDF breaks it.
    assert document.paragraphs[0].text == "枣庄市行政审批服务局2024年\n政府信息公开工作年度报告"


def test_run_in_headings_are_runs_in_their_heading_font(sample: Report) -> None:
    document = read(sample)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("（一）积极主动公开。"))
    assert paragraph.style.name == "正文"
    assert paragraph.runs[0].text == "（一）积极主动公开。"
    assert paragraph.runs[0].style.name == "二级标题 字符"
    assert paragraph.runs[0].style.element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    assert paragraph.runs[1].style.name == "Default Paragraph Font"


@dataclass
class WordCell:
    row: int
    column: int
    span: int
    merge: str | None  # "restart", "continue" or None
    text: str


def word_cells(table) -> list[WordCell]:
    """Every w:tc of a table with its grid position, span and vertical merge, as Word reads them."""
    cells = []
    for r, row in enumerate(table._tbl.findall(qn("w:tr"))):
        column = 0
        for tc in row.findall(qn("w:tc")):
            properties = tc.find(qn("w:tcPr"))
            span_element = properties.find(qn("w:gridSpan"))
            span = int(span_element.get(qn("w:val"))) if span_element is not None else 1
            merge_element = properties.find(qn("w:vMerge"))
            merge = None if merge_element is None else (merge_element.get(qn("w:val")) or "continue")
            text = "".join(node.text or "" for node in tc.iter(qn("w:t")))
            cells.append(WordCell(r, column, span, merge, text))
            column += span
    return cells


def assert_table_is_the_printed_table(word_table, template_table, report: Report) -> None:
    grid = table_grid(template_table)
    caption_rows = 1 if template_table.caption else 0
    placed = placed_cells(grid, report, caption_rows)
    cells = {(c.row, c.column): c for c in word_cells(word_table)}
    n_rows = grid.row_count + caption_rows
    assert len(word_table._tbl.findall(qn("w:tr"))) == n_rows
    assert all(sum(c.span for c in cells.values() if c.row == r) == grid.column_count for r in range(n_rows))
    accounted = set()
    for cell in placed:
        word = cells[(cell.row, cell.column)]
        assert word.text == cell.text, (template_table.id, cell)
        assert word.span == cell.column_span, (template_table.id, cell)
        assert word.merge == ("restart" if cell.row_span > 1 else None), (template_table.id, cell)
        accounted.add((cell.row, cell.column))
        for r in range(cell.row + 1, cell.row + cell.row_span):
            below = cells[(r, cell.column)]
            assert (below.merge, below.span, below.text) == ("continue", cell.column_span, "")
            accounted.add((r, cell.column))
        after = cells.get((cell.row + cell.row_span, cell.column))
        assert after is None or after.merge != "continue"
    # Every other cell is a blank data cell: printed empty, never "0" nor "空".
    for position, word in cells.items():
        if position not in accounted:
            assert (word.text, word.span, word.merge) == ("", 1, None), (template_table.id, position)


def test_every_table_cell_is_the_printed_cell_with_the_grids_merges(sample: Report) -> None:
    document = read(sample)
    tables = sample.template.tables
    assert len(document.tables) == len(tables)
    for word_table, template_table in zip(document.tables, tables, strict=True):
        assert_table_is_the_printed_table(word_table, template_table, sample)


def test_blank_stays_empty_and_zero_is_printed(sample: Report) -> None:
    sample.cells[("t2_5", "licensing", "decisions")] = None
    sample.cells[("t2_6", "punishment", "decisions")] = 0
    document = read(sample)
    licensing = {(c.row, c.column): c.text for c in word_cells(document.tables[1])}
    punishment = {(c.row, c.column): c.text for c in word_cells(document.tables[2])}
    assert licensing[(2, 0)] == "行政许可" and licensing[(2, 1)] == ""
    assert punishment[(2, 0)] == "行政处罚" and punishment[(2, 1)] == "0"
    for word_table, template_table in zip(document.tables, sample.template.tables, strict=True):
        assert_table_is_the_printed_table(word_table, template_table, sample)


def test_every_cell_non_zero(sample: Report) -> None:
    for key in sample.cells:
        sample.cells[key] = 9999999
    document = read(sample)
    for word_table, template_table in zip(document.tables, sample.template.tables, strict=True):
        assert_table_is_the_printed_table(word_table, template_table, sample)
        widths = [int(col.get(qn("w:w"))) for col in word_table._tbl.find(qn("w:tblGrid"))]
        assert sum(widths) == TYPE_WIDTH  # the tables fill the type area, no more
        assert min(widths) > 0
    # A number wider than its column is set smaller rather than wrapped (table 三's seven columns).
    sizes = {run.font.size for row in document.tables[4].rows for cell in row.cells
             for paragraph in cell.paragraphs for run in paragraph.runs if run.text == "9999999"}
    assert sizes and all(s is not None and s < Pt(10.5) for s in sizes)


def test_table_rows_repeat_headers_never_split_and_table_four_stays_together(sample: Report) -> None:
    document = read(sample)
    for word_table, template_table in zip(document.tables, sample.template.tables, strict=True):
        grid = table_grid(template_table)
        header_rows = grid.header_rows + (1 if template_table.caption else 0)
        rows = word_table._tbl.findall(qn("w:tr"))
        for index, row in enumerate(rows):
            properties = row.find(qn("w:trPr"))
            assert properties.find(qn("w:cantSplit")) is not None
            assert (properties.find(qn("w:tblHeader")) is not None) == (index < header_rows)
    table_four = document.tables[-1]
    rows = table_four._tbl.findall(qn("w:tr"))
    for row in rows[:-1]:  # keep with next: the table moves to the next page whole
        for paragraph in row.iter(qn("w:p")):
            assert paragraph.find(qn("w:pPr")).find(qn("w:keepNext")) is not None


def test_table_three_has_narrow_outer_label_columns_and_room_for_its_headers(sample: Report) -> None:
    document = read(sample)
    widths = [int(col.get(qn("w:w"))) for col in document.tables[4]._tbl.find(qn("w:tblGrid"))]
    assert widths[0] < widths[1] < widths[2]  # 三、本年度办理结果 (top to bottom) · （三）不予公开 · 1.属于…
    assert widths[3] >= 3 * 210  # 自然人 on one line of 五号
    cells = {(c.row, c.column): c for c in word_cells(document.tables[4])}
    outer = document.tables[4]._tbl.findall(qn("w:tr"))[cells[(5, 0)].row].findall(qn("w:tc"))[0]
    assert outer.find(qn("w:tcPr")).find(qn("w:textDirection")).get(qn("w:val")) == "tbRlV"


def style_fonts(document: WordDocument, name: str) -> dict[str, str]:
    fonts = document.styles[name].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {key: fonts.get(qn(f"w:{key}")) for key in ("eastAsia", "ascii", "hAnsi")}


def test_styles_have_the_official_fonts_sizes_and_exact_line_spacing(sample: Report) -> None:
    document = read(sample)
    body = document.styles["正文"]
    assert style_fonts(document, "正文") == {"eastAsia": "仿宋_GB2312", "ascii": "Times New Roman",
                                            "hAnsi": "Times New Roman"}
    assert body.font.size == Pt(16)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    indent = body.element.find(qn("w:pPr")).find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert int(indent.get(qn("w:firstLine"))) == 630  # two characters of 15.75 pt, the twips fallback
    title = document.styles["标题"]
    assert style_fonts(document, "标题")["eastAsia"] == "方正小标宋简体"
    assert title.font.size == Pt(22) and title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert style_fonts(document, "一级标题")["eastAsia"] == "黑体"
    assert style_fonts(document, "二级标题")["eastAsia"] == "楷体_GB2312"
    assert style_fonts(document, "三级标题")["eastAsia"] == "仿宋_GB2312"
    assert document.styles["一级标题"].paragraph_format.keep_with_next
    assert document.styles["表格文字"].font.size == Pt(10.5)
    assert document.styles["页码"].font.size == Pt(14)
    assert style_fonts(document, "页码")["eastAsia"] == "宋体"
    # The _GB2312 faces name the faces every Windows has as their alternatives.
    font_table = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    assert "仿宋_GB2312".encode() in font_table.blob and '<w:altName w:val="仿宋"/>'.encode() in font_table.blob


def test_the_page_is_a4_with_the_gb9704_type_area(sample: Report) -> None:
    section = read(sample).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.05) and abs(section.left_margin - Mm(28)) < Mm(0.05)
    type_width = section.page_width - section.left_margin - section.right_margin
    type_height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(type_width - Mm(156)) < Mm(0.05) and abs(type_height - Mm(225)) < Mm(0.05)


def test_page_numbers_are_a_field_between_em_dashes_outer_aligned(sample: Report) -> None:
    document = read(sample)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.style.name == "页码"
        assert paragraph.alignment == (WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT)
        indent = paragraph._p.find(qn("w:pPr")).find(qn("w:ind"))
        assert indent.get(qn("w:" + side)) == "280"  # one character of 14 pt in from the edge
        instructions = [node.text for node in paragraph._p.iter(qn("w:instrText"))]
        assert [i.strip() for i in instructions] == ["PAGE"]
        kinds = [node.get(qn("w:fldCharType")) for node in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")


def test_signature_block_agency_then_date_right_aligned(sample: Report) -> None:
    sample.meta.published = date(2025, 1, 20)
    paragraphs = read(sample).paragraphs
    name, when = paragraphs[-2], paragraphs[-1]
    assert (name.text, when.text) == ("枣庄市行政审批服务局", "2025年1月20日")
    assert name.style.name == when.style.name == "落款"
    assert name.paragraph_format.space_before == Pt(28.95)  # one blank line below the text
    name_right = int(name._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))
    date_right = int(when._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))
    assert name_right == 200  # two characters from the right edge
    # The date starts two characters right of the name's start: 10 − 2 − 6.5 = 1.5 characters more.
    assert date_right == name_right + 150


def test_core_properties_and_no_dates(sample: Report) -> None:
    properties = read(sample).core_properties
    assert properties.title == "枣庄市行政审批服务局2024年政府信息公开工作年度报告"
    assert properties.author == "枣庄市行政审批服务局"
    assert properties.subject == "政府信息公开工作年度报告"
    assert properties.created is None and properties.modified is None
    assert properties.comments == ""


def test_a_blank_report_and_no_agency() -> None:
    report = Report.blank(Metadata(year=2025))
    document = read(report)
    assert actual_paragraphs(document) == expected_paragraphs(report)
    assert not [p for p in document.paragraphs if p.style.name == "落款"]
    for word_table, template_table in zip(document.tables, report.template.tables, strict=True):
        assert_table_is_the_printed_table(word_table, template_table, report)
        assert all(c.text == "" for c in word_cells(word_table) if c.merge is None and c.row >= 3 and c.column >= 3)


def test_an_agency_without_a_publication_date_signs_without_a_date() -> None:
    report = Report.blank(Metadata(agency="某某市某某局", year=2025))
    paragraphs = read(report).paragraphs
    assert [(p.text, p.style.name) for p in paragraphs[-1:]] == [("某某市某某局", "落款")]
    assert paragraphs[-2].style.name != "落款"


@pytest.mark.parametrize("published", [date(2025, 1, 20), date(9999, 12, 31)])
def test_a_published_report_signs_with_its_date(published: date) -> None:
    report = Report.blank(Metadata(agency="某某市某某局", year=2025, published=published))
    assert [p.text for p in read(report).paragraphs[-2:]] == ["某某市某某局", date_text(published)]
