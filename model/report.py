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

from model.template import Template
from model.templates import TEMPLATES, template_for_report_year

Number = int | Decimal
Value = Number | None
#: (table id, row id, column id)
CellKey = tuple[str, str, str]


class AgencyKind(Enum):
    DEPARTMENT = "department"  # 政府部门: publishes by 31 January
    GOVERNMENT = "government"  # 人民政府: publishes by 31 March

    @property
    def label(self) -> str:
        return {"department": "政府部门", "government": "人民政府"}[self.value]


@dataclass
class Metadata:
    agency: str = ""
    year: int = 0
    kind: AgencyKind = AgencyKind.DEPARTMENT
    published: date | None = None
    website: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class ReportSection:
    id: str
    title: str
    #: Narrative paragraphs; empty for the table sections 二 to 四.
    paragraphs: list[str] = field(default_factory=list)


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

    @property
    def template(self) -> Template:
        return TEMPLATES[self.template_year]

    @property
    def title(self) -> str:
        return f"{self.meta.agency}{self.meta.year}年政府信息公开工作年度报告"

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
