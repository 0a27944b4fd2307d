"""Template meanings as roles: every template declares every role, a missing or wrong role fails at
import, and rule code reads roles, never a template's cell ids (issue 13, item 1)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from model.template import ABSENT, Cells, Role, Sections, Template
from model.templates import TEMPLATES, t2021

ROOT = Path(__file__).resolve().parent.parent
T2021, T2019 = TEMPLATES[2021], TEMPLATES[2019]


@pytest.mark.parametrize("template", list(TEMPLATES.values()), ids=[str(y) for y in TEMPLATES])
def test_every_template_declares_every_role(template: Template) -> None:
    assert set(template.roles) == set(Role)
    for role, binding in template.roles.items():
        if binding is ABSENT:
            continue
        if role.names_sections:
            assert isinstance(binding, Sections) and binding.sections, role
        else:
            assert isinstance(binding, Cells), role
            found = template.cells_of(role)
            assert found is not None and found[1], role


def test_a_forgotten_role_fails_loudly() -> None:
    roles = {r: b for r, b in T2021.roles.items() if r is not Role.UNPAID_FEE}
    with pytest.raises(ValueError, match="UNPAID_FEE"):
        replace(T2021, roles=roles)


def test_a_role_naming_a_cell_the_template_lacks_fails_loudly() -> None:
    for wrong in (Cells("t3", rows=("3.6.9",)), Cells("t9", rows=("1",)), Cells("t2_1", columns=("made",))):
        with pytest.raises(ValueError, match="UNPAID_FEE"):
            replace(T2021, roles={**T2021.roles, Role.UNPAID_FEE: wrong})
    with pytest.raises(ValueError, match="NOT_TRIVIAL"):
        replace(T2021, roles={**T2021.roles, Role.NOT_TRIVIAL: Sections(("s7",))})
    with pytest.raises(ValueError, match="NOT_TRIVIAL"):  # a section role bound to cells
        replace(T2021, roles={**T2021.roles, Role.NOT_TRIVIAL: Cells("t3", rows=("1",))})


def test_a_balance_equation_without_the_names_of_its_sides_fails_loudly() -> None:
    balance = next(e for e in T2021.equations if e.rule == "T3-BALANCE")
    with pytest.raises(ValueError, match="T3-BALANCE"):
        replace(T2021, equations=(replace(balance, left_name=""),))


def test_what_the_2019_template_lacks_is_declared_absent_not_forgotten() -> None:
    for role in (Role.DOCUMENTS_ABOLISHED, Role.DOCUMENTS_IN_FORCE, Role.UNPAID_FEE, Role.FEE):
        assert T2019.roles[role] is ABSENT and T2019.cells_of(role) is None
        assert T2021.cells_of(role) is not None
    # 本年新制作数量 is 2019's count of documents made; （六） has no sub-items.
    assert T2019.cells_of(Role.DOCUMENTS_ISSUED, Role.RULES)[1] == (("rules", "made"),)
    assert T2019.cells_of(Role.OTHER_HANDLING, Role.APPLICANT_TOTAL)[1] == (("3.6", "total"),)


def test_roles_intersect_into_the_cells_a_rule_reads() -> None:
    table, cells = T2021.cells_of(Role.REFUSED, Role.APPLICANT_TOTAL)
    assert table.id == "t3" and cells == tuple((f"3.3.{i}", "total") for i in range(1, 9))
    assert T2021.cells_of(Role.CARRIED_IN)[1] == tuple(("2", c) for c in table.column_ids)
    assert T2021.cells_of(Role.LAWSUITS)[1] == (("cases", "direct_suit.total"), ("cases", "suit_after_review.total"))
    assert T2021.section_of(Role.NOT_TRIVIAL) == "s5" and T2021.section_of(Role.FEE_MENTION) == "s6"
    assert T2021.sections_of(Role.REPETITION) == ("s1", "s5", "s6")
    with pytest.raises(ValueError):  # roles of two tables name no cells together
        T2021.cells_of(Role.RECEIVED, Role.REVIEWS)
    with pytest.raises(TypeError):
        T2021.section_of(Role.RECEIVED)


def test_the_header_over_every_column_of_table_three_is_declared_and_checked() -> None:
    assert T2021.table("t3").column_name("commercial") == "法人或其他组织·商业企业"
    with pytest.raises(ValueError, match="申请人"):
        replace(t2021.T3, unnamed_header="申请人")


# --- rule code reads roles, never ids --------------------------------------------------------------

#: A template's table, section, row or column id written into rule code (the brief's grep).
TEMPLATE_ID = re.compile(r'"(t2_[0-9]|t3|t4|s[1-6])"|"3\.[0-9]|"total"|"cases"')
RULE_MODULES = ["model/checks.py", "model/crossyear.py", *sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "model").glob("narrative_*.py"))]


@pytest.mark.parametrize("module", RULE_MODULES)
def test_rule_code_names_no_template_cell_id(module: str) -> None:
    text = (ROOT / module).read_text(encoding="utf-8")
    found = [f"{module}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1)
             if TEMPLATE_ID.search(line)]
    assert found == []


def test_the_id_test_would_catch_an_id() -> None:
    assert TEMPLATE_ID.search('value = report.value("t3", row, column)')
    assert TEMPLATE_ID.search('_FEE_ROW = "3.6.2"')
    assert not TEMPLATE_ID.search('Finding("S5-TRIVIAL", WARNING, ...)')
