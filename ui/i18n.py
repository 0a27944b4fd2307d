"""Qt's own strings (file dialogs, message boxes, context menus) in Chinese."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication

QT_CATALOGS = ("qtbase", "qt")

#: Strings of Qt's widgets that the zh_CN catalogue Qt ships lacks: Qt 6 added a mnemonic to two
#: labels of its own file dialog (the catalogue still has "Look in:") and renamed the icon provider's
#: context, so Linux users would meet 「Look in:」 and 「Folder」 in an otherwise Chinese dialog.
#: Found by logging every lookup of the dialogs we open (tests/test_i18n.py keeps it so).
MISSING_IN_QT: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QAbstractFileIconProvider", "Alias"): "替身",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
}


class MissingStrings(QTranslator):
    """The strings of MISSING_IN_QT; installed before Qt's catalogues, so that it is asked last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1) -> str:
        return MISSING_IN_QT.get((context, source_text), "")

    def isEmpty(self) -> bool:
        return False


def install_chinese(app: QApplication) -> list[QTranslator]:
    """Load Qt's zh_CN catalogues and the strings they lack, once per application; returns the
    translators (kept alive by the application too)."""
    installed: list[QTranslator] | None = getattr(app, "_nianbao_translators", None)
    if installed is not None:
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt asks the translator installed last first: the fallback goes in first.
    fallback = MissingStrings(app)
    app.installTranslator(fallback)
    translators: list[QTranslator] = [fallback]
    for catalog in QT_CATALOGS:
        translator = QTranslator(app)
        if translator.load(f"{catalog}_zh_CN", directory):
            app.installTranslator(translator)
            translators.append(translator)
    # The Python side of MissingStrings must live as long as the app asks it.
    app._nianbao_translators = translators  # type: ignore[attr-defined]
    return translators
