"""The fonts reportlab draws with are read on demand and their parsed tables cached (export/font_store.py,
export/font_tables.py): what they give must be what reportlab's own parse of the whole file gives —
every field, every width, every byte of every subset — and a damaged or forged cache must change
nothing but speed."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import random
import struct
from pathlib import Path
from typing import Any

import pytest
from reportlab import __file__ as reportlab_init
from reportlab.pdfbase import ttfonts

from export import font_store, font_tables
from export.font_files import bundled_fonts_dir

BUNDLED = sorted(bundled_fonts_dir().glob("*.ttf"))
#: reportlab's Vera: 2048 units per em, so widths are scaled floats, unlike the 1000-unit Noto faces.
VERA = Path(reportlab_init).parent / "fonts" / "Vera.ttf"
FONTS = [*BUNDLED, VERA]


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(font_store.CACHE_DIR_ENV, str(folder))
    return folder


def parsed(path: Path) -> Any:
    """reportlab's face for the file, as reportlab alone makes it."""
    return ttfonts.TTFontFace(io.BytesIO(path.read_bytes()))


def ours(path: Path) -> Any:
    data = font_store.FileBytes(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return font_tables.make_font("nb-test-" + digest[:8], data, digest, 0, str(path))


def fields(face: Any) -> dict[str, Any]:
    return {key: value for key, value in face.__dict__.items()
            if key not in {"_ttf_data", "_pdfScale", "glyphToChar", "hmetrics", "glyphPos", "get_table", "filename"}}


def typed(mapping: dict[int, Any]) -> dict[int, tuple[type, Any]]:
    return {key: (type(value), value) for key, value in mapping.items()}


def sample_codes(face: Any, count: int, seed: int) -> list[int]:
    codes = sorted(face.charToGlyph)
    return sorted(random.Random(seed).sample(codes, min(count, len(codes))))


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_a_face_made_twice_equals_reportlabs_own_parse_field_for_field(path: Path) -> None:
    reference = parsed(path)
    first = ours(path)  # parsed here and cached
    second = ours(path)  # from the cache
    assert font_tables.cache_path(hashlib.sha256(path.read_bytes()).hexdigest(), 0).exists()
    for font in (first, second):
        face = font.face
        assert fields(face).keys() == fields(reference).keys()
        for key, value in fields(reference).items():
            assert fields(face)[key] == value, key
            assert type(fields(face)[key]) is type(value), key
        assert face.charToGlyph == reference.charToGlyph
        assert typed(face.charWidths) == typed(reference.charWidths)
        assert [face.hmetrics[glyph] for glyph in range(len(reference.hmetrics))] == reference.hmetrics
        assert [face.glyphPos[index] for index in range(len(reference.glyphPos))] == reference.glyphPos
        assert face._pdfScale(2048) == reference._pdfScale(2048)
        assert face.glyphToChar == {}  # only text shaping reads it, and nianbao never shapes


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_every_subset_is_byte_for_byte_reportlabs(path: Path) -> None:
    reference = parsed(path)
    ours(path)
    face = ours(path).face  # from the cache
    for seed in range(3):
        codes = sample_codes(reference, 400, seed)
        assert face.makeSubset(codes) == reference.makeSubset(codes)


def test_the_font_object_has_the_fields_reportlabs_constructor_gives() -> None:
    path = BUNDLED[0]
    ours(path)
    cached = ours(path)
    reference = ttfonts.TTFont(cached.fontName, io.BytesIO(path.read_bytes()))
    assert cached.__dict__.keys() == reference.__dict__.keys()
    for key in ("fontName", "_asciiReadable", "_shapable"):
        assert getattr(cached, key) == getattr(reference, key)
    assert type(cached.encoding) is type(reference.encoding)
    assert cached.stringWidth("年报 2025", 12) == reference.stringWidth("年报 2025", 12)


def test_file_bytes_slice_and_index_like_bytes(tmp_path: Path) -> None:
    data = random.Random(1).randbytes(200_000)
    (tmp_path / "f.bin").write_bytes(data)
    view = font_store.FileBytes(tmp_path / "f.bin")
    assert len(view) == len(data)
    rng = random.Random(2)
    for _ in range(500):
        start = rng.randrange(len(data))
        stop = start + rng.choice((1, 2, 4, 100, 16_384, 40_000, 300_000))
        assert view[start:stop] == data[start:stop]
        assert view[start] == data[start]
    assert view[-1] == data[-1] and view[:0] == b"" and view[len(data):] == b""
    with pytest.raises(IndexError):
        view[len(data)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_file_bytes_read_right_in_forked_children_reading_at_once(tmp_path: Path) -> None:
    """The fuzzer and process pools fork after the fonts are loaded: parent and children share the file's
    position, so seek-then-read read each other's bytes (reportlab then subset garbage)."""
    data = random.Random(3).randbytes(1_000_000)
    (tmp_path / "f.bin").write_bytes(data)
    view = font_store.FileBytes(tmp_path / "f.bin")
    view[0:10]  # opened and read in the parent, before the fork
    children = []
    for seed in range(4):
        pid = os.fork()
        if pid == 0:  # the child: exit status 0 only if every read was right
            rng = random.Random(seed)
            good = all(view[a:a + n] == data[a:a + n] for a, n in
                       ((rng.randrange(len(data)), rng.choice((2, 700, 40_000))) for _ in range(3000)))
            os._exit(0 if good else 1)
        children.append(pid)
    rng = random.Random(99)
    parent_good = all(view[a:a + 300] == data[a:a + 300] for a in (rng.randrange(len(data)) for _ in range(3000)))
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    assert parent_good and statuses == [0, 0, 0, 0]


def damaged_copies(blob: bytes) -> dict[str, bytes]:
    head_length = struct.unpack_from("<I", blob, len(font_tables.MAGIC))[0]
    start = len(font_tables.MAGIC) + 4
    header = json.loads(blob[start:start + head_length])
    body = blob[start + head_length:]

    def with_header(change: dict[str, Any]) -> bytes:
        new = json.dumps({**header, **change}).encode()
        return font_tables.MAGIC + struct.pack("<I", len(new)) + new + body

    count = header["characters"]
    forged_glyphs = body[:4 * count] + struct.pack("<I", 65_000) * count  # beyond the font's glyphs
    table = header["fields"]["table"]
    moved = json.loads(json.dumps(table, separators=(",", ":")).replace('"offset":{"num":', '"offset":{"num":1'))
    assert moved != table
    return {
        "empty": b"",
        "truncated": blob[: len(blob) // 2],
        "one byte more": blob + b"\0",
        "other magic": b"X" + blob[1:],
        "header not JSON": font_tables.MAGIC + struct.pack("<I", 5) + b"{{{{{" + body,
        "header longer than the file": blob[: len(font_tables.MAGIC)] + struct.pack("<I", 10**9) + blob[start:],
        "other reportlab": with_header({"reportlab": "0.1"}),
        "other format": with_header({"format": 99}),
        "a pickle-like field": with_header({"fields": {**header["fields"], "ascent": {"object": "os.system"}}}),
        "glyphs beyond the font": font_tables.MAGIC + struct.pack("<I", head_length) + blob[start:start + head_length]
        + forged_glyphs,
        "moved tables": with_header({"fields": {**header["fields"], "table": moved}}),
    }


@pytest.mark.parametrize("damage", [
    "empty", "truncated", "one byte more", "other magic", "header not JSON", "header longer than the file",
    "other reportlab", "other format", "a pickle-like field", "glyphs beyond the font", "moved tables"])
def test_a_damaged_or_forged_cache_is_ignored_and_written_again(damage: str) -> None:
    path = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    ours(path)
    cache = font_tables.cache_path(digest, 0)
    good = cache.read_bytes()
    cache.write_bytes(damaged_copies(good)[damage])
    face = ours(path).face
    reference = parsed(path)
    assert face.charToGlyph == reference.charToGlyph and typed(face.charWidths) == typed(reference.charWidths)
    codes = sample_codes(reference, 300, 7)
    assert face.makeSubset(codes) == reference.makeSubset(codes)
    assert cache.read_bytes() == good  # rewritten from the fresh parse


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(font_store.CACHE_DIR_ENV, str(blocker / "cache"))
    path = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    face = ours(path).face
    assert face.charToGlyph == parsed(path).charToGlyph


def test_a_packed_font_is_unpacked_once_and_read_from_the_copy(tmp_path: Path, own_cache: Path) -> None:
    original = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / (original.name + ".gz")).write_bytes(gzip.compress(original.read_bytes(), mtime=0))
    found = font_store.font_file(shipped / original.name)
    assert found is not None
    copy, digest = found
    assert copy.parent == own_cache / "fonts" and copy.read_bytes() == original.read_bytes()
    assert digest == font_store.fingerprint(original)
    stamp = copy.stat().st_mtime_ns
    assert font_store.font_file(shipped / original.name) == found and copy.stat().st_mtime_ns == stamp  # reused


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "replaced by a folder"])
def test_a_damaged_unpacked_copy_is_unpacked_again(tmp_path: Path, damage: str) -> None:
    original = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    (tmp_path / (original.name + ".gz")).write_bytes(gzip.compress(original.read_bytes(), mtime=0))
    found = font_store.font_file(tmp_path / original.name)
    assert found is not None
    copy = found[0]
    if damage == "truncated":
        copy.write_bytes(original.read_bytes()[:1000])
    elif damage == "one byte changed":
        data = bytearray(original.read_bytes())
        data[len(data) // 2] ^= 0xFF
        copy.write_bytes(bytes(data))
    else:
        copy.unlink()
        copy.mkdir()
    again = font_store.font_file(tmp_path / original.name)
    if damage == "replaced by a folder":
        assert again is None  # cannot be replaced: the font is read into memory instead
    else:
        assert again is not None and again[0].read_bytes() == original.read_bytes()


def test_a_packed_bundled_font_prints_the_same_from_memory_when_nothing_can_be_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    (tmp_path / (original.name + ".gz")).write_bytes(gzip.compress(original.read_bytes(), mtime=0))
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv(font_store.CACHE_DIR_ENV, str(blocker / "cache"))
    assert font_store.font_file(tmp_path / original.name) is None
    assert font_store.bundled_font(tmp_path / original.name) is None
    from export import font_files

    data, digest = font_files._bundled_data(tmp_path / original.name)  # what load_font falls back to
    assert isinstance(data, bytes) and data == original.read_bytes()
    font = font_tables.make_font("nb-test-memory", data, digest, 0, str(tmp_path / original.name))
    reference = parsed(original)  # (not load_font: it would register a second face of the bundled name)
    codes = sample_codes(reference, 300, 3)
    assert font.face.makeSubset(codes) == reference.makeSubset(codes)


def packed_with_xz(tmp_path: Path, original: Path, manifest: bool = True) -> Path:
    """`original` as the build ships it: NAME.ttf.xz and its entry in packed-fonts.json (build.spec)."""
    import lzma
    import zlib

    data = original.read_bytes()
    (tmp_path / (original.name + ".xz")).write_bytes(lzma.compress(data, preset=1))
    if manifest:
        entry = {original.name: {"size": len(data), "crc32": zlib.crc32(data)}}
        (tmp_path / font_store.MANIFEST).write_text(json.dumps(entry), encoding="utf-8")
    return tmp_path / original.name


def test_an_xz_packed_font_is_unpacked_once_checked_against_the_manifest(tmp_path: Path, own_cache: Path) -> None:
    original = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    path = packed_with_xz(tmp_path, original)
    found = font_store.font_file(path)
    assert found is not None and found[0].parent == own_cache / "fonts"
    assert found[0].read_bytes() == original.read_bytes()
    found[0].write_bytes(original.read_bytes()[:-1] + b"\0")  # damaged: unpacked again
    again = font_store.font_file(path)
    assert again is not None and again[0].read_bytes() == original.read_bytes()


def test_an_xz_packed_font_without_its_manifest_entry_is_read_into_memory(tmp_path: Path) -> None:
    from export import font_files

    original = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    path = packed_with_xz(tmp_path, original, manifest=False)
    assert font_store.font_file(path) is None  # nothing says what the copy must hold: never trusted
    data, _digest = font_files._bundled_data(path)
    assert data == original.read_bytes()
    (tmp_path / font_store.MANIFEST).write_text("{not json", encoding="utf-8")
    assert font_store.font_file(path) is None


def test_the_build_packs_each_face_with_its_size_and_crc(tmp_path: Path) -> None:
    import lzma
    import zlib

    from tests.test_build_spec import load_spec_helpers

    spec = load_spec_helpers(tmp_path)
    original = bundled_fonts_dir() / "NotoSansSC-Regular-GB2312.ttf"
    packed, entry = spec.pack_font(original, tmp_path)
    data = original.read_bytes()
    assert packed.name == original.name + ".xz" and lzma.decompress(packed.read_bytes()) == data
    assert entry == {"size": len(data), "crc32": zlib.crc32(data)}
