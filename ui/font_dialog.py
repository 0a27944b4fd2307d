"""工具 → PDF 字体: which font draws each role, and the user's own choice per role."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from export.fonts import FontFileError, FontRole, inspect_font, resolve_fonts
from ui.dialog_buttons import ok_cancel_buttons
from ui.settings import Settings

FONT_FILTER = "TrueType 字体 (*.ttf *.ttc *.TTF *.TTC);;所有文件 (*)"


class FontDialog(QDialog):
    """Shows the font each role uses now (system, bundled or chosen) and lets the user choose."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PDF 字体")
        self.settings = settings
        self.overrides: dict[FontRole, Path] = {
            FontRole(role): Path(path) for role, path in settings.font_overrides().items()
            if role in {r.value for r in FontRole}}
        intro = QLabel("导出和预览的 PDF 按《党政机关公文格式》为各部分选用字体。本机装有仿宋_GB2312、方正小标宋简体、"
                       "黑体、楷体等字体时自动使用；否则使用随附的开源字体。也可为某一部分指定字体文件"
                       "（须为 TrueType 轮廓字体）。", self)
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.labels: dict[FontRole, QLabel] = {}
        for row, role in enumerate(FontRole):
            label = QLabel(self)
            label.setWordWrap(True)
            self.labels[role] = label
            choose = QPushButton("选择字体文件…", self)
            choose.clicked.connect(lambda _checked=False, r=role: self.choose(r))
            reset = QPushButton("恢复默认", self)
            reset.clicked.connect(lambda _checked=False, r=role: self.reset(r))
            self.grid.addWidget(QLabel(role.label, self), row, 0)
            self.grid.addWidget(label, row, 1)
            self.grid.addWidget(choose, row, 2)
            self.grid.addWidget(reset, row, 3)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e;")
        buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(820, 360)
        self.refresh()

    def refresh(self) -> None:
        fonts = resolve_fonts(self.overrides)
        for role, label in self.labels.items():
            label.setText(fonts.choice(role).describe().split("：", 1)[1])
        self.problems.setText("\n".join(fonts.problems))

    def choose(self, role: FontRole) -> None:
        name, _ = QFileDialog.getOpenFileName(self, f"选择{role.label}字体", "", FONT_FILTER)
        if not name:
            return
        try:
            inspect_font(Path(name))
        except FontFileError as error:
            QMessageBox.warning(self, "不能使用该字体", str(error))
            return
        self.overrides[role] = Path(name)
        self.refresh()

    def reset(self, role: FontRole) -> None:
        self.overrides.pop(role, None)
        self.refresh()

    def accept(self) -> None:
        for role in FontRole:
            path = self.overrides.get(role)
            self.settings.set_font_override(role.value, str(path) if path else None)
        self.settings.sync()
        super().accept()
