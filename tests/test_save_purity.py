"""`projectfile.write_report` saves without touching the report (the window saves a snapshot on a worker
thread): what `save` would change in the link to last year's report is returned, and applying it gives
exactly what `save` gives."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from model.crossyear import attach_prior
from model.projectfile import LinkAsSaved, load, save, write_report
from model.report import Report
from model.resources import sample_path


def linked_report(folder: Path, embed: bool = False) -> tuple[Report, Path]:
    """This year's report linked to last year's, which lies in `folder`, by its absolute location."""
    folder.mkdir(parents=True, exist_ok=True)
    prior_path = folder / "2024.nianbao.json"
    save(load(sample_path()), prior_path)
    report = load(sample_path())
    report.meta.year = 2025
    attach_prior(report, load(prior_path), str(prior_path.resolve()), embed=embed)
    return report, prior_path


def test_write_report_changes_nothing_and_returns_the_link_as_saved(tmp_path: Path) -> None:
    report, prior_path = linked_report(tmp_path / "两年")
    before = copy.deepcopy(report)
    link = write_report(report, tmp_path / "两年" / "2025.nianbao.json")
    assert report == before  # the absolute path is still there: nothing was changed
    assert os.path.isabs(report.prior.path)
    assert link == LinkAsSaved("2024.nianbao.json", str(prior_path.resolve()))


def test_applying_the_link_gives_what_save_gives(tmp_path: Path) -> None:
    for embed in (False, True):
        saved, _ = linked_report(tmp_path / f"save{embed}", embed)
        pure, _ = linked_report(tmp_path / f"pure{embed}", embed)
        save(saved, tmp_path / f"save{embed}" / "2025.nianbao.json")
        link = write_report(pure, tmp_path / f"pure{embed}" / "2025.nianbao.json")
        assert link is not None
        link.apply_to(pure)
        assert (pure.prior.path, pure.prior.embedded) == (saved.prior.path, saved.prior.embedded)
        assert pure.prior.path == "2024.nianbao.json"
        assert (tmp_path / f"pure{embed}" / "2025.nianbao.json").read_bytes() == \
            (tmp_path / f"save{embed}" / "2025.nianbao.json").read_bytes()


def test_a_report_without_a_link_has_nothing_to_apply(tmp_path: Path) -> None:
    report = load(sample_path())
    assert write_report(report, tmp_path / "x.nianbao.json") is None
    assert load(tmp_path / "x.nianbao.json") == report
