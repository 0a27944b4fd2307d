"""Benchmarks of the exports: PDF (fonts, line breaking, layout) and Excel, in-process and whole.

The line-breaking and font-vetting timings were assertions of unit tests until issue 13
(tests/test_line_breaking_speed.py, tests/test_cjk_lines.py, tests/test_font_vetting.py): the tests
now count the work (measurements) and the clock is here, with their bounds as budgets.
"""

from __future__ import annotations

import gc
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Row, main_py, median_seconds, process_seconds
from model import projectfile
from model.report import Report
from model.resources import sample_path


def pdf_rows(report: Report) -> list[Row]:
    from export import font_files
    from export.fonts import resolve_fonts
    from export.pdf import render_pdf

    started = time.perf_counter()
    fonts = resolve_fonts()
    render_pdf(report, fonts)
    rows = [Row("PDF 导出（进程内，首次）in-process cold", (time.perf_counter() - started) * 1000, "ms"),
            Row("字体注册 font registration (in the first export)",
                sum(font_files.registration_seconds.values()) * 1000, "ms")]
    rows.append(Row("PDF 导出（进程内，预热）in-process warm",
                    median_seconds(lambda: render_pdf(report, fonts), 10) * 1000, "ms", 500))
    with tempfile.TemporaryDirectory() as scratch:
        pdf = str(Path(scratch) / "s.pdf")
        export = main_py("export", str(sample_path()), "--pdf", pdf, "--overwrite")  # the runs reuse one file
        rows.append(Row("PDF 导出 整个进程 whole process", process_seconds(export, 3) * 1000, "ms"))
    return rows


#: Issue 18's target: the PDF export as a whole process against LibreOffice turning the same report's
#: .docx into a PDF.
LIBREOFFICE_TARGET = 0.3


def libreoffice_rows(report: Report, runs: int = 5) -> list[Row]:
    """`main.py export --pdf` and `soffice --headless --convert-to pdf` of the report's .docx (our own
    Word export: what an agency would otherwise print from), each a whole process, interleaved so that
    the machine's load hits both alike, LibreOffice with a profile warmed by one untimed conversion;
    medians of `runs`. Skipped, with the reason, when LibreOffice is not installed."""
    import shutil
    import statistics
    import subprocess

    from export.docx_export import export_docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("PDF ÷ LibreOffice: skipped, soffice is not installed (Debian: apt install libreoffice-writer)",
              file=sys.stderr)
        return []
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as scratch:
        folder = Path(scratch)
        docx, project = folder / "report.docx", folder / "report.nianbao.json"
        export_docx(report, docx)
        projectfile.save(report, project)
        profile = (folder / "profile").as_uri()
        convert = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(folder / "lo"), str(docx)]
        ours = main_py("export", str(project), "--pdf", str(folder / "ours.pdf"), "--overwrite")
        subprocess.run(convert, check=True, capture_output=True, timeout=300)  # the profile is made
        subprocess.run(ours, check=True, capture_output=True)
        ours_seconds, office_seconds = [], []
        for _ in range(runs):
            ours_seconds.append(process_seconds(ours, 1))
            office_seconds.append(process_seconds(convert, 1))
        if not (folder / "lo" / "report.pdf").exists():
            raise RuntimeError("LibreOffice wrote no PDF")
    mine, office = statistics.median(ours_seconds), statistics.median(office_seconds)
    return [Row("PDF 导出 整个进程 ÷ LibreOffice whole process, ratio", mine / office, "×", LIBREOFFICE_TARGET,
                f"nianbao {mine * 1000:.0f} ms, LibreOffice {office * 1000:.0f} ms")]


def excel_rows(report: Report) -> list[Row]:
    try:
        from export.xlsx_export import workbook_bytes
        from importing.xlsx import import_xlsx
    except ImportError:
        return []
    rows = [Row("Excel 导出（进程内）export in-process", median_seconds(lambda: workbook_bytes(report), 10) * 1000,
                "ms")]
    with tempfile.TemporaryDirectory() as scratch:
        book = Path(scratch) / "s.xlsx"
        book.write_bytes(workbook_bytes(report))
        rows.append(Row("Excel 导入（进程内）import in-process", median_seconds(lambda: import_xlsx(book), 10) * 1000,
                        "ms", 1000))  # an assertion of tests/test_xlsx_import.py until issue 13
    return rows


def _best_seconds(action: Callable[[], object], repeat: int) -> float:
    """The best of `repeat` timings. The objects of the process are frozen first: else the garbage
    collector, which goes through all of them from time to time, makes the time depend on what
    was loaded before."""
    best = math.inf
    gc.collect()
    gc.freeze()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            action()
            best = min(best, time.perf_counter() - started)
    finally:
        gc.unfreeze()
    return best


def line_breaking_rows(report: Report) -> list[Row]:
    """Breaking one paragraph of 20,000 characters (< 2 s; a run took 7 s when splitting was
    quadratic), and the ratio of 200,000 to 20,000 characters measured in the same run (< 20: linear
    with room for the machine), per kind of text; then a whole export with such a paragraph; then the
    sample's narrative with a cached measure (< 50 ms)."""
    from export.cjk_lines import break_spans
    from export.fonts import bundled_fonts
    from export.pdf import BODY, TYPE_WIDTH, render_pdf
    from export.pdf_text import Typesetter
    from tests.test_cjk_lines import INDENT, MEASURE, mono, sample_narrative
    from tests.test_line_breaking_speed import SHAPES, shaped

    fonts = bundled_fonts()

    def breaking(text: str) -> Callable[[], object]:
        return lambda: Typesetter(fonts).lines([(text, BODY)], TYPE_WIDTH, 2 * BODY.size)  # fresh caches

    rows = []
    for shape in sorted(SHAPES):
        short = _best_seconds(breaking(shaped(shape, 20_000)), 3)
        long = _best_seconds(breaking(shaped(shape, 200_000)), 2)
        rows.append(Row(f"断行 20,000 字（{shape}）line breaking", short * 1000, "ms", 2000))
        rows.append(Row(f"断行 200,000 ÷ 20,000 字（{shape}）ratio", long / short, "×", 20))

    paragraphs = sample_narrative()
    widths: dict[tuple[str, str], float] = {}

    def cached(text: str, style: str) -> float:
        width = widths.get((text, style))
        if width is None:
            width = widths[(text, style)] = mono(text)
        return width

    def narrative() -> None:
        for paragraph in paragraphs:
            break_spans([(paragraph, "body")], cached, MEASURE, INDENT)

    rows.append(Row("断行 样例叙述两遍 sample narrative ×2", _best_seconds(narrative, 5) * 1000, "ms", 50))

    long_report = projectfile.loads(projectfile.dumps(report))
    render_pdf(long_report, fonts)  # the fonts loaded, as in any export after the first
    paragraphs = long_report.sections[0].paragraphs  # 一、总体情况
    paragraphs.append("")
    for length, budget in ((20_000, 3000), (200_000, 10_000)):  # 9 s and never before issue 12
        paragraphs[-1] = "1" * length
        started = time.perf_counter()
        render_pdf(long_report, fonts)
        rows.append(Row(f"PDF 导出 含 {length:,} 位数字的段落 export", (time.perf_counter() - started) * 1000, "ms",
                        budget))
    return rows


def font_vetting_rows() -> list[Row]:
    """The slowest of the real fonts (bundled, reportlab's) through the checks that every font the
    user has passes before reportlab reads it (< 1 s each)."""
    from reportlab import __file__ as reportlab_init

    from export.font_files import bundled_fonts_dir
    from export.font_vetting import check_sfnt

    fonts = sorted({*bundled_fonts_dir().glob("*.ttf"), *(Path(reportlab_init).parent / "fonts").glob("*.ttf")})
    seconds: dict[str, float] = {}
    for path in fonts:
        data = path.read_bytes()

        def vet(data: bytes = data) -> None:
            check_sfnt(data)

        seconds[path.name] = _best_seconds(vet, 3)
    slowest = max(seconds, key=seconds.__getitem__)
    return [Row(f"字体检查 最慢 font vetting, slowest ({slowest})", seconds[slowest] * 1000, "ms", 1000)]


def rows(full: bool = False) -> list[Row]:
    report = projectfile.load(sample_path())
    paired = libreoffice_rows(report) if full else []
    return [*pdf_rows(report), *paired, *excel_rows(report), *line_breaking_rows(report), *font_vetting_rows()]
