"""What the line breaker (export.cjk_lines) may adjust before it spreads characters apart.

Good Chinese typesetting (W3C "Requirements for Chinese Text Layout", clreq §3.1, §3.2) avoids
loose lines in this order:

1. Punctuation squeeze. A full-width punctuation mark is a glyph in one half of an em box and a
   blank in the other. In simplified-Chinese faces ，。、；：！？ and the closing brackets and quotes
   ）》”’」』】〕〉 sit in the left half (blank right); the opening ones （《“‘「『【〔〈 in the right
   half (blank left) — checked against the bundled Noto Serif SC (hmtx/glyf bounds). Two marks in
   a row are always set with one blank half removed (「）。」「，“」「。”」「》，」: the first loses its
   blank right half; 「（《」: the second loses its blank left half). A closing mark that ends a line
   may also be compressed to half width, but only as far as the line needs to fit (no hanging
   punctuation). An opening mark starting a line keeps its full width: the left edge and the
   paragraph's two-character indent stay on the character grid.
2. Breaking a URL or an e-mail address (the only Latin runs that may be broken): after "/" and
   before . @ ? & = - _ #, and only when the line would otherwise be loose. Numbers such as
   0632-3168699 and 7.82% are not URLs and are never broken.
3. Only then the leftover space is shared among the gaps between characters; on a line still loose
   (an address whose break points are far apart, a number that never breaks), also among the gaps
   between the letters of the URLs and e-mail addresses on it, up to a limit (clreq accepts spacing
   Western text in a justified Chinese line when nothing else gives way).
"""

from __future__ import annotations

import re

__all__ = ["BLANK_LEFT", "BLANK_RIGHT", "is_url", "url_breaks"]

#: Full-width marks whose glyph sits in the left half of the em box (the right half is blank).
BLANK_RIGHT = frozenset("，。、；：！？）》”’」』】〕〉〗〙〛］｝｠")
#: Full-width marks whose glyph sits in the right half (the left half is blank).
BLANK_LEFT = frozenset("（《“‘「『【〔〈〖〘〚［｛｟")

#: Where a URL may break: after "/", before these.
_BREAK_BEFORE = frozenset(".@?&=-_#")
#: A run longer than this is not treated as an address (a pasted blob): it is split by character,
#: as any unit wider than a line, in linear time.
MAX_URL_LENGTH = 300
_EMAIL = re.compile(r"@[^@]*\.")
_LETTER = re.compile(r"[A-Za-z]")


def is_url(text: str) -> bool:
    """Whether a Latin run looks like a URL or an e-mail address: it contains "://" or "www.", an "@"
    with a dot after it, or a path of two "/" or more with letters (not a date such as 2024/1/20)."""
    if len(text) > MAX_URL_LENGTH or len(text) < 4:
        return False
    lowered = text.lower()
    if "://" in lowered or "www." in lowered or _EMAIL.search(text):
        return True
    return text.count("/") >= 2 and _LETTER.search(text) is not None


def url_breaks(text: str) -> list[int]:
    """The positions (0 < p < len) at which a URL may be broken, in increasing order: after a "/"
    that is not followed by another "/" (never inside "://"), before . @ ? & = - _ # that do not
    follow a break character themselves. Each side of a break keeps two characters at least."""
    positions: list[int] = []
    for p in range(2, len(text) - 1):
        before, after = text[p - 1], text[p]
        after_slash = before == "/" and after != "/"
        before_sign = after in _BREAK_BEFORE and before not in _BREAK_BEFORE and before != "/"
        if after_slash or before_sign:
            positions.append(p)
    return positions
