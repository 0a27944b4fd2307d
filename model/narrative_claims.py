"""The figures a narrative paragraph states about table cells: the claims.

A claim is recognised only when its keyword stands right before the figure
(or, for a few forms, right after it): "共收到政府信息公开申请9件", "予以公开2件",
"其中2件予以公开", "收到9件政府信息公开申请". Zero statements count too:
"未收到政府信息公开申请", "未制定……规章及规范性文件", "无现行有效行政规范性文件",
"未发生……行政复议、行政诉讼". Which cells each kind of claim is about is declared
in `model.narrative_meanings`; whose figures a sentence states (the whole
area, one office) in `model.narrative_scope`.

A clause that states a difference, a cumulative or last year's figure, names
another year, or is about somebody else's figures is not a claim: the check
must not drown the user in false alarms.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from model.narrative_scope import is_compared, marker_scope
from model.narrative_tokens import (
    CLAUSE_END,
    DATE_UNITS,
    NOT_THIS_YEAR,
    SENTENCE_END,
    Number,
    Token,
    last_start,
    sentence_bounds,
)
from model.report import AgencyKind

RECEIVED = "received"  # 一、本年新收
CARRIED_IN = "carried_in"  # 二、上年结转
GRANTED = "granted"  # （一）予以公开
PARTLY = "partly"  # （二）部分公开
GRANTED_OR_PARTLY = "granted_or_partly"  # （一）+（二）: "予以公开及部分公开N件"
REFUSED = "refused"  # （三）不予公开
UNABLE = "unable"  # （四）无法提供
NOT_PROCESSED = "not_processed"  # （五）不予处理
CONCLUDED = "concluded"  # （七）总计: "已办结N件"
#: "共办理政府信息公开申请N件": real reports mean 一, 一 + 二 or （七）总计 by it.
HANDLED = "handled"
CARRIED_OVER = "carried_over"  # 四、结转下年度继续办理
REVIEW = "review"  # 表四 行政复议
SUIT = "suit"  # 表四 行政诉讼 (both kinds)
DIRECT_SUIT = "direct_suit"
SUIT_AFTER_REVIEW = "suit_after_review"
REVIEW_AND_SUIT = "review_and_suit"  # 行政复议 + both 行政诉讼: "共办理相关案件N件"
LICENSING = "licensing"  # 第二十条第（五）项 行政许可
ISSUED = "issued"  # 第二十条第（一）项 本年制发件数
ABOLISHED = "abolished"
IN_FORCE = "in_force"
#: Kinds about the handling of applications: read only where the paragraph (or
#: the one before it) speaks of 申请, since 予以公开 alone can mean other things.
APPLICATION_KINDS = frozenset({CARRIED_IN, GRANTED, PARTLY, GRANTED_OR_PARTLY, REFUSED, UNABLE, NOT_PROCESSED,
                               CARRIED_OVER, CONCLUDED})
DOC_KINDS = frozenset({ISSUED, ABOLISHED, IN_FORCE})
#: Kinds about 行政复议 / 行政诉讼: read only in a sentence that speaks of 公开, since
#: table 四 counts only cases about information disclosure (a 司法局 handles
#: hundreds of other 行政复议 cases).
_CASE_KINDS = frozenset({REVIEW, SUIT, DIRECT_SUIT, SUIT_AFTER_REVIEW, REVIEW_AND_SUIT, "pair", "related"})

_CASE_UNITS = frozenset("件份宗起例")
_UNITS = {LICENSING: frozenset("件份宗"), ISSUED: frozenset("件份个部篇项")}
_UNITS[ABOLISHED] = _UNITS[IN_FORCE] = _UNITS[ISSUED]
_CLAIM_UNITS = _CASE_UNITS.union(*_UNITS.values())

RULES, NORMATIVE, BOTH = "rules", "normative", "both"


@dataclass(frozen=True)
class Claim:
    """A figure the text states about one table cell (or a sum of cells)."""

    kind: str
    value: Number
    #: [start, end) of the claim in the paragraph: from its keyword to the unit.
    span: tuple[int, int]
    #: A rounded figure (“3.9万件”) matches table values within this distance.
    tolerance: Decimal = Decimal(0)
    #: For 规章 / 规范性文件 counts: RULES, NORMATIVE or BOTH.
    subject: str | None = None
    #: The sentence mentions 结转: a received figure may then include 二、上年结转.
    mentions_carry_over: bool = False


_APP = (r"(?:政府信息公开申请|信息公开申请|依申请(?:信息)?公开(?:的)?(?:申请|事项|(?:政府)?信息)?|公开申请"
        r"|公开政府信息(?:的)?申请)")
_DOC = r"(?:地方)?(?:政府)?(?:规章(?!制度)(?:(?:和|及|与|、|以及)(?:行政)?规范性文件)?|(?:行政)?规范性文件)"
_FILLER = r"(?:[ \u3000：:]|共计|合计|总计|共|计|为|达|有|是|数量|件数|总数|总量|数|的|了)*"
_PAIR = r"(?:行政复议(?:案件)?[、和及与]行政诉讼|复议[、和及与]诉讼)"
#: 按期办结 / 按时办理 count the applications handled in time, not all of them.
_NOT_ALL = "".join(
    f"(?<!{w})" for w in ("按期", "按时", "如期", "逾期", "及时", "限时", "当场", "当日", "即时"))
_LEAD = re.compile(
    "(?:"
    rf"(?P<{CARRIED_IN}>(?:上一?年度?|去年)结转(?:来)?(?:的)?(?:{_APP}|申请)?|结转上一?年度?的?(?:{_APP}|申请)?)"
    rf"|(?P<{CARRIED_OVER}>(?:结转|转入|转至|顺延)(?:至|到|入)?(?:下一?年度?|20\d\d年度?)(?:继续)?(?:办理|处理)?的?(?:申请)?)"
    rf"|(?P<{RECEIVED}>(?:共|总共|共计|全年共?|本年度?共?)?(?:新收|收到|受理|接收|接到|收悉)(?:了|到)?"
    rf"(?:(?!结转)[^，。；、,;\d]){{0,10}}?{_APP}(?:件数|数量|总数|件)?"
    rf"|{_APP}(?:方面)?(?:共|全年|本年度?)?(?:新收|收到|受理)(?:了|量)?)"
    # Not "办理上年结转政府信息公开申请2件": that figure is 二.
    rf"|(?P<{HANDLED}>(?:共|总共|共计|全年共?|本年度?共?)?{_NOT_ALL}办理(?:了)?(?:(?!结转)[^，。；、,;\d]){{0,24}}?{_APP}"
    r"(?:件数|数量|总数)?)"
    rf"|(?P<{CONCLUDED}>(?:均已|已全部|全部|已|共)?{_NOT_ALL}办结(?:了)?(?:{_APP}|的?申请)?)"
    rf"|(?P<{REFUSED}>不予(?:以)?公开的?(?:申请)?)"
    rf"|(?P<{GRANTED_OR_PARTLY}>(?<!不)(?:予以|同意|准予|全部)公开(?:及|和|与|以及|、|或)(?:予以)?部分公开的?(?:申请)?)"
    rf"|(?P<{GRANTED}>(?<!不)(?<!部分)(?:予以|同意|准予|全部)公开的?(?:申请)?)"
    rf"|(?P<{PARTLY}>(?:予以)?部分公开的?(?:申请)?)"
    rf"|(?P<{UNABLE}>无法提供的?(?:申请)?)"
    rf"|(?P<{NOT_PROCESSED}>不予处理的?(?:申请)?)"
    rf"|(?P<related>(?:办理|受理|发生|涉及|产生)(?:了)?(?:相关|有关|此类|上述)案件)"
    rf"|(?P<{REVIEW_AND_SUIT}>(?:办理|受理|发生|涉及|产生)(?:了)?的?{_PAIR}(?:案件)?"
    rf"|{_PAIR}(?:案件)?(?:共|共计|合计|总计))"
    rf"|(?P<pair>行政复议(?:案件)?[、和及与]行政诉讼(?:案件)?(?:各|均))"
    rf"|(?P<{DIRECT_SUIT}>(?:未经复议)?直接(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件)?)"
    rf"|(?P<{SUIT_AFTER_REVIEW}>复议后(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件)?)"
    rf"|(?P<{REVIEW}>行政复议(?:案件|申请|案)?)"
    rf"|(?P<{SUIT}>行政(?:诉讼|应诉)(?:案件|案)?)"
    rf"|(?P<{LICENSING}>行政许可(?:事项)?的?(?:处理)?决定(?:书)?"
    rf"|(?:作出|做出|办理|办结|审批)(?:了)?(?:各类)?行政许可(?:事项|审批事项|审批|业务|办件|申请)?)"
    rf"|(?P<{ISSUED}>(?:新)?(?:制定|制发|出台|印发)(?:了)?(?:相关|新的)?(?P<issued_doc>{_DOC})?"
    rf"|(?P<issued_doc_first>{_DOC})(?:方面)?(?:本年|全年|本年度)?(?:新)?(?:制定|制发|出台|印发)(?:了)?)"
    rf"|(?P<{ABOLISHED}>(?:宣布)?(?:废止|废除)(?:了)?(?:相关)?(?P<abolished_doc>{_DOC})?)"
    rf"|(?P<{IN_FORCE}>现行有效的?(?P<in_force_doc>{_DOC})?|(?P<in_force_doc_first>{_DOC})现行有效)"
    rf"){_FILLER}\Z"
)
_TRAIL = re.compile(
    r"的?(?:"
    rf"(?P<{RECEIVED}>{_APP})"
    rf"|(?P<{REFUSED}>不予(?:以)?公开)"
    rf"|(?P<{GRANTED}>(?:予以|同意)公开)"
    rf"|(?P<{PARTLY}>部分公开)"
    rf"|(?P<{UNABLE}>无法提供)"
    rf"|(?P<{NOT_PROCESSED}>不予处理)"
    rf"|(?P<{CARRIED_OVER}>(?:结转|转入)(?:至|到)?下一?年度?)"
    rf"|(?P<{REVIEW}>行政复议)"
    rf"|(?P<{SUIT}>行政诉讼)"
    # "1件行政复议、行政诉讼": one figure for two categories, not a claim ("2件予以公开、1件……" is).
    r")(?![、和及与或](?![\d一二两三四五六七八九十]))"
)
#: What may stand right before a number that a keyword follows: "其中2件予以公开".
_TRAIL_LEAD = re.compile(r"(?:^|[，、；：,;:（(]|其中|另有|另|有|共|均)[ \u3000]*\Z")
_TRAIL_LEAD_RECEIVED = re.compile(r"(?:新收|收到|受理|接收|接到)(?:了)?(?:共|共计)?[ \u3000]*\Z")
_TRAIL_LEAD_CASES = re.compile(
    r"(?:^|[，、；：,;:（(]|其中|发生|出现|涉及|收到|办理|被提起|提起|产生|有|共)[ \u3000]*\Z")
#: "已办结12件" counts applications only in a sentence about them, not one about
#: 建议提案, 咨询留言, 12345 工单 or 行政许可 that also names 申请.
_OTHER_BUSINESS = re.compile(
    "建议|提案|留言|咨询|来信|来电|信箱|工单|热线|诉求|投诉|举报|信访|许可|审批|政务服务|服务事项|复议|诉讼|案件")

_ZERO = re.compile(
    rf"(?P<{RECEIVED}>(?:未|没有)(?:新收|收到|受理|接到|接收)(?:过|到|任何|相关|有关|的)*[^，。；、,;\d]{{0,6}}?{_APP})"
    rf"|(?P<{ISSUED}>(?:未|没有|无)(?:新)?(?:制定|制发|出台|印发|发布)(?:过|了|任何|相关|有关|新的)*(?P<issued_doc>{_DOC}))"
    rf"|(?P<{IN_FORCE}>(?:无|没有|未有)现行有效的?(?P<in_force_doc>{_DOC}))"
    rf"|(?P<{ABOLISHED}>(?:未|没有|无)(?:废止|废除)(?:过|了|任何|相关)*(?P<abolished_doc>{_DOC}))"
)
#: The group of _ZERO_CASES: a zero statement about 行政复议 and/or 行政诉讼.
_ZERO_CASES_GROUP = "zero_cases"
#: Separate from _ZERO: "未收到因政府信息公开申请引起的行政诉讼" starts like a
#: statement about applications and must still be read as one about lawsuits.
_ZERO_CASES = re.compile(
    rf"(?P<{_ZERO_CASES_GROUP}>(?:未发生|没有发生|未出现|未产生|未有|未收到|未接到|无)(?:因|过|任何)?[^，。；,;\d]{{0,16}}?"
    r"(?P<first>行政复议|行政诉讼)(?:(?:案件)?[、和及与或](?P<second>行政诉讼))?)"
)
#: A zero statement must end its clause: "未制定相关规章及规范性文件。" but not
#: "无行政复议被纠错的情况".
_ZERO_END = re.compile(r"(?:案件|案|的情况|情况|事项|的)?(?:[，。；,;！!）)]|\Z)")
_ZERO_MARKERS = ("未", "无", "没有")

_YEAR = re.compile(r"((?:19|20)\d\d)[ \u3000]?年")
_DOC_MENTION = re.compile(_DOC)
_CONJUNCTION = "、和及与或"
_MAX_LEAD = 60


def _subject(doc: str | None) -> str | None:
    if not doc:
        return None
    if "规章" in doc:
        return BOTH if "规范性文件" in doc else RULES
    return NORMATIVE


def _other_year(text: str, start: int, end: int, year: int | None) -> bool:
    """Whether text[start:end] (the sentence up to a claim) names a year other than
    the report's or the next: "办理因2023年度申请引发的行政复议1件、行政诉讼2件" in a
    2024 report speaks of last year's applications in both parts."""
    if year is None:
        return False
    return any(int(m.group(1)) not in (year, year + 1) for m in _YEAR.finditer(text, start, end))


def _joined_with_another_category(text: str, keyword_start: int) -> bool:
    """"予以公开、部分公开、不予公开共3件": a figure for several categories together, not for the last one.
    "予以公开2件、部分公开1件" is a list: the character before 、 ends a figure."""
    if keyword_start < 2 or text[keyword_start - 1] not in _CONJUNCTION:
        return False
    before = text[keyword_start - 2]
    return not (before.isdigit() or before in "件份宗起例个项次条，,；;：:（(" or before.isspace())


def _doc_topic(text: str, start: int, end: int) -> str | None:
    """The document kind the sentence last spoke of, for "制发规范性文件3件，废止2件"."""
    doc = None
    for m in _DOC_MENTION.finditer(text, start, end):
        doc = m.group(0)
    return _subject(doc)


def _scope_start(agency: AgencyKind, sentence_start: int) -> int:
    # A government's "区政府本级……。予以公开20件" still speaks of 本级: its markers
    # hold for the paragraph. A department's hold for their sentence (today's rule).
    return 0 if agency is AgencyKind.GOVERNMENT else sentence_start


def find_claims(text: str, tokens: list[Token], year: int | None, about_applications: bool,
                agency: AgencyKind, context: str | None) -> list[Claim]:
    """The claims of one normalised paragraph, in text order. `context` is the
    scope the headings above it set (`model.narrative_scope`)."""
    about_applications = about_applications or "申请" in text
    claims: list[Claim] = []
    sentence_ends = [m.end() for m in SENTENCE_END.finditer(text)]
    lead_floor = 0
    for token in tokens:
        if token.unit in DATE_UNITS:
            continue
        floor, lead_floor = lead_floor, token.end
        if token.approx or token.unit not in _CLAIM_UNITS:
            continue
        i = bisect_right(sentence_ends, token.start)
        sentence_start = sentence_ends[i - 1] if i else 0
        lead_start = max(floor, sentence_start, token.start - _MAX_LEAD)
        claim = (_claim_before(text, token, lead_start, sentence_start, about_applications)
                 or _claim_after(text, token, lead_start, about_applications))
        if claim is None:
            continue
        kind, start, end, subject = claim
        clause_start = min(start, last_start(CLAUSE_END, text, sentence_start, token.start))
        if (NOT_THIS_YEAR.search(text, clause_start, token.start) or _other_year(text, sentence_start, end, year)
                or not is_compared(marker_scope(text, _scope_start(agency, sentence_start), end, agency),
                                   context, agency)):
            continue
        sentence = text[sentence_start:sentence_ends[i] if i < len(sentence_ends) else len(text)]
        if kind in _CASE_KINDS and "公开" not in sentence:
            continue
        if kind == CONCLUDED and ("申请" not in sentence or _OTHER_BUSINESS.search(text, sentence_start, end)):
            continue
        if kind == "related":
            review, suit = "复议" in sentence, "诉讼" in sentence
            if not (review or suit):
                continue
            kind = REVIEW_AND_SUIT if review and suit else REVIEW if review else SUIT
        # "共收到……10件（含上年结转1件）" may count 一 + 二; 新收 is 一 alone.
        mentions = kind == RECEIVED and "新收" not in text[start:end] and "结转" in sentence
        kinds = (REVIEW, SUIT) if kind == "pair" else (kind,)
        claims += [Claim(k, token.value, (start, end), token.tolerance, subject, mentions) for k in kinds]
    if any(marker in text for marker in _ZERO_MARKERS):
        claims += _zero_claims(text, year, about_applications, agency, context)
        claims.sort(key=lambda c: c.span)
    return claims


def _claim_before(text: str, token: Token, lead_start: int, sentence_start: int,
                  about_applications: bool) -> tuple[str, int, int, str | None] | None:
    """A keyword right before the number: "予以公开2件"."""
    m = _LEAD.search(text, lead_start, token.start)
    if m is None:
        return None
    kind = m.lastgroup
    if kind is None or _joined_with_another_category(text, m.start()):
        return None
    if kind in APPLICATION_KINDS and not about_applications:
        return None
    if token.unit not in _UNITS.get(kind, _CASE_UNITS):
        return None
    subject = None
    if kind in DOC_KINDS:
        groups = (f"{kind}_doc", f"{kind}_doc_first")
        doc = next((m.group(g) for g in groups if g in _LEAD.groupindex and m.group(g)), None)
        subject = _subject(doc) or _doc_topic(text, sentence_start, m.start())
        if subject is None:
            return None
    return kind, m.start(), token.end, subject


def _claim_after(text: str, token: Token, lead_start: int,
                 about_applications: bool) -> tuple[str, int, int, str | None] | None:
    """A keyword right after the figure: "其中2件予以公开", "收到9件政府信息公开申请"."""
    if token.unit not in _CASE_UNITS:
        return None
    m = _TRAIL.match(text, token.end)
    if m is None:
        return None
    kind = m.lastgroup
    if kind is None or (kind in APPLICATION_KINDS and not about_applications):
        return None
    lead = {RECEIVED: _TRAIL_LEAD_RECEIVED, REVIEW: _TRAIL_LEAD_CASES, SUIT: _TRAIL_LEAD_CASES}.get(kind, _TRAIL_LEAD)
    found = lead.search(text, lead_start, token.start)
    if found is None:
        return None
    return kind, token.start, m.end(), None


def _zero_claims(text: str, year: int | None, about_applications: bool, agency: AgencyKind,
                 context: str | None) -> list[Claim]:
    claims = []
    for m in (*_ZERO.finditer(text), *_ZERO_CASES.finditer(text)):
        if not _ZERO_END.match(text, m.end()):
            continue
        sentence_start = last_start(SENTENCE_END, text, 0, m.start())
        clause_start = min(m.start(), last_start(CLAUSE_END, text, sentence_start, m.start()))
        if (NOT_THIS_YEAR.search(text, clause_start, m.end()) or _other_year(text, sentence_start, m.end(), year)
                or not is_compared(marker_scope(text, _scope_start(agency, sentence_start), m.end(), agency),
                                   context, agency)):
            continue
        kind = m.lastgroup
        span = (m.start(), m.end())
        if kind == _ZERO_CASES_GROUP and "公开" not in text[sentence_start:sentence_bounds(text, m.start())[1]]:
            continue
        if kind == _ZERO_CASES_GROUP:
            kinds = [REVIEW if m.group("first") == "行政复议" else SUIT]
            if m.group("second"):
                kinds.append(SUIT)
            claims += [Claim(k, 0, span) for k in kinds]
        elif kind in DOC_KINDS:
            claims.append(Claim(kind, 0, span, subject=_subject(m.group(f"{kind}_doc"))))
        elif kind == RECEIVED and about_applications:
            claims.append(Claim(kind, 0, span))
    return claims
