#!/usr/bin/env bash
# Installs what the fcitx tests (tests/test_input_method.py, tests/test_pinyin_typing.py) need and is missing:
# Debian's fcitx5 with its modules (the IBus frontend) and its pinyin engine, Xvfb, D-Bus's session tools
# (dbus-run-session; busctl is systemd's) and xdotool, which types. Without them the tests are skipped.
set -euo pipefail
missing=()
command -v fcitx5 >/dev/null 2>&1 || missing+=(fcitx5 fcitx5-modules)
[ -e /usr/share/fcitx5/addon/pinyin.conf ] || missing+=(fcitx5-pinyin)
command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus-daemon)
command -v busctl >/dev/null 2>&1 || missing+=(systemd)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
