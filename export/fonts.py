"""Fonts of the printed report: which font draws each typographic role, coverage, fallback.

GB/T 9704 names a typeface for each part of the report: the title in 小标宋,
level-1 headings in 黑体, level-2 headings in 楷体, the body in 仿宋, page
numbers in 宋体. The Windows fonts that carry these styles (simfang.ttf,
FZXBSJW.TTF, simhei.ttf, simkai.ttf, simsun.ttc) may not be redistributed, so
they are used when the machine has them, and freely licensed bundled fonts
(resources/fonts, SIL OFL) stand in otherwise. The user may also choose a file
for any role (an override), which wins over both (`resolve_fonts`).

reportlab silently draws an empty box for a character its font lacks, so the
text of the report is split into runs by coverage (`FontSet.runs`): a character
the role's font lacks is drawn in the first other font that has it, and as "〓"
when no font has it. The bundled 楷体 is a GB2312 subset completed by the bundled
serif (`FontChoice.completion`): a rare character of a level-2 heading is drawn in
the serif as the role's own, not as a substitution. The checker warns about each
character the bundled fonts lack, the same on every PC (model/glyphs.py); `font_glyph_findings`
(export/content.py, with the drawn text) adds, at export, the characters that
the fonts chosen on this PC lack although the bundled fonts have them.

Reading, vetting and loading a font file is export/font_files.py: a font that
cannot be used is refused with a Chinese problem naming the file, and another
font (in the end the bundled one) takes its place. The roles and the bundled
font of each are stated in model/font_roles.py (the checker needs them too).
This module re-exports the names its callers import from it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from export.content import font_glyph_findings
from export.font_families import family_candidates, parse_fc_list, run_fc_list
from export.font_files import (
    MAX_FONT_BYTES,
    FontFileError,
    bundled_fonts_dir,
    default_search_dirs,
    font_display_name,
    inspect_font,
    load_font,
)
from model.font_roles import BUNDLED_COMPLETION, BUNDLED_FALLBACK, BUNDLED_FONTS, BUNDLED_NAMES, GETA, FontRole

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

Source = Literal["system", "bundled", "override"]
_SOURCE_LABELS = {"system": "系统字体", "bundled": "随附", "override": "自选"}

#: The official fonts, by file name (compared case-insensitively), in order of preference.
SYSTEM_FONTS: dict[FontRole, tuple[tuple[str, int], ...]] = {
    FontRole.TITLE: (("FZXBSJW.TTF", 0), ("方正小标宋简体.ttf", 0), ("FZXBSJW--GB1-0.ttf", 0),
                     ("FZXiaoBiaoSong-B05S.ttf", 0)),
    FontRole.HEADING1: (("simhei.ttf", 0), ("黑体.ttf", 0)),
    FontRole.HEADING2: (("simkai.ttf", 0), ("楷体_GB2312.ttf", 0), ("kaiti_gb2312.ttf", 0)),
    FontRole.BODY: (("simfang.ttf", 0), ("仿宋_GB2312.ttf", 0), ("fangsong_gb2312.ttf", 0)),
    FontRole.PAGE_NUMBER: (("simsun.ttc", 0), ("simsun.ttf", 0)),
    FontRole.TABLE: (("simfang.ttf", 0), ("仿宋_GB2312.ttf", 0), ("fangsong_gb2312.ttf", 0)),
}


# --- the chosen fonts ----------------------------------------------------------------------


@dataclass(frozen=True)
class FontChoice:
    role: FontRole
    path: Path
    subfont_index: int
    source: Source
    #: The font's name for people ("仿宋", "Noto Serif SC Regular").
    name: str = ""
    #: For a bundled subset (the 楷体 role's): the bundled face that draws what the subset leaves out
    #: (model.font_roles.BUNDLED_COMPLETION). The two together are the role's own font.
    completion: FontChoice | None = None

    @property
    def font(self) -> TTFont:
        return load_font(self.path, self.subfont_index)

    @property
    def font_name(self) -> str:
        """The name the font is registered under with reportlab (registers it on first use)."""
        return self.font.fontName

    def has_glyph(self, char: str) -> bool:
        """Whether the font, or the face that completes it, draws `char`."""
        return _covers(self.font, ord(char)) or (self.completion is not None and self.completion.has_glyph(char))

    def faces(self) -> tuple[FontChoice, ...]:
        """The font and the face that completes it, in the order they are tried for a character."""
        return (self,) if self.completion is None else (self, *self.completion.faces())

    def describe(self) -> str:
        where = _SOURCE_LABELS[self.source]
        if self.source != "bundled":
            where += f"，{self.path}"
        return f"{self.role.label}：{self.name or self.path.name}（{where}）"


def _covers(font: TTFont, code: int) -> bool:
    return bool(font.face.charToGlyph.get(code))


_LACKING_CACHE_SIZE = 4096


@dataclass(frozen=True)
class FontSet:
    """One font per role, plus the fonts that stand in for characters a role's font lacks."""

    choices: Mapping[FontRole, FontChoice]
    #: Fonts tried, in order, for a character the role's own font lacks.
    fallbacks: tuple[FontChoice, ...] = ()
    #: Chinese notes about fonts that were asked for but could not be used.
    problems: tuple[str, ...] = ()
    _runs_cache: dict[tuple[FontRole, str], tuple[str, str]] = field(
        default_factory=dict, compare=False, repr=False)
    _lacking_cache: dict[tuple[FontRole, str], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False)

    def choice(self, role: FontRole) -> FontChoice:
        return self.choices[role]

    def describe(self) -> list[str]:
        """One Chinese line per role, e.g. "正文（仿宋）：Noto Serif SC Regular（随附）", then any problems."""
        return [self.choices[role].describe() for role in FontRole] + list(self.problems)

    def has_glyph(self, role: FontRole, char: str) -> bool:
        """Whether the role's own font has a glyph for `char` (from its cmap)."""
        return self.choices[role].has_glyph(char)

    def font_name(self, role: FontRole) -> str:
        return self.choices[role].font_name

    def lacking(self, role: FontRole, text: str) -> tuple[str, ...]:
        """The characters of `text` the role's own font lacks, once each, in order (spaces and line
        breaks aside). Remembered per text: the app asks on every keystroke."""
        key = (role, text)
        cached = self._lacking_cache.get(key)
        if cached is None:
            choice = self.choices[role]
            cached = tuple(char for char in dict.fromkeys(text) if char not in " \n" and not choice.has_glyph(char))
            if len(self._lacking_cache) >= _LACKING_CACHE_SIZE:
                self._lacking_cache.clear()  # typing makes a new text per keystroke: keep the memory bounded
            self._lacking_cache[key] = cached
        return cached

    @cached_property
    def _all_choices(self) -> tuple[FontChoice, ...]:
        seen: dict[tuple[Path, int], FontChoice] = {}
        for choice in (*(face for c in self.choices.values() for face in c.faces()), *self.fallbacks):
            seen.setdefault((choice.path, choice.subfont_index), choice)
        return tuple(seen.values())

    def _chain(self, role: FontRole) -> tuple[FontChoice, ...]:
        """The faces tried for a character of `role`: its own (with its completion), then the fallbacks."""
        own = self.choices[role].faces()
        taken = {(c.path, c.subfont_index) for c in own}
        return (*own, *(c for c in self.fallbacks if (c.path, c.subfont_index) not in taken))

    def stand_in(self, role: FontRole, char: str) -> tuple[str, str]:
        """(character, registered font name) to draw for `char` in `role`: the role's font if it has the
        character, else the first fallback that has it, else "〓" in a font that has that."""
        key = (role, char)
        cached = self._runs_cache.get(key)
        if cached is not None:
            return cached
        code = ord(char)
        result = None
        for choice in self._chain(role):
            if _covers(choice.font, code):
                result = (char, choice.font_name)
                break
        if result is None:
            result = (GETA, self.stand_in(role, GETA)[1]) if char != GETA else (GETA, self.font_name(role))
        self._runs_cache[key] = result
        return result

    def runs(self, role: FontRole, text: str) -> list[tuple[str, str]]:
        """`text` split into (text, registered font name) runs, every character drawable."""
        runs: list[tuple[str, str]] = []
        current: list[str] = []
        current_font = ""  # of `current`, set with its first character
        for char in text:
            drawn, font = self.stand_in(role, char)
            if font != current_font and current:
                runs.append(("".join(current), current_font))
                current = []
            current_font = font
            current.append(drawn)
        if current:
            runs.append(("".join(current), current_font))
        return runs

    def substitute(self, role: FontRole, char: str) -> str | None:
        """None when the role's font has `char`; else the name of the font that stands in, or "〓"."""
        if self.has_glyph(role, char):
            return None
        drawn, font = self.stand_in(role, char)
        if drawn != char:
            return GETA
        for choice in self._all_choices:
            if choice.font_name == font:
                return choice.name or choice.path.name
        return font


# --- resolving ----------------------------------------------------------------------------


def _font_index(search_dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-cased file name → path of every font file under the search dirs (first found wins).
    Not cached: a font the user installs is found the next time fonts are resolved."""
    index: dict[str, Path] = {}
    for directory in search_dirs:
        if not os.path.isdir(directory):
            continue
        for root, dirs, files in os.walk(directory):
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith((".ttf", ".ttc")):
                    index.setdefault(name.lower(), Path(root) / name)
    return index


def _usable(path: Path, subfont_index: int) -> str | None:
    """None if reportlab can embed the font (it is then loaded, once per process), else why not."""
    try:
        inspect_font(path, subfont_index)  # refuses fonts whose licence forbids embedding
        load_font(path, subfont_index)  # vets the file first
    except FontFileError as error:
        return str(error)
    return None


def resolve_fonts(overrides: Mapping[FontRole, Path] | None = None,
                  search_dirs: list[Path] | None = None, fc_list: Callable[[], str] | None = None) -> FontSet:
    """The font for each role: the user's override if usable, else the official font if installed
    (by file name in `search_dirs`, default `default_search_dirs()`, then by family name in what
    `fc_list` lists — fontconfig's, by default, only when `search_dirs` is not given; pass [] for the
    bundled fonts only), else the bundled one. Installed and chosen fonts are loaded here to make sure
    they can be embedded (once per process); the bundled ones are loaded on first use."""
    overrides = dict(overrides or {})
    index = _font_index(default_search_dirs() if search_dirs is None else search_dirs)
    listing = fc_list or (run_fc_list if search_dirs is None else (lambda: ""))
    # fontconfig is asked once, and only when some role's files are missing or unusable.
    faces = functools.cache(lambda: parse_fc_list(listing()))

    def installed_faces(role: FontRole) -> Iterator[tuple[Path, int]]:
        for file_name, subfont_index in SYSTEM_FONTS[role]:
            path = index.get(file_name.lower())
            if path is not None:
                yield path, subfont_index
        yield from family_candidates(role, faces())

    bundled_dir = bundled_fonts_dir()
    choices: dict[FontRole, FontChoice] = {}
    problems: list[str] = []
    refused: set[tuple[Path, int]] = set()
    for role in FontRole:
        override = overrides.get(role)
        if override is not None:
            path = Path(override)
            problem = _usable(path, 0)
            if problem is None:
                choices[role] = FontChoice(role, path, 0, "override", font_display_name(path))
                continue
            problems.append(f"{role.label}：所选字体不能使用（{problem}），已改用其他字体。")
        for installed, subfont_index in installed_faces(role):
            if (installed, subfont_index) in refused:
                continue
            problem = _usable(installed, subfont_index)
            if problem is None:
                choices[role] = FontChoice(role, installed, subfont_index, "system",
                                           font_display_name(installed, subfont_index))
                break
            refused.add((installed, subfont_index))
            problems.append(f"已安装的字体“{installed}”不能用于 PDF（{problem}），改用其他字体。")
        else:
            choices[role] = _bundled_choice(role, BUNDLED_FONTS[role], bundled_dir)
    fallbacks = tuple(_bundled_choice(FontRole.BODY, name, bundled_dir) for name in BUNDLED_FALLBACK)
    # The system fonts chosen for other roles come last: they may cover a rare character too.
    extra = tuple(c for c in choices.values() if c.source != "bundled")
    return FontSet(choices, fallbacks + extra, tuple(problems))


def _bundled_choice(role: FontRole, file_name: str, bundled_dir: Path) -> FontChoice:
    completion = BUNDLED_COMPLETION.get(file_name)
    return FontChoice(role, bundled_dir / file_name, 0, "bundled", BUNDLED_NAMES[file_name],
                      None if completion is None else _bundled_choice(role, completion, bundled_dir))


def bundled_fonts() -> FontSet:
    """Only the bundled fonts: the same PDF on every machine (tests, reproducible output)."""
    return resolve_fonts(search_dirs=[])


__all__ = [
    "BUNDLED_FALLBACK", "BUNDLED_FONTS", "BUNDLED_NAMES", "GETA", "MAX_FONT_BYTES", "SYSTEM_FONTS", "FontChoice",
    "FontFileError", "FontRole", "FontSet", "bundled_fonts", "bundled_fonts_dir", "default_search_dirs",
    "font_display_name", "font_glyph_findings", "inspect_font", "load_font", "resolve_fonts",
]
