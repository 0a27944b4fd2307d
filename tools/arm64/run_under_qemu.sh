#!/usr/bin/env bash
# Runs nianbao from source on ARM64 (aarch64) on an x86_64 machine, under qemu-user: a Debian 13 arm64 root
# file system (glibc 2.41, Python 3.13), the pinned wheels of requirements.txt for aarch64 (PySide6 6.11.3
# is manylinux_2_39_aarch64), then check, export to every format, the workbook and PDF readers, and the
# window offscreen; and the PDF must be byte-identical to this machine's (issue 19). As root. This is the
# default line on a newer ARM64 system; Kylin V10 / UOS 20 on ARM64 (glibc 2.28) have no PySide6 wheel at
# all (CONTRIBUTING.md).
#
#   bash tools/arm64/run_under_qemu.sh [DIR]        # default /srv/nianbao-trixie-arm64
set -euo pipefail
DIR=${1:-/srv/nianbao-trixie-arm64}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-"$REPO/.venv/bin/python"}  # the host's, to download the wheels and for the reference PDF

. "$(dirname "$0")/qemu_setup.sh"

if [ ! -x "$DIR/usr/bin/python3" ]; then
    # The libraries the window takes from the system (dev_qtlibs.py), with trixie's names.
    debootstrap --arch=arm64 --variant=minbase --include=python3,python3-venv,libglib2.0-0t64,libfontconfig1,\
libfreetype6,libdbus-1-3,libxkbcommon0,libgl1,libegl1,libx11-6,libx11-xcb1,libxcb1,libxcb-cursor0,libxcb-icccm4,\
libxcb-keysyms1,libxcb-image0,libxcb-render-util0,libxcb-shape0,libxcb-xkb1,libxcb-randr0,libxcb-xfixes0,\
libxcb-sync1,libxcb-shm0,libxcb-util1,libxkbcommon-x11-0,libgssapi-krb5-2 trixie "$DIR" http://deb.debian.org/debian
fi
# The wheels are fetched here (the root fs needs no network, nor this machine's certificates).
mkdir -p "$DIR/work/wheels"
"$PYTHON" -m pip download -q --disable-pip-version-check --only-binary=:all: --implementation cp --python-version 3.13 \
    --abi cp313 --abi abi3 --abi none --platform manylinux_2_39_aarch64 --platform manylinux_2_28_aarch64 \
    --platform manylinux_2_17_aarch64 --platform manylinux2014_aarch64 --platform manylinux_2_5_aarch64 \
    -r "$REPO/requirements.txt" -d "$DIR/work/wheels"
rm -rf "$DIR/work/nianbao" && git clone -q "$REPO" "$DIR/work/nianbao"
[ -x "$DIR/work/venv/bin/python" ] || chroot "$DIR" python3 -m venv /work/venv
chroot "$DIR" /work/venv/bin/pip install -q --disable-pip-version-check --no-index --find-links /work/wheels \
    -r /work/nianbao/requirements.txt

mounted=()
cleanup() { for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R "${mounted[i]}" || true; done; }
trap cleanup EXIT
mount -t proc proc "$DIR/proc" && mounted+=("$DIR/proc")
mount --rbind /dev "$DIR/dev" && mount --make-rslave "$DIR/dev" && mounted+=("$DIR/dev")

rm -rf "$DIR/tmp/nianbao-arm64" && mkdir -p "$DIR/tmp/nianbao-arm64"
chroot "$DIR" env NIANBAO_DATA_DIR=/tmp/nianbao-arm64/data QT_QPA_PLATFORM=offscreen sh -ec '
cd /tmp/nianbao-arm64
P=/work/venv/bin/python M=/work/nianbao/main.py S=/work/nianbao/resources/samples/zaozhuang-2024.nianbao.json
$P -c "import platform, PySide6; print(\"arm64 run:\", platform.machine(), \"Qt\", PySide6.__version__)"
$P $M check $S
$P $M export $S --pdf a.pdf --docx a.docx --xlsx a.xlsx --html a.html --overwrite
$P $M import a.xlsx -o r.nianbao.json --overwrite
$P $M import /work/nianbao/tests/documents/files/sample.pdf -o p.nianbao.json --force --overwrite
NIANBAO_QUIT_AFTER_MS=15000 NIANBAO_REPORT_SHOWN=1 $P $M --sample 2>/dev/null | grep -x shown'
scratch=$(mktemp -d)
NIANBAO_DATA_DIR="$scratch/data" "$PYTHON" "$REPO/main.py" export "$REPO/resources/samples/zaozhuang-2024.nianbao.json" \
    --pdf "$scratch/x86_64.pdf" > /dev/null
cmp "$DIR/tmp/nianbao-arm64/a.pdf" "$scratch/x86_64.pdf"
rm -rf "$scratch"
echo "arm64 run: all steps ok; the PDF is byte-identical to this machine's"
