"""Fonts of the printed report: one font per typographic role, coverage, fallback.

GB/T 9704 names a typeface for each part of the report: the title in 小标宋,
level-1 headings in 黑体, level-2 headings in 楷体, the body in 仿宋, page
numbers in 宋体. The Windows fonts that carry these styles (simfang.ttf,
FZXBSJW.TTF, simhei.ttf, simkai.ttf, simsun.ttc) may not be redistributed, so
they are used when the machine has them, and freely licensed bundled fonts
(resources/fonts, SIL OFL) stand in otherwise. The user may also choose a file
for any role (an override), which wins over both.

reportlab's TTFont reads TrueType outlines only and silently draws an empty
box for a character its font lacks, so every font is checked for a `glyf`
table before use, and the text of the report is split into runs by coverage
(`FontSet.runs`): a character the role's font lacks is drawn in the first
other font that has it, and as "〓" when no font has it. The checker warns about
each character the bundled fonts lack, the same on every PC (model/glyphs.py);
`font_glyph_findings` adds, at export, the characters that the fonts chosen on
this PC lack although the bundled fonts have them.

reportlab's TrueType loader trusts the file (a corrupt cmap made it allocate gigabytes), so a font
the user has — installed or chosen — is vetted before reportlab reads it (export/font_vetting.py,
in bounded memory and time), and what reportlab raises on it is caught: a bad font is refused with
a Chinese problem naming the file, and another font (in the end the bundled one) takes its place.

The roles and the bundled font of each are stated in model/font_roles.py (the
checker needs them too) and re-exported here.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import struct
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from export import font_vetting
from export.font_vetting import FontDamage
from model.findings import Finding, Severity
from model.font_roles import BUNDLED_FALLBACK, BUNDLED_FONTS, BUNDLED_NAMES, GETA, FontRole
from model.resources import resources_dir

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

    from model.report import Report

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


def bundled_fonts_dir() -> Path:
    return resources_dir() / "fonts"


def default_search_dirs() -> list[Path]:
    """Where installed fonts usually are: the Windows font folders, then the Linux ones."""
    dirs = [Path(os.environ.get("WINDIR") or r"C:\Windows") / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:  # fonts installed "for this user only" (Windows 10 and later)
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".fonts", Path.home() / ".local" / "share" / "fonts"]
    return dirs


# --- reading the sfnt header: outline format and names, without loading the font ---------


class FontFileError(Exception):
    """A font file that cannot be used for the PDF; the message is Chinese, for the user."""


def inspect_font(path: Path, subfont_index: int = 0) -> dict[str, tuple[int, int]]:
    """The table directory {tag: (offset, length)} of a TrueType-outline font (or of one font of a
    collection) that may be embedded. Raises FontFileError for a missing file, a CFF (.otf) font, a
    font whose licence forbids embedding, or anything else."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
            if head[:4] == b"ttcf":
                (count,) = struct.unpack(">I", head[8:12])
                if not 0 <= subfont_index < count:
                    raise FontFileError(f"字体集“{path.name}”中没有第 {subfont_index} 个字体")
                handle.seek(12 + 4 * subfont_index)
                (offset,) = struct.unpack(">I", handle.read(4))
                handle.seek(offset)
                head = handle.read(12)
            if len(head) < 12:
                raise FontFileError(f"“{path.name}”不是字体文件")
            version = head[:4]
            if version == b"OTTO":
                raise FontFileError(
                    f"“{path.name}”是 CFF 轮廓（OpenType/PostScript）字体，PDF 导出只能使用 TrueType 轮廓字体")
            if version not in (b"\x00\x01\x00\x00", b"true"):
                raise FontFileError(f"“{path.name}”不是 TrueType 字体")
            (num_tables,) = struct.unpack(">H", head[4:6])
            directory = handle.read(16 * num_tables)
            tables = {}
            for i in range(len(directory) // 16):
                tag, _checksum, offset, length = struct.unpack(">4sIII", directory[16 * i: 16 * i + 16])
                tables[tag.decode("latin-1")] = (offset, length)
            fs_type = 0
            if "OS/2" in tables:
                handle.seek(tables["OS/2"][0] + 8)
                (fs_type,) = struct.unpack(">H", handle.read(2))
    except OSError as error:
        raise FontFileError(f"无法读取字体文件“{path}”：{error.strerror or error}") from error
    except struct.error as error:
        raise FontFileError(f"“{path.name}”不是完整的字体文件") from error
    for required in ("glyf", "loca", "cmap"):
        if required not in tables:
            raise FontFileError(f"“{path.name}”缺少 {required} 表，不是 TrueType 轮廓字体")
    # OS/2 fsType: 0x0002 restricted licence (no embedding), 0x0100 no subsetting, 0x0200 bitmap only.
    # (reportlab 5.1 would embed such a font anyway.)
    if fs_type & 0x000F == 0x0002 or fs_type & 0x0300:
        raise FontFileError(f"“{path.name}”的字体许可不允许嵌入 PDF（fsType {fs_type:#06x}）")
    return tables


_LANGUAGE_PREFERENCE = (0x0804, 0x1004, 0x0404, 0x0C04, 0x0409)  # zh-CN, zh-SG, zh-TW, zh-HK, en-US


def font_display_name(path: Path, subfont_index: int = 0) -> str:
    """The font's full name from its `name` table, Chinese if it has one ("仿宋", "方正小标宋简体"),
    else its file name."""
    try:
        tables = inspect_font(path, subfont_index)
        if "name" not in tables:
            return path.name
        offset, length = tables["name"]
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read(length)
        _format, count, string_offset = struct.unpack(">HHH", data[:6])
        found: dict[tuple[int, int], str] = {}
        for i in range(count):
            platform, encoding, language, name_id, size, start = struct.unpack(
                ">HHHHHH", data[6 + 12 * i: 18 + 12 * i])
            if platform != 3 or encoding not in (0, 1, 10) or name_id not in (1, 4):
                continue
            raw = data[string_offset + start: string_offset + start + size]
            found.setdefault((name_id, language), raw.decode("utf-16-be", errors="replace").strip())
        for name_id in (4, 1):
            for language in _LANGUAGE_PREFERENCE:
                if found.get((name_id, language)):
                    return found[(name_id, language)]
        return next((text for (name_id, _), text in found.items() if name_id == 4 and text), path.name)
    except (FontFileError, OSError, struct.error, UnicodeError):
        return path.name


# --- vetting a font the user has, before reportlab reads it ----------------------------------

#: A file larger than this is refused unread (the largest TrueType fonts of Windows, collections
#: included, are about 35 MB).
MAX_FONT_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class _FileState:
    size: int
    mtime_ns: int
    sha256: str


#: The state of each vetted file (path, subfont index) when it was read ...
_vetted_files: dict[tuple[str, int], _FileState] = {}
#: ... and the verdict on its content (sha256, subfont index): None when usable, else why not
#: ("已损坏：…", to follow the file's name).
_verdicts: dict[tuple[str, int], str | None] = {}


def _read_font_file(path: Path) -> bytes:
    """The file, or its gzip-compressed copy `NAME.gz` (see _font_source), never more than MAX_FONT_BYTES."""
    packed = path.with_name(path.name + ".gz")
    opener = gzip.open if not path.exists() and packed.exists() else open
    try:
        with opener(packed if opener is gzip.open else path, "rb") as handle:
            data = handle.read(MAX_FONT_BYTES + 1)
    except (OSError, EOFError) as error:
        raise FontFileError(f"无法读取字体文件“{path}”：{getattr(error, 'strerror', None) or error}") from error
    if len(data) > MAX_FONT_BYTES:
        raise FontFileError(f"字体文件“{path.name}”过大（超过 {MAX_FONT_BYTES // 2**20} MB），不是可用的字体")
    return data


def _vetted(path: Path, subfont_index: int) -> tuple[bytes, str]:
    """The bytes of a font file the user has (installed or chosen) and their sha256, once
    export.font_vetting has found that reportlab can load and subset the font in bounded memory and
    time; else FontFileError, in Chinese and naming the file. Verdicts are remembered per content for
    the process; a refused file whose size and mtime have not changed is refused again unread."""
    key = (str(path), subfont_index)
    known = _vetted_files.get(key)
    if known is not None and _size_and_mtime(path) == (known.size, known.mtime_ns):
        problem = _verdicts.get((known.sha256, subfont_index))
        if problem is not None:
            raise FontFileError(f"字体文件“{path.name}”{problem}")
    data = _read_font_file(path)
    digest = hashlib.sha256(data).hexdigest()
    state = _size_and_mtime(path)
    if state is not None:  # (a packed copy NAME.gz is not remembered by path: checked every time)
        _vetted_files[key] = _FileState(*state, digest)
    verdict = (digest, subfont_index)
    if verdict not in _verdicts:
        try:
            font_vetting.check_sfnt(data, subfont_index)
            _verdicts[verdict] = None
        except FontDamage as damage:
            _verdicts[verdict] = f"已损坏：{damage}"
    problem = _verdicts[verdict]
    if problem is not None:
        raise FontFileError(f"字体文件“{path.name}”{problem}")
    return data, digest


def _size_and_mtime(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _is_bundled(path: Path) -> bool:
    return path.parent == bundled_fonts_dir()


# --- loading into reportlab, once per process ------------------------------------------------

_lock = threading.RLock()
_loaded: dict[tuple[str, int], TTFont] = {}
#: Seconds spent constructing and registering each font (for the benchmark and the report).
registration_seconds: dict[str, float] = {}


def _registered_name(path: Path, subfont_index: int) -> str:
    digest = hashlib.sha1(f"{path}|{subfont_index}".encode()).hexdigest()[:10]
    return f"nb-{path.stem}-{subfont_index}-{digest}"


def _error_text(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}"[:160] if text else type(error).__name__


def load_font(path: Path, subfont_index: int = 0) -> TTFont:
    """The reportlab font for a file, constructed and registered once per process. A font other than
    the bundled ones is vetted first (`_vetted`) and read from the bytes that were vetted; whatever
    reportlab raises on a font is a FontFileError, never a crash."""
    key = (str(path), subfont_index)
    font = _loaded.get(key)
    if font is not None:
        return font
    with _lock:
        font = _loaded.get(key)
        if font is None:
            from reportlab.pdfbase import pdfmetrics, ttfonts

            started = time.perf_counter()
            digest = None
            if _is_bundled(path):
                source: str | io.BytesIO = _font_source(path)
            else:
                data, digest = _vetted(path, subfont_index)
                source = io.BytesIO(data)
                source.name = str(path)  # reportlab names the font after its file when it has no name
            try:
                font = ttfonts.TTFont(_registered_name(path, subfont_index), source, subfontIndex=subfont_index)
            except Exception as error:  # reportlab's parser trusts the file: anything may come out of it
                # Not remembered: a MemoryError may not happen again.
                raise FontFileError(
                    f"字体文件“{path.name}”已损坏或格式不受支持：{_error_text(error)}") from error
            if digest is not None:
                _guard_subsetting(font, path, subfont_index, digest)
            _keep_apart(font, pdfmetrics)
            pdfmetrics.registerFont(font)
            registration_seconds[path.name if subfont_index == 0 else f"{path.name}#{subfont_index}"] = (
                time.perf_counter() - started)
            _loaded[key] = font
        return font


def _font_source(path: Path) -> str | io.BytesIO:
    """A bundled font file, or its gzip-compressed copy: the built app ships the large bundled serif
    fonts as `NAME.ttf.gz` to stay within its size budget (decompressing one takes ~60 ms)."""
    packed = path.with_name(path.name + ".gz")
    if not path.exists() and packed.exists():
        return io.BytesIO(gzip.decompress(packed.read_bytes()))
    return str(path)


def _keep_apart(font: TTFont, pdfmetrics) -> None:
    """reportlab registers one font per PostScript name: a second file of the same name (another
    version of simfang.ttf, a corrupt copy, a bundled face also installed) would be measured as itself
    but drawn with the first one's glyphs. Such a font is given a name of its own."""
    taken = pdfmetrics._dynFaceNames.get(font.face.name)  # reportlab has no public index of face names
    if taken is not None and taken is not font:
        font.face.name = font.face.name + b"-" + font.fontName.rsplit("-", 1)[-1].encode("ascii")


def _guard_subsetting(font: TTFont, path: Path, subfont_index: int, digest: str) -> None:
    """reportlab subsets the font inside the PDF build, reading glyph data the checks have vetted.
    Should a corruption slip past them, the export fails with a FontFileError naming the file rather
    than an IndexError, and from then on the font is refused (the bundled face takes its place)."""
    make_subset = font.face.makeSubset

    def guarded(subset: list[int]) -> bytes:
        try:
            return make_subset(subset)
        except Exception as error:
            reason = f"无法嵌入 PDF：{_error_text(error)}"
            with _lock:
                _verdicts[(digest, subfont_index)] = reason
                _loaded.pop((str(path), subfont_index), None)
            raise FontFileError(f"字体文件“{path.name}”{reason}") from error

    font.face.makeSubset = guarded


# --- the chosen fonts ----------------------------------------------------------------------


@dataclass(frozen=True)
class FontChoice:
    role: FontRole
    path: Path
    subfont_index: int
    source: Source
    #: The font's name for people ("仿宋", "Noto Serif SC Regular").
    name: str = ""

    @property
    def font(self) -> TTFont:
        return load_font(self.path, self.subfont_index)

    @property
    def font_name(self) -> str:
        """The name the font is registered under with reportlab (registers it on first use)."""
        return self.font.fontName

    def has_glyph(self, char: str) -> bool:
        return _covers(self.font, ord(char))

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

    def register(self) -> float:
        """Load every font of the set into reportlab now (else it happens on first use); returns seconds."""
        started = time.perf_counter()
        for choice in self._all_choices:
            choice.font  # noqa: B018 - loading is the point
        return time.perf_counter() - started

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
        for choice in (*self.choices.values(), *self.fallbacks):
            seen.setdefault((choice.path, choice.subfont_index), choice)
        return tuple(seen.values())

    def _chain(self, role: FontRole) -> tuple[FontChoice, ...]:
        own = self.choices[role]
        rest = [c for c in self.fallbacks if (c.path, c.subfont_index) != (own.path, own.subfont_index)]
        return (own, *rest)

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
        current_font = None
        for char in text:
            drawn, font = self.stand_in(role, char)
            if font != current_font and current:
                runs.append(("".join(current), current_font))  # type: ignore[arg-type]
                current = []
            current_font = font
            current.append(drawn)
        if current:
            runs.append(("".join(current), current_font))  # type: ignore[arg-type]
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
                  search_dirs: list[Path] | None = None) -> FontSet:
    """The font for each role: the user's override if usable, else the official font if installed
    (searched in `search_dirs`, default `default_search_dirs()`; pass [] for the bundled fonts only),
    else the bundled one. Installed and chosen fonts are loaded here to make sure they can be embedded
    (once per process); the bundled ones are loaded on first use."""
    overrides = dict(overrides or {})
    index = _font_index(default_search_dirs() if search_dirs is None else search_dirs)
    bundled_dir = bundled_fonts_dir()
    choices: dict[FontRole, FontChoice] = {}
    problems: list[str] = []
    refused: set[Path] = set()
    for role in FontRole:
        override = overrides.get(role)
        if override is not None:
            path = Path(override)
            problem = _usable(path, 0)
            if problem is None:
                choices[role] = FontChoice(role, path, 0, "override", font_display_name(path))
                continue
            problems.append(f"{role.label}：所选字体不能使用（{problem}），已改用其他字体。")
        for file_name, subfont_index in SYSTEM_FONTS[role]:
            path = index.get(file_name.lower())
            if path is None or path in refused:
                continue
            problem = _usable(path, subfont_index)
            if problem is None:
                choices[role] = FontChoice(role, path, subfont_index, "system",
                                           font_display_name(path, subfont_index))
                break
            refused.add(path)
            problems.append(f"已安装的字体“{path}”不能用于 PDF（{problem}），改用其他字体。")
        else:
            file_name = BUNDLED_FONTS[role]
            choices[role] = FontChoice(role, bundled_dir / file_name, 0, "bundled", BUNDLED_NAMES[file_name])
    fallbacks = tuple(
        FontChoice(FontRole.BODY, bundled_dir / name, 0, "bundled", BUNDLED_NAMES[name]) for name in BUNDLED_FALLBACK
    )
    # The system fonts chosen for other roles come last: they may cover a rare character too.
    extra = tuple(c for c in choices.values() if c.source != "bundled")
    return FontSet(choices, fallbacks + extra, tuple(problems))


def bundled_fonts() -> FontSet:
    """Only the bundled fonts: the same PDF on every machine (tests, reproducible output)."""
    return resolve_fonts(search_dirs=[])


# --- characters the fonts of this PC lack ---------------------------------------------------


def font_glyph_findings(report: Report, fonts: FontSet) -> list[Finding]:
    """At export: a warning (PDF-FONT-GLYPH) for each character of the report that the font chosen on
    this PC for the role it is drawn in (an installed official font or the user's choice) lacks although
    the bundled font of that role has it; it will be drawn in another font, or as "〓". One finding per
    character and place (paragraph, title, signature). What the bundled fonts lack is the checker's
    PDF-MISSING-GLYPH (model/glyphs.py, in `check_report`) and is not repeated here."""
    from model.drawn_text import drawn_texts  # the one statement of what is drawn in which role
    from model.glyphs import bundled_font_has

    findings: list[Finding] = []
    for item in drawn_texts(report):
        for char in fonts.lacking(item.role, item.text):
            if not bundled_font_has(item.role, char):
                continue
            substitute = fonts.substitute(item.role, char)
            choice = fonts.choice(item.role)
            outcome = ("PDF 中将显示为“〓”，请改用常用字或换用包含该字的字体" if substitute == GETA
                       else f"PDF 中将改用“{substitute}”显示，字形可能与周围文字不一致")
            findings.append(Finding(
                "PDF-FONT-GLYPH", Severity.WARNING,
                f"{item.where}：字符“{char}”（U+{ord(char):04X}）在本机{item.role.label}所用字体"
                f"“{choice.name or choice.path.name}”中没有字形，{outcome}。",
                item.location))
    return findings


__all__ = [
    "BUNDLED_FALLBACK", "BUNDLED_FONTS", "BUNDLED_NAMES", "GETA", "FontChoice", "FontFileError", "FontRole",
    "FontSet", "bundled_fonts", "default_search_dirs", "font_display_name", "font_glyph_findings", "inspect_font",
    "load_font", "resolve_fonts",
]
