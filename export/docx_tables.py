"""The statistical tables in the Word document: real Word tables drawn from export.table_cells.

Merged cells are Word's own (w:gridSpan across columns, w:vMerge down rows), exactly the grid's; the
caption row and header rows repeat after a page break (w:tblHeader); no row is split across pages
(w:cantSplit) and a section's tables are kept on one page with their heading (keep-with-next on every
row but the last), as the PDF keeps them. Rules 0.5 pt; text 五号, centred or left as the PDF aligns
it; numbers as printed (a blank cell stays empty, 0 is "0").

Column widths follow export/pdf_tables.column_widths (which measures with reportlab's fonts) by
counting characters: a Chinese character is one em of 五号, a digit or Latin letter half of one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.oxml.ns import nsdecls

from export.docx_styles import STYLE_IDS, TABLE_SIZE_PT, TABLE_STYLE, TYPE_WIDTH, parse
from export.docx_text import text_ems, xml_safe
from export.table_cells import Placed, placed_cells
from model.layout import GridCellKind, TableGrid, table_grid
from model.report import Report, format_value
from model.template import Table as TemplateTable

#: Cell padding (as the PDF's), in twips: 3 pt left and right, 2 pt above and below.
H_PAD = 60
V_PAD = 40
RULE = 4  # eighths of a point: 0.5 pt
EM = round(TABLE_SIZE_PT * 20)  # one 五号 character, in twips
#: A label column this narrow (the outer one of table 三) is written top to bottom, one character a
#: line (w:textDirection tbRlV: upright characters, punctuation turned as in vertical writing).
VERTICAL_BELOW = 2 * EM
#: Label markers after which a wrapped label is broken: "（三）" / "三、" / "1." (as the PDF does).
_MARKER = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．])")


def _header_ems(text: str) -> int:
    """Characters a line a column header needs so that its last line is not one lone character
    (「自然人」 on one line rather than 「自然/人」); two unless that leaves one alone."""
    n = round(text_ems(text) + 0.49)
    for per_line in (2, 3):
        if n <= per_line or n % per_line != 1:
            return per_line
    return 2


def column_widths(grid: TableGrid, report: Report, width: int = TYPE_WIDTH) -> list[int]:
    """Widths in twips adding up to `width`: label columns as the official forms have them (a narrow
    column for an outer label written top to bottom, four characters for the next level, the rest for
    the innermost labels), data columns as wide as their header words and widest number need."""
    table = grid.table
    pad = 2 * H_PAD
    leaf_headers = {cell.column: cell.text for cell in grid.cells
                    if cell.kind is GridCellKind.HEADER and cell.column_span == 1}
    data: list[float] = []
    for index, column in enumerate(table.columns):
        widest = max((text_ems(format_value(v)) for v in
                      (report.value(table.id, r.id, column.id) for r in table.rows) if v is not None), default=0.0)
        header = leaf_headers.get(grid.label_columns + index, "")
        data.append(max(_header_ems(header) * EM, widest * EM) + pad + 10)
    labels = grid.label_columns
    widths: list[float]
    if labels == 0:
        share = width / len(data)
        if all(d <= share for d in data):
            widths = [share] * len(data)
        else:
            rest = width - sum(data)
            widths = [d + rest / len(data) for d in data] if rest >= 0 else [d * width / sum(data) for d in data]
    elif labels == 1:
        label = width * 0.3
        widths = [label] + [(width - label) / len(data)] * len(data)
    else:
        inner = [EM * 1.3 + pad + 10] + [4 * EM + pad + 10] * (labels - 2)
        last = width - sum(inner) - sum(data)
        minimum = 8 * EM + pad
        if last < minimum:  # too many wide numbers: the data columns give way, evenly
            data_total = width - sum(inner) - minimum
            data = [d * data_total / sum(data) for d in data]
            last = minimum
        widths = [*inner, last, *data]
    rounded = [round(w) for w in widths]
    rounded[labels - 1 if labels else -1] += width - sum(rounded)  # the rounding, in the widest label
    return rounded


def table_elements(table: TemplateTable, report: Report, *, keep_with_next: bool) -> object:
    """The w:tbl element of one template table (its caption row first, when it has a caption).
    `keep_with_next`: the last row too is kept with what follows (another table of the section)."""
    return parse(table_xml(table, report, keep_with_next=keep_with_next))


def table_xml(table: TemplateTable, report: Report, *, keep_with_next: bool) -> str:
    grid = table_grid(table)
    caption_rows = 1 if table.caption else 0
    cells = placed_cells(grid, report, caption_rows)
    widths = column_widths(grid, report)
    n_rows = grid.row_count + caption_rows
    starts = {(cell.row, cell.column): cell for cell in cells}
    # Positions covered by a cell that starts in a row above: (row, first column) → that cell.
    continued = {(r, cell.column): cell for cell in cells if cell.row_span > 1
                 for r in range(cell.row + 1, cell.row + cell.row_span)}
    covered = {(r, c) for cell in cells for r in range(cell.row, cell.row + cell.row_span)
               for c in range(cell.column, cell.column + cell.column_span)}
    header_rows = caption_rows + grid.header_rows
    rows = []
    for r in range(n_rows):
        keep = keep_with_next or r < n_rows - 1
        row_cells = []
        c = 0
        while c < len(widths):
            if (r, c) in starts:
                cell = starts[(r, c)]
                row_cells.append(_cell(cell, widths, "restart" if cell.row_span > 1 else None, keep))
                c += cell.column_span
            elif (r, c) in continued:
                cell = continued[(r, c)]
                row_cells.append(_cell(cell, widths, "continue", keep))
                c += cell.column_span
            else:
                if (r, c) in covered:  # pragma: no cover - the grid has no overlapping cells
                    raise ValueError(f"表格 {table.id} 第 {r + 1} 行第 {c + 1} 列的合并单元格不一致")
                row_cells.append(_cell(Placed(r, c, 1, 1, "", "center"), widths, None, keep))
                c += 1
        header = '<w:tblHeader/>' if r < header_rows else ""
        rows.append(f'<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{"".join(row_cells)}</w:tr>')
    grid_columns = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{side} w:val="single" w:sz="{RULE}" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    properties = (
        f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{V_PAD}" w:type="dxa"/><w:left w:w="{H_PAD}" w:type="dxa"/>'
        f'<w:bottom w:w="{V_PAD}" w:type="dxa"/><w:right w:w="{H_PAD}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    )
    return (f'<w:tbl {nsdecls("w")}>{properties}<w:tblGrid>{grid_columns}</w:tblGrid>'
            f'{"".join(rows)}</w:tbl>')


def _cell(cell: Placed, widths: Sequence[int], merge: str | None, keep: bool) -> str:
    width = sum(widths[cell.column: cell.column + cell.column_span])
    span = f'<w:gridSpan w:val="{cell.column_span}"/>' if cell.column_span > 1 else ""
    vmerge = ""
    if merge == "restart":
        vmerge = '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        vmerge = '<w:vMerge/>'
    vertical = width < VERTICAL_BELOW and cell.row_span > 2 and merge != "continue"
    direction = '<w:textDirection w:val="tbRlV"/>' if vertical else ""
    properties = (f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{vmerge}{direction}'
                  f'<w:vAlign w:val="center"/></w:tcPr>')
    text = "" if merge == "continue" else xml_safe(cell.text)
    paragraph_properties = f'<w:pStyle w:val="{STYLE_IDS[TABLE_STYLE]}"/>'
    if keep:
        paragraph_properties += '<w:keepNext/>'
    if cell.align != "center" and not vertical:
        paragraph_properties += f'<w:jc w:val="{cell.align}"/>'
    runs = ""
    if text:
        pieces = _label_lines(text, width - 2 * H_PAD) if cell.kind == "label" and not vertical else [text]
        inner = '<w:br/>'.join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in pieces)
        runs = f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/>{_fitted_size(cell, width)}</w:rPr>{inner}</w:r>'
    return f'<w:tc>{properties}<w:p><w:pPr>{paragraph_properties}</w:pPr>{runs}</w:p></w:tc>'


def _fitted_size(cell: Placed, width: int) -> str:
    """A number too wide for its column is set smaller rather than wrapped (as the PDF sets it)."""
    needed = text_ems(cell.text) * EM
    room = width - 2 * H_PAD - 10
    if not cell.fit or needed <= room:
        return ""
    half_points = max(2, int(TABLE_SIZE_PT * 2 * room / needed))
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _label_lines(text: str, inner_width: int) -> list[str]:
    """A label too wide for its cell whose words after the marker fill one line is broken after the
    marker: 「（三）」 then 「不予公开」, not 「（三）不予公」 then 「开」 (as the PDF breaks it)."""
    per_line = inner_width / EM
    marker = _MARKER.match(text)
    if not marker or marker.end() >= len(text) or text_ems(text) <= per_line:
        return [text]
    head, rest = text[: marker.end()], text[marker.end():]
    if text_ems(head) > per_line or text_ems(rest) > per_line:
        return [text]
    return [head, rest]
