"""Chinese input on Linux desktops whose input method is fcitx (issue 19).

Kylin, UOS and most Chinese Linux desktops run fcitx and set QT_IM_MODULE=fcitx (or only XMODIFIERS=@im=fcitx).
Qt for Python ships no fcitx plugin — only IBus's and the compose one — and a plugin built against the
desktop's own Qt cannot load into ours, so Qt would fall back to compose and pinyin could not be typed.
fcitx 5 also answers the IBus protocol (its ibusfrontend addon, on by default) through the IBus portal, so
in that case the app asks Qt for its IBus plugin over the portal. Measured with Debian's fcitx5 under Xvfb:
the editor's input context then shows in fcitx5's debug listing as `frontend:ibus … focus:1`.
fcitx 4 has no such frontend: there the input method needs fcitx5-qt's plugin built against this Qt
(CONTRIBUTING.md). Whatever the user set explicitly otherwise (QT_IM_MODULE=ibus, IBUS_USE_PORTAL) is kept.
When nothing answers at the IBus portal (fcitx 4, fcitx5 with its IBus frontend off, no input method running),
the user is told so once the window is up, in the status bar, rather than finding that pinyin does not type.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping, MutableMapping, Sequence
from pathlib import Path

FCITX_MODULES = ("fcitx", "fcitx5")
#: What Qt's IBus plugin talks to when IBUS_USE_PORTAL=1; fcitx 5's ibusfrontend registers it.
IBUS_PORTAL = "org.freedesktop.portal.IBus"
#: fcitx 5 itself. fcitx 4 registers org.fcitx.Fcitx-N (N the X display) and org.freedesktop.portal.Fcitx,
#: as does fcitx 5 for fcitx 4's clients: only this name tells them apart.
FCITX5 = "org.fcitx.Fcitx5"
FCITX4_PREFIX = "org.fcitx.Fcitx-"
FCITX_PORTAL = "org.freedesktop.portal.Fcitx"


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


def uses_ibus_portal(environ: Mapping[str, str]) -> bool:
    """Whether Qt is to reach the input method through the IBus portal (what use_fcitx_through_ibus sets)."""
    return environ.get("QT_IM_MODULE", "").strip().lower() == "ibus" and environ.get("IBUS_USE_PORTAL") == "1"


def unreachable_input_method_note(environ: Mapping[str, str], bus_names: Collection[str] | None) -> str | None:
    """Why the editors will get no Chinese input method, in Chinese, with what to do: when Qt is to reach it
    through the IBus portal and the session bus (its registered names `bus_names`) has no one there. None
    when the portal answers, Qt talks to something else, or the bus could not be asked (`bus_names` None)."""
    if bus_names is None or not uses_ibus_portal(environ) or IBUS_PORTAL in bus_names:
        return None
    if FCITX5 in bus_names:
        return ("fcitx5 未启用 IBus 前端，编辑框中无法输入中文：请在 fcitx5 配置的“附加组件”中启用"
                "“IBus 前端”（ibusfrontend），然后重新打开本程序")
    if FCITX_PORTAL in bus_names or any(name.startswith(FCITX4_PREFIX) for name in bus_names):
        return ("桌面运行的是 fcitx 4，本程序（Qt 6）无法接入它，编辑框中无法输入中文：请安装并改用 fcitx5"
                "（其 IBus 前端默认启用）或 IBus 输入法，然后重新打开本程序")
    return "未找到正在运行的输入法（fcitx5 或 IBus），编辑框中无法输入中文：请启动输入法后重新打开本程序"


def session_bus_names() -> list[str] | None:
    """The names registered on the session bus, asked through QtDBus (the QApplication must exist); None when
    there is no session bus or it does not answer, or this Qt has no QtDBus (never a reason not to start)."""
    try:
        from PySide6.QtDBus import QDBusConnection  # only on a desktop where Qt goes through the IBus portal
    except ImportError:
        return None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    interface = bus.interface()
    reply = interface.registeredServiceNames() if interface is not None else None
    return [str(name) for name in reply.value()] if reply is not None and reply.isValid() else None


def input_method_note() -> str | None:
    """`unreachable_input_method_note` for this process: the session bus is asked only when Qt uses the
    IBus portal."""
    import os

    return unreachable_input_method_note(os.environ, session_bus_names()) if uses_ibus_portal(os.environ) else None
