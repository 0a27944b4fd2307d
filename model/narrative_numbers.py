"""Numbers the narrative states, checked against the tables (issue 7, parts 3 and 5).

The preamble and sections 一, 五 and 六 often restate table figures: "共收到政府
信息公开申请9件……其中，予以公开2件、部分公开1件". Evaluators compare them with
the tables, and a figure that disagrees is one of the errors that most often
reaches the public. This module

- reads numbers as Chinese reports write them (9件, 九件, 两件, 一百零五件,
  1.2万, 61.3万件, 3千, ９件, 38,651);
- recognises a small set of claims, each tied to specific cells: received
  (一), carried over from last year (二), granted (（一）), partly granted
  (（二）), refused (（三）), unable to provide (（四）), not processed (（五）),
  carried over to next year (四), 行政复议 and 行政诉讼 cases (表四), 行政许可
  decisions and 规章 / 规范性文件 counts (section 二), including the zero
  statements "未制定……规章及规范性文件", "无现行有效行政规范性文件",
  "未收到政府信息公开申请", "未发生……行政复议、行政诉讼";
- checks that a total followed by 其中 and a list of parts adds up.

Everything else with a number in it is ignored on purpose: years, dates,
percentages, ordinals, money, counts of other things (条 messages, 次, 个
projects, 人), differences ("较去年增加1件"), cumulative or last year's
figures, approximations ("3万余件"). A claim is only recognised when its
keyword stands right before the number (or, for a few forms, right after
it), so that a sentence about something else is never read as a claim: the
check must not drown the user in false alarms.

Every finding is a warning: the text may be right and the table wrong, or
the sentence may mean something narrower than the cell.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from model.findings import Finding, Location, Severity
from model.report import Report, format_value
from model.template import Table, Template

WARNING = Severity.WARNING
Number = int | Decimal

# --- numbers --------------------------------------------------------------------------

#: Full-width digits and punctuation mapped to ASCII one character to one
#: character, so that offsets in the normalised text are offsets in the paragraph.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_HAS_FULL_WIDTH = re.compile("[０-９．％]")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_ARABIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([十百千万亿]{0,2})")


def _as_number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else value.normalize()


def parse_chinese_number(text: str) -> Number | None:
    """The value of a number as a Chinese report writes it, or None.

    "9", "９", "38,651", "九", "两", "十二", "一百零五", "一万二" (12000),
    "1.2万" (12000), "61.3万" (613000), "3千" (3000), "二〇二四" (2024)."""
    parsed = _parse_with_precision(_normalise(text.strip()))
    return parsed[0] if parsed else None


def _parse_with_precision(text: str) -> tuple[Number, Decimal] | None:
    """(value, tolerance): a figure written with 万 or 亿 ("61.3万", "三万") is
    read as rounded, to half a unit of its last digit; other figures are exact."""
    if not text:
        return None
    match = _ARABIC.fullmatch(text)
    if match:
        digits, suffix = match.groups()
        try:
            value = Decimal(digits.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
        multiplier = 1
        for ch in suffix:
            multiplier *= _MULTIPLIERS[ch]
        tolerance = Decimal(0)
        if multiplier >= 10**4:
            exponent = value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            tolerance = Decimal(multiplier).scaleb(-places) / 2
        return _as_number(value * multiplier), tolerance
    value = _parse_chinese_numerals(text)
    if value is None:
        return None
    tolerance = Decimal(_CN_BIG_UNITS[text[-1]]) / 2 if text[-1] in _CN_BIG_UNITS else Decimal(0)
    return value, tolerance


def _parse_chinese_numerals(text: str) -> int | None:
    if any(ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in _CN_BIG_UNITS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        # Digit by digit, as years are written (二〇二四); "一二", "三四" are ranges, not numbers.
        return int("".join(str(_CN_DIGITS[ch]) for ch in text)) if len(text) >= 3 and "两" not in text else None
    yi = wan = section = 0  # the 亿 part, the 万 part, the part below 万
    seen_wan = seen_yi = False
    digit: int | None = None
    last_small: int | None = None  # the last of 十百千 in this group: they must decrease
    last_unit: int | None = None  # the unit right before a trailing digit: 一万二 = 12000
    after_zero = False
    for ch in text:
        if ch in _CN_DIGITS:
            value = _CN_DIGITS[ch]
            if digit is not None:
                return None  # two digits in a row: 一二万
            if value == 0:
                after_zero, last_unit = True, None
            else:
                digit = value
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if last_small is not None and unit >= last_small:
                return None  # 十百, 百百
            if digit is None:
                if unit != 10 or (section and not after_zero):
                    return None  # only 十 stands alone: 十二, 一千零十
                digit = 1
            section += digit * unit
            digit, last_small, last_unit, after_zero = None, unit, unit, False
        else:
            unit = _CN_BIG_UNITS[ch]
            if digit is not None:
                section, digit = section + digit, None
            if unit == 10**4:
                if seen_wan or not section:
                    return None  # 万万, 万 alone
                wan, seen_wan = section * unit, True
            else:
                if seen_yi or not (wan or section):
                    return None
                yi, wan, seen_wan, seen_yi = (wan + section) * unit, 0, False, True
            section, last_small, last_unit, after_zero = 0, None, unit, False
    if digit is not None:
        section += digit * (last_unit // 10 if last_unit and last_unit > 10 else 1)
    return yi + wan + section


# --- tokens: a number followed by a unit ----------------------------------------------------

_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
# A Chinese figure starts with 一…十: a lone 零 is not read (零件, 零星 are words).
_TOKEN = re.compile(
    r"(?P<num>(?<![\dA-Za-z.\-/_@])\d+(?:,\d{3}(?!\d))*(?:\.\d+)?[十百千万亿]{0,2}"
    rf"|(?<![{_CN_NUMERAL_CHARS}])[一二两三四五六七八九十][{_CN_NUMERAL_CHARS}]*)"
    r"(?P<approx>余|多)?[ \u3000]?"
    r"(?P<unit>件|条|个|次|人|份|场|项|篇|期|家|起|宗|例|户|名|位|元|年|月|日|天|号|%|张|部)"
)
_APPROX_BEFORE = ("约", "近", "超", "逾", "突破", "不足", "不到", "大约")
_APPROX_AFTER = ("以上", "左右", "之多", "有余", "多")
#: Units that date a sentence rather than count something.
_DATE_UNITS = frozenset("年月日号")


@dataclass(frozen=True)
class _Token:
    start: int  # the number
    num_end: int
    end: int  # after the unit
    value: Number
    tolerance: Decimal
    unit: str
    approx: bool


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        start, end, unit = m.start(), m.end(), m.group("unit")
        if start and text[start - 1] == "第":
            continue  # an ordinal: 第三方, 第3件
        if unit == "件" and text.startswith("事", end):
            continue  # 一件事, 高效办成一件事
        parsed = _parse_with_precision(m.group("num"))
        if parsed is None:
            continue
        before = text[max(0, start - 2):start]
        approx = (bool(m.group("approx")) or before.endswith(_APPROX_BEFORE) or text.startswith(_APPROX_AFTER, end)
                  or (not m.group("num")[0].isdigit() and before.endswith(("数", "几"))))  # 数十件
        tokens.append(_Token(start, m.end("num"), end, parsed[0], parsed[1], unit, approx))
    return tokens


# --- claims -----------------------------------------------------------------------------

RECEIVED = "received"  # 一、本年新收
CARRIED_IN = "carried_in"  # 二、上年结转
GRANTED = "granted"  # （一）予以公开
PARTLY = "partly"  # （二）部分公开
REFUSED = "refused"  # （三）不予公开
UNABLE = "unable"  # （四）无法提供
NOT_PROCESSED = "not_processed"  # （五）不予处理
CARRIED_OVER = "carried_over"  # 四、结转下年度继续办理
REVIEW = "review"  # 表四 行政复议
SUIT = "suit"  # 表四 行政诉讼 (both kinds)
DIRECT_SUIT = "direct_suit"
SUIT_AFTER_REVIEW = "suit_after_review"
LICENSING = "licensing"  # 第二十条第（五）项 行政许可
ISSUED = "issued"  # 第二十条第（一）项 本年制发件数
ABOLISHED = "abolished"
IN_FORCE = "in_force"
#: Kinds about the handling of applications: read only where the paragraph (or
#: the one before it) speaks of 申请, since 予以公开 alone can mean other things.
_APPLICATION_KINDS = frozenset({CARRIED_IN, GRANTED, PARTLY, REFUSED, UNABLE, NOT_PROCESSED, CARRIED_OVER})
_DOC_KINDS = frozenset({ISSUED, ABOLISHED, IN_FORCE})
#: Kinds about 行政复议 / 行政诉讼: read only in a sentence that speaks of 公开, since
#: table 四 counts only cases about information disclosure (a 司法局 handles
#: hundreds of other 行政复议 cases).
_CASE_KINDS = frozenset({REVIEW, SUIT, DIRECT_SUIT, SUIT_AFTER_REVIEW, "pair"})

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
    #: A rounded figure ("3.9万件") matches table values within this distance.
    tolerance: Decimal = Decimal(0)
    #: For 规章 / 规范性文件 counts: RULES, NORMATIVE or BOTH.
    subject: str | None = None
    #: The sentence mentions 结转: a received figure may then include 二、上年结转.
    mentions_carry_over: bool = False


_APP = r"(?:政府信息公开申请|信息公开申请|依申请公开(?:申请|事项)?|公开申请)"
_DOC = r"(?:地方)?(?:政府)?(?:规章(?!制度)(?:(?:和|及|与|、|以及)(?:行政)?规范性文件)?|(?:行政)?规范性文件)"
_FILLER = r"(?:[ \u3000：:]|共计|合计|总计|共|计|为|达|有|是|数量|件数|总数|总量|数|的|了)*"
_LEAD = re.compile(
    "(?:"
    rf"(?P<{CARRIED_IN}>(?:上一?年度?|去年)结转(?:来)?(?:的)?(?:{_APP}|申请)?|结转上一?年度?的?(?:{_APP}|申请)?)"
    rf"|(?P<{CARRIED_OVER}>(?:结转|转入|转至|顺延)(?:至|到|入)?(?:下一?年度?|20\d\d年度?)(?:继续)?(?:办理|处理)?的?(?:申请)?)"
    rf"|(?P<{RECEIVED}>(?:共|总共|共计|全年共?|本年度?共?)?(?:新收|收到|受理|接收|接到|收悉)(?:了|到)?"
    rf"[^，。；、,;\d]{{0,10}}?{_APP}(?:件数|数量|总数)?"
    rf"|{_APP}(?:方面)?(?:共|全年|本年度?)?(?:新收|收到|受理)(?:了)?)"
    rf"|(?P<{REFUSED}>不予(?:以)?公开的?(?:申请)?)"
    rf"|(?P<{GRANTED}>(?<!不)(?<!部分)(?:予以|同意|准予|全部)公开的?(?:申请)?)"
    rf"|(?P<{PARTLY}>(?:予以)?部分公开的?(?:申请)?)"
    rf"|(?P<{UNABLE}>无法提供的?(?:申请)?)"
    rf"|(?P<{NOT_PROCESSED}>不予处理的?(?:申请)?)"
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

_ZERO = re.compile(
    rf"(?P<{RECEIVED}>(?:未|没有)(?:新收|收到|受理|接到|接收)(?:过|到|任何|相关|有关|的)*[^，。；、,;\d]{{0,6}}?{_APP})"
    rf"|(?P<{ISSUED}>(?:未|没有|无)(?:新)?(?:制定|制发|出台|印发|发布)(?:过|了|任何|相关|有关|新的)*(?P<issued_doc>{_DOC}))"
    rf"|(?P<{IN_FORCE}>(?:无|没有|未有)现行有效的?(?P<in_force_doc>{_DOC}))"
    rf"|(?P<{ABOLISHED}>(?:未|没有|无)(?:废止|废除)(?:过|了|任何|相关)*(?P<abolished_doc>{_DOC}))"
)
#: Separate from _ZERO: "未收到因政府信息公开申请引起的行政诉讼" starts like a
#: statement about applications and must still be read as one about lawsuits.
_ZERO_CASES = re.compile(
    r"(?P<cases>(?:未发生|没有发生|未出现|未产生|未有|未收到|未接到|无)(?:因|过|任何)?[^，。；,;\d]{0,16}?"
    r"(?P<first>行政复议|行政诉讼)(?:(?:案件)?[、和及与或](?P<second>行政诉讼))?)"
)
#: A zero statement must end its clause: "未制定相关规章及规范性文件。" but not
#: "无行政复议被纠错的情况".
_ZERO_END = re.compile(r"(?:案件|案|的情况|情况|事项|的)?(?:[，。；,;！!）)]|\Z)")
_ZERO_MARKERS = ("未", "无", "没有")

#: A clause with one of these states a difference, an average, a cumulative or
#: last year's figure: not a figure of this year's table.
_NOT_THIS_YEAR = re.compile(
    r"较|同比|环比|相比|比上年|比去年|增加|减少|增长|下降|上升|提高|降低|增多|持平"
    r"|累计|以来|历年|至今|平均|年均|月均|每"
    r"|去年(?!度?结转)|(?<!结转)上一?年度?(?!度?结转)|往年|同期"
)
#: A sentence with one of these gives figures for the whole region or for
#: subordinate bodies: a 人民政府's report may state 全市 figures while its
#: tables are its own.
_OTHER_SCOPE = re.compile(r"全[市区县省州盟旗镇乡]|全系统|各级|各地|各部门|各单位|各县|各区|各乡镇|各街道|所属|下属")
_YEAR = re.compile(r"((?:19|20)\d\d)[ \u3000]?年")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，。；、,;：:（(！？!?\n]")
_DOC_MENTION = re.compile(_DOC)
_CONJUNCTION = "、和及与或"
_MAX_LEAD = 60


def _subject(doc: str | None) -> str | None:
    if not doc:
        return None
    if "规章" in doc:
        return BOTH if "规范性文件" in doc else RULES
    return NORMATIVE


def _last_start(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """The position after the last match of `pattern` in text[start:end], else start."""
    last = start
    for m in pattern.finditer(text, start, end):
        last = m.end()
    return last


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    start = _last_start(_SENTENCE_END, text, 0, position)
    end_match = _SENTENCE_END.search(text, position)
    return start, end_match.end() if end_match else len(text)


def _other_year(text: str, start: int, end: int, year: int | None) -> bool:
    if year is None:
        return False
    return any(int(m.group(1)) not in (year, year + 1) for m in _YEAR.finditer(text, start, end))


def _joined_with_another_category(text: str, keyword_start: int) -> bool:
    """"予以公开、部分公开共3件": a figure for two categories together, not for the last one.
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


def extract_claims(text: str, *, year: int | None = None, about_applications: bool = False) -> list[Claim]:
    """Every figure `text` (one paragraph) states about a table cell, in text order.

    `year` is the report year: a clause naming another year is not about this
    report's tables. Claims about the handling of applications (予以公开 …) are
    read only if the text mentions 申请 or `about_applications` says the
    paragraph before did."""
    return list(_analyse(text, year, about_applications)[0])


@lru_cache(maxsize=4096)
def _analyse(paragraph: str, year: int | None,
             about_applications: bool) -> tuple[tuple[Claim, ...], tuple[StatedSum, ...]]:
    """The claims and the sums that do not add up, of one paragraph.

    Memoised: the checks run on every keystroke, and a keystroke changes one
    paragraph; the others are read once. The function is pure, so this is safe."""
    text = _normalise(paragraph)
    tokens = _tokens(text)
    return tuple(_claims(text, tokens, year, about_applications)), tuple(_stated_sums(text, tokens))


def _normalise(text: str) -> str:
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


def _claims(text: str, tokens: list[_Token], year: int | None, about_applications: bool) -> list[Claim]:
    about_applications = about_applications or "申请" in text
    claims: list[Claim] = []
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    lead_floor = 0
    for token in tokens:
        if token.unit in _DATE_UNITS:
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
        clause_start = min(start, _last_start(_CLAUSE_END, text, sentence_start, token.start))
        if (_NOT_THIS_YEAR.search(text, clause_start, token.start) or _other_year(text, clause_start, end, year)
                or _OTHER_SCOPE.search(text, sentence_start, end)):
            continue
        sentence = text[sentence_start:sentence_ends[i] if i < len(sentence_ends) else len(text)]
        if kind in _CASE_KINDS and "公开" not in sentence:
            continue
        # "共收到……10件（含上年结转1件）" may count 一 + 二; 新收 is 一 alone.
        mentions = kind == RECEIVED and "新收" not in text[start:end] and "结转" in sentence
        kinds = (REVIEW, SUIT) if kind == "pair" else (kind,)
        claims += [Claim(k, token.value, (start, end), token.tolerance, subject, mentions) for k in kinds]
    if any(marker in text for marker in _ZERO_MARKERS):
        claims += _zero_claims(text, year, about_applications)
        claims.sort(key=lambda c: c.span)
    return claims


def _claim_before(text: str, token: _Token, lead_start: int, sentence_start: int,
                  about_applications: bool) -> tuple[str, int, int, str | None] | None:
    """A keyword right before the number: "予以公开2件"."""
    m = _LEAD.search(text, lead_start, token.start)
    if m is None:
        return None
    kind = m.lastgroup
    if kind is None or _joined_with_another_category(text, m.start()):
        return None
    if kind in _APPLICATION_KINDS and not about_applications:
        return None
    if token.unit not in _UNITS.get(kind, _CASE_UNITS):
        return None
    subject = None
    if kind in _DOC_KINDS:
        groups = (f"{kind}_doc", f"{kind}_doc_first")
        doc = next((m.group(g) for g in groups if g in _LEAD.groupindex and m.group(g)), None)
        subject = _subject(doc) or _doc_topic(text, sentence_start, m.start())
        if subject is None:
            return None
    return kind, m.start(), token.end, subject


def _claim_after(text: str, token: _Token, lead_start: int,
                 about_applications: bool) -> tuple[str, int, int, str | None] | None:
    """A keyword right after the figure: "其中2件予以公开", "收到9件政府信息公开申请"."""
    if token.unit not in _CASE_UNITS:
        return None
    m = _TRAIL.match(text, token.end)
    if m is None:
        return None
    kind = m.lastgroup
    if kind is None or (kind in _APPLICATION_KINDS and not about_applications):
        return None
    lead = {RECEIVED: _TRAIL_LEAD_RECEIVED, REVIEW: _TRAIL_LEAD_CASES, SUIT: _TRAIL_LEAD_CASES}.get(kind, _TRAIL_LEAD)
    found = lead.search(text, lead_start, token.start)
    if found is None:
        return None
    return kind, token.start, m.end(), None


def _zero_claims(text: str, year: int | None, about_applications: bool) -> list[Claim]:
    claims = []
    for m in (*_ZERO.finditer(text), *_ZERO_CASES.finditer(text)):
        if not _ZERO_END.match(text, m.end()):
            continue
        sentence_start = _last_start(_SENTENCE_END, text, 0, m.start())
        clause_start = min(m.start(), _last_start(_CLAUSE_END, text, sentence_start, m.start()))
        if (_NOT_THIS_YEAR.search(text, clause_start, m.end()) or _other_year(text, clause_start, m.end(), year)
                or _OTHER_SCOPE.search(text, sentence_start, m.end())):
            continue
        kind = m.lastgroup
        span = (m.start(), m.end())
        if kind == "cases" and "公开" not in text[sentence_start:_sentence_bounds(text, m.start())[1]]:
            continue
        if kind == "cases":
            kinds = [REVIEW if m.group("first") == "行政复议" else SUIT]
            if m.group("second"):
                kinds.append(SUIT)
            claims += [Claim(k, 0, span) for k in kinds]
        elif kind in _DOC_KINDS:
            claims.append(Claim(kind, 0, span, subject=_subject(m.group(f"{kind}_doc"))))
        elif kind == RECEIVED and about_applications:
            claims.append(Claim(kind, 0, span))
    return claims


# --- claims → cells ------------------------------------------------------------------------

_T3_GROUPS = {REFUSED: "3.3.", UNABLE: "3.4.", NOT_PROCESSED: "3.5."}
_T3_ROWS = {RECEIVED: "1", CARRIED_IN: "2", GRANTED: "3.1", PARTLY: "3.2", CARRIED_OVER: "4"}
_T4_COLUMNS = {
    REVIEW: ("review.total",),
    SUIT: ("direct_suit.total", "suit_after_review.total"),
    DIRECT_SUIT: ("direct_suit.total",),
    SUIT_AFTER_REVIEW: ("suit_after_review.total",),
}
#: Section 二, table 第二十条第（一）项: the column of each document count, by template year.
_DOC_COLUMNS = {
    2021: {ISSUED: "issued", ABOLISHED: "abolished", IN_FORCE: "in_force"},
    2019: {ISSUED: "made"},  # 本年新制作数量; 2019 has no 废止 or 现行有效 column
}


def claim_cells(claim: Claim, template: Template) -> tuple[Table, tuple[tuple[str, str], ...]] | None:
    """The table and cells (row id, column id) whose sum `claim` states, or None."""
    kind = claim.kind
    if kind in _T3_ROWS or kind in _T3_GROUPS:
        if not template.has_table("t3"):
            return None
        table = template.table("t3")
        if kind in _T3_ROWS:
            rows: tuple[str, ...] = (_T3_ROWS[kind],)
        else:
            rows = tuple(r for r in table.row_ids if r.startswith(_T3_GROUPS[kind]))
        cells = tuple((r, "total") for r in rows)
    elif kind in _T4_COLUMNS:
        if not template.has_table("t4"):
            return None
        table = template.table("t4")
        cells = tuple(("cases", c) for c in _T4_COLUMNS[kind])
    elif kind == LICENSING:
        if not template.has_table("t2_5"):
            return None
        table = template.table("t2_5")
        column = next((c for c in ("decisions", "decision_count") if table.has_cell("licensing", c)), None)
        if column is None:
            return None
        cells = (("licensing", column),)
    elif kind in _DOC_KINDS:
        column = _DOC_COLUMNS.get(template.year, {}).get(kind)
        if column is None or not template.has_table("t2_1"):
            return None
        table = template.table("t2_1")
        rows = {RULES: ("rules",), NORMATIVE: ("normative",), BOTH: ("rules", "normative")}[claim.subject or ""]
        cells = tuple((r, column) for r in rows)
    else:
        return None
    if not cells or not all(table.has_cell(r, c) for r, c in cells):
        return None
    return table, cells


def _cells_name(table: Table, cells: tuple[tuple[str, str], ...]) -> str:
    if len(cells) == 1:
        return table.cell_name(*cells[0])
    rows = {r for r, _c in cells}
    columns = {c for _r, c in cells}
    if len(columns) == 1 and len(rows) > 1 and table.id == "t3":
        group = table.row(cells[0][0]).path[1]  # （三）不予公开
        return f"{table.name} {group}（各项之和）· {table.column_name(cells[0][1])}"
    names = [table.cell_name(r, c).removeprefix(table.name).strip() for r, c in cells]
    return f"{table.name} {'与'.join(names)}之和"


def _excerpt(text: str, start: int, end: int, limit: int = 60) -> str:
    excerpt = text[start:end].strip()
    return excerpt if len(excerpt) <= limit else excerpt[: limit - 1] + "…"


# --- the checks ----------------------------------------------------------------------------


def _narrative_blocks(report: Report) -> list[tuple[str, str, list[str]]]:
    """(section id, title, paragraphs): the preamble, then sections 一, 五 and 六."""
    narrative = report.template.narrative_section_ids
    blocks = [("preamble", "开篇", report.preamble)]
    blocks += [(s.id, s.title, s.paragraphs) for s in report.sections if s.id in narrative]
    return blocks


def check_narrative_numbers(report: Report) -> list[Finding]:
    """NARRATIVE-TABLE and NARRATIVE-SUM warnings for the preamble and the narrative
    sections (一, 五, 六), in document order."""
    template = report.template
    cells = report.cells
    year = report.meta.year or None
    findings: list[Finding] = []
    for section_id, title, paragraphs in _narrative_blocks(report):
        previous = ""
        for index, paragraph in enumerate(paragraphs):
            where = f"{title} 第 {index + 1} 段"
            claims, sums = _analyse(paragraph, year, "申请" in previous)
            for claim in claims:
                finding = _compare(claim, template, cells, paragraph, section_id, index, where)
                if finding:
                    findings.append(finding)
            if sums:
                findings += _sum_findings(paragraph, sums, section_id, index, where)
            previous = paragraph
    return findings


def _compare(claim: Claim, template: Template, cells: dict, paragraph: str, section_id: str, index: int,
             where: str) -> Finding | None:
    target = claim_cells(claim, template)
    if target is None:
        return None
    table, keys = target
    values = [cells.get((table.id, r, c)) for r, c in keys]
    if any(v is None for v in values):
        return None  # blank (or missing) cells: the blank and structure checks speak for them
    actual = sum(values)
    if abs(actual - claim.value) <= claim.tolerance:
        return None
    if claim.kind == RECEIVED and claim.mentions_carry_over:
        carried = cells.get((table.id, "2", "total"))
        if carried is not None and abs(actual + carried - claim.value) <= claim.tolerance:
            return None  # "共收到……10件（含上年结转1件）": 一 + 二
    excerpt = _excerpt(paragraph, *claim.span)
    stated = format_value(claim.value)
    note = "" if stated in _normalise(excerpt).replace(",", "") else f"（即 {stated}）"
    rows = {r for r, _c in keys}
    columns = {c for _r, c in keys}
    return Finding(
        "NARRATIVE-TABLE", WARNING,
        f"{where}：“{excerpt}”{note}与{_cells_name(table, keys)}（{format_value(actual)}）不一致。",
        Location(section_id, table=table.id,
                 row=next(iter(rows)) if len(rows) == 1 else None,
                 column=next(iter(columns)) if len(columns) == 1 else None,
                 paragraph=index, cells=keys, span=claim.span))


# --- sums stated in text: "公开政务信息475条，其中政务动态159条、……" ---------------------------------

#: Units a total and its parts may share (not dates, not percentages).
_SUM_UNITS = frozenset("件条个次人份场项篇期家起宗例户名位元天张部")
_RESIDUAL = re.compile(r"其他|其它|其余|剩余|另有")
_PART_BREAK = re.compile(r"[，,；;]")
_AFTER_QIZHONG = re.compile(r"[ \u3000，,：:]*")


@dataclass(frozen=True)
class StatedSum:
    """A total followed by 其中 and its parts, as the text states them."""

    total: int | Decimal
    unit: str
    total_span: tuple[int, int]
    #: Every part: (value, [start, end) of its clause).
    parts: tuple[tuple[Number, tuple[int, int]], ...]
    sentence: tuple[int, int]
    #: Whether the parts as listed are meant to be exhaustive (a 其他 part) — only
    #: then is a shortfall an error; an excess always is.
    exhaustive: bool

    @property
    def parts_sum(self) -> Number:
        return sum((v for v, _span in self.parts), 0)


def stated_sums(text: str) -> list[StatedSum]:
    """Totals with 其中-lists in `text` whose parts do not add up to the total.

    A list whose first run of parts (up to the first ，) adds up, or whose parts
    up to some ，-boundary add up, is consistent; otherwise the first run of at
    least two parts is reported when it exceeds the total, or falls short of it
    while naming a residual category (其他信息……), since a list without one may
    be a selection."""
    return list(_analyse(text, None, False)[1])


def _stated_sums(text: str, tokens: list[_Token]) -> list[StatedSum]:
    if "其中" not in text:
        return []
    tokens = [t for t in tokens if t.unit in _SUM_UNITS]
    found = []
    for m in re.finditer("其中", text):
        list_start = _AFTER_QIZHONG.match(text, m.end()).end()
        stop = m.start()
        while stop > 0 and text[stop - 1] in " \u3000，,：:":
            stop -= 1
        total = next((t for t in tokens if t.end == stop), None)
        if total is None or total.approx:
            continue
        sentence_start, sentence_end = _sentence_bounds(text, m.start())
        clause_start = _last_start(_CLAUSE_END, text, sentence_start, total.start)
        if _NOT_THIS_YEAR.search(text, clause_start, total.start):
            continue
        next_qizhong = text.find("其中", m.end(), sentence_end)
        list_end = sentence_end if next_qizhong == -1 else next_qizhong
        groups: list[list[tuple[_Token, int]]] = [[]]
        previous_end = list_start
        approx = False
        for token in tokens:
            if token.start < list_start or token.end > list_end or token.unit != total.unit:
                continue
            part_start = _last_start(_CLAUSE_END, text, previous_end, token.start)
            if _PART_BREAK.search(text, previous_end, part_start) and groups[-1]:
                groups.append([])
            previous_end = token.end
            if _NOT_THIS_YEAR.search(text, part_start, token.start):
                continue
            approx = approx or token.approx
            groups[-1].append((token, part_start))
        first = groups[0]
        if approx or len(first) < 2:
            continue
        prefix_sums, running = [], 0
        for group in groups:
            running += sum(t.value for t, _s in group)
            prefix_sums.append(running)
        if total.value in prefix_sums:
            continue
        parts = tuple((t.value, (s, t.end)) for t, s in first)
        exhaustive = any(_RESIDUAL.search(text, s, t.start) for t, s in first)
        stated = StatedSum(total.value, total.unit,
                           (_last_start(_CLAUSE_END, text, sentence_start, total.start), total.end),
                           parts, (sentence_start, sentence_end), exhaustive)
        if stated.parts_sum > total.value or exhaustive:
            found.append(stated)
    return found


def _sum_findings(paragraph: str, sums: tuple[StatedSum, ...], section_id: str, index: int,
                  where: str) -> list[Finding]:
    findings = []
    for stated in sums:
        unit = stated.unit
        parts = "、".join(_excerpt(paragraph, *span, limit=30) for _v, span in stated.parts)
        sum_text = "+".join(format_value(v) for v, _span in stated.parts)
        findings.append(Finding(
            "NARRATIVE-SUM", WARNING,
            f"{where}：“{_excerpt(paragraph, *stated.total_span)}”，其中所列各项（{parts}）"
            f"之和为 {sum_text} = {format_value(stated.parts_sum)} {unit}，"
            f"与总数 {format_value(stated.total)} {unit}不一致。",
            Location(section_id, paragraph=index, span=stated.sentence)))
    return findings


# --- part 5: (六)2 and 信息处理费 ---------------------------------------------------------------

_FEE_ROW, _FEE_COLUMN = "3.6.2", "total"


def check_fee_mention(report: Report) -> list[Finding]:
    """S6-FEE: applications dropped for unpaid fees (表三 （六）2 > 0) while section 六
    says nothing about 信息处理费. The 2019 template has no （六）2: nothing to check."""
    template = report.template
    if not template.has_table("t3") or not template.table("t3").has_cell(_FEE_ROW, _FEE_COLUMN):
        return []
    value = report.value("t3", _FEE_ROW, _FEE_COLUMN)
    section = report.section("s6")
    if value is None or value <= 0 or section is None:
        return []
    if any("信息处理费" in "".join(p.split()) for p in section.paragraphs):
        return []
    table = template.table("t3")
    return [Finding(
        "S6-FEE", WARNING,
        f"{section.title}：{table.cell_name(_FEE_ROW, _FEE_COLUMN)}为 {format_value(value)}，"
        f"即有申请因申请人逾期未缴纳费用而不再处理，但本部分未提及信息处理费；"
        f"应按《政府信息公开信息处理费管理办法》说明信息处理费的收取情况。",
        Location("s6", table="t3", row=_FEE_ROW, column=_FEE_COLUMN, cells=((_FEE_ROW, _FEE_COLUMN),)))]
