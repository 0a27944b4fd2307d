"""A corrupt font never exhausts memory or crashes an export (issue 12, item 9).

reportlab's TrueType loader trusts the file: two bytes of a cmap made it allocate 2.4 GB, other
corruptions crashed the export half-way (IndexError, struct.error) or the resolution of the fonts
(ZeroDivisionError). Every installed or chosen font is now vetted first (export/font_vetting.py): a
bad one is refused with a Chinese problem naming the file, and the bundled face is used.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from export import font_files, font_vetting
from export.font_vetting import MAX_MAPPED_CHARACTERS, FontDamage, check_sfnt
from export.fonts import FontFileError, FontRole, bundled_fonts_dir, resolve_fonts
from export.pdf import render_pdf
from model.report import Report
from tests.fuzz_fonts import (
    MEMORY_LIMIT_MB,
    VERA,
    build_font,
    character_map,
    collection_of,
    directory,
    format12_cmap,
    tables_of,
)

ROOT = Path(__file__).resolve().parent.parent
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fuzzer's child needs fork and RLIMIT_AS")


@pytest.fixture(autouse=True)
def fresh_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test vets its fonts afresh: verdicts are remembered per content for the whole process."""
    monkeypatch.setattr(font_files, "_verdicts", {})
    monkeypatch.setattr(font_files, "_vetted_files", {})


def field(data: bytes, tag: str, delta: int, fmt: str, value: int) -> bytes:
    """`data` with the field at `delta` into table `tag` set to `value`."""
    changed = bytearray(data)
    struct.pack_into(fmt, changed, directory(data)[tag][1] + delta, value)
    return bytes(changed)


def cmap_subtable(data: bytes) -> int:
    """Where Vera's (3, 1) format-4 subtable starts in the file."""
    cmap = directory(data)["cmap"][1]
    return cmap + struct.unpack_from(">I", data, cmap + 4 + 8 + 4)[0]


def try_in_child(tmp_path: Path, font: bytes, name: str = "simfang.ttf") -> dict:
    """Install `font` and export the sample in the fuzzer's child (memory limit, timeout, measures)."""
    path = tmp_path / name
    path.write_bytes(font)
    done = subprocess.run([sys.executable, "-m", "tests.fuzz_fonts", "--one", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_fork
def test_two_bytes_of_segment_count_cost_neither_gigabytes_nor_seconds(tmp_path: Path) -> None:
    """The cmap early in the file (as font tools write it), its segment count raised from 29 to 6,000:
    reportlab read 6,000 garbage ranges from the glyph outlines that follow and filled lists for 23 s
    up to 2.4 GB."""
    relaid = build_font(tables_of(VERA.read_bytes()))
    font = bytearray(relaid)
    struct.pack_into(">H", font, cmap_subtable(relaid) + 6, 2 * 6000)
    result = try_in_child(tmp_path, bytes(font))
    assert result["outcome"] == "refused", result
    assert result["seconds"] < 3 and result["peak_mb"] < MEMORY_LIMIT_MB, result
    assert "simfang.ttf" in result["problems"][0] and "cmap" in result["problems"][0]


@needs_fork
def test_a_cmap_mapping_every_code_point_is_refused_before_reportlab_fills_its_tables(tmp_path: Path) -> None:
    vera = VERA.read_bytes()
    every = struct.pack(">HHIII", 13, 0, 28, 0, 1) + struct.pack(">III", 0, 0x10FFFF, 3)
    font = build_font({**tables_of(vera), "cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12) + every})
    result = try_in_child(tmp_path, font)
    assert result["outcome"] == "refused", result
    assert f"超过 {MAX_MAPPED_CHARACTERS} 个" in result["problems"][0]
    assert result["peak_mb"] < 100, result


def _vera() -> bytes:
    return VERA.read_bytes()


def _units_per_em_zero() -> bytes:
    return field(_vera(), "head", 18, ">H", 0)


def _glyphs_sixteen_ems_wide() -> bytes:
    """unitsPerEm 2048 → 127: every glyph 16 times wider, table cells taller than a page (LayoutError)."""
    return field(_vera(), "head", 18, ">H", 127)


def _glyph_beyond_the_font() -> bytes:
    """The digits' segment of the cmap shifted by idDelta past the last of Vera's 268 glyphs."""
    data = _vera()
    sub = cmap_subtable(data)
    segments = struct.unpack_from(">H", data, sub + 6)[0] // 2
    starts = struct.unpack_from(f">{segments}H", data, sub + 16 + 2 * segments)
    ends = struct.unpack_from(f">{segments}H", data, sub + 14)
    n = next(i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if start <= ord("0") <= end)
    changed = bytearray(data)
    struct.pack_into(">H", changed, sub + 16 + 4 * segments + 2 * n, 1000)
    return bytes(changed)


def _loca_not_ascending() -> bytes:
    data = _vera()
    return field(data, "loca", 2 * 20, ">H", 0xFFFF)


def _composite_glyph(data: bytes) -> tuple[int, int]:
    """The first composite glyph of a font (an accented letter in Vera) and where it starts in the file."""
    loca, glyf = directory(data)["loca"][1], directory(data)["glyf"][1]
    num_glyphs = struct.unpack_from(">H", data, directory(data)["maxp"][1] + 4)[0]
    offsets = [2 * v for v in struct.unpack_from(f">{num_glyphs + 1}H", data, loca)]
    glyph = next(g for g in range(num_glyphs) if offsets[g + 1] > offsets[g]
                 and struct.unpack_from(">h", data, glyf + offsets[g])[0] < 0)
    return glyph, glyf + offsets[glyph]


def _component_beyond_the_font() -> bytes:
    """The first component of a composite glyph names glyph 60,000."""
    data = _vera()
    changed = bytearray(data)
    struct.pack_into(">H", changed, _composite_glyph(data)[1] + 12, 60000)
    return bytes(changed)


def _short_horizontal_metrics() -> bytes:
    return field(_vera(), "hhea", 34, ">H", 9000)  # numberOfHMetrics > numGlyphs, past the end of hmtx


def _table_past_the_end() -> bytes:
    """A table reportlab never reads (kern) claims 2 GB: the directory is damaged, the file with it."""
    data = bytearray(_vera())
    struct.pack_into(">I", data, directory(data)["kern"][0] + 12, 0x7FFFFFFF)
    return bytes(data)


def _name_records_past_the_table() -> bytes:
    return field(_vera(), "name", 2, ">H", 5000)


def _format12_glyph_beyond_the_font() -> bytes:
    vera = _vera()
    mapping = character_map(vera)
    mapping[ord("A")] = 40000
    return build_font({**tables_of(vera), "cmap": format12_cmap(mapping)})


CORRUPTIONS: dict[str, tuple[Callable[[], bytes], str]] = {
    "unitsPerEm 0 (reportlab divides by it)": (_units_per_em_zero, "head"),
    "glyphs 16 ems wide": (_glyphs_sixteen_ems_wide, "hmtx"),
    "a character mapped to a glyph that does not exist": (_glyph_beyond_the_font, "cmap"),
    "format 12: a character mapped to a glyph that does not exist": (_format12_glyph_beyond_the_font, "cmap"),
    "loca not ascending": (_loca_not_ascending, "loca"),
    "a composite glyph naming a glyph that does not exist": (_component_beyond_the_font, "glyf"),
    "numberOfHMetrics past the end of hmtx": (_short_horizontal_metrics, "hhea"),
    "a table past the end of the file": (_table_past_the_end, "kern"),
    "name records past the end of the table": (_name_records_past_the_table, "name"),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupt_installed_font_is_refused_with_a_chinese_problem_and_the_export_works(
        corruption: str, tmp_path: Path, sample: Report) -> None:
    make, table = CORRUPTIONS[corruption]
    (tmp_path / "simfang.ttf").write_bytes(make())
    fonts = resolve_fonts(search_dirs=[tmp_path])
    assert fonts.choice(FontRole.BODY).source == "bundled"
    assert fonts.choice(FontRole.TABLE).source == "bundled"
    assert len(fonts.problems) == 1, fonts.problems
    problem = fonts.problems[0]
    assert "simfang.ttf" in problem and "已损坏" in problem and table in problem, problem
    assert render_pdf(sample, fonts).startswith(b"%PDF")


def test_a_corrupt_chosen_font_is_refused_naming_the_file(tmp_path: Path) -> None:
    chosen = tmp_path / "我的仿宋.ttf"
    chosen.write_bytes(_units_per_em_zero())
    fonts = resolve_fonts({FontRole.BODY: chosen}, search_dirs=[])
    assert fonts.choice(FontRole.BODY).source == "bundled"
    assert fonts.problems == ("正文（仿宋）：所选字体不能使用（字体文件“我的仿宋.ttf”已损坏："
                              "head 表的每 em 单位数 0 不合理），已改用其他字体。",)


def test_a_corrupt_collection_is_refused(tmp_path: Path) -> None:
    collection = bytearray(collection_of(_vera()))
    struct.pack_into(">I", collection, 8, 0x7FFFFFFF)  # numFonts: reportlab read that many offsets
    (tmp_path / "simsun.ttc").write_bytes(bytes(collection))
    fonts = resolve_fonts(search_dirs=[tmp_path])
    assert fonts.choice(FontRole.PAGE_NUMBER).source == "bundled"
    assert len(fonts.problems) == 1 and "simsun.ttc" in fonts.problems[0] and "已损坏" in fonts.problems[0]


@pytest.mark.parametrize("error", [MemoryError(), OverflowError("int too large"), ZeroDivisionError("division"),
                                   KeyError("hmtx"), IndexError("list index"), struct.error("unpack")])
def test_whatever_reportlab_raises_while_loading_is_a_refusal(error: Exception, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase import ttfonts

    def failing(*_args, **_kwargs):
        raise error

    copy = tmp_path / "simhei.ttf"
    copy.write_bytes(_vera())
    monkeypatch.setattr(ttfonts, "TTFont", failing)
    fonts = resolve_fonts(search_dirs=[tmp_path])
    assert fonts.choice(FontRole.HEADING1).source == "bundled"
    assert len(fonts.problems) == 1 and "simhei.ttf" in fonts.problems[0]


def test_a_font_the_checks_miss_fails_its_export_in_chinese_and_is_refused_afterwards(
        tmp_path: Path, sample: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were a corruption to slip past the checks, subsetting it at export raises a Chinese FontFileError
    naming the file (not an IndexError), and the next resolution refuses the font."""
    (tmp_path / "simfang.ttf").write_bytes(_component_beyond_the_font())
    glyph, _at = _composite_glyph(_vera())
    accented = next(chr(code) for code, g in character_map(_vera()).items() if g == glyph)
    with monkeypatch.context() as patch:
        patch.setattr(font_vetting, "check_sfnt", lambda _data, _index=0: None)
        fonts = resolve_fonts(search_dirs=[tmp_path])
        assert fonts.choice(FontRole.BODY).source == "system"
        sample.preamble[0] += accented
        with pytest.raises(FontFileError, match=r"simfang\.ttf"):
            render_pdf(sample, fonts)
    again = resolve_fonts(search_dirs=[tmp_path])
    assert again.choice(FontRole.BODY).source == "bundled"
    assert "simfang.ttf" in again.problems[0]


def test_the_verdict_is_remembered_per_file_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = font_vetting.check_sfnt

    def counting(data: bytes, index: int = 0) -> None:
        calls.append(len(data))
        real(data, index)

    monkeypatch.setattr(font_vetting, "check_sfnt", counting)
    bad = tmp_path / "one" / "simkai.ttf"
    bad.parent.mkdir()
    bad.write_bytes(_units_per_em_zero())
    for _ in range(3):
        assert resolve_fonts(search_dirs=[bad.parent]).choice(FontRole.HEADING2).source == "bundled"
    assert len(calls) == 1
    copy = tmp_path / "two" / "simkai.ttf"  # the same bytes elsewhere: the same verdict, unchecked
    copy.parent.mkdir()
    copy.write_bytes(bad.read_bytes())
    assert "已损坏" in resolve_fonts(search_dirs=[copy.parent]).problems[0]
    assert len(calls) == 1
    bad.write_bytes(_vera())  # repaired: checked again, and used
    assert resolve_fonts(search_dirs=[bad.parent]).choice(FontRole.HEADING2).source == "system"
    assert len(calls) == 2


def test_a_file_too_large_for_a_font_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_files, "MAX_FONT_BYTES", 1000)
    (tmp_path / "simhei.ttf").write_bytes(_vera())
    fonts = resolve_fonts(search_dirs=[tmp_path])
    assert fonts.choice(FontRole.HEADING1).source == "bundled"
    assert "过大" in fonts.problems[0] and "simhei.ttf" in fonts.problems[0]


REAL_FONTS = sorted({*bundled_fonts_dir().glob("*.ttf"), *VERA.parent.glob("*.ttf")})


@pytest.mark.parametrize("path", REAL_FONTS, ids=[p.name for p in REAL_FONTS])
def test_real_fonts_pass_the_checks(path: Path) -> None:
    """(How long the checks take on each real font is the benchmark's: bench/export_bench.py.)"""
    data = path.read_bytes()
    check_sfnt(data)
    check_sfnt(collection_of(data), 0)
    with pytest.raises(FontDamage, match="第 1 个"):
        check_sfnt(collection_of(data), 1)
