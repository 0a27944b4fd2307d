"""Hypothesis strategies for reports.

`consistent_reports()` builds a report that satisfies every hard rule (and
every warning rule) of `model.checks`: all cells filled with valid numbers,
the 勾稽 rules of tables 三 and 四 hold, the six sections carry the template
titles, section 五 says something, and the narrative mentions no other year
than the report year.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from model.report import AgencyKind, Metadata, Report
from model.template import Table, Template, ValueKind
from model.templates import TEMPLATES
from model.text_audit_chars import character_hits

#: Keep numbers modest: large enough to matter, small enough to stay fast.
MAX_VALUE = 10**6
#: Table 三 leaves are drawn smaller so that their sums stay below MAX_VALUE.
MAX_LEAF = 1_000

AGENCIES = ("枣庄市行政审批服务局", "某某县人民政府", "某某市生态环境局", "某某区司法局")

#: Chinese characters without digits, so that random text never contains a year.
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
#: A sentence as a clerk writes it: random characters, but no word written twice in a row (「丁一丁一」),
#: which the text audits rightly report (model/text_audit_chars.py).
_SENTENCE = st.text(_CJK, min_size=10, max_size=40).map(lambda s: s + "。").filter(lambda s: not character_hits(s))


def table_3_result_rows(table: Table) -> tuple[str, ...]:
    """The leaf rows of 三、本年度办理结果 whose sum is （七）总计."""
    return tuple(r.id for r in table.rows if r.path[0] == "三、本年度办理结果" and not r.is_total)


def part_columns(table: Table) -> tuple[str, ...]:
    return tuple(c.id for c in table.columns if not c.is_total)


def amounts(decimals: int = 6) -> st.SearchStrategy[int | Decimal]:
    """A fee in 万元: an int or a Decimal with at most `decimals` places."""
    scaled = st.builds(
        lambda units, places: Decimal(units).scaleb(-places),
        st.integers(0, MAX_VALUE * 10**decimals),
        st.integers(1, decimals),
    )
    return st.one_of(st.integers(0, MAX_VALUE), scaled)


@st.composite
def metadata(draw: st.DrawFn, template: Template) -> Metadata:
    last = template.last_report_year or template.first_report_year + 10
    return Metadata(
        agency=draw(st.sampled_from(AGENCIES)),
        year=draw(st.integers(template.first_report_year, last)),
        kind=draw(st.sampled_from(list(AgencyKind))),
    )


def _fill_table_3(draw: st.DrawFn, report: Report, table: Table) -> None:
    leaves = table_3_result_rows(table)
    parts = part_columns(table)
    for column in parts:
        values = draw(st.lists(st.integers(0, MAX_LEAF), min_size=len(leaves), max_size=len(leaves)))
        for row, value in zip(leaves, values, strict=True):
            report.cells[(table.id, row, column)] = value
        result_total = sum(values)
        carried_over = draw(st.integers(0, MAX_LEAF))  # 四、结转下年度继续办理
        previous = draw(st.integers(0, result_total + carried_over))  # 二、上年结转
        report.cells[(table.id, "3.7", column)] = result_total
        report.cells[(table.id, "4", column)] = carried_over
        report.cells[(table.id, "2", column)] = previous
        report.cells[(table.id, "1", column)] = result_total + carried_over - previous
    for row in table.row_ids:
        report.cells[(table.id, row, "total")] = sum(report.cells[(table.id, row, c)] for c in parts)


def _fill_table_4(draw: st.DrawFn, report: Report, table: Table) -> None:
    for total in (c for c in table.columns if c.is_total):
        group = total.id.removesuffix(".total")
        parts = [c.id for c in table.columns if c.id.startswith(group + ".") and not c.is_total]
        values = draw(st.lists(st.integers(0, MAX_LEAF), min_size=len(parts), max_size=len(parts)))
        for row in table.row_ids:
            for column, value in zip(parts, values, strict=True):
                report.cells[(table.id, row, column)] = value
            report.cells[(table.id, row, total.id)] = sum(values)


def _fill_plain_table(draw: st.DrawFn, report: Report, table: Table) -> None:
    for row in table.row_ids:
        for column in table.columns:
            if column.kind is ValueKind.AMOUNT:
                value = draw(amounts(column.decimals))
            elif column.kind is ValueKind.DELTA:
                value = draw(st.integers(-MAX_VALUE, MAX_VALUE))
            else:
                value = draw(st.integers(0, MAX_VALUE))
            report.cells[(table.id, row, column.id)] = value


@st.composite
def consistent_reports(draw: st.DrawFn, template_year: int = 2021) -> Report:
    """A random report with no finding at all (in particular no error)."""
    template = TEMPLATES[template_year]
    meta = draw(metadata(template))
    report = Report.blank(meta, template)
    for table in template.tables:
        if table.id == "t3":
            _fill_table_3(draw, report, table)
        elif table.id == "t4":
            _fill_table_4(draw, report, table)
        else:
            _fill_plain_table(draw, report, table)
    year_sentence = f"{meta.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
    narrative = {
        "s1": [year_sentence, *draw(st.lists(_SENTENCE, min_size=0, max_size=3))],
        "s5": draw(st.lists(_SENTENCE, min_size=1, max_size=3)),
        "s6": [f"{meta.year}年，本机关未收取政府信息公开信息处理费。"],
    }
    for section in report.sections:
        section.paragraphs = list(narrative.get(section.id, []))
    report.preamble = [f"本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{meta.year}年1月1日至12月31日。"]
    return report
