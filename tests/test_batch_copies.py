"""Copied text across the reports of a batch (issue 17, part 3): XY-REPEAT's measure between reports,
found through one index of shingles rather than by comparing every pair of texts."""

from __future__ import annotations

import random
import time

import pytest

from model import batch_copies
from model.batch_copies import find_copies, shared_passage
from model.crossyear import repetition

BOILERPLATE = "根据《中华人民共和国政府信息公开条例》，"
#: Characters to make text that no two reports share by chance.
POOL = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))


def _prose(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(POOL) for _ in range(length)) + "。"


def _three_reports() -> list[tuple[str, str, list[str]]]:
    own_a = [_prose(1, 120), _prose(2, 130), _prose(3, 120), _prose(4, 130)]  # 五 of a: 504 characters
    copied = [*own_a[:3], _prose(5, 100)]  # b keeps three of a's four paragraphs and writes one
    return [
        ("a.nianbao", "s1", [BOILERPLATE + _prose(10, 200)]),
        ("a.nianbao", "s5", own_a),
        ("b.nianbao", "s1", [BOILERPLATE + _prose(11, 200)]),
        ("b.nianbao", "s5", copied),
        ("c.nianbao", "s1", [BOILERPLATE + _prose(12, 200)]),
        ("c.nianbao", "s5", [BOILERPLATE + _prose(13, 300)]),
    ]


def test_a_section_copied_at_eighty_percent_is_one_pair_and_boilerplate_is_none() -> None:
    items = _three_reports()
    pairs = find_copies(items)
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.a, pair.b, pair.section) == ("a.nianbao", "b.nianbao", "s5")
    # The shorter section is b's (three of a's paragraphs and 101 own characters): the share is of it.
    b_five = items[3][2]
    repeated, total = repetition(b_five, items[1][2])
    assert pair.share == pytest.approx(repeated / total) and pair.share == pytest.approx(0.8, abs=0.05)
    assert pair.passage in "".join(items[1][2]) and len(pair.passage) >= 120


def test_the_same_pairs_as_comparing_every_pair_of_sections() -> None:
    """The index finds exactly what measuring every pair would (the bound never hides a pair)."""
    rng = random.Random(7)
    paragraphs = [_prose(100 + i, rng.randint(40, 160)) for i in range(30)]
    items = []
    for report in range(40):
        chosen = [*rng.sample(paragraphs, 3), _prose(1000 + report, rng.randint(20, 200))]
        items.append((f"r{report}", "s5", [BOILERPLATE + chosen[0], *chosen[1:]]))
    expected = set()
    for i, (file_a, _s, text_a) in enumerate(items):
        for file_b, _t, text_b in items[i + 1:]:
            shorter, longer = (text_a, text_b) if len("".join(text_a)) <= len("".join(text_b)) else (text_b, text_a)
            repeated, total = repetition(shorter, longer)
            if repeated > 0.3 * total:
                expected.add((file_a, file_b))
    found = {(p.a, p.b) for p in find_copies(items, threshold=0.3)}
    assert expected and found == expected


def test_boilerplate_shared_by_very_many_reports_is_still_measured() -> None:
    """Above COMMON_POSTINGS a shingle is bounded per section, not counted per pair: a section that is
    mostly that shingle still pairs with every other."""
    long_boilerplate = "本报告根据《中华人民共和国政府信息公开条例》第五十条的规定编制，全文包括总体情况等内容。"
    items = [(f"r{i}", "s1", [long_boilerplate * 2 + _prose(i, 10)]) for i in range(batch_copies.COMMON_POSTINGS + 5)]
    pairs = find_copies(items)
    assert len(pairs) == len(items) * (len(items) - 1) // 2 and all(p.share > 0.8 for p in pairs)


def test_empty_short_and_same_file_sections_never_pair() -> None:
    line = "本年度未收取信息处理费。"
    items = [("a", "s6", [line]), ("b", "s6", [line]), ("a", "s5", []), ("b", "s5", []),
             ("a", "s1", [_prose(1, 200)]), ("a", "s5x", [_prose(1, 200)])]
    items += [("c", "s1", ["（一）主动公开情况"]), ("d", "s1", ["（一）主动公开情况"])]  # sub-headings are left out
    assert find_copies(items) == []
    same_file_twice = [("a", "s1", [_prose(1, 200)]), ("a", "s1", [_prose(1, 200)])]
    assert find_copies(same_file_twice) == []


def test_numbers_do_not_hide_a_copy_and_the_passage_is_printed_as_in_a() -> None:
    text = _prose(3, 80)
    a = [text[:30] + "共收到申请 12 件，" + text[30:]]
    b = [text[:30] + "共收到申请37件，" + text[30:]]
    pairs = find_copies([("a", "s1", a), ("b", "s1", b)])
    assert len(pairs) == 1 and pairs[0].share == 1.0
    assert pairs[0].passage == a[0] and shared_passage(b, a) == b[0]
    assert shared_passage(a, [_prose(9, 80)]) == ""


def test_a_threshold_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="阈值"):
        find_copies([], threshold=1.5)


def test_five_hundred_reports_are_searched_through_the_index() -> None:
    rng = random.Random(17)
    stock = [_prose(5000 + i, 60) for i in range(40)]  # phrases many reports reuse
    items = []
    for report in range(500):
        for section, length in (("s1", 400), ("s5", 200), ("s6", 120)):
            paragraphs = [BOILERPLATE + _prose(report * 10 + len(section) + length, length), rng.choice(stock)]
            items.append((f"r{report}.nianbao", section, paragraphs))
    for copier in range(0, 500, 50):  # ten reports copy the 五 of the next one
        items[copier * 3 + 1] = (items[copier * 3 + 1][0], "s5", items[(copier + 1) * 3 + 1][2])
    started = time.perf_counter()
    pairs = find_copies(items)
    elapsed = time.perf_counter() - started
    print(f"\nfind_copies: 500 reports × 3 sections in {elapsed * 1000:.0f} ms, {len(pairs)} pairs")
    assert {(p.a, p.b) for p in pairs if p.section == "s5" and p.share == 1.0} == {
        (f"r{c}.nianbao", f"r{c + 1}.nianbao") for c in range(0, 500, 50)}


def _own_sections(count: int, length: int) -> list[tuple[str, str, list[str]]]:
    """`count` sections of text of their own, every 10th copying most of the one before it."""
    items = []
    for i in range(count):
        paragraphs = [_prose(5000 + i, length)]
        if i % 10 == 9:
            paragraphs = [items[-1][2][0][: length * 3 // 4] + _prose(9000 + i, length // 4)]
        items.append((f"r{i:03d}", "s5", paragraphs))
    return items


def test_bitmap_collisions_never_hide_or_add_a_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a bitmap of 256 bits every shingle collides with others: all are indexed, and the pairs are
    still exactly those found with the full bitmap (a collision only makes a shingle a candidate)."""
    items = _own_sections(60, 200)
    expected = find_copies(items)
    assert len(expected) == 6
    monkeypatch.setattr(batch_copies, "SEEN_BITS", 256)
    assert find_copies(items) == expected


def test_the_index_holds_only_shingles_held_by_more_than_one_section() -> None:
    """Memory: 400 sections of 600 characters of their own are 240,000 shingles; indexed one by one
    (a dict entry and a list each) they took some 40 MB, while only the copied ones need indexing."""
    import tracemalloc

    items = _own_sections(400, 600)
    tracemalloc.start()
    try:
        pairs = find_copies(items)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(pairs) == 40
    assert peak < 12_000_000, f"{peak / 1e6:.1f} MB"
