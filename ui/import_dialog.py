"""文件 → 导入报告: what the reader found in a workbook, a document or pasted text, shown before anything
in the report changes — the metadata, the opening paragraph and each section as printed, the tables
with every cell the reader is not sure of, the import report — and the person's choice of what to do
with it (`ImportChoice`)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from importing.result import shorten

if TYPE_CHECKING:
    from importing.result import ImportResult
    from model.report import Report

#: How much of a paragraph the narrative list shows.
FIRST_LINE_CHARS = 40
NOT_READ = "（未读取）"
TABLE_SECTION = "（表格，见右侧）"
DIALOG_SIZE = (1100, 660)


class ImportChoice(Enum):
    """What the person does with what was read."""

    REPLACE = "replace"  # 替换当前报告: the whole report, one undo step
    NEW = "new"  # 作为新报告打开: a new untitled report; the current one is kept (saved if they wish)
    TABLES = "tables"  # 仅导入表格: the cells read go into the current report, one undo step

    @property
    def label(self) -> str:
        return {"replace": "替换当前报告", "new": "作为新报告打开", "tables": "仅导入表格"}[self.value]


EXPLAIN = {
    ImportChoice.REPLACE: "替换当前报告：基本信息、正文和表格全部换成读到的内容（可撤销，保存到当前文件）。",
    ImportChoice.NEW: "作为新报告打开：读到的内容成为一份未命名的新报告，当前报告先询问是否保存。",
    ImportChoice.TABLES: "仅导入表格：读到的单元格替换当前报告中对应的单元格（可撤销），基本信息和正文不变。",
}


NEVER_GUESSED = "未能读取的单元格保持空白，不会被猜测；需核对的单元格在表格中标出，确认前一直保留标记。"


def has_text(report: Report) -> bool:
    """Whether the reading found any metadata or narrative (a hand-filled workbook has none)."""
    meta = report.meta
    return bool(meta.agency or meta.website or meta.phone or meta.email or report.preamble
                or any(section.paragraphs for section in report.sections))


class ImportReportDialog(QDialog):
    """The preview of an import. `exec()` is true when the person chose; `choice` says what.

    A workbook offers 仅导入表格 first (as 导入 Excel always did); a document or pasted text offers
    作为新报告打开 first, since it is a whole report."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None, year_conflict: str | None = None,
                 workbook: bool = True) -> None:
        super().__init__(parent)
        self.import_result = result
        self.setWindowTitle(f"导入报告：{result.path.name}")
        self.choice = ImportChoice.TABLES if workbook else ImportChoice.NEW
        summary = QLabel(self._summary(), self)
        summary.setWordWrap(True)
        #: The file states another report year than the current report: said before anything changes.
        self.year_warning = QLabel(f"年度不符：{year_conflict}。如仅导入表格，这些数字将成为当前年度报告的数字；"
                                   f"请确认选择的是本年度的文件。" if year_conflict else "", self)
        self.year_warning.setWordWrap(True)
        self.year_warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.year_warning.setVisible(bool(year_conflict))

        self.meta_box = self._meta_box()
        self.narrative = self._narrative_tree()
        self.table_status = self._table_status()
        self.uncertain_list = self._uncertain_tree()
        self.problems = self._problems_tree()
        self.notes = QLabel("\n".join(f"注：{note}" for note in result.notes), self)
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(result.notes))

        report_box = QGroupBox(f"导入报告（{len(result.problems)} 个问题）", self)
        report_layout = QVBoxLayout(report_box)
        report_layout.addWidget(self.problems, 1)
        if not result.problems:
            report_layout.addWidget(QLabel("未发现问题。", report_box))
        report_layout.addWidget(self.notes)
        tables_box = QGroupBox(f"表格（需核对的单元格 {len(result.uncertain)} 个）", self)
        tables_layout = QVBoxLayout(tables_box)
        tables_layout.addWidget(self.table_status)
        tables_layout.addWidget(self.uncertain_list, 1)
        table_column = QVBoxLayout()
        table_column.addWidget(tables_box, 1)
        table_column.addWidget(report_box, 1)
        columns = QHBoxLayout()
        #: False for a hand-filled workbook: its tables are all there is to show.
        self.text_visible = not workbook or has_text(result.report)
        if self.text_visible:
            text_column = QVBoxLayout()
            text_column.addWidget(self.meta_box)
            text_column.addWidget(_boxed("正文（标题按原文）", self.narrative, self), 1)
            columns.addLayout(text_column, 1)
        else:
            self.meta_box.hide()
            self.narrative.hide()
        columns.addLayout(table_column, 1)

        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox(self)
        self.choice_buttons: dict[ImportChoice, QPushButton] = {}
        order = [ImportChoice.TABLES, ImportChoice.NEW, ImportChoice.REPLACE] if workbook else \
            [ImportChoice.NEW, ImportChoice.REPLACE, ImportChoice.TABLES]
        for choice in order:
            text = f"仍然{choice.label}" if year_conflict and choice is ImportChoice.TABLES else choice.label
            button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
            button.setToolTip(EXPLAIN[choice])
            button.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            self.choice_buttons[choice] = button
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        self.choice_buttons[self.choice].setDefault(True)
        self.explain.setText("\n".join([*(EXPLAIN[c] for c in order), NEVER_GUESSED]))

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.year_warning)
        layout.addLayout(columns, 1)
        layout.addWidget(self.explain)
        layout.addWidget(self.buttons)
        self._fit_screen()

    def choose(self, choice: ImportChoice) -> None:
        self.choice = choice
        self.accept()

    # --- the parts ---------------------------------------------------------------------------------

    def _summary(self) -> str:
        result = self.import_result
        text = result.summary()
        if result.uncertain:
            text += (f"其中 {len(result.uncertain)} 个单元格未能确定（见“表格”中的列表），导入后在表格中标出，"
                     f"请对照原文核对。")
        return text

    def _meta_box(self) -> QGroupBox:
        meta = self.import_result.report.meta
        box = QGroupBox("基本信息", self)
        form = QFormLayout(box)
        year = f"{meta.year} 年度" if meta.year_known else "（未写明）"
        self.meta_fields = {
            "机关名称": meta.agency or NOT_READ, "报告年度": year, "机关类型": meta.kind.label,
            "网站": meta.website or NOT_READ, "电话": meta.phone or NOT_READ, "电子邮箱": meta.email or NOT_READ,
        }
        for name, value in self.meta_fields.items():
            label = QLabel(value, box)
            label.setWordWrap(True)
            form.addRow(f"{name}：", label)
        return box

    def _narrative_tree(self) -> QTreeWidget:
        report = self.import_result.report
        tree = _tree(self, ["部分", "段数", "开头"])
        tree.addTopLevelItem(_paragraphs_item("开头段落", report.preamble))
        narrative = set(report.template.narrative_section_ids)
        for section in report.sections:
            if section.id not in narrative:  # a table section: its cells are under 表格
                tree.addTopLevelItem(QTreeWidgetItem([section.title, "—", TABLE_SECTION]))
            elif section.paragraphs or section.title:
                tree.addTopLevelItem(_paragraphs_item(section.title, section.paragraphs))
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        return tree

    def _table_status(self) -> QLabel:
        """Each template table: how many of its cells were read, and how many are uncertain."""
        result = self.import_result
        lines = []
        for table in result.template.tables:
            total = len(table.rows) * len(table.columns)
            read = [key for key in result.placed if key[0] == table.id]
            blank = sum(result.placed[key] is None for key in read)
            unsure = sum(key[0] == table.id for key in result.uncertain)
            lines.append(f"{table.name} {len(read)}/{total}（空白 {blank}"
                         + (f"，需核对 {unsure}）" if unsure else "）"))
        label = QLabel("已读取单元格：" + "；".join(lines), self)
        label.setWordWrap(True)
        # Never squeezed under the list below it: every table's line stays readable.
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    def _uncertain_tree(self) -> QTreeWidget:
        """Every cell the reader is not sure of: which, why, and where in the file it read it."""
        result = self.import_result
        template = result.template
        tree = _tree(self, ["单元格", "原因", "原文位置"])
        for key in sorted(result.uncertain):
            name = template.table(key[0]).cell_name(key[1], key[2]) if template.has_table(key[0]) else "·".join(key)
            item = QTreeWidgetItem([name, result.uncertain[key], result.sources.get(key, "")])
            for column in range(3):
                item.setToolTip(column, item.text(column))
            tree.addTopLevelItem(item)
        tree.setColumnWidth(0, 260)
        tree.setColumnWidth(1, 170)
        tree.setVisible(bool(result.uncertain))
        return tree

    def _problems_tree(self) -> QTreeWidget:
        tree = _tree(self, ["位置", "内容", "原因"])
        for problem in self.import_result.problems:
            tree.addTopLevelItem(QTreeWidgetItem([problem.where, problem.text, problem.reason]))
        tree.setVisible(bool(self.import_result.problems))
        return tree

    def _fit_screen(self) -> None:
        width, height = DIALOG_SIZE
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:  # a laptop's 1366×768: the whole dialog stays on screen
            available = screen.availableGeometry()
            width, height = min(width, available.width() - 40), min(height, available.height() - 60)
        self.resize(width, height)


def _tree(parent: QWidget, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setRootIsDecorated(False)
    tree.setHeaderLabels(headers)
    tree.setWordWrap(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.header().setStretchLastSection(True)
    return tree


def _paragraphs_item(title: str, paragraphs: list[str]) -> QTreeWidgetItem:
    first = shorten(paragraphs[0], FIRST_LINE_CHARS) if paragraphs else NOT_READ
    item = QTreeWidgetItem([title, str(len(paragraphs)), first])
    if paragraphs:
        item.setToolTip(2, "\n\n".join(shorten(p, 200) for p in paragraphs[:3]))
    return item


def _boxed(title: str, widget: QWidget, parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box
