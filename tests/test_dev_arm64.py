"""dev.py's library check on ARM64: PySide6 6.11.3's aarch64 wheels link the xcb plugin's Qt library against more
of the desktop than the x86_64 ones (X session management), and the one command must install those too."""

from __future__ import annotations

import pytest

import dev_qtlibs
from dev_qtlibs import install_command, missing_libraries_message

#: NEEDED of PySide6/Qt/lib/libQt6XcbQpa.so.6 in PySide6-Essentials 6.11.3, manylinux_2_39_aarch64 (readelf -d; the
#: x86_64 wheel's has libGL and libgthread instead of libSM and libICE), without Qt's own and glibc's.
AARCH64_XCB_QPA_NEEDED = (
    "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0", "libxcb-keysyms.so.1", "libxcb-randr.so.0",
    "libxcb-render.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-shm.so.0", "libxcb-sync.so.1",
    "libxcb.so.1", "libxcb-xfixes.so.0", "libxcb-xkb.so.1", "libxkbcommon.so.0", "libglib-2.0.so.0",
    "libX11-xcb.so.1", "libX11.so.6", "libSM.so.6", "libICE.so.6", "libxkbcommon-x11.so.0", "libstdc++.so.6",
)


@pytest.mark.parametrize("table", [dev_qtlibs.APT_PACKAGES, dev_qtlibs.RPM_PACKAGES], ids=["apt", "rpm"])
def test_every_library_the_aarch64_xcb_plugin_needs_has_a_package(table: dict[str, str]):
    assert [soname for soname in AARCH64_XCB_QPA_NEEDED if soname not in table] == []


def test_a_debian_arm64_desktop_without_session_management_gets_one_command_for_it():
    # What ldd says in a Debian 13 arm64 root fs with the README's apt list (tools/arm64/build_under_qemu.sh).
    missing = ["libSM.so.6", "libICE.so.6"]
    assert install_command(missing, "apt", as_root=False) == ("sudo apt install libsm6 libice6", [])
    assert install_command(missing, "dnf", as_root=True) == ("dnf install libSM libICE", [])
    message = missing_libraries_message(missing, "apt", as_root=False)
    assert "sudo apt install libsm6 libice6" in message and "不知由哪个软件包提供" not in message
