"""A report as an agency's Word document, written with python-docx directly (never with a nianbao
writer): a centred 小标宋 title, 黑体 section headings (Word Heading styles or plain bold runs),
仿宋_GB2312 body with a first-line indent and runs split mid-word, and the three tables as Word tables
with the official template's merged header cells.

`DocxShape` chooses the mangled variants: labels broken over lines inside cells, table 三 split in
two with its header repeated, a single （六）其他处理 row without its three sub-items."""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from model.report import Report
from tests.documents.truth_reports import T3, TEMPLATE, printed

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
TABLE_FONT = "宋体"
FIXED_TIME = datetime(2025, 1, 20, 9, 0, 0)
#: Labels as a narrow Word cell wraps them, with the line breaks kept (the "broken labels" shape).
BROKEN_LABELS = {
    "三、本年度办理结果": "三、本\n年度办\n理结果",
    "商业企业": "商业企\n业",
    "法律服务机构": "法律服\n务机构",
    "（三）不予公开": "（三）不\n予公开",
    "社会公益组织": "社会公\n益组织",
}


@dataclass(frozen=True)
class DocxShape:
    heading_styles: bool = False  # Word "Heading 1/2" styles rather than bold 黑体 runs
    broken_labels: bool = False
    split_table3: bool = False  # 表三 as two Word tables, the header rows repeated in the second
    single_other_row: bool = False  # （六）其他处理 printed as one row, its sub-items missing
    seed: str = ""


def _font(run_or_style: Any, name: str, size: float, bold: bool = False) -> None:
    """Font, size and weight, the East Asian font too (Word takes Chinese text's font from w:eastAsia)."""
    font = run_or_style.font
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _split_runs(paragraph: Paragraph, text: str, rng: random.Random, font: str, size: float,
                bold: bool = False) -> None:
    """The text in several runs cut at arbitrary places, as Word leaves it after edits."""
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 4)))) if len(text) > 1 else []
    for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        _font(paragraph.add_run(text[start:end]), font, size, bold)


class _Writer:
    def __init__(self, report: Report, name: str, shape: DocxShape) -> None:
        self.report, self.name, self.shape = report, name, shape
        self.rng = random.Random(shape.seed or name)
        self.doc = Document()
        self.merges: list[tuple[int, int, int, int]] = []
        self.puts: list[tuple[int, int, str, bool]] = []
        self.doc.core_properties.created = FIXED_TIME
        self.doc.core_properties.modified = FIXED_TIME
        self.doc.core_properties.title = report.title
        self.doc.core_properties.author = "办公室"
        page = self.doc.sections[0]  # A4 with the margins of GB/T 9704
        page.page_width, page.page_height = Mm(210), Mm(297)
        page.top_margin, page.bottom_margin, page.left_margin, page.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        _font(normal, BODY_FONT, 16)

    def title(self) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _split_runs(p, self.report.title, self.rng, TITLE_FONT, 22)

    def body(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.line_spacing = Pt(29)
        subheading = text.startswith("（") and len(text) <= 30 and "。" not in text
        _split_runs(p, text, self.rng, SUBHEADING_FONT if subheading else BODY_FONT, 16)

    def heading(self, text: str) -> None:
        if self.shape.heading_styles:
            p = self.doc.add_heading(level=1)
            _split_runs(p, text, self.rng, HEADING_FONT, 16, bold=True)
            return
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        _split_runs(p, text, self.rng, HEADING_FONT, 16, bold=True)

    def label(self, text: str) -> str:
        return BROKEN_LABELS.get(text, text) if self.shape.broken_labels else text

    def put(self, table: DocxTable, row: int, column: int, text: str, bold: bool = False) -> None:
        """Say what cell (row, column) holds; written by `flush` (python-docx finds a cell in O(cells))."""
        self.puts.append((row, column, text, bold))

    def merged(self, table: DocxTable, top: int, left: int, bottom: int, right: int, text: str) -> None:
        self.merges.append((top, left, bottom, right))
        self.put(table, top, left, text)

    def flush(self, table: DocxTable) -> None:
        """Merge the cells and write the texts said for `table`."""
        columns = len(table.columns)
        before = table._cells
        corners = [(before[t * columns + left], before[b * columns + right]) for t, left, b, right in self.merges]
        for first, last in corners:
            first.merge(last)
        cells = table._cells
        for row, column, text, bold in self.puts:
            cell = cells[row * columns + column]
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for i, line in enumerate(text.split("\n")):
                if i and paragraph.runs:
                    paragraph.runs[-1].add_break()
                if line:
                    _split_runs(paragraph, line, self.rng, TABLE_FONT, 10.5, bold)
        self.merges, self.puts = [], []

    def value(self, key: tuple[str, str, str]) -> str:
        return printed(self.report, key, self.name)

    # --- 表二: one table of four columns with the four captions as merged rows, as in the template ---

    def table2(self) -> None:
        rows = sum(2 + len(table.rows) for table in TEMPLATE.tables[:4])  # caption, header, data rows
        t = self.doc.add_table(rows=rows, cols=4)
        t.style = "Table Grid"
        r = 0
        for table in TEMPLATE.tables[:4]:
            self.merged(t, r, 0, r, 3, table.caption)
            self.put(t, r + 1, 0, table.corner, bold=True)
            if len(table.columns) == 3:
                for c, column in enumerate(table.columns, start=1):
                    self.put(t, r + 1, c, column.label, bold=True)
            else:
                self.merged(t, r + 1, 1, r + 1, 3, table.columns[0].label)
            r += 2
            for row in table.rows:
                self.put(t, r, 0, row.label)
                if len(table.columns) == 3:
                    for c, column in enumerate(table.columns, start=1):
                        self.put(t, r, c, self.value((table.id, row.id, column.id)))
                else:
                    self.merged(t, r, 1, r, 3, self.value((table.id, row.id, table.columns[0].id)))
                r += 1
        self.flush(t)

    # --- 表三: corner over 3 header rows × 3 label columns, vertical groups -------------------------

    def t3_rows(self) -> list[tuple[str, ...]]:
        """Table 三's printed rows as label paths (the single （六） row replacing its sub-items)."""
        rows: list[tuple[str, ...]] = []
        for row in T3.rows:
            if self.shape.single_other_row and row.id.startswith("3.6."):
                if row.id == "3.6.1":
                    rows.append(row.path[:2])
                continue
            rows.append(row.path)
        return rows

    def t3_values(self, path: tuple[str, ...], column: str) -> str:
        if self.shape.single_other_row and path == ("三、本年度办理结果", "（六）其他处理"):
            values = [self.report.cells.get(("t3", r, column)) for r in ("3.6.1", "3.6.2", "3.6.3")]
            return "" if any(v is None for v in values) else str(sum(int(v or 0) for v in values))
        row = next(r for r in T3.rows if r.path == path)
        return self.value(("t3", row.id, column))

    def table3(self, paths: list[tuple[str, ...]]) -> None:
        t = self.doc.add_table(rows=3 + len(paths), cols=10)
        t.style = "Table Grid"
        self.merged(t, 0, 0, 2, 2, T3.corner)
        self.merged(t, 0, 3, 0, 9, "申请人情况")
        self.merged(t, 1, 3, 2, 3, "自然人")
        self.merged(t, 1, 4, 1, 8, "法人或其他组织")
        self.merged(t, 1, 9, 2, 9, "总计")
        for c, label in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), start=4):
            self.put(t, 2, c, self.label(label))
        first = 3
        spans: dict[tuple[int, str], list[int]] = {}
        for i, path in enumerate(paths):
            r = first + i
            for depth, label in enumerate(path[:-1]):
                spans.setdefault((depth, label), []).append(r)
            leaf_depth = len(path) - 1
            if leaf_depth == 2:
                self.put(t, r, 2, path[-1])
            else:
                self.merged(t, r, leaf_depth, r, 2, path[-1] if leaf_depth else self.label(path[-1]))
            for c, column in enumerate(T3.column_ids, start=3):
                self.put(t, r, c, self.t3_values(path, column))
        for (depth, label), rows in spans.items():
            if len(rows) > 1 or depth == 0:
                self.merged(t, rows[0], depth, rows[-1], depth, self.label(label))
            else:
                self.put(t, rows[0], depth, self.label(label))
        self.flush(t)

    # --- 表四: 行政复议 and 行政诉讼 (未经复议直接起诉 / 复议后起诉) over fifteen columns -----------------

    def table4(self) -> None:
        t = self.doc.add_table(rows=4, cols=15)
        t.style = "Table Grid"
        self.merged(t, 0, 0, 0, 4, "行政复议")
        self.merged(t, 0, 5, 0, 14, "行政诉讼")
        self.merged(t, 1, 5, 1, 9, "未经复议直接起诉")
        self.merged(t, 1, 10, 1, 14, "复议后起诉")
        table = TEMPLATE.table("t4")
        for c, column in enumerate(table.columns):
            if c < 5:
                self.merged(t, 1, c, 2, c, column.label)
            else:
                self.put(t, 2, c, column.label)
            self.put(t, 3, c, self.value(("t4", "cases", column.id)))
        self.flush(t)

    def write(self, path: Path) -> None:
        report = self.report
        self.title()
        for text in report.preamble:
            self.body(text)
        for section in report.sections:
            self.heading(section.title)
            if section.id == "s2":
                self.table2()
            elif section.id == "s3":
                paths = self.t3_rows()
                if self.shape.split_table3:
                    cut = paths.index(("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"))
                    self.table3(paths[:cut])
                    self.doc.add_paragraph()
                    self.table3(paths[cut:])
                else:
                    self.table3(paths)
            elif section.id == "s4":
                self.table4()
            for text in section.paragraphs:
                self.body(text)
        signature = self.doc.add_paragraph()
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _split_runs(signature, report.meta.agency, self.rng, BODY_FONT, 16)
        self.doc.save(str(path))
        fix_zip_times(path)


def write_docx(report: Report, name: str, path: Path, shape: DocxShape = DocxShape()) -> None:
    _Writer(report, name, shape).write(path)


def fix_zip_times(path: Path) -> None:
    """Rewrite a zip with fixed member times, so that the generator's output is byte for byte the same."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in members:
            info = zipfile.ZipInfo(filename, date_time=(2025, 1, 20, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


__all__ = ["DocxShape", "fix_zip_times", "write_docx"]
