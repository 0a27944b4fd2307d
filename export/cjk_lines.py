"""Line breaking and justification of Chinese text mixed with Latin words and numbers.

Pure Python and independent of any PDF library: the caller passes a function
that measures a string in a style (a font role, say) and gets back lines of
positioned pieces to draw.

The rules are those of Chinese typesetting (GB/T 9704 and common practice):

* Every CJK character (ideographs of all extensions, compatibility ideographs,
  CJK punctuation, full-width forms, kana, hangul) is its own unit, and a line
  may break between any two units.
* A maximal run of Latin letters, digits and ASCII signs ("38651", "7.82%",
  "0632-3168699", "http://www.zaozhuang.gov.cn/", "spfwj@zz.shandong.cn") is one
  unbreakable unit. Spaces separate Latin words and are break opportunities; the
  spaces at a line break are dropped. A unit wider than a whole line is split
  by character, as a last resort.
* Kinsoku (避头尾): no line starts with closing punctuation (，。、；：！？）》”’ …)
  and no line ends with opening punctuation (（《“‘ …); "……" and "——" are never
  split. The engine pushes characters down to the next line rather than letting
  a line overflow the measure.
* Every line of a paragraph but the last (and but one ending in an explicit
  line break "\\n") is justified: the leftover space is shared evenly among the
  gaps between units — never inside a Latin run — so its last piece ends
  exactly at the measure.

Units may span styles (a word half in bold): a piece never mixes styles, but no
break and no justification gap ever falls between the pieces of one unit.

Breaking takes time linear in the paragraph's length (a project file allows
paragraphs of 200,000 characters, one unbroken run of digits for all we know):
units are built from slices of the spans, and a unit wider than a line is cut
into clusters measured once, from whose widths each line's head is taken.
"""

from __future__ import annotations

import bisect
import itertools
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

__all__ = ["CLOSING", "OPENING", "Line", "Piece", "break_spans"]

S = TypeVar("S")  # the caller's style object (hashable), e.g. a font role

#: Characters that must not start a line (a unit starting with one of them
#: stays on the previous line). Includes the ASCII ,.;:!?)]}% standing alone.
CLOSING = frozenset(
    "，。、；：！？）》”’」』】〕〉〗〙〛］｝｠｡､．"
    "…‥⋯—―·・%％‰℃°′″〞〟々ゝゞー"
    "﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞"
    ",.;:!?)]}"
)
#: Characters that must not end a line (a unit ending with one of them moves
#: to the next line). Currency signs belong with the amount that follows.
OPENING = frozenset("（《“‘「『【〔〈〖〘〚［｛｟〝﹙﹛﹝([{￥＄¥£€")

#: Two of these in a row form one unit ("……", "——"), never split across lines.
_PAIRED = frozenset("…‥⋯—―")
#: Latin-looking characters that Chinese text uses as punctuation of its own:
#: each is a unit by itself, not part of a Latin run.
_CJK_PUNCTUATION = frozenset("“”‘’…‥⋯—―·•※〃")

_HARD, _SPACE, _LATIN, _SINGLE, _EXTEND, _JOINER = range(6)
_HARD_BREAKS = frozenset("\n\u2028\u2029\x85")
#: No-break spaces and the hyphens and dashes used inside numbers and words.
_LATIN_GLUE = frozenset("\u00a0\u2007\u202f\u2010\u2011\u2012\u2013\u00ad")
#: A break opportunity of no width (a caller may insert it inside a long URL):
#: dropped at a line break, and never widened by justification between Latin units.
ZWSP = "\u200b"
_JOINERS = frozenset("\u200d\u2060")  # zero-width joiner, word joiner
_EPSILON = 1e-9
_NO_STYLE = object()


@lru_cache(maxsize=8192)
def _kind(ch: str) -> int:
    """Which kind of unit a character makes (or joins)."""
    if ch in _HARD_BREAKS:
        return _HARD
    if ch in _LATIN_GLUE:
        return _LATIN
    if ch in _JOINERS:
        return _JOINER
    if ch == "\u3000":  # the ideographic space is a CJK character like any other
        return _SINGLE
    if ch.isspace() or ch == ZWSP:
        return _SPACE
    code = ord(ch)
    category = unicodedata.category(ch)
    if (category[0] == "M" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F):
        return _EXTEND  # combining marks, variation selectors, emoji modifiers and tags
    if category == "Cf":
        return _EXTEND  # invisible format characters (directional marks …) go with what precedes them
    if ch in _CJK_PUNCTUATION or _is_cjk(code) or unicodedata.east_asian_width(ch) in ("W", "F"):
        return _SINGLE
    if code < 0x80:
        return _LATIN
    if category in ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl"):
        return _LATIN
    if category == "No" and unicodedata.decomposition(ch).startswith("<super>"):
        return _LATIN  # "m²"
    return _SINGLE


def _is_cjk(code: int) -> bool:
    return (
        0x2E80 <= code <= 0x2FDF  # radicals, Kangxi radicals
        or 0x2FF0 <= code <= 0x303F  # description characters, CJK symbols and punctuation
        or 0x3040 <= code <= 0x9FFF  # kana, bopomofo, strokes, enclosed, Ext A, unified
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE10 <= code <= 0xFE1F  # vertical forms
        or 0xFE30 <= code <= 0xFE6F  # compatibility forms, small form variants
        or 0xFF00 <= code <= 0xFFEF  # half-width and full-width forms
        or 0x20000 <= code <= 0x3FFFD  # Ext B–H, compatibility supplement
    )


@dataclass(frozen=True, slots=True)
class Piece(Generic[S]):
    """One string to draw, at `x` from the line's left edge."""

    text: str  # a CJK character, a punctuation mark, an unbreakable Latin/number run, or spaces
    style: S
    x: float  # offset from the line's left edge, in the caller's units (points)
    width: float  # natural width of text


@dataclass(frozen=True, slots=True)
class Line(Generic[S]):
    pieces: tuple[Piece[S], ...]
    natural_width: float  # sum of piece widths
    justified: bool  # True when pieces were spread to fill the measure

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def end(self) -> float:
        """Where the last piece ends (0.0 for an empty line)."""
        if not self.pieces:
            return 0.0
        last = self.pieces[-1]
        return last.x + last.width


class _Unit(Generic[S]):
    """An unbreakable stretch of text: one or more (text, style, width) fragments."""

    __slots__ = ("_frags", "first", "latin", "measured", "no_end", "no_start", "space", "stretch", "width")

    def __init__(self, frags: list[tuple[str, S, float]] | None, width: float, kind: int, no_start: bool,
                 no_end: bool):
        self._frags = frags
        self.width = width
        self.space = kind == _SPACE
        self.latin = kind == _LATIN
        #: Whether justification may widen this space (not a zero-width break opportunity).
        self.stretch = not self.space or any(f[0].strip(ZWSP) for f in frags or ())
        self.no_start = no_start
        self.no_end = no_end
        #: For a unit wider than a line: its clusters, measured once, from cluster `first` on.
        self.measured: _Measured[S] | None = None
        self.first = 0

    @property
    def frags(self) -> list[tuple[str, S, float]]:
        if self._frags is None:  # the rest of a split run, still to be split: assembled only if drawn
            assert self.measured is not None
            measure = self.measured.measure
            self._frags = [(text, style, measure(text, style)) for text, style in self.measured.fragments(self.first)]
        return self._frags


class _Measured(Generic[S]):
    """A unit wider than a line, cut into clusters (a base and its marks, never split) that are
    measured once: a split takes its head from these widths and leaves the rest unassembled, so that
    splitting a run of n characters into lines costs O(n), not O(n²). The clusters are boundaries in
    the unit's text, not lists: a run of 200,000 characters makes no 200,000 objects."""

    __slots__ = ("bounds", "measure", "rest_widths", "starts", "styles", "text", "widths")

    def __init__(self, frags: Sequence[tuple[str, S, float]], measure: Callable[[str, S], float]):
        self.measure = measure
        self.text = "".join(frag[0] for frag in frags)
        self.styles = [frag[1] for frag in frags]
        self.starts = list(itertools.accumulate((len(frag[0]) for frag in frags[:-1]), initial=0))
        #: Where each cluster starts in the text, and the end of the text.
        self.bounds = [*_cluster_starts(self.text), len(self.text)]
        if len(frags) == 1:  # the usual run, in one style
            text, style, bounds = self.text, self.styles[0], self.bounds
            self.widths = [measure(text[a:b], style) for a, b in itertools.pairwise(bounds)]
        else:
            self.widths = [sum(measure(text, style) for text, style in self.fragments(k, k + 1))
                           for k in range(self.count)]
        #: rest_widths[k]: the width of clusters k and after, as a sum (an estimate: see split).
        self.rest_widths = list(itertools.accumulate(reversed(self.widths), initial=0.0))[::-1]

    @property
    def count(self) -> int:
        return len(self.bounds) - 1

    def fragments(self, first: int, end: int | None = None) -> list[tuple[str, S]]:
        """Clusters `first` to `end` (excluded; default: the last) as (text, style) fragments."""
        a, b = self.bounds[first], self.bounds[self.count if end is None else end]
        fragments = []
        for k in range(bisect.bisect_right(self.starts, a) - 1, len(self.starts)):
            start = self.starts[k]
            if start >= b:
                break
            stop = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
            fragments.append((self.text[max(a, start):min(b, stop)], self.styles[k]))
        return fragments


def _cluster_starts(text: str) -> list[int]:
    """Where the clusters of a unit's text start: a mark, a joiner, or what follows a joiner
    belongs to the cluster before."""
    starts: list[int] = []
    join = False
    for index, ch in enumerate(text):
        kind = _kind(ch)
        if not (starts and (join or kind in (_EXTEND, _JOINER))):
            starts.append(index)
        join = kind == _JOINER
    return starts


class _Breaker(Generic[S]):
    def __init__(self, measure: Callable[[str, S], float]):
        self._measure = measure
        self._widths: dict[S, dict[str, float]] = {}  # per style, per text
        self._style: object = _NO_STYLE  # of the previous call, which most calls repeat ...
        self._style_widths: dict[str, float] = {}  # ... and its widths (a style may be slow to hash)

    def width(self, text: str, style: S) -> float:
        if style is not self._style:
            self._style, self._style_widths = style, self._widths.setdefault(style, {})
        value = self._style_widths.get(text)
        if value is None:
            value = self._style_widths[text] = float(self._measure(text, style))
        return value

    def unit(self, frags: Sequence[tuple[str, S]], kind: int) -> _Unit[S]:
        if len(frags) == 1:  # the usual case, kept quick
            text, style = frags[0]
            w = self.width(text, style)
            measured = [(text, style, w)]
            first, last = text[0], text[-1]
        else:
            measured = [(text, style, self.width(text, style)) for text, style in frags]
            w = sum(m[2] for m in measured)
            first, last = frags[0][0][0], frags[-1][0][-1]
        if kind == _SPACE:
            return _Unit(measured, w, kind, False, False)
        return _Unit(measured, w, kind, first in CLOSING, last in OPENING)

    def segments(self, spans: Sequence[tuple[str, S]]) -> list[list[_Unit[S]]]:
        """The units of the text, in segments separated by hard line breaks."""
        segments: list[list[_Unit[S]]] = []
        units: list[_Unit[S]] = []
        # The unit being built, as [text, start, end, style] slices of the spans: extending one is
        # O(1), where appending to a string would make a long run quadratic.
        parts: list[list[Any]] = []
        kind = _HARD  # of the unit being built; _HARD when there is none
        join = False  # the previous character was a joiner
        for text, style in spans:
            for index, ch in enumerate(text):
                k = _kind(ch)
                if k == _HARD:
                    if parts:
                        units.append(self.unit(_joined(parts), kind))
                    segments.append(units)
                    units, parts, kind, join = [], [], _HARD, False
                    continue
                if parts and (join or k in (_EXTEND, _JOINER) or (k == kind and k != _SINGLE) or (
                        k == _SINGLE == kind and ch in _PAIRED and _repeats(parts, ch))):
                    last = parts[-1]
                    if last[0] is text and last[2] == index:
                        last[2] = index + 1
                    else:
                        parts.append([text, index, index + 1, style])
                else:
                    if parts:
                        units.append(self.unit(_joined(parts), kind))
                    parts = [[text, index, index + 1, style]]
                    kind = _LATIN if k in (_EXTEND, _JOINER) else k
                join = k == _JOINER
        if parts:
            units.append(self.unit(_joined(parts), kind))
        segments.append(units)
        return segments

    def split(self, unit: _Unit[S], room: float, line_width: float) -> tuple[_Unit[S], _Unit[S]] | None:
        """The longest head of a too-wide unit that fits `room` (at least one character), and the
        rest; None when the unit is a single character. `line_width`: the width of a whole line."""
        measured = unit.measured
        if measured is None:
            measured = unit.measured = _Measured(unit.frags, self.width)
        first, widths = unit.first, measured.widths
        available = measured.count - first
        if available < 2:
            return None

        def fits(count: int) -> bool:  # whether the head of `count` clusters fits, measured as drawn
            head = measured.fragments(first, first + count)
            return sum(self.width(text, style) for text, style in head) <= room + _EPSILON

        # The widths of the clusters add up to the head's (the measure is additive, up to rounding):
        # they say where the head ends; measuring the head and one more cluster confirms it.
        count, width = 1, widths[first]
        while count < available - 1 and width + widths[first + count] <= room + _EPSILON:
            width += widths[first + count]
            count += 1
        while count > 1 and not fits(count):
            count -= 1
        while count < available - 1 and fits(count + 1):
            count += 1
        head = self.unit(measured.fragments(first, first + count), _LATIN)
        rest = first + count
        if measured.count - rest >= 2 and measured.rest_widths[rest] > 2 * line_width:
            # Certain to be split again where it starts the next line: its exact width and its
            # fragments are never needed.
            tail: _Unit[S] = _Unit(None, measured.rest_widths[rest], _LATIN, False, False)
        else:
            tail = self.unit(measured.fragments(rest), _LATIN)
        tail.measured, tail.first = measured, rest
        head.no_start, head.no_end = unit.no_start, False
        tail.no_start, tail.no_end = False, unit.no_end
        return head, tail


def _joined(parts: list[list[Any]]) -> list[tuple[str, Any]]:
    """The (text, style) fragments of a unit from its slices of the spans, one per run of a style."""
    if len(parts) == 1:  # the usual case, kept quick
        text, start, end, style = parts[0]
        return [(text[start:end], style)]
    frags: list[list[Any]] = []  # [texts, style]
    for text, start, end, style in parts:
        if frags and frags[-1][1] == style:
            frags[-1][0].append(text[start:end])
        else:
            frags.append([[text[start:end]], style])
    return [("".join(texts), style) for texts, style in frags]


def _repeats(parts: list[list[Any]], ch: str) -> bool:
    """Whether the unit being built is a lone `ch`: the first half of a pair ("……")."""
    if len(parts) != 1:
        return False
    text, start, end, _style = parts[0]
    return end - start == 1 and text[start] == ch


def break_spans(spans: Sequence[tuple[str, S]], measure: Callable[[str, S], float], width: float,
                first_line_indent: float = 0.0, justify: bool = True) -> list[Line[S]]:
    """Break one paragraph, given as (text, style) spans, into lines `width` wide.

    `measure(text, style)` is the natural width of `text` drawn in `style`; it is
    called once per distinct (text, style). The first line starts at
    `first_line_indent`. A "\\n" in the text is a hard line break (the line
    before it is not justified and the next has no indent). A paragraph has at
    least one line; an empty one gives a single line without pieces.
    """
    if not (math.isfinite(width) and width > 0):
        raise ValueError(f"width must be a positive number, not {width!r}")
    if not math.isfinite(first_line_indent):
        raise ValueError(f"first_line_indent must be a number, not {first_line_indent!r}")
    breaker: _Breaker[S] = _Breaker(measure)
    lines: list[Line[S]] = []
    for units in breaker.segments(spans):
        _break_segment(breaker, units, width, first_line_indent if not lines else 0.0, justify, lines)
    return lines


def _allowed(before: _Unit, after: _Unit) -> bool:
    return not (before.no_end or after.no_start)


def _break_segment(breaker: _Breaker[S], units: list[_Unit[S]], width: float, indent: float, justify: bool,
                   lines: list[Line[S]]) -> None:
    """Append the lines of one segment (text between hard breaks) to `lines`."""
    i = 0
    x0, avail = indent, width - indent
    while True:
        if i:  # spaces at a soft line break are dropped
            while i < len(units) and units[i].space:
                i += 1
            if i == len(units):
                return
        w = 0.0  # width of units[i:j]
        last = -1  # index of the last non-space unit on the line so far
        last_w = 0.0  # width up to and including it
        best = -1  # end of the line at the last allowed break that fits
        j = i
        n = len(units)
        while j < n:
            unit = units[j]
            if unit.space:
                w += unit.width
                j += 1
                continue
            if last >= 0 and _allowed(units[last], unit):
                best = last + 1
            if w + unit.width > avail + _EPSILON:
                break
            w += unit.width
            last, last_w = j, w
            j += 1
        else:  # the rest of the segment fits: its last line
            lines.append(_line(units[i:last + 1] if last >= 0 else [], x0, avail, last_w, False))
            return

        unit = units[j]
        if last < 0 and j > i:
            # Only spaces stand before a unit that does not fit after them: they
            # are at a line break, so they are dropped like any spaces there.
            i = j
            continue
        head = None  # the head of a split unit, which ends the line
        if last < 0 or unit.width > width + _EPSILON:
            # A unit wider than any line is split to fill this one; a unit
            # alone on its line that does not fit it is split too.
            halves = breaker.split(unit, avail - w, width)
            if halves is not None and (last < 0 or halves[0].width <= avail - w + _EPSILON):
                head, units[j] = halves  # the rest starts the next line
                end = j
            elif last < 0:  # a single character wider than the line: it overflows
                end = j + 1
            else:
                end = best if best >= 0 else last + 1
        else:
            # Push down to the last allowed break; when a chain of units that
            # kinsoku binds together is wider than the line, break it anyway.
            end = best if best >= 0 else last + 1
        line_units = units[i:end] if head is None else [*units[i:end], head]
        natural = sum(u.width for u in line_units)
        lines.append(_line(line_units, x0, avail, natural, justify))
        i = end
        x0, avail = 0.0, width


def _line(units: list[_Unit[S]], x0: float, avail: float, natural: float, justify: bool) -> Line[S]:
    # The gaps justification widens: between two non-space units, except
    # between two Latin units joined by a zero-width break opportunity only.
    stretches: list[bool] = []
    previous: _Unit[S] | None = None
    spaced = zero_width = False  # a real space, a zero-width break since `previous`
    for unit in units:
        if unit.space:
            if unit.stretch:
                spaced = True
            else:
                zero_width = True
            continue
        if previous is not None:
            stretches.append(spaced or not (zero_width and previous.latin and unit.latin))
        previous, spaced, zero_width = unit, False, False
    gaps = sum(stretches)
    justified = justify and gaps > 0 and natural <= avail + _EPSILON
    extra = (avail - natural) / gaps if justified else 0.0
    pieces: list[Piece[S]] = []
    append = pieces.append
    x = x0
    k = -1  # index into stretches of the gap before the unit
    for unit in units:
        if not unit.space:
            if k >= 0 and stretches[k]:
                x += extra
            k += 1
        for text, style, w in unit.frags:
            append(Piece(text, style, x, w))
            x += w
    return Line(tuple(pieces), math.fsum(p.width for p in pieces), justified)
