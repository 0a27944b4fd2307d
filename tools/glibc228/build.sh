#!/usr/bin/env bash
# The glibc228 line's one-folder build on a newer Linux (here Debian 12): a Python 3.11 that needs
# glibc 2.28 only (build_python.sh, once), the wheels of requirements-glibc228-build.txt for
# manylinux_2_28 and older (pip download with the system's Python: that Python has no ssl module, so
# it installs from this folder, offline), then `dev.py build --line glibc228`, whose smoke test checks
# every ELF file for glibc > 2.28. Then: make_rootfs.sh and smoke_in_rootfs.sh.
#
#   bash tools/glibc228/build.sh
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${PREFIX:-/opt/nianbao-python3.11-glibc228}
WHEELS=${WHEELS:-/srv/glibc228-wheels}
[ -x "$PREFIX/bin/python3.11" ] || bash "$REPO/tools/glibc228/build_python.sh" "$PREFIX"
python3 -m pip download -q --disable-pip-version-check -r "$REPO/requirements-glibc228-build.txt" -d "$WHEELS" \
    --only-binary=:all: --implementation cp --python-version 3.11 --abi cp311 --abi abi3 --abi none \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
    --platform manylinux_2_5_x86_64 --platform manylinux1_x86_64
cd "$REPO"
PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELS" "$PREFIX/bin/python3.11" dev.py build --line glibc228
