"""Every persistent setting of the app in one typed registry (as Picard does).

Values live in an INI file in the user's data directory, so that the whole
state of the app (settings, recovery copies) sits in one folder the About
dialog can name. NIANBAO_DATA_DIR overrides that folder (tests, portable use).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from model import APP_ID

T = TypeVar("T")
DATA_DIR_ENV = "NIANBAO_DATA_DIR"
MAX_RECENT_FILES = 10


def data_dir() -> Path:
    """The user's nianbao folder: settings and recovery copies (never the user's own files)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
        path = Path(base or Path.home()) / APP_ID
    path.mkdir(parents=True, exist_ok=True)
    return path


def recovery_dir() -> Path:
    path = data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    kind: type


class Settings:
    """Typed access to the settings file: `settings.get(Settings.AUTO_TOTALS)`."""

    WINDOW_GEOMETRY = Setting("window/geometry", QByteArray(), QByteArray)
    WINDOW_STATE = Setting("window/state", QByteArray(), QByteArray)
    SPLITTER_STATE = Setting("window/splitter", QByteArray(), QByteArray)
    RECENT_FILES = Setting("files/recent", [], list)
    LAST_FILE = Setting("files/last", "", str)
    AUTO_TOTALS = Setting("editing/auto_totals", True, bool)
    AUTOSAVE_SECONDS = Setting("editing/autosave_seconds", 30, int)

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "settings.ini"
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        value = self._store.value(setting.key, setting.default)
        if value is None:
            return setting.default
        try:
            if setting.kind is bool:
                flag = value if isinstance(value, bool) else str(value).lower() in ("true", "1")
                return flag  # type: ignore[return-value]
            if setting.kind is int:
                return int(value)  # type: ignore[return-value]
            if setting.kind is list:
                return list(value) if isinstance(value, (list, tuple)) else [value]  # type: ignore[return-value]
            if setting.kind is QByteArray:
                return value if isinstance(value, QByteArray) else setting.default
            return setting.kind(value)  # type: ignore[no-any-return]
        except (TypeError, ValueError):
            return setting.default  # a hand-edited or corrupt settings file never stops the app

    def set(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(setting.key, value)

    def sync(self) -> None:
        self._store.sync()

    # --- PDF fonts chosen by the user, by role name (export.fonts.FontRole values) ----

    FONT_GROUP = "pdf_fonts"

    def font_overrides(self) -> dict[str, str]:
        self._store.beginGroup(self.FONT_GROUP)
        try:
            return {key: str(self._store.value(key)) for key in self._store.childKeys() if self._store.value(key)}
        finally:
            self._store.endGroup()

    def set_font_override(self, role: str, path: str | None) -> None:
        key = f"{self.FONT_GROUP}/{role}"
        if path:
            self._store.setValue(key, path)
        else:
            self._store.remove(key)

    # --- recent files -------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        return [Path(p) for p in self.get(self.RECENT_FILES) if isinstance(p, str) and p]

    def add_recent_file(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in map(str, self.recent_files()) if p != entry]
        self.set(self.RECENT_FILES, recent[:MAX_RECENT_FILES])
        self.set(self.LAST_FILE, entry)

    def remove_recent_file(self, path: Path) -> None:
        entry = str(path)
        self.set(self.RECENT_FILES, [p for p in map(str, self.recent_files()) if p != entry])
