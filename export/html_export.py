"""The report as an accessible web page for the 政府信息公开专栏 (and its "仅正文" variant for a CMS editor).

The content and its order are the PDF's (export/pdf.py): the title (h1); the
opening paragraphs; each section's title (h2), its paragraphs and its tables;
the signature block (the agency, then the date when one is set), right-aligned.
A heading paragraph becomes a heading one level below the heading it belongs to
— （一） h3 and 1. h4 under a section title — and never skips a level: a 1.
directly under a section title is an h3, its （1） an h4. A run-in heading is
<strong> inside its paragraph. Tables: export/html_tables.py; look:
export/html_style.py.

One self-contained file: styles in one <style>, no script, no fonts, images or
anything else fetched. `body_only` gives a single <div class="nianbao-report">
with every style inline, to paste into a CMS editor. The same report always gives
the same bytes (no dates of rendering, ids from the template's ids).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from export.content import clean_text, date_text, paragraph_parts, title_text
from export.html_style import Styler, style_sheet
from export.html_tables import escape_text, render_table
from model.atomicfile import write_atomic
from model.report import Report

#: The deepest HTML heading level.
DEEPEST = 6


def render_html(report: Report, *, body_only: bool = False, charts: bool = False) -> bytes:
    """The web page as UTF-8 bytes; with `body_only`, the 仅正文 fragment; `charts` adds the 附图 (inline
    SVG with a text alternative, and each chart's numbers as a table) before the signature."""
    styler = Styler(inline=body_only)
    content = "\n".join(_content(report, styler, charts))
    if body_only:
        return f'<div{styler.attrs("nianbao-report")} lang="zh-CN">\n{content}\n</div>\n'.encode()
    title = escape_text(title_text(report))
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="年报编制助手 nianbao">\n'
        f"<title>{title}</title>\n"
        f"<style>\n{style_sheet()}\n</style>\n"
        "</head>\n"
        "<body>\n"
        f'<main{styler.attrs("nianbao-report")}>\n{content}\n</main>\n'
        "</body>\n"
        "</html>\n"
    )
    return page.encode()


def export_html(report: Report, path: Path, *, charts: bool = False) -> None:
    """Write the web page to `path` atomically."""
    write_atomic(path, render_html(report, charts=charts))


def export_html_body(report: Report, path: Path, *, charts: bool = False) -> None:
    """Write the 仅正文 fragment (for a CMS editor) to `path` atomically."""
    write_atomic(path, render_html(report, body_only=True, charts=charts))


class HeadingLevels:
    """HTML heading levels for the report's heading paragraphs (一、 1, （一） 2, 1. 3, （1） 4) below a
    heading of level `base`: each heading is one level below the nearest preceding heading of a
    higher rank, so that no level is skipped whatever levels the text uses."""

    def __init__(self, base: int) -> None:
        self.base = base
        #: (report level, HTML level) of the headings the next one may belong to, outermost first.
        self.open: list[tuple[int, int]] = []

    def level(self, report_level: int) -> int:
        while self.open and self.open[-1][0] >= report_level:
            self.open.pop()
        parent = self.open[-1][1] if self.open else self.base
        level = min(parent + 1, DEEPEST)
        self.open.append((report_level, level))
        return level


def _content(report: Report, styler: Styler, charts: bool = False) -> Iterator[str]:
    yield f"<h1{styler.attrs('nb-h1')}>{escape_text(title_text(report))}</h1>"
    levels = HeadingLevels(1)
    for paragraph in report.preamble:
        yield from _paragraph(paragraph, levels, styler)
    template = report.template
    for section in report.sections:
        known = any(s.id == section.id for s in template.sections)
        title = clean_text(section.title).strip()
        if not title and known:
            title = template.section(section.id).title  # an empty heading would say nothing to a reader
        yield f"<h2{styler.attrs('nb-h2')}>{escape_text(title)}</h2>"
        levels = HeadingLevels(2)
        for paragraph in section.paragraphs:
            yield from _paragraph(paragraph, levels, styler)
        for table_id in template.section(section.id).tables if known else ():
            yield render_table(template.table(table_id), report, styler)
    if charts:
        yield from _charts(report, styler)
    yield from _signature(report, styler)


def _charts(report: Report, styler: Styler) -> Iterator[str]:
    from export.chart_svg import chart_figures_html
    from export.charts import CHARTS_HEADING, chart_specs

    specs = chart_specs(report)
    if specs:
        yield f"<h2{styler.attrs('nb-h2')}>{CHARTS_HEADING}</h2>"
        yield chart_figures_html(specs, attrs=styler.attrs)


def _paragraph(paragraph: str, levels: HeadingLevels, styler: Styler) -> Iterator[str]:
    parts = paragraph_parts(paragraph)
    if not any(text for text, _role in parts.spans):
        return  # an empty paragraph prints nothing (as in the PDF)
    if parts.heading:
        level = levels.level(parts.heading)
        yield f"<h{level}{styler.attrs(f'nb-h{level}')}>{escape_text(parts.spans[0][0])}</h{level}>"
        return
    inner = []
    for index, (text, _role) in enumerate(parts.spans):
        # The first of several spans is a run-in heading ("（一）积极主动公开。" then its text), whatever
        # its printed role (a run-in "1." is in the body face).
        if index == 0 and len(parts.spans) > 1:
            inner.append(f"<strong{styler.attrs('nb-run-in')}>{escape_text(text)}</strong>")
        else:
            inner.append(escape_text(text))
    yield f"<p{styler.attrs('nb-p')}>{''.join(inner)}</p>"


def _signature(report: Report, styler: Styler) -> Iterator[str]:
    agency = clean_text(report.meta.agency).strip()
    if not agency:
        return
    lines = [agency]
    date = date_text(report.meta.published)
    if date:
        lines.append(date)
    yield f"<div{styler.attrs('nb-signature')}>"
    for line in lines:
        yield f"<p{styler.attrs('nb-signature-line')}>{escape_text(line)}</p>"
    yield "</div>"


__all__ = ["HeadingLevels", "export_html", "export_html_body", "render_html"]
