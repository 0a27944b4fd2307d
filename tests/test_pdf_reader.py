"""Opening a PDF with a text layer (importing/pdf_reader.py): paragraphs rebuilt by geometry, ruled
tables with merged cells, page furniture removed, tables without ruling lines as columns, scans and
hostile files refused with a Chinese DocumentError, quickly and quietly."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from importing.document import DocumentError, SourceDocument, TableBlock, TextBlock
from importing.pdf_reader import open_pdf
from importing.pdf_safety import ENCRYPTED, SCANNED
from importing.result import PartKind

BODY = "STSong-Light"
#: Headings are drawn larger than the body. (Not in a TrueType bold font: registering one here, even
#: from a copy, changes what the export's tests in the same process find in their PDFs.)
HEADING_SIZE = 18.0


@contextlib.contextmanager
def _test_fonts() -> Iterator[None]:
    pdfmetrics.registerFont(UnicodeCIDFont(BODY))
    yield


WIDTH, HEIGHT = A4
LEFT, RIGHT = 80.0, 520.0
SIZE = 16.0
CHARS_A_LINE = int((RIGHT - LEFT) // SIZE)  # 27


class Page:
    """Draws report-like pages: paragraphs wrapped at the right margin, ruled tables, page numbers."""

    def __init__(self, canvas: Canvas, y: float = 760.0) -> None:
        self.canvas = canvas
        self.y = y
        self.number = 1

    def line(self, text: str, x: float = LEFT, size: float = SIZE, font: str = BODY) -> None:
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, self.y, text)
        self.y -= size * 1.8

    def paragraph(self, text: str, size: float = SIZE) -> None:
        """Text wrapped at the right margin as a word processor does, the first line indented by two characters."""
        x, line = LEFT + 2 * size, ""
        for piece in re.findall(r"[A-Za-z0-9.,]+ ?|.", text):  # a Latin word or a number is not broken
            if pdfmetrics.stringWidth(line + piece.rstrip(), BODY, size) > RIGHT - x:
                self.line(line, x, size)
                x, line = LEFT, ""
            line += piece
        self.line(line, x, size)

    def centred(self, text: str, size: float, font: str = BODY) -> None:
        width = pdfmetrics.stringWidth(text, font, size)
        self.line(text, (WIDTH - width) / 2, size, font)

    def table(self, widths: list[float], rows: list[list[str | None]], height: float = 24.0,
              merges: dict[tuple[int, int], tuple[int, int]] | None = None) -> None:
        """A ruled table; `merges` maps (row, column) from 0 to (rowspan, colspan); None is a covered cell."""
        merges = merges or {}
        xs = [LEFT]
        for width in widths:
            xs.append(xs[-1] + width)
        top = self.y + SIZE
        self.canvas.setFont(BODY, 10.5)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text is None:
                    continue
                rowspan, colspan = merges.get((r, c), (1, 1))
                x0, x1 = xs[c], xs[c + colspan]
                y1 = top - r * height
                y0 = y1 - rowspan * height
                self.canvas.rect(x0, y0, x1 - x0, y1 - y0)
                if text:
                    self.canvas.drawCentredString((x0 + x1) / 2, (y0 + y1) / 2 - 4, text)
        self.y = top - len(rows) * height - 2 * SIZE

    def footer(self, text: str) -> None:
        self.canvas.setFont(BODY, 14)
        self.canvas.drawCentredString(WIDTH / 2, 50, text)

    def header(self, text: str) -> None:
        self.canvas.setFont(BODY, 10.5)
        self.canvas.drawCentredString(WIDTH / 2, HEIGHT - 40, text)

    def next(self) -> None:
        self.canvas.showPage()
        self.number += 1
        self.y = 760.0


def build(tmp_path: Path, draw: Callable[[Page], None], name: str = "report.pdf", **canvas_options: object) -> Path:
    buffer = io.BytesIO()
    with _test_fonts():
        canvas = Canvas(buffer, pagesize=A4, **canvas_options)
        draw(Page(canvas))
        canvas.save()
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def texts(document: SourceDocument) -> list[str]:
    return [block.text for block in document.text_blocks()]


FIRST = "本报告根据《中华人民共和国政府信息公开条例》要求编制，内容包括总体情况、主动公开政府信息情况、" \
        "收到和处理政府信息公开申请情况等，所列数据统计期限从2024年1月1日到12月31日止。"
SECOND = "2024年，市审批服务局认真落实《条例》要求，结合工作实际，面向社会公众，深化政务公开，优化政务环境。"

LATIN = "The annual report on government information disclosure of the bureau, published on the portal."


def test_paragraphs_are_rebuilt_from_indents_short_lines_and_headings(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        page.centred("某某市审批服务局", 22)
        page.centred("2024年政府信息公开工作年度报告", 22)
        page.paragraph(FIRST)
        page.line("一、总体情况", LEFT + 32, size=HEADING_SIZE)
        page.paragraph(SECOND)
        page.line("（一）主动公开。本年度公开信息475条。", LEFT + 32)
        page.paragraph(LATIN)

    document = open_pdf(build(tmp_path, draw))

    assert document.format_name == "PDF 文件" and document.part_kind is PartKind.PAGE
    blocks = document.text_blocks()
    assert texts(document) == ["某某市审批服务局2024年政府信息公开工作年度报告", FIRST, "一、总体情况", SECOND,
                               "（一）主动公开。本年度公开信息475条。",
                               LATIN]
    assert blocks[0].heading == 0 and blocks[0].emphasised
    assert blocks[2].emphasised and blocks[2].heading is None
    assert not blocks[1].emphasised and not blocks[3].emphasised
    assert all(block.page == 1 and block.place == "第 1 页" and not block.wrapped for block in blocks)


def test_a_heading_pattern_at_the_margin_starts_a_paragraph(tmp_path: Path) -> None:
    # The line before is full: only the heading pattern says that a new paragraph starts.
    full = "甲" * CHARS_A_LINE

    def draw(page: Page) -> None:
        page.line(full)
        page.line(full)
        page.line("（二）依申请公开。" + "乙" * (CHARS_A_LINE - 9))
        page.line("丙丙。")

    assert texts(open_pdf(build(tmp_path, draw))) == [full * 2, "（二）依申请公开。" + "乙" * 18 + "丙丙。"]


def test_a_paragraph_over_a_page_break_is_one_block_and_page_furniture_is_removed(tmp_path: Path) -> None:
    long = "政务公开" * 30  # 120 characters: five lines

    def draw(page: Page) -> None:
        for footer in ("— 1 —", "-2-", "第 3 页"):
            page.header("某某市审批服务局政府信息公开工作年度报告")
            if page.number == 1:
                page.y = 200.0  # the paragraph starts near the bottom of page 1
            page.paragraph(long if page.number == 1 else (FIRST, SECOND)[page.number - 2])
            page.footer(footer)
            page.next()

    document = open_pdf(build(tmp_path, draw))

    assert texts(document) == [long, FIRST, SECOND]
    assert [block.page for block in document.text_blocks()] == [1, 2, 3]


def test_a_ruled_table_keeps_merged_cells_blank_cells_and_numbers(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        page.line("二、主动公开政府信息情况", LEFT + 32, size=HEADING_SIZE)
        page.table([120, 100, 100, 100], [
            ["第二十条第（一）项", None, None, None],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "12", "", "1234"],
            ["行政规范性文件", "/", "0", "7"],
        ], merges={(0, 0): (1, 4)})
        page.paragraph(SECOND)

    document = open_pdf(build(tmp_path, draw))

    heading, table, after = document.blocks
    assert isinstance(heading, TextBlock) and heading.text == "二、主动公开政府信息情况"
    assert isinstance(after, TextBlock) and after.text == SECOND
    assert isinstance(table, TableBlock)
    assert (table.place, table.page, table.last_page) == ("第 1 页 表格 1", 1, 1)
    assert table.grid.name == "第 1 页 表格 1" and table.grid.part_kind is PartKind.PAGE
    assert (table.grid.row_count, table.grid.column_count) == (4, 4)
    assert list(table.grid.merged_spans()) == [(1, 1, 1, 4)]
    values = {(r, c): v for r, c, v in table.grid.cells()}
    assert values[(1, 1)] == "第二十条第（一）项"
    assert values[(3, 1)] == "规章" and values[(3, 2)] == "12" and values[(3, 4)] == "1234"
    assert (3, 3) not in values  # blank stays blank
    assert values[(4, 2)] == "/"


def test_row_and_column_spans_and_line_breaks_in_a_cell(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        page.table([150, 60, 60, 60], [
            ["", "申请人情况", None, None],
            [None, "自然人", "法人或其他组织", None],
            [None, None, "商业企业", "科研机构"],
            ["一、本年新收申请数量", "9", "0", "10"],
        ], merges={(0, 0): (3, 1), (0, 1): (1, 3), (1, 1): (2, 1), (1, 2): (1, 2)})

    table = open_pdf(build(tmp_path, draw)).table_blocks()[0]
    spans = {(c.row, c.column): (c.rowspan, c.colspan) for c in table.grid.doc_cells}
    assert spans[(1, 1)] == (3, 1) and spans[(1, 2)] == (1, 3) and spans[(2, 2)] == (2, 1)
    assert spans[(2, 3)] == (1, 2) and spans[(3, 3)] == (1, 1)
    values = {(r, c): v for r, c, v in table.grid.cells()}
    assert values[(4, 2)] == "9" and values[(4, 3)] == "0" and values[(4, 4)] == "10"
    assert values[(2, 3)] == "法人或其他组织"


def test_text_in_a_cell_keeps_its_line_breaks_but_a_wrapped_number_is_one_number() -> None:
    from importing.pdf_lines import cell_text

    def char(text: str, x: float, top: float) -> dict[str, object]:
        return {"text": text, "x0": x, "x1": x + 10, "top": top, "bottom": top + 10, "size": 10, "fontname": "F"}

    assert cell_text([char("社", 0, 0), char("会", 10, 0), char("公", 0, 14), char("益", 10, 14)]) == "社会\n公益"
    assert cell_text([char("1", 0, 0), char("2", 10, 0), char("3", 0, 14)]) == "123"


def test_a_table_over_a_page_break_is_one_table_block_a_page(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        page.y = 150.0
        page.table([200, 100], [["项目", "件数"], ["（一）予以公开", "5"]])
        page.footer("— 1 —")
        page.next()
        page.table([200, 100], [["（二）部分公开", "1"], ["（三）不予公开", "2"]])
        page.footer("— 2 —")

    document = open_pdf(build(tmp_path, draw))

    first, second = document.blocks
    assert isinstance(first, TableBlock) and isinstance(second, TableBlock)
    assert (first.place, first.page, first.last_page) == ("第 1 页 表格 1", 1, 1)
    assert (second.place, second.page, second.last_page) == ("第 2 页 表格 1", 2, 2)
    assert {(r, c): v for r, c, v in second.grid.cells()} == {(1, 1): "（二）部分公开", (1, 2): "1",
                                                              (2, 1): "（三）不予公开", (2, 2): "2"}


def test_a_table_without_ruling_lines_gives_its_columns_with_blank_cells_kept(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        page.paragraph(SECOND)
        canvas = page.canvas
        canvas.setFont(BODY, 10.5)
        rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                ("规章", "3", "", "12"),
                ("行政规范性文件", "15", "2", "")]
        for row in rows:
            canvas.drawString(LEFT, page.y, row[0])
            for x, text in zip((260, 360, 460), row[1:], strict=True):
                if text:
                    canvas.drawRightString(x + 40, page.y, text)
            page.y -= 20

    document = open_pdf(build(tmp_path, draw))

    wrapped = [block.text for block in document.text_blocks() if block.wrapped]
    assert texts(document)[0] == SECOND
    assert wrapped == ["信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t3\t\t12", "行政规范性文件\t15\t2\t"]


def _image_page(page: Page) -> None:
    from PIL import Image

    image = Image.new("L", (40, 40), 128)
    page.canvas.drawImage(ImageReader(image), 50, 50, 400, 600)


def test_a_scanned_pdf_is_refused_with_what_to_do(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        for _ in range(3):
            _image_page(page)
            page.next()

    with pytest.raises(DocumentError) as raised:
        open_pdf(build(tmp_path, draw, "扫描件.pdf"))
    assert raised.value.reason == SCANNED
    assert "扫描件.pdf" in str(raised.value) and "OCR" in str(raised.value) and ".docx" in str(raised.value)


def test_a_typed_cover_on_a_scan_is_still_a_scan_but_one_scanned_page_is_a_note(tmp_path: Path) -> None:
    def mostly_scanned(page: Page) -> None:
        page.line("某某市政府信息公开工作年度报告")
        for _ in range(11):
            page.next()
            _image_page(page)

    with pytest.raises(DocumentError, match="扫描"):
        open_pdf(build(tmp_path, mostly_scanned))

    def one_scanned(page: Page) -> None:
        page.paragraph(SECOND)
        page.next()
        _image_page(page)

    document = open_pdf(build(tmp_path, one_scanned, "one.pdf"))
    assert texts(document) == [SECOND]
    assert document.notes == ["第 2 页没有可读取的文字（可能是扫描的图片），其内容未读取。"]


def test_a_pdf_with_an_open_password_is_refused(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    def draw(page: Page) -> None:
        page.paragraph(SECOND)

    locked = build(tmp_path, draw, "locked.pdf", encrypt=StandardEncryption("secret", canPrint=1))
    with pytest.raises(DocumentError) as raised:
        open_pdf(locked)
    assert raised.value.reason == ENCRYPTED
    # Encrypted without an open password (printing restricted only): it opens.
    def latin(page: Page) -> None:
        page.line("Annual report 2024", font="Helvetica")  # (reportlab's CID font loses its map when encrypted)

    # invariant: the same file ID, hence the same key, every run (a random one failed once in a full run).
    restricted = build(tmp_path, latin, "restricted.pdf", encrypt=StandardEncryption("", "owner", canPrint=0),
                       invariant=1)
    assert texts(open_pdf(restricted)) == ["Annual report 2024"]


def test_characters_that_cannot_be_decoded_are_marked_and_noted_and_a_text_of_them_refused(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    from importing.pdf_reader import UNDECODABLE, UNKNOWN

    def draw(page: Page) -> None:
        page.paragraph(SECOND)

    # reportlab's unembedded CID font in an encrypted file: pdfminer loses its Unicode map.
    undecodable = build(tmp_path, draw, "cid.pdf", encrypt=StandardEncryption("", "owner", canPrint=0))
    with pytest.raises(DocumentError) as raised:
        open_pdf(undecodable)
    assert raised.value.reason == UNDECODABLE
    assert UNKNOWN not in "".join(texts(open_pdf(build(tmp_path, draw))))


def test_the_stated_title_is_the_documents_own(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        page.canvas.setTitle("2024年政府信息公开工作年度报告")
        page.paragraph(SECOND)

    assert open_pdf(build(tmp_path, draw)).stated_title == "2024年政府信息公开工作年度报告"


# --- Damaged and hostile files: one DocumentError in Chinese, quickly, never another exception ---

def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from its objects (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _one_page(contents: bytes, page_extra: bytes = b"", pages_count: int = 1) -> bytes:
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % pages_count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R" + page_extra + b" >>",
        contents,
    ])


def _refused(tmp_path: Path, data: bytes, name: str = "bad.pdf") -> DocumentError:
    path = tmp_path / name
    path.write_bytes(data)
    started = time.process_time()  # processor time: the machine may be busy with other work
    with pytest.raises(DocumentError) as raised:
        open_pdf(path)
    assert time.process_time() - started < 1.0
    assert name in str(raised.value)
    return raised.value


def test_a_file_that_is_no_pdf_or_is_cut_short_is_refused(tmp_path: Path) -> None:
    assert "不是 PDF" in _refused(tmp_path, b"PK\x03\x04 a renamed Word file").reason
    good = build(tmp_path, lambda page: page.paragraph(SECOND)).read_bytes()
    assert "不完整" in _refused(tmp_path, good[: len(good) // 2]).reason
    assert "损坏" in _refused(tmp_path, b"%PDF-1.4\n" + bytes((i * 37 + 11) % 256 for i in range(4096))
                             + b"\n%%EOF\n").reason
    empty = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    assert "没有任何页面" in _refused(tmp_path, empty).reason


def test_a_decompression_bomb_is_refused_before_it_is_inflated(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from importing import pdf_safety

    def bomb_pdf(inflated: int) -> bytes:
        bomb = zlib.compress(b"\0" * inflated, 9)
        return _one_page(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream")

    # 65 MB of content stream in 64 KB: more than one stream may inflate to.
    assert "压缩数据" in _refused(tmp_path, bomb_pdf(65 * 1024 * 1024)).reason
    # Many streams within the limit of one, together beyond the limit of all (made smaller here).
    monkeypatch.setattr(pdf_safety, "MAX_INFLATED_BYTES", 3 * 1024 * 1024)
    bomb = zlib.compress(b"\0" * (1024 * 1024 + 1), 9)
    streams = [b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream"] * 4
    data = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", *streams])
    assert "压缩数据" in _refused(tmp_path, data).reason


def test_deep_nesting_and_a_page_tree_bomb_are_refused(tmp_path: Path) -> None:
    nested = b"[" * 100_000 + b"0 0 595 842" + b"]" * 100_000
    data = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox " + nested + b" >>"])
    assert "嵌套" in _refused(tmp_path, data).reason
    dictionaries = b"<< /A " * 5_000 + b"1" + b" >>" * 5_000
    assert "嵌套" in _refused(tmp_path, _one_page(b"<< /Length 0 >>\nstream\n\nendstream", b" /X " + dictionaries)
                             ).reason
    # The same run of bytes as an uncompressed image's data is no nesting.
    image = b"<< /Type /XObject /Subtype /Image /Length 400 >>\nstream\n" + b"[" * 400 + b"\nendstream"
    harmless = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", image])
    (tmp_path / "image.pdf").write_bytes(harmless)
    with pytest.raises(DocumentError, match="扫描"):
        open_pdf(tmp_path / "image.pdf")
    tree = _one_page(b"<< /Length 0 >>\nstream\n\nendstream", pages_count=2 ** 40)
    assert "页" in _refused(tmp_path, tree).reason


def test_more_pages_than_a_report_has_are_refused(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        for _ in range(301):
            page.line("正文")
            page.next()

    with pytest.raises(DocumentError, match="300 页"):
        open_pdf(build(tmp_path, draw))


def test_damaged_copies_of_a_good_pdf_never_raise_anything_else(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        page.paragraph(FIRST)
        page.table([200, 100], [["规章", "1"]])

    good = build(tmp_path, draw).read_bytes()
    path = tmp_path / "damaged.pdf"
    for seed in range(40):
        damaged = bytearray(good)
        for k in range(1 + seed % 5):
            position = (seed * 7919 + k * 104729) % len(damaged)
            damaged[position] = (damaged[position] + 1 + seed) % 256
        path.write_bytes(bytes(damaged))
        started = time.process_time()
        with contextlib.suppress(DocumentError):
            open_pdf(path)
        assert time.process_time() - started < 1.0


def test_pdfminer_says_nothing_on_the_console(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                              caplog: pytest.LogCaptureFixture) -> None:
    # A font without its bounding box: pdfminer logs a warning about it.
    contents = b"BT /F1 12 Tf 72 720 Td (Report 2024) Tj ET"
    data = _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(contents) + contents + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Foo /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>",
        b"<< /Type /FontDescriptor /FontName /Foo /FontBBox [0 0 x] /Flags 32 >>",
    ])
    path = tmp_path / "warns.pdf"
    path.write_bytes(data)
    with caplog.at_level(logging.DEBUG):
        document = open_pdf(path)
    assert texts(document) == ["Report 2024"]
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""
    assert not [record for record in caplog.records if record.name.startswith("pdfminer")]
    assert logging.getLogger("pdfminer").level == logging.NOTSET  # restored


def test_ten_pages_open_in_well_under_a_second(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        for number in range(1, 11):
            page.paragraph(FIRST * 3)
            row: list[str | None] = ["规章", "1", "2", "3"]
            rows: list[list[str | None]] = [["信息内容", "制发", "废止", "有效"], *[row] * 8]
            page.table([200, 60, 60, 60], rows)
            page.paragraph(SECOND * 2)
            page.footer(f"— {number} —")
            page.next()

    path = build(tmp_path, draw)
    open_pdf(path)  # the libraries imported once
    # Processor time: the same on a machine busy with other work (wall time is within 10 % of it alone).
    started = time.process_time()
    document = open_pdf(path)
    elapsed = time.process_time() - started
    assert len(document.table_blocks()) == 10
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_a_line_that_ends_short_because_a_web_address_did_not_fit_goes_on(tmp_path: Path) -> None:
    address = "www.example-bureau.gov.cn/xxgk/"

    def draw(page: Page) -> None:
        page.paragraph(FIRST)
        page.line("本机关政府信息公开网站：http://", LEFT + 32)  # the address is too long for what is left
        page.line(address + "，电话：0771-2801234。")
        page.line("如对本报告有疑问，请与本机关联系。", LEFT + 32)

    assert texts(open_pdf(build(tmp_path, draw))) == [
        FIRST, f"本机关政府信息公开网站：http://{address}，电话：0771-2801234。", "如对本报告有疑问，请与本机关联系。"]


def test_a_body_line_in_the_top_margin_is_not_taken_for_a_running_header(tmp_path: Path) -> None:
    def draw(page: Page) -> None:
        for number in (1, 2, 3):
            page.y = HEIGHT - 60  # the text starts high on every page
            page.paragraph((FIRST, SECOND, FIRST[::-1])[number - 1])
            page.footer(f"第 {number} 页 共 3 页")
            page.next()

    assert texts(open_pdf(build(tmp_path, draw))) == [FIRST, SECOND, FIRST[::-1]]


# --- The LibreOffice-made PDFs of tests/documents (generated by tests/documents/make_documents.py) ---

DOCUMENTS = Path(__file__).resolve().parent / "documents"


def _made_pdfs() -> list[Path]:
    import json

    manifest = DOCUMENTS / "manifest.json"
    if not manifest.exists():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    return [DOCUMENTS / e["file"] for e in entries
            if e["format"] == "pdf" and not e["hostile"] and (DOCUMENTS / e["file"]).exists()]


@pytest.mark.parametrize("path", _made_pdfs(), ids=lambda p: p.name)
def test_libreoffice_pdfs_give_the_reports_headings_and_its_tables(path: Path) -> None:
    from importing.pdf_reader import UNKNOWN

    document = open_pdf(path)
    text = texts(document)
    assert text[0].endswith("政府信息公开工作年度报告") and document.text_blocks()[0].heading == 0
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in text
    assert not any(re.fullmatch(r"[-—\s]*\d+[-—\s]*", t) for t in text)  # no page number left
    assert UNKNOWN not in "".join(text) and not document.notes
    tables = document.table_blocks()
    assert len(tables) >= 4 and all(t.page == t.last_page and t.place.startswith(f"第 {t.page} 页") for t in tables)
    cells = [c.text for t in tables for c in t.grid.doc_cells]
    assert "行政复议" in cells and "申请人情况" in cells and "第二十条第（一）项" in cells
