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
# On a glibc 2.28 system itself (Kylin, UOS) none of this is needed: any Python 3.11 built there does.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${1:-/opt/nianbao-python3.11-glibc228}
WORK=${WORK:-/srv/glibc228-python}
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
objects=no
for arg; do
    shift
    case "\$arg" in -Wl,-h*) set -- "\$@" "-Wl,-soname,\${arg#-Wl,-h}" ;; *) set -- "\$@" "\$arg" ;; esac
    case "\$arg" in *.c|*.o|*.S|*.s|*.cc|*.cpp|*.a|-|-E|-c) objects=yes ;; esac
done
[ \$objects = yes ] || exec gcc -nostdlib "\$@"
exec "$ZIG" $tool -target x86_64-linux-gnu.2.28 -fno-sanitize=all -Wno-date-time "\$@"
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
dpkg -s zlib1g-dev libbz2-dev libffi-dev liblzma-dev > /dev/null 2>&1 ||
    apt-get install -y -qq zlib1g-dev libbz2-dev libffi-dev liblzma-dev > /dev/null
mkdir -p include lib
cp /usr/include/zlib.h /usr/include/zconf.h /usr/include/bzlib.h /usr/include/lzma.h include/
cp -r /usr/include/lzma include/
cp /usr/include/x86_64-linux-gnu/ffi.h /usr/include/x86_64-linux-gnu/ffitarget.h include/
for library in libz.so.1 libbz2.so.1.0 libffi.so.8 liblzma.so.5; do
    ln -sf "$(readlink -f "/lib/x86_64-linux-gnu/$library")" "lib/${library%%.so*}.so"
done

cd Python-3.11.2
# setup.py adds the multiarch folder /usr/include/x86_64-linux-gnu (glibc 2.36's sys/*.h, which clash
# with zig's glibc headers) for the extension modules: the headers they need are in $WORK/include.
grep -q 'glibc228: no multiarch' setup.py ||
    sed -i 's/^    def add_multiarch_paths(self):$/&\n        return  # glibc228: no multiarch/' setup.py
if [ ! -f Makefile ]; then
    CC="$WORK/bin/zig-cc" CXX="$WORK/bin/zig-c++" AR="$WORK/bin/zig-ar" RANLIB="$WORK/bin/zig-ranlib" \
    CPPFLAGS="-I$WORK/include" LDFLAGS="-L$WORK/lib -Wl,-rpath,$PREFIX/lib" \
    LIBFFI_INCLUDEDIR="$WORK/include" \
        ./configure --prefix="$PREFIX" --enable-shared --without-static-libpython --with-ensurepip=install \
        > "$WORK/configure.log" 2>&1 || { tail -30 "$WORK/configure.log"; exit 1; }
fi
make -j"$JOBS" > "$WORK/make.log" 2>&1 || { tail -40 "$WORK/make.log"; exit 1; }
make install > "$WORK/install.log" 2>&1 || { tail -40 "$WORK/install.log"; exit 1; }
"$PREFIX/bin/python3.11" -c 'import ctypes, lzma, bz2, zlib, math, _posixsubprocess, sys; print(sys.version)'
python3 "$HERE/glibc_versions.py" --max 2.28 "$PREFIX/lib"
