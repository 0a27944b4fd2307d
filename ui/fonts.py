"""Fonts for the interface: the system's Chinese UI font if present, else the bundled Noto Sans SC."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from model.resources import resources_dir

BUNDLED_UI_FONT = "NotoSansSC-Regular.ttf"
#: Preferred interface fonts, in order; the first one installed wins for each character.
UI_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
               "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans SC")
UI_POINT_SIZE = 10


def register_bundled_fonts(fonts_dir: Path | None = None) -> list[str]:
    """Make the bundled interface font available to Qt; returns its family names. (The
    serif fonts in resources/fonts are for the PDF only: loading them would slow start-up.)
    The built app ships it gzip-packed (NAME.ttf.gz, see build.spec)."""
    path = (fonts_dir or resources_dir() / "fonts") / BUNDLED_UI_FONT
    packed = path.with_name(path.name + ".gz")
    if path.exists():
        font_id = QFontDatabase.addApplicationFont(str(path))
    elif packed.exists():
        import gzip  # only in the built app, and only without a system Chinese font

        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(gzip.decompress(packed.read_bytes())))
    else:
        return []
    return QFontDatabase.applicationFontFamilies(font_id) if font_id != -1 else []


def apply_ui_font(app: QApplication) -> None:
    installed = set(QFontDatabase.families())
    # Parsing the bundled font costs ~4 ms of start-up: only when no system Chinese UI font is there.
    if not any(family in installed for family in UI_FAMILIES):
        installed.update(register_bundled_fonts())
    families = [f for f in UI_FAMILIES if f in installed]
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    font.setPointSize(UI_POINT_SIZE)
    app.setFont(font)
