"""已核实: a warning a reviewer has checked and signed off, with a note saying who and why.

A sign-off remembers what was checked, not only which warning: a fingerprint of the rule, the
place and the content the finding points at — the value of every cell it involves, the text of
the sentence (or paragraph), the metadata field's value — and of the finding's message. When any
of them changes, the mark no longer matches and is dropped (`prune`): what was checked is no
longer what is shown. The message is part of it on purpose: a warning that compares with last
year's report says something else once last year's value changed, even if this year's cells did
not, and that new statement has not been checked.

The place is kept without the character span (`identity`): a sentence that moved because an
earlier one was edited is still the sentence that was checked (its text is in the fingerprint).

Errors cannot be signed off: an error is a report that is wrong, not one that looks unusual.
Saved by the project file under "signoffs" (format version 4, docs/file-format.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from model.findings import Finding, Location, Severity
from model.strict_json import Invalid, check_keys, expect, read_text

if TYPE_CHECKING:
    from model.report import Report

#: A note is a sentence or two (who checked it and why it is right), not a document.
MAX_NOTE_CHARS = 500
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_LOCATION_TEXT_KEYS = ("table", "row", "column", "field", "source")


class SignOffRefused(ValueError):
    """Why a finding cannot be signed off; str() is the message for the user (Chinese)."""


@dataclass(frozen=True)
class SignOff:
    rule: str
    #: The finding's place without its character span (`identity`).
    location: Location
    #: `fingerprint(report, finding)` when it was signed off.
    fingerprint: str
    #: Who checked it and why it is right: 「行政许可大幅增长系机构改革划入（张三核实）」.
    note: str


def identity(location: Location) -> Location:
    """The place a sign-off is kept for: `location` without the span that moves with earlier edits."""
    return replace(location, span=None)


def fingerprint(report: Report, finding: Finding) -> str:
    """A digest of the rule, the place, the message and the content the finding points at."""
    content = {
        "rule": finding.rule,
        "location": identity(finding.location).to_json(),
        "message": finding.message,
        "cells": _cell_contents(report, finding.location),
        "text": _text_content(report, finding.location),
        "field": _field_content(report, finding.location),
    }
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def _value_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 1.50 and 1.5 are the same amount
    return str(value)


def _cell_contents(report: Report, location: Location) -> list[list[str | None]]:
    table_id = location.table
    if table_id is None or not report.template.has_table(table_id):
        return []
    table = report.template.table(table_id)
    keys = set(location.cells)
    if location.row is not None and location.column is not None:
        keys.add((location.row, location.column))
    elif location.row is not None:
        keys.update((location.row, column) for column in table.column_ids)
    elif location.column is not None:
        keys.update((row, location.column) for row in table.row_ids)
    return [[row, column, _value_text(report.cells.get((table_id, row, column), "缺失"))]
            for row, column in sorted(keys)]


def _text_content(report: Report, location: Location) -> str | None:
    if location.paragraph is None:
        return None
    if location.section == "preamble":
        paragraphs = report.preamble
    else:
        section = report.section(location.section)
        paragraphs = section.paragraphs if section is not None else []
    if not 0 <= location.paragraph < len(paragraphs):
        return None
    text = paragraphs[location.paragraph]
    if location.span is not None:
        start, end = location.span
        text = text[start:end]
    return text


def _field_content(report: Report, location: Location) -> str | None:
    if location.field is None:
        return None
    value = getattr(report.meta, location.field, None)
    return None if value is None else str(value)


def signoff_for(report: Report, finding: Finding) -> SignOff | None:
    """The stored sign-off of `finding` whose fingerprint still matches; None otherwise (and for errors)."""
    if finding.severity is Severity.ERROR or not report.signoffs:
        return None
    place = identity(finding.location)
    candidates = [s for s in report.signoffs if s.rule == finding.rule and s.location == place]
    if not candidates:
        return None
    current = fingerprint(report, finding)
    return next((s for s in candidates if s.fingerprint == current), None)


def make_signoff(report: Report, finding: Finding, note: str) -> SignOff:
    """The sign-off of `finding` with `note`, not stored yet; SignOffRefused for an error or an empty note."""
    if finding.severity is Severity.ERROR:
        raise SignOffRefused("错误不能标记为已核实：错误说明报告有误，须改正后才能发布。")
    note = note.strip()
    if not note:
        raise SignOffRefused("请填写核实说明：由谁核实、为什么这样是正确的。")
    if len(note) > MAX_NOTE_CHARS:
        raise SignOffRefused(f"核实说明不能超过 {MAX_NOTE_CHARS} 个字。")
    return SignOff(finding.rule, identity(finding.location), fingerprint(report, finding), note)


def sign_off(report: Report, finding: Finding, note: str) -> SignOff:
    """Mark `finding` 已核实 with `note` (replacing an earlier note of the same finding)."""
    signoff = make_signoff(report, finding, note)
    report.signoffs = [s for s in report.signoffs if not _same_finding(s, signoff)] + [signoff]
    return signoff


def remove_signoff(report: Report, finding: Finding) -> SignOff | None:
    """取消核实: drop the sign-off of `finding`; the one dropped, or None when it had none."""
    signoff = signoff_for(report, finding)
    if signoff is not None:
        report.signoffs = [s for s in report.signoffs if s != signoff]
    return signoff


def _same_finding(a: SignOff, b: SignOff) -> bool:
    return (a.rule, a.location, a.fingerprint) == (b.rule, b.location, b.fingerprint)


def prune(report: Report, findings: list[Finding]) -> list[SignOff]:
    """Drop the sign-offs that match no current warning (its cells or sentence changed, its rule is
    gone); the dropped ones are returned (an editor may bring one back when an undo restores it)."""
    if not report.signoffs:
        return []
    current = {(f.rule, identity(f.location), fingerprint(report, f))
               for f in findings if f.severity is not Severity.ERROR}
    kept = [s for s in report.signoffs if (s.rule, s.location, s.fingerprint) in current]
    dropped = [s for s in report.signoffs if s not in kept]
    if dropped:
        report.signoffs = kept
    return dropped


def count_signed(report: Report, findings: list[Finding]) -> int:
    """How many of `findings` are signed off (for 「警告 5（已核实 2）」)."""
    return sum(signoff_for(report, f) is not None for f in findings)


# --- the project file ("signoffs", format version 4) ----------------------------------------


def signoffs_to_json(signoffs: list[SignOff]) -> list[dict[str, Any]]:
    return [{"rule": s.rule, "location": s.location.to_json(), "fingerprint": s.fingerprint, "note": s.note}
            for s in signoffs]


def signoffs_from_json(items: Any, name: str = "signoffs") -> list[SignOff]:
    """The sign-offs of a file, validated strictly (Invalid names the key). A well-formed sign-off of a
    rule this release does not know is kept: rules are added between releases without a new format
    version; it matches no finding, so the first check drops it (`prune`) and it is never shown."""
    expect(items, list, name, "数组")
    result: list[SignOff] = []
    for i, item in enumerate(items):
        field = f"{name}[{i}]"
        expect(item, dict, field, "对象")
        check_keys(item, field, {"rule", "location", "fingerprint", "note"})
        rule = read_text(item["rule"], f"{field}.rule")
        if not re.fullmatch(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)*", rule):
            raise Invalid(f"不是有效的规则编号“{rule[:30]}”", f"{field}.rule")
        location = _location_from_json(item["location"], f"{field}.location")
        digest = read_text(item["fingerprint"], f"{field}.fingerprint")
        if not _FINGERPRINT.fullmatch(digest):
            raise Invalid("应为 64 位小写十六进制的指纹", f"{field}.fingerprint")
        note = read_text(item["note"], f"{field}.note")
        if not note.strip():
            raise Invalid("核实说明不能为空", f"{field}.note")
        if len(note) > MAX_NOTE_CHARS:
            raise Invalid(f"核实说明超过 {MAX_NOTE_CHARS} 个字符", f"{field}.note")
        signoff = SignOff(rule, location, digest, note)
        if any(_same_finding(signoff, other) for other in result):
            raise Invalid("同一条核实记录重复出现", field)
        result.append(signoff)
    return result


def _location_from_json(data: Any, field: str) -> Location:
    expect(data, dict, field, "对象")
    check_keys(data, field, {"section"}, {*_LOCATION_TEXT_KEYS, "paragraph", "cells"})
    texts: dict[str, str | None] = {key: read_text(data[key], f"{field}.{key}") if key in data else None
                                    for key in _LOCATION_TEXT_KEYS}
    paragraph = None
    if "paragraph" in data:
        paragraph = expect(data["paragraph"], int, f"{field}.paragraph", "不小于 0 的整数")
        if paragraph < 0:
            raise Invalid("段落序号不能为负数", f"{field}.paragraph")
    cells: list[tuple[str, str]] = []
    if "cells" in data:
        expect(data["cells"], list, f"{field}.cells", "数组")
        for j, cell in enumerate(data["cells"]):
            cell_field = f"{field}.cells[{j}]"
            expect(cell, list, cell_field, "[行 id, 列 id] 数组")
            if len(cell) != 2:
                raise Invalid("应为 [行 id, 列 id] 两个文本组成的数组", cell_field)
            cells.append((read_text(cell[0], cell_field), read_text(cell[1], cell_field)))
    return Location(read_text(data["section"], f"{field}.section"), table=texts["table"], row=texts["row"],
                    column=texts["column"], paragraph=paragraph, field=texts["field"], cells=tuple(cells),
                    source=texts["source"])
