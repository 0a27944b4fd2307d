"""Chinese input on Linux desktops whose input method is fcitx (issue 19).

Kylin, UOS and most Chinese Linux desktops run fcitx and set QT_IM_MODULE=fcitx (or only XMODIFIERS=@im=fcitx).
Qt for Python ships no fcitx plugin — only IBus's and the compose one — and a plugin built against the
desktop's own Qt cannot load into ours, so Qt would fall back to compose and pinyin could not be typed.
fcitx 5 also answers the IBus protocol (its ibusfrontend addon, on by default) through the IBus portal, so
in that case the app asks Qt for its IBus plugin over the portal. Measured with Debian's fcitx5 under Xvfb:
the editor's input context then shows in fcitx5's debug listing as `frontend:ibus … focus:1`.
fcitx 4 has no such frontend: there the input method needs fcitx5-qt's plugin built against this Qt
(CONTRIBUTING.md). Whatever the user set explicitly otherwise (QT_IM_MODULE=ibus, IBUS_USE_PORTAL) is kept.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, MutableMapping, Sequence
from pathlib import Path

FCITX_MODULES = ("fcitx", "fcitx5")


def _asks_for_fcitx(environ: Mapping[str, str]) -> bool:
    module = environ.get("QT_IM_MODULE", "").strip().lower()
    if module:
        return module in FCITX_MODULES
    # No Qt module named: the X input method or the GTK one says what the desktop runs.
    return "@im=fcitx" in environ.get("XMODIFIERS", "").lower() or \
        environ.get("GTK_IM_MODULE", "").strip().lower() in FCITX_MODULES


def _has_plugin(plugin_folders: Sequence[Path], key: str) -> bool:
    for plugins in plugin_folders:
        folder = plugins / "platforminputcontexts"
        if folder.is_dir() and any(key in entry.name.lower() for entry in folder.iterdir()):
            return True
    return False


def input_method_environment(environ: Mapping[str, str], plugins: Path | Sequence[Path],
                             platform: str = sys.platform) -> dict[str, str]:
    """What to add to the environment before the QApplication is made: QT_IM_MODULE=ibus and
    IBUS_USE_PORTAL=1 when the desktop asks for fcitx and this Qt (its plugin folders `plugins`) has no
    fcitx plugin but the IBus one; nothing otherwise."""
    if not platform.startswith("linux") or not _asks_for_fcitx(environ):
        return {}
    folders = [plugins] if isinstance(plugins, Path) else list(plugins)
    if _has_plugin(folders, "fcitx") or not _has_plugin(folders, "ibus"):
        return {}
    changes = {"QT_IM_MODULE": "ibus"}
    if "IBUS_USE_PORTAL" not in environ:
        changes["IBUS_USE_PORTAL"] = "1"
    return changes


def use_fcitx_through_ibus(environ: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Apply `input_method_environment` to this process (os.environ by default) for the Qt in use; the
    changes made."""
    import os

    from PySide6.QtCore import QLibraryInfo

    target: MutableMapping[str, str] = os.environ if environ is None else environ
    # Where Qt looks: QT_PLUGIN_PATH first (the frozen build sets it), then its own folder.
    folders = [Path(entry) for entry in target.get("QT_PLUGIN_PATH", "").split(os.pathsep) if entry]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    changes = input_method_environment(target, folders)
    target.update(changes)
    return changes
