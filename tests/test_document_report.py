"""The report reader over any document (importing/document_report.py): metadata, the opening, the
six sections, wrapped lines joined, tables joined across page breaks, uncertain cells. Documents are
built here block by block, as each format's opener would give them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from importing import document_report
from importing.document import Block, CellGrid, DocCell, SourceDocument, TableBlock, TextBlock
from importing.result import ImportLog, PartKind, ProblemKind
from importing.text_tables import TextTableReading
from model.checks import check_report
from model.layout import table_grid
from model.report import UNKNOWN_YEAR, AgencyKind
from model.template import Table
from model.templates import CURRENT

SEED = Path("/work/shared/seeds/000_e73212b8dc766644.txt")


# --- building documents ------------------------------------------------------------------------


def rows_of(table: Table, values: dict[tuple[str, str], Any] | None = None,
            caption: bool = True) -> list[list[DocCell]]:
    """`table` laid out as the official form, one list of cells per row (rows from 1); every data cell
    100·row + column unless `values` says otherwise (None: blank)."""
    layout = table_grid(table)
    top = 1 if caption and table.caption else 0
    rows: list[list[DocCell]] = [[] for _ in range(top + layout.row_count)]
    if top:
        rows[0].append(DocCell(table.caption, 1, 1, colspan=layout.column_count))
    for cell in layout.cells:
        rows[top + cell.row].append(DocCell(cell.text, top + cell.row + 1, cell.column + 1, cell.row_span,
                                            cell.column_span))
    for i, row in enumerate(table.rows):
        for j, column in enumerate(table.columns):
            r, c = layout.data_position(i, j)
            value = (values or {}).get((row.id, column.id), 100 * i + j)
            rows[top + r].append(DocCell("" if value is None else str(value), top + r + 1, c + 1))
    return rows


def grid(name: str, rows: list[list[DocCell]]) -> CellGrid:
    """The rows renumbered from 1 as one document table."""
    cells = []
    for new, row in enumerate(rows, start=1):
        for cell in row:
            cells.append(DocCell(cell.text, new, cell.column, cell.rowspan, cell.colspan))
    return CellGrid(name, cells)


def expected(table: Table) -> dict[tuple[str, str, str], int]:
    return {(table.id, row.id, column.id): 100 * i + j
            for i, row in enumerate(table.rows) for j, column in enumerate(table.columns)}


def para(text: str, n: int, **hints: Any) -> TextBlock:
    return TextBlock(text, f"第 {n} 段", **hints)


def lines(text: str) -> list[Block]:
    """Plain text as its opener gives it: each line a wrapped block."""
    return [TextBlock(line, f"第 {i} 行", wrapped=True) for i, line in enumerate(text.splitlines(), start=1)]


NARRATIVE = {
    "s1": "2024年，本局认真落实《条例》要求，政府信息公开工作取得积极成效。",
    "s5": "（一）存在的主要问题",
    "s6": "2024年，本局未收取政府信息公开信息处理费。",
}


def tables_blocks(start: int = 1) -> dict[str, list[TableBlock]]:
    """Every table of the template as one document table each, by section."""
    by_section: dict[str, list[TableBlock]] = {}
    n = start
    for table in CURRENT.tables:
        by_section.setdefault(table.section_id, []).append(
            TableBlock(grid(f"第 {n} 个表格", rows_of(table)), f"第 {n} 个表格"))
        n += 1
    return by_section


def word_document(title: list[TextBlock], opening: list[TextBlock] | None = None,
                  headings: dict[str, str] | None = None, end: list[TextBlock] | None = None) -> SourceDocument:
    """A report as Word gives it: title, opening, the six sections with their tables."""
    blocks: list[Any] = [*title, *(opening or [para("本报告由某市交通运输局根据《条例》编制。", 3)])]
    tables = tables_blocks()
    n = 10
    for section in CURRENT.sections:
        heading = (headings or {}).get(section.id, section.title)
        if heading:
            blocks.append(para(heading, n, heading=1))
        n += 1
        if section.kind == "narrative":
            blocks.append(para(NARRATIVE[section.id], n))
            n += 1
        blocks += tables.get(section.id, [])
    blocks += end or []
    return SourceDocument(Path("报告.docx"), "Word 文档", blocks)


TWO_LINE_TITLE = [para("某市交通运输局", 1, heading=0, emphasised=True),
                  para("2023年政府信息公开工作年度报告", 2, heading=0, emphasised=True)]


@pytest.fixture
def no_text_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables read from the grids only: the text table reader finds nothing."""
    monkeypatch.setattr(document_report, "_text_table_reader", lambda: None)


# --- metadata ----------------------------------------------------------------------------------


def test_a_title_over_two_lines_gives_the_agency_and_the_year(no_text_tables: None) -> None:
    result = document_report.read_document(word_document(TWO_LINE_TITLE))
    meta = result.report.meta
    assert (meta.agency, meta.year, meta.kind) == ("某市交通运输局", 2023, AgencyKind.DEPARTMENT)
    assert result.year == 2023
    assert result.report.preamble == ["本报告由某市交通运输局根据《条例》编制。"]
    assert result.problems == []
    assert len(result.placed) == sum(len(t.rows) * len(t.columns) for t in CURRENT.tables)


def test_a_peoples_government_is_read_as_one() -> None:
    title = [para("某某县人民政府2024年政府信息公开工作年度报告", 1, heading=0)]
    assert document_report.read_document(word_document(title)).report.meta.kind is AgencyKind.GOVERNMENT
    office = [para("某某县人民政府办公室2024年政府信息公开工作年度报告", 1, heading=0)]
    assert document_report.read_document(word_document(office)).report.meta.kind is AgencyKind.DEPARTMENT
    street = [para("某某街道办事处2024年度政府信息公开工作年度报告", 1)]
    assert document_report.read_document(word_document(street)).report.meta.kind is AgencyKind.GOVERNMENT


def test_a_year_no_text_states_stays_unknown(no_text_tables: None) -> None:
    title = [para("某市交通运输局政府信息公开工作年度报告", 1, heading=0)]
    result = document_report.read_document(word_document(title, [para("本报告由某市交通运输局编制。", 2)]))
    assert result.report.meta.year == UNKNOWN_YEAR
    assert result.year is None
    assert result.report.meta.agency == "某市交通运输局"


def test_the_opening_states_the_year_and_the_agency_when_the_title_does_not(no_text_tables: None) -> None:
    title = [para("政府信息公开工作年度报告", 1, heading=0)]
    opening = [para("本报告由某市统计局根据《条例》要求编制。"
                    "本年度报告中所列数据统计期限从2024年1月1日到12月31日止。", 2)]
    meta = document_report.read_document(word_document(title, opening)).report.meta
    assert (meta.agency, meta.year) == ("某市统计局", 2024)


def test_title_and_opening_stating_different_years_leave_the_year_unknown(no_text_tables: None) -> None:
    opening = [para("本报告由某市交通运输局编制，统计期限自2024年1月1日起至2024年12月31日止。", 3)]
    result = document_report.read_document(word_document(TWO_LINE_TITLE, opening))
    assert result.report.meta.year == UNKNOWN_YEAR
    [problem] = [p for p in result.problems if p.field == "year"]
    assert problem.kind is ProblemKind.METADATA and "2023" in problem.reason and "2024" in problem.reason


def test_contacts_anywhere_and_the_signature_date_at_the_end(no_text_tables: None) -> None:
    end = [para("本机关政府信息公开网站：http://jtj.example.gov.cn/，联系电话：0771-2801234，"
                "电子邮箱：jtj@example.gov.cn。", 30), para("某市交通运输局", 31), para("2024年1月20日", 32)]
    result = document_report.read_document(word_document(TWO_LINE_TITLE, end=end))
    meta = result.report.meta
    assert (meta.website, meta.phone, meta.email) == ("http://jtj.example.gov.cn/", "0771-2801234",
                                                      "jtj@example.gov.cn")
    assert str(meta.published) == "2024-01-20"
    six = result.report.section("s6")
    assert six is not None and six.paragraphs[-1].startswith("本机关政府信息公开网站")  # the signature is not text
    assert any("某市交通运输局" in note and "2024年1月20日" in note for note in result.notes)


def test_text_above_the_title_is_a_note_not_lost(no_text_tables: None) -> None:
    junk = [para("索引号：11370400MB2850XXXX/2025-00001", 1), para("发布日期：2025-01-20", 2)]
    result = document_report.read_document(word_document([*junk, *TWO_LINE_TITLE]))
    assert result.report.meta.agency == "某市交通运输局"
    assert sum("位于标题之前" in note for note in result.notes) == 2


# --- sections ----------------------------------------------------------------------------------


def test_published_section_titles_are_kept_as_printed_and_checked(no_text_tables: None) -> None:
    headings = {"s5": "五、政府信息公开工作存在的主要问题及改进情况", "s2": "二 主动公开政府信息情况",
                "s4": "四、政府信息公开行政复议、行政诉讼情况"}
    result = document_report.read_document(word_document(TWO_LINE_TITLE, headings=headings))
    report = result.report
    assert [s.id for s in report.sections] == [s.id for s in CURRENT.sections]
    assert report.section("s5").title == "五、政府信息公开工作存在的主要问题及改进情况"  # type: ignore[union-attr]
    assert report.section("s5").paragraphs == [NARRATIVE["s5"]]  # type: ignore[union-attr]
    assert report.section("s2").title == "二 主动公开政府信息情况"  # type: ignore[union-attr]
    titles = [f for f in check_report(report) if f.rule == "STRUCTURE-TITLE"]
    assert {f.location.section for f in titles} == {"s2", "s5"}


def test_a_heading_run_together_with_its_first_sentence(no_text_tables: None) -> None:
    headings = {"s1": "一、总体情况2024年，本局认真落实《条例》要求。",
                "s6": "六．其他需要报告的事项：本年度未收取信息处理费。"}
    report = document_report.read_document(word_document(TWO_LINE_TITLE, headings=headings)).report
    one, six = report.section("s1"), report.section("s6")
    assert one is not None and six is not None
    assert one.title == "一、总体情况"
    assert one.paragraphs == ["2024年，本局认真落实《条例》要求。", NARRATIVE["s1"]]
    assert six.title == "六．其他需要报告的事项"
    assert six.paragraphs[0] == "本年度未收取信息处理费。"


def test_a_missing_section_is_reported_and_left_blank(no_text_tables: None) -> None:
    result = document_report.read_document(word_document(TWO_LINE_TITLE, headings={"s5": ""}))
    five = result.report.section("s5")
    assert five is not None and five.title == CURRENT.section("s5").title
    [problem] = [p for p in result.problems if p.section == "s5"]
    assert problem.kind is ProblemKind.MISSING and "五、存在的主要问题及改进情况" in problem.reason
    # Its paragraph came through under the section before it, not lost.
    four_and_five = result.report.section("s6")
    assert four_and_five is not None and four_and_five.paragraphs == [NARRATIVE["s6"]]
    assert NARRATIVE["s5"] not in result.report.section("s1").paragraphs  # type: ignore[union-attr]


def test_a_body_paragraph_starting_with_a_number_is_not_a_section_heading(no_text_tables: None) -> None:
    end = [para("二、完善政务公开内部管理机制，确保政府信息公开工作依法、有序进行。", 40)]
    report = document_report.read_document(word_document(TWO_LINE_TITLE, end=end)).report
    assert report.section("s6").paragraphs[-1].startswith("二、完善")  # type: ignore[union-attr]


# --- wrapped lines -----------------------------------------------------------------------------


def test_wrapped_lines_are_joined_into_paragraphs(no_text_tables: None) -> None:
    text = "\n".join([
        "某市交通运输局", "2023年政府信息公开工作年度报告",
        "本报告根据《条例》要求编制。",
        "一、总体情况",
        "（一）主动公开",
        "　　通过门户网站公开政务信息 475 条，其中政务动态 159 条、其他信",
        "",
        "息 130 条。",
        "访问 www.example.gov.cn",
        "portal 可查询。",
        "  第二段从缩进开始，",
        "一直写到这里。",
        "— 2 —",
        "第三段：",
        "1.第一项；",
        "- 二是第二项；",
        "五、存在的主要问题及改进情况",
        "时效性有待加强。",
        "六、其他需要报告的事项",
        "无。",
    ])
    document = SourceDocument(Path("粘贴.txt"), "文本", lines(text))
    result = document_report.read_document(document)
    assert result.report.meta.agency == "某市交通运输局"
    assert result.report.preamble == ["本报告根据《条例》要求编制。"]
    one = result.report.section("s1")
    assert one is not None and one.paragraphs == [
        "（一）主动公开",
        "通过门户网站公开政务信息 475 条，其中政务动态 159 条、其他信息 130 条。",
        "访问 www.example.gov.cn portal 可查询。",
        "第二段从缩进开始，一直写到这里。",
        "第三段：",
        "1.第一项；",
        "- 二是第二项；",
    ]


def test_the_sample_report_text_comes_through_paragraph_by_paragraph(no_text_tables: None) -> None:
    document = SourceDocument(Path("sample.txt"), "文本", lines(SEED.read_text(encoding="utf-8")))
    result = document_report.read_document(document)
    meta = result.report.meta
    assert (meta.agency, meta.year, meta.kind) == ("枣庄市行政审批服务局", 2024, AgencyKind.DEPARTMENT)
    assert (meta.website, meta.phone, meta.email) == ("http://www.zaozhuang.gov.cn/", "0632-3168699",
                                                      "spfwj@zz.shandong.cn")
    report = result.report
    assert len(report.preamble) == 1 and report.preamble[0].startswith("本报告根据")
    one = report.section("s1")
    assert one is not None and [p[:4] for p in one.paragraphs] == ["2024", "（一）积", "（二）依", "（三）加",
                                                                   "（四）建", "（五）强"]
    assert "其他信息 130 条" in one.paragraphs[1]  # the line broken by the page break joined again
    assert one.paragraphs[-1].endswith("认真分析原因、提出整改措施，确保整改到位。")
    five = report.section("s5")
    assert five is not None and five.paragraphs[:4] == ["(一) 存在的主要问题", "- 一是发布政府信息的时效性有待加强；",
                                                        "- 二是政务公开意识方面还有待进一步加强；",
                                                        "- 三是政务公开特色亮点工作和创新做法不够多。"]
    six = report.section("s6")
    assert six is not None and len(six.paragraphs) == 12 and six.paragraphs[0] == "（一）政府信息公开信息处理费管理情况"
    # The table sections hold no paragraphs; their lines are noted while no reader takes them.
    assert all(not report.section(s).paragraphs for s in ("s2", "s3", "s4"))  # type: ignore[union-attr]
    assert any("行政许可 38651" in note for note in result.notes)


# --- tables ------------------------------------------------------------------------------------


def t3_split(repeat_header: bool, page_number: bool) -> SourceDocument:
    """Table 三 cut after its 12th row, the second part on the next page."""
    t3 = CURRENT.table("t3")
    rows = rows_of(t3, caption=False)
    header = table_grid(t3).header_rows
    cut = header + 12
    second = ([*rows[:header]] if repeat_header else []) + rows[cut:]
    if page_number:
        second.insert(len(second) // 2, [DocCell("— 5 —", 0, 1, colspan=table_grid(t3).column_count)])
    blocks: list[Any] = [
        *TWO_LINE_TITLE, para("三、收到和处理政府信息公开申请情况", 3),
        TableBlock(grid(grid_name := "第 4 页 表格 1", rows[:cut]), grid_name, page=4, last_page=4),
        para("— 4 —", 4),
        TableBlock(grid("第 5 页 表格 1", second), "第 5 页 表格 1", page=5, last_page=5),
        para("四、政府信息公开行政复议、行政诉讼情况", 5),
    ]
    return SourceDocument(Path("报告.pdf"), "PDF 文件", blocks, part_kind=PartKind.PAGE)


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_split_over_two_pages_is_read_as_one(no_text_tables: None, repeat_header: bool) -> None:
    result = document_report.read_document(t3_split(repeat_header, page_number=True))
    t3 = CURRENT.table("t3")
    assert {k: v for k, v in result.placed.items() if k[0] == "t3"} == expected(t3)
    assert [p for p in result.problems if p.table == "t3"] == []
    assert result.searched_sheets == ("第 4 页 表格 1、第 5 页 表格 1",)
    # A cell of the second part is named by the page's table it is in.
    last = (t3.id, t3.rows[-1].id, t3.columns[0].id)
    assert result.sources[last].startswith("第 4 页 表格 1、第 5 页 表格 1 （第 5 页 表格 1）第 ")


def test_without_the_join_the_second_part_would_be_lost() -> None:
    """The same two parts with a paragraph between them are two tables: the rows of the second
    cannot be read as table 三 (no header) and are reported, not guessed."""
    document = t3_split(repeat_header=False, page_number=False)
    document.blocks.insert(4, para("以上为第一部分的统计数据，下表为其余部分。", 9))
    result = document_report.read_document(document)
    assert any(p.table == "t3" and p.kind is ProblemKind.MISSING and p.row for p in result.problems)


def test_a_row_cut_by_the_page_break_is_joined_and_labels_on_fewer_columns_align() -> None:
    """As a PDF gives table 三 over a page break: the second page's labels in other columns, and the
    row at the break cut in two ("（五）"/"1.信访" above, "不予处理"/"举报投诉类申请" below)."""
    t3 = CURRENT.table("t3")
    rows = rows_of(t3, caption=False)
    header = table_grid(t3).header_rows
    cut = header + next(i for i, r in enumerate(t3.rows) if r.id == "3.5.1")
    first, second = rows[:cut + 1], [list(r) for r in rows[cut:]]
    # Above the break: the row's numbers and the start of its labels.
    first[-1] = [DocCell("（五）" if c.text == "（五）不予处理" else "1.信访" if c.text == "1.信访举报投诉类申请"
                         else c.text, c.row, c.column, 1 if c.column == 2 else c.rowspan, c.colspan)
                 for c in first[-1]]
    # Below it: the rest of the labels, no numbers; and one label column fewer (the outer label gone).
    second[0] = [DocCell("不予处理" if c.column == 2 else "举报投诉类申请", c.row, c.column, c.rowspan, c.colspan)
                 for c in second[0] if c.column in (2, 3)]
    second = [[DocCell(c.text, c.row, max(c.column - 1, 1), c.rowspan, c.colspan - (c.column == 1))
               for c in row if c.column > 1 or c.colspan > 1] for row in second]
    blocks: list[Any] = [*TWO_LINE_TITLE, para("三、收到和处理政府信息公开申请情况", 3),
                         TableBlock(grid("第 3 页 表格 1", first), "第 3 页 表格 1", page=3, last_page=3),
                         TableBlock(grid("第 4 页 表格 1", second), "第 4 页 表格 1", page=4, last_page=4)]
    result = document_report.read_document(SourceDocument(Path("r.pdf"), "PDF 文件", blocks,
                                                          part_kind=PartKind.PAGE))
    assert {k: v for k, v in result.placed.items() if k[0] == "t3"} == expected(t3)
    assert [str(p) for p in result.problems if p.table == "t3"] == []


def test_a_bare_number_alone_in_a_row_is_data_not_a_page_number(no_text_tables: None) -> None:
    t4 = CURRENT.table("t4")
    rows = rows_of(t4)
    rows.append([DocCell("7", 0, 3)])
    blocks: list[Any] = [*TWO_LINE_TITLE, para("四、政府信息公开行政复议、行政诉讼情况", 3),
                         TableBlock(grid("第 1 个表格", rows), "第 1 个表格")]
    result = document_report.read_document(SourceDocument(Path("r.docx"), "Word 文档", blocks))
    assert {k: v for k, v in result.placed.items() if k[0] == "t4"} == expected(t4)
    assert any(p.text == "7" and p.kind is ProblemKind.UNPLACED for p in result.problems)


def test_slash_and_dash_in_a_number_cell_are_reported_never_zero(no_text_tables: None) -> None:
    t2 = CURRENT.table("t2_6")
    rows = rows_of(t2, {("penalty", "decisions"): "/", ("coercion", "decisions"): "—"})
    blocks: list[Any] = [*TWO_LINE_TITLE, TableBlock(grid("第 1 个表格", rows), "第 1 个表格")]
    result = document_report.read_document(SourceDocument(Path("r.docx"), "Word 文档", blocks))
    for row in t2.rows:
        assert result.placed.get((t2.id, row.id, t2.columns[0].id)) is None
    assert {p.text for p in result.problems if p.kind is ProblemKind.NOT_A_NUMBER} == {"/", "—"}


# --- tables read from the text, uncertain cells ----------------------------------------------------


def test_a_table_read_from_text_replaces_the_grid_attempt_and_marks_uncertain_cells(
        monkeypatch: pytest.MonkeyPatch) -> None:
    t4 = CURRENT.table("t4")
    seen: list[tuple[str, list[str]]] = []

    def reader(template: Any, table: Table, blocks: list[TextBlock], log: ImportLog, part: Any) -> TextTableReading:
        seen.append((table.id, [b.text for b in blocks]))
        if table.id != "t4":
            return TextTableReading()
        first, second = t4.columns[0].id, t4.columns[1].id
        return TextTableReading(
            placed={(t4.id, t4.rows[0].id, c.id): (None if c.id in (first, second) else 0) for c in t4.columns},
            sources={(t4.id, t4.rows[0].id, c.id): part.ref(2, 0) for c in t4.columns},
            uncertain={(t4.id, t4.rows[0].id, first): "此行有 14 个数字、15 个栏目：1 0 0 …；无法确定",
                       (t4.id, t4.rows[0].id, second): "此行有 14 个数字、15 个栏目：1 0 0 …；无法确定"},
            found=True)

    monkeypatch.setattr(document_report, "_text_table_reader", lambda: reader)
    document = SourceDocument(Path("粘贴.txt"), "文本", lines(
        "某市交通运输局\n2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n时效性有待加强。"))
    result = document_report.read_document(document)
    assert ("t4", ["行政复议 行政诉讼", "1 0 0 0 1 0 0 0 0 0 0 0 0 0"]) in seen
    row = t4.rows[0].id
    keys = {(t4.id, row, t4.columns[0].id), (t4.id, row, t4.columns[1].id)}
    assert set(result.uncertain) == keys == result.report.uncertain
    uncertain = [p for p in result.problems if p.kind is ProblemKind.UNCERTAIN]
    assert {(p.table, p.row, p.column) for p in uncertain} == keys
    assert all("无法确定" in p.reason and p.where.startswith("四、政府信息公开行政复议、行政诉讼情况 第 5 行")
               for p in uncertain)
    # The grid reader's "table 四 not found" is not left as a false problem; the others stay.
    missing = {p.table for p in result.problems if p.kind is ProblemKind.MISSING and not p.row and p.table}
    assert "t4" not in missing and "t3" in missing
    assert result.report.cells[(t4.id, row, t4.columns[2].id)] == 0
    assert not any("行政复议 行政诉讼" in note for note in result.notes)  # its lines were the table's


def test_the_sample_text_tables_through_the_text_reader() -> None:
    document = SourceDocument(Path("sample.txt"), "文本", lines(SEED.read_text(encoding="utf-8")))
    result = document_report.read_document(document)
    assert result.placed[("t2_5", "licensing", "decisions")] == 38651
    assert result.placed[("t3", "1", "natural")] == result.placed[("t3", "1", "total")] == 9
    # Whatever the text does not settle is marked and reported cell by cell.
    assert set(result.uncertain) == result.report.uncertain
    flagged = {(p.table, p.row, p.column) for p in result.problems if p.kind is ProblemKind.UNCERTAIN}
    assert flagged == set(result.uncertain)


def test_the_joined_table_drops_the_repeated_header_and_the_page_number_row() -> None:
    from importing.labels import build_index
    from importing.table_joining import join_tables

    document = t3_split(repeat_header=True, page_number=True)
    [joined] = join_tables(document.blocks, build_index(CURRENT), PartKind.PAGE, lambda block: False)
    layout = table_grid(CURRENT.table("t3"))
    texts = [text for _r, _c, text in joined.cells()]
    assert max(r for r, _c, _t in joined.cells()) == layout.row_count
    assert texts.count("申请人情况") == 1 and "— 5 —" not in texts
    assert all(isinstance(v, int) for r, c, v in joined.cells() if c > layout.label_columns and r > layout.header_rows)


def test_a_title_wrapped_inside_a_word_and_contacts_wrapped_over_lines(no_text_tables: None) -> None:
    text = "\n".join([
        "某市司法局 2022 年政府信息公开工作年度报", "             告",
        "  本报告根据《中华人民共和国政府信息公开条例》（以下", "简称《条例》）要求编制。",
        "  一、总体情况", "  2022 年，本局政府信息公开网站：http://", "sfj.example.gov.cn/，联系电话：0771-",
        "2801234。",
    ])
    result = document_report.read_document(SourceDocument(Path("a.txt"), "文本", lines(text)))
    meta = result.report.meta
    assert (meta.agency, meta.year) == ("某市司法局", 2022)
    assert result.report.preamble == ["本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。"]
    assert meta.website == "http://sfj.example.gov.cn/"
    assert meta.phone == "0771-2801234"


def test_a_header_cut_by_the_page_break_joins_the_table_below_it() -> None:
    """As a PDF gives table 三 when the page ends inside its header: the header alone on one page
    ("商业企" above the break, "业" below it), the rest of the table on the next."""
    t3 = CURRENT.table("t3")
    rows = rows_of(t3, caption=False)
    header = table_grid(t3).header_rows
    top = [list(r) for r in rows[:header]]
    top[-1] = [DocCell("商业企" if c.text == "商业企业" else c.text, c.row, c.column, c.rowspan, c.colspan)
               for c in top[-1]]
    rest = [[DocCell("业", 1, 5)], *rows[header:]]
    blocks: list[Any] = [*TWO_LINE_TITLE, para("三、收到和处理政府信息公开申请情况", 3),
                         TableBlock(grid("第 30 页 表格 2", top), "第 30 页 表格 2", page=30, last_page=30),
                         TableBlock(grid("第 31 页 表格 1", rest), "第 31 页 表格 1", page=31, last_page=31)]
    result = document_report.read_document(SourceDocument(Path("r.pdf"), "PDF 文件", blocks,
                                                          part_kind=PartKind.PAGE))
    assert {k: v for k, v in result.placed.items() if k[0] == "t3"} == expected(t3)
    assert [str(p) for p in result.problems if p.table == "t3"] == []


def test_a_huge_paragraph_is_read_in_linear_time(no_text_tables: None) -> None:
    import time

    huge = "x" * 100_000 + "a.b.c" * 20_000
    document = word_document(TWO_LINE_TITLE, end=[para(huge, 50), para("二、" + huge, 51)])
    started = time.perf_counter()
    result = document_report.read_document(document)
    assert time.perf_counter() - started < 5  # the e-mail pattern over the whole text took minutes
    assert result.report.meta.email == ""
