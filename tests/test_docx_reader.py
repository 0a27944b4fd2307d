"""Word documents (importing/docx_reader.py): the body in reading order, paragraphs as the person
reads them, tables with their merged cells resolved to spans — from Word and from WPS."""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from importing.document import DocCell, DocumentError, SourceDocument, TableBlock, TextBlock
from importing.docx_reader import docx_document, open_docx
from tests.test_document_safety import DOCUMENT, W, with_parts

DOCUMENTS = Path(__file__).resolve().parent / "documents"


def read(document: docx.document.Document) -> SourceDocument:
    buffer = io.BytesIO()
    document.save(buffer)
    return docx_document(buffer.getvalue(), Path("报告.docx"))


def read_body(xml: str, *, prefix: str = "w", numbering: str = "", styles: str = "") -> SourceDocument:
    """A document whose body is `xml`, written with namespace prefix `prefix` (WPS writes others),
    with list numbering definitions `numbering` and styles `styles` when given."""
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<{prefix}:document xmlns:{prefix}="{W}" '
            f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f'<{prefix}:body>{xml}</{prefix}:body></{prefix}:document>')
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    parts = {DOCUMENT: part.encode()}
    if numbering:
        parts["word/numbering.xml"] = f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'.encode()
    if styles:
        parts["word/styles.xml"] = f'<w:styles xmlns:w="{W}">{styles}</w:styles>'.encode()
    return docx_document(with_parts(buffer.getvalue(), parts), Path("wps.docx"))


def cells(table: TableBlock) -> list[tuple[str, int, int, int, int]]:
    return [(c.text, c.row, c.column, c.rowspan, c.colspan) for c in table.grid.doc_cells]


def test_paragraphs_and_tables_in_reading_order_with_places() -> None:
    document = docx.Document()
    document.core_properties.title = "  某某局2023年政府信息公开工作年度报告 "
    document.add_paragraph("前言")
    document.add_paragraph("")  # an empty paragraph is no block and takes no number
    document.add_table(rows=1, cols=2).cell(0, 0).text = "表内"
    document.add_paragraph("后文")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "第二表"
    read_back = read(document)
    assert read_back.format_name == "Word 文档"
    assert read_back.stated_title == "某某局2023年政府信息公开工作年度报告"
    kinds = [(type(b).__name__, b.place) for b in read_back.blocks]
    assert kinds == [("TextBlock", "第 1 段"), ("TableBlock", "第 1 个表格"), ("TextBlock", "第 2 段"),
                     ("TableBlock", "第 2 个表格")]
    assert read_back.table_blocks()[0].grid.name == "第 1 个表格"


def test_line_breaks_and_tabs_are_kept() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("主动公开")
    paragraph.add_run().add_break()
    paragraph.add_run("规章\t3")
    assert read(document).blocks[0].text == "主动公开\n规章\t3"


def test_heading_levels_title_and_emphasis() -> None:
    document = docx.Document()
    document.add_heading("年度报告", level=0)
    document.add_heading("一、总体情况", level=1)
    document.add_heading("（一）主动公开", level=2)
    centred = document.add_paragraph("居中的一行")
    centred.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bold = document.add_paragraph()
    bold.add_run("全部").bold = True
    bold.add_run("加粗").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("部分").bold = True
    mixed.add_run("加粗")
    blocks = read(document).text_blocks()
    assert [b.heading for b in blocks] == [0, 1, 2, None, None, None]
    assert [b.emphasised for b in blocks[3:]] == [True, True, False]


def test_outline_level_and_chinese_style_names_mark_headings() -> None:
    styles = ('<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>（二）依申请公开</w:t></w:r></w:p>'
              '<w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>')
    blocks = read_body(styles).text_blocks()
    assert [(b.text, b.heading) for b in blocks] == [("（二）依申请公开", 2), ("正文", None)]


def test_merged_cells_become_spans() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "信息内容"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "本年新制作数量"
    table.cell(1, 1).text = "1"
    table.cell(1, 2).text = "2"
    table.cell(2, 0).text = "规章"
    table.cell(2, 2).text = "0"
    grid_cells = cells(read(document).table_blocks()[0])
    assert grid_cells == [("信息内容", 1, 1, 2, 1), ("本年新制作数量", 1, 2, 1, 2), ("1", 2, 2, 1, 1),
                          ("2", 2, 3, 1, 1), ("规章", 3, 1, 1, 1), ("", 3, 2, 1, 1), ("0", 3, 3, 1, 1)]
    grid = read(document).table_blocks()[0].grid
    assert list(grid.merged_spans()) == [(1, 1, 2, 1), (1, 2, 1, 3)]
    assert list(grid.cells())[-1] == (3, 3, "0")  # a blank cell is no cell: blank stays blank


def test_a_cells_paragraphs_join_and_a_nested_table_flattens() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "三、本年度办理结果"
    cell.add_paragraph("（一）予以公开")
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "a"
    inner.cell(0, 1).text = "b"
    inner.cell(1, 0).text = "c"
    read_back = read(document)
    assert len(read_back.table_blocks()) == 1
    assert read_back.table_blocks()[0].grid.doc_cells[0].text == "三、本年度办理结果\n（一）予以公开\na\tb\nc\t"


def test_wps_shape_other_prefix_no_tblgrid_grid_before_and_vmerge_continue() -> None:
    """WPS writes its own namespace prefix, may omit w:tblGrid, starts a row late with w:gridBefore
    and spells a vertical merge's continuation out."""
    table = ("<x:tbl><x:tblPr/>"
             "<x:tr><x:tc><x:tcPr><x:vMerge x:val='restart'/></x:tcPr>"
             "<x:p><x:r><x:t>申请人情况</x:t></x:r></x:p></x:tc>"
             "<x:tc><x:tcPr><x:gridSpan x:val='2'/></x:tcPr><x:p><x:r><x:t>自然人</x:t></x:r></x:p></x:tc></x:tr>"
             "<x:tr><x:tc><x:tcPr><x:vMerge x:val='continue'/></x:tcPr><x:p/></x:tc>"
             "<x:tc><x:p><x:r><x:t>5</x:t></x:r></x:p></x:tc><x:tc><x:p><x:r><x:t>6</x:t></x:r></x:p></x:tc></x:tr>"
             "<x:tr><x:trPr><x:gridBefore x:val='1'/></x:trPr>"
             "<x:tc><x:p><x:r><x:t>7</x:t></x:r></x:p></x:tc></x:tr>"
             "</x:tbl>")
    read_back = read_body(table, prefix="x")
    assert cells(read_back.table_blocks()[0]) == [("申请人情况", 1, 1, 2, 1), ("自然人", 1, 2, 1, 2),
                                                  ("5", 2, 2, 1, 1), ("6", 2, 3, 1, 1), ("7", 3, 2, 1, 1)]


def test_content_controls_custom_xml_and_tracked_changes() -> None:
    xml = ("<w:sdt><w:sdtPr><w:alias w:val='标题'/></w:sdtPr><w:sdtContent>"
           "<w:p><w:r><w:t>在控件中</w:t></w:r></w:p>"
           "<w:tbl><w:tr><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>控件单元格</w:t></w:r></w:p></w:tc>"
           "</w:sdtContent></w:sdt><w:tc><w:p><w:sdt><w:sdtContent><w:r><w:t>9</w:t></w:r></w:sdtContent>"
           "</w:sdt></w:p></w:tc></w:tr></w:tbl></w:sdtContent></w:sdt>"
           "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
           "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
           "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
           "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
           "<w:r><w:t>3</w:t></w:r></w:p>")
    read_back = read_body(xml)
    assert [b.text for b in read_back.text_blocks()] == ["在控件中", "保留插入3"]
    assert cells(read_back.table_blocks()[0]) == [("控件单元格", 1, 1, 1, 1), ("9", 1, 2, 1, 1)]


def test_a_text_box_is_read_once_after_its_paragraph() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>框中文字</w:t></w:r></w:p></w:txbxContent>"
    xml = ("<w:p><w:r><w:t>锚定段</w:t></w:r><w:r><mc:AlternateContent>"
           f"<mc:Choice Requires='wps'><w:drawing><wrap>{box}</wrap></w:drawing></mc:Choice>"
           f"<mc:Fallback><w:pict><shape>{box}</shape></w:pict></mc:Fallback>"
           "</mc:AlternateContent></w:r></w:p>")
    assert [b.text for b in read_body(xml).text_blocks()] == ["锚定段", "框中文字"]


def test_list_numbering_word_shows_is_read_before_the_text() -> None:
    """Headings numbered by Word ("一、", "（一）") hold no number in their text."""
    numbering = ("<w:abstractNum w:abstractNumId='7'>"
                 "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
                 "<w:lvlText w:val='%1、'/></w:lvl>"
                 "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
                 "<w:lvlText w:val='（%2）'/></w:lvl>"
                 "<w:lvl w:ilvl='2'><w:numFmt w:val='decimal'/><w:lvlText w:val='%3.'/></w:lvl>"
                 "<w:lvl w:ilvl='3'><w:numFmt w:val='bullet'/><w:lvlText w:val='●'/></w:lvl></w:abstractNum>"
                 "<w:num w:numId='3'><w:abstractNumId w:val='7'/></w:num>")

    def item(level: int, text: str) -> str:
        return (f"<w:p><w:pPr><w:numPr><w:ilvl w:val='{level}'/><w:numId w:val='3'/></w:numPr></w:pPr>"
                f"<w:r><w:t>{text}</w:t></w:r></w:p>")

    body = (item(0, "总体情况") + item(1, "主动公开") + item(1, "依申请公开") + item(2, "属于国家秘密")
            + item(3, "要点") + item(0, "主动公开政府信息情况") + item(1, "规章") + "".join(
                item(0, f"第{n}节") for n in range(3, 12)))
    read_back = [b.text for b in read_body(body, numbering=numbering).text_blocks()]
    assert read_back[:7] == ["一、总体情况", "（一）主动公开", "（二）依申请公开", "1.属于国家秘密", "要点",
                             "二、主动公开政府信息情况", "（一）规章"]
    assert read_back[-2:] == ["十、第10节", "十一、第11节"]


def test_a_heading_style_numbered_by_word_and_named_in_chinese() -> None:
    """WPS names its heading styles 标题 1 …; the style, not the paragraph, carries the numbering."""
    numbering = ("<w:abstractNum w:abstractNumId='0'><w:lvl w:ilvl='0'><w:start w:val='1'/>"
                 "<w:numFmt w:val='chineseCountingThousand'/><w:lvlText w:val='%1、'/></w:lvl></w:abstractNum>"
                 "<w:num w:numId='1'><w:abstractNumId w:val='0'/>"
                 "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='5'/></w:lvlOverride></w:num>")
    styles = ("<w:style w:type='paragraph' w:styleId='2'><w:name w:val='标题 1'/><w:basedOn w:val='1'/>"
              "<w:pPr><w:numPr><w:numId w:val='1'/></w:numPr><w:jc w:val='center'/></w:pPr></w:style>"
              "<w:style w:type='paragraph' w:styleId='1'><w:name w:val='Normal'/></w:style>")
    body = ("<w:p><w:pPr><w:pStyle w:val='2'/></w:pPr><w:r><w:t>存在的主要问题及改进情况</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val='2'/></w:pPr><w:r><w:t>其他需要报告的事项</w:t></w:r></w:p>")
    blocks = read_body(body, numbering=numbering, styles=styles).text_blocks()
    assert [(b.text, b.heading, b.emphasised) for b in blocks] == [
        ("五、存在的主要问题及改进情况", 1, True), ("六、其他需要报告的事项", 1, True)]


def test_images_are_noted() -> None:
    xml = "<w:p><w:r><w:t>图：</w:t></w:r><w:r><w:drawing/></w:r></w:p>"
    assert read_body(xml).notes == ["文档中有 1 张图片，图片中的文字未读取。"]


def test_open_docx_reads_a_file(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    path = tmp_path / "年报.docx"
    document.save(str(path))
    read_back = open_docx(path)
    assert read_back.path == path
    assert read_back.blocks == [TextBlock(text="一、总体情况", place="第 1 段")]
    assert DocCell("x", 1, 1) == DocCell("x", 1, 1, 1, 1)


@pytest.mark.parametrize("path", sorted(DOCUMENTS.rglob("*.docx")) if DOCUMENTS.is_dir() else [],
                         ids=lambda p: p.name)
def test_generated_documents_open(path: Path) -> None:
    """The fixture set (tests/documents): every good .docx opens and has text, every hostile one is
    refused with a DocumentError within a second."""
    if "hostile" in path.parts:
        started = time.perf_counter()
        with pytest.raises(DocumentError):
            open_docx(path)
        assert time.perf_counter() - started < 1.0
        return
    read_back = open_docx(path)
    assert read_back.text_blocks() and read_back.table_blocks()


def test_a_document_without_a_body_is_a_document_error() -> None:
    part = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"/>'
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(DocumentError, match="没有正文"):
        docx_document(with_parts(buffer.getvalue(), {DOCUMENT: part.encode()}), Path("空.docx"))


def test_a_table_of_contents_is_not_read_as_headings() -> None:
    xml = ("<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val='Table of Contents'/></w:docPartObj>"
           "</w:sdtPr><w:sdtContent><w:p><w:r><w:t>一、总体情况\t1</w:t></w:r></w:p></w:sdtContent></w:sdt>"
           "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><w:altChunk/>")
    read_back = read_body(xml)
    assert [b.text for b in read_back.text_blocks()] == ["一、总体情况"]
    assert read_back.notes == ["文档中的目录未作为正文读取。",
                               "文档中嵌入了 1 段其他格式的内容（altChunk），未读取，请核对是否有遗漏。"]


def test_text_hidden_in_a_merged_cell_is_said_not_dropped_unsaid() -> None:
    table = ("<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>规章</w:t></w:r>"
             "</w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>7</w:t></w:r></w:p>"
             "</w:tc></w:tr></w:tbl>")
    read_back = read_body(table)
    assert cells(read_back.table_blocks()[0]) == [("规章", 1, 1, 2, 1)]
    assert read_back.notes == ["第 1 个表格第 2 行第 1 列在合并单元格内，其中的文字“7”在 Word 中不显示，未读取。"]

