"""What the Excel export and the Excel import agree on: sheet names, the
metadata sheet's labels, how text is escaped in a cell, and how a label read
from a foreign workbook is normalised before it is compared with the template.
"""

from __future__ import annotations

import re
import unicodedata

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


# --- labels of foreign workbooks ---------------------------------------------------------

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_PUNCTUATION = re.compile(r"[、,;:。]")
_ARABIC_NUMBER = re.compile(r"^(\d{1,2})\s*[、.．,，]")
_CHINESE_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．,，]")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_LEADING_NUMBER = re.compile(r"^(\d{1,2}\.|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))")


def label_key(text: str) -> str:
    """A label reduced to what identifies it, so that the variants published
    tables use compare equal: full- and half-width brackets and digits
    (NFKC), stray spaces and line breaks, curly or straight quotes, 、 or ，,
    "1、" or "1." or "1．", 合计 for 总计, 结转下一年度 for 结转下年度."""
    text = unicodedata.normalize("NFKC", unescape_cell_text(text))
    text = _SPACE.sub("", text).translate(_QUOTES)
    text = _ARABIC_NUMBER.sub(r"\1.", text)
    text = _CHINESE_NUMBER.sub(r"\1、", text)
    numbering = _LEADING_NUMBER.match(text)
    prefix = numbering.group() if numbering else ""
    rest = _PUNCTUATION.sub("", text[len(prefix):])
    rest = rest.replace("合计", "总计").replace("下一年度", "下年度")
    return prefix + rest


def label_aliases(key: str) -> list[str]:
    """The shorter forms a published table may print for the label `key`: without
    its trailing note in brackets, without its number ("属于国家秘密"), without
    both. Each form once; `key` itself is not one of them."""
    stripped = _TRAILING_NOTE.sub("", key)
    forms = [stripped, strip_numbering(key), strip_numbering(stripped)]
    return [form for i, form in enumerate(forms) if form and form != key and form not in forms[:i]]


def strip_numbering(key: str) -> str:
    """`key` without its leading number ("1.", "一、", "(一)"); `key` when it has none or is nothing else."""
    numbering = _LEADING_NUMBER.match(key)
    return key[numbering.end():] if numbering and numbering.end() < len(key) else key


def leading_number(key: str) -> str:
    """The leading number of `key` ("1.", "一、", "(一)"), "" when it has none."""
    numbering = _LEADING_NUMBER.match(key)
    return numbering.group() if numbering and numbering.end() < len(key) else ""


def strip_note(key: str) -> str:
    """`key` without a trailing note in brackets."""
    return _TRAILING_NOTE.sub("", key) or key


def display_width(text: str) -> int:
    """Width of `text` in Excel column units: a CJK character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
