"""Every template year the app knows, by year."""

from __future__ import annotations

from model.template import Template
from model.templates import t2019, t2021

TEMPLATES: dict[int, Template] = {t.year: t for t in (t2019.TEMPLATE, t2021.TEMPLATE)}
CURRENT: Template = t2021.TEMPLATE


def template_for(year: int) -> Template:
    """The template declared for `year`; KeyError when there is none."""
    return TEMPLATES[year]


def template_for_report_year(report_year: int) -> Template:
    """The template a report for `report_year` is written in."""
    for template in TEMPLATES.values():
        if template.applies_to(report_year):
            return template
    return CURRENT
