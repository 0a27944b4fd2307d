"""附图 in every output when asked, and nowhere when not (export/pdf.py, docx_charts.py, html_export.py)."""

from __future__ import annotations

import io

import docx
from lxml import html as lxml_html
from pypdf import PdfReader

from export.charts import chart_specs
from export.docx_export import render_docx
from export.html_export import render_html
from export.pdf import render_pdf
from model.report import Metadata, Report


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_charts_appear_in_every_output_only_when_asked(sample: Report) -> None:
    specs = chart_specs(sample)
    assert len(specs) >= 2
    with_charts, without = _pdf_text(render_pdf(sample, charts=True)), _pdf_text(render_pdf(sample))
    for spec in specs:
        assert spec.caption.replace(" ", "") in with_charts.replace(" ", "")
    assert with_charts.count("附图") == without.count("附图") + 1  # the heading (the sample's opening names them)

    document = docx.Document(io.BytesIO(render_docx(sample, charts=True)))
    pictures = document.inline_shapes
    assert len(pictures) == len(specs)
    described = [shape._inline.docPr.get("descr") for shape in pictures]
    assert described == [spec.alt for spec in specs]
    texts = [p.text for p in document.paragraphs]
    assert "附图" in texts and all(spec.caption in texts for spec in specs)
    assert len(docx.Document(io.BytesIO(render_docx(sample))).inline_shapes) == 0

    for body_only in (False, True):
        page = lxml_html.fromstring(render_html(sample, charts=True, body_only=body_only))
        figures = page.findall(".//figure")
        assert len(figures) == len(specs)
        assert all(f.find(".//svg") is not None or f.find(".//{http://www.w3.org/2000/svg}svg") is not None
                   for f in figures)
    assert b"<figure" not in render_html(sample)


def test_a_report_without_figures_to_chart_gets_no_empty_heading() -> None:
    blank = Report.blank(Metadata(agency="某某市某某局", year=2025))
    assert chart_specs(blank) == []
    assert "附图" not in _pdf_text(render_pdf(blank, charts=True))
    assert "附图" not in [p.text for p in docx.Document(io.BytesIO(render_docx(blank, charts=True))).paragraphs]
    assert "附图".encode() not in render_html(blank, charts=True)


def test_outputs_with_charts_repeat_byte_for_byte(sample: Report) -> None:
    assert render_pdf(sample, charts=True) == render_pdf(sample, charts=True)
    assert render_docx(sample, charts=True) == render_docx(sample, charts=True)
    assert render_html(sample, charts=True) == render_html(sample, charts=True)
