"""Column widths and row heights of a table editor, from the width it has.

The data columns get what seven digits need (and a short header), the label columns take the rest
and wrap: so tables 三 and 四 fit a 1366 px window with the preview docked. Only when even the
narrowest layout does not fit does the table scroll sideways (its labels stay, see ui/table_frozen.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from model.layout import GridCellKind, TableGrid

#: A data column shows a count of this many digits without cutting it.
DATA_DIGITS = 7
#: The room a cell's text needs beside it (the style's margins and the grid line).
CELL_PADDING = 8
#: A one-column header up to this many characters stays on one line when there is room (本年处理决定数量).
HEADER_ONE_LINE_CHARS = 8
#: Group labels (三、本年度办理结果, （三）不予公开) wrap into a narrow column: characters a line, by level.
GROUP_LABEL_CHARS = (2, 4)
#: A leaf label column is never narrower than this (it wraps to more lines instead) …
LEAF_LABEL_MIN_CHARS = 8
#: … and never wider than this (longer labels wrap).
LEAF_LABEL_MAX_CHARS = 24
#: Space left over widens the data columns up to this many characters, no further: wide gaps read badly.
DATA_MAX_CHARS = 9
#: Characters a line must not end with (Chinese line-breaking rules).
OPENING = "（(“‘《〈【"


def column_widths(grid: TableGrid, metrics: QFontMetrics, available: int) -> list[int]:
    """Widths of the grid's columns that fit `available` pixels when they can."""
    char = metrics.horizontalAdvance("中")
    digits = metrics.horizontalAdvance("0" * DATA_DIGITS) + CELL_PADDING
    widths = [0] * grid.column_count
    ideal = [0] * grid.column_count
    leaf_natural = 0
    leaf = grid.label_columns - 1
    for cell in grid.cells:
        if cell.kind is GridCellKind.LABEL:
            last = cell.column + cell.column_span - 1
            if last != leaf:  # a group label: narrow, wraps
                chars = GROUP_LABEL_CHARS[min(cell.level, len(GROUP_LABEL_CHARS) - 1)]
                widths[cell.column] = max(widths[cell.column], chars * char + CELL_PADDING + 4)
            elif cell.column_span == 1:
                leaf_natural = max(leaf_natural, min(len(cell.text), LEAF_LABEL_MAX_CHARS) * char + CELL_PADDING + 8)
        elif cell.kind is GridCellKind.HEADER and cell.column_span == 1:
            ideal[cell.column] = max(ideal[cell.column],
                                     min(len(cell.text), HEADER_ONE_LINE_CHARS) * char + CELL_PADDING)
    data = range(grid.label_columns, grid.column_count)
    for column in data:
        widths[column] = digits
    if leaf >= 0:
        leaf_natural = leaf_natural or LEAF_LABEL_MIN_CHARS * char
        leaf_min = min(leaf_natural, LEAF_LABEL_MIN_CHARS * char + CELL_PADDING)
        # Headers on one line come before labels on one line: a label wraps better than 「社会公/益组织」.
        headers_grow = sum(max(0, ideal[c] - widths[c]) for c in data)
        spare = available - sum(widths) - headers_grow
        widths[leaf] = max(leaf_min, min(leaf_natural, spare))
    spare = available - sum(widths)
    if spare > 0 and len(data):
        # Left over: first let headers stand on fewer lines, then share it out evenly, up to a limit.
        for column in data:
            grow = min(max(0, ideal[column] - widths[column]), spare)
            widths[column] += grow
            spare -= grow
        cap = DATA_MAX_CHARS * char + CELL_PADDING
        growable = [c for c in data if widths[c] < cap]
        while spare > 0 and growable:
            share = max(1, spare // len(growable))
            for column in growable:
                grow = min(share, cap - widths[column], spare)
                widths[column] += grow
                spare -= grow
            growable = [c for c in growable if widths[c] < cap]
    return widths


def row_heights(grid: TableGrid, metrics: QFontMetrics, widths: list[int],
                texts: dict[tuple[int, int], str] | None = None) -> list[int]:
    """Row heights from the labels that occupy one row only: a label spanning many rows
    (三、本年度办理结果) must not make its first row tall. `texts`: labels shown otherwise (header_texts)."""
    shown = texts or {}
    heights = [metrics.height() + 12] * grid.row_count
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    for cell in grid.cells:
        if cell.row_span != 1:
            continue
        width = sum(widths[cell.column: cell.column + cell.column_span]) - CELL_PADDING
        text = shown.get((cell.row, cell.column), cell.text)
        needed = metrics.boundingRect(0, 0, max(width, 1), 10_000, flags, text).height() + 10
        heights[cell.row] = max(heights[cell.row], needed)
    # A label spanning rows (（三）不予公开 over eight) may need more than its rows give it.
    for cell in grid.cells:
        if cell.row_span == 1 or cell.kind is not GridCellKind.LABEL:
            continue
        width = sum(widths[cell.column: cell.column + cell.column_span]) - CELL_PADDING
        needed = metrics.boundingRect(0, 0, max(width, 1), 10_000, flags, cell.text).height() + 10
        rows = range(cell.row, cell.row + cell.row_span)
        missing = needed - sum(heights[r] for r in rows)
        if missing > 0:
            for r in rows:
                heights[r] += -(-missing // cell.row_span)
    return heights


def balanced_lines(text: str, width: int, metrics: QFontMetrics) -> str:
    """`text` broken into lines of nearly equal length when it does not fit `width` on one:
    「结果/维持」 rather than Qt's greedy 「结果维/持」."""
    room = width - CELL_PADDING  # Qt wraps a little before the text's own width: leave it room
    if "\n" in text or metrics.horizontalAdvance(text) <= room or len(text) < 2:
        return text
    per_line = max(1, room // max(1, metrics.horizontalAdvance("中")))
    lines = -(-len(text) // per_line)
    size = -(-len(text) // lines)
    parts = [text[i:i + size] for i in range(0, len(text), size)]
    for i in range(len(parts) - 1):  # no line ends on an opening bracket: 「本年收费金额/（单位：万元）」
        while len(parts[i]) > 1 and parts[i][-1] in OPENING:
            parts[i], parts[i + 1] = parts[i][:-1], parts[i][-1] + parts[i + 1]
    return "\n".join(parts)


def header_texts(grid: TableGrid, metrics: QFontMetrics, widths: list[int]) -> dict[tuple[int, int], str]:
    """The headers that wrap, by grid position, with balanced line breaks."""
    texts = {}
    for cell in grid.cells:
        if cell.kind is GridCellKind.HEADER:
            width = sum(widths[cell.column: cell.column + cell.column_span])
            text = balanced_lines(cell.text, width, metrics)
            if text != cell.text:
                texts[(cell.row, cell.column)] = text
    return texts
