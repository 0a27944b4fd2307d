"""附图 in the Word document: each chart (export/charts.py) as a picture the width of the type area,
drawn by export/chart_png.py, with its text alternative (the picture's 说明, which screen readers
and Word's accessibility checker read) and its caption 「图1 …」 centred below, kept on one page."""

from __future__ import annotations

import io

from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm

from export.docx_styles import HEADING_STYLES, TABLE_STYLE
from export.docx_text import xml_safe

CHART_WIDTH_MM = 156


def add_charts(document: WordDocument, report) -> None:
    """The heading and every chart of `report` with data; nothing when none has."""
    from export.chart_png import chart_pngs
    from export.charts import CHARTS_HEADING, chart_specs

    pictures = chart_pngs(chart_specs(report), CHART_WIDTH_MM)
    if not pictures:
        return
    heading = document.add_paragraph(style=HEADING_STYLES[1])
    heading.add_run(CHARTS_HEADING)
    heading.paragraph_format.keep_with_next = True
    for number, (png, spec) in enumerate(pictures, start=1):
        holder = document.add_paragraph(style=TABLE_STYLE)
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        holder.paragraph_format.keep_with_next = True
        # The style's exact line height would crop the picture to one line: this line is as tall as it.
        holder.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        holder.paragraph_format.space_before = Mm(3)
        holder.add_run().add_picture(io.BytesIO(png), width=Mm(CHART_WIDTH_MM))
        # The picture's name and description (wp:docPr): what Word shows as 可选文字.
        for properties in holder._p.iter(qn("wp:docPr")):
            properties.set("id", str(1000 + number))  # stable ids, whatever python-docx counted
            properties.set("name", xml_safe(spec.caption))
            properties.set("descr", xml_safe(spec.alt))
        caption = document.add_paragraph(style=TABLE_STYLE)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.add_run(xml_safe(spec.caption))
