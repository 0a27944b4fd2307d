"""The batch check's summary as a PDF for the supervising office's leaders (main.py batch -o 汇总.pdf).

A4 portrait, a few pages: the title, the headline figures, the two bar charts (findings by rule, key
figures of the largest agencies) and the lists behind them, all from export/batch_summary.py. The text
is set by the report PDF's Typesetter with the same fonts (`resolve_fonts`, the bundled faces standing
in), so that a character the role's font lacks is drawn by a fallback face, and as 「〓」 when no face
has it — never as an empty box, in a table cell or in a chart's label. Tables repeat their header row
on every page; pages are numbered 「— N —」. The same result, date and fonts give the same bytes
(reportlab's invariant mode, as export/pdf.py).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from export.batch_summary import BatchSummary, summary_of
from export.chart_pdf import chart_drawing
from export.charts import ChartSpec
from export.fonts import FontRole, FontSet, resolve_fonts
from export.pdf import RENDER_LOCK
from export.pdf_tables import CellText
from export.pdf_text import LineBlock, TextParagraph, TextStyle, Typesetter, keep_headings_with_text
from model.atomicfile import write_atomic
from model.batch_types import BatchResult
from model.drawn_text import clean_text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
TYPE_WIDTH = PAGE_WIDTH - 2 * MARGIN
TYPE_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - 8 * mm  # room for the page number below the type area
TITLE_SIZE, HEADING_SIZE, BODY_SIZE, CELL_SIZE, PAGE_NUMBER_SIZE = 18.0, 14.0, 11.0, 9.5, 10.5
TITLE = TextStyle(FontRole.TITLE, TITLE_SIZE)
HEADING = TextStyle(FontRole.HEADING1, HEADING_SIZE)
BODY = TextStyle(FontRole.BODY, BODY_SIZE)
CELL = TextStyle(FontRole.TABLE, CELL_SIZE)
HEAD_CELL = TextStyle(FontRole.HEADING1, CELL_SIZE)
HEADER_FILL = colors.HexColor("#E8EEF5")
BODY_LEADING = BODY_SIZE * 1.6
#: A table of at most this many rows is never split (the headline, the roll-up's rates).
UNSPLIT_ROWS = 10


def render_batch_pdf(result: BatchResult, today: date, fonts: FontSet | None = None) -> bytes:
    """The summary of `result` (made on `today`) as PDF bytes; `fonts` defaults to `resolve_fonts()`."""
    summary = summary_of(result, today)
    if fonts is None:
        fonts = resolve_fonts()
    with RENDER_LOCK:  # the report PDF's: the same font objects
        buffer = io.BytesIO()
        typesetter = Typesetter(fonts)
        document = _document(buffer, summary, typesetter)
        document.build(_story(summary, typesetter))
        return buffer.getvalue()


def export_batch_pdf(result: BatchResult, path: Path) -> None:
    """Write the summary PDF, made today, to `path` atomically."""
    write_atomic(path, render_batch_pdf(result, date.today()))


# --- the document ---------------------------------------------------------------------------------


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, typesetter: Typesetter, **kwargs) -> None:
        self.typesetter = typesetter
        super().__init__(buffer, **kwargs)


def _document(buffer: io.BytesIO, summary: BatchSummary, typesetter: Typesetter) -> _Document:
    document = _Document(
        buffer, typesetter, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=PAGE_HEIGHT - MARGIN - TYPE_HEIGHT, title=summary.title,
        subject="政府信息公开工作年度报告批量检查",
        creator="年报编制助手 nianbao", invariant=1, pageCompression=1, lang="zh-CN", displayDocTitle=1,
        initialFontName=typesetter.fonts.font_name(FontRole.BODY), initialFontSize=BODY_SIZE,
    )
    frame = Frame(MARGIN, PAGE_HEIGHT - MARGIN - TYPE_HEIGHT, TYPE_WIDTH, TYPE_HEIGHT, id="type-area",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=_page_number)])
    return document


def _page_number(canvas, document: _Document) -> None:
    """「— N —」 centred below the type area."""
    typesetter = document.typesetter
    style = TextStyle(FontRole.PAGE_NUMBER, PAGE_NUMBER_SIZE)
    line = typesetter.lines([(f"— {canvas.getPageNumber()} —", style)], TYPE_WIDTH, justify=False)[0]
    typesetter.draw_line(canvas, line, MARGIN + (TYPE_WIDTH - line.end) / 2, MARGIN)


# --- the story ------------------------------------------------------------------------------------


def _paragraph(ts: Typesetter, text: str, style: TextStyle = BODY, align: str = "left") -> TextParagraph:
    return TextParagraph(ts, [(clean_text(text).strip(), style)], style.size, style.size * 1.6, align=align)


def _with_heading(ts: Typesetter, heading: str, chart: ChartSpec) -> Flowable:
    """A section's heading kept on the page of the chart that follows it."""
    return KeepTogether([_heading(ts, heading), *_chart_parts(ts, chart)])


#: A section heading with less than this below it on the page starts the next page instead (never a
#: heading alone at the foot of a page, as 「四、有错误的报告」 was).
ROOM_BELOW_HEADING = 150.0


def _section_start(ts: Typesetter, text: str) -> list[Flowable]:
    return [CondPageBreak(ROOM_BELOW_HEADING), _heading(ts, text)]


def _heading(ts: Typesetter, text: str) -> Flowable:
    return TextParagraph(ts, [(text, HEADING)], HEADING_SIZE, HEADING_SIZE * 2.2, heading=True)


def _table(ts: Typesetter, headings: Sequence[str], rows: Sequence[Sequence[str]], shares: Sequence[float],
           numeric: frozenset[int] = frozenset()) -> Flowable:
    """A ruled table over the type area's width (`shares` of it per column), its header row repeated on
    every page; `numeric` columns are right-aligned."""
    widths = [TYPE_WIDTH * share / sum(shares) for share in shares]
    cells: list[list[Flowable]] = [[CellText(ts, h, HEAD_CELL) for h in headings]]
    for row in rows:
        cells.append([CellText(ts, clean_text(str(text)), CELL, "right" if index in numeric else "left")
                      for index, text in enumerate(row)])
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080")),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    table.spaceAfter = BODY_SIZE
    return KeepTogether([table]) if len(rows) <= UNSPLIT_ROWS else table


def drawable_chart(spec: ChartSpec, ts: Typesetter, width: float) -> Drawing:
    """export.chart_pdf's drawing of `spec`, each label split into runs by glyph coverage: a character the
    table font lacks (a rare one in an agency's name) is drawn by the face that has it, or as 「〓」."""
    drawing = chart_drawing(spec, ts.fonts.font_name(FontRole.TABLE), width)
    for index, shape in enumerate(drawing.contents):
        if not isinstance(shape, String):
            continue
        runs = ts.runs(shape.text, FontRole.TABLE)
        if len(runs) == 1 and runs[0][0] == shape.text:
            continue  # all in the table font: as drawn
        size = shape.fontSize
        total = sum(pdfmetrics.stringWidth(text, font, size) for text, font in runs)
        x = shape.x - {"start": 0.0, "middle": total / 2, "end": total}.get(shape.textAnchor, 0.0)
        group = Group()
        for text, font in runs:
            group.add(String(x, shape.y, text, fontName=font, fontSize=size, fillColor=shape.fillColor))
            x += pdfmetrics.stringWidth(text, font, size)
        drawing.contents[index] = group
    return drawing


def _chart_parts(ts: Typesetter, spec: ChartSpec) -> list[Flowable]:
    caption = LineBlock(ts, ts.lines([(spec.caption, BODY)], TYPE_WIDTH, justify=False), BODY_SIZE,
                        BODY_SIZE * 1.8, align="center")
    return [Spacer(TYPE_WIDTH, 6), drawable_chart(spec, ts, TYPE_WIDTH), caption]


def _story(summary: BatchSummary, ts: Typesetter) -> list[Flowable]:
    story: list[Flowable] = [
        _paragraph(ts, summary.title, TITLE, "center"),
        _paragraph(ts, f"汇总日期：{summary.date_text}", BODY, "center"),
        Spacer(TYPE_WIDTH, BODY_SIZE),
        _heading(ts, "一、总体情况"),
        _paragraph(ts, summary.overview),
        _headline_table(ts, summary),
    ]
    story += _findings(summary, ts)
    story += _agencies(summary, ts)
    story += _lists(summary, ts)
    story += _rollup(summary, ts)
    return keep_headings_with_text(story, TYPE_WIDTH, TYPE_HEIGHT, BODY_LEADING)


def _headline_table(ts: Typesetter, summary: BatchSummary) -> Flowable:
    # Two label–count pairs a row: the eleven figures in six short rows.
    pairs = list(summary.headline)
    rows = []
    for start in range(0, len(pairs), 2):
        chunk = pairs[start:start + 2]
        row: list[str] = []
        for label, count in chunk:
            row += [label, str(count)]
        rows.append(row + ["", ""] * (2 - len(chunk)))
    return _table(ts, ["项目", "数量", "项目", "数量"], rows, [3, 1, 3, 1], frozenset({1, 3}))


def _findings(summary: BatchSummary, ts: Typesetter) -> list[Flowable]:
    heading = "二、各类问题"
    if not summary.rules:
        return [_heading(ts, heading), _paragraph(ts, "未发现问题。")]
    story: list[Flowable] = [_with_heading(ts, heading, summary.rule_chart) if summary.rule_chart is not None
                             else _heading(ts, heading)]
    rows = [[rule.name, str(rule.errors), str(rule.warnings)] for rule in summary.rules]
    story.append(_table(ts, ["问题类型", "有此错误的报告（份）", "有此警告的报告（份）"], rows, [6, 2, 2],
                        frozenset({1, 2})))
    return story


def _agencies(summary: BatchSummary, ts: Typesetter) -> list[Flowable]:
    heading = "三、主要单位的申请数"
    if not summary.agencies or summary.agency_chart is None:
        return [_heading(ts, heading), _paragraph(ts, summary.agencies_rest or "没有填写本年新收的报告。")]
    story: list[Flowable] = [_with_heading(ts, heading, summary.agency_chart)]
    if summary.agencies_rest:
        story.append(_paragraph(ts, summary.agencies_rest))
    return story


def _lists(summary: BatchSummary, ts: Typesetter) -> list[Flowable]:
    story: list[Flowable] = _section_start(ts, "四、有错误的报告")
    if summary.error_reports:
        rows = [[r.agency, r.file_name, str(r.errors), r.worst] for r in summary.error_reports]
        story.append(_table(ts, ["单位", "文件", "错误", "最主要的问题"], rows, [3, 3, 0.8, 6], frozenset({2})))
    else:
        story.append(_paragraph(ts, "没有报告有错误。"))
    if summary.error_reports_more:
        story.append(_paragraph(ts, summary.error_reports_more))
    if summary.unreadable:
        story.append(_paragraph(ts, "无法读取的文件："))
        story.append(_table(ts, ["文件", "原因"], [list(row) for row in summary.unreadable], [4, 7]))
        if summary.unreadable_more:
            story.append(_paragraph(ts, summary.unreadable_more))
    story += _section_start(ts, "五、文字雷同")
    if summary.copies:
        rows = [[c.agency_a, c.agency_b, c.section, c.share, c.passage] for c in summary.copies]
        story.append(_table(ts, ["单位甲", "单位乙", "部分", "比例", "雷同文字（节选）"], rows,
                            [2.6, 2.6, 2.4, 1.1, 6.6], frozenset({3})))
    else:
        story.append(_paragraph(ts, "未发现报告之间雷同的文字。"))
    if summary.copies_more:
        story.append(_paragraph(ts, summary.copies_more))
    story += _section_start(ts, "六、上下级核对")
    if summary.hierarchy:
        rows = [[h.agency, h.severity, h.message] for h in summary.hierarchy]
        story.append(_table(ts, ["上级单位", "级别", "说明"], rows, [3, 1, 8]))
    if summary.hierarchy_more:
        story.append(_paragraph(ts, summary.hierarchy_more))
    if summary.missing_children:
        story.append(_paragraph(ts, "上下级关系表中没有报告的单位：" + "、".join(summary.missing_children) + "。"))
    if not summary.hierarchy and not summary.missing_children:
        story.append(_paragraph(ts, "未发现上下级数据不一致（未提供上下级关系表时不核对）。"))
    return story


def _rollup(summary: BatchSummary, ts: Typesetter) -> list[Flowable]:
    story: list[Flowable] = _section_start(ts, "七、汇总数据")
    if not summary.rollup_figures:
        return [*story, _paragraph(ts, "没有可汇总的报告。")]
    story.append(_paragraph(ts, f"以下为 {summary.rollup_sources} 份报告相加的汇总数据（单位：件）。"))
    story.append(_table(ts, [label for label, _value in summary.rollup_figures],
                        [[value for _label, value in summary.rollup_figures]], [1] * len(summary.rollup_figures),
                        frozenset(range(len(summary.rollup_figures)))))
    if summary.rollup_rates:
        rows = [[rate.name, rate.formula, rate.shown] for rate in summary.rollup_rates]
        story.append(_table(ts, ["比率", "计算方法", "汇总值"], rows, [2, 7, 1.6], frozenset({2})))
        story.append(_paragraph(ts, "分母不足 30 件的比率不计算，显示为「样本不足」。"))
    return story


__all__ = ["drawable_chart", "export_batch_pdf", "render_batch_pdf"]
