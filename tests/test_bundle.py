"""The publishing bundle (export/bundle.py) and `main.py export --bundle/--docx/--html` (cli.py)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from export.bundle import CHECKSUMS, base_name, bundle_paths, write_bundle
from export.check_report import render_check_report
from model.checks import check_report
from model.findings import Finding, Location, Severity
from model.report import Report
from tests.test_cli import edited_sample, run


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "s.json"
    assert run("sample", out).returncode == 0
    return out


def _bundle(report: Report, folder: Path, **options: object):
    return write_bundle(report, folder, check_report(report), **options)  # type: ignore[arg-type]


def test_a_bundle_holds_every_output_and_their_checksums(sample: Report, tmp_path: Path) -> None:
    steps: list[tuple[int, int, str]] = []
    bundle = _bundle(sample, tmp_path / "包", make_zip=True, progress=lambda *step: steps.append(step))
    base = base_name(sample)
    names = [p.name for p in bundle.files]
    assert names == [f"{base}.pdf", f"{base}.docx", f"{base}.html", f"{base}（仅正文）.html", f"{base}统计表.xlsx",
                     f"{base}检查报告.html", CHECKSUMS]
    assert [p.name for p in bundle_paths(sample, bundle.folder, make_zip=True)] == [*names, bundle.zip_path.name]
    heads = {".pdf": b"%PDF-", ".docx": b"PK", ".xlsx": b"PK", ".html": b"<"}
    for path in bundle.files[:-1]:
        assert path.read_bytes().startswith(heads[path.suffix]), path.name
    assert b"<html" not in (bundle.folder / f"{base}（仅正文）.html").read_bytes()[:200]
    # SHA256SUMS.txt as sha256sum writes it, one line per file, each digest right.
    lines = (bundle.folder / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bundle.folder / name).read_bytes()).hexdigest() == digest
    with zipfile.ZipFile(bundle.zip_path) as archive:
        assert archive.namelist() == [f"{bundle.folder.name}/{name}" for name in names]
        assert archive.read(f"{bundle.folder.name}/{CHECKSUMS}") == (bundle.folder / CHECKSUMS).read_bytes()
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1] == 8


def test_a_bundle_is_the_same_bytes_each_time(sample: Report, tmp_path: Path) -> None:
    first = _bundle(sample, tmp_path / "a" / "包", make_zip=True)
    second = _bundle(sample, tmp_path / "b" / "包", make_zip=True)
    for a, b in zip(first.files, second.files, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()


def test_a_blank_report_makes_a_whole_bundle(tmp_path: Path, sample: Report) -> None:
    blank = Report.blank(sample.meta)
    bundle = _bundle(blank, tmp_path / "空")
    assert len(bundle.files) == 7 and all(p.stat().st_size > 0 for p in bundle.files)


def test_the_name_is_safe_for_windows(sample: Report) -> None:
    sample.meta.agency = '某市<局>:办公室/"测试"|?*'
    name = base_name(sample)
    assert not set('\\/:*?"<>|') & set(name)
    assert name.endswith(f"{sample.meta.year}年政府信息公开工作年度报告")
    sample.meta.agency = "长" * 300
    assert len(base_name(sample)) <= 80 and base_name(sample).endswith("年度报告")


def test_the_check_report_lists_each_finding_with_its_place(sample: Report) -> None:
    finding = Finding("T3-BALANCE", Severity.ERROR, "表三 不平衡 <预期 5，实际 6>",
                      Location("s3", table="t3", row="1", column="natural"))
    page = render_check_report(sample, [finding]).decode("utf-8")
    assert 'lang="zh-CN"' in page and "<script" not in page
    assert "T3-BALANCE" in page and "&lt;预期 5，实际 6&gt;" in page and "错误 1 项" in page
    assert "未发现错误或警告" in render_check_report(sample, []).decode("utf-8")


def test_cli_bundle_writes_the_folder_and_refuses_a_report_with_errors(sample_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "发布"
    done = run("export", sample_file, "--bundle", folder, "--zip")
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in folder.iterdir())
    assert CHECKSUMS in files and len(files) == 7 and folder.with_name("发布.zip").exists()
    again = run("export", sample_file, "--bundle", folder)
    assert again.returncode == 2 and "--overwrite" in again.stderr  # nothing replaced unasked
    assert run("export", sample_file, "--bundle", folder, "--overwrite").returncode == 0
    edited = edited_sample(sample_file, tmp_path, "1", "natural", 10)
    refused = run("export", edited, "--bundle", tmp_path / "错")
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert not (tmp_path / "错").exists()


def test_cli_exports_word_and_web_pages(sample_file: Path, tmp_path: Path) -> None:
    docx, html, body = tmp_path / "a.docx", tmp_path / "a.html", tmp_path / "b.html"
    done = run("export", sample_file, "--docx", docx, "--html", html, "--html-body", body)
    assert done.returncode == 0, done.stderr
    assert zipfile.is_zipfile(io.BytesIO(docx.read_bytes()))
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    assert "<html" not in body.read_text(encoding="utf-8")
    wrong = run("export", sample_file, "--docx", tmp_path / "a.pdf")
    assert wrong.returncode == 2  # a Word document under a .pdf name is refused


def test_cli_zip_needs_a_bundle(sample_file: Path, tmp_path: Path) -> None:
    result = run("export", sample_file, "--pdf", tmp_path / "x.pdf", "--zip")
    assert result.returncode == 2 and "--bundle" in result.stderr


@pytest.mark.parametrize("option", ["--pdf", "--docx", "--html"])
def test_cli_charts_option_is_accepted(sample_file: Path, tmp_path: Path, option: str) -> None:
    out = tmp_path / ("x" + {"--pdf": ".pdf", "--docx": ".docx", "--html": ".html"}[option])
    result = run("export", sample_file, option, out, "--charts")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0


def test_sample_json_is_untouched_by_bundle(sample_file: Path, tmp_path: Path) -> None:
    before = sample_file.read_bytes()
    assert run("export", sample_file, "--bundle", tmp_path / "p").returncode == 0
    assert sample_file.read_bytes() == before
    json.loads(before)
