"""The lines of a table's section in mangled text, cut into tokens — label text, numbers and the
marks published tables print for "not applicable" ("/", "—", "无") — and the template's row labels
found in them, however the text broke them over lines.

Labels are compared loosely (`loose_key`): full- and half-width forms, spaces and line breaks,
quotes and enumeration punctuation do not count, so "三、本" / "年度办" / "理结果" and
"（三）不 予公开" read as the template's labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from importing.document import TextBlock
from importing.text_reader import is_page_furniture
from model.template import Row, Table


class TokenKind(Enum):
    TEXT = "text"
    NUMBER = "number"
    MARK = "mark"  # "/", "—", "无": printed where a number belongs, never read as 0


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    #: The index of the line (block) it is on, and that line's place ("第 57 行").
    line: int
    place: str
    #: The tab-separated field of its line it is in.
    field: int


#: What published tables print in a cell that holds no number.
MARKS = frozenset({"/", "\\", "-", "—", "——", "–", "―", "~", "×", "…", "无", "空", "—/—", "-/-"})
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
#: After a number, what makes it a label's numbering ("1." "1、") or a date or a reference, not a value.
_NOT_A_VALUE_AFTER = re.compile(r"(?:[.、,](?!\d)|[年月日号条项款页])")
_DROPPED = re.compile(r"[\s“”‘’\"'「」『』、,;:。.·]")


def loose_key(text: str) -> str:
    """`text` as labels are compared: NFKC, without spaces, quotes and enumeration punctuation,
    合计 as 总计 and 下一年度 as 下年度 (published spellings of the template's labels)."""
    text = _DROPPED.sub("", unicodedata.normalize("NFKC", text))
    return text.replace("合计", "总计").replace("下一年度", "下年度")


def tokenize(blocks: Sequence[TextBlock]) -> tuple[list[Token], list[list[str]]]:
    """Every token of `blocks` in reading order, and each line's tab-separated fields (NFKC)."""
    tokens: list[Token] = []
    fields_of_lines: list[list[str]] = []
    for line, block in enumerate(blocks):
        text = unicodedata.normalize("NFKC", block.text)
        fields = text.split("\t")
        fields_of_lines.append(fields)
        if is_page_furniture(text):
            continue  # a page number inside the table (pdftotext output not read by text_reader)
        for field, content in enumerate(fields):
            for piece in content.split():
                tokens += _piece_tokens(piece, line, block.place, field)
    return tokens, fields_of_lines


def _piece_tokens(piece: str, line: int, place: str, field: int) -> list[Token]:
    if piece in MARKS:
        return [Token(TokenKind.MARK, piece, line, place, field)]
    found: list[Token] = []
    start = 0
    for match in _NUMBER.finditer(piece):
        if _NOT_A_VALUE_AFTER.match(piece, match.end()) or (match.start() and piece[match.start() - 1] in "第"):
            continue
        if match.start() > start:
            found.append(Token(TokenKind.TEXT, piece[start:match.start()], line, place, field))
        found.append(Token(TokenKind.NUMBER, match.group(), line, place, field))
        start = match.end()
    if start < len(piece):
        found.append(Token(TokenKind.TEXT, piece[start:], line, place, field))
    return found


# --- finding the rows -------------------------------------------------------------------------

_NUMBERING = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3}|\([一二三四五六七八九十]{1,3}\))")
_NOTE = re.compile(r"\([^()]*\)$")
#: A row label without its number is looked for only when it is this long: "其他" and "总计"
#: without their numbers are column labels too (a header repeated after a page break).
MIN_UNNUMBERED = 4


def label_forms(label: str) -> list[str]:
    """The loose keys a published table may print for `label`: as spelled, without its bracketed
    note, without its number, without both (the last two only when long enough to be unambiguous)."""
    key = loose_key(label)
    no_note = _NOTE.sub("", key) or key
    forms = [key, no_note]
    for form in (key, no_note):
        numbering = _NUMBERING.match(form)
        if numbering and len(form) - numbering.end() >= MIN_UNNUMBERED:
            forms.append(form[numbering.end():])
    return list(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class LabelSpan:
    """Where a row's label was found: its first and last token and the stream position after it."""

    first: int
    last: int
    end: int


class TextStream:
    """The text tokens' loose keys joined, with the token each character came from: a label broken
    over lines, or with numbers printed in its middle, is one run of this stream."""

    def __init__(self, tokens: Sequence[Token], skip: frozenset[int] = frozenset()) -> None:
        self.tokens = tokens
        parts: list[str] = []
        owners: list[int] = []
        for i, token in enumerate(tokens):
            if token.kind is TokenKind.TEXT and i not in skip:
                key = loose_key(token.text)
                parts.append(key)
                owners += [i] * len(key)
        self.text = "".join(parts)
        self.owners = owners

    def find(self, forms: Sequence[str], start: int, stop: int | None = None) -> LabelSpan | None:
        """The earliest of `forms` at or after stream position `start` (and before `stop`); on a tie the longest."""
        best: tuple[int, int] | None = None
        for form in forms:
            at = self.text.find(form, start, stop if stop is not None else len(self.text))
            if at >= 0 and (best is None or at < best[0] or (at == best[0] and len(form) > best[1])):
                best = (at, len(form))
        if best is None:
            return None
        at, length = best
        return LabelSpan(self.owners[at], self.owners[at + length - 1], at + length)

    def position_of(self, token: int) -> int:
        """The stream position where text token `token` begins (or the end when none is at or after it)."""
        for at, owner in enumerate(self.owners):
            if owner >= token:
                return at
        return len(self.text)


def find_rows(table: Table, stream: TextStream) -> dict[str, LabelSpan]:
    """Row id → where its label is, for each row of `table` found in template order."""
    found: dict[str, LabelSpan] = {}
    cursor = 0
    last_token = -1
    for row in table.rows:
        if not row.path:
            continue
        forms = label_forms(row.label)
        span = stream.find(forms, cursor)
        if span is None and len(row.path) > 1:
            span = _between_group_fragments(row, forms, stream, last_token)
        if span is not None:
            found[row.id] = span
            cursor = stream.position_of(span.last + 1) if span.end <= cursor else span.end
            last_token = span.last
    return found


def _between_group_fragments(row: Row, forms: list[str], stream: TextStream, after: int) -> LabelSpan | None:
    """The label of `row` printed with pieces of its group labels between its lines (pdftotext
    -layout: "1.属于" / "不予公 国家秘" / "开 密"): found once those pieces are left out."""
    groups = [loose_key(label) for label in row.path[:-1]]
    pieces = {i: key for i, token in enumerate(stream.tokens) if i > after and token.kind is TokenKind.TEXT
              and (key := loose_key(token.text)) and any(key in group for group in groups)}
    # A piece that is also part of the label ("理" of 其他处理 beside 当理由) is tried both ways.
    for skip in (frozenset(i for i, key in pieces.items() if not any(key in form for form in forms)),
                 frozenset(pieces)):
        if skip:
            filtered = TextStream(stream.tokens, skip)
            span = filtered.find(forms, filtered.position_of(after + 1))
            if span is not None:
                return span
    return None


def find_group(group_label: str, stream: TextStream, start: int, stop: int | None) -> LabelSpan | None:
    """The single row printed for a group in place of its sub-items (（六）其他处理), between two positions."""
    return stream.find(label_forms(group_label), start, stop)


def data_tokens(tokens: Sequence[Token], span: LabelSpan, next_first: int | None) -> list[int]:
    """The numbers and marks of the row whose label is `span`: after its label begins and before the
    next row's label, up to the first text after them that is not its own label's (a heading, a note)."""
    found: list[int] = []
    stop = len(tokens) if next_first is None else next_first
    for i in range(span.first + 1, stop):
        token = tokens[i]
        if token.kind is TokenKind.TEXT:
            if found and i > span.last:
                break
            continue
        found.append(i)
    return found


def unlabelled_data(tokens: Sequence[Token]) -> list[int]:
    """The numbers and marks of a table without row labels (表四): the first run of them, texts
    between them (a header broken across a page) skipped until text follows the numbers."""
    found: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind is TokenKind.TEXT:
            if found:
                break
            continue
        found.append(i)
    return found


def group_rows(table: Table) -> dict[str, tuple[Row, ...]]:
    """Outer label → its rows, for the groups of `table` whose rows are all its direct, non-total
    sub-items (（三）–（六） of 表三): such a group may be printed as a single row."""
    children: dict[tuple[str, ...], list[Row]] = {}
    for row in table.rows:
        for depth in range(1, len(row.path)):
            children.setdefault(row.path[:depth], []).append(row)
    return {prefix[-1]: tuple(rows) for prefix, rows in children.items()
            if all(len(r.path) == len(prefix) + 1 and not r.is_total for r in rows)}
