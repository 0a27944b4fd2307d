"""The built-in guide 填报说明: for every section, table, row and column of a template, what to fill
in there and the common mistakes.

The texts are data beside the template (`model/templates/guide_<year>.py`), keyed by the template's
own section, table, row and column ids, so the guide follows the template year. A guide that misses
an id of its template, or names one the template does not have, is refused when it is loaded
(`guide_of`), naming the ids: a new template year cannot ship with a silent gap in its guide.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from model.template import Table, Template


@dataclass(frozen=True)
class GuideEntry:
    """One entry: 「填写什么」 and zero or more 「常见错误」."""

    what: str
    mistakes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableGuide:
    table: GuideEntry
    rows: Mapping[str, GuideEntry]
    columns: Mapping[str, GuideEntry]
    #: Labels that span several rows or columns (「三、本年度办理结果」, 「（三）不予公开」), keyed by the
    #: label path they head: they have no id of their own. Optional.
    groups: Mapping[tuple[str, ...], GuideEntry] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateGuide:
    year: int
    #: What holds for every table cell (blank is not 0).
    cells: GuideEntry
    #: The opening paragraph before 一、总体情况.
    preamble: GuideEntry
    sections: Mapping[str, GuideEntry]
    tables: Mapping[str, TableGuide]


@dataclass(frozen=True)
class CellGuide:
    """Everything the guide says about one table cell."""

    table_id: str
    row_id: str
    column_id: str
    cell_name: str
    row_label: str
    column_label: str
    row: GuideEntry
    column: GuideEntry
    table: GuideEntry
    #: The spanning labels above the row and the column, outermost first: (label, entry).
    groups: tuple[tuple[str, GuideEntry], ...]
    #: What holds for every cell.
    cells: GuideEntry
    #: Where the row's entry is in `guide_html`.
    anchor: str


class GuideIncompleteError(ValueError):
    """A template year's guide misses ids of its template, or names ids the template lacks."""


# --- loading and validation -------------------------------------------------------------------

#: The guide module of each template year.
_GUIDE_MODULES: dict[int, str] = {
    2019: "model.templates.guide_2019",
    2021: "model.templates.guide_2021",
}
_loaded: dict[int, TemplateGuide] = {}


def guide_problems(template: Template, guide: TemplateGuide) -> list[str]:
    """Every id of `template` the guide misses and every id it names that the template lacks, in
    Chinese ("表三 缺少行 3.2"); [] for a complete guide."""
    problems: list[str] = []
    section_ids = [s.id for s in template.sections]
    problems += [f"缺少部分 {s}" for s in section_ids if s not in guide.sections]
    problems += [f"多出部分 {s}" for s in guide.sections if s not in section_ids]
    for table in template.tables:
        table_guide = guide.tables.get(table.id)
        if table_guide is None:
            problems.append(f"缺少表 {table.id}（{table.name}）")
            continue
        problems += [f"{table.name} 缺少行 {r}" for r in table.row_ids if r not in table_guide.rows]
        problems += [f"{table.name} 缺少列 {c}" for c in table.column_ids if c not in table_guide.columns]
        problems += [f"{table.name} 多出行 {r}" for r in table_guide.rows if r not in table.row_ids]
        problems += [f"{table.name} 多出列 {c}" for c in table_guide.columns if c not in table.column_ids]
        prefixes = _group_paths(table)
        problems += [f"{table.name} 没有表头或行标题 {'/'.join(g)}" for g in table_guide.groups if g not in prefixes]
    known_tables = {t.id for t in template.tables}
    problems += [f"多出表 {t}" for t in guide.tables if t not in known_tables]
    if guide.year != template.year:
        problems.append(f"说明是 {guide.year} 年版的")
    return problems


def check_guide(template: Template, guide: TemplateGuide) -> TemplateGuide:
    """`guide`, or GuideIncompleteError naming every missing or unknown id."""
    problems = guide_problems(template, guide)
    if problems:
        raise GuideIncompleteError(f"{template.year} 年版模板的填报说明不完整：{'；'.join(problems)}")
    return guide


def guide_of(template: Template) -> TemplateGuide:
    """The checked guide of `template`'s year; GuideIncompleteError when there is none or it has gaps."""
    if template.year not in _loaded:
        module_name = _GUIDE_MODULES.get(template.year)
        if module_name is None:
            raise GuideIncompleteError(f"没有 {template.year} 年版模板的填报说明")
        guide = importlib.import_module(module_name).GUIDE
        if not isinstance(guide, TemplateGuide):
            raise GuideIncompleteError(f"{module_name}.GUIDE 不是 TemplateGuide")
        _loaded[template.year] = check_guide(template, guide)
    return _loaded[template.year]


def _group_paths(table: Table) -> set[tuple[str, ...]]:
    """Every proper prefix of a row or column label path: the labels that span several rows or columns."""
    paths = [r.path for r in table.rows] + [c.path for c in table.columns]
    return {path[:n] for path in paths for n in range(1, len(path))}


# --- looking up one cell ------------------------------------------------------------------------


def anchor_for(table_id: str, row_id: str | None = None, column_id: str | None = None) -> str:
    """The anchor of a table's (or its row's, or its column's) entry in `guide_html`."""
    if row_id is not None:
        return f"t-{table_id}-r-{row_id}"
    if column_id is not None:
        return f"t-{table_id}-c-{column_id}"
    return f"t-{table_id}"


#: Anchors of the guide's first two entries in `guide_html`.
CELLS_ANCHOR = "cells"
PREAMBLE_ANCHOR = "preamble"


def section_anchor(section_id: str) -> str:
    return f"s-{section_id}"


def row_label(table: Table, row_id: str) -> str:
    # Table 四 has one data row without a label.
    return table.row_name(row_id) or "（唯一数据行）"


def guide_for_cell(template: Template, table_id: str, row_id: str, column_id: str) -> CellGuide:
    """What the guide says about one cell: its row, its column, the labels above them, its table."""
    guide = guide_of(template)
    table = template.table(table_id)
    table_guide = guide.tables[table_id]
    row_path, column_path = table.row(row_id).path, table.column(column_id).path
    spanning = [row_path[:n] for n in range(1, len(row_path))] + [column_path[:n] for n in range(1, len(column_path))]
    groups = tuple((path[-1], table_guide.groups[path]) for path in spanning if path in table_guide.groups)
    return CellGuide(
        table_id=table_id, row_id=row_id, column_id=column_id,
        cell_name=table.cell_name(row_id, column_id),
        row_label=row_label(table, row_id), column_label=table.column_name(column_id),
        row=table_guide.rows[row_id], column=table_guide.columns[column_id], table=table_guide.table,
        groups=groups, cells=guide.cells, anchor=anchor_for(table_id, row_id),
    )


def guide_text(template: Template, table_id: str, row_id: str, column_id: str) -> str:
    """The cell's guide as plain text, for a tooltip."""
    cell = guide_for_cell(template, table_id, row_id, column_id)
    lines = [cell.cell_name, f"行：{cell.row.what}", f"列：{cell.column.what}"]
    lines += [f"{label}：{entry.what}" for label, entry in cell.groups]
    mistakes = [*cell.row.mistakes, *cell.column.mistakes]
    if mistakes:
        lines.append("常见错误：")
        lines += [f"· {m}" for m in mistakes]
    lines.append(cell.cells.what)
    return "\n".join(lines)


# --- the whole guide as one page ----------------------------------------------------------------


def _entry_html(anchor: str, title: str, entry: GuideEntry, heading: str = "p") -> str:
    e = html.escape
    name = f'<a name="{e(anchor)}" id="{e(anchor)}"></a>' if anchor else ""
    if heading == "p":
        parts = [f"<p>{name}<b>{e(title)}</b>：{e(entry.what)}</p>"]
    else:
        parts = [f"<{heading}>{name}{e(title)}</{heading}>", f"<p>{e(entry.what)}</p>"]
    if entry.mistakes:
        items = "".join(f"<li>{e(m)}</li>" for m in entry.mistakes)
        parts.append(f'<p class="mistakes">常见错误：</p><ul>{items}</ul>')
    return "".join(parts)


def _new_group_entries(path: tuple[str, ...], table_guide: TableGuide, shown: set[tuple[str, ...]]) -> list[str]:
    """The entries of the group labels above a row or column (「（三）不予公开」) not shown yet; marks them shown."""
    entries = []
    for n in range(1, len(path)):
        group = path[:n]
        if group in table_guide.groups and group not in shown:
            shown.add(group)
            entries.append(_entry_html("", group[-1], table_guide.groups[group]))
    return entries


def _table_html(table: Table, table_guide: TableGuide) -> str:
    parts = [_entry_html(anchor_for(table.id), table.caption or table.name, table_guide.table, "h3")]
    parts.append("<h4>各行填写什么</h4>")
    shown_groups: set[tuple[str, ...]] = set()
    for row in table.rows:
        parts += _new_group_entries(row.path, table_guide, shown_groups)
        parts.append(_entry_html(anchor_for(table.id, row.id), row_label(table, row.id), table_guide.rows[row.id]))
    parts.append("<h4>各列填写什么</h4>")
    for column in table.columns:
        parts += _new_group_entries(column.path, table_guide, shown_groups)
        parts.append(_entry_html(anchor_for(table.id, column_id=column.id), table.column_name(column.id),
                                 table_guide.columns[column.id]))
    return "".join(parts)


def guide_html(template: Template) -> str:
    """The whole guide as one HTML page: the rules for every cell, then each section with its tables,
    rows and columns; an anchor per section, table, row and column (`anchor_for`, `section_anchor`)."""
    e = html.escape
    guide = guide_of(template)
    title = f"填报说明（{template.year} 年版模板，{template.source}）"
    def table_link(table: Table) -> str:
        return f'<li><a href="#{anchor_for(table.id)}">{e(table.caption or table.name)}</a></li>'

    contents = "".join(
        f'<li><a href="#{section_anchor(s.id)}">{e(s.title)}</a>'
        + ("<ul>" + "".join(table_link(template.table(t)) for t in s.tables) + "</ul>" if len(s.tables) > 1 else "")
        + "</li>"
        for s in template.sections
    )
    body = [
        f'<h1><a name="top" id="top"></a>{e(title)}</h1>',
        "<p>本说明依据年度报告格式写成，列出每一部分、每张表的每一行和每一列应填写什么，以及常见错误。"
        "模板未作规定之处，本说明不作推测。</p>",
        f'<ul class="contents"><li><a href="#{CELLS_ANCHOR}">填表通用规则</a></li>'
        f'<li><a href="#{PREAMBLE_ANCHOR}">开篇说明</a></li>{contents}</ul>',
        _entry_html(CELLS_ANCHOR, "填表通用规则", guide.cells, "h2"),
        _entry_html(PREAMBLE_ANCHOR, "开篇说明", guide.preamble, "h2"),
    ]
    for section in template.sections:
        body.append(_entry_html(section_anchor(section.id), section.title, guide.sections[section.id], "h2"))
        for table_id in section.tables:
            body.append(_table_html(template.table(table_id), guide.tables[table_id]))
    style = ("body { font-size: 11pt; line-height: 150%; } h1 { font-size: 16pt; } h2 { font-size: 14pt; }"
             " h3 { font-size: 12pt; } h4 { font-size: 11pt; color: #444; } .mistakes { color: #8a4b00; }")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>")
