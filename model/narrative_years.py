"""NARRATIVE-YEAR: a year in the text that is not the report's year.

A report rewritten from last year's often keeps "2023年" in a 2024 report.
Deliberate references to other years (较2023年, 2021—2025年, 自2019年起) are
not findings.
"""

from __future__ import annotations

import re

from model.findings import Finding, Location, Severity
from model.report import Report

WARNING = Severity.WARNING

_YEAR_RANGE_END = re.compile(r"(?:19|20)\d{2}\s*年?\s*[—–\-~～至到]\s*$")
_YEAR_RANGE_START = re.compile(r"\s*[—–\-~～至到]\s*(?:(?:19|20)\d{2}|今)")
_SENTENCE_END = re.compile(r"[。；！？!?;\n]")
#: Words that mark an earlier year as a deliberate reference, not a
#: left-over from last year's report.
_REFERENCE_MARKERS = (
    "较", "同比", "相比", "比上年", "上年", "去年", "上一年", "往年", "历年", "以来", "自", "起",
    "修订", "修正", "印发", "颁布", "施行", "以前", "之前", "此前", "累计", "同期", "届",
)


def check_narrative_years(report: Report) -> list[Finding]:
    year = report.meta.year
    findings = []
    blocks = [("preamble", "开篇", report.preamble)]
    blocks += [(s.id, s.title, s.paragraphs) for s in report.sections]
    for section_id, title, paragraphs in blocks:
        for index, paragraph in enumerate(paragraphs):
            for start, stated, mention in years_mentioned(paragraph):
                if stated in (year, year + 1) or _is_reference(paragraph, start, start + len(mention), stated, year):
                    continue
                findings.append(Finding(
                    "NARRATIVE-YEAR", WARNING,
                    f"{title} 第 {index + 1} 段出现“{mention}”，与报告年度 {year} 年不同；"
                    f"如为沿用往年文字请修改，如为有意引用请忽略。",
                    Location(section_id, paragraph=index)))
    return findings


def years_mentioned(text: str) -> list[tuple[int, int, str]]:
    """(start, year, mention) for every "2023年" / "2023 年" in `text`.

    Scans for 年 with str.find rather than a regex over every character: this
    runs on every keystroke over the whole narrative."""
    found = []
    end = text.find("年")
    while end != -1:
        stop = end
        while stop > 0 and text[stop - 1] in " \u3000":
            stop -= 1
        start = stop - 4
        digits = text[start:stop] if start >= 0 else ""
        if (digits.isascii() and digits.isdigit() and digits[:2] in ("19", "20")
                and not (start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."))):
            found.append((start, int(digits), text[start:end + 1]))
        end = text.find("年", end + 1)
    return found


def _is_reference(paragraph: str, start: int, end: int, stated: int, year: int) -> bool:
    if _YEAR_RANGE_END.search(paragraph, 0, start) or _YEAR_RANGE_START.match(paragraph, end):
        return True  # either end of a range such as 2021—2025 年, 2021年至2025年, 2023年至今
    if stated > year:
        return False
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(paragraph, 0, start)), default=0)
    end_match = _SENTENCE_END.search(paragraph, start)
    sentence = paragraph[sentence_start: end_match.start() if end_match else len(paragraph)]
    return any(marker in sentence for marker in _REFERENCE_MARKERS)
