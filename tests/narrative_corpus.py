"""Sentences as published 《政府信息公开工作年度报告》 write them, with what the
narrative-number check must make of each (`tests/test_narrative_corpus.py`).

Modelled on real reports of both kinds of agency — departments (政府部门) and
people's governments (人民政府) — from the seed report and published 2021–2025
reports; names and figures are changed, phrasing is kept. Each case lists the
claims the sentence makes (the cells it must be compared with, and the figure),
or none: a look-alike that must never be flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.report import AgencyKind

YEAR = 2023
DEPARTMENT, GOVERNMENT = AgencyKind.DEPARTMENT, AgencyKind.GOVERNMENT

CellKey = tuple[str, str, str]
#: The cells whose sum a claim states, as (table, row, column).
Reading = tuple[CellKey, ...]


def _t3(*rows: str) -> Reading:
    return tuple(("t3", r, "total") for r in rows)


def _t4(*columns: str) -> Reading:
    return tuple(("t4", "cases", f"{c}.total") for c in columns)


NEW, CARRIED, TOTAL, OVER = _t3("1"), _t3("2"), _t3("3.7"), _t3("4")
NEW_AND_CARRIED = _t3("1", "2")
GRANTED, PARTLY, GRANTED_AND_PARTLY = _t3("3.1"), _t3("3.2"), _t3("3.1", "3.2")
REFUSED = _t3(*(f"3.3.{i}" for i in range(1, 9)))
UNABLE = _t3(*(f"3.4.{i}" for i in range(1, 4)))
NOT_PROCESSED = _t3(*(f"3.5.{i}" for i in range(1, 6)))
REVIEW, SUIT, DIRECT_SUIT = _t4("review"), _t4("direct_suit", "suit_after_review"), _t4("direct_suit")
CASES = _t4("review", "direct_suit", "suit_after_review")
LICENSING = (("t2_5", "licensing", "decisions"),)
NORMATIVE_ISSUED, NORMATIVE_IN_FORCE = (("t2_1", "normative", "issued"),), (("t2_1", "normative", "in_force"),)
BOTH_ISSUED = (("t2_1", "rules", "issued"), ("t2_1", "normative", "issued"))
#: "共办理政府信息公开申请N件": 一, 一 + 二 or （七）总计.
HANDLED = (NEW, NEW_AND_CARRIED, TOTAL)
#: "共收到……N件（含上年结转M件）": 一 or 一 + 二.
RECEIVED_WITH_CARRY_OVER = (NEW, NEW_AND_CARRIED)


@dataclass(frozen=True)
class Expected:
    value: int
    #: The readings of the claim, likeliest first; it agrees with a table that
    #: matches any of them. The first is the one a finding marks.
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class Case:
    text: str
    agency: AgencyKind
    expected: tuple[Expected, ...]
    #: Paragraphs before `text` in the same section (a heading, the paragraph
    #: that speaks of 申请); they make no claim themselves.
    before: tuple[str, ...] = ()



def claim(value: int, *readings: Reading) -> Expected:
    return Expected(value, readings)


def _cases(agency: AgencyKind, *entries: tuple) -> list[Case]:
    """(text, claim, …) or (text, claim, …, before) with `before` a tuple of str."""
    cases = []
    for entry in entries:
        text, *rest = entry
        before: tuple[str, ...] = ()
        if rest and isinstance(rest[-1], tuple) and all(isinstance(p, str) for p in rest[-1]):
            before = rest.pop()
        cases.append(Case(text, agency, tuple(rest), before))
    return cases


def _one(value: int, cells: Reading) -> Expected:
    return claim(value, cells)


# --- departments (政府部门): their tables are their own -------------------------------------

DEPARTMENT_CASES = _cases(
    DEPARTMENT,
    ("2023年，本机关共收到政府信息公开申请9件，较去年增加1件，按时答复9件。", _one(9, NEW)),
    ("本年度新收政府信息公开申请12件，上年结转政府信息公开申请2件。", _one(12, NEW), _one(2, CARRIED)),
    ("全年共收到依申请公开14件（其中信件申请10件，网络申请4件），已办结12件，2件结转下年办理。",
     _one(14, NEW), _one(12, TOTAL), _one(2, OVER)),
    ("本年度收到依申请信息公开5件，均在法定期限内答复。", _one(5, NEW)),
    ("2023年，共受理依申请公开3件，均已按时答复。", _one(3, NEW)),
    ("2023年，我局共受理政府信息依申请公开0件。", _one(0, NEW)),
    ("2023年度，依申请公开受理量为0件。", _one(0, NEW)),
    ("共收到9件政府信息公开申请，均已按时答复。", _one(9, NEW)),
    ("区政府办公室共受理36件政府信息公开申请（均为自然人提交）。", _one(36, NEW)),
    ("2023年共办理政府信息公开申请12件，均在法定期限内答复。", claim(12, *HANDLED)),
    ("全年共办理依申请公开事项6件，已全部办结。", claim(6, *HANDLED)),
    ("本年度共办理公众以本局为主体的政府信息公开申请19件。", claim(19, *HANDLED)),
    ("收到政府信息公开申请8件，予以公开及部分公开5件，无法提供3件。",
     _one(8, NEW), _one(5, GRANTED_AND_PARTLY), _one(3, UNABLE)),
    ("对政府信息公开申请，予以公开和部分公开共6件，不予公开1件。", _one(6, GRANTED_AND_PARTLY), _one(1, REFUSED)),
    ("办理结果方面，予以公开、部分公开共3件，均已答复申请人。", _one(3, GRANTED_AND_PARTLY)),
    ("2023年共收到政府信息公开申请9件，其中，予以公开2件、部分公开1件，无法提供4件、不予公开2件。",
     _one(9, NEW), _one(2, GRANTED), _one(1, PARTLY), _one(4, UNABLE), _one(2, REFUSED)),
    ("收到政府信息公开申请5件，其中同意公开3件，不予处理2件。", _one(5, NEW), _one(3, GRANTED),
     _one(2, NOT_PROCESSED)),
    ("本年度共收到政府信息公开申请10件（含上年结转1件）。", claim(10, *RECEIVED_WITH_CARRY_OVER), _one(1, CARRIED)),
    ("已办结政府信息公开申请7件，结转下年度继续办理1件。", _one(7, TOTAL), _one(1, OVER)),
    ("全年收到政府信息公开申请6件，办结6件，无结转下年度办理的申请。", _one(6, NEW), _one(6, TOTAL)),
    ("去年结转的2件申请已于1月办结。", _one(2, CARRIED)),
    ("本年度办理上年结转政府信息公开申请2件。", _one(2, CARRIED)),
    ("收到上年结转的政府信息公开申请1件，已办结。", _one(1, CARRIED)),
    ("其中2件予以公开，1件部分公开。", _one(2, GRANTED), _one(1, PARTLY),
     ("（二）依申请公开情况。本年度收到政府信息公开申请情况如下。",)),
    ("因政府信息公开被申请行政复议1件，被提起行政诉讼1件。", _one(1, REVIEW), _one(1, SUIT)),
    ("因政府信息公开引起的行政诉讼3件，目前正在审理中。", _one(3, SUIT)),
    ("全年收到因政府信息公开申请引起的行政复议1件（已办结），未收到因政府信息公开申请引起的行政诉讼。",
     _one(1, REVIEW), _one(0, SUIT)),
    ("本年度发生因政府信息公开引发的行政复议2件、提起行政诉讼1件，共办理相关案件3件。",
     _one(2, REVIEW), _one(1, SUIT), _one(3, CASES)),
    ("办理因政府信息公开引起的行政复议和行政诉讼案件共4件，均已审结。", _one(4, CASES)),
    ("因政府信息公开被提起行政诉讼2件，共办理相关案件2件。", _one(2, SUIT), _one(2, SUIT)),
    ("因政府信息公开未经复议直接起诉1件。", _one(1, DIRECT_SUIT)),
    ("政府信息公开行政复议、行政诉讼各1件。", _one(1, REVIEW), _one(1, SUIT)),
    ("未发生因政府信息公开工作引起的行政复议、行政诉讼案件。", _one(0, REVIEW), _one(0, SUIT)),
    ("2023年，本机关未收到政府信息公开申请。", _one(0, NEW)),
    ("全年作出行政许可决定38,651件。", _one(38651, LICENSING)),
    ("全年办理行政许可事项3.9万件。", _one(39000, LICENSING)),
    ("本年制发行政规范性文件2件，现行有效行政规范性文件14件。", _one(2, NORMATIVE_ISSUED),
     _one(14, NORMATIVE_IN_FORCE)),
    ("全年，市审批服务局未制定相关规章及规范性文件。", _one(0, BOTH_ISSUED)),
    ("新收到依申请公开政府信息42件，答复依申请公开政府信息39件，均在法定期限内予以答复，结转下年度继续办理3件。",
     _one(42, NEW), _one(3, OVER)),
    ("2023年，我办共收到公开政府信息申请1件，已全部答复，办结率100%。", _one(1, NEW)),
    # Look-alikes: never a claim.
    ("另有市住建局转办的政府信息公开申请2件，已按程序转交。",),
    ("收到政府信息公开申请较上年增加3件。",),
    ("自2008年以来累计收到政府信息公开申请86件。",),
    ("2022年共收到政府信息公开申请8件。",),
    ("全市共收到政府信息公开申请1200件，其中予以公开300件。",),
    ("全区各部门共收到政府信息公开申请64件。",),
    ("所属单位收到政府信息公开申请12件。",),
    ("局本级收到政府信息公开申请5件。",),
    ("全年共接收群众来信来访12件，已办结12件。",),
    ("承办人大代表建议和政协委员提案8件，已全部办结8件，申请人满意率100%。",),
    ("12345热线工单已办结356件，其中涉及政府信息公开申请咨询12件。",),
    ("按期办结政府信息公开申请9件，按期办结率100%。",),
    ("按时办理政府信息公开申请9件，按时办理率100%。",),
    ("2023年，区政府办公室共受理36件政府信息公开申请，其中按期办结36件。", _one(36, NEW)),
    ("政府信息公开申请平均办理时长为8个工作日。",),
    ("全年共办理政府信息公开申请相关咨询20余件。",),
    ("收到的申请中，涉及房屋征收的有6件，涉及企业资质的有3件。",),
    ("通过网络渠道提交申请11件，信函申请2件。",),
    ("予以公开、部分公开、不予公开共9件。",),
    ("行政复议、行政诉讼案件共2件。",),
    ("申请人对不予公开的答复未提起行政复议。",),
    ("本机关作为复议机关办理行政复议案件128件，办理行政应诉案件42件。",),
    ("因政府信息公开申请行政复议的案件较上年减少2件。",),
    ("2022年因政府信息公开被提起行政诉讼1件。",),
    ("依申请公开答复率100%，按时办结率达100%。",),
    ("办理因2022年度政府信息公开申请引发行政复议1件、引发行政诉讼2件，均维持结果。",),
    ("2023年以来现行有效的行政规范性文件0件。",),
    ("本年度，未出现因答复不当引起的行政复议、行政诉讼等情况。",),
    ("通过市审批服务局网站公开政务信息475条，其中政务动态159条、政策文件10条、会议公开6条、"
     "办件结果公示170条、其他信息130条。",),
    ("接收咨询留言5条，主要涉及证件办理、档案查询等问题，已全部按期回复。",),
    ("2023年，市政务服务中心共受理各类政务服务事项61.3万件。",),
    ("全年共开展帮办代办服务指导832次，现场帮办代办1344件，受理电话咨询2420次。",),
    ("共承办市人大十七届四次会议代表建议3件，市政协十一届三次会议委员提案16件，落实率100%。",),
    ("围绕“高效办成一件事”，推出一件事主题服务12个，清理失效文件1份。",),
    ("对主动公开信息进行保密审查，予以公开政策文件10件。",),
    ("收到政府信息公开申请数十件。",),
    ("第3件申请予以公开。",),
    ("2023年共收到政府信息公开申请零件，按时答复。",),
    ("全年办结行政许可事项3万余件，约2万件为即办件。",),
    ("共收到政府信息公开申请9件。", ("（一）全市生态环境系统依申请公开情况",)),
)

# --- people's governments (人民政府): their tables are the whole area's ------------------------

GOVERNMENT_CASES = _cases(
    GOVERNMENT,
    ("2023年，全区共收到政府信息公开申请120件，均在法定期限内答复。", _one(120, NEW)),
    ("全县共受理政府信息公开申请56件，其中自然人申请51件，法人或其他组织申请5件。", _one(56, NEW)),
    ("全市各级行政机关共收到政府信息公开申请1200件，其中予以公开300件。", _one(1200, NEW), _one(300, GRANTED)),
    ("全区共收到政府信息公开申请120件，其中区政府本级36件、各部门64件、各街道20件。", _one(120, NEW)),
    ("全区共收到政府信息公开申请120件，其中区政府本级收到政府信息公开申请36件。", _one(120, NEW)),
    ("区政府本级收到政府信息公开申请36件，全区共收到政府信息公开申请120件。", _one(120, NEW)),
    ("我县全年共收到政府信息公开申请17件，均按要求完成答复。", _one(17, NEW)),
    ("本年度共收到政府信息公开申请9件。", _one(9, NEW)),
    ("2023年，在区委、区政府的坚强领导下，全区共收到政府信息公开申请310件。", _one(310, NEW)),
    ("2023年，全区共收到政府信息公开申请1499件，已办结1453件，结转下年度继续办理46件。",
     _one(1499, NEW), _one(1453, TOTAL), _one(46, OVER)),
    ("全区政府信息公开申请办理结果中，予以公开及部分公开共1033件，不予公开81件。",
     _one(1033, GRANTED_AND_PARTLY), _one(81, REFUSED)),
    ("全县共办理政府信息公开申请130件，其中上年结转10件。", claim(130, *HANDLED), _one(10, CARRIED)),
    ("2023年，全区受理依申请公开件255件，办结255件，其中予以公开71件、部分公开5件、不予公开28件。",
     _one(255, NEW), _one(255, TOTAL), _one(71, GRANTED), _one(5, PARTLY), _one(28, REFUSED)),
    ("2023年，全市共受理政府信息公开申请452件，结转上年9件，按时办结454件，结转下年继续办理7件。"
     "予以公开及部分公开245件，占54%；不予公开39件，占8.6%。",
     _one(452, NEW), _one(9, CARRIED), _one(7, OVER), _one(245, GRANTED_AND_PARTLY), _one(39, REFUSED)),
    ("2023年，大云镇全年共收到依申请公开件1件，已按期答复1件，无转结下年度继续办理件。", _one(1, NEW)),
    ("全区因政府信息公开被申请行政复议5件，被提起行政诉讼2件。", _one(5, REVIEW), _one(2, SUIT)),
    ("全市因政府信息公开被申请行政复议和提起行政诉讼的案件中，行政复议案件9件，已审结。", _one(9, REVIEW)),
    ("全区共办理政府信息公开行政复议和行政诉讼案件共11件。", _one(11, CASES)),
    ("共收到政府信息公开申请120件。", _one(120, NEW), ("（二）全区依申请公开情况",)),
    ("2023年，全街共受理政府信息公开申请总数1件。", _one(1, NEW)),
    ("2023年，全区未发生因政府信息公开引起的行政诉讼。", _one(0, SUIT)),
    ("全区未收到政府信息公开申请。", _one(0, NEW)),
    ("全区未制定行政规范性文件。", _one(0, NORMATIVE_ISSUED)),
    ("全年全区作出行政许可决定2.3万件。", _one(23000, LICENSING)),
    # One office or one part of the area: not the table's figure.
    ("区政府办公室代表区政府受理政府信息公开申请36件，均为自然人提交。",),
    ("其中，某某街道办事处收到政府信息公开申请5件。",),
    ("本级政府共收到政府信息公开申请20件。",),
    ("各部门共收到政府信息公开申请64件，各乡镇（街道）共收到政府信息公开申请20件。",),
    ("全区各乡镇（街道）共收到政府信息公开申请50件。",),
    ("区政府本级收到政府信息公开申请36件，予以公开20件。",),
    ("2023年，县人民政府共收到政府信息公开申请19件。",),
    ("2023年共办理公众以县人民政府及县人民政府办公室为主体的政府信息公开申请19件。",),
    ("以区政府名义收到政府信息公开申请12件。",),
    ("区直部门共受理政府信息公开申请64件，办结64件。",),
    ("2023年，全区各职能部门、镇街共收到政府信息依申请公开1499件。",),
    ("全区共收到政府信息公开申请120件，其中区政府本级收到政府信息公开申请36件，予以公开10件。", _one(120, NEW)),
    ("本年度共收到政府信息公开申请36件，予以公开20件。", ("（一）区政府本级",)),
    ("区政府办公室共受理政府信息公开申请36件。", ("（一）区政府本级",)),
    ("因政府信息公开被申请行政复议2件。", ("（一）区政府本级情况",)),
    ("其中某镇人民政府因政府信息公开被申请行政复议1件。",),
    ("某某街道办事处未收到政府信息公开申请。",),
    # Look-alikes of every kind of report.
    ("全区共收到政府信息公开申请较上年增加36件。",),
    ("自2019年以来，全区累计收到政府信息公开申请860件。",),
    ("2022年全区共收到政府信息公开申请95件。",),
    ("全区共发布政务信息1.2万条，其中政策解读326条。",),
    ("全区12345热线共办结群众诉求7341件。",),
    ("全区政府网站共开设专题专栏18个，征集意见45次。",),
    ("全年共办理县人大代表建议107件、政协提案149件。",),
    ("全区本级司法局办理行政复议案件356件。",),
    ("全区依申请公开办件的平均答复时间为9个工作日。",),
)

CORPUS: list[Case] = [*DEPARTMENT_CASES, *GOVERNMENT_CASES]
