"""The report as a PDF laid out after GB/T 9704-2012 《党政机关公文格式》.

A4; top margin 37 mm, left (binding) margin 28 mm, type area 156 × 225 mm;
title in 小标宋 22 pt centred (a wrapped title in two lines of similar length);
one blank line; the opening paragraph(s); the six sections — headings
一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 — body in 仿宋 16 pt on a grid of
22 lines of 28 characters (line pitch 225 mm / 22 ≈ 29 pt), first lines
indented two characters, lines justified; the tables of sections 二 to 四 as
in the official template; the signature block (agency name one blank line
below the text, the date beneath it, placed as GB/T 9704 7.3.5.2 places an
unsealed signature). Page numbers "— N —" in 宋体 14 pt, 7 mm below the type
area, odd pages on the right and even pages on the left, one character in.

When the report has no publication date (meta.published is None), the date
line is left out: the signature block is the agency name alone, so that a
draft never carries a made-up date.

The same report and fonts always give the same bytes (reportlab's invariant
mode: fixed dates and document id; subset names are sequential).
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from export.cjk_lines import Line
from export.content import clean_text, date_text, paragraph_parts, title_text
from export.fonts import FontRole, FontSet, resolve_fonts
from export.pdf_tables import build_table
from export.pdf_text import (
    IDEOGRAPHIC_ASCENT,
    TextParagraph,
    TextStyle,
    TitleBlock,
    Typesetter,
    balanced_lines,
    keep_headings_with_text,
    title_breaks,
)
from model.atomicfile import write_atomic
from model.report import Report

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP_MARGIN = 37 * mm
LEFT_MARGIN = 28 * mm
TYPE_WIDTH = 156 * mm
TYPE_HEIGHT = 225 * mm
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - TYPE_HEIGHT

BODY_SIZE = 16.0  # 3号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = TYPE_HEIGHT / LINES_PER_PAGE  # ≈ 28.99 pt
#: 28 characters of 16 pt are 448 pt, the type area is 442.2 pt wide: like Word's document grid, the
#: characters advance a little less than their size (GB/T 9704: 28 characters a line).
BODY_CHAR_SPACE = TYPE_WIDTH / CHARS_PER_LINE - BODY_SIZE
TITLE_SIZE = 22.0  # 2号
TITLE_LEADING = 34.0
PAGE_NUMBER_SIZE = 14.0  # 4号
PAGE_NUMBER_DROP = 7 * mm  # from the bottom of the type area to the em dashes
#: Where an em dash sits above the baseline, as a fraction of the size (the middle of the em box).
DASH_HEIGHT = 0.38

BODY = TextStyle(FontRole.BODY, BODY_SIZE, BODY_CHAR_SPACE)
_ROLE_STYLES = {role: TextStyle(role, BODY_SIZE, BODY_CHAR_SPACE) for role in FontRole}

#: Renders are serialised: reportlab's font objects keep per-document state.
RENDER_LOCK = threading.Lock()


def render_pdf(report: Report, fonts: FontSet | None = None, *, charts: bool = False) -> bytes:
    """The report as PDF bytes. `fonts` defaults to `resolve_fonts()` (installed official fonts,
    else the bundled ones); `charts` adds the 附图 before the signature."""
    if fonts is None:
        fonts = resolve_fonts()
    with RENDER_LOCK:
        buffer = io.BytesIO()
        typesetter = Typesetter(fonts)
        document = _document(buffer, report, typesetter)
        document.build(_story(report, typesetter, charts))
        return buffer.getvalue()


def export_pdf(report: Report, path: Path, fonts: FontSet | None = None, *, charts: bool = False) -> None:
    """Write the PDF to `path` atomically: a reader sees the old file or the new one, never a mix."""
    write_atomic(path, render_pdf(report, fonts, charts=charts))


# --- the document ---------------------------------------------------------------------


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, typesetter: Typesetter, **kwargs) -> None:
        self.typesetter = typesetter
        super().__init__(buffer, **kwargs)


def _document(buffer: io.BytesIO, report: Report, typesetter: Typesetter) -> _Document:
    agency = clean_text(report.meta.agency).strip()
    document = _Document(
        buffer, typesetter,
        pagesize=A4, leftMargin=LEFT_MARGIN, rightMargin=PAGE_WIDTH - LEFT_MARGIN - TYPE_WIDTH,
        topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
        title=title_text(report), author=agency, subject="政府信息公开工作年度报告",
        creator="年报编制助手 nianbao", invariant=1, pageCompression=1, lang="zh-CN",
        initialFontName=typesetter.fonts.font_name(FontRole.BODY), initialFontSize=BODY_SIZE,
        displayDocTitle=1,
    )
    frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, TYPE_WIDTH, TYPE_HEIGHT, id="type-area",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=_page_number)])
    return document


def _page_number(canvas, document: _Document) -> None:
    """"— N —" 7 mm below the type area: odd pages right, even pages left, one character in."""
    number = canvas.getPageNumber()
    typesetter = document.typesetter
    style = TextStyle(FontRole.PAGE_NUMBER, PAGE_NUMBER_SIZE)
    text = f"— {number} —"
    line = typesetter.lines([(text, style)], TYPE_WIDTH, justify=False)[0]
    indent = PAGE_NUMBER_SIZE  # one character of the page number's size
    x = LEFT_MARGIN + TYPE_WIDTH - indent - line.end if number % 2 else LEFT_MARGIN + indent
    baseline = BOTTOM_MARGIN - PAGE_NUMBER_DROP - DASH_HEIGHT * PAGE_NUMBER_SIZE
    typesetter.draw_line(canvas, line, x, baseline)


# --- the story ------------------------------------------------------------------------


def _story(report: Report, typesetter: Typesetter, charts: bool = False) -> list[Flowable]:
    story: list[Flowable] = [_title(report, typesetter), Spacer(TYPE_WIDTH, LINE_PITCH)]
    for paragraph in report.preamble:
        story.append(_paragraph(typesetter, paragraph))
    template = report.template
    for section in report.sections:
        heading = _heading(typesetter, section.title)
        body = [_paragraph(typesetter, p) for p in section.paragraphs if clean_text(p).strip()]
        table_ids: tuple[str, ...] = ()
        if any(s.id == section.id for s in template.sections):
            table_ids = template.section(section.id).tables
        # Each table fits one page below its heading, at 五号 or smaller.
        room = TYPE_HEIGHT - LINE_PITCH
        tables = [build_table(template.table(t), report, typesetter, TYPE_WIDTH, room) for t in table_ids]
        if tables:
            tables[-1].spaceAfter = LINE_PITCH / 2
            # A section's tables move to the next page as a whole (with their heading) when they do not
            # fit below what precedes them; a table too tall for any page breaks between rows, its
            # header rows repeated (table 四, one row under its header, is never split).
            if body:
                story += [heading, *body, KeepTogether(tables)]
            else:
                story.append(KeepTogether([heading, *tables]))
        else:
            story += [heading, *body]
    if charts:
        story += _charts(report, typesetter)
    story += _signature(report, typesetter)
    return keep_headings_with_text(story, TYPE_WIDTH, TYPE_HEIGHT, LINE_PITCH)


def _charts(report: Report, typesetter: Typesetter) -> list[Flowable]:
    """附图: the heading and the charts of the report (export/charts.py); nothing when no chart has data."""
    from export.chart_pdf import chart_flowables  # only when asked: the option is off by default
    from export.charts import CHARTS_HEADING, chart_specs

    specs = chart_specs(report)
    if not specs:
        return []
    return [_heading(typesetter, CHARTS_HEADING), *chart_flowables(specs, typesetter, TYPE_WIDTH)]


def _title(report: Report, typesetter: Typesetter) -> TitleBlock:
    text = title_text(report)
    agency = clean_text(report.meta.agency).strip()
    # Only between words: after the agency name, the year, 「政府信息公开」, or an organisation's suffix.
    breaks = title_breaks(text, agency, f"{report.meta.year}年")
    return TitleBlock(typesetter, text, TextStyle(FontRole.TITLE, TITLE_SIZE), TITLE_LEADING, breaks)


def _heading(typesetter: Typesetter, title: str) -> TextParagraph:
    return TextParagraph(typesetter, [(clean_text(title).strip(), _ROLE_STYLES[FontRole.HEADING1])],
                         BODY_SIZE, LINE_PITCH, indent=2 * (BODY_SIZE + BODY_CHAR_SPACE), heading=True)


def _paragraph(typesetter: Typesetter, paragraph: str) -> TextParagraph:
    parts = paragraph_parts(paragraph)
    spans = [(text, _ROLE_STYLES[role]) for text, role in parts.spans]
    return TextParagraph(typesetter, spans, BODY_SIZE, LINE_PITCH, indent=2 * (BODY_SIZE + BODY_CHAR_SPACE),
                         heading=bool(parts.heading))


class SignatureBlock(Flowable):
    """Agency name one blank line below the text, the date beneath it. After GB/T 9704 (unsealed):
    the name ends two characters from the right edge; the date starts two characters right of the
    name's start, unless it is the longer one: then the date ends two characters from the edge and
    the name starts two characters left of the date's start."""

    def __init__(self, typesetter: Typesetter, agency: str, date: str) -> None:
        super().__init__()
        self.typesetter = typesetter
        self.agency = agency
        self.date = date
        #: Lines already placed (a part of a split block), else None: placed by wrap().
        self.fixed: list[tuple[Line[TextStyle], float]] | None = None
        #: Whether the block starts with the blank line (not so for the continuation of a split block).
        self.blank_line = True

    def _lines(self, width: float) -> list[tuple[Line[TextStyle], float]]:
        ts, em = self.typesetter, BODY_SIZE + BODY_CHAR_SPACE
        right = width - 2 * em
        # A name too long for one line is broken into even lines, each ending at the same place.
        name_lines = balanced_lines(ts, self.agency, BODY, right)
        placed = [(line, right - line.end) for line in name_lines]
        if not self.date:
            return placed
        date_line = ts.lines([(self.date, BODY)], width, justify=False)[0]
        start = min(x for _line, x in placed)
        date_x = start + 2 * em
        if date_x + date_line.end > right:  # the date is the longer: it ends two characters in
            date_x = right - date_line.end
            shift = min(0.0, date_x - 2 * em - start)
            placed = [(line, max(0.0, x + shift)) for line, x in placed]
        return [*placed, (date_line, date_x)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.placed = self.fixed if self.fixed is not None else self._lines(availWidth)
        self.height = LINE_PITCH * (int(self.blank_line) + len(self.placed))
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # Only a name too long for a page (a file with a pasted text as the agency) is split; a
        # normal signature block moves to the next page whole.
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // LINE_PITCH) - int(self.blank_line)
        if len(self.placed) <= LINES_PER_PAGE // 2 or fit < 2 or fit >= len(self.placed):
            return []
        return [self._part(self.placed[:fit], self.blank_line), self._part(self.placed[fit:], False)]

    def _part(self, placed: list[tuple[Line[TextStyle], float]], blank_line: bool) -> SignatureBlock:
        part = SignatureBlock(self.typesetter, self.agency, self.date)
        part.fixed, part.blank_line = placed, blank_line
        return part

    def draw(self) -> None:
        for index, (line, x) in enumerate(self.placed, start=int(self.blank_line)):
            top = self.height - index * LINE_PITCH
            baseline = top - (LINE_PITCH - BODY_SIZE) / 2 - IDEOGRAPHIC_ASCENT * BODY_SIZE
            self.typesetter.draw_line(self.canv, line, x, baseline)


def _signature(report: Report, typesetter: Typesetter) -> list[Flowable]:
    agency = clean_text(report.meta.agency).strip()
    if not agency:
        return []
    return [SignatureBlock(typesetter, agency, date_text(report.meta.published))]


__all__ = ["export_pdf", "render_pdf"]
