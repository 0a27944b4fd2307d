"""Qt's own strings (file dialogs, message boxes, context menus) in Chinese."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

QT_CATALOGS = ("qtbase", "qt")


def install_chinese(app: QApplication) -> list[QTranslator]:
    """Load Qt's zh_CN catalogues; returns the translators (keep them alive)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for catalog in QT_CATALOGS:
        translator = QTranslator(app)
        if translator.load(f"{catalog}_zh_CN", directory):
            app.installTranslator(translator)
            translators.append(translator)
    return translators
