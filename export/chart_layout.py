"""The geometry of a chart: boxes, rules and labels in points, y downwards from the top.

One layout for every output (the PDF's vector drawing, the PNG made from it, the web page's SVG), so
that the charts are the same everywhere. Horizontal bars: the category labels right-aligned left of
the bars, a number at the end of every bar, the value axis below with its ticks and title, a legend
above when there is more than one series; a group of categories (法人或其他组织) gets a heading
row and its members are indented.

Text widths are estimated, not measured (a wide character one em, others 0.6 em): the SVG is drawn
by a browser in fonts unknown here, and the estimate is generous for the fonts the PDF uses.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from export.charts import ChartSpec
from model.report import Number, format_value

#: Fills of the series, the last series (this year) in the first colour. Both have at least 3:1
#: contrast against white (WCAG 1.4.11: 8.6:1 and 4.4:1) and differ in lightness for grey print.
SERIES_COLOURS = ("#1F4E79", "#C55A11")
TEXT_COLOUR = "#000000"
AXIS_COLOUR = "#404040"
#: Grid lines only help to read a bar against the axis; every bar carries its number.
GRID_COLOUR = "#D0D0D0"
BACKGROUND = "#FFFFFF"

LABEL_SIZE = 10.5  # 五号, as the tables
TICK_SIZE = 9.0
PAD = 6.0
ROW_GAP = 8.0
BAR_HEIGHT = 14.0
MULTI_BAR_HEIGHT = 11.0
LEGEND_HEIGHT = 20.0
HEADING_HEIGHT = 16.0
SWATCH = 9.0
#: The label column takes at most this share of the width; longer labels are broken into lines.
MAX_LABEL_SHARE = 0.4


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 0.5


@dataclass(frozen=True)
class Label:
    x: float
    #: The baseline.
    y: float
    text: str
    size: float
    #: "start", "middle" or "end": where `x` is on the text (SVG's text-anchor).
    anchor: str = "start"
    colour: str = TEXT_COLOUR


Shape = Box | Rule | Label


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    #: In painting order: background, grid, bars, legend, axes, text.
    shapes: tuple[Shape, ...]


def text_width(text: str, size: float) -> float:
    """An estimate of the width of `text` at `size` points (a wide character one em, others 0.6 em)."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
    return ems * size


def series_colours(count: int) -> tuple[str, ...]:
    """The fill of each series: the last (this year) in the main colour."""
    return tuple(SERIES_COLOURS[(count - 1 - i) % len(SERIES_COLOURS)] for i in range(count))


def nice_ticks(largest: float, integral: bool) -> list[float]:
    """Tick values from 0 to at least `largest`, at a step of 1, 2 or 5 × 10ⁿ, about five of them."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if integral:
        step = max(1.0, float(round(step)))
    count = math.ceil(largest / step - 1e-9)
    return [i * step for i in range(count + 1)]


def _tick_text(value: float, integral: bool) -> str:
    if integral:
        return str(round(value))
    return format_value(Decimal(repr(value)))


def value_text(spec: ChartSpec, series_index: int, value: Number) -> str:
    """The number at the end of a bar; with several series it says which ("2023年：12")."""
    number = format_value(value)
    return f"{spec.series[series_index].name}：{number}" if len(spec.series) > 1 else number


def _wrap(text: str, size: float, width: float) -> list[str]:
    """`text` broken by character into lines no wider than `width` (labels are short: rarely used)."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and text_width(current + char, size) > width:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines or [""]


def layout(spec: ChartSpec, width: float) -> Scene:
    """The chart of `spec` drawn `width` points wide; its height follows from the categories."""
    legend: list[Box] = []
    grid: list[Rule] = []
    axes: list[Rule] = []
    labels: list[Label] = []
    count = len(spec.series)
    colours = series_colours(count)
    values = [float(v) for s in spec.series for v in s.values]
    integral = all(isinstance(v, int) or (isinstance(v, Decimal) and v == v.to_integral_value())
                   for s in spec.series for v in s.values)

    indent = LABEL_SIZE  # group members are indented one character
    label_widths = [text_width(c, LABEL_SIZE) + (indent if spec.group_of(i) else 0.0)
                    for i, c in enumerate(spec.categories)]
    label_widths += [text_width(g.label, LABEL_SIZE) for g in spec.groups]
    label_widths.append(text_width(spec.category_axis, LABEL_SIZE))
    label_column = min(max(label_widths, default=0.0), width * MAX_LABEL_SHARE) + PAD
    value_column = max(text_width(value_text(spec, i, v), LABEL_SIZE)
                       for i, s in enumerate(spec.series) for v in s.values) + PAD
    plot_left = label_column + PAD
    plot_right = max(plot_left + width * 0.2, width - value_column - PAD)
    ticks = nice_ticks(max(values, default=0.0), integral)
    scale = (plot_right - plot_left) / ticks[-1]

    y = PAD
    if count > 1:  # the legend, right-aligned above the bars
        x = width - PAD
        for index in reversed(range(count)):
            name = spec.series[index].name
            x -= text_width(name, LABEL_SIZE)
            labels.append(Label(x, y + SWATCH, name, LABEL_SIZE))
            x -= SWATCH + 4
            legend.append(Box(x, y + SWATCH - SWATCH * 0.9, SWATCH, SWATCH, colours[index]))
            x -= 12
        y += LEGEND_HEIGHT
    if spec.category_axis:
        labels.append(Label(label_column, y + LABEL_SIZE, spec.category_axis, LABEL_SIZE, "end", AXIS_COLOUR))
        y += HEADING_HEIGHT
    plot_top = y
    bar = BAR_HEIGHT if count == 1 else MULTI_BAR_HEIGHT
    bars: list[Box] = []
    for index, category in enumerate(spec.categories):
        group = spec.group_of(index)
        if group is not None and group.first == index:
            labels.append(Label(0.0, y + HEADING_HEIGHT / 2 + LABEL_SIZE * 0.35 + ROW_GAP / 2, group.label,
                                LABEL_SIZE))
            y += HEADING_HEIGHT
        band = ROW_GAP + bar * count
        lines = _wrap(category, LABEL_SIZE, label_column - PAD - (indent if group else 0.0))
        band = max(band, ROW_GAP + LABEL_SIZE * 1.2 * len(lines))
        centre = y + band / 2
        first_baseline = centre - LABEL_SIZE * 1.2 * (len(lines) - 1) / 2 + LABEL_SIZE * 0.35
        for line_index, line in enumerate(lines):
            labels.append(Label(label_column, first_baseline + line_index * LABEL_SIZE * 1.2, line, LABEL_SIZE, "end"))
        top = centre - bar * count / 2
        for series_index, series in enumerate(spec.series):
            value = series.values[index]
            length = max(0.0, float(value)) * scale
            bar_top = top + series_index * bar
            if length > 0:
                bars.append(Box(plot_left, bar_top, length, bar - 1.0, colours[series_index]))
            labels.append(Label(plot_left + length + 3, bar_top + bar / 2 + LABEL_SIZE * 0.35,
                                value_text(spec, series_index, value), LABEL_SIZE))
        y += band
    plot_bottom = y + ROW_GAP / 2
    for tick in ticks:
        x = plot_left + tick * scale
        if tick > 0:
            grid.append(Rule(x, plot_top, x, plot_bottom, GRID_COLOUR))
        axes.append(Rule(x, plot_bottom, x, plot_bottom + 3, AXIS_COLOUR))
        labels.append(Label(x, plot_bottom + 4 + TICK_SIZE, _tick_text(tick, integral), TICK_SIZE, "middle",
                            AXIS_COLOUR))
    axes.append(Rule(plot_left, plot_top, plot_left, plot_bottom, AXIS_COLOUR, 0.75))
    axes.append(Rule(plot_left, plot_bottom, plot_right, plot_bottom, AXIS_COLOUR, 0.75))
    y = plot_bottom + 4 + TICK_SIZE + 4
    if spec.value_axis:
        labels.append(Label((plot_left + plot_right) / 2, y + LABEL_SIZE, spec.value_axis, LABEL_SIZE, "middle",
                            AXIS_COLOUR))
        y += LABEL_SIZE * 1.4
    height = y + PAD
    background = Box(0.0, 0.0, width, height, BACKGROUND)
    return Scene(width, height, (background, *grid, *bars, *legend, *axes, *labels))


__all__ = ["SERIES_COLOURS", "Box", "Label", "Rule", "Scene", "Shape", "layout", "nice_ticks", "series_colours",
           "text_width", "value_text"]
