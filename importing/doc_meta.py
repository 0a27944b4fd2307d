"""What a document says about the report besides its sections: the title (agency and year), the
kind of agency its name tells, the year the opening paragraph states, the website, phone and e-mail
anywhere in the text, and the signature date at the end. Nothing is guessed: a year no text states
stays unknown, two years stated differently are a problem."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from model.report import AgencyKind

REPORT_YEARS = range(1990, 2101)
#: A year in a title, not the year of a date ("2025年1月20日").
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?(?!\s*\d{1,2}\s*月)")
_REPORT_NAME = re.compile(r"政府信息公开(?:工作)?(?:年度)?报告|政务公开(?:工作)?(?:年度)?报告|年度报告")
#: The names of people's governments (人民政府, a township, a sub-district office), whose deadline is
#: 31 March; an office of a government (区人民政府办公室) is a department.
_GOVERNMENT_NAME = re.compile(r"(?:人民政府|[市区县旗乡镇]政府|街道办事处|街道|[乡镇])$")
#: How an opening paragraph states the year and the agency.
_OPENING_YEARS = (
    re.compile(r"(?:统计期限|统计期间|统计时限|统计时间|数据统计)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"),
    re.compile(r"结合\s*((?:19|20)\d{2})\s*年度?"),
    re.compile(r"本报告[^。]{0,20}?((?:19|20)\d{2})\s*年度?(?:政府信息公开|政务公开)"),
)
_OPENING_AGENCY = (
    re.compile(r"本(?:年度)?报告(?:是)?由\s*(?P<agency>[^，。,（(《]{2,40}?)\s*(?:根据|依据|按照|依照|结合|编制|制作)"),
    re.compile(r"结合\s*(?:19|20)\d{2}\s*年度?\s*(?P<agency>[^，。,（(《]{2,40}?)\s*(?:政府信息公开|政务公开)工作"),
)
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9][A-Za-z0-9._~:/?#@!$&*+=%-]*", re.IGNORECASE)
#: An address's two halves, matched around each "@" (a regex over the whole text would try every
#: start in a long run of letters: quadratic on hostile input).
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]{1,64}$")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}")
_PHONE = re.compile(r"电话(?:号码)?\s*[：:为是]?\s*(?P<phone>(?:\(?0\d{2,3}\)?\s*[-－—–]?\s*)?\d{7,8}"
                    r"(?:\s*[-转]\s*\d{1,5})?|1[3-9]\d{9}|12345)")
_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


@dataclass(frozen=True)
class TitleFacts:
    agency: str
    year: int | None


def read_title(title: str) -> TitleFacts:
    """The agency and the report year a title states: "某市交通运输局2023年政府信息公开工作年度报告",
    "2023年度某市交通运输局政府信息公开工作年度报告"."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", title))
    match = _YEAR.search(text)
    year = int(match.group(1)) if match and int(match.group(1)) in REPORT_YEARS else None
    if match:
        before, after = text[:match.start()], text[match.end():]
    else:
        before, after = text, ""
    agency = _agency_before_report(before) or _agency_before_report(after)
    return TitleFacts(agency, year)


def _agency_before_report(text: str) -> str:
    name = _REPORT_NAME.search(text)
    agency = text[:name.start()] if name else text
    agency = re.sub(r"^关于", "", agency).strip("《》“”\"'，,：: ")
    return agency if 2 <= len(agency) <= 40 else ""


def agency_kind(agency: str) -> AgencyKind:
    """GOVERNMENT for a people's government, a township or a sub-district office; else DEPARTMENT."""
    return AgencyKind.GOVERNMENT if _GOVERNMENT_NAME.search(agency.strip()) else AgencyKind.DEPARTMENT


def opening_year(text: str) -> int | None:
    """The report year the opening paragraph states ("统计期限从 2024 年 1 月 1 日……", "结合 2024 年……")."""
    for pattern in _OPENING_YEARS:
        if (match := pattern.search(unicodedata.normalize("NFKC", text))) and int(match.group(1)) in REPORT_YEARS:
            return int(match.group(1))
    return None


def opening_agency(text: str) -> str:
    """The agency the opening paragraph names ("本报告由某市交通运输局编制"), "" when it names none."""
    for pattern in _OPENING_AGENCY:
        if match := pattern.search(text):
            return match.group("agency").strip()
    return ""


def website(text: str) -> str:
    found = _URL.search(text)
    return found.group().rstrip(".,;:!?") if found else ""


def email(text: str) -> str:
    for at in re.finditer("@", text):
        local = _EMAIL_LOCAL.search(text, max(0, at.start() - 64), at.start())
        domain = _EMAIL_DOMAIN.match(text, at.end(), at.end() + 256)
        if local and domain:
            return f"{local.group()}@{domain.group()}"
    return ""


def phone(text: str) -> str:
    found = _PHONE.search(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", found.group("phone")) if found else ""


def signature_date(text: str) -> date | None:
    """The date of a signature line ("2025年1月20日"), None when `text` is not one."""
    match = _DATE.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
