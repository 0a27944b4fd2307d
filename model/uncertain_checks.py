"""CELL-UNCONFIRMED: a cell an import from a document could not read for certain (`Report.uncertain`),
until the person compares it with the original and confirms it. A warning, not an error: the number
may well be right, but nobody has vouched for it, and a wrong cell that is not flagged is the one
outcome an import must never have."""

from __future__ import annotations

from collections.abc import Iterable

from model.findings import Finding, Location, Severity
from model.report import CellKey, Report, format_value

RULE = "CELL-UNCONFIRMED"
#: The finding of an import (cli.py) naming a cell it could not read for certain, with why.
IMPORT_UNCERTAIN = "IMPORT-UNCERTAIN"


def flagged_cells(findings: Iterable[Finding]) -> set[CellKey]:
    """The cells the IMPORT-UNCERTAIN findings among `findings` name."""
    return {(f.location.table, row, column) for f in findings
            if f.rule == IMPORT_UNCERTAIN and f.location.table for row, column in f.location.cells}


def check_uncertain(report: Report) -> list[Finding]:
    """One warning per cell in `report.uncertain`, in template order."""
    if not report.uncertain:
        return []  # the common case, kept cheap: this runs on every keystroke
    findings = []
    for key, table, _column in report.template.cell_specs:
        if key not in report.uncertain:
            continue
        _table_id, row_id, column_id = key
        value = report.cells.get(key)
        if value is None:
            what = "此单元格导入文档时读作空白，未能确定原文是否填写"
        else:
            what = f"此数字（{format_value(value)}）由导入文档时读取，未能确定"
        findings.append(Finding(
            RULE, Severity.WARNING, f"{table.cell_name(row_id, column_id)}：{what}，请对照原文核对后确认。",
            Location(table.section_id, table=table.id, row=row_id, column=column_id, cells=((row_id, column_id),))))
    return findings
