#!/usr/bin/env python3
"""Benchmarks with budgets: .venv/bin/python bench/bench.py (from the repository root).

Prints one row per figure: the measurement, its budget (if it has one) and whether
it is met. Timings are medians over several runs, so that one slow run on a busy
machine does not decide a row. GUI figures run offscreen. Exit status 1 if a
budget is missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["NIANBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="nianbao-bench-")

from model import projectfile  # noqa: E402
from model.checks import check_report  # noqa: E402
from model.resources import sample_path  # noqa: E402

MB = 1024 * 1024


@dataclass
class Row:
    name: str
    value: float
    unit: str  # "ms", "MB", "×"
    budget: float | None = None

    @property
    def ok(self) -> bool:
        return self.budget is None or self.value <= self.budget


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm caches (cached template properties, compiled regexes, registered fonts)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def process_seconds(command: list[str], runs: int = 5, env: dict[str, str] | None = None) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, env={**os.environ, **(env or {})})
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main_py(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:  # the frame is complete once the event loop has control again
            self.painted = True
            QTimer.singleShot(0, lambda: print("shown", flush=True))
app = QApplication([])
window = Window()
window.resize(1280, 820)
window.show()
app.exec()
"""


def seconds_until_shown(command: list[str]) -> float:
    """From process start until the child prints "shown" (its first frame is painted)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, "NIANBAO_REPORT_SHOWN": "1", "NIANBAO_QUIT_AFTER_MS": "3000"})
    line = child.stdout.readline() if child.stdout else ""
    elapsed = time.perf_counter() - start
    child.kill()
    child.wait()
    if line.strip() != "shown":
        raise RuntimeError(f"{command} did not report its window")
    return elapsed


def compile_bytecode() -> None:
    """Compile the app's modules first, as an installed app has them: otherwise every run
    where bytecode cannot be cached (PYTHONDONTWRITEBYTECODE, read-only checkout) measures
    the compiler, not the start-up."""
    import compileall

    for folder in ("model", "ui", "export"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    compileall.compile_file(ROOT / "cli.py", quiet=1)


def cold_start_ratio(runs: int = 21) -> tuple[float, float]:
    """Start to main window shown with the sample loaded, against a bare PySide6 QMainWindow
    started the same way: a fresh Python process each time, the first complete frame as the
    finish line, app and bare runs interleaved so that a change in the machine's load hits
    both alike; medians of `runs`."""
    compile_bytecode()
    app, bare = [], []
    for _ in range(runs):
        app.append(seconds_until_shown(main_py("--sample")))
        bare.append(seconds_until_shown([sys.executable, "-c", BARE_WINDOW]))
    return statistics.median(app), statistics.median(bare)


def peak_memory_mb() -> float:
    """Peak resident memory of the app with the sample open and its preview rendered."""
    process = subprocess.Popen(main_py("--sample"), env={**os.environ, "NIANBAO_QUIT_AFTER_MS": "4000"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def gui_figures() -> tuple[float, float]:
    """(edit-to-repaint, preview refresh after the last keystroke), in seconds."""
    from PySide6.QtWidgets import QApplication

    from ui.app import Session, create_application

    app = create_application()
    session = Session(None, sample=True, offer=lambda _window, _copies: None)
    session.window.resize(1400, 900)
    session.show()
    session.window.show_tab("s3")
    wait_for(lambda: session.preview.last_ready_at > 0, app)  # the first render (fonts loaded)
    view = session.window.editor("s3").view_for("t3")
    index = view.table_model.index_of("1", "natural")
    repaint = []
    for i in range(60):  # even: the last edit restores 9
        start = time.perf_counter()
        view.table_model.setData(index, str(10 - i % 2))  # alternately unbalanced and balanced
        session.window.repaint()
        repaint.append(time.perf_counter() - start)
    assert session.window.status_findings.text() == "检查通过：各表勾稽关系平衡，未发现问题"
    refresh = []
    pane = session.window.preview_dock.widget()
    for i in range(5):
        before = session.preview.last_ready_at
        view.table_model.setData(index, str(10 - i % 2))  # the "keystroke"
        typed = time.perf_counter()
        wait_for(lambda before=before: session.preview.last_ready_at > before, app)
        app.processEvents()
        pane.view.repaint()  # the refreshed page is on screen
        refresh.append(time.perf_counter() - typed)
    session.document.undo_stack.setClean()
    session.window.close()
    QApplication.processEvents()
    return statistics.median(repaint), statistics.median(refresh)


def wait_for(condition: Callable[[], bool], app: object, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)


def folder_size_mb(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / MB


def main() -> int:
    report = projectfile.load(sample_path())
    text = projectfile.dumps(report)
    rows = [
        Row("一次完整检查 full check (sample)", median_seconds(lambda: check_report(report), 2000) * 1000, "ms", 1),
        Row("解析项目文件 loads", median_seconds(lambda: projectfile.loads(text), 500) * 1000, "ms"),
        Row("序列化项目文件 dumps", median_seconds(lambda: projectfile.dumps(report), 500) * 1000, "ms"),
        Row("check 整个进程 whole process", process_seconds(main_py("check", str(sample_path()))) * 1000, "ms"),
    ]

    from export.fonts import resolve_fonts
    from export.pdf import render_pdf

    started = time.perf_counter()
    fonts = resolve_fonts()
    render_pdf(report, fonts)
    rows.append(Row("PDF 导出（进程内，首次）in-process cold", (time.perf_counter() - started) * 1000, "ms"))
    rows.append(Row("PDF 导出（进程内，预热）in-process warm",
                    median_seconds(lambda: render_pdf(report, fonts), 10) * 1000, "ms", 500))
    with tempfile.TemporaryDirectory() as scratch:
        pdf = str(Path(scratch) / "s.pdf")
        export = main_py("export", str(sample_path()), "--pdf", pdf, "--overwrite")  # the runs reuse one file
        rows.append(Row("PDF 导出 整个进程 whole process", process_seconds(export, 3) * 1000, "ms"))
    try:
        from export.xlsx_export import workbook_bytes
        from export.xlsx_import import import_xlsx
    except ImportError:
        pass
    else:
        rows.append(Row("Excel 导出（进程内）export in-process",
                        median_seconds(lambda: workbook_bytes(report), 10) * 1000, "ms"))
        with tempfile.TemporaryDirectory() as scratch:
            book = Path(scratch) / "s.xlsx"
            book.write_bytes(workbook_bytes(report))
            rows.append(Row("Excel 导入（进程内）import in-process",
                            median_seconds(lambda: import_xlsx(book), 10) * 1000, "ms"))

    repaint, refresh = gui_figures()
    rows.append(Row("表格编辑到重绘 edit-to-repaint", repaint * 1000, "ms", 30))
    rows.append(Row("预览刷新（含 300 ms 停顿）preview after last keystroke", refresh * 1000, "ms", 600))
    app_start, bare_start = cold_start_ratio()
    rows.append(Row(f"冷启动 cold start ({app_start * 1000:.0f} ms vs bare {bare_start * 1000:.0f} ms)",
                    app_start / bare_start, "×", 2.0))
    rows.append(Row("内存峰值 peak memory (sample open, preview rendered)", peak_memory_mb(), "MB", 250))
    dist = ROOT / "dist" / "nianbao"
    if dist.is_dir():
        rows.append(Row("构建目录大小 built folder size", folder_size_mb(dist), "MB", 150))

    print(f"{'figure':<58}{'measured':>12}{'budget':>10}  ok")
    for row in rows:
        budget = f"{row.budget:g} {row.unit}" if row.budget is not None else "—"
        print(f"{row.name:<52}{row.value:>12.2f} {row.unit:<2}{budget:>10}  {'yes' if row.ok else 'NO'}")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
