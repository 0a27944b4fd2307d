"""Text in the PDF: measuring and drawing in a font set, and the flowables for paragraphs and the title.

Lines are broken by export.cjk_lines (Chinese kinsoku, punctuation squeeze, URLs broken only to avoid loose lines,
justification); every piece of a line is drawn at the position the engine gave
it, as real text (selectable, searchable), in the role's font or — for a
character that font lacks — in a stand-in font (see FontSet.runs).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from export.cjk_lines import Line, break_spans
from export.fonts import FontRole, FontSet

#: Where the baseline sits in an em box (CJK ideographs span about -0.12 em to 0.88 em).
IDEOGRAPHIC_ASCENT = 0.88
#: A title of more lines than this may break across pages; a real title has two or three.
MAX_UNSPLIT_TITLE_LINES = 8
#: Gaps wider than this (in ems) make a line loose: a URL after it is broken rather than pushed down whole.
LOOSE_GAP = 0.25
#: On a line still looser than LOOSE_GAP after the best breaks, the letters of a URL or an e-mail address are
#: spaced too, but stand no more than this apart (in ems, advance to advance): under the 3 pt at which
#: pdfplumber starts a new word in 16 pt body text. (pdftotext starts one at 0.1 em: a letter-spaced
#: address is drawn in an /ActualText span, which it reads as one word.)
MAX_LETTER_GAP = 0.18
#: A punctuation mark at least this wide (in ems, beyond the style's char_space) is drawn full width.
FULL_WIDTH_RATIO = 0.9
#: A zero-width space: never drawn, never measured (cjk_lines treats it as a break opportunity).
ZWSP = "\u200b"


@dataclass(frozen=True)
class TextStyle:
    """A font role at a size; `char_space` is extra (or, negative, less) advance after every character,
    used to set the body on the 28-characters-a-line grid of GB/T 9704."""

    role: FontRole
    size: float
    char_space: float = 0.0


Spans = Sequence[tuple[str, TextStyle]]


class Typesetter:
    """Measures, breaks and draws text with one font set. Not shared between threads."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self._faces: dict[str, object] = {}
        self._runs: dict[tuple[FontRole, str], list[tuple[str, str]]] = {}

    def runs(self, text: str, role: FontRole) -> list[tuple[str, str]]:
        key = (role, text)
        runs = self._runs.get(key)
        if runs is None:
            runs = self._runs[key] = self.fonts.runs(role, text)
        return runs

    def _face(self, name: str):
        face = self._faces.get(name)
        if face is None:
            face = self._faces[name] = pdfmetrics.getFont(name)
        return face

    def measure(self, text: str, style: TextStyle) -> float:
        if ZWSP in text:
            text = text.replace(ZWSP, "")
        width = 0.0
        for run, font in self.runs(text, style.role):
            width += self._face(font).stringWidth(run, style.size)
        return width + style.char_space * len(text)

    def punctuation_blank(self, mark: str, style: TextStyle) -> float:
        """The blank half of a full-width punctuation mark in `style`: half its advance when the font
        that draws it sets it full width (a Chinese face), else 0 (a Latin stand-in font)."""
        advance = self.measure(mark, style)
        return advance / 2 if advance >= FULL_WIDTH_RATIO * style.size + style.char_space else 0.0

    def lines(self, spans: Spans, width: float, indent: float = 0.0, justify: bool = True) -> list[Line]:
        """`spans` broken into lines, adjacent punctuation squeezed. A justified line that would be
        spread wider than LOOSE_GAP (in ems of its first span) breaks a URL or an e-mail address that
        follows at a URL break point; numbers are never split. A line still that loose letter-spaces the
        addresses on it (MAX_LETTER_GAP)."""
        if not spans:
            return break_spans(spans, self.measure, width, indent, justify)
        first = spans[0][1]
        return break_spans(spans, self.measure, width, indent, justify, squeeze=self.punctuation_blank,
                           loose_gap=LOOSE_GAP * first.size,
                           max_letter_space=MAX_LETTER_GAP * first.size - first.char_space)

    def draw_line(self, canvas: Canvas, line: Line, x: float, baseline: float) -> None:
        """Draw one line with its left edge at x: every piece where the engine put it."""
        if not line.pieces:
            return
        text = canvas.beginText(x, baseline)
        origin = 0.0  # x of the current text line start, relative to x
        font_state = None
        addresses = _letter_spaced(line)
        for index, piece in enumerate(line.pieces):
            if index in addresses:
                # Its letters stand apart: text extractors are told it is one word.
                text._code.append(f"/Span <</ActualText {_pdf_text_string(addresses[index][1])}>> BDC")
            if piece.text.isspace() or not piece.text.strip(ZWSP):
                continue
            style: TextStyle = piece.style
            at = piece.x + piece.shift  # a squeezed opening mark is drawn over its removed blank
            text.moveCursor(at - origin, 0)
            origin = at
            char_space = style.char_space + piece.letter_space  # a letter-spaced address: one word still
            for run, font in self.runs(piece.text, style.role):
                state = (font, style.size, char_space)
                if state != font_state:
                    if font_state is None or font_state[:2] != state[:2]:
                        text.setFont(font, style.size)
                    if font_state is None or font_state[2] != state[2]:
                        text.setCharSpace(char_space)
                    font_state = state
                text.textOut(run)
            if any(end == index for end, _address in addresses.values()):
                text._code.append("EMC")
        canvas.drawText(text)


def _letter_spaced(line: Line) -> dict[int, tuple[int, str]]:
    """The letter-spaced addresses of a line: the index of each one's first piece → (that of its last
    piece, its text). The pieces of one address (in several styles) follow each other without a gap."""
    found: dict[int, tuple[int, str]] = {}
    pieces = line.pieces
    k = 0
    while k < len(pieces):
        if not pieces[k].letter_space:
            k += 1
            continue
        end = k
        while (end + 1 < len(pieces) and pieces[end + 1].letter_space
               and abs(pieces[end + 1].x - (pieces[end].x + pieces[end].width)) < 1e-6):
            end += 1
        found[k] = (end, "".join(p.text for p in pieces[k:end + 1]))
        k = end + 1
    return found


def _pdf_text_string(value: str) -> str:
    """`value` as a PDF text string: UTF-16BE with its byte order mark, in hex (no escaping needed)."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


class LineBlock(Flowable):
    """Lines already broken, drawn at a fixed pitch (`leading`), aligned within the width it is given.

    `align` is "justify"/"left" (lines as broken), "center", or "right". Splits between lines across
    pages, keeping at least two lines on each side of a break when the paragraph has four or more."""

    def __init__(self, typesetter: Typesetter, lines: list[Line], size: float, leading: float,
                 align: str = "justify", right_indent: float = 0.0) -> None:
        super().__init__()
        self.typesetter = typesetter
        self.lines = lines
        self.size = size
        self.leading = leading
        self.align = align
        self.right_indent = right_indent
        self.width = 0.0
        self.height = leading * len(lines)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.leading * len(self.lines)
        return availWidth, self.height

    def _split_lines(self, availHeight: float) -> int:
        """How many lines go on this page (0: move the whole block)."""
        total = len(self.lines)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit >= total:
            return total
        if total < 4:
            return 0
        fit = min(fit, total - 2)  # no widow: two lines at least on the next page
        return fit if fit >= 2 else 0  # no orphan: two lines at least on this page

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        n = self._split_lines(availHeight)
        if n == 0 or n >= len(self.lines):
            return [] if n == 0 else [self]
        return [self._copy(self.lines[:n]), self._copy(self.lines[n:])]

    def _copy(self, lines: list[Line]) -> LineBlock:
        return LineBlock(self.typesetter, lines, self.size, self.leading, self.align, self.right_indent)

    def baseline(self, index: int) -> float:
        """y of line `index`'s baseline, from the bottom of the block: the em box centred in the line."""
        top = self.height - index * self.leading
        return top - (self.leading - self.size) / 2 - IDEOGRAPHIC_ASCENT * self.size

    def draw(self) -> None:
        for index, line in enumerate(self.lines):
            if self.align == "center":
                x = (self.width - line.end) / 2
            elif self.align == "right":
                x = self.width - self.right_indent - line.end
            else:
                x = 0.0
            self.typesetter.draw_line(self.canv, line, x, self.baseline(index))


class TextParagraph(LineBlock):
    """A paragraph: (text, style) spans broken to the width it is given (the first line indented)."""

    def __init__(self, typesetter: Typesetter, spans: Spans, size: float, leading: float,
                 indent: float = 0.0, align: str = "justify", heading: bool = False) -> None:
        super().__init__(typesetter, [], size, leading, align)
        self.spans = list(spans)
        self.indent = indent
        #: A standalone heading: kept on the page of the text that follows it (see keep_headings_with_text).
        self.heading = heading
        self._broken_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._broken_for != availWidth:
            self.lines = self.typesetter.lines(self.spans, availWidth, self.indent, self.align == "justify")
            self._broken_for = availWidth
        return super().wrap(availWidth, availHeight)


class TitleBlock(LineBlock):
    """The report's title, centred; a title too long for one line is broken into lines of similar
    length, preferably at a natural boundary (after the agency name or the year)."""

    def __init__(self, typesetter: Typesetter, text: str, style: TextStyle, leading: float,
                 breaks: Sequence[tuple[int, float]] = ()) -> None:
        super().__init__(typesetter, [], style.size, leading, "center")
        self.text = text
        self.style = style
        #: (position in text, penalty): preferred break positions and how much less good each is.
        self.breaks = tuple(breaks)
        self._broken_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._broken_for != availWidth:
            self.lines = balanced_lines(self.typesetter, self.text, self.style, availWidth, self.breaks)
            self._broken_for = availWidth
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # A title is never split, unless it is too long for any page (an agency name pasted many times
        # over): then it breaks between lines like a paragraph, rather than the export failing.
        if len(self.lines) <= MAX_UNSPLIT_TITLE_LINES:
            return []
        return super().split(availWidth, availHeight)


#: Words that end the name of an organisation or of a place: a long agency name breaks after one of
#: them (the longest that matches), never inside one.
ORGANISATION_SUFFIXES = (
    "人民政府", "委员会", "办公室", "办公厅", "管理局", "管理处", "管理委员会", "领导小组", "中心", "街道",
    "省委", "市委", "县委", "区委", "党委", "政府", "集团", "公司", "学院", "大学",
    "局", "厅", "委", "办", "署", "院", "所", "站", "队", "处", "部", "省", "市", "县", "区", "州", "盟", "旗",
    "镇", "乡",
)
#: Words that start with one of the one-character suffixes but are not the end of a name
#: (「市场监督管理局」 is not 「市/场…」): matched first, they are never broken.
_NOT_SUFFIXES = ("市场", "区域", "县域", "委托", "办事", "办理", "处理", "部门", "院校", "所属", "站点", "科技",
                 "局部", "州府", "省级", "市级", "县级", "区级", "乡镇", "乡村", "镇街", "院士", "队伍")
_TITLE_TAIL_WORDS = (("政府信息公开", 0.2), ("工作", 0.35), ("年度", 0.5))
#: The most break candidates and lines balanced_lines chooses among by trying them all.
_MAX_CANDIDATES = 40
_MAX_TITLE_LINES = 4


def name_breaks(name: str) -> list[int]:
    """Where a long agency name may break: after the suffixes of organisations and places
    (「某某省|某某市|某某区|发展和改革委员会|」), never inside a word."""
    words = sorted((*ORGANISATION_SUFFIXES, *_NOT_SUFFIXES), key=len, reverse=True)
    suffixes = frozenset(ORGANISATION_SUFFIXES)
    positions: list[int] = []
    i = 0
    while i < len(name):
        word = next((w for w in words if name.startswith(w, i)), None)
        if word is None:
            i += 1
            continue
        i += len(word)
        if word in suffixes and 0 < i < len(name):
            positions.append(i)
    return positions


def title_breaks(title: str, agency: str, year: str) -> list[tuple[int, float]]:
    """The title's break candidates, with how much less good each is: after the agency name, after
    「年」 of the year, after 「政府信息公开」, inside the agency name after an organisation's suffix."""
    breaks: list[tuple[int, float]] = []
    rest = 0
    if agency and title.startswith(agency):
        breaks += [(p, 0.25) for p in name_breaks(agency)]
        breaks.append((len(agency), 0.0))
        rest = len(agency)
        if year and title[rest:].startswith(year):
            rest += len(year)
            breaks.append((rest, 0.1))
    else:
        breaks += [(p, 0.25) for p in name_breaks(title)]
    for word, penalty in _TITLE_TAIL_WORDS:
        found = title.find(word, rest)
        if found >= 0:
            rest = found + len(word)
            breaks.append((rest, penalty))
    return sorted({p: c for p, c in breaks if 0 < p < len(title)}.items())


def balanced_lines(typesetter: Typesetter, text: str, style: TextStyle, width: float,
                   breaks: Sequence[tuple[int, float]] = ()) -> list[Line]:
    """`text` in as few lines as it needs, each about as long as the others: broken at the given
    (position, penalty) candidates only, when they give lines that fit (the fewest lines, then the
    most even with the least penalty); else broken anywhere the engine allows."""
    lines = typesetter.lines([(text, style)], width, justify=False)
    if len(lines) < 2:
        return lines
    chosen = _best_breaks(typesetter, text, style, width, breaks, len(lines))
    if chosen is not None:
        return [typesetter.lines([(part, style)], width, justify=False)[0] for part in chosen]
    # Narrow the measure as far as it goes without adding a line: the lines come out even.
    count, low, high = len(lines), width / len(lines), width
    best_lines = lines
    for _ in range(14):
        mid = (low + high) / 2
        trial = typesetter.lines([(text, style)], mid, justify=False)
        if len(trial) <= count:
            high, best_lines = mid, trial
        else:
            low = mid
    return best_lines


def _best_breaks(typesetter: Typesetter, text: str, style: TextStyle, width: float,
                 breaks: Sequence[tuple[int, float]], fewest: int) -> list[str] | None:
    """The parts of `text` cut at candidate breaks into `fewest` lines (or one more) that each fit
    `width`, the most even with the least penalty; None when no cut fits."""
    penalty = dict(breaks)
    positions = sorted(penalty)
    if not positions or len(positions) > _MAX_CANDIDATES:
        return None
    widths: dict[tuple[int, int], float] = {}

    def part_width(a: int, b: int) -> float:
        if (a, b) not in widths:
            part = text[a:b].strip()
            widths[a, b] = typesetter.measure(part, style) if part else math.inf
        return widths[a, b]

    for count in range(fewest, min(fewest + 1, _MAX_TITLE_LINES) + 1):
        best: tuple[float, tuple[int, ...]] | None = None
        for cut in itertools.combinations(positions, count - 1):
            bounds = (0, *cut, len(text))
            parts = [part_width(a, b) for a, b in itertools.pairwise(bounds)]
            if max(parts) > width:
                continue
            score = (max(parts) - min(parts)) / width + sum(penalty[p] for p in cut)
            if best is None or score < best[0]:
                best = (score, cut)
        if best is not None:
            bounds = (0, *best[1], len(text))
            return [text[a:b].strip() for a, b in itertools.pairwise(bounds)]
    return None


def _first_height(flowable: Flowable, width: float, height: float) -> float:
    """The height of what `flowable` puts first on a page. A KeepTogether (a section whose heading is
    followed by no text, then its tables) cannot be measured before it is placed on a canvas, so its
    first item is measured instead."""
    if isinstance(flowable, KeepTogether):
        content = flowable._content  # reportlab keeps the list here and offers no accessor
        return _first_height(content[0], width, height) if content else 0.0
    return flowable.wrap(width, height)[1]


def keep_headings_with_text(story: list[Flowable], width: float, height: float, leading: float) -> list[Flowable]:
    """Before each run of standalone headings, a conditional page break: a heading never ends a page,
    it goes to the next page with the first two lines of its text. (reportlab's keepWithNext would
    move the whole following paragraph too, leaving half a page empty.)"""
    result: list[Flowable] = []
    i = 0
    while i < len(story):
        item = story[i]
        if not getattr(item, "heading", False):
            result.append(item)
            i += 1
            continue
        j = i
        needed = 0.0
        while j < len(story) and getattr(story[j], "heading", False):
            needed += story[j].wrap(width, height)[1]
            j += 1
        if j < len(story):
            needed += min(2 * leading, _first_height(story[j], width, height))
        result.append(CondPageBreak(needed + 0.01))
        result += story[i:j]
        i = j
    return result
