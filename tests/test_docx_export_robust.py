"""The Word export for any report: the same bytes every time, every process; huge, rare and damaged
text; atomic files."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from export.docx_export import ZIP_DATE, export_docx, render_docx
from model.report import Metadata, Report
from tests.test_docx_export import actual_paragraphs, expected_paragraphs

ROOT = Path(__file__).resolve().parent.parent


def test_repeated_renders_are_byte_identical(sample: Report) -> None:
    first = render_docx(sample)
    assert render_docx(sample) == first
    members = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {m.date_time for m in members} == {ZIP_DATE}
    assert members[0].filename == "[Content_Types].xml"
    names = {m.filename for m in members}
    # Nothing of python-docx's template that belongs to another document.
    assert not [n for n in names if "thumbnail" in n or n.startswith("customXml") or "stylesWithEffects" in n]
    assert b"python-docx" not in zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")


def test_the_same_bytes_in_another_process_with_another_hash_seed(sample: Report) -> None:
    code = ("import hashlib, sys; from export.docx_export import render_docx; from model import projectfile;"
            "from model.resources import sample_path;"
            "sys.stdout.write(hashlib.sha256(render_docx(projectfile.load(sample_path()))).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120,
                                capture_output=True, text=True, env=environment)
        digests.add(result.stdout)
    assert digests == {hashlib.sha256(render_docx(sample)).hexdigest()}


def test_huge_paragraphs_render_quickly() -> None:
    report = Report.blank(Metadata(agency="某某局", year=2025))
    report.section("s1").paragraphs = [f"第{i}段" + "字" * 2_000 for i in range(100)]
    start = time.perf_counter()
    data = render_docx(report)
    elapsed = time.perf_counter() - start
    print(f"100 paragraphs of 2,000 characters: {elapsed:.2f} s, {len(data)} bytes")
    assert elapsed < 5.0
    assert actual_paragraphs(Document(io.BytesIO(data))) == expected_paragraphs(report)


def test_rare_characters_survive_and_what_xml_forbids_is_left_out() -> None:
    rare = "\U00020000\U0002A6D6硚口区、埇桥区、浉河区"
    report = Report.blank(Metadata(agency="硚口区政务服务\x07和大数据管理局\ud800", year=2025))
    report.preamble = [rare + "。"]
    report.section("s1").paragraphs = [
        "控制字符\x00\x01\x0b\x0c\x1f\x7f\x85\u200b\ufeff之后，" + "\ufffe\uffff\udfff" + "文字\t继续。",
        "（一）段内标题\x08。正文\ud83d。",
        "\x00\x01",  # nothing printable: no paragraph
    ]
    data = render_docx(report)
    document = Document(io.BytesIO(data))
    paragraphs = actual_paragraphs(document)
    assert paragraphs == expected_paragraphs(report)
    texts = [text for text, _style in paragraphs]
    assert rare + "。" in texts
    assert "控制字符 之后，文字 继续。" in texts  # a NEL and a tab become spaces, as in the PDF
    assert "（一）段内标题。正文。" in texts
    assert texts[-1] == "硚口区政务服务和大数据管理局"
    assert document.core_properties.author == "硚口区政务服务和大数据管理局"


def test_names_longer_than_a_property_holds() -> None:
    report = Report.blank(Metadata(agency="某" * 400, year=2025))
    document = Document(io.BytesIO(render_docx(report)))
    assert document.core_properties.author == "某" * 255
    assert document.paragraphs[-1].text == "某" * 400


def test_export_writes_a_file_word_opens(sample: Report, tmp_path: Path) -> None:
    target = tmp_path / "年报.docx"
    export_docx(sample, target, charts=False)
    assert target.read_bytes() == render_docx(sample)
    assert Document(str(target)).paragraphs[0].style.name == "标题"


def test_export_is_atomic(sample: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "年报.docx"
    target.write_bytes(b"old report")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        export_docx(sample, target)
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["年报.docx"]  # no temporary file left behind
    monkeypatch.undo()
    export_docx(sample, target)
    assert target.read_bytes().startswith(b"PK")
