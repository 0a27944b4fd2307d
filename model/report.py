"""The report: what an agency's annual report says, and nothing more.

A cell is blank (None) or a number as stated. Totals are stored like any
other cell, because a published report can state a wrong total and the
checks must see it. Counts are `int`; numbers with a fractional part are
`Decimal`, so that 0.0001 万元 stays exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from model.signoff import SignOff
from model.template import Template
from model.templates import TEMPLATES, template_for_report_year

Number = int | Decimal
Value = Number | None
#: (table id, row id, column id)
CellKey = tuple[str, str, str]


def format_value(value: Value) -> str:
    """A cell value as the report prints it: "空" for blank, decimals without trailing zeros."""
    if value is None:
        return "空"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


class AgencyKind(Enum):
    DEPARTMENT = "department"  # 政府部门: publishes by 31 January
    GOVERNMENT = "government"  # 人民政府: publishes by 31 March

    @property
    def label(self) -> str:
        return {"department": "政府部门", "government": "人民政府"}[self.value]


#: `Metadata.year` of a report whose year is not stated (a workbook without a title): never shown as "0".
UNKNOWN_YEAR = 0


@dataclass
class Metadata:
    agency: str = ""
    #: The report year, or UNKNOWN_YEAR.
    year: int = UNKNOWN_YEAR
    kind: AgencyKind = AgencyKind.DEPARTMENT
    published: date | None = None
    website: str = ""
    phone: str = ""
    email: str = ""
    #: An earlier deadline the province or supervising office sets (some require submission days
    #: before the statutory one); META-LATE then judges by the earlier of the two (format version 4).
    local_deadline: date | None = None

    @property
    def year_known(self) -> bool:
        return self.year != UNKNOWN_YEAR


@dataclass
class ReportSection:
    id: str
    title: str
    #: Narrative paragraphs; empty for the table sections 二 to 四.
    paragraphs: list[str] = field(default_factory=list)


@dataclass(eq=False)
class PriorReport:
    """Last year's report, attached to this year's as the reference for the cross-year checks.

    Either linked (`embedded` False: `path` names a project file, loaded with
    this report) or embedded (`embedded` True: a copy is stored inside this
    report's file; `path` then only records where it came from, or None).
    """

    #: As stored in the file: relative to the project file's folder when
    #: possible (with "/" separators), else absolute. A link attached in this
    #: session holds the path the caller gave until the report is saved.
    path: str | None
    embedded: bool
    #: The prior report itself; None when a linked file could not be read.
    #: It never carries a prior of its own (the chain stops at one year).
    report: Report | None = None
    #: Why `report` is None, in Chinese (for XY-PRIOR-MISSING and the GUI).
    problem: str | None = None
    #: Absolute path the link was resolved to (by `projectfile.load` or
    #: `crossyear.attach_prior`); used to re-relativise `path` when the report
    #: is saved to another folder. Not stored, not compared.
    location: str | None = None

    def __eq__(self, other: object) -> bool:
        # The link and the embedded content, not the load state: a linked
        # prior that loaded here and failed to load elsewhere is the same link.
        if not isinstance(other, PriorReport):
            return NotImplemented
        if (self.path, self.embedded) != (other.path, other.embedded):
            return False
        return not self.embedded or self.report == other.report

    __hash__ = None  # type: ignore[assignment]  # mutable, like Report


@dataclass
class Report:
    template_year: int
    meta: Metadata
    #: The opening paragraph(s) before 一、总体情况.
    preamble: list[str] = field(default_factory=list)
    sections: list[ReportSection] = field(default_factory=list)
    #: Every cell the report states; a cell missing here is missing from the
    #: report (a structure error), a cell mapped to None is blank.
    cells: dict[CellKey, Value] = field(default_factory=dict)
    #: Last year's report, when one is attached (model/crossyear.py).
    prior: PriorReport | None = None
    #: Cells filled from last year's report rather than typed (二、上年结转 by
    #: `crossyear.new_from_prior`), so that the editor can mark them.
    prefilled: set[CellKey] = field(default_factory=set)
    #: Cells an import from a document could not read for certain (importing/document_report.py),
    #: marked in the editor until the person confirms them (format version 3).
    uncertain: set[CellKey] = field(default_factory=set)
    #: Warnings a reviewer marked 已核实, with their notes (model/signoff.py, format version 4); only
    #: the ones whose fingerprint still matches a current finding count (`signoff.signoff_for`).
    signoffs: list[SignOff] = field(default_factory=list)

    @property
    def template(self) -> Template:
        return TEMPLATES[self.template_year]

    @property
    def title(self) -> str:
        year = f"{self.meta.year}年" if self.meta.year_known else ""
        return f"{self.meta.agency}{year}政府信息公开工作年度报告"

    def value(self, table: str, row: str, column: str) -> Value:
        return self.cells.get((table, row, column))

    def section(self, section_id: str) -> ReportSection | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    @classmethod
    def blank(cls, meta: Metadata, template: Template | None = None) -> Report:
        """A new report: the template's six sections in place, every cell blank."""
        template = template or template_for_report_year(meta.year)
        return cls(
            template_year=template.year,
            meta=meta,
            sections=[ReportSection(s.id, s.title) for s in template.sections],
            cells={(t.id, r, c): None for t in template.tables for r in t.row_ids for c in t.column_ids},
        )
