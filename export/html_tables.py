"""The statistical tables of the web page: data tables with the official merged cells.

The cells are export.table_cells.placed_cells, as in every writer: rowspan and
colspan are the grid's. A table with one header row and at most one label
column (the four sub-tables of 二) says which cells a header describes with
`scope`; the two-level headers of 三 and 四 with `id` on every header cell and
`headers` on every data cell (its column headers from the top down, then its row
labels from the outside in), which screen readers follow where `scope` is
ambiguous. Ids come from the table, row and column ids: stable across renders.

A blank cell is printed empty but holds a visually hidden 「空」: screen readers
(NVDA, JAWS, VoiceOver, and the 争渡 / 阳光 readers used in China) read a cell's
text reliably, while an aria-label on a <td> is ignored by several of them in
table navigation; axe-core accepts both. 0 is printed "0".
"""

from __future__ import annotations

import html
import re

from export.html_style import Styler
from export.table_cells import Placed, placed_cells
from model.drawn_text import clean_text
from model.layout import TableGrid, table_grid
from model.report import Report
from model.template import Table

#: "三、" at the start of a section title: left out of a table's name ("表三 收到和处理政府信息公开申请情况").
_SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")

#: The text of a blank cell for screen readers (visually hidden).
BLANK_TEXT = "空"


def table_caption(table: Table, report: Report) -> str:
    """The table's caption, or, for a table the template prints without one (三 and 四), its name and
    the section's subject: 「表三 收到和处理政府信息公开申请情况」."""
    caption = clean_text(table.caption).strip()
    if caption:
        return caption
    subject = ""
    if any(s.id == table.section_id for s in report.template.sections):
        subject = _SECTION_NUMBER.sub("", report.template.section(table.section_id).title)
    return f"{table.name} {subject}".strip()


def caption_id(table: Table) -> str:
    return f"nb-{table.id}-caption"


def uses_header_ids(grid: TableGrid) -> bool:
    """Whether the table needs headers/id (two header rows or two label columns) rather than scope."""
    return grid.header_rows > 1 or grid.label_columns > 1


def header_id(grid: TableGrid, cell: Placed) -> str:
    """A stable id for a header, label or corner cell, from the ids of the column or row it starts at."""
    table = grid.table
    if cell.kind == "header":
        return f"nb-{table.id}-h{cell.row}-{table.columns[cell.column - grid.label_columns].id}"
    if cell.kind == "label":
        return f"nb-{table.id}-r{cell.column}-{table.rows[cell.row - grid.header_rows].id}"
    return f"nb-{table.id}-corner"


def data_headers(grid: TableGrid, headers: list[Placed], row: int, column: int) -> list[Placed]:
    """The header cells of the data cell at grid (row, column): its column headers from the top down,
    then its row labels from the outside in."""
    over = sorted((h for h in headers if h.kind == "header" and h.column <= column < h.column + h.column_span),
                  key=lambda h: h.row)
    beside = sorted((h for h in headers if h.kind == "label" and h.row <= row < h.row + h.row_span),
                    key=lambda h: h.column)
    return [*over, *beside]


def render_table(table: Table, report: Report, styler: Styler) -> str:
    """The table in its focusable scrolling box, labelled by its caption."""
    grid = table_grid(table)
    placed = placed_cells(grid, report, 0)
    headers = [p for p in placed if p.kind != "data"]
    by_id = uses_header_ids(grid)
    starts: dict[tuple[int, int], Placed | None] = {(p.row, p.column): p for p in placed}
    for r in range(len(table.rows)):
        for c in range(len(table.columns)):
            starts.setdefault(grid.data_position(r, c), None)  # a blank cell
    rows: list[str] = []
    for r in range(grid.row_count):
        cells = []
        for (row, column), cell in sorted(starts.items()):
            if row != r:
                continue
            if cell is None or cell.kind == "data":
                cells.append(_data_cell(grid, headers, row, column, cell, by_id, styler))
            else:
                cells.append(_header_cell(grid, cell, by_id, styler))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head, body = rows[:grid.header_rows], rows[grid.header_rows:]
    cid = caption_id(table)
    parts = [f'<div{styler.attrs("nb-region")} role="region" aria-labelledby="{cid}" tabindex="0">',
             f'<table{styler.attrs("nb-table")}>',
             f'<caption id="{cid}"{styler.attrs("nb-caption")}>{_text(table_caption(table, report))}</caption>']
    if head:
        parts.append("<thead>\n" + "\n".join(head) + "\n</thead>")
    parts.append("<tbody>\n" + "\n".join(body) + "\n</tbody>")
    parts.append("</table>\n</div>")
    return "\n".join(parts)


def _spans(cell: Placed) -> str:
    spans = ""
    if cell.row_span > 1:
        spans += f' rowspan="{cell.row_span}"'
    if cell.column_span > 1:
        spans += f' colspan="{cell.column_span}"'
    return spans


def _header_cell(grid: TableGrid, cell: Placed, by_id: bool, styler: Styler) -> str:
    if cell.kind == "label":
        outer = grid.label_columns > 1 and cell.align == "center"
        look = "nb-label-outer" if outer else "nb-label"
        scope = "rowgroup" if cell.row_span > 1 else "row"
    else:
        look = "nb-corner" if cell.kind == "corner" else "nb-header"
        scope = "colgroup" if cell.column_span > 1 else "col"
    # headers/id for the two-level tables; scope alone where it is unambiguous.
    relation = f' id="{header_id(grid, cell)}"' if by_id else f' scope="{scope}"'
    return f"<th{relation}{_spans(cell)}{styler.attrs(look)}>{_text(cell.text)}</th>"


def _data_cell(grid: TableGrid, headers: list[Placed], row: int, column: int, cell: Placed | None,
               by_id: bool, styler: Styler) -> str:
    relation = ""
    if by_id:
        ids = " ".join(header_id(grid, h) for h in data_headers(grid, headers, row, column))
        relation = f' headers="{ids}"'
    content = (f"<span{styler.attrs('nb-blank')}>{BLANK_TEXT}</span>" if cell is None else _text(cell.text))
    return f"<td{relation}{styler.attrs('nb-num')}>{content}</td>"


def _text(text: str) -> str:
    return escape_text(text)


def _html_forbidden(char: str) -> bool:
    code = ord(char)
    return 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def escape_text(text: str) -> str:
    """Cleaned text (model.drawn_text.clean_text) as HTML: escaped, a line break as <br>; lone surrogates
    and noncharacters (which UTF-8 cannot carry or HTML forbids) dropped."""
    if not text.isprintable():  # surrogates and noncharacters are not printable: the common case is fast
        text = "".join(char for char in text if not _html_forbidden(char))
    return html.escape(text, quote=True).replace("\n", "<br>")
