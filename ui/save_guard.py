"""保存 over a file that changed on disk since it was opened: ask, never overwrite a colleague's work
without a word."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6 import QtWidgets

from model.fileidentity import FileIdentity

OVERWRITE, SAVE_AS, CANCEL = "overwrite", "save_as", "cancel"


def changed_on_disk_box(parent: QtWidgets.QWidget | None, path: Path,
                        now: FileIdentity) -> tuple[QtWidgets.QMessageBox, dict[object, str]]:
    """The question, and what each of its buttons means."""
    when = datetime.fromtimestamp(now.mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M")
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle("文件已被修改")
    box.setText(f"“{path.name}”在打开之后已被修改（{when}），可能是同事在共享文件夹中编辑了它。")
    box.setInformativeText("另存为：把当前内容保存为另一个文件，两份内容都保留。\n"
                           "覆盖：用当前内容替换该文件，对方的修改将丢失。")
    save_as = box.addButton("另存为…", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    overwrite = box.addButton("覆盖", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save_as)
    box.setEscapeButton(cancel)
    return box, {save_as: SAVE_AS, overwrite: OVERWRITE, cancel: CANCEL}


def ask_changed_on_disk(parent: QtWidgets.QWidget | None, path: Path, now: FileIdentity) -> str:
    """OVERWRITE, SAVE_AS or CANCEL."""
    box, meanings = changed_on_disk_box(parent, path, now)
    box.exec()
    return meanings.get(box.clickedButton(), CANCEL)
