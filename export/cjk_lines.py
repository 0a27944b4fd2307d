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
* On request (`squeeze`, `loose_gap`), before spreading: adjacent full-width
  punctuation is set with one blank half removed, a closing mark ending a line
  is compressed as far as the line needs, and a URL or e-mail address is broken
  at a URL break point rather than leaving a loose line (see export.cjk_justify); a line still
  loose after that (and after one line of look-back) spaces the letters of the addresses on it too
  (`max_letter_space`), evenly with its other gaps. Numbers are never spaced nor broken.

Units may span styles (a word half in bold): a piece never mixes styles, but no
break and no justification gap ever falls between the pieces of one unit.

Breaking takes time linear in the paragraph's length (a project file allows
paragraphs of 200,000 characters, one unbroken run of digits for all we know):
units are built from slices of the spans, and a unit wider than a line is cut
into clusters measured once, from whose widths each line's head is taken.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic

from export.cjk_justify import url_breaks
from export.cjk_units import (
    _EPSILON,
    _EXTEND,
    _HARD,
    _JOINER,
    _LATIN,
    _PAIRED,
    _SINGLE,
    _SPACE,
    CLOSING,
    OPENING,
    ZWSP,
    S,
    _Breaker,
    _kind,
    _Unit,
)

__all__ = ["CLOSING", "OPENING", "ZWSP", "Line", "Piece", "break_spans"]
#: Re-exported for the tests and benches that check the engine's internals.
_INTERNALS = (_EXTEND, _HARD, _JOINER, _PAIRED, _SINGLE, _SPACE, _kind)


@dataclass(frozen=True, slots=True)
class Piece(Generic[S]):
    """One string to draw, at `x` from the line's left edge."""

    text: str  # a CJK character, a punctuation mark, an unbreakable Latin/number run, or spaces
    style: S
    x: float  # offset from the line's left edge, in the caller's units (points)
    width: float  # the width it takes on the line: its natural width, less any punctuation squeeze
    #: Where to draw the text relative to x: negative for an opening mark whose blank left half is
    #: squeezed away (its glyph is drawn that much to the left, over the removed blank).
    shift: float = 0.0
    #: Extra advance after each of its characters: the letter-spacing of a URL or e-mail address on a line
    #: that would be loose without it (0 otherwise). `width` includes it, but after its last character
    #: only when another piece of the same address follows.
    letter_space: float = 0.0


@dataclass(frozen=True, slots=True)
class Line(Generic[S]):
    pieces: tuple[Piece[S], ...]
    natural_width: float  # sum of piece widths (their letter-spacing included)
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



def break_spans(spans: Sequence[tuple[str, S]], measure: Callable[[str, S], float], width: float,
                first_line_indent: float = 0.0, justify: bool = True, *,
                squeeze: Callable[[str, S], float] | None = None, loose_gap: float | None = None,
                max_letter_space: float = 0.0) -> list[Line[S]]:
    """Break one paragraph, given as (text, style) spans, into lines `width` wide.

    `measure(text, style)` is the natural width of `text` drawn in `style`; it is
    called once per distinct (text, style). The first line starts at
    `first_line_indent`. A "\\n" in the text is a hard line break (the line
    before it is not justified and the next has no indent). A paragraph has at
    least one line; an empty one gives a single line without pieces.

    `squeeze(mark, style)`: the blank half of a full-width punctuation mark in
    `style` (0 when the font draws it narrow); given, adjacent marks are squeezed
    and a closing mark ending a line may be compressed (see export.cjk_justify).
    `loose_gap`: given, a justified line whose gaps would grow wider than this
    breaks a URL or e-mail address that follows it at a URL break point instead.
    `max_letter_space`: with `loose_gap`, a justified line still looser than that after the best
    breaks spaces the letters of the URLs and e-mail addresses on it too, evenly with its other gaps
    but by this much at most (0: never).
    """
    if not (math.isfinite(width) and width > 0):
        raise ValueError(f"width must be a positive number, not {width!r}")
    if not math.isfinite(first_line_indent):
        raise ValueError(f"first_line_indent must be a number, not {first_line_indent!r}")
    breaker: _Breaker[S] = _Breaker(measure, squeeze, urls=loose_gap is not None)
    breaker.max_letter_space = max(0.0, max_letter_space) if math.isfinite(max_letter_space) else 0.0
    lines: list[Line[S]] = []
    for units in breaker.segments(spans):
        breaker.squeeze(units)
        _break_segment(breaker, units, width, first_line_indent if not lines else 0.0, justify, lines,
                       loose_gap if justify else None)
    return lines


def _allowed(before: _Unit, after: _Unit) -> bool:
    return not (before.no_end or after.no_start)


#: How many units a line may give to the next one when that makes a loose line after it tighter.
_LOOKBACK_UNITS = 4
#: How many times a segment tries that, at least (bounds the work on a paragraph of 200,000 characters).
_LOOKBACK_TRIES = 64


def _break_segment(breaker: _Breaker[S], units: list[_Unit[S]], width: float, indent: float, justify: bool,
                   lines: list[Line[S]], loose_gap: float | None = None) -> None:
    """Append the lines of one segment (text between hard breaks) to `lines`.

    Greedy, with one step of look-back when `loose_gap` is given: a justified line still looser
    than that (after breaking a URL) may take up to _LOOKBACK_UNITS units from the end of the line
    before it, when that makes the looser of the two lines tighter."""
    journal: list[tuple[int, _Unit[S]]] = []  # (index, unit replaced): to undo splits on a look-back
    previous: tuple[int, float, float, int, int] | None = None  # (start, x0, avail, journal, end)
    tries = max(_LOOKBACK_TRIES, len(units) // 25)  # each try costs a line or two: linear in all
    i = 0
    x0, avail = indent, width - indent
    while True:
        if i:  # spaces at a soft line break are dropped
            while i < len(units) and units[i].space:
                i += 1
            if i == len(units):
                return
        mark = len(journal)
        taken = _take(breaker, units, i, x0, avail, width, justify, loose_gap, journal)
        if taken is None:  # the rest of the segment, its last line
            lines.append(_line(_last_units(units, i), x0, avail, False))
            return
        if isinstance(taken, int):  # spaces dropped at a break: the line starts after them
            i = taken
            continue
        line_units, end = taken
        extra = _extra(line_units, avail) if loose_gap is not None and justify else 0.0
        if extra > loose_gap_or_inf(loose_gap) and previous is not None and tries > 0:
            tries -= 1
            better = _look_back(breaker, units, previous, width, justify, loose_gap, journal, extra)
            if better is not None:
                (first, second), end = better
                lines[-1] = first
                lines.append(second)
                previous = None
                i, x0, avail = end, 0.0, width
                continue
            _undo(units, journal, mark)
            taken = _take(breaker, units, i, x0, avail, width, justify, loose_gap, journal)
            assert isinstance(taken, tuple)
            line_units, end = taken
        lines.append(_line(line_units, x0, avail, justify, loose_gap, breaker.max_letter_space))
        previous = (i, x0, avail, mark, end)
        i = end
        x0, avail = 0.0, width


def loose_gap_or_inf(loose_gap: float | None) -> float:
    return math.inf if loose_gap is None else loose_gap + _EPSILON


def _undo(units: list[_Unit[S]], journal: list[tuple[int, _Unit[S]]], mark: int) -> None:
    while len(journal) > mark:
        index, unit = journal.pop()
        units[index] = unit


def _look_back(breaker: _Breaker[S], units: list[_Unit[S]], previous: tuple[int, float, float, int, int],
               width: float, justify: bool, loose_gap: float | None, journal: list[tuple[int, _Unit[S]]],
               extra: float) -> tuple[tuple[Line[S], Line[S]], int] | None:
    """The previous line ended earlier and the next one after it, when the looser of the two is
    tighter than `extra`; else None, with `units` as they were after the previous line."""
    start, x0, avail, mark, end = previous
    split_at_end = any(index == end for index, _unit in journal[mark:])
    rest_length = len(_text(units[end])) if split_at_end else 0
    _undo(units, journal, mark)
    if split_at_end and units[end].url:
        # The previous line ended with the head of a URL: an earlier URL break point moves more of it down.
        url = units[end]
        used = len(_text(url)) - rest_length
        for position in [p for p in url_breaks(_text(url)) if p < used][::-1][:_LOOKBACK_UNITS]:
            _undo(units, journal, mark)
            head, rest = _cut(breaker, url, position)
            journal.append((end, url))
            units[end] = rest
            first_units = [*units[start:end], head]
            second = _take(breaker, units, end, 0.0, width, width, justify, loose_gap, journal)
            if not isinstance(second, tuple):
                continue
            if max(_extra(first_units, avail), _extra(second[0], width)) < extra - _EPSILON:
                return _line_pair(breaker, first_units, second[0], x0, avail, width, justify, loose_gap), second[1]
    ends_tried: set[int] = set()
    for limit in range(end - 1, max(start, end - _LOOKBACK_UNITS - 1), -1):
        _undo(units, journal, mark)
        first = _take(breaker, units, start, x0, avail, width, justify, None, journal, limit)
        if not isinstance(first, tuple) or first[1] in ends_tried or first[1] >= end:
            continue
        ends_tried.add(first[1])
        next_start = first[1]
        while next_start < len(units) and units[next_start].space:
            next_start += 1
        second = _take(breaker, units, next_start, 0.0, width, width, justify, loose_gap, journal)
        if not isinstance(second, tuple):
            continue  # the rest would be the last line: not better, only different
        if max(_extra(first[0], avail), _extra(second[0], width)) < extra - _EPSILON:
            return _line_pair(breaker, first[0], second[0], x0, avail, width, justify, loose_gap), second[1]
    _undo(units, journal, mark)  # the previous line again, as it was taken
    taken = _take(breaker, units, start, x0, avail, width, justify, loose_gap, journal)
    assert isinstance(taken, tuple) and taken[1] == end
    return None


def _line_pair(breaker: _Breaker[S], first: list[_Unit[S]], second: list[_Unit[S]], x0: float, avail: float,
               width: float, justify: bool, loose_gap: float | None) -> tuple[Line[S], Line[S]]:
    letter = breaker.max_letter_space
    return (_line(first, x0, avail, justify, loose_gap, letter), _line(second, 0.0, width, justify, loose_gap, letter))


def _text(unit: _Unit[S]) -> str:
    return "".join(f[0] for f in unit.frags)


def _extra(units: list[_Unit[S]], avail: float) -> float:
    """The space justification would add to each gap of a line of these units (0 for a line without
    gaps: it is not spread)."""
    widths, stretches = _set_widths(units, avail)
    gaps = sum(stretches)
    return (avail - sum(widths)) / gaps if gaps else 0.0


def _last_units(units: list[_Unit[S]], i: int) -> list[_Unit[S]]:
    """The units of the last line, from `i`: without the spaces that end the segment."""
    last = len(units) - 1
    while last >= i and units[last].space:
        last -= 1
    return units[i:last + 1]


def _take(breaker: _Breaker[S], units: list[_Unit[S]], i: int, x0: float, avail: float, width: float,
          justify: bool, loose_gap: float | None, journal: list[tuple[int, _Unit[S]]],
          limit: int | None = None) -> tuple[list[_Unit[S]], int] | int | None:
    """The units of the line that starts at units[i] (not a space) and where the next line starts;
    None when the rest of the segment fits: it is the last line; an index when only spaces stand
    before a unit that does not fit after them: the line starts there instead. A unit split across
    the break is replaced in `units` by its rest (recorded in `journal`). `limit`: the line ends
    before it."""
    w = 0.0  # width of units[i:j]
    last = -1  # index of the last non-space unit on the line so far
    best = -1  # end of the line at the last allowed break that fits
    j = i
    n = len(units) if limit is None else limit
    while j < n:
        unit = units[j]
        if unit.space:
            w += unit.width
            j += 1
            continue
        if last >= 0 and _allowed(units[last], unit):
            best = last + 1
        if w + unit.end_min > avail + _EPSILON:  # it does not fit, even as the line's last unit
            break
        w += unit.width
        last = j
        j += 1
    else:
        if limit is None:
            return None
        if j < len(units) and last >= 0 and _allowed(units[last], units[j]):
            best = last + 1
        if best < 0:
            return None
        return units[i:best], best

    unit = units[j]
    if last < 0 and j > i:
        # Only spaces stand before a unit that does not fit after them: they are at a line
        # break, so they are dropped like any spaces there (the unit starts the next line).
        return j
    head = None  # the head of a split unit, which ends the line
    if last < 0 or unit.width > width + _EPSILON:
        # A unit wider than any line is split to fill this one (a URL at a URL break point);
        # a unit alone on its line that does not fit it is split too.
        halves = _url_halves(breaker, unit, avail - w) if unit.url else None
        if halves is None:
            halves = breaker.split(unit, avail - w, width)
        if halves is not None and (last < 0 or halves[0].width <= avail - w + _EPSILON):
            head = halves[0]
            journal.append((j, unit))
            units[j] = halves[1]  # the rest starts the next line
            end = j
        elif last < 0:  # a single character wider than the line: it overflows
            end = j + 1
        else:
            end = best if best >= 0 else last + 1
    else:
        # Push down to the last allowed break; when a chain of units that
        # kinsoku binds together is wider than the line, break it anyway.
        end = best if best >= 0 else last + 1
        if loose_gap is not None:
            split = _loosest_url_split(breaker, units, i, end, j, avail, loose_gap)
            if split is not None:
                end, head, rest = split
                journal.append((end, units[end]))
                units[end] = rest
    return (units[i:end] if head is None else [*units[i:end], head]), end


def _url_halves(breaker: _Breaker[S], unit: _Unit[S], room: float) -> tuple[_Unit[S], _Unit[S]] | None:
    """The longest head of a URL unit, broken at a URL break point, that fits `room`; and the rest."""
    text = "".join(f[0] for f in unit.frags)
    for position in reversed(url_breaks(text)):
        head, tail = _cut(breaker, unit, position)
        if head.width <= room + _EPSILON:
            return head, tail
    return None


def _cut(breaker: _Breaker[S], unit: _Unit[S], position: int) -> tuple[_Unit[S], _Unit[S]]:
    """A Latin unit cut in two at a character position: the head keeps whether it may start a line,
    the tail whether it may end one."""
    head_frags: list[tuple[str, S]] = []
    tail_frags: list[tuple[str, S]] = []
    offset = 0
    for text, style, _w in unit.frags:
        cut = min(max(position - offset, 0), len(text))
        if text[:cut]:
            head_frags.append((text[:cut], style))
        if text[cut:]:
            tail_frags.append((text[cut:], style))
        offset += len(text)
    head, tail = breaker.unit(head_frags, _LATIN), breaker.unit(tail_frags, _LATIN)
    head.no_start, head.no_end, head.url = unit.no_start, False, False
    tail.no_start, tail.no_end, tail.url = False, unit.no_end, True
    head.address = tail.address = True
    return head, tail


def _loosest_url_split(breaker: _Breaker[S], units: list[_Unit[S]], i: int, end: int, j: int, avail: float,
                       loose_gap: float) -> tuple[int, _Unit[S], _Unit[S]] | None:
    """When the line units[i:end] would be spread wider than `loose_gap` a gap, and a URL among the
    units pushed to the next line (units[end:j + 1]) can be broken so that its head fills the line
    better: (its index, its head, its rest)."""
    widths, stretches = _set_widths(units[i:end], avail)
    gaps = sum(stretches)
    natural = math.fsum(widths)
    if gaps and (avail - natural) / gaps <= loose_gap + _EPSILON:
        return None
    for k in range(end, j + 1):
        unit = units[k]
        if not unit.url:
            continue
        before = units[i:k]
        room = avail - sum(u.width for u in before)
        halves = _url_halves(breaker, unit, room)
        if halves is None:
            return None
        trial_widths, trial_stretches = _set_widths([*before, halves[0]], avail)
        trial_gaps = sum(trial_stretches)
        trial_extra = (avail - math.fsum(trial_widths)) / trial_gaps if trial_gaps else math.inf
        if trial_extra < -_EPSILON or (gaps and trial_extra >= (avail - natural) / gaps):
            return None
        return k, halves[0], halves[1]
    return None


def _set_widths(units: list[_Unit[S]], avail: float) -> tuple[list[float], list[bool]]:
    """The width each unit takes on a line of `avail` (the last one's squeeze by a mark on the next
    line lifted, then a closing mark at the end compressed only as far as the line needs), and which
    gaps between the non-space units justification widens: not one between two Latin units joined by
    a zero-width break opportunity only."""
    widths = [u.width for u in units]
    if units and units[-1].blank:
        lastu = units[-1]
        widths[-1] = lastu.full
        over = sum(widths) - avail
        if over > _EPSILON:
            widths[-1] = lastu.full - min(lastu.blank, over)
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
    return widths, stretches


def _letter_gaps(unit: _Unit[S]) -> int:
    """How many gaps between its characters letter-spacing widens: one between each two, in an address."""
    return sum(len(f[0]) for f in unit.frags) - 1 if unit.address else 0


def _line(units: list[_Unit[S]], x0: float, avail: float, justify: bool, loose_gap: float | None = None,
          max_letter_space: float = 0.0) -> Line[S]:
    """The units set on a line, justified when asked. A justified line whose gaps would still be wider
    than `loose_gap` (its breaks could do no better) shares the leftover space evenly between its gaps
    and the gaps between the letters of the URLs and e-mail addresses on it (never inside a number),
    those by `max_letter_space` at most: the rest widens the other gaps."""
    widths, stretches = _set_widths(units, avail)
    natural = sum(widths)  # summed in order, as the breaker summed them
    gaps = sum(stretches)
    justified = justify and gaps > 0 and natural <= avail + _EPSILON
    extra = (avail - natural) / gaps if justified else 0.0
    letter = 0.0
    if justified and loose_gap is not None and extra > loose_gap + _EPSILON and max_letter_space > 0:
        letters = sum(_letter_gaps(unit) for unit in units if unit.address)
        if letters:
            extra = letter = (avail - natural) / (gaps + letters)
            if letter > max_letter_space:
                letter = max_letter_space
                extra = (avail - natural - letters * letter) / gaps
    pieces: list[Piece[S]] = []
    append = pieces.append
    x = x0
    k = -1  # index into stretches of the gap before the unit
    for unit, set_width in zip(units, widths, strict=True):
        if not unit.space:
            if k >= 0 and stretches[k]:
                x += extra
            k += 1
        if set_width != unit.width or unit.shift:  # a squeezed mark: one character, one fragment
            text, style, _w = unit.frags[0]
            append(Piece(text, style, x, set_width, unit.shift))
            x += set_width
            continue
        if letter and unit.address:
            frags = unit.frags
            for n, (text, style, w) in enumerate(frags):
                # A letter gap after every character but the address's last.
                spaced = w + letter * (len(text) - (n == len(frags) - 1))
                append(Piece(text, style, x, spaced, letter_space=letter))
                x += spaced
            continue
        for text, style, w in unit.frags:
            append(Piece(text, style, x, w))
            x += w
    return Line(tuple(pieces), math.fsum(p.width for p in pieces), justified)
