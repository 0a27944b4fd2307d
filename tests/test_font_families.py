"""export/font_families.py: the official faces of Kylin and UOS (方正's GBK and 简体 editions) are found by their
family names through fontconfig, whatever their files are called, and used for their roles (issue 19)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from export.font_families import SYSTEM_FAMILIES, family_candidates, parse_fc_list, run_fc_list
from export.fonts import FontRole, resolve_fonts

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
ZH_CN = 0x804


def renamed_face(source: Path, target: Path, english: str, chinese: str) -> Path:
    """A copy of a bundled face whose name table says `chinese` / `english`, as 方正's faces do."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    names = font["name"]
    for name_id in (1, 4, 16):
        names.removeNames(nameID=name_id)
    for name_id in (1, 4):
        names.setName(english, name_id, 3, 1, 0x409)
        names.setName(chinese, name_id, 3, 1, ZH_CN)
    names.setName(english.replace(" ", ""), 6, 3, 1, 0x409)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return target


def test_fc_list_lines_give_every_name_of_a_truetype_face() -> None:
    listing = ("方正仿宋_GBK,FZFangSong-Z02\t/usr/share/fonts/fz/FZFSK.TTF\t0\n"
               "Noto Sans CJK SC,Noto Sans CJK SC Regular\t/usr/share/fonts/noto/NotoSansCJK.ttc\t2\n"
               "Source Han Serif\t/usr/share/fonts/SourceHanSerif.otf\t0\n"  # CFF: reportlab cannot embed it
               "方正仿宋_GBK\t/home/u/.fonts/other-copy.ttf\t0\n"  # the first one listed wins
               "broken line without tabs\n"
               "楷体\t/x/simkai.ttf\tnot-a-number\n")
    faces = parse_fc_list(listing)
    assert faces["方正仿宋_gbk"] == faces["fzfangsong-z02"] == (Path("/usr/share/fonts/fz/FZFSK.TTF"), 0)
    assert faces["noto sans cjk sc"] == (Path("/usr/share/fonts/noto/NotoSansCJK.ttc"), 2)
    assert "source han serif" not in faces and "楷体" not in faces
    assert family_candidates(FontRole.BODY, faces) == [(Path("/usr/share/fonts/fz/FZFSK.TTF"), 0)]
    assert family_candidates(FontRole.HEADING1, faces) == []


def test_every_role_names_the_gbk_and_simplified_editions() -> None:
    assert set(SYSTEM_FAMILIES) == set(FontRole)
    for role, families in SYSTEM_FAMILIES.items():
        assert any(name.endswith("_GBK") for name in families), role
        assert any(name.endswith("简体") for name in families), role


def test_a_fangzheng_face_under_any_file_name_draws_the_body_and_the_tables(tmp_path: Path) -> None:
    face = renamed_face(FONTS / "NotoSansSC-Regular-GB2312.ttf", tmp_path / "kylin" / "fz-fs-2019.ttf",
                        "FZFangSong-Z02", "方正仿宋_GBK")
    listing = f"方正仿宋_GBK,FZFangSong-Z02\t{face}\t0\n"
    fonts = resolve_fonts(search_dirs=[], fc_list=lambda: listing)
    for role in (FontRole.BODY, FontRole.TABLE):
        choice = fonts.choices[role]
        assert (choice.path, choice.source, choice.name) == (face, "system", "方正仿宋_GBK")
    assert {fonts.choices[role].source for role in FontRole if role not in (FontRole.BODY, FontRole.TABLE)} == {
        "bundled"}
    assert fonts.problems == ()


def test_a_file_name_match_wins_and_fontconfig_is_not_asked(tmp_path: Path) -> None:
    windows = tmp_path / "Fonts"
    renamed_face(FONTS / "NotoSansSC-Regular-GB2312.ttf", windows / "simfang.ttf", "FangSong", "仿宋")
    asked: list[bool] = []
    every_file = [windows / "simfang.ttf"]
    for file_name in ("FZXBSJW.TTF", "simhei.ttf", "simkai.ttf", "simsun.ttf"):  # title, 黑体, 楷体, 宋体
        shutil.copy2(windows / "simfang.ttf", windows / file_name)
        every_file.append(windows / file_name)
    fonts = resolve_fonts(search_dirs=[windows], fc_list=lambda: asked.append(True) or "")
    assert asked == []
    assert {fonts.choices[role].path for role in FontRole} == set(every_file)


def test_a_listed_face_that_cannot_be_embedded_is_said_and_the_bundled_one_used(tmp_path: Path) -> None:
    damaged = tmp_path / "FZFSK.TTF"
    damaged.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 200)
    fonts = resolve_fonts(search_dirs=[], fc_list=lambda: f"方正仿宋_GBK\t{damaged}\t0\n")
    assert fonts.choices[FontRole.BODY].source == fonts.choices[FontRole.TABLE].source == "bundled"
    assert len(fonts.problems) == 1 and str(damaged) in fonts.problems[0]  # said once, not once per role


def test_without_fontconfig_nothing_is_listed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert run_fc_list() == ""


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig's fc-list")
def test_fontconfig_itself_lists_an_installed_fangzheng_face(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real fc-list with a configuration of one font folder, as a desktop with 方正's faces installed."""
    folder = tmp_path / "fonts"
    face = renamed_face(FONTS / "NotoSansSC-Regular-GB2312.ttf", folder / "FZKTK.TTF", "FZKai-Z03", "方正楷体_GBK")
    config = tmp_path / "fonts.conf"
    config.write_text(f"<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
                      f"<dir>{folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    monkeypatch.delenv("FONTCONFIG_PATH", raising=False)
    listing = run_fc_list()
    assert family_candidates(FontRole.HEADING2, parse_fc_list(listing)) == [(face, 0)]
    fonts = resolve_fonts(search_dirs=[], fc_list=run_fc_list)
    assert (fonts.choices[FontRole.HEADING2].path, fonts.choices[FontRole.HEADING2].name) == (face,
                                                                                                      "方正楷体_GBK")
