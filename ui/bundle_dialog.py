"""The 生成发布包 dialog: where the folder goes, whether a .zip is made too, and the 附图 option.

The folder is named after the report (export/bundle.py `base_name`) inside the place chosen; the
dialog shows the files it will hold, and asks before replacing files of an earlier bundle there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtCore import Qt

from export.bundle import base_name, bundle_paths
from model.report import Report
from ui.dialog_buttons import ok_cancel_buttons


class BundleDialog(QtWidgets.QDialog):
    def __init__(self, parent: QtWidgets.QWidget, report: Report, start: Path, charts: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("生成发布包")
        self.report = report
        self.place = QtWidgets.QLineEdit(str(start), self)
        browse = QtWidgets.QPushButton("浏览(&B)…", self)
        browse.clicked.connect(self._browse)
        self.zip_box = QtWidgets.QCheckBox("同时生成 .zip 压缩包(&Z)", self)
        self.charts_box = QtWidgets.QCheckBox("在 PDF、Word 和网页中加入附图(&G)", self)
        self.charts_box.setChecked(charts)
        self.contents = QtWidgets.QLabel(self)
        self.contents.setWordWrap(True)
        self.contents.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        place_row = QtWidgets.QHBoxLayout()
        place_row.addWidget(self.place, 1)
        place_row.addWidget(browse)
        form = QtWidgets.QFormLayout()
        form.addRow("保存位置：", place_row)
        form.addRow("文件夹名：", QtWidgets.QLabel(base_name(report), self))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.zip_box)
        layout.addWidget(self.charts_box)
        layout.addWidget(self.contents)
        layout.addWidget(ok_cancel_buttons(self, "生成"))
        self.place.textChanged.connect(self._show_contents)
        self.zip_box.toggled.connect(self._show_contents)
        self._show_contents()
        self.resize(560, self.sizeHint().height())

    def folder(self) -> Path:
        return Path(self.place.text().strip() or ".") / base_name(self.report)

    def make_zip(self) -> bool:
        return self.zip_box.isChecked()

    def charts(self) -> bool:
        return self.charts_box.isChecked()

    def existing(self) -> list[Path]:
        """The files of an earlier bundle that this one would replace."""
        return [p for p in bundle_paths(self.report, self.folder(), make_zip=self.make_zip()) if p.exists()]

    def _browse(self) -> None:
        chosen = QtWidgets.QFileDialog.getExistingDirectory(self, "选择发布包的保存位置", self.place.text())
        if chosen:
            self.place.setText(chosen)

    def _show_contents(self) -> None:
        names = [p.name for p in bundle_paths(self.report, self.folder(), make_zip=self.make_zip())]
        self.contents.setText("将生成：\n" + "\n".join(f"· {name}" for name in names))

    def accept(self) -> None:
        place = Path(self.place.text().strip())
        if not place.is_dir():
            QtWidgets.QMessageBox.warning(self, "生成发布包", f"保存位置“{place}”不存在或不是文件夹。")
            return
        existing = self.existing()
        if existing:
            buttons = QtWidgets.QMessageBox.StandardButton
            shown = "\n".join(f"· {p.name}" for p in existing[:8])
            answer = QtWidgets.QMessageBox.question(
                self, "替换已有文件", f"“{self.folder()}”中已有以下文件，是否替换？\n\n{shown}",
                buttons.Yes | buttons.No, buttons.No)
            if answer != buttons.Yes:
                return
        super().accept()
