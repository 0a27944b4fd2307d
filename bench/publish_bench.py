"""Benchmarks of the publishing outputs (issue 15), in-process: each export of the sample and of a
stress report with every cell non-zero and long paragraphs, and the whole bundle. The PDF row is
the reference of the same run: the other exports are given as ratios to it as well."""

from __future__ import annotations

import copy
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench.common import Row, median_seconds
from model import projectfile
from model.checks import check_report
from model.report import Report
from model.resources import sample_path


def _stress(report: Report) -> Report:
    """Every cell 9,999,999 and each section with 20 paragraphs of 500 characters."""
    stress = copy.deepcopy(report)
    for table in stress.template.tables:
        for row in table.rows:
            for column in table.columns:
                stress.cells[(table.id, row.id, column.id)] = 9_999_999
    for section in stress.sections:
        section.paragraphs = [*section.paragraphs, *(("本机关坚持以公开为常态、不公开为例外，" * 25)[:500],) * 20]
    return stress


def rows() -> list[Row]:
    from export.docx_export import render_docx
    from export.fonts import resolve_fonts
    from export.html_export import render_html
    from export.pdf import render_pdf
    from export.xlsx_export import workbook_bytes

    fonts = resolve_fonts()
    sample = projectfile.load(sample_path())
    out: list[Row] = []
    for label, report in (("样例", sample), ("压力", _stress(sample))):
        renders: dict[str, Callable[[], bytes]] = {
            "PDF": partial(render_pdf, report, fonts),
            "Word": partial(render_docx, report),
            "网页": partial(render_html, report),
            "Excel": partial(workbook_bytes, report),
            "PDF+附图": partial(render_pdf, report, fonts, charts=True),
        }
        times = {name: median_seconds(render, 3) for name, render in renders.items()}
        for name, seconds in times.items():
            out.append(Row(f"{name} 导出（{label}，进程内）in-process", seconds * 1000, "ms"))
        for name in ("Word", "网页"):
            out.append(Row(f"{name} ÷ PDF（{label}）same run", times[name] / times["PDF"], "×", 1.0))
    from export.bundle import write_bundle

    findings = check_report(sample)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        write_bundle(sample, Path(scratch) / "包", findings, fonts=fonts, make_zip=True)
        out.append(Row("发布包（样例，含 .zip）bundle in-process", (time.perf_counter() - started) * 1000, "ms", 5000))
    return out
