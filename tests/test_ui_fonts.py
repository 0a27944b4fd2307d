"""The interface font: the system's Chinese UI font when there is one, else the bundled Noto Sans SC
GB2312 subset, completed by the bundled Noto Serif SC."""

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
    (["DejaVu Sans"], True, "Noto Sans SC GB2312"),  # a bare Linux: the bundled fonts are loaded and used
    (["Arial", "Microsoft YaHei UI", "SimSun"], False, "Microsoft YaHei UI"),  # Windows: nothing loaded
    (["Noto Sans CJK SC"], False, "Noto Sans CJK SC"),
])
def test_the_bundled_font_is_loaded_only_without_a_system_chinese_font(
        app_font_restored, monkeypatch: pytest.MonkeyPatch,
        installed: list[str], registers: bool, first_family: str) -> None:
    registered: list[bool] = []
    monkeypatch.setattr(fonts, "QFontDatabase", FakeFontDatabase(installed))
    monkeypatch.setattr(fonts, "register_bundled_fonts",
                        lambda: registered.append(True) or ["Noto Sans SC GB2312", "Noto Serif SC"])
    fonts.apply_ui_font(app_font_restored)
    assert bool(registered) is registers
    assert app_font_restored.font().families()[0] == first_family
    assert app_font_restored.font().pointSize() == fonts.UI_POINT_SIZE


def test_the_bundled_fonts_register_under_their_family_names() -> None:
    create_application()
    assert fonts.register_bundled_fonts() == ["Noto Sans SC GB2312", "Noto Serif SC"]
    assert {"Noto Sans SC GB2312", "Noto Serif SC"} <= set(QFontDatabase.families())


def test_on_a_bare_machine_the_serif_completes_the_subset(app_font_restored, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt tries the families in order for each character: 硚 (outside GB2312) comes from the serif."""
    from PySide6.QtGui import QFont, QRawFont

    registered = fonts.register_bundled_fonts()
    monkeypatch.setattr(fonts, "QFontDatabase", FakeFontDatabase(["DejaVu Sans", *registered]))
    monkeypatch.setattr(fonts, "register_bundled_fonts", lambda: registered)
    fonts.apply_ui_font(app_font_restored)
    assert app_font_restored.font().families() == ["Noto Sans SC GB2312", "Noto Serif SC"]

    def raw(family: str) -> QRawFont:
        font = QFont(family)
        font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
        return QRawFont.fromFont(font)

    sans, serif = raw("Noto Sans SC GB2312"), raw("Noto Serif SC")
    assert sans.familyName() == "Noto Sans SC GB2312" and serif.familyName() == "Noto Serif SC"
    assert sans.supportsCharacter(ord("口")) and not sans.supportsCharacter(ord("硚"))
    assert serif.supportsCharacter(ord("硚"))


def test_the_built_apps_packed_fonts_register_too(tmp_path: Path) -> None:
    # build.spec ships both as NAME.ttf.gz.
    create_application()
    for name in (fonts.BUNDLED_UI_FONT, fonts.BUNDLED_UI_COMPLETION):
        original = resources_dir() / "fonts" / name
        (tmp_path / (name + ".gz")).write_bytes(gzip.compress(original.read_bytes(), compresslevel=1))
    assert fonts.register_bundled_fonts(tmp_path) == ["Noto Sans SC GB2312", "Noto Serif SC"]
    assert fonts.register_bundled_fonts(tmp_path / "nothing here") == []


def test_packed_fonts_register_from_memory_when_the_cache_folder_cannot_be_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from export import font_store

    create_application()
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv(font_store.CACHE_DIR_ENV, str(blocker / "cache"))
    name = fonts.BUNDLED_UI_FONT
    (tmp_path / (name + ".gz")).write_bytes(gzip.compress((resources_dir() / "fonts" / name).read_bytes()))
    assert font_store.font_file(tmp_path / name) is None
    assert fonts._register(tmp_path / name) == ["Noto Sans SC GB2312"]
