"""Tables of a PDF page by geometry.

A ruled table (published PDFs made from Word have one) is found by pdfplumber from its lines as
cell boxes; here the boxes become a `CellGrid`: the distinct left/right and top/bottom edges of all
boxes are the column and row boundaries, and a box that spans several boundaries is a merged cell.
Each character goes to the box its centre is in.

A table drawn without ruling lines is only text in columns: its lines are given to the text-table
reader as tab-separated lines, each value in the column whose x-range (from the numbers of all
its rows) holds it, an empty column kept empty between two tabs."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from importing.document import CellGrid, DocCell
from importing.pdf_lines import Char, Line, Segment, cell_text
from importing.result import PartKind

#: Edges closer than this (points) are one boundary.
EDGE_TOLERANCE = 2.0

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class PageTable:
    grid: CellGrid
    page: int
    bbox: BBox

    @property
    def top(self) -> float:
        return self.bbox[1]

    def holds(self, char: Char) -> bool:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        x0, top, x1, bottom = self.bbox
        return x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1


def _boundaries(values: list[float]) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= EDGE_TOLERANCE:
            continue
        merged.append(value)
    return merged


def _index(boundaries: list[float], value: float) -> int:
    """The boundary `value` is (within the tolerance): its position from 0."""
    return max(0, bisect_right(boundaries, value + EDGE_TOLERANCE) - 1)


def ruled_table(boxes: list[BBox], chars: list[Char], page: int, number: int) -> PageTable:
    """The table whose cells pdfplumber found as `boxes`, with the characters of the page in them."""
    columns = _boundaries([b[0] for b in boxes] + [b[2] for b in boxes])
    rows = _boundaries([b[1] for b in boxes] + [b[3] for b in boxes])
    placed: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        first_column, last_column = _index(columns, box[0]), _index(columns, box[2])
        first_row, last_row = _index(rows, box[1]), _index(rows, box[3])
        if last_column <= first_column or last_row <= first_row:
            continue  # a degenerate box (a doubled line)
        if (first_row, first_column) in owner:
            continue
        for r in range(first_row, last_row):
            for c in range(first_column, last_column):
                owner.setdefault((r, c), len(placed))
        placed.append((first_row, first_column, last_row - first_row, last_column - first_column))
    texts: list[list[Char]] = [[] for _ in placed]
    x0, top = columns[0], rows[0]
    x1, bottom = columns[-1], rows[-1]
    inside: list[Char] = []
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        if not (x0 <= x <= x1 and top <= y <= bottom):
            continue
        inside.append(char)
        cell = owner.get((min(bisect_right(rows, y) - 1, len(rows) - 2),
                          min(bisect_right(columns, x) - 1, len(columns) - 2)))
        if cell is not None:
            texts[cell].append(char)
    cells = [DocCell(cell_text(texts[i]), r + 1, c + 1, rowspan, colspan)
             for i, (r, c, rowspan, colspan) in enumerate(placed)]
    name = f"第 {page} 页 表格 {number}"
    return PageTable(CellGrid(name, cells, PartKind.PAGE), page, (x0, top, x1, bottom))


_VALUE = re.compile(r"^[\d.,，、%％/／—–\-]+$")


def is_table_row(line: Line) -> bool:
    """A line drawn as columns: three or more segments with wide gaps between them."""
    return len(line.segments) >= 3


def columns_of(lines: list[Line]) -> list[tuple[float, float]]:
    """The x-ranges of the value columns of a table without ruling lines: the ranges of its values
    (numbers, "—", "/") merged where they overlap, left to right."""
    ranges = sorted((s.x0, s.x1) for line in lines for s in line.segments[1:] if _VALUE.match(s.text))
    merged: list[list[float]] = []
    for x0, x1 in ranges:
        if merged and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def tab_line(line: Line, columns: list[tuple[float, float]]) -> str:
    """The line as label, tab, one field a column (empty where the column is blank in this row)."""
    fields = [""] * len(columns)
    label: list[str] = []
    for segment in line.segments:
        column = _column_of(segment, columns)
        if column is None:
            if any(fields):
                return "\t".join(s.text for s in line.segments)  # text between values: not a row of it
            label.append(segment.text)
        else:
            fields[column] = f"{fields[column]} {segment.text}".strip()
    return "\t".join([" ".join(label), *fields])


def _column_of(segment: Segment, columns: list[tuple[float, float]]) -> int | None:
    middle = (segment.x0 + segment.x1) / 2
    for index, (x0, x1) in enumerate(columns):
        if x0 - 1 <= middle <= x1 + 1 or (segment.x0 <= x1 and segment.x1 >= x0):
            return index
    return None
