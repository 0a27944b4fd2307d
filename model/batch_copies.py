"""Text copied between the reports of a batch: the narrative sections largely repeated in another report.

The measure is XY-REPEAT's (model/crossyear.py): paragraphs normalised (sub-headings left out, numbers
one "#"), a character repeated when it lies in a run of REPEAT_RUN characters that also occurs in the
other section, the share taken of the shorter section's characters. Sections shorter than
REPEAT_MIN_CHARS never pair, as XY-REPEAT leaves them alone: a one-line 六 is the same everywhere.

All pairs of 500 reports are 125 000 comparisons; instead every section's shingles (runs of REPEAT_RUN
characters, hashed) go into one index built once; one pass over each section's shingles then counts,
for every other section holding one of them, the characters they cover, and only a pair that could
reach the threshold is measured exactly. A shingle in very many sections (boilerplate such as
「根据《中华人民共和国政府信息公开条例》」) is not followed section by section — that would be all pairs
again — but bounded: the characters it covers are added to every pair's count.

Memory (5,000 reports hold some five million shingles, nearly all of them in one section only): a first
pass marks each section's shingles in a bitmap (at most SEEN_BITS bits) and keeps those seen before in a set;
only these are indexed. A collision in the bitmap may index a shingle held once (dropped again before
the candidates), never leave out a shared one. Each section keeps its shingles as one array of
machine integers, not the normalised texts.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from model.batch_types import CopyPair
from model.crossyear import REPEAT_MIN_CHARS, REPEAT_RUN, normalised_paragraph, repetition, section_grams

#: A shingle found in more sections than this is boilerplate: bounded per section, not counted per pair
#: (a posting of 32 is 496 pairs; one of 500 would be 124 750).
COMMON_POSTINGS = 32
#: At most this many bits in the first pass's bitmap (32 MB): 5,000 reports' five million shingles collide
#: for about one in fifty.
SEEN_BITS = 1 << 28

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass
class _Section:
    file: str
    section: str
    paragraphs: list[str]
    #: `_windows` of the measured paragraphs, computed once (8 bytes a position, no objects).
    windows: Sequence[int]
    #: Characters as measured.
    length: int


def _windows(texts: tuple[str, ...]) -> list[int]:
    """The hash of the shingle starting at every measured position, paragraph after paragraph (no
    shingle crosses a paragraph; the positions of a paragraph's last REPEAT_RUN − 1 characters hold -1,
    which `hash` never returns)."""
    # Hashes, not the strings: the index holds them for every section at once. A collision can only
    # make a pair a candidate, never hide one: the share is measured on the text.
    windows: list[int] = []
    for text in texts:
        windows += [hash(text[i:i + REPEAT_RUN]) for i in range(len(text) - REPEAT_RUN + 1)]
        windows += [-1] * min(len(text), REPEAT_RUN - 1)
    return windows


def check_threshold(threshold: float) -> None:
    """ValueError (Chinese) unless 0 ≤ `threshold` < 1: said before a batch reads anything."""
    if not 0 <= threshold < 1:
        raise ValueError(f"相同文字比例的阈值应在 0 与 1 之间（不含 1），实为 {threshold}")


def find_copies(sections: Iterable[tuple[str, str, list[str]]], threshold: float = 0.5) -> list[CopyPair]:
    """The pairs of sections of different files with the same id whose shorter one repeats the other
    above `threshold` (0–1), most repeated first.

    `sections` are (file, section id, paragraphs); each pair is reported once, `a` the file given first."""
    check_threshold(threshold)
    found = _sections(sections)
    repeated_shingles = _repeated_shingles(found)
    #: section id → shingle hash → the indexes into `found` holding it, in input order (shared ones only).
    index: dict[str, defaultdict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, section in enumerate(found):
        postings = index[section.section]
        for shingle in repeated_shingles.intersection(section.windows):
            postings[shingle].append(number)
    del repeated_shingles
    for postings in index.values():  # a collision's shingle, held by one section after all
        for shingle in [shingle for shingle, holders in postings.items() if len(holders) == 1]:
            del postings[shingle]
    candidates: set[tuple[int, int]] = set()
    groups: dict[str, list[int]] = defaultdict(list)
    for number, section in enumerate(found):
        groups[section.section].append(number)
    shared_shingles = {section_id: set(postings) for section_id, postings in index.items()}
    for number, section in enumerate(found):
        candidates |= _candidates(number, found, index[section.section], shared_shingles[section.section],
                                  groups[section.section], threshold)
    pairs = []
    for first, second in sorted(candidates):
        a, b = found[first], found[second]
        shorter, longer = (a, b) if a.length <= b.length else (b, a)
        repeated, total = repetition(shorter.paragraphs, longer.paragraphs)
        share = repeated / total if total else 0.0
        if share > threshold:
            pairs.append(CopyPair(a.file, b.file, a.section, share, shared_passage(a.paragraphs, b.paragraphs)))
    return sorted(pairs, key=lambda p: (-p.share, p.a, p.b, p.section))


def _sections(sections: Iterable[tuple[str, str, list[str]]]) -> list[_Section]:
    """The sections long enough to pair, each (file, section id) once, in input order."""
    found: list[_Section] = []
    seen: set[tuple[str, str]] = set()
    for file, section_id, paragraphs in sections:
        if (file, section_id) in seen:
            continue
        seen.add((file, section_id))
        texts = [normalised_paragraph(p) for p in paragraphs]
        length = sum(map(len, texts))
        if length < REPEAT_MIN_CHARS:
            continue  # empty or a line: never pairs
        found.append(_Section(file, section_id, list(paragraphs), array("q", _windows(tuple(texts))), length))
    return found


def _repeated_shingles(found: list[_Section]) -> set[int]:
    """Every shingle held by more than one section, and a few held by one (bitmap collisions)."""
    # 64 bits a shingle (a collision for one in 64 or fewer), at most SEEN_BITS: a small batch, a small map.
    bits = min(SEEN_BITS, 1 << max(16, (64 * sum(len(section.windows) for section in found)).bit_length()))
    seen = bytearray(bits // 8)
    mask = bits - 1
    repeated: set[int] = set()
    for section in found:
        for shingle in set(section.windows):
            if shingle == -1:
                continue
            bit = shingle & mask
            byte, flag = bit >> 3, 1 << (bit & 7)
            if seen[byte] & flag:
                repeated.add(shingle)
            else:
                seen[byte] |= flag
    return repeated


def _candidates(number: int, found: list[_Section], postings: dict[int, list[int]], shared_shingles: set[int],
                group: list[int], threshold: float) -> set[tuple[int, int]]:
    """The pairs in which section `number` is the shorter and could repeat the other above `threshold`.

    One pass over the section's shingles: the characters covered by the shingles it shares with each
    other section (counted as `repetition` counts them), plus those covered by boilerplate, which is
    shared with nearly everyone and so only bounded — an upper bound of what `repetition` will find."""
    section = found[number]
    shared_at: dict[int, list[int]] = defaultdict(list)  # other section → positions of shared shingles
    common_at = []
    windows = section.windows
    # Most shingles are the section's own: filtered at C speed before looking at who else holds one.
    for position in [i for i, shingle in enumerate(windows) if shingle in shared_shingles]:
        holders = postings[windows[position]]
        if len(holders) > COMMON_POSTINGS:
            common_at.append(position)
        else:
            for other in holders:
                shared_at[other].append(position)
    boilerplate = _covered_at(common_at)
    limit = threshold * section.length

    def is_shorter(other: int) -> bool:
        length = found[other].length
        return found[other].file != section.file and (section.length, number) < (length, other)

    if boilerplate > limit:  # mostly boilerplate: any other section may repeat it
        others: Iterable[int] = (other for other in group if other != number and is_shorter(other))
    else:
        # At most REPEAT_RUN characters a shingle, and at most the span from the first to the last: most
        # pairs are settled without counting exactly.
        others = (other for other, positions in shared_at.items()
                  if other != number and boilerplate + min(len(positions) * REPEAT_RUN,
                                                           positions[-1] - positions[0] + REPEAT_RUN) > limit
                  and is_shorter(other) and _covered_at(positions) + boilerplate > limit)
    return {(min(number, other), max(number, other)) for other in others}


def _covered_at(positions: list[int]) -> int:
    """Characters covered by the shingles at `positions` (ascending), as `repetition` counts them."""
    if not positions:
        return 0
    return REPEAT_RUN + sum(min(REPEAT_RUN, after - before) for before, after in itertools.pairwise(positions))


def shared_passage(this: list[str], other: list[str]) -> str:
    """The longest run of consecutive shingles of `this` that `other` also has, as printed in `this`
    (numbers and spacing as written); "" when they share none."""
    grams = section_grams(tuple(other), REPEAT_RUN)
    best: tuple[int, str, int, int] = (0, "", 0, 0)  # (characters, paragraph, start, end) in measured text
    for paragraph in this:
        text = normalised_paragraph(paragraph)
        start = None
        for i in range(len(text) - REPEAT_RUN + 2):
            inside = i <= len(text) - REPEAT_RUN and text[i:i + REPEAT_RUN] in grams
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                end = i - 1 + REPEAT_RUN
                if end - start > best[0]:
                    best = (end - start, paragraph, start, end)
                start = None
    length, paragraph, start, end = best
    return _as_printed(paragraph, start, end) if length else ""


def _as_printed(paragraph: str, start: int, end: int) -> str:
    """The characters of `paragraph` that measured characters [start, end) come from."""
    origins: list[int] = []  # for each measured character, where it starts in `paragraph`
    measured: list[str] = []
    for position, character in enumerate(paragraph):
        for folded in unicodedata.normalize("NFKC", character):
            if not folded.isspace():
                measured.append(folded)
                origins.append(position)
    text, numbered_origins, ends = "".join(measured), [], []
    pieces, last = [], 0
    for match in _NUMBER.finditer(text):
        for i in range(last, match.start()):
            pieces.append(text[i])
            numbered_origins.append(origins[i])
            ends.append(origins[i] + 1)
        pieces.append("#")
        numbered_origins.append(origins[match.start()])
        ends.append(origins[match.end() - 1] + 1)
        last = match.end()
    for i in range(last, len(text)):
        pieces.append(text[i])
        numbered_origins.append(origins[i])
        ends.append(origins[i] + 1)
    expected = normalised_paragraph(paragraph)
    if "".join(pieces) != expected:  # a character NFKC folds only in context: show the text as measured
        return expected[start:end]
    return paragraph[numbered_origins[start]:ends[end - 1]]
