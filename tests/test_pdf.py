"""The PDF export: complete, searchable text, embedded fonts, Chinese line breaking, no tofu,
deterministic bytes, atomic files, and the layout of GB/T 9704."""

from __future__ import annotations

import io
import itertools
import os
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from export.content import paragraph_parts
from export.fonts import FontRole, bundled_fonts
from export.pdf import (
    BOTTOM_MARGIN,
    LEFT_MARGIN,
    PAGE_HEIGHT,
    TOP_MARGIN,
    TYPE_WIDTH,
    export_pdf,
    render_pdf,
)
from export.pdf_tables import build_table
from export.pdf_text import TextStyle, Typesetter, balanced_lines
from model import projectfile
from model.report import Report, format_value
from model.resources import sample_path

ROOT = Path(__file__).resolve().parent.parent
CLOSING = "，。、；：？！）》”"
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


@pytest.fixture(scope="module")
def fonts():
    """The bundled fonts only: the same PDF on every machine."""
    return bundled_fonts()


@pytest.fixture(scope="module")
def sample_pdf(fonts) -> bytes:
    return render_pdf(projectfile.load(sample_path()), fonts)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_text(pdf: bytes) -> str:
    """All text without page numbers and white space: what a reader copies out of the PDF."""
    return squeeze("".join(PAGE_NUMBER.sub("", text) for text in pages_text(pdf)))


def test_every_paragraph_of_the_sample_is_in_the_text(sample_pdf: bytes) -> None:
    report = projectfile.load(sample_path())
    text = body_text(sample_pdf)
    assert squeeze(report.title) in text
    for paragraph in report.preamble:
        assert squeeze(paragraph) in text
    for section in report.sections:
        assert squeeze(section.title) in text
        for paragraph in section.paragraphs:
            assert squeeze(paragraph) in text, paragraph[:30]
    # The signature: the agency below the text (the sample has no publication date).
    assert text.endswith(squeeze(report.meta.agency))


def test_every_table_number_is_in_the_text_in_row_order(fonts) -> None:
    report = projectfile.load(sample_path())
    for index, key in enumerate(report.cells):
        report.cells[key] = 5000 + index  # distinct numbers, so that each is found where it belongs
    report.cells[("t2_8", "fees", "amount")] = Decimal("12.5")
    tokens = " ".join(pages_text(render_pdf(report, fonts))).split()
    for table in report.template.tables:
        for row in table.rows:
            expected = [format_value(report.value(table.id, row.id, c.id)) for c in table.columns]
            assert any(tokens[i:i + len(expected)] == expected for i in range(len(tokens))), (table.id, row.id)


def test_fee_to_the_fen_is_printed_exactly(sample: Report, fonts) -> None:
    sample.cells[("t2_8", "fees", "amount")] = Decimal("0.000001")
    text = "".join(pages_text(render_pdf(sample, fonts)))
    assert re.search(r"行政事业性收费\s*0\.000001\b", text)


def test_a_blank_cell_is_drawn_empty(sample: Report, fonts) -> None:
    sample.cells[("t2_5", "licensing", "decisions")] = None
    text = "".join(pages_text(render_pdf(sample, fonts)))
    assert "38651" not in text and "空" not in text
    assert re.search(r"行政许可\s*\n", text)


def test_fonts_are_embedded_subsets_and_nothing_else(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert re.fullmatch(r"/[A-Z]{6}\+[A-Za-z0-9-]+", font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            assert "/ToUnicode" in font  # searchable, copyable text
    assert {name.split("+")[1] for name in seen} == {
        "NotoSerifSC-Regular", "NotoSerifSCGB2312-Bold", "NotoSansSCGB2312-Regular", "NianbaoWenKai-Regular"}


def test_no_line_starts_with_closing_punctuation(sample_pdf: bytes) -> None:
    lines = [line.strip() for text in pages_text(sample_pdf) for line in text.split("\n")]
    offenders = [line for line in lines if line and line[0] in CLOSING]
    assert offenders == []
    assert not [line for line in lines if line and line[-1] in "（《“"]


def test_numbers_are_never_split_and_urls_only_at_url_break_points(sample_pdf: bytes) -> None:
    # Issue 15: a URL or e-mail address may break (after "/", before "." "@" …) rather than leave a
    # loose line; a number never does.
    from export.cjk_justify import url_breaks

    lines = [line.strip() for text in pages_text(sample_pdf) for line in text.split("\n")]
    for word in ("0632-3168699", "38651", "7.82%"):
        assert any(word in line for line in lines), word
    joined = "".join(lines)
    cuts = set(itertools.accumulate(len(line) for line in lines))
    for word in ("http://www.zaozhuang.gov.cn/", "spfwj@zz.shandong.cn"):
        start = joined.index(word)
        inside = {cut - start for cut in cuts if start < cut < start + len(word)}
        assert inside <= set(url_breaks(word)), word


def test_no_line_starts_with_closing_punctuation_in_hard_cases(sample: Report, fonts) -> None:
    # Closing punctuation exactly where a 28-character line ends, in every position.
    sample.section("s1").paragraphs = ["一" * n + "，。”）》、：；！？" + "二" * 30 for n in range(20, 30)]
    lines = [line.strip() for text in pages_text(render_pdf(sample, fonts)) for line in text.split("\n")]
    assert not [line for line in lines if line and line[0] in CLOSING]


def content_strings(page, reader) -> list[bytes]:
    """The byte strings of every text-showing operator on a page."""
    def raw(item) -> bytes:
        return item.get_original_bytes() if hasattr(item, "get_original_bytes") else bytes(item)

    strings = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tj":
            strings.append(raw(operands[0]))
        elif operator == b"TJ":
            strings += [raw(item) for item in operands[0] if not isinstance(item, int | float)]
    assert strings
    return strings


@pytest.mark.parametrize("absent", ["\U0010FFFD", "\U0003FFFD", "\U00020000"])
def test_a_character_no_font_has_becomes_geta_and_a_warning(sample: Report, fonts, absent: str) -> None:
    from export.fonts import font_glyph_findings
    from model.glyphs import check_glyphs

    sample.section("s5").paragraphs[1] = f"一是发布{absent}政府信息。"
    findings = check_glyphs(sample)  # the checker's PDF-MISSING-GLYPH, judged against the bundled fonts
    assert [f.rule for f in findings] == ["PDF-MISSING-GLYPH"]
    assert f"U+{ord(absent):04X}" in findings[0].message and "〓" in findings[0].message
    assert font_glyph_findings(sample, fonts) == []  # not repeated at export
    pdf = render_pdf(sample, fonts)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "一是发布〓政府信息。" in squeeze(text)
    assert absent not in text and "\x00" not in text
    # Code 0 of a reportlab subset is .notdef, the empty box: never shown.
    for page in reader.pages:
        assert all(b"\x00" not in s for s in content_strings(page, reader))


def test_same_report_same_bytes_in_this_and_another_process(sample_pdf: bytes, fonts, tmp_path: Path) -> None:
    again = render_pdf(projectfile.load(sample_path()), fonts)
    assert again == sample_pdf
    out = tmp_path / "other.pdf"
    code = (
        "import sys; from pathlib import Path; from export.fonts import bundled_fonts;"
        "from export.pdf import export_pdf; from model import projectfile; from model.resources import sample_path;"
        f"export_pdf(projectfile.load(sample_path()), Path({str(out)!r}), bundled_fonts())"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
    assert out.read_bytes() == sample_pdf
    assert b"CreationDate" in sample_pdf and b"D:20000101000000" in sample_pdf  # reportlab's invariant date


def test_export_is_atomic(sample: Report, fonts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "年报.pdf"
    target.write_bytes(b"old report")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        export_pdf(sample, target, fonts)
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["年报.pdf"]  # no temporary file left behind
    monkeypatch.undo()
    export_pdf(sample, target, fonts)
    assert target.read_bytes().startswith(b"%PDF-")


def test_table_four_is_never_split(sample: Report, fonts) -> None:
    t4 = sample.template.table("t4")
    for index, column in enumerate(t4.columns):
        sample.cells[("t4", "cases", column.id)] = 700 + index
    values = [str(700 + i) for i in range(len(t4.columns))]
    # Notes under the heading of section 四 push the table down, line by line, across a page end.
    pages_seen = set()
    for notes in range(12, 24):
        sample.section("s4").paragraphs = ["说明。"] * notes
        texts = pages_text(render_pdf(sample, fonts))
        holding = [i for i, text in enumerate(texts) if "复议后起诉" in text]
        assert len(holding) == 1, notes
        page = texts[holding[0]].split()
        assert page[page.index(values[0]): page.index(values[0]) + len(values)] == values, notes
        assert "行政复议" in texts[holding[0]] and "未经复议直接起诉" in texts[holding[0]]
        pages_seen.add(holding[0])
    assert len(pages_seen) > 1  # the notes did push the table onto the next page


def test_a_split_table_repeats_its_header_rows(sample: Report, fonts) -> None:
    table = build_table(sample.template.table("t3"), sample, Typesetter(fonts), TYPE_WIDTH)
    table.wrap(TYPE_WIDTH, 10_000)
    header_rows = 3
    first, rest = table.split(TYPE_WIDTH, sum(table._argH[:header_rows + 3]))

    def row_texts(part, row):
        return [cell.text for cell in part._cellvalues[row] if hasattr(cell, "text")]

    assert len(first._cellvalues) < len(table._cellvalues)
    for row in range(header_rows):
        assert row_texts(rest, row) == row_texts(table, row)
    assert row_texts(rest, header_rows)[0] == "三、本年度办理结果"  # a row span is never cut


def test_title_is_balanced_and_broken_after_a_natural_boundary(sample_pdf: bytes, fonts) -> None:
    first = PAGE_NUMBER.sub("", pages_text(sample_pdf)[0]).strip().split("\n")
    assert first[:2] == ["枣庄市行政审批服务局2024年", "政府信息公开工作年度报告"]
    typesetter = Typesetter(fonts)
    style = TextStyle(FontRole.TITLE, 22)
    long_title = "某某省某某市某某区人民政府办公室关于某某事项的某某工作领导小组2024年政府信息公开工作年度报告"
    lines = balanced_lines(typesetter, long_title, style, TYPE_WIDTH)
    assert len(lines) == 3 and "".join(line.text for line in lines) == long_title
    widths = [line.end for line in lines]
    assert max(widths) - min(widths) < 3 * 22  # within three characters of each other


def text_origins(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """(x, y, text) of every text-showing operation, per page."""
    result = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size, found=found):
            if text.strip():
                found.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text))

        page.extract_text(visitor_text=visit)
        result.append(found)
    return result


def test_page_numbers_alternate_sides_below_the_type_area(sample_pdf: bytes) -> None:
    left, right = LEFT_MARGIN, LEFT_MARGIN + TYPE_WIDTH
    for number, origins in enumerate(text_origins(sample_pdf), start=1):
        marks = [(x, y) for x, y, text in origins if y < BOTTOM_MARGIN]
        assert marks, number
        x, y = min(marks)
        assert BOTTOM_MARGIN - 7 * 72 / 25.4 - 14 < y < BOTTOM_MARGIN - 7 * 72 / 25.4
        if number % 2:
            assert right - 100 < x < right - 14
        else:
            assert abs(x - (left + 14)) < 0.5
    texts = pages_text(sample_pdf)
    assert [PAGE_NUMBER.findall(t) for t in texts] == [[f"— {n} —"] for n in range(1, len(texts) + 1)]


def test_all_text_stays_inside_the_type_area(sample_pdf: bytes) -> None:
    top = PAGE_HEIGHT - TOP_MARGIN
    for origins in text_origins(sample_pdf):
        for x, y, text in origins:
            if y < BOTTOM_MARGIN - 5:
                continue  # the page number
            assert LEFT_MARGIN - 0.01 <= x <= LEFT_MARGIN + TYPE_WIDTH, text
            assert BOTTOM_MARGIN <= y <= top, text


def test_tables_fill_the_type_area_width_exactly(sample: Report, fonts) -> None:
    typesetter = Typesetter(fonts)
    for table in sample.template.tables:
        built = build_table(table, sample, typesetter, TYPE_WIDTH)
        assert sum(built._colWidths) == pytest.approx(TYPE_WIDTH), table.id


def test_body_lines_are_justified_to_the_measure(fonts) -> None:
    typesetter = Typesetter(fonts)
    style = TextStyle(FontRole.BODY, 16, TYPE_WIDTH / 28 - 16)
    report = projectfile.load(sample_path())
    for paragraph in report.section("s1").paragraphs:
        spans = [(text, style) for text, _role in paragraph_parts(paragraph).spans]
        lines = typesetter.lines(spans, TYPE_WIDTH, 2 * TYPE_WIDTH / 28)
        for line in lines[:-1]:
            assert line.end == pytest.approx(TYPE_WIDTH)
        # 28 characters a line (GB/T 9704), give or take the narrower digits and punctuation pushed down.
        assert all(24 <= len(line.text) <= 34 for line in lines[1:-1])


def test_signature_block_with_a_date(sample: Report, fonts) -> None:
    sample.meta.published = date(2025, 1, 20)
    texts = pages_text(render_pdf(sample, fonts))
    tail = PAGE_NUMBER.sub("", texts[-1]).strip().split("\n")
    assert tail[-2:] == ["枣庄市行政审批服务局", "2025年1月20日"]
    sample.meta.published = date(2025, 3, 5)
    assert "2025年3月5日" in "".join(pages_text(render_pdf(sample, fonts)))


def test_headings_use_their_roles(sample: Report, fonts) -> None:
    pdf = render_pdf(sample, fonts)
    reader = PdfReader(io.BytesIO(pdf))
    fonts_by_text: dict[str, set[str]] = {}
    for page in reader.pages:
        def visit(text, _cm, _tm, font, _size):
            if font is not None and text.strip():
                fonts_by_text.setdefault(text, set()).add(str(font["/BaseFont"]).split("+")[1])

        page.extract_text(visitor_text=visit)
    joined = {name for text, names in fonts_by_text.items() for name in names if "总" in text}
    assert "NotoSansSCGB2312-Regular" in joined  # 一、总体情况: 黑体 role
    assert any("NianbaoWenKai-Regular" in names
               for text, names in fonts_by_text.items() if "积" in text)  # （一）: 楷体 role
