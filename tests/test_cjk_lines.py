"""Chinese line breaking and justification (export.cjk_lines).

Most tests measure with a monospace-like function: a CJK character (and the
full-width punctuation Chinese fonts draw full-width) is 16 pt, anything else
8 pt, so that 28 characters of 16 pt fill the official measure of 448 pt.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export.cjk_lines import Line, Piece, break_spans
from model.narrative import parse_heading
from model.projectfile import load
from model.resources import sample_path

CJK = 16.0
ASCII = 8.0
MEASURE = 28 * CJK  # 28 characters of 3号 (16 pt) per line
INDENT = 2 * CJK

#: As the task states them: no line starts with one of these ...
NO_START = set("，。、；：！？）》”’」』】〕〉…—·%％") | set(",.;:!?)]}%")
#: ... and no line ends with one of these.
NO_END = set("（《“‘「『【〔〈") | set("([{")
#: Drawn full-width by Chinese fonts although their East Asian width is ambiguous.
_WIDE_PUNCTUATION = set("“”‘’…—·")
EPS = 1e-6


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in _WIDE_PUNCTUATION


def mono(text: str, style: object = None) -> float:
    return sum(CJK if is_wide(c) else ASCII for c in text)


def styled(text: str, style: str) -> float:
    """"head" draws Latin a little wider than "body", to tell the styles apart."""
    return sum(CJK if is_wide(c) else (9.0 if style == "head" else ASCII) for c in text)


def lines_of(text: str, width: float = MEASURE, indent: float = 0.0, justify: bool = True,
             measure=mono) -> list[Line[str]]:
    return break_spans([(text, "body")], measure, width, indent, justify)


def texts(lines: list[Line[str]]) -> list[str]:
    return ["".join(p.text for p in line.pieces) for line in lines]


def end_of(line: Line) -> float:
    return line.pieces[-1].x + line.pieces[-1].width if line.pieces else 0.0


def is_space(ch: str) -> bool:
    """A breaking space; the ideographic space U+3000 is a CJK character like any other."""
    return ch.isspace() and ch != "\u3000"


def is_latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def align(spans: list[tuple[str, str]], lines: list[Line[str]]) -> list[str]:
    """Walk the input along the pieces: every piece character is the next input
    character, in the piece's style; input is skipped only between lines and
    only whitespace (one hard break at most). Returns what was dropped before
    each line (and, last, after the last line). Leading spaces of the paragraph
    may be dropped too, when they alone would push the first unit over the measure."""
    chars = [(c, s) for text, s in spans for c in text]
    p = 0
    dropped: list[str] = []
    for k, line in enumerate(lines):
        run = ""
        while p + len(run) < len(chars) and is_space(chars[p + len(run)][0]):
            run += chars[p + len(run)][0]
        if "\n" in run and k > 0:
            skip = run[: run.index("\n") + 1]
        else:
            text = "".join(piece.text for piece in line.pieces)
            lead = text[: len(text) - len(text.lstrip(" "))]
            assert run.endswith(lead)
            skip = run[: len(run) - len(lead)]
        dropped.append(skip)
        p += len(skip)
        for piece in line.pieces:
            assert "\n" not in piece.text
            for c in piece.text:
                assert p < len(chars), f"piece {piece.text!r} goes past the input"
                assert chars[p] == (c, piece.style), f"{piece.text!r} at {p}: expected {chars[p]!r}"
                p += 1
    rest = "".join(c for c, _ in chars[p:])
    assert rest.strip() == "", f"text left over: {rest!r}"
    assert "\n" not in rest
    dropped.append(rest)
    return dropped


def check_paragraph(spans: list[tuple[str, str]], lines: list[Line[str]], width: float, indent: float = 0.0,
                    justify: bool = True) -> None:
    """Every rule of the engine, for a paragraph without units wider than a line
    or chains of kinsoku-bound units wider than a line."""
    dropped = align(spans, lines)
    assert lines
    for k, line in enumerate(lines):
        pieces = line.pieces
        hard_after = k + 1 < len(lines) and "\n" in dropped[k + 1]
        soft_after = k + 1 < len(lines) and not hard_after
        assert dropped[k + 1].strip(" ") in ("", "\n")
        # Natural width, positions, no overlaps.
        assert line.natural_width == pytest.approx(sum(p.width for p in pieces), abs=EPS)
        start = indent if k == 0 else 0.0
        if pieces:
            assert pieces[0].x == pytest.approx(start, abs=EPS)
        for a, b in itertools.pairwise(pieces):
            assert b.x >= a.x + a.width - EPS
            if is_latin(a.text[-1]) and is_latin(b.text[0]):  # inside one Latin run: no gap
                assert b.x == pytest.approx(a.x + a.width, abs=EPS)
            if not line.justified:
                assert b.x == pytest.approx(a.x + a.width, abs=EPS)
        # Never wider than the measure.
        assert end_of(line) <= width + EPS
        # Spaces at line breaks are dropped; lines never start or end with one
        # (except leading spaces of the paragraph, not generated here).
        if pieces:
            assert not is_space(pieces[0].text[0])
            assert not is_space(pieces[-1].text[-1])
        # Kinsoku.
        if pieces and k > 0:
            assert pieces[0].text[0] not in NO_START, f"line {k} starts with {pieces[0].text!r}"
        if pieces and k + 1 < len(lines):
            assert pieces[-1].text[-1] not in NO_END, f"line {k} ends with {pieces[-1].text!r}"
        # A Latin run never straddles a soft break.
        if soft_after and dropped[k + 1] == "" and pieces and lines[k + 1].pieces:
            assert not (is_latin(pieces[-1].text[-1]) and is_latin(lines[k + 1].pieces[0].text[0])), \
                f"Latin run split between {pieces[-1].text!r} and {lines[k + 1].pieces[0].text!r}"
        # CJK characters are units of their own ("……" and "——" excepted).
        for piece in pieces:
            if any(is_wide(c) for c in piece.text) and piece.text not in ("……", "——"):
                assert len(piece.text) == 1, piece.text
        # Justification: every soft-broken line is spread to the measure, unless
        # it is a single unit; the last line and lines before "\n" are not.
        if soft_after and justify:
            if line.justified:
                assert end_of(line) == pytest.approx(width, abs=EPS)
            else:
                assert not any(p.text.isspace() for p in pieces)
                assert len(pieces) == 1 or all(is_latin(p.text[0]) for p in pieces)
        else:
            assert not line.justified


# ---------------------------------------------------------------- hypothesis

_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_OTHER_CJK = st.sampled_from(["𠀀", "𪚥", "豈", "Ａ", "１", "〇", "　"])  # Ext B, compatibility, full-width
_CJK_CORE = st.text(st.one_of(_HAN, _HAN, _HAN, _OTHER_CJK), min_size=1, max_size=6)
_OPENING = st.sampled_from(list("（《“‘「『【〔〈([{"))
_CLOSING = st.sampled_from([*"，。、；：！？）》”’」』】〕〉·%％,.;:!?)]}", "……", "——"])
_RUNS = st.one_of(
    st.sampled_from(["38651", "7.82%", "0632-3168699", "http://www.zaozhuang.gov.cn/", "spfwj@zz.shandong.cn",
                     "2024", "61.3", "14848", "802.2", "2025年1月20日"]),
    st.from_regex(r"[A-Za-z0-9]{1,10}", fullmatch=True),
    st.lists(st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True), min_size=2, max_size=5).map(" ".join),
)


@st.composite
def tokens(draw: st.DrawFn) -> str:
    """Opening marks, a core, closing marks. A Latin core is followed by a CJK
    character so that Latin runs of neighbouring tokens never merge."""
    core = draw(st.one_of(_CJK_CORE, st.tuples(_RUNS, _HAN).map("".join)))
    opening = "".join(draw(st.lists(_OPENING, max_size=2)))
    closing = "".join(draw(st.lists(_CLOSING, max_size=2)))
    return opening + core + closing


@st.composite
def paragraphs(draw: st.DrawFn, hard_breaks: bool = False) -> str:
    parts = draw(st.lists(tokens(), min_size=1, max_size=40))
    separators = ["", "", "", " ", "\n"] if hard_breaks else ["", "", "", " "]
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(separators)) + part
    return text


@st.composite
def spans_of(draw: st.DrawFn, text: str) -> list[tuple[str, str]]:
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(text) - 1)), max_size=6))))
    bounds = [0, *[c for c in cuts if 0 < c < len(text)], len(text)]
    return [(text[a:b], draw(st.sampled_from(["body", "head"]))) for a, b in itertools.pairwise(bounds)]


_WIDTHS = st.integers(28, 40).map(lambda n: n * CJK)
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(paragraphs(hard_breaks=True), _WIDTHS, st.sampled_from([0.0, INDENT]))
def test_rules_hold_for_generated_paragraphs(text: str, width: float, indent: float) -> None:
    spans = [(text, "body")]
    check_paragraph(spans, break_spans(spans, mono, width, indent), width, indent)


@_SETTINGS
@given(st.data(), paragraphs(), _WIDTHS, st.sampled_from([0.0, INDENT]))
def test_rules_hold_for_generated_paragraphs_in_mixed_styles(data: st.DataObject, text: str, width: float,
                                                              indent: float) -> None:
    spans = data.draw(spans_of(text))
    check_paragraph(spans, break_spans(spans, styled, width, indent), width, indent)


@settings(max_examples=100, deadline=None)
@given(paragraphs(hard_breaks=True), _WIDTHS)
def test_without_justification_every_line_has_natural_spacing(text: str, width: float) -> None:
    spans = [(text, "body")]
    lines = break_spans(spans, mono, width, justify=False)
    check_paragraph(spans, lines, width, justify=False)
    assert not any(line.justified for line in lines)


@settings(max_examples=100, deadline=None)
@given(paragraphs(), _WIDTHS)
def test_justifying_does_not_change_where_lines_break(text: str, width: float) -> None:
    justified = break_spans([(text, "body")], mono, width)
    ragged = break_spans([(text, "body")], mono, width, justify=False)
    assert texts(justified) == texts(ragged)


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(_HAN, st.sampled_from(list("，。（）《》“” abc12.%\n"))), max_size=200),
       st.integers(1, 40).map(lambda n: n * 8.0))
def test_any_text_at_any_width_keeps_every_character_and_the_measure(text: str, width: float) -> None:
    """No precondition at all: kinsoku may have to give way, lone units may be
    split, but no character is lost and only a lone CJK character wider than
    the line may stick out."""
    lines = lines_of(text, width)
    align([(text, "body")], lines)
    for line in lines:
        if end_of(line) > width + EPS:
            assert len(line.pieces) == 1 and len(line.pieces[0].text) == 1 and line.natural_width > width


# ---------------------------------------------------------------- units


def test_pure_chinese_fills_28_characters_per_line_on_the_grid() -> None:
    text = "政务公开" * 20  # 80 characters
    lines = lines_of(text)
    assert [len(t) for t in texts(lines)] == [28, 28, 24]
    assert [line.justified for line in lines] == [True, True, False]
    for line in lines:
        assert [p.x for p in line.pieces] == [i * CJK for i in range(len(line.pieces))]
        assert all(len(p.text) == 1 for p in line.pieces)


def test_first_line_indent() -> None:
    text = "字" * 60
    lines = lines_of(text, indent=INDENT)
    assert [len(t) for t in texts(lines)] == [26, 28, 6]
    assert lines[0].pieces[0].x == INDENT
    assert end_of(lines[0]) == MEASURE
    assert lines[1].pieces[0].x == 0.0


def test_every_cjk_character_is_its_own_piece() -> None:
    text = "𠀀𪚥豈ＡＢ１２〇あア한中"  # Ext B, compatibility ideograph, full-width forms, kana, hangul
    lines = lines_of(text)
    assert [p.text for p in lines[0].pieces] == list(text)


@pytest.mark.parametrize("run", ["38651", "7.82%", "0632-3168699", "http://www.zaozhuang.gov.cn/",
                                 "spfwj@zz.shandong.cn", "2024", "61.3", "m²", "COVID‐19", "e\u0301t\u00e9"])
def test_latin_and_number_runs_are_one_piece(run: str) -> None:
    lines = lines_of(f"共计{run}件。")
    assert [p.text for p in lines[0].pieces] == ["共", "计", run, "件", "。"]


@pytest.mark.parametrize("run", ["38651", "7.82%", "0632-3168699", "http://www.zaozhuang.gov.cn/",
                                 "spfwj@zz.shandong.cn"])
def test_a_run_that_does_not_fit_moves_to_the_next_line_whole(run: str) -> None:
    for filler in range(20, 28):
        lines = lines_of("字" * filler + run + "字" * 40)
        pieces = [p.text for line in lines for p in line.pieces]
        assert run in pieces
        assert all(end_of(line) <= MEASURE + EPS for line in lines)
        assert lines[0].justified and end_of(lines[0]) == pytest.approx(MEASURE)


def test_justification_never_spreads_inside_a_run() -> None:
    lines = lines_of("字" * 24 + "38651" + "字" * 10)
    first = lines[0]
    assert texts(lines)[0] == "字" * 24 + "38651" + "字"
    assert first.justified
    run = next(p for p in first.pieces if p.text == "38651")
    assert run.width == 5 * ASCII
    gaps = [b.x - (a.x + a.width) for a, b in itertools.pairwise(first.pieces)]
    assert max(gaps) - min(gaps) < EPS  # one even gap everywhere, on both sides of the run too
    assert gaps[0] == pytest.approx((MEASURE - 25 * CJK - 5 * ASCII) / 25)


def test_latin_words_break_at_spaces_and_drop_them() -> None:
    text = "the quick brown fox jumps over the lazy dog " * 3
    lines = lines_of(text, width=20 * ASCII)
    for line in lines:
        words = [p.text for p in line.pieces if not p.text.isspace()]
        assert all(w in text.split() for w in words)
        assert not line.pieces[0].text.isspace() and not line.pieces[-1].text.isspace()
        assert end_of(line) <= 20 * ASCII + EPS
    assert " ".join(texts(lines)) == text.strip()
    for line in lines[:-1]:
        assert line.justified and end_of(line) == pytest.approx(20 * ASCII)
        spaces = [p for p in line.pieces if p.text == " "]
        assert spaces and all(p.width == ASCII for p in spaces)


def test_spaces_between_words_are_where_the_gap_grows() -> None:
    lines = lines_of("aa bb cc dddddddddd", width=12 * ASCII)
    assert texts(lines) == ["aa bb cc", "dddddddddd"]
    aa, space, bb, _, cc = lines[0].pieces
    assert (aa.x, space.x) == (0.0, 2 * ASCII)
    extra = (12 * ASCII - 8 * ASCII) / 2
    assert bb.x == pytest.approx(3 * ASCII + extra)
    assert cc.x + cc.width == pytest.approx(12 * ASCII)


def test_trailing_spaces_are_dropped_and_leading_ones_kept() -> None:
    lines = lines_of("  开头 ")
    assert texts(lines) == ["  开头"]
    assert lines_of("   ") == [Line((), 0.0, False)]


def test_empty_paragraph_is_one_empty_line() -> None:
    assert lines_of("") == [Line((), 0.0, False)]
    assert break_spans([], mono, MEASURE) == [Line((), 0.0, False)]


def test_a_unit_wider_than_the_line_is_split_by_character() -> None:
    url = "http://www.zaozhuang.gov.cn/col/col7270/index.html?uid=12345&pageNum=2"
    lines = lines_of("详见" + url + "。", width=20 * ASCII)
    assert "".join(texts(lines)) == "详见" + url + "。"
    assert all(end_of(line) <= 20 * ASCII + EPS for line in lines)
    # The split fills each line: the URL starts right after 详见.
    assert texts(lines)[0] == "详见" + url[:16]
    assert all(len(t) >= 18 for t in texts(lines)[:-1])
    assert not texts(lines)[-1].startswith("。")


def test_a_unit_that_fits_a_line_is_never_split_even_after_a_long_run() -> None:
    lines = lines_of("a" * 10 + " " + "b" * 20, width=20 * ASCII)
    assert texts(lines) == ["a" * 10, "b" * 20]
    assert not lines[0].justified  # a single unit cannot be spread


def test_a_zero_width_space_is_a_break_opportunity_that_justification_leaves_alone() -> None:
    """A caller may open a long URL to breaking with U+200B after its separators."""
    zwsp = "\u200b"

    def measure(text: str, style: str) -> float:
        return mono(text.replace(zwsp, ""))

    url = zwsp.join(["http://www.", "zaozhuang.", "gov.", "cn/"])
    text = "字" * 20 + url + "字" * 30
    lines = break_spans([(text, "body")], measure, MEASURE)
    assert texts(lines)[0] == "字" * 20 + "http://www."  # broken inside the URL, the ZWSP dropped
    assert texts(lines)[1].startswith(zwsp.join(["zaozhuang.", "gov.", "cn/"]) + "字")
    second = lines[1]
    assert second.justified and end_of(second) == pytest.approx(MEASURE)
    latin = second.pieces[:5]
    assert [p.text for p in latin] == ["zaozhuang.", zwsp, "gov.", zwsp, "cn/"]
    for a, b in itertools.pairwise(latin):  # no justification inside the URL
        assert b.x == pytest.approx(a.x + a.width)
    assert second.pieces[5].x > latin[-1].x + latin[-1].width  # but after it


def test_a_character_wider_than_the_line_stands_alone() -> None:
    lines = lines_of("中文字", width=10.0)
    assert texts(lines) == ["中", "文", "字"]
    assert not any(line.justified for line in lines)


def test_combining_marks_and_variation_selectors_stay_with_their_base() -> None:
    text = "葛\U000e0100" * 30 + "e\u0301" * 3
    lines = lines_of(text)
    assert all(p.text in ("葛\U000e0100", "e\u0301" * 3) for line in lines for p in line.pieces)
    assert "".join(texts(lines)) == text


# ---------------------------------------------------------------- kinsoku


@pytest.mark.parametrize("mark", sorted(set("，。、；：！？）》”’」』】〕〉·%％"), key=ord))
def test_closing_punctuation_pulls_the_character_before_it_down(mark: str) -> None:
    lines = lines_of("字" * 28 + mark + "字" * 10)
    assert texts(lines)[0] == "字" * 27
    assert texts(lines)[1].startswith("字" + mark)
    assert lines[0].justified and end_of(lines[0]) == pytest.approx(MEASURE)


@pytest.mark.parametrize("mark", list(",.;:!?)]}%"))
def test_ascii_closing_punctuation_standing_alone_does_not_start_a_line(mark: str) -> None:
    lines = lines_of("字" * 28 + mark + "字" * 10)
    assert not texts(lines)[1].startswith(mark)
    assert texts(lines)[1].startswith("字" + mark)


def test_several_closing_marks_in_a_row_move_down_with_their_character() -> None:
    lines = lines_of("字" * 27 + "“好”。”" + "字" * 10)
    assert texts(lines)[0] == "字" * 27
    assert texts(lines)[1].startswith("“好”。”")
    lines = lines_of("字" * 28 + "”。" + "字" * 10)
    assert texts(lines)[0] == "字" * 27
    assert texts(lines)[1].startswith("字”。")


@pytest.mark.parametrize("mark", sorted(set("（《“‘「『【〔〈([{"), key=ord))
def test_opening_punctuation_moves_to_the_next_line(mark: str) -> None:
    lines = lines_of("字" * 27 + mark + "引文" + "字" * 10)
    assert texts(lines)[0] == "字" * 27
    assert texts(lines)[1].startswith(mark)
    assert lines[0].justified and end_of(lines[0]) == pytest.approx(MEASURE)


@pytest.mark.parametrize("pair", ["……", "——"])
def test_ellipsis_and_dash_pairs_are_never_split(pair: str) -> None:
    for filler in range(24, 30):
        lines = lines_of("字" * filler + pair + "字" * 30)
        assert pair in [p.text for line in lines for p in line.pieces]
        assert all(not t.startswith(pair[0]) for t in texts(lines))
        assert all(end_of(line) <= MEASURE + EPS for line in lines)
        assert lines[0].justified and end_of(lines[0]) == pytest.approx(MEASURE)


def test_kinsoku_gives_way_only_when_the_bound_chain_is_wider_than_the_line() -> None:
    """A run of 40 full stops cannot obey the rule: lines still keep the measure."""
    lines = lines_of("字" + "。" * 40)
    assert "".join(texts(lines)) == "字" + "。" * 40
    assert all(end_of(line) <= MEASURE + EPS for line in lines)


# ---------------------------------------------------------------- hard breaks, styles, measure


def test_a_hard_break_ends_a_line_without_justifying_it() -> None:
    lines = lines_of("字" * 10 + "\n" + "字" * 40, indent=INDENT)
    assert [len(t) for t in texts(lines)] == [10, 28, 12]
    assert [line.justified for line in lines] == [False, True, False]
    assert lines[1].pieces[0].x == 0.0  # the indent is the paragraph's, not the line's
    assert texts(lines_of("甲\n\n乙")) == ["甲", "", "乙"]


def test_run_in_heading_and_body_flow_together_in_their_own_styles() -> None:
    heading = "（一）积极主动公开。"
    body = "通过枣庄市政府网站、市审批服务局网站公开政务信息475条，其中政务动态159条。" * 2
    spans = [(heading, "head"), (body, "body")]
    lines = break_spans(spans, styled, MEASURE, INDENT)
    check_paragraph(spans, lines, MEASURE, INDENT)
    first = lines[0]
    assert [p.style for p in first.pieces[: len(heading)]] == ["head"] * len(heading)
    assert "".join(p.text for p in first.pieces[: len(heading)]) == heading
    assert all(p.style == "body" for line in lines for p in line.pieces if p not in first.pieces[: len(heading)])
    assert first.justified and end_of(first) == pytest.approx(MEASURE)


def test_a_run_across_two_styles_is_two_pieces_but_one_unit() -> None:
    spans = [("字" * 24 + "AB", "body"), ("CD", "head"), ("字" * 10, "body")]
    lines = break_spans(spans, styled, MEASURE)
    ab, cd = (p for p in lines[0].pieces if p.text in ("AB", "CD"))
    assert (ab.style, cd.style) == ("body", "head")
    assert cd.x == pytest.approx(ab.x + ab.width)  # no gap inside the unit
    assert lines[0].justified and end_of(lines[0]) == pytest.approx(MEASURE)
    # and it moves down as a whole
    spans = [("字" * 27 + "AB", "body"), ("CD", "head"), ("字" * 10, "body")]
    lines = break_spans(spans, styled, MEASURE)
    assert texts(lines)[1].startswith("ABCD")


def test_measure_is_called_once_per_distinct_text_and_style() -> None:
    calls: list[tuple[str, str]] = []

    def counting(text: str, style: str) -> float:
        calls.append((text, style))
        return mono(text)

    break_spans([("政务公开，政务公开。" * 30 + "7.82% 7.82%", "body")], counting, MEASURE)
    assert len(calls) == len(set(calls))
    assert set(calls) == {(c, "body") for c in "政务公开，。"} | {("7.82%", "body"), (" ", "body")}


def test_pieces_and_lines_are_frozen_values() -> None:
    piece = Piece("字", "body", 0.0, 16.0)
    with pytest.raises(AttributeError):
        piece.x = 1.0  # type: ignore[misc]
    assert lines_of("字")[0] == Line((piece,), 16.0, False)


@pytest.mark.parametrize("width", [0.0, -1.0, float("nan"), float("inf")])
def test_the_measure_must_be_positive(width: float) -> None:
    with pytest.raises(ValueError, match="width"):
        lines_of("字", width)


# ---------------------------------------------------------------- the sample report


def sample_paragraphs() -> list[list[tuple[str, str]]]:
    """The preamble and the paragraphs of 一、五、六 of the sample as spans: a
    heading in "head", body in "body"."""
    report = load(sample_path())
    result = [[(paragraph, "body")] for paragraph in report.preamble]
    for section in report.sections:
        if section.id not in ("s1", "s5", "s6"):
            continue
        for paragraph in section.paragraphs:
            heading = parse_heading(paragraph)
            if heading and heading.run_in and heading.title:
                result.append([(heading.heading_text, "head"), (heading.body, "body")])
            elif heading and not heading.run_in:
                result.append([(paragraph, "head")])
            else:
                result.append([(paragraph, "body")])
    return result


def test_sample_paragraphs_follow_every_rule_at_the_official_measure() -> None:
    paragraphs = sample_paragraphs()
    assert len(paragraphs) > 20
    runs = {"http://www.zaozhuang.gov.cn/", "0632-3168699", "spfwj@zz.shandong.cn", "14848", "802.2", "7.82%",
            "61.3", "475"}
    seen: set[str] = set()
    line_count = 0
    for spans in paragraphs:
        for measure in (mono, styled):
            lines = break_spans(spans, measure, MEASURE, INDENT)
            check_paragraph(spans, lines, MEASURE, INDENT)
            seen |= {p.text for line in lines for p in line.pieces} & runs
            for line in lines[:-1]:
                assert line.justified and end_of(line) == pytest.approx(MEASURE, abs=EPS)
                # Pushing down costs at most a few characters.
                assert line.natural_width > MEASURE - 4 * CJK - INDENT
            line_count += len(lines)
    assert seen == runs
    assert line_count > 100


def test_the_run_in_heading_of_the_sample_keeps_its_style() -> None:
    spans = next(s for s in sample_paragraphs() if s[0][0] == "（一）积极主动公开。")
    lines = break_spans(spans, styled, MEASURE, INDENT)
    heads = [p.text for line in lines for p in line.pieces if p.style == "head"]
    assert "".join(heads) == "（一）积极主动公开。"


def sample_narrative() -> list[str]:
    """The sample's narrative twice over (the text bench/export_bench.py times breaking)."""
    report = load(sample_path())
    return [*report.preamble, *(p for s in report.sections for p in s.paragraphs)] * 2


def test_breaking_the_sample_narrative_measures_each_piece_of_text_once() -> None:
    """The measurement is the costly part (a font's widths): break_spans asks once per distinct
    (text, style) of a paragraph. How long the whole narrative takes is the benchmark's."""
    paragraphs = sample_narrative()
    assert sum(map(len, paragraphs)) > 6000
    asked: list[tuple[str, object]] = []

    def counting(text: str, style: object = None) -> float:
        asked.append((text, style))
        return mono(text)

    for paragraph in paragraphs:
        asked.clear()
        break_spans([(paragraph, "body")], counting, MEASURE, INDENT)
        assert len(asked) == len(set(asked)), paragraph[:30]
        assert sum(len(text) for text, _ in asked) <= len(paragraph)


def test_line_breaks_in_the_sample_fall_where_expected() -> None:
    """The sample's URL and e-mail address stay whole, and no line of the contact
    paragraph starts with punctuation."""
    spans = next(s for s in sample_paragraphs() if "spfwj@zz.shandong.cn" in s[-1][0])
    lines = break_spans(spans, mono, MEASURE, INDENT)
    joined = texts(lines)
    assert any("spfwj@zz.shandong.cn" in t for t in joined)
    assert all(not re.match(r"[，。、；：）》”]", t) for t in joined[1:])
