"""Paragraphs of a PDF rebuilt from its lines by geometry.

A PDF stores where each character is drawn, not where a paragraph ends. A new paragraph starts
where a line is indented (the first-line indent of about two characters), where the line before
ended well short of the right margin, where the size or the font changes (a heading), where the
line is a heading such as 一、… or （一）…, after a table and after a gap wider than the line
spacing. A paragraph that runs on to the next page stays one block (page furniture is already
gone). Lines drawn as columns (a table without ruling lines) become tab-separated wrapped lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from importing.document import Block, TableBlock, TextBlock
from importing.pdf_lines import Line, join_words
from importing.pdf_tables import PageTable, columns_of, is_table_row, tab_line

#: A line indented by this many character widths (or more) starts a paragraph.
INDENT = 1.5
#: A line ending this many character widths short of the right margin ends its paragraph.
SHORT = 2.0
#: A gap between lines this many times the usual line spacing separates paragraphs.
WIDE_SPACING = 1.6
#: A line with this many character widths free on either side is centred (a title), when both are alike.
CENTRED = 3.0
#: A size this many times the body's is a title.
TITLE_SCALE = 1.2
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")


@dataclass(frozen=True)
class Layout:
    """The body text's measures over the whole document."""

    left: float
    right: float
    size: float
    font: str
    spacing: float
    page_width: float

    def indented(self, line: Line) -> bool:
        return line.x0 - self.left >= INDENT * line.size

    def short(self, line: Line) -> bool:
        return self.right - line.x1 >= SHORT * line.size

    def ends_paragraph(self, line: Line, after: Line) -> bool:
        """The line ends short of the margin although what `after` starts with would have fitted."""
        return self.short(line) and after.lead < self.right - line.x1 - 0.1 * line.size

    def centred(self, line: Line) -> bool:
        before, after = line.x0 - self.left, self.right - line.x1
        return min(before, after) >= CENTRED * line.size and abs(before - after) < 1.5 * line.size

    def title_size(self, line: Line) -> bool:
        return line.size >= self.size * TITLE_SCALE


def measure(lines: list[Line], page_width: float) -> Layout:
    if not lines:
        return Layout(0.0, page_width, 12.0, "", 18.0, page_width)
    size = Counter(line.size for line in lines).most_common(1)[0][0]
    body = [line for line in lines if line.size == size] or lines
    font = Counter(line.font for line in body).most_common(1)[0][0]
    # The leftmost start that many lines share (a first-line indent is as common in short texts).
    starts = Counter(round(line.x0) for line in body)
    shared = [x for x, count in starts.items() if count >= max(2, len(body) // 10)]
    left = min(shared) if shared else min(starts)
    ends = sorted(line.x1 for line in body)
    right = ends[int(len(ends) * 0.9)] if len(ends) > 2 else ends[-1]
    steps = [b.top - a.top for a, b in pairwise(body) if a.page == b.page and b.top > a.top]
    spacing = median(steps) if steps else size * 1.5
    return Layout(float(left), right, size, font, spacing, page_width)


def _style(line: Line) -> tuple[float, bool]:
    # Not the font's name: a line of a web address is mostly in the Latin font.
    return line.size, line.bold


def _starts_paragraph(previous: Line, line: Line, layout: Layout) -> bool:
    if _style(previous) != _style(line):
        return True
    if layout.title_size(line) and previous.top < line.top <= previous.bottom + line.size:
        return False  # a title of two lines
    if layout.ends_paragraph(previous, line) or layout.indented(line) or HEADING.match(line.text):
        return True
    return previous.page == line.page and line.top - previous.top > WIDE_SPACING * layout.spacing


def build_blocks(items: list[Line | PageTable], layout: Layout) -> list[Block]:
    """Lines and tables in reading order as the document's blocks."""
    blocks: list[Block] = []
    paragraph: list[Line] = []
    title_given = False

    def flush() -> None:
        nonlocal title_given
        if not paragraph:
            return
        first = paragraph[0]
        text = first.text
        for line in paragraph[1:]:
            text = join_words(text, line.text)
        heading = None
        if not title_given and layout.title_size(first) and first.page <= 2:
            heading, title_given = 0, True
        emphasised = (heading == 0 or (first.bold and not _is_bold(layout.font)) or first.size > layout.size + 0.5
                      or (len(paragraph) == 1 and layout.centred(first)))
        blocks.append(TextBlock(text, f"第 {first.page} 页", heading, first.page, emphasised=emphasised))
        paragraph.clear()

    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, PageTable):
            flush()
            blocks.append(TableBlock(item.grid, item.grid.name, item.page, item.page))
            index += 1
            continue
        run = _column_run(items, index)
        if run:
            flush()
            columns = columns_of(run)
            blocks.extend(TextBlock(tab_line(line, columns), f"第 {line.page} 页", page=line.page, wrapped=True)
                          for line in run)
            index += len(run)
            continue
        if paragraph and _starts_paragraph(paragraph[-1], item, layout):
            flush()
        paragraph.append(item)
        index += 1
    flush()
    return blocks


def _is_bold(font: str) -> bool:
    return Line(0, 0, 0, 0, 0, 0, font, ()).bold


def _column_run(items: list[Line | PageTable], start: int) -> list[Line]:
    """The lines from `start` of a table drawn without ruling lines: two or more lines in columns,
    with the lines of two segments (a row whose other cells are blank) between or after them."""
    run: list[Line] = []
    rows = 0
    for item in items[start:]:
        if not isinstance(item, Line) or (run and item.page != run[0].page):
            break
        if is_table_row(item):
            rows += 1
        elif not (run and len(item.segments) == 2):
            break
        run.append(item)
    return run if rows >= 2 and is_table_row(run[0]) else []
