"""The batch window's smaller parts: the hierarchy check's table and the one-line summary of a batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from model.batch_types import BatchReport, BatchResult
from model.findings import Severity

HIERARCHY_COLUMNS = ("级别", "单位", "文件", "说明")
SEVERITY_COLOURS = {Severity.ERROR: QColor("#b3261e"), Severity.WARNING: QColor("#9a5b00")}


class HierarchyTable(QTableWidget):
    """The parent = Σ children check: its findings, the children without a report, and every name
    matched (as the issue asks: every match is shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HIERARCHY_COLUMNS), parent)
        self.setHorizontalHeaderLabels(HIERARCHY_COLUMNS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 220, 160)):
            self.setColumnWidth(column, width)

    def show_result(self, result: BatchResult | None) -> None:
        self.setRowCount(0)
        if result is None:
            return
        agencies = {entry.file: entry.agency for entry in result.reports}
        rows: list[tuple[str, str, str, str, QColor | None]] = []
        for file, finding in result.hierarchy_findings:
            rows.append((finding.severity.label, agencies.get(file, ""), Path(file).name, finding.message,
                         SEVERITY_COLOURS.get(finding.severity)))
        for child in result.missing_children:
            rows.append(("缺报告", child, "", "上下级关系表中列出，但文件夹中没有该单位本年度的报告。", None))
        for name, agency, file in result.matches:
            same = "（名称相同）" if name == agency else f"（表中写作“{name}”）"
            rows.append(("已匹配", agency, Path(file).name, f"上下级关系表中的“{name}”对应此报告{same}。", None))
        if not rows:
            rows.append(("", "", "", "未选择上下级关系表：选择后再检查，可核对上级报告是否等于下级之和。", None))
        self.setRowCount(len(rows))
        for row, (level, agency, file, text, colour) in enumerate(rows):
            for column, value in enumerate((level, agency, file, text)):
                item = QTableWidgetItem(value)
                item.setToolTip(value if column != 0 else "")
                if colour is not None and column == 0:
                    item.setForeground(QBrush(colour))
                self.setItem(row, column, item)
        self.resizeRowsToContents()


def summary_line(result: BatchResult) -> str:
    """「共 500 个文件：读取 498 份，有错误 50 份，只有警告 120 份，无法读取 2 个；相同文字 20 处…」, one line."""
    reports = result.reports
    readable = [entry for entry in reports if entry.unreadable is None]
    with_errors = sum(entry.errors > 0 for entry in readable)
    warnings_only = sum(entry.errors == 0 and entry.warnings > 0 for entry in readable)
    late = sum(entry.late for entry in readable)
    parts = [f"共 {len(reports)} 个文件：读取 {len(readable)} 份，有错误 {with_errors} 份，只有警告 {warnings_only} 份"]
    if len(readable) < len(reports):
        parts.append(f"无法读取 {len(reports) - len(readable)} 个")
    if late:
        parts.append(f"逾期发布 {late} 份")
    text = "，".join(parts) + f"；相同文字 {len(result.copies)} 处"
    hierarchy_errors = sum(finding.severity is Severity.ERROR for _file, finding in result.hierarchy_findings)
    if result.matches:
        text += f"；上下级错误 {hierarchy_errors} 项，缺报告 {len(result.missing_children)} 个"
    if result.rollup is not None:
        text += f"；汇总 {len(result.rollup_sources)} 份"
    return text + "。"


def details_text(entry: BatchReport) -> str:
    """The file, then every finding of it on a line of its own (「[错误] 表三…」), or why it was unreadable."""
    if entry.unreadable:
        return f"{entry.file}\n无法读取：{entry.unreadable}"
    prior = f"（上年报告：{Path(entry.prior_file).name}）" if entry.prior_file else ""
    if not entry.findings:
        return f"{entry.file}{prior}\n未发现问题。"
    lines = [f"{entry.file}{prior} — 错误 {entry.errors} 项，警告 {entry.warnings} 项："]
    lines += [f"[{finding.severity.label}] {finding.message}" for finding in entry.findings]
    return "\n".join(lines)
