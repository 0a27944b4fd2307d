"""The batch summary web page (export/batch_html.py): it parses, is lang zh-CN with inline CSS and no
script, holds the two charts as inline SVG, uses <th scope>, escapes an agency named <script>, says so for
an empty batch, and gives the same text for the same input."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lxml import etree, html

from export.batch_html import export_batch_html, render_batch_html
from model.batch_types import BatchReport, BatchResult
from tests import batch_fixtures

TODAY = date(2026, 12, 1)
#: The shared fixtures (tests/batch_fixtures.py), by the names the tests ask for.
result, batch_result = batch_fixtures.result, batch_fixtures.batch_result
SVG = "{http://www.w3.org/2000/svg}svg"


def test_the_page_parses_with_charts_and_scoped_headers(batch_result: BatchResult) -> None:
    page = render_batch_html(batch_result, TODAY)
    root = html.fromstring(page)
    assert root.get("lang") == "zh-CN"
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert root.xpath("//style") and "@media print" in page
    assert not root.xpath("//script|//link|//img|//*[@src]")  # self-contained, nothing fetched
    assert len(root.xpath("//svg")) == 2
    assert all(th.get("scope") in ("col", "row") for th in root.xpath("//th"))
    text = root.text_content()
    assert "2024年度政府信息公开工作年度报告批量检查汇总" in text and "甲局" in text and "丙局" in text
    assert "80.0%" in text
    assert render_batch_html(batch_result, TODAY) == page


def test_the_svgs_are_well_formed_xml(batch_result: BatchResult) -> None:
    page = render_batch_html(batch_result, TODAY)
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.DOTALL)
    assert len(svgs) == 2
    for svg in svgs:
        parsed = etree.fromstring(svg.encode("utf-8"))
        assert parsed.tag == SVG and parsed.find("{http://www.w3.org/2000/svg}title") is not None


def test_an_agency_named_script_is_escaped(batch_result: BatchResult) -> None:
    evil = "<script>alert(1)</script>甲局"
    batch_result.reports[0].agency = evil
    page = render_batch_html(batch_result, TODAY)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;甲局" in page
    root = html.fromstring(page)
    assert not root.xpath("//script") and evil in root.text_content()


def test_an_empty_batch_says_so(tmp_path: Path) -> None:
    empty = BatchResult(reports=[BatchReport(file="坏.xlsx", unreadable="文件已损坏")])
    path = tmp_path / "汇总.html"
    export_batch_html(empty, path)
    root = html.fromstring(path.read_bytes().decode("utf-8"))
    text = root.text_content()
    assert "共 1 个文件，均无法读取，没有可汇总的报告。" in text and "文件已损坏" in text
    assert not root.xpath("//svg")
