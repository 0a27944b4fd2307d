"""Text in the PDF: measuring and drawing in a font set, and the flowables for paragraphs and the title.

Lines are broken by export.cjk_lines (Chinese kinsoku, unbreakable Latin runs,
justification); every piece of a line is drawn at the position the engine gave
it, as real text (selectable, searchable), in the role's font or — for a
character that font lacks — in a stand-in font (see FontSet.runs).
"""

from __future__ import annotations

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

    def lines(self, spans: Spans, width: float, indent: float = 0.0, justify: bool = True) -> list[Line]:
        """`spans` broken into lines. A URL, an e-mail address or a number is never split, even when
        pushing it whole to the next line leaves wider gaps in the line before."""
        return break_spans(spans, self.measure, width, indent, justify)

    def draw_line(self, canvas: Canvas, line: Line, x: float, baseline: float) -> None:
        """Draw one line with its left edge at x: every piece where the engine put it."""
        if not line.pieces:
            return
        text = canvas.beginText(x, baseline)
        origin = 0.0  # x of the current text line start, relative to x
        font_state = None
        for piece in line.pieces:
            if piece.text.isspace() or not piece.text.strip(ZWSP):
                continue
            style: TextStyle = piece.style
            text.moveCursor(piece.x - origin, 0)
            origin = piece.x
            for run, font in self.runs(piece.text, style.role):
                state = (font, style.size, style.char_space)
                if state != font_state:
                    if font_state is None or font_state[:2] != state[:2]:
                        text.setFont(font, style.size)
                    if font_state is None or font_state[2] != state[2]:
                        text.setCharSpace(style.char_space)
                    font_state = state
                text.textOut(run)
        canvas.drawText(text)


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


def balanced_lines(typesetter: Typesetter, text: str, style: TextStyle, width: float,
                   breaks: Sequence[tuple[int, float]] = ()) -> list[Line]:
    """`text` in as few lines as it needs, each about as long as the others."""
    lines = typesetter.lines([(text, style)], width, justify=False)
    if len(lines) < 2:
        return lines
    if len(lines) == 2:
        best = None
        for position, penalty in breaks:
            head, tail = text[:position].strip(), text[position:].strip()
            if not head or not tail:
                continue
            w1, w2 = typesetter.measure(head, style), typesetter.measure(tail, style)
            if max(w1, w2) > width:
                continue
            score = abs(w1 - w2) / width + penalty
            if best is None or score < best[0]:
                best = (score, head, tail)
        if best is not None and best[0] < 0.5:
            return [typesetter.lines([(part, style)], width, justify=False)[0] for part in best[1:]]
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
