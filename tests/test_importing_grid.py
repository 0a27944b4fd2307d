"""The table locator reads any grid (importing/grid.py), not only a worksheet: here a grid from a
list of lists with merged cells — the shape a Word or HTML table will have — holds table 三,
and the locator reads every one of its cells, says where each came from in that format's own
words, and reports a bad cell there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from importing.grid import GridView
from importing.labels import build_index
from importing.result import ImportLog, PartKind, ProblemKind, SourcePlace
from importing.tables import TableReader
from model.layout import table_grid
from model.templates import CURRENT

TITLE_ROWS = 2  # a title and a blank row above the table: a table may stand anywhere


class ListGrid:
    """A table as rows of cell values (None for empty), numbered from 1, with merged ranges."""

    part_kind = PartKind.TABLE

    def __init__(self, name: str, rows: list[list[Any]], merges: list[tuple[int, int, int, int]]) -> None:
        self.name = name
        self.rows = rows
        self.merges = merges
        covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        self.covered = covered - {(r1, c1) for r1, c1, _r2, _c2 in merges}

    def cells(self) -> Iterator[tuple[int, int, Any]]:
        for r, row in enumerate(self.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and (r, c) not in self.covered:
                    yield r, c, value

    def merged_spans(self) -> list[tuple[int, int, int, int]]:
        return self.merges

    def cell_ref(self, row: int, column: int) -> str:
        return f"第 {row} 行第 {column} 列"

    def column_ref(self, column: int) -> str:
        return f"第 {column} 列"

    def is_formula(self, row: int, column: int) -> bool:
        return False

    def formula_result(self, row: int, column: int) -> Any:
        return None


def table_three_grid(value: Any = None) -> tuple[ListGrid, dict[tuple[str, str], int]]:
    """Table 三 laid out as the official form (merged headers and row labels), every data cell a
    different number; `value`, if given, replaces the first data cell. Also the numbers by cell."""
    table = CURRENT.table("t3")
    layout = table_grid(table)
    rows: list[list[Any]] = [[None] * layout.column_count for _ in range(TITLE_ROWS + layout.row_count)]
    rows[0][0] = "三、收到和处理政府信息公开申请情况"
    merges = []
    for cell in layout.cells:
        r, c = TITLE_ROWS + cell.row + 1, cell.column + 1
        rows[r - 1][c - 1] = cell.text
        if cell.row_span > 1 or cell.column_span > 1:
            merges.append((r, c, r + cell.row_span - 1, c + cell.column_span - 1))
    expected = {}
    for i, row in enumerate(table.rows):
        for j, column in enumerate(table.columns):
            r, c = layout.data_position(i, j)
            rows[TITLE_ROWS + r][c] = expected[(row.id, column.id)] = 100 * i + j
    if value is not None:
        r, c = layout.data_position(0, 0)
        rows[TITLE_ROWS + r][c] = value
    return ListGrid("第 2 个表格", rows, merges), expected


def read(grid: ListGrid) -> tuple[TableReader, ImportLog]:
    log = ImportLog(1, part_kind=PartKind.TABLE)
    reader = TableReader(log)
    reader.read([GridView(0, grid)], build_index(CURRENT))
    return reader, log


def test_the_locator_reads_table_three_from_a_grid_of_lists() -> None:
    grid, expected = table_three_grid()
    reader, log = read(grid)
    placed = {(row, column): value for (table, row, column), value in reader.placed.items() if table == "t3"}
    assert placed == expected
    assert [p for p in log.problems() if p.table == "t3"] == []
    # The other tables are missing, said of the whole document, not of a workbook.
    missing = [p for p in log.problems() if p.kind is ProblemKind.MISSING]
    assert {p.table for p in missing} == {t.id for t in CURRENT.tables if t.id != "t3"}
    assert all(str(p).startswith("文档：未找到表格") for p in missing)
    first_row, first_column = CURRENT.table("t3").rows[0].id, CURRENT.table("t3").columns[0].id
    layout = table_grid(CURRENT.table("t3"))
    r, c = layout.data_position(0, 0)
    assert reader.sources[("t3", first_row, first_column)] == f"第 2 个表格 第 {TITLE_ROWS + r + 1} 行第 {c + 1} 列"


def test_a_bad_cell_of_a_grid_is_reported_where_that_format_says_it_is() -> None:
    grid, _expected = table_three_grid("9件")
    reader, log = read(grid)
    layout = table_grid(CURRENT.table("t3"))
    r, c = layout.data_position(0, 0)
    (problem,) = [p for p in log.problems() if p.table == "t3"]
    assert problem.kind is ProblemKind.NOT_A_NUMBER and problem.text == "9件"
    assert problem.place == SourcePlace("第 2 个表格", f"第 {TITLE_ROWS + r + 1} 行第 {c + 1} 列", PartKind.TABLE)
    assert str(problem).startswith(f"第 2 个表格 第 {TITLE_ROWS + r + 1} 行第 {c + 1} 列（内容“9件”）：")
    first = CURRENT.table("t3")
    assert ("t3", first.rows[0].id, first.columns[0].id) not in reader.placed


def test_a_place_is_said_as_its_format_says_it() -> None:
    assert SourcePlace("表三", "C7").where == "工作表“表三”C7"
    assert SourcePlace("表三").where == "工作表“表三”"
    assert SourcePlace().where == "工作簿"
    assert SourcePlace("第 2 个表格", "第 3 行", PartKind.TABLE).where == "第 2 个表格 第 3 行"
    assert SourcePlace(part_kind=PartKind.TABLE).where == "文档"
    assert SourcePlace("第 4 页 表格 1", "第 3 行", PartKind.PAGE).where == "第 4 页 表格 1 第 3 行"
