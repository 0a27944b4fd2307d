"""Chinese typed with pinyin arrives in the editors as Chinese (issue 19): fcitx5 with its pinyin engine under
Xvfb on a D-Bus session, the app started with the desktop's fcitx settings (so through Qt's IBus plugin,
ui/input_method.py), the first editor focused, and "nihao" + space typed as keystrokes (xdotool): the editor
must then begin with 你好, not with the Latin letters. tests/input_methods/install.sh installs what it needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "tests" / "input_methods" / "pinyin_probe.py"
TOOLS = ("fcitx5", "Xvfb", "dbus-run-session", "busctl", "xdotool")
PINYIN_ADDON = Path("/usr/share/fcitx5/addon/pinyin.conf")

#: fcitx5's profile: the US keyboard, then pinyin, as a Chinese desktop's default group has them.
PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""

#: The session: X, fcitx5 (pinyin needs its punctuation addon), the app; when the app's editor has the focus
#: and fcitx5 sees its input context focused, Ctrl+Space turns pinyin on and the keys are typed.
SESSION = """
Xvfb :{display} -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
export DISPLAY=:{display}
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X{display} ] && break; sleep 0.1; done
fcitx5 --disable=all --enable=ibusfrontend,dbus,xcb,keyboard,pinyin,punctuation >/dev/null 2>&1 & fcitx=$!
for _ in $(seq 80); do busctl --user status org.freedesktop.portal.IBus >/dev/null 2>&1 && break; sleep 0.1; done
QT_IM_MODULE=fcitx XMODIFIERS=@im=fcitx "$PYTHON" "$PROBE" "$CHECKOUT" "$TARGET" > "$OUT" 2>&1 & app=$!
for _ in $(seq 300); do grep -q '^ready' "$OUT" && break; sleep 0.1; done
debug() {{ busctl --user call org.fcitx.Fcitx5 /controller org.fcitx.Fcitx.Controller1 DebugInfo 2>/dev/null; }}
for _ in $(seq 50); do debug | grep -q 'frontend:ibus[^\\\\]*focus:1' && break; sleep 0.1; done
debug | grep -q 'frontend:ibus[^\\\\]*focus:1' && echo "the editor's input context has the focus"
current() {{ busctl --user call org.fcitx.Fcitx5 /controller org.fcitx.Fcitx.Controller1 CurrentInputMethod; }}
xdotool key ctrl+space
for _ in $(seq 30); do current | grep -q pinyin && break; sleep 0.1; done
current
xdotool type --delay 60 nihao
sleep 0.5
xdotool key space
wait $app
kill $fcitx $xvfb 2>/dev/null
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or not all(shutil.which(tool) for tool in TOOLS)
                    or not PINYIN_ADDON.exists(),
                    reason="needs fcitx5 with pinyin (fcitx5-chinese-addons), Xvfb, D-Bus and xdotool "
                           "(tests/input_methods/install.sh)")
@pytest.mark.parametrize("target", ["editor", "field"])  # a section's text; a line of 基本信息 (the agency)
def test_pinyin_typed_through_fcitx5_arrives_in_the_editor_as_chinese(tmp_path: Path, target: str) -> None:
    (tmp_path / "fcitx5").mkdir()
    (tmp_path / "fcitx5" / "profile").write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "probe.txt"
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(PYTHON=sys.executable, PROBE=str(PROBE), CHECKOUT=str(ROOT), TARGET=target, OUT=str(out),
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path), NIANBAO_DATA_DIR=str(tmp_path / "data"))
    script = SESSION.format(display=110 + os.getpid() % 100)
    run = subprocess.run(["dbus-run-session", "--", "bash", "-c", script], capture_output=True, text=True,
                         env=env, timeout=120)
    said = run.stdout + run.stderr + (out.read_text(encoding="utf-8") if out.exists() else "(no probe output)")
    assert "the editor's input context has the focus" in run.stdout, said
    assert '"pinyin"' in run.stdout, said
    assert "typed: '你好'" in said, said
