"""The batch's roll-up (tables 二, 三, 四 summed cell by cell) and the hierarchy check (HIER-SUM: every
parent's tables against the sum of its children's).

Blank is not 0: a cell of the sum is blank only when it is blank in every report (blank + 5 = 5). The fee
of 第二十条第（八）项 (万元) is summed too, exactly (Decimal): a supervising office reports the total collected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from model.agency_names import normalise_agency
from model.batch_types import HierarchyRow
from model.findings import Finding, Location, Severity
from model.report import CellKey, Metadata, Number, Report, Value, format_value

_YES = {"是", "y", "yes", "true", "1", "√"}
_NO = {"否", "n", "no", "false", "0", "×"}
#: Words of a header row's first two cells (「单位,上级单位,是否汇总」), never an agency's whole name.
_HEADER_WORDS = {"单位", "单位名称", "机关", "机关名称", "部门", "名称", "本级", "下级", "下级单位", "上级",
                 "上级单位", "上级机关", "上级部门", "agency", "parent", "name"}


def _year_text(year: int) -> str:
    return f"{year} 年度" if year else "年度不明"


def _sum_cells(reports: Sequence[Report], keys: Iterable[CellKey]) -> dict[CellKey, Value]:
    summed: dict[CellKey, Value] = {}
    for key in keys:
        values = [v for v in (r.cells.get(key) for r in reports) if v is not None]
        summed[key] = sum(values[1:], values[0]) if values else None
    return summed


def roll_up(reports: Sequence[Report]) -> Report:
    """One report in the official layout whose every table cell is the sum of `reports`' cells.

    Agency 「汇总（N 份报告）」, the reports' year, the first one's kind; no narrative. The reports must
    share one template and one year: ValueError (Chinese) otherwise."""
    if not reports:
        raise ValueError("没有可汇总的报告。")
    templates = sorted({r.template_year for r in reports})
    if len(templates) > 1:
        raise ValueError(f"所选报告使用不同年版的格式（{'、'.join(f'{y} 年版' for y in templates)}），不能汇总。")
    years = sorted({r.meta.year for r in reports})
    if len(years) > 1:
        raise ValueError(f"所选报告的年度不同（{'、'.join(_year_text(y) for y in years)}），不能汇总。")
    first = reports[0]
    meta = Metadata(agency=f"汇总（{len(reports)} 份报告）", year=years[0], kind=first.meta.kind)
    summed = Report.blank(meta, first.template)
    summed.cells = _sum_cells(reports, summed.cells)
    return summed


# --- the hierarchy ----------------------------------------------------------------------------


def read_hierarchy_rows(rows: Iterable[Sequence[str]]) -> list[HierarchyRow]:
    """The relations of a hierarchy file's cells: agency, parent agency, and 是/否 — whether the parent's
    report is a pure roll-up of its children's. A header row first is allowed (`_is_header`); blank rows
    and agencies without a parent are skipped. ValueError (Chinese, with the row number) for a line that
    cannot be read."""
    result: list[HierarchyRow] = []
    parents: dict[str, tuple[bool, int]] = {}
    child_rows: dict[str, tuple[str, int]] = {}
    header_allowed = True
    for number, raw in enumerate(rows, start=1):
        cells = ["" if cell is None else str(cell).strip() for cell in raw]
        if not any(cells):
            continue
        agency, parent, flag = [*cells, "", "", ""][:3]
        first_line, header_allowed = header_allowed, False
        if first_line and _is_header(agency, parent, flag):
            continue
        if not parent:
            continue  # a root
        if not agency:
            raise ValueError(f"层级文件第 {number} 行：缺少单位名称。")
        if normalise_agency(agency) == normalise_agency(parent):
            raise ValueError(f"层级文件第 {number} 行：单位“{agency}”的上级是它自己。")
        folded = flag.casefold()
        if folded not in _YES | _NO:
            raise ValueError(f"层级文件第 {number} 行：第三列应为“是”或“否”（上级报告是否为下级汇总），实为“{flag}”。")
        is_rollup = folded in _YES
        key = normalise_agency(parent)
        if key in parents and parents[key][0] != is_rollup:
            raise ValueError(f"层级文件第 {number} 行：上级“{parent}”在第 {parents[key][1]} 行标为"
                             f"“{'是' if parents[key][0] else '否'}”，此处标为“{flag}”。")
        parents.setdefault(key, (is_rollup, number))
        child = normalise_agency(agency)
        if child in child_rows and child_rows[child][0] != key:
            raise ValueError(f"层级文件第 {number} 行：单位“{agency}”在第 {child_rows[child][1]} 行已有另一个上级。")
        child_rows.setdefault(child, (key, number))
        result.append(HierarchyRow(agency, parent, is_rollup))
    if not result:
        raise ValueError("层级文件中没有上下级关系（每行应为：单位、上级单位、上级报告是否为下级汇总（是/否））。")
    return result


def _is_header(agency: str, parent: str, flag: str) -> bool:
    """Whether a first line is the header: it does not read as data (its third cell is not 是, 否 or
    blank), or its cells are header words. A file's only relation is then never taken for its header."""
    return (flag.casefold() not in _YES | _NO | {""}
            or agency.casefold() in _HEADER_WORDS or parent.casefold() in _HEADER_WORDS)


def check_hierarchy(reports: Mapping[str, Report], rows: Sequence[HierarchyRow]
                    ) -> tuple[list[tuple[str, Finding]], list[str], list[tuple[str, str, str]]]:
    """Every parent's tables against the sum of its children's, in each year a parent has a report.

    Returns (findings by the parent's file, children without a report, matches as (name in the file,
    agency, file)). Names match after `normalise_agency`; a name matching several reports of one year
    is listed with every match and not compared (HIER-UNMATCHED), never guessed."""
    by_name: dict[tuple[str, int], list[str]] = {}
    for file, report in reports.items():
        by_name.setdefault((normalise_agency(report.meta.agency), report.meta.year), []).append(file)
    children: dict[str, list[str]] = {}
    is_rollup: dict[str, bool] = {}
    parent_names: dict[str, str] = {}
    for row in rows:
        key = normalise_agency(row.parent)
        children.setdefault(key, [])
        if row.agency not in children[key]:
            children[key].append(row.agency)
        is_rollup.setdefault(key, row.parent_is_rollup)
        parent_names.setdefault(key, row.parent)
    findings: list[tuple[str, Finding]] = []
    missing: list[str] = []
    matches: list[tuple[str, str, str]] = []

    def match(name: str, year: int) -> list[str]:
        files = by_name.get((normalise_agency(name), year), [])
        for file in files:
            if (name, reports[file].meta.agency, file) not in matches:
                matches.append((name, reports[file].meta.agency, file))
        return files

    years = sorted({year for key in children for (name, year) in by_name if name == key})
    for year in years:
        for key, names in children.items():
            parent_files = match(parent_names[key], year)
            if not parent_files:
                continue
            found: list[tuple[str, Report]] = []
            incomplete: list[str] = []
            for name in names:
                files = match(name, year)
                label = name if len(years) == 1 else f"{name}（{_year_text(year)}）"
                if not files:
                    incomplete.append(name)
                    if label not in missing:
                        missing.append(label)
                elif len(files) > 1:
                    incomplete.append(name)
                    for parent_file in parent_files:
                        findings.append((parent_file, _unmatched(f"下级“{name}”对应 {len(files)} 份报告（"
                                                                 f"{'、'.join(files)}），无法确定是哪一份，未计入下级合计。")))
                else:
                    found.append((name, reports[files[0]]))
            if len(parent_files) > 1:
                for parent_file in parent_files:
                    findings.append((parent_file, _unmatched(
                        f"上级“{parent_names[key]}”对应 {len(parent_files)} 份报告（{'、'.join(parent_files)}），"
                        f"无法确定是哪一份，未与下级合计比较。")))
                continue
            parent = reports[parent_files[0]]
            findings += [(parent_files[0], f) for f in _compare(parent, found, is_rollup[key], incomplete)]
    return findings, missing, matches


def _unmatched(message: str) -> Finding:
    return Finding("HIER-UNMATCHED", Severity.WARNING, message, Location("document"))


def _compare(parent: Report, children: list[tuple[str, Report]], is_rollup: bool, incomplete: list[str]
             ) -> list[Finding]:
    """HIER-SUM findings of one parent, cell by cell: an error where a roll-up parent differs from its
    children's sum (a warning where it is above a sum that misses children), a warning where a parent
    with cases of its own is below it. Children without a
    report (or without one certain report) are not in the sum, and the message says so; a child of
    another template is not summed (HIER-UNMATCHED)."""
    findings = []
    other = [name for name, child in children if child.template_year != parent.template_year]
    for name in other:
        findings.append(_unmatched(f"下级“{name}”使用另一年版的格式，未计入下级合计。"))
    comparable = [(name, child) for name, child in children if child.template_year == parent.template_year]
    if not comparable:
        return findings
    left_out = [*incomplete, *other]
    for key, table, _column in parent.template.cell_specs:
        stated = parent.cells.get(key)
        values = [(name, child.cells.get(key)) for name, child in comparable]
        known: list[Number] = [v for _name, v in values if v is not None]
        if stated is None or not known:
            continue  # blank is not 0: CELL-BLANK speaks of a blank parent cell
        total = sum(known[1:], known[0])
        if stated == total or (not is_rollup and stated > total):
            continue
        # A roll-up above the sum of the children that sent reports may be right: the missing ones'
        # cases are in it. Only a warning then; below the sum stays an error (counts are never negative).
        unsure = is_rollup and bool(left_out) and stated > total
        severity = Severity.ERROR if is_rollup and not unsure else Severity.WARNING
        if unsure:
            why = "本级报告声明为下级汇总；缺少部分下级的报告，无法确认是否相等"
        elif is_rollup:
            why = "本级报告声明为下级汇总，两者应相等"
        else:
            why = "本级报告另含本级办理的件数，不应少于下级合计"
        parts = "、".join(f"{name} {format_value(v)}" for name, v in values)
        absent = f"；下级合计未含{'、'.join(left_out)}" if left_out else ""
        _table_id, row, column = key
        findings.append(Finding(
            "HIER-SUM", severity,
            f"{table.cell_name(row, column)}：本级报告为 {format_value(stated)}，下级合计为 {format_value(total)}"
            f"（{parts}）。{why}{absent}。",
            Location(table.section_id, table=table.id, row=row, column=column, cells=((row, column),))))
    return findings
