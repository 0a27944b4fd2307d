#!/usr/bin/env bash
# Installs what the fcitx test (tests/test_input_method.py) needs and is missing: Debian's fcitx5 with its
# modules (the IBus frontend), Xvfb, and D-Bus's session tools (dbus-run-session; busctl is systemd's).
# Without them the test is skipped.
set -euo pipefail
missing=()
command -v fcitx5 >/dev/null 2>&1 || missing+=(fcitx5 fcitx5-modules)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus-daemon)
command -v busctl >/dev/null 2>&1 || missing+=(systemd)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
