"""The headless command line: python main.py check / sample / --version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model import __version__

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "s.json"
    result = run("sample", out)
    assert result.returncode == 0, result.stderr
    return out


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_sample_then_check_passes(sample_file: Path) -> None:
    result = run("check", sample_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "未发现问题" in result.stdout


def test_sample_refuses_to_overwrite_without_force(sample_file: Path) -> None:
    before = sample_file.read_bytes()
    result = run("sample", sample_file)
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert sample_file.read_bytes() == before


def edited_sample(sample_file: Path, tmp_path: Path, row: str, column: str, value: int) -> Path:
    document = json.loads(sample_file.read_text(encoding="utf-8"))
    document["tables"]["t3"][row][column] = value
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return out


def test_editing_one_number_of_table_three_makes_check_fail(sample_file: Path, tmp_path: Path) -> None:
    edited = edited_sample(sample_file, tmp_path, "1", "natural", 10)
    result = run("check", edited)
    assert result.returncode == 1
    balance = [line for line in result.stdout.splitlines() if "T3-BALANCE" in line]
    assert len(balance) == 1
    for name in ("一", "二", "（七）", "四", "自然人", "10", "9"):
        assert name in balance[0]
    assert "T3-ROW-TOTAL" in result.stdout


def test_check_json_output(sample_file: Path, tmp_path: Path) -> None:
    edited = edited_sample(sample_file, tmp_path, "3.1", "commercial", 1)
    result = run("check", edited, "--json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and findings
    for finding in findings:
        assert {"rule", "severity", "message", "location"} <= finding.keys()
    rules = {(f["rule"], f["location"].get("row"), f["location"].get("column")) for f in findings}
    assert ("T3-ROW-TOTAL", "3.1", "total") in rules
    assert ("T3-RESULT-TOTAL", "3.7", "commercial") in rules
    assert findings[0]["severity"] == "error"


def test_check_json_on_clean_report_is_empty_list(sample_file: Path) -> None:
    result = run("check", sample_file, "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def unreadable_files(tmp_path: Path, sample_file: Path) -> dict[str, Path]:
    text = sample_file.read_text(encoding="utf-8")
    files = {
        "truncated": text[: len(text) // 2],
        "empty-array": "[]",
        "future-version": text.replace('"version": 1', '"version": 7', 1),
    }
    paths = {}
    for name, content in files.items():
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_text(content, encoding="utf-8")
    paths["random-10mb"] = tmp_path / "random.json"
    paths["random-10mb"].write_bytes(os.urandom(10 * 1024 * 1024))
    paths["missing"] = tmp_path / "missing.json"
    return paths


def test_unreadable_files_exit_2_with_one_clear_line(sample_file: Path, tmp_path: Path) -> None:
    for name, path in unreadable_files(tmp_path, sample_file).items():
        result = run("check", path)
        assert result.returncode == 2, name
        assert "Traceback" not in result.stderr, name
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (name, lines)
        assert path.name in lines[0] and lines[0].startswith("无法读取"), (name, lines)
        assert result.stdout == "", name
    future = run("check", tmp_path / "future-version.json")
    assert "升级" in future.stderr


def test_bad_arguments_exit_2_in_chinese() -> None:
    result = run("check")
    assert result.returncode == 2
    assert "参数错误" in result.stderr


# --- export -------------------------------------------------------------------------------


def test_export_pdf_writes_a_pdf(sample_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "年报.pdf"
    result = run("export", sample_file, "--pdf", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert str(out) in result.stdout


def test_export_refuses_a_report_with_errors_unless_forced(sample_file: Path, tmp_path: Path) -> None:
    edited = edited_sample(sample_file, tmp_path, "1", "natural", 10)
    out = tmp_path / "错误.pdf"
    refused = run("export", edited, "--pdf", out)
    assert refused.returncode == 1
    assert "--force" in refused.stderr and "T3-BALANCE" in refused.stderr
    assert not out.exists()
    forced = run("export", edited, "--pdf", out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_export_of_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    result = run("export", bad, "--pdf", tmp_path / "x.pdf")
    assert result.returncode == 2 and "bad.json" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


XLSX = Path(__file__).resolve().parent / "xlsx"


def test_export_xlsx_then_check_and_import_it(sample_file: Path, tmp_path: Path) -> None:
    book = tmp_path / "统计表.xlsx"
    exported = run("export", sample_file, "--xlsx", book)
    assert exported.returncode == 0, exported.stderr
    assert book.read_bytes().startswith(b"PK")
    checked = run("check", book)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    out = tmp_path / "导入.nianbao.json"
    imported = run("import", book, "-o", out)
    assert imported.returncode == 0, imported.stderr
    from model.projectfile import load

    assert load(out).cells == load(sample_file).cells


def test_import_with_unreadable_cells_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "x.nianbao.json"
    refused = run("import", XLSX / "text_in_numbers.xlsx", "-o", out)
    assert refused.returncode == 1
    assert "“9件”不是数字" in refused.stderr and "--force" in refused.stderr
    assert not out.exists()
    no_year = run("import", XLSX / "text_in_numbers.xlsx", "-o", out, "--force")
    assert no_year.returncode == 2 and "--year" in no_year.stderr and not out.exists()
    forced = run("import", XLSX / "text_in_numbers.xlsx", "-o", out, "--force", "--year", "2024")
    assert forced.returncode == 0 and out.exists()


def test_check_of_a_workbook_lists_what_it_could_not_read(tmp_path: Path) -> None:
    result = run("check", XLSX / "text_in_numbers.xlsx")
    assert result.returncode == 1
    assert "[导入] 工作表“表三”D5（内容“9件”）" in result.stderr


def test_a_renamed_pdf_is_not_a_workbook(sample_file: Path, tmp_path: Path) -> None:
    fake = tmp_path / "假的.xlsx"
    pdf = tmp_path / "s.pdf"
    assert run("export", sample_file, "--pdf", pdf).returncode == 0
    fake.write_bytes(pdf.read_bytes())
    result = run("check", fake)
    assert result.returncode == 2 and "假的.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
