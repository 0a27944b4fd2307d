"""build.spec's relinking of Pillow (Linux): its hashed copies of libxcb, zstd and xz are replaced by the
build's own, and the relinked Pillow still loads and draws the charts' text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.test_build_spec import load_spec_helpers

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("readelf"),
                                reason="Pillow is relinked on Linux only, with binutils' readelf")


@pytest.fixture
def spec(tmp_path: Path) -> SimpleNamespace:
    return load_spec_helpers(tmp_path / "work")


def pillow_binaries() -> list[tuple[str, str, str]]:
    """Pillow's entries as PyInstaller lists them: the extensions, pillow.libs, and the top-level symlinks."""
    import PIL

    site = Path(PIL.__file__).parent.parent
    entries = [(f"PIL/{path.name}", str(path), "EXTENSION") for path in sorted((site / "PIL").glob("_imaging*.so"))]
    for path in sorted((site / "pillow.libs").glob("*.so*")):
        entries.append((f"pillow.libs/{path.name}", str(path), "BINARY"))
        entries.append((path.name, f"pillow.libs/{path.name}", "SYMLINK"))
    return entries


def test_hashed_copies_are_recognised_and_nothing_else(spec: SimpleNamespace) -> None:
    dropped = spec.PILLOW_COPIES_DROPPED
    assert dropped.search("pillow.libs/libXau-154567c4.so.6.0.0")
    assert dropped.search("libxcb-9065bb12.so.1.1.0")
    assert dropped.search("pillow.libs/liblzma-de26b416.so.5.8.4")
    for kept in ("libxcb-cursor.so.0", "libxcb.so.1", "libzstd.so.1", "pillow.libs/libfreetype-57f805ba.so.6.20.6",
                 "pillow.libs/libtiff-20b7e810.so.6.3.0", "libxcb-randr.so.0"):
        assert not dropped.search(kept), kept
    assert spec.pillow_relinks(["libtiff-20b7e810.so.6.3.0", "libzstd-40ad5e7e.so.1.5.7", "libc.so.6",
                                "liblzma-de26b416.so.5.8.4", "libxcb-9065bb12.so.1.1.0", "libxcb-shm.so.0"]) == [
        ("libzstd-40ad5e7e.so.1.5.7", "libzstd.so.1"), ("liblzma-de26b416.so.5.8.4", "liblzma.so.5"),
        ("libxcb-9065bb12.so.1.1.0", "libxcb.so.1")]


def test_without_patchelf_pillow_ships_as_it_came_with_one_line_said(
        spec: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(spec.relink_pillow.__globals__, "patchelf_tool", lambda: None)
    binaries = pillow_binaries()
    assert spec.relink_pillow(binaries, Path("/nonexistent")) == binaries
    assert capsys.readouterr().out.strip().splitlines() == [
        "Pillow not relinked, its own libxcb, zstd and xz ship: patchelf missing"]
    assert spec.relink_pillow(binaries, Path("/nonexistent"), platform="win32") == binaries


def test_a_failing_patchelf_leaves_pillow_as_it_came(
        spec: SimpleNamespace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binaries = pillow_binaries()
    assert spec.relink_pillow(binaries, tmp_path, patchelf="/bin/false") == binaries
    assert "Pillow not relinked" in capsys.readouterr().out


needs_patchelf = pytest.mark.skipif(
    load_spec_helpers(Path("/nonexistent")).patchelf_tool() is None, reason="needs patchelf (requirements-dev.txt)")


@needs_patchelf
def test_relinked_pillow_needs_no_copy_it_lost_and_still_draws_text(spec: SimpleNamespace, tmp_path: Path) -> None:
    import PIL

    binaries = pillow_binaries()
    relinked = spec.relink_pillow(binaries, tmp_path / "work")
    dests = [dest for dest, _source, _type in relinked]
    assert not any(spec.PILLOW_COPIES_DROPPED.search(dest) for dest in dests)
    assert len(binaries) - len(relinked) == 8  # four copies, each with its symlink
    sources = {dest: Path(source) for dest, source, typecode in relinked if typecode != "SYMLINK"}
    imaging = next(path for dest, path in sources.items() if dest.startswith("PIL/_imaging.cpython"))
    assert "libxcb.so.1" in spec.needed_libraries(imaging)
    tiff = next(path for dest, path in sources.items() if dest.startswith("pillow.libs/libtiff-"))
    assert {"libzstd.so.1", "liblzma.so.5"} <= set(spec.needed_libraries(tiff))
    # PyInstaller strips every binary unless a .NAME.hmac file is beside it; strip after patchelf breaks one.
    assert (imaging.parent / f".{imaging.name}.hmac").is_file() and (tiff.parent / f".{tiff.name}.hmac").is_file()
    for path in sources.values():
        assert not any(spec.PILLOW_COPIES_DROPPED.search(name) for name in spec.needed_libraries(path)), path

    # Laid out as the build lays it out (PIL/ and pillow.libs/ side by side), with only what is kept.
    site = tmp_path / "site"
    shutil.copytree(Path(PIL.__file__).parent, site / "PIL", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    (site / "pillow.libs").mkdir()
    for dest, path in sources.items():
        shutil.copy2(path, site / dest)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import io, PIL\n"
        "from PIL import Image, ImageDraw, ImageFont\n"
        "assert PIL.__file__.startswith(sys.argv[1]), PIL.__file__\n"
        "image = Image.new('RGB', (120, 40), 'white')\n"
        "ImageDraw.Draw(image).text((4, 4), '硚口 2025', fill='black', font=ImageFont.truetype(sys.argv[2], 24))\n"
        "image.save(io.BytesIO(), 'PNG')\n"
        "print(sum(1 for pixel in image.getdata() if pixel != (255, 255, 255)) > 50)\n"
        "print('\\n'.join(sorted({line.split()[-1] for line in open('/proc/self/maps') if '.so' in line})))\n"
    )
    font = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "NotoSansSC-Regular-GB2312.ttf"
    run = subprocess.run([sys.executable, "-c", script, str(site), str(font)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    drew, *mapped = run.stdout.splitlines()
    assert drew == "True"
    mapped_names = {Path(path).name for path in mapped}
    assert any(Path(path).name.startswith("libtiff-") and path.startswith(str(site)) for path in mapped)
    assert not any(spec.PILLOW_COPIES_DROPPED.search(name) for name in mapped_names)
    for system_copy in ("libxcb.so.1", "libzstd.so.1", "liblzma.so.5"):
        assert any(name.startswith(system_copy) for name in mapped_names), system_copy
