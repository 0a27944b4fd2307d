"""PDF-MISSING-GLYPH in the checker: characters the bundled fonts lack, the same on every PC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from export.fonts import bundled_fonts
from export.glyph_coverage import bundled_coverage_text, coverage_text
from model import projectfile
from model.checks import check_report
from model.drawn_text import drawn_texts
from model.findings import Finding, Location, Severity
from model.font_roles import BUNDLED_NAMES, FontRole, bundled_faces
from model.glyphs import (
    any_bundled_font_has,
    bundled_font_has,
    bundled_stand_in,
    check_glyphs,
    coverage_path,
    parse_coverage,
)
from model.report import Report

ROOT = Path(__file__).resolve().parent.parent
RARE = "𪚥"  # U+2A6A5 (CJK Ext B), in no bundled font
PRIVATE = "\uE000"  # the first private-use code point: in no font of ours
SERIF_ONLY = "\u9FF0"  # CJK Unified Ideographs (Unicode 13): Noto Serif SC has it, the subsets not
#: 𥫗 (CJK Ext B): Noto Sans SC has it, Noto Serif SC not; its subset keeps it (resources/fonts/make_subsets.py).
SANS_ONLY = "\U00025AD7"


def glyph_findings(report: Report) -> list[Finding]:
    return [f for f in check_report(report) if f.rule == "PDF-MISSING-GLYPH"]


def test_the_sample_has_none(sample: Report) -> None:
    assert glyph_findings(sample) == []


def test_a_rare_and_a_private_use_character_in_a_paragraph(sample: Report) -> None:
    sample.section("s1").paragraphs[2] += f"另有{RARE}字和{PRIVATE}字，{RARE}再现。"
    findings = glyph_findings(sample)
    assert [f.location for f in findings] == [Location("s1", paragraph=2)] * 2  # once per character
    assert all(f.severity is Severity.WARNING for f in findings)
    rare, private = findings
    assert rare.message == ("一、总体情况 第 3 段：字符“𪚥”（U+2A6A5）在随附的字体中都没有字形，"
                            "PDF 中将显示为“〓”，请改用常用字。")
    assert "“\uE000”（U+E000）" in private.message and "〓" in private.message


def test_in_the_opening_the_title_and_a_section_title(sample: Report) -> None:
    sample.preamble.append("生僻字\U00020000。")
    sample.meta.agency = f"枣庄市{RARE}局"
    sample.section("s5").title = f"五、存在的主要问题{RARE}"
    found = {(f.location, f.message.split("：")[0]) for f in glyph_findings(sample)}
    assert found == {
        (Location("preamble", paragraph=1), "开篇 第 2 段"),
        (Location("meta", field="agency"), "标题"),
        (Location("meta", field="agency"), "落款（机关名称）"),
        (Location("s5", field="title"), f"五、存在的主要问题{RARE}（标题）"),
    }
    assert any("U+20000" in f.message for f in glyph_findings(sample))


def test_a_character_only_another_bundled_font_has_names_the_stand_in(sample: Report) -> None:
    sample.section("s5").paragraphs.insert(0, f"一、问题{SERIF_ONLY}")  # level-1 heading: the serif completes it
    sample.section("s6").paragraphs.append(f"正文{SERIF_ONLY}与{SANS_ONLY}。")  # body: Noto Serif SC
    sample.meta.agency = f"枣庄市{SANS_ONLY}局"  # the title: the bold serif subset, completed by the serif
    findings = {(f.location, f.message.split("：")[0]): f.message for f in glyph_findings(sample)}
    last = len(sample.section("s6").paragraphs)
    assert set(findings) == {(Location("meta", field="agency"), "标题"),
                             (Location("meta", field="agency"), "落款（机关名称）"),
                             (Location("s6", paragraph=last - 1), f"六、其他需要报告的事项 第 {last} 段")}
    assert findings[Location("meta", field="agency"), "标题"] == (
        "标题：字符“𥫗”（U+25AD7）在标题（小标宋）的随附字体“Noto Serif SC GB2312 Bold”及“Noto Serif SC Regular”"
        "中没有字形，PDF 中将改用“Noto Sans SC GB2312”显示，字形可能与周围文字不一致。")
    assert all("U+9FF0" not in message for message in findings.values())
    assert all("将改用“Noto Sans SC GB2312”显示" in message for message in findings.values())


def test_control_and_format_characters_are_not_drawn_so_not_reported(sample: Report) -> None:
    sample.section("s1").paragraphs[0] += "\u200b\ufeff\t\u00ad"
    assert glyph_findings(sample) == []


def test_check_json_of_the_command_line_lists_it(sample: Report, tmp_path: Path) -> None:
    sample.section("s1").paragraphs[2] += f"另有{RARE}字。"
    path = tmp_path / "rare.nianbao.json"
    projectfile.save(sample, path)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", "--json", str(path)],
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    findings = [f for f in json.loads(result.stdout) if f["rule"] == "PDF-MISSING-GLYPH"]
    assert findings == [{
        "rule": "PDF-MISSING-GLYPH", "severity": "warning",
        "message": ("一、总体情况 第 3 段：字符“𪚥”（U+2A6A5）在随附的字体中都没有字形，"
                    "PDF 中将显示为“〓”，请改用常用字。"),
        "location": {"section": "s1", "paragraph": 2},
    }]


# --- the coverage data ---------------------------------------------------------------------


def test_the_coverage_file_is_fresh() -> None:
    """Regenerate with: .venv/bin/python -m export.glyph_coverage"""
    assert coverage_path().read_text(encoding="utf-8") == bundled_coverage_text()
    # Each GB2312 subset's hanzi are scattered over the CJK block (3,600 ranges each): most of the file.
    assert coverage_path().stat().st_size < 96 * 1024


def test_the_data_agrees_with_the_fonts_the_pdf_uses(sample: Report) -> None:
    fonts = bundled_fonts()
    chars = {char for item in drawn_texts(sample) for char in item.text} - {"\n"}
    chars |= {RARE, PRIVATE, SERIF_ONLY, SANS_ONLY, "\U00020000", "〓", "A", "é", "—", "\u3400", "\u9FA5", "硚", "埇"}
    for role in FontRole:
        for char in chars:
            assert bundled_font_has(role, char) == fonts.has_glyph(role, char), (role, f"U+{ord(char):04X}")
            stand_in = bundled_stand_in(role, char)
            expected = (None if stand_in in bundled_faces(role) else "〓" if stand_in is None
                        else BUNDLED_NAMES[stand_in])
            assert fonts.substitute(role, char) == expected, (role, f"U+{ord(char):04X}")
    assert not any_bundled_font_has(RARE) and any_bundled_font_has(SANS_ONLY) and any_bundled_font_has(SERIF_ONLY)


def test_the_format_round_trips_and_shares_identical_coverage() -> None:
    text = coverage_text({"b.ttf": [0x20, 0x21, 0x22, 0x4E00, 0x4E01, 0x20000], "a.ttf": [0x41],
                          "c.ttf": [0x20, 0x21, 0x22, 0x4E00, 0x4E01, 0x20000]})
    assert "[b.ttf c.ttf]\n20-22 4E00-4E01 20000\n" in text and "[a.ttf]\n41\n" in text
    coverage = parse_coverage(text)
    assert coverage["b.ttf"] is coverage["c.ttf"]
    assert [code for code in (0x1F, 0x20, 0x22, 0x23, 0x4E01, 0x4E02, 0x20000) if coverage["b.ttf"].covers(code)] == [
        0x20, 0x22, 0x4E01, 0x20000]
    assert coverage["b.ttf"].lacking("一丁丂 !A一") == ("丂", "A")
    with pytest.raises(ValueError, match="line 1"):
        parse_coverage("20-7E\n")


def test_the_data_is_read_on_the_first_check_not_on_import() -> None:
    code = ("import model.checks, model.glyphs as g; assert g.bundled_coverage.cache_info().currsize == 0;"
            "from model import projectfile; from model.resources import sample_path;"
            "model.checks.check_report(projectfile.load(sample_path()));"
            "assert g.bundled_coverage.cache_info().currsize == 1")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_check_glyphs_is_what_check_report_adds(sample: Report) -> None:
    sample.section("s6").paragraphs.append(f"{RARE}{SANS_ONLY}")
    assert check_glyphs(sample) == glyph_findings(sample) and len(check_glyphs(sample)) == 2


def test_the_app_lists_a_character_once_and_adds_what_this_pcs_fonts_lack(
        sample: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reportlab

    import export.fonts
    from ui.app import PdfService
    from ui.settings import Settings

    latin = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # no Chinese at all
    resolve = export.fonts.resolve_fonts
    monkeypatch.setattr(export.fonts, "resolve_fonts",
                        lambda overrides=None: resolve({FontRole.BODY: latin}, search_dirs=[]))
    service = PdfService(Settings(tmp_path / "settings.ini"))
    sample.section("s1").paragraphs[2] += f"另有{RARE}字。"
    assert service.glyph_findings(sample) == []  # until the fonts are resolved (never blocks the UI)
    service.fonts()
    panel = check_report(sample) + service.glyph_findings(sample)
    rare = [f for f in panel if RARE in f.message]
    assert [f.rule for f in rare] == ["PDF-MISSING-GLYPH"]
    on_this_pc = [f for f in panel if f.rule == "PDF-FONT-GLYPH"]
    assert on_this_pc and all("本机正文（仿宋）所用字体“Bitstream Vera Sans”" in f.message for f in on_this_pc)
