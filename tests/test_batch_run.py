"""`run_batch`, the one entry point of a batch check (issue 17, item 7): the same result as reading,
matching priors and assembling one after the other, progress after each file, and a cancel honoured
at once — the pool shut down, no worker left."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

import importing.batch_files as batch_files
from bench.batch_bench import make_report
from cli_batch import batch_json
from importing.batch_files import BatchCancelled, read_all, report_files, run_batch
from importing.hierarchy_file import read_hierarchy
from model.batch import assemble, match_priors
from model.projectfile import save
from tests.test_batch import batch_folder, hierarchy_csv


@pytest.fixture
def shared_with_the_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Project files go to the pool from the first on, two a chunk: both processes read."""
    monkeypatch.setattr(batch_files, "POOL_MIN", 1)
    monkeypatch.setattr(batch_files, "CHUNK", 2)


def _generated(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        save(make_report(f"德州市第{index // 2}局", 2023 + index % 2, seed=index), folder / f"{index:03d}.nianbao.json")
    return report_files([folder])


@pytest.mark.usefixtures("shared_with_the_pool")
def test_run_batch_gives_what_reading_matching_and_assembling_give(tmp_path: Path) -> None:
    folder = batch_folder(tmp_path / "reports")
    _generated(folder / "more", 8)
    rows = read_hierarchy(hierarchy_csv(tmp_path / "层级.csv"))
    paths = report_files([folder])
    reports = read_all(paths)
    match_priors(reports)
    expected = assemble(reports, rows, 0.5)
    result = run_batch(paths, rows, 0.5)
    assert batch_json(result) == batch_json(expected)
    assert result.copies and result.hierarchy_findings and result.rollup is not None
    assert all(entry.report is None for entry in result.reports)
    assert sum(entry.prior_file is not None for entry in result.reports) == 5  # a_2024 and four generated


def test_progress_comes_after_each_file_and_ends_at_the_total(tmp_path: Path,
                                                              shared_with_the_pool: None) -> None:
    paths = _generated(tmp_path / "reports", 9)
    calls: list[tuple[int, int]] = []
    run_batch(paths, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(done, len(paths)) for done in range(1, len(paths) + 1)]


def test_a_batch_cancelled_after_the_third_file_stops_at_once_and_leaves_no_worker(
        tmp_path: Path, shared_with_the_pool: None) -> None:
    paths = _generated(tmp_path / "reports", 60)
    calls: list[int] = []
    asked_at: list[float] = []

    def cancelled() -> bool:
        if len(calls) >= 3:
            asked_at.append(time.perf_counter())
            return True
        return False

    with pytest.raises(BatchCancelled, match=r"^已取消批量检查。$"):
        run_batch(paths, progress=lambda done, total: calls.append(done), cancelled=cancelled)
    stopped = time.perf_counter() - asked_at[0]
    assert calls == [1, 2, 3]
    assert multiprocessing.active_children() == []
    assert stopped < 2.0, f"{stopped:.2f} s from the cancel to the exception"  # about a second, on a busy PC


def test_a_threshold_out_of_range_is_refused_before_any_file_is_read(tmp_path: Path) -> None:
    paths = _generated(tmp_path / "reports", 2)
    calls: list[int] = []
    with pytest.raises(ValueError, match="阈值"):
        run_batch(paths, threshold=1.0, progress=lambda done, total: calls.append(done))
    assert calls == []


def test_cells_read_in_either_process_share_the_templates_key_tuples(tmp_path: Path,
                                                                     shared_with_the_pool: None) -> None:
    """Memory: a report pickled back from a worker brings a new tuple for every cell key; as it arrives
    its keys become the template's own, so 5,000 reports hold one set of keys, not 5,000."""
    from model.templates import TEMPLATES

    paths = _generated(tmp_path / "reports", 6)
    template_keys = {key: key for key, _table, _column in TEMPLATES[2021].cell_specs}
    for entry in read_all(paths):
        assert entry.report is not None
        assert all(key is template_keys[key] for key in entry.report.cells)
