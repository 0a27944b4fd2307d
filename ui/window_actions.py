"""The window's commands as a table, and the menus and toolbar built from it.

Each action becomes an attribute of the window (`window.save_action`); its slot is named by a
path from the window (`"files.save"` is `window.files.save`), so that the table can be read
without the code it calls."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.icons import toolbar_icon
from ui.undo_router import UndoRouter

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Keys = QKeySequence.StandardKey


@dataclass(frozen=True)
class Command:
    name: str
    text: str
    #: What it calls, as a path from the window ("files.open_dialog"); None for a checkable toggle
    #: the window connects itself.
    slot: str | None = None
    shortcut: QKeySequence.StandardKey | str | None = None
    icon: str | None = None
    tip: str | None = None
    checkable: bool = False
    #: Disabled until the window has what it needs (the PDF exporter, the preview).
    enabled: bool = True


COMMANDS: tuple[Command, ...] = (
    Command("new_action", "新建(&N)…", "files.new_report", Keys.New, "new"),
    Command("open_action", "打开(&O)…", "files.open_dialog", Keys.Open, "open"),
    Command("save_action", "保存(&S)", "files.save", Keys.Save, "save"),
    Command("save_as_action", "另存为(&A)…", "files.save_as", Keys.SaveAs),
    Command("quit_action", "退出(&X)", "close", Keys.Quit),
    Command("auto_totals_action", "自动合计(&T)", tip="输入各项时自动填写总计列、（七）总计和表四的总计",
            checkable=True),
    Command("fill_zero_action", "空白单元格填 0(&Z)", "fill_blanks_with_zero",
            tip="把当前表格中所有空白单元格填为 0（可撤销）"),
    Command("next_finding_action", "下一个问题(&F)", "next_finding", "F8"),
    Command("find_action", "查找(&F)…", "open_find", Keys.Find,
            tip="在开篇段落和一、五、六部分的正文中查找"),
    Command("replace_action", "替换(&R)…", "open_replace", "Ctrl+H",
            tip="在开篇段落和一、五、六部分的正文中查找并替换（全部替换作为一步撤销）"),
    Command("find_next_action", "查找下一个(&N)", "find_next", Keys.FindNext),
    Command("find_previous_action", "查找上一个(&V)", "find_previous", Keys.FindPrevious),
    Command("toggle_findings_action", "检查结果面板(&P)", checkable=True),
    Command("about_action", "关于年报编制助手(&A)", "about"),
    Command("guide_action", "填报说明(&G)…", "open_guide", Keys.HelpContents,
            tip="每一部分、每张表的每行每列应填写什么及常见错误；在表格中按 F1 直接打开当前单元格的说明"),
    Command("export_pdf_action", "导出 PDF(&D)…", "files.export_pdf_dialog", "Ctrl+E", enabled=False),
    Command("export_xlsx_action", "导出 Excel(&E)…", "files.export_xlsx_dialog"),
    Command("export_docx_action", "导出 Word(&W)…", "publishing.export_docx_dialog",
            tip="导出 Word 文档（.docx），可在 Word 或 WPS 中继续编辑"),
    Command("export_html_action", "导出网页(&H)…", "publishing.export_html_dialog",
            tip="导出可直接发布的无障碍网页（.html，单个文件）"),
    Command("export_html_body_action", "导出网页（仅正文）(&B)…", "publishing.export_html_body_dialog",
            tip="导出不含 <html>/<head> 的网页正文，可粘贴到网站内容管理系统的编辑器中"),
    Command("bundle_action", "生成发布包(&K)…", "publishing.bundle_dialog", enabled=False,
            tip="一次生成 PDF、Word、网页、Excel、检查报告和校验值，交给网站发布"),
    Command("print_action", "打印(&P)…", "publishing.print_dialog", Keys.Print, "print", enabled=False,
            tip="打印预览中的 PDF"),
    Command("charts_action", "导出时加入附图(&G)", checkable=True,
            tip="在 PDF、Word 和网页中加入申请办理结果、申请人构成和（关联上年报告时）两年对比的附图"),
    Command("import_report_action", "导入报告(&I)…", "import_report_dialog", "Ctrl+I",
            tip="从 Excel 工作簿、Word 文档、网页、PDF 或文本文件导入报告，先预览再决定如何放入"),
    Command("paste_import_action", "粘贴文本导入(&T)…", "paste_import_dialog",
            tip="把从 Word、网页或 PDF 复制的报告全文粘贴进来导入"),
    Command("confirm_cells_action", "确认此单元格(&K)", "confirm_selected_cells",
            tip="导入时未能确定的单元格：对照原文核对后确认（可撤销）"),
    Command("confirm_all_action", "确认全部导入数字(&C)", "confirm_all_cells",
            tip="确认全部导入时未能确定的单元格（可撤销）"),
    Command("attach_prior_action", "关联上年报告(&L)…", "attach_prior_dialog"),
    Command("new_from_prior_action", "从上年报告新建(&Y)…", "new_from_prior_dialog"),
    Command("fonts_action", "PDF 字体(&F)…", "choose_fonts", enabled=False),
    Command("batch_action", "批量检查(&B)…", "open_batch", "Ctrl+Shift+B",
            tip="检查一个或多个文件夹中的全部报告：逐份检查、查找相同文字、汇总并核对上下级"),
    Command("toggle_preview_action", "预览(&R)", checkable=True, enabled=False),
    Command("recalculate_totals_action", "重新计算合计(&U)", "recalculate_totals",
            tip="把每个合计改为其各项之和（导入的报告合计有误时使用；可撤销）"),
    Command("guide_panel_action", "填报说明面板(&G)", checkable=True,
            tip="在表格下方显示当前单元格应填写什么及常见错误"),
    Command("zoom_in_action", "放大(&I)", "editor_tabs.zoom_in", "Ctrl+=", tip="放大表格和正文（最大 200%）"),
    Command("zoom_out_action", "缩小(&O)", "editor_tabs.zoom_out", Keys.ZoomOut, tip="缩小表格和正文（最小 70%）"),
    Command("zoom_reset_action", "实际大小(&A)", "editor_tabs.reset_zoom", "Ctrl+0", tip="表格和正文恢复 100%"),
)

#: A separator in a menu or the toolbar.
SEPARATOR = "-"
#: Where 文件 → 最近打开 goes.
RECENT = "recent"
UNDO, REDO = "undo_action", "redo_action"

MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("文件(&F)", ("new_action", "new_from_prior_action", "open_action", RECENT, SEPARATOR,
                "save_action", "save_as_action", SEPARATOR, "attach_prior_action", SEPARATOR,
                "import_report_action", "paste_import_action", SEPARATOR,
                "export_pdf_action", "export_docx_action", "export_html_action", "export_html_body_action",
                "export_xlsx_action", "bundle_action", SEPARATOR, "print_action", SEPARATOR, "quit_action")),
    ("编辑(&E)", (UNDO, REDO, SEPARATOR, "find_action", "replace_action", "find_next_action",
                "find_previous_action", SEPARATOR, "auto_totals_action", "fill_zero_action",
                "recalculate_totals_action", SEPARATOR, "confirm_cells_action", "confirm_all_action")),
    ("视图(&V)", ("toggle_findings_action", "toggle_preview_action", "next_finding_action", SEPARATOR,
                "guide_panel_action", SEPARATOR, "zoom_in_action", "zoom_out_action", "zoom_reset_action")),
    ("工具(&T)", ("batch_action", SEPARATOR, "fonts_action", "charts_action")),
    ("帮助(&H)", ("guide_action", SEPARATOR, "about_action")),
)
TOOLBAR: tuple[str, ...] = ("new_action", "open_action", "save_action", SEPARATOR, UNDO, REDO, SEPARATOR,
                            "auto_totals_action", "export_pdf_action", "print_action")


def build_actions(window: MainWindow) -> None:
    """Every command of COMMANDS as `window.<name>`, and 撤销 / 重做 from the window's UndoRouter."""
    for command in COMMANDS:
        action = QAction(command.text, window)
        if command.shortcut is not None:
            action.setShortcut(QKeySequence(command.shortcut))
        if command.icon is not None:
            action.setIcon(toolbar_icon(command.icon))
        if command.tip is not None:
            action.setToolTip(command.tip)
        action.setCheckable(command.checkable)
        action.setEnabled(command.enabled)
        if command.slot is not None:
            action.triggered.connect(attrgetter(command.slot)(window))
        setattr(window, command.name, action)
    window.undo_router = UndoRouter(window, window.document.undo_stack)
    window.undo_action, window.redo_action = window.undo_router.undo_action, window.undo_router.redo_action


def build_menus(window: MainWindow) -> None:
    """The menu bar and the toolbar, from MENUS and TOOLBAR."""
    menu_bar = window.menuBar()
    for title, entries in MENUS:
        menu = menu_bar.addMenu(title)
        for entry in entries:
            if entry == SEPARATOR:
                menu.addSeparator()
            elif entry == RECENT:
                window.recent_menu = QMenu("最近打开(&R)", window)
                window.recent_menu.aboutToShow.connect(window.files.fill_recent_menu)
                menu.addMenu(window.recent_menu)
            else:
                menu.addAction(getattr(window, entry))
    toolbar = window.addToolBar("常用")
    toolbar.setObjectName("main-toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setMovable(False)
    for entry in TOOLBAR:
        if entry == SEPARATOR:
            toolbar.addSeparator()
        else:
            toolbar.addAction(getattr(window, entry))
