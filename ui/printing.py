"""文件 → 打印: the PDF the preview shows, on paper, through Qt's print dialog.

The dialog (on the UI thread) offers the printer, the page range and the number of copies; the
pages are then rendered from the PDF bytes by QtPdf and painted onto the printer on a worker
thread (QPainter may paint on a QPrinter outside the UI thread), so the window stays responsive
while a long report prints. The printer is set to the full page: the PDF already has the
margins of GB/T 9704, so nothing is added or scaled away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

#: Pages are rendered at most at this resolution (a page at 1,200 dpi would take 550 MB).
MAX_RENDER_DPI = 300

Progress = Callable[[int, int, str], None]


class PrintError(Exception):
    """One Chinese sentence saying why nothing (or not everything) was printed."""


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName("政府信息公开工作年度报告")
    return printer


def page_range(printer: QPrinter, page_count: int) -> range:
    """The 0-based pages the dialog asked for (fromPage/toPage are 1-based, 0 for all)."""
    first = printer.fromPage() or 1
    last = printer.toPage() or page_count
    return range(max(first, 1) - 1, min(last, page_count))


def _fitted(viewport: QRectF, width_pt: float, height_pt: float, resolution: int) -> QRectF:
    """The page at its true size on the paper (A4 on A4), shrunk to fit and centred on a smaller paper."""
    width, height = width_pt * resolution / 72, height_pt * resolution / 72
    scale = min(1.0, viewport.width() / width, viewport.height() / height)
    width, height = width * scale, height * scale
    return QRectF(viewport.x() + (viewport.width() - width) / 2, viewport.y() + (viewport.height() - height) / 2,
                  width, height)


def print_pdf(data: bytes, printer: QPrinter, progress: Progress | None = None) -> int:
    """Paint the pages of the PDF `data` in the printer's page range, as many copies as asked (when the
    printer does not make the copies itself), onto `printer`. The number of pages painted."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrintError("无法读取要打印的 PDF，请刷新预览后重试。")
    pages = page_range(printer, document.pageCount())
    if not pages:
        raise PrintError(f"所选页码范围内没有页面（报告共 {document.pageCount()} 页）。")
    # A printer that makes copies itself gets one; otherwise every copy is painted, collated.
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("无法开始打印：打印机不可用或已取消。")
    painted = 0
    total = copies * len(pages)
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        viewport = QRectF(painter.viewport())
        for _copy in range(copies):
            for page in pages:
                if painted:
                    printer.newPage()
                points = document.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = document.render(page, size)
                painter.drawImage(_fitted(viewport, points.width(), points.height(), printer.resolution()), image)
                painted += 1
                if progress is not None:
                    progress(painted, total, f"第 {page + 1} 页")
    finally:
        painter.end()
        document.close()
        buffer.close()
    return painted
