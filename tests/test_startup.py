"""What the first frame of the window may cost: the cold start budget (bench/bench.py, ≤ 2×
a bare QMainWindow) holds only while the work below waits until the window is painted.

Timing belongs to the benchmark; this test holds the causes, deterministically, in a fresh
interpreter: which of our modules and which PySide classes exist when the first frame is done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
sys.path.insert(0, {root!r})
from PySide6 import QtWidgets
from ui.app import Session, create_application
from ui.settings import Settings

create_application()
session = Session(None, Settings(), offer=lambda _window, _copies: None, sample=True)
state = {{}}

def first_frame():
    state["modules"] = sorted(sys.modules)
    state["qt_classes"] = sorted(vars(QtWidgets))
    state["editors"] = sorted(session.window.editors)

session.window.firstPainted.connect(first_frame)
session.show()
assert state, "the first frame was not reported"
session.document.undo_stack.setClean()
session.window.close()
print(json.dumps(state))
"""


def state_at_first_frame(tmp_path: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT))], capture_output=True,
                            text=True, env=env, timeout=60, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_frame_waits_for_nothing_it_does_not_show(tmp_path: Path) -> None:
    state = state_at_first_frame(tmp_path)
    modules = set(state["modules"])
    # The checks, the PDF side, the Excel side and the other editors load after the first frame.
    for module in ("model.checks", "model.crossyear", "model.narrative_numbers", "model.glyphs", "reportlab",
                   "openpyxl", "PySide6.QtPdf", "export.pdf", "export.xlsx_export", "ui.preview", "ui.recovery",
                   "ui.table_editor", "ui.meta_editor", "ui.new_report_dialog", "ui.find_replace",
                   "ui.guide_panel", "ui.guide_dialog", "model.guide", "model.text_audits", "cli"):
        assert module not in modules, f"{module} is loaded before the first frame"
    # The readers of foreign files (importing/) load when a file is read, not with the registry naming them.
    assert [m for m in modules if m == "importing" or m.startswith("importing.")] == []
    # PySide builds a class with all its enums on first use: QStyle alone costs ~5 ms.
    for name in ("QStyle", "QFileDialog", "QMessageBox", "QDockWidget", "QDialog", "QPushButton", "QCheckBox"):
        assert name not in state["qt_classes"], f"QtWidgets.{name} is built before the first frame"
    assert state["editors"] == ["s1"]  # only the tab that is shown
