"""A report as the web shows it, written by script: the page a CMS publishes (GBK, navigation and
footer junk, tables inside divs, words and numbers split across <span>s, rowspan/colspan headers,
&nbsp;, inline styles) and the text a person copies out of such a page (a row's cells separated by
tabs, or a row of single digits run together)."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

from model.report import Report
from tests.documents.truth_reports import T3, TEMPLATE, printed


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


def table2_cells(report: Report, name: str) -> list[Cell]:
    cells: list[Cell] = []
    r = 0
    for table in TEMPLATE.tables[:4]:
        cells.append(Cell(r, 0, table.caption, colspan=4, header=True))
        cells.append(Cell(r + 1, 0, table.corner, header=True))
        if len(table.columns) == 3:
            cells += [Cell(r + 1, c, col.label, header=True) for c, col in enumerate(table.columns, start=1)]
        else:
            cells.append(Cell(r + 1, 1, table.columns[0].label, colspan=3, header=True))
        r += 2
        for row in table.rows:
            cells.append(Cell(r, 0, row.label))
            if len(table.columns) == 3:
                cells += [Cell(r, c, printed(report, (table.id, row.id, col.id), name))
                          for c, col in enumerate(table.columns, start=1)]
            else:
                cells.append(Cell(r, 1, printed(report, (table.id, row.id, table.columns[0].id), name), colspan=3))
            r += 1
    return cells


def table3_cells(report: Report, name: str) -> list[Cell]:
    cells = [
        Cell(0, 0, T3.corner, rowspan=3, colspan=3, header=True),
        Cell(0, 3, "申请人情况", colspan=7, header=True),
        Cell(1, 3, "自然人", rowspan=2, header=True),
        Cell(1, 4, "法人或其他组织", colspan=5, header=True),
        Cell(1, 9, "总计", rowspan=2, header=True),
        *(Cell(2, c, label, header=True)
          for c, label in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), start=4)),
    ]
    groups: dict[tuple[int, str], list[int]] = {}
    for i, row in enumerate(T3.rows):
        r = 3 + i
        for depth, label in enumerate(row.path[:-1]):
            groups.setdefault((depth, label), []).append(r)
        depth = len(row.path) - 1
        cells.append(Cell(r, depth, row.path[-1], colspan=3 - depth))
        cells += [Cell(r, c, printed(report, ("t3", row.id, column), name))
                  for c, column in enumerate(T3.column_ids, start=3)]
    for (depth, label), rows in groups.items():
        cells.append(Cell(rows[0], depth, label, rowspan=len(rows)))
    return sorted(cells, key=lambda cell: (cell.row, cell.column))


def table4_cells(report: Report, name: str) -> list[Cell]:
    table = TEMPLATE.table("t4")
    cells = [
        Cell(0, 0, "行政复议", colspan=5, header=True),
        Cell(0, 5, "行政诉讼", colspan=10, header=True),
        Cell(1, 5, "未经复议直接起诉", colspan=5, header=True),
        Cell(1, 10, "复议后起诉", colspan=5, header=True),
    ]
    for c, column in enumerate(table.columns):
        cells.append(Cell(1 if c < 5 else 2, c, column.label, rowspan=2 if c < 5 else 1, header=True))
        cells.append(Cell(3, c, printed(report, ("t4", "cases", column.id), name)))
    return sorted(cells, key=lambda cell: (cell.row, cell.column))


def printed_tables(report: Report, name: str) -> dict[str, list[Cell]]:
    """The three tables of the printed report by section id, as cells with their spans."""
    return {"s2": table2_cells(report, name), "s3": table3_cells(report, name), "s4": table4_cells(report, name)}


# --- the page a CMS publishes -------------------------------------------------------------------------

NAVIGATION = ("首页", "政务公开", "政务服务", "互动交流", "走进本市", "专题专栏")
STYLE = "font-family:仿宋_GB2312;font-size:16pt;line-height:29pt;mso-bidi-font-family:Arial"


def _spans(text: str, rng: random.Random) -> str:
    """Text in <span>s cut at arbitrary places (a word or a number split across tags, as Word's HTML)."""
    if len(text) < 2:
        return f"<span>{html.escape(text)}</span>"
    cut = rng.randint(1, len(text) - 1)
    return (f'<span style="font-size:12pt">{html.escape(text[:cut])}</span>'
            f'<span style="font-size:12pt">{html.escape(text[cut:])}</span>')


def _html_table(cells: list[Cell], rng: random.Random) -> str:
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    out = ['<div align="center"><div class="tablebox"><table border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse;border:none;width:553.5pt"><tbody>']
    for r in sorted(rows):
        out.append("<tr style=\"height:20.25pt\">")
        for cell in sorted(rows[r], key=lambda c: c.column):
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            content = _spans(cell.text, rng) if cell.text else "&nbsp;"
            out.append(f'<td{spans} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">'
                       f'<p class="MsoNormal" align="center" style="text-align:center">{content}</p></td>')
        out.append("</tr>")
    out.append("</tbody></table></div></div>")
    return "\n".join(out)


def cms_page(report: Report, name: str, charset: str = "gb2312") -> str:
    """The report as a government website's CMS publishes it (text; encode it in `charset`)."""
    rng = random.Random(f"cms-{name}")
    title = html.escape(report.title)
    nav = "".join(f'<li><a href="/col/col{i}/index.html">{item}</a></li>' for i, item in enumerate(NAVIGATION))
    body: list[str] = [f'<p align="center" style="text-align:center"><strong><span style="font-size:22pt;'
                       f'font-family:方正小标宋简体">{title}</span></strong></p>']
    paragraph = f'<p class="MsoNormal" style="text-indent:32.0pt;{STYLE}">{{}}</p>'
    tables = printed_tables(report, name)
    for text in report.preamble:
        body.append(paragraph.format(_spans(text, rng)))
    for section in report.sections:
        body.append(f'<p style="text-indent:32.0pt"><strong><span style="font-family:黑体;font-size:16pt">'
                    f"{html.escape(section.title)}</span></strong></p>")
        if section.id in tables:
            body.append(_html_table(tables[section.id], rng))
        for text in section.paragraphs:
            body.append(paragraph.format(_spans(text, rng)))
    body.append(f'<p align="right" style="text-align:right;{STYLE}">{html.escape(report.meta.agency)}</p>')
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_政府信息公开年报_门户网站</title>
<meta name="keywords" content="政府信息公开,年报"><link rel="stylesheet" href="/css/main.css">
<script type="text/javascript">var _hmt = _hmt || []; function addFavorite() {{ return false; }}</script>
</head><body>
<div class="top"><div class="w1200"><a href="javascript:addFavorite()">加入收藏</a>&nbsp;|&nbsp;
<a href="/wza/">无障碍</a>
&nbsp;|&nbsp;<a href="/en/">English</a></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="门户网站"></div>
<div class="search"><form action="/search"><input type="text" name="q" value="请输入关键字">
<input type="submit" value="搜索">
</form></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="main w1200"><div class="position">当前位置：<a href="/">首页</a>
&nbsp;&gt;&nbsp;<a href="/zwgk/">政务公开</a>
&nbsp;&gt;&nbsp;<a href="/zwgk/ndbg/">政府信息公开年报</a></div>
<div class="article"><h1 class="art-title">{title}</h1>
<div class="art-info">发布日期：{report.meta.year + 1}-01-20&nbsp;&nbsp;信息来源：{html.escape(report.meta.agency)}
&nbsp;&nbsp;浏览次数：<span id="hits">1287</span>&nbsp;&nbsp;字号：[<a>大</a> <a>中</a> <a>小</a>]</div>
<div class="art-con" id="zoom"><div class="TRS_Editor"><div class="Section0">
{chr(10).join(body)}
</div></div></div>
<div class="art-tools"><a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a>
</div></div></div>
<div class="footer"><div class="links">相关链接：<a href="http://www.gov.cn/">中国政府网</a></div>
<p>主办单位：人民政府办公室&nbsp;&nbsp;网站标识码：3704000001&nbsp;&nbsp;ICP备05001234号</p>
<p>建议使用1920×1080分辨率浏览本网站</p></div>
</body></html>
"""


# --- text copied out of a web page --------------------------------------------------------------------


def _table_lines(cells: list[Cell], run_digits: bool) -> list[str]:
    """One line per row: its labels and cells separated by tabs; with `run_digits`, a row whose cells are
    all single digits has them run together ("9000009"), as crawled page text has them."""
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    lines = []
    for r in sorted(rows):
        row = sorted(rows[r], key=lambda c: c.column)
        labels = [c.text for c in row if c.header or not _is_value(c.text)]
        values = [c.text for c in row if not c.header and _is_value(c.text)]
        if run_digits and len(values) > 1 and all(len(v) == 1 and v.isdigit() for v in values):
            lines.append("\t".join([*labels, "".join(values)]))
        else:
            lines.append("\t".join([*labels, *values]))
    return lines


def _is_value(text: str) -> bool:
    return text.replace(".", "", 1).isdigit() or text in ("", "/", "—")


def pasted_text(report: Report, name: str, run_digits: bool = False) -> str:
    """The report as text copied from its web page: a paragraph a line, a table row a line."""
    tables = printed_tables(report, name)
    lines = [report.title, *report.preamble]
    for section in report.sections:
        lines.append(section.title)
        if section.id in tables:
            lines += _table_lines(tables[section.id], run_digits)
        lines += section.paragraphs
    lines.append(report.meta.agency)
    return "\n".join(lines) + "\n"
