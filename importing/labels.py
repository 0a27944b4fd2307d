"""The template's labels as a reader of foreign files looks them up, whatever the format.

A row is found by its label in every form published tables print it: as the
template spells it, without its number, without its bracketed note, without
both ("予以公开", "属于国家秘密"), in the spelling of another template year for
the same row ("规范性文件"), or misprinted by one character when exactly one
label is that close. A shorter form that is also another label of the template
(其他, 总计 head columns too) is read only beside the row's group labels. A
column is found by its header label, a trailing note left off, or an
abbreviation that begins exactly one column label of its table ("社会公益").
Everything that is not the template's spelling or a shorter form of it is
read with a note (`Match.reading`); nothing that two labels could be is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from model.template import Column, Row, Table, Template
from model.workbook_format import unescape_cell_text

# --- a label reduced to what identifies it -------------------------------------------------

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_PUNCTUATION = re.compile(r"[、,;:。]")
_ARABIC_NUMBER = re.compile(r"^(\d{1,2})\s*[、.．,，]")
_CHINESE_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．,，]")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_LEADING_NUMBER = re.compile(r"^(\d{1,2}\.|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))")


def label_key(text: str) -> str:
    """A label reduced to what identifies it, so that the variants published
    tables use compare equal: full- and half-width brackets and digits
    (NFKC), stray spaces and line breaks, curly or straight quotes, 、 or ，,
    "1、" or "1." or "1．", 合计 for 总计, 结转下一年度 for 结转下年度."""
    # A grid's texts come decoded; decoding Excel's _xHHHH_ once more (harmless for other formats)
    # keeps the keys the Excel reader has always compared.
    text = unicodedata.normalize("NFKC", unescape_cell_text(text))
    text = _SPACE.sub("", text).translate(_QUOTES)
    text = _ARABIC_NUMBER.sub(r"\1.", text)
    text = _CHINESE_NUMBER.sub(r"\1、", text)
    numbering = _LEADING_NUMBER.match(text)
    prefix = numbering.group() if numbering else ""
    rest = _PUNCTUATION.sub("", text[len(prefix):])
    rest = rest.replace("合计", "总计").replace("下一年度", "下年度")
    return prefix + rest


def label_aliases(key: str) -> list[str]:
    """The shorter forms a published table may print for the label `key`: without
    its trailing note in brackets, without its number ("属于国家秘密"), without
    both. Each form once; `key` itself is not one of them."""
    stripped = _TRAILING_NOTE.sub("", key)
    forms = [stripped, strip_numbering(key), strip_numbering(stripped)]
    return [form for i, form in enumerate(forms) if form and form != key and form not in forms[:i]]


def strip_numbering(key: str) -> str:
    """`key` without its leading number ("1.", "一、", "(一)"); `key` when it has none or is nothing else."""
    numbering = _LEADING_NUMBER.match(key)
    return key[numbering.end():] if numbering and numbering.end() < len(key) else key


def leading_number(key: str) -> str:
    """The leading number of `key` ("1.", "一、", "(一)"), "" when it has none."""
    numbering = _LEADING_NUMBER.match(key)
    return numbering.group() if numbering and numbering.end() < len(key) else ""


def strip_note(key: str) -> str:
    """`key` without a trailing note in brackets."""
    return _TRAILING_NOTE.sub("", key) or key


# --- the template's labels --------------------------------------------------------------------

#: Column labels that are not template columns and are skipped on purpose.
IGNORED_COLUMNS = {"小计"}
#: A misprint is recognised only in a label this long (after label_key, without its number):
#: in a shorter one a single character is too much of the label to tell a misprint from another word.
MIN_MISPRINT_LENGTH = 4
#: Why a label was read as it was, for the notes of the import report.
MISPRINT = "与模板标签只差一个字"
ABBREVIATION = "模板列标题的简写"


@dataclass(frozen=True)
class RowMatch:
    #: Every (table, row) the text names; more than one only when its group labels must tell.
    rows: tuple[tuple[Table, Row], ...]
    #: True when the text is also another label of the template (其他 is a column of 表三 too):
    #: it names the row only beside the row's group labels.
    needs_context: bool = False
    #: Why the text was read as this row when it is not one of the row's own forms, "" when it is.
    reading: str = ""


@dataclass(frozen=True)
class ColumnMatch:
    columns: tuple[Column, ...]
    reading: str = ""


@dataclass(frozen=True)
class GroupRows:
    """An outer row label whose rows are all its direct sub-items (（六）其他处理 and its 1–3)."""

    table: Table
    label: str
    leaves: tuple[Row, ...]


@dataclass(frozen=True)
class _Target:
    """A label as a misprint is compared with it: its number and its text forms."""

    number: str
    texts: tuple[str, ...]
    #: ("row", row key) / ("column", column key) / ("other", key): what a misprint of it reads as.
    what: tuple[str, str]


@dataclass
class LabelIndex:
    template: Template
    #: every form of a row label → what it names
    rows: dict[str, RowMatch]
    #: every form of an outer row label (三、本年度办理结果, 不予公开) → its key
    groups: dict[str, str]
    #: key of an outer row label whose rows are all its direct sub-items → those rows
    group_rows: dict[str, GroupRows]
    #: table id → column label form → columns whose own label it is
    columns: dict[str, dict[str, list[Column]]]
    #: table id → keys of its columns' own labels (what an abbreviation may begin)
    column_keys: dict[str, set[str]]
    #: keys of every header label of every table, any level
    column_labels: set[str]
    captions: set[str]
    #: table id → keys of the outermost header labels (anchors of a table without row labels)
    top_labels: dict[str, set[str]]
    #: every form of every label of the template: never taken for a misprint of another
    known: set[str]
    targets: list[_Target] = field(default_factory=list)
    _closest: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    #: Every target text and every text it becomes with one character dropped → the targets'
    #: indexes: two texts within one edit always share one of these (built on first use).
    _near: dict[str, set[int]] | None = None
    _longest: int = 0
    #: Every character of every target text: a text within one edit of one has at most one other.
    _alphabet: frozenset[str] = frozenset()

    def match_row(self, key: str) -> RowMatch | None:
        """What the sheet label `key` names, if it names a row."""
        found = lookup(self.rows, key)
        if found is not None or not key or key in self.known:
            return found
        target = self.closest(key)
        if target is None or target[0] != "row":
            return None
        match = self.rows[target[1]]
        return RowMatch(match.rows, False, MISPRINT)

    def group_key(self, key: str) -> str | None:
        return lookup(self.groups, key)

    def match_column(self, table_id: str, key: str) -> ColumnMatch | None:
        by_key = self.columns[table_id]
        found = lookup(by_key, key)
        if found is not None:
            return ColumnMatch(tuple(found))
        if not key or key in self.known:
            return None
        starts = [label for label in self.column_keys[table_id] if label.startswith(key)]
        if len(key) >= 2 and len(starts) == 1:
            return ColumnMatch(tuple(by_key[starts[0]]), ABBREVIATION)
        target = self.closest(key)
        if target is not None and target[0] == "column" and target[1] in by_key:
            return ColumnMatch(tuple(by_key[target[1]]), MISPRINT)
        return None

    def closest(self, key: str) -> tuple[str, str] | None:
        """The one label `key` is a misprint of: one character dropped, added, changed or two
        swapped, its number (if it has one) the label's own; None unless exactly one label is that close."""
        if key.startswith("="):
            return None  # a formula's text: no label begins so
        if key not in self._closest:
            number, text = leading_number(key), strip_numbering(key)
            texts = {text, strip_note(text)}
            near = self._neighbourhoods()
            # Only targets sharing a one-deletion variant can be within one edit: a sheet of
            # thousands of texts is not compared with every label.
            alphabet = self._alphabet
            texts = {a for a in texts if len(a) <= self._longest + 1 and len(set(a) - alphabet) <= 1}
            candidates = {i for a in texts for variant in one_deletions(a) for i in near.get(variant, ())}
            hits = {
                target.what for target in (self.targets[i] for i in candidates)
                if (not number or number == target.number)
                and any(within_one_edit(a, b) for a in texts for b in target.texts)
            }
            self._closest[key] = hits.pop() if len(hits) == 1 else None
        return self._closest[key]

    def _neighbourhoods(self) -> dict[str, set[int]]:
        if self._near is None:
            near: dict[str, set[int]] = defaultdict(set)
            for i, target in enumerate(self.targets):
                for text in target.texts:
                    for variant in one_deletions(text):
                        near[variant].add(i)
            self._near = dict(near)
            self._longest = max((len(t) for target in self.targets for t in target.texts), default=0)
            self._alphabet = frozenset(ch for target in self.targets for t in target.texts for ch in t)
        return self._near


def lookup(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]`, else for the key without a trailing note in brackets; None if neither."""
    if key in mapping:
        return mapping[key]
    stripped = strip_note(key)
    if stripped != key and stripped in mapping:
        return mapping[stripped]
    return None


def one_deletions(text: str) -> set[str]:
    """`text` and every text it becomes with one character dropped."""
    return {text, *(text[:i] + text[i + 1:] for i in range(len(text)))}


def within_one_edit(a: str, b: str) -> bool:
    """True when `a` becomes `b` by at most one character dropped, added or changed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1:]


def _forms(key: str) -> list[str]:
    return [key, *label_aliases(key)]


def build_index(template: Template, others: tuple[Template, ...] = ()) -> LabelIndex:
    """The labels of `template`; `others` lend their spelling of a row both templates have (规范性文件)."""
    groups: dict[str, str] = {}
    group_rows: dict[str, GroupRows] = {}
    columns: dict[str, dict[str, list[Column]]] = {}
    column_keys: dict[str, set[str]] = {}
    column_labels: set[str] = set()
    captions = {label_key(t.caption) for t in template.tables if t.caption}
    corners = {label_key(t.corner) for t in template.tables if t.corner}
    top_labels: dict[str, set[str]] = {}
    full: dict[str, list[tuple[Table, Row]]] = defaultdict(list)
    for table in template.tables:
        for row in table.rows:
            if row.path:
                full[label_key(row.label)].append((table, row))
        by_key: dict[str, list[Column]] = defaultdict(list)
        for column in table.columns:
            by_key[label_key(column.label)].append(column)
            column_labels.update(label_key(p) for p in column.path)
        columns[table.id] = dict(by_key)
        column_keys[table.id] = set(by_key)
        top_labels[table.id] = {label_key(c.path[0]) for c in table.columns}
        group_rows.update(_group_rows(table))
    for table in template.tables:
        for row in table.rows:
            for outer in row.path[:-1]:
                key = label_key(outer)
                for form in _forms(key):
                    if form not in full and form not in column_labels:
                        groups.setdefault(form, key)
    # Labels that are not rows: a shorter row form equal to one of them names the row only beside its groups.
    others_labels = set(groups) | column_labels | captions | corners | IGNORED_COLUMNS
    rows: dict[str, RowMatch] = {key: RowMatch(tuple(found)) for key, found in full.items()}
    aliases: dict[str, dict[tuple[str, str], tuple[Table, Row]]] = defaultdict(dict)
    for key, found in full.items():
        for alias in label_aliases(key):
            if alias not in full:
                for table, row in found:
                    aliases[alias][(table.id, row.id)] = (table, row)
    for alias, by_row in aliases.items():
        rows[alias] = RowMatch(tuple(by_row.values()), needs_context=alias in others_labels)
    _lend_spellings(template, others, rows, others_labels)
    for table in template.tables:
        by_key = columns[table.id]
        for key, named in list(by_key.items()):
            for alias in label_aliases(key):
                if alias not in others_labels and alias not in rows and alias not in by_key:
                    by_key[alias] = named
    known = set(rows) | others_labels | {form for by_key in columns.values() for form in by_key}
    index = LabelIndex(template, rows, groups, group_rows, columns, column_keys, column_labels, captions,
                       top_labels, known)
    index.targets = _targets(template, full, groups, column_labels, captions | corners | IGNORED_COLUMNS)
    return index


def _group_rows(table: Table) -> dict[str, GroupRows]:
    """Outer labels whose rows are all direct sub-items that are not totals: （三）–（六） of 表三 (2021)."""
    children: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for row in table.rows:
        for depth in range(1, len(row.path)):
            children[row.path[:depth]].append(row)
    found = {}
    for prefix, rows in children.items():
        if all(len(r.path) == len(prefix) + 1 and not r.is_total for r in rows):
            found[label_key(prefix[-1])] = GroupRows(table, prefix[-1], tuple(rows))
    return found


def _lend_spellings(template: Template, others: tuple[Template, ...], rows: dict[str, RowMatch],
                    taken: set[str]) -> None:
    """Another template's label for a row of the same table and id (2019: 规范性文件 for 行政规范性文件)."""
    for other in others:
        for other_table in other.tables:
            if not template.has_table(other_table.id):
                continue
            table = template.table(other_table.id)
            for other_row in other_table.rows:
                if not other_row.path or other_row.id not in table.row_ids:
                    continue
                row = table.row(other_row.id)
                for form in _forms(label_key(other_row.label)):
                    if form not in rows and form not in taken:
                        rows[form] = RowMatch(((table, row),), reading=f"{other.year} 年模板的写法")


def _targets(template: Template, full: dict[str, list[tuple[Table, Row]]], groups: dict[str, str],
             column_labels: set[str], other_labels: set[str]) -> list[_Target]:
    def target(key: str, what: tuple[str, str]) -> _Target | None:
        text = strip_numbering(key)
        texts = tuple(t for t in dict.fromkeys((text, strip_note(text))) if len(t) >= MIN_MISPRINT_LENGTH)
        return _Target(leading_number(key), texts, what) if texts else None

    candidates = [target(key, ("row", key)) for key in full]
    candidates += [target(key, ("other", key)) for key in set(groups.values())]
    candidates += [target(key, ("column", key)) for key in column_labels]
    candidates += [target(key, ("other", key)) for key in other_labels]
    return [c for c in candidates if c is not None]
