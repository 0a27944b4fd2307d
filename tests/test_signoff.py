"""已核实 (model/signoff.py): a warning signed off with a note stays signed off while what it points
at is unchanged, and the mark goes when a cell, the sentence, the field or the message changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from model.checks import check_report
from model.findings import Finding, Severity
from model.projectfile import load
from model.report import Report
from model.signoff import (
    SignOffRefused,
    count_signed,
    fingerprint,
    prune,
    remove_signoff,
    sign_off,
    signoff_for,
)

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "zaozhuang-2024.nianbao.json"
NOTE = "本年确未制定规章，文中所述属实（张三核实）"
ISSUED = ("t2_1", "rules", "issued")


@pytest.fixture
def report() -> Report:
    """The sample with 7 rules issued: the text's 「未制定相关规章及规范性文件」 disagrees (NARRATIVE-TABLE)."""
    report = load(SAMPLE)
    report.cells[ISSUED] = 7
    return report


def _warning(report: Report, rule: str = "NARRATIVE-TABLE") -> Finding:
    [finding] = [f for f in check_report(report) if f.rule == rule]
    return finding


def test_a_signed_off_warning_is_found_with_its_note(report: Report) -> None:
    finding = _warning(report)
    assert signoff_for(report, finding) is None
    signoff = sign_off(report, finding, f"  {NOTE} ")
    assert signoff.note == NOTE and signoff.location.span is None
    assert signoff_for(report, _warning(report)) == signoff
    assert count_signed(report, check_report(report)) == 1
    assert prune(report, check_report(report)) == [] and report.signoffs == [signoff]


def test_a_changed_cell_drops_the_mark(report: Report) -> None:
    sign_off(report, _warning(report), NOTE)
    report.cells[("t2_1", "normative", "issued")] = (report.cells[("t2_1", "normative", "issued")] or 0) + 1
    assert signoff_for(report, _warning(report)) is None
    [dropped] = prune(report, check_report(report))
    assert dropped.note == NOTE and report.signoffs == []


def test_a_changed_sentence_drops_the_mark_a_moved_one_keeps_it(report: Report) -> None:
    finding = _warning(report)
    sign_off(report, finding, NOTE)
    paragraphs = report.section("s1").paragraphs  # type: ignore[union-attr]
    index = finding.location.paragraph
    assert index is not None
    paragraphs[index] = "此外，" + paragraphs[index]  # before the sentence: it moves, unchanged
    moved = _warning(report)
    assert moved.location.span != finding.location.span
    assert signoff_for(report, moved) is not None
    paragraphs[index] = paragraphs[index].replace("未制定相关规章及规范性文件", "未制定相关规章和规范性文件")
    assert signoff_for(report, _warning(report)) is None
    assert len(prune(report, check_report(report))) == 1


def test_another_paragraph_edited_keeps_the_mark(report: Report) -> None:
    finding = _warning(report)
    sign_off(report, finding, NOTE)
    report.section("s1").paragraphs[0] += "另行补充一句。"  # type: ignore[union-attr]
    assert signoff_for(report, _warning(report)) is not None


def test_a_changed_message_alone_drops_the_mark(report: Report) -> None:
    # What was checked is no longer what is shown (e.g. last year's value changed).
    finding = _warning(report)
    sign_off(report, finding, NOTE)
    assert signoff_for(report, replace(finding, message=finding.message + "（上年为 3）")) is None
    assert prune(report, [replace(finding, message="另一句说明")]) != []


def test_a_metadata_warning_follows_the_field(report: Report) -> None:
    report.meta.agency = ""
    sign_off(report, _warning(report, "META-AGENCY"), "机关名称待上级确认（李四核实）")
    assert signoff_for(report, _warning(report, "META-AGENCY")) is not None
    assert fingerprint(report, _warning(report, "META-AGENCY")) != fingerprint(
        report, replace(_warning(report, "META-AGENCY"), rule="META-YEAR"))


def test_errors_and_empty_notes_are_refused(report: Report) -> None:
    report.cells[("t3", "3.1", "natural")] = 999  # 表三 no longer adds up: errors
    error = next(f for f in check_report(report) if f.severity is Severity.ERROR)
    with pytest.raises(SignOffRefused, match="错误不能标记为已核实"):
        sign_off(report, error, NOTE)
    with pytest.raises(SignOffRefused, match="请填写核实说明"):
        sign_off(report, _warning(report), "   ")
    assert report.signoffs == []


def test_a_stored_mark_for_an_error_is_not_shown_and_pruned(report: Report) -> None:
    finding = _warning(report)
    sign_off(report, finding, NOTE)
    as_error = replace(finding, severity=Severity.ERROR)
    assert signoff_for(report, as_error) is None
    assert len(prune(report, [as_error])) == 1


def test_signing_again_replaces_the_note_and_unmarking_removes_it(report: Report) -> None:
    finding = _warning(report)
    sign_off(report, finding, NOTE)
    sign_off(report, finding, "改为王五核实")
    assert [s.note for s in report.signoffs] == ["改为王五核实"]
    assert remove_signoff(report, finding) is not None and report.signoffs == []
    assert remove_signoff(report, finding) is None
