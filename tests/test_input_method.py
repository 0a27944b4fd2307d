"""ui/input_method.py: on a desktop running fcitx, the editors get an input context from fcitx 5 through Qt's
IBus plugin (issue 19). The decision is tested on its own; the whole path with Debian's fcitx5 under Xvfb,
when they are installed (tests/input_methods/install.sh, run by .ci/run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.input_method import input_method_environment

ROOT = Path(__file__).resolve().parents[1]


def plugins_with(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "plugins" / "platforminputcontexts"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_bytes(b"")
    return tmp_path / "plugins"


PYSIDE_PLUGINS = ("libcomposeplatforminputcontextplugin.so", "libibusplatforminputcontextplugin.so")


@pytest.mark.parametrize(("environ", "expected"), [
    ({"QT_IM_MODULE": "fcitx"}, {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}),
    ({"QT_IM_MODULE": "Fcitx5 "}, {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}),
    ({"XMODIFIERS": "@im=fcitx"}, {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}),  # Kylin sets only this
    ({"GTK_IM_MODULE": "fcitx"}, {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}),
    ({"QT_IM_MODULE": "fcitx", "IBUS_USE_PORTAL": "0"}, {"QT_IM_MODULE": "ibus"}),  # the user's own choice stays
    ({"QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=fcitx"}, {}),  # asked for explicitly
    ({"QT_IM_MODULE": "compose"}, {}),
    ({"XMODIFIERS": "@im=ibus"}, {}),
    ({}, {}),
])
def test_fcitx_is_reached_through_the_ibus_plugin_when_qt_has_no_fcitx_one(
        tmp_path: Path, environ: dict[str, str], expected: dict[str, str]) -> None:
    assert input_method_environment(environ, plugins_with(tmp_path, *PYSIDE_PLUGINS), platform="linux") == expected


def test_a_fcitx_plugin_or_no_ibus_one_or_another_system_changes_nothing(tmp_path: Path) -> None:
    fcitx = {"QT_IM_MODULE": "fcitx"}
    with_fcitx = plugins_with(tmp_path / "a", *PYSIDE_PLUGINS, "libfcitx5platforminputcontextplugin.so")
    assert input_method_environment(fcitx, with_fcitx, platform="linux") == {}
    assert input_method_environment(fcitx, plugins_with(tmp_path / "b", "libcomposeplatforminputcontextplugin.so"),
                                    platform="linux") == {}
    assert input_method_environment(fcitx, tmp_path / "nowhere", platform="linux") == {}
    assert input_method_environment(fcitx, plugins_with(tmp_path / "c", *PYSIDE_PLUGINS), platform="win32") == {}
    # A fcitx plugin in any folder Qt searches (QT_PLUGIN_PATH) is Qt's to use.
    assert input_method_environment(fcitx, [plugins_with(tmp_path / "d", "libfcitx5platforminputcontextplugin.so"),
                                            plugins_with(tmp_path / "e", *PYSIDE_PLUGINS)], platform="linux") == {}
    assert input_method_environment(fcitx, [tmp_path / "nowhere", plugins_with(tmp_path / "f", *PYSIDE_PLUGINS)],
                                    platform="linux") == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}


def test_the_qt_in_use_has_the_ibus_plugin_and_no_fcitx_one() -> None:
    """What the decision relies on: true of the PySide6 wheels pinned on both lines (and so of the build)."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforminputcontexts"
    names = [entry.name for entry in folder.iterdir()]
    assert any("ibus" in name for name in names) and not any("fcitx" in name for name in names)


TOOLS = ("fcitx5", "Xvfb", "dbus-run-session", "busctl")

#: A session bus, an X server, fcitx5 on it, then the app with the desktop's fcitx settings; fcitx5's own list
#: of input contexts is printed while the app runs.
SESSION = """
Xvfb :{display} -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
export DISPLAY=:{display}
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X{display} ] && break; sleep 0.1; done
fcitx5 --disable=all --enable=ibusfrontend,dbus,xcb,keyboard >/dev/null 2>&1 & fcitx=$!
for _ in $(seq 50); do busctl --user status org.freedesktop.portal.IBus >/dev/null 2>&1 && break; sleep 0.1; done
QT_IM_MODULE=fcitx XMODIFIERS=@im=fcitx NIANBAO_QUIT_AFTER_MS=9000 "$PYTHON" "$MAIN" --sample >/dev/null 2>&1 & app=$!
for _ in $(seq 60); do
    busctl --user call org.fcitx.Fcitx5 /controller org.fcitx.Fcitx.Controller1 DebugInfo 2>/dev/null \\
        | grep -q 'frontend:ibus' && break
    sleep 0.1
done
busctl --user call org.fcitx.Fcitx5 /controller org.fcitx.Fcitx.Controller1 DebugInfo
kill $app $fcitx $xvfb 2>/dev/null; wait $app 2>/dev/null
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or not all(shutil.which(tool) for tool in TOOLS),
                    reason="needs fcitx5, Xvfb and a D-Bus session (tests/input_methods/install.sh)")
def test_the_editor_gets_an_input_context_from_a_running_fcitx5(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(PYTHON=sys.executable, MAIN=str(ROOT / "main.py"), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path),
               NIANBAO_DATA_DIR=str(tmp_path / "data"))
    script = SESSION.format(display=90 + os.getpid() % 100)
    run = subprocess.run(["dbus-run-session", "--", "bash", "-c", script], capture_output=True, text=True,
                         env=env, timeout=90)
    listing = run.stdout.replace("\\n", "\n")
    contexts = [line for line in listing.splitlines() if "IC [" in line]
    assert any("frontend:ibus" in line for line in contexts), run.stdout + run.stderr
