"""Make the bundled subset faces of resources/fonts from the full fonts (all SIL OFL 1.1).

    NianbaoWenKai-Regular.ttf       楷体 (level-2 headings), from LXGW WenKai Regular
    NotoSerifSC-Bold-GB2312.ttf     title (小标宋 stand-in), from Noto Serif SC Bold
    NotoSansSC-Regular-GB2312.ttf   level-1 headings (黑体 stand-in) and the interface, from Noto Sans SC Regular

The subsets are made once and committed; this script is kept so that they can be remade (another
version of a font, another character set). It needs fontTools (requirements-dev.txt only: the app
never runs it) and the full fonts, which the app does not ship:

    apt-get install fonts-lxgw-wenkai                       # LXGW WenKai (Debian)
    .venv/bin/python resources/fonts/make_subsets.py        # all three
    .venv/bin/python resources/fonts/make_subsets.py NotoSerifSC-Bold-GB2312.ttf=/path/NotoSerifSC_700Bold.ttf
    .venv/bin/python -m export.glyph_coverage               # the checker's coverage data

By default the full Noto files are read from this repository's history (`git show` of commit
SOURCE_COMMIT, where they were bundled whole); they are also in the npm packages
`@expo-google-fonts/noto-serif-sc` / `noto-sans-sc` 0.4.3 (README.md here). Nothing is fetched.

What each keeps: the characters of GB2312 (what 楷体_GB2312 has), ASCII, Latin-1, and the common
punctuation of Chinese text (general punctuation, CJK symbols and punctuation, full-width forms),
as far as the source font has them; the Noto Sans subset also keeps the few characters Noto Sans SC
has and Noto Serif SC lacks, so that no character the bundled fonts drew before is lost. The glyph
outlines stay TrueType (`glyf`), which reportlab reads. What it drops: OpenType layout (reportlab
does no shaping), hinting, glyph names, vertical metrics, the variable-font style names (STAT). A
character outside a subset is drawn in Noto Serif SC Regular, bundled whole (model/font_roles.py).

Names: the OFL of LXGW WenKai reserves "霞鹜" and "LXGW", so its subset is renamed "Nianbao WenKai"
(年报文楷). Noto's licences reserve no name that the subsets use, but they are renamed too ("Noto Serif
SC GB2312", "Noto Sans SC GB2312"), so that a subset is never taken for the full face: in a PDF's font
list, and in Qt's font database beside an installed Noto Sans SC. The copyright and licence records of
the `name` table are kept. The output is byte-for-byte the same on every run (the `head` dates are the
source's).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parent
REPO = FONTS_DIR.parent.parent
#: The commit whose resources/fonts held the full Noto Serif SC Bold and Noto Sans SC Regular.
SOURCE_COMMIT = "80fb8e74f207a0f823f01b7c7cb2e8ee8a026cf9"
#: The full face that completes every subset, bundled whole (the body face).
COMPLETING_FACE = FONTS_DIR / "NotoSerifSC-Regular.ttf"

#: Ranges kept besides GB2312 (first, last), inclusive.
EXTRA_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: · (U+00B7, the middle dot Chinese text uses), ×, °, §
    (0x2010, 0x2027),  # general punctuation: — (U+2014), ‘’“”, …, ‧
    (0x2030, 0x203B),  # ‰ ′ ″ ※
    (0x2E3A, 0x2E3B),  # ⸺ ⸻ (two- and three-em dashes)
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕〖〗〇〓
    (0xFE30, 0xFE4F),  # CJK compatibility forms (vertical punctuation, ﹏)
    (0xFF01, 0xFF5E),  # full-width ASCII forms: （），：；？！％＋
    (0xFFE0, 0xFFE6),  # ￠ ￡ ￢ ￣ ￤ ￥ ￦
)


def gb2312_characters() -> set[str]:
    """Every character of GB2312 (its 7,445: 6,763 hanzi and 682 symbols), as Python's codec maps them."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_code_points() -> set[int]:
    """The code points every subset is to keep (those a source lacks are left out by the subsetter)."""
    codes = {ord(char) for char in gb2312_characters()}
    for first, last in EXTRA_RANGES:
        codes.update(range(first, last + 1))
    return codes


def cmap_of(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(str(path), lazy=True).getBestCmap())


def only_in_source(source: Path) -> set[int]:
    """What the source draws and the completing face does not: kept, so the subset loses nothing unique."""
    return cmap_of(source) - cmap_of(COMPLETING_FACE)


@dataclass(frozen=True)
class Subset:
    target: str
    #: A file path, or "git:COMMIT:PATH" for a file of this repository's history.
    source: str
    family: str
    style: str
    postscript_name: str
    #: The family in Chinese (name records for language 0x804), if any.
    family_zh: str = ""
    #: Code points kept beyond wanted_code_points(), from the source file.
    extra: Callable[[Path], set[int]] | None = None


SUBSETS = (
    Subset("NianbaoWenKai-Regular.ttf", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
           "Nianbao WenKai", "Regular", "NianbaoWenKai-Regular", family_zh="年报文楷"),
    Subset("NotoSerifSC-Bold-GB2312.ttf", f"git:{SOURCE_COMMIT}:resources/fonts/NotoSerifSC-Bold.ttf",
           "Noto Serif SC GB2312", "Bold", "NotoSerifSCGB2312-Bold"),
    Subset("NotoSansSC-Regular-GB2312.ttf", f"git:{SOURCE_COMMIT}:resources/fonts/NotoSansSC-Regular.ttf",
           "Noto Sans SC GB2312", "Regular", "NotoSansSCGB2312-Regular", extra=only_in_source),
)


def _rename(font: TTFont, spec: Subset) -> None:
    """The family, full, unique and PostScript names of the subset, in the platforms the source names."""
    name_table = font["name"]
    version = name_table.getDebugName(5) or ""
    full = spec.family if spec.style == "Regular" else f"{spec.family} {spec.style}"
    names = {1: spec.family, 2: spec.style, 3: f"{spec.postscript_name}:{version} (GB2312 subset)", 4: full,
             6: spec.postscript_name, 16: spec.family, 17: spec.style}
    mac = any(record.platformID == 1 for record in name_table.names)
    for record in list(name_table.names):
        # 18, 21, 22: other names of the family; 25 and 256 on: the variable font's, for the dropped STAT.
        if record.nameID in names or record.nameID in (18, 21, 22, 25) or record.nameID >= 256:
            name_table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        name_table.setName(text, name_id, 3, 1, 0x409)
        if mac:
            name_table.setName(text, name_id, 1, 0, 0)
    if spec.family_zh:
        for name_id in (1, 4, 16):
            name_table.setName(spec.family_zh, name_id, 3, 1, 0x804)
        for name_id in (2, 17):
            name_table.setName(spec.style, name_id, 3, 1, 0x804)


def read_source(source: str, scratch: Path) -> Path:
    """The source font as a file: itself, or a copy out of the repository's history."""
    if not source.startswith("git:"):
        return Path(source)
    _, commit, path = source.split(":", 2)
    blob = subprocess.run(["git", "-C", str(REPO), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout
    copy = scratch / Path(path).name
    copy.write_bytes(blob)
    return copy


def make_subset(spec: Subset, source: Path, target: Path | None = None) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target = target or FONTS_DIR / spec.target
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "DSIG", "STAT"]
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    codes = wanted_code_points() | (spec.extra(source) if spec.extra else set())
    font = TTFont(str(source), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    _rename(font, spec)
    font.save(str(target))
    return target


def main(argv: list[str]) -> int:
    """Arguments: TARGET.ttf (only that subset) or TARGET.ttf=SOURCE.ttf (from that file); none: all."""
    by_target = {spec.target: spec for spec in SUBSETS}
    chosen: dict[str, str] = {}
    for argument in argv[1:]:
        target, _, source = argument.partition("=")
        if target not in by_target:
            print(f"unknown subset {target!r}; one of {', '.join(by_target)}", file=sys.stderr)
            return 2
        chosen[target] = source or by_target[target].source
    if not chosen:
        chosen = {spec.target: spec.source for spec in SUBSETS}
    with tempfile.TemporaryDirectory() as scratch:
        for target_name, source_name in chosen.items():
            source = read_source(source_name, Path(scratch))
            target = make_subset(by_target[target_name], source)
            print(f"wrote {target} ({target.stat().st_size} bytes) from {source_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
