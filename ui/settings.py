"""Every persistent setting of the app in one typed registry (as Picard does).

Values live in an INI file in the user's data directory, so that the whole
state of the app (settings, recovery copies, logs) sits in one folder the About
dialog can name. NIANBAO_DATA_DIR overrides that folder (tests, portable use).

Whatever is found there, the app starts: a file where a folder belongs, or a
settings file that is not a small regular file (a FIFO would block QSettings
forever, 50 MB would be read whole), is renamed aside to `NAME.bad-YYYYMMDD-HHMMSS`
and made anew; a folder that cannot be made is replaced, for this session, by
one in the temporary folder. What was done is appended to the caller's `notes`
(Chinese), which the window shows once.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from model import APP_ID
from model.readfile import kind_of

T = TypeVar("T")
DATA_DIR_ENV = "NIANBAO_DATA_DIR"
MAX_RECENT_FILES = 10
#: A real settings file is a few kilobytes (geometry, recent files, fonts).
MAX_SETTINGS_BYTES = 1024 * 1024
BAD_SUFFIX = ".bad-"

#: The stand-in folder of this process when the data folder cannot be used (made once).
_fallback: Path | None = None


def set_aside(path: Path) -> Path:
    """Rename `path` (whatever it is) to `NAME.bad-YYYYMMDD-HHMMSS` beside it; the new path. OSError if it cannot."""
    stem = f"{path.name}{BAD_SUFFIX}{datetime.now():%Y%m%d-%H%M%S}"
    for attempt in range(100):
        target = path.with_name(stem + (f"-{attempt}" if attempt else ""))
        if not os.path.lexists(target):
            os.rename(path, target)
            return target
    raise FileExistsError(f"no free name for {path}")


def _what_is(path: Path) -> str:
    try:
        return kind_of(path.stat().st_mode) or "文件"
    except OSError:
        return "无法访问的链接"  # a dangling or looping symbolic link


def fallback_dir() -> Path:
    """A folder of this process's own in the temporary folder, for when the data folder is unusable."""
    global _fallback
    if _fallback is None or not _fallback.is_dir():
        _fallback = Path(tempfile.mkdtemp(prefix=f"{APP_ID}-"))
    return _fallback


def ensure_folder(path: Path, notes: list[str] | None, fallback_name: str = "") -> Path:
    """`path` as a folder: made if missing, what is in its way renamed aside; when neither works,
    `fallback_name` in this process's temporary folder. Each repair is said in `notes`."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except FileExistsError:
        if not os.path.lexists(path):  # a file where one of the parent folders should be
            return _fall_back(path, notes, fallback_name, "无法创建（上级路径中有同名的文件）")
    except OSError as error:
        return _fall_back(path, notes, fallback_name, f"无法创建（{error.strerror or error}）")
    what = _what_is(path)  # something that is not a folder has the name: a file, a FIFO, a broken link
    try:
        aside = set_aside(path)
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _fall_back(path, notes, fallback_name, f"是一个{what}，且无法改名（{error.strerror or error}）")
    _note(notes, f"“{path}”应为文件夹，却是一个{what}，已改名为“{aside.name}”并新建了文件夹")
    return path


def _fall_back(path: Path, notes: list[str] | None, fallback_name: str, reason: str) -> Path:
    target = fallback_dir() / fallback_name if fallback_name else fallback_dir()
    with contextlib.suppress(OSError):
        target.mkdir(parents=True, exist_ok=True)
    _note(notes, f"文件夹“{path}”{reason}；本次的设置和恢复副本改存到临时文件夹“{target}”，下次启动不再使用")
    return target


def _note(notes: list[str] | None, text: str) -> None:
    if notes is not None and text not in notes:  # data_dir() runs for each of its subfolders
        notes.append(text)


def data_dir(notes: list[str] | None = None) -> Path:
    """The user's nianbao folder: settings, recovery copies, logs (never the user's own files)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
        path = Path(base or Path.home()) / APP_ID
    return ensure_folder(path, notes)


def recovery_dir(notes: list[str] | None = None) -> Path:
    return ensure_folder(data_dir(notes) / "recovery", notes, "recovery")


def logs_dir(notes: list[str] | None = None) -> Path:
    return ensure_folder(data_dir(notes) / "logs", notes, "logs")


def usable_settings_file(path: Path, notes: list[str] | None = None) -> Path:
    """`path`, after renaming aside what QSettings must not read there (a FIFO or a device would block
    it, a folder cannot be one, anything over MAX_SETTINGS_BYTES is not ours); a file in the fallback
    folder if that fails."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if not os.path.lexists(path):
            return path  # first start
        status = None  # a dangling symbolic link
    except OSError:
        status = None  # a looping link, a path the system refuses
    if status is not None and stat.S_ISREG(status.st_mode) and status.st_size <= MAX_SETTINGS_BYTES:
        return path
    if status is None:
        what = "无法访问的链接"
    elif stat.S_ISREG(status.st_mode):
        what = f"{status.st_size // (1024 * 1024)} MB 的文件（设置文件只有几 KB）"
    else:
        what = kind_of(status.st_mode) or "文件"
    try:
        aside = set_aside(path)
    except OSError as error:
        fallback = fallback_dir() / path.name
        _note(notes, f"设置文件“{path}”是一个{what}，且无法改名（{error.strerror or error}）；"
                     f"本次使用默认设置，保存在“{fallback}”")
        return fallback
    _note(notes, f"设置文件“{path.name}”是一个{what}，已改名为“{aside.name}”，本次使用默认设置")
    return path


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    #: The stored value as a T (the ini file holds strings); TypeError or ValueError if it is none.
    read: Callable[[object], T]


def _read_bool(value: object) -> bool:
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1")


def _read_int(value: object) -> int:
    if not isinstance(value, int | float | str | bytes):
        raise TypeError(f"not a number: {type(value).__name__}")
    return int(value)


def _read_strings(value: object) -> list[str]:
    """QSettings gives a one-item list back as a plain string; anything else in it is ignored."""
    items = list(value) if isinstance(value, list | tuple) else [value]
    return [item for item in items if isinstance(item, str)]


def _read_bytes(value: object) -> QByteArray:
    if not isinstance(value, QByteArray):
        raise TypeError(f"not a QByteArray: {type(value).__name__}")
    return value


class Settings:
    """Typed access to the settings file: `settings.get(Settings.AUTO_TOTALS)`."""

    WINDOW_GEOMETRY = Setting("window/geometry", QByteArray(), _read_bytes)
    WINDOW_STATE = Setting("window/state", QByteArray(), _read_bytes)
    SPLITTER_STATE = Setting("window/splitter", QByteArray(), _read_bytes)
    RECENT_FILES: Setting[list[str]] = Setting("files/recent", [], _read_strings)
    LAST_FILE = Setting("files/last", "", str)
    AUTO_TOTALS = Setting("editing/auto_totals", True, _read_bool)
    AUTOSAVE_SECONDS = Setting("editing/autosave_seconds", 30, _read_int)
    #: The zoom of the tables and the narrative text, in percent (视图 → 放大 / 缩小).
    EDITOR_ZOOM = Setting("view/editor_zoom", 100, _read_int)
    #: The 填报说明 panel under the tables (视图 → 填报说明面板).
    GUIDE_PANEL = Setting("view/guide_panel", True, _read_bool)
    #: 附图 in the PDF (and so the preview), the Word document and the web pages.
    EXPORT_CHARTS = Setting("export/charts", False, _read_bool)
    #: 工具 → 批量检查: the folders last checked, the hierarchy file, the copy threshold in percent.
    BATCH_FOLDERS: Setting[list[str]] = Setting("batch/folders", [], _read_strings)
    BATCH_HIERARCHY = Setting("batch/hierarchy", "", str)
    BATCH_THRESHOLD = Setting("batch/threshold", 50, _read_int)

    def __init__(self, path: Path | None = None) -> None:
        #: What was found wrong in the data folder and done about it (Chinese), for the window to show once.
        self.notes: list[str] = []
        self.path = usable_settings_file(path or data_dir(self.notes) / "settings.ini", self.notes)
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        value = self._store.value(setting.key, setting.default)
        if value is None:
            return setting.default
        try:
            return setting.read(value)
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
        return [Path(p) for p in self.get(self.RECENT_FILES) if p]

    def add_recent_file(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in map(str, self.recent_files()) if p != entry]
        self.set(self.RECENT_FILES, recent[:MAX_RECENT_FILES])
        self.set(self.LAST_FILE, entry)

    def remove_recent_file(self, path: Path) -> None:
        entry = str(path)
        self.set(self.RECENT_FILES, [p for p in map(str, self.recent_files()) if p != entry])
