"""model/ is pure Python: the standard library and model itself, no Qt, no file-format library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODEL = Path(__file__).resolve().parent.parent / "model"


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_model_imports_only_stdlib_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"model", "__future__"}
    offenders = {
        str(path.relative_to(MODEL.parent)): sorted(imported_top_level_modules(path) - allowed)
        for path in MODEL.rglob("*.py")
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}, f"model/ must not import these: {offenders}"


def test_the_scan_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import json\nfrom PySide6.QtCore import QObject\nimport openpyxl.styles\n", encoding="utf-8")
    assert imported_top_level_modules(bad) == {"json", "PySide6", "openpyxl"}


def test_importing_the_model_loads_no_qt() -> None:
    import subprocess

    code = ("import sys; import model.checks, model.projectfile, model.templates;"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','shiboken6','openpyxl','reportlab')];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=MODEL.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
