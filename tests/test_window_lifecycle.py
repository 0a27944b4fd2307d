"""Windows come and go cleanly: the undo routing starts when a window is shown (not from the
start-up timing hook) and ends with its widgets; a document that outlives its window never calls
into it. And every tab's editor goes to a finding through one protocol, `go_to(location)`."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from model.findings import Location
from model.projectfile import load
from model.resources import sample_path
from ui.app import create_application
from ui.document import ReportDocument
from ui.editor_tabs import Editor
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture(autouse=True)
def scratch_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))


def settle() -> None:
    """Run what is queued, deferred deletes included."""
    app = QApplication.instance()
    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shown_window(typing_in_a_field: bool = True) -> tuple[MainWindow, ReportDocument]:
    document = ReportDocument(load(sample_path()))
    window = MainWindow(document, Settings())
    window.show()
    window.activateWindow()
    settle()
    if typing_in_a_field:
        window.show_tab("meta").agency_edit.setFocus()
        settle()
    document.undo_stack.setClean()
    return window, document


@pytest.fixture
def windows(qtbot):
    """Shown windows kept until the test is over, then closed and deleted with nothing unsaved."""
    kept: list[tuple[MainWindow, ReportDocument]] = []

    def show(typing_in_a_field: bool = True) -> tuple[MainWindow, ReportDocument]:
        kept.append(shown_window(typing_in_a_field))
        return kept[-1]

    yield show
    for window, document in kept:
        document.undo_stack.setClean()
        window.close()
        window.deleteLater()
    settle()


def elsewhere(field: QLineEdit) -> None:
    """The focus moves to another window, and the document is edited and undone meanwhile."""
    field.activateWindow()
    field.setFocus()
    settle()


def test_windows_created_and_destroyed_in_any_order_leave_no_errors(qtbot, capfd: pytest.CaptureFixture) -> None:
    create_application()
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    capfd.readouterr()
    # The window first, its document living on and still edited (a session being torn down).
    window, document = shown_window()
    window.close()
    window.deleteLater()
    settle()
    elsewhere(other)
    document.set_cells({("t3", "1", "natural"): 5}, "编辑")
    document.undo_stack.undo()
    document.set_meta(document.report.meta)
    document.replace(load(sample_path()), None)
    elsewhere(other)
    del window, document
    gc.collect()
    settle()
    # The document first (its undo stack goes while the window still routes 撤销 to it).
    window, document = shown_window()
    del document
    gc.collect()
    settle()
    window.show_tab("s1").edit.setFocus()
    window.undo_action.trigger()
    elsewhere(other)
    window.close()
    window.deleteLater()
    settle()
    del window
    gc.collect()
    # Both at once, the focus in a table.
    window, document = shown_window(typing_in_a_field=False)
    window.show_tab("s3").view_for("t3").setFocus()
    window.close()
    del window, document
    gc.collect()
    settle()
    elsewhere(other)
    out, err = capfd.readouterr()
    output = (out + err).replace("This plugin does not support propagateSizeHints()", "").strip()
    assert "already deleted" not in output and "Traceback" not in output, output


def test_undo_follows_the_focus_from_the_window_show_on(qtbot, windows, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first-frame hook is only for timing start-up: a window that never reports it still routes 撤销."""
    create_application()
    monkeypatch.setattr(MainWindow, "report_first_frame", lambda _window: None)
    window, _document = windows(typing_in_a_field=False)
    edit = window.show_tab("meta").agency_edit
    edit.setFocus()
    qtbot.waitUntil(lambda: window.undo_router.field() is edit)
    assert window.undo_action.text() == "撤销输入"


def test_every_tab_editor_goes_to_a_location_through_one_protocol(qtbot, windows) -> None:
    create_application()
    window, document = windows(typing_in_a_field=False)
    editors = {key: window.editor(key) for key in ("meta", "s1", "s3")}
    assert all(isinstance(editor, Editor) for editor in editors.values())
    assert editors["s3"].go_to(Location("s3", table="t3", row="1", column="natural"))
    view = editors["s3"].view_for("t3")
    assert view.table_model.cell_key(view.currentIndex()) == ("t3", "1", "natural")
    assert not editors["s3"].go_to(Location("s3"))  # no cell named: nothing to select
    assert editors["s1"].go_to(Location("s1", paragraph=0, span=(0, 4)))
    assert editors["s1"].edit.textCursor().selectedText() == document.report.section("s1").paragraphs[0][:4]
    assert not editors["s1"].go_to(Location("s1", paragraph=999))
    meta = editors["meta"]
    assert meta.go_to(Location("preamble", paragraph=0, span=(0, 3)))
    assert meta.preamble_editor.edit.textCursor().selectedText() == document.report.preamble[0][:3]
    assert meta.go_to(Location("meta", field="phone")) and QApplication.focusWidget() is meta.phone_edit
    assert not meta.go_to(Location("meta"))
    # The window asks the editor of the location's tab.
    window.editor_tabs.go_to(Location("s3", table="t3", cells=(("2", "commercial"),)))
    assert window.current_editor() is editors["s3"]
    assert view.table_model.cell_key(view.currentIndex()) == ("t3", "2", "commercial")
