"""The preview pane: regenerated after a typing pause, off the UI thread, keeping page and zoom."""

from __future__ import annotations

import io
import threading
import time

import pytest
from PySide6.QtPdfWidgets import QPdfView
from reportlab.pdfgen import canvas

from model.report import Report
from ui.app import create_application
from ui.document import ReportDocument
from ui.preview import PAUSE_MS, PreviewController, PreviewPane


class FakeRenderer:
    """A small real PDF, one page per narrative paragraph of section 一; records the calls."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls: list[int] = []
        self.threads: list[str] = []
        self.delay = delay

    def __call__(self, report: Report) -> bytes:
        self.threads.append(threading.current_thread().name)
        time.sleep(self.delay)
        pages = len(report.section("s1").paragraphs)
        self.calls.append(pages)
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, invariant=1)
        for page in range(pages):
            pdf.drawString(72, 720, f"page {page + 1}")
            pdf.showPage()
        pdf.save()
        return buffer.getvalue()


@pytest.fixture
def setup(qtbot, sample: Report):
    create_application()
    document = ReportDocument(sample)
    renderer = FakeRenderer()
    controller = PreviewController(document, renderer)
    pane = PreviewPane(controller)
    qtbot.addWidget(pane)
    pane.resize(500, 700)
    pane.show()
    yield document, renderer, controller, pane
    controller.close()


def edit(document: ReportDocument, paragraphs: int) -> None:
    document.set_paragraphs("s1", [f"第 {i} 段。" for i in range(paragraphs)])


def test_preview_waits_for_a_pause_then_renders_once_off_the_ui_thread(qtbot, setup) -> None:
    document, renderer, controller, pane = setup
    started = time.perf_counter()
    with qtbot.waitSignal(controller.ready, timeout=5000):
        for count in (3, 4, 5):  # three quick edits: one render, of the last state
            edit(document, count)
    assert time.perf_counter() - started >= PAUSE_MS / 1000 * 0.9
    assert renderer.calls == [5]
    assert renderer.threads[0] != threading.main_thread().name
    assert pane.pdf.pageCount() == 5 and pane.page_label.text() == "1 / 5"
    # What the clerk reads says the pages are current; the render time is only in the tooltip.
    assert pane.state.text() == "已是最新" and "毫秒" not in pane.state.text()
    assert "生成用时" in pane.state.toolTip()


def test_page_and_zoom_survive_a_refresh(qtbot, setup) -> None:
    document, _renderer, controller, pane = setup
    with qtbot.waitSignal(controller.ready, timeout=5000):
        edit(document, 6)
    pane.zoom.setCurrentIndex([text for text, _f, _m in PreviewPane.ZOOMS].index("150%"))
    pane.go_to_page(3)
    assert pane.current_page() == 3
    with qtbot.waitSignal(controller.ready, timeout=5000):
        edit(document, 7)
    assert pane.pdf.pageCount() == 7
    assert pane.current_page() == 3
    assert pane.view.zoomMode() == QPdfView.ZoomMode.Custom and pane.view.zoomFactor() == pytest.approx(1.5)
    assert pane.page_label.text() == "4 / 7"


def test_a_change_during_a_render_renders_again_with_the_newest_state(qtbot, sample: Report) -> None:
    create_application()
    document = ReportDocument(sample)
    # Longer than the typing pause: the pause that the second edit starts ends during the first render
    # (a shorter render raced it, and sometimes rendered a third time after the second).
    renderer = FakeRenderer(delay=2 * PAUSE_MS / 1000)
    controller = PreviewController(document, renderer)
    results: list[bytes] = []
    controller.ready.connect(results.append)
    edit(document, 2)
    controller.render_now()
    edit(document, 4)
    controller.render_now()  # arrives while the first render is running
    qtbot.waitUntil(lambda: len(renderer.calls) == 2 and len(results) == 1, timeout=5000)
    assert renderer.calls == [2, 4]
    assert len(results) == 1  # the stale first PDF is never shown
    controller.close()


def test_a_failing_render_is_reported_not_raised(qtbot, sample: Report) -> None:
    create_application()
    document = ReportDocument(sample)

    def broken(_report: Report) -> bytes:
        raise ValueError("字体缺失")

    controller = PreviewController(document, broken)
    with qtbot.waitSignal(controller.failed, timeout=5000) as blocker:
        controller.render_now()
    assert "字体缺失" in blocker.args[0]
    controller.close()


def test_a_closed_preview_starts_no_render(qtbot, sample: Report) -> None:
    """A timer that fires after the window closed must not render into deleted objects."""
    create_application()
    document = ReportDocument(sample)
    renderer = FakeRenderer()
    controller = PreviewController(document, renderer)
    controller.close()
    controller.render_now()
    edit(document, 3)
    qtbot.wait(PAUSE_MS + 100)
    assert renderer.calls == []


def test_a_failed_render_clears_the_old_pages_and_says_why_in_chinese(qtbot, setup) -> None:
    document, renderer, controller, pane = setup
    with qtbot.waitSignal(controller.ready, timeout=5000):
        edit(document, 3)
    assert pane.pdf.pageCount() == 3 and pane.pages.currentWidget() is pane.view

    def broken(_report: Report) -> bytes:
        raise AttributeError("'KeepTogether' object has no attribute 'canv'")

    controller.renderer = broken
    with qtbot.waitSignal(controller.failed, timeout=5000):
        edit(document, 4)
    assert pane.pdf.pageCount() == 0  # the pages of the report as it was are gone
    assert pane.pages.currentWidget() is pane.notice
    assert "预览未更新" in pane.notice.text() and "程序内部错误（AttributeError" in pane.notice.text()
    assert pane.page_label.text() == "—"
    controller.renderer = renderer
    with qtbot.waitSignal(controller.ready, timeout=5000):
        edit(document, 2)  # the next edit tries again
    assert pane.pdf.pageCount() == 2 and pane.pages.currentWidget() is pane.view


def test_a_replaced_report_never_shows_the_old_one(qtbot, sample: Report) -> None:
    """新建 while the sample renders: the sample's pages are cleared at once and its late result is
    dropped; the first pages shown afterwards are the new report's."""
    create_application()
    document = ReportDocument(sample)
    renderer = FakeRenderer(delay=0.4)
    controller = PreviewController(document, renderer)
    pane = PreviewPane(controller)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(controller.ready, timeout=5000):
        controller.render_now()
    assert pane.pdf.pageCount() == len(sample.section("s1").paragraphs)
    edit(document, 5)
    controller.render_now()  # a slow render of the old report is running…
    new = Report.blank(sample.meta)
    new.section("s1").paragraphs = ["新报告。"]
    document.replace(new, None, modified=True)  # …when the user makes a new report
    assert pane.pdf.pageCount() == 0 and pane.pages.currentWidget() is pane.notice
    qtbot.waitUntil(lambda: renderer.calls[-1:] == [1] and pane.pdf.pageCount() == 1, timeout=5000)
    assert renderer.calls[-2:] == [5, 1]  # the old render finished, and was never shown
    assert pane.pdf.pageCount() == 1
    controller.close()


def test_failure_text_speaks_chinese() -> None:
    from ui.preview import failure_text

    assert failure_text(OSError("无法读取字体文件“simfang.ttf”")) == "无法读取字体文件“simfang.ttf”"
    assert failure_text(MemoryError()) == "内存不足"
    assert failure_text(KeyError("x")) == "程序内部错误（KeyError：'x'）"
