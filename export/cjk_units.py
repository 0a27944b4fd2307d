"""The units of Chinese line breaking (export.cjk_lines): what each character is, and the unbreakable
stretches of text (a CJK character, a Latin or number run, spaces) the breaker assembles lines from,
with the punctuation squeeze of export.cjk_justify applied to them.
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Generic, TypeVar

from export.cjk_justify import BLANK_LEFT, BLANK_RIGHT, is_url

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



class _Unit(Generic[S]):
    """An unbreakable stretch of text: one or more (text, style, width) fragments."""

    __slots__ = ("_frags", "address", "blank", "first", "full", "latin", "measured", "no_end", "no_start", "shift",
                 "space", "stretch", "url", "width")

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
        #: The width without the squeeze of a following mark (what it takes when it ends a line) ...
        self.full = width
        #: ... the blank a closing mark at the end of a line may give up ...
        self.blank = 0.0
        #: ... and the draw offset of an opening mark squeezed by the one before it.
        self.shift = 0.0
        #: A URL or an e-mail address: may be broken at its URL break points.
        self.url = False
        #: A URL or an e-mail address, or a part of one: its letters may be spaced on a line still loose.
        self.address = False

    @property
    def end_min(self) -> float:
        """The least width it may take at the end of a line (a closing mark compressed)."""
        return self.full - self.blank if self.blank else self.width

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
    def __init__(self, measure: Callable[[str, S], float], squeeze: Callable[[str, S], float] | None = None,
                 urls: bool = False):
        self._measure = measure
        self._squeeze = squeeze
        self._blanks: dict[tuple[str, S], float] = {}
        #: Whether URL-like Latin runs are marked breakable (at their URL break points).
        self.urls = urls
        #: The most letter-spacing of an address on a line still loose (0: none).
        self.max_letter_space = 0.0
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
        unit = _Unit(measured, w, kind, first in CLOSING, last in OPENING)
        if kind == _LATIN and self.urls and len(measured) < 64:
            unit.url = unit.address = is_url("".join(m[0] for m in measured))
        return unit

    def blank(self, unit: _Unit[S]) -> float:
        """The blank half of a full-width punctuation mark that is a unit by itself (0: none)."""
        if self._squeeze is None or unit.latin or unit.space:
            return 0.0
        frags = unit.frags
        if len(frags) != 1 or len(frags[0][0]) != 1:
            return 0.0
        ch, style = frags[0][0], frags[0][1]
        if ch not in BLANK_LEFT and ch not in BLANK_RIGHT:
            return 0.0
        key = (ch, style)
        value = self._blanks.get(key)
        if value is None:
            value = self._blanks[key] = max(0.0, min(float(self._squeeze(ch, style)), frags[0][2] / 2))
        return value

    def squeeze(self, units: list[_Unit[S]]) -> None:
        """Set adjacent full-width punctuation with one blank half removed, and give every closing
        mark the blank it may give up at the end of a line."""
        if self._squeeze is None:
            return
        blanks = [self.blank(unit) for unit in units]
        for k, unit in enumerate(units):
            if not blanks[k]:
                continue
            ch = unit.frags[0][0]
            if ch in BLANK_RIGHT:
                unit.blank = blanks[k]
            if k + 1 < len(units) and blanks[k + 1]:
                after = units[k + 1]
                if ch in BLANK_RIGHT:  # 「）。」「，“」: the first loses its blank right half
                    _narrow(unit, blanks[k])
                elif after.frags[0][0] in BLANK_LEFT:  # 「（《」: the second loses its blank left half
                    _narrow(after, blanks[k + 1])
                    after.shift = -blanks[k + 1]

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


def _narrow(unit: _Unit[S], by: float) -> None:
    """Set a one-character unit `by` narrower (its `full` width stays what it was)."""
    text, style, w = unit.frags[0]
    unit.width = w - by
    unit._frags = [(text, style, w - by)]


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
