"""Documents derived from the generated .docx files the way agencies and websites derive them:
LibreOffice headless (.pdf, .html, .doc → .docx), poppler's pdftotext (text copied out of a PDF
viewer), a saved web page (.mht) made with the `email` package, and scripted mangles of the text."""

from __future__ import annotations

import os
import quopri
import re
import shutil
import subprocess
import tempfile
from email import policy
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from pathlib import Path


def soffice(source: Path, target_format: str, target: Path) -> None:
    """Convert `source` with LibreOffice headless (a private profile) and move the result to `target`."""
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as work:
        profile = Path(work) / f"lo-profile-{os.getpid()}"
        outdir = Path(work) / "out"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", target_format, "--outdir", str(outdir), str(source)],
            check=True, capture_output=True, timeout=180,
        )
        produced = [p for p in outdir.iterdir() if p.is_file() and not p.name.endswith(".png")]
        if len(produced) != 1:
            raise RuntimeError(f"soffice made {produced} from {source}")
        shutil.move(str(produced[0]), target)


def pdftotext(source: Path, target: Path, layout: bool) -> None:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(source), str(target)]
    subprocess.run(args, check=True, capture_output=True, timeout=60)


def doc_round_trip(source: Path, target: Path) -> None:
    """.docx → .doc → .docx, as a report that went through an old Word or WPS comes back."""
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as work:
        doc = Path(work) / (source.stem + ".doc")
        soffice(source, "doc", doc)
        soffice(doc, "docx:MS Word 2007 XML", target)


def strip_pdf_dates(path: Path) -> None:
    """Fix the dates and the file identifier LibreOffice writes (same lengths: every offset stays right),
    so that the generator's output is the same on every run."""
    data = path.read_bytes()
    data = re.sub(rb"D:\d{14}", b"D:20250120090000", data)
    data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", b"2025-01-20T09:00:00", data)
    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                  lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))).replace(
                      m.group(2), b"0" * len(m.group(2))), data)
    data = re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]+)", lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))),
                  data)
    path.write_bytes(data)


def mht(html_text: str, target: Path, charset: str = "utf-8", location: str = "file:///C:/report.htm") -> None:
    """A saved web page: multipart/related with the page quoted-printable in `charset`."""
    html_text = re.sub(r"charset=[\"']?[\w-]+", f"charset={charset}", html_text, count=1, flags=re.IGNORECASE)
    message = MIMEMultipart("related", type="text/html", boundary="----=_NextPart_000_0000_01DB6A1E.2C3F4A50")
    message["From"] = "<Saved by Microsoft Internet Explorer 11>"
    message["Subject"] = "report"
    message["Date"] = "Mon, 20 Jan 2025 09:00:00 +0800"
    part = MIMEBase("text", "html", charset=charset)
    part.set_payload(quopri.encodestring(html_text.encode(charset, errors="xmlcharrefreplace")).decode("ascii"))
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part["Content-Location"] = location
    message.attach(part)
    target.write_bytes(message.as_bytes(policy=policy.SMTP))


# --- scripted mangles of extracted text ---------------------------------------------------------------

def insert_page_number(text: str, after: str, before: str, page_line: str) -> str:
    """A page number line ("— 3 —", "-3-") inside a table, as pdftotext prints a page break there: put
    before the first line holding `before` that follows the line holding `after`."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if after in line)
    for i in range(start + 1, len(lines)):
        if before in lines[i]:
            return "\n".join([*lines[:i], "", page_line, "", *lines[i:]])
    raise ValueError(f"“{before}” not after “{after}” in the text")


def restore_hyphens(text: str, words: list[str]) -> str:
    """Put back the "-" of `words` (phone numbers) that poppler's plain mode drops when it joins a word
    hyphenated at a line end: a PDF viewer's copy keeps it, and the reader cannot know it was there."""
    for word in words:
        if "-" in word:
            text = text.replace(word.replace("-", ""), word)
    return text


def vanish_blanks(text: str, start: str, end: str) -> str:
    """Between the lines holding `start` and `end`, runs of spaces collapse to one: an empty cell leaves
    no trace and the numbers after it shift left (text pasted from a PDF viewer)."""
    lines = text.split("\n")
    inside = False
    for i, line in enumerate(lines):
        inside = inside or start in line
        if inside:
            lines[i] = re.sub(r"[ \u3000]{2,}", " ", line.strip())
        if end in line:
            inside = False
    return "\n".join(lines)
