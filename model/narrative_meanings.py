"""Which table cells each kind of claim is about: one table of meanings, read through the template's roles.

A claim means the sum of some cells ("不予公开3件" = （三）不予公开 1–8). Some
phrasings are ambiguous in real use, so a meaning may list alternatives, and a
claim agrees with the tables when it matches any of them: "共办理政府信息公开申请
N件" means 一, 一 + 二 or （七）总计 depending on the writer. The table of meanings
names roles, not cells: each template's declaration (`Template.roles`) says which
of its cells a role is, so one table serves every template year.
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
from model.template import CellRef, Role, Table, Template

#: Roles whose cells intersect into the cells of one term: (Role.RECEIVED, Role.APPLICANT_TOTAL)
#: is 表三's 一 in its 总计 column.
Term = tuple[Role, ...]
#: One reading of a claim: the sum of the cells of its terms.
Alternative = tuple[Term, ...]
#: A claim's key in the table of meanings: its kind and a qualifier (the document
#: subject of a 规章 / 规范性文件 count, or INCLUDING_CARRY_OVER).
MeaningKey = tuple[str, str | None]

#: A received figure in a sentence that speaks of 结转: "共收到……10件（含上年结转1件）".
INCLUDING_CARRY_OVER = "including_carry_over"

_TOTAL = Role.APPLICANT_TOTAL
_NEW, _CARRIED, _CONCLUDED = (Role.RECEIVED, _TOTAL), (Role.CARRIED_IN, _TOTAL), (Role.RESULT_TOTAL, _TOTAL)

_APPLICATIONS: dict[MeaningKey, tuple[Alternative, ...]] = {
    (RECEIVED, None): ((_NEW,),),
    (RECEIVED, INCLUDING_CARRY_OVER): ((_NEW,), (_NEW, _CARRIED)),
    (CARRIED_IN, None): ((_CARRIED,),),
    (GRANTED, None): (((Role.GRANTED, _TOTAL),),),
    (PARTLY, None): (((Role.PARTLY_GRANTED, _TOTAL),),),
    (GRANTED_OR_PARTLY, None): (((Role.GRANTED, _TOTAL), (Role.PARTLY_GRANTED, _TOTAL)),),
    (REFUSED, None): (((Role.REFUSED, _TOTAL),),),
    (UNABLE, None): (((Role.UNABLE, _TOTAL),),),
    (NOT_PROCESSED, None): (((Role.NOT_PROCESSED, _TOTAL),),),
    (CONCLUDED, None): ((_CONCLUDED,),),
    (HANDLED, None): ((_NEW,), (_NEW, _CARRIED), (_CONCLUDED,)),
    (CARRIED_OVER, None): (((Role.CARRIED_OUT, _TOTAL),),),
    (REVIEW, None): (((Role.REVIEWS,),),),
    (SUIT, None): (((Role.LAWSUITS,),),),
    (DIRECT_SUIT, None): (((Role.DIRECT_SUITS,),),),
    (SUIT_AFTER_REVIEW, None): (((Role.SUITS_AFTER_REVIEW,),),),
    (REVIEW_AND_SUIT, None): (((Role.REVIEWS,), (Role.LAWSUITS,)),),
    (LICENSING, None): (((Role.LICENSING,),),),
}


def _documents() -> dict[MeaningKey, tuple[Alternative, ...]]:
    """规章 / 规范性文件 counts: a document kind's column of 第二十条第（一）项 in the subject's rows.
    A template without the column (2019: no 废止, no 现行有效) declares it ABSENT: no reading."""
    columns = {ISSUED: Role.DOCUMENTS_ISSUED, ABOLISHED: Role.DOCUMENTS_ABOLISHED, IN_FORCE: Role.DOCUMENTS_IN_FORCE}
    rows = {RULES: (Role.RULES,), NORMATIVE: (Role.NORMATIVE_DOCUMENTS,),
            BOTH: (Role.RULES, Role.NORMATIVE_DOCUMENTS)}
    return {(kind, subject): (tuple((column, row) for row in subject_rows),)
            for kind, column in columns.items() for subject, subject_rows in rows.items()}


#: Claim kind → its readings, in order of likelihood: the same for every template, whose roles
#: say which cells each means (本年新制作数量 for documents issued in the 2019 template).
MEANINGS: dict[MeaningKey, tuple[Alternative, ...]] = {**_APPLICATIONS, **_documents()}


def meaning_key(claim: Claim) -> MeaningKey:
    if claim.kind in DOC_KINDS:
        return claim.kind, claim.subject
    if claim.kind == RECEIVED and claim.mentions_carry_over:
        return claim.kind, INCLUDING_CARRY_OVER
    return claim.kind, None


Cells = tuple[CellRef, ...]


def claim_alternatives(claim: Claim, template: Template) -> tuple[tuple[Table, Cells], ...]:
    """Every reading of `claim`: the table and the cells (row id, column id) whose
    sum it may state, in order of likelihood. Readings with a role the template
    declares ABSENT are left out."""
    found = []
    for alternative in MEANINGS.get(meaning_key(claim), ()):
        found_terms = [template.cells_of(*term) for term in alternative]
        terms = [term for term in found_terms if term is not None]
        if len(terms) < len(found_terms):
            continue
        table = terms[0][0]
        found.append((table, tuple(cell for _table, cells in terms for cell in cells)))
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
    # A table with nested row labels (表三) names a sum of rows by the rows; a flat one by its cells.
    if len(columns) == 1 and len(rows) > 1 and table.label_depth > 1:
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
