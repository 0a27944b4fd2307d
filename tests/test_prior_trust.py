"""What a project file's link to last year's report may make the app open (issue 12, item 14).

A link in a file is opened while the file loads; the file may come from anyone. The documented
layout (one folder per year, `../2024/某某局-2024.nianbao.json`) opens without a prompt; an absolute,
network, device or too-high path is not opened at all, `report.prior.problem` says why (so
XY-PRIOR-MISSING does), the window offers to relink once, and the command line opens it only when
told to trust the file (`load(path, trust_links=True)`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from model import priorlink, projectfile
from model.crossyear import check_cross_year, new_from_prior
from model.priorlink import REFUSED, is_refused
from model.projectfile import load, save
from model.resources import sample_path
from tests.sessions import forget_changes
from ui.app import Session, create_application
from ui.prior_flow import relink_offer_text
from ui.recovery import RecoveryStore, restore_copy
from ui.settings import Settings


@pytest.fixture
def years(tmp_path: Path) -> Path:
    """年报/2024/某某局-2024.nianbao.json (the sample) and 年报/2025/, as 从上年报告新建 leaves them."""
    root = tmp_path / "年报"
    (root / "2024").mkdir(parents=True)
    (root / "2025").mkdir()
    save(load(sample_path()), root / "2024" / "某某局-2024.nianbao.json")
    return root


def this_year(years: Path, link: str, name: str = "某某局-2025.nianbao.json") -> Path:
    """A 2025 report in 年报/2025/ whose file links `link` exactly as written."""
    last = years / "2024" / "某某局-2024.nianbao.json"
    path = years / "2025" / name
    save(new_from_prior(load(last), str(last), embed=False), path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["prior"]["path"] = link
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file projectfile reads (the report itself, and its prior if it is opened)."""
    paths: list[Path] = []
    real = projectfile.read_limited

    def spy(path, limit, what):
        paths.append(Path(path))
        return real(path, limit, what)

    monkeypatch.setattr(projectfile, "read_limited", spy)
    return paths


# --- the documented layout opens without a prompt ----------------------------------------


def test_a_report_made_from_last_year_and_saved_reloads_with_its_prior(years: Path, opened: list[Path]) -> None:
    last = years / "2024" / "某某局-2024.nianbao.json"
    report = new_from_prior(load(last), str(last.resolve()), embed=False)  # as 从上年报告新建 attaches it
    path = years / "2025" / "某某局-2025.nianbao.json"
    save(report, path)
    assert json.loads(path.read_text(encoding="utf-8"))["prior"]["path"] == "../2024/某某局-2024.nianbao.json"
    opened.clear()
    again = load(path)
    assert opened == [path, last]
    assert again.prior is not None and again.prior.report is not None and again.prior.problem is None
    assert not is_refused(again.prior) and relink_offer_text(again) is None
    assert not [f for f in check_cross_year(again) if f.rule == "XY-PRIOR-MISSING"]


@pytest.mark.parametrize("link", ["某某局-2024.nianbao.json", "./../2024/某某局-2024.nianbao.json",
                                  "../2025/../2024/某某局-2024.nianbao.json"])
def test_relative_links_within_the_two_years_folder_open(years: Path, link: str) -> None:
    if "/" not in link:  # the same folder
        save(load(sample_path()), years / "2025" / link)
    report = load(this_year(years, link))
    assert report.prior is not None and report.prior.report is not None, report.prior


def test_a_link_through_a_symbolic_link_within_the_folder_opens(years: Path) -> None:
    (years / "2025" / "上年.nianbao.json").symlink_to(years / "2024" / "某某局-2024.nianbao.json")
    report = load(this_year(years, "上年.nianbao.json"))
    assert report.prior is not None and report.prior.report is not None


# --- what a file may not make the app open ----------------------------------------------


def outside_file(years: Path) -> Path:
    """A real, valid report outside the two years' folder: refused for where it is, not for what it is."""
    path = years.parent / "别处" / "别人的.nianbao.json"
    path.parent.mkdir(exist_ok=True)
    save(load(sample_path()), path)
    return path


REFUSED_LINKS = {
    "absolute": lambda years: str(outside_file(years)),
    "absolute within the folder": lambda years: str(years / "2024" / "某某局-2024.nianbao.json"),
    "climbs higher": lambda years: "../../别处/别人的.nianbao.json",
    "/etc/shadow": lambda years: "/etc/shadow",
    "/proc/self/environ": lambda years: "/proc/self/environ",
    "/dev/stdin": lambda years: "/dev/stdin",
    "UNC with slashes": lambda years: "//host/share/2024.nianbao.json",
    "UNC with backslashes": lambda years: "\\\\host\\share\\2024.nianbao.json",
    "Windows device namespace": lambda years: "\\\\.\\pipe\\x.nianbao.json",
    "drive letter": lambda years: "C:/年报/2024.nianbao.json",
    "drive-relative": lambda years: "C:2024.nianbao.json",
    "CON": lambda years: "CON",
    "NUL with a suffix": lambda years: "NUL.nianbao.json",
    "a device folder down": lambda years: "../2024/com1.json",
    "not a report": lambda years: "../2024/说明.txt",
    "relative into /proc": lambda years: "../" * 40 + "proc/self/environ",
}


@pytest.mark.parametrize("make_link", REFUSED_LINKS.values(), ids=REFUSED_LINKS.keys())
def test_a_link_out_of_the_two_years_folder_is_not_opened(years: Path, opened: list[Path], make_link) -> None:
    if "说明.txt" in make_link(years):
        (years / "2024" / "说明.txt").write_text("{}", encoding="utf-8")
    path = this_year(years, make_link(years))
    opened.clear()
    report = load(path)
    assert opened == [path]  # nothing but the report itself was read
    prior = report.prior
    assert prior is not None and prior.report is None and is_refused(prior)
    assert (prior.problem or "").startswith(REFUSED + "：")
    [finding] = [f for f in check_cross_year(report) if f.rule == "XY-PRIOR-MISSING"]
    assert prior.problem in finding.message and "文件 → 关联上年报告" in finding.message


def test_a_symbolic_link_out_of_the_folder_is_not_followed(years: Path, opened: list[Path]) -> None:
    outside = outside_file(years)
    (years / "2024" / "伪装.nianbao.json").symlink_to(outside)
    path = this_year(years, "../2024/伪装.nianbao.json")
    opened.clear()
    report = load(path)
    assert opened == [path] and is_refused(report.prior)
    assert str(years.resolve()) in (report.prior.problem or "")  # names the folder it must stay in


def test_a_network_path_is_refused_before_anything_touches_the_disk(years: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows merely resolving //host/share connects to it (SMB): refused on the text alone."""
    path = this_year(years, "//host/share/2024.nianbao.json")
    looked_at: list[str] = []
    real = os.path.realpath
    monkeypatch.setattr(priorlink.os.path, "realpath", lambda p, *a, **k: looked_at.append(str(p)) or real(p, *a, **k))
    report = load(path)
    assert is_refused(report.prior)
    assert not any("host" in p for p in looked_at)


def test_trust_links_opens_what_the_file_names(years: Path) -> None:
    outside = outside_file(years)
    path = this_year(years, str(outside))
    report = load(path, trust_links=True)
    assert report.prior is not None and report.prior.report is not None and report.prior.problem is None
    assert report.prior.location == str(outside)


def test_a_refused_link_is_saved_as_written(years: Path, tmp_path: Path) -> None:
    """Saving (elsewhere, too) never turns a link that was not opened into one that would pass."""
    outside = outside_file(years)
    report = load(this_year(years, str(outside)))
    copy = years / "2025" / "副本.nianbao.json"
    save(report, copy)
    assert json.loads(copy.read_text(encoding="utf-8"))["prior"]["path"] == str(outside)
    assert is_refused(load(copy).prior)


def test_a_link_attached_in_this_session_is_trusted(years: Path) -> None:
    """关联上年报告: the user chose the file; only what a file says when loaded is judged."""
    from model.crossyear import attach_prior

    outside = outside_file(years)
    report = load(sample_path())
    report.meta.year = 2025
    attach_prior(report, load(outside), str(outside), embed=False)
    assert not [f for f in check_cross_year(report) if f.rule == "XY-PRIOR-MISSING"]
    projectfile.load_prior(report)  # re-read from where the user pointed
    assert report.prior is not None and report.prior.report is not None


# --- recovery copies keep the trust of the session that wrote them ------------------------


def test_a_recovery_copy_restores_a_trusted_link_and_not_a_refused_one(qtbot, years: Path, tmp_path: Path,
                                                                       opened: list[Path]) -> None:
    from ui.document import ReportDocument

    store = RecoveryStore(tmp_path / "data" / "recovery")
    good = years / "2025" / "某某局-2025.nianbao.json"
    save(new_from_prior(load(years / "2024" / "某某局-2024.nianbao.json"),
                        str(years / "2024" / "某某局-2024.nianbao.json"), embed=False), good)
    bad = this_year(years, str(outside_file(years)), "坏链接.nianbao.json")
    for copy_id, path in (("trusted", good), ("refused", bad)):
        store.write(copy_id, load(path), path)
    copies = {copy.id: copy for copy in store.list()}
    assert copies["trusted"].prior_link_trusted and not copies["refused"].prior_link_trusted
    for copy_id, opens in (("trusted", True), ("refused", False)):
        document = ReportDocument(load(sample_path()))
        opened.clear()
        restore_copy(document, store, None, copies[copy_id])
        prior = document.report.prior
        assert prior is not None and (prior.report is not None) is opens, prior
        assert not any("别处" in str(p) for p in opened)  # the refused link is not opened on restore either


def test_the_info_file_says_whether_the_prior_link_may_be_opened(tmp_path: Path) -> None:
    from model.priorlink import refusal
    from model.report import PriorReport

    store, sample = RecoveryStore(tmp_path / "recovery"), load(sample_path())
    sample.prior = PriorReport("/etc/shadow", embedded=False, problem=refusal("链接是绝对路径"))
    store.write("refused", sample, None)
    sample.prior = PriorReport("/年报/2024.nianbao.json", embedded=False, location="/年报/2024.nianbao.json")
    store.write("chosen", sample, None)
    info = json.loads(store.info_path("refused").read_text(encoding="utf-8"))
    del info["prior_link_trusted"]  # as versions before this one wrote it
    store.info_path("old").write_text(json.dumps(info), encoding="utf-8")
    shutil.copyfile(store.report_path("refused"), store.report_path("old"))
    trusted = {c.id: c.prior_link_trusted for c in store.list()}
    assert trusted == {"refused": False, "chosen": True, "old": True}


# --- the window: no prompt for the layout, one relink offer otherwise ----------------------


def start(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: Path) -> Session:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    create_application()
    session = Session(path, Settings(), offer=lambda _window, _copies: None)
    qtbot.addWidget(session.window, before_close_func=lambda _w: forget_changes(session, tmp_path))
    session.show()
    qtbot.waitExposed(session.window)
    return session


def test_the_window_opens_the_layout_without_a_word(qtbot, years: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    last = years / "2024" / "某某局-2024.nianbao.json"
    path = years / "2025" / "某某局-2025.nianbao.json"
    save(new_from_prior(load(last), str(last), embed=False), path)
    session = start(qtbot, tmp_path, monkeypatch, path)
    assert session.document.report.prior is not None and session.document.report.prior.report is not None
    assert session.relink.offered == [] and session.window.statusBar().currentMessage() == ""
    assert "XY-PRIOR-MISSING" not in {f.rule for f in session.document.findings}
    # Saved by the app and opened again: still no prompt.
    assert session.window._save_to(path)
    assert session.window.open_path(path)
    assert session.relink.offered == []
    assert session.document.report.prior.report is not None


def test_the_window_offers_to_relink_once_and_relinking_works(qtbot, years: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    outside = outside_file(years)
    path = this_year(years, str(outside))
    session = start(qtbot, tmp_path, monkeypatch, path)
    [offer] = session.relink.offered
    assert "文件 → 关联上年报告" in offer and REFUSED in offer
    assert offer in session.window.statusBar().currentMessage()
    assert "XY-PRIOR-MISSING" in {f.rule for f in session.document.findings}
    session.document.replace(session.document.report, path)  # the same report again: said once only
    assert len(session.relink.offered) == 1
    # Another file with such a link: said for it too.
    other = this_year(years, "/etc/shadow", "另一个.nianbao.json")
    assert session.window.open_path(other)
    assert len(session.relink.offered) == 2 and "/etc/shadow" in session.relink.offered[1]
    # 文件 → 关联上年报告: the user picks the file; that link is trusted and the checks run.
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *_args: (str(outside), ""))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", lambda *_args: QMessageBox.StandardButton.Yes)
    session.window.attach_prior_action.trigger()
    prior = session.document.report.prior
    assert prior is not None and prior.report is not None
    assert "XY-PRIOR-MISSING" not in {f.rule for f in session.document.findings}

