"""Kill the running app with unsaved edits; the next start offers the recovery copy and the edits come back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from model.projectfile import load, save
from model.report import Report
from ui.app import Session, create_application
from ui.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from ui.app import Session, create_application

    app = create_application()
    session = Session(Path(sys.argv[1]), offer=lambda window, copies: None)
    session.show()
    window = session.window

    def edit():
        view = window.show_tab("s3").view_for("t3")
        view.select_cell("3.3.4", "commercial")
        assert view.paste("5")  # an unsaved edit through the table editor (auto-totals follow)

    def ready(_saved_at):
        print("READY", flush=True)

    session.autosave.written.connect(ready)
    QTimer.singleShot(100, edit)
    app.exec()
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_app_offers_its_recovery_copy_on_next_start(qtbot, tmp_path: Path, sample: Report,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    user_file = tmp_path / "我的报告.nianbao.json"
    save(sample, user_file)
    original = user_file.read_bytes()
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    settings = Settings()
    settings.set(Settings.AUTOSAVE_SECONDS, 1)
    settings.sync()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(user_file)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "READY", child.stderr.read() if child.poll() is not None else line
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert user_file.read_bytes() == original  # the recovery copy never goes over the user's file

    create_application()
    offered: list = []

    def accept_first(_window, copies):
        offered.extend(copies)
        return copies[0]

    session = Session(user_file, Settings(), offer=accept_first)
    qtbot.addWidget(session.window)
    session.show()
    assert len(offered) == 1
    assert offered[0].original_path == user_file
    assert offered[0].saved_at_text  # the dialog shows when the copy was made
    cells = session.document.report.cells
    assert cells[("t3", "3.3.4", "commercial")] == 5
    assert cells[("t3", "3.3.4", "total")] == 7 and cells[("t3", "3.7", "total")] == 14  # auto-totals came back too
    assert session.document.is_modified() and session.window.isWindowModified()
    assert session.document.path == user_file
    assert load(user_file) == sample  # restored edits are unsaved until the user saves
    session.document.undo_stack.setClean()
    session.document.mark_saved(user_file)
    session.window.close()
