"""The statistical tables in the PDF, drawn from model.layout.table_grid.

Each table is a reportlab Table whose merged cells are exactly the grid's
(SPAN commands), with 0.5 pt rules, header labels centred, numbers centred and
formatted by model.checks.format_value (a blank cell stays empty). Column
widths always add up to the type area's width; row heights are computed here
from the wrapped labels so that a label spanning several rows (自然人, the
corner note of table 三) gets the room it needs.
"""

from __future__ import annotations

import math
import re

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from export.fonts import FontRole
from export.pdf_text import IDEOGRAPHIC_ASCENT, TextStyle, Typesetter
from export.table_cells import Placed, placed_cells
from model.drawn_text import clean_text
from model.layout import GridCellKind, TableGrid, table_grid
from model.report import Report, format_value
from model.template import Table as TemplateTable

TABLE_SIZE = 10.5  # 五号
#: Smaller sizes tried, in order, when a table at 五号 is taller than the room it must fit in.
SMALLER_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5)
LEADING_RATIO = 1.25
H_PAD = 3.0
V_PAD = 2.0
RULE = 0.5
#: Label markers after which a wrapped label is preferably broken: "（三）" / "三、" / "1.".
_MARKER = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．])")


#: Vertical presentation forms, for a label written one character a line ("三、本年度办理结果" in its
#: narrow column): a comma at the top right of its box, brackets turned, as in vertical writing.
VERTICAL_FORMS = str.maketrans({
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖",
    "（": "︵", "）": "︶", "《": "︽", "》": "︾", "“": "﹁", "”": "﹂", "…": "︙", "—": "︱",
})


class CellText(Flowable):
    """Text of one table cell, wrapped to the cell's width, lines aligned left, centred or right.
    `fit`: a number that does not fit the width is set smaller rather than wrapped."""

    def __init__(self, typesetter: Typesetter, text: str, style: TextStyle, align: str = "center",
                 leading: float | None = None, fit: bool = False) -> None:
        super().__init__()
        self.typesetter = typesetter
        self.text = text
        self.style = style
        self.align = align
        self.leading = leading or style.size * LEADING_RATIO
        self.fit = fit
        self._wrapped_for: float | None = None
        self.lines: list = []
        self.size = style.size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_for != availWidth:
            self._wrapped_for = availWidth
            self._break(availWidth)
        self.width = availWidth
        self.height = self.leading * len(self.lines)
        return availWidth, self.height

    def _break(self, width: float) -> None:
        style, ts = self.style, self.typesetter
        if self.fit:
            natural = ts.measure(self.text, style)
            if natural > width:
                style = TextStyle(style.role, style.size * width / natural, style.char_space)
            self.size = style.size
            self.lines = ts.lines([(self.text, style)], max(width, 1.0), justify=False)[:1]
            return
        if width < 2 * style.size:  # one character a line: vertical writing
            fonts = ts.fonts
            vertical = "".join(v if fonts.has_glyph(style.role, v) else c
                               for c, v in zip(self.text, self.text.translate(VERTICAL_FORMS), strict=True))
            self.lines = ts.lines([(vertical, style)], width, justify=False)
            return
        lines = ts.lines([(self.text, style)], width, justify=False)
        marker = _MARKER.match(self.text)
        if len(lines) > 1 and marker and marker.end() < len(self.text):
            # "（三）" then "不予公开" rather than "（三）不" then "予公开", if that costs no extra line.
            head, rest = self.text[: marker.end()], self.text[marker.end():]
            if ts.measure(head, style) <= width:
                tail = ts.lines([(rest, style)], width, justify=False)
                if 1 + len(tail) <= len(lines):
                    lines = [ts.lines([(head, style)], width, justify=False)[0], *tail]
        self.lines = lines

    def draw(self) -> None:
        for index, line in enumerate(self.lines):
            if self.align == "center":
                x = (self.width - line.end) / 2
            elif self.align == "right":
                x = self.width - line.end
            else:
                x = 0.0
            top = self.height - index * self.leading
            baseline = top - (self.leading - self.size) / 2 - IDEOGRAPHIC_ASCENT * self.size
            self.typesetter.draw_line(self.canv, line, x, baseline)


#: The words of the applicant headers of table 三 (and of others like them): a header label is never
#: broken inside one. 「自然人」 is one word; the others are words of two characters (「社会公益组织」 is
#: 社会|公益|组织). A character of a label not covered by these is a word by itself.
HEADER_WORDS = ("自然人", "商业", "企业", "科研", "机构", "社会", "公益", "组织", "法律", "服务", "其他", "总计",
                "结果", "维持", "纠正", "尚未", "审结")
#: The most characters a line of a data column's header is given.
_MAX_HEADER_CHARS = 8


def header_words(label: str) -> list[str]:
    """`label` cut into its words (HEADER_WORDS, longest first; other characters one by one)."""
    words: list[str] = []
    i = 0
    ordered = sorted(HEADER_WORDS, key=len, reverse=True)
    while i < len(label):
        word = next((w for w in ordered if label.startswith(w, i)), label[i])
        words.append(word)
        i += len(word)
    return words


def _breaks_between_words(typesetter: Typesetter, label: str, style: TextStyle, width: float) -> bool:
    """Whether `label`, wrapped to `width` as its cell wraps it, breaks only between its words."""
    bounds, at = set(), 0
    for word in header_words(label):
        at += len(word)
        bounds.add(at)
    lines = typesetter.lines([(label, style)], width, justify=False)
    at = 0
    for line in lines[:-1]:
        at += len(line.text)
        if at not in bounds:
            return False
    return True


def _header_widths(grid: TableGrid, typesetter: Typesetter, style: TextStyle) -> list[list[tuple[float, float]]]:
    """For each data column, the ranges of cell widths (padding included, narrowest first) at which
    the header labels standing over that column alone break only between words."""
    table = grid.table
    labels_over: list[list[str]] = [[] for _ in table.columns]
    first_column = grid.data_position(0, 0)[1] if table.rows else grid.label_columns
    for cell in grid.cells:
        if cell.kind is GridCellKind.HEADER and cell.column_span == 1 and cell.column >= first_column:
            labels_over[cell.column - first_column].append(clean_text(cell.text))
    em, pad = style.size, 2 * H_PAD
    result = []
    for labels in labels_over:
        longest = max((len(w) for label in labels for w in header_words(label)), default=2)
        ranges: list[tuple[float, float]] = []
        for n in range(max(2, longest), _MAX_HEADER_CHARS + 1):
            if not all(_breaks_between_words(typesetter, label, style, n * em + 0.5) for label in labels):
                continue
            low, high = n * em + pad + 0.5, (n + 1) * em + pad if n < _MAX_HEADER_CHARS else math.inf
            if ranges and abs(ranges[-1][1] - low) < 1:  # n and n + 1 both keep the words: one range
                ranges[-1] = (ranges[-1][0], high)
            else:
                ranges.append((low, high))
        result.append(ranges or [(max(2, longest) * em + pad + 0.5, math.inf)])
    return result


def column_widths(grid: TableGrid, typesetter: Typesetter, style: TextStyle, width: float,
                  report: Report) -> list[float]:
    """Widths adding up to `width`: label columns as the official forms have them (a narrow column for
    an outer label written one character a line, four characters for the next level, the rest for the
    innermost labels), data columns at least two characters (headers wrap) or the widest number.
    In a table with nested labels a data column is as wide as its header's words need (「自然人」 never
    becomes 「自然/人」), the width taken from the innermost label column; numbers wider than what is
    left shrink (CellText.fit) rather than header words breaking."""
    table = grid.table
    em = style.size
    pad = 2 * H_PAD
    data = []
    for column in table.columns:
        widest = max((typesetter.measure(format_value(v), style)
                      for v in (report.value(table.id, r.id, column.id) for r in table.rows) if v is not None),
                     default=0.0)
        data.append(max(2 * em + pad + 0.5, widest + pad))
    labels = grid.label_columns
    if labels == 0:
        share = width / len(data)
        if all(d <= share for d in data):
            return [share] * len(data)
        rest = width - sum(data)
        return [d + rest / len(data) for d in data] if rest >= 0 else [d * width / sum(data) for d in data]
    if labels == 1:
        label = round(width * 0.3, 2)
        share = (width - label) / len(data)
        return [label] + [share] * len(data)
    inner = [em + pad + 0.5] + [4 * em + pad + 0.5] * (labels - 2)
    minimum = 8 * em + pad
    room = width - sum(inner) - minimum  # the most the data columns may take
    ranges = _header_widths(grid, typesetter, style)
    # The narrowest width that keeps the header's words whole and fits the widest number ...
    wanted = []
    for spans, need in zip(ranges, data, strict=True):
        fitting = [max(low, need) for low, high in spans if need < high]
        wanted.append(fitting[0] if fitting else spans[-1][0])
    if sum(wanted) > room:
        # ... else as near the number's width as the narrowest word-keeping range allows, the room
        # shared in proportion to what each column lacks; the numbers shrink to fit.
        base = [spans[0][0] for spans in ranges]
        caps = [min(max(need, low), high - 0.01) for (low, high), need in zip((r[0] for r in ranges), data,
                                                                               strict=True)]
        extra, lacking = room - sum(base), sum(caps) - sum(base)
        share = 1.0 if lacking <= extra else max(0.0, extra) / lacking
        wanted = [b + (c - b) * share for b, c in zip(base, caps, strict=True)]
    if sum(wanted) > room:  # headers that cannot all be kept whole: the data columns give way, evenly
        wanted = [d * room / sum(wanted) for d in wanted]
    data = wanted
    last = width - sum(inner) - sum(data)
    return [*inner, last, *data]


def build_table(table: TemplateTable, report: Report, typesetter: Typesetter, width: float,
                max_height: float | None = None) -> Table:
    """The reportlab Table of one template table (with its caption row, if it has a caption), at 五号,
    or at the largest smaller size that makes it no taller than `max_height`."""
    result = _build(table, report, typesetter, width, TABLE_SIZE)
    if max_height is not None:
        for size in SMALLER_SIZES:
            if sum(result._argH) <= max_height:
                break
            result = _build(table, report, typesetter, width, size)
    return result


def _build(table: TemplateTable, report: Report, typesetter: Typesetter, width: float, size: float) -> Table:
    grid = table_grid(table)
    style = TextStyle(FontRole.TABLE, size)
    caption_rows = 1 if table.caption else 0
    n_rows = grid.row_count + caption_rows
    n_cols = grid.column_count
    widths = column_widths(grid, typesetter, style, width, report)
    placed = placed_cells(grid, report, caption_rows)

    data: list[list[object]] = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), RULE, colors.black),
        # Only for the empty cells (reportlab would set its default Helvetica, an unembedded font).
        ("FONTNAME", (0, 0), (-1, -1), typesetter.fonts.font_name(FontRole.TABLE)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), H_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), H_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), V_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), V_PAD),
    ]
    heights = [size * LEADING_RATIO + 2 * V_PAD] * n_rows
    spanning: list[tuple[Placed, float]] = []
    for cell in placed:
        flowable = CellText(typesetter, cell.text, style, cell.align, fit=cell.fit)
        data[cell.row][cell.column] = flowable
        if cell.row_span > 1 or cell.column_span > 1:
            commands.append(("SPAN", (cell.column, cell.row),
                             (cell.column + cell.column_span - 1, cell.row + cell.row_span - 1)))
        cell_width = sum(widths[cell.column: cell.column + cell.column_span]) - 2 * H_PAD
        needed = flowable.wrap(cell_width, 1e6)[1] + 2 * V_PAD
        if cell.row_span == 1:
            heights[cell.row] = max(heights[cell.row], needed)
        else:
            spanning.append((cell, needed))
    # A label spanning rows that need less than it does: share the difference among those rows.
    for cell, needed in sorted(spanning, key=lambda item: item[0].row_span):
        rows = range(cell.row, cell.row + cell.row_span)
        have = sum(heights[r] for r in rows)
        if needed > have:
            extra = (needed - have) / cell.row_span
            for r in rows:
                heights[r] += extra
    header_rows = caption_rows + grid.header_rows
    result = Table(data, colWidths=widths, rowHeights=heights, repeatRows=header_rows, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result
