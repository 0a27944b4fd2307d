"""The characters of a PDF page as lines: characters clustered by height, sorted left to right, with
the wide gaps inside a line kept as separate segments (the columns of a table drawn without ruling
lines). Used for the text between tables and for the text inside a table's cell."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

#: A gap wider than this many character heights splits a line into segments (table columns).
WIDE_GAP = 2.0
#: A gap wider than this between two Latin characters is a space between words.
WORD_GAP = 0.2
#: The same character drawn again less than this many character heights to the right is a fake bold.
OVERPRINT = 0.12
#: Closing punctuation a line may not start with: it goes with the character before it.
CLOSING = "，。、；：？！）》”’」』】〕…—,.;:?!)]"
OPENING = "（《“‘「『【〔(["
#: After these a Latin line break adds no space (a web address or an e-mail wrapped).
NO_SPACE_AFTER = "/-_.@:=&?#"
#: Where an address may be broken before a character (the line breaking of export/cjk_justify.py).
NO_SPACE_BEFORE = ".@?&=-_#"
_LATIN = "".join(map(chr, range(0x21, 0x7F)))  # printable ASCII but the space
#: A web or e-mail address: "http://…", "www.…", "name@host.cn", "host.gov.cn/path".
_ADDRESS = re.compile(r"://|^www\.|^[\w.+-]+@[\w-]|^[\w-]+(?:\.[\w-]+)+/", re.ASCII)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|hei|黑", re.IGNORECASE)

Char = dict[str, Any]


@dataclass(frozen=True)
class Segment:
    x0: float
    x1: float
    text: str


@dataclass(frozen=True)
class Line:
    """One line of text on a page, as drawn."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    #: The size and font most of its characters have (the font without its subset prefix "ABCDEF+").
    size: float
    font: str
    segments: tuple[Segment, ...]
    #: The width of what the line starts with that cannot be broken (a Latin word, a number, a web
    #: address; a Chinese character with the punctuation after it): where the line before ended short
    #: and this did not fit after it, the line break was forced, not the end of a paragraph.
    lead: float = 0.0

    @property
    def text(self) -> str:
        text = self.segments[0].text
        for segment in self.segments[1:]:
            text = join_words(text, segment.text)
        return text

    @property
    def bold(self) -> bool:
        return bool(_BOLD.search(self.font))


def is_cjk(character: str) -> bool:
    """Chinese characters and full-width punctuation: text in which a line break adds no space."""
    code = ord(character)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x3000 <= code <= 0x303F or 0x2000 <= code <= 0x206F)


def join_words(before: str, after: str) -> str:
    """Two pieces of one text joined where a line (or a wide gap) broke it: a space only between Latin
    words — not inside a web or e-mail address broken before its "." "@" "?" … (as our PDF breaks them)."""
    if not before or not after:
        return before + after
    if is_cjk(before[-1]) or is_cjk(after[0]) or before[-1] in NO_SPACE_AFTER:
        return before + after
    if after[0] in NO_SPACE_BEFORE:
        tail = before[len(before.rstrip(_LATIN)):]  # the Latin run the line ended with
        if _ADDRESS.search(tail + after.split(" ", 1)[0]):
            return before + after
    return f"{before} {after}"


def font_name(char: Char) -> str:
    name = str(char.get("fontname", ""))
    return name.split("+", 1)[1] if "+" in name[:8] else name


def group_lines(chars: list[Char], page: int) -> list[Line]:
    """The characters as lines, top to bottom (a space character only separates words)."""
    rows: list[list[Char]] = []
    band_top = band_bottom = 0.0
    ordered = sorted((c for c in chars if not c["text"].isspace()), key=lambda c: (c["top"] + c["bottom"]) / 2)
    for char in ordered:
        middle = (char["top"] + char["bottom"]) / 2
        if rows and band_top <= middle <= band_bottom:
            rows[-1].append(char)
            continue
        rows.append([char])
        band_top, band_bottom = char["top"], char["bottom"]
    _add_spaces(rows, [c for c in chars if c["text"].isspace()])
    drawn = {id(c): i for i, c in enumerate(chars)}  # ties of x (a font without widths) in drawing order
    return [_line(sorted(row, key=lambda c: (c["x0"], drawn[id(c)])), page) for row in rows]


def _add_spaces(rows: list[list[Char]], spaces: list[Char]) -> None:
    """Each space character into the line whose band holds its middle (dropped when none does)."""
    if not spaces or not rows:
        return
    bands = [(min(c["top"] for c in row), max(c["bottom"] for c in row)) for row in rows]
    for space in spaces:
        middle = (space["top"] + space["bottom"]) / 2
        for row, (top, bottom) in zip(rows, bands, strict=True):
            if top <= middle <= bottom:
                row.append(space)
                break


def _line(chars: list[Char], page: int) -> Line:
    """A line of the characters sorted left to right."""
    visible = [c for c in chars if not c["text"].isspace()]
    size = Counter(round(float(c["size"]) * 2) / 2 for c in visible).most_common(1)[0][0] or 1.0
    font = Counter(font_name(c) for c in visible).most_common(1)[0][0]
    start = visible[0]["x0"]
    segments: list[Segment] = []
    text: list[str] = []
    previous: Char | None = None
    spaced = False  # a space character drawn since the previous character (its width may be wrong)
    for char in chars:
        if char["text"].isspace():
            spaced = previous is not None
            continue
        if previous is not None:
            if char["text"] == previous["text"] and abs(char["x0"] - previous["x0"]) < size * OVERPRINT:
                continue  # the same character drawn twice (a "bold" made by overprinting)
            gap = char["x0"] - previous["x1"]
            if gap > WIDE_GAP * size:
                segments.append(Segment(start, previous["x1"], "".join(text)))
                text, start = [], char["x0"]
            elif (gap > WORD_GAP * size or spaced) and not (is_cjk(previous["text"][-1]) or is_cjk(char["text"][0])):
                text.append(" ")
        else:
            start = char["x0"]
        text.append(char["text"])
        previous = char
        spaced = False
    assert previous is not None
    segments.append(Segment(start, previous["x1"], "".join(text)))
    return Line(page, visible[0]["x0"], previous["x1"], min(c["top"] for c in visible),
                max(c["bottom"] for c in visible), size, font, tuple(segments), _lead(visible))


def _lead(visible: list[Char]) -> float:
    first = visible[0]
    # Opening punctuation goes with what follows it: "（http://…）" is one unit.
    skip = 0
    while skip + 1 < len(visible) and visible[skip]["text"][0] in OPENING:
        skip += 1
    end = visible[skip]
    latin = not is_cjk(end["text"][0])
    for char in visible[skip + 1:]:
        character = char["text"][0]
        if character in CLOSING or (latin and not is_cjk(character) and char["x0"] - end["x1"] < 0.2 * char["size"]):
            end = char
            continue
        break
    return float(end["x1"] - first["x0"])


def cell_text(chars: list[Char]) -> str:
    """The text of a table cell: its lines joined by "\\n", except where a number was wrapped."""
    text = ""
    for line in group_lines(chars, 0):
        piece = line.text
        if text and text[-1].isdigit() and piece[:1].isdigit():
            text += piece  # a number wrapped in a narrow cell is one number
        else:
            text = f"{text}\n{piece}" if text else piece
    return text
