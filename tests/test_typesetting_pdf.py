"""Typesetting without loose lines in the PDF (issue 15, item 1): the widest gap between two CJK
characters of a justified line, measured on the lines the writer lays out and cross-checked on the
PDF itself; kinsoku and URLs in hard reports; table 三's header words; titles broken between words."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import unicodedata

import pdfplumber
import pytest

from export.cjk_justify import url_breaks
from export.fonts import FontRole, bundled_fonts
from export.line_gaps import body_lines, widest_body_gap, widest_gap
from export.pdf import BODY_CHAR_SPACE, BODY_SIZE, LINE_PITCH, TITLE_SIZE, TYPE_HEIGHT, TYPE_WIDTH, _title, render_pdf
from export.pdf_tables import CellText, build_table, header_words
from export.pdf_text import MAX_LETTER_GAP, TextStyle, Typesetter, balanced_lines, name_breaks
from tests import stress_reports

NO_START = set("，。、；：！？）》”")
NO_END = set("（《“")
NUMBERS = ("0632-3168699", "7.82%", "38651")


@pytest.fixture(scope="module")
def fonts():
    return bundled_fonts()


@pytest.fixture(scope="module")
def sample_pdf(fonts) -> bytes:
    return render_pdf(stress_reports.sample(), fonts)


def is_han(ch: str) -> bool:
    return len(ch) == 1 and unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def han_gap(pieces: list[tuple[str, float, float]]) -> float:
    """The widest extra gap between two adjacent ideographs of (text, x, advance), in ems."""
    gaps = [(bx - (ax + aw)) / BODY_SIZE for (a, ax, aw), (b, bx, _bw) in itertools.pairwise(pieces)
            if is_han(a) and is_han(b)]
    return max(gaps, default=0.0)


# ------------------------------------------------------------------------------ the measure


def test_the_sample_has_no_loose_line(fonts) -> None:
    gap = widest_body_gap(stress_reports.sample(), fonts)
    assert gap.ems < 0.25, gap  # it was 1.06 em: 「版 可 从 枣 庄 市 …」


def test_the_measure_agrees_with_the_pdf_itself(sample_pdf: bytes, fonts) -> None:
    """pdfplumber's character positions on page 1 give, line by line, the gaps the Line objects say."""
    lines = {re.sub(r"\s", "", line.text): line for line in body_lines(stress_reports.sample(), fonts)}
    advance = BODY_SIZE + BODY_CHAR_SPACE
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        chars = [c for c in pdf.pages[0].chars if abs(c["size"] - BODY_SIZE) < 0.01]
    rows: dict[int, list[dict]] = {}
    for char in chars:
        rows.setdefault(round(char["top"]), []).append(char)
    compared = 0
    widest_seen = 0.0
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in row)
        line = lines.get(text)
        if line is None or not line.justified:
            continue
        from_pdf = han_gap([(c["text"], c["x0"], advance) for c in row])
        from_lines = han_gap([(p.text, p.x, p.width) for p in line.pieces if p.text.strip()])
        assert from_pdf == pytest.approx(from_lines, abs=0.01), text
        widest_seen = max(widest_seen, from_pdf)
        compared += 1
    assert compared >= 8
    assert widest_seen < 0.25
    assert widest_seen > 0.1  # the contact lines are measured: not a page of full lines only


def test_squeezed_punctuation_is_drawn_half_width_in_the_pdf(sample_pdf: bytes) -> None:
    """「称《条例》）要求」: ） follows 》 half an em later (》 lost its blank right half)."""
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        chars = pdf.pages[0].chars
    text = "".join(c["text"] for c in chars)
    at = text.index("《条例》）要求")
    closing, bracket, after = chars[at + 3], chars[at + 4], chars[at + 5]
    # Both steps carry the line's justification gap; the squeezed one is half an advance shorter.
    squeezed, full = bracket["x0"] - closing["x0"], after["x0"] - bracket["x0"]
    assert full - squeezed == pytest.approx((BODY_SIZE + BODY_CHAR_SPACE) / 2, abs=0.02)
    assert full - (BODY_SIZE + BODY_CHAR_SPACE) < 0.25 * BODY_SIZE


def test_a_squeezed_opening_bracket_is_drawn_shifted_left_over_its_blank(fonts) -> None:
    typesetter = Typesetter(fonts)
    style = TextStyle(FontRole.BODY, BODY_SIZE, BODY_CHAR_SPACE)
    line = typesetter.lines([("对“（一）予以公开”的", style)], TYPE_WIDTH, justify=False)[0]
    quote, bracket = line.pieces[1], line.pieces[2]
    advance = BODY_SIZE + BODY_CHAR_SPACE
    assert bracket.width == pytest.approx(advance / 2)
    assert bracket.x + bracket.shift == pytest.approx(quote.x + advance / 2)
    # Its glyph (ink from 0.65 em of its box in Noto Serif SC) stays right of the quote's ink (to 0.93 em).
    assert bracket.x + bracket.shift + 0.65 * BODY_SIZE > quote.x + 0.93 * BODY_SIZE


# ------------------------------------------------------------------------------ hard reports


@pytest.fixture(scope="module")
def stress_lines(fonts):
    return body_lines(stress_reports.long_addresses(), fonts)


def test_long_addresses_leave_no_loose_line(stress_lines) -> None:
    """Several URLs and e-mail addresses of 60–120 characters, mid-sentence and in brackets: the
    widest gap was 3.18 em before URLs could be broken, 0.59 em before the letters of an address on a
    line still loose could be spaced (「（http://www」 ending a first line, 「spfwj@zz|.shandong.cn」)."""
    gap = widest_gap(stress_lines, BODY_SIZE)
    assert gap.ems < 0.25, gap
    assert any(piece.letter_space for line in stress_lines for piece in line.pieces)  # the last resort was used


def test_the_huge_paragraph_has_no_loose_line(fonts) -> None:
    gap = widest_body_gap(stress_reports.huge_paragraph(), fonts)
    assert gap.ems < 0.25, gap


def test_the_long_address_paragraphs_alone_are_below_a_quarter_em(fonts) -> None:
    """Every stress paragraph, set alone (long URLs in brackets, e-mails mid-sentence, 「（一）」「《条例》」)."""
    typesetter = Typesetter(fonts)
    style = TextStyle(FontRole.BODY, BODY_SIZE, BODY_CHAR_SPACE)
    indent = 2 * (BODY_SIZE + BODY_CHAR_SPACE)
    worst = 0.0
    for paragraph in stress_reports.STRESS_PARAGRAPHS:
        lines = typesetter.lines([(paragraph, style)], TYPE_WIDTH, indent)
        worst = max(worst, widest_gap(lines, BODY_SIZE).ems)
    assert worst < 0.25


def test_letter_spacing_stays_inside_addresses_and_under_the_extractors_word_gap(stress_lines) -> None:
    spaced = [piece for line in stress_lines for piece in line.pieces if piece.letter_space]
    addresses = "".join(stress_reports.STRESS_PARAGRAPHS)
    for piece in spaced:
        assert piece.text in addresses and re.fullmatch(r"[A-Za-z0-9./_@:?&=#-]+", piece.text), piece.text
        assert piece.text not in NUMBERS
        # Advance to advance, letters stand less than 3 pt apart: pdfplumber's word tolerance.
        assert piece.letter_space + BODY_CHAR_SPACE <= MAX_LETTER_GAP * BODY_SIZE + 1e-9 < 3.0


@pytest.fixture(scope="module")
def stress_pdf(fonts) -> bytes:
    return render_pdf(stress_reports.long_addresses(), fonts)


def spaced_addresses(stress_lines) -> list[tuple[str, float, float]]:
    """(text, x, letter_space) of every letter-spaced address piece the stress report draws."""
    return [(p.text, p.x, p.letter_space) for line in stress_lines for p in line.pieces if p.letter_space]


def test_a_letter_spaced_url_is_drawn_where_the_engine_put_each_letter(stress_pdf: bytes, stress_lines) -> None:
    """pdfplumber's chars: each letter of a spaced address one advance plus its letter-spacing after the
    one before (glyph boxes end at their advance: the gap is the letter-spacing and the grid's)."""
    wanted = {(text, round(letter, 3)) for text, _x, letter in spaced_addresses(stress_lines) if len(text) >= 8}
    assert wanted
    found: set[tuple[str, float]] = set()
    with pdfplumber.open(io.BytesIO(stress_pdf)) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if abs(c["size"] - BODY_SIZE) < 0.01]
            text = "".join(c["text"] for c in chars)
            for address, letter in wanted:
                for match in re.finditer(re.escape(address), text):
                    run = chars[match.start():match.end()]
                    steps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(run)]
                    if all(abs(step - (letter + BODY_CHAR_SPACE)) < 0.02 for step in steps):
                        found.add((address, letter))
    assert found == wanted


def test_a_letter_spaced_url_extracts_whole_from_the_pdf(stress_pdf: bytes, stress_lines, tmp_path) -> None:
    """pdfplumber's text and pdftotext's give every letter-spaced address without a space inserted."""
    spaced = {text for text, _x, _letter in spaced_addresses(stress_lines)}
    assert any(len(text) >= 20 for text in spaced)
    with pdfplumber.open(io.BytesIO(stress_pdf)) as pdf:
        plumbed = "\n".join(page.extract_text() for page in pdf.pages)
    texts = [plumbed]
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # poppler-utils, present where the tests run; the check of pdfplumber stands alone
        path = tmp_path / "stress.pdf"
        path.write_bytes(stress_pdf)
        texts.append(subprocess.run([pdftotext, str(path), "-"], check=True, capture_output=True,
                                    text=True).stdout)
    for extracted in texts:
        words = set(re.findall(r"\S+", extracted))
        for address in spaced:
            assert any(address in word for word in words), address


def test_kinsoku_holds_in_every_line_of_the_hard_reports(fonts, stress_lines) -> None:
    for lines in (stress_lines, body_lines(stress_reports.huge_paragraph(), fonts)):
        previous_ended_paragraph = True
        for line in lines:
            text = line.text
            if text and not previous_ended_paragraph:
                assert text[0] not in NO_START, text
            if text and line.justified:
                assert text[-1] not in NO_END, text
            previous_ended_paragraph = not line.justified


def test_urls_are_split_only_at_url_break_points_and_come_back_whole(fonts) -> None:
    typesetter = Typesetter(fonts)
    style = TextStyle(FontRole.BODY, BODY_SIZE, BODY_CHAR_SPACE)
    indent = 2 * (BODY_SIZE + BODY_CHAR_SPACE)
    addresses = (*stress_reports.LONG_URLS, *stress_reports.LONG_EMAILS, "http://www.zaozhuang.gov.cn/",
                 "spfwj@zz.shandong.cn", "jiandu@zaozhuang.gov.cn", "https://www.zaozhuang.gov.cn/zwgk/")
    for paragraph in stress_reports.STRESS_PARAGRAPHS:
        lines = typesetter.lines([(paragraph, style)], TYPE_WIDTH, indent)
        assert "".join(line.text for line in lines) == paragraph  # no hyphen, nothing lost
        cuts = list(itertools.accumulate(len(line.text) for line in lines[:-1]))
        for address in addresses:
            for found in re.finditer(re.escape(address), paragraph):
                for cut in cuts:
                    if found.start() < cut < found.end():
                        assert cut - found.start() in url_breaks(address), (address, cut - found.start())
        for number in NUMBERS:
            for found in re.finditer(re.escape(number), paragraph):
                assert not any(found.start() < cut < found.end() for cut in cuts), number


# ------------------------------------------------------------------------------ table 三


@pytest.mark.parametrize("label", ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
def test_header_words(label: str) -> None:
    words = header_words(label)
    assert "".join(words) == label
    assert words == {"自然人": ["自然人"], "社会公益组织": ["社会", "公益", "组织"],
                     "法律服务机构": ["法律", "服务", "机构"]}.get(label, [label[:2], label[2:]] if len(label) == 4
                                                                    else [label])


@pytest.mark.parametrize("build", [stress_reports.sample, stress_reports.every_cell])
def test_table_three_header_labels_break_only_between_words(build, fonts) -> None:
    report = build()
    typesetter = Typesetter(fonts)
    table = build_table(report.template.table("t3"), report, typesetter, TYPE_WIDTH, TYPE_HEIGHT - LINE_PITCH)
    assert sum(table._colWidths) == pytest.approx(TYPE_WIDTH)
    seen = set()
    for row in table._cellvalues:
        for cell in row:
            if not isinstance(cell, CellText):
                continue
            if cell.text in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"):
                seen.add(cell.text)
                bounds = set(itertools.accumulate(len(w) for w in header_words(cell.text)))
                ends = set(itertools.accumulate(len(line.text) for line in cell.lines))
                assert ends <= bounds, [line.text for line in cell.lines]
            if cell.fit:  # numbers still fit their cells, in one line
                assert len(cell.lines) == 1 and cell.lines[0].end <= cell.width + 0.01
    assert len(seen) == 7
    assert "自然人" in seen


# ------------------------------------------------------------------------------ titles


@pytest.mark.parametrize(("agency", "expected"), [
    ("某某省某某市某某区发展和改革委员会", ["某某省某某市某某区发展和改革委员会", "2024年政府信息公开工作年度报告"]),
    ("中共某某市委机构编制委员会办公室", ["中共某某市委机构编制委员会办公室", "2024年政府信息公开工作年度报告"]),
    ("某某省某某市市场监督管理局某某分局某某市场监督管理所",
     ["某某省某某市市场监督管理局", "某某分局某某市场监督管理所", "2024年政府信息公开工作年度报告"]),
])
def test_long_titles_break_only_between_words(agency: str, expected: list[str], fonts) -> None:
    report = stress_reports.with_agency(stress_reports.sample(), agency)
    block = _title(report, Typesetter(fonts))
    block.wrap(TYPE_WIDTH, TYPE_HEIGHT)
    assert [line.text for line in block.lines] == expected
    assert all(line.end <= TYPE_WIDTH for line in block.lines)


def test_organisation_suffixes_are_never_broken() -> None:
    name = "某某省某某市某某区人民政府办公室"
    assert [name[:p] for p in name_breaks(name)] == ["某某省", "某某省某某市", "某某省某某市某某区",
                                                      "某某省某某市某某区人民政府"]
    assert name_breaks("某某市市场监督管理局") == [3]  # not 「市/场」
    assert name_breaks("中共某某市委机构编制委员会办公室") == [6, 13]


def test_a_title_the_old_way_would_break_inside_a_word(fonts) -> None:
    """Narrowing the measure alone gives 「…委员/会…」; the word breaks keep the name whole."""
    typesetter = Typesetter(fonts)
    style = TextStyle(FontRole.TITLE, TITLE_SIZE)
    report = stress_reports.with_agency(stress_reports.sample(), "某某自治区某某市某某县住房和城乡建设委员会")
    title = report.title
    block = _title(report, typesetter)
    block.wrap(TYPE_WIDTH, TYPE_HEIGHT)
    cuts = set(itertools.accumulate(len(line.text) for line in block.lines[:-1]))
    agency = report.meta.agency
    allowed = {*name_breaks(agency), len(agency), len(agency) + len("2024年"), len(agency) + len("2024年政府信息公开")}
    assert cuts <= allowed, [line.text for line in block.lines]
    # Without the candidates, the engine balances lines by narrowing the measure: some break inside a word.
    plain = balanced_lines(typesetter, title, style, TYPE_WIDTH)
    assert "".join(line.text for line in plain) == title
