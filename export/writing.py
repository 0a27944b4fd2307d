"""One way to write any output format, for the command line, the window and the bundle alike.

The registry (model/formats.py) names each writer; this module knows which options each takes:
the PDF the fonts of this PC and the charts, the Word document and the web pages the charts, the
workbook (tables only) neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.formats import Purpose, writer
from model.report import Report

if TYPE_CHECKING:
    from export.fonts import FontSet

#: The purposes whose writers draw charts when asked.
CHARTED = (Purpose.WRITE_PDF, Purpose.WRITE_DOCX, Purpose.WRITE_HTML, Purpose.WRITE_HTML_BODY)


def write_output(purpose: Purpose, report: Report, path: Path, *, fonts: FontSet | None = None,
                 charts: bool = False) -> None:
    """Write `report` to `path` in the format of `purpose` (atomically, as every writer does)."""
    options: dict[str, Any] = {}
    if purpose is Purpose.WRITE_PDF:
        options["fonts"] = fonts
    if purpose in CHARTED:
        options["charts"] = charts
    writer(purpose).load()(report, path, **options)
