"""The batch runner (issue 17): the files of a folder, each read and checked as `check` does, last
year's report found in the batch, and the BatchResult assembled (copies, roll-up, hierarchy).

The folder `batch_folder` builds is the one tests/test_batch_cli.py runs `main.py batch` on: every
finding it holds is known and asserted.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.batch_bench import make_report
from importing.batch_files import read_all, read_one, report_files
from model.batch import assemble, key_figures, match_priors, summarise
from model.batch_types import BatchReport, HierarchyRow, KeyFigures
from model.checks import check_report
from model.projectfile import save
from model.report import AgencyKind, Report

AGENCY_A = "济南市教育局"
GOVERNMENT = "济南市人民政府"
#: The file name → the rules of its findings (with how many times each), as `check` finds them — and
#: for a_2024 the XY-REPEAT of each narrative section, which only its prior found in the batch gives.
EXPECTED_RULES: dict[str, Counter[str]] = {
    "a_2023.nianbao.json": Counter(),
    "a_2024.nianbao.json": Counter({"XY-REPEAT": 3}),
    "b.nianbao.json": Counter({"T3-BALANCE": 1, "T3-ROW-TOTAL": 1}),
    "c.nianbao.json": Counter(),
    "g.nianbao.json": Counter(),
}


def rollup_of(reports: list[Report]) -> Report:
    """The reports' tables summed cell by cell, computed here independently of model/batch_rollup.py."""
    total = make_report(GOVERNMENT, 2024, seed=7)
    total.meta.kind = AgencyKind.GOVERNMENT
    for key in total.cells:
        values = [report.cells.get(key) for report in reports]
        known = [value for value in values if value is not None]
        total.cells[key] = sum(known) if known else None
    return total


def build_reports() -> dict[str, Report]:
    """Agency A's 2023 and 2024 reports (2024's name written with a space, its text last year's), B with
    a broken total, C with B's 五 copied, and the government G whose tables are A 2024 + C except
    行政许可, which says 5 fewer than the sum (an error even though 财政局 sent no report: a roll-up is never
    below the sum of the children it has)."""
    a_2023 = make_report(AGENCY_A, 2023, seed=1)
    a_2024 = make_report("济南市 教育局", 2024, seed=1)
    b = make_report("济南市公安局", 2024, seed=2, broken_total=True)
    c = make_report("济南市民政局", 2024, seed=3)
    c.sections[4].paragraphs = list(b.sections[4].paragraphs)
    g = rollup_of([a_2024, c])
    g.cells[("t2_5", "licensing", "decisions")] = (g.cells[("t2_5", "licensing", "decisions")] or 0) - 5
    return {"a_2023.nianbao.json": a_2023, "a_2024.nianbao.json": a_2024, "b.nianbao.json": b,
            "c.nianbao.json": c, "g.nianbao.json": g}


def batch_folder(folder: Path) -> Path:
    """The known folder: the five reports (two in a subfolder), a damaged project file, a Word lock file
    and a note the registry does not read."""
    (folder / "sub").mkdir(parents=True)
    for name, report in build_reports().items():
        save(report, folder / ("sub" if name.startswith("a_") else "") / name)
    (folder / "damaged.nianbao.json").write_text("{not json", encoding="utf-8")
    (folder / "~$b.docx").write_bytes(b"lock")
    (folder / "readme.md").write_text("说明", encoding="utf-8")
    return folder


def hierarchy_csv(path: Path) -> Path:
    """A county office's hierarchy file in GBK, naming the government as 济南市政府 and one child
    (济南市财政局) that sent no report."""
    lines = ["单位,上级单位,上级报告是否为下级汇总", "济南市 教育局,济南市政府,是", "济南市民政局,济南市政府,是",
             "济南市财政局,济南市政府,是"]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return batch_folder(tmp_path / "reports")


def by_name(reports: list[BatchReport]) -> dict[str, BatchReport]:
    return {Path(entry.file).name: entry for entry in reports}


# --- the files ---------------------------------------------------------------------------------------


def test_report_files_are_every_readable_file_recursive_sorted_without_lock_files(folder: Path) -> None:
    found = report_files([folder, folder / "sub"])  # overlapping folders: each file once
    assert [path.relative_to(folder).as_posix() for path in found] == [
        "b.nianbao.json", "c.nianbao.json", "damaged.nianbao.json", "g.nianbao.json",
        "sub/a_2023.nianbao.json", "sub/a_2024.nianbao.json"]


def test_a_missing_folder_is_said_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="找不到文件夹"):
        report_files([tmp_path / "无此文件夹"])


def test_a_damaged_file_is_one_row_saying_why_and_the_others_are_read(folder: Path) -> None:
    reports = by_name(read_all(report_files([folder])))
    damaged = reports["damaged.nianbao.json"]
    assert damaged.unreadable is not None and "damaged.nianbao.json" in damaged.unreadable
    assert "\n" not in damaged.unreadable and damaged.report is None and damaged.findings == []
    assert all(entry.unreadable is None for name, entry in reports.items() if name != "damaged.nianbao.json")


def test_each_file_is_checked_as_check_does_before_priors_are_matched(folder: Path) -> None:
    reports = by_name(read_all(report_files([folder])))
    for name, expected in EXPECTED_RULES.items():
        entry = reports[name]
        without_prior = expected - Counter({"XY-REPEAT": 3})
        assert Counter(f.rule for f in entry.findings) == without_prior, name
        assert entry.findings == sorted(entry.findings, key=lambda f: f.severity.value != "error")
    b = reports["b.nianbao.json"]
    assert (b.agency, b.kind, b.year, b.template) == ("济南市公安局", "政府部门", 2024, 2021)
    assert (b.errors, b.warnings) == (2, 0)
    assert b.worst is not None and b.worst.rule == "T3-BALANCE"


def test_progress_is_reported_after_each_file(folder: Path) -> None:
    seen: list[tuple[int, int]] = []
    read_all(report_files([folder]), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(done, 6) for done in range(1, 7)]


def test_a_file_a_reader_breaks_on_is_a_row_not_an_exception(tmp_path: Path) -> None:
    workbook = tmp_path / "坏.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not a zip at all")
    entry = read_one(workbook)
    assert entry.unreadable and entry.report is None


def test_pdfs_are_read_in_the_process_pool_in_order(tmp_path: Path) -> None:
    """A PDF goes to a worker process (spawn-safe: a module-level function) and comes back in its place."""
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 damaged")
    save(make_report(AGENCY_A, 2024, seed=1), tmp_path / "b.nianbao.json")
    reports = read_all(report_files([tmp_path]))
    assert [Path(entry.file).name for entry in reports] == ["a.pdf", "b.nianbao.json"]
    assert reports[0].unreadable and "a.pdf" in reports[0].unreadable
    assert reports[1].unreadable is None


# --- one report's row ----------------------------------------------------------------------------------


def test_summarise_gives_the_key_figures_deadline_and_lateness(sample: Report) -> None:
    from datetime import date

    sample.meta.published = date(2025, 2, 3)
    entry = summarise("x.nianbao.json", sample)
    assert entry.figures == KeyFigures(received=9, carried_in=0, results_total=9, carried_out=0, reviews=0,
                                       lawsuits=1)
    assert (entry.deadline, entry.late, entry.published) == (date(2025, 1, 31), True, date(2025, 2, 3))
    assert [f.rule for f in entry.findings] == [f.rule for f in check_report(sample)]
    assert "META-LATE" in {f.rule for f in entry.findings}


def test_a_blank_key_cell_is_a_blank_figure(sample: Report) -> None:
    sample.cells[("t4", "cases", "suit_after_review.total")] = None
    assert key_figures(sample).lawsuits is None and key_figures(sample).reviews == 0


# --- last year's report found in the batch --------------------------------------------------------------


def test_last_years_report_of_the_same_agency_becomes_the_prior(folder: Path) -> None:
    reports = by_name(read_all(report_files([folder])))
    match_priors(list(reports.values()))
    a_2024 = reports["a_2024.nianbao.json"]
    assert a_2024.prior_file is not None and Path(a_2024.prior_file).name == "a_2023.nianbao.json"
    assert a_2024.report is not None and a_2024.report.prior is not None
    assert a_2024.report.prior.embedded and a_2024.report.prior.report is not None
    assert a_2024.report.prior.report.meta.year == 2023
    for name, expected in EXPECTED_RULES.items():
        assert Counter(f.rule for f in reports[name].findings) == expected, name
    assert all(entry.prior_file is None for name, entry in reports.items() if name != "a_2024.nianbao.json")


def test_a_prior_of_the_wrong_agency_or_two_years_back_is_not_matched() -> None:
    entries = [summarise("x2022", make_report(AGENCY_A, 2022, seed=1)),
               summarise("y2023", make_report("济南市公安局", 2023, seed=1)),
               summarise("x2024", make_report(AGENCY_A, 2024, seed=1))]
    match_priors(entries)
    assert [entry.prior_file for entry in entries] == [None, None, None]
    assert entries[2].report is not None and entries[2].report.prior is None


# --- the whole result ---------------------------------------------------------------------------------


def assembled(folder: Path, rows: list[HierarchyRow] | None = None) -> tuple[dict[str, BatchReport], object]:
    reports = read_all(report_files([folder]))
    match_priors(reports)
    return by_name(reports), assemble(reports, rows)


def test_the_known_copies_are_found_and_nothing_else(folder: Path) -> None:
    from model.batch_types import BatchResult

    _reports, result = assembled(folder)
    assert isinstance(result, BatchResult)
    pairs = {(frozenset({Path(p.a).name, Path(p.b).name}), p.section) for p in result.copies}
    assert pairs == {(frozenset({"a_2023.nianbao.json", "a_2024.nianbao.json"}), section)
                     for section in ("s1", "s5", "s6")} | {(frozenset({"b.nianbao.json", "c.nianbao.json"}), "s5")}
    for pair in result.copies:
        assert pair.share > 0.9 and len(pair.passage) >= 13


def test_the_rollup_is_this_years_reports_summed(folder: Path) -> None:
    originals = build_reports()
    reports, result = assembled(folder)
    assert [Path(file).name for file in result.rollup_sources] == [
        "b.nianbao.json", "c.nianbao.json", "g.nianbao.json", "a_2024.nianbao.json"]
    expected = rollup_of([originals[name] for name in ("a_2024.nianbao.json", "b.nianbao.json",
                                                       "c.nianbao.json", "g.nianbao.json")])
    assert result.rollup is not None
    for key in ("t3", "t4"):
        cells = {k: v for k, v in expected.cells.items() if k[0] == key}
        assert {k: result.rollup.cells.get(k) for k in cells} == cells
    assert "汇总" in result.rates and set(result.rates) >= {entry.file for entry in reports.values()
                                                          if entry.unreadable is None}
    assert all(entry.report is None for entry in reports.values())  # dropped once used: memory


def test_the_hierarchy_finds_the_parent_cell_that_is_not_the_sum_and_the_missing_child(folder: Path,
                                                                                         tmp_path: Path) -> None:
    from importing.hierarchy_file import read_hierarchy

    rows = read_hierarchy(hierarchy_csv(tmp_path / "上下级.csv"))
    _reports, result = assembled(folder, rows)
    assert [(Path(file).name, f.rule, f.severity.value, f.location.table, f.location.row)
            for file, f in result.hierarchy_findings] == [
        ("g.nianbao.json", "HIER-SUM", "error", "t2_5", "licensing")]
    assert result.missing_children == ["济南市财政局"]
    matched = {(name, Path(file).name) for name, _agency, file in result.matches}
    assert {("济南市 教育局", "a_2024.nianbao.json"), ("济南市民政局", "c.nianbao.json"),
            ("济南市政府", "g.nianbao.json")} <= matched


def test_a_real_pdf_read_in_the_pool_is_read_as_check_reads_it(tmp_path: Path) -> None:
    """The worker's BatchReport (pickled back) equals the one read here, findings and figures alike."""
    import shutil

    documents = Path(__file__).parent / "documents" / "files"
    shutil.copy(documents / "county.pdf", tmp_path / "county.pdf")
    shutil.copy(documents / "county.docx", tmp_path / "county.docx")
    pooled = by_name(read_all(report_files([tmp_path])))
    here = read_one(tmp_path / "county.pdf")
    assert pooled["county.pdf"].unreadable is None and pooled["county.pdf"].agency
    assert (pooled["county.pdf"].findings, pooled["county.pdf"].figures) == (here.findings, here.figures)
    assert pooled["county.docx"].agency == pooled["county.pdf"].agency


def test_a_large_batch_is_shared_with_a_worker_and_comes_back_whole_and_in_order(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of project files go to the pool too (here from 1 file on, 2 a chunk): the rows are those
    read here, in order, whichever process read them."""
    import importing.batch_files as batch_files

    monkeypatch.setattr(batch_files, "POOL_MIN", 1)
    monkeypatch.setattr(batch_files, "CHUNK", 2)
    paths = report_files([folder])
    seen: list[int] = []
    shared = read_all(paths, progress=lambda done, total: seen.append(done))
    here = [read_one(path) for path in paths]
    assert [(e.file, e.findings, e.figures, e.unreadable) for e in shared] == [
        (e.file, e.findings, e.figures, e.unreadable) for e in here]
    assert seen == sorted(seen) and seen[-1] == len(paths)
