"""The source reports (the truth) the test documents are made from: the shipped sample and reports
built here with every template equation holding, so that a reader's result can be scored cell by cell.

Deterministic: every number comes from a `random.Random` seeded with the report's name."""

from __future__ import annotations

import random
from decimal import Decimal

from model import projectfile
from model.report import AgencyKind, CellKey, Metadata, Report, ReportSection, Value
from model.resources import sample_path
from model.templates import CURRENT
from model.templates.t2021 import OUTCOMES, T3_PART_COLUMNS, T4_GROUPS

TEMPLATE = CURRENT
T3 = TEMPLATE.table("t3")
#: Table 三's result rows that are summed into （七）总计.
T3_LEAVES = tuple(r.id for r in T3.rows if r.path[0] == "三、本年度办理结果" and not r.is_total)


def _t2_cells(rng: random.Random, low: int) -> dict[CellKey, Value]:
    cells: dict[CellKey, Value] = {}
    for row in ("rules", "normative"):
        issued, abolished = rng.randint(low, 9), rng.randint(low, 5)
        cells[("t2_1", row, "issued")] = issued
        cells[("t2_1", row, "abolished")] = abolished
        cells[("t2_1", row, "in_force")] = rng.randint(max(low, issued), 60)
    cells[("t2_5", "licensing", "decisions")] = rng.randint(max(low, 1), 30000)
    cells[("t2_6", "penalty", "decisions")] = rng.randint(low, 800)
    cells[("t2_6", "coercion", "decisions")] = rng.randint(low, 40)
    cells[("t2_8", "fees", "amount")] = Decimal(rng.randint(max(low, 1), 9_999_999)) / Decimal(10_000)
    return cells


def _t3_cells(rng: random.Random, low: int, high: int) -> dict[CellKey, Value]:
    """Table 三 with every 勾稽 rule holding: rows summed into 总计, leaves into （七）, 一 + 二 = （七） + 四."""
    cells: dict[CellKey, Value] = {}
    for column in T3_PART_COLUMNS:
        for row in T3_LEAVES:
            cells[("t3", row, column)] = rng.randint(low, high)
        total = sum(int(cells[("t3", row, column)] or 0) for row in T3_LEAVES)
        carried_in = rng.randint(low, max(low, min(total - low, 5)))
        carried_out = rng.randint(low, 5)
        cells[("t3", "3.7", column)] = total
        cells[("t3", "2", column)] = carried_in
        cells[("t3", "4", column)] = carried_out
        cells[("t3", "1", column)] = total + carried_out - carried_in
    for row in T3.row_ids:
        cells[("t3", row, "total")] = sum(int(cells[("t3", row, c)] or 0) for c in T3_PART_COLUMNS)
    return cells


def _t4_cells(rng: random.Random, low: int) -> dict[CellKey, Value]:
    cells: dict[CellKey, Value] = {}
    for group, _path in T4_GROUPS:
        parts = [rng.randint(low, 6) for _ in OUTCOMES]
        for (key, _label), value in zip(OUTCOMES, parts, strict=True):
            cells[("t4", "cases", f"{group}.{key}")] = value
        cells[("t4", "cases", f"{group}.total")] = sum(parts)
    return cells


def balanced_cells(seed: str, low: int = 0, high: int = 3) -> dict[CellKey, Value]:
    rng = random.Random(seed)
    return {**_t2_cells(rng, low), **_t3_cells(rng, low, high), **_t4_cells(rng, low)}


SUBJECTS_S1 = (
    ("主动公开", "围绕中心工作，及时公开机构职能、政策文件、规划计划、财政预决算、重点领域信息，"
                 "做到应公开尽公开，主动公开信息内容全面准确。"),
    ("依申请公开", "严格落实依申请公开工作制度，规范受理、登记、审查、答复、送达各环节，"
                   "按照法定时限答复申请人，答复内容依法规范。"),
    ("政府信息管理", "坚持先审查后公开，落实保密审查制度，定期对已公开的政府信息进行清理，"
                     "及时更新失效信息，确保信息准确、完整、规范。"),
    ("政府信息公开平台建设", "依托门户网站政府信息公开专栏和政务新媒体，优化栏目设置，"
                             "提升检索和无障碍浏览功能，方便公众查询获取信息。"),
    ("监督保障", "将政务公开工作纳入年度目标管理，明确责任分工，开展业务培训，"
                 "主动接受社会监督，对发现的问题及时整改。"),
)
GOVERNMENT_SUBJECT = ("工作考核、社会评议和责任追究结果情况",
                      "将政务公开工作纳入绩效考核，组织开展社会评议，本年度未发生责任追究情形。")


def narrative(agency: str, year: int, kind: AgencyKind, contact: tuple[str, str, str],
              extra_paragraphs: int = 0) -> tuple[list[str], list[ReportSection]]:
    """A preamble and the six sections as agencies write them: sub-headings （一）（二）… as paragraphs
    of their own or leading a paragraph, contact details at the end of 六."""
    website, phone, email = contact
    preamble = [
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，结合{year}年{agency}"
        "政府信息公开工作实际编制而成。内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本年度报告中所列数据统计期限从{year}年1月1日到12月31日止。",
    ]
    subjects = [*SUBJECTS_S1, GOVERNMENT_SUBJECT] if kind is AgencyKind.GOVERNMENT else list(SUBJECTS_S1)
    numerals = "一二三四五六七八九十"
    s1 = [f"{year}年，{agency}深入贯彻落实《条例》，紧紧围绕年度政务公开工作要点，扎实推进政府信息公开工作。"]
    for i, (title, text) in enumerate(subjects):
        s1.append(f"（{numerals[i]}）{title}。{text}")
    s5 = [
        "（一）存在的主要问题",
        "一是政策解读形式还不够丰富；二是依申请公开答复的规范化水平有待进一步提高。",
        "（二）改进情况",
        "下一步，将进一步丰富解读形式，加强业务培训，提升答复质量，推动政务公开工作提质增效。",
    ]
    s6 = [
        "（一）政府信息公开信息处理费收取情况",
        f"{year}年，本机关未收取政府信息公开信息处理费。",
        "（二）落实上级年度政务公开工作要点情况",
        "按照上级年度政务公开工作要点要求，逐项细化任务分工，明确完成时限，各项任务均已按期完成。",
    ]
    for i in range(extra_paragraphs):
        title, text = subjects[i % len(subjects)]
        s1.append(f"{i + 1}.关于{title}的第{i + 1}项措施。{text}持续跟踪落实情况，确保工作取得实效。")
    s6.append(f"本机关政府信息公开网站：{website}，联系电话：{phone}，电子邮箱：{email}。")
    sections = [ReportSection(s.id, s.title) for s in TEMPLATE.sections]
    by_id = {s.id: s for s in sections}
    by_id["s1"].paragraphs, by_id["s5"].paragraphs, by_id["s6"].paragraphs = s1, s5, s6
    return preamble, sections


def built(name: str, agency: str, year: int, kind: AgencyKind, contact: tuple[str, str, str],
          low: int = 0, high: int = 3, extra_paragraphs: int = 0) -> Report:
    meta = Metadata(agency=agency, year=year, kind=kind, website=contact[0], phone=contact[1], email=contact[2])
    report = Report.blank(meta, TEMPLATE)
    report.preamble, report.sections = narrative(agency, year, kind, contact, extra_paragraphs)
    report.cells.update(balanced_cells(name, low, high))
    return report


#: Cells printed as "/" or "—" in the `slashes` report (truth: blank), which a reader must report.
SLASH_CELLS: dict[CellKey, str] = {
    ("t2_1", "rules", "issued"): "/",
    ("t2_1", "rules", "abolished"): "/",
    ("t2_1", "rules", "in_force"): "/",
    ("t2_8", "fees", "amount"): "—",
    ("t3", "3.3.1", "research"): "—",
    ("t4", "cases", "suit_after_review.pending"): "/",
}
#: Cells left blank in the `blanks` report.
BLANK_CELLS: tuple[CellKey, ...] = (
    ("t2_6", "coercion", "decisions"),
    ("t3", "3.3.8", "research"),
    ("t3", "3.3.8", "public_welfare"),
    ("t3", "3.5.4", "legal_service"),
    ("t3", "3.6.3", "other"),
    ("t4", "cases", "direct_suit.other"),
)


def truth_reports() -> dict[str, Report]:
    """Every source report by name (the truth file is `<name>.nianbao.json`)."""
    reports: dict[str, Report] = {"sample": projectfile.load(sample_path())}
    reports["transport"] = built("transport", "某市交通运输局", 2023, AgencyKind.DEPARTMENT,
                                 ("http://jtj.example.gov.cn/", "0531-86001234", "jtjgk@example.gov.cn"))
    reports["county"] = built("county", "某县人民政府", 2024, AgencyKind.GOVERNMENT,
                              ("http://www.mouxian.gov.cn/", "0632-5512345", "mxzwgk@163.com"))
    reports["full"] = built("full", "某市生态环境局", 2024, AgencyKind.DEPARTMENT,
                            ("http://sthjj.example.gov.cn/", "0771-2801234", "sthjgk@example.gov.cn"), low=1, high=4)
    blanks = built("blanks", "某区教育局", 2024, AgencyKind.DEPARTMENT,
                   ("http://jyj.example.gov.cn/", "020-83001234", "jyjxxgk@example.gov.cn"))
    for key in BLANK_CELLS:
        blanks.cells[key] = None
    reports["blanks"] = blanks
    slashes = built("slashes", "某市司法局", 2022, AgencyKind.DEPARTMENT,
                    ("http://sfj.example.gov.cn/", "0335-3201234", "sfjgk@example.gov.cn"))
    for key in SLASH_CELLS:
        slashes.cells[key] = None
    reports["slashes"] = slashes
    reports["large"] = built("large", "某省自然资源厅", 2024, AgencyKind.DEPARTMENT,
                             ("http://zrzyt.example.gov.cn/", "0451-82601234", "zrzytgk@example.gov.cn"),
                             high=9, extra_paragraphs=140)
    return reports


def printed(report: Report, key: CellKey, name: str) -> str:
    """A cell as the document prints it: "/" or "—" where the slashes report says so, "" for blank."""
    if name == "slashes" and key in SLASH_CELLS:
        return SLASH_CELLS[key]
    value = report.cells.get(key)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
