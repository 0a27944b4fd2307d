"""Every export works for any report the model can hold, not only for a finished one.

A clerk usually fills the tables first: for most of the work sections are empty,
cells are blank and the metadata is half filled. The PDF (which the preview shows),
the Excel workbook and its read-back must work for every such report: every
section empty, every cell blank, only the metadata filled, huge paragraphs, odd
values. A section without text still prints its heading.
"""

from __future__ import annotations

import io
import re
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from export.fonts import bundled_fonts
from export.pdf import render_pdf
from export.xlsx_export import workbook_bytes
from importing.xlsx import import_xlsx
from model.cellinput import parse_cell_input
from model.report import AgencyKind, Metadata, Report
from model.template import ValueKind
from model.templates import TEMPLATES

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_TEXT = st.text(st.one_of(_CJK, st.sampled_from("，。、；：（）“”0123456789 abc\t\n")), max_size=120)
_PARAGRAPH = st.one_of(
    st.just(""), st.just("   "), _TEXT,
    _TEXT.map(lambda s: "（一）" + s), _TEXT.map(lambda s: "一、" + s), _TEXT.map(lambda s: "1." + s),
    st.integers(200, 3000).map(lambda n: "长" * n + "。"),  # several pages of one paragraph
)


@pytest.fixture(scope="module")
def fonts():
    return bundled_fonts()


def _cell_values(kind: ValueKind) -> st.SearchStrategy[int | Decimal | None]:
    if kind is ValueKind.AMOUNT:
        return st.one_of(st.none(), st.integers(0, 10**12),
                         st.decimals(0, 10**9, places=6, allow_nan=False, allow_infinity=False))
    low = -(10**12) if kind is ValueKind.DELTA else 0
    return st.one_of(st.none(), st.just(0), st.integers(low, 10**12))


@st.composite
def any_reports(draw: st.DrawFn) -> Report:
    """A report with random empty parts: blank or partly filled metadata (the year unknown too),
    empty or odd narrative, blank, partly filled or extreme cells."""
    template = TEMPLATES[draw(st.sampled_from(sorted(TEMPLATES)))]
    meta = Metadata(
        agency=draw(st.one_of(st.just(""), st.text(_CJK, min_size=1, max_size=40))),
        year=draw(st.one_of(st.just(0), st.integers(template.first_report_year, 2030))),
        kind=draw(st.sampled_from(list(AgencyKind))),
        published=draw(st.one_of(st.none(), st.dates(), st.dates(date(2020, 1, 1), date(2031, 12, 31)))),
        website=draw(st.sampled_from(["", "http://www.example.gov.cn/"])),
    )
    report = Report.blank(meta, template)
    report.preamble = draw(st.lists(_PARAGRAPH, max_size=3))
    for section in report.sections:
        if template.section(section.id).kind == "narrative":
            section.paragraphs = draw(st.lists(_PARAGRAPH, max_size=4))
    fill = draw(st.sampled_from(["blank", "some", "all"]))
    if fill != "blank":
        for (table_id, row_id, column_id), _table, column in template.cell_specs:
            if fill == "all" or draw(st.booleans()):
                report.cells[(table_id, row_id, column_id)] = draw(_cell_values(column.kind))
    return report


def _valid_for_import(report: Report) -> bool:
    """Whether every cell holds what a typed cell may hold (our own workbook then reads back exactly)."""
    template = report.template
    for key, _table, column in template.cell_specs:
        value = report.cells.get(key)
        if value is not None and not parse_cell_input(format(value, "f") if isinstance(value, Decimal)
                                                      else str(value), column).ok:
            return False
    return True


def _squeezed_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _read_back(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "往返.xlsx"
        path.write_bytes(data)
        return import_xlsx(path)


@SETTINGS
@given(report=any_reports())
def test_any_report_exports_to_pdf_with_every_heading_and_to_excel(report: Report, fonts) -> None:
    pdf = render_pdf(report, fonts)
    assert pdf.startswith(b"%PDF-")
    text = _squeezed_text(pdf)
    for section in report.sections:  # a section without text still prints its heading
        assert re.sub(r"\s+", "", section.title) in text
    result = _read_back(workbook_bytes(report))
    if _valid_for_import(report):
        assert result.problems == []
        assert result.report.cells == report.cells


def test_a_new_report_exports_and_prints_every_heading(fonts) -> None:
    report = Report.blank(Metadata(agency="某某市某某局", year=2025))
    text = _squeezed_text(render_pdf(report, fonts))
    for section in report.sections:
        assert section.title in text
    assert "某某市某某局2025年政府信息公开工作年度报告" in text
    assert _read_back(workbook_bytes(report)).report.cells == report.cells


def test_only_the_metadata_and_nothing_else(fonts) -> None:
    report = Report.blank(Metadata(year=2025))
    report.sections = []
    assert render_pdf(report, fonts).startswith(b"%PDF-")
    assert workbook_bytes(report)


@pytest.mark.parametrize("agency_chars", [400, 2000])
def test_an_agency_name_too_long_for_a_page_breaks_instead_of_failing(fonts, agency_chars: int) -> None:
    # The editor limits the name to 200 characters, a project file does not.
    report = Report.blank(Metadata(agency="某" * agency_chars, year=2025))
    pages = PdfReader(io.BytesIO(render_pdf(report, fonts))).pages
    assert len(pages) >= 3


def test_huge_parts(fonts) -> None:
    report = Report.blank(Metadata(agency="某某局", year=2025))
    report.preamble = ["字" * 30_000]
    report.section("s5").paragraphs = ["问题。"] * 2_000
    report.section("s1").paragraphs = ["http://" + "a" * 3_000 + ".gov.cn/", "1" * 5_000 + "件。"]
    report.cells = {key: 10**15 - 1 for key in report.cells}
    pages = PdfReader(io.BytesIO(render_pdf(report, fonts))).pages
    assert len(pages) > 20
    assert workbook_bytes(report)


@pytest.mark.parametrize("published", [date(2108, 1, 1), date(9999, 12, 31), date(1, 1, 1)])
def test_a_publication_date_a_zip_cannot_store_still_exports(fonts, published: date) -> None:
    # Zip entry times hold 1980–2107; the PDF used to be written and then the workbook failed.
    report = Report.blank(Metadata(agency="某某局", year=2025, published=published))
    assert render_pdf(report, fonts).startswith(b"%PDF-")
    assert _read_back(workbook_bytes(report)).report.meta.published == published
