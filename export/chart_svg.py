"""The charts (附图) in the web page: inline SVG figures, each followed by its numbers as a table.

For every chart a `<figure>` holding an `<svg role="img">` named by its `<title>` (the caption) and
described by its `<desc>` (one sentence stating every number), and a `<figcaption>`; right after the
figure, the same numbers as a small data table (`<caption>`, `th scope`), so that the numbers can be
read, copied and reached by a screen reader without the picture (GB/T 37668, WCAG 1.1.1). The colours
have at least 3:1 contrast against the white background (WCAG 1.4.11); no script; the SVG scales to
its container (viewBox, width 100 %). The output is well-formed XML (it is also valid HTML), every
text escaped, and the same specs always give the same string.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from export.chart_layout import BACKGROUND, Box, Label, Rule, Scene, layout
from export.charts import ChartSpec
from model.report import format_value

#: The drawing's width in SVG user units: narrower than the PDF's type area (442 pt), so that on a
#: phone (about 360 px) the chart's text is still about 11 px; `MAX_WIDTH` keeps it from growing
#: past about the body text's size on a wide screen.
CHART_WIDTH = 360.0
MAX_WIDTH = "36em"
#: The report's 仿宋 when the reader's system has it, a serif CJK font otherwise.
FONT_FAMILY = "FangSong, STFangsong, 仿宋, 仿宋_GB2312, 'Noto Serif SC', 'Source Han Serif SC', SimSun, serif"
#: Ids are prefixed so that they cannot clash with the page's own.
ID_PREFIX = "nb-chart"
#: The class of each element, for the page's style sheet (export/html_style.py RULES).
CLASSES = ("nb-chart", "nb-chart-caption", "nb-chart-data", "nb-chart-th", "nb-chart-td", "nb-chart-note")
#: The attributes that give an element of class `name` its look: ' class="name"' by default; the web page
#: writer passes its Styler.attrs (a class, and the same declarations inline for 仅正文).
Attrs = Callable[[str], str]


def class_only(name: str) -> str:
    return f' class="{name}"'


def _number(value: float) -> str:
    """A coordinate with at most two decimals, without trailing zeros (stable text)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _attribute(text: str) -> str:
    return escape(text, quote=True)


def chart_svg(spec: ChartSpec, width: float = CHART_WIDTH) -> str:
    """The inline `<svg>` of one chart: role="img", labelled by its title and described by its alt text."""
    scene = layout(spec, width)
    base = f"{ID_PREFIX}-{spec.number}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_number(scene.width)} {_number(scene.height)}" '
        f'width="100%" role="img" aria-labelledby="{base}-title {base}-desc" '
        f'style="max-width: {MAX_WIDTH}; height: auto; display: block; background: {BACKGROUND}" '
        f'font-family="{_attribute(FONT_FAMILY)}">',
        f'<title id="{base}-title">{escape(spec.caption, quote=False)}</title>',
        f'<desc id="{base}-desc">{escape(spec.alt, quote=False)}</desc>',
        *_shapes(scene),
        "</svg>",
    ]
    return "\n".join(parts)


def _shapes(scene: Scene) -> list[str]:
    drawn: list[str] = []
    for shape in scene.shapes:
        if isinstance(shape, Box):
            drawn.append(f'<rect x="{_number(shape.x)}" y="{_number(shape.y)}" width="{_number(shape.width)}" '
                         f'height="{_number(shape.height)}" fill="{shape.fill}"/>')
        elif isinstance(shape, Rule):
            drawn.append(f'<line x1="{_number(shape.x1)}" y1="{_number(shape.y1)}" x2="{_number(shape.x2)}" '
                         f'y2="{_number(shape.y2)}" stroke="{shape.colour}" stroke-width="{_number(shape.width)}"/>')
        elif isinstance(shape, Label):
            drawn.append(f'<text x="{_number(shape.x)}" y="{_number(shape.y)}" font-size="{_number(shape.size)}" '
                         f'text-anchor="{shape.anchor}" fill="{shape.colour}">{escape(shape.text, quote=False)}</text>')
    return drawn


def chart_table(spec: ChartSpec, attrs: Attrs = class_only) -> str:
    """The chart's numbers as a table: a row per category, a column per series."""
    unit = f"（单位：{spec.unit}）" if spec.unit else ""
    th, td = attrs("nb-chart-th"), attrs("nb-chart-td")
    head = "".join(f'<th scope="col"{th}>{escape(s.name, quote=False)}</th>' for s in spec.series)
    rows = []
    for index in range(len(spec.categories)):
        cells = "".join(f"<td{td}>{escape(format_value(s.values[index]), quote=False)}</td>" for s in spec.series)
        rows.append(f'<tr><th scope="row"{th}>{escape(spec.category_name(index), quote=False)}</th>{cells}</tr>')
    return "\n".join([
        f'<table{attrs("nb-chart-data")} id="{ID_PREFIX}-{spec.number}-data">',
        f"<caption>{escape(spec.caption, quote=False)}数据{unit}</caption>",
        f'<thead><tr><th scope="col"{th}>{escape(spec.category_axis or "项目", quote=False)}</th>{head}</tr></thead>',
        "<tbody>", *rows, "</tbody>",
        "</table>",
    ])


def chart_figures_html(spec_list: Sequence[ChartSpec], *, notes: Sequence[str] = (),
                       attrs: Attrs = class_only) -> str:
    """For each chart its `<figure>` (SVG and caption) and its data table; then a paragraph for each of
    `notes` (export.charts.omitted_charts: the charts left out). "" when there is nothing. `attrs` gives
    each element of a class in CLASSES its attributes (the web page writer's Styler.attrs)."""
    parts: list[str] = []
    for spec in spec_list:
        parts += [
            f'<figure{attrs("nb-chart")} id="{ID_PREFIX}-{spec.number}">',
            chart_svg(spec),
            f"<figcaption{attrs('nb-chart-caption')}>{escape(spec.caption, quote=False)}</figcaption>",
            "</figure>",
            chart_table(spec, attrs),
        ]
    parts += [f"<p{attrs('nb-chart-note')}>{escape(note, quote=False)}</p>" for note in notes]
    return "\n".join(parts) + ("\n" if parts else "")


__all__ = ["CHART_WIDTH", "CLASSES", "Attrs", "chart_figures_html", "chart_svg", "chart_table", "class_only"]
