"""Fonts for the interface: the system's Chinese UI font if present, else the bundled Noto Sans SC
(a GB2312 subset), completed character by character by the bundled Noto Serif SC."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from model.resources import resources_dir

BUNDLED_UI_FONT = "NotoSansSC-Regular-GB2312.ttf"
#: What draws a character the subset leaves out (硚, 埇): the full body face of the PDF.
BUNDLED_UI_COMPLETION = "NotoSerifSC-Regular.ttf"
#: Preferred interface fonts, in order; the first one installed wins for each character.
UI_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
               "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", "Noto Sans SC")
#: The bundled subset's family and its completion's, after those: used only when none of them is installed.
BUNDLED_UI_FAMILIES = ("Noto Sans SC GB2312", "Noto Serif SC")
UI_POINT_SIZE = 10


def register_bundled_fonts(fonts_dir: Path | None = None) -> list[str]:
    """Make the bundled interface font and the face that completes it available to Qt; returns their
    family names. The built app ships them packed (NAME.ttf.xz, see build.spec)."""
    families: list[str] = []
    for name in (BUNDLED_UI_FONT, BUNDLED_UI_COMPLETION):
        families += _register((fonts_dir or resources_dir() / "fonts") / name)
    return families


def _register(path: Path) -> list[str]:
    if path.exists():
        font_id = QFontDatabase.addApplicationFont(str(path))
    else:  # the built app, and only without a system Chinese font
        from export.font_files import FontFileError, font_source

        try:  # the PDF's unpacked copy in the cache folder (Qt maps the file), else the bytes in memory
            source = font_source(path)
        except FontFileError:  # neither the font nor a packed copy of it
            return []
        if isinstance(source, str):
            font_id = QFontDatabase.addApplicationFont(source)
        else:
            font_id = QFontDatabase.addApplicationFontFromData(QByteArray(source.getvalue()))
    return QFontDatabase.applicationFontFamilies(font_id) if font_id != -1 else []


def apply_ui_font(app: QApplication) -> None:
    installed = set(QFontDatabase.families())
    # Parsing the bundled fonts costs start-up time: only when no system Chinese UI font is there.
    if not any(family in installed for family in UI_FAMILIES):
        installed.update(register_bundled_fonts())
    families = [f for f in (*UI_FAMILIES, *BUNDLED_UI_FAMILIES) if f in installed]
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    font.setPointSize(UI_POINT_SIZE)
    app.setFont(font)
