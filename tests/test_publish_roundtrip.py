"""What we publish reads back as what it says: the sample (and a report full of long addresses) exported to
Word, the web page and the PDF, then imported by our own readers, gives the same figures and text."""

from __future__ import annotations

from pathlib import Path

import pytest

from export.docx_export import render_docx
from export.html_export import render_html
from export.pdf import render_pdf
from importing.documents import import_document
from model.font_roles import GETA
from model.report import Report
from tests.stress_reports import long_addresses

RENDERERS = {".docx": render_docx, ".html": render_html, ".pdf": render_pdf}


def _read_back(report: Report, suffix: str, tmp_path: Path) -> Report:
    path = tmp_path / f"report{suffix}"
    path.write_bytes(RENDERERS[suffix](report))
    result = import_document(path)
    assert not result.problems, [p.message for p in result.problems]
    assert not result.uncertain
    return result.report


@pytest.mark.parametrize("suffix", sorted(RENDERERS))
def test_the_sample_reads_back_exactly(sample: Report, suffix: str, tmp_path: Path) -> None:
    back = _read_back(sample, suffix, tmp_path)
    assert back.cells == sample.cells
    assert back.preamble == sample.preamble
    assert [(s.title, s.paragraphs) for s in back.sections] == [(s.title, s.paragraphs) for s in sample.sections]
    assert (back.meta.agency, back.meta.year) == (sample.meta.agency, sample.meta.year)


@pytest.mark.parametrize("suffix", sorted(RENDERERS))
def test_long_addresses_broken_across_lines_read_back_whole(suffix: str, tmp_path: Path) -> None:
    report = long_addresses()
    back = _read_back(report, suffix, tmp_path)
    # The PDF draws what no bundled font has as 〓 (and the checker said so): that is what it says.
    drawn = {ord(c): GETA for c in "𠀀𠀁𪚥"} if suffix == ".pdf" else {}
    assert back.preamble == [p.translate(drawn) for p in report.preamble]
    assert back.section("s1").paragraphs == [p.translate(drawn) for p in report.section("s1").paragraphs]
