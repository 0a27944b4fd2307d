"""A table whose header the page break cuts (importing/table_joining.py): the header rows above the
break, alone as a table of labels whose column spans the PDF does not give, joined to the table at
the top of the next page only when the template's header settles every span; otherwise not joined,
so that nothing is read into a wrong column."""

from __future__ import annotations

from pathlib import Path

from importing import document_report
from importing.document import Block, CellGrid, DocCell, SourceDocument, TableBlock, TextBlock
from importing.labels import build_index
from importing.result import PartKind, ProblemKind
from importing.table_joining import align_header_fragment, join_tables
from model.templates import CURRENT

T4 = CURRENT.table("t4")
LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
#: The data row's numbers: column j of table 四 holds 10 + j (all different, so a shift shows).
DATA = [10 + j for j in range(1, 16)]


def vertical(text: str) -> str:
    """A narrow PDF cell's text: one character a line."""
    return "\n".join(text)


def data_row(row: int) -> list[DocCell]:
    return [DocCell(str(value), row, column) for column, value in enumerate(DATA, start=1)]


def whole_rows_fragment() -> tuple[CellGrid, CellGrid]:
    """As blanks.pdf gives table 四: the top header row alone at the end of page 4 (two cells, no
    spans), the two lower header rows and the data at the top of page 5."""
    top = CellGrid("第 4 页 表格 2", [DocCell("行政复议", 1, 1), DocCell("行政诉讼", 1, 2)], PartKind.PAGE)
    cells = [DocCell(vertical(leaf), 1, c, rowspan=2) for c, leaf in enumerate(LEAVES, start=1)]
    cells += [DocCell("未经复议直接起诉", 1, 6, colspan=5), DocCell("复议后起诉", 1, 11, colspan=5)]
    cells += [DocCell(vertical(leaf), 2, c) for c, leaf in enumerate(LEAVES * 2, start=6)]
    return top, CellGrid("第 5 页 表格 1", cells + data_row(3), PartKind.PAGE)


def cut_labels_fragment() -> tuple[CellGrid, CellGrid]:
    """As slashes.pdf gives it: two header rows above the break in 7 columns, the labels of 行政复议's
    columns cut after their first character ("结" / "果维持"), the rest on page 5."""
    top = [DocCell("行政复议", 1, 1, colspan=5), DocCell("行政诉讼", 1, 6, colspan=2)]
    top += [DocCell(leaf[0], 2, c) for c, leaf in enumerate(LEAVES, start=1)]
    top += [DocCell("未经复议直接起诉", 2, 6), DocCell("复议后起诉", 2, 7)]
    below = [DocCell(vertical(leaf[1:]), 1, c) for c, leaf in enumerate(LEAVES, start=1)]
    below += [DocCell(vertical(leaf), 1, c) for c, leaf in enumerate(LEAVES * 2, start=6)]
    return (CellGrid("第 4 页 表格 2", top, PartKind.PAGE),
            CellGrid("第 5 页 表格 1", below + data_row(2), PartKind.PAGE))


def pdf(top: CellGrid, below: CellGrid, below_page: int = 5) -> SourceDocument:
    blocks: list[Block] = [
        TextBlock("某市交通运输局", "第 1 页第 1 行", heading=0, page=1),
        TextBlock("2023年政府信息公开工作年度报告", "第 1 页第 2 行", heading=0, page=1),
        TextBlock("四、政府信息公开行政复议、行政诉讼情况", "第 4 页第 30 行", page=4),
        TableBlock(top, top.name, page=4, last_page=4),
        TextBlock("— 4 —", "第 4 页第 40 行", page=4),
        TableBlock(below, below.name, page=below_page, last_page=below_page),
        TextBlock("五、存在的主要问题及改进情况", f"第 {below_page} 页第 5 行", page=below_page),
    ]
    return SourceDocument(Path("r.pdf"), "PDF 文件", blocks, part_kind=PartKind.PAGE)


def t4_read(doc: SourceDocument) -> dict[str, object]:
    result = document_report.read_document(doc)
    return {column: value for (table, _row, column), value in result.placed.items() if table == "t4"}


def t4_problems(doc: SourceDocument) -> list[str]:
    return [str(p) for p in document_report.read_document(doc).problems if p.table == "t4"]


EXPECTED = {column.id: value for column, value in zip(T4.columns, DATA, strict=True)}


def test_a_top_header_row_alone_above_the_break_spreads_over_the_template_columns() -> None:
    top, below = whole_rows_fragment()
    aligned = align_header_fragment(top, below, build_index(CURRENT))
    assert aligned is not None
    header, rest = aligned
    spans = {c.text: (c.column, c.column + c.colspan - 1) for c in header.doc_cells if c.text}
    assert spans == {"行政复议": (1, 5), "行政诉讼": (6, 15)}
    assert header.column_count == 15
    assert rest.doc_cells == below.doc_cells


def test_table_four_with_its_top_header_row_on_the_page_before_is_read_whole() -> None:
    doc = pdf(*whole_rows_fragment())
    assert t4_read(doc) == EXPECTED
    assert t4_problems(doc) == []


def test_labels_cut_by_the_break_are_made_whole_and_every_column_aligned() -> None:
    top, below = cut_labels_fragment()
    aligned = align_header_fragment(top, below, build_index(CURRENT))
    assert aligned is not None
    header, rest = aligned
    second = sorted((c.column, c.colspan, c.text) for c in header.doc_cells if c.row == 2)
    assert second == [*((c, 1, leaf[0] + vertical(leaf[1:])) for c, leaf in enumerate(LEAVES, start=1)),
                      (6, 5, "未经复议直接起诉"), (11, 5, "复议后起诉")]
    # The rest of each cut label is in the header now, not a row of `rest` of its own.
    assert [c for c in rest.doc_cells if c.row == 1 and c.column <= 5] == []
    doc = pdf(top, below)
    assert t4_read(doc) == EXPECTED
    assert t4_problems(doc) == []


def test_a_fragment_that_is_not_the_templates_header_is_not_joined_and_nothing_is_read_wrong() -> None:
    """"行政诉讼" before "行政复议": which five columns each stands over is not certain."""
    _top, below = whole_rows_fragment()
    swapped = CellGrid("第 4 页 表格 2", [DocCell("行政诉讼", 1, 1), DocCell("行政复议", 1, 2)], PartKind.PAGE)
    assert align_header_fragment(swapped, below, build_index(CURRENT)) is None
    doc = pdf(swapped, below)
    read = t4_read(doc)
    assert all(EXPECTED[column] == value for column, value in read.items())  # none wrong
    problems = document_report.read_document(doc).problems
    unread = set(EXPECTED) - set(read)
    assert unread  # …and what is not read is reported
    assert any(p.table == "t4" and p.kind is ProblemKind.MISSING for p in problems)


def test_a_row_under_the_break_that_does_not_continue_the_header_is_not_joined() -> None:
    top, below = whole_rows_fragment()
    # 复议后起诉 missing from the row under the break: its columns are not known.
    broken = CellGrid(below.name, [c for c in below.doc_cells if c.text != "复议后起诉"], PartKind.PAGE)
    assert align_header_fragment(top, broken, build_index(CURRENT)) is None


def test_a_fragment_not_followed_by_the_next_page_is_not_joined() -> None:
    top, below = whole_rows_fragment()
    doc = pdf(top, below, below_page=7)
    grids = join_tables(doc.blocks, build_index(CURRENT), PartKind.PAGE, lambda b: False)
    assert [g.names for g in grids] == [("第 4 页 表格 2",), ("第 5 页 表格 1",)]
    joined = join_tables(pdf(top, below).blocks, build_index(CURRENT), PartKind.PAGE, lambda b: False)
    assert [g.names for g in joined] == [("第 4 页 表格 2", "第 5 页 表格 1")]
