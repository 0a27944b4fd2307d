"""The interface font: the system's Chinese UI font when there is one, else the bundled Noto Sans SC."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase

from model.resources import resources_dir
from ui import fonts
from ui.app import create_application


class FakeFontDatabase:
    """QFontDatabase as a machine with `families` installed would answer."""

    def __init__(self, families: list[str]) -> None:
        self._families = families

    def families(self) -> list[str]:
        return list(self._families)


@pytest.fixture
def app_font_restored():
    app = create_application()
    font = app.font()
    yield app
    app.setFont(font)


@pytest.mark.parametrize(("installed", "registers", "first_family"), [
    (["DejaVu Sans"], True, "Noto Sans SC"),  # a bare Linux: the bundled font is loaded and used
    (["Arial", "Microsoft YaHei UI", "SimSun"], False, "Microsoft YaHei UI"),  # Windows: nothing loaded
    (["Noto Sans CJK SC"], False, "Noto Sans CJK SC"),
])
def test_the_bundled_font_is_loaded_only_without_a_system_chinese_font(
        app_font_restored, monkeypatch: pytest.MonkeyPatch,
        installed: list[str], registers: bool, first_family: str) -> None:
    registered: list[bool] = []
    monkeypatch.setattr(fonts, "QFontDatabase", FakeFontDatabase(installed))
    monkeypatch.setattr(fonts, "register_bundled_fonts", lambda: registered.append(True) or ["Noto Sans SC"])
    fonts.apply_ui_font(app_font_restored)
    assert bool(registered) is registers
    assert app_font_restored.font().families()[0] == first_family
    assert app_font_restored.font().pointSize() == fonts.UI_POINT_SIZE


def test_the_bundled_font_registers_under_its_family_name() -> None:
    create_application()
    assert "Noto Sans SC" in fonts.register_bundled_fonts()
    assert "Noto Sans SC" in QFontDatabase.families()


def test_the_built_apps_packed_font_registers_too(tmp_path: Path) -> None:
    # build.spec ships NotoSansSC-Regular.ttf as NotoSansSC-Regular.ttf.gz.
    create_application()
    original = resources_dir() / "fonts" / fonts.BUNDLED_UI_FONT
    (tmp_path / (fonts.BUNDLED_UI_FONT + ".gz")).write_bytes(gzip.compress(original.read_bytes(), compresslevel=1))
    assert "Noto Sans SC" in fonts.register_bundled_fonts(tmp_path)
    assert fonts.register_bundled_fonts(tmp_path / "nothing here") == []
