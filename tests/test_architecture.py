"""The shape of the code: no import cycle between the project's modules, no module over 600 lines.

A cycle makes the import order matter and keeps two modules from being understood (or split) apart;
a long module has outgrown its one responsibility (issue 13, item 5). Only the imports that run when
a module is imported count: an import inside a function runs later, and one under
`if TYPE_CHECKING:` never runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "ui", "export", "importing", "bench")
SCRIPTS = ("cli.py", "main.py", "dev.py", "dev_qtlibs.py", "build.spec")
MAX_LINES = 600


def project_modules() -> dict[str, Path]:
    """Module name → file, for every module of the project outside tests/ (a package that does not
    exist yet, such as importing/, is simply absent)."""
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        folder = ROOT / package
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    for script in SCRIPTS:
        path = ROOT / script
        if path.suffix == ".py" and path.exists():
            modules[path.stem] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """The imports a module runs when it is imported: at module level, also inside if/try/with
    blocks, but not in functions or classes, nor under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                found += _module_level_imports(node.body)
            found += _module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += _module_level_imports(block)
        elif isinstance(node, ast.With):
            found += _module_level_imports(node.body)
    return found


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the project modules it imports when it is imported. `from package import name`
    imports package.name when that is a module, else the package."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _module_level_imports(ast.parse(path.read_text(encoding="utf-8"), str(path)).body):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = _resolve(node, module, is_package)
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for name in names:
                # `import a.b.c` runs a, a.b and a.b.c: the deepest project module stands for them
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected component of more than one module (Tarjan), as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_the_projects_modules() -> None:
    found = cycles(import_graph(project_modules()))
    assert found == [], "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_no_module_outside_tests_is_over_600_lines() -> None:
    files = [*project_modules().values(), ROOT / "build.spec"]
    long = {str(p.relative_to(ROOT)): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines()))
            > MAX_LINES}
    assert long == {}


def test_the_graph_sees_cycles_and_ignores_imports_that_do_not_run(tmp_path: Path) -> None:
    """The checker itself: a cycle through module-level imports is found; one closed only by an
    import in a function or under TYPE_CHECKING is not a cycle."""
    (tmp_path / "a.py").write_text("from b import x\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("import c\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("try:\n    from a import y\nexcept ImportError:\n    pass\n", encoding="utf-8")
    (tmp_path / "d.py").write_text("from typing import TYPE_CHECKING\nimport e\nif TYPE_CHECKING:\n    import a\n",
                                   encoding="utf-8")
    (tmp_path / "e.py").write_text("def f():\n    import d\n", encoding="utf-8")
    modules = {p.stem: p for p in tmp_path.glob("*.py")}
    graph = import_graph(modules)
    assert graph["d"] == {"e"} and graph["e"] == set()
    assert cycles(graph) == [["a", "b", "c"]]


def test_from_package_import_module_is_an_import_of_that_module(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "one.py").write_text("from pkg import two\n", encoding="utf-8")
    (package / "two.py").write_text("from . import one\n", encoding="utf-8")
    modules = {"pkg": package / "__init__.py", "pkg.one": package / "one.py", "pkg.two": package / "two.py"}
    assert cycles(import_graph(modules)) == [["pkg.one", "pkg.two"]]


# --- one version source -------------------------------------------------------------------------


def test_the_version_is_stated_once_in_model_and_pyproject_reads_it() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "model.__version__"}


def test_main_py_version_prints_the_models_version_without_package_metadata(tmp_path: Path) -> None:
    """The frozen app (PyInstaller) has no installed package metadata: the version comes from model/,
    never from importlib.metadata."""
    import subprocess
    import sys

    from model import APP_NAME, __version__

    assert all("importlib.metadata" not in path.read_text(encoding="utf-8") for path in project_modules().values())
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True,
                            text=True, encoding="utf-8", cwd=tmp_path, check=False, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, f"{APP_NAME}（nianbao）{__version__}")


# --- the test run's own rules (pyproject.toml [tool.pytest.ini_options]) ------------------------


def test_a_warning_raised_in_our_modules_fails_the_test_and_a_librarys_does_not() -> None:
    import warnings

    import pytest

    for module in ("model", "model.checks", "ui.app", "export.fonts", "importing.xlsx", "bench.common", "cli"):
        with pytest.raises(UserWarning):
            warnings.warn_explicit("our warning", UserWarning, "ours.py", 1, module=module)
    for module in ("openpyxl.reader.excel", "reportlab.pdfbase", "models", "uikit", "mainly"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.warn_explicit("their warning", UserWarning, "theirs.py", 1, module=module)
        assert len(caught) == 1
    with warnings.catch_warnings(record=True) as caught:  # a deprecation of what we call: shown, not an error
        warnings.warn_explicit("deprecated", DeprecationWarning, "ours.py", 1, module="model.checks")
    assert len(caught) == 1
