"""The hierarchy file of a batch check (`main.py batch --hierarchy FILE`, 工具 → 批量检查): which agency
reports to which, and whether each parent's report is a pure roll-up of its children's.

A .csv in UTF-8 or GBK (as Excel and WPS save it), or the first sheet of an .xlsx; the cells go to
model/batch_rollup.read_hierarchy_rows, which knows the columns. What cannot be used is one Chinese
sentence naming the file (FileNotFoundError or ValueError), never a traceback.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from model.batch_types import HierarchyRow


def read_hierarchy(path: Path) -> list[HierarchyRow]:
    """The rows of a hierarchy file (.csv in UTF-8 or GBK, or the first sheet of an .xlsx), read by
    `read_hierarchy_rows`. FileNotFoundError or ValueError, in Chinese, when it cannot be used."""
    from model.batch_rollup import read_hierarchy_rows  # H6's

    if not path.is_file():
        raise FileNotFoundError(f"找不到上下级关系表“{path}”。")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        cells = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        cells = _sheet_rows(path)
    else:
        raise ValueError(f"上下级关系表“{path.name}”应为 .csv 或 .xlsx 文件。")
    return read_hierarchy_rows(cells)


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    raise ValueError(f"无法读取上下级关系表“{path.name}”：不是 UTF-8 或 GBK 编码的文本。")


def _sheet_rows(path: Path) -> list[list[str]]:
    import openpyxl  # only for a workbook

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a damaged workbook: one Chinese line
        raise ValueError(f"无法读取上下级关系表“{path.name}”：{type(error).__name__}") from None
    try:
        sheet = book.worksheets[0]
        rows = [["" if cell is None else str(cell).strip() for cell in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return [row for row in rows if any(row)]
