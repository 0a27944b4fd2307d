"""What the Excel writer (export/xlsx_export.py) and the Excel reader (importing/xlsx.py) agree
on: sheet names, the metadata sheet's labels, how text is escaped in a cell, and the error both
raise for a workbook they cannot read or write.

It lives in model/ because both sides import it and neither may import the other (export/ writes,
importing/ reads): it is plain Python, no openpyxl, so model/ stays free of file-format libraries.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from model.locations import META_FIELD_LABELS
from model.report import AgencyKind
from model.template import Table, Template

#: The sheet with the metadata and the narrative (our own exports only).
META_SHEET = "基本信息与正文"
#: The sheet listing the findings at export time (never read back).
FINDINGS_SHEET = "检查结果"

META_HEADING = "基本信息"
TEXT_HEADING = "正文"
#: Labels of the metadata rows, in the order they are written.
META_LABELS = {**META_FIELD_LABELS, "template": "格式模板"}
#: Header of the narrative rows: hidden id column, section title, paragraph number, text.
TEXT_COLUMNS = ("编号", "部分", "段", "内容")
PREAMBLE_ID = "preamble"
PREAMBLE_TITLE = "开篇"
KIND_BY_LABEL = {kind.label: kind for kind in AgencyKind}

#: A cell holds at most 32,767 UTF-16 units; longer text continues in the
#: next columns of the same row, in chunks that stay far below that even for
#: characters outside the BMP.
TEXT_CHUNK = 16_000


def table_sheet_title(template: Template, section_id: str) -> str:
    """One sheet per table section, named by its title: "三、收到和处理政府信息公开申请情况"."""
    title = template.section(section_id).title
    return _sheet_safe(title)


def _sheet_safe(title: str) -> str:
    # Excel forbids []:*?/\ in sheet names and allows 31 characters.
    return re.sub(r"[\[\]:*?/\\]", "、", title)[:31]


def table_sections(template: Template) -> list[tuple[str, list[Table]]]:
    """(section id, its tables) for every section that holds tables, in document order."""
    return [(s.id, [template.table(t) for t in s.tables]) for s in template.sections if s.kind == "tables"]


# --- text in cells ------------------------------------------------------------------

#: Characters XML 1.0 cannot carry (or that an XML parser rewrites: a CR
#: becomes LF), stored the way Excel stores them: _xHHHH_.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_cell_text(text: str) -> str:
    """Text as stored in a cell: a literal "_x0041_" is protected as Excel does
    ("_x005F_x0041_"), characters XML cannot carry become "_xHHHH_"."""
    text = _ESCAPE.sub("_x005F_", text)
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def plain_text(text: str) -> str:
    """`text` without the characters XML cannot carry, for places that are never read back
    (document properties, the printed page header)."""
    return _UNSAFE.sub("", text)


def unescape_cell_text(text: str) -> str:
    """The inverse of `escape_cell_text`; also decodes the "_x000D_" Excel writes for a CR."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def display_width(text: str) -> int:
    """Width of `text` in Excel column units: a CJK character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class WorkbookError(Exception):
    """A workbook that cannot be read or written; str() is one line for the user."""

    def __init__(self, path: str | os.PathLike[str] | None, problem: str, action: str = "读取"):
        self.path = None if path is None else Path(path)
        self.problem = " ".join(problem.split())
        name = f"“{self.path.name}”" if self.path else "工作簿"
        message = f"无法{action}{name}：{self.problem}"
        super().__init__(message.encode("utf-8", "backslashreplace").decode("utf-8"))
