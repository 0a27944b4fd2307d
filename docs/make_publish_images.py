#!/usr/bin/env python3
"""Remake the README's pictures of the published outputs, as a reader sees them:

docs/pdf-title.png, pdf-narrative.png, pdf-table3.png, pdf-table4.png: pages 1, 2, 5 and 6 of the sample's
PDF (pdftoppm); docs/docx-page1.png and docx-table3.png: pages 1 and 5 of the sample's .docx converted to PDF
by LibreOffice headless; docs/html-desktop.png and html-phone.png: the top of the sample's web page in
headless Chromium at 1280 and 375 CSS px.

Needs Debian's poppler-utils, libreoffice and chromium. Run from the repository root:
    .venv/bin/python docs/make_publish_images.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.docx_export import render_docx  # noqa: E402
from export.html_export import render_html  # noqa: E402
from export.pdf import render_pdf  # noqa: E402
from model import projectfile  # noqa: E402
from model.resources import sample_path  # noqa: E402

DOCS = ROOT / "docs"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def page_png(pdf: Path, page: int, out: Path, dpi: int = 60) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True)


def main() -> int:
    report = projectfile.load(sample_path())
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        pdf = scratch / "sample.pdf"
        pdf.write_bytes(render_pdf(report))
        for page, name in ((1, "pdf-title"), (2, "pdf-narrative"), (5, "pdf-table3"), (6, "pdf-table4")):
            page_png(pdf, page, DOCS / f"{name}.png")
        docx = scratch / "sample.docx"
        docx.write_bytes(render_docx(report))
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            subprocess.run([soffice, f"-env:UserInstallation=file://{scratch}/lo", "--headless", "--convert-to",
                            "pdf", "--outdir", str(scratch / "lo-out"), str(docx)], check=True,
                           capture_output=True, timeout=300)
            converted = scratch / "lo-out" / "sample.pdf"
            page_png(converted, 1, DOCS / "docx-page1.png")
            page_png(converted, 5, DOCS / "docx-table3.png")
        page = scratch / "sample.html"
        page.write_bytes(render_html(report))
        chromium = shutil.which("chromium")
        if chromium:
            for width, height, name in ((1280, 1400, "html-desktop"), (375, 1600, "html-phone")):
                subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={scratch}/chromium",
                                f"--window-size={width},{height}", f"--screenshot={DOCS / name}.png",
                                page.as_uri()], check=True, capture_output=True, timeout=120)
    return 0


if __name__ == "__main__":
    sys.exit(main())
