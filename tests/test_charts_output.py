"""The charts drawn: a vector drawing in the PDF, an accessible inline SVG for the web page, a PNG
for the Word document (export/chart_pdf.py, chart_svg.py, chart_png.py over chart_layout.py)."""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from export.chart_layout import SERIES_COLOURS, Box, Label, layout, nice_ticks
from export.chart_pdf import chart_flowables
from export.chart_png import chart_pngs, pixel_width
from export.chart_svg import chart_figures_html
from export.charts import ChartSpec, chart_specs, omitted_charts
from export.fonts import bundled_fonts
from export.pdf_text import Typesetter
from model.crossyear import attach_prior
from model.report import Report, format_value
from tests.test_charts import blank_report, numbered_report

SVG = "{http://www.w3.org/2000/svg}"
TYPE_WIDTH = 156 * mm


@pytest.fixture(scope="module")
def fonts():
    return bundled_fonts()


def linked_sample(sample: Report) -> Report:
    prior = copy.deepcopy(sample)
    prior.meta.year = 2023
    prior.cells[("t3", "1", "total")] = 14
    attach_prior(sample, prior, None, embed=True)
    return sample


def one_page_pdf(flowables, fonts) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=A4[0] - 28 * mm - TYPE_WIDTH,
                                 topMargin=37 * mm, bottomMargin=20 * mm, invariant=1)
    document.build(flowables)
    return buffer.getvalue()


# --- the layout ------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_bar_colours_have_3_to_1_contrast_against_white() -> None:
    for colour in SERIES_COLOURS:
        assert (1.05) / (_luminance(colour) + 0.05) >= 3, colour


def test_every_bar_is_as_long_as_its_number_and_carries_it(sample) -> None:
    spec = chart_specs(linked_sample(sample))[2]  # two series
    scene = layout(spec, TYPE_WIDTH)
    bars = [s for s in scene.shapes if isinstance(s, Box) and s.fill in SERIES_COLOURS and s.width > 0
            and s.height > 9]  # not the legend's swatches
    values = [v for index in range(len(spec.categories)) for series in spec.series
              for v in [series.values[index]] if v > 0]
    assert len(bars) == len(values)
    per_unit = {round(bar.width / value, 6) for bar, value in zip(bars, values, strict=True)}
    assert len(per_unit) == 1  # one scale
    texts = [s.text for s in scene.shapes if isinstance(s, Label)]
    for series in spec.series:
        for value in series.values:
            assert f"{series.name}：{format_value(value)}" in texts
    assert all(0 <= s.x <= TYPE_WIDTH for s in scene.shapes if isinstance(s, Label) and s.anchor == "start")


@pytest.mark.parametrize(("largest", "ticks"), [(4, [0, 1, 2, 3, 4]), (9, [0, 2, 4, 6, 8, 10]),
                                                (14, [0, 5, 10, 15]), (1, [0, 1]), (1234, [0, 500, 1000, 1500])])
def test_value_axis_ticks_are_round_numbers_covering_the_largest_bar(largest: int, ticks: list[int]) -> None:
    assert nice_ticks(largest, integral=True) == ticks


def test_a_huge_number_stays_inside_the_chart() -> None:
    report = numbered_report()
    report.cells[("t3", "3.1", "total")] = 10**15
    report.cells[("t3", "3.2", "total")] = -3
    scene = layout(chart_specs(report)[0], TYPE_WIDTH)
    boxes = [s for s in scene.shapes if isinstance(s, Box)]
    assert all(b.x >= 0 and b.x + b.width <= TYPE_WIDTH + 1e-6 and b.width >= 0 for b in boxes)


# --- the PDF --------------------------------------------------------------------------------


def test_the_pdf_flowables_draw_every_number_and_caption_in_the_reports_font(sample, fonts) -> None:
    report = linked_sample(sample)
    specs = chart_specs(report)
    pdf = one_page_pdf(chart_flowables(specs, Typesetter(fonts), TYPE_WIDTH), fonts)
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for spec in specs:
        assert spec.caption.replace(" ", "") in text
        for category in spec.categories:
            assert category in text
    assert "2023年：14" in text
    fonts_used = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()
                  for f in [f.get_object()["/BaseFont"]]}
    assert any("NotoSerifSC" in f for f in fonts_used), fonts_used


def test_a_chart_is_kept_with_its_caption_and_sized_to_the_width(sample, fonts) -> None:
    flowables = chart_flowables(chart_specs(sample), Typesetter(fonts), TYPE_WIDTH,
                                notes=["本年没有新收政府信息公开申请，未绘制“政府信息公开申请人构成”图。"])
    assert len(flowables) == 3
    kept = flowables[0]
    drawing = kept._content[1]
    assert drawing.width == pytest.approx(TYPE_WIDTH)
    # Two charts and the note fit one A4 page.
    assert len(PdfReader(io.BytesIO(one_page_pdf(flowables, fonts))).pages) == 1


def test_the_pdf_flowables_give_the_same_bytes_twice(sample, fonts) -> None:
    specs = chart_specs(linked_sample(sample))
    first = one_page_pdf(chart_flowables(specs, Typesetter(fonts), TYPE_WIDTH), fonts)
    assert one_page_pdf(chart_flowables(specs, Typesetter(fonts), TYPE_WIDTH), fonts) == first


# --- the web page ---------------------------------------------------------------------------


def parse_figures(html: str) -> ET.Element:
    return ET.fromstring(f"<div>{html}</div>")


def table_numbers(table: ET.Element) -> tuple[list[str], list[list[str]]]:
    header = [th.text or "" for th in table.find("thead").iter("th")]
    rows = [[cell.text or "" for cell in tr] for tr in table.find("tbody").iter("tr")]
    return header, rows


def test_each_figure_is_an_accessible_svg_followed_by_its_numbers(sample) -> None:
    specs = chart_specs(linked_sample(sample))
    root = parse_figures(chart_figures_html(specs))
    figures, tables = root.findall("figure"), root.findall("table")
    assert len(figures) == len(tables) == len(specs) == 3
    children = list(root)
    for spec, figure, table in zip(specs, figures, tables, strict=True):
        assert children[children.index(figure) + 1] is table  # the numbers right after the chart
        svg = figure.find(f"{SVG}svg")
        assert svg.get("role") == "img" and svg.get("width") == "100%" and svg.get("viewBox")
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        assert title.text == spec.caption and desc.text == spec.alt
        assert figure.find("figcaption").text == spec.caption
        assert spec.caption in table.find("caption").text
        assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))
        assert all(tr[0].tag == "th" and tr[0].get("scope") == "row" for tr in table.find("tbody").iter("tr"))
        header, rows = table_numbers(table)
        assert header[1:] == [s.name for s in spec.series]
        assert [row[0] for row in rows] == [spec.category_name(i) for i in range(len(spec.categories))]
        assert [row[1:] for row in rows] == [[format_value(s.values[i]) for s in spec.series]
                                             for i in range(len(spec.categories))]
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    html = chart_figures_html(specs)
    assert "<script" not in html and not re.search(r"\son\w+=", html)  # no script, no event handlers


def test_svg_text_is_escaped() -> None:
    report = numbered_report()
    report.meta.year = 0
    spec = chart_specs(report)[0]
    hostile = ChartSpec(spec.number, spec.key, "<b>&", ("a<script>", *spec.categories[1:]), spec.series,
                        "“x” & <y>", spec.unit, spec.category_axis, spec.value_axis)
    root = parse_figures(chart_figures_html([hostile], notes=["<i>注</i>"]))
    assert root.find("figure").find(f"{SVG}svg").find(f"{SVG}desc").text == "“x” & <y>"
    assert root.find("p").text == "<i>注</i>"
    assert "a<script>" in [t.text for t in root.iter(f"{SVG}text")]


def test_svg_is_the_same_string_twice_and_empty_without_charts(sample) -> None:
    specs = chart_specs(linked_sample(sample))
    assert chart_figures_html(specs) == chart_figures_html(copy.deepcopy(specs))
    blank = blank_report()
    assert chart_figures_html(chart_specs(blank)) == ""
    notes_only = parse_figures(chart_figures_html(chart_specs(blank), notes=omitted_charts(blank)))
    assert [p.text for p in notes_only.findall("p")] == omitted_charts(blank)


# --- the PNG --------------------------------------------------------------------------------


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def png_scene(spec: ChartSpec, width_mm: float = 156, dpi: int = 200):
    """The layout the PNG paints, and points → pixels."""
    return layout(spec, pixel_width(width_mm, dpi) * 72 / dpi), dpi / 72


def png_chunks(png: bytes) -> list[bytes]:
    chunks, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset:offset + 4])
        chunks.append(png[offset + 4:offset + 8])
        offset += 12 + length
    return chunks


def label_pixels(image: Image.Image, label: Label, scale: float) -> Image.Image:
    """The pixels of an end-anchored label: a box its own size left of its anchor, above its baseline."""
    left = (label.x - len(label.text) * label.size * 1.1) * scale
    box = (round(left), round((label.y - label.size) * scale), round(label.x * scale),
           round((label.y + label.size * 0.25) * scale))
    return image.crop(box).convert("L")


def test_pngs_decode_to_the_requested_width_at_200_dpi(sample, fonts) -> None:
    specs = chart_specs(linked_sample(sample))
    pngs = chart_pngs(specs, fonts=fonts)
    assert [spec for _png, spec in pngs] == specs
    for png, spec in pngs:
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        scene, scale = png_scene(spec)
        assert image.size == (pixel_width(156), round(scene.height * scale)) == (1228, image.size[1])
        assert round(image.info["dpi"][0]) == 200
        # Nothing but the image and its resolution: no time stamp, no text chunk to vary.
        chunks = png_chunks(png)
        assert chunks[:2] == [b"IHDR", b"pHYs"] and chunks[-1] == b"IEND"
        assert set(chunks[2:-1]) == {b"IDAT"}
        image = image.convert("RGB")
        assert image.getpixel((2, 2)) == (255, 255, 255)
        # Every bar is painted in its series colour where the layout puts it.
        bars = [s for s in scene.shapes if isinstance(s, Box) and s.fill in SERIES_COLOURS and s.height > 9]
        assert bars
        for bar in bars:
            centre = (round((bar.x + bar.width / 2) * scale), round((bar.y + bar.height / 2) * scale))
            assert all(abs(a - b) <= 2 for a, b in zip(image.getpixel(centre), rgb(bar.fill), strict=True))
        # The first category's label is drawn: dark pixels left of the bars, in the text colour.
        first = next(s for s in scene.shapes if isinstance(s, Label) and s.text == spec.categories[0])
        darkest, _lightest = label_pixels(image, first, scale).getextrema()
        assert darkest < 60
    narrow = chart_pngs(specs[:1], width_mm=80, fonts=fonts)
    assert Image.open(io.BytesIO(narrow[0][0])).size[0] == pixel_width(80) == 630
    sharp = Image.open(io.BytesIO(chart_pngs(specs[:1], fonts=fonts, dpi=300)[0][0]))
    assert sharp.size[0] == pixel_width(156, 300) and round(sharp.info["dpi"][0]) == 300


def test_png_bytes_are_the_same_twice(sample, fonts) -> None:
    specs = chart_specs(sample)
    assert chart_pngs(specs, fonts=fonts) == chart_pngs(specs, fonts=fonts)
    assert chart_pngs(copy.deepcopy(specs), fonts=fonts) == chart_pngs(specs)  # the bundled fonts by default
    assert chart_pngs([], fonts=fonts) == []


def test_a_character_the_chart_font_lacks_is_drawn_in_a_fallback_font(sample) -> None:
    """With the bundled 楷体 subset (no 硚) as the table font, 硚 is drawn in the serif, as in the PDF
    (FontSet.runs), not as an empty box; what the 楷体 has (口) is drawn in the 楷体."""
    from export.fonts import FontRole, bundled_fonts_dir, resolve_fonts
    from model.font_roles import KAI_SUBSET

    kai = resolve_fonts({FontRole.TABLE: bundled_fonts_dir() / KAI_SUBSET}, search_dirs=[])
    assert not kai.has_glyph(FontRole.TABLE, "硚") and kai.has_glyph(FontRole.TABLE, "口")
    spec = dataclasses.replace(chart_specs(sample)[0], categories=("硚", "口", *chart_specs(sample)[0].categories[2:]))
    scene, scale = png_scene(spec)
    in_kai = Image.open(io.BytesIO(chart_pngs([spec], fonts=kai)[0][0]))
    in_serif = Image.open(io.BytesIO(chart_pngs([spec], fonts=bundled_fonts())[0][0]))
    labels = {s.text: s for s in scene.shapes if isinstance(s, Label)}
    rare_kai, rare_serif = (label_pixels(image, labels["硚"], scale) for image in (in_kai, in_serif))
    assert rare_kai.getextrema()[0] < 60
    assert rare_kai.tobytes() == rare_serif.tobytes()
    assert label_pixels(in_kai, labels["口"], scale).tobytes() != label_pixels(in_serif, labels["口"], scale).tobytes()


def test_the_web_page_writer_styles_every_element_through_its_attrs(sample) -> None:
    """The 仅正文 variant carries its look inline: every element of a chart class goes through `attrs`."""
    from export.chart_svg import CLASSES

    asked: list[str] = []

    def inline(name: str) -> str:
        asked.append(name)
        return f' class="{name}" style="margin: 0"'

    blank = blank_report()
    html = chart_figures_html(chart_specs(sample), notes=omitted_charts(blank), attrs=inline)
    assert set(asked) == set(CLASSES)
    root = parse_figures(html)
    for element in root.iter():
        if element.get("class") in CLASSES:
            assert element.get("style") == "margin: 0"
    assert {e.tag for e in root.iter() if e.get("class") in CLASSES} == {"figure", "figcaption", "table", "th",
                                                                          "td", "p"}
