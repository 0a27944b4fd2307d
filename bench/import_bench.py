"""Benchmarks of reading reports from documents (importing/documents.py), in-process: the issue's
budget is under a second each for a 10-page PDF and a large Word file. The documents are the test
fixtures (tests/documents/make_documents.py), so the figures are of files LibreOffice made."""

from __future__ import annotations

from functools import partial

from bench.common import ROOT, Row, median_seconds

DOCUMENTS = ROOT / "tests" / "documents" / "files"
#: (label, file, budget in ms): the sample as a 10-page PDF, the large report (34 pages) as PDF,
#: the large report as Word, a saved web page and text copied out of a PDF viewer.
CASES = (
    ("导入 10 页 PDF import 10-page PDF (sample)", "sample.pdf", 1000),
    ("导入 34 页 PDF import 34-page PDF (large)", "large.pdf", None),
    ("导入大 Word 文档 import large .docx", "large.docx", 1000),
    ("导入网页 import saved web page (large)", "large_cms.htm", 1000),
    ("导入粘贴文本 import pdftotext text (sample)", "sample_pdf_layout.txt", 1000),
)


def rows() -> list[Row]:
    from importing.documents import import_document

    found = []
    for label, name, budget in CASES:
        path = DOCUMENTS / name
        if not path.exists():
            continue
        seconds = median_seconds(partial(import_document, path), 5)
        found.append(Row(label, seconds * 1000, "ms", budget))
    return found
