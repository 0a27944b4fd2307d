#!/usr/bin/env bash
# Builds a shared-library CPython 3.11 that needs no glibc newer than 2.28, for the glibc228 line's
# build on a newer Linux (this one is Debian 12, glibc 2.36).
#
# Why: PyInstaller ships the interpreter that runs it. A Python compiled on glibc 2.36 references
# GLIBC_2.35 (libpython3.11.so.1.0) and GLIBC_2.34 (_ctypes, _posixsubprocess, ...), so its build
# stops at start on Kylin V10 / UOS 20 ("version `GLIBC_2.34' not found"), however old the Qt wheels.
# The C compiler here is `zig cc -target x86_64-linux-gnu.2.28` (the ziglang wheel from PyPI), which
# links against glibc 2.28's symbol versions; the source is Debian 12's python3.11 source package
# (upstream 3.11.2, taken with `apt-get source` from a private list, the system's apt setup untouched).
# zlib, bzip2, libffi and xz are the system's (their headers are copied aside, away from glibc's).
#
#   bash tools/glibc228/build_python.sh [PREFIX]     # default /opt/nianbao-python3.11-glibc228
#   PREFIX/bin/python3.11 dev.py build --line glibc228
#
# For ARM64 the same Python is cross-compiled here (zig targets aarch64-linux-gnu.2.28 as well) into an
# arm64 root file system of make_rootfs.sh, which gives zlib, bzip2, libffi and xz for aarch64 (its -dev
# packages) and gets the Python at PREFIX inside it, to run under qemu-user (tools/arm64/build_glibc228.sh):
#
#   ARCH=aarch64 SYSROOT=/srv/nianbao-bullseye-arm64 bash tools/glibc228/build_python.sh
#
# On a glibc 2.28 system itself (Kylin, UOS) none of this is needed: any Python 3.11 built there does.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${1:-/opt/nianbao-python3.11-glibc228}
ARCH=${ARCH:-x86_64}
SYSROOT=${SYSROOT:-}  # empty: this machine's libraries, and no cross-compiling
GCC=gcc
if [ "$ARCH" != "$(uname -m)" ]; then
    if [ -z "$SYSROOT" ]; then
        echo "ARCH=$ARCH needs SYSROOT, an $ARCH root file system with zlib1g-dev libbz2-dev libffi-dev liblzma-dev" >&2
        exit 1
    fi
    # The link of libpython3.so (below) and configure's readelf: Debian's cross binutils and gcc.
    GCC=$ARCH-linux-gnu-gcc
    command -v "$GCC" > /dev/null ||
        apt-get install -y -qq --no-install-recommends "gcc-$ARCH-linux-gnu" "binutils-$ARCH-linux-gnu" > /dev/null
fi
WORK=${WORK:-/srv/glibc228-python$([ "$ARCH" = x86_64 ] || echo "-$ARCH")}
TOOLS=${TOOLS:-/opt/glibc228-tools}
ZIGLANG_VERSION=0.15.1
JOBS=${JOBS:-2}
mkdir -p "$WORK"
cd "$WORK"

# zig, in a virtual environment of its own
if [ ! -x "$TOOLS/bin/python" ]; then python3 -m venv "$TOOLS"; fi
"$TOOLS/bin/pip" install -q --disable-pip-version-check "ziglang==$ZIGLANG_VERSION"
ZIG=$("$TOOLS/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
mkdir -p bin
for tool in cc c++; do
    # No sanitizer: zig cc turns UBSan traps on when no -O is given (configure's test programs);
    # __DATE__ (sys.version's build date) is an error for zig unless -Wno-date-time; and zig knows
    # the soname option only as -soname, where CPython's Makefile says -Wl,-h. A link of nothing but
    # shared libraries (libpython3.so, the stable-ABI stub that only names libpython3.11.so) fails in
    # zig ("version '.2.28' in target triple is invalid"): gcc -nostdlib makes it, referencing no glibc.
    cat > "bin/zig-$tool" <<WRAPPER
#!/bin/sh
# configure asks the compiler for the multiarch name, which must be the target's (gcc would say its own).
[ "\$1" = --print-multiarch ] && { echo $ARCH-linux-gnu; exit 0; }
objects=no
for arg; do
    shift
    case "\$arg" in -Wl,-h*) set -- "\$@" "-Wl,-soname,\${arg#-Wl,-h}" ;; *) set -- "\$@" "\$arg" ;; esac
    case "\$arg" in *.c|*.o|*.S|*.s|*.cc|*.cpp|*.a|-|-E|-c) objects=yes ;; esac
done
[ \$objects = yes ] || exec $GCC -nostdlib "\$@"
exec "$ZIG" $tool -target $ARCH-linux-gnu.2.28 -fno-sanitize=all -Wno-date-time "\$@"
WRAPPER
    chmod +x "bin/zig-$tool"
done
for tool in ar ranlib; do
    printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$ZIG" "$tool" > "bin/zig-$tool"
    chmod +x "bin/zig-$tool"
done

# the source, from Debian's archive (apt-get source, with a list of its own)
if [ ! -d Python-3.11.2 ]; then
    mkdir -p apt/lists/partial apt/parts
    cat > apt/parts/bookworm-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    APT=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$WORK/apt/parts" -o "Dir::State::Lists=$WORK/apt/lists")
    apt-get "${APT[@]}" update -qq
    apt-get "${APT[@]}" source --download-only python3.11
    tar xzf python3.11_3.11.2.orig.tar.gz
fi

# the system libraries' headers, without the rest of /usr/include (glibc 2.36's headers)
if [ -z "$SYSROOT" ]; then
    dpkg -s zlib1g-dev libbz2-dev libffi-dev liblzma-dev > /dev/null 2>&1 ||
        apt-get install -y -qq zlib1g-dev libbz2-dev libffi-dev liblzma-dev > /dev/null
fi
mkdir -p include lib
cp "$SYSROOT"/usr/include/{zlib.h,zconf.h,bzlib.h,lzma.h} include/
cp -r "$SYSROOT/usr/include/lzma" include/
cp "$SYSROOT/usr/include/$ARCH-linux-gnu/"{ffi.h,ffitarget.h} include/
for library in libz.so.1 libbz2.so.1.0 libffi.so liblzma.so.5; do
    # libffi's soname differs by release (Debian 11: libffi.so.7, Debian 12: .8): the -dev package's link
    ln -sf "$(readlink -f "$SYSROOT/usr/lib/$ARCH-linux-gnu/$library")" "lib/${library%%.so*}.so"
done

cd Python-3.11.2
# setup.py adds the multiarch folder /usr/include/x86_64-linux-gnu (glibc 2.36's sys/*.h, which clash
# with zig's glibc headers) for the extension modules: the headers they need are in $WORK/include.
grep -q 'glibc228: no multiarch' setup.py ||
    sed -i 's/^    def add_multiarch_paths(self):$/&\n        return  # glibc228: no multiarch/' setup.py
cross=()
if [ -n "$SYSROOT" ]; then
    # configure cannot run the target's programs: what it would test is said (all true of Linux), the
    # host's Python 3.11 runs setup.py and the installation's compileall, and pip comes later from
    # ensurepip's bundled wheel (python -m venv), under qemu.
    printf 'ac_cv_file__dev_ptmx=yes\nac_cv_file__dev_ptc=no\nac_cv_buggy_getaddrinfo=no\n' > "$WORK/config.site"
    export CONFIG_SITE="$WORK/config.site"
    cross=(--build=x86_64-linux-gnu --host="$ARCH-linux-gnu" --with-build-python="$(command -v python3.11)"
           --with-ensurepip=no)
fi
if [ ! -f Makefile ]; then
    CC="$WORK/bin/zig-cc" CXX="$WORK/bin/zig-c++" AR="$WORK/bin/zig-ar" RANLIB="$WORK/bin/zig-ranlib" \
    CPPFLAGS="-I$WORK/include" LDFLAGS="-L$WORK/lib -Wl,-rpath,$PREFIX/lib" \
    LIBFFI_INCLUDEDIR="$WORK/include" \
        ./configure --prefix="$PREFIX" --enable-shared --without-static-libpython --with-ensurepip=install \
        "${cross[@]}" > "$WORK/configure.log" 2>&1 || { tail -30 "$WORK/configure.log"; exit 1; }
fi
make -j"$JOBS" > "$WORK/make.log" 2>&1 || { tail -40 "$WORK/make.log"; exit 1; }
make install DESTDIR="$SYSROOT" > "$WORK/install.log" 2>&1 || { tail -40 "$WORK/install.log"; exit 1; }
check_modules='import ctypes, lzma, bz2, zlib, math, _posixsubprocess, venv, ensurepip, sys; print(sys.version)'
if [ -n "$SYSROOT" ]; then
    chroot "$SYSROOT" "$PREFIX/bin/python3.11" -c "$check_modules"
else
    "$PREFIX/bin/python3.11" -c "$check_modules"
fi
python3 "$HERE/glibc_versions.py" --max 2.28 "$SYSROOT$PREFIX/lib"
