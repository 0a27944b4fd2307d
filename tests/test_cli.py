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


def test_sample_refuses_to_overwrite_without_overwrite(sample_file: Path) -> None:
    before = sample_file.read_bytes()
    result = run("sample", sample_file)
    assert result.returncode == 2
    assert "--overwrite" in result.stderr
    assert sample_file.read_bytes() == before
    for flag in ("--overwrite", "--force"):  # --force: the old spelling keeps working
        assert run("sample", sample_file, flag).returncode == 0


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
    # No year in the workbook: written with the year unknown and said so, never refused or guessed.
    no_year = run("import", XLSX / "text_in_numbers.xlsx", "-o", out, "--force")
    assert no_year.returncode == 0 and "--year" in no_year.stderr and out.exists()
    from model.projectfile import load

    assert not load(out).meta.year_known
    forced = run("import", XLSX / "text_in_numbers.xlsx", "-o", out, "--force", "--year", "2024", "--overwrite")
    assert forced.returncode == 0 and load(out).meta.year == 2024


def test_check_of_a_workbook_lists_what_it_could_not_read(tmp_path: Path) -> None:
    result = run("check", XLSX / "text_in_numbers.xlsx")
    assert result.returncode == 1
    assert "[错误] IMPORT-VALUE  工作表“表三”D5（内容“9件”）" in result.stdout
    findings = json.loads(run("check", XLSX / "text_in_numbers.xlsx", "--json").stdout)
    [value] = [f for f in findings if f["rule"] == "IMPORT-VALUE" and "D5" in f["location"]["source"]]
    assert value["severity"] == "error"
    assert (value["location"]["table"], value["location"]["row"], value["location"]["column"]) == ("t3", "1", "natural")


def test_a_renamed_pdf_is_not_a_workbook(sample_file: Path, tmp_path: Path) -> None:
    fake = tmp_path / "假的.xlsx"
    pdf = tmp_path / "s.pdf"
    assert run("export", sample_file, "--pdf", pdf).returncode == 0
    fake.write_bytes(pdf.read_bytes())
    result = run("check", fake)
    assert result.returncode == 2 and "假的.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- issue 11: completeness, the year, mistyped commands, outputs -----------------------------------


@pytest.mark.parametrize(("book", "table", "section"), [("no_table_4.xlsx", "t4", "s4"),
                                                        ("no_table_2.xlsx", "t2_1", "s2")])
def test_a_workbook_without_a_table_is_an_error_naming_the_sheets(book: str, table: str, section: str) -> None:
    result = run("check", XLSX / book, "--json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    missing = [f for f in findings if f["rule"] == "IMPORT-TABLE-MISSING" and f["location"]["table"] == table]
    assert len(missing) == 1 and missing[0]["severity"] == "error"
    assert missing[0]["location"]["section"] == section
    assert "已查找工作表“" in missing[0]["message"]


def test_the_year_of_a_workbook_is_unknown_not_0_and_may_be_given(tmp_path: Path) -> None:
    book = XLSX / "text_in_numbers.xlsx"  # states no year
    findings = json.loads(run("check", book, "--json").stdout)
    assert "META-YEAR" in {f["rule"] for f in findings}
    assert not any("年度为 0" in f["message"] for f in findings)
    given = json.loads(run("check", book, "--json", "--year", "2024").stdout)
    assert "META-YEAR" not in {f["rule"] for f in given}


def test_a_year_given_against_the_workbooks_own_is_said(sample_file: Path, tmp_path: Path) -> None:
    book = tmp_path / "2024.xlsx"
    assert run("export", sample_file, "--xlsx", book).returncode == 0  # states 2024
    out = tmp_path / "x.nianbao.json"
    result = run("import", book, "-o", out, "--year", "2025")
    assert result.returncode == 1 and not out.exists()
    assert "年度不符：工作簿为 2024 年度的报告，当前报告为 2025 年度" in result.stderr
    checked = run("check", book, "--year", "2025")
    assert "年度不符" in checked.stderr


def headless_env() -> dict[str, str]:
    """As in a console or an SSH session: no display, no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, "PYTHONIOENCODING": "utf-8"}


@pytest.mark.parametrize("argv", [["chek", "s.json"], ["chek"], ["exprot", "a.json", "--pdf", "a.pdf"]])
def test_a_mistyped_command_lists_the_commands_and_opens_no_window(argv: list[str]) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                            encoding="utf-8", env=headless_env(), timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"未知的命令“{argv[0]}”" in result.stderr
    for command in ("check", "export", "import", "sample"):
        assert command in result.stderr
    assert "Traceback" not in result.stderr and "qt." not in result.stderr.lower()


def test_a_mistyped_command_is_told_the_likely_one() -> None:
    assert "是不是要输入“check”" in run("chek", "s.json").stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux consoles")
def test_no_display_is_said_in_chinese_instead_of_an_abort(sample_file: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), str(sample_file)], capture_output=True,
                            text=True, encoding="utf-8", env=headless_env(), timeout=60)
    assert result.returncode == 2
    assert "没有可用的图形显示" in result.stderr


def test_export_refuses_a_pdf_under_another_name(sample_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = run("export", sample_file, "--pdf", out)
    assert result.returncode == 2 and "不是PDF 文件的文件名" in result.stderr
    assert not out.exists()


def test_outputs_never_overwrite_inputs_or_each_other(sample_file: Path, tmp_path: Path) -> None:
    before = sample_file.read_bytes()
    project = tmp_path / "年报.json"
    project.write_bytes(before)
    same = run("export", project, "--pdf", tmp_path / "x.pdf", "--xlsx", tmp_path / "x.pdf")
    assert same.returncode == 2 and not (tmp_path / "x.pdf").exists()
    book = tmp_path / "统计表.xlsx"
    assert run("export", project, "--xlsx", book).returncode == 0
    workbook = book.read_bytes()
    into_itself = run("import", book, "-o", book)
    assert into_itself.returncode == 2 and book.read_bytes() == workbook
    over_input = run("export", project, "--pdf", project, "--overwrite")
    assert over_input.returncode == 2 and project.read_bytes() == before


def test_import_and_export_do_not_overwrite_without_overwrite(sample_file: Path, tmp_path: Path) -> None:
    book = tmp_path / "统计表.xlsx"
    assert run("export", sample_file, "--xlsx", book).returncode == 0
    again = run("export", sample_file, "--xlsx", book)
    assert again.returncode == 2 and "--overwrite" in again.stderr
    out = tmp_path / "x.nianbao.json"
    out.write_text("mine", encoding="utf-8")
    refused = run("import", book, "-o", out)
    assert refused.returncode == 2 and "--overwrite" in refused.stderr and out.read_text(encoding="utf-8") == "mine"
    assert run("import", book, "-o", out, "--overwrite").returncode == 0
    assert run("export", sample_file, "--xlsx", book, "--overwrite").returncode == 0


def test_a_failed_write_names_the_users_file_in_chinese(sample_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "没有这个文件夹" / "年报.pdf"
    result = run("export", sample_file, "--pdf", target)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "无法写入“年报.pdf”：文件夹不存在，未写入任何文件"
    assert ".tmp" not in result.stderr and "No such file" not in result.stderr


def test_output_in_the_ansi_code_page_survives_a_character_outside_gbk(sample_file: Path, tmp_path: Path) -> None:
    """A redirected nianbao-cli.exe writes GBK: 𪚥 must neither crash the output nor be lost from the JSON."""
    document = json.loads(sample_file.read_text(encoding="utf-8"))
    document["sections"][0]["paragraphs"].append("𪚥字在此。")
    rare = tmp_path / "rare.json"
    rare.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    for extra in ([], ["--json"]):
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(rare), *extra],
                                capture_output=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr.decode("gbk", "replace")
        out = result.stdout.decode("gbk")  # valid GBK throughout
        assert "Traceback" not in result.stderr.decode("gbk", "replace")
        if extra:
            findings = json.loads(out)
            assert any("𪚥" in f["message"] for f in findings if f["rule"] == "PDF-MISSING-GLYPH")
        else:
            assert "\\U0002a6a5" in out  # written out, not dropped


def test_a_link_out_of_the_two_years_folder_opens_only_with_trust_links(sample_file: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "别处" / "2024.nianbao.json"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(sample_file.read_bytes())
    document = json.loads(sample_file.read_text(encoding="utf-8"))
    document["version"] = 2
    document["meta"]["year"] = 2025
    document["prior"] = {"path": str(elsewhere), "embedded": None}  # absolute: a file may not make us open it
    report = tmp_path / "年报" / "2025" / "2025.nianbao.json"
    report.parent.mkdir(parents=True)
    report.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    refused = json.loads(run("check", report, "--json").stdout)
    [missing] = [f for f in refused if f["rule"] == "XY-PRIOR-MISSING"]
    assert "为安全起见未打开" in missing["message"]
    trusted = json.loads(run("check", report, "--json", "--trust-links").stdout)
    assert "XY-PRIOR-MISSING" not in {f["rule"] for f in trusted}
