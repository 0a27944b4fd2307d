"""Typesetting without loose lines, in the line breaker (issue 15): punctuation squeeze, line-end
compression, URL breaking only when a line would be loose — in this order — then spreading.

Measured as in test_cjk_lines: a CJK character 16 pt, anything else 8 pt; the blank half of a
full-width punctuation mark is 8 pt.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export.cjk_justify import is_url, url_breaks
from export.cjk_lines import Line, break_spans
from tests.test_cjk_lines import CJK, INDENT, MEASURE, align, mono, paragraphs, styled

EPS = 1e-6
LOOSE = 0.25 * CJK
NO_START = set("，。、；：！？）》”")
NO_END = set("（《“")


def half(mark: str, style: object = None) -> float:
    return CJK / 2


def lines_of(text: str, width: float = MEASURE, indent: float = 0.0, squeeze=half,
             loose_gap: float | None = LOOSE, max_letter_space: float = LOOSE) -> list[Line[str]]:
    return break_spans([(text, "body")], mono, width, indent, squeeze=squeeze, loose_gap=loose_gap,
                       max_letter_space=max_letter_space)


def pieces_by_text(line: Line[str]) -> dict[str, list]:
    found: dict[str, list] = {}
    for piece in line.pieces:
        found.setdefault(piece.text, []).append(piece)
    return found


def widest(lines: list[Line[str]]) -> float:
    """The widest extra gap between two adjacent pieces on a justified line, in ems."""
    gaps = [(b.x - a.x - a.width) / CJK for line in lines if line.justified
            for a, b in zip(line.pieces, line.pieces[1:], strict=False)]
    return max(gaps, default=0.0)


# ----------------------------------------------------------------------- punctuation squeeze


def test_a_closing_mark_before_another_mark_is_set_half_width() -> None:
    line = lines_of("称《条例》）要求，“高效”。")[0]
    by = pieces_by_text(line)
    assert by["》"][0].width == pytest.approx(8.0)  # 》 before ）
    assert by["）"][0].width == pytest.approx(16.0)  # ） before 要: full width
    assert by["，"][0].width == pytest.approx(8.0)  # ， before “
    assert by["”"][0].width == pytest.approx(8.0)  # ” before 。
    assert by["。"][0].width == pytest.approx(16.0)  # the last mark: full width
    # The closing marks lose their blank RIGHT half: drawn where they stand, no shift.
    assert all(p.shift == 0.0 for p in line.pieces)
    assert line.end == pytest.approx(14 * CJK - 3 * 8)


def test_an_opening_mark_after_another_opening_mark_loses_its_left_half_and_is_drawn_shifted_left() -> None:
    line = lines_of("对“（一）予以公开”的")[0]
    quote, bracket = line.pieces[1], line.pieces[2]
    assert (quote.text, quote.width, quote.shift) == ("“", 16.0, 0.0)
    assert (bracket.text, bracket.width) == ("（", 8.0)
    # Its glyph (in the right half of its em box) is drawn over the removed blank left half.
    assert bracket.x == pytest.approx(2 * CJK)
    assert bracket.shift == pytest.approx(-8.0)


def test_the_squeeze_is_what_the_caller_says_the_blank_is() -> None:
    """A mark drawn narrow (a Latin stand-in font: blank 0) is not squeezed."""
    line = lines_of("《条例》）要求", squeeze=lambda mark, style: 0.0)[0]
    assert [p.width for p in line.pieces] == [16.0] * 7


def test_without_squeeze_nothing_changes() -> None:
    text = "称《条例》）要求，“高效”。" * 5
    assert break_spans([(text, "body")], mono, MEASURE) == lines_of(text, squeeze=None, loose_gap=None)


def test_a_closing_mark_ending_a_line_is_compressed_only_as_far_as_the_line_needs() -> None:
    # 28 characters and "。" are 29 ems: in a measure of 28.5 ems the full stop is set half width.
    text = "一" * 28 + "。" + "二" * 10
    lines = lines_of(text, width=28 * CJK + 8)
    assert lines[0].text == "一" * 28 + "。"
    assert lines[0].pieces[-1].width == pytest.approx(8.0)
    assert lines[0].end == pytest.approx(28 * CJK + 8)  # no hanging: it ends at the measure
    # In 28.75 ems it gives up only a quarter of an em.
    lines = lines_of(text, width=28 * CJK + 12)
    assert lines[0].pieces[-1].width == pytest.approx(12.0)
    # Without squeeze the engine pushes the last character down with it (the old, looser line).
    old = break_spans([(text, "body")], mono, 28 * CJK + 8)
    assert old[0].text == "一" * 27


def test_a_closing_mark_ending_a_line_that_fits_keeps_its_full_width() -> None:
    lines = lines_of("一" * 20 + "，" + "二" * 20)
    first_end = lines[0].pieces[-1]
    assert first_end.width == pytest.approx(16.0)


# ----------------------------------------------------------------------- URLs and e-mail addresses


@pytest.mark.parametrize(("text", "expected"), [
    ("http://www.zaozhuang.gov.cn/", True), ("spfwj@zz.shandong.cn", True), ("www.gov.cn", True),
    ("zwgk/xxgk/ndbg", True), ("0632-3168699", False), ("7.82%", False), ("38651", False),
    ("2024/1/20", False), ("a@b", False), ("802.2", False),
])
def test_what_looks_like_a_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


def test_url_break_points() -> None:
    url = "http://www.zaozhuang.gov.cn/col/index.html?uid=1&page_num=2#top"
    cut = [url[p - 1] + "|" + url[p] for p in url_breaks(url)]
    assert cut == ["/|w", "w|.", "g|.", "v|.", "/|c", "/|i", "x|.", "l|?", "d|=", "1|&", "e|_", "m|=", "2|#"]
    assert "/|/" not in cut and ":|/" not in cut  # never inside "://"
    email = "spfwj@zz.shandong.cn"
    assert [email[p - 1:p + 1] for p in url_breaks(email)] == ["j@", "z.", "g."]


def test_a_url_is_broken_where_pushing_it_down_whole_would_leave_a_loose_line() -> None:
    url = "http://www.zaozhuang.gov.cn/"
    text = "一" * 12 + "网站（" + url + "）下载。" + "二" * 20
    old = break_spans([(text, "body")], mono, MEASURE)
    assert widest(old) > 1.0  # 「一 一 一 … 网 站」, the bracket and the URL pushed down
    lines = lines_of(text)
    assert widest(lines) < 0.25
    assert "".join(line.text for line in lines) == text  # nothing lost, no hyphen added
    first = lines[0].text
    head = first[first.index("（") + 1:]
    assert head and url.startswith(head)  # the bracket stays with the head of the URL
    assert len(head) in url_breaks(url)
    assert lines[1].text.startswith(url[len(head):] + "）")


def test_a_url_that_leaves_no_loose_line_is_not_broken() -> None:
    url = "http://www.zaozhuang.gov.cn/"
    # The line before the URL is full but for one character: its gaps stay below ¼ em.
    text = "一" * 26 + "，" + url + "下载"
    lines = lines_of(text)
    assert widest(lines) < 0.25
    assert any(url in line.text for line in lines)


@pytest.mark.parametrize("number", ["0632-3168699", "7.82%", "38651", "20250120123456789"])
def test_numbers_are_never_broken_even_when_the_line_is_loose(number: str) -> None:
    text = "一" * 22 + number + "二" * 30
    lines = lines_of(text)
    assert any(number in line.text for line in lines)


def test_an_e_mail_address_mid_sentence_breaks_before_a_dot_or_the_at_sign() -> None:
    email = "zhengwu.gongkai.bangongshi@zaozhuang-shizhengfu.shandong.gov.cn"
    text = "如有疑问，请发送电子邮件至" + email + "，或致电本机关咨询，我们将在三个工作日内予以答复。"
    lines = lines_of(text, indent=INDENT)
    assert "".join(line.text for line in lines) == text
    assert widest(lines) < 0.25
    start, position = text.index(email), 0
    for line in lines[:-1]:
        position += len(line.text)
        if start < position < start + len(email):
            assert position - start in url_breaks(email)


def test_a_number_after_an_address_can_leave_a_line_no_better_than_its_break_points_allow() -> None:
    """「…gov.cn，或致电」 then 0632-3168699, which is never broken: the look-back moves part of the
    address down, and what is still too loose is shared with the letters of the address on that line."""
    email = "zhengwu.gongkai.bangongshi@zaozhuang-shizhengfu.shandong.gov.cn"
    text = "如有疑问，请发送电子邮件至" + email + "，或致电0632-3168699咨询。"
    lines = lines_of(text, indent=INDENT)
    assert widest(lines) < 0.25
    assert any("0632-3168699" in line.text for line in lines)


def spaced(line: Line[str]) -> list:
    return [p for p in line.pieces if p.letter_space]


def test_a_line_still_loose_after_breaking_letter_spaces_its_address_evenly_with_the_gaps() -> None:
    """「电子邮箱：spfwj@zz」: the address breaks only at 「@」「.」, far apart, and a number that never breaks
    follows. The leftover space goes to every gap of the line alike, the address's letters included."""
    text = "电子邮箱：spfwj@zz.shandong.cn；电话：0632-3168699。监督邮箱：jiandu@zaozhuang.gov.cn。" * 3
    lines = lines_of(text, width=25 * CJK)
    assert "".join(line.text for line in lines) == text
    assert widest(lines) < 0.25
    letter_spaced = [line for line in lines if spaced(line)]
    assert letter_spaced
    for line in letter_spaced:
        assert line.justified and line.end == pytest.approx(25 * CJK)
        gaps = {round(b.x - a.x - a.width, 6) for a, b in zip(line.pieces, line.pieces[1:], strict=False)
                if a.text.strip() and b.text.strip()}
        for piece in spaced(line):
            assert is_url(piece.text) or piece.text in "spfwj@zz.shandong.cn jiandu@zaozhuang.gov.cn"
            # Evenly: each letter gap is the line's gap between characters.
            assert {round(piece.letter_space, 6)} == gaps
            assert piece.letter_space < LOOSE
            assert piece.width == pytest.approx(mono(piece.text) + piece.letter_space * (len(piece.text) - 1))
        for piece in line.pieces:
            if piece.text == "0632-3168699":
                assert piece.letter_space == 0.0  # numbers are never letter-spaced


def test_letter_spacing_is_the_last_resort() -> None:
    """A line that a URL break (or the look-back) makes tight enough is not letter-spaced; a number alone
    on a loose line is never spaced; without loose_gap nothing is."""
    url = "http://www.zaozhuang.gov.cn/"
    broken = lines_of("一" * 12 + "网站（" + url + "）下载。" + "二" * 20)
    assert not any(spaced(line) for line in broken)
    number = lines_of("一" * 15 + "0632-3168699" + "二" * 30, width=20 * CJK)
    assert widest(number) > 0.25 and not any(spaced(line) for line in number)
    text = "电子邮箱：spfwj@zz.shandong.cn；电话：0632-3168699。" * 3
    assert not any(spaced(line) for line in lines_of(text, loose_gap=None))


def test_letter_spacing_stops_at_its_maximum_and_the_other_gaps_take_the_rest() -> None:
    text = "电子邮箱：spfwj@zz.shandong.cn；电话：0632-3168699。监督邮箱：jiandu@zaozhuang.gov.cn。" * 3
    even = lines_of(text, width=25 * CJK)
    capped = lines_of(text, width=25 * CJK, max_letter_space=1.0)
    assert [line.text for line in capped] == [line.text for line in even]  # the same breaks
    for before, line in zip(even, capped, strict=True):
        if not spaced(before):
            assert line == before
            continue
        assert {p.letter_space for p in spaced(line)} == {1.0}
        assert min(p.letter_space for p in spaced(before)) > 1.0
        assert widest([line]) > widest([before])
        assert line.end == pytest.approx(25 * CJK)
    nothing = lines_of(text, width=25 * CJK, max_letter_space=0.0)
    assert not any(spaced(line) for line in nothing)


def test_a_letter_spaced_address_in_two_styles_keeps_its_letter_gaps_across_them() -> None:
    """Half the address in another style: the first piece ends a letter gap before the second starts."""
    spans = [("电子邮箱：spfwj@zz.shan", "body"), ("dong.cn", "head"), ("；电话：0632-3168699。" * 3, "body")]
    lines = break_spans(spans, styled, 25 * CJK, squeeze=half, loose_gap=LOOSE, max_letter_space=LOOSE)
    line = next(line for line in lines if len(spaced(line)) == 2)
    first, second = spaced(line)
    assert (first.text, second.text) == ("spfwj@zz.shan", "dong.cn")
    assert second.x - (first.x + first.width) == pytest.approx(0.0)
    assert first.width == pytest.approx(styled(first.text, "body") + first.letter_space * len(first.text))
    assert second.width == pytest.approx(styled(second.text, "head") + second.letter_space * 6)


_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(paragraphs(hard_breaks=True), st.integers(28, 40).map(lambda n: n * CJK), st.sampled_from([0.0, INDENT]))
def test_rules_still_hold_with_squeeze_and_url_breaking(text: str, width: float, indent: float) -> None:
    spans = [(text, "body")]
    lines = break_spans(spans, mono, width, indent, squeeze=half, loose_gap=LOOSE)
    align(spans, lines)  # every character, in order, nothing added
    for k, line in enumerate(lines):
        assert line.end <= width + EPS
        if line.justified:
            assert line.end == pytest.approx(width, abs=EPS)
        if line.pieces and k:
            assert line.pieces[0].text[0] not in NO_START
        if line.pieces and k + 1 < len(lines):
            assert line.pieces[-1].text[-1] not in NO_END
        for a, b in zip(line.pieces, line.pieces[1:], strict=False):
            assert b.x >= a.x + a.width - EPS  # squeezed, never overlapping
