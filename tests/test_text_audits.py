"""The text audits (model/text_audits.py) on the corpus of tests/text_audit_corpus.py: each positive
marks exactly its spans, each look-alike raises nothing; and the sample, the narrative corpus and the
importer's truth reports raise none of these rules."""

from __future__ import annotations

import pytest

from model.checks import check_report
from model.findings import Finding, Location, Severity
from model.report import Metadata, Report
from model.rule_names import RULE_NAMES
from model.templates import TEMPLATES
from model.text_audit_headings import chinese_number, chinese_numeral
from model.text_audits import RULES, check_text_audits
from tests import text_audit_corpus as corpus
from tests.narrative_corpus import CORPUS as NARRATIVE_CORPUS
from tests.text_audit_corpus import HeadingCase, Span, TextCase

HEADING_RULES = {corpus.NUMBERING, corpus.SUBTOPIC, corpus.ORDINAL}
FEE_STATEMENT = "本年度未收取政府信息公开信息处理费。"


def blank_report(carried_over: int = 0) -> Report:
    """A 2021 report whose tables are all 0 (but 结转下年度), whose text says nothing the audits mind."""
    report = Report.blank(Metadata(agency="某某市生态环境局", year=2024), TEMPLATES[2021])
    for key in report.cells:
        report.cells[key] = 0
    report.cells[("t3", "4", "natural")] = report.cells[("t3", "4", "total")] = carried_over
    report.preamble = ["本报告根据《中华人民共和国政府信息公开条例》要求编制。"]
    report.section("s1").paragraphs = [corpus.BODY]
    report.section("s5").paragraphs = ["政策解读的形式还不够丰富，下一步将增加图解和视频解读。"]
    report.section("s6").paragraphs = [FEE_STATEMENT]
    return report


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def marked_spans(case: TextCase) -> list[tuple[int, int]]:
    spans = []
    for span in case.marked:
        start = case.text.index(span.text) if span.start is None else span.start
        assert case.text[start:start + len(span.text)] == span.text, span
        spans.append((start, start + len(span.text)))
    return spans


def check_text_cases(rule: str, case: TextCase, carried_over: int = 0) -> None:
    report = blank_report(carried_over)
    report.section("s1").paragraphs = [corpus.BODY, case.text]
    findings = check_text_audits(report)
    assert {f.rule for f in findings} <= {rule}, findings
    assert [(f.location.section, f.location.paragraph) for f in findings] == [("s1", 1)] * len(findings)
    assert [f.location.span for f in findings] == marked_spans(case), [f.message for f in findings]
    assert all(f.severity is Severity.WARNING and f.message.startswith("一、总体情况 第 2 段：") for f in findings)


def ids(cases: list[TextCase]) -> list[str]:
    return [f"{'fires' if c.marked else 'silent'}-{i:02d}" for i, c in enumerate(cases)]


@pytest.mark.parametrize("case", corpus.DOUBLED, ids=ids(corpus.DOUBLED))
def test_doubled_words(case: TextCase) -> None:
    check_text_cases("TEXT-DOUBLED", case)


@pytest.mark.parametrize("case", corpus.ASCII_PUNCT, ids=ids(corpus.ASCII_PUNCT))
def test_ascii_punctuation_between_chinese(case: TextCase) -> None:
    check_text_cases("TEXT-ASCII-PUNCT", case)


@pytest.mark.parametrize("case", corpus.FULLWIDTH, ids=ids(corpus.FULLWIDTH))
def test_full_width_digits_and_letters(case: TextCase) -> None:
    check_text_cases("TEXT-FULLWIDTH", case)


@pytest.mark.parametrize("case", corpus.ALL_CONCLUDED, ids=ids(corpus.ALL_CONCLUDED))
def test_all_concluded_claims_while_applications_are_carried_over(case: TextCase) -> None:
    check_text_cases("TEXT-ALL-CONCLUDED", case, carried_over=3)


@pytest.mark.parametrize("case", [c for c in corpus.ALL_CONCLUDED if c.marked])
def test_all_concluded_is_true_when_nothing_is_carried_over(case: TextCase) -> None:
    for carried_over in (0, None):
        report = blank_report()
        report.cells[("t3", "4", "total")] = carried_over
        report.section("s1").paragraphs = [case.text]
        assert of_rule(check_text_audits(report), "TEXT-ALL-CONCLUDED") == []


def test_the_all_concluded_message_gives_the_carried_over_number() -> None:
    report = blank_report(carried_over=3)
    report.section("s1").paragraphs = ["本年度共收到政府信息公开申请9件，所有申请均已办结。"]
    (finding,) = check_text_audits(report)
    assert finding.message == (
        "一、总体情况 第 1 段：“所有申请均已办结”称申请均已办结，而表三 四、结转下年度继续办理 · 总计为 3，"
        "即有 3 件申请结转下年度继续办理；应写明已办结的件数和结转的件数。")
    assert finding.location == Location("s1", table="t3", row="4", column="total", paragraph=0,
                                        cells=(("4", "total"),), span=(17, 25))


def test_the_family_of_each_rule_is_large_enough() -> None:
    for cases in (corpus.DOUBLED, corpus.ASCII_PUNCT, corpus.FULLWIDTH, corpus.ALL_CONCLUDED):
        assert len([c for c in cases if c.marked]) >= 5 and len([c for c in cases if not c.marked]) >= 3


# --- headings ------------------------------------------------------------------------------------


def heading_ids() -> list[str]:
    return [f"{c.section}-{'fires' if c.expected else 'silent'}-{i:02d}" for i, c in enumerate(corpus.HEADING_CASES)]


@pytest.mark.parametrize("case", corpus.HEADING_CASES, ids=heading_ids())
def test_heading_numbering(case: HeadingCase) -> None:
    report = blank_report()
    report.section(case.section).paragraphs = list(case.paragraphs)
    findings = [f for f in check_text_audits(report) if f.rule in HEADING_RULES]
    found = [(f.rule, f.location.paragraph, case.paragraphs[f.location.paragraph][slice(*f.location.span)])
             for f in findings if f.location.paragraph is not None and f.location.span is not None]
    assert found == list(case.expected), [f.message for f in findings]
    assert len(findings) == len(case.expected)


def heading_messages(section: str, *paragraphs: str) -> list[str]:
    report = blank_report()
    report.section(section).paragraphs = list(paragraphs)
    return [f.message for f in check_text_audits(report) if f.rule in HEADING_RULES]


def test_heading_messages_say_what_is_expected() -> None:
    body = corpus.BODY
    assert heading_messages("s1", "（一）主动公开。" + body, "（三）依申请公开。" + body) == [
        "一、总体情况 第 2 段：标题序号不连续，“（三）”接在“（一）”之后，序号跳号，应为“（二）”。"]
    assert heading_messages("s5", "（一）问题", "（二）措施", "（一）打算") == [
        "五、存在的主要问题及改进情况 第 3 段：标题序号不连续，“（一）”接在“（二）”之后，序号重新开始，应为“（三）”。"]
    assert heading_messages("s6", "(二)信息处理费", FEE_STATEMENT) == [
        "六、其他需要报告的事项 第 1 段：标题序号不连续，“(二)”是本级第一个标题，应为“(一)”。"]
    assert heading_messages("s1", "一、主动公开", body, "二、依申请公开", body)[1] == (
        "一、总体情况 第 3 段：分项标题“二、”与六个部分的标题同级，一、总体情况下的分项应为“（二）”。")
    assert heading_messages("s1", body, "四、收到和处理政府信息公开申请情况") == [
        "一、总体情况 第 2 段：“四、收到和处理政府信息公开申请情况”的序号有误，该部分是第三部分，"
        "序号应为“三、”（“三、收到和处理政府信息公开申请情况”）。"]
    assert heading_messages("s1", body, "五、存在的主要问题及改进情况") == [
        "一、总体情况 第 2 段：“五、存在的主要问题及改进情况”是第五部分的标题，却写在“一、总体情况”之中；"
        "六个部分应依次排列，各部分的内容应写在该部分之下。"]


def test_headings_in_the_opening_are_audited_as_the_preamble() -> None:
    report = blank_report()
    report.preamble = ["（一）编制依据。" + corpus.BODY, "（三）统计期限。" + corpus.BODY]
    (finding,) = check_text_audits(report)
    assert (finding.rule, finding.location) == ("TEXT-NUMBERING", Location("preamble", paragraph=1, span=(0, 3)))
    assert finding.message.startswith("开篇 第 2 段：")


def test_each_section_numbers_its_headings_afresh() -> None:
    report = blank_report()
    report.section("s5").paragraphs = ["（一）存在的主要问题", "（二）改进情况"]
    report.section("s6").paragraphs = ["（一）信息处理费", FEE_STATEMENT, "（二）其他事项"]
    assert check_text_audits(report) == []


@pytest.mark.parametrize(("number", "numeral"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                                 (23, "二十三"), (99, "九十九")])
def test_chinese_numerals_both_ways(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral
    assert chinese_number(numeral) == number


@pytest.mark.parametrize("text", ["", "零", "十十", "一二", "二十十", "一十一二"])
def test_what_is_not_a_chinese_number(text: str) -> None:
    assert chinese_number(text) is None


# --- S6-FEE-UNSTATED ------------------------------------------------------------------------------


@pytest.mark.parametrize("paragraphs", corpus.FEE_STATED)
def test_a_section_six_that_states_the_fee_in_any_words(paragraphs: tuple[str, ...]) -> None:
    report = blank_report()
    report.section("s6").paragraphs = list(paragraphs)
    assert of_rule(check_report(report), "S6-FEE-UNSTATED") == []


@pytest.mark.parametrize("paragraphs", corpus.FEE_UNSTATED)
def test_a_section_six_silent_on_the_fee(paragraphs: tuple[str, ...]) -> None:
    report = blank_report()
    report.section("s6").paragraphs = list(paragraphs)
    findings = check_report(report)
    (finding,) = of_rule(findings, "S6-FEE-UNSTATED")
    assert finding.location == Location("s6")
    assert finding.message == (
        "六、其他需要报告的事项：未说明信息处理费的收取情况；应按《政府信息公开信息处理费管理办法》写明"
        "本年度收取信息处理费的情况（未收取的，写明“未收取信息处理费”）。")
    assert of_rule(findings, "S6-FEE") == []


@pytest.mark.parametrize("paragraphs", [corpus.FEE_UNSTATED[0], ("依申请公开不收取任何费用。",)])
def test_where_s6_fee_fires_the_weaker_finding_is_not_repeated(paragraphs: tuple[str, ...]) -> None:
    report = blank_report()
    report.cells[("t3", "3.6.2", "natural")] = report.cells[("t3", "3.6.2", "total")] = 1
    report.section("s6").paragraphs = list(paragraphs)
    findings = check_report(report)
    assert len(of_rule(findings, "S6-FEE")) == 1
    assert of_rule(findings, "S6-FEE-UNSTATED") == []


@pytest.mark.parametrize("empty", [[], [""], ["。"]])
def test_an_empty_section_six_is_left_to_text_empty(empty: list[str]) -> None:
    report = blank_report()
    report.section("s6").paragraphs = empty
    findings = check_report(report)
    assert len(of_rule(findings, "TEXT-EMPTY")) == 1
    assert of_rule(findings, "S6-FEE-UNSTATED") == []


def test_the_2019_template_has_the_fee_rule_too() -> None:
    report = Report.blank(Metadata(agency="某某市生态环境局", year=2020), TEMPLATES[2019])
    report.section("s6").paragraphs = ["无其他需要报告的事项。"]
    assert [f.rule for f in check_text_audits(report)] == ["S6-FEE-UNSTATED"]


# --- no false alarms on real text -----------------------------------------------------------------


def test_the_sample_raises_none_of_the_text_audits(sample: Report) -> None:
    assert check_text_audits(sample) == []
    assert not set(RULES) & {f.rule for f in check_report(sample)}
    assert len(RULES) == 8


#: The one sentence of the narrative corpus that says every application was concluded.
CLAIMS_ALL_CONCLUDED = {"全年共办理依申请公开事项6件，已全部办结。"}


def test_the_narrative_corpus_raises_none() -> None:
    report = blank_report(carried_over=2)
    for case in NARRATIVE_CORPUS:
        report.section("s1").paragraphs = [*case.before, case.text]
        # A heading of `before` is an excerpt (「（二）依申请公开情况」 without its （一）): its number is not audited.
        found = [f.rule for f in check_text_audits(report)
                 if not (f.rule == "TEXT-NUMBERING" and (f.location.paragraph or 0) < len(case.before))]
        assert found == (["TEXT-ALL-CONCLUDED"] if case.text in CLAIMS_ALL_CONCLUDED else []), case.text


def test_the_truth_reports_of_the_importer_raise_none() -> None:
    from tests.documents.truth_reports import truth_reports

    for name, report in truth_reports().items():
        assert check_text_audits(report) == [], name


def test_the_documents_the_importer_reads_raise_none() -> None:
    """The published-report fixtures as the importer reads them (docx, PDF, web pages, plain text):
    wrapped lines joined, headings split off, 「某县人民政府政府信息公开」 kept; no audit fires."""
    from tests.test_document_fixtures import DOCUMENTS, reading

    assert len(DOCUMENTS) >= 20
    for entry in DOCUMENTS:
        report = reading(entry["file"]).report
        assert report is not None and check_text_audits(report) == [], entry["file"]


def test_every_rule_has_a_short_chinese_name() -> None:
    names = [RULE_NAMES[rule] for rule in RULES]
    assert all(4 <= len(name) <= 10 for name in names)
    others = {name for rule, name in RULE_NAMES.items() if rule not in RULES}
    assert len(set(names)) == len(names) and not set(names) & others


def test_a_finding_span_selects_the_text_as_stored() -> None:
    report = blank_report()
    report.section("s1").paragraphs = ["\u3000\u3000全年投入资金资金12万元。"]
    (finding,) = check_text_audits(report)
    paragraph = report.section("s1").paragraphs[0]
    assert paragraph[slice(*finding.location.span)] == "资金资金"


def test_a_pasted_paragraph_full_of_ascii_commas_lists_the_first_five() -> None:
    report = blank_report()
    report.section("s1").paragraphs = ["公开,主动,依申请,管理,平台,监督,保障,考核。"]
    findings = check_text_audits(report)
    assert [f.location.span for f in findings] == [(2, 3), (5, 6), (9, 10), (12, 13), (15, 16)]
    assert findings[-1].message.endswith("（本段共 7 处，仅列出前 5 处。）")


def test_spans_cover_what_the_message_quotes() -> None:
    spans = marked_spans(TextCase("联系电话:0632。", (Span(":"),)))
    assert spans == [(4, 5)]
