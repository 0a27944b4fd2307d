#!/usr/bin/env bash
# Types pinyin into the glibc228 build as a Kylin / UOS desktop would have it typed (issue 19): Xvfb and fcitx5
# with its pinyin engine on this machine, on a D-Bus session of their own; the build started inside a root file
# system of make_rootfs.sh (its Qt, X and font libraries the root fs's), with the X and D-Bus sockets mounted
# in and the desktop's fcitx settings; a click into the first editor, Ctrl+Space, "nihao", a space. Leaves two
# screenshots, the pinyin being composed and the text after it, and says whether fcitx5 saw the editor's
# input context (frontend:ibus) with pinyin on. As root, after `dev.py build --line glibc228`; needs Debian's
# fcitx5 fcitx5-pinyin xvfb xdotool x11-apps netpbm (tests/input_methods/install.sh has most).
#
#   bash tools/glibc228/pinyin_in_rootfs.sh [DIR] [OUT]    # default /srv/nianbao-bullseye, /tmp/nianbao-pinyin
#   APP=/work/nianbao-build/dist/nianbao/nianbao NIANBAO_PINYIN_WAIT=20 \
#       bash tools/glibc228/pinyin_in_rootfs.sh /srv/nianbao-bullseye-arm64    # the ARM64 build, under qemu
#
# APP is the program as seen inside the root fs (default: this checkout's build, mounted there).
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -z "${NIANBAO_PINYIN_SESSION:-}" ]; then
    exec env NIANBAO_PINYIN_SESSION=1 dbus-run-session -- bash "$0" "$@"
fi
DIR=$(cd "${1:-/srv/nianbao-bullseye}" && pwd)
OUT=${2:-/tmp/nianbao-pinyin}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
APP=${APP:-$REPO/dist/nianbao/nianbao}
mkdir -p "$OUT/config/fcitx5"
python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import test_pinyin_typing as t; print(t.PROFILE, end="")' \
    "$REPO/tests" > "$OUT/config/fcitx5/profile"
export HOME=$OUT XDG_CONFIG_HOME=$OUT/config
unset QT_QPA_PLATFORM

mounted=()
cleanup() {
    [ -z "${pids:-}" ] || kill $pids 2> /dev/null || true
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R "${mounted[i]}" || true; done
}
trap cleanup EXIT
mkdir -p "$DIR$REPO" "$DIR/tmp/.X11-unix"
mount --bind "$REPO" "$DIR$REPO" && mounted+=("$DIR$REPO") && mount -o remount,bind,ro "$DIR$REPO"
mount --bind /tmp/.X11-unix "$DIR/tmp/.X11-unix" && mounted+=("$DIR/tmp/.X11-unix")
mount -t proc proc "$DIR/proc" && mounted+=("$DIR/proc")
mount --rbind /dev "$DIR/dev" && mount --make-rslave "$DIR/dev" && mounted+=("$DIR/dev")
bus=${DBUS_SESSION_BUS_ADDRESS#unix:path=}
bus=${bus%%,*}
touch "$DIR$bus" && mount --bind "$bus" "$DIR$bus" && mounted+=("$DIR$bus")
[ -x "$DIR$APP" ] || { echo "no build at $APP in $DIR: run python3 dev.py build --line glibc228 first" >&2; exit 1; }

display=:147
Xvfb $display -screen 0 1366x768x24 -nolisten tcp > /dev/null 2>&1 & pids="$!"
export DISPLAY=$display
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
fcitx5 --disable=all --enable=ibusfrontend,dbus,xcb,keyboard,pinyin,punctuation > "$OUT/fcitx5.log" 2>&1 & pids="$pids $!"
for _ in $(seq 80); do busctl --user status org.freedesktop.portal.IBus > /dev/null 2>&1 && break; sleep 0.1; done
rm -rf "$DIR/tmp/nianbao-pinyin-data"
chroot "$DIR" env -i DISPLAY=$display HOME=/tmp LANG=C.UTF-8 DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" \
    QT_IM_MODULE=fcitx XMODIFIERS=@im=fcitx NIANBAO_DATA_DIR=/tmp/nianbao-pinyin-data NIANBAO_QUIT_AFTER_MS=60000 \
    "$APP" --sample > "$OUT/app.log" 2>&1 & pids="$pids $!"
sleep "${NIANBAO_PINYIN_WAIT:-7}"  # the window up (longer under qemu)
controller() { busctl --user call org.fcitx.Fcitx5 /controller org.fcitx.Fcitx.Controller1 "$@"; }
xdotool mousemove 47 139 click 1  # into the first editor's second line
sleep 0.5
controller DebugInfo | sed 's/\\n/\n/g' | grep 'IC \[' || true
xdotool key ctrl+space
sleep 0.5
echo "input method: $(controller CurrentInputMethod)"
xdotool type --delay 80 nihao
sleep 0.7
xwd -root -silent | xwdtopnm 2> /dev/null | pnmtopng > "$OUT/composing.png"
xdotool key space
sleep 1
xwd -root -silent | xwdtopnm 2> /dev/null | pnmtopng > "$OUT/typed.png"
echo "screenshots: $OUT/composing.png $OUT/typed.png"
