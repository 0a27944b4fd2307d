"""Saving never loses work: a file a colleague changed since it was opened is not overwritten without a
question, and a save that fails (a file WPS holds open on Windows) keeps the user's changes."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from model import atomicfile
from model.fileidentity import changed_since, identify
from model.projectfile import load, save
from model.resources import sample_path
from ui import save_guard
from ui.app import Session


def colleague_edits(path: Path, agency: str) -> None:
    """Another PC saves the file: other content, a later time."""
    report = load(path)
    report.meta.agency = agency
    save(report, path)
    later = time.time() + 5
    os.utime(path, (later, later))


@pytest.fixture
def opened(session: Session, tmp_path: Path) -> Path:
    path = tmp_path / "共享" / "年报.nianbao.json"
    path.parent.mkdir()
    save(load(sample_path()), path)
    assert session.window.open_path(path)
    return path


def edit_here(session: Session) -> None:
    session.document.set_cells({("t2_5", "licensing", "decisions"): 1}, "编辑")


def test_a_file_changed_on_disk_is_not_overwritten_without_a_question(session: Session, opened: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    edit_here(session)
    colleague_edits(opened, "同事改过的机关")
    asked: list[Path] = []
    monkeypatch.setattr(save_guard, "ask_changed_on_disk",
                        lambda _parent, path, _now: asked.append(path) or save_guard.CANCEL)
    assert not session.window.save()
    assert asked == [opened]
    assert load(opened).meta.agency == "同事改过的机关"  # their work is still there
    assert session.document.is_modified()  # and so is ours


def test_overwrite_replaces_and_save_as_keeps_both(session: Session, opened: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    edit_here(session)
    colleague_edits(opened, "同事改过的机关")
    other = tmp_path / "共享" / "年报-我的.nianbao.json"
    monkeypatch.setattr(save_guard, "ask_changed_on_disk", lambda *_args: save_guard.SAVE_AS)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *_args: (str(other), ""))
    assert session.window.save()
    assert load(opened).meta.agency == "同事改过的机关"
    assert load(other).cells[("t2_5", "licensing", "decisions")] == 1
    assert session.document.path == other and not session.document.is_modified()

    assert session.window.open_path(opened)
    edit_here(session)
    colleague_edits(opened, "又改了一次")
    monkeypatch.setattr(save_guard, "ask_changed_on_disk", lambda *_args: save_guard.OVERWRITE)
    assert session.window.save()
    assert load(opened).meta.agency == "同事改过的机关"  # the version we opened, with our edit:
    assert load(opened).cells[("t2_5", "licensing", "decisions")] == 1  # "又改了一次" was replaced, as asked


def test_an_unchanged_file_or_one_only_touched_is_saved_without_a_question(session: Session, opened: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(save_guard, "ask_changed_on_disk", lambda *_args: pytest.fail("nothing to ask"))
    edit_here(session)
    assert session.window.save()
    later = time.time() + 10
    os.utime(opened, (later, later))  # copied back by a sync tool: same content, new time
    edit_here(session)
    session.document.set_cells({("t2_5", "licensing", "decisions"): 2}, "编辑")
    assert session.window.save()
    assert load(opened).cells[("t2_5", "licensing", "decisions")] == 2
    # After our own save the identity is ours: the next save does not ask either.
    session.document.set_cells({("t2_5", "licensing", "decisions"): 3}, "编辑")
    assert session.window.save()


def test_the_question_offers_save_as_overwrite_and_cancel(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "年报.nianbao.json"
    path.write_text("{}", encoding="utf-8")
    identity = identify(path)
    assert identity is not None
    box, meanings = save_guard.changed_on_disk_box(None, path, identity)
    qtbot.addWidget(box)
    assert "在打开之后已被修改" in box.text() and "对方的修改将丢失" in box.informativeText()
    assert sorted(meanings.values()) == sorted([save_guard.SAVE_AS, save_guard.OVERWRITE, save_guard.CANCEL])
    assert meanings[box.defaultButton()] == save_guard.SAVE_AS  # Enter never overwrites
    assert {button.text() for button in meanings} == {"另存为…", "覆盖", "取消"}


def test_changed_since_compares_the_content(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"one")
    known = identify(path)
    assert known is not None and changed_since(path, known) is None
    path.write_bytes(b"two")
    os.utime(path, (time.time() + 3, time.time() + 3))
    assert changed_since(path, known) is not None
    path.unlink()
    assert changed_since(path, known) is None  # gone: saving writes it again, nothing of theirs is lost


def test_a_save_that_windows_refuses_keeps_the_work_and_says_why(session: Session, opened: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    edit_here(session)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text)))

    def refuse(*_args: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(atomicfile, "_ON_WINDOWS", True)
    monkeypatch.setattr(atomicfile.os, "replace", refuse)
    assert not session.window.save()
    monkeypatch.undo()
    assert shown and "文件正被其他程序（如 WPS、Word 或 Excel）打开，请关闭后重试" in shown[0]
    assert session.document.is_modified()
    assert session.window.save()  # once WPS lets go, the same changes save
    assert load(opened).cells[("t2_5", "licensing", "decisions")] == 1
