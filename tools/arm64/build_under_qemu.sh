#!/usr/bin/env bash
# Builds the one-folder app dist/nianbao for ARM64 (aarch64) on an x86_64 machine, under qemu-user, and
# smoke-tests the build there (issue 19): a Debian 13 arm64 root file system (glibc 2.41, Python 3.13 with
# its shared libpython, which PyInstaller ships; binutils, gcc and icu-devtools for build.spec's strip and
# ICU trimming), the pinned aarch64 wheels of requirements-build.txt fetched on this machine, then inside the
# root fs and offline (unshare --net): `python3 dev.py build` (its .venv from those wheels, PyInstaller,
# then `dev.py smoke`, every reader and writer), and the build's PDF is compared with this machine's
# (x86_64, from source and from dist/nianbao if there is one): it must be byte-identical. As root.
#
#   bash tools/arm64/build_under_qemu.sh [DIR]     # default /srv/nianbao-trixie-arm64 (made once, then reused)
#   LINE=glibc228 bash tools/arm64/build_under_qemu.sh [DIR]   # default /srv/nianbao-bullseye-arm64
#
# LINE=glibc228 builds the glibc228 line (Qt 6.8.0.2, whose aarch64 wheels need glibc 2.31) in a Debian 11
# root fs (glibc 2.31, tools/glibc228/make_rootfs.sh), with a Python 3.11 cross-compiled here for glibc 2.28
# (tools/glibc228/build_python.sh; Debian 11's own Python is 3.9); `dev.py build --line glibc228` then also
# checks that no file of the build needs more than glibc 2.31.
#
# The root fs gets a copy of the checkout's HEAD (commit first) at /work/nianbao-build, whose .venv is kept
# between runs; the build is DIR/work/nianbao-build/dist/nianbao. Under qemu every step is several times
# slower (50 to 100 times here), so each smoke step may take NIANBAO_SMOKE_TIMEOUT seconds (900 here) and a PDF's
# reading NIANBAO_PDF_MAX_SECONDS (600). tools/arm64/run_under_qemu.sh runs the same root fs from source.
set -euo pipefail
LINE=${LINE:-default}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-"$REPO/.venv/bin/python"}  # the host's, to download the wheels and for the reference PDF
CLONE=/work/nianbao-build                    # inside the root fs
SAMPLE=resources/samples/zaozhuang-2024.nianbao.json
export NIANBAO_SMOKE_TIMEOUT=${NIANBAO_SMOKE_TIMEOUT:-900}
# The PDF reader stops after 30 s (importing/pdf_safety.py); under qemu sample.pdf takes longer than that.
export NIANBAO_PDF_MAX_SECONDS=${NIANBAO_PDF_MAX_SECONDS:-600}
timings=()
since() { echo $(($(date +%s) - $1)); }

. "$(dirname "$0")/qemu_setup.sh"

case "$LINE" in
default)
    DIR=${1:-/srv/nianbao-trixie-arm64}
    PY=python3 VENV=.venv PY_VERSION=3.13 NEWEST_WHEEL=manylinux_2_39_aarch64
    # Besides run_under_qemu.sh's packages (the libraries the window takes from the system, dev_qtlibs.py,
    # with trixie's names): libpython3.13 (Debian's python3 is linked statically; PyInstaller needs the shared
    # library to ship), binutils (strip, objdump, nm, readelf), gcc and icu-devtools (icupkg, genccode: the ICU
    # data is trimmed as on x86_64, build.spec).
    BUILD_PACKAGES=(libpython3.13 binutils gcc icu-devtools)
    if [ ! -x "$DIR/usr/bin/python3" ]; then
        start=$(date +%s)
        debootstrap --arch=arm64 --variant=minbase --include=python3,python3-venv,libpython3.13,binutils,gcc,\
icu-devtools,libglib2.0-0t64,libfontconfig1,libfreetype6,libdbus-1-3,libxkbcommon0,libgl1,libegl1,libx11-6,\
libx11-xcb1,libxcb1,libxcb-cursor0,libxcb-icccm4,libxcb-keysyms1,libxcb-image0,libxcb-render-util0,libxcb-shape0,\
libxcb-xkb1,libxcb-randr0,libxcb-xfixes0,libxcb-sync1,libxcb-shm0,libxcb-util1,libxkbcommon-x11-0,libgssapi-krb5-2 \
            trixie "$DIR" http://deb.debian.org/debian
        timings+=("debootstrap $(since "$start") s")
    elif ! chroot "$DIR" dpkg -s "${BUILD_PACKAGES[@]}" > /dev/null 2>&1; then
        # A root fs that run_under_qemu.sh made: the build's packages are added (from the network, once).
        cp /etc/resolv.conf "$DIR/etc/resolv.conf"
        chroot "$DIR" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive chroot "$DIR" apt-get install -y -qq --no-install-recommends "${BUILD_PACKAGES[@]}"
        chroot "$DIR" apt-get clean
    fi
    ;;
glibc228)
    DIR=${1:-/srv/nianbao-bullseye-arm64}
    PY=/opt/nianbao-python3.11-glibc228/bin/python3.11 VENV=.venv-glibc228 PY_VERSION=3.11
    NEWEST_WHEEL=manylinux_2_31_aarch64
    if [ ! -x "$DIR/usr/bin/apt-get" ]; then
        start=$(date +%s)
        # The desktop's libraries, the build's tools (as above) and, for the cross-compiled Python, the
        # headers and libraries of zlib, bzip2, libffi and xz.
        ARCH=arm64 EXTRA="binutils gcc icu-devtools zlib1g-dev libbz2-dev libffi-dev liblzma-dev" \
            bash "$REPO/tools/glibc228/make_rootfs.sh" "$DIR" bullseye http://deb.debian.org/debian
        timings+=("root fs $(since "$start") s")
    fi
    if [ ! -x "$DIR$PY" ]; then
        start=$(date +%s)
        ARCH=aarch64 SYSROOT="$DIR" bash "$REPO/tools/glibc228/build_python.sh"
        timings+=("Python $(since "$start") s")
    fi
    ;;
*) echo "LINE is default or glibc228, not $LINE" >&2; exit 2 ;;
esac
requirements=requirements$([ "$LINE" = default ] || echo "-$LINE")-build.txt  # dev.line_requirements

# The wheels are fetched here (the root fs needs no network, nor this machine's certificates).
start=$(date +%s)
mkdir -p "$DIR/work/wheels"
abi=cp${PY_VERSION/./}
"$PYTHON" -m pip download -q --disable-pip-version-check --only-binary=:all: --implementation cp \
    --python-version "$PY_VERSION" --abi "$abi" --abi abi3 --abi none --platform "$NEWEST_WHEEL" \
    --platform manylinux_2_28_aarch64 --platform manylinux_2_17_aarch64 --platform manylinux2014_aarch64 \
    --platform manylinux_2_5_aarch64 -r "$REPO/$requirements" -d "$DIR/work/wheels"
timings+=("wheels $(since "$start") s")

# The checkout's HEAD, its .venv kept (dev.py reinstalls it only when a requirements file changes).
mkdir -p "$DIR$CLONE"
git -C "$DIR$CLONE" init -q
git -C "$DIR$CLONE" -c safe.directory='*' fetch -q "$REPO" HEAD
git -C "$DIR$CLONE" checkout -q -f --detach FETCH_HEAD
git -C "$DIR$CLONE" clean -q -f -d -x -e "/$VENV"
echo "arm64 build: $(git -C "$DIR$CLONE" log --oneline -1 | cut -c1-100)"

mounted=()
cleanup() { for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R "${mounted[i]}" || true; done; }
trap cleanup EXIT
mount -t proc proc "$DIR/proc" && mounted+=("$DIR/proc")
mount --rbind /dev "$DIR/dev" && mount --make-rslave "$DIR/dev" && mounted+=("$DIR/dev")

# Offline: a network namespace of its own, with nothing in it; pip takes the wheels from the folder.
in_root() {
    unshare --net chroot "$DIR" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 PIP_NO_INDEX=1 PIP_FIND_LINKS=/work/wheels NIANBAO_SMOKE_TIMEOUT="$NIANBAO_SMOKE_TIMEOUT" \
        NIANBAO_PDF_MAX_SECONDS="$NIANBAO_PDF_MAX_SECONDS" "$@"
}
in_root sh -c "echo \"arm64 build: line $LINE, \$(uname -m), \$(getconf GNU_LIBC_VERSION), \$($PY -V)\""
start=$(date +%s)
log=$(mktemp)
status=0
in_root sh -c "cd $CLONE && $PY dev.py build --line $LINE" 2>&1 | tee "$log" | grep --line-buffered -v '^WARNING: Location' || true
grep -q '^smoke test of the build: all steps ok' "$log" || status=1
timings+=("dev.py build $(since "$start") s, of which $(sed -n 's/^build time *\(.*\)$/\1/p' "$log"),"
          "smoke $(sed -n 's/^smoke time *//p' "$log")")
size=$(sed -n 's/^smoke size *\([0-9.]* MB\).*/\1/p' "$log")
rm -f "$log"
BUILD="$DIR$CLONE/dist/nianbao"
[ -x "$BUILD/nianbao" ] || { echo "arm64 build: no $BUILD/nianbao" >&2; exit 1; }
machine=$(readelf -h "$BUILD/nianbao" | sed -n 's/^ *Machine: *//p')
qt=$(find "$DIR$CLONE/$VENV/lib" -maxdepth 3 -iname 'pyside6_essentials-*.dist-info' -printf '%f\n' | sed 's/^[Pp]y[Ss]ide6_[Ee]ssentials-//; s/\.dist-info$//')

# The build's PDF against this machine's, from source and from its own build (if there is one).
rm -rf "$DIR/tmp/nianbao-arm64-build" && mkdir -p "$DIR/tmp/nianbao-arm64-build"
in_root env NIANBAO_DATA_DIR=/tmp/nianbao-arm64-build/data QT_QPA_PLATFORM=offscreen \
    "$CLONE/dist/nianbao/nianbao" export "$CLONE/$SAMPLE" --pdf /tmp/nianbao-arm64-build/a.pdf > /dev/null
scratch=$(mktemp -d)
NIANBAO_DATA_DIR="$scratch/data" "$PYTHON" "$REPO/main.py" export "$REPO/$SAMPLE" --pdf "$scratch/source.pdf" > /dev/null
references=("$scratch/source.pdf")
if [ -x "$REPO/dist/nianbao/nianbao" ]; then
    NIANBAO_DATA_DIR="$scratch/data2" QT_QPA_PLATFORM=offscreen "$REPO/dist/nianbao/nianbao" export "$REPO/$SAMPLE" \
        --pdf "$scratch/build.pdf" > /dev/null
    references+=("$scratch/build.pdf")
fi
for reference in "${references[@]}"; do
    if cmp "$DIR/tmp/nianbao-arm64-build/a.pdf" "$reference"; then
        echo "arm64 build: the PDF is byte-identical to x86_64's ($(basename "$reference" .pdf))"
    else
        echo "arm64 build: the PDF DIFFERS from x86_64's ($(basename "$reference" .pdf))"
        status=1
    fi
done
rm -rf "$scratch"
echo "arm64 build: $BUILD: $machine, Qt ${qt:-?}, ${size:-?}; ${timings[*]}"
[ "$status" -eq 0 ] && echo "arm64 build: all steps ok" || echo "arm64 build: FAILED"
exit "$status"
