"""The model side of the table editors' issue-16 work: why a paste is refused, 重新计算合计, tab titles."""

from __future__ import annotations

from dataclasses import replace

import pytest

from model.autototal import recomputed_totals
from model.paste import MAX_PASTE_CELLS, PasteProblem, plan_paste
from model.report import Report
from model.templates import TEMPLATES
from model.templates.t2021 import TEMPLATE as T2021

T3 = T2021.table("t3")


def test_a_block_of_numbers_that_does_not_fit_says_so_not_that_they_are_not_numbers() -> None:
    plan = plan_paste(T3, "1\t2\t3\n4\t5\t6\n7\t8\t9\n", len(T3.rows) - 2, len(T3.columns) - 2)
    assert plan.problem is PasteProblem.DOES_NOT_FIT and not plan.changes
    assert (plan.fits_rows, plan.fits_columns) == (2, 2)
    assert plan.headline == "粘贴的区域超出表格：3 行×3 列，从此处起只有 2 行×2 列"


def test_each_refusal_has_its_kind_and_headline() -> None:
    bad = plan_paste(T3, "1\t9件\n", 0, 0)
    assert bad.problem is PasteProblem.BAD_VALUES
    assert bad.headline == "以下单元格的内容不是可接受的数字，表格未作任何改动"
    assert plan_paste(T3, "", 0, 0).problem is PasteProblem.EMPTY
    huge = plan_paste(T3, ("1\t" * 200 + "\n") * (MAX_PASTE_CELLS // 200 + 1), 0, 0)
    assert huge.problem is PasteProblem.TOO_LARGE and "过大" in huge.headline
    good = plan_paste(T3, "1\t2\n", 0, 0)
    assert good.ok and good.problem is None and good.headline == ""


def test_recomputed_totals_are_the_stated_totals_that_differ_from_their_sums(sample: Report) -> None:
    assert recomputed_totals(sample) == {}
    sample.cells[("t3", "1", "total")] = 99
    sample.cells[("t3", "3.7", "natural")] = 50
    assert recomputed_totals(sample) == {("t3", "1", "total"): 9, ("t3", "3.7", "natural"): 9}


def test_a_total_whose_parts_are_all_blank_keeps_what_it_states(sample: Report) -> None:
    for column in T2021.table("t4").columns:
        if column.id.startswith("review.") and column.id != "review.total":
            sample.cells[("t4", "cases", column.id)] = None
    sample.cells[("t4", "cases", "review.total")] = 4
    assert ("t4", "cases", "review.total") not in recomputed_totals(sample)


def test_every_template_year_has_short_tab_titles() -> None:
    for template in TEMPLATES.values():
        for section in template.sections:
            assert section.short_title and len(section.short_title) <= 7
            assert section.short_title[0] == section.title[0]  # the same ordinal: 一 … 六


def test_a_template_without_short_titles_fails_loudly() -> None:
    sections = tuple(replace(s, short_title="") if s.id == "s5" else s for s in T2021.sections)
    with pytest.raises(ValueError, match="s5 缺少 short_title"):
        replace(T2021, sections=sections)
