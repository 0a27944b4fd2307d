"""The batch summary PDF (export/batch_pdf.py): its text holds the headline numbers and the agencies,
the same input gives the same bytes, a character no font has prints as 〓 (in a table and in a chart),
an empty batch still gives a valid summary, and the file is written atomically."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from export.batch_pdf import export_batch_pdf, render_batch_pdf
from export.fonts import bundled_fonts
from model.batch_types import BatchReport, BatchResult
from model.findings import Finding, Location, Severity
from tests import batch_fixtures

TODAY = date(2026, 12, 1)
#: The shared fixtures (tests/batch_fixtures.py), by the names the tests ask for.
result, batch_result = batch_fixtures.result, batch_fixtures.batch_result


@pytest.fixture(scope="module")
def fonts():
    return bundled_fonts()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_text_holds_the_headline_numbers_and_the_agencies(batch_result: BatchResult, fonts) -> None:
    pdf = render_batch_pdf(batch_result, TODAY, fonts)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "2024年度政府信息公开工作年度报告批量检查汇总" in text
    assert "共3个文件，读取2份报告：1份有错误，0份仅有警告，1份未发现问题。" in text
    for label in ("有错误的报告1", "逾期发布的报告1", "文字雷同（对）1", "上下级核对错误1", "无报告的下级单位1"):
        assert label in text
    assert "甲局" in text and "乙局" in text and "丙局" in text
    assert "表三总计列不符（T3-ROW-TOTAL）" in text and "合计不等于各项之和" in text
    assert "图1各类问题涉及的报告数" in text and "图2主要单位本年新收与办理结果总计" in text
    assert "公开率" in text and "80.0%" in text
    assert "—1—" in text  # page numbers


def test_the_same_input_gives_the_same_bytes(batch_result: BatchResult, fonts) -> None:
    assert render_batch_pdf(batch_result, TODAY, fonts) == render_batch_pdf(batch_result, TODAY, fonts)


def test_a_character_no_font_draws_prints_as_geta_in_tables_and_charts(batch_result: BatchResult, fonts) -> None:
    absent = "\U00020000"
    batch_result.reports[0].agency = f"甲{absent}局"
    text = _text(render_batch_pdf(batch_result, TODAY, fonts))
    assert absent not in text and "\x00" not in text
    assert text.count("甲〓局") >= 3  # the error list, the copy list and the chart's label at least


def test_an_empty_batch_still_gives_a_summary_saying_so(fonts) -> None:
    empty = BatchResult(reports=[BatchReport(file="坏.xlsx", unreadable="文件已损坏")])
    text = _text(render_batch_pdf(empty, TODAY, fonts))
    assert "共1个文件，均无法读取，没有可汇总的报告。" in text and "没有可汇总的报告。" in text
    assert "坏.xlsx" in text and "文件已损坏" in text


def test_a_table_longer_than_a_page_repeats_its_header_row(fonts) -> None:
    error = Finding("T3-BALANCE", Severity.ERROR, "表三收支不平衡：" + "一 + 二 = 10，（七）总计 + 四 = 9；" * 4,
                    Location("s3", "t3"))
    reports = [BatchReport(file=f"{i:03d}.json", agency=f"第{i}局", findings=[error]) for i in range(40)]
    reader = PdfReader(io.BytesIO(render_batch_pdf(BatchResult(reports=reports), TODAY, fonts)))
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]
    with_rows = [page for page in pages if "第1局" in page or "第19局" in page]
    assert len(with_rows) >= 2  # the 20 rows shown run over a page break ...
    assert all("单位文件错误最主要的问题" in page for page in with_rows)  # ... each page under the header
    assert "另有20份报告有错误，详见汇总.xlsx。" in "".join(pages)


def test_export_writes_the_file(batch_result: BatchResult, tmp_path: Path) -> None:
    path = tmp_path / "汇总.pdf"
    export_batch_pdf(batch_result, path)
    assert path.read_bytes().startswith(b"%PDF") and list(tmp_path.iterdir()) == [path]
