"""The command line on documents (issue 14): `import FILE -o OUT [--json] [--force]` for every format
the registry reads, `check` of a Word, web, PDF or text report, the import report as JSON, cells the
reader is not sure of (not written unless --force, then saved as such: format version 3), and the
legacy formats refused with how to save them anew."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cli
from importing.result import ImportResult
from model.projectfile import load

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "zaozhuang-2024.nianbao.json"
DOCUMENTS = ROOT / "tests" / "documents"
XLSX = ROOT / "tests" / "xlsx"
UNSURE = ("t3", "3.1", "natural")


def generated(name: str) -> Path:
    """One of the test documents tests/documents/make_documents.py generates (skipped while it is not there)."""
    path = DOCUMENTS / "files" / name
    if not path.is_file():
        pytest.skip(f"tests/documents/files/{name} is not generated")
    return path


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


def import_json(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(result.stdout)  # standard output holds the JSON object only
    return report


# --- a reader that is unsure of one cell and has no other problem (in-process) -------------------


def _unsure_result(path: Path) -> ImportResult:
    report = load(SAMPLE)
    report.uncertain = {UNSURE}
    return ImportResult(Path(path), report, dict(report.cells), [], sources={UNSURE: "第 3 页 表格 1 第 5 行"},
                        year=2024, uncertain={UNSURE: "此行数字连写，有两种读法"})


@pytest.fixture
def unsure_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    import importing.documents

    monkeypatch.setattr(importing.documents, "import_document", lambda path, template_year=None: _unsure_result(path))


def test_an_unsure_cell_alone_keeps_the_output_unwritten(unsure_reader: None, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    source, out = tmp_path / "报告.pdf", tmp_path / "x.nianbao.json"
    source.write_bytes(b"%PDF-1.4")
    assert cli.run_command(["import", str(source), "-o", str(out), "--json"]) == cli.EXIT_FINDINGS
    assert not out.exists()
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["problems"] == [] and report["written"] is None
    assert report["uncertain"] == [{
        "table": "t3", "row": "3.1", "column": "natural", "name": "表三 （一）予以公开 · 自然人",
        "value": load(SAMPLE).cells[UNSURE], "why": "此行数字连写，有两种读法", "where": "第 3 页 表格 1 第 5 行"}]
    assert "需核对：表三 （一）予以公开 · 自然人：此行数字连写" in captured.err and "--force" in captured.err


def test_forced_the_unsure_cell_is_saved_marked_as_version_3(unsure_reader: None, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    source, out = tmp_path / "报告.docx", tmp_path / "x.nianbao.json"
    source.write_bytes(b"PK")
    assert cli.run_command(["import", str(source), "-o", str(out), "--json", "--force"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["written"] == str(out)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["version"] == 3 and saved["uncertain"] == [list(UNSURE)]
    assert load(out).uncertain == {UNSURE}


def test_check_says_an_unsure_cell_once(unsure_reader: None, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "报告.html"
    source.write_text("<html></html>", encoding="utf-8")
    assert cli.run_command(["check", str(source), "--json"]) == cli.EXIT_OK  # a warning, not an error
    findings = json.loads(capsys.readouterr().out)
    about = [f for f in findings if (f["location"].get("table"), f["location"].get("row"),
                                     f["location"].get("column")) == UNSURE]
    assert [f["rule"] for f in about] == ["IMPORT-UNCERTAIN"]  # not again as CELL-UNCONFIRMED
    assert about[0]["severity"] == "warning" and "此行数字连写" in about[0]["message"]


# --- the import report as JSON, on a workbook (the Excel reader) ---------------------------------


def test_import_json_of_a_workbook_lists_each_problem_with_its_cell(tmp_path: Path) -> None:
    out = tmp_path / "x.nianbao.json"
    refused = run("import", XLSX / "text_in_numbers.xlsx", "-o", out, "--json")
    assert refused.returncode == 1 and not out.exists()
    report = import_json(refused)
    assert set(report) == {"file", "summary", "problems", "uncertain", "notes", "year", "year_conflict", "written"}
    assert report["written"] is None and report["summary"].startswith("从“text_in_numbers.xlsx”读取")
    [nine] = [p for p in report["problems"] if p["where"] == "工作表“表三”D5"]
    assert nine["rule"] == "IMPORT-VALUE" and nine["kind"] == "not_a_number" and nine["text"] == "9件"
    assert nine["cell"] == {"table": "t3", "row": "1", "column": "natural"} and nine["cells"] == [nine["cell"]]
    unplaced = [p for p in report["problems"] if p["rule"] == "IMPORT-UNPLACED" and p["table"] is None]
    assert unplaced and all(p["cell"] is None and p["cells"] == [] for p in unplaced)
    forced = run("import", XLSX / "text_in_numbers.xlsx", "-o", out, "--json", "--force", "--year", "2024")
    assert forced.returncode == 0 and import_json(forced)["written"] == str(out) and out.exists()
    assert load(out).uncertain == set() and json.loads(out.read_text(encoding="utf-8"))["version"] == 1


def test_import_json_of_an_unreadable_file_names_the_error(tmp_path: Path) -> None:
    fake = tmp_path / "坏的.docx"
    fake.write_bytes(b"not a zip at all")
    result = run("import", fake, "-o", tmp_path / "x.nianbao.json", "--json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    report = import_json(result)
    assert report["written"] is None and "坏的.docx" in report["error"]


@pytest.mark.parametrize(("name", "said"), [("s.nianbao.json", "已是年报项目文件"), ("图.png", "不支持此文件类型")])
def test_import_of_what_is_not_an_import_exits_2_with_one_line(tmp_path: Path, name: str, said: str) -> None:
    source = tmp_path / name
    source.write_bytes(SAMPLE.read_bytes())
    result = run("import", source, "-o", tmp_path / "x.nianbao.json")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert name in line and said in line


# --- a small Word document made here, and the generated test documents ---------------------------


def test_a_word_document_without_tables_is_imported_only_with_force(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某某市某某局2024年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2024年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。")
    source, out = tmp_path / "草稿.docx", tmp_path / "草稿.nianbao.json"
    document.save(str(source))
    refused = run("import", source, "-o", out, "--json")
    assert refused.returncode == 1 and not out.exists()
    problems = import_json(refused)["problems"]
    assert problems and all(p["rule"].startswith("IMPORT-") for p in problems)
    assert any(p["rule"] == "IMPORT-TABLE-MISSING" and p["table"] == "t3" for p in problems)
    forced = run("import", source, "-o", out, "--force")
    assert forced.returncode == 0 and out.exists()
    assert any("认真贯彻落实" in p for s in load(out).sections for p in s.paragraphs)
    checked = run("check", source)
    assert checked.returncode == 1 and "[错误] IMPORT-TABLE-MISSING" in checked.stdout


def test_a_clean_word_report_is_imported_and_checked_as_published(tmp_path: Path) -> None:
    source, out = generated("sample.docx"), tmp_path / "sample.nianbao.json"
    result = run("import", source, "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    report = import_json(result)
    assert report["problems"] == [] and report["uncertain"] == [] and report["written"] == str(out)
    assert load(out).cells == load(DOCUMENTS / "truth" / "sample.nianbao.json").cells
    assert run("check", source).returncode == 0


def test_vanished_blanks_are_listed_as_unsure_and_saved_so_with_force(tmp_path: Path) -> None:
    source, out = generated("blanks_vanished.txt"), tmp_path / "blanks.nianbao.json"
    refused = import_json(run("import", source, "-o", out, "--json"))
    assert refused["uncertain"] and refused["written"] is None and not out.exists()
    unsure = {(c["table"], c["row"], c["column"]) for c in refused["uncertain"]}
    flagged = {(c["table"], c["row"], c["column"]) for p in refused["problems"] if p["rule"] == "IMPORT-UNCERTAIN"
               for c in p["cells"]}
    assert unsure <= flagged  # each unsure cell is a problem with its cell too
    assert run("import", source, "-o", out, "--force").returncode == 0
    assert load(out).uncertain == unsure and json.loads(out.read_text(encoding="utf-8"))["version"] == 3
    assert {f["rule"] for f in json.loads(run("check", out, "--json").stdout)} >= {"CELL-UNCONFIRMED"}


# --- the legacy formats and the help ---------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "named", "saved_as"), [(".doc", "旧版 Word 文档", "docx"),
                                                            (".xls", "旧版 Excel 工作簿", "xlsx"),
                                                            (".wps", "WPS 文字文档", "docx"),
                                                            (".et", "WPS 表格文件", "xlsx")])
def test_a_legacy_file_is_refused_with_how_to_save_it_anew(tmp_path: Path, suffix: str, named: str,
                                                            saved_as: str) -> None:
    source = tmp_path / f"旧报告{suffix}"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an OLE compound file's signature
    for argv in (["check", source], ["export", source, "--pdf", tmp_path / "x.pdf"],
                 ["import", source, "-o", tmp_path / "x.nianbao.json"]):
        result = run(*argv)
        assert result.returncode == 2 and result.stdout == "", argv
        [line] = result.stderr.strip().splitlines()
        assert source.name in line and named in line and "另存为" in line and f"*.{saved_as}" in line, argv
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.nianbao.json").exists()


def test_the_help_names_every_format_read() -> None:
    for command in ("check", "export", "import"):
        text = run(command, "-h").stdout
        for suffix in (".xlsx", ".docx", ".html", ".mht", ".pdf", ".txt"):
            assert suffix in text, (command, suffix)
        assert ".doc）" not in text and ".xls）" not in text  # refused, never offered
    assert "--json" in run("import", "-h").stdout
