"""A fuzzer for the fonts of the PDF: corrupt copies of a small real TrueType font, installed and exported.

Each try takes a small base font (Bitstream Vera, shipped with reportlab: as it is, re-laid out with
the cmap early in the file like many font tools write it, with a format-12 cmap, or inside a .ttc
collection), applies one mutation of a family (bytes changed in one table, a table or the file cut
short, a directory entry or a count set to a huge value, cmap ranges or loca entries rewritten,
composite glyphs broken, the collection header changed), installs it as the official body font (and
chooses it for the title), resolves the fonts and, when the font is used, exports the sample report
plus a paragraph of every character the font maps (so that every glyph is subset). It runs in a
forked child with an address space limit and a timeout, which measures its time and its peak memory.
A try must end in "refused" (a Chinese problem naming the file, the bundled fonts used) or "accepted"
(the font used, the PDF written): never a crash, a hang, more than SLOW_SECONDS or more than
MEMORY_LIMIT_MB of memory.

    python -m tests.fuzz_fonts [--tries N] [--minutes M] [--seed S] [--jobs J] [--keep DIR] [--json]
                               [--export-refused]
    python -m tests.fuzz_fonts --one FONT.ttf [--json]     # one font file, in the same child

NIANBAO_FUZZ_TRIES=N sets the default number of tries (tests/test_fuzz_fonts.py uses it). POSIX only:
the children are forked (the parent loads the bundled fonts and the sample once) and limited with
RLIMIT_AS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import signal
import struct
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import reportlab  # noqa: E402

try:
    import resource
except ImportError:  # Windows: the helpers above the runner still serve tests/test_font_vetting.py
    resource = None  # type: ignore[assignment]

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
#: A try that takes longer is a failure ("slow"); one that takes TIMEOUT_SECONDS is killed ("hang").
SLOW_SECONDS = 5.0
TIMEOUT_SECONDS = 30.0
#: Growth of the resident memory of a try beyond which it is a failure ("memory").
MEMORY_LIMIT_MB = 300
#: The address space a child may add: a runaway allocation fails there instead of exhausting the machine.
ADDRESS_SPACE_HEADROOM = 1536 * 1024 * 1024
DEFAULT_TRIES = 36
FAILURES = ("crash", "hang", "slow", "memory", "wrong")


# --- reading and writing sfnt files ---------------------------------------------------------


def directory(data: bytes) -> dict[str, tuple[int, int, int]]:
    """{tag: (position of its directory entry, offset, length)} of the (first) font of a file."""
    start = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    (count,) = struct.unpack_from(">H", data, start + 4)
    entries = {}
    for i in range(count):
        at = start + 12 + 16 * i
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, at)
        entries[tag.decode("latin-1")] = (at, offset, length)
    return entries


def tables_of(data: bytes) -> dict[str, bytes]:
    return {tag: data[offset: offset + length] for tag, (_at, offset, length) in directory(data).items()}


def build_font(tables: dict[str, bytes]) -> bytes:
    """A font file of these tables, laid out in tag order (reportlab's subset writer)."""
    from reportlab.pdfbase.ttfonts import TTFontMaker

    maker = TTFontMaker()
    for tag, data in tables.items():
        maker.add(tag, data)
    return maker.makeStream()


def collection_of(font: bytes) -> bytes:
    """A one-font .ttc wrapping `font` (offsets in a collection count from the start of the file)."""
    (count,) = struct.unpack_from(">H", font, 4)
    sfnt = bytearray(font)
    for i in range(count):
        at = 12 + 16 * i + 8
        sfnt[at: at + 4] = struct.pack(">I", struct.unpack_from(">I", sfnt, at)[0] + 16)
    return b"ttcf" + struct.pack(">HHII", 1, 0, 1, 16) + bytes(sfnt)


def character_map(font: bytes) -> dict[int, int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return dict(TTFontFile(_named(font, "base.ttf")).charToGlyph)


def format12_cmap(mapping: dict[int, int]) -> bytes:
    """A cmap with one (3, 10) format-12 subtable: runs of consecutive characters and glyphs."""
    groups: list[list[int]] = []
    for code in sorted(mapping):
        glyph = mapping[code]
        if groups and code == groups[-1][1] + 1 and glyph == groups[-1][2] + code - groups[-1][0]:
            groups[-1][1] = code
        else:
            groups.append([code, code, glyph])
    body = b"".join(struct.pack(">III", *group) for group in groups)
    subtable = struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + subtable


def _named(data: bytes, name: str):
    import io

    handle = io.BytesIO(data)
    handle.name = name
    return handle


@dataclass(frozen=True)
class Base:
    name: str
    data: bytes
    file_name: str  # installed under this name: the official font of a role


def base_fonts() -> list[Base]:
    vera = VERA.read_bytes()
    tables = tables_of(vera)
    relaid = build_font(tables)
    with_format12 = build_font({**tables, "cmap": format12_cmap(character_map(vera))})
    return [Base("vera", vera, "simfang.ttf"), Base("vera re-laid", relaid, "simfang.ttf"),
            Base("vera cmap 12", with_format12, "simfang.ttf"),
            Base("vera collection", collection_of(vera), "simsun.ttc")]


# --- mutations -------------------------------------------------------------------------------

Mutation = Callable[[random.Random, bytes], tuple[bytes, str]]
_FLIPPED_TABLES = ("cmap", "glyf", "loca", "hmtx", "hhea", "maxp", "head", "name", "post", "OS/2")
_HUGE = (0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF)
_HUGE32 = (0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFF0, 0xFFFFFFFF, 0x0010FFFF, 0x00110000)


def _value(rng: random.Random, old: int, size: int) -> int:
    """A new value for a field of `size` bytes: an extreme one, a neighbour of the old one, or any."""
    top = (1 << (8 * size)) - 1
    choice = rng.random()
    if choice < 0.45:
        new = rng.choice(_HUGE if size == 2 else _HUGE32) & top
    elif choice < 0.7:
        new = (old + rng.choice((-2, -1, 1, 2, 64, -64))) & top
    else:
        new = rng.randrange(top + 1)
    return new if new != old else old ^ 1


def _put(data: bytearray, at: int, size: int, value: int) -> None:
    data[at: at + size] = value.to_bytes(size, "big")


def flip(tag: str) -> Mutation:
    def mutate(rng: random.Random, font: bytes) -> tuple[bytes, str]:
        _at, offset, length = directory(font)[tag]
        data = bytearray(font)
        changed = []
        for _ in range(rng.choice((1, 1, 2, 3, 3, 4, 8))):
            at = offset + rng.randrange(length)
            data[at] ^= rng.randrange(1, 256)
            changed.append(at - offset)
        return bytes(data), f"bytes {sorted(changed)} of {tag}"
    return mutate


def truncate_table(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    tag = rng.choice(_FLIPPED_TABLES)
    at, _offset, length = directory(font)[tag]
    data = bytearray(font)
    new = rng.randrange(length)
    _put(data, at + 12, 4, new)
    return bytes(data), f"{tag} length {length} → {new}"


def truncate_file(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    end = rng.randrange(12, len(font))
    return font[:end], f"cut at {end} of {len(font)}"


def huge_directory(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    tag = rng.choice(sorted(directory(font)))
    at, offset, length = directory(font)[tag]
    data = bytearray(font)
    field_at, old = rng.choice(((at + 8, offset), (at + 12, length)))
    new = rng.choice((_value(rng, old, 4), len(font) - rng.randrange(1, 8), len(font) + rng.randrange(64)))
    new = new & 0xFFFFFFFF if new != old else old ^ 1
    _put(data, field_at, 4, new)
    return bytes(data), f"{tag} {'offset' if field_at == at + 8 else 'length'} {old} → {new}"


def _cmap_subtable(font: bytes) -> int:
    """The position in the file of the subtable reportlab maps characters with (the last Windows one)."""
    _at, cmap, _length = directory(font)["cmap"]
    (count,) = struct.unpack_from(">H", font, cmap + 2)
    chosen = None
    for i in range(count):
        platform, _encoding, offset = struct.unpack_from(">HHI", font, cmap + 4 + 8 * i)
        if platform == 3 or chosen is None:
            chosen = offset
    return cmap + (chosen or 0)


def _count_fields(font: bytes) -> list[tuple[str, int, int]]:
    """(name, position, size) of the counts, offsets and selectors reportlab sizes things by."""
    entries = directory(font)
    start = struct.unpack_from(">I", font, 12)[0] if font[:4] == b"ttcf" else 0

    def at(tag: str, delta: int) -> int:
        return entries[tag][1] + delta

    fields = [("numTables", start + 4, 2), ("maxp.numGlyphs", at("maxp", 4), 2),
              ("hhea.numberOfHMetrics", at("hhea", 34), 2), ("head.unitsPerEm", at("head", 18), 2),
              ("head.indexToLocFormat", at("head", 50), 2), ("cmap.numTables", at("cmap", 2), 2),
              ("cmap.subtable offset", at("cmap", 8), 4), ("name.count", at("name", 2), 2),
              ("name.stringOffset", at("name", 4), 2), ("post.version", at("post", 0), 2),
              ("OS/2.version", at("OS/2", 0), 2)]
    sub = _cmap_subtable(font)
    if struct.unpack_from(">H", font, sub)[0] == 4:
        fields += [("cmap 4 length", sub + 2, 2), ("cmap 4 segCountX2", sub + 6, 2)]
    else:
        fields += [("cmap 12 length", sub + 4, 4), ("cmap 12 nGroups", sub + 12, 4)]
    return fields


def huge_count(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    name, at, size = rng.choice(_count_fields(font))
    data = bytearray(font)
    old = int.from_bytes(font[at: at + size], "big")
    new = _value(rng, old, size)
    _put(data, at, size, new)
    return bytes(data), f"{name} {old} → {new}"


def cmap_ranges(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    """A few fields of the character ranges rewritten: the "three bytes in the cmap" of issue 12."""
    sub = _cmap_subtable(font)
    data = bytearray(font)
    changed = []
    if struct.unpack_from(">H", font, sub)[0] == 4:
        segments = struct.unpack_from(">H", font, sub + 6)[0] // 2
        arrays = {"endCount": sub + 14, "startCount": sub + 16 + 2 * segments,
                  "idDelta": sub + 16 + 4 * segments, "idRangeOffset": sub + 16 + 6 * segments}
        for _ in range(rng.randrange(1, 4)):
            array = rng.choice(sorted(arrays))
            n = rng.randrange(segments)
            at = arrays[array] + 2 * n
            new = _value(rng, struct.unpack_from(">H", font, at)[0], 2)
            _put(data, at, 2, new)
            changed.append(f"{array}[{n}]={new}")
    else:
        groups = struct.unpack_from(">I", font, sub + 12)[0]
        for _ in range(rng.randrange(1, 4)):
            n, part = rng.randrange(groups), rng.randrange(3)
            at = sub + 16 + 12 * n + 4 * part
            new = _value(rng, struct.unpack_from(">I", font, at)[0], 4)
            _put(data, at, 4, new)
            changed.append(f"{('start', 'end', 'glyph')[part]}[{n}]={new}")
    return bytes(data), ", ".join(changed)


def loca_entries(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    entries = directory(font)
    _at, loca, length = entries["loca"]
    long_offsets = struct.unpack_from(">h", font, entries["head"][1] + 50)[0] == 1
    size = 4 if long_offsets else 2
    data = bytearray(font)
    changed = []
    for _ in range(rng.randrange(1, 4)):
        n = rng.randrange(length // size)
        new = _value(rng, int.from_bytes(font[loca + size * n: loca + size * n + size], "big"), size)
        _put(data, loca + size * n, size, new)
        changed.append(f"[{n}]={new}")
    return bytes(data), "loca " + ", ".join(changed)


def composite_glyphs(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    """A glyph made composite, or a component's glyph index or flags rewritten."""
    entries = directory(font)
    _at, loca, _length = entries["loca"]
    glyf = entries["glyf"][1]
    long_offsets = struct.unpack_from(">h", font, entries["head"][1] + 50)[0] == 1
    num_glyphs = struct.unpack_from(">H", font, entries["maxp"][1] + 4)[0]
    fmt = ">I" if long_offsets else ">H"
    scale = 1 if long_offsets else 2

    def glyph_at(n: int) -> tuple[int, int]:
        size = struct.calcsize(fmt)
        start = struct.unpack_from(fmt, font, loca + size * n)[0] * scale
        end = struct.unpack_from(fmt, font, loca + size * (n + 1))[0] * scale
        return glyf + start, end - start

    outlines = [n for n in range(num_glyphs) if glyph_at(n)[1] >= 16]
    composites = [n for n in outlines if struct.unpack_from(">h", font, glyph_at(n)[0])[0] < 0]
    data = bytearray(font)
    if not composites or rng.random() < 0.4:
        n = rng.choice([n for n in outlines if n not in composites])
        _put(data, glyph_at(n)[0], 2, 0xFFFF)  # numberOfContours -1: the outline is read as components
        return bytes(data), f"glyph {n} made composite"
    n = rng.choice(composites)
    at = glyph_at(n)[0]
    if rng.random() < 0.5:
        new = _value(rng, struct.unpack_from(">H", font, at + 12)[0], 2)
        _put(data, at + 12, 2, new)
        return bytes(data), f"glyph {n} first component → {new}"
    new = _value(rng, struct.unpack_from(">H", font, at + 10)[0], 2)
    _put(data, at + 10, 2, new)
    return bytes(data), f"glyph {n} first component flags → {new:#06x}"


def collection_header(rng: random.Random, font: bytes) -> tuple[bytes, str]:
    data = bytearray(font)
    name, at, size = rng.choice((("version", 4, 4), ("numFonts", 8, 4), ("offset[0]", 12, 4)))
    old = int.from_bytes(font[at: at + size], "big")
    new = _value(rng, old, size)
    _put(data, at, size, new)
    return bytes(data), f"ttc {name} {old} → {new}"


#: family → (mutation, names of the base fonts it applies to; empty: any).
FAMILIES: dict[str, tuple[Mutation, tuple[str, ...]]] = {
    **{f"flip {tag}": (flip(tag), ()) for tag in _FLIPPED_TABLES},
    "truncate table": (truncate_table, ()),
    "truncate file": (truncate_file, ()),
    "huge directory entry": (huge_directory, ()),
    "huge count": (huge_count, ()),
    "cmap ranges": (cmap_ranges, ()),
    "loca entries": (loca_entries, ()),
    "composite glyphs": (composite_glyphs, ()),
    "collection header": (collection_header, ("vera collection",)),
}


@dataclass(frozen=True)
class Mutant:
    index: int
    family: str
    base: Base
    data: bytes
    detail: str


def mutant(index: int, seed: int, bases: list[Base]) -> Mutant:
    """Try `index` of run `seed`: the families in turn, everything else drawn from (seed, index)."""
    rng = random.Random(f"{seed}:{index}")
    family = list(FAMILIES)[index % len(FAMILIES)]
    mutate, allowed = FAMILIES[family]
    base = rng.choice([b for b in bases if not allowed or b.name in allowed])
    data, detail = mutate(rng, base.data)
    return Mutant(index, family, base, data, f"{base.name}: {detail}")


# --- one try, in a child ---------------------------------------------------------------------


def _status_mb(key: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> float:
    """Forget the peak resident size inherited from the parent; the resident size now, in MB."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass
    resident = _status_mb("VmRSS")
    return resident if resident is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb() -> float:
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _limit_address_space() -> None:
    size = _status_mb("VmSize")
    if size is None:
        return
    limit = int(size * 1024 * 1024) + ADDRESS_SPACE_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def export_with(font: bytes, file_name: str, folder: Path, report, export_refused: bool = False) -> dict:
    """Install `font` as `file_name` in `folder`, choose it for the title too, resolve and export. A
    refused font takes no part in the export, which is then the bundled fonts' (tests/test_pdf.py):
    it is made only if `export_refused`."""
    from export.fonts import FontRole, resolve_fonts
    from export.pdf import render_pdf

    path = folder / file_name
    path.write_bytes(font)
    fonts = resolve_fonts({FontRole.TITLE: path}, search_dirs=[folder])
    used = sorted(role.value for role, choice in fonts.choices.items() if choice.path == path)
    result = {"outcome": "accepted" if used else "refused", "roles": used, "problems": list(fonts.problems)}
    wrong = [p for p in fonts.problems if file_name not in p or not any("\u4e00" <= c <= "\u9fff" for c in p)]
    if wrong or (not used and not fonts.problems) or (used and fonts.problems):
        result.update(outcome="wrong", detail=f"problems {fonts.problems!r}, roles {used}")
    if used or export_refused:
        pdf = render_pdf(report, fonts)
        if not pdf.startswith(b"%PDF"):
            result.update(outcome="wrong", detail="the export is not a PDF")
    return result


def _child(work: Callable[[], dict], write_end: int) -> None:
    """In the forked child: run `work` limited and measured, write a JSON line, exit."""
    code = 3  # the parent reports a child that wrote nothing as a crash
    try:
        _limit_address_space()
        resident = _reset_peak()
        started = time.perf_counter()
        failure: tuple[str, str] | None = None
        try:
            result = work()
        except MemoryError:  # nothing may be allocated here: the failed frames still hold the memory
            failure = ("MemoryError", "")
        except BaseException as error:  # everything that escapes is what the fuzzer looks for
            failure = (f"{type(error).__name__}: {error}"[:400], traceback.format_exc(limit=-6)[-2000:])
        if failure is not None:
            result = {"outcome": "crash", "detail": failure[0], "traceback": failure[1]}
        result["seconds"] = time.perf_counter() - started
        result["peak_mb"] = max(0.0, _peak_mb() - resident)
        os.write(write_end, json.dumps(result, ensure_ascii=False).encode())
        code = 0
    finally:
        os._exit(code)


@dataclass
class _Running:
    pid: int
    read_end: int
    started: float
    mutant: Mutant | None
    chunks: list[bytes] = field(default_factory=list)


def _finish(running: _Running, killed: bool) -> dict:
    _pid, status = os.waitpid(running.pid, 0)
    os.close(running.read_end)
    if killed:
        return {"outcome": "hang", "seconds": time.monotonic() - running.started, "peak_mb": 0.0}
    try:
        result = json.loads(b"".join(running.chunks).decode())
    except ValueError:
        signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        return {"outcome": "crash", "detail": f"the child died (status {status}, signal {signal_number})",
                "seconds": time.monotonic() - running.started, "peak_mb": 0.0}
    if result["outcome"] in ("accepted", "refused"):
        if result["peak_mb"] > MEMORY_LIMIT_MB:
            result["outcome"] = "memory"
        elif result["seconds"] > SLOW_SECONDS:
            result["outcome"] = "slow"
    return result


def _start(work: Callable[[], dict], mutant: Mutant | None) -> _Running:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    return _Running(pid, read_end, time.monotonic(), mutant)


def run_children(jobs: Iterable[tuple[Callable[[], dict], Mutant | None]], parallel: int,
                 on_result: Callable[[Mutant | None, dict], None], deadline: float | None = None) -> None:
    """Run each job in its own forked child, `parallel` at a time, until done or past `deadline`."""
    pending = iter(jobs)
    running: dict[int, _Running] = {}
    exhausted = False
    while True:
        while not exhausted and len(running) < parallel and (deadline is None or time.monotonic() < deadline):
            job = next(pending, None)
            if job is None:
                exhausted = True
                break
            started = _start(*job)
            running[started.read_end] = started
        if not running:
            break
        ready, _, _ = select.select(list(running), [], [], 0.2)
        for read_end in ready:
            chunk = os.read(read_end, 65536)
            job = running[read_end]
            if chunk:
                job.chunks.append(chunk)
                continue
            del running[read_end]
            on_result(job.mutant, _finish(job, killed=False))
        for read_end, job in list(running.items()):
            if time.monotonic() - job.started > TIMEOUT_SECONDS:
                os.kill(job.pid, signal.SIGKILL)
                del running[read_end]
                on_result(job.mutant, _finish(job, killed=True))


# --- the run and its report ------------------------------------------------------------------


@dataclass
class FamilyStats:
    tries: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    worst_seconds: float = 0.0
    worst_mb: float = 0.0

    def add(self, result: dict) -> None:
        self.tries += 1
        self.outcomes[result["outcome"]] = self.outcomes.get(result["outcome"], 0) + 1
        self.worst_seconds = max(self.worst_seconds, result.get("seconds", 0.0))
        self.worst_mb = max(self.worst_mb, result.get("peak_mb", 0.0))


@dataclass
class FuzzReport:
    seed: int
    families: dict[str, FamilyStats] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def tries(self) -> int:
        return sum(s.tries for s in self.families.values())

    def count(self, outcome: str) -> int:
        return sum(s.outcomes.get(outcome, 0) for s in self.families.values())

    def as_json(self) -> dict:
        return {"seed": self.seed, "tries": self.tries, "seconds": self.seconds, "failures": self.failures,
                "families": {name: {"tries": s.tries, "outcomes": s.outcomes, "worst_seconds": s.worst_seconds,
                                    "worst_mb": s.worst_mb} for name, s in self.families.items()}}

    def table(self) -> str:
        head = f"{'family':<22}{'tries':>7}{'refused':>9}{'accepted':>10}{'crash':>7}{'hang':>6}{'slow':>6}" \
               f"{'memory':>8}{'wrong':>7}{'worst s':>9}{'worst MB':>10}"
        rows = [head, "-" * len(head)]
        total = FamilyStats()
        for name, s in self.families.items():
            rows.append(self._row(name, s))
            total.tries += s.tries
            for outcome, n in s.outcomes.items():
                total.outcomes[outcome] = total.outcomes.get(outcome, 0) + n
            total.worst_seconds = max(total.worst_seconds, s.worst_seconds)
            total.worst_mb = max(total.worst_mb, s.worst_mb)
        rows += ["-" * len(head), self._row("all", total),
                 f"seed {self.seed}, {self.seconds:.0f} s; limits: {SLOW_SECONDS:.0f} s, {MEMORY_LIMIT_MB} MB"]
        return "\n".join(rows)

    @staticmethod
    def _row(name: str, s: FamilyStats) -> str:
        o = s.outcomes
        return (f"{name:<22}{s.tries:>7}{o.get('refused', 0):>9}{o.get('accepted', 0):>10}{o.get('crash', 0):>7}"
                f"{o.get('hang', 0):>6}{o.get('slow', 0):>6}{o.get('memory', 0):>8}{o.get('wrong', 0):>7}"
                f"{s.worst_seconds:>9.2f}{s.worst_mb:>10.1f}")


def _prepare():
    """Load once in the parent what every child uses: the bundled fonts, every module an export
    imports (a child imports nothing: the working tree may change during a long run), the report."""
    from export.fonts import bundled_fonts
    from export.pdf import render_pdf
    from model import projectfile
    from model.resources import sample_path

    fonts = bundled_fonts()
    for choice in (*fonts.choices.values(), *fonts.fallbacks):
        choice.font  # noqa: B018 - loading it in the parent is the point
    report = projectfile.load(sample_path())
    render_pdf(report, fonts)
    every_character = "".join(chr(c) for c in sorted(character_map(VERA.read_bytes())) if chr(c).isprintable())
    report.section("s1").paragraphs.append(every_character)
    return report


def fuzz(tries: int, seed: int = 12, parallel: int = 1, minutes: float | None = None,
         keep: Path | None = None, export_refused: bool = False) -> FuzzReport:
    report_model = _prepare()
    bases = base_fonts()
    fuzz_report = FuzzReport(seed, {name: FamilyStats() for name in FAMILIES})
    started = time.monotonic()
    deadline = started + 60 * minutes if minutes else None
    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-") as work:
        def job(m: Mutant) -> tuple[Callable[[], dict], Mutant]:
            folder = Path(work) / f"try-{m.index}"
            return (lambda: export_with(m.data, m.base.file_name, _fresh(folder), report_model, export_refused)), m

        def on_result(m: Mutant | None, result: dict) -> None:
            assert m is not None
            fuzz_report.families[m.family].add(result)
            if result["outcome"] in FAILURES:
                failure = {"try": m.index, "family": m.family, "mutation": m.detail, **result}
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    failure["file"] = str(keep / f"{seed}-{m.index}-{m.base.file_name}")
                    Path(failure["file"]).write_bytes(m.data)
                fuzz_report.failures.append(failure)
            if fuzz_report.tries % 500 == 0:  # a long run says how far it is
                print(f"{fuzz_report.tries} tries, {len(fuzz_report.failures)} failures, "
                      f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)

        count = tries if deadline is None else max(tries, 10**9)
        run_children((job(mutant(i, seed, bases)) for i in range(count)), parallel, on_result, deadline)
    fuzz_report.seconds = time.monotonic() - started
    return fuzz_report


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def try_one(path: Path) -> dict:
    """One font file through the same child as the fuzzer's tries (installed under its own name)."""
    report_model = _prepare()
    font = path.read_bytes()
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-") as work:
        run_children([(lambda: export_with(font, path.name, Path(work), report_model), None)], 1,
                     lambda _m, result: results.append(result))
    return results[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=int(os.environ.get("NIANBAO_FUZZ_TRIES", DEFAULT_TRIES)))
    parser.add_argument("--minutes", type=float, help="go on until then (at least --tries)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--keep", type=Path, help="save the fonts of failed tries here")
    parser.add_argument("--one", type=Path, help="try this font file only")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--export-refused", action="store_true", help="export when the font is refused too")
    args = parser.parse_args(argv)
    if args.one is not None:
        result = try_one(args.one)
        print(json.dumps(result, ensure_ascii=False) if args.json else result)
        return 1 if result["outcome"] in FAILURES else 0
    outcome = fuzz(args.tries, args.seed, args.jobs, args.minutes, args.keep, args.export_refused)
    if args.json:
        print(json.dumps(outcome.as_json(), ensure_ascii=False))
    else:
        print(outcome.table())
        for failure in outcome.failures[:20]:
            print(f"{failure['outcome']}: try {failure['try']} ({failure['family']}; {failure['mutation']}): "
                  f"{failure.get('detail', '')}")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
