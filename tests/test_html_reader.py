"""Saved web pages (importing/html_reader.py, importing/mht.py): the page's own charset, paragraphs as
the person reads them in the browser, data tables with rowspan/colspan, layout tables descended into."""

from __future__ import annotations

import base64
import quopri
import time
from pathlib import Path

import pytest

from importing.document import DocumentError, SourceDocument, TableBlock
from importing.html_reader import decode_html, html_document, open_html, open_mht

DOCUMENTS = Path(__file__).resolve().parent / "documents"
#: 堃 and 镕 are in GBK but not in GB2312: a page declaring gb2312 is read as GB18030, its superset.
NAMES = "某某局（堃镕）"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def read(source: str | bytes, charset: str | None = None) -> SourceDocument:
    data = source.encode("utf-8") if isinstance(source, str) else source
    return html_document(data, Path("年报.html"), charset)


def texts(document: SourceDocument) -> list[str]:
    return [b.text for b in document.text_blocks()]


def cells(table: TableBlock) -> list[tuple[str, int, int, int, int]]:
    return [(c.text, c.row, c.column, c.rowspan, c.colspan) for c in table.grid.doc_cells]


@pytest.mark.parametrize("head", [
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    "<meta charset='GBK'>",
    "",  # no declaration: not UTF-8, so GB18030
    '<meta charset="utf-8">',  # declared wrong: the bytes are not UTF-8
])
def test_gbk_pages_are_read_whatever_they_declare(head: str) -> None:
    document = read(page(f"<p>{NAMES}</p>", head).encode("gbk"))
    assert texts(document) == [NAMES]
    assert document.notes == []


def test_a_utf8_page_declaring_gbk_is_utf8_and_boms_decide() -> None:
    assert texts(read(page("<p>年度报告</p>", "<meta charset=gbk>").encode("utf-8"))) == ["年度报告"]
    assert texts(read("\ufeff" + page("<p>年度报告</p>"))) == ["年度报告"]
    assert texts(read(page("<p>年度报告</p>").encode("utf-16"))) == ["年度报告"]


def test_the_mime_charset_is_used_for_single_byte_pages() -> None:
    text, notes = decode_html("Stra\xdfe".encode("iso-8859-15"), "iso-8859-15")
    assert (text, notes) == ("Stra\xdfe", [])


def test_undecodable_bytes_are_replaced_and_said() -> None:
    _, notes = decode_html(b"<p>\x81\x20\xff\xfe\xfd</p>", "utf-8")
    assert len(notes) == 1 and "请核对文字是否正确" in notes[0]  # a guess, or replacement characters


def test_words_split_across_spans_read_whole() -> None:
    body = ("<p>\u3000\u3000本机关<span>政府</span>\n   <span>信息</span><span style='x'>公开</span>\n"
            "工作&nbsp;&nbsp;2023 年\n  按时完成</p>")
    assert texts(read(page(body))) == ["\u3000\u3000本机关政府信息公开工作  2023 年按时完成"]


def test_junk_and_hidden_elements_are_left_out() -> None:
    body = ("<nav>首页 &gt; 政务公开</nav><script>document.write('一、总体情况')</script>"
            "<style>.a{}</style><div style='display: none'>隐藏</div><p hidden>也隐藏</p>"
            "<noscript>请启用脚本</noscript><p>正文</p>")
    assert texts(read(page(body, "<title>标题</title><script>x</script>"))) == ["正文"]


def test_blocks_and_br_lines_become_paragraphs_in_order() -> None:
    body = ("<div>一、总体情况<p>第一段</p>散落文字<br>第二行<br/><br>第三行</div>"
            "<ul><li>甲</li><li>乙</li></ul>")
    document = read(page(body))
    assert texts(document) == ["一、总体情况", "第一段", "散落文字", "第二行", "第三行", "甲", "乙"]
    assert [b.place for b in document.text_blocks()][:2] == ["第 1 段", "第 2 段"]


def test_headings_and_emphasis() -> None:
    body = ("<h1>年度报告</h1><h3>（一）<span>主动公开</span></h3>"
            "<p><strong>二、主动公开政府信息情况</strong></p><p><b>部分</b>加粗</p>"
            "<center>居中</center><p align='center'>也居中</p><div style='TEXT-ALIGN: center'>还居中</div>"
            "<p><span style='font-weight:700'>粗</span></p><p>普通</p>")
    blocks = read(page(body)).text_blocks()
    assert [b.heading for b in blocks[:3]] == [1, 3, None]
    assert [b.emphasised for b in blocks] == [True, True, True, False, True, True, True, True, False]


def test_the_title_is_the_stated_title() -> None:
    document = read(page("<p>x</p>", "<title>\n  某某局2023年政府信息公开\n  工作年度报告 </title>"))
    assert document.stated_title == "某某局2023年政府信息公开工作年度报告"
    assert document.format_name == "网页"


def test_rowspan_and_colspan_are_laid_out_as_a_browser_does() -> None:
    table = ("<table><thead><tr><th rowspan='2'>信息内容</th><th colspan='3'>本年</th></tr>"
             "<tr><th>新<span>制</span>\n<span>作</span></th><th>废止</th><th>现行有效</th></tr></thead>"
             "<tbody><tr><td><p>规章</p></td><td><p>1</p></td><td></td><td>/</td></tr>"
             "<tr><td rowspan=9>规范性文件</td><td colspan='2px'>3</td><td>4</td></tr></tbody></table>")
    document = read(page(table))
    assert cells(document.table_blocks()[0]) == [
        ("信息内容", 1, 1, 2, 1), ("本年", 1, 2, 1, 3), ("新制作", 2, 2, 1, 1), ("废止", 2, 3, 1, 1),
        ("现行有效", 2, 4, 1, 1), ("规章", 3, 1, 1, 1), ("1", 3, 2, 1, 1), ("", 3, 3, 1, 1),
        ("/", 3, 4, 1, 1), ("规范性文件", 4, 1, 1, 1), ("3", 4, 2, 1, 2), ("4", 4, 4, 1, 1)]
    assert document.table_blocks()[0].place == "第 1 个表格"


def test_hostile_spans_are_clamped() -> None:
    table = "<table><tr><td colspan=100000 rowspan=100000>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
    grid = read(page(table)).table_blocks()[0].grid
    assert grid.column_count <= 65 and grid.row_count == 2


def test_a_page_laid_out_in_tables_is_descended_into() -> None:
    """A CMS sets the whole page in a table: its cells hold the prose and the data tables."""
    prose = "本报告根据《中华人民共和国政府信息公开条例》编制。" * 20
    data = "<table border=1><tr><td>规章</td><td>5</td></tr><tr><td>规范性文件</td><td>6</td></tr></table>"
    layout = (f"<table><tr><td>网站导航</td><td><table><tr><td><h2>一、总体情况</h2><p>{prose}</p>"
              f"<p>二、主动公开政府信息情况</p>{data}<p>三、收到和处理</p></td></tr></table></td></tr></table>")
    document = read(page(layout))
    assert texts(document) == ["网站导航", "一、总体情况", prose, "二、主动公开政府信息情况", "三、收到和处理"]
    assert [type(b).__name__ for b in document.blocks].count("TableBlock") == 1
    assert cells(document.table_blocks()[0]) == [("规章", 1, 1, 1, 1), ("5", 1, 2, 1, 1),
                                                ("规范性文件", 2, 1, 1, 1), ("6", 2, 2, 1, 1)]
    single = read(page("<table><tr><td><p>甲</p><p>乙</p></td></tr></table>"))
    assert texts(single) == ["甲", "乙"] and not single.table_blocks()


def test_a_cells_lines_join_with_newlines() -> None:
    table = "<table><tr><td><p>三、本年度</p><p>办理结果</p></td><td>1<br>2</td></tr></table>"
    assert cells(read(page(table)).table_blocks()[0]) == [("三、本年度\n办理结果", 1, 1, 1, 1),
                                                          ("1\n2", 1, 2, 1, 1)]


def test_open_html_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "年报.htm"
    path.write_bytes(page("<p>一、总体情况</p>", "<meta charset=gb2312>").encode("gb2312"))
    assert texts(open_html(path)) == ["一、总体情况"]


def mht(html: bytes, encoding: str, charset: str, start: bool = False) -> bytes:
    body = quopri.encodestring(html) if encoding == "quoted-printable" else base64.encodebytes(html)
    header = 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_000"'
    header += '; start="<page@x>"' if start else ""
    decoy = ('------=_NextPart_000\r\nContent-Type: text/html; charset="utf-8"\r\n'
             "Content-Location: file:///decoy.htm\r\n\r\n<p>decoy</p>\r\n") if start else ""
    return (f'{header}\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n{decoy}'
            f'------=_NextPart_000\r\nContent-Type: text/html; charset="{charset}"\r\n'
            f"Content-Transfer-Encoding: {encoding}\r\nContent-ID: <page@x>\r\n"
            f"Content-Location: file:///C:/report.htm\r\n\r\n").encode() + body + (
        b"\r\n------=_NextPart_000\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Location: file:///C:/image001.png\r\n\r\niVBORw0KGgo=\r\n------=_NextPart_000--\r\n")


@pytest.mark.parametrize(("encoding", "charset", "start"), [
    ("quoted-printable", "gb2312", False), ("base64", "gbk", False), ("base64", "utf-8", True)])
def test_mht_archives_give_their_page(tmp_path: Path, encoding: str, charset: str, start: bool) -> None:
    html = page(f"<p>{NAMES}</p><table><tr><td>规章</td><td>3</td></tr></table>", "<title>年报</title>")
    path = tmp_path / "年报.mht"
    path.write_bytes(mht(html.encode("gb18030" if charset != "utf-8" else "utf-8"), encoding, charset, start))
    document = open_mht(path)
    assert texts(document) == [NAMES]
    assert document.stated_title == "年报"
    assert cells(document.table_blocks()[0]) == [("规章", 1, 1, 1, 1), ("3", 1, 2, 1, 1)]


def test_a_mht_that_is_only_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.mht"
    path.write_bytes(page("<p>只是网页</p>").encode())
    assert texts(open_mht(path)) == ["只是网页"]


@pytest.mark.parametrize("path", sorted(p for suffix in ("html", "htm", "mht") for p in DOCUMENTS.rglob(f"*.{suffix}"))
                         if DOCUMENTS.is_dir() else [], ids=lambda p: p.name)
def test_generated_pages_open(path: Path) -> None:
    """The fixture set (tests/documents): every good page opens with its text and tables, every
    hostile one is refused with a DocumentError within a second."""
    opener = open_mht if path.suffix == ".mht" else open_html
    if "hostile" in path.parts:
        started = time.perf_counter()
        with pytest.raises(DocumentError):
            opener(path)
        assert time.perf_counter() - started < 1.0
        return
    document = opener(path)
    assert document.text_blocks() and document.table_blocks()


def test_a_span_bomb_is_refused_quickly() -> None:
    """Every cell spanning 1000 rows and 64 columns: each row would start further right, without end."""
    rows = "".join("<tr>" + "<td rowspan=1000 colspan=64>1</td>" * 20 + "</tr>" for _ in range(300))
    bomb = page(f"<table>{rows}</table>").encode()
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="超过 200 列"):
        read(bomb)
    assert time.perf_counter() - started < 1.0


def test_a_page_of_too_many_elements_is_refused_before_the_walk() -> None:
    crowded = page("<p><span>政府</span><b>信息</b></p>\n" * 35_000).encode()
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="元素超过"):
        read(crowded)
    assert time.perf_counter() - started < 1.0


def test_a_site_templates_navigation_and_footer_are_left_out() -> None:
    body = ("<div class='top'>加入收藏 | 无障碍</div><div class='nav'><ul><li>首页</li></ul></div>"
            "<div class='position'>当前位置：首页 &gt; 政务公开</div><div class='article'><h1>年度报告</h1>"
            "<p class='MsoNormal'>六、其他需要报告的事项</p><p>无。</p></div>"
            "<div class='art-tools'>【打印本页】</div><div id='footer'><p>主办单位：办公室</p></div>"
            "<footer>网站标识码</footer>")
    assert texts(read(page(body))) == ["年度报告", "六、其他需要报告的事项", "无。"]


def test_xhtml_with_an_encoding_declaration_is_read() -> None:
    xhtml = ('<?xml version="1.0" encoding="gbk"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
             f"<p>{NAMES}</p></body></html>").encode("gbk")
    assert texts(read(xhtml)) == [NAMES]


def test_a_tables_caption_is_a_paragraph_before_it() -> None:
    document = read(page("<table><caption>二、主动公开政府信息情况</caption><tr><td>规章</td><td>1</td></tr></table>"))
    assert [(type(b).__name__, getattr(b, "text", "")) for b in document.blocks] == [
        ("TextBlock", "二、主动公开政府信息情况"), ("TableBlock", "")]


def test_control_characters_of_a_damaged_page_are_dropped() -> None:
    assert texts(read(page("<p>一、\x00总体\x08情况\x1f</p>").encode())) == ["一、总体情况"]


def test_word_html_hides_with_mso_hide() -> None:
    assert texts(read(page("<p>正文<span style='mso-hide:all'>隐藏</span></p>"))) == ["正文"]
