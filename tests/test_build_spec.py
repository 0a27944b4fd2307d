"""build.spec's helpers: which parts of ICU's data the Linux build keeps, and the trimmed libicudata.

The spec is a PyInstaller script, not a module: its helper part (everything before `Analysis`)
is exec'd here with the names PyInstaller would provide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_spec_helpers(workpath: Path) -> SimpleNamespace:
    text = (ROOT / "build.spec").read_text(encoding="utf-8")
    helpers = text.split("\na = Analysis(", 1)[0]
    namespace: dict[str, object] = {"SPECPATH": str(ROOT), "workpath": str(workpath), "__name__": "build_spec"}
    exec(compile(helpers, "build.spec", "exec"), namespace)
    return SimpleNamespace(**namespace)


@pytest.fixture
def spec(tmp_path: Path) -> SimpleNamespace:
    return load_spec_helpers(tmp_path)


@pytest.mark.parametrize("item", [
    "root.res", "en.res", "en_US_POSIX.res", "zh.res", "zh_Hans.res", "zh_Hans_CN.res", "zh_CN.res", "zh_Hant.res",
    "res_index.res", "pool.res", "likelySubtags.res", "supplementalData.res", "zoneinfo64.res", "metaZones.res",
    "coll/root.res", "coll/ucadata.icu", "coll/zh.res", "coll/res_index.res", "zone/zh_Hans.res",
    "zone/tzdbNames.res", "zone/root.res", "timezoneTypes.res", "nfc.nrm", "nfkc.nrm", "cnvalias.icu", "gb18030.cnv",
    "windows-936-2000.cnv", "ibm-1383_P110-1999.cnv",
    "ibm-1386_P100-2001.cnv", "windows-950-2000.cnv", "ibm-1375_P100-2008.cnv", "ibm-5348_P100-1997.cnv",
])
def test_icu_items_a_chinese_desktop_needs_are_kept(spec: SimpleNamespace, item: str) -> None:
    assert spec.icu_item_kept(item)


@pytest.mark.parametrize("item", [
    "fr.res", "ja_JP.res", "de_.res", "en_GB.res", "en_001.res", "yue.res", "coll/ja.res", "coll/ko.res",
    "coll/de__PHONEBOOK.res", "curr/ar.res", "lang/ru.res", "region/es_419.res", "zone/fr_CA.res", "unit/de.res",
    "rbnf/ja.res", "translit/root.res", "translit/en.res", "unames.icu", "confusables.cfu",
    "euc-jp-2007.cnv", "ibm-943_P15A-2003.cnv", "ibm-970_P110_P110-2006_U2.cnv", "euc-tw-2014.cnv",
    "icu-internal-compound-t.cnv", "ibm-1390_P110-2003.cnv", "ibm-16684_P110-2003.cnv",
    # Trees Qt's ICU calls never read (QLocale and QUrl have their own data).
    "brkitr/cjdict.dict", "brkitr/line.brk", "brkitr/zh.res", "curr/pool.res", "curr/zh.res", "unit/zh.res",
    "lang/en.res", "region/zh_Hant_HK.res", "rbnf/zh.res", "uts46.nrm", "rfc3491.spp", "langInfo.res",
])
def test_icu_items_of_other_languages_are_dropped(spec: SimpleNamespace, item: str) -> None:
    assert not spec.icu_item_kept(item)


def test_icu_version_is_read_from_the_library_name(spec: SimpleNamespace) -> None:
    assert spec.icu_data_version("libicudata.so.73") == "73"
    assert spec.icu_data_version("libicudata.so.74") == "74"
    assert spec.icu_data_version("libicuuc.so.73") is None
    assert spec.icu_data_version("icudt73.dll") is None


def test_icupkg_missing_dependencies_are_read_from_its_complaints(spec: SimpleNamespace) -> None:
    output = ("Item ibm-16684_P110-2003.cnv depends on missing item ibm-1390_P110-2003.cnv\n"
              "Item rbnf/zh_Hant_HK.res depends on missing item rbnf/yue.res\n")
    assert spec.icu_missing_dependencies(output) == {"ibm-1390_P110-2003.cnv", "rbnf/yue.res"}
    assert spec.icu_missing_dependencies("") == set()


def test_without_the_icu_tools_the_original_library_is_kept_with_one_line_said(
        spec: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "libicudata.so.73"
    library.write_bytes(b"not really a library")
    monkeypatch.setenv("PATH", str(tmp_path / "no tools here"))
    assert spec.trimmed_icu_data(library, tmp_path / "work") is None
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and "libicudata.so.73" in printed[0]


def test_binaries_get_the_trimmed_library_and_nothing_else_changes(
        spec: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trimmed = tmp_path / "trimmed" / "libicudata.so.73"
    monkeypatch.setitem(spec.substitute_trimmed_icu_data.__globals__, "trimmed_icu_data",
                        lambda library, workdir: trimmed)
    binaries = [("PySide6/Qt/lib/libicudata.so.73", "/venv/PySide6/Qt/lib/libicudata.so.73", "BINARY"),
                ("PySide6/Qt/lib/libicuuc.so.73", "/venv/PySide6/Qt/lib/libicuuc.so.73", "BINARY")]
    result = spec.substitute_trimmed_icu_data(binaries, tmp_path, platform="linux")
    assert result == [("PySide6/Qt/lib/libicudata.so.73", str(trimmed), "BINARY"), binaries[1]]
    assert spec.substitute_trimmed_icu_data(binaries, tmp_path, platform="win32") == binaries


def pyside_icu_data() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    libraries = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return libraries[0] if libraries else None


ICU_TOOLS = ("icupkg", "genccode", "gcc", "nm", "readelf")


@pytest.mark.skipif(not sys.platform.startswith("linux") or pyside_icu_data() is None
                    or not all(shutil.which(tool) for tool in ICU_TOOLS),
                    reason="needs Linux, PySide6's ICU and ICU's tools (icu-devtools, gcc, binutils)")
def test_the_trimmed_library_still_sorts_chinese_and_opens_gb18030(tmp_path: Path) -> None:
    """The trimmed data, loaded in place of Qt's own, keeps pinyin collation, Chinese time-zone
    names and the GB18030 / GBK / Big5 converters, and is well under half the size."""
    spec = load_spec_helpers(tmp_path)
    original = pyside_icu_data()
    assert original is not None
    trimmed = spec.trimmed_icu_data(original, tmp_path)
    assert trimmed is not None and trimmed.name == original.name
    assert trimmed.stat().st_size < original.stat().st_size / 2
    soname = subprocess.run(["readelf", "-d", str(trimmed)], capture_output=True, text=True, check=True).stdout
    assert f"[{original.name}]" in soname
    script = (
        "from PySide6.QtCore import QCollator, QLocale, QStringEncoder, QTimeZone\n"
        "collator = QCollator(QLocale('zh_CN'))\n"
        "print(sorted(['张', '安', '李', '北京', '上海'], key=collator.sortKey))\n"
        "print([QStringEncoder(n).isValid() for n in ('GB18030', 'GBK', 'GB2312', 'Big5', 'windows-1252')])\n"
        "print(QTimeZone(b'Asia/Shanghai').displayName(QTimeZone.StandardTime, QTimeZone.LongName,"
        " QLocale('zh_CN')))\n"
        "print(QLocale('tr_TR').toUpper('i'), QLocale('zh_CN').toLower('ÄB'))\n"
    )
    env = {**os.environ, "LD_PRELOAD": str(trimmed), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["['安', '北京', '李', '上海', '张']", "[True, True, True, True, True]",
                                       "中国标准时间", "İ äb"]


@pytest.mark.parametrize(("dest", "shipped"), [
    ("PySide6/Qt/lib/libQt6OpenGL.so.6", False),  # nothing kept links it
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
    ("PySide6/Qt/plugins/platforms/libqminimal.so", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/lib/libQt6Network.so.6", True),  # QtPdf needs it
    ("libatspi.so.0", False),
    ("libXinerama.so.1", False),
    ("libXext.so.6", True),  # Mesa's GLX needs it if GL is ever loaded
    ("libXau.so.6", False),  # only the system libxcb.so.1 needs it, and PyInstaller never ships that
    ("libX11.so.6", False),  # the desktop's X11, font and GLib stack (issue 18)
    ("libfontconfig.so.1", False),
    ("libfreetype.so.6", False),
    ("libglib-2.0.so.0", False),
    ("libpcre2-8.so.0", False),
    ("libxkbcommon-x11.so.0", True),  # not on every desktop: shipped
    ("libxcb-cursor.so.0", True),
    ("PySide6/Qt/translations/qt_help_zh_CN.qm", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("docx/templates/default-docx-template/word/document.xml", False),
    ("docx/templates/default.docx", True),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),  # 文件 → 打印
    ("PySide6/Qt/lib/libQt6PrintSupport.so.6", True),
    ("PySide6/QtPrintSupport.abi3.so", True),
    ("libcups.so.2", False),  # the system's is loaded: every desktop that prints has it
    ("libgnutls.so.30", False),
    ("pillow.libs/libharfbuzz-fb49c9fc.so.0.61450.0", True),  # Pillow's text, for the charts of the .docx
    ("libharfbuzz.so.0", False),  # the system's, only the GTK theme needed it
    ("pillow.libs/libfreetype-57f805ba.so.6.20.6", True),
    ("libdbus-1.so.3", False),  # the system's: every desktop has the session bus (issue 18)
    ("libsystemd.so.0", False),
    ("libgcrypt.so.20", False),
    ("libgpg-error.so.0", False),
    ("liblz4.so.1", False),
    ("libcap.so.2", False),
    ("libzstd.so.1", True),  # Qt Core and Network need it
    ("liblzma.so.5", True),  # _lzma, which unpacks the bundled fonts
    ("PySide6/Qt/lib/libQt6DBus.so.6", True),
])
def test_what_printing_and_the_charts_need_is_shipped(spec: SimpleNamespace, dest: str, shipped: bool) -> None:
    assert spec.kept((dest, "/src/" + dest, "BINARY")) is shipped


def test_python_docx_finds_its_templates_in_the_build(spec: SimpleNamespace) -> None:
    [(source, target)] = spec.python_docx_datas()
    assert target == "docx/parts" and Path(source).is_file()


def test_reportlabs_c_accelerators_are_installed_and_built_in(spec: SimpleNamespace) -> None:
    """Without rl_accel reportlab falls back to Python for number formatting and string widths (a third
    of every PDF's time); it imports `_rl_accel` through exec(), which PyInstaller cannot follow."""
    from reportlab.lib import rl_accel

    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
    assert rl_accel.fp_str(1.5, 2.25) == "1.5 2.25"
    assert "_rl_accel" in spec.HIDDEN_IMPORTS


def test_the_cryptography_package_is_left_out_for_the_aes_shim(spec: SimpleNamespace) -> None:
    assert "cryptography" in spec.EXCLUDES
