"""Find and replace, the pure part (model/text_search.py): where a query matches and what replacing gives."""

from __future__ import annotations

import time

from model.report import Report
from model.text_search import (
    Match,
    find_matches,
    match_after,
    paragraph_matches,
    replace_all,
    report_texts,
    whole_word_applies,
)

TEXTS = [
    ("preamble", ["本报告根据《中华人民共和国政府信息公开条例》编制。"]),
    ("s1", ["（一）主动公开。全年主动公开政府信息12条。", "依申请公开123件，公开公开。"]),
    ("s5", ["存在的问题：公开不够及时。"]),
]


def test_matches_come_in_reading_order_preamble_first() -> None:
    matches = find_matches(TEXTS, "公开")
    assert [(m.section, m.paragraph) for m in matches] == [
        ("preamble", 0), ("s1", 0), ("s1", 0), ("s1", 1), ("s1", 1), ("s1", 1), ("s5", 0)]
    assert matches[0] == Match("preamble", 0, 17, 19)
    assert TEXTS[0][1][0][17:19] == "公开"


def test_sample_report_order_follows_the_template(sample: Report) -> None:
    assert [section for section, _ in report_texts(sample)] == ["preamble", "s1", "s5", "s6"]
    matches = find_matches(report_texts(sample), "信息")
    sections = [m.section for m in matches]
    assert sections == sorted(sections, key=["preamble", "s1", "s5", "s6"].index)
    assert set(sections) == {"preamble", "s1", "s5", "s6"}


def test_adjacent_matches_both_count_and_overlapping_ones_do_not() -> None:
    assert paragraph_matches("公开公开", "公开") == [(0, 2), (2, 4)]
    assert paragraph_matches("公公公", "公公") == [(0, 2)]


def test_empty_query_and_query_across_a_paragraph_break_match_nothing() -> None:
    assert find_matches(TEXTS, "") == []
    assert find_matches(TEXTS, "12条。\n依申请") == []
    assert find_matches(TEXTS, "12条。依申请") == []  # the two paragraphs are not one text


def test_case_folds_latin_letters_only_unless_asked() -> None:
    text = "通过APP和App发布，ＡＰＰ也算。"
    assert paragraph_matches(text, "app") == [(2, 5), (6, 9)]
    assert paragraph_matches(text, "App", case_sensitive=True) == [(6, 9)]
    assert paragraph_matches(text, "ａｐｐ") == [(12, 15)]  # full-width is not half-width
    assert paragraph_matches("１２件与12件", "12") == [(4, 6)]


def test_whole_word_keeps_numbers_and_latin_words_whole() -> None:
    text = "共12件，其中123件、12.5%、1,212元，第12"
    assert paragraph_matches(text, "12") == [(1, 3), (7, 9), (12, 14), (21, 23), (26, 28)]
    assert paragraph_matches(text, "12", whole_word=True) == [(1, 3), (26, 28)]
    assert paragraph_matches("12件与112件", "12件", whole_word=True) == [(0, 3)]
    assert paragraph_matches("APP和APPS", "app", whole_word=True) == [(0, 3)]


def test_whole_word_means_nothing_for_chinese() -> None:
    assert not whole_word_applies("公开")
    assert whole_word_applies("12件") and whole_word_applies("第12") and not whole_word_applies("")
    assert paragraph_matches("公开公开", "公开", whole_word=True) == [(0, 2), (2, 4)]


def test_replace_all_changes_every_section_and_counts() -> None:
    result = replace_all(TEXTS, "公开", "公布")
    assert result.count == 7
    assert result.paragraphs == {
        "preamble": ["本报告根据《中华人民共和国政府信息公布条例》编制。"],
        "s1": ["（一）主动公布。全年主动公布政府信息12条。", "依申请公布123件，公布公布。"],
        "s5": ["存在的问题：公布不够及时。"],
    }
    assert TEXTS[1][1][1] == "依申请公开123件，公开公开。"  # the input is left as it was


def test_replace_with_a_text_containing_the_query_does_not_loop() -> None:
    result = replace_all([("s5", ["公开公开"])], "公开", "公开公开")
    assert result.paragraphs == {"s5": ["公开公开公开公开"]} and result.count == 2


def test_replace_all_leaves_untouched_sections_out_and_honours_whole_word() -> None:
    result = replace_all(TEXTS, "12", "十二", whole_word=True)
    assert result.count == 1
    assert result.paragraphs == {"s1": ["（一）主动公开。全年主动公开政府信息十二条。", "依申请公开123件，公开公开。"]}


def test_a_paragraph_replaced_by_nothing_goes_as_the_editor_would_drop_it() -> None:
    result = replace_all([("s6", ["删去此段 ", "保留。"])], "删去此段", "")
    assert result.paragraphs == {"s6": ["保留。"]}


def test_next_match_after_a_place_wraps_round() -> None:
    matches = find_matches(TEXTS, "公开")
    order = [section for section, _ in TEXTS]
    assert match_after(matches, order, "s1", 1, 0) == 3
    assert match_after(matches, order, "s1", 1, 6) == 4
    assert match_after(matches, order, "s5", 0, 9) == 0  # past the last: back to the first
    assert match_after([], order, "s1", 0, 0) == -1


def test_a_large_report_is_searched_quickly() -> None:
    paragraph = ("本机关全年主动公开政府信息，依申请公开办理答复。" * 21)[:500]
    texts = [(f"s{n}", [paragraph] * 50) for n in range(4)]  # 200 paragraphs × 500 characters
    started = time.perf_counter()
    matches = find_matches(texts, "公开")
    elapsed = time.perf_counter() - started
    assert len(matches) == 200 * paragraph.count("公开")
    print(f"find_matches over 200 × 500 characters: {len(matches)} matches in {elapsed * 1000:.1f} ms")
