"""model/ is pure Python: the standard library and model itself, no Qt, no file-format library.
export/ (writers) and importing/ (readers) keep apart, and importing/ never reaches for the UI."""

from __future__ import annotations

import ast
import sys
from collections.abc import Collection
from pathlib import Path

MODEL = Path(__file__).resolve().parent.parent / "model"
ROOT = MODEL.parent


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


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (inside functions too), by its full name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.update([node.module, *(f"{node.module}.{alias.name}" for alias in node.names)])
    return names


def offenders(package: str, forbidden: tuple[str, ...], allowed: Collection[str] = ()) -> dict[str, list[str]]:
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        bad = sorted(m for m in imported_modules(path) if m.split(".")[0] in forbidden)
        if bad and name not in allowed:
            found[name] = bad
    return found


def test_the_writers_do_not_import_the_readers() -> None:
    assert offenders("export", ("importing",)) == {}


def test_the_readers_import_neither_the_ui_nor_the_writers() -> None:
    assert offenders("importing", ("ui", "PySide6", "shiboken6", "export", "reportlab")) == {}


def test_the_boundary_scan_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from importing.xlsx import import_xlsx\n    import ui.app\n", encoding="utf-8")
    assert imported_modules(bad) == {"importing.xlsx", "importing.xlsx.import_xlsx", "ui.app"}
