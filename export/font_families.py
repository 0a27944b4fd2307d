"""The official faces found by family name, as fontconfig lists them (issue 19).

Windows names the GB/T 9704 faces by file (simfang.ttf, simhei.ttf…: export/fonts.py SYSTEM_FONTS). The
信创 desktops do not: Kylin V10 and UOS 20 ship 方正's faces for official documents — 方正小标宋_GBK,
方正仿宋_GBK, 方正黑体_GBK, 方正楷体_GBK, 方正书宋_GBK, or their 简体 (GB2312) editions — under file names
that differ between releases and packages, and users copy Windows' 仿宋_GB2312 or 楷体_GB2312 in by hand.
fontconfig knows each installed face by its family names (Chinese and English), so `fc-list` is asked
once per resolution when a role's file is not found; a role none of whose families is there keeps the
bundled face. Without fontconfig (Windows) nothing is found here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from model.font_roles import FontRole

#: 仿宋, for the body and the tables alike.
FANGSONG_FAMILIES = ("仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312", "方正仿宋简体", "FZFangSong-Z02S",
                     "方正仿宋_GBK", "FZFangSong-Z02")
#: Family names of the official face of each role, in order of preference (compared case-insensitively):
#: Windows' names, 方正's 简体 and GBK editions in Chinese and in English, then the old GB2312 names.
SYSTEM_FAMILIES: dict[FontRole, tuple[str, ...]] = {
    FontRole.TITLE: ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05", "方正小标宋"),
    FontRole.HEADING1: ("黑体", "SimHei", "方正黑体简体", "FZHei-B01S", "方正黑体_GBK", "FZHei-B01"),
    FontRole.HEADING2: ("楷体", "KaiTi", "楷体_GB2312", "KaiTi_GB2312", "方正楷体简体", "FZKai-Z03S", "方正楷体_GBK",
                        "FZKai-Z03"),
    FontRole.BODY: FANGSONG_FAMILIES,
    FontRole.PAGE_NUMBER: ("宋体", "SimSun", "方正书宋简体", "FZShuSong-Z01S", "方正书宋_GBK", "FZShuSong-Z01"),
    FontRole.TABLE: FANGSONG_FAMILIES,
}
#: fc-list's output: every family name of a face, its file and its index in a collection.
FC_LIST_FORMAT = "%{family}\t%{file}\t%{index}\n"
#: Only faces that declare Chinese: fewer lines to read (6 ms for 160 faces here).
FC_LIST_PATTERN = ":lang=zh"
#: reportlab embeds TrueType outlines only (a CFF .otf is refused by the vetting anyway).
TRUETYPE_SUFFIXES = (".ttf", ".ttc")


def run_fc_list() -> str:
    """fc-list's listing of the Chinese faces, or "" when fontconfig is missing or fails."""
    command = shutil.which("fc-list")
    if command is None:
        return ""
    try:
        result = subprocess.run([command, "--format", FC_LIST_FORMAT, FC_LIST_PATTERN], capture_output=True,
                                timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else ""


def parse_fc_list(listing: str) -> dict[str, tuple[Path, int]]:
    """Case-folded family name → (file, face index) of each TrueType face; the first face listed under a
    name wins, and lines that are not three fields are skipped."""
    faces: dict[str, tuple[Path, int]] = {}
    for line in listing.splitlines():
        fields = line.split("\t")
        if len(fields) != 3 or not fields[1].lower().endswith(TRUETYPE_SUFFIXES):
            continue
        families, file, index = fields
        try:
            face = (Path(file), int(index or 0))
        except ValueError:
            continue
        for family in families.split(","):  # fontconfig joins a face's localized names with commas
            if family.strip():
                faces.setdefault(family.strip().casefold(), face)
    return faces


def family_candidates(role: FontRole, faces: dict[str, tuple[Path, int]]) -> list[tuple[Path, int]]:
    """The installed faces for `role`, best first, each once."""
    found: list[tuple[Path, int]] = []
    for family in SYSTEM_FAMILIES[role]:
        face = faces.get(family.casefold())
        if face is not None and face not in found:
            found.append(face)
    return found
