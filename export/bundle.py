"""发布包: every file the website team needs, written into one folder in one step.

The PDF, the Word document, the web page (whole, and 仅正文 for a CMS editor), the tables as a
workbook, the 检查报告 (the findings at that moment) and SHA256SUMS.txt with the SHA-256 of each
file (`sha256sum -c SHA256SUMS.txt` checks them), optionally also as one .zip beside the folder.
Each file is written atomically by its writer from the registry (model/formats.py), so the bundle
holds what a single export would write; the checksums are written last, so a folder whose
SHA256SUMS.txt is missing was not finished. The same report gives the same bytes in every file,
the .zip included, so the checksums of a re-made bundle repeat.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from export.check_report import render_check_report
from export.fixed_zip import fixed_zip
from export.writing import write_output
from model.atomicfile import write_atomic
from model.drawn_text import clean_text
from model.findings import Finding
from model.formats import Purpose
from model.report import Report

if TYPE_CHECKING:
    from export.fonts import FontSet

CHECKSUMS = "SHA256SUMS.txt"
#: Characters Windows does not allow in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_MAX_BASE = 80
#: A fixed date for the .zip's members (the zip format's earliest), so that its bytes repeat.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

#: (step done, steps in all, what is being written) — for a progress bar.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BundlePart:
    """One file of the bundle: what it is (for progress and messages) and its name in the folder."""

    label: str
    file_name: str
    write: Callable[[Path], None]


@dataclass(frozen=True)
class Bundle:
    folder: Path
    files: tuple[Path, ...]  # in the order written, SHA256SUMS.txt last
    zip_path: Path | None


def base_name(report: Report) -> str:
    """The stem every file of the bundle shares: "枣庄市行政审批服务局2024年政府信息公开工作年度报告",
    safe as a file name on Windows (no \\ / : * ? " < > |, no leading or trailing dot or space)."""
    agency = clean_text(report.meta.agency).replace("\n", " ").strip()
    stem = f"{agency}{report.meta.year}年政府信息公开工作年度报告"
    stem = _UNSAFE.sub("_", stem).strip(" .")
    return stem[-_MAX_BASE:] if len(stem) > _MAX_BASE else stem


def bundle_parts(report: Report, findings: Sequence[Finding], *, charts: bool = False,
                 fonts: FontSet | None = None) -> list[BundlePart]:
    """The files of the bundle with the functions that write them (writers loaded from the registry)."""
    base = base_name(report)

    def with_writer(purpose: Purpose) -> Callable[[Path], None]:
        return lambda path: write_output(purpose, report, path, fonts=fonts, charts=charts)

    return [
        BundlePart("PDF", f"{base}.pdf", with_writer(Purpose.WRITE_PDF)),
        BundlePart("Word 文档", f"{base}.docx", with_writer(Purpose.WRITE_DOCX)),
        BundlePart("网页", f"{base}.html", with_writer(Purpose.WRITE_HTML)),
        BundlePart("网页（仅正文）", f"{base}（仅正文）.html", with_writer(Purpose.WRITE_HTML_BODY)),
        BundlePart("Excel 统计表", f"{base}统计表.xlsx", with_writer(Purpose.WRITE_XLSX)),
        BundlePart("检查报告", f"{base}检查报告.html",
                   lambda path: write_atomic(path, render_check_report(report, findings))),
    ]


def bundle_paths(report: Report, folder: Path, *, make_zip: bool = False) -> list[Path]:
    """Every path `write_bundle` writes, for the overwrite check before anything is written."""
    paths = [folder / part.file_name for part in bundle_parts(report, ())] + [folder / CHECKSUMS]
    return paths + ([zip_path_for(folder)] if make_zip else [])


def zip_path_for(folder: Path) -> Path:
    return folder.with_name(folder.name + ".zip")


def write_bundle(report: Report, folder: Path, findings: Sequence[Finding], *, charts: bool = False,
                 fonts: FontSet | None = None, make_zip: bool = False, progress: Progress | None = None) -> Bundle:
    """Write the bundle into `folder` (created when missing), then SHA256SUMS.txt, then the .zip."""
    parts = bundle_parts(report, findings, charts=charts, fonts=fonts)
    steps = len(parts) + 1 + int(make_zip)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for step, part in enumerate(parts):
        if progress is not None:
            progress(step, steps, part.label)
        path = folder / part.file_name
        part.write(path)
        written.append(path)
    if progress is not None:
        progress(len(parts), steps, "校验值")
    sums = folder / CHECKSUMS
    write_atomic(sums, checksums_text(written).encode("utf-8"))
    written.append(sums)
    zip_path = None
    if make_zip:
        if progress is not None:
            progress(len(parts) + 1, steps, "压缩包")
        zip_path = zip_path_for(folder)
        write_atomic(zip_path, zip_bytes(folder.name, written))
    if progress is not None:
        progress(steps, steps, "完成")
    return Bundle(folder, tuple(written), zip_path)


def checksums_text(paths: Sequence[Path]) -> str:
    """One line per file, "<sha256>  <name>", as sha256sum writes and checks it."""
    lines = []
    for path in paths:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.name}\n")
    return "".join(lines)


def zip_bytes(folder_name: str, paths: Sequence[Path]) -> bytes:
    """The files in one folder of a .zip, in the given order, with fixed dates (the same bytes each time).
    Names are stored in UTF-8 (the zip flag for it is set), which Windows 10 and later, WPS and 7-Zip read."""
    return fixed_zip(((f"{folder_name}/{path.name}", path.read_bytes()) for path in paths), _ZIP_DATE,
                     external_attr=0o644 << 16)
