"""Where the files shipped in resources/ are, from a checkout or from a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by a PyInstaller build
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "resources"


def sample_path() -> Path:
    """The sample report that ships with the app (枣庄市行政审批服务局 2024)."""
    return resources_dir() / "samples" / "zaozhuang-2024.nianbao.json"
