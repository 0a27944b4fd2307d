"""Reports that are hard to typeset, for the typesetting tests (and a later bench).

Built from the shipped sample so that they are complete reports: long URLs and e-mail addresses
(60–120 characters, mid-sentence, in parentheses followed by punctuation), lines full of
punctuation (「（一）」「《条例》」), rare characters (U+20000-range ideographs, 硚口 埇桥 浉河), a huge
paragraph, every cell 9999999.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from model import projectfile
from model.report import Report
from model.resources import sample_path

#: URLs and e-mail addresses of 60 to 120 characters.
LONG_URLS = (
    "http://www.zaozhuang.gov.cn/col/col7270/index.html?uid=12345&pageNum=2&keyword=zhengwugongkai",
    "https://zwgk.qiaokou.wuhan.gov.cn/xxgk/zfxxgk/fdzdgknr/ndbg/2024/202501/t20250120_2512345.shtml",
    "https://www.yongqiao.gov.cn/public/column/4697447?type=4&catId=6719141&action=list&nav=3&sub=1",
    "http://www.shihe.gov.cn/zwgk/zfxxgknb/zfxxgkgznb_2024/index_20250118.html#section-3",
)
LONG_EMAILS = (
    "zhengwu.gongkai.bangongshi.xinxi.gongkai-2024@zaozhuang-shizhengfu.shandong.gov.cn",
    "qiaokou_district_government_information_disclosure_office@whqk.wuhan.gov.cn",
)

STRESS_PARAGRAPHS = (
    f"本年度报告电子版可从门户网站（{LONG_URLS[0]}）下载，也可在政务公开专栏（{LONG_URLS[1]}）查阅。"
    f"如有疑问，请发送电子邮件至{LONG_EMAILS[0]}，或致电0632-3168699咨询。",
    f"（一）主动公开。依据《条例》《山东省政府信息公开办法》，本机关在{LONG_URLS[2]}公开“政策解读”“法定主动公开内容”"
    f"等栏目信息，网址{LONG_URLS[3]}，同比增长7.82%。",
    f"申请人可通过信函、电子邮件（{LONG_EMAILS[1]}）、当面等方式提出申请；"
    "对“（一）予以公开”“（二）部分公开”的，依照《条例》第三十三条、第三十六条办理。",
    "（二）依申请公开。全年共受理政府信息公开申请38651件，其中“自然人”申请1234件、“商业企业”申请56件，"
    "涉及硚口区、埇桥区、浉河区及𠀀𠀁𪚥等地名与生僻字；（三）政府信息管理。《条例》《办法》《规定》《意见》均已公开。",
    "电子邮箱：spfwj@zz.shandong.cn；网址：http://www.zaozhuang.gov.cn/；电话：0632-3168699。"
    "监督邮箱（jiandu@zaozhuang.gov.cn）、网站（https://www.zaozhuang.gov.cn/zwgk/）。" * 3,
)
#: One paragraph of some 20,000 characters.
HUGE_PARAGRAPH = "".join(STRESS_PARAGRAPHS) * 20


def sample() -> Report:
    return projectfile.load(sample_path())


def long_addresses(report: Report | None = None) -> Report:
    """The sample with paragraphs full of long URLs, e-mail addresses and punctuation in 一 and 五."""
    report = report or sample()
    report.preamble = [*report.preamble, *STRESS_PARAGRAPHS[:2]]
    for section_id in ("s1", "s5"):
        section = report.section(section_id)
        assert section is not None
        section.paragraphs = [*section.paragraphs, *STRESS_PARAGRAPHS]
    return report


def huge_paragraph(report: Report | None = None) -> Report:
    report = report or sample()
    section = report.section("s6")
    assert section is not None
    section.paragraphs = [HUGE_PARAGRAPH]
    return report


def every_cell(report: Report | None = None, value: int = 9999999) -> Report:
    """Every cell of every table `value` (the fee, a Decimal, too)."""
    report = report or sample()
    for key, old in report.cells.items():
        report.cells[key] = Decimal(value) if isinstance(old, Decimal) else value
    return report


def with_agency(report: Report, agency: str) -> Report:
    report.meta = dataclasses.replace(report.meta, agency=agency)
    return report
