"""PDF fonts: bundled TrueType files with licences, the choice per role, coverage and fallback."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
import reportlab

from export import font_files
from export.fonts import (
    BUNDLED_FONTS,
    GETA,
    FontFileError,
    FontRole,
    bundled_fonts,
    font_display_name,
    font_glyph_findings,
    inspect_font,
    load_font,
    resolve_fonts,
)
from model.findings import Location, Severity
from model.report import Report
from model.resources import resources_dir

FONTS_DIR = resources_dir() / "fonts"
#: A TrueType font without Chinese characters, shipped with reportlab (Bitstream Vera).
LATIN_FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
ABSENT = "\U0010FFFD"  # a private-use code point no font has


@pytest.fixture(autouse=True, scope="module")
def bundled_fonts_registered_first() -> None:
    """Several tests load copies of the bundled fonts from other folders. reportlab keeps one font per
    PostScript name, so the copy loaded first keeps the plain name and any later one is renamed
    (export.font_files._keep_apart): load the bundled files first, as an export does, so that a
    later test (tests/test_pdf.py names the embedded fonts) does not depend on the order of files."""
    for name in sorted(set(BUNDLED_FONTS.values())):
        load_font(FONTS_DIR / name)


def test_every_bundled_font_is_truetype_with_a_licence_and_documented() -> None:
    readme = (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    for name in sorted(set(BUNDLED_FONTS.values())):
        path = FONTS_DIR / name
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00", name
        assert "glyf" in inspect_font(path), name
        family = name.split("-")[0]
        licence = FONTS_DIR / f"OFL-{family}.txt"
        assert "SIL Open Font License" in licence.read_text(encoding="utf-8"), licence
        assert name in readme and licence.name in readme
    total = sum(p.stat().st_size for p in FONTS_DIR.glob("*.ttf"))
    # The serif body face whole (14.8 MB) and three GB2312 subsets (3.1, 2.3 and 3.5 MB): the build's budget.
    assert total < 25 * 1024 * 1024, f"bundled fonts take {total / 1e6:.1f} MB"


def test_inspect_refuses_cff_and_non_fonts(tmp_path: Path) -> None:
    cff = tmp_path / "cff.otf"
    cff.write_bytes(b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + b"CFF " + bytes(12))
    with pytest.raises(FontFileError, match="CFF"):
        inspect_font(cff)
    text = tmp_path / "notes.ttf"
    text.write_text("not a font at all", encoding="utf-8")
    with pytest.raises(FontFileError):
        inspect_font(text)
    with pytest.raises(FontFileError):
        inspect_font(tmp_path / "missing.ttf")


def test_bundled_set_describes_every_role_in_chinese() -> None:
    fonts = resolve_fonts(search_dirs=[])
    assert {c.source for c in fonts.choices.values()} == {"bundled"}
    lines = fonts.describe()
    assert len(lines) == len(FontRole)
    assert lines[list(FontRole).index(FontRole.BODY)] == "正文（仿宋）：Noto Serif SC Regular（随附）"
    assert any(line.startswith("标题（小标宋）：Noto Serif SC GB2312 Bold") for line in lines)
    assert any(line.startswith("一级标题（黑体）：Noto Sans SC GB2312") for line in lines)


def test_installed_official_fonts_are_found_case_insensitively(tmp_path: Path) -> None:
    windows_fonts = tmp_path / "Fonts"
    nested = tmp_path / "linux" / "truetype" / "chinese"
    windows_fonts.mkdir()
    nested.mkdir(parents=True)
    shutil.copy(FONTS_DIR / "NotoSansSC-Regular-GB2312.ttf", windows_fonts / "SIMHEI.TTF")
    shutil.copy(FONTS_DIR / "NotoSerifSC-Regular.ttf", nested / "simfang.ttf")
    (windows_fonts / "simkai.ttf").write_bytes(b"OTTO" + bytes(40))  # unusable: CFF → bundled stand-in
    fonts = resolve_fonts(search_dirs=[windows_fonts, tmp_path / "linux", tmp_path / "nowhere"])
    assert fonts.choice(FontRole.HEADING1).source == "system"
    assert fonts.choice(FontRole.HEADING1).path == windows_fonts / "SIMHEI.TTF"
    assert fonts.choice(FontRole.BODY).path == nested / "simfang.ttf"
    assert fonts.choice(FontRole.TABLE).path == nested / "simfang.ttf"
    assert fonts.choice(FontRole.HEADING2).source == "bundled"
    assert fonts.choice(FontRole.TITLE).source == "bundled"
    line = next(line for line in fonts.describe() if line.startswith("正文"))
    assert "系统字体" in line and str(nested / "simfang.ttf") in line


def test_override_wins_and_an_unusable_override_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"\x00\x01\x00\x00" + bytes(8))
    fonts = resolve_fonts({FontRole.TITLE: LATIN_FONT, FontRole.BODY: bad}, search_dirs=[])
    assert fonts.choice(FontRole.TITLE).source == "override"
    assert fonts.choice(FontRole.TITLE).name == "Bitstream Vera Sans"
    assert fonts.choice(FontRole.BODY).source == "bundled"
    assert any("正文（仿宋）：所选字体不能使用" in p for p in fonts.problems)
    assert fonts.problems[0] in fonts.describe()


def test_display_name_prefers_the_chinese_name(tmp_path: Path) -> None:
    assert font_display_name(FONTS_DIR / "NotoSerifSC-Regular.ttf") in ("Noto Serif SC", "Noto Serif SC Regular")
    assert font_display_name(tmp_path / "missing.ttf") == "missing.ttf"


def test_fonts_are_registered_once_per_process() -> None:
    path = FONTS_DIR / "NotoSerifSC-Regular.ttf"
    first = load_font(path)
    assert load_font(path) is first
    assert "NotoSerifSC-Regular.ttf" in font_files.registration_seconds


def test_coverage_comes_from_the_cmap() -> None:
    fonts = bundled_fonts()
    assert fonts.has_glyph(FontRole.BODY, "中")
    assert fonts.has_glyph(FontRole.BODY, "“")
    assert not fonts.has_glyph(FontRole.BODY, ABSENT)
    assert not fonts.has_glyph(FontRole.BODY, "\U00020000")  # CJK Ext B: not in Noto Serif SC


def test_runs_fall_back_per_character_and_never_leave_a_character_undrawable() -> None:
    fonts = resolve_fonts({FontRole.BODY: LATIN_FONT}, search_dirs=[])
    latin = fonts.font_name(FontRole.BODY)
    serif = fonts.fallbacks[0].font_name
    runs = fonts.runs(FontRole.BODY, "Total 中文 9" + ABSENT)
    assert runs == [("Total ", latin), ("中文", serif), (" 9", latin), (GETA, serif)]
    for text, font in runs:
        assert all(load_font_named(font).face.charToGlyph.get(ord(c)) for c in text)
    assert fonts.substitute(FontRole.BODY, "中") == "Noto Serif SC Regular"
    assert fonts.substitute(FontRole.BODY, ABSENT) == GETA
    assert fonts.substitute(FontRole.BODY, "A") is None


def load_font_named(name: str):
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name)


def test_the_sample_needs_no_stand_in_with_the_bundled_fonts(sample: Report) -> None:
    assert font_glyph_findings(sample, bundled_fonts()) == []


def test_with_the_bundled_fonts_the_export_adds_nothing_to_the_checker(sample: Report) -> None:
    """What the bundled fonts lack is the checker's PDF-MISSING-GLYPH (tests/test_glyphs.py), never
    repeated at export."""
    sample.section("s1").paragraphs[2] += f"另有{ABSENT}字。"
    sample.preamble.append("生僻字\U00020000。")
    assert font_glyph_findings(sample, bundled_fonts()) == []


def test_an_installed_font_lacking_a_common_character_warns_at_export(sample: Report, tmp_path: Path) -> None:
    shutil.copy(LATIN_FONT, tmp_path / "simfang.ttf")  # an "official" body font without Chinese
    fonts = resolve_fonts(search_dirs=[tmp_path])
    assert fonts.choice(FontRole.BODY).source == "system"
    sample.preamble[0] = "本报告。"
    sample.section("s6").paragraphs.append(f"另有{ABSENT}字与\U00025AD7。")  # no bundled font / only Noto Sans SC
    findings = [f for f in font_glyph_findings(sample, fonts) if f.location.section == "preamble"]
    assert [f.rule for f in findings] == ["PDF-FONT-GLYPH"] * 4
    assert all(f.severity is Severity.WARNING for f in findings)
    assert findings[0].location == Location("preamble", paragraph=0)
    assert findings[0].message == (
        "开篇 第 1 段：字符“本”（U+672C）在本机正文（仿宋）所用字体“Bitstream Vera Sans”中没有字形，"
        "PDF 中将改用“Noto Serif SC Regular”显示，字形可能与周围文字不一致。")
    assert [f.message.split("“")[1][0] for f in findings] == ["本", "报", "告", "。"]
    added = [f for f in font_glyph_findings(sample, fonts) if f.location.paragraph == 12]
    # The checker already reports both rare characters, whatever this PC has: not repeated.
    assert all("U+10FFFD" not in f.message and "U+25AD7" not in f.message for f in added)
    assert {f.message.split("“")[1][0] for f in added} == {"另", "有", "字", "与", "。"}


def test_a_character_the_role_font_lacks_names_the_stand_in(sample: Report) -> None:
    fonts = resolve_fonts({FontRole.HEADING1: LATIN_FONT}, search_dirs=[])
    findings = font_glyph_findings(sample, fonts)
    assert {f.rule for f in findings} == {"PDF-FONT-GLYPH"}
    # Every Chinese character of the six section titles is drawn in the stand-in; each is reported once
    # per title, in the title's place.
    titles = [f for f in findings if f.location.field == "title"]
    assert titles and all("Noto Serif SC Regular" in f.message for f in titles)
    first = [f for f in titles if f.location.section == "s1"]
    assert len(first) == len(set("一、总体情况"))
    # Level-1 headings inside the narrative are in the same role.
    sample.section("s5").paragraphs.insert(0, "一、问题")
    more = font_glyph_findings(sample, fonts)
    assert any(f.location == Location("s5", paragraph=0) and "“问”" in f.message for f in more)


def test_an_installed_font_that_forbids_embedding_is_refused_with_a_note(tmp_path: Path) -> None:
    data = bytearray(LATIN_FONT.read_bytes())
    offset, _length = inspect_font(LATIN_FONT)["OS/2"]
    data[offset + 8: offset + 10] = struct.pack(">H", 0x0002)  # fsType: restricted licence embedding
    (tmp_path / "simhei.ttf").write_bytes(bytes(data))
    fonts = resolve_fonts(search_dirs=[tmp_path])
    assert fonts.choice(FontRole.HEADING1).source == "bundled"
    assert len(fonts.problems) == 1 and "simhei.ttf" in fonts.problems[0]
    assert "不能用于 PDF" in fonts.problems[0]


def make_collection(font: Path, target: Path) -> Path:
    """A one-font TrueType collection (.ttc, like simsun.ttc) wrapping `font`: table offsets in a
    collection count from the start of the file, so each moves by the 16-byte collection header."""
    data = font.read_bytes()
    (num_tables,) = struct.unpack(">H", data[4:6])
    sfnt = bytearray(data)
    for i in range(num_tables):
        at = 12 + 16 * i + 8
        (offset,) = struct.unpack(">I", sfnt[at:at + 4])
        sfnt[at:at + 4] = struct.pack(">I", offset + 16)
    target.write_bytes(b"ttcf" + struct.pack(">HHII", 1, 0, 1, 16) + bytes(sfnt))
    return target


def test_a_font_collection_is_read_by_subfont_index(tmp_path: Path) -> None:
    collection = make_collection(LATIN_FONT, tmp_path / "simsun.ttc")
    assert "glyf" in inspect_font(collection, 0)
    with pytest.raises(FontFileError, match="第 1 个"):
        inspect_font(collection, 1)
    fonts = resolve_fonts(search_dirs=[tmp_path])
    choice = fonts.choice(FontRole.PAGE_NUMBER)
    assert (choice.source, choice.path, choice.subfont_index) == ("system", collection, 0)
    assert fonts.has_glyph(FontRole.PAGE_NUMBER, "7") and not fonts.has_glyph(FontRole.PAGE_NUMBER, "中")
    cff_collection = tmp_path / "cff.ttc"
    cff_collection.write_bytes(b"ttcf" + struct.pack(">HHII", 1, 0, 1, 16) + b"OTTO" + bytes(12))
    with pytest.raises(FontFileError, match="CFF"):
        inspect_font(cff_collection, 0)


def test_a_gzip_packed_bundled_font_loads_like_the_file(tmp_path) -> None:
    """The built app ships the big serif fonts as NAME.ttf.gz; loading one must give the same font."""
    import gzip

    from export.fonts import bundled_fonts_dir, load_font

    original = bundled_fonts_dir() / "NotoSerifSC-Bold-GB2312.ttf"
    packed = tmp_path / "NotoSerifSC-Bold-GB2312.ttf.gz"
    packed.write_bytes(gzip.compress(original.read_bytes(), compresslevel=6))
    font = load_font(tmp_path / "NotoSerifSC-Bold-GB2312.ttf")
    assert font.face.charToGlyph[ord("报")] == load_font(original).face.charToGlyph[ord("报")]


def test_two_files_of_the_same_postscript_name_are_each_drawn_as_themselves(tmp_path: Path) -> None:
    """reportlab keeps one font per PostScript name: an installed copy of Vera with other widths was
    measured as itself but drawn with the first Vera's glyphs and widths."""
    from reportlab.pdfbase import pdfmetrics

    first = load_font(LATIN_FONT)
    data = bytearray(LATIN_FONT.read_bytes())
    offset, _length = inspect_font(LATIN_FONT)["hmtx"]
    data[offset: offset + 2] = struct.pack(">H", 1500)  # the advance of glyph 0 (.notdef)
    (tmp_path / "simhei.ttf").write_bytes(bytes(data))
    fonts = resolve_fonts(search_dirs=[tmp_path])
    copy = fonts.choice(FontRole.HEADING1).font
    assert copy is not first and copy.face.name != first.face.name
    assert pdfmetrics.getFont(fonts.font_name(FontRole.HEADING1)) is copy
    assert pdfmetrics.getFont(first.fontName) is first
