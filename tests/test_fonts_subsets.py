"""The title's and the level-1 headings' bundled faces: GB2312 subsets of Noto Serif SC Bold and Noto Sans
SC Regular, completed per character by the whole Noto Serif SC Regular (resources/fonts/make_subsets.py)."""

from __future__ import annotations

import gzip
import importlib.util
import io
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from export.content import font_glyph_findings
from export.font_files import font_display_name, inspect_font, load_font
from export.font_vetting import check_sfnt
from export.fonts import GETA, FontRole, bundled_fonts
from export.pdf import render_pdf
from model.checks import check_report
from model.font_roles import BUNDLED_FONTS, SANS_REGULAR, SERIF_BOLD, SERIF_REGULAR, bundled_faces
from model.glyphs import bundled_stand_in, lacking_in_bundled
from model.report import Report
from model.resources import resources_dir

FONTS_DIR = resources_dir() / "fonts"
ROOT = Path(__file__).resolve().parent.parent
#: (file, role, family, PostScript name, bytes at most): measured 3.07 and 2.26 MB.
SUBSETS = [
    (SERIF_BOLD, FontRole.TITLE, "Noto Serif SC GB2312 Bold", "NotoSerifSCGB2312-Bold", 3_300_000),
    (SANS_REGULAR, FontRole.HEADING1, "Noto Sans SC GB2312", "NotoSansSCGB2312-Regular", 2_500_000),
]
EXT_B_FIRST = "\U00020000"  # 𠀀: in no bundled font
SANS_ONLY = "\U00025AD7"  # 𥫗: the whole Noto Sans SC had it, Noto Serif SC has not


def subset_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_subsets", FONTS_DIR / "make_subsets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def covered(path: Path) -> set[int]:
    return {code for code, glyph in load_font(path).face.charToGlyph.items() if glyph}


@pytest.mark.parametrize(("name", "role", "family", "postscript", "limit"), SUBSETS)
def test_the_subset_is_the_roles_face_truetype_small_and_renamed(
        name: str, role: FontRole, family: str, postscript: str, limit: int) -> None:
    path = FONTS_DIR / name
    assert BUNDLED_FONTS[role] == name and bundled_faces(role) == (name, SERIF_REGULAR)
    choice = bundled_fonts().choice(role)
    assert choice.path == path and choice.name == family and choice.completion is not None
    assert choice.completion.path == FONTS_DIR / SERIF_REGULAR
    data = path.read_bytes()
    assert 1_500_000 < len(data) <= limit, f"{len(data) / 1e6:.2f} MB"
    assert data[:4] == b"\x00\x01\x00\x00" and "glyf" in inspect_font(path)
    assert not {"GSUB", "GPOS", "STAT", "vmtx"} & set(inspect_font(path))
    check_sfnt(data, 0)
    assert load_font(path).face.name == postscript.encode()
    assert font_display_name(path) == family
    assert "SIL Open Font License" in (FONTS_DIR / f"OFL-{name.split('-')[0]}.txt").read_text(encoding="utf-8")


def test_the_whole_faces_are_gone_and_the_subsets_hold_gb2312_and_the_punctuation() -> None:
    assert not (FONTS_DIR / "NotoSerifSC-Bold.ttf").exists() and not (FONTS_DIR / "NotoSansSC-Regular.ttf").exists()
    script = subset_script()
    wanted = script.wanted_code_points()
    gb2312 = {ord(char) for char in script.gb2312_characters()}
    serif = covered(FONTS_DIR / SERIF_REGULAR)
    for name, *_ in SUBSETS:
        codes = covered(FONTS_DIR / name)
        assert gb2312 <= codes and {ord(c) for c in "—·…“”‘’《》（）、。，：；？！〓〇％＋A~é"} <= codes
        assert not {ord(c) for c in "硚埇浉" + EXT_B_FIRST} & codes
        # (the few the source maps to a kept glyph: ∋ ∼ ≅)
        assert codes - wanted <= {0x220B, 0x223C, 0x2245} | (covered(FONTS_DIR / SANS_REGULAR) - serif)
    # What only the whole Sans drew stays drawable: the Sans subset keeps it.
    assert ord(SANS_ONLY) in covered(FONTS_DIR / SANS_REGULAR) - serif
    assert len(covered(FONTS_DIR / SANS_REGULAR) - serif) == 10


@pytest.mark.parametrize(("role", "text"), [(FontRole.TITLE, "武汉市硚口区2024年度报告"),
                                            (FontRole.HEADING1, "一、硚口区埇桥区浉河区")])
def test_a_place_name_outside_gb2312_is_drawn_by_the_serif_character_by_character(role: FontRole, text: str) -> None:
    fonts = bundled_fonts()
    own, serif = fonts.font_name(role), load_font(FONTS_DIR / SERIF_REGULAR).fontName
    runs = fonts.runs(role, text + EXT_B_FIRST)
    assert "".join(chunk for chunk, _ in runs) == text + GETA
    assert {chunk for chunk, font in runs if font == serif} <= {"硚", "埇", "浉"}
    assert {char for chunk, font in runs if font == serif for char in chunk} == set("硚埇浉") & set(text)
    assert runs[-1][1] == own and runs[-1][0].endswith(GETA)
    assert fonts.substitute(role, "硚") is None and fonts.substitute(role, EXT_B_FIRST) == GETA
    assert lacking_in_bundled(role, text + EXT_B_FIRST) == (EXT_B_FIRST,)
    assert bundled_stand_in(role, "口") == BUNDLED_FONTS[role] and bundled_stand_in(role, "硚") == SERIF_REGULAR


def glyph_findings(report: Report):
    return [f for f in check_report(report) if f.rule == "PDF-MISSING-GLYPH"]


def drawing_fonts(pdf: bytes) -> dict[str, set[str]]:
    drawn: dict[str, set[str]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, _cm, _tm, font, _size):
            if font is not None and text.strip():
                drawn.setdefault(str(font["/BaseFont"]).split("+")[1], set()).update(text)

        page.extract_text(visitor_text=visit)
    return drawn


def test_the_pdf_prints_a_rare_title_and_heading_and_the_checker_reports_only_what_no_face_has(
        sample: Report) -> None:
    sample.meta.agency = "武汉市硚口区人民政府"
    sample.section("s5").title = f"五、存在的主要问题硚口{EXT_B_FIRST}"
    drawn = drawing_fonts(render_pdf(sample, bundled_fonts()))
    assert {"武", "汉", "口", "区"} <= drawn["NotoSerifSCGB2312-Bold"] and "硚" not in drawn["NotoSerifSCGB2312-Bold"]
    assert {"五", "问", "口"} <= drawn["NotoSansSCGB2312-Regular"] and "硚" not in drawn["NotoSansSCGB2312-Regular"]
    assert "硚" in drawn["NotoSerifSC-Regular"]
    assert GETA in drawn["NotoSansSCGB2312-Regular"]  # 𠀀 in the heading's own face, as "〓"
    messages = [f.message for f in glyph_findings(sample)]
    assert messages == [f"五、存在的主要问题硚口{EXT_B_FIRST}（标题）：字符“{EXT_B_FIRST}”（U+20000）"
                        "在随附的字体中都没有字形，PDF 中将显示为“〓”，请改用常用字。"]
    assert font_glyph_findings(sample, bundled_fonts()) == []


def test_a_gzip_packed_subset_loads_like_the_file(tmp_path: Path) -> None:
    for name, *_ in SUBSETS:
        (tmp_path / (name + ".gz")).write_bytes(gzip.compress((FONTS_DIR / name).read_bytes(), compresslevel=1))
        font = load_font(tmp_path / name)
        assert font.face.charToGlyph[ord("报")] == load_font(FONTS_DIR / name).face.charToGlyph[ord("报")]


@pytest.mark.skipif(shutil.which("git") is None, reason="the whole Noto Sans SC is read from git history")
def test_the_script_remakes_the_sans_subset_byte_for_byte(tmp_path: Path) -> None:
    script = subset_script()
    [spec] = [s for s in script.SUBSETS if s.target == SANS_REGULAR]
    try:
        source = script.read_source(spec.source, tmp_path)
    except subprocess.CalledProcessError:
        pytest.skip("the repository's history is not here")
    made = script.make_subset(spec, source, tmp_path / SANS_REGULAR)
    assert made.read_bytes() == (FONTS_DIR / SANS_REGULAR).read_bytes()
