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

from tests.sessions import start_session
from ui import input_method
from ui.input_method import input_method_environment, unreachable_input_method_note

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


PORTAL = {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
BUS = ["org.freedesktop.DBus", ":1.0", "org.a11y.Bus"]


@pytest.mark.parametrize(("names", "says"), [
    ([*BUS, "org.fcitx.Fcitx5", "org.freedesktop.portal.Fcitx", "org.freedesktop.portal.IBus"], None),
    ([*BUS, "org.freedesktop.portal.IBus"], None),  # IBus itself behind the portal
    ([*BUS, "org.fcitx.Fcitx5", "org.fcitx.Fcitx-0", "org.freedesktop.portal.Fcitx"], "启用“IBus 前端”"),
    ([*BUS, "org.fcitx.Fcitx", "org.fcitx.Fcitx-77", "org.freedesktop.portal.Fcitx"], "fcitx 4"),  # as Debian's 4.2.9
    ([*BUS, "org.fcitx.Fcitx-0"], "fcitx 4"),
    (BUS, "未找到正在运行的输入法"),
])
def test_the_user_is_told_why_no_input_method_answers_at_the_ibus_portal(names: list[str], says: str | None) -> None:
    note = unreachable_input_method_note(PORTAL, names)
    if says is None:
        assert note is None
    else:
        assert note is not None and says in note and "无法输入中文" in note


def test_nothing_is_said_when_qt_does_not_use_the_portal_or_the_bus_cannot_be_asked() -> None:
    assert unreachable_input_method_note(PORTAL, None) is None
    assert unreachable_input_method_note({"QT_IM_MODULE": "fcitx"}, BUS) is None
    assert unreachable_input_method_note({"QT_IM_MODULE": "ibus"}, BUS) is None  # the daemon's socket, not the portal
    assert unreachable_input_method_note({}, BUS) is None


def test_the_note_is_shown_in_the_status_bar_once_the_window_is_up(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    for key, value in PORTAL.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(input_method, "session_bus_names", lambda: [*BUS, "org.fcitx.Fcitx-0"])
    session = start_session(qtbot, tmp_path)
    assert session.input_note is not None and "fcitx 4" in session.input_note
    assert session.window.statusBar().currentMessage() == f"⚠ {session.input_note}。"


def test_a_qt_without_qtdbus_is_no_answer_not_a_failed_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtDBus", None)  # what a build without the binding has: ImportError
    assert input_method.session_bus_names() is None


@pytest.mark.skipif(not shutil.which("dbus-run-session"), reason="needs D-Bus's dbus-run-session")
def test_the_session_bus_is_asked_through_qtdbus_and_no_bus_is_no_answer(tmp_path: Path) -> None:
    script = ("from PySide6.QtWidgets import QApplication; app = QApplication([]); "
              "from ui.input_method import session_bus_names; print(session_bus_names())")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    on_a_bus = subprocess.run(["dbus-run-session", "--", sys.executable, "-c", script], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=60)
    assert "'org.freedesktop.DBus'" in on_a_bus.stdout, on_a_bus.stderr
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path / 'no-bus'}"
    no_bus = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=60)
    assert no_bus.stdout.strip() == "None", no_bus.stderr


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
QT_IM_MODULE=fcitx "$PYTHON" -c "$NOTE"
kill $app $fcitx $xvfb 2>/dev/null; wait $app 2>/dev/null
"""
#: What the window would say about the input method at start-up, asked with the desktop's fcitx setting.
NOTE = ("import sys; sys.path.insert(0, {root!r}); from ui.app import create_application; create_application(); "
        "from ui.input_method import input_method_note; print('note:', input_method_note())")


@pytest.mark.skipif(not sys.platform.startswith("linux") or not all(shutil.which(tool) for tool in TOOLS),
                    reason="needs fcitx5, Xvfb and a D-Bus session (tests/input_methods/install.sh)")
def test_the_editor_gets_an_input_context_from_a_running_fcitx5(tmp_path: Path) -> None:
    script = SESSION.format(display=90 + os.getpid() % 100)
    run = subprocess.run(["dbus-run-session", "--", "bash", "-c", script], capture_output=True, text=True,
                         env=session_environment(tmp_path), timeout=90)
    listing = run.stdout.replace("\\n", "\n")
    contexts = [line for line in listing.splitlines() if "IC [" in line]
    assert any("frontend:ibus" in line for line in contexts), run.stdout + run.stderr
    assert "note: None" in run.stdout, run.stdout + run.stderr  # fcitx5 answers at the portal: nothing to say


def session_environment(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(PYTHON=sys.executable, MAIN=str(ROOT / "main.py"), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path),
               NIANBAO_DATA_DIR=str(tmp_path / "data"), NOTE=NOTE.format(root=str(ROOT)))
    return env


#: An input method daemon on a session bus and an X server, then the note asked with the desktop's fcitx setting.
DAEMON_SESSION = """
Xvfb :{display} -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
export DISPLAY=:{display}
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X{display} ] && break; sleep 0.1; done
{daemon} >/dev/null 2>&1 & daemon=$!
for _ in $(seq 80); do busctl --user status {name} >/dev/null 2>&1 && break; sleep 0.1; done
busctl --user status {name} >/dev/null 2>&1 && echo "the input method is up"
QT_IM_MODULE=fcitx "$PYTHON" -c "$NOTE"
kill $daemon $xvfb 2>/dev/null
"""


def note_with_daemon(tmp_path: Path, daemon: str, name: str) -> str:
    """The note's line, with `daemon` running until its D-Bus `name` is registered."""
    display = 90 + os.getpid() % 100
    script = DAEMON_SESSION.format(display=display, daemon=daemon, name=name.format(display=display))
    run = subprocess.run(["dbus-run-session", "--", "bash", "-c", script], capture_output=True, text=True,
                         env=session_environment(tmp_path), timeout=90)
    assert "the input method is up" in run.stdout, run.stdout + run.stderr
    [note] = [line for line in run.stdout.splitlines() if line.startswith("note:")]
    return note


@pytest.mark.skipif(not sys.platform.startswith("linux") or not all(shutil.which(tool) for tool in TOOLS),
                    reason="needs fcitx5, Xvfb and a D-Bus session (tests/input_methods/install.sh)")
def test_fcitx5_with_its_ibus_frontend_off_is_named_with_the_addon_to_enable(tmp_path: Path) -> None:
    note = note_with_daemon(tmp_path, "fcitx5 --disable=all,ibusfrontend --enable=dbus,xcb,keyboard",
                            "org.fcitx.Fcitx5")
    assert "fcitx5 未启用 IBus 前端" in note and "ibusfrontend" in note


#: fcitx 4 is Debian's fcitx-bin with its D-Bus and X11 modules. It conflicts with fcitx5, so CI has not got it.
@pytest.mark.skipif(not sys.platform.startswith("linux")
                    or not all(shutil.which(tool) for tool in ("fcitx", "Xvfb", "dbus-run-session", "busctl")),
                    reason="needs Debian’s fcitx 4 (fcitx-bin fcitx-data fcitx-modules fcitx-module-dbus "
                           "fcitx-module-x11), Xvfb and a D-Bus session")
def test_a_running_fcitx_4_is_named_in_the_note_with_what_to_do(tmp_path: Path) -> None:
    # fcitx 4 answers on its own names (org.fcitx.Fcitx-N, N the display), not at the IBus portal.
    note = note_with_daemon(tmp_path, "fcitx -D", "org.fcitx.Fcitx-{display}")
    assert "fcitx 4" in note and "改用 fcitx5" in note
