"""What a check reports: a rule id, a severity, a Chinese message, a location."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Location:
    """Where a finding points: a section, and within it a table cell, a row or
    column of a table, or a paragraph (index into the section's paragraphs;
    section "preamble" is the opening paragraph(s), "meta" the metadata)."""

    section: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    paragraph: int | None = None
    field: str | None = None
    #: Every cell the finding involves, as (row id, column id) of `table`,
    #: so that an editor can mark them all.
    cells: tuple[tuple[str, str], ...] = ()
    #: Within `paragraph`: the [start, end) character range the finding is about
    #: (a sentence whose number disagrees with a table).
    span: tuple[int, int] | None = None
    #: The place in a foreign file the finding comes from, in words: 工作表“表三”C7
    #: (what the Excel import could not read).
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"section": self.section}
        for key in ("table", "row", "column", "paragraph", "field"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.cells:
            data["cells"] = [list(cell) for cell in self.cells]
        if self.span is not None:
            data["span"] = list(self.span)
        if self.source is not None:
            data["source"] = self.source
        return data


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    location: Location

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location.to_json(),
        }


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first; otherwise the order the checks found them (document order)."""
    return sorted(findings, key=lambda f: f.severity is not Severity.ERROR)
