"""Reading template tables from mangled text (importing/text_tables.py): every shape published
reports take when copied or extracted as text. The property throughout: every cell is read right
or listed as uncertain — never wrong and silent."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from importing.document import TextBlock
from importing.result import ImportLog, PartKind, ProblemKind
from importing.text_reader import open_text_file, text_document
from importing.text_tables import TextPart, TextTableReading, read_text_table
from importing.text_tokens import loose_key
from model.projectfile import load
from model.report import CellKey, Value
from model.template import Row, Table
from model.templates import CURRENT as TEMPLATE

T3 = TEMPLATE.table("t3")
T4 = TEMPLATE.table("t4")
T2_1 = TEMPLATE.table("t2_1")
SEED = Path("/work/shared/seeds/000_e73212b8dc766644.txt")
DOCUMENTS = Path(__file__).parent / "documents"

Truth = dict[CellKey, Value]


# --- known tables, built from the template -------------------------------------------------------


def balanced_t3(rng: random.Random, zero_share: float = 0.6, blank_share: float = 0.0) -> Truth:
    """A table 三 under which every equation holds; blanks (None) only where the value is 0."""
    parts = [c.id for c in T3.columns if not c.is_total]
    leaves = [r.id for r in T3.rows if r.path[0].startswith("三、") and not r.is_total]
    cells: dict[tuple[str, str], int] = {}

    def small() -> int:
        return 0 if rng.random() < zero_share else rng.randint(1, 12)

    for column in parts:
        for leaf in leaves:
            cells[(leaf, column)] = small()
        cells[("3.7", column)] = sum(cells[(leaf, column)] for leaf in leaves)
        cells[("4", column)] = small()
        carried = rng.randint(0, cells[("3.7", column)] + cells[("4", column)])
        cells[("2", column)] = carried
        cells[("1", column)] = cells[("3.7", column)] + cells[("4", column)] - carried
    for row in T3.row_ids:
        cells[(row, "total")] = sum(cells[(row, c)] for c in parts)
    truth: Truth = {(T3.id, r, c): v for (r, c), v in cells.items()}
    for key, value in truth.items():
        if value == 0 and rng.random() < blank_share:
            truth[key] = None
    return truth


def balanced_t4(rng: random.Random, blank_groups: int = 0) -> Truth:
    truth: Truth = {}
    groups = ["review", "direct_suit", "suit_after_review"]
    blank = set(rng.sample(groups, blank_groups))
    for group in groups:
        values = [rng.choice([0, 0, 1, 2, 5]) for _ in range(4)]
        for key, value in zip(("upheld", "corrected", "other", "pending"), values, strict=True):
            truth[(T4.id, "cases", f"{group}.{key}")] = None if group in blank else value
        truth[(T4.id, "cases", f"{group}.total")] = None if group in blank else sum(values)
    return truth


def row_label(table: Table, row: Row, with_groups: bool = True) -> str:
    """A row's label as a published table prints it: the group labels that begin at this row first."""
    index = table.rows.index(row)
    labels = []
    for depth, label in enumerate(row.path[:-1]):
        if with_groups and (index == 0 or table.rows[index - 1].path[:depth + 1] != row.path[:depth + 1]):
            labels.append(label)
    return " ".join([*labels, row.label])


def shown(value: Value) -> str:
    return "" if value is None else str(value)


def row_values(table: Table, truth: Truth, row: Row) -> list[Value]:
    return [truth[(table.id, row.id, c.id)] for c in table.columns]


# --- the shapes ------------------------------------------------------------------------------------


def layout_text(table: Table, truth: Truth, sep: str = "  ") -> str:
    """pdftotext -layout: one row per line, blank cells simply missing."""
    lines = ["申请人情况 自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    for row in table.rows:
        numbers = [shown(v) for v in row_values(table, truth, row) if v is not None]
        lines.append(sep.join([row_label(table, row), *numbers]))
    return "\n".join(lines)


def cell_per_line_text(table: Table, truth: Truth, width: int = 3) -> str:
    """Plain pdftotext: header first, labels broken every `width` characters, then each number alone."""
    lines = ["（本列数据的勾稽关系为：第一项加第二项之和，", "等于第三项加第四项之和）", "申请人情况", "自然人",
             "法人或其他组织", "商业企", "业", "科研机", "构", "总计"]
    for row in table.rows:
        label = row_label(table, row).replace(" ", "")
        lines += [label[i:i + width] for i in range(0, len(label), width)]
        lines += [shown(v) for v in row_values(table, truth, row) if v is not None]
    return "\n".join(lines)


def run_together_text(table: Table, truth: Truth) -> str:
    """Crawled web text: a row's cells run together without separators."""
    return "\n".join(row_label(table, row) + "".join(shown(v) for v in row_values(table, truth, row))
                     for row in table.rows)


def blocks_of(text: str) -> list[TextBlock]:
    return text_document(text, Path("表格.txt")).text_blocks()


def read(table: Table, text: str) -> tuple[TextTableReading, ImportLog]:
    log = ImportLog(1, part_kind=PartKind.TABLE)
    return read_text_table(TEMPLATE, table, blocks_of(text), log, TextPart(0, "表格.txt")), log


def silent_misreads(table: Table, truth: Truth, reading: TextTableReading) -> list[str]:
    """Cells read as another value than the truth and not listed as uncertain (or not read at all)."""
    wrong = []
    for key, value in truth.items():
        if key in reading.uncertain:
            continue
        if key not in reading.placed or reading.placed[key] != value:
            wrong.append(f"{key}: {reading.placed.get(key, '未读')!r} ≠ {value!r}")
    return wrong


# --- each shape ------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [layout_text, cell_per_line_text, run_together_text])
def test_a_table_without_blanks_reads_exactly_in_every_shape(shape: Callable[[Table, Truth], str]) -> None:
    truth = balanced_t3(random.Random(7), zero_share=0.0)  # every cell non-zero
    reading, log = read(T3, shape(T3, truth))
    assert reading.found
    if shape is run_together_text:  # two-digit numbers run together: the rules must settle them
        assert not silent_misreads(T3, truth, reading)
    else:
        assert reading.placed == truth and not reading.uncertain and not log.problems()


def test_vanished_blanks_are_placed_by_the_row_totals() -> None:
    truth = balanced_t3(random.Random(3))
    truth[(T3.id, "3.1", "commercial")] = None  # （一）予以公开: 2 _ 0 0 0 0 2 prints as "2 0 0 0 0 2"
    truth[(T3.id, "3.1", "natural")] = 2
    truth[(T3.id, "3.1", "total")] = 2 + sum(truth[(T3.id, "3.1", c)] or 0 for c in
                                             ("research", "public_welfare", "legal_service", "other"))
    truth = rebalance(truth)
    reading, _log = read(T3, layout_text(T3, truth))
    assert not silent_misreads(T3, truth, reading)
    assert reading.found


def rebalance(truth: Truth) -> Truth:
    """`truth` with （七）总计, 一 and the row totals recomputed (blanks count as 0)."""
    parts = [c.id for c in T3.columns if not c.is_total]
    leaves = [r.id for r in T3.rows if r.path[0].startswith("三、") and not r.is_total]
    fixed = dict(truth)
    for c in parts:
        fixed[(T3.id, "3.7", c)] = sum(fixed[(T3.id, r, c)] or 0 for r in leaves)
        fixed[(T3.id, "1", c)] = max(0, (fixed[(T3.id, "3.7", c)] or 0) + (fixed[(T3.id, "4", c)] or 0)
                                     - (fixed[(T3.id, "2", c)] or 0))
        fixed[(T3.id, "2", c)] = (fixed[(T3.id, "3.7", c)] or 0) + (fixed[(T3.id, "4", c)] or 0) \
            - (fixed[(T3.id, "1", c)] or 0)
    for r in T3.row_ids:
        fixed[(T3.id, r, "total")] = sum(fixed[(T3.id, r, c)] or 0 for c in parts)
    return fixed


def test_a_short_row_the_rules_cannot_settle_is_uncertain_and_says_what_was_seen() -> None:
    text = "\n".join([
        "一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9",
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "三、本年度办理结果 （一）予以公开 3 1 0 0 0 4",  # one of 7 cells vanished
        "（二）部分公开 0 0 0 0 0 0 0",
        "（七）总计 8 1 0 0 0 0 9",
        "四、结转下年度继续办理 0 0 0 0 0 0 0",
    ])
    reading, log = read(T3, text)
    # Without the other result rows no column rule applies, and the blank may be in any column.
    row = [(T3.id, "3.1", c.id) for c in T3.columns]
    assert all(key in reading.uncertain for key in row)
    # Counting a blank as 0 the 总计 must be 4 (8 ≠ a blank 0): filled, but flagged all the same.
    assert [reading.placed[key] for key in row] == [None] * 6 + [4]
    assert "此行有 6 个数字、7 个栏目，无法确定哪一栏为空：3 1 0 0 0 4" in reading.uncertain[row[0]]
    assert "其余保持空白，请核对" in reading.uncertain[row[0]]
    problem = next(p for p in log.problems() if p.kind is ProblemKind.UNCERTAIN)
    assert problem.row == "3.1" and len(problem.cells) == 7 and problem.place.cell == "第 3 行"
    # The full rows read as printed.
    assert reading.placed[(T3.id, "1", "natural")] == 9 and (T3.id, "1", "natural") not in reading.uncertain


def test_the_balance_rules_settle_a_reading_the_row_total_alone_cannot() -> None:
    truth = balanced_t3(random.Random(11), zero_share=1.0)
    for row, column, value in (("3.1", "natural", 3), ("3.1", "commercial", 1), ("3.1", "total", 4)):
        truth[(T3.id, row, column)] = value
    truth = rebalance(truth)
    truth[(T3.id, "3.1", "research")] = None  # 3 1 _ 0 0 0 4 → "3 1 0 0 0 4"
    text = layout_text(T3, truth)
    assert "（一）予以公开  3  1  0  0  0  4" in text
    reading, _log = read(T3, text)
    assert not silent_misreads(T3, truth, reading)
    # The row total allows the blank in 5 places; the column rule T3-RESULT-TOTAL fixes 商业企业 = 1.
    assert reading.placed[(T3.id, "3.1", "commercial")] == 1


def test_five_blanks_then_numbers_never_shift_silently() -> None:
    rng = random.Random(5)
    for _ in range(30):
        truth = balanced_t4(rng, blank_groups=1)
        text = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n" + " ".join(
            shown(v) for v in truth.values() if v is not None)
        reading, _log = read(T4, text)
        assert not silent_misreads(T4, truth, reading), text


def test_table_four_as_fifteen_bare_numbers_reads_exactly() -> None:
    truth = balanced_t4(random.Random(1))
    reading, log = read(T4, "行政复议\n" + " ".join(shown(v) for v in truth.values()))
    assert reading.placed == truth and not reading.uncertain and not log.problems()


def test_tab_separated_fields_give_the_blank_cells_their_columns() -> None:
    # The seed report's 表四 row has 16 tab fields for 15 columns: it cannot be read by position.
    text = "行政复议\t\t\t\t\t行政诉讼\n\t\t\t\t\t1\t0\t0\t1\t0\t0\t0\t0\t0\t0"
    reading, _log = read(T4, text)
    values = [reading.placed[(T4.id, "cases", c.id)] for c in T4.columns]
    assert values == [None] * 5 + [1, 0, 0, 1, 0, 0, 0, 0, 0, 0][:10] and not reading.uncertain


def test_the_seed_reports_tables_read_as_published() -> None:
    doc = text_document(SEED.read_text(encoding="utf-8"), SEED)
    lines = doc.text_blocks()
    start = next(i for i, b in enumerate(lines) if b.text.startswith("## 三、"))
    stop = next(i for i, b in enumerate(lines) if "四、政府信息公开行政复议" in b.text)
    log = ImportLog(1, part_kind=PartKind.TABLE)
    reading = read_text_table(TEMPLATE, T3, lines[start + 1:stop], log, TextPart())
    assert not reading.uncertain and not log.problems()
    assert reading.placed[(T3.id, "1", "natural")] == 9 and reading.placed[(T3.id, "3.3.4", "total")] == 2
    assert reading.placed[(T3.id, "3.4.1", "natural")] == 4 and reading.placed[(T3.id, "3.6.2", "total")] == 0
    assert len(reading.placed) == len(T3.rows) * len(T3.columns)
    # 表四: 11 numbers on 16 tab fields for 15 columns: every cell is uncertain, none taken silently.
    t4_lines = lines[stop + 1:next(i for i, b in enumerate(lines) if "五、存在的主要问题" in b.text)]
    reading = read_text_table(TEMPLATE, T4, t4_lines, ImportLog(1), TextPart())
    assert set(reading.uncertain) == set(reading.placed) and len(reading.placed) == 15
    assert all("11 个数字、15 个栏目" in why for why in reading.uncertain.values())


def test_a_page_number_and_a_repeated_header_inside_the_table_are_skipped() -> None:
    truth = balanced_t3(random.Random(21), zero_share=0.3)
    lines = layout_text(T3, truth, sep=" ").split("\n")
    at = 12
    text = "\n".join([*lines[:at], "— 7 —", "\f申请人情况 自然人 法人或其他组织 总计",
                      "商业企业 科研机构 社会公益组织 法律服务机构 其他", *lines[at:]])
    reading, log = read(T3, text)
    assert reading.placed == truth and not reading.uncertain and not log.problems()


def test_run_together_digits_are_split_by_the_rules_or_flagged() -> None:
    text = "\n".join(row_label(T3, row) + ("9000009" if row.id in ("1", "3.1", "3.7") else "0000000")
                     for row in T3.rows)
    reading, _log = read(T3, text)
    # A blank 总计 beside "90 0 0 0 0 9" would pass the checks too: flagged, filled with the one
    # reading that balances when a blank counts as 0.
    assert [reading.placed[(T3.id, "1", c.id)] for c in T3.columns] == [9, 0, 0, 0, 0, 0, 9]
    assert reading.placed[(T3.id, "2", "total")] == 0
    assert all(why.endswith("已按此填入，请核对") for why in reading.uncertain.values())
    # "11000011": 1 1 0 0 0 0 11? 11 0 0 0 0 0 11? the rules decide, or the cells are uncertain.
    truth = balanced_t3(random.Random(2), zero_share=0.9)
    reading, _log = read(T3, run_together_text(T3, truth))
    assert not silent_misreads(T3, truth, reading)


def test_a_single_other_handling_row_of_zeros_sets_its_sub_items_to_zero() -> None:
    truth = balanced_t3(random.Random(4))
    text = []
    for row in T3.rows:
        if row.id.startswith("3.6."):
            if row.id == "3.6.1":
                text.append("（六）其他处理 " + " ".join("0" for _ in T3.columns))
            continue
        text.append(row_label(T3, row) + " " + " ".join(shown(v) for v in row_values(T3, truth, row)))
    for row_id in ("3.6.1", "3.6.2", "3.6.3"):
        for c in T3.columns:
            truth[(T3.id, row_id, c.id)] = 0
    truth = rebalance(truth)
    reading, log = read(T3, "\n".join(text))
    assert all(reading.placed[(T3.id, r, c.id)] == 0 for r in ("3.6.1", "3.6.2", "3.6.3") for c in T3.columns)
    assert any("（六）其他处理" in n and "记为 0" in n for n in log.notes())


def test_a_single_other_handling_row_with_a_count_leaves_its_sub_items_blank_with_a_problem() -> None:
    text = "\n".join([
        "（五）不予处理 5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0",
        "（六）其他处理 2 0 0 0 0 0 2",
        "（七）总计 2 0 0 0 0 0 2",
    ])
    reading, log = read(T3, text)
    assert reading.placed[(T3.id, "3.6.1", "natural")] is None
    assert reading.placed[(T3.id, "3.6.2", "commercial")] == 0  # 0 under a 0 follows for certain
    problem = next(p for p in log.problems() if p.kind is ProblemKind.UNPLACED)
    assert problem.cells == (("3.6.1", "natural"), ("3.6.2", "natural"), ("3.6.3", "natural"))


@pytest.mark.parametrize("mark", ["/", "—", "-", "无"])
def test_marks_in_number_positions_are_reported_never_zero(mark: str) -> None:
    text = f"规章 {mark} 0 3\n行政规范性文件 1 0 4"
    reading, log = read(T2_1, text)
    assert reading.placed[(T2_1.id, "rules", "issued")] is None
    assert reading.placed[(T2_1.id, "rules", "in_force")] == 3
    assert [p.kind for p in log.problems()] == [ProblemKind.NOT_A_NUMBER]
    assert f"“{mark}”" in str(log.problems()[0])


def test_a_row_with_more_numbers_than_columns_is_uncertain() -> None:
    reading, _log = read(T2_1, "规章 1 0 3 5\n行政规范性文件 1 0 4")
    assert all((T2_1.id, "rules", c.id) in reading.uncertain for c in T2_1.columns)
    assert all(reading.placed[(T2_1.id, "rules", c.id)] is None for c in T2_1.columns)
    assert "4 个数字、3 个栏目" in reading.uncertain[(T2_1.id, "rules", "issued")]


def test_a_table_that_does_not_balance_keeps_its_full_rows_and_flags_the_short_ones() -> None:
    truth = balanced_t3(random.Random(8), zero_share=0.0)
    truth[(T3.id, "3.1", "research")] = None  # vanishes from the text
    truth = rebalance(truth)
    truth[(T3.id, "1", "natural")] = (truth[(T3.id, "1", "natural")] or 0) + 5  # recorded as printed
    reading, _log = read(T3, layout_text(T3, truth))
    assert reading.placed[(T3.id, "1", "natural")] == truth[(T3.id, "1", "natural")]
    assert (T3.id, "1", "natural") not in reading.uncertain
    assert not silent_misreads(T3, truth, reading)


def test_a_number_missing_from_the_text_is_not_taken_for_a_blank_silently() -> None:
    truth = balanced_t3(random.Random(8), zero_share=0.0)
    lines = layout_text(T3, truth).split("\n")
    assert lines[4].endswith("  9  51")
    lines[4] = lines[4].removesuffix("  9  51") + "  51"  # the 9 of 其他 is lost, not blank
    reading, _log = read(T3, "\n".join(lines))
    # Only a blank 其他 balances, and only because a blank may be any count: flagged, never silent.
    assert all((T3.id, "3.1", c.id) in reading.uncertain for c in T3.columns)
    assert "空白计为 0 时表格不平衡" in reading.uncertain[(T3.id, "3.1", "other")]


def test_no_rows_found_is_not_found() -> None:
    reading, log = read(T3, "这里没有表格。\n只有 3 个数字 1 2")
    assert not reading.found and not reading.placed and not log.problems()


def test_missing_rows_are_reported() -> None:
    reading, log = read(T2_1, "规章 1 0 3")
    assert reading.found
    assert [p.row for p in log.problems() if p.kind is ProblemKind.MISSING] == ["normative"]


# --- the property, over many random tables -------------------------------------------------------


def mangle(rng: random.Random, table: Table, truth: Truth) -> str:
    """One of the shapes at random, with random vanished blanks already in `truth`."""
    shape = rng.choice(["layout", "cells", "together", "tabs"])
    if shape == "layout":
        return layout_text(table, truth, sep=rng.choice([" ", "  ", "\t"]))
    if shape == "cells":
        return cell_per_line_text(table, truth, width=rng.randint(2, 6))
    if shape == "together":
        return run_together_text(table, truth)
    return "\n".join("\t".join([row_label(table, row), *(shown(v) for v in row_values(table, truth, row))])
                     for row in table.rows)


def test_no_silent_misread_over_random_mangled_tables() -> None:
    rng = random.Random(20261201)
    misreads, slowest = 0, 0.0
    clear_uncertain = 0  # uncertain cells where nothing vanished and nothing ran together
    for _ in range(150):
        blank_share = rng.choice([0, 0.1, 0.5])
        truth = balanced_t3(rng, zero_share=rng.choice([0.0, 0.5, 0.8, 0.95]), blank_share=blank_share)
        state = rng.getstate()
        shape = rng.choice(["layout", "cells", "together", "tabs"])
        rng.setstate(state)
        text = mangle(rng, T3, truth)
        started = time.perf_counter()
        reading, _log = read(T3, text)
        slowest = max(slowest, time.perf_counter() - started)
        wrong = silent_misreads(T3, truth, reading)
        assert not wrong, (text, wrong[:3])
        misreads += len(wrong)
        if (blank_share == 0 and shape != "together") or shape == "tabs":
            clear_uncertain += len(reading.uncertain)
    assert misreads == 0
    assert clear_uncertain == 0  # a row that fills its columns (or its tab fields) is read as printed
    assert slowest < 1.0


def test_a_whole_table_reads_well_under_a_tenth_of_a_second() -> None:
    truth = balanced_t3(random.Random(9), zero_share=0.7, blank_share=0.05)
    text = layout_text(T3, truth)
    first, _log = read(T3, text)
    assert not silent_misreads(T3, truth, first)
    started = time.perf_counter()
    for _ in range(5):
        read(T3, text)
    assert (time.perf_counter() - started) / 5 < 0.1


# --- the documents generated for issue 14, where they exist ---------------------------------------


def _text_documents() -> list[dict[str, object]]:
    manifest = DOCUMENTS / "manifest.json"
    if not manifest.exists():
        return []
    return [entry for entry in json.loads(manifest.read_text(encoding="utf-8"))
            if str(entry.get("file", "")).endswith(".txt") and entry.get("truth")]


def section_lines(blocks: list[TextBlock]) -> dict[str, list[TextBlock]]:
    """Section id → its lines, by the first line that begins with each section title (for the test only:
    the report reader's own section finding is importing/document_report.py)."""
    titles = [(s.id, loose_key(s.title)) for s in TEMPLATE.sections]
    starts: list[tuple[str, int]] = []
    for i, block in enumerate(blocks):
        key = loose_key(block.text)
        starts += [(sid, i) for sid, title in titles if key.startswith(title) and sid not in dict(starts)]
    return {sid: blocks[i + 1:(starts[n + 1][1] if n + 1 < len(starts) else len(blocks))]
            for n, (sid, i) in enumerate(starts)}


@pytest.mark.skipif(not _text_documents(), reason="tests/documents 中尚无 .txt 文档")
@pytest.mark.parametrize("entry", _text_documents(), ids=lambda e: str(e["file"]))
def test_generated_text_documents_have_no_silent_misread(entry: dict[str, object]) -> None:
    truth = load(DOCUMENTS / "truth" / str(entry["truth"]))
    sections = section_lines(open_text_file(DOCUMENTS / str(entry["file"])).text_blocks())
    for table in TEMPLATE.tables:
        log = ImportLog(1, part_kind=PartKind.TABLE)
        reading = read_text_table(TEMPLATE, table, sections.get(table.section_id, []), log, TextPart())
        missing = {p.row for p in log.problems() if p.kind is ProblemKind.MISSING}
        expected = {(table.id, r.id, c.id): truth.cells.get((table.id, r.id, c.id))
                    for r in table.rows for c in table.columns if r.id not in missing}
        if reading.found:
            assert not silent_misreads(table, expected, reading)


def test_pdftotext_layout_with_group_labels_between_the_lines_of_a_label() -> None:
    # As `pdftotext -layout` prints 表三: the group label's pieces share the lines of its first row's label.
    text = "\n".join([
        "一、本年新收政府信息公     4     1    0    0   0   0   5",
        "   开申请数量",
        "二、上年结转政府信息公      0     0     0    0    0     0    0",
        "   开申请数量",
        "三、本 （一）予以公开      4     1     0    0    0     0    5",
        "    （三） 1.属于     0     0     0    0    0     0    0",
        "    不予公 国家秘",
        "      开    密",
        "（六）   1.申请   0   0   0   0   0   0   0",
        "其他处   人无正",
        " 理    当理由",
        "      逾期不补正、行政机关不再处理其政府信息公开申请",
    ])
    reading, _log = read(T3, text)
    assert reading.placed[(T3.id, "3.3.1", "natural")] == 0 and (T3.id, "3.3.1", "natural") not in reading.uncertain
    assert reading.placed[(T3.id, "3.6.1", "total")] == 0 and (T3.id, "3.6.1", "total") not in reading.uncertain
    assert reading.placed[(T3.id, "3.1", "total")] == 5
