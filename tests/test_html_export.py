"""The web page export (export/html_export.py), read back with an HTML parser: every text, heading level
and table cell is the report's, in the PDF's order; blank stays apart from 0; everything is escaped;
the same report gives the same bytes; the 仅正文 variant has the same content with inline styles."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from export.content import clean_text, date_text, paragraph_parts, title_text
from export.html_export import export_html, export_html_body, render_html
from export.table_cells import placed_cells
from model.formats import WEB_BODY_EXPORT, WEB_PAGE_EXPORT
from model.layout import table_grid
from model.report import Metadata, Report

ROOT = Path(__file__).resolve().parent.parent
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def page(report: Report) -> HtmlElement:
    return lxml.html.document_fromstring(render_html(report))


def body_only(report: Report) -> HtmlElement:
    fragments = lxml.html.fragments_fromstring(render_html(report, body_only=True).decode())
    assert len(fragments) == 1, "the 仅正文 variant is one wrapper element"
    return fragments[0]


def blank_report() -> Report:
    return Report.blank(Metadata(year=2025))


def flow(root: HtmlElement) -> list[tuple[str, str]]:
    """(tag, text) of every heading and paragraph outside the tables, in document order."""
    return [(el.tag, el.text_content()) for el in root.iter(*HEADINGS, "p")
            if not el.xpath("ancestor::table") and not el.xpath("ancestor::div[@class='nb-signature']")]


def expected_flow(report: Report) -> list[str]:
    """The texts the PDF prints, in its order (export/pdf.py): title, preamble, sections."""
    texts = [title_text(report)]
    paragraphs = list(report.preamble)
    for section in report.sections:
        texts += [t for t in (_joined(p) for p in paragraphs) if t]
        texts.append(clean_text(section.title).strip())
        paragraphs = list(section.paragraphs)
    texts += [t for t in (_joined(p) for p in paragraphs) if t]
    return texts


def _joined(paragraph: str) -> str:
    return "".join(text for text, _role in paragraph_parts(paragraph).spans)


def visible_text(cell: HtmlElement) -> str:
    """A cell's text as a sighted reader sees it: without the visually hidden 「空」."""
    clone = copy.deepcopy(cell)
    for hidden in clone.find_class("nb-blank"):
        hidden.drop_tree()
    return clone.text_content()


def table_cells(table: HtmlElement) -> dict[tuple[int, int], HtmlElement]:
    """Each th/td by its top-left grid position, placed as HTML places them (rowspans and colspans)."""
    taken: set[tuple[int, int]] = set()
    cells: dict[tuple[int, int], HtmlElement] = {}
    for r, tr in enumerate(table.iter("tr")):
        column = 0
        for cell in tr:
            while (r, column) in taken:
                column += 1
            rows, columns = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            cells[(r, column)] = cell
            taken |= {(r + i, column + j) for i in range(rows) for j in range(columns)}
            column += columns
    return cells


def html_table(root: HtmlElement, table_id: str) -> HtmlElement:
    (caption,) = root.xpath(f"//caption[@id='nb-{table_id}-caption']")
    return caption.getparent()


# --- the page ---------------------------------------------------------------------------------


def test_the_page_is_one_self_contained_file(sample: Report) -> None:
    data = render_html(sample)
    assert data.startswith(b"<!DOCTYPE html>\n")
    root = lxml.html.document_fromstring(data)
    assert root.get("lang") == "zh-CN"
    assert root.xpath("//meta/@charset") == ["utf-8"]
    assert "width=device-width" in root.xpath("//meta[@name='viewport']/@content")[0]
    assert root.findtext(".//title") == title_text(sample)
    assert len(root.findall(".//style")) == 1
    assert not root.xpath("//script | //link | //img | //iframe | //object | //@src | //@href")
    assert b"url(" not in data and b"@import" not in data and b"@font-face" not in data
    assert root.xpath("//main")  # one landmark holds the report


def test_texts_and_heading_levels_are_the_reports_in_order(sample: Report) -> None:
    root = page(sample)
    assert [text for _tag, text in flow(root)] == expected_flow(sample)
    tags = {text: tag for tag, text in flow(root)}
    assert tags[title_text(sample)] == "h1"
    assert tags["一、总体情况"] == "h2"
    assert tags["（一）存在的主要问题"] == "h3"
    assert tags["（一）积极主动公开。" + paragraph_parts(sample.section("s1").paragraphs[1]).spans[1][0]] == "p"
    # A run-in heading is emphasised inside its paragraph, not a heading of its own.
    (run_in,) = [p for p in root.iter("p") if p.text_content().startswith("（一）积极主动公开。")]
    assert run_in.find("strong").text == "（一）积极主动公开。"


@pytest.mark.parametrize(("paragraphs", "levels"), [
    (["（一）甲", "1.乙", "（1）丙", "2.丁", "（二）戊"], ["h3", "h4", "h5", "h4", "h3"]),
    # A 1. directly under a section title is one level below it, never two.
    (["1.甲", "（1）乙", "2.丙"], ["h3", "h4", "h3"]),
    (["（1）甲", "（一）乙", "1.丙"], ["h3", "h3", "h4"]),
])
def test_heading_levels_never_skip_one(paragraphs: list[str], levels: list[str]) -> None:
    report = blank_report()
    report.section("s6").paragraphs = paragraphs
    headings = [(tag, text) for tag, text in flow(page(report)) if tag in HEADINGS]
    s6 = [tag for tag, text in headings[headings.index(("h2", "六、其他需要报告的事项")) + 1:]]
    assert s6 == levels
    previous = 1
    for tag, _text in headings:
        assert int(tag[1]) <= previous + 1
        previous = int(tag[1])


def test_a_heading_in_the_opening_paragraphs_is_below_the_title() -> None:
    report = blank_report()
    report.preamble = ["（一）编制依据", "正文。"]
    assert flow(page(report))[1:3] == [("h2", "（一）编制依据"), ("p", "正文。")]


def test_every_table_cell_is_the_printed_cell(sample: Report) -> None:
    sample.cells[("t3", "3.1", "commercial")] = None  # a blank among the numbers
    assert_cells_printed(sample)


def test_the_2019_templates_tables_too() -> None:
    report = Report.blank(Metadata(agency="某某局", year=2020))
    assert report.template_year == 2019
    for index, key in enumerate(sorted(report.cells)):
        report.cells[key] = index % 3 - 1 if index % 4 else None  # -1, 0, 1 and blanks
    assert_cells_printed(report)


def assert_cells_printed(report: Report) -> None:
    root = page(report)
    for table in report.template.tables:
        grid = table_grid(table)
        cells = table_cells(html_table(root, table.id))
        placed = {(p.row, p.column): p for p in placed_cells(grid, report, 0)}
        expected_positions = set(placed) | {grid.data_position(r, c) for r in range(len(table.rows))
                                             for c in range(len(table.columns))}
        assert set(cells) == expected_positions, table.id
        for position, cell in cells.items():
            printed = placed.get(position)
            if printed is None:  # a blank data cell: empty to the eye, 「空」 to a screen reader
                assert (cell.tag, visible_text(cell), cell.text_content()) == ("td", "", "空")
                continue
            assert visible_text(cell) == printed.text, (table.id, position)
            assert int(cell.get("rowspan", 1)) == printed.row_span
            assert int(cell.get("colspan", 1)) == printed.column_span
            assert cell.tag == ("td" if printed.kind == "data" else "th")


def test_blank_and_zero_stay_apart(sample: Report) -> None:
    sample.cells[("t2_5", "licensing", "decisions")] = None
    sample.cells[("t2_6", "penalty", "decisions")] = 0
    root = page(sample)
    (blank,) = table_cells(html_table(root, "t2_5"))[(1, 1)].xpath("self::td")
    (zero,) = table_cells(html_table(root, "t2_6"))[(1, 1)].xpath("self::td")
    assert visible_text(blank) == "" and blank.text_content() == "空"
    assert visible_text(zero) == "0" and zero.text_content() == "0"


def test_two_level_headers_are_tied_to_every_data_cell_by_id(sample: Report) -> None:
    root = page(sample)
    for table_id in ("t3", "t4"):
        table = html_table(root, table_id)
        cells = table_cells(table)
        ths = {th.get("id"): th for th in table.iter("th")}
        assert None not in ths, "every header cell of a two-level table has an id"
        grid = table_grid(sample.template.table(table_id))
        for (row, column), cell in cells.items():
            if cell.tag != "td":
                continue
            ids = cell.get("headers").split()
            assert all(i in ths for i in ids), (table_id, row, column)
            # Exactly the header cells above it and the row labels beside it.
            expected = {cells[p].get("id") for p in cells
                        if cells[p].tag == "th" and (
                            (p[0] < grid.header_rows <= row and p[1] <= column < p[1] + int(
                                cells[p].get("colspan", 1)) and p[1] >= grid.label_columns)
                            or (p[1] < grid.label_columns <= column and p[0] <= row < p[0] + int(
                                cells[p].get("rowspan", 1)) and p[0] >= grid.header_rows))}
            assert set(ids) == expected, (table_id, row, column)
    # The t3 cell 自然人 of 4.保护第三方合法权益 is read with all its headers.
    (cell,) = [td for td in html_table(root, "t3").iter("td") if "nb-t3-r2-3.3.4" in td.get("headers")
               and td.get("headers").split()[1].endswith("natural")]
    names = [root.get_element_by_id(i).text_content() for i in cell.get("headers").split()]
    assert names == ["申请人情况", "自然人", "三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"]


def test_simple_tables_use_scope(sample: Report) -> None:
    root = page(sample)
    for table_id in ("t2_1", "t2_5", "t2_6", "t2_8"):
        table = html_table(root, table_id)
        assert all(th.get("scope") in ("col", "row", "colgroup", "rowgroup") for th in table.iter("th"))
        assert [th.get("scope") for th in table.find("thead").iter("th")] == ["col"] * len(
            table.find("thead").findall(".//th"))
        assert all(th.get("scope") == "row" for th in table.find("tbody").iter("th"))


def test_captions_name_every_table_and_label_its_scrolling_box(sample: Report) -> None:
    root = page(sample)
    captions = {t.id: html_table(root, t.id).findtext("caption") for t in sample.template.tables}
    assert captions == {"t2_1": "第二十条第（一）项", "t2_5": "第二十条第（五）项", "t2_6": "第二十条第（六）项",
                        "t2_8": "第二十条第（八）项", "t3": "表三 收到和处理政府信息公开申请情况",
                        "t4": "表四 政府信息公开行政复议、行政诉讼情况"}
    for region in root.xpath("//div[@role='region']"):
        assert region.get("tabindex") == "0"
        (table,) = region.findall("table")
        assert table.find("caption").get("id") == region.get("aria-labelledby")


def test_tables_follow_their_sections_paragraphs(sample: Report) -> None:
    sample.section("s3").paragraphs = ["表三说明。"]
    root = page(sample)
    order = [el.tag if el.tag != "div" else el.get("class") for el in root.find(".//main")]
    h2s = [i for i, el in enumerate(root.find(".//main")) if el.tag == "h2"]
    assert order[h2s[2]:h2s[3]] == ["h2", "p", "nb-region"]
    assert order[h2s[1]:h2s[2]] == ["h2"] + ["nb-region"] * 4


def test_numbers_are_right_aligned_and_every_cell_at_least_readable(sample: Report) -> None:
    style = page(sample).findtext(".//style")
    rule = style[style.index(".nb-num {"):].split("}")[0]
    assert "text-align: right" in rule and "tabular-nums" in rule
    assert "line-height: 1.75" in style and "px" not in style.replace("1px", "").replace("3px", "").replace(
        "2px", "")  # sizes in rem / em (only rule widths in px)


# --- the signature block ----------------------------------------------------------------------


def signature(root: HtmlElement) -> list[str]:
    blocks = root.find_class("nb-signature")
    return [p.text_content() for p in blocks[0].iter("p")] if blocks else []


def test_signature_is_agency_then_date_at_the_end(sample: Report) -> None:
    assert signature(page(sample)) == ["枣庄市行政审批服务局"]  # no date set: no made-up date
    sample.meta.published = date(2025, 1, 20)
    root = page(sample)
    assert signature(root) == ["枣庄市行政审批服务局", date_text(date(2025, 1, 20))] == [
        "枣庄市行政审批服务局", "2025年1月20日"]
    assert root.find(".//main")[-1].get("class") == "nb-signature"
    style = root.findtext(".//style")
    assert "text-align: right" in style[style.index(".nb-signature {"):].split("}")[0]


def test_no_agency_no_signature_block() -> None:
    report = blank_report()
    report.meta.published = date(2025, 1, 20)
    assert signature(page(report)) == []


# --- any report -------------------------------------------------------------------------------


def test_a_blank_report_prints_headings_and_empty_tables() -> None:
    report = blank_report()
    root = page(report)
    assert [text for _tag, text in flow(root)] == expected_flow(report)
    tds = root.xpath("//td")
    assert len(tds) == sum(len(t.rows) * len(t.columns) for t in report.template.tables)
    assert all(visible_text(td) == "" and td.text_content() == "空" for td in tds)


def test_every_cell_huge(sample: Report) -> None:
    for key in sample.cells:
        sample.cells[key] = 9999999
    tds = page(sample).xpath("//td")
    assert tds and all(td.text_content() == "9999999" for td in tds)


def test_huge_paragraphs(sample: Report) -> None:
    huge = "政府信息公开工作持续推进，" * 20_000
    sample.section("s5").paragraphs = [huge, "1." + huge]
    texts = [text for _tag, text in flow(page(sample))]
    assert huge in texts and "1." + huge in texts


def test_everything_is_escaped(sample: Report) -> None:
    sample.meta.agency = 'A<b>&"某局"</b>\'x'
    sample.section("s6").paragraphs = ['<script>alert("x")</script> & </p><p>', "（一）<i>标题</i>"]
    data = render_html(sample)
    assert b"<script" not in data and b"<i>" not in data and b"<b>" not in data
    root = lxml.html.document_fromstring(data)
    assert root.findtext(".//title").startswith('A<b>&"某局"</b>\'x')
    assert [text for _tag, text in flow(root)] == expected_flow(sample)
    assert signature(root) == ['A<b>&"某局"</b>\'x']


def test_rare_characters_kept_and_forbidden_characters_removed(sample: Report) -> None:
    sample.meta.agency = "武汉市硚口区埇桥𠀀浉河局"  # U+20000 and place names outside GB2312
    forbidden = "甲\x01乙\u200b丙\x7f丁\ufeff戊\x85己\t庚\ud800辛\ufffe壬\ufdd0癸"
    sample.section("s6").paragraphs = [forbidden, "第一行\n第二行"]
    data = render_html(sample)
    data.decode("utf-8", errors="strict")
    root = lxml.html.document_fromstring(data)
    assert root.findtext(".//h1").startswith("武汉市硚口区埇桥𠀀浉河局")
    assert signature(root) == ["武汉市硚口区埇桥𠀀浉河局"]
    texts = [text for _tag, text in flow(root)]
    assert "甲乙丙丁戊 己 庚辛壬癸" in texts
    (two_lines,) = [p for p in root.iter("p") if p.text_content() == "第一行第二行"]
    assert two_lines.find("br") is not None  # a line break within a paragraph stays one
    for char in "\x01\x7f\u200b\ufeff\x85\ufffe\ufdd0":
        assert char.encode() not in data


def test_same_report_same_bytes_in_this_and_another_process(sample: Report, tmp_path: Path) -> None:
    first = render_html(sample)
    assert render_html(sample) == first
    out = tmp_path / "again.html"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c",
                    "from pathlib import Path; from export.html_export import export_html;"
                    "from model import projectfile; from model.resources import sample_path;"
                    f"export_html(projectfile.load(sample_path()), Path({str(out)!r}))"],
                   cwd=ROOT, env=env, check=True)
    assert out.read_bytes() == first


# --- the 仅正文 variant and the writers --------------------------------------------------------


def test_body_only_has_the_same_content_with_inline_styles(sample: Report) -> None:
    sample.meta.published = date(2025, 1, 20)
    sample.cells[("t3", "1", "other")] = None
    data = render_html(sample, body_only=True)
    assert data.startswith(b'<div class="nianbao-report"')
    for tag in (b"<html", b"<head", b"<body", b"<style", b"<script", b"<!DOCTYPE"):
        assert tag not in data
    fragment = body_only(sample)
    assert fragment.get("lang") == "zh-CN"
    full = page(sample).find(".//main")
    assert flow(fragment) == flow(full)
    assert signature(fragment) == signature(full)
    for table in sample.template.tables:
        ours, theirs = table_cells(html_table(fragment, table.id)), table_cells(html_table(full, table.id))
        assert {p: (c.tag, c.text_content(), c.attrib.get("headers"), c.attrib.get("rowspan"),
                    c.attrib.get("colspan")) for p, c in ours.items()} == {
            p: (c.tag, c.text_content(), c.attrib.get("headers"), c.attrib.get("rowspan"), c.attrib.get("colspan"))
            for p, c in theirs.items()}
    styled = [el for el in fragment.iter() if el.get("class")]
    assert styled and all(el.get("style") for el in styled)
    assert "text-align: right" in fragment.find_class("nb-num")[0].get("style")
    assert "position: absolute" in fragment.find_class("nb-blank")[0].get("style")


def test_writers_write_the_render_atomically(sample: Report, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    page_path, body_path = tmp_path / "报告.html", tmp_path / "正文.html"
    WEB_PAGE_EXPORT.load()(sample, page_path, charts=False)
    WEB_BODY_EXPORT.load()(sample, body_path, charts=True)
    assert page_path.read_bytes() == render_html(sample)
    assert body_path.read_bytes() == render_html(sample, body_only=True, charts=True)

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    sample.meta.agency = "另一个机关"
    with pytest.raises(OSError):
        export_html(sample, page_path)
    with pytest.raises(OSError):
        export_html_body(sample, body_path)
    assert b"\xe5\x8f\xa6\xe4\xb8\x80\xe4\xb8\xaa" not in page_path.read_bytes()  # the old page is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.html", "正文.html"]
