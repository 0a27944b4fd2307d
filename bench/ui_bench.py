"""Benchmarks of the window: edit-to-repaint, preview refresh, cold start, memory, the built folder.

GUI figures run offscreen; the start-up runs a fresh Python process each time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import MB, ROOT, Row, main_py, run_sampled

if TYPE_CHECKING:  # Qt loads in the measured process only
    from PySide6.QtCore import QCoreApplication

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

    for folder in ("model", "ui", "export", "importing"):
        if (ROOT / folder).is_dir():
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


def peak_memory_mb(cache: Path) -> float:
    """Peak resident memory of the app's whole process tree (it and any child it starts) with the sample
    open and its preview rendered (the window quits 4 s after its first frame, the preview long done);
    `cache` is the font cache folder (export/font_store.py) the run starts with."""
    peaks, status, error = run_sampled(main_py("--sample"), {"NIANBAO_QUIT_AFTER_MS": "4000",
                                                            "NIANBAO_CACHE_DIR": str(cache)})
    if status != 0 or peaks.tree_mb is None:
        raise RuntimeError(f"the app did not run: {error.decode('utf-8', 'replace')[-400:]}")
    return peaks.tree_mb


def wait_for(condition: Callable[[], bool], app: QCoreApplication, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError
        app.processEvents()
        time.sleep(0.002)


def gui_figures() -> tuple[float, float]:
    """(edit-to-repaint, preview refresh after the last keystroke), in seconds."""
    from PySide6.QtWidgets import QApplication

    from ui.app import Session, create_application
    from ui.preview import PreviewPane
    from ui.table_editor import TableSectionEditor

    app = create_application()
    session = Session(None, sample=True, offer=lambda _window, _copies: None)
    session.window.resize(1400, 900)
    session.show()
    session.window.show_tab("s3")
    preview = session.preview
    assert preview is not None
    wait_for(lambda: preview.last_ready_at > 0, app)  # the first render (fonts loaded)
    editor = session.window.editor("s3")
    assert isinstance(editor, TableSectionEditor)
    view = editor.view_for("t3")
    assert view is not None
    index = view.table_model.index_of("1", "natural")
    repaint = []
    for i in range(60):  # even: the last edit restores 9
        start = time.perf_counter()
        view.table_model.setData(index, str(10 - i % 2))  # alternately unbalanced and balanced
        session.window.repaint()
        repaint.append(time.perf_counter() - start)
    assert session.window.status_findings.text() == "检查通过：各表勾稽关系平衡，未发现问题"
    refresh = []
    dock = session.window.preview_dock
    pane = dock.widget() if dock is not None else None
    assert isinstance(pane, PreviewPane)
    for i in range(5):
        before = preview.last_ready_at
        view.table_model.setData(index, str(10 - i % 2))  # the "keystroke"
        typed = time.perf_counter()

        def refreshed(before: float = before) -> bool:
            return preview.last_ready_at > before

        wait_for(refreshed, app)
        app.processEvents()
        pane.view.repaint()  # the refreshed page is on screen
        refresh.append(time.perf_counter() - typed)
    session.document.undo_stack.setClean()
    session.window.close()
    QApplication.processEvents()
    return statistics.median(repaint), statistics.median(refresh)


def folder_size_mb(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / MB


#: Issue 18's targets.
COLD_START_TARGET = 1.5
MEMORY_TARGET_MB = 150
BUILD_TARGET_MB = 110


def rows(full: bool = False) -> list[Row]:
    repaint, refresh = gui_figures()
    rows = [Row("表格编辑到重绘 edit-to-repaint", repaint * 1000, "ms", 30),
            Row("预览刷新（含 300 ms 停顿）preview after last keystroke", refresh * 1000, "ms", 600)]
    app_start, bare_start = cold_start_ratio(21 if full else 7)
    rows.append(Row("冷启动 ÷ 空窗口 cold start, ratio to a bare QMainWindow", app_start / bare_start, "×",
                    COLD_START_TARGET, f"app {app_start * 1000:.0f} ms, bare {bare_start * 1000:.0f} ms"))
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-cache-") as cache:
        first = peak_memory_mb(Path(cache))  # unpacks nothing from source, but parses and caches the fonts
        again = statistics.median(peak_memory_mb(Path(cache)) for _ in range(3 if full else 1))
    rows.append(Row("内存峰值 进程树 peak memory, process tree (sample, preview rendered)", again, "MB",
                    MEMORY_TARGET_MB, "font cache filled"))
    rows.append(Row("  首次启动（字体缓存为空）first start, empty font cache", first, "MB", MEMORY_TARGET_MB))
    dist = ROOT / "dist" / "nianbao"
    if dist.is_dir():
        rows.append(Row("构建目录大小 built folder size", folder_size_mb(dist), "MB", BUILD_TARGET_MB,
                        "MiB, as the build's smoke test counts"))
    return rows
