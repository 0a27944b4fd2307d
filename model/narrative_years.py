"""NARRATIVE-YEAR: a year in the text that is not the report's year.

A report rewritten from last year's often keeps "2023年" in a 2024 report, and
a report written in the new year often dates this year's work with the new
year: a 2023 report saying 「2024年，我局共收到……」 throughout. Deliberate
references are not findings:

- earlier years with a reference marker (较2023年, 自2019年起, 2019年修订) and
  either end of a range (2021—2025年, 2023年至今);
- the following year where the text clearly plans or dates ahead: a plan
  (2025年工作打算 / 计划 / 要点 / 重点 / 思路, 2025年将……, 计划于2025年, 拟, 力争,
  预计, 明年, 下一年度), a deadline or date from which something applies
  (截至2025年1月, 自2024年1月1日起施行), and the publication of this report
  (本报告于2025年1月20日发布: a date in January–March of the following year in
  a sentence about publishing or compiling the report, or the date line itself).

A report whose year is unknown (`meta.year == 0`) gets no findings: every year
would look wrong, and META-YEAR already asks for the year.
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

# --- the following year ---------------------------------------------------------------------

#: Right after "2025年": a plan for that year (2025年工作打算, 2025年政务公开工作要点).
_PLAN_AFTER = re.compile(r"度?[^，。；：:,;、\d]{0,8}?(?:打算|计划|要点|重点|思路|安排|目标|任务|展望)")
#: Anywhere in the sentence: it speaks of the future.
_PLAN_MARKERS = re.compile(r"将|拟|力争|预计|计划(?:于|在|到|将)|打算|争取|下一步|下一年度|下年度|明年|来年")
#: Right before the year: 截至2025年1月底, 截止到2025年.
_AS_OF_BEFORE = re.compile(r"(?:截至|截止)(?:到|至)?\s*$")
#: After the year: something applies from then on (2024年1月1日起施行, 于2024年1月1日正式施行).
_APPLIES_FROM = re.compile(r"[^，。；,;]{0,12}?(?:起|正式|开始)(?:施行|实施|生效|执行)(?!了)")
#: Before the year, with 施行 after it: "自2024年1月1日施行".
_FROM_BEFORE = re.compile(r"(?:自|于|从)\s*$")
_TAKES_EFFECT = re.compile(r"[^，。；,;]{0,12}?(?:施行|实施|生效)(?!了)")
#: After the year: a month of the first quarter, when reports are published.
_FIRST_QUARTER = re.compile(r"\s*(?:0?[1-3]|[一二三])\s*月")
_PUBLISHING = re.compile(r"报告|年报|发布|公布|编制|编写|印发|上网|刊登")
#: A paragraph that is only a date line, perhaps after the agency's name: "2025年1月20日".
_DATE_LINE = re.compile(r"\s*\S{0,40}?\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*")


def check_narrative_years(report: Report) -> list[Finding]:
    year = report.meta.year
    if not year:
        return []
    findings = []
    blocks = [("preamble", "开篇", report.preamble)]
    blocks += [(s.id, s.title, s.paragraphs) for s in report.sections]
    for section_id, title, paragraphs in blocks:
        for index, paragraph in enumerate(paragraphs):
            for start, stated, mention in years_mentioned(paragraph):
                if stated == year or _is_reference(paragraph, start, start + len(mention), stated, year):
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


def _sentence(paragraph: str, start: int) -> str:
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(paragraph, 0, start)), default=0)
    end_match = _SENTENCE_END.search(paragraph, start)
    return paragraph[sentence_start: end_match.start() if end_match else len(paragraph)]


def _is_reference(paragraph: str, start: int, end: int, stated: int, year: int) -> bool:
    """Whether the mention of `stated` at paragraph[start:end] is deliberate."""
    if _YEAR_RANGE_END.search(paragraph, 0, start) or _YEAR_RANGE_START.match(paragraph, end):
        return True  # either end of a range such as 2021—2025 年, 2021年至2025年, 2023年至今
    if stated == year + 1:
        return _is_about_the_following_year(paragraph, start, end)
    if stated > year:
        return False  # two years ahead is not a plan a report for `year` makes
    sentence = _sentence(paragraph, start)
    return any(marker in sentence for marker in _REFERENCE_MARKERS)


def _is_about_the_following_year(paragraph: str, start: int, end: int) -> bool:
    """A plan, a deadline, a date from which something applies, or the report's
    publication — the ways a report rightly names the year after its own."""
    if _PLAN_AFTER.match(paragraph, end) or _AS_OF_BEFORE.search(paragraph, max(0, start - 6), start):
        return True
    if _APPLIES_FROM.match(paragraph, end) or (
            _FROM_BEFORE.search(paragraph, max(0, start - 2), start) and _TAKES_EFFECT.match(paragraph, end)):
        return True
    sentence = _sentence(paragraph, start)
    if _PLAN_MARKERS.search(sentence):
        return True
    if _FIRST_QUARTER.match(paragraph, end):
        return bool(_PUBLISHING.search(sentence)) or _DATE_LINE.fullmatch(paragraph) is not None
    return False
