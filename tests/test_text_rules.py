"""One definition each: the characters a report's text may not hold, and the Chinese date (issue 13, item 4)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from export.content import date_text
from model import projectfile, schema
from model.checks import check_report
from model.report import Report
from model.text_rules import (
    INVISIBLE_CHARACTERS,
    NO_REFUSED_CONTROL_PATTERN,
    REFUSED_CONTROL,
    chinese_date,
    refused_character,
)
from ui.narrative_editor import clean_pasted_text

ASCII_AND_MORE = [chr(c) for c in range(0x00, 0xA0)] + ["\u200b", "\ufeff", "\u2028", "中"]


def test_the_refused_characters() -> None:
    refused = {c for c in ASCII_AND_MORE if REFUSED_CONTROL.fullmatch(c)}
    assert refused == {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
    assert refused_character("报告\x0b正文") == "\x0b" and refused_character("报告\t正文\r\n") is None


@pytest.mark.parametrize("char", ASCII_AND_MORE, ids=[f"U+{ord(c):04X}" for c in ASCII_AND_MORE])
def test_the_project_file_refuses_exactly_these(sample: Report, char: str) -> None:
    document = json.loads(projectfile.dumps(sample))
    document["meta"]["agency"] = f"某某{char}局"
    if refused_character(char):
        with pytest.raises(projectfile.ProjectFileError, match="控制字符"):
            projectfile.loads(json.dumps(document))
    else:
        assert projectfile.loads(json.dumps(document)).meta.agency == f"某某{char}局"


def test_the_schema_states_the_same_characters() -> None:
    assert schema.json_schema()["$defs"]["text"]["pattern"] == NO_REFUSED_CONTROL_PATTERN
    assert re.fullmatch(NO_REFUSED_CONTROL_PATTERN, "a\tb\nc\rd")
    assert not re.fullmatch(NO_REFUSED_CONTROL_PATTERN, "报告\x7f")


def test_pasted_text_keeps_nothing_the_file_refuses() -> None:
    pasted = "".join(ASCII_AND_MORE)
    cleaned = clean_pasted_text(pasted)
    assert refused_character(cleaned) is None
    assert not set(INVISIBLE_CHARACTERS) & set(cleaned)
    # Word's line and page breaks become paragraph breaks, not nothing.
    assert clean_pasted_text("第一段\x0b第二段\x0c第三段") == "第一段\n第二段\n第三段"


@pytest.mark.parametrize("day", [date(2025, 2, 5), date(2026, 1, 5), date(2108, 1, 1)])
def test_one_chinese_date(sample: Report, day: date) -> None:
    text = f"{day.year}年{day.month}月{day.day}日"
    assert chinese_date(day) == date_text(day) == text
    assert date_text(None) == ""
    sample.meta.published = day
    messages = [f.message for f in check_report(sample) if f.location.field == "published"]
    assert messages and all(f"发布日期为 {text}" in m for m in messages)
