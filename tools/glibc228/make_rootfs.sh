#!/usr/bin/env bash
# Makes the root file system of an older Debian for the glibc228 line's smoke test: debootstrap
# (minbase), then the system libraries the app takes from the desktop (every package dev_qtlibs.py
# names for Qt's xcb plugin, D-Bus, Kerberos, fontconfig; libssl for importing/aes_cbc.py) and nothing
# else: no Python, no X server (the smoke test runs Qt offscreen).
#
#   bash tools/glibc228/make_rootfs.sh [DIR] [SUITE] [MIRROR]
#   bash tools/glibc228/make_rootfs.sh /srv/nianbao-buster buster http://archive.debian.org/debian    # glibc 2.28
#   bash tools/glibc228/make_rootfs.sh /srv/nianbao-bullseye bullseye http://deb.debian.org/debian   # glibc 2.31
#   ARCH=arm64 EXTRA="binutils gcc" bash tools/glibc228/make_rootfs.sh /srv/nianbao-bullseye-arm64 bullseye \
#       http://deb.debian.org/debian     # ARM64, run under qemu-user (tools/arm64/build_glibc228.sh does this)
#
# ARCH (default: this machine's) is debootstrap's --arch; EXTRA adds packages (the ARM64 build's tools).
# Debian 10 "buster" has Kylin V10's and UOS 20's glibc, 2.28; it lives only on archive.debian.org now
# (deb.debian.org answers 404 for it). Run as root. Then: tools/glibc228/smoke_in_rootfs.sh DIR.
set -euo pipefail
DIR=${1:-/srv/nianbao-buster}
SUITE=${2:-buster}
MIRROR=${3:-http://archive.debian.org/debian}
ARCH=${ARCH:-$(dpkg --print-architecture)}
EXTRA=${EXTRA:-}
REPO=$(cd "$(dirname "$0")/../.." && pwd)

command -v debootstrap > /dev/null || apt-get install -y -qq debootstrap > /dev/null
if [ ! -x "$DIR/usr/bin/apt-get" ]; then
    debootstrap --arch="$ARCH" --variant=minbase "$SUITE" "$DIR" "$MIRROR"
fi
cp /etc/resolv.conf "$DIR/etc/resolv.conf"
chroot "$DIR" apt-get update -qq

# The packages of dev_qtlibs.APT_PACKAGES (bookworm's names): those the suite lacks under that name
# are said and left out (buster's libgcc1 is bookworm's libgcc-s1).
wanted=$(python3 -c "import sys; sys.path.insert(0, sys.argv[1]); import dev_qtlibs
print(' '.join(sorted(set(dev_qtlibs.APT_PACKAGES.values()))))" "$REPO")
present=()
for package in $wanted libgcc1 libssl3 libssl1.1 fontconfig-config $EXTRA; do
    if chroot "$DIR" apt-cache show "$package" > /dev/null 2>&1; then
        present+=("$package")
    else
        echo "not in $SUITE: $package"
    fi
done
DEBIAN_FRONTEND=noninteractive chroot "$DIR" apt-get install -y -qq --no-install-recommends "${present[@]}" > /dev/null
chroot "$DIR" apt-get clean

if chroot "$DIR" sh -c 'command -v python3 || command -v python || ls -d /usr/lib/python3*' 2> /dev/null; then
    echo "the root file system has a Python: the smoke test would not show that the build brings its own" >&2
    exit 1
fi
echo "$DIR: Debian $SUITE $ARCH, $(chroot "$DIR" getconf GNU_LIBC_VERSION), no Python; ${#present[@]} library packages"
