"""dev.py on a bare Linux machine: before `dev.py app` opens the window it finds the system libraries
that Qt's xcb platform plugin lacks (ldd) and names, in Chinese, the one command that installs them."""

from __future__ import annotations

import shlex
import stat
import sys
from pathlib import Path

import pytest

import dev
import dev_qtlibs
from dev_qtlibs import (
    gui_libraries_problem,
    install_command,
    missing_libraries_message,
    package_manager,
    parse_ldd,
    parse_os_release,
)

#: ldd on the plugin and on a static file, as glibc's ldd prints it on a fresh Debian 12
#: (trimmed): two unresolved helpers appear twice, once under each library that needs them.
LDD_OUTPUT = """\
/venv/PySide6/Qt/plugins/platforms/libqxcb.so:
\tlinux-vdso.so.1 (0x00007ffd5a3e5000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f3c1f800000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f3c1f771000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f3c1f76a000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f3c1e61e000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f3c1f9c0000)
/usr/bin/busybox:
\tstatically linked
/venv/PySide6/Qt/lib/libQt6Gui.so.6:
\tlinux-vdso.so.1 (0x00007ffd5a3e5000)
\tlibEGL.so.1 => not found
"""

DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'
UBUNTU = 'NAME="Ubuntu"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\n'
UOS = 'PRETTY_NAME="UnionTech OS Desktop 20 Pro"\nNAME="uos"\nVERSION_ID="20"\nID=uos\n'
KYLIN_DESKTOP = ('NAME="Kylin"\nVERSION="银河麒麟桌面操作系统V10 (SP1)"\nID=kylin\nID_LIKE=debian\n'
                 'PRETTY_NAME="Kylin V10 SP1"\nVERSION_ID="v10"\n')
KYLIN_SERVER = 'NAME="Kylin Linux Advanced Server"\nVERSION="V10 (Sword)"\nID="kylin"\nVERSION_ID="V10"\n'
OPENEULER = 'NAME="openEuler"\nVERSION="22.03 (LTS-SP3)"\nID="openEuler"\nVERSION_ID="22.03"\n'
ANOLIS = 'NAME="Anolis OS"\nVERSION="8.8"\nID="anolis"\nID_LIKE="rhel fedora centos"\nVERSION_ID="8.8"\n'
ARCH = 'NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n'


def tools(*present: str):
    """A stand-in for shutil.which that knows only the given programs."""
    return lambda name: f"/usr/bin/{name}" if name in present else None


# -- ldd output ---------------------------------------------------------------------------------------

def test_parse_ldd_keeps_each_missing_library_once_in_order():
    assert parse_ldd(LDD_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libEGL.so.1"]


def test_parse_ldd_finds_nothing_missing_in_a_complete_or_static_listing():
    complete = "\n".join(line for line in LDD_OUTPUT.splitlines() if "not found" not in line)
    assert parse_ldd(complete) == []
    assert parse_ldd("\tstatically linked\n") == []
    assert parse_ldd("\tnot a dynamic executable\n") == []


def test_parse_ldd_reads_musl_ldd_errors_too():
    musl = "Error loading shared library libxcb-icccm.so.4: No such file or directory (needed by /x/libqxcb.so)\n"
    assert parse_ldd(musl) == ["libxcb-icccm.so.4"]


# -- os-release and the package manager ---------------------------------------------------------------

def test_parse_os_release_unquotes_values_and_skips_comments():
    fields = parse_os_release('# comment\n\nID="openEuler"\nVERSION=\'22.03 (LTS)\'\nNAME=Kylin\\ V10\nBROKEN\n')
    assert fields == {"ID": "openEuler", "VERSION": "22.03 (LTS)", "NAME": "Kylin V10"}
    assert parse_os_release(KYLIN_DESKTOP)["VERSION"] == "银河麒麟桌面操作系统V10 (SP1)"


@pytest.mark.parametrize(("os_release", "present", "expected"), [
    (DEBIAN, (), "apt"),
    (UBUNTU, (), "apt"),
    (KYLIN_DESKTOP, (), "apt"),           # ID_LIKE=debian decides, whatever is on PATH
    (UOS, ("apt-get",), "apt"),           # UOS names no family: the machine's own tool decides
    (KYLIN_SERVER, ("dnf", "yum"), "dnf"),  # the same ID=kylin, but a dnf system
    (OPENEULER, ("dnf", "yum"), "dnf"),
    (OPENEULER, ("yum",), "yum"),         # an older system without dnf
    (OPENEULER, (), "dnf"),
    (ANOLIS, ("dnf",), "dnf"),
    (ARCH, ("pacman",), None),
    ("", (), None),
])
def test_package_manager_per_distribution(os_release: str, present: tuple[str, ...], expected: str | None):
    assert package_manager(parse_os_release(os_release), tools(*present)) == expected


# -- sonames to packages ------------------------------------------------------------------------------

#: Every system library the xcb plugin and the window's Qt libraries can need (issue 11).
XCB_SONAMES = [
    "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0",
    "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-xkb.so.1", "libxcb-randr.so.0",
    "libxcb-xfixes.so.0", "libxcb-sync.so.1", "libxcb-shm.so.0", "libxcb-xinerama.so.0", "libxcb-util.so.1",
    "libxcb-render.so.0", "libxcb.so.1", "libxkbcommon.so.0", "libxkbcommon-x11.so.0", "libGL.so.1",
    "libEGL.so.1", "libfontconfig.so.1", "libfreetype.so.6", "libdbus-1.so.3", "libglib-2.0.so.0",
    "libgthread-2.0.so.0", "libX11-xcb.so.1", "libX11.so.6", "libgssapi_krb5.so.2",
]


@pytest.mark.parametrize("table", [dev_qtlibs.APT_PACKAGES, dev_qtlibs.RPM_PACKAGES], ids=["apt", "rpm"])
def test_every_library_the_plugin_needs_has_a_package(table: dict[str, str]):
    assert [soname for soname in XCB_SONAMES if soname not in table] == []


def test_debian_and_rpm_package_names():
    apt, rpm = dev_qtlibs.APT_PACKAGES, dev_qtlibs.RPM_PACKAGES
    assert [apt[s] for s in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0", "libGL.so.1",
                             "libEGL.so.1", "libglib-2.0.so.0", "libX11-xcb.so.1")] == [
        "libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0", "libgl1", "libegl1", "libglib2.0-0", "libx11-xcb1"]
    assert [rpm[s] for s in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0",
                             "libxcb-render-util.so.0", "libxkbcommon-x11.so.0", "libGL.so.1", "libEGL.so.1",
                             "libxcb-shm.so.0")] == [
        "xcb-util-cursor", "xcb-util-wm", "xcb-util-keysyms", "xcb-util-image", "xcb-util-renderutil",
        "libxkbcommon-x11", "mesa-libGL", "mesa-libEGL", "libxcb"]


def test_install_command_per_package_manager():
    missing = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert install_command(missing, "apt", as_root=False) == ("sudo apt install libxcb-icccm4 libxcb-keysyms1", [])
    assert install_command(missing, "dnf", as_root=False) == ("sudo dnf install xcb-util-wm xcb-util-keysyms", [])
    assert install_command(missing, "yum", as_root=True) == ("yum install xcb-util-wm xcb-util-keysyms", [])


def test_install_command_names_each_package_once():
    krb5 = ["libgssapi_krb5.so.2", "libkrb5.so.3", "libk5crypto.so.3", "libkrb5support.so.0"]
    assert install_command(krb5, "dnf", as_root=True) == ("dnf install krb5-libs", [])
    assert install_command(["libxcb-shm.so.0", "libxcb-xkb.so.1"], "dnf", as_root=True) == ("dnf install libxcb", [])


def test_unknown_library_is_left_out_of_apt_but_asked_of_dnf_by_its_file_name():
    missing = ["libxcb-icccm.so.4", "libfoo.so.7"]
    assert install_command(missing, "apt", as_root=False) == ("sudo apt install libxcb-icccm4", ["libfoo.so.7"])
    # RPM packages provide their sonames, so dnf/yum can install a library by its file name.
    provide = shlex.quote("libfoo.so.7()(64bit)" if sys.maxsize > 2**32 else "libfoo.so.7")
    assert install_command(missing, "dnf", as_root=False) == (f"sudo dnf install xcb-util-wm {provide}", [])
    assert install_command(["libfoo.so.7"], "apt", as_root=False) == (None, ["libfoo.so.7"])


# -- the message --------------------------------------------------------------------------------------

def test_message_names_the_missing_libraries_and_the_one_command():
    message = missing_libraries_message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"], "apt", as_root=False)
    assert message.startswith("缺少图形界面所需的系统库：libxcb-icccm.so.4、libxcb-keysyms.so.1。请先运行：\n")
    assert "\n    sudo apt install libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "python3 dev.py app" in message


def test_message_lists_a_library_no_package_is_known_for():
    message = missing_libraries_message(["libxcb-icccm.so.4", "libfoo.so.7"], "apt", as_root=True)
    assert "    apt install libxcb-icccm4\n" in message
    assert "libfoo.so.7" in message.split("apt install")[1]


def test_message_on_an_unknown_system_names_the_files_without_a_command():
    message = missing_libraries_message(["libxcb-icccm.so.4"], None, as_root=False)
    assert "libxcb-icccm.so.4" in message
    assert "install" not in message
    assert "软件包管理器" in message


def test_a_missing_qt_library_means_a_broken_venv_not_a_system_package():
    message = missing_libraries_message(["libQt6XcbQpa.so.6"], "apt", as_root=False)
    assert "apt install" not in message
    assert ".venv" in message


# -- end to end, with a fake ldd ----------------------------------------------------------------------

def fake_pyside(root: Path) -> Path:
    """A PySide6 folder holding (empty) files where the xcb plugin and its Qt libraries live."""
    pyside = root / "PySide6"
    for name in ("Qt/plugins/platforms/libqxcb.so", "Qt/lib/libQt6XcbQpa.so.6", "Qt/lib/libQt6Gui.so.6"):
        (pyside / name).parent.mkdir(parents=True, exist_ok=True)
        (pyside / name).write_bytes(b"")
    return pyside


def fake_ldd(folder: Path, output: str) -> Path:
    """An `ldd` on a PATH of its own that writes its arguments to ldd.args and prints `output`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ldd.out").write_text(output)
    script = folder / "ldd"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/ldd.args"\ncat "{folder}/ldd.out"\nexit 1\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


@pytest.fixture
def bare_debian(tmp_path: Path) -> dict[str, Path]:
    os_release = tmp_path / "os-release"
    os_release.write_text(DEBIAN)
    return {"pyside": fake_pyside(tmp_path / "site-packages"), "bin": fake_ldd(tmp_path / "bin", LDD_OUTPUT),
            "os_release": os_release}


needs_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd and the xcb plugin are Linux's")


@needs_linux
def test_gui_libraries_problem_runs_ldd_on_the_plugin_and_names_the_apt_command(bare_debian: dict[str, Path]):
    message = gui_libraries_problem(bare_debian["pyside"], {"PATH": str(bare_debian["bin"])},
                                    os_release=bare_debian["os_release"])
    assert message is not None
    assert "缺少图形界面所需的系统库：libxcb-icccm.so.4、libxcb-keysyms.so.1、libEGL.so.1。" in message
    assert "apt install libxcb-icccm4 libxcb-keysyms1 libegl1\n" in message
    checked = (bare_debian["bin"] / "ldd.args").read_text().splitlines()
    qt = bare_debian["pyside"] / "Qt"
    assert checked == [str(qt / "plugins/platforms/libqxcb.so"), str(qt / "lib/libQt6XcbQpa.so.6"),
                       str(qt / "lib/libQt6Gui.so.6")]  # the other Qt libraries are absent from the fake


@needs_linux
def test_gui_libraries_problem_is_none_when_ldd_finds_everything(tmp_path: Path, bare_debian: dict[str, Path]):
    complete = fake_ldd(tmp_path / "complete", "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n")
    assert gui_libraries_problem(bare_debian["pyside"], {"PATH": str(complete)},
                                 os_release=bare_debian["os_release"]) is None


@needs_linux
@pytest.mark.parametrize("platform", ["offscreen", "minimal", "wayland"])
def test_no_check_when_qt_will_not_use_xcb(bare_debian: dict[str, Path], platform: str):
    environ = {"PATH": str(bare_debian["bin"]), "QT_QPA_PLATFORM": platform}
    assert gui_libraries_problem(bare_debian["pyside"], environ, os_release=bare_debian["os_release"]) is None
    assert not (bare_debian["bin"] / "ldd.args").exists()


@needs_linux
def test_check_when_qt_is_told_to_use_xcb(bare_debian: dict[str, Path]):
    environ = {"PATH": str(bare_debian["bin"]), "QT_QPA_PLATFORM": "xcb"}
    assert gui_libraries_problem(bare_debian["pyside"], environ, os_release=bare_debian["os_release"])


def test_no_check_without_ldd_off_linux_or_without_the_plugin(tmp_path: Path, bare_debian: dict[str, Path]):
    os_release = bare_debian["os_release"]
    assert gui_libraries_problem(bare_debian["pyside"], {"PATH": str(tmp_path / "empty")},
                                 os_release=os_release) is None
    assert gui_libraries_problem(bare_debian["pyside"], {"PATH": str(bare_debian["bin"])},
                                 os_release=os_release, platform="win32") is None
    assert gui_libraries_problem(tmp_path / "no-pyside", {"PATH": str(bare_debian["bin"])},
                                 os_release=os_release) is None
    assert gui_libraries_problem(None, {"PATH": str(bare_debian["bin"])}, os_release=os_release) is None


def test_find_pyside_in_a_venv(tmp_path: Path):
    assert dev_qtlibs.find_pyside(tmp_path) is None
    pyside = fake_pyside(tmp_path / "lib" / "python3.11" / "site-packages")
    assert dev_qtlibs.find_pyside(tmp_path) == pyside


# -- dev.py app ---------------------------------------------------------------------------------------

@pytest.fixture
def app_run(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """dev.py with the venv taken as ready and the app's start recorded instead of run."""
    started: list[list[str]] = []
    monkeypatch.setattr(dev, "ensure_venv", lambda requirements, line="default": Path("/venv/bin/python"))
    monkeypatch.setattr(dev.subprocess, "call", lambda command, **kwargs: started.append(command) or 0)
    return started


def test_dev_app_stops_with_the_chinese_message_before_starting_qt(
        app_run: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(dev, "gui_libraries_problem", lambda pyside: "缺少图形界面所需的系统库：libxcb-icccm.so.4。")
    assert dev.main(["app"]) == 1
    assert app_run == []
    assert "缺少图形界面所需的系统库：libxcb-icccm.so.4。" in capsys.readouterr().err


def test_dev_app_starts_when_nothing_is_missing(app_run: list[list[str]], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(dev, "gui_libraries_problem", lambda pyside: None)
    assert dev.main(["app"]) == 0
    assert app_run == [["/venv/bin/python", str(dev.ROOT / "main.py"), "--sample"]]


@pytest.mark.parametrize("args", [["check", "x.nianbao.json"], ["--version"], ["export", "x", "--pdf", "y.pdf"]])
def test_dev_app_headless_commands_need_no_display_libraries(
        app_run: list[list[str]], monkeypatch: pytest.MonkeyPatch, args: list[str]):
    monkeypatch.setattr(dev, "gui_libraries_problem", lambda pyside: "缺少")
    assert dev.main(["app", "--", *args]) == 0
    assert app_run == [["/venv/bin/python", str(dev.ROOT / "main.py"), *args]]


# -- dev.py test --------------------------------------------------------------------------------------

def run_test_command(monkeypatch: pytest.MonkeyPatch, failing: str | None = None,
                     args: tuple[str, ...] = ()) -> tuple[int, list[list[str]]]:
    """dev.py test with the venv taken as ready and each tool recorded instead of run; the tool
    named `failing` (ruff, mypy, pytest) exits 1."""
    started: list[list[str]] = []

    def call(command: list[str], **kwargs: object) -> int:
        started.append(command)
        return 1 if command[2] == failing else 0

    monkeypatch.setattr(dev, "ensure_venv", lambda requirements, line="default": Path("/venv/bin/python"))
    monkeypatch.setattr(dev.subprocess, "call", call)
    return dev.main(["test", *args]), started


def test_dev_test_runs_ruff_then_mypy_then_pytest(monkeypatch: pytest.MonkeyPatch):
    code, started = run_test_command(monkeypatch, args=("--", "-q", "tests/test_dev.py"))
    assert code == 0
    assert started == [["/venv/bin/python", "-m", "ruff", "check", "."],
                       ["/venv/bin/python", "-m", "mypy"],
                       ["/venv/bin/python", "-m", "pytest", "-q", "tests/test_dev.py"]]


@pytest.mark.parametrize("failing", ["ruff", "mypy", "pytest"])
def test_dev_test_fails_when_any_tool_fails_and_still_runs_the_tests(monkeypatch: pytest.MonkeyPatch,
                                                                     failing: str):
    code, started = run_test_command(monkeypatch, failing)
    assert code != 0
    assert [command[2] for command in started] == ["ruff", "mypy", "pytest"]


def test_dev_knows_the_headless_commands_of_main():
    import main

    assert dev.HEADLESS_COMMANDS == main.COMMANDS


@needs_linux
def test_the_real_plugin_in_this_venv_is_checked_with_the_real_ldd():
    """The real check on the installed PySide6 names exactly what the machine's ldd says is missing."""
    import shutil
    import subprocess

    pyside, ldd = dev_qtlibs.find_pyside(dev.VENV), shutil.which("ldd")
    if pyside is None or ldd is None:
        pytest.skip("no PySide6 in .venv or no ldd")
    plugin = pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    listing = subprocess.run([ldd, str(plugin)], capture_output=True, text=True).stdout
    missing = sorted({line.split()[0] for line in listing.splitlines() if line.endswith("=> not found")})
    message = gui_libraries_problem(pyside, {"PATH": str(Path(ldd).parent)})
    if not missing:
        assert message is None
    else:
        assert message is not None
        assert all(soname in message.splitlines()[0] for soname in missing)


# -- build lines (issue 19): --line glibc228 / NIANBAO_LINE ---------------------------------------------

def pins(name: str) -> dict[str, str]:
    """package → version of a requirements file's own pins (not those of the file it includes), with any
    environment marker ("; sys_platform == ...") left off."""
    lines = (dev.ROOT / name).read_text(encoding="utf-8").splitlines()
    return dict(line.split(";")[0].strip().split("==") for line in lines if line and not line.startswith(("#", "-r")))


QT_PINS = ("PySide6-Essentials", "PySide6-Addons", "shiboken6")


def test_the_glibc228_line_pins_what_the_default_line_pins_but_qt_6_8_0_2():
    default, glibc228 = pins("requirements.txt"), pins("requirements-glibc228.txt")
    assert {name: glibc228[name] for name in QT_PINS} == dict.fromkeys(QT_PINS, "6.8.0.2")
    assert {k: v for k, v in glibc228.items() if k not in QT_PINS} == \
        {k: v for k, v in default.items() if k not in QT_PINS}


@pytest.mark.parametrize("kind", ["build", "dev"])
def test_the_glibc228_build_and_dev_files_are_the_default_ones_on_that_line(kind: str):
    assert pins(f"requirements-glibc228-{kind}.txt") == pins(f"requirements-{kind}.txt")
    includes = [line for line in (dev.ROOT / f"requirements-glibc228-{kind}.txt").read_text().splitlines()
                if line.startswith("-r")]
    assert includes == ["-r requirements-glibc228.txt"]


def test_each_line_has_its_requirements_files_and_venv():
    assert [dev.line_requirements("default", kind) for kind in ("", "build", "dev")] == [
        "requirements.txt", "requirements-build.txt", "requirements-dev.txt"]
    assert [dev.line_requirements("glibc228", kind) for kind in ("", "build", "dev")] == [
        "requirements-glibc228.txt", "requirements-glibc228-build.txt", "requirements-glibc228-dev.txt"]
    assert all((dev.ROOT / dev.line_requirements(line, kind)).is_file()
               for line in dev.LINES for kind in ("", "build", "dev"))
    assert dev.line_venv("default") == dev.VENV == dev.ROOT / ".venv"
    assert dev.line_venv("glibc228") == dev.ROOT / ".venv-glibc228"


@pytest.mark.parametrize(("rest", "environ", "expected"), [
    ([], {}, ("default", None, [])),
    (["--", "-q"], {}, ("default", None, ["-q"])),
    (["--line", "glibc228"], {}, ("glibc228", None, [])),
    ([], {"NIANBAO_LINE": "glibc228"}, ("glibc228", None, [])),
    (["--line", "default"], {"NIANBAO_LINE": "glibc228"}, ("default", None, [])),  # the option wins
    (["--line", "glibc228", "--root", "/srv/r", "--", "-q"], {}, ("glibc228", Path("/srv/r"), ["-q"])),
    # Options after "--", or after the first argument passed on, are main.py's or pytest's.
    (["--", "--line", "x"], {}, ("default", None, ["--line", "x"])),
    (["check", "--line", "x"], {}, ("default", None, ["check", "--line", "x"])),
])
def test_parse_options(rest: list[str], environ: dict[str, str], expected: tuple[str, Path | None, list[str]]):
    assert dev.parse_options(rest, environ) == expected


@pytest.mark.parametrize(("rest", "environ"), [(["--line", "glibc217"], {}), ([], {"NIANBAO_LINE": "x"}),
                                               (["--line"], {}), (["--root"], {})])
def test_an_unknown_line_or_a_missing_value_is_refused(rest: list[str], environ: dict[str, str],
                                                       capsys: pytest.CaptureFixture[str]):
    with pytest.raises(ValueError):
        dev.parse_options(rest, environ)
    assert dev.main(["build", *rest], environ) == 2
    assert capsys.readouterr().err


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """dev.py with the venv, the tools and the smoke test recorded instead of run."""
    calls: dict[str, list] = {"venv": [], "call": [], "smoke": []}

    def ensure_venv(requirements: str, line: str = "default") -> Path:
        calls["venv"].append((requirements, line))
        return dev.venv_python(dev.line_venv(line))

    def call(command: list[str], **kwargs) -> int:
        calls["call"].append((command, kwargs.get("env")))
        return 0

    monkeypatch.setattr(dev, "ensure_venv", ensure_venv)
    monkeypatch.setattr(dev.subprocess, "call", call)
    monkeypatch.setattr(dev, "smoke_test", lambda line="default", root=None: calls["smoke"].append((line, root)) or 0)
    monkeypatch.setattr(dev, "gui_libraries_problem", lambda pyside: None)
    return calls


@pytest.mark.parametrize(("argv", "environ", "line"), [
    (["build"], {}, "default"),
    (["build", "--line", "glibc228"], {}, "glibc228"),
    (["build"], {"NIANBAO_LINE": "glibc228"}, "glibc228"),
])
def test_dev_build_installs_and_builds_with_the_line(recorded: dict[str, list], argv: list[str],
                                                     environ: dict[str, str], line: str):
    assert dev.main(argv, environ) == 0
    assert recorded["venv"] == [(dev.line_requirements(line, "build"), line)]
    (command, env), = recorded["call"]
    assert command[:3] == [str(dev.venv_python(dev.line_venv(line))), "-m", "PyInstaller"]
    assert env["NIANBAO_LINE"] == line  # build.spec reads it
    assert recorded["smoke"] == [(line, None)]


def test_dev_build_by_default_is_what_it_was(recorded: dict[str, list]):
    assert dev.main(["build"], {}) == 0
    assert recorded["venv"] == [("requirements-build.txt", "default")]
    assert recorded["call"][0][0][0] == str(dev.VENV / ("Scripts/python.exe" if sys.platform == "win32"
                                                       else "bin/python"))


def test_dev_test_and_app_use_the_line(recorded: dict[str, list]):
    assert dev.main(["test", "--line", "glibc228", "--", "-q"], {}) == 0
    assert recorded["venv"] == [("requirements-glibc228-dev.txt", "glibc228")]
    assert recorded["call"][-1][0][-1] == "-q"
    assert dev.main(["app", "--line", "glibc228"], {}) == 0
    assert recorded["venv"][-1] == ("requirements-glibc228.txt", "glibc228")


def test_dev_smoke_passes_the_root_on_and_only_build_and_smoke_take_one(recorded: dict[str, list], tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]):
    assert dev.main(["smoke", "--line", "glibc228", "--root", str(tmp_path)], {}) == 0
    assert recorded["smoke"] == [("glibc228", tmp_path.resolve())]
    assert dev.main(["app", "--root", str(tmp_path)], {}) == 2
    assert dev.main(["test", "--root", str(tmp_path)], {}) == 2
    assert "--root" in capsys.readouterr().err


# -- the smoke test inside a root file system (tools/glibc228/smoke_in_rootfs.sh) -----------------------

def test_smoke_in_a_root_without_the_checkout_says_how_to_mount_it(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]):
    assert dev.smoke_test("glibc228", tmp_path) == 1
    assert "smoke_in_rootfs.sh" in capsys.readouterr().out


@needs_linux
def test_smoke_in_a_root_runs_every_step_there_with_its_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import subprocess

    root = tmp_path / "rootfs"
    (root / "tmp").mkdir(parents=True)
    (root / (dev.ROOT / "dist" / "nianbao").relative_to("/")).mkdir(parents=True)  # as if mounted there
    run: list[list[str]] = []

    def fake_run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
        run.append(command)
        return subprocess.CompletedProcess(command, 0, "glibc 2.28" if "getconf" in command else "", "")

    monkeypatch.setattr(dev.subprocess, "run", fake_run)
    monkeypatch.setattr(dev.subprocess, "call", lambda *args, **kwargs: 1)  # no unshare --net here
    monkeypatch.setattr("platform.machine", lambda: "x86_64")
    dev.smoke_test("glibc228", root)  # fails: the fake steps write no output
    chrooted = [command for command in run if command[:2] == ["chroot", str(root)]]
    assert chrooted[0] == ["chroot", str(root), "getconf", "GNU_LIBC_VERSION"]
    steps = chrooted[1:]
    window = [str(dev.ROOT / "dist" / "nianbao" / "nianbao"), "--sample"]
    assert len(steps) == 14 and steps[-2][2:] == window
    assert steps[-1][2:] == ["env", "QT_IM_MODULE=fcitx", *window]  # the window as a fcitx desktop starts it
    export = next(command for command in steps if "--pdf" in command)
    assert export[export.index("--pdf") + 1].startswith("/tmp/nianbao-smoke-")  # the path inside the root
    # The glibc check reads the build from outside, with this Python.
    assert [command[1:4] for command in run if str(dev.GLIBC_CHECK) in command] == [
        [str(dev.GLIBC_CHECK), "--max", "2.28"]]
    # The scratch folder is removed (a checkout under /tmp, as CI's fresh clone, is "mounted" in root/tmp too).
    assert not list((root / "tmp").glob("nianbao-smoke-*"))


@needs_linux
def test_the_default_line_smoke_has_no_glibc_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import subprocess

    run: list[list[str]] = []
    monkeypatch.setattr(dev.subprocess, "run", lambda command, **kwargs: run.append(command) or
                        subprocess.CompletedProcess(command, 0, "", ""))
    monkeypatch.setattr(dev.subprocess, "call", lambda *args, **kwargs: 1)
    dev.smoke_test()
    assert not any(str(dev.GLIBC_CHECK) in command for command in run)
    assert not any(command[0] == "chroot" for command in run)


def test_a_line_with_a_glibc_limit_remakes_a_venv_another_python_made(tmp_path: Path):
    (tmp_path / "pyvenv.cfg").write_text(f"home = {Path(sys.base_prefix) / 'bin'}\nversion = 3.11.2\n")
    assert dev.made_by_this_python(tmp_path)
    (tmp_path / "pyvenv.cfg").write_text("home = /opt/another-python/bin\nversion = 3.11.7\n")
    assert not dev.made_by_this_python(tmp_path)
    assert not dev.made_by_this_python(tmp_path / "none")
    assert list(dev.LINE_MAX_GLIBC) == ["glibc228"]  # the default line keeps whatever venv it has


def test_the_glibc228_line_allows_glibc_2_31_on_arm64_only():
    # PySide6 6.8.0.2's aarch64 wheels are manylinux_2_31; every x86_64 file must do with 2.28.
    assert dev.max_glibc("glibc228", "x86_64") == "2.28"
    assert dev.max_glibc("glibc228", "aarch64") == "2.31"
    assert dev.max_glibc("glibc228", "riscv64") == "2.28"  # a machine it does not name: the strictest
    assert dev.glibc_key("2.9") < dev.glibc_key("2.28")
