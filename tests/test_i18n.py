"""Qt's own dialogs speak Chinese: the strings Qt's zh_CN catalogue lacks are supplied (ui/i18n.py)."""

from __future__ import annotations

import re

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from ui.app import create_application
from ui.i18n import MISSING_IN_QT, install_chinese

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def test_the_file_dialog_has_no_english_label(qtbot, tmp_path) -> None:
    create_application()
    (tmp_path / "子文件夹").mkdir()
    dialog = QFileDialog(None, "打开年报项目", str(tmp_path), "年报项目 (*.nianbao)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # what Linux without a portal shows
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.findChildren(QLabel) != [])
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    # (older Qt's translation, the glibc 2.28 line's, has no access keys on these two labels)
    assert {"查找范围(&L)：", "查找范围："} & set(labels) and {"文件类型(&T)：", "文件类型："} & set(labels)
    assert not [text for text in labels if LATIN_WORD.search(text)]
    # The kind column of the folder listing says 文件夹, not Folder.
    assert QApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms") == "文件夹"


def test_every_missing_string_is_still_missing_from_qt(qtbot) -> None:
    """When a Qt update brings the translation, the entry is dead weight: the test says so."""
    app = create_application()
    qt_only = [t for t in install_chinese(app) if type(t) is QTranslator]
    assert qt_only, "Qt's zh_CN catalogues load"
    for (context, source), ours in MISSING_IN_QT.items():
        assert ours and not LATIN_WORD.search(ours.replace("&L", "").replace("&T", ""))
        assert not any(t.translate(context, source) for t in qt_only), f"Qt now translates {source!r}"


def test_installing_twice_installs_once(qtbot) -> None:
    app = create_application()
    assert install_chinese(app) is install_chinese(app)
