"""The bundled 楷体: a GB2312 subset of LXGW WenKai for level-2 headings, completed by Noto Serif SC
character by character, and the checker's account of it (resources/fonts/make_subsets.py)."""

from __future__ import annotations

import importlib.util
import io
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
from model.font_roles import BUNDLED_FONTS, KAI_SUBSET, SERIF_REGULAR, bundled_faces
from model.glyphs import bundled_font_has, bundled_stand_in, lacking_in_bundled
from model.report import Report
from model.resources import resources_dir

FONTS_DIR = resources_dir() / "fonts"
SUBSET = FONTS_DIR / KAI_SUBSET
#: Outside GB2312, so not in the subset; Noto Serif SC has them (place names: 硚口区, 埇桥区, 浉河区).
PLACE_CHARS = "硚埇浉"
RARE = "𪚥"  # U+2A6A5 (CJK Ext B): in no bundled font
EXT_B_FIRST = "\U00020000"  # in no bundled font either
#: The subset's size: about 3.5 MB; the built app has < 5 MB to spare (README).
MAX_SUBSET_BYTES = 4 * 1024 * 1024


def subset_script() -> ModuleType:
    path = FONTS_DIR / "make_subsets.py"
    spec = importlib.util.spec_from_file_location("make_subsets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def drawing_fonts(pdf: bytes) -> dict[str, set[str]]:
    """{font name without the subset tag: characters drawn in it} over the whole PDF."""
    drawn: dict[str, set[str]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, _cm, _tm, font, _size):
            if font is not None and text.strip():
                drawn.setdefault(str(font["/BaseFont"]).split("+")[1], set()).update(text)

        page.extract_text(visitor_text=visit)
    return drawn


# --- the file -----------------------------------------------------------------------------------


def test_the_level2_heading_role_is_drawn_by_the_wenkai_subset() -> None:
    assert BUNDLED_FONTS[FontRole.HEADING2] == KAI_SUBSET == "NianbaoWenKai-Regular.ttf"
    choice = bundled_fonts().choice(FontRole.HEADING2)
    assert choice.path == SUBSET and choice.source == "bundled"
    assert choice.describe() == "二级标题（楷体）：年报文楷（随附）"
    assert choice.font.face.name == b"NianbaoWenKai-Regular"


def test_the_subset_is_truetype_small_licensed_and_free_of_the_reserved_names() -> None:
    data = SUBSET.read_bytes()
    assert 3 * 1024 * 1024 < len(data) <= MAX_SUBSET_BYTES, f"{len(data) / 1e6:.2f} MB"
    assert data[:4] == b"\x00\x01\x00\x00" and "glyf" in inspect_font(SUBSET)
    check_sfnt(data, 0)  # what reportlab trusts is sound
    # SIL OFL clause 3: a Modified Version may not use the Reserved Font Names 霞鹜 and LXGW.
    assert font_display_name(SUBSET) == "年报文楷"
    start, end = _table_span(SUBSET, "name")
    names = "".join(data[at:end].decode("utf-16-be", errors="ignore") for at in (start, start + 1))  # either alignment
    assert "Nianbao WenKai" in names and "霞鹜" not in names and "LXGW WenKai" not in names
    licence = (FONTS_DIR / "OFL-NianbaoWenKai.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert 'with Reserved Font Names "霞鹜" and "LXGW"' in licence
    readme = (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    assert KAI_SUBSET in readme and "OFL-NianbaoWenKai.txt" in readme and "1.250" in readme


def _table_span(path: Path, tag: str) -> tuple[int, int]:
    offset, length = inspect_font(path)[tag]
    return offset, offset + length


def test_the_subset_holds_gb2312_ascii_and_the_punctuation_and_nothing_rarer() -> None:
    script = subset_script()
    face = load_font(SUBSET).face
    covered = {code for code, glyph in face.charToGlyph.items() if glyph}
    gb2312 = script.gb2312_characters()
    assert len(gb2312) == 7445
    assert {ord(char) for char in gb2312} <= covered
    assert set(range(0x20, 0x7F)) <= covered
    assert {ord(char) for char in "—·…“”‘’《》（）、。，：；？！〓〇％＋"} <= covered
    assert not {ord(char) for char in PLACE_CHARS + RARE} & covered
    assert covered <= script.wanted_code_points() | {0x220B, 0x223C}  # (the two the source maps to kept glyphs)


# --- drawing: the subset, and Noto Serif SC for what it leaves out -------------------------------


def test_a_heading_with_a_place_name_outside_gb2312_falls_back_per_character() -> None:
    fonts = bundled_fonts()
    kai = fonts.font_name(FontRole.HEADING2)
    serif = load_font(FONTS_DIR / SERIF_REGULAR).fontName
    assert fonts.runs(FontRole.HEADING2, "（一）硚口区埇桥区" + RARE) == [
        ("（一）", kai), ("硚", serif), ("口区", kai), ("埇", serif), ("桥区" + GETA, kai)]
    # The subset and its completion are the role's own font: no substitution to announce.
    assert all(fonts.has_glyph(FontRole.HEADING2, char) for char in PLACE_CHARS)
    assert fonts.substitute(FontRole.HEADING2, "硚") is None
    assert fonts.substitute(FontRole.HEADING2, RARE) == GETA
    assert fonts.lacking(FontRole.HEADING2, "（一）硚口" + RARE) == (RARE,)


def test_the_pdf_draws_the_heading_in_wenkai_and_the_rare_character_in_the_serif(sample: Report) -> None:
    sample.section("s1").paragraphs[1] = "（一）硚口区积极主动公开。" + sample.section("s1").paragraphs[1][10:]
    drawn = drawing_fonts(render_pdf(sample, bundled_fonts()))
    assert {"（", "一", "）", "积", "口"} <= drawn["NianbaoWenKai-Regular"]
    assert "硚" not in drawn["NianbaoWenKai-Regular"] and "硚" in drawn["NotoSerifSC-Regular"]
    assert "■" not in "".join(drawn.get("NotoSerifSCGB2312-Bold", set()))


# --- the checker: exact about what no bundled face draws ---------------------------------------


def glyph_findings(report: Report):
    return [f for f in check_report(report) if f.rule == "PDF-MISSING-GLYPH"]


def test_a_character_the_serif_completes_is_not_reported_one_no_font_has_is(sample: Report) -> None:
    sample.section("s5").paragraphs[0] = f"（一）硚口区、埇桥区、浉河区存在的主要问题{RARE}{EXT_B_FIRST}"
    findings = glyph_findings(sample)
    assert [f.message.split("“")[1][0] for f in findings] == [RARE, EXT_B_FIRST]
    assert findings[0].message == (
        "五、存在的主要问题及改进情况 第 1 段：字符“𪚥”（U+2A6A5）在随附的字体中都没有字形，"
        "PDF 中将显示为“〓”，请改用常用字。")
    assert lacking_in_bundled(FontRole.HEADING2, "硚口" + RARE) == (RARE,)
    assert bundled_font_has(FontRole.HEADING2, "硚") and not bundled_font_has(FontRole.HEADING2, RARE)
    assert bundled_stand_in(FontRole.HEADING2, "口") == KAI_SUBSET
    assert bundled_stand_in(FontRole.HEADING2, "硚") == SERIF_REGULAR
    assert bundled_faces(FontRole.HEADING2) == (KAI_SUBSET, SERIF_REGULAR)
    # Nor does the export add anything with the bundled fonts.
    assert font_glyph_findings(sample, bundled_fonts()) == []


def test_a_character_only_the_sans_has_is_reported_naming_both_faces(sample: Report) -> None:
    sample.section("s5").paragraphs[0] = "（一）存在的主要问题\U00025AD7"  # 𥫗: Noto Sans SC (and its subset) only
    (finding,) = glyph_findings(sample)
    assert finding.message == (
        "五、存在的主要问题及改进情况 第 1 段：字符“𥫗”（U+25AD7）在二级标题（楷体）的随附字体“年报文楷”"
        "及“Noto Serif SC Regular”中没有字形，PDF 中将改用“Noto Sans SC GB2312”显示，字形可能与周围文字不一致。")


@pytest.mark.parametrize("char", ["积", "—", "A"])
def test_common_characters_are_the_subsets_own(char: str) -> None:
    assert bundled_stand_in(FontRole.HEADING2, char) == KAI_SUBSET
    assert bundled_fonts().stand_in(FontRole.HEADING2, char) == (char, bundled_fonts().font_name(FontRole.HEADING2))
