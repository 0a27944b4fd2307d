"""The preview pane: the very PDF the export would write, regenerated in the
background after typing pauses, keeping the page and zoom the user was on.

The pane never shows another report than the one being edited: when the report
is replaced (新建, 打开, 从上年报告新建) or a render fails, the old pages are
cleared at once and the pane says, in Chinese, why there is nothing to see."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedLayout, QToolButton, QVBoxLayout, QWidget

from model.report import Report
from ui.document import ReportDocument
from ui.preview_timing import PAUSE_MS
from ui.tasks import TaskQueue

Renderer = Callable[[Report], bytes]


def failure_text(error: BaseException) -> str:
    """Why the preview could not be made, for the pane: our own errors already speak Chinese
    (a font file that cannot be read, a full disk); anything else is named as an internal error."""
    message = str(error)
    if any("\u4e00" <= char <= "\u9fff" for char in message):
        return message
    if isinstance(error, MemoryError):
        return "内存不足"
    return f"程序内部错误（{type(error).__name__}{'：' + message[:80] if message else ''}）"


class PreviewController(QObject):
    """Debounces changes, renders one PDF at a time off the UI thread, drops stale results."""

    #: The PDF bytes of the current report, newest state (stale and other reports' renders are dropped).
    ready = Signal(object)
    failed = Signal(str)
    #: What is shown is no longer this report (it was replaced): clear it; the text says why.
    cleared = Signal(str)
    #: Rendering started (True) or settled (False): for a busy indicator.
    busy = Signal(bool)

    def __init__(self, document: ReportDocument, renderer: Renderer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.renderer = renderer
        self.last_render_seconds = 0.0
        #: perf_counter() of the last change, to measure keystroke-to-preview delay.
        self.last_change_at = 0.0
        self.last_ready_at = 0.0
        self._serial = 0
        #: The serial of the first render of the current report: older results are another report's.
        self._report_serial = 1
        self._running = False
        self._pending = False
        self._closed = False
        #: One render at a time: a change during a render waits for it (`_pending`), then renders the newest.
        self._tasks = TaskQueue(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.render_now)
        document.cellsChanged.connect(self._changed)
        document.textChanged.connect(self._changed)
        document.reportReplaced.connect(self._replaced)

    def _replaced(self) -> None:
        if self._closed:
            return
        # The next render is the first of the new report; whatever runs now belongs to the old one.
        self._report_serial = self._serial + 1
        self.cleared.emit("正在生成本报告的预览…")
        self.last_change_at = time.perf_counter()
        if self._running:
            self._pending = True
        else:
            self._timer.stop()
            self.render_now()  # no typing pause to wait for: show the new report as soon as possible

    def _changed(self, *_args: object) -> None:
        if self._closed:
            return
        self.last_change_at = time.perf_counter()
        self._timer.start()  # restarts: the preview waits for a pause in typing

    def render_now(self) -> None:
        if self._closed:
            return  # the window is gone: a late timer must not start a render into deleted objects
        if self._running:
            self._pending = True  # one more render once the current one is done
            return
        self._running = True
        self._serial += 1
        self.busy.emit(True)
        # A snapshot, so the worker never reads a report the UI thread is changing.
        snapshot = copy.deepcopy(self.document.report)
        serial, renderer = self._serial, self.renderer

        def render() -> tuple[bytes, float]:
            started = time.perf_counter()
            return renderer(snapshot), time.perf_counter() - started

        self._tasks.run(render, lambda rendered: self._on_rendered(serial, *rendered),
                        lambda error: self._on_failed(serial, failure_text(error)))

    def _on_rendered(self, serial: int, data: bytes, seconds: float) -> None:
        self._finish()
        self.last_render_seconds = seconds
        if serial == self._serial and serial >= self._report_serial and not self._pending:
            self.last_ready_at = time.perf_counter()
            self.ready.emit(data)
        self._run_pending()

    def _on_failed(self, serial: int, message: str) -> None:
        self._finish()
        if serial >= self._report_serial:
            self.failed.emit(message)
        self._run_pending()

    def _finish(self) -> None:
        self._running = False
        self.busy.emit(False)

    def _run_pending(self) -> None:
        if self._pending:
            self._pending = False
            self.render_now()

    def close(self) -> None:
        self._closed = True
        self._timer.stop()
        self._tasks.wait()


class PreviewPane(QWidget):
    """QPdfView with page navigation and zoom (fit width, fit page, percentages)."""

    ZOOMS = (("适合宽度", None, QPdfView.ZoomMode.FitToWidth), ("适合页面", None, QPdfView.ZoomMode.FitInView),
             ("50%", 0.5, QPdfView.ZoomMode.Custom), ("75%", 0.75, QPdfView.ZoomMode.Custom),
             ("100%", 1.0, QPdfView.ZoomMode.Custom), ("125%", 1.25, QPdfView.ZoomMode.Custom),
             ("150%", 1.5, QPdfView.ZoomMode.Custom))

    def __init__(self, controller: PreviewController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.pdf = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.previous_button = self._button("◀", "上一页", self.previous_page)
        self.next_button = self._button("▶", "下一页", self.next_page)
        self.page_label = QLabel("—", self)
        self.page_label.setMinimumWidth(70)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom = QComboBox(self)
        for text, _factor, _mode in self.ZOOMS:
            self.zoom.addItem(text)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.state = QLabel("", self)
        self.state.setStyleSheet("color: #666;")
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addSpacing(8)
        bar.addWidget(self.zoom)
        bar.addStretch(1)
        bar.addWidget(self.state)
        #: Shown instead of the pages when there are none of this report to show, saying why.
        self.notice = QLabel("正在生成预览…", self)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setMargin(24)
        self.notice.setStyleSheet("color: #555; background: #f3f3f3; font-size: 11pt;")
        self.pages = QStackedLayout()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.notice)
        self.pages.setCurrentWidget(self.notice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addLayout(self.pages, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        controller.ready.connect(self.show_pdf)
        controller.failed.connect(self.show_failure)
        controller.cleared.connect(self.clear)
        controller.busy.connect(self._busy)
        self._update_page_label()

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def show_pdf(self, data: bytes) -> None:
        """Load new PDF bytes, staying on the page (and place on it) the user was reading."""
        navigator = self.view.pageNavigator()
        page = navigator.currentPage()
        location = navigator.currentLocation()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.pdf.pageCount():
            navigator.jump(min(page, self.pdf.pageCount() - 1), location if page < self.pdf.pageCount()
                           else QPointF())
        self.pages.setCurrentWidget(self.view)
        self._update_page_label()
        # The clerk needs to know the pages are this report as it stands; how long they took is for
        # the tooltip (and bench/bench.py), not the pane.
        self.state.setText("已是最新")
        self.state.setToolTip(f"预览与当前内容一致（生成用时 {self.controller.last_render_seconds:.1f} 秒）")

    def clear(self, reason: str) -> None:
        """Drop the pages shown (they are not this report's) and say why in their place."""
        self.pdf.close()
        if self._buffer is not None:
            self._buffer.deleteLater()
            self._buffer = None
        self.notice.setText(reason)
        self.pages.setCurrentWidget(self.notice)
        self._update_page_label()

    def show_failure(self, message: str) -> None:
        """A render failed: the old pages are not this report as it stands, so they go too."""
        self.clear(f"预览未更新：无法生成 PDF。\n\n原因：{message}\n\n修改报告后将自动重试；"
                   "导出 PDF 时会给出同样的原因。")
        self.state.setText("预览未更新")
        self.state.setToolTip(message)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.state.setText("正在生成预览…")

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.pdf.pageCount():
            self.view.pageNavigator().jump(page, QPointF())

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def _zoom_changed(self, index: int) -> None:
        _text, factor, mode = self.ZOOMS[index]
        self.view.setZoomMode(mode)
        if factor is not None:
            self.view.setZoomFactor(factor)

    def _update_page_label(self, *_args: object) -> None:
        count = self.pdf.pageCount()
        self.page_label.setText(f"{self.current_page() + 1} / {count}" if count else "—")
        self.previous_button.setEnabled(count > 0 and self.current_page() > 0)
        self.next_button.setEnabled(count > 0 and self.current_page() < count - 1)
