"""Which table cells each kind of claim is about: one table of meanings per template.

A claim means the sum of some cells ("不予公开3件" = （三）不予公开 1–8). Some
phrasings are ambiguous in real use, so a meaning may list alternatives, and a
claim agrees with the tables when it matches any of them: "共办理政府信息公开申请
N件" means 一, 一 + 二 or （七）总计 depending on the writer. The tables below are
data on purpose: they belong in the template declaration and will move there.
"""

from __future__ import annotations

import re

from model.narrative_claims import (
    ABOLISHED,
    BOTH,
    CARRIED_IN,
    CARRIED_OVER,
    CONCLUDED,
    DIRECT_SUIT,
    DOC_KINDS,
    GRANTED,
    GRANTED_OR_PARTLY,
    HANDLED,
    IN_FORCE,
    ISSUED,
    LICENSING,
    NORMATIVE,
    NOT_PROCESSED,
    PARTLY,
    RECEIVED,
    REFUSED,
    REVIEW,
    REVIEW_AND_SUIT,
    RULES,
    SUIT,
    SUIT_AFTER_REVIEW,
    UNABLE,
    Claim,
)
from model.template import Table, Template

#: (row id, column id). A row id ending in "." stands for every row under it:
#: ("3.3.", "total") is （三）不予公开 1–8.
CellRef = tuple[str, str]
#: (table id, the cells whose sum the claim states).
Alternative = tuple[str, tuple[CellRef, ...]]
#: A claim's key in a table of meanings: its kind and a qualifier (the document
#: subject of a 规章 / 规范性文件 count, or INCLUDING_CARRY_OVER).
MeaningKey = tuple[str, str | None]

#: A received figure in a sentence that speaks of 结转: "共收到……10件（含上年结转1件）".
INCLUDING_CARRY_OVER = "including_carry_over"

_T3_NEW, _T3_CARRIED, _T3_TOTAL = ("1", "total"), ("2", "total"), ("3.7", "total")
_T4_REVIEW, _T4_DIRECT, _T4_AFTER = ("cases", "review.total"), ("cases", "direct_suit.total"), (
    "cases", "suit_after_review.total")

_APPLICATIONS: dict[MeaningKey, tuple[Alternative, ...]] = {
    (RECEIVED, None): (("t3", (_T3_NEW,)),),
    (RECEIVED, INCLUDING_CARRY_OVER): (("t3", (_T3_NEW,)), ("t3", (_T3_NEW, _T3_CARRIED))),
    (CARRIED_IN, None): (("t3", (_T3_CARRIED,)),),
    (GRANTED, None): (("t3", (("3.1", "total"),)),),
    (PARTLY, None): (("t3", (("3.2", "total"),)),),
    (GRANTED_OR_PARTLY, None): (("t3", (("3.1", "total"), ("3.2", "total"))),),
    (REFUSED, None): (("t3", (("3.3.", "total"),)),),
    (UNABLE, None): (("t3", (("3.4.", "total"),)),),
    (NOT_PROCESSED, None): (("t3", (("3.5.", "total"),)),),
    (CONCLUDED, None): (("t3", (_T3_TOTAL,)),),
    (HANDLED, None): (("t3", (_T3_NEW,)), ("t3", (_T3_NEW, _T3_CARRIED)), ("t3", (_T3_TOTAL,))),
    (CARRIED_OVER, None): (("t3", (("4", "total"),)),),
    (REVIEW, None): (("t4", (_T4_REVIEW,)),),
    (SUIT, None): (("t4", (_T4_DIRECT, _T4_AFTER)),),
    (DIRECT_SUIT, None): (("t4", (_T4_DIRECT,)),),
    (SUIT_AFTER_REVIEW, None): (("t4", (_T4_AFTER,)),),
    (REVIEW_AND_SUIT, None): (("t4", (_T4_REVIEW, _T4_DIRECT, _T4_AFTER)),),
}


def _documents(columns: dict[str, str]) -> dict[MeaningKey, tuple[Alternative, ...]]:
    """规章 / 规范性文件 counts: `columns` maps a document kind to its column of 第二十条第（一）项."""
    rows = {RULES: ("rules",), NORMATIVE: ("normative",), BOTH: ("rules", "normative")}
    return {(kind, subject): (("t2_1", tuple((r, column) for r in subject_rows)),)
            for kind, column in columns.items() for subject, subject_rows in rows.items()}


#: The 2021 template (国办公开办函〔2021〕30号).
MEANINGS_2021: dict[MeaningKey, tuple[Alternative, ...]] = {
    **_APPLICATIONS,
    (LICENSING, None): (("t2_5", (("licensing", "decisions"),)),),
    **_documents({ISSUED: "issued", ABOLISHED: "abolished", IN_FORCE: "in_force"}),
}
#: The 2019 template: 本年新制作数量 for documents made; no 废止 or 现行有效 column.
MEANINGS_2019: dict[MeaningKey, tuple[Alternative, ...]] = {
    **_APPLICATIONS,
    (LICENSING, None): (("t2_5", (("licensing", "decision_count"),)),),
    **_documents({ISSUED: "made"}),
}
MEANINGS: dict[int, dict[MeaningKey, tuple[Alternative, ...]]] = {2021: MEANINGS_2021, 2019: MEANINGS_2019}


def meaning_key(claim: Claim) -> MeaningKey:
    if claim.kind in DOC_KINDS:
        return claim.kind, claim.subject
    if claim.kind == RECEIVED and claim.mentions_carry_over:
        return claim.kind, INCLUDING_CARRY_OVER
    return claim.kind, None


Cells = tuple[tuple[str, str], ...]


def claim_alternatives(claim: Claim, template: Template) -> tuple[tuple[Table, Cells], ...]:
    """Every reading of `claim`: the table and the cells (row id, column id) whose
    sum it may state, in order of likelihood. Readings whose cells the template
    lacks are left out."""
    found = []
    for table_id, refs in MEANINGS.get(template.year, {}).get(meaning_key(claim), ()):
        if not template.has_table(table_id):
            continue
        table = template.table(table_id)
        cells = tuple((r, c) for row, c in refs
                      for r in ([x for x in table.row_ids if x.startswith(row)] if row.endswith(".") else [row]))
        if cells and all(table.has_cell(r, c) for r, c in cells):
            found.append((table, cells))
    return tuple(found)


def claim_cells(claim: Claim, template: Template) -> tuple[Table, Cells] | None:
    """The table and cells (row id, column id) whose sum `claim` states (its
    likeliest reading), or None."""
    alternatives = claim_alternatives(claim, template)
    return alternatives[0] if alternatives else None


_TRAILING_NOTE = re.compile(r"（[^（）]*）\Z")


def cells_name(table: Table, cells: Cells) -> str:
    """The cells as a message names them: "表三 （一）予以公开与（二）部分公开之和 · 总计"."""
    if len(cells) == 1:
        return table.cell_name(*cells[0])
    rows = {r for r, _c in cells}
    columns = {c for _r, c in cells}
    if len(columns) == 1 and len(rows) > 1 and table.id == "t3":
        groups = {table.row(r).path[1] if len(table.row(r).path) > 2 else None for r in rows}
        if len(groups) == 1 and None not in groups:  # （三）不予公开 1–8
            return f"{table.name} {groups.pop()}（各项之和）· {table.column_name(cells[0][1])}"
        # （二）部分公开（区分处理的，……）: the note is not needed to name the row.
        labels = [_TRAILING_NOTE.sub("", table.row(r).label) for r, _c in cells]
        return f"{table.name} {'与'.join(labels)}之和 · {table.column_name(cells[0][1])}"
    names = [table.cell_name(r, c).removeprefix(table.name).strip() for r, c in cells]
    return f"{table.name} {'与'.join(names)}之和"


_ROW_TAG = re.compile(r"[一二三四五六七八九十]+(?=、)|（[一二三四五六七八九十]+）")


def short_cells_name(table: Table, cells: Cells) -> str:
    """A further reading named after the first: "一与二之和", "（七）总计"."""
    labels = [_TRAILING_NOTE.sub("", table.row(r).label) for r, _c in cells]
    if len(labels) == 1:
        return labels[0]
    tags = [m.group(0) if (m := _ROW_TAG.match(label)) else label for label in labels]
    return f"{'与'.join(tags)}之和"
