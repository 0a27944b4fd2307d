"""Format version 3 of the project file: the cells an import from a document could not read for
certain (`Report.uncertain`), saved as the top-level "uncertain" list until the person confirms them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from model.projectfile import ProjectFileError, dumps, load, loads, save, to_json
from model.report import PriorReport
from model.schema import SCHEMA_FILE_NAME

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "zaozhuang-2024.nianbao.json"
SAMPLE_DOC: dict[str, Any] = json.loads(SAMPLE.read_bytes())
SCHEMA_FILE = ROOT / "resources" / "schema" / SCHEMA_FILE_NAME
VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
NATURAL, TOTAL = ("t3", "3.1", "natural"), ("t3", "3.1", "total")


def _doc(version: int, **extra: Any) -> dict[str, Any]:
    document = copy.deepcopy(SAMPLE_DOC)
    document["version"] = version
    document.update(extra)
    return document


def _error(document: dict[str, Any]) -> ProjectFileError:
    with pytest.raises(ProjectFileError) as info:
        loads(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return info.value


def test_the_version_3_schema_was_replaced_not_kept() -> None:
    # The newest version and its schema: tests/test_projectfile_v4.py.
    assert not (ROOT / "resources" / "schema" / "nianbao-report-v3.schema.json").exists()
    assert not (ROOT / "resources" / "schema" / "nianbao-report-v2.schema.json").exists()


def test_uncertain_cells_are_written_as_version_3_in_template_order(tmp_path: Path) -> None:
    report = load(SAMPLE)
    report.uncertain = {TOTAL, ("t2_1", "rules", "issued"), NATURAL}
    document = to_json(report)
    assert document["version"] == 3
    assert document["uncertain"] == [["t2_1", "rules", "issued"], list(NATURAL), list(TOTAL)]
    VALIDATOR.validate(document)
    path = tmp_path / "导入.nianbao.json"
    save(report, path)
    again = load(path)
    assert again.uncertain == report.uncertain and again == report


def test_the_lowest_version_that_holds_the_report_is_written() -> None:
    report = load(SAMPLE)
    assert to_json(report)["version"] == 1 and "uncertain" not in to_json(report)
    report.prefilled = {("t3", "2", "total")}
    assert to_json(report)["version"] == 2 and "uncertain" not in to_json(report)
    report.uncertain = {NATURAL}
    assert to_json(report)["version"] == 3
    report.uncertain = set()  # all confirmed: the file goes back to what older releases open
    assert to_json(report)["version"] == 2


def test_files_of_versions_1_and_2_still_load_without_uncertain_cells() -> None:
    assert loads(json.dumps(_doc(1))).uncertain == set()
    two = loads(json.dumps(_doc(2, prefilled=[["t3", "2", "total"]])))
    assert two.uncertain == set() and two.prefilled == {("t3", "2", "total")}


def test_an_embedded_prior_keeps_its_own_uncertain_cells_and_version() -> None:
    last_year = load(SAMPLE)
    last_year.uncertain = {NATURAL}
    report = load(SAMPLE)
    report.meta.year = 2025
    report.prior = PriorReport("2024年报.pdf", embedded=True, report=last_year)
    document = to_json(report)
    assert document["version"] == 2 and "uncertain" not in document
    assert document["prior"]["embedded"]["version"] == 3
    assert document["prior"]["embedded"]["uncertain"] == [list(NATURAL)]
    VALIDATOR.validate(document)
    again = loads(dumps(report))
    assert again.prior is not None and again.prior.report is not None
    assert again.prior.report.uncertain == {NATURAL}


@pytest.mark.parametrize("version", [1, 2])
def test_uncertain_in_an_older_version_is_refused(version: int) -> None:
    document = _doc(version, uncertain=[list(NATURAL)])
    error = _error(document)
    assert error.field == "uncertain" and "格式版本 3" in error.problem and f"格式版本 {version}" in error.problem
    assert not VALIDATOR.is_valid(document)


#: (the "uncertain" value, the field the message names)
BAD_UNCERTAIN = [
    ({}, "uncertain"),
    ("t3.3.1.natural", "uncertain"),
    ([["t3", "3.1"]], "uncertain[0]"),
    ([["t3", "3.1", 1]], "uncertain[0]"),
    ([["t3", "3.1", "nobody"]], "uncertain[0]"),
    ([["t2_9", "procurement", "projects"]], "uncertain[0]"),  # a 2019 cell in a 2021 report
    ([list(NATURAL), list(NATURAL)], "uncertain[1]"),
]


@pytest.mark.parametrize(("value", "field"), BAD_UNCERTAIN, ids=[str(i) for i in range(len(BAD_UNCERTAIN))])
def test_a_wrong_uncertain_list_names_the_field(tmp_path: Path, value: Any, field: str) -> None:
    document = _doc(3, uncertain=value)
    path = tmp_path / "坏的.nianbao.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        load(path)
    assert info.value.field == field and "“坏的.nianbao.json”" in str(info.value)
    assert not VALIDATOR.is_valid(document)


def test_an_unknown_cell_is_named_like_a_prefilled_one() -> None:
    error = _error(_doc(3, uncertain=[["t3", "3.1", "nobody"]]))
    assert error.problem == "2021 年版模板中没有单元格 t3.3.1.nobody"


def test_an_empty_uncertain_list_in_a_version_3_file_loads() -> None:
    document = _doc(3, uncertain=[])
    VALIDATOR.validate(document)
    assert loads(json.dumps(document)).uncertain == set()
