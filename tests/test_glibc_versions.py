"""tools/glibc228/glibc_versions.py: which glibc each ELF file of a build needs (issue 19). A file that
references a newer GLIBC_x.y than the system's stops the app at start, so the glibc 2.28 line's smoke
test fails on any."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "glibc228" / "glibc_versions.py"
spec = importlib.util.spec_from_file_location("glibc_versions", SCRIPT)
assert spec and spec.loader
glibc_versions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(glibc_versions)

#: objdump -p of Python 3.11's math module as built on Debian 12 (trimmed): libm's exp/log/pow have a
#: GLIBC_2.29 version since glibc 2.29.
MATH_MODULE = """
Dynamic Section:
  NEEDED               libm.so.6
  NEEDED               libc.so.6
  VERNEEDNUM           0x0000000000000002

Version References:
  required from libc.so.6:
    0x06969194 0x00 05 GLIBC_2.14
    0x09691a75 0x00 04 GLIBC_2.2.5
  required from libm.so.6:
    0x06969189 0x00 03 GLIBC_2.29
    0x09691a75 0x00 02 GLIBC_2.2.5
"""

#: A library that defines versions of its own (glibc itself, or one with GLIBC_PRIVATE): only the
#: references count.
DEFINES = """
Version definitions:
1 0x01 0x0865f4e6 libc.so.6
2 0x00 0x09691a75 GLIBC_2.36

Version References:
  required from ld-linux-x86-64.so.2:
    0x0963cf85 0x00 03 GLIBC_PRIVATE
    0x0d696913 0x00 02 GLIBC_2.3
"""


def test_references_are_read_from_the_version_references_only():
    assert glibc_versions.glibc_references(MATH_MODULE) == {"GLIBC_2.14", "GLIBC_2.2.5", "GLIBC_2.29"}
    assert glibc_versions.glibc_references(DEFINES) == {"GLIBC_2.3"}
    assert glibc_versions.glibc_references("Dynamic Section:\n  NEEDED libc.so.6\n") == set()


def test_versions_order_numerically():
    ordered = sorted(["GLIBC_2.28", "GLIBC_2.3", "GLIBC_2.2.5", "GLIBC_2.10"], key=glibc_versions.version_key)
    assert ordered == ["GLIBC_2.2.5", "GLIBC_2.3", "GLIBC_2.10", "GLIBC_2.28"]


def test_report_names_each_file_over_the_limit_with_its_newer_versions():
    folder = Path("/dist/nianbao")
    needs = {folder / "_internal/libpython3.11.so.1.0": {"GLIBC_2.2.5", "GLIBC_2.29", "GLIBC_2.35"},
             folder / "_internal/libz.so.1": {"GLIBC_2.14"},
             folder / "nianbao": {"GLIBC_2.28", "GLIBC_2.2.5"},
             folder / "_internal/static.so": set()}
    text, within = glibc_versions.report(needs, folder, "2.28")
    assert not within
    assert text.splitlines() == [
        "4 ELF files, the newest glibc any needs: GLIBC_2.35; 1 need more than 2.28",
        "  GLIBC_2.35   _internal/libpython3.11.so.1.0  (GLIBC_2.29, GLIBC_2.35)"]
    text, within = glibc_versions.report(needs, folder, "2.35")
    assert within and text == "4 ELF files, the newest glibc any needs: GLIBC_2.35; 0 need more than 2.35"
    assert glibc_versions.report(needs, folder, None)[1]


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("objdump"), reason="objdump, ELF")
def test_the_script_reads_real_elf_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    executable = Path(sys.executable).resolve()
    shutil.copy(executable, tmp_path / executable.name)
    (tmp_path / "notes.txt").write_text("not an ELF file")
    (tmp_path / "link").symlink_to(tmp_path / executable.name)
    assert glibc_versions.elf_files(tmp_path) == [tmp_path / executable.name]
    assert glibc_versions.main([str(tmp_path), "--max", "99.0"]) == 0
    assert capsys.readouterr().out.startswith("1 ELF files, the newest glibc any needs: GLIBC_2.")
    assert glibc_versions.main([str(tmp_path), "--max", "2.0"]) == 1
    assert glibc_versions.main([str(tmp_path / "empty-folder")]) == 2


# -- what the glibc228 line leaves to the system (build.spec) -------------------------------------------

def test_the_glibc228_build_takes_the_host_libraries_that_need_a_newer_glibc_from_the_system(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tests.test_build_spec import load_spec_helpers

    # Each of these, copied from Debian 12, needs glibc 2.29 to 2.36 (the first glibc228 build's check).
    host_copies = ["libstdc++.so.6", "libgcc_s.so.1", "libX11.so.6", "libexpat.so.1", "libfontconfig.so.1",
                   "libfreetype.so.6", "libglib-2.0.so.0", "libpng16.so.16", "libxkbcommon.so.0", "libzstd.so.1",
                   "liblzma.so.5", "libbsd.so.0", "libmd.so.0"]
    # Kept: the wheels' own copies (hashed names) and the X libraries old enough.
    kept = ["pillow.libs/libfreetype-57f805ba.so.6.20.6", "libfreetype-57f805ba.so.6.20.6",
            "liblzma-de26b416.so.5.8.4", "libxcb-cursor.so.0", "libpython3.11.so.1.0",
            "PySide6/Qt/lib/libQt6Core.so.6"]
    monkeypatch.delenv("NIANBAO_LINE", raising=False)
    default = load_spec_helpers(tmp_path)
    monkeypatch.setenv("NIANBAO_LINE", "glibc228")
    glibc228 = load_spec_helpers(tmp_path)
    assert [name for name in host_copies if glibc228.kept((name, "/x", "BINARY"))] == []
    assert [name for name in kept if not glibc228.kept((name, "/x", "BINARY"))] == []
    # The default line ships its own C++ runtime, xkbcommon, zstd and xz; the X11, font and GLib stack is the
    # system's on both lines (issue 18).
    only_glibc228 = ["libstdc++.so.6", "libgcc_s.so.1", "libxkbcommon.so.0", "libzstd.so.1", "liblzma.so.5"]
    assert [name for name in host_copies if default.kept((name, "/x", "BINARY"))] == only_glibc228
