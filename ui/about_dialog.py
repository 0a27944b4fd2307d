"""帮助 → 关于: version, where the app keeps its files, and the licences of what it ships."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from model import APP_NAME, __version__
from model.resources import resources_dir
from ui.settings import data_dir, recovery_dir

LICENCES = (
    ("Qt 6 与 PySide6", "GNU LGPL v3",
     "本软件以动态链接方式使用 Qt 与 PySide6 的共享库，未作修改；用户可用兼容版本替换安装目录中的 Qt 库文件。"
     "Qt 源代码可从 Qt 项目（qt.io）获得。"),
    ("Noto Sans SC、Noto Serif SC 字体（标题与黑体为 GB2312 子集）、年报文楷（LXGW WenKai 的子集，已按许可证改名）",
     "SIL Open Font License 1.1",
     "随附于 resources/fonts，许可证全文见同目录下的 OFL-*.txt。"),
    ("ReportLab", "BSD 许可证", "用于生成 PDF。"),
    ("openpyxl", "MIT 许可证", "用于读写 Excel 工作簿。"),
    ("python-docx", "MIT 许可证", "用于读写 Word 文档。"),
    ("Pillow", "MIT-CMU 许可证", "用于绘制 Word 文档中的附图。"),
    ("Python", "PSF 许可证", ""),
)


def about_html() -> str:
    e = html.escape
    data = data_dir()
    fonts = resources_dir() / "fonts"
    rows = "".join(f"<tr><td><b>{e(name)}</b></td><td>{e(licence)}</td><td>{e(note)}</td></tr>"
                   for name, licence, note in LICENCES)
    return (
        f"<h2>{APP_NAME} {__version__}</h2>"
        "<p>政府信息公开工作年度报告的编制、检查与发布工具。完全离线运行，不连接任何网络。</p>"
        f"<p style='color:#555'>Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PYSIDE_VERSION}</p>"
        "<h3>文件位置</h3><ul>"
        "<li>您的报告：保存在您选择的位置（.nianbao.json）。</li>"
        f"<li>设置：<a href='{QUrl.fromLocalFile(str(data)).toString()}'>{e(str(data / 'settings.ini'))}</a></li>"
        f"<li>自动恢复副本：{e(str(recovery_dir()))}（有未保存的修改时每 30 秒写入一次；正常退出后删除）</li>"
        f"<li>错误记录：{e(str(data / 'logs'))}</li>"
        f"<li>随附字体及许可证：<a href='{QUrl.fromLocalFile(str(fonts)).toString()}'>{e(str(fonts))}</a></li>"
        "</ul>"
        f"<h3>许可证</h3><table cellpadding='4'>{rows}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"关于{APP_NAME}")
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 560)
