"""Format version 4 of the project file: the warnings a reviewer signed off ("signoffs") and a local
earlier deadline ("meta.local_deadline"); a report using neither is still written in its lowest version."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from model.checks import check_report
from model.findings import Finding
from model.projectfile import FORMAT_VERSION, ProjectFileError, load, loads, save, to_json
from model.report import Report
from model.schema import SCHEMA_FILE_NAME
from model.signoff import prune, sign_off, signoff_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "zaozhuang-2024.nianbao.json"
SAMPLE_DOC: dict[str, Any] = json.loads(SAMPLE.read_bytes())
SCHEMA_FILE = ROOT / "resources" / "schema" / SCHEMA_FILE_NAME
VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
NOTE = "行政许可大幅增长系机构改革划入（张三核实）"
DIGEST = "0" * 64
GOOD_SIGNOFF = {"rule": "META-AGENCY", "location": {"section": "meta", "field": "agency"},
                "fingerprint": DIGEST, "note": NOTE}


def _doc(version: int, **extra: Any) -> dict[str, Any]:
    document = copy.deepcopy(SAMPLE_DOC)
    document["version"] = version
    document.update(extra)
    return document


def _error(document: dict[str, Any]) -> ProjectFileError:
    with pytest.raises(ProjectFileError) as info:
        loads(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return info.value


def _signed_report() -> tuple[Report, Finding]:
    report = load(SAMPLE)
    report.cells[("t2_1", "rules", "issued")] = 7  # the text says none were issued: NARRATIVE-TABLE
    [finding] = [f for f in check_report(report) if f.rule == "NARRATIVE-TABLE"]
    sign_off(report, finding, NOTE)
    return report, finding


def test_the_newest_version_is_4_and_its_schema_replaces_the_old_one() -> None:
    assert FORMAT_VERSION == 4
    assert SCHEMA_FILE_NAME == "nianbao-report-v4.schema.json" and SCHEMA_FILE.is_file()
    assert not (ROOT / "resources" / "schema" / "nianbao-report-v3.schema.json").exists()


def test_signoffs_round_trip_through_the_file(tmp_path: Path) -> None:
    report, finding = _signed_report()
    document = to_json(report)
    assert document["version"] == 4
    [stored] = document["signoffs"]
    assert stored["rule"] == "NARRATIVE-TABLE" and stored["note"] == NOTE and "span" not in stored["location"]
    VALIDATOR.validate(document)
    path = tmp_path / "核实.nianbao.json"
    save(report, path)
    again = load(path)
    assert again == report and again.signoffs == report.signoffs
    signoff = signoff_for(again, finding)
    assert signoff is not None and signoff.note == NOTE


def test_a_changed_cell_after_loading_drops_the_mark_from_the_next_save(tmp_path: Path) -> None:
    report, _finding = _signed_report()
    path = tmp_path / "核实.nianbao.json"
    save(report, path)
    again = load(path)
    again.cells[("t2_1", "normative", "issued")] = 5
    prune(again, check_report(again))
    save(again, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "signoffs" not in document and document["version"] == 1


def test_a_local_deadline_round_trips_as_version_4(tmp_path: Path) -> None:
    report = load(SAMPLE)
    assert to_json(report)["version"] == 1  # neither sign-offs nor a local deadline: still version 1
    report.meta.local_deadline = date(2025, 1, 20)
    document = to_json(report)
    assert document["version"] == 4 and document["meta"]["local_deadline"] == "2025-01-20"
    VALIDATOR.validate(document)
    path = tmp_path / "本地期限.nianbao.json"
    save(report, path)
    assert load(path).meta.local_deadline == date(2025, 1, 20)
    report.meta.local_deadline = None
    assert to_json(report)["version"] == 1 and "local_deadline" not in to_json(report)["meta"]


@pytest.mark.parametrize("version", [1, 2, 3])
def test_older_files_still_load_and_may_not_hold_version_4_keys(version: int) -> None:
    assert loads(json.dumps(_doc(version))).signoffs == []
    error = _error(_doc(version, signoffs=[GOOD_SIGNOFF]))
    assert error.field == "signoffs" and "格式版本 4" in error.problem
    document = _doc(version)
    document["meta"]["local_deadline"] = "2025-01-20"
    error = _error(document)
    assert error.field == "meta.local_deadline" and "格式版本 4" in error.problem
    assert not VALIDATOR.is_valid(document)


def test_a_version_5_file_asks_to_upgrade() -> None:
    error = _error(_doc(5))
    assert error.field == "version" and "格式版本 5" in error.problem and "格式版本 4 及以下" in error.problem


def test_a_signoff_for_a_rule_this_release_does_not_know_loads_and_is_dropped_by_the_check() -> None:
    # Rules are added between releases without a new format version: not an error of the file.
    unknown = dict(GOOD_SIGNOFF, rule="TEXT-FUTURE-RULE")
    report = loads(json.dumps(_doc(4, signoffs=[unknown]), ensure_ascii=False))
    assert [s.rule for s in report.signoffs] == ["TEXT-FUTURE-RULE"]
    assert len(prune(report, check_report(report))) == 1 and report.signoffs == []


#: (a malformed "signoffs" value, the field the message names)
BAD_SIGNOFFS = [
    ({}, "signoffs"),
    (["META-AGENCY"], "signoffs[0]"),
    ([{k: v for k, v in GOOD_SIGNOFF.items() if k != "note"}], "signoffs[0]"),
    ([dict(GOOD_SIGNOFF, extra=1)], "signoffs[0]"),
    ([dict(GOOD_SIGNOFF, rule="meta agency")], "signoffs[0].rule"),
    ([dict(GOOD_SIGNOFF, note="  ")], "signoffs[0].note"),
    ([dict(GOOD_SIGNOFF, note="核" * 501)], "signoffs[0].note"),
    ([dict(GOOD_SIGNOFF, fingerprint="abc")], "signoffs[0].fingerprint"),
    ([dict(GOOD_SIGNOFF, location={"field": "agency"})], "signoffs[0].location"),
    ([dict(GOOD_SIGNOFF, location={"section": "s3", "paragraph": -1})], "signoffs[0].location.paragraph"),
    ([dict(GOOD_SIGNOFF, location={"section": "s3", "cells": [["3.1"]]})], "signoffs[0].location.cells[0]"),
    ([dict(GOOD_SIGNOFF, location={"section": "meta", "span": [0, 3]})], "signoffs[0].location"),
]


@pytest.mark.parametrize(("value", "field"), BAD_SIGNOFFS, ids=[str(i) for i in range(len(BAD_SIGNOFFS))])
def test_a_malformed_signoff_is_an_error_naming_the_key(tmp_path: Path, value: Any, field: str) -> None:
    document = _doc(4, signoffs=value)
    path = tmp_path / "坏的.nianbao.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        load(path)
    assert info.value.field == field and "“坏的.nianbao.json”" in str(info.value)
    assert not VALIDATOR.is_valid(document)


def test_a_duplicated_signoff_is_an_error() -> None:
    error = _error(_doc(4, signoffs=[GOOD_SIGNOFF, GOOD_SIGNOFF]))
    assert error.field == "signoffs[1]" and "重复" in error.problem


def test_a_bad_local_deadline_names_the_field() -> None:
    document = _doc(4)
    document["meta"]["local_deadline"] = "2025-02-30"
    assert _error(document).field == "meta.local_deadline"
