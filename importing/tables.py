"""Reading the numbers of the tables once they are located (importing.layout):
each cell under its row and column, strictly; whatever cannot be placed is a
problem, never a guess. A group printed as a single row without its sub-items
(（六）其他处理, as published 2021 tables print it) gives its sub-items only what
follows for certain: 0 under a 0 (counts are never negative)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import Any

from importing.grid import GridView
from importing.labels import GroupRows, LabelIndex, label_key
from importing.layout import Block, locate_tables
from importing.result import ImportLog, PartKind, ProblemKind, shorten, table_title
from importing.values import number, shown
from model.report import CellKey, Value
from model.template import Column, Template, ValueKind

#: Stray numbers listed one by one on a sheet with tables; the rest are counted.
MAX_LISTED = 200
_CHINESE_COUNTS = "一二三四五六七八九十"


class TableReader:
    """Reads the tables of `sheets` (grids of any format) into `placed` (template cell → value,
    None for blank)."""

    def __init__(self, log: ImportLog) -> None:
        self.log = log
        self.placed: dict[CellKey, Value] = {}
        self.sources: dict[CellKey, str] = {}
        #: (table id, row id) → where the row was read
        self.row_sources: dict[tuple[str, str], str] = {}
        #: (table id, row id) of sub-items accounted for by their group's single row
        self.collapsed: set[tuple[str, str]] = set()
        self.consumed: dict[int, set[tuple[int, int]]] = defaultdict(set)

    def read(self, sheets: list[GridView], index: LabelIndex) -> None:
        blocks = locate_tables(sheets, index, self.log)
        for block in blocks:
            self._read_block(block)
        for block in blocks:
            self._unrecognised_rows(block, index)
        self._stray_numbers(sheets, blocks)
        self._missing(index.template, blocks)

    def _consume(self, sheet: GridView, r: int, c: int) -> None:
        self.consumed[sheet.index].add((r, c))

    # -- the rows of a block --

    def _read_block(self, block: Block) -> None:
        sheet, table = block.sheet, block.table
        if not block.columns:
            return  # rows without a header above them: their numbers are listed as not placed
        label_columns: dict[int, list[int]] = defaultdict(list)  # row → its entries' label columns, in order
        for entry in sorted(block.entries, key=lambda e: (e.row, e.label_column)):
            label_columns[entry.row].append(entry.label_column)
        for entry in sorted(block.entries, key=lambda e: (e.row, e.label_column)):
            r = entry.row
            # The next label on the row ends this one's cells (bisect: a row may hold thousands of labels).
            later = label_columns[r][bisect_right(label_columns[r], entry.label_column):]
            limit = later[0] if later else 10**9
            if entry.anchor is None:
                self._consume(sheet, r, entry.label_column)
            row_id = entry.template_row.id
            row_key = (table.id, row_id)
            cells = sheet.rows.get(r, [])
            own_cells = cells[bisect_right(cells, entry.label_end):bisect_left(cells, limit)]
            if row_key in self.row_sources:
                # A table of one unlabelled row (第二十条第（八）项) repeats as a whole.
                what = f"的行“{entry.template_row.label}”" if entry.template_row.path else ""
                self.log.problem(sheet, *entry.label_cell, sheet.text(*entry.label_cell),
                                 f"{table.name}{what}重复出现"
                                 f"（已在 {self.row_sources[row_key]} 读取），此行数据未导入", ProblemKind.DUPLICATE,
                                 table=table.id, row=row_id, kept=True)
                for c in own_cells:
                    if c in block.columns or c in block.ignored:
                        self._consume(sheet, r, c)
                        self.log.problem(sheet, r, c, shown(sheet.values[(r, c)]), "位于重复出现的行中，未导入",
                                         ProblemKind.DUPLICATE, table=table.id, row=row_id,
                                         column=block.columns.get(c), kept=True)
                continue
            self.row_sources[row_key] = sheet.place(*entry.label_cell)
            if entry.note:
                self.log.note(entry.note, sheet, r, entry.label_column)
            for c in own_cells:
                if c in block.ignored:
                    self._consume(sheet, r, c)
                elif c in block.duplicates:
                    self._consume(sheet, r, c)
                    label, first, column_id = block.duplicates[c]
                    self.log.problem(sheet, r, c, shown(sheet.values[(r, c)]),
                                     f"位于重复出现的列“{label}”中（该列已在 {first} 读取），未导入",
                                     ProblemKind.DUPLICATE, table=table.id, row=row_id, column=column_id, kept=True)
            for column_id, columns in _spans(block).items():
                name = table.cell_name(row_id, column_id)
                read = self._cell(block, r, column_id, [c for c in columns if entry.label_end < c < limit],
                                  name, row_id)
                if read is not None:
                    key = (table.id, row_id, column_id)
                    self.placed[key], self.sources[key] = read

    def _cell(self, block: Block, r: int, column_id: str, columns: list[int], name: str,
              row_id: str | None, cells: tuple[tuple[str, str], ...] = ()) -> tuple[Value, str] | None:
        """(value, source) of the cell of `column_id` in sheet row r, None when there is none to place
        (reported, or under a value merged down from the row above). `name` names it in messages."""
        sheet, table = block.sheet, block.table
        if not columns:
            return None
        column = table.column(column_id)
        ids: dict[str, Any] = {"table": table.id, "row": row_id, "column": column_id,
                               "cells": cells or ((row_id, column_id),)}
        filled = [c for c in columns if (r, c) in sheet.values]
        for c in filled:
            self._consume(sheet, r, c)
        # A value merged over several rows or several columns cannot be told apart per cell.
        for c in filled:
            end_row, end_column = sheet.end(r, c)
            if end_row > r or (end_column > c and not all(cc in columns for cc in range(c, end_column + 1))):
                self.log.problem(sheet, r, c, shown(sheet.values[(r, c)]),
                                 f"数据单元格与相邻单元格合并（{sheet.ref(r, c)}:{sheet.ref(end_row, end_column)}），"
                                 f"无法确定{name}的数值", ProblemKind.UNPLACED,
                                 cell=f"{sheet.ref(r, c)}:{sheet.ref(end_row, end_column)}", **ids)
                return None
        if len(filled) > 1:
            for c in filled:
                self.log.problem(sheet, r, c, shown(sheet.values[(r, c)]),
                                 f"{name}在本行有多个数值（{'、'.join(sheet.ref(r, cc) for cc in filled)}），"
                                 f"无法确定取哪一个", ProblemKind.DUPLICATE, **ids)
            return None
        c = filled[0] if filled else columns[0]
        if not filled:
            if any(sheet.origin(r, cc)[0] != r for cc in columns):
                return None  # under a value merged down from the row above: reported there
            return None, sheet.place(r, c)
        value, problem = self._value(sheet, r, c, column)
        if problem is not None:
            kind, reason = problem
            self.log.problem(sheet, r, c, shown(sheet.values[(r, c)]), f"{name}：{reason}，未导入（保持空白）", kind,
                             **ids)
            return None
        return value, sheet.place(r, c)

    def _value(self, sheet: GridView, r: int, c: int, column: Column) -> tuple[Value, tuple[ProblemKind, str] | None]:
        raw = sheet.values[(r, c)]
        if sheet.is_formula(r, c):
            raw = sheet.formula_result(r, c)
            if raw is None:
                return None, (ProblemKind.FORMULA, "公式没有保存计算结果（请在 Excel/WPS 中打开并保存后再导入）")
        return number(raw, column)

    # -- rows the template does not have --

    def _unrecognised_rows(self, block: Block, index: LabelIndex) -> None:
        """Rows inside or just below a table that carry data but no label the template knows."""
        sheet = block.sheet
        if not block.columns:
            return
        left, right = block.data_left, block.data_right
        entry_rows = {e.row for e in block.entries}
        first = min(block.header_bottom + 1, block.first_row) if block.header_bottom else block.first_row
        last = block.last_row
        while True:  # rows just below the last recognised one that still carry data
            r = last + 1
            cells = [c for c in sheet.rows.get(r, ()) if c >= left]
            keys = {sheet.key(r, c) for c in sheet.rows.get(r, ())}
            if not any(left <= c <= right for c in cells) or keys & (index.column_labels | index.captions):
                break
            if any(index.match_row(k) for k in keys):
                break
            last = r
        # Without merged cells a label may stand right of the label column that ends first
        # (（六）其他处理 in column B beside 一、… in column A): labels are the text left of the data.
        first_data = min(block.columns)
        consumed = self.consumed[sheet.index]
        for r in sheet.rows_with_values(first, last):  # a row without cells has nothing to report
            if r in entry_rows:
                continue
            labels = [c for c in sheet.rows.get(r, ()) if (c < left or (c < first_data and isinstance(
                sheet.values[(r, c)], str))) and (r, c) not in consumed]
            group = self._single_group_row(block, r, labels, index)
            if group is not None:  # read even when blank: its sub-items are blank then, not missing
                self._read_group_row(block, r, labels, group)
                continue
            data = [c for c in sheet.rows.get(r, ()) if left <= c <= right and c not in labels
                    and (r, c) not in consumed]
            if not data:
                continue
            if {sheet.key(r, c) for c in data} & index.column_labels:
                continue  # a header row (a table repeated below itself)
            label = " ".join(sheet.text(r, c) for c in labels) or "（无标签）"
            for c in labels:
                self._consume(sheet, r, c)
                why = _why_not_a_row(index, sheet.key(r, c))
                self.log.problem(sheet, r, c, sheet.text(r, c), f"{block.table.name}：“{sheet.text(r, c)}”{why}，"
                                 f"此行数据未导入", ProblemKind.UNPLACED, table=block.table.id)
            for c in data:
                self._consume(sheet, r, c)
                self.log.problem(sheet, r, c, shown(sheet.values[(r, c)]),
                                 f"{block.table.name}：所在行“{shorten(label)}”无法识别，未导入", ProblemKind.UNPLACED,
                                 table=block.table.id, column=block.columns.get(c))

    def _single_group_row(self, block: Block, r: int, labels: list[int], index: LabelIndex) -> GroupRows | None:
        """The group a row stands for when it is printed in place of all its sub-items: its label
        (after the labels of the groups around it) names a group of this table none of whose
        sub-items were found."""
        sheet = block.sheet
        keys = [index.group_key(sheet.key(r, c)) for c in labels]
        if not keys or any(key is None for key in keys):
            return None
        group = index.group_rows.get(keys[-1] or "")
        if group is None or group.table.id != block.table.id:
            return None
        if any((group.table.id, leaf.id) in self.row_sources or (group.table.id, leaf.id) in self.collapsed
               for leaf in group.leaves):
            return None  # its sub-items are printed, or the row was read before (a table repeated)
        outer = {label_key(label) for leaf in group.leaves for label in leaf.path[:-2]}
        if any(key not in outer for key in keys[:-1]):
            return None
        return group

    def _read_group_row(self, block: Block, r: int, labels: list[int], group: GroupRows) -> None:
        """Read the single row of `group`: under a 0 its sub-items are 0, under a blank blank;
        any other number cannot be divided among them and is reported."""
        sheet, table = block.sheet, block.table
        label_cell = (r, labels[-1])
        for c in labels:
            self._consume(sheet, r, c)
        count = len(group.leaves)
        items = f"1–{count} 项"
        zero_columns: list[str] = []
        for column_id, columns in _spans(block).items():
            column = table.column(column_id)
            cells = tuple((leaf.id, column_id) for leaf in group.leaves)
            name = f"{table.name}“{group.label}”·{table.column_name(column_id)}"
            read = self._cell(block, r, column_id, [c for c in columns if c > labels[-1]], name, None, cells)
            if read is None:
                continue
            value, source = read
            if value is None or (value == 0 and column.kind is ValueKind.COUNT):
                for leaf in group.leaves:
                    self.placed[(table.id, leaf.id, column_id)] = value
                    self.sources[(table.id, leaf.id, column_id)] = source
                if value is not None:
                    zero_columns.append(table.column_name(column_id))
                continue
            c = _column_of(sheet, r, [cc for cc in columns if cc > labels[-1]])
            spoken = _CHINESE_COUNTS[count - 1] if count <= len(_CHINESE_COUNTS) else str(count)
            self.log.problem(sheet, r, c, shown(sheet.values[(r, c)]),
                             f"{name}合计 {value} {column.unit}，但未分列 {items}，{spoken}项保持空白，请按实际填写",
                             ProblemKind.UNPLACED, table=table.id, column=column_id, cells=cells)
        self.collapsed.update((table.id, leaf.id) for leaf in group.leaves)
        if zero_columns:
            which = "各列均为 0" if len(zero_columns) == len(_spans(block)) else f"其中{'、'.join(zero_columns)}列为 0"
            scope = "" if which == "各列均为 0" else "这些列的"
            self.log.note(f"{sheet.place(*label_cell)}“{group.label}”一行未分列 {items}，{which}；"
                          f"件数不能为负，故{scope} {items}均记为 0。", sheet, *label_cell)

    def _stray_numbers(self, sheets: list[GridView], blocks: list[Block]) -> None:
        """A number anywhere that was not read is listed: data the reader could not place.
        A sheet without any table is one problem (a sheet of other statistics is not
        a thousand problems); on a sheet with tables the first MAX_LISTED are listed
        one by one, the rest counted."""
        with_tables = {b.sheet.index for b in blocks}
        for sheet in sheets:
            consumed = self.consumed[sheet.index]
            stray = []
            for (r, c), value in sorted(sheet.values.items()):
                if (r, c) in consumed:
                    continue
                if sheet.is_formula(r, c):
                    value = sheet.formula_result(r, c)
                if not isinstance(value, str) and value is not None:
                    stray.append((r, c, value))
            if not stray:
                continue
            if sheet.index not in with_tables:
                r, c, _value = stray[0]
                cells = "、".join(sheet.ref(r, c) for r, c, _v in stray[:5]) + ("等" if len(stray) > 5 else "")
                part = "此工作表中" if sheet.part_kind is PartKind.SHEET else "此表格中"
                self.log.problem(sheet, r, c, "", f"{part}没有找到模板中的表格，其中 {len(stray)} 个数字"
                                 f"（{cells}）未导入", ProblemKind.UNPLACED, cell="")
                continue
            for r, c, value in stray[:MAX_LISTED]:
                reason = "数字未能对应到任何表格单元格（所在行或列的标签无法识别），未导入"
                self.log.problem(sheet, r, c, shown(value), reason, ProblemKind.UNPLACED)
            if len(stray) > MAX_LISTED:
                r, c, _value = stray[MAX_LISTED]
                self.log.problem(sheet, r, c, "", f"另有 {len(stray) - MAX_LISTED} 个数字未能对应到表格单元格，未导入",
                                 ProblemKind.UNPLACED, cell="")

    def _missing(self, template: Template, blocks: list[Block]) -> None:
        found_tables = {b.table.id for b in blocks}
        for table in template.tables:
            if table.id not in found_tables:
                self.log.problem(None, 0, 0, "", f"未找到表格：{table_title(template, table)}", ProblemKind.MISSING,
                                 table=table.id)
                continue
            table_blocks = [b for b in blocks if b.table.id == table.id]
            sheet = table_blocks[0].sheet
            for row in table.rows:
                key = (table.id, row.id)
                if row.path and key not in self.row_sources and key not in self.collapsed:
                    self.log.problem(sheet, 0, 0, "", f"{table.name}中未找到行“{row.label}”，此行保持空白",
                                     ProblemKind.MISSING, table=table.id, row=row.id)
            mapped = set().union(*(set(b.columns.values()) for b in table_blocks))
            for column in table.columns:
                if column.id not in mapped:
                    self.log.problem(sheet, 0, 0, "", f"{table.name}中未找到列“{table.column_name(column.id)}”，"
                                     f"此列保持空白", ProblemKind.MISSING, table=table.id, column=column.id)


def _why_not_a_row(index: LabelIndex, key: str) -> str:
    if index.group_key(key):
        return "是分组标题，模板中此项没有单独的数据行"
    match = index.match_row(key)
    if match is not None:  # a form that only its group labels beside it would tell
        names = "、".join(f"“{table.row_name(row.id)}”" for table, row in match.rows)
        return f"也是模板中其他标签的写法，旁边没有所属的分组标题，无法确定是否为{names}"
    return "不是模板中的行标签"


def _spans(block: Block) -> dict[str, list[int]]:
    """Column id → the sheet columns it spans, in order."""
    spans: dict[str, list[int]] = defaultdict(list)
    for c, column_id in sorted(block.columns.items()):
        spans[column_id].append(c)
    return spans


def _column_of(sheet: GridView, r: int, columns: list[int]) -> int:
    """The sheet column of the one filled cell of `columns` in row r."""
    return next(c for c in columns if (r, c) in sheet.values)
