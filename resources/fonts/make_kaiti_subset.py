"""Make the bundled 楷体 face, NianbaoWenKai-Regular.ttf, from LXGW WenKai Regular (SIL OFL 1.1).

The subset is made once and committed; this script is kept so that it can be remade (another
version of the font, another character set). It needs fontTools (requirements-dev.txt only: the app
never runs it) and the TrueType font of Debian's `fonts-lxgw-wenkai`:

    apt-get install fonts-lxgw-wenkai
    .venv/bin/python resources/fonts/make_kaiti_subset.py [SOURCE.ttf]
    .venv/bin/python -m export.glyph_coverage      # the checker's coverage data

What it keeps: the characters of GB2312 (what 楷体_GB2312 has), ASCII, Latin-1, and the common
punctuation of Chinese text (general punctuation, CJK symbols and punctuation, full-width forms),
as far as the source font has them; the glyph outlines stay TrueType (`glyf`), which reportlab reads.
What it drops: OpenType layout (reportlab does no shaping), glyph names, vertical metrics. The source
has no hinting. A character outside the subset is drawn in Noto Serif SC (model/font_roles.py).

The OFL reserves the names "霞鹜" and "LXGW" (Debian's copyright file): a subset is a Modified
Version and may not use them as its primary name, so the family is renamed "Nianbao WenKai" (年报文楷).
The copyright and licence records of the `name` table are kept. The output is byte-for-byte the same
on every run (the `head` dates are the source's).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
TARGET = Path(__file__).resolve().parent / "NianbaoWenKai-Regular.ttf"

FAMILY = "Nianbao WenKai"
FAMILY_ZH = "年报文楷"
POSTSCRIPT_NAME = "NianbaoWenKai-Regular"

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
    """The code points the subset is to keep (those the source lacks are left out by the subsetter)."""
    codes = {ord(char) for char in gb2312_characters()}
    for first, last in EXTRA_RANGES:
        codes.update(range(first, last + 1))
    return codes


def _rename(font: TTFont) -> None:
    """The family, full, unique and PostScript names, without the reserved names."""
    name_table = font["name"]
    version = name_table.getDebugName(5) or ""
    names = {1: FAMILY, 2: "Regular", 3: f"{POSTSCRIPT_NAME}:{version} (GB2312 subset)", 4: FAMILY,
             6: POSTSCRIPT_NAME, 16: FAMILY, 17: "Regular"}
    for record in list(name_table.names):
        if record.nameID in names or record.nameID in (18, 21, 22):
            name_table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        name_table.setName(text, name_id, 3, 1, 0x409)
        name_table.setName(text, name_id, 1, 0, 0)
    for name_id in (1, 4, 16):
        name_table.setName(FAMILY_ZH, name_id, 3, 1, 0x804)
    for name_id in (2, 17):
        name_table.setName("Regular", name_id, 3, 1, 0x804)


def make_subset(source: Path = SOURCE, target: Path = TARGET) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "DSIG"]
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(str(source), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted_code_points()))
    subsetter.subset(font)
    _rename(font)
    font.save(str(target))
    return target


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    target = make_subset(source)
    print(f"wrote {target} ({target.stat().st_size} bytes) from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
