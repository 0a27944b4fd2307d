"""Heading levels of the narrative: 一、 / （一） / 1. / （1）, standalone or run-in."""

from __future__ import annotations

import pytest

from model.narrative import Heading, heading_level, parse_heading
from model.report import Report


@pytest.mark.parametrize(("text", "level", "marker", "title"), [
    ("一、总体情况", 1, "一、", "总体情况"),
    ("六、其他需要报告的事项", 1, "六、", "其他需要报告的事项"),
    ("十二、附则", 1, "十二、", "附则"),
    ("（一）存在的主要问题", 2, "（一）", "存在的主要问题"),
    ("(二)改进情况及下一步工作打算", 2, "(二)", "改进情况及下一步工作打算"),
    ("（ 三 ）加强信息管理", 2, "（ 三 ）", "加强信息管理"),
    ("（十一）其他", 2, "（十一）", "其他"),
    ("1.属于国家秘密", 3, "1.", "属于国家秘密"),
    ("1．属于国家秘密", 3, "1．", "属于国家秘密"),
    ("2、重复申请", 3, "2、", "重复申请"),
    ("10.其他", 3, "10.", "其他"),
    ("（1）信访举报投诉类申请", 4, "（1）", "信访举报投诉类申请"),
    ("(2)重复申请", 4, "(2)", "重复申请"),
    ("（12）其他", 4, "（12）", "其他"),
])
def test_standalone_headings_of_all_four_levels(text: str, level: int, marker: str, title: str) -> None:
    heading = parse_heading(text)
    assert heading == Heading(level, marker, title, "")
    assert not heading.run_in
    assert heading.heading_text == marker + title
    assert heading_level(text) == level


@pytest.mark.parametrize(("text", "level", "marker", "title", "body"), [
    ("（一）积极主动公开。通过枣庄市政府网站公开政务信息475条。", 2, "（一）", "积极主动公开。",
     "通过枣庄市政府网站公开政务信息475条。"),
    ("(一)积极主动公开。通过网站公开信息", 2, "(一)", "积极主动公开。", "通过网站公开信息"),
    ("一、总体情况。本年度工作有序推进。", 1, "一、", "总体情况。", "本年度工作有序推进。"),
    ("1.加强组织领导。成立工作专班，压实责任。", 3, "1.", "加强组织领导。", "成立工作专班，压实责任。"),
    ("（2）规范答复文书：统一文书格式。", 4, "（2）", "规范答复文书：", "统一文书格式。"),
    ("  （二）依规公开信息。 目前局政府信息依申请公开工作由政策法规科负责。", 2, "（二）", "依规公开信息。",
     "目前局政府信息依申请公开工作由政策法规科负责。"),
])
def test_run_in_headings(text: str, level: int, marker: str, title: str, body: str) -> None:
    heading = parse_heading(text)
    assert heading == Heading(level, marker, title, body)
    assert heading.run_in
    assert heading.heading_text == marker + title


def test_standalone_heading_ending_in_a_full_stop_is_not_run_in() -> None:
    heading = parse_heading("（一）积极主动公开。")
    assert heading == Heading(2, "（一）", "积极主动公开。", "")
    assert not heading.run_in


def test_run_in_title_is_limited_in_length() -> None:
    # The first full stop comes after more than 40 characters: not a run-in title.
    text = "（一）" + "政" * 45 + "。后文。"
    heading = parse_heading(text)
    assert heading is not None and heading.level == 2
    assert heading.title == ""
    assert heading.body == "政" * 45 + "。后文。"


def test_long_enumerated_paragraph_has_a_level_but_no_title() -> None:
    text = ("1.本机关不掌握相关政府信息的，告知申请人，并说明理由，"
            "能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式")
    heading = parse_heading(text)
    assert heading is not None
    assert (heading.level, heading.marker, heading.title) == (3, "1.", "")
    assert heading.body == text[2:]


@pytest.mark.parametrize("text", [
    "一是发布政府信息的时效性有待加强；",
    "二是进一步加强政务公开教育培训。",
    "2024年，市审批服务局认真落实《条例》要求。",
    "2024年共收到政府信息公开申请9件。",
    "1.5万件政务服务事项全部公开。",
    "12.5%的申请予以公开。",
    "市政务服务中心共受理各类政务服务事项61.3万件。",
    "政务公开工作取得积极成效。",
    "本年度报告中所列数据统计期限从2024年1月1日到12月31日止。",
    "十分重视政务公开工作。",
    "（2024）年度工作要点",
    "",
    "   ",
])
def test_body_paragraphs_are_not_headings(text: str) -> None:
    assert parse_heading(text) is None
    assert heading_level(text) == 0


@pytest.mark.parametrize("text", ["2024年", "2024年，我局", "2024 年度", "2024.1.1起施行", "2024．12．31"])
def test_a_year_at_paragraph_start_is_not_level_3(text: str) -> None:
    assert parse_heading(text) is None


# --- the sample report -------------------------------------------------------------------------------------

SAMPLE_LEVELS = {
    # s1: an opening paragraph, then five run-in （一）–（五） headings.
    "s1": [0, 2, 2, 2, 2, 2],
    # s5: two standalone （一）（二） headings, each followed by 一是/二是/三是 body paragraphs.
    "s5": [2, 0, 0, 0, 2, 0, 0, 0],
    # s6: four standalone headings （一）–（四） with body paragraphs.
    "s6": [2, 0, 2, 0, 0, 0, 0, 2, 0, 2, 0, 0],
}


@pytest.mark.parametrize("section_id", ["s1", "s5", "s6"])
def test_sample_paragraph_levels(sample: Report, section_id: str) -> None:
    paragraphs = sample.section(section_id).paragraphs
    assert [heading_level(p) for p in paragraphs] == SAMPLE_LEVELS[section_id]


def test_sample_section_one_headings_are_run_in(sample: Report) -> None:
    headings = [parse_heading(p) for p in sample.section("s1").paragraphs[1:6]]
    assert [(h.marker, h.title) for h in headings] == [
        ("（一）", "积极主动公开。"),
        ("（二）", "依规公开信息。"),
        ("（三）", "加强信息管理。"),
        ("（四）", "建强平台载体。"),
        ("（五）", "强化监督保障。"),
    ]
    for heading, paragraph in zip(headings, sample.section("s1").paragraphs[1:6], strict=True):
        assert heading.run_in
        assert paragraph == heading.marker + heading.title + heading.body


def test_sample_standalone_headings(sample: Report) -> None:
    s5 = sample.section("s5").paragraphs
    s6 = sample.section("s6").paragraphs
    assert parse_heading(s5[0]) == Heading(2, "（一）", "存在的主要问题", "")
    assert parse_heading(s5[4]) == Heading(2, "（二）", "改进情况及下一步工作打算", "")
    assert [parse_heading(s6[i]).title for i in (0, 2, 7, 9)] == [
        "政府信息公开信息处理费管理情况",
        "落实上级年度政务公开工作要点情况",
        "2024年建议提案办理总体情况",
        "工作创新情况",
    ]
    assert all(not parse_heading(s6[i]).run_in for i in (0, 2, 7, 9))
