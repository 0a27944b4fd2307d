"""Icons: the severity icons of the table editors and the findings panel, and the
toolbar's own line icons.

The toolbar draws its icons instead of taking the style's standard ones: they look
the same on Windows and Linux, stay sharp at 125–200 % display scaling, and the
first frame does not wait for PySide to build QStyle (~5 ms of start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6 import QtWidgets
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from model.findings import Severity

#: Pixel sizes drawn for each toolbar icon (16–24 px at 100 %, up to 48 px at 200 %; Qt
#: scales the next larger one down for sizes in between).
ICON_SIZES = (16, 24, 32, 48)
#: Ink of the line icons: dark slate, the blue of the app's level-2 headings for 保存.
INK = QColor("#37474f")
ACCENT = QColor("#1d4f91")
GRID = 24.0  # icons are drawn on a 24 × 24 grid and scaled


@cache
def severity_icon(severity: Severity) -> QIcon:
    """Errors and warnings are told apart by an icon, not by colour alone. Made on first
    use (it needs QStyle, which PySide is slow to build) and shared by every view."""
    style = QtWidgets.QApplication.style()
    pixmap = QtWidgets.QStyle.StandardPixmap
    return style.standardIcon(pixmap.SP_MessageBoxCritical if severity is Severity.ERROR
                              else pixmap.SP_MessageBoxWarning)


def _lines(painter: QPainter, points: tuple[tuple[float, float], ...], fill: str | None = None,
           closed: bool = False) -> None:
    """A polyline through `points` (on the 24 × 24 grid), closed and filled with `fill` if given."""
    path = QPainterPath(QPointF(*points[0]))
    for x, y in points[1:]:
        path.lineTo(x, y)
    if closed:
        path.closeSubpath()
    painter.setBrush(QColor(fill) if fill else Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def _new_document(painter: QPainter) -> None:
    _lines(painter, ((6, 3), (14, 3), (19, 8), (19, 21), (6, 21)), "#ffffff", closed=True)
    _lines(painter, ((14, 3), (14, 8), (19, 8)))  # the folded corner
    _lines(painter, ((9, 13), (16, 13)))
    _lines(painter, ((9, 17), (16, 17)))


def _open_folder(painter: QPainter) -> None:
    _lines(painter, ((3, 19), (3, 6), (9, 6), (11, 8), (19, 8), (19, 11)), "#e8edf2")
    _lines(painter, ((3, 19), (6.5, 11), (22, 11), (18.5, 19)), "#ffffff", closed=True)  # the open flap


def _save_disk(painter: QPainter) -> None:
    pen = painter.pen()
    pen.setColor(ACCENT)
    painter.setPen(pen)
    _lines(painter, ((4, 4), (16.5, 4), (20, 7.5), (20, 20), (4, 20)), "#e9f0f9", closed=True)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(QRectF(7.5, 13, 9, 7))  # the label
    painter.drawRect(QRectF(8, 4, 7, 4.5))  # the shutter


def _undo_arrow(painter: QPainter) -> None:
    path = QPainterPath(QPointF(5, 10))
    path.lineTo(14.5, 10)
    path.cubicTo(22, 10, 22, 20, 14.5, 20)
    path.lineTo(9, 20)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    _lines(painter, ((9, 5.5), (4.5, 10), (9, 14.5)))  # the arrowhead


def _redo_arrow(painter: QPainter) -> None:
    painter.translate(GRID, 0)
    painter.scale(-1, 1)
    _undo_arrow(painter)


def _printer(painter: QPainter) -> None:
    _lines(painter, ((7, 9), (7, 3), (17, 3), (17, 9)), "#ffffff")  # the paper going in
    painter.setBrush(QColor("#e8edf2"))
    painter.drawRoundedRect(QRectF(3, 9, 18, 8), 1.5, 1.5)  # the body
    _lines(painter, ((7, 14), (7, 21), (17, 21), (17, 14)), "#ffffff", closed=True)  # the printed page
    _lines(painter, ((9.5, 17.5), (14.5, 17.5)))


TOOLBAR_DRAWINGS: dict[str, Callable[[QPainter], None]] = {
    "print": _printer,
    "new": _new_document,
    "open": _open_folder,
    "save": _save_disk,
    "undo": _undo_arrow,
    "redo": _redo_arrow,
}


def toolbar_icon(name: str) -> QIcon:
    """The line icon `name` ("new", "open", "save", "undo", "redo") at every size in
    ICON_SIZES; Qt derives the greyed disabled look from it."""
    draw = TOOLBAR_DRAWINGS[name]
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / GRID, size / GRID)
        pen = QPen(INK, 1.6)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        draw(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
