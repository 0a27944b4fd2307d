"""`main.py batch FOLDER… [--json] [--hierarchy FILE] [-o 汇总.xlsx]` (issue 17): the JSON's shape, the
text, the exit codes, on the known folder of tests/test_batch.py."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.batch_bench import make_report
from model.projectfile import save
from tests.test_batch import EXPECTED_RULES, batch_folder, hierarchy_csv
from tests.test_cli import run

REPORT_KEYS = {"file", "agency", "year", "errors", "warnings", "findings", "unreadable"}
ROLLUP_KEYS = {"sources", "tables", "findings", "missing_children", "matches", "rates"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return batch_folder(tmp_path_factory.mktemp("batch") / "reports")


@pytest.fixture(scope="module")
def hierarchy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hierarchy_csv(tmp_path_factory.mktemp("hierarchy") / "上下级.csv")


@pytest.fixture(scope="module")
def batch_json(folder: Path, hierarchy: Path) -> tuple[int, dict[str, Any]]:
    done = run("batch", folder, "--json", "--hierarchy", hierarchy)
    return done.returncode, json.loads(done.stdout)  # exactly one object: json.loads refuses anything after it


def test_json_is_one_object_of_reports_copies_and_rollup(batch_json: tuple[int, dict[str, Any]]) -> None:
    code, data = batch_json
    assert code == 1  # b's errors, the damaged file, the government's HIER-SUM error
    assert set(data) == {"reports", "copies", "rollup"}
    assert all(set(entry) >= REPORT_KEYS for entry in data["reports"])
    assert all(set(pair) == {"a", "b", "section", "share", "passage"} for pair in data["copies"])
    assert set(data["rollup"]) >= ROLLUP_KEYS


def test_json_reports_hold_exactly_the_known_findings(batch_json: tuple[int, dict[str, Any]]) -> None:
    _code, data = batch_json
    reports = {Path(entry["file"]).name: entry for entry in data["reports"]}
    assert set(reports) == {*EXPECTED_RULES, "damaged.nianbao.json"}
    for name, expected in EXPECTED_RULES.items():
        entry = reports[name]
        assert Counter(f["rule"] for f in entry["findings"]) == expected, name
        assert entry["unreadable"] is None
        assert entry["errors"] == sum(f["severity"] == "error" for f in entry["findings"])
        assert entry["warnings"] == len(entry["findings"]) - entry["errors"]
    assert reports["a_2024.nianbao.json"]["prior_file"].endswith("a_2023.nianbao.json")
    assert (reports["b.nianbao.json"]["agency"], reports["b.nianbao.json"]["year"]) == ("济南市公安局", 2024)
    damaged = reports["damaged.nianbao.json"]
    assert damaged["unreadable"] and damaged["findings"] == [] and damaged["agency"] == ""


def test_json_copies_and_rollup(batch_json: tuple[int, dict[str, Any]]) -> None:
    _code, data = batch_json
    assert {(frozenset({Path(p["a"]).name, Path(p["b"]).name}), p["section"]) for p in data["copies"]} == {
        (frozenset({"a_2023.nianbao.json", "a_2024.nianbao.json"}), s) for s in ("s1", "s5", "s6")} | {
        (frozenset({"b.nianbao.json", "c.nianbao.json"}), "s5")}
    rollup = data["rollup"]
    assert len(rollup["sources"]) == 4
    # 表三 一、本年新收 总计: a 2024 (9) + b (10, its broken total) + c (9) + g (a + c = 18)
    assert rollup["tables"]["t3"]["1"]["total"] == 9 + 10 + 9 + 18
    assert [(Path(f["file"]).name, f["rule"], f["location"]["table"]) for f in rollup["findings"]] == [
        ("g.nianbao.json", "HIER-SUM", "t2_5")]
    assert rollup["missing_children"] == ["济南市财政局"]
    assert "汇总" in rollup["rates"]
    assert all({"name", "formula", "value", "note", "outlier"} <= set(rate) for rate in rollup["rates"]["汇总"])


def test_text_output_has_a_line_per_report_then_copies_and_the_rollup(folder: Path) -> None:
    done = run("batch", folder)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    b_line = next(line for line in lines if "b.nianbao.json" in line and "济南市公安局" in line)
    assert "2024 年度" in b_line and "错误 2 项" in b_line and "T3" not in b_line and "表三" in b_line
    assert any("damaged.nianbao.json" in line and "无法读取" in line for line in lines)
    assert any(line.startswith("相同文字（4 处）") for line in lines)
    assert any(line.startswith("汇总（4 份报告）") and "本年新收 46" in line for line in lines)


def test_a_clean_folder_exits_0(tmp_path: Path) -> None:
    for index, year in enumerate((2023, 2024)):
        save(make_report("济南市审计局", year, seed=10 + index), tmp_path / f"{year}.nianbao.json")
    done = run("batch", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "错误 0 项，警告 0 项" in done.stdout


def test_a_missing_folder_or_nothing_readable_exits_2(tmp_path: Path) -> None:
    done = run("batch", tmp_path / "无此文件夹")
    assert done.returncode == 2 and "找不到文件夹" in done.stderr
    done = run("batch", tmp_path)
    assert done.returncode == 2 and "没有可读取的报告文件" in done.stderr
    (tmp_path / "x.nianbao.json").write_text("{", encoding="utf-8")
    done = run("batch", tmp_path, "--json")
    assert done.returncode == 2 and "都无法读取" in done.stderr and "x.nianbao.json" in done.stderr


def test_a_bad_threshold_or_hierarchy_file_exits_2(folder: Path, tmp_path: Path) -> None:
    assert run("batch", folder, "--threshold", "0").returncode == 2
    wrong = tmp_path / "上下级.txt"
    wrong.write_text("a,b,是", encoding="utf-8")
    done = run("batch", folder, "--hierarchy", wrong)
    assert done.returncode == 2 and ".csv 或 .xlsx" in done.stderr
    bad = tmp_path / "上下级.csv"
    bad.write_text("单位,上级单位,是否汇总\n济南市民政局,济南市政府,也许\n", encoding="utf-8-sig")
    done = run("batch", folder, "--hierarchy", bad)
    assert done.returncode == 2 and "第三列" in done.stderr and done.stdout == ""


def test_the_hierarchy_may_be_a_workbook(folder: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("单位", "上级单位", "是否汇总"), ("济南市民政局", "济南市 人民政府", "是")):
        sheet.append(row)
    book.save(tmp_path / "上下级.xlsx")
    done = run("batch", folder, "--json", "--hierarchy", tmp_path / "上下级.xlsx")
    findings = json.loads(done.stdout)["rollup"]["findings"]
    # g is declared the roll-up of c alone: a's cells now differ too, so HIER-SUM names more than 行政许可.
    assert findings and all(f["rule"] == "HIER-SUM" for f in findings)


def test_batch_is_listed_among_the_commands() -> None:
    done = run("batch", "-h")
    assert done.returncode == 0 and "--hierarchy" in done.stdout and "--threshold" in done.stdout


def test_the_workbook_is_written_never_over_a_file_and_never_read_as_a_report(folder: Path, tmp_path: Path) -> None:
    import shutil

    reports = tmp_path / "reports"
    shutil.copytree(folder, reports)
    output = reports / "汇总.xlsx"
    output.write_bytes(b"old")
    done = run("batch", reports, "-o", output)
    assert done.returncode == 2 and "已存在" in done.stderr and output.read_bytes() == b"old"
    done = run("batch", reports, "--json", "-o", output, "--overwrite")
    assert done.returncode == 1, done.stderr
    assert "已写出汇总工作簿" in done.stderr and output.read_bytes()[:2] == b"PK"
    again = run("batch", reports, "--json", "-o", output, "--overwrite")  # last run's 汇总.xlsx is no report
    assert len(json.loads(again.stdout)["reports"]) == len(json.loads(done.stdout)["reports"]) == 6


def test_a_utf8_hierarchy_with_a_byte_order_mark_reads_like_gbk(tmp_path: Path) -> None:
    from importing.hierarchy_file import read_hierarchy

    gbk = hierarchy_csv(tmp_path / "gbk.csv")
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text(gbk.read_bytes().decode("gbk"), encoding="utf-8-sig")
    rows = read_hierarchy(utf8)
    assert rows == read_hierarchy(gbk) and rows[0].agency == "济南市 教育局" and rows[0].parent_is_rollup


def test_one_run_writes_the_workbook_the_pdf_and_the_page_and_never_reads_them_back(folder: Path,
                                                                                     tmp_path: Path) -> None:
    import shutil

    reports = tmp_path / "reports"
    shutil.copytree(folder, reports)
    outputs = [reports / "汇总.xlsx", reports / "汇总.pdf", reports / "汇总.htm"]
    done = run("batch", reports, "--json", *(arg for path in outputs for arg in ("-o", path)))
    assert done.returncode == 1, done.stderr
    for kind in ("汇总工作簿", "汇总报告", "汇总网页"):
        assert f"已写出{kind}" in done.stderr
    assert outputs[0].read_bytes()[:2] == b"PK" and outputs[1].read_bytes()[:5] == b"%PDF-"
    page = outputs[2].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "济南市公安局" in page
    # Last run's outputs, named again, are outputs: none of them is read as a report (.pdf and .htm are readable).
    again = run("batch", reports, "--json", "--overwrite", *(arg for path in outputs for arg in ("-o", path)))
    assert len(json.loads(again.stdout)["reports"]) == len(json.loads(done.stdout)["reports"]) == 6


def test_an_output_of_an_unknown_kind_is_refused_before_anything_is_read(folder: Path, tmp_path: Path) -> None:
    good, bad = tmp_path / "汇总.pdf", tmp_path / "汇总.doc"
    done = run("batch", folder, "-o", good, "-o", bad)
    assert done.returncode == 2 and done.stdout == ""
    assert "“汇总.doc”不是能写出的汇总文件（应以 .xlsx、.pdf、.html、.htm、.nianbao.json 结尾）" in done.stderr
    assert not good.exists() and not bad.exists()


def test_two_outputs_to_one_file_are_refused(folder: Path, tmp_path: Path) -> None:
    done = run("batch", folder, "-o", tmp_path / "a.pdf", "-o", tmp_path / "a.pdf")
    assert done.returncode == 2 and "两个输出都写到了" in done.stderr and not (tmp_path / "a.pdf").exists()


def test_the_summary_writers_are_registered_apart_from_the_reports_dialogs() -> None:
    from export.batch_html import export_batch_html
    from export.batch_pdf import export_batch_pdf
    from model.formats import Purpose, file_dialog_filter, writer

    assert writer(Purpose.WRITE_BATCH_PDF).load() is export_batch_pdf
    assert writer(Purpose.WRITE_BATCH_HTML).load() is export_batch_html
    assert writer(Purpose.WRITE_BATCH_HTML).suffixes == (".html", ".htm")
    # The report's own export dialogs are what they were.
    assert file_dialog_filter(Purpose.WRITE_PDF) == "PDF 文件 (*.pdf);;所有文件 (*)"
    assert file_dialog_filter(Purpose.WRITE_HTML) == "网页 (*.html *.htm);;所有文件 (*)"
    assert writer(Purpose.WRITE_PDF).function == "export.pdf:export_pdf"


def test_the_roll_up_is_written_as_a_project_file_that_opens_and_sums_the_batch(folder: Path, tmp_path: Path) -> None:
    from model.projectfile import load
    from tests.test_batch import build_reports, rollup_of

    target = tmp_path / "汇总.nianbao.json"
    done = run("batch", folder, "-o", target)
    assert done.returncode == 1 and f"已写出汇总表项目文件：{target}" in done.stdout
    rollup = load(target)
    reports = build_reports()
    this_year = [report for name, report in reports.items() if name != "a_2023.nianbao.json"]  # 2024's only
    assert rollup.cells == rollup_of(this_year).cells  # summed independently in the test
    assert rollup.meta.agency == "汇总（4 份报告）" and rollup.meta.year == 2024
