"""The project file (model/projectfile.py): round trips, the shipped schema, hostile input, atomic saving.

A loader error is always a ProjectFileError whose message names the file and,
where there is one, the offending field; never a traceback of another type.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model import atomicfile, projectfile
from model.projectfile import (
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    ProjectFileError,
    dumps,
    load,
    load_prior,
    loads,
    save,
    to_json,
)
from model.report import AgencyKind, Metadata, PriorReport, Report, ReportSection
from model.schema import SCHEMA_FILE_NAME, json_schema
from model.templates import TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "zaozhuang-2024.nianbao.json"
SCHEMA_FILE = ROOT / "resources" / "schema" / SCHEMA_FILE_NAME
SAMPLE_BYTES = SAMPLE.read_bytes()
SAMPLE_DOC: dict[str, Any] = json.loads(SAMPLE_BYTES)
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
#: A file name with CJK and a space: the message must quote it as is.
NAME = "测试 报告.nianbao.json"

FORBIDDEN = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
RARE = ["𠀀", "𪚥", "😀", "👨‍👩‍👧‍👦", "🇨🇳", "\u3000", "\u200b", "\ufeff", "\u2028", "“", "”", "（", "、",
        "\t", "\n", "\r", "\x85", "\\", '"', "é", "\U0010ffff"]


# --- strategies ---------------------------------------------------------------------

texts = st.lists(
    st.one_of(st.characters(codec="utf-8", exclude_characters=FORBIDDEN), st.sampled_from(RARE)), max_size=30,
).map("".join)
ints = st.integers(min_value=-(10**15 - 1), max_value=10**15 - 1)


@st.composite
def decimals(draw: st.DrawFn) -> Decimal:
    """Up to 6 decimal places and at most 15 significant digits (so |x| < 10^15)."""
    places = draw(st.integers(0, 6))
    mantissa = draw(st.integers(-(10**15 - 1), 10**15 - 1))
    return Decimal(mantissa).scaleb(-places)


values = st.one_of(
    st.none(), ints, decimals(),
    st.sampled_from([0, Decimal("0.0001"), Decimal("-0.5"), Decimal("0.000001"), Decimal("999999999999999"),
                     Decimal("-99999999.9999999"), Decimal("0.10"), Decimal("1E+14"), Decimal("-0.0")]),
)


prior_paths = texts.filter(lambda text: text.strip() != "")


@st.composite
def reports(draw: st.DrawFn, nested: bool = False) -> Report:
    """Any report the format can hold; with last year's report linked or embedded unless `nested`."""
    template = TEMPLATES[draw(st.sampled_from(sorted(TEMPLATES)))]
    meta = Metadata(
        agency=draw(texts),
        year=draw(st.integers(1990, 2100)),
        kind=draw(st.sampled_from(AgencyKind)),
        published=draw(st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31))),
        website=draw(texts), phone=draw(texts), email=draw(texts),
    )
    preamble = draw(st.lists(texts, max_size=3))
    order = draw(st.permutations(template.sections))
    chosen = order[: draw(st.integers(0, len(order)))]
    sections = [
        ReportSection(
            s.id,
            draw(st.just(s.title) | texts),
            draw(st.lists(texts, max_size=4)) if s.kind == "narrative" else [],
        )
        for s in chosen
    ]
    keys = [(t.id, r, c) for t in template.tables for r in t.row_ids for c in t.column_ids]
    cells = dict.fromkeys(keys) if draw(st.booleans()) else {}  # a full grid of blanks, or cells missing
    cells.update(draw(st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))))
    prefilled = set(draw(st.lists(st.sampled_from(keys), max_size=4)))
    uncertain = set(draw(st.lists(st.sampled_from(keys), max_size=4)))
    prior = None
    link = "none" if nested else draw(st.sampled_from(["none", "linked", "embedded"]))
    if link == "linked":
        prior = PriorReport(draw(prior_paths), embedded=False)
    elif link == "embedded":
        prior = PriorReport(draw(st.none() | prior_paths), embedded=True, report=draw(reports(nested=True)))
    return Report(template.year, meta, preamble, sections, cells, prior, prefilled, uncertain)


# --- helpers ------------------------------------------------------------------------


def sample_doc() -> dict[str, Any]:
    return copy.deepcopy(SAMPLE_DOC)


def encode(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def load_error(directory: Path, data: bytes | str, name: str = NAME) -> str:
    """Write `data` as `name`, load it, and return the ProjectFileError message (naming the file)."""
    path = directory / name
    path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    with pytest.raises(ProjectFileError) as info:
        load(path)
    message = str(info.value)
    assert f"“{name}”" in message, message
    message.encode("utf-8")  # printable in a log or console
    return message


def assert_loads_or_refuses(data: bytes) -> None:
    """Either a ProjectFileError, or a report that saves and reloads unchanged."""
    try:
        report = loads(data)
    except ProjectFileError as error:
        assert str(error).startswith("无法读取")
        return
    assert loads(dumps(report)) == report


# --- (a) round trips ------------------------------------------------------------------


def test_sample_loads_and_round_trips_byte_for_byte() -> None:
    report = load(SAMPLE)
    assert report.template_year == 2021
    assert dumps(report).encode("utf-8") == SAMPLE_BYTES


@given(reports())
@settings(max_examples=150, deadline=None)
@example(Report(2019, Metadata(agency="𠀀😀", year=2020), [], [], {("t2_5", "licensing", "change"): -3}))
def test_dumps_loads_round_trip(report: Report) -> None:
    text = dumps(report)
    assert loads(text) == report
    assert loads(text.encode("utf-8")) == report
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(json.loads(text))]
    assert errors == []


@given(reports())
@settings(max_examples=25, deadline=None)
def test_save_load_round_trip(tmp_path_factory: pytest.TempPathFactory, report: Report) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "报告.nianbao.json"
    save(report, path)
    assert load(path) == report
    assert [p.name for p in path.parent.iterdir()] == [path.name]


# --- (b) the shipped schema -----------------------------------------------------------


def test_shipped_schema_is_current() -> None:
    """Regenerate with: python -m model.schema > resources/schema/nianbao-report-v4.schema.json"""
    assert json.loads(json.dumps(json_schema(), ensure_ascii=False)) == SCHEMA


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_sample_validates_against_schema() -> None:
    VALIDATOR.validate(SAMPLE_DOC)


def test_documented_example_loads_and_validates() -> None:
    """docs/file-format.md: its complete example is a valid file, and its id tables list every id."""
    doc = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    example = doc.split("## 12.", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    VALIDATOR.validate(json.loads(example))
    assert loads(example).template_year == 2021
    for template in TEMPLATES.values():
        for table in template.tables:
            for id_ in (table.id, *table.row_ids, *table.column_ids):
                assert f"`{id_}`" in doc, id_


def test_schema_follows_the_templates() -> None:
    for year, template in TEMPLATES.items():
        tables = SCHEMA["$defs"][f"tables-{year}"]["properties"]
        assert list(tables) == [t.id for t in template.tables]
        for table in template.tables:
            assert list(tables[table.id]["properties"]) == list(table.row_ids)
            assert list(SCHEMA["$defs"][f"rows-{year}-{table.id}"]["properties"]) == list(table.column_ids)


def test_schema_keeps_the_templates_apart() -> None:
    document = sample_doc()
    document["tables"]["t2_9"] = {"procurement": {"projects": 1}}  # a 2019-only table in a 2021 report
    assert not VALIDATOR.is_valid(document)
    document = sample_doc()
    document["template"] = 2019  # 2021's table-二 columns and （六） sub-rows are not 2019 ids
    assert not VALIDATOR.is_valid(document)
    document["tables"] = {"t2_9": {"procurement": {"projects": 1, "amount": 12.5}}, "t3": {"3.6": {"total": 0}}}
    assert VALIDATOR.is_valid(document)


# --- (c) hostile input ----------------------------------------------------------------


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    assert "文件为空" in load_error(tmp_path, b"")
    assert "文件为空" in load_error(tmp_path, b" \n\t\r\n")
    assert "文件为空" in load_error(tmp_path, b"\xef\xbb\xbf")


def test_not_an_object(tmp_path: Path) -> None:
    assert "JSON 对象" in load_error(tmp_path, "[]")
    assert "JSON 对象" in load_error(tmp_path, '"nianbao-report"')
    assert "（字段" not in load_error(tmp_path, "[]")  # the whole file is wrong, not one field
    assert "字段 format" in load_error(tmp_path, "{}")
    assert "字段 format" in load_error(tmp_path, '{"format": "other", "version": 1}')


def test_ten_megabytes_of_random_bytes(tmp_path: Path) -> None:
    message = load_error(tmp_path, random.Random(1).randbytes(10 * 1024 * 1024))
    assert f"{MAX_FILE_BYTES // (1024 * 1024)} MB" in message


def test_just_over_the_size_limit(tmp_path: Path) -> None:
    document = sample_doc()
    document["preamble"] = ["年" * 100_000] * 20  # valid paragraphs, 6 MB in all
    assert "MB" in load_error(tmp_path, encode(document))


def test_future_version_asks_to_upgrade(tmp_path: Path) -> None:
    future = FORMAT_VERSION + 1
    document = sample_doc()
    document["version"] = future
    document["something_new"] = {"added": f"in version {future}"}
    message = load_error(tmp_path, encode(document))
    assert "升级" in message and f"格式版本 {future}" in message and "字段 version" in message


def _set(path: str, value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return change


def _delete(path: str) -> Any:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        del target[last]
    return change


#: (change to the sample, field named in the message or None for the whole file, whether the schema can tell too)
BAD_FIELDS = [
    (_delete("format"), "format", True),
    (_set("format", 1), "format", True),
    (_set("version", "1"), "version", True),
    (_set("version", True), "version", True),
    (_set("version", 0), "version", True),
    (_set("version", -1), "version", True),
    (_set("version", None), "version", True),
    (_set("version", 1.5), "version", True),
    (_delete("version"), "version", True),
    (_set("template", "2021"), "template", True),
    (_set("template", 2020), "template", True),
    (_set("template", None), "template", True),
    (_delete("template"), None, True),
    (_set("extra", 1), None, True),
    (_set("meta", []), "meta", True),
    (_set("meta", None), "meta", True),
    (_set("meta/year", "2024"), "meta.year", True),
    (_set("meta/year", True), "meta.year", True),
    (_set("meta/year", 1989), "meta.year", True),
    (_set("meta/year", 2101), "meta.year", True),
    (_set("meta/year", 2024.5), "meta.year", True),
    (_set("meta/kind", "部门"), "meta.kind", True),
    (_set("meta/kind", 1), "meta.kind", True),
    (_set("meta/published", "2025/1/20"), "meta.published", True),
    (_set("meta/published", "2025-02-30"), "meta.published", False),
    (_set("meta/published", "２０２５-01-20"), "meta.published", True),
    (_set("meta/published", 20250120), "meta.published", True),
    (_set("meta/agency", None), "meta.agency", True),
    (_set("meta/agency", 1), "meta.agency", True),
    (_set("meta/agency", "a\x01b"), "meta.agency", True),
    (_set("meta/website", []), "meta.website", True),
    (_set("meta/phone", 6323168699), "meta.phone", True),
    (_set("meta/email", {}), "meta.email", True),
    (_set("meta/extra", ""), "meta", True),
    (_delete("meta/email"), "meta", True),
    (_set("preamble", "一段文字"), "preamble", True),
    (_set("preamble", None), "preamble", True),
    (_set("preamble/0", 1), "preamble[0]", True),
    (_set("preamble/0", "x" * 200_001), "preamble[0]", True),
    (_set("preamble", [""] * 5001), "preamble", True),
    (_set("sections", {}), "sections", True),
    (_set("sections", [{"id": "s1", "title": ""}] * 51), "sections", True),
    (_set("sections/0", 1), "sections[0]", True),
    (_set("sections/0", {"id": "s1"}), "sections[0]", True),
    (_set("sections/0/extra", 1), "sections[0]", True),
    (_set("sections/0/id", 1), "sections[0].id", True),
    (_set("sections/0/id", "s9"), "sections[0].id", True),
    (_set("sections/5/id", "s1"), "sections[5].id", False),
    (_set("sections/0/title", None), "sections[0].title", True),
    (_set("sections/0/paragraphs", "一段文字"), "sections[0].paragraphs", True),
    (_set("sections/0/paragraphs", [None]), "sections[0].paragraphs[0]", True),
    (_set("sections/1/paragraphs", ["表格部分不能有段落"]), "sections[1].paragraphs", True),
    (_set("tables", []), "tables", True),
    (_set("tables/t9", {}), "tables.t9", True),
    (_set("tables/t2_9", {}), "tables.t2_9", True),  # a 2019 table in a 2021 report
    (_set("tables/t3", []), "tables.t3", True),
    (_set("tables/t3/99", {}), "tables.t3.99", True),
    (_set("tables/t3/3.6", {}), "tables.t3.3.6", True),  # a 2019 row in a 2021 report
    (_set("tables/t3/1", [9]), "tables.t3.1", True),
    (_set("tables/t3/1/nobody", 1), "tables.t3.1.nobody", True),
    (_set("tables/t3/1/natural", "9件"), "tables.t3.1.natural", True),
    (_set("tables/t3/1/natural", "9"), "tables.t3.1.natural", True),
    (_set("tables/t3/1/natural", True), "tables.t3.1.natural", True),
    (_set("tables/t3/1/natural", []), "tables.t3.1.natural", True),
    (_set("tables/t3/1/natural", {}), "tables.t3.1.natural", True),
    (_set("tables/t4/cases/review.total", "0"), "tables.t4.cases.review.total", True),
]


@pytest.mark.parametrize(("change", "field", "schema_knows"), BAD_FIELDS,
                         ids=[f"{i}-{field}" for i, (_c, field, _s) in enumerate(BAD_FIELDS)])
def test_wrong_field(tmp_path: Path, change: Any, field: str | None, schema_knows: bool) -> None:
    document = sample_doc()
    change(document)
    message = load_error(tmp_path, encode(document))
    if field is None:
        assert "（字段" not in message
    else:
        assert f"（字段 {field}）" in message
    if schema_knows:
        assert not VALIDATOR.is_valid(document)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity(tmp_path: Path, literal: str) -> None:
    text = SAMPLE_BYTES.decode().replace('"natural": 9,', f'"natural": {literal},', 1)
    assert literal in text
    assert f"不允许的数值 {literal}" in load_error(tmp_path, text)


@pytest.mark.parametrize("number", [
    "1234567890123456",  # 16 digits
    "-1234567890123456",
    "1" * 5000,  # beyond Python's int-from-string digit limit
    "1000000000000000",  # 10^15 itself
    "0.1234567890123456",
    "1.0000000000000000000000000000001",  # 32 digits: more than decimal's default 28-digit context
    "999999999999999.9",
    "1e15",
    "1e400",
    "-1e400",
    "1e-400",
    "1e-16",
    "1e999999999999999999",  # an exponent decimal arithmetic overflows on
    "-1E+999999999999999999",
    "1e-999999999999999999",
    "0e999999999999999999",
])
def test_numbers_out_of_range(tmp_path: Path, number: str) -> None:
    text = SAMPLE_BYTES.decode().replace('"natural": 9,', f'"natural": {number},', 1)
    assert "超出可处理的范围" in load_error(tmp_path, text)


@pytest.mark.parametrize("number", ["999999999999999", "-999999999999999", "0.000000000000001",
                                    "99999999999999.9", "1.5e-10", "1E+14", "0.0", "-0", "123.4500000000000000000"])
def test_numbers_in_range(number: str) -> None:
    text = SAMPLE_BYTES.decode().replace('"natural": 9,', f'"natural": {number},', 1)
    report = loads(text)
    assert report.value("t3", "1", "natural") == Decimal(number)
    assert loads(dumps(report)) == report


def test_duplicate_keys(tmp_path: Path) -> None:
    text = SAMPLE_BYTES.decode()
    assert "重复" in load_error(tmp_path, text.replace('"version": 1,', '"version": 1,\n  "version": 1,', 1))
    assert "重复" in load_error(tmp_path, text.replace('"natural": 9,', '"natural": 9, "natural": 9,', 1))


def test_deeply_nested_arrays(tmp_path: Path) -> None:
    depth = 100_000
    assert "嵌套" in load_error(tmp_path, "[" * depth + "]" * depth)
    assert "嵌套" in load_error(tmp_path, '{"a": ' * depth + "1" + "}" * depth)
    load_error(tmp_path, "[" * depth)  # unterminated as well


def test_lone_surrogate(tmp_path: Path) -> None:
    document = sample_doc()
    document["meta"]["agency"] = "\ud800"
    data = json.dumps(document).encode("ascii")  # the JSON escape \ud800, valid JSON syntax
    assert "（字段 meta.agency）" in load_error(tmp_path, data)
    # ... in a key the message quotes: the message stays encodable
    document = sample_doc()
    document["tables"]["t3"]["\udc80x"] = {}
    assert "字段 tables.t3." in load_error(tmp_path, json.dumps(document).encode("ascii"))
    # ... and as raw (CESU-style) bytes: not UTF-8
    assert "UTF-8" in load_error(tmp_path, SAMPLE_BYTES.replace("枣庄".encode(), b"\xed\xa0\x80", 1))


def test_control_characters(tmp_path: Path) -> None:
    document = sample_doc()
    document["sections"][0]["paragraphs"][1] = "文字\x0b换行"  # Word's manual line break
    assert "控制字符" in load_error(tmp_path, encode(document))
    # Unescaped inside a JSON string it is not even valid JSON.
    raw = SAMPLE_BYTES.replace("枣庄市行政审批服务局".encode(), "枣庄\x01".encode(), 1)
    assert "不是有效的 JSON" in load_error(tmp_path, raw)
    # Tab, line feed and carriage return are allowed.
    document["sections"][0]["paragraphs"][1] = "甲\t乙\n丙\r丁"
    assert loads(encode(document)).section("s1").paragraphs[1] == "甲\t乙\n丙\r丁"


def test_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / NAME
    folder.mkdir()
    with pytest.raises(ProjectFileError, match=f"“{NAME}”.*文件夹"):
        load(folder)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match=f"“{NAME}”.*不存在"):
        load(tmp_path / NAME)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(SAMPLE_BYTES)
    path.chmod(0)
    with pytest.raises(ProjectFileError, match=f"“{NAME}”.*权限"):
        load(path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_BYTES)
    assert load(path) == load(SAMPLE)


@pytest.mark.parametrize("data", [
    SAMPLE_BYTES.replace("枣庄".encode(), b"\xff\xfe", 1),
    SAMPLE_BYTES.decode().encode("utf-16"),
    SAMPLE_BYTES.decode().encode("gb18030"),
    "枣庄".encode()[:-1] + SAMPLE_BYTES,
])
def test_invalid_utf8_is_refused(tmp_path: Path, data: bytes) -> None:
    assert "UTF-8" in load_error(tmp_path, data)


def test_file_name_with_undecodable_bytes(tmp_path: Path) -> None:
    if os.name != "posix" or sys.platform == "darwin":
        pytest.skip("needs a file system that stores arbitrary bytes")
    name = os.fsdecode(b"\xff\xfe.nianbao.json")  # a lone surrogate via surrogateescape
    path = tmp_path / name
    path.write_bytes(b"{}")
    with pytest.raises(ProjectFileError) as info:
        load(path)
    str(info.value).encode("utf-8")


def test_every_truncation_is_refused() -> None:
    whole = len(SAMPLE_BYTES.rstrip())
    for cut in range(whole):
        with pytest.raises(ProjectFileError):
            loads(SAMPLE_BYTES[:cut])


@given(cut=st.integers(0, len(SAMPLE_BYTES.rstrip()) - 1))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_truncated_file(tmp_path: Path, cut: int) -> None:
    load_error(tmp_path, SAMPLE_BYTES[:cut])


@given(st.lists(st.tuples(st.integers(0, len(SAMPLE_BYTES) - 1), st.integers(0, 255)), min_size=1, max_size=8))
@settings(max_examples=300, deadline=None)
@example([(SAMPLE_BYTES.index(b'"natural": 9') + 11, ord("9"))])  # still valid
def test_mutated_bytes(mutations: list[tuple[int, int]]) -> None:
    data = bytearray(SAMPLE_BYTES)
    for position, byte in mutations:
        data[position] = byte
    assert_loads_or_refuses(bytes(data))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=10,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


SAMPLE_PATHS = _paths(SAMPLE_DOC)[1:]


@given(st.sampled_from(SAMPLE_PATHS), json_values)
@settings(max_examples=300, deadline=None)
def test_replaced_field(path: tuple[Any, ...], value: Any) -> None:
    """Any field of the sample replaced by any JSON value: a report or a ProjectFileError."""
    document = sample_doc()
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    assert_loads_or_refuses(encode(document))


@given(json_values)
@settings(max_examples=100, deadline=None)
def test_arbitrary_json(value: Any) -> None:
    with pytest.raises(ProjectFileError):
        loads(json.dumps(value))


# --- (d) saving ------------------------------------------------------------------------


def _other_report() -> Report:
    report = load(SAMPLE)
    report.meta.agency = "另一个机关"
    report.cells[("t3", "1", "natural")] = 10
    return report


def _fail(*_args: Any, **_kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "磁盘空间不足")


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = tmp_path / NAME
    save(load(SAMPLE), path)
    before = path.read_bytes()
    monkeypatch.setattr(atomicfile.os, failing, _fail)
    with pytest.raises(ProjectFileError) as info:
        save(_other_report(), path)
    monkeypatch.undo()
    message = str(info.value)
    assert message.startswith(f"无法保存“{NAME}”") and "原文件未改动" in message
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [NAME]


def test_interrupted_save_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / NAME
    save(load(SAMPLE), path)
    before = path.read_bytes()

    def interrupt(*_args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomicfile.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save(_other_report(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [NAME]


def test_save_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match=f"无法保存“{NAME}”"):
        save(load(SAMPLE), tmp_path / "没有这个文件夹" / NAME)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444])
def test_save_preserves_permission_bits(tmp_path: Path, mode: int) -> None:
    path = tmp_path / NAME
    save(load(SAMPLE), path)
    path.chmod(mode)
    save(_other_report(), path)  # replacing a read-only file is allowed: the folder is writable
    assert path.stat().st_mode & 0o7777 == mode
    assert load(path) == _other_report()


CHILD = """
import sys
from model import projectfile
target, first, second = sys.argv[1:]
reports = [projectfile.load(first), projectfile.load(second)]
projectfile.save(reports[0], target)
print("ready", flush=True)
i = 1
while True:
    projectfile.save(reports[i % 2], target)
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_while_saving(tmp_path: Path) -> None:
    """SIGKILL a process that saves two reports in turn: the file is always one of them, whole.

    A kill between creating the temporary file and renaming it leaves that one
    hidden `.NAME.xxxx.tmp` behind. It is harmless: the project file itself is
    the old or the new report, the next save makes a new temporary file, and a
    save an hour later removes the leftover (test below).
    """
    sources = tmp_path / "sources"
    sources.mkdir()
    first, second = load(SAMPLE), _other_report()
    second.sections[0].paragraphs += ["很长的一段文字。" * 2000] * 30  # ~1.5 MB: kills land mid-write
    save(first, sources / "first.nianbao.json")
    save(second, sources / "second.nianbao.json")
    folder = tmp_path / "target"
    folder.mkdir()
    target = folder / NAME
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    for _attempt in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), str(sources / "first.nianbao.json"),
             str(sources / "second.nianbao.json")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == b"ready\n", child.stderr.read() if child.stderr else b""
            time.sleep(rng.uniform(0.0, 0.25))
            child.send_signal(signal.SIGKILL)
        finally:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            child.communicate()
        assert child.returncode == -signal.SIGKILL
        assert load(target) in (first, second), f"seed {seed}"
        leftovers = [p for p in folder.iterdir() if p != target]
        assert len(leftovers) <= 1, (seed, leftovers)
        for leftover in leftovers:
            assert leftover.name.startswith(atomicfile.temporary_prefix(target)), leftover
            assert leftover.name.endswith(".tmp"), leftover
            leftover.unlink()  # what a save an hour later does


def test_a_later_save_removes_what_a_killed_save_left_behind(tmp_path: Path) -> None:
    target = tmp_path / NAME
    hour_and_a_bit = time.time() - atomicfile.STALE_AFTER_SECONDS - 60
    prefix = atomicfile.temporary_prefix(target)
    stale = tmp_path / f"{prefix}k3x_9abq.tmp"
    stale_old_style = tmp_path / f".{NAME}.k3x_9abq.tmp"  # as versions before the short names made them
    fresh = tmp_path / f"{prefix}p0q1r2s3.tmp"  # perhaps another instance saving right now
    others = [tmp_path / ".other.nianbao.json.k3x_9abq.tmp", tmp_path / f"{NAME}.tmp",
              tmp_path / f"{prefix}notours.tmp", tmp_path / f"{prefix}k3x_9abq.tmp.bak",
              tmp_path / f"{atomicfile.temporary_prefix(tmp_path / 'other.json')}k3x_9abq.tmp"]
    for path in [stale, stale_old_style, fresh, *others]:
        path.write_bytes(b"{")
        if path is not fresh:
            os.utime(path, (hour_and_a_bit, hour_and_a_bit))
    save(load(SAMPLE), target)
    assert not stale.exists() and not stale_old_style.exists()
    assert fresh.exists() and all(path.exists() for path in others)
    assert load(target) == load(SAMPLE)


def test_to_json_matches_dumps() -> None:
    report = load(SAMPLE)
    assert json.loads(dumps(report)) == json.loads(json.dumps(to_json(report)))
    assert projectfile.SUFFIX == ".nianbao.json"


# --- save refuses what it could not read back -------------------------------------------


def test_save_refuses_a_report_that_would_not_reopen(tmp_path: Path, sample: Report) -> None:
    target = tmp_path / "report.nianbao.json"
    save(sample, target)
    before = target.read_bytes()
    sample.section("s1").paragraphs.append("Word 的手动换行\x0b混进来了")
    with pytest.raises(ProjectFileError) as caught:
        save(sample, target)
    message = str(caught.value)
    assert message.startswith("无法保存“report.nianbao.json”") and "原文件未改动" in message
    assert "sections[0].paragraphs" in message
    assert target.read_bytes() == before


def test_save_refuses_lone_surrogates_and_overlong_decimals(tmp_path: Path, sample: Report) -> None:
    target = tmp_path / "r.nianbao.json"
    sample.meta.agency = "机关\ud800"
    with pytest.raises(ProjectFileError, match="孤立的代理项"):
        save(sample, target)
    sample.meta.agency = "机关"
    sample.cells[("t2_8", "fees", "amount")] = Decimal("1.2345678901234567")
    with pytest.raises(ProjectFileError, match="有效数字"):
        save(sample, target)
    assert not target.exists()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need POSIX here")
def test_save_through_a_symlink_replaces_the_target_not_the_link(tmp_path: Path, sample: Report) -> None:
    real = tmp_path / "real.nianbao.json"
    link = tmp_path / "link.nianbao.json"
    save(sample, real)
    link.symlink_to(real)
    sample.meta.agency = "改名后的机关"
    save(sample, link)
    assert link.is_symlink()
    assert load(real).meta.agency == "改名后的机关"


# --- (e) format version 2: last year's report and prefilled cells ------------------------


def _v2_doc(**extra: Any) -> dict[str, Any]:
    document = sample_doc()
    document["version"] = 2
    document.update(extra)
    return document


def _this_year(prior: PriorReport | None = None) -> Report:
    report = load(SAMPLE)
    report.meta.year = 2025
    report.prior = prior
    report.prefilled = {("t3", "2", "natural"), ("t3", "2", "total")}
    return report


def test_a_report_without_prior_or_prefilled_is_still_written_as_version_1() -> None:
    report = load(SAMPLE)
    assert to_json(report)["version"] == 1  # earlier releases keep opening it
    report.prefilled = {("t3", "2", "total")}
    assert to_json(report)["version"] == 2


def test_version_1_files_still_load() -> None:
    assert SAMPLE_DOC["version"] == 1
    report = loads(SAMPLE_BYTES)
    assert report.prior is None and report.prefilled == set()


def test_prefilled_round_trip_in_template_order() -> None:
    report = _this_year()
    report.prefilled.add(("t2_1", "rules", "issued"))
    document = to_json(report)
    assert document["prefilled"] == [["t2_1", "rules", "issued"], ["t3", "2", "natural"], ["t3", "2", "total"]]
    VALIDATOR.validate(document)
    assert loads(dumps(report)) == report


def test_embedded_prior_round_trip() -> None:
    last_year = load(SAMPLE)
    last_year.prefilled = {("t3", "2", "other")}
    report = _this_year(PriorReport("2024年报.xlsx", embedded=True, report=last_year))
    document = to_json(report)
    assert document["version"] == 2
    assert document["prior"]["path"] == "2024年报.xlsx"
    assert document["prior"]["embedded"]["meta"]["year"] == 2024
    assert document["prior"]["embedded"]["version"] == 2  # it has prefilled cells of its own
    assert "prior" not in document["prior"]["embedded"]
    VALIDATOR.validate(document)
    again = loads(dumps(report))
    assert again == report
    assert again.prior is not None and again.prior.report == last_year and again.prior.problem is None


def test_embedded_copy_drops_the_prior_of_the_prior() -> None:
    two_years_ago = load(SAMPLE)
    last_year = load(SAMPLE)
    last_year.prior = PriorReport(None, embedded=True, report=two_years_ago)
    report = _this_year(PriorReport(None, embedded=True, report=last_year))
    document = to_json(report)
    assert "prior" not in document["prior"]["embedded"]
    assert last_year.prior is not None  # the caller's object is untouched
    loaded = loads(dumps(report))
    assert loaded.prior is not None and loaded.prior.report is not None and loaded.prior.report.prior is None


def _linked_pair(tmp_path: Path) -> tuple[Path, Path]:
    """2024/上年.nianbao.json (the sample) and 2025/本年.nianbao.json linking it by its absolute path."""
    (tmp_path / "2024").mkdir(parents=True)
    (tmp_path / "2025").mkdir()
    last = tmp_path / "2024" / "上年 报告.nianbao.json"
    save(load(SAMPLE), last)
    this = tmp_path / "2025" / "本年.nianbao.json"
    report = _this_year(PriorReport(str(last), embedded=False, location=str(last)))
    save(report, this)
    assert report.prior is not None and report.prior.path == "../2024/上年 报告.nianbao.json"  # as stored
    return last, this


def test_linked_prior_is_stored_relative_and_loaded(tmp_path: Path) -> None:
    last, this = _linked_pair(tmp_path)
    document = json.loads(this.read_text(encoding="utf-8"))
    assert document["version"] == 2
    assert document["prior"] == {"path": "../2024/上年 报告.nianbao.json", "embedded": None}
    VALIDATOR.validate(document)
    report = load(this)
    assert report.prior is not None and report.prior.problem is None
    assert report.prior.report == load(last)
    assert Path(report.prior.location or "") == last
    assert report == _this_year(PriorReport("../2024/上年 报告.nianbao.json", embedded=False))


def test_linked_prior_in_the_same_folder(tmp_path: Path) -> None:
    last = tmp_path / "2024.nianbao.json"
    save(load(SAMPLE), last)
    save(_this_year(PriorReport(str(last), embedded=False)), tmp_path / "2025.nianbao.json")
    report = load(tmp_path / "2025.nianbao.json")
    assert report.prior is not None and report.prior.path == "2024.nianbao.json"
    assert report.prior.report is not None and report.prior.report.meta.year == 2024


def test_moving_both_folders_keeps_the_link(tmp_path: Path) -> None:
    import shutil
    _last, _this = _linked_pair(tmp_path / "old")
    shutil.move(tmp_path / "old", tmp_path / "new")
    report = load(tmp_path / "new" / "2025" / "本年.nianbao.json")
    assert report.prior is not None and report.prior.report is not None, report.prior


def test_save_as_into_another_folder_rebases_the_relative_path(tmp_path: Path) -> None:
    last, this = _linked_pair(tmp_path)
    report = load(this)
    elsewhere = tmp_path / "备份" / "深层"
    elsewhere.mkdir(parents=True)
    save(report, elsewhere / "副本.nianbao.json")
    assert report.prior is not None and report.prior.path == "../../2024/上年 报告.nianbao.json"
    # Two levels up is outside the folder holding both years: not opened from the file alone
    # (tests/test_prior_trust.py), but the path is right, as --trust-links shows.
    again = load(elsewhere / "副本.nianbao.json")
    assert again.prior is not None and again.prior.report is None and "为安全起见未打开" in (again.prior.problem or "")
    trusted = load(elsewhere / "副本.nianbao.json", trust_links=True)
    assert trusted.prior is not None and trusted.prior.report == load(last)


def test_dumps_without_a_folder_writes_the_resolved_location(tmp_path: Path) -> None:
    """A copy written elsewhere (the recovery folder) must still find last year's report."""
    last, this = _linked_pair(tmp_path)
    text = dumps(load(this))
    assert json.loads(text)["prior"]["path"] == str(last)
    copy_path = tmp_path / "recovery.nianbao.json"
    copy_path.write_text(text, encoding="utf-8")
    recovered = load(copy_path, trust_links=True)  # a recovery copy is the app's own file (ui/recovery_store.py)
    assert recovered.prior is not None and recovered.prior.report is not None


def test_missing_prior_does_not_fail_the_load(tmp_path: Path) -> None:
    last, this = _linked_pair(tmp_path)
    last.unlink()
    report = load(this)
    assert report.cells == load(SAMPLE).cells
    assert report.prior is not None and report.prior.report is None
    assert report.prior.problem == "文件不存在"
    assert report.prior.path == "../2024/上年 报告.nianbao.json"


@pytest.mark.parametrize(("content", "problem"), [
    (b"{}", "format"),
    (b"not json", "JSON"),
    (SAMPLE_BYTES.replace(b'"version": 1', b'"version": 99', 1), "升级"),
])
def test_broken_prior_does_not_fail_the_load(tmp_path: Path, content: bytes, problem: str) -> None:
    last, this = _linked_pair(tmp_path)
    last.write_bytes(content)
    report = load(this)
    assert report.prior is not None and report.prior.report is None
    assert problem in (report.prior.problem or "")


def test_prior_that_is_a_folder(tmp_path: Path) -> None:
    last, this = _linked_pair(tmp_path)
    last.unlink()
    last.mkdir()
    report = load(this)
    assert report.prior is not None and "文件夹" in (report.prior.problem or "")


def test_the_prior_of_the_prior_is_not_loaded(tmp_path: Path) -> None:
    last, this = _linked_pair(tmp_path)
    # last year's file links this year's: a cycle, followed one step only.
    last_year = load(last)
    last_year.prior = PriorReport(str(this), embedded=False)
    save(last_year, last)
    report = load(this)
    assert report.prior is not None and report.prior.report is not None
    assert report.prior.report.prior is None


def test_a_report_linking_itself(tmp_path: Path) -> None:
    path = tmp_path / "自己.nianbao.json"
    save(_this_year(PriorReport("自己.nianbao.json", embedded=False)), path)
    report = load(path)
    assert report.prior is not None and report.prior.report is not None
    assert report.prior.report.prior is None


def test_loads_reads_no_other_file_and_load_prior_does(tmp_path: Path) -> None:
    last, this = _linked_pair(tmp_path)
    report = loads(this.read_bytes())
    assert report.prior is not None and report.prior.report is None and report.prior.problem
    load_prior(report, this.parent)
    assert report.prior.report == load(last) and report.prior.problem is None
    last.unlink()
    load_prior(report)  # again, from where it was resolved: now gone
    assert report.prior.report is None and report.prior.problem == "文件不存在"


def test_unsaved_relative_link_cannot_be_resolved() -> None:
    report = _this_year(PriorReport("上年.nianbao.json", embedded=False))
    load_prior(report)
    assert report.prior is not None and report.prior.report is None
    assert "尚未保存" in (report.prior.problem or "")


def test_prior_equality_compares_the_link_not_the_load_state() -> None:
    loaded = PriorReport("a.nianbao.json", embedded=False, report=load(SAMPLE), location="/x/a.nianbao.json")
    missing = PriorReport("a.nianbao.json", embedded=False, problem="文件不存在")
    assert loaded == missing
    assert loaded != PriorReport("b.nianbao.json", embedded=False)
    other = load(SAMPLE)
    other.meta.agency = "别的机关"
    assert PriorReport(None, True, load(SAMPLE)) == PriorReport(None, True, load(SAMPLE))
    assert PriorReport(None, True, load(SAMPLE)) != PriorReport(None, True, other)


EMBEDDED_WITH_PRIOR = {**SAMPLE_DOC, "version": 2, "prior": {"path": "x.nianbao.json", "embedded": None}}
EMBEDDED_BAD_YEAR = {**SAMPLE_DOC, "meta": {**SAMPLE_DOC["meta"], "year": "2024"}}

#: (the document, the field the message names, whether the schema can tell too)
BAD_V2 = [
    ({**SAMPLE_DOC, "prior": {"path": "x.nianbao.json", "embedded": None}}, "prior", True),  # version 1
    ({**SAMPLE_DOC, "prefilled": []}, "prefilled", True),  # version 1
    (_v2_doc(prior=None), "prior", True),
    (_v2_doc(prior={"path": None, "embedded": None}), "prior", True),
    (_v2_doc(prior={"path": "x.nianbao.json"}), "prior", True),
    (_v2_doc(prior={"path": "x", "embedded": None, "extra": 1}), "prior", True),
    (_v2_doc(prior={"path": "", "embedded": None}), "prior.path", True),
    (_v2_doc(prior={"path": "  ", "embedded": None}), "prior.path", True),
    (_v2_doc(prior={"path": 1, "embedded": None}), "prior.path", True),
    (_v2_doc(prior={"path": "a\x0bb", "embedded": None}), "prior.path", True),
    (_v2_doc(prior={"path": None, "embedded": []}), "prior.embedded", True),
    (_v2_doc(prior={"path": None, "embedded": EMBEDDED_WITH_PRIOR}), "prior.embedded.prior", True),
    (_v2_doc(prior={"path": None, "embedded": EMBEDDED_BAD_YEAR}), "prior.embedded.meta.year", True),
    (_v2_doc(prior={"path": None, "embedded": {**SAMPLE_DOC, "version": 9}}), "prior.embedded.version", True),
    (_v2_doc(prefilled={}), "prefilled", True),
    (_v2_doc(prefilled=[["t3", "2"]]), "prefilled[0]", True),
    (_v2_doc(prefilled=[["t3", "2", 1]]), "prefilled[0]", True),
    (_v2_doc(prefilled=[["t3", "2", "nobody"]]), "prefilled[0]", True),
    (_v2_doc(prefilled=[["t2_9", "procurement", "projects"]]), "prefilled[0]", True),  # a 2019 cell
    (_v2_doc(prefilled=[["t3", "2", "total"], ["t3", "2", "total"]]), "prefilled[1]", True),
]


@pytest.mark.parametrize(("document", "field", "schema_knows"), BAD_V2,
                         ids=[f"{i}-{field}" for i, (_d, field, _s) in enumerate(BAD_V2)])
def test_wrong_v2_field(tmp_path: Path, document: dict[str, Any], field: str, schema_knows: bool) -> None:
    message = load_error(tmp_path, encode(document))
    assert f"（字段 {field}）" in message
    if schema_knows:
        assert not VALIDATOR.is_valid(document)


def test_valid_v2_documents_validate() -> None:
    for document in (
        _v2_doc(prefilled=[["t3", "2", "total"]]),
        _v2_doc(prior={"path": "../2023/x.nianbao.json", "embedded": None}),
        _v2_doc(prior={"path": None, "embedded": SAMPLE_DOC}),
        _v2_doc(prior={"path": "C:\\年报\\2023.nianbao.json", "embedded": _v2_doc(prefilled=[])}),
    ):
        VALIDATOR.validate(document)
        loads(encode(document))


def test_documented_v2_to_v4_snippets_load_and_validate() -> None:
    """docs/file-format.md 2.1 to 2.4: the "prior", "prefilled", "uncertain" and "signoffs" snippets, added to
    the sample as version 4."""
    doc = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    snippets = [part.split("```", 1)[0] for part in doc.split("## 3.", 1)[0].split("```json\n")[1:]]
    assert [snippet.split(":", 1)[0] for snippet in snippets] == ['"prior"', '"prefilled"', '"uncertain"',
                                                                  '"signoffs"']
    document = json.loads("{" + ",".join(snippets) + "}")
    document = {**_v2_doc(**document), "version": 4}
    VALIDATOR.validate(document)
    report = loads(encode(document))
    assert report.prior is not None and report.prior.path == "../2024/某某市某某局-2024.nianbao.json"
    assert report.prefilled == {("t3", "2", "natural"), ("t3", "2", "total")}
    assert report.uncertain == {("t3", "3.1", "natural")}
    assert [(signoff.rule, signoff.note) for signoff in report.signoffs] == [
        ("NARRATIVE-TABLE", "本年确未制定规章，文中所述属实（张三核实）")]


def test_an_unknown_year_is_stored_as_null_and_read_back_unknown(tmp_path: Path) -> None:
    report = load(SAMPLE)
    report.meta.year = 0  # model.report.UNKNOWN_YEAR: a workbook that states no year
    document = json.loads(dumps(report))
    assert document["meta"]["year"] is None
    VALIDATOR.validate(document)
    path = tmp_path / NAME
    save(report, path)
    again = load(path)
    assert again.meta.year == 0 and not again.meta.year_known
    assert again == report
    document["meta"]["year"] = 0  # 0 itself is not a year a file may state
    with pytest.raises(ProjectFileError, match="1990–2100"):
        loads(json.dumps(document).encode("utf-8"))
