"""Deadline help (model/deadlines.py): a local earlier deadline moves META-LATE (the same file gives the
same findings everywhere), and the metadata tab's days-left text, which alone depends on today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from model.checks import check_report
from model.deadlines import deadline_status, effective_deadline, is_late
from model.projectfile import load
from model.report import AgencyKind, Metadata, Report

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "zaozhuang-2024.nianbao.json"


@pytest.fixture
def sample() -> Report:
    return load(SAMPLE)


def test_a_local_deadline_makes_meta_late_fire_where_the_statutory_one_would_not(sample: Report) -> None:
    sample.meta.published = date(2025, 1, 25)  # before 31 January: on time by the statute
    assert check_report(sample) == []
    sample.meta.local_deadline = date(2025, 1, 20)
    [finding] = check_report(sample)
    assert finding.rule == "META-LATE"
    assert finding.message == (
        "基本信息：发布日期为 2025年1月25日，晚于本地要求的期限 2025年1月20日（早于《中华人民共和国政府信息公开条例》"
        "第四十九条规定的政府部门期限 2025年1月31日）；如确已按期公布，请核对发布日期或本地期限。")
    sample.meta.published = date(2025, 1, 20)  # on the local deadline's day: on time
    assert check_report(sample) == []


def test_a_local_deadline_later_than_the_statute_changes_nothing(sample: Report) -> None:
    sample.meta.local_deadline = date(2025, 2, 28)
    sample.meta.published = date(2025, 2, 10)
    [finding] = check_report(sample)
    assert finding.rule == "META-LATE" and "本地" not in finding.message and "2025年1月31日" in finding.message
    assert effective_deadline(sample.meta) == (date(2025, 1, 31), False)


@pytest.mark.parametrize(("kind", "today", "expected"), [
    (AgencyKind.DEPARTMENT, date(2025, 12, 1), "公布期限：2026年1月31日，还有 61 天"),
    (AgencyKind.GOVERNMENT, date(2026, 3, 31), "公布期限：2026年3月31日，今天到期"),
    (AgencyKind.DEPARTMENT, date(2026, 2, 3), "公布期限：2026年1月31日，已超过期限 3 天"),
])
def test_the_days_left_for_each_kind_of_agency(kind: AgencyKind, today: date, expected: str) -> None:
    assert deadline_status(Metadata(year=2025, kind=kind), today) == expected


def test_the_days_left_count_to_the_local_deadline_and_say_so() -> None:
    meta = Metadata(year=2025, local_deadline=date(2026, 1, 20))
    assert deadline_status(meta, date(2026, 1, 10)) == "本地要求的期限：2026年1月20日，还有 10 天"
    assert not is_late(meta)  # no publication date: nothing is late, whatever today is


def test_no_year_no_deadline() -> None:
    assert deadline_status(Metadata(), date(2026, 1, 1)) == ""
