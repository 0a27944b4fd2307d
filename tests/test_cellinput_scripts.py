"""Digits of other scripts in cell input (model/cellinput.py): only ASCII digits and the
full-width digits Chinese input methods type are read as numbers. "١٢", "१२", "₁₂", "¹²" or
"①" were read as 12 without a word (NFKC and Decimal accept them); now each is refused with
a reason naming the character, in typing, paste and the Excel import alike."""

from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from export.xlsx_export import workbook_bytes
from importing.xlsx import ProblemKind, import_xlsx
from model.cellinput import parse_cell_input
from model.paste import plan_paste
from model.report import Report
from model.templates import CURRENT

T3 = CURRENT.table("t3")
NATURAL = T3.column("natural")
FEE = CURRENT.table("t2_8").column("amount")
FULL_WIDTH = "０１２３４５６７８９"
T3_SHEET = "三、收到和处理政府信息公开申请情况"


@pytest.mark.parametrize(("text", "character"), [
    ("١٢", "١"), ("१२", "१"), ("₁₂", "₁"), ("¹²", "¹"), ("①", "①"), ("𝟏𝟐", "𝟏"), ("১২", "১"), ("٣", "٣"),
    ("1٢", "٢"), ("12³", "³"), ("⑴", "⑴"), ("⒈", "⒈"), ("۱۲", "۱"), ("๑๒", "๑"), (" ١٢ ", "١"),
])
def test_digits_of_other_scripts_are_refused_naming_the_character(text: str, character: str) -> None:
    parsed = parse_cell_input(text, NATURAL)
    assert not parsed.ok and parsed.value is None
    assert parsed.error == f"“{text.strip()}”中含有非阿拉伯数字字符“{character}”"


def test_the_reason_names_the_first_such_character_of_a_long_text() -> None:
    parsed = parse_cell_input("123456789012٣", FEE)
    assert parsed.error == "“123456789012…”中含有非阿拉伯数字字符“٣”"


@pytest.mark.parametrize(("text", "value"), [
    ("１２", 12), ("１２，３４５", 12345), ("１２．５", 12.5), ("０", 0), ("12", 12), ("－０", 0),
])
def test_ascii_and_full_width_digits_are_read(text: str, value: float) -> None:
    column = FEE if "．" in text else NATURAL
    parsed = parse_cell_input(text, column)
    assert parsed.ok and parsed.value == value


def test_every_other_digit_of_unicode_is_refused() -> None:
    allowed = set("0123456789" + FULL_WIDTH)
    others = [chr(c) for c in range(sys.maxunicode + 1)
              if not 0xD800 <= c <= 0xDFFF and unicodedata.digit(chr(c), None) is not None and chr(c) not in allowed]
    assert len(others) > 500
    accepted = [ch for ch in others if parse_cell_input(ch, NATURAL).ok]
    assert accepted == []


def test_words_stay_not_a_number() -> None:
    """Chinese numerals are words, not digits of another script: the reason is unchanged."""
    assert parse_cell_input("三", NATURAL).error == "“三”不是数字"
    assert parse_cell_input("9件", NATURAL).error == "“9件”不是数字"


def test_paste_refuses_them_too() -> None:
    plan = plan_paste(T3, "١٢\t3", 0, 0)
    assert plan.changes == {}
    assert plan.errors == [f"{T3.cell_name(T3.rows[0].id, T3.columns[0].id)}：“١٢”中含有非阿拉伯数字字符“١”"]


def test_the_import_reports_them_at_their_cell(sample: Report, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample)))
    workbook[T3_SHEET]["D5"] = "١٢"  # 表三 一、本年新收 · 自然人
    workbook[T3_SHEET]["E5"] = "１２"
    path = tmp_path / "digits.xlsx"
    workbook.save(path)
    result = import_xlsx(path)
    assert [(p.cell, p.text, p.kind) for p in result.problems] == [("D5", "١٢", ProblemKind.NOT_A_NUMBER)]
    assert "：“١٢”中含有非阿拉伯数字字符“١”，未导入" in result.problems[0].reason
    assert ("t3", "1", "natural") not in result.placed and result.report.cells[("t3", "1", "natural")] is None
    assert result.placed[("t3", "1", "commercial")] == 12
