"""Every row label of every template is recognised in the forms published tables
print it: as the template spells it, without its number, without its bracketed
note, without both. One workbook per label and form, in the official layout
(merged cells) and without merged cells."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_xlsx_import import make, save

from importing.labels import label_aliases, label_key
from importing.xlsx import ImportResult, ProblemKind, import_xlsx
from model.template import Row, Table
from model.templates import TEMPLATES

FORMS = [
    pytest.param(year, table.id, row.id, form, id=f"{year}-{table.id}-{row.id}-{form[:12]}")
    for year, template in TEMPLATES.items()
    for table in template.tables
    for row in table.rows if row.path
    for form in make.bare_forms(row.label)
]
#: Forms that are also another label of their table (其他 and 总计 head columns of 表三): read only
#: where the row's group labels stand beside them, as merged cells put them on every row.
NEEDS_GROUP_LABELS = {(2021, "t3", "3.6.3", "其他"), (2021, "t3", "3.7", "总计"), (2019, "t3", "3.7", "总计")}


def read_one_table(tmp_path: Path, year: int, table: Table, row_id: str, form: str, merge: bool) -> ImportResult:
    workbook = openpyxl.Workbook()
    cells = make.expected_cells(TEMPLATES[year])
    sheet = make.Sheet(workbook.active, merge, make.official, cells)

    def printed(row: Row) -> str:
        return form if row.id == row_id else row.label

    make.write_table(sheet, table, 2, 2, printed)
    return import_xlsx(save(workbook, tmp_path / "one table.xlsx"), template_year=year)


def row_cells(year: int, table: Table, row_id: str) -> dict:
    cells = make.expected_cells(TEMPLATES[year])
    return {(table.id, row_id, c): cells[(table.id, row_id, c)] for c in table.column_ids}


def test_the_forms_cover_every_row_of_every_template() -> None:
    rows = {(p.values[0], p.values[1], p.values[2]) for p in FORMS}
    assert rows == {(y, t.id, r.id) for y, tpl in TEMPLATES.items() for t in tpl.tables for r in t.rows if r.path}
    forms = {(p.values[1], p.values[2], p.values[3]) for p in FORMS if p.values[0] == 2021}
    assert {("t3", "3.1", "予以公开"), ("t3", "3.3.1", "属于国家秘密"), ("t3", "1", "本年新收政府信息公开申请数量"),
            ("t3", "3.5.2", "重复申请"), ("t3", "3.2", "部分公开"), ("t3", "3.2", "（二）部分公开"),
            ("t3", "3.2", "部分公开（区分处理的，只计这一情形，不计其他情形）")} <= forms


@pytest.mark.parametrize(("year", "table_id", "row_id", "form"), FORMS)
def test_every_row_label_is_read_in_each_of_its_forms(tmp_path: Path, year: int, table_id: str, row_id: str,
                                                      form: str) -> None:
    table = TEMPLATES[year].table(table_id)
    result = read_one_table(tmp_path, year, table, row_id, form, merge=True)
    assert {key: result.placed.get(key, "not read") for key in row_cells(year, table, row_id)} == \
        row_cells(year, table, row_id)
    assert [str(p) for p in result.problems if p.table == table_id] == []
    assert result.notes == []  # a shorter form is the template's label, not a deviation to note


@pytest.mark.parametrize(("year", "table_id", "row_id", "form"), FORMS)
def test_without_merged_cells_only_a_form_that_names_another_label_needs_its_group(
        tmp_path: Path, year: int, table_id: str, row_id: str, form: str) -> None:
    table = TEMPLATES[year].table(table_id)
    result = read_one_table(tmp_path, year, table, row_id, form, merge=False)
    wanted = row_cells(year, table, row_id)
    if (year, table_id, row_id, form) not in NEEDS_GROUP_LABELS:
        assert {key: result.placed.get(key, "not read") for key in wanted} == wanted
        assert [str(p) for p in result.problems if p.table == table_id] == []
        return
    assert not any(key in result.placed for key in wanted)  # not guessed: reported
    assert any(p.kind is ProblemKind.MISSING and p.row == row_id for p in result.problems)
    label = next(p for p in result.problems if p.kind is ProblemKind.UNPLACED and p.text == form)
    assert f"旁边没有所属的分组标题，无法确定是否为“{table.row_name(row_id)}”" in label.reason


def test_label_aliases_gives_each_shorter_form_once() -> None:
    assert label_aliases(label_key("（一）予以公开")) == ["予以公开"]
    assert label_aliases(label_key("1.属于国家秘密")) == ["属于国家秘密"]
    assert label_aliases(label_key("规章")) == []
    assert label_aliases(label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")) == [
        label_key("（二）部分公开"), label_key("部分公开（区分处理的，只计这一情形，不计其他情形）"), "部分公开"]
    assert label_aliases(label_key("本年收费金额（单位：万元）")) == ["本年收费金额"]


def test_bare_group_labels_are_known_as_group_labels(tmp_path: Path) -> None:
    """不予公开 printed without （三）: a row under it with data is a group title, not a row the template lacks."""
    workbook = openpyxl.Workbook()
    cells = make.expected_cells()
    ws = workbook.active
    make.write_table_3(make.Sheet(ws, False, make.official, cells), 1, 1,
                       extra_after={"3.3.8": ("不予公开", [1, 2, 3, 4, 5, 6, 7])})
    result = import_xlsx(save(workbook, tmp_path / "group.xlsx"))
    label = [p for p in result.problems if p.text == "不予公开"]
    assert len(label) == 1 and "是分组标题" in label[0].reason
