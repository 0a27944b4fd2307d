"""Shared fixtures. GUI tests run headless; no test touches the network."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Unpacked fonts and parsed font tables (export/font_store.py) go to a folder of this run, never the
# user's cache: each run starts as a fresh install does, and its processes share what it fills.
if "NIANBAO_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["NIANBAO_CACHE_DIR"] = tempfile.mkdtemp(prefix="nianbao-test-cache-")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Before anything creates a QApplication: tests never need a display. Offscreen's own screen is 800×800,
# where the first window opens maximized and small; the tests' windows (and the app's, in the processes
# they start) get a 1920×1080 desktop screen instead, the small screen only where a test asks for it.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    from bench.common import desktop_offscreen_platform

    os.environ["QT_QPA_PLATFORM"] = desktop_offscreen_platform(Path(os.environ["NIANBAO_CACHE_DIR"]))

from model import projectfile  # noqa: E402
from model.report import Report  # noqa: E402
from model.resources import sample_path  # noqa: E402

SAMPLE_PATH = sample_path()

#: The `session` fixture (the running app) for the GUI tests.
pytest_plugins = ["tests.sessions"]


@pytest.fixture
def sample() -> Report:
    """A fresh copy of the shipped sample report (a real 2024 report, zero findings), free to modify."""
    return projectfile.load(SAMPLE_PATH)


class UnexpectedDialog(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_blocking_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box would hang a headless test run: any that a test did not
    expect (and patch itself) fails the test instead, naming its text."""
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:  # pragma: no cover - PySide6 is a pinned dependency
        return

    def refuse(name: str):
        def dialog(_parent, title, text, *args, **kwargs):
            raise UnexpectedDialog(f"unexpected QMessageBox.{name}: {title}: {text}")
        return dialog

    for name in ("question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse(name)))
