"""Writes the test documents of issue 14 (importing a report from Word, a web page, a PDF or text):
the truth reports, the documents made from them, the mangled and hostile copies and manifest.json.

Run from the project folder: `.venv/bin/python tests/documents/make_documents.py` (needs LibreOffice's
`soffice` and poppler's `pdftotext`). The output is deterministic; the tests check the manifest lists
exactly the files present (tests/test_document_fixtures.py)."""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from model import projectfile  # noqa: E402
from model.report import Report  # noqa: E402
from tests.documents import derive, hostile  # noqa: E402
from tests.documents.docx_maker import DocxShape, write_docx  # noqa: E402
from tests.documents.truth_reports import SLASH_CELLS, truth_reports  # noqa: E402
from tests.documents.web_maker import cms_page, pasted_text  # noqa: E402

FILES = HERE / "files"
TRUTH = HERE / "truth"
HOSTILE = HERE / "hostile"
MANIFEST = HERE / "manifest.json"
#: The sub-items a single （六）其他处理 row leaves unprinted, in every column of table 三.
OTHER_SUB_ITEMS = [["t3", row, column] for row in ("3.6.1", "3.6.2", "3.6.3")
                   for column in ("natural", "commercial", "research", "public_welfare", "legal_service", "other",
                                  "total")]


@dataclass
class Entry:
    file: str
    truth: str | None
    format: str
    made_by: str
    shapes: list[str] = field(default_factory=list)
    must_report: list[list[str]] = field(default_factory=list)
    hostile: bool = False


class Maker:
    def __init__(self, reports: dict[str, Report]) -> None:
        self.reports = reports
        self.entries: list[Entry] = []

    def add(self, file: Path, truth: str, made_by: str, shapes: list[str], extra_report: list[list[str]] = ()) -> None:
        must = [list(key) for key in SLASH_CELLS] if truth == "slashes" else []
        suffix = file.suffix[1:]
        fmt = {"htm": "html"}.get(suffix, suffix)
        self.entries.append(Entry(file.relative_to(HERE).as_posix(), f"{truth}.nianbao.json", fmt, made_by,
                                  sorted(set(shapes + (["slash_cells"] if truth == "slashes" else [])
                                             + (["blank_cells"] if truth == "blanks" else []))),
                                  must + list(extra_report)))

    def docx(self, truth: str, file: str, shape: DocxShape, shapes: list[str]) -> Path:
        path = FILES / file
        write_docx(self.reports[truth], truth, path, shape)
        headings = "heading_styles" if shape.heading_styles else "bold_headings"
        self.add(path, truth, "python-docx", [headings, "split_runs", "merged_headers", *shapes],
                 OTHER_SUB_ITEMS if shape.single_other_row else [])
        return path

    def soffice(self, source: Path, truth: str, target_format: str, file: str, shapes: list[str]) -> Path:
        path = FILES / file
        derive.soffice(source, target_format, path)
        if path.suffix == ".pdf":
            derive.strip_pdf_dates(path)
        elif path.suffix in (".html", ".htm"):
            path.write_text(_fixed_dates(path.read_text(encoding="utf-8")), encoding="utf-8")
        self.add(path, truth, "soffice", ["merged_headers", *shapes])
        return path

    def text(self, truth: str, file: str, content: str, made_by: str, shapes: list[str],
             encoding: str = "utf-8") -> Path:
        path = FILES / file
        path.write_bytes(content.encode(encoding))
        self.add(path, truth, made_by, shapes)
        return path


def _fixed_dates(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", "2025-01-20T09:00:00", text)


def normalise_docx(path: Path) -> None:
    """A LibreOffice-written .docx with fixed member times and document dates."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in members:
            if filename.startswith("docProps/"):
                data = _fixed_dates(data.decode("utf-8")).encode("utf-8")
            target.writestr(zipfile.ZipInfo(filename, hostile.FIXED), data, zipfile.ZIP_DEFLATED)


def docx_documents() -> dict[str, tuple[str, DocxShape, list[str]]]:
    """The Word documents written with python-docx: file → (truth, shape, the mangled shapes it carries).
    They are the same byte for byte on every run (the tests compare them)."""
    documents = {f"{name}.docx": (name, DocxShape(heading_styles=name in ("transport", "full", "large")),
                                  ["large"] if name == "large" else [])
                 for name in ("sample", "transport", "county", "full", "blanks", "slashes", "large")}
    documents.update({
        "sample_broken_labels.docx": ("sample", DocxShape(broken_labels=True, seed="broken"), ["broken_labels"]),
        "full_split_table.docx": ("full", DocxShape(heading_styles=True, split_table3=True, seed="split"),
                                  ["split_table", "repeated_header"]),
        "full_single_other.docx": ("full", DocxShape(single_other_row=True, seed="other"), ["single_other_row"]),
        "county_broken_split.docx": ("county", DocxShape(broken_labels=True, split_table3=True, seed="both"),
                                     ["broken_labels", "split_table", "repeated_header"]),
    })
    return documents


def make_all() -> list[Entry]:
    for folder in (FILES, TRUTH, HOSTILE):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    reports = truth_reports()
    for name, report in reports.items():
        projectfile.save(report, TRUTH / f"{name}.nianbao.json")
    m = Maker(reports)

    # --- Word documents as agencies write them, and their mangled variants
    docx = {truth: m.docx(truth, file, shape, shapes) for file, (truth, shape, shapes) in docx_documents().items()
            if file == f"{truth}.docx"}
    for file, (truth, shape, shapes) in docx_documents().items():
        if file != f"{truth}.docx":
            m.docx(truth, file, shape, shapes)

    # --- LibreOffice: PDF, web page, .doc → .docx
    # Only the text of some PDFs is kept (the whole folder stays small): those are made in `work`.
    work = Path(tempfile.mkdtemp(prefix="nianbao-text-"))
    pdf: dict[str, Path] = {}
    for name in reports:
        if name == "transport":
            pdf[name] = work / "transport.pdf"
            derive.soffice(docx[name], "pdf", pdf[name])
        else:
            pdf[name] = m.soffice(docx[name], name, "pdf", f"{name}.pdf", ["large"] if name == "large" else [])
    pdf["split"] = work / "full_split_table.pdf"
    derive.soffice(FILES / "full_split_table.docx", "pdf", pdf["split"])
    html: dict[str, Path] = {}
    for name in ("sample", "county", "slashes"):
        html[name] = m.soffice(docx[name], name, "html", f"{name}_lo.html", ["word_html"])
    for name in ("transport", "slashes"):
        path = FILES / f"{name}_roundtrip.docx"
        derive.doc_round_trip(docx[name], path)
        normalise_docx(path)
        m.add(path, name, "soffice", ["doc_round_trip", "merged_headers"])

    # --- text copied out of a PDF viewer (pdftotext), and scripted mangles of it
    layout: dict[str, str] = {}
    plain: dict[str, str] = {}
    for name, source in pdf.items():
        derive.pdftotext(source, work / f"{name}_layout.txt", layout=True)
        derive.pdftotext(source, work / f"{name}_plain.txt", layout=False)
        layout[name] = (work / f"{name}_layout.txt").read_text(encoding="utf-8")
        plain[name] = (work / f"{name}_plain.txt").read_text(encoding="utf-8")
    shutil.rmtree(work)
    truth_of = {"split": "full"}
    plain = {name: derive.restore_hyphens(text, [reports[truth_of.get(name, name)].meta.phone])
             for name, text in plain.items()}
    for name in ("sample", "county", "full", "slashes", "split"):
        m.text(truth_of.get(name, name), f"{name}_pdf_layout.txt", layout[name], "soffice",
               ["pdftotext_layout", "broken_labels"])
    for name in ("sample", "transport", "blanks", "split"):
        m.text(truth_of.get(name, name), f"{name}_pdf_plain.txt", plain[name], "soffice",
               ["pdftotext_plain", "broken_labels", "vanished_blanks"])
    m.text("full", "full_page_number.txt",
           derive.insert_page_number(layout["full"], "三、收到和处理", "（四）", "— 3 —"), "script",
           ["pdftotext_layout", "broken_labels", "page_number_in_table"])
    m.text("sample", "sample_page_number.txt",
           derive.insert_page_number(plain["sample"], "三、收到和处理", "（五）", "-3-"), "script",
           ["pdftotext_plain", "broken_labels", "page_number_in_table"])
    m.text("blanks", "blanks_vanished.txt",
           derive.vanish_blanks(layout["blanks"], "二、主动公开政府信息情况", "五、存在的主要问题"), "script",
           ["pdftotext_layout", "broken_labels", "vanished_blanks"])

    # --- text copied out of a web page
    m.text("transport", "transport_pasted.txt", pasted_text(reports["transport"], "transport"), "script",
           ["pasted_web_text"])
    m.text("sample", "sample_run_digits.txt", pasted_text(reports["sample"], "sample", run_digits=True), "script",
           ["pasted_web_text", "digits_run_together"])
    m.text("full", "full_run_digits.txt", pasted_text(reports["full"], "full", run_digits=True), "script",
           ["pasted_web_text", "digits_run_together"])

    # --- web pages as a CMS publishes them, and saved pages (.mht)
    cms_shapes = ["cms_html", "gbk", "split_spans", "nbsp", "merged_headers", "page_junk"]
    for name in ("sample", "slashes", "blanks"):
        m.text(name, f"{name}_cms.html", cms_page(reports[name], name), "script", cms_shapes, encoding="gbk")
    m.text("large", "large_cms.htm", cms_page(reports["large"], "large", "utf-8"), "script",
           [s for s in cms_shapes if s != "gbk"] + ["large"])
    mht_sources = (("sample", html["sample"], "utf-8", ["word_html"]),
                   ("county", html["county"], "gb2312", ["word_html", "gbk"]))
    for name, source, charset, shapes in mht_sources:
        path = FILES / f"{name}_{charset}.mht"
        derive.mht(source.read_text(encoding="utf-8"), path, charset)
        m.add(path, name, "script", ["mht", "quoted_printable", "merged_headers", *shapes])
    path = FILES / "blanks_cms_gbk.mht"
    derive.mht(cms_page(reports["blanks"], "blanks"), path, "gbk")
    m.add(path, "blanks", "script", ["mht", "quoted_printable", "cms_html", "gbk", "split_spans"])

    # --- hostile files
    for file, fmt in hostile.write_hostile(HOSTILE, docx["sample"]).items():
        m.entries.append(Entry(f"hostile/{file}", None, fmt, "script", [Path(file).stem], hostile=True))

    MANIFEST.write_text(json.dumps([asdict(e) for e in m.entries], ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    return m.entries


if __name__ == "__main__":
    entries = make_all()
    size = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"{len(entries)} documents, {size / 1e6:.2f} MB in {HERE}")
