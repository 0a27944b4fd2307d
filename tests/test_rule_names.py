"""Every rule id a check can emit has a short Chinese name (model/rule_names.py) for the findings panel."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from model.rule_names import RULE_NAMES, rule_name

ROOT = Path(__file__).resolve().parent.parent
#: A rule id as the checks write it: T3-BALANCE, CELL-BLANK, XY-IN-FORCE.
RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")
#: Strings of that shape in the source that are not rule ids.
NOT_RULES = {"UTF-8", "UTF-16", "UTF-32", "GB-2312", "ISO-8859-1", "GB-18030", "SHA-256", "X-UA-COMPATIBLE"}


def _source_rule_ids() -> set[str]:
    """The rule-shaped string constants (also inside f-strings) of model/, export/, importing/, ui/, cli.py."""
    files = [ROOT / "cli.py"] + [path for folder in ("model", "export", "importing", "ui")
                                 for path in (ROOT / folder).rglob("*.py")]
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and RULE_ID.fullmatch(node.value):
                found.add(node.value)
            if isinstance(node, ast.JoinedStr):  # f"T{n}-TOTAL" would hide an id: none must exist
                head = node.values[0] if node.values else None
                if isinstance(head, ast.Constant) and re.fullmatch(r"[A-Z][A-Z0-9]*-", str(head.value)):
                    found.add(f"{head.value}…（{path.name} 中由 f-string 拼出）")
    return found - NOT_RULES


def test_every_rule_in_the_source_has_a_chinese_name() -> None:
    missing = sorted(_source_rule_ids() - RULE_NAMES.keys())
    assert not missing, f"model/rule_names.py 缺少这些规则的中文名称：{missing}"


def test_the_names_are_short_chinese_words_and_distinct() -> None:
    for rule, name in RULE_NAMES.items():
        assert RULE_ID.fullmatch(rule) and 2 <= len(name) <= 14 and not re.search(r"[A-Za-z]", name), rule
    assert len(set(RULE_NAMES.values())) == len(RULE_NAMES)


def test_a_known_rule_reads_as_words_an_unknown_one_as_itself() -> None:
    assert rule_name("T3-BALANCE") == "表三收支不平衡" and rule_name("CELL-BLANK") == "未填写"
    assert rule_name("SOME-NEW-RULE") == "SOME-NEW-RULE"
