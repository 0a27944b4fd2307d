"""Font files for the PDF: where installed fonts are, what a file holds, vetting and loading it.

reportlab's TTFont reads TrueType outlines only, so every font is checked for a `glyf` table before
use (`inspect_font`). reportlab's TrueType loader trusts the file (a corrupt cmap made it allocate
gigabytes), so a font the user has — installed or chosen — is vetted before reportlab reads it
(export/font_vetting.py, in bounded memory and time), and what reportlab raises on it is caught: a
bad font is a FontFileError with a Chinese message naming the file. Which file serves which role is
export/fonts.py's business.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from export import font_store, font_tables, font_vetting
from export.font_vetting import FontDamage
from model.resources import resources_dir

if TYPE_CHECKING:
    from types import ModuleType

    from reportlab.pdfbase.ttfonts import TTFont


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
    """The file, or its packed copy `NAME.xz` or `NAME.gz` (see font_source), never more than MAX_FONT_BYTES."""
    packed = None if path.exists() else font_store.packed_path(path)
    try:
        with (font_store.open_packed(packed) if packed is not None else open(path, "rb")) as handle:
            data = handle.read(MAX_FONT_BYTES + 1)
    except font_store.UNPACK_ERRORS as error:
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
            from reportlab.pdfbase import pdfmetrics

            started = time.perf_counter()
            bundled = _is_bundled(path)
            try:
                on_demand = font_store.bundled_font(path) if bundled else None
                data, digest = on_demand or (_bundled_data(path) if bundled else _vetted(path, subfont_index))
                font = font_tables.make_font(_registered_name(path, subfont_index), data, digest, subfont_index,
                                             str(path))  # reportlab names the font after its file if unnamed
            except FontFileError:
                raise
            except Exception as error:  # reportlab's parser trusts the file: anything may come out of it
                # Not remembered: a MemoryError may not happen again.
                raise FontFileError(
                    f"字体文件“{path.name}”已损坏或格式不受支持：{_error_text(error)}") from error
            if not bundled:
                _guard_subsetting(font, path, subfont_index, digest)
            _keep_apart(font, pdfmetrics)
            pdfmetrics.registerFont(font)
            registration_seconds[path.name if subfont_index == 0 else f"{path.name}#{subfont_index}"] = (
                time.perf_counter() - started)
            _loaded[key] = font
        return font


def font_source(path: Path) -> str | io.BytesIO:
    """A bundled font file for a reader that takes a path (FreeType for the charts): the file, else the
    unpacked copy of its packed NAME.ttf.xz (or .gz) in the cache folder (export/font_store.py), else, when
    that cannot be written, the decompressed bytes."""
    found = font_store.font_file(path)
    if found is not None:
        return str(found[0])
    return io.BytesIO(_read_font_file(path))


def _bundled_data(path: Path) -> tuple[bytes, str]:
    """A bundled font's bytes read into memory (when no file of it can be opened) and their sha256."""
    data = _read_font_file(path)
    return data, hashlib.sha256(data).hexdigest()


def _keep_apart(font: TTFont, pdfmetrics: ModuleType) -> None:
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
