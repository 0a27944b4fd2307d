"""The shipped sample is the seed report (../shared/seeds) transcribed completely and faithfully.

The seed's narrative and figures are kept in tests/data/seed_figures.json (written from the seed by
tests/data/seed_figures.py), so that these tests run on every machine; only the check that the file
still says what the seed says needs ../shared.
"""

from __future__ import annotations

import json

import pytest

from model.checks import check_report
from model.report import AgencyKind, Report
from tests.data.seed_figures import FIGURES, SEED, figures_from_seed, figures_text, normalise

FIGURES_FROM_SEED = json.loads(FIGURES.read_text(encoding="utf-8"))


def test_sample_has_no_findings(sample: Report) -> None:
    assert check_report(sample) == []


def test_sample_metadata(sample: Report) -> None:
    meta = sample.meta
    assert (meta.agency, meta.year, meta.kind) == ("枣庄市行政审批服务局", 2024, AgencyKind.DEPARTMENT)
    assert (meta.website, meta.phone, meta.email) == (
        "http://www.zaozhuang.gov.cn/", "0632-3168699", "spfwj@zz.shandong.cn")
    assert meta.published is None  # the seed text states no date
    assert sample.title == "枣庄市行政审批服务局2024年政府信息公开工作年度报告"


def test_every_sample_paragraph_is_in_the_seed(sample: Report) -> None:
    seed = "".join(FIGURES_FROM_SEED["narrative"])
    paragraphs = [*sample.preamble, *(p for s in sample.sections for p in s.paragraphs)]
    assert len(paragraphs) == 1 + 6 + 8 + 12
    for paragraph in paragraphs:
        assert normalise(paragraph) in seed, paragraph[:30]


def test_every_seed_narrative_line_is_in_the_sample(sample: Report) -> None:
    sample_text = normalise("".join([*sample.preamble, *(p for s in sample.sections for p in s.paragraphs),
                                     *(s.title for s in sample.sections)]))
    narrative = FIGURES_FROM_SEED["narrative"]
    assert len(narrative) > 30
    assert [line for line in narrative if line not in sample_text] == []


def test_table_values_match_the_seed(sample: Report) -> None:
    tables = FIGURES_FROM_SEED["tables"]
    assert tables["t2_5"]["licensing"]["decisions"] == 38651
    assert len(tables["t3"]) == len(sample.template.table("t3").row_ids)
    compared = 0
    for table, rows in tables.items():
        for row, columns in rows.items():
            for column, value in columns.items():
                assert sample.value(table, row, column) == value, (table, row, column)
                compared += 1
    assert compared == 6 + 1 + 2 + 1 + 7 * len(tables["t3"])  # 表二 (2.1, 2.5, 2.6, 2.8) and 表三


def test_table_four_takes_the_documented_reading(sample: Report) -> None:
    # The seed row has 11 numbers for 15 cells: 行政复议 is read as all 0, and the
    # 11 numbers as 未经复议直接起诉 1/0/0/0/1 plus 复议后起诉 0/0/0/0/0 (resources/samples/README.md).
    seed_numbers = FIGURES_FROM_SEED["t4_numbers"]
    assert seed_numbers == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    t4 = sample.template.table("t4")
    values = [sample.value("t4", "cases", c) for c in t4.column_ids]
    assert values == [0, 0, 0, 0, 0, *seed_numbers[:5], *seed_numbers[5:10]]


@pytest.mark.skipif(not SEED.exists(), reason="the seed text lives in ../shared")
def test_the_figures_file_says_what_the_seed_says() -> None:
    """Else: `.venv/bin/python -m tests.data.seed_figures` (and look at what changed)."""
    expected = figures_text(figures_from_seed(SEED.read_text(encoding="utf-8")))
    assert FIGURES.read_text(encoding="utf-8") == expected
