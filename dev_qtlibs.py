"""Which system libraries the window lacks on Linux, and the one command that installs them.

Qt's xcb platform plugin (from the PySide6 wheel) links two dozen X11/GL/font libraries of the system.
On a fresh desktop some are missing, and Qt then aborts with an English hint that may even name the
wrong package. `dev.py app` asks `ldd` first and says in Chinese what to install. Standard library only:
this runs from dev.py, before or outside the virtual environment.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: Inside PySide6/Qt: the xcb plugin, then the Qt libraries the window loads (QtWidgets, QtPdf for the
#: preview). ldd follows their dependencies itself; naming the libraries also covers the ones the
#: plugin does not pull in.
QT_FILES_TO_CHECK = (
    "plugins/platforms/libqxcb.so",
    "lib/libQt6XcbQpa.so.6",
    "lib/libQt6Gui.so.6",
    "lib/libQt6Widgets.so.6",
    "lib/libQt6Pdf.so.6",
    "lib/libQt6PdfWidgets.so.6",
)

#: soname → Debian package (bookworm names; Ubuntu, UOS/Deepin and Kylin desktop share them, and
#: Ubuntu 24.04's "t64" renames still answer to these names).
APT_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libXext.so.6": "libxext6",
    "libXrender.so.1": "libxrender1",
    # X session management: the aarch64 wheels' libQt6XcbQpa needs them (the x86_64 wheels' does not).
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libpng16.so.16": "libpng16-16",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libexpat.so.1": "libexpat1",
    "libpcre2-8.so.0": "libpcre2-8-0",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbsd.so.0": "libbsd0",
    "libmd.so.0": "libmd0",
    "libsystemd.so.0": "libsystemd0",
    # QtPdf pulls in QtNetwork, which links Kerberos.
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libkrb5.so.3": "libkrb5-3",
    "libk5crypto.so.3": "libk5crypto3",
    "libkrb5support.so.0": "libkrb5support0",
    "libcom_err.so.2": "libcom-err2",
    "libkeyutils.so.1": "libkeyutils1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libcap.so.2": "libcap2",
    "libgcrypt.so.20": "libgcrypt20",
    "libgpg-error.so.0": "libgpg-error0",
    "liblzma.so.5": "liblzma5",
    "liblz4.so.1": "liblz4-1",
}

#: soname → RPM package (openEuler, Kylin server, Anolis, CentOS/RHEL, Fedora). A soname missing here
#: is asked of dnf/yum by the soname itself, which every RPM package provides.
RPM_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "xcb-util-cursor",
    "libxcb-icccm.so.4": "xcb-util-wm",
    "libxcb-keysyms.so.1": "xcb-util-keysyms",
    "libxcb-image.so.0": "xcb-util-image",
    "libxcb-render-util.so.0": "xcb-util-renderutil",
    "libxcb-util.so.1": "xcb-util",
    # libxcb ships the core library and every protocol extension.
    "libxcb-shape.so.0": "libxcb",
    "libxcb-xkb.so.1": "libxcb",
    "libxcb-randr.so.0": "libxcb",
    "libxcb-xfixes.so.0": "libxcb",
    "libxcb-sync.so.1": "libxcb",
    "libxcb-shm.so.0": "libxcb",
    "libxcb-render.so.0": "libxcb",
    "libxcb-xinerama.so.0": "libxcb",
    "libxcb-xinput.so.0": "libxcb",
    "libxcb-glx.so.0": "libxcb",
    "libxcb.so.1": "libxcb",
    "libX11-xcb.so.1": "libX11-xcb",
    "libX11.so.6": "libX11",
    "libXau.so.6": "libXau",
    "libXdmcp.so.6": "libXdmcp",
    "libXext.so.6": "libXext",
    "libXrender.so.1": "libXrender",
    "libSM.so.6": "libSM",
    "libICE.so.6": "libICE",
    "libxkbcommon.so.0": "libxkbcommon",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11",
    "libGL.so.1": "mesa-libGL",
    "libEGL.so.1": "mesa-libEGL",
    "libGLX.so.0": "libglvnd-glx",
    "libOpenGL.so.0": "libglvnd-opengl",
    "libGLdispatch.so.0": "libglvnd",
    "libfontconfig.so.1": "fontconfig",
    "libfreetype.so.6": "freetype",
    "libdbus-1.so.3": "dbus-libs",
    "libglib-2.0.so.0": "glib2",
    "libgthread-2.0.so.0": "glib2",
    "libgobject-2.0.so.0": "glib2",
    "libpng16.so.16": "libpng",
    "libz.so.1": "zlib",
    "libzstd.so.1": "libzstd",
    "libexpat.so.1": "expat",
    "libpcre2-8.so.0": "pcre2",
    "libbsd.so.0": "libbsd",
    "libmd.so.0": "libmd",
    "libsystemd.so.0": "systemd-libs",
    "libgssapi_krb5.so.2": "krb5-libs",
    "libkrb5.so.3": "krb5-libs",
    "libk5crypto.so.3": "krb5-libs",
    "libkrb5support.so.0": "krb5-libs",
    "libkeyutils.so.1": "keyutils-libs",
    "libstdc++.so.6": "libstdc++",
    "libgcc_s.so.1": "libgcc",
    "libcap.so.2": "libcap",
    "libgcrypt.so.20": "libgcrypt",
    "libgpg-error.so.0": "libgpg-error",
    "liblzma.so.5": "xz-libs",
    "liblz4.so.1": "lz4-libs",
}

#: Distribution IDs (ID or ID_LIKE in os-release) that settle the package manager. UOS and Kylin are
#: not here: both names cover an apt desktop and a dnf server, so the tool on the machine decides.
APT_DISTRIBUTIONS = frozenset({"debian", "ubuntu", "deepin", "linuxmint"})
RPM_DISTRIBUTIONS = frozenset({"fedora", "rhel", "centos", "openeuler", "anolis", "rocky", "almalinux", "euleros"})

#: Files of PySide6 itself: missing means a broken virtual environment, not a system package.
_BUNDLED_PREFIXES = ("libQt6", "libicu", "libpyside6", "libshiboken6")

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")
_MUSL_NOT_FOUND = re.compile(r"^Error loading shared library (\S+): No such file")


def parse_ldd(output: str) -> list[str]:
    """The sonames that ldd could not find, each once, in the order ldd names them."""
    missing: list[str] = []
    for line in output.splitlines():
        match = _NOT_FOUND.match(line) or _MUSL_NOT_FOUND.match(line)
        if match and match.group(1) not in missing:
            missing.append(match.group(1))
    return missing


def parse_os_release(text: str) -> dict[str, str]:
    """The KEY=value lines of os-release(5), with shell quoting undone."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, raw = line.strip().partition("=")
        if not sep or not key or key.startswith("#"):
            continue
        try:
            fields[key] = " ".join(shlex.split(raw))
        except ValueError:  # an unbalanced quote: keep the text as it is
            fields[key] = raw.strip("\"'")
    return fields


def read_os_release(path: Path | None = None) -> dict[str, str]:
    """This system's os-release fields (empty when it has none)."""
    for candidate in [path] if path else [Path("/etc/os-release"), Path("/usr/lib/os-release")]:
        try:
            return parse_os_release(candidate.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return {}


def package_manager(os_release: Mapping[str, str], which: Callable[[str], str | None] = shutil.which) -> str | None:
    """"apt", "dnf" or "yum" for this system, None when it is none of those."""
    names = {os_release.get("ID", "").lower(), *os_release.get("ID_LIKE", "").lower().split()}
    if names & APT_DISTRIBUTIONS:
        return "apt"
    if names & RPM_DISTRIBUTIONS:
        return "yum" if which("yum") and not which("dnf") else "dnf"
    for tool, manager in (("apt-get", "apt"), ("dnf", "dnf"), ("yum", "yum")):
        if which(tool):
            return manager
    return None


def install_command(missing: list[str], manager: str, as_root: bool) -> tuple[str | None, list[str]]:
    """The one command that installs the packages providing `missing`, and the sonames it leaves out
    (those no package is known for, under apt)."""
    packages: list[str] = []
    unknown: list[str] = []
    for soname in missing:
        package = (APT_PACKAGES if manager == "apt" else RPM_PACKAGES).get(soname)
        if package is None and manager != "apt":
            # RPM's automatic Provides name each library, e.g. "libfoo.so.7()(64bit)".
            package = shlex.quote(soname + ("()(64bit)" if sys.maxsize > 2**32 else ""))
        if package is None:
            unknown.append(soname)
        elif package not in packages:
            packages.append(package)
    if not packages:
        return None, unknown
    return f"{'' if as_root else 'sudo '}{manager} install {' '.join(packages)}", unknown


def missing_libraries_message(missing: list[str], manager: str | None, as_root: bool) -> str:
    """What is missing and what to run, in Chinese, for a person at an office PC."""
    bundled = [soname for soname in missing if soname.startswith(_BUNDLED_PREFIXES)]
    if bundled:
        return (f"PySide6 安装不完整（缺少 {'、'.join(bundled)}）：请删除 .venv 文件夹，"
                "再运行 python3 dev.py app 重新安装。")
    listed = f"缺少图形界面所需的系统库：{'、'.join(missing)}。"
    again = "装好后再运行 python3 dev.py app。"
    if manager is None:
        debian = " ".join(dict.fromkeys(APT_PACKAGES[s] for s in missing if s in APT_PACKAGES))
        hint = f"（在 Debian/Ubuntu 上是这些软件包：{debian}）" if debian else ""
        return f"{listed}请用本系统的软件包管理器安装提供这些文件的软件包{hint}。{again}"
    command, unknown = install_command(missing, manager, as_root)
    if command is None:
        return f"{listed}不知由哪个软件包提供，请用本系统的软件包管理器安装提供这些文件的软件包。{again}"
    note = f"{'、'.join(unknown)} 不知由哪个软件包提供，请另行安装。\n" if unknown else ""
    return f"{listed}请先运行：\n    {command}\n{note}{again}"


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will try the xcb plugin: by default on Linux, or when QT_QPA_PLATFORM names it
    (it may be a ';' list, each name with ':options')."""
    platform = environ.get("QT_QPA_PLATFORM", "").strip()
    return not platform or "xcb" in (name.split(":")[0].strip().lower() for name in platform.split(";"))


def find_pyside(venv: Path) -> Path | None:
    """PySide6's folder in the virtual environment, if the wheel with the xcb plugin is installed."""
    for candidate in sorted(venv.glob("lib*/python3*/site-packages/PySide6")):
        if (candidate / "Qt" / QT_FILES_TO_CHECK[0]).is_file():
            return candidate
    return None


def missing_libraries(qt_dir: Path, ldd: str) -> list[str]:
    """The sonames ldd cannot find for the xcb plugin and the window's Qt libraries under `qt_dir`."""
    files = [str(qt_dir / name) for name in QT_FILES_TO_CHECK if (qt_dir / name).is_file()]
    try:
        # LC_ALL=C: the loader's "not found" is never translated, but the rest of ldd's text may be.
        result = subprocess.run([ldd, *files], capture_output=True, text=True, errors="replace", timeout=60,
                                env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return []
    return parse_ldd(result.stdout + result.stderr)


def gui_libraries_problem(pyside_dir: Path | None, environ: Mapping[str, str] = os.environ, *,
                          os_release: Path | None = None, platform: str = sys.platform) -> str | None:
    """The Chinese message to show instead of starting the window, or None when nothing is missing,
    or when this cannot be told (not Linux, Qt not on xcb, no ldd, no plugin)."""
    if not platform.startswith("linux") or pyside_dir is None or not uses_xcb(environ):
        return None
    qt_dir = pyside_dir / "Qt"
    ldd = shutil.which("ldd", path=environ.get("PATH", os.defpath))
    if ldd is None or not (qt_dir / QT_FILES_TO_CHECK[0]).is_file():
        return None
    missing = missing_libraries(qt_dir, ldd)
    if not missing:
        return None
    return missing_libraries_message(missing, package_manager(read_os_release(os_release)), os.geteuid() == 0)
