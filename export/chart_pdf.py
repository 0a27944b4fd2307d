"""The charts (附图) in the PDF: vector drawings of export.chart_layout's scenes, each with its caption.

Each chart is a reportlab Drawing (rectangles, lines and real text, selectable and searchable) in
the table role's font, followed by its caption 「图1 …」 centred below it as Chinese figures are
captioned, the two kept on one page. The Word document's PNG (export/chart_png.py) paints the same
chart_layout scene with Pillow. Deterministic: the drawing depends only on the spec, the font and the width.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Spacer

from export.chart_layout import Box, Label, Rule, layout
from export.charts import ChartSpec
from export.fonts import FontRole
from export.pdf_text import LineBlock, TextParagraph, TextStyle, Typesetter

CAPTION_SIZE = 14.0  # 4号: smaller than the 3号 body, as a caption
CAPTION_LEADING = 22.0
NOTE_SIZE = 14.0
#: Room above a chart and below its caption.
SPACE = 12.0


def chart_drawing(spec: ChartSpec, font_name: str, width: float) -> Drawing:
    """The chart of `spec` as a Drawing `width` points wide, its text in the registered font `font_name`."""
    scene = layout(spec, width)
    height = scene.height
    drawing = Drawing(width, height)
    for shape in scene.shapes:
        if isinstance(shape, Box):
            drawing.add(Rect(shape.x, height - shape.y - shape.height, shape.width, shape.height,
                             fillColor=HexColor(shape.fill), strokeColor=None, strokeWidth=0))
        elif isinstance(shape, Rule):
            drawing.add(Line(shape.x1, height - shape.y1, shape.x2, height - shape.y2,
                             strokeColor=HexColor(shape.colour), strokeWidth=shape.width))
        elif isinstance(shape, Label):
            drawing.add(String(shape.x, height - shape.y, shape.text, fontName=font_name, fontSize=shape.size,
                               fillColor=HexColor(shape.colour), textAnchor=shape.anchor))
    return drawing


def chart_flowables(spec_list: Sequence[ChartSpec], typesetter: Typesetter, width: float, *,
                    notes: Sequence[str] = ()) -> list[Flowable]:
    """Each chart `width` points wide (the type area) with its caption, kept together; then a
    paragraph for each of `notes` (export.charts.omitted_charts: the charts left out)."""
    font_name = typesetter.fonts.font_name(FontRole.TABLE)
    caption_style = TextStyle(FontRole.TABLE, CAPTION_SIZE)
    flowables: list[Flowable] = []
    for spec in spec_list:
        drawing = chart_drawing(spec, font_name, width)
        caption = LineBlock(typesetter, typesetter.lines([(spec.caption, caption_style)], width, justify=False),
                            CAPTION_SIZE, CAPTION_LEADING, align="center")
        flowables.append(KeepTogether([Spacer(width, SPACE), drawing, caption, Spacer(width, SPACE)]))
    note_style = TextStyle(FontRole.BODY, NOTE_SIZE)
    for note in notes:
        flowables.append(TextParagraph(typesetter, [(note, note_style)], NOTE_SIZE, CAPTION_LEADING,
                                       indent=2 * NOTE_SIZE))
    return flowables


__all__ = ["chart_drawing", "chart_flowables"]
