"""Text a project file cannot hold, read from a workbook (importing/meta.py): a control
character ("_x000B_", "_x0000_" in the cell), a lone surrogate ("_xD800_"), a paragraph beyond
the project file's length, a section beyond its number of paragraphs. `check BOOK.xlsx` used to
accept them and `import` then failed to save; now both report the same cell as an import
problem (IMPORT-META), the text is left out, and what `import --force` writes can be saved."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from export.xlsx_export import workbook_bytes
from importing.meta import unsavable
from importing.xlsx import ImportResult, ProblemKind, import_xlsx
from model import projectfile
from model.report import Report
from model.workbook_format import META_SHEET, escape_cell_text

ROOT = Path(__file__).resolve().parent.parent
NAME = "控制字符.xlsx"


def imported(report: Report, tmp_path: Path) -> ImportResult:
    path = tmp_path / NAME
    path.write_bytes(workbook_bytes(report))
    return import_xlsx(path)


def cell_of(report: Report, text: str) -> str:
    """Where our export of `report` writes `text` (its first chunk) on the metadata sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report)))[META_SHEET]
    needle = escape_cell_text(text[:50])
    return next(c.coordinate for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith(needle))


def assert_savable(result: ImportResult, tmp_path: Path) -> Report:
    projectfile.save(result.report, tmp_path / "导入.nianbao.json")
    return projectfile.load(tmp_path / "导入.nianbao.json")


@pytest.mark.parametrize(("character", "reason"), [
    ("\x0b", "含有不可见的控制字符（U+000B）"), ("\x00", "含有不可见的控制字符（U+0000）"),
    ("\x7f", "含有不可见的控制字符（U+007F）"), ("\ud800", "含有无效的 Unicode 字符（孤立的代理项 U+D800）"),
])
def test_a_control_character_in_a_paragraph_is_a_problem_at_its_cell(sample: Report, tmp_path: Path,
                                                                     character: str, reason: str) -> None:
    section = next(s for s in sample.sections if s.id == "s5")
    bad = section.paragraphs[1] = f"存在的问题{character}改进措施"
    result = imported(sample, tmp_path)
    assert [(p.sheet, p.cell, p.kind, p.section) for p in result.problems] == \
        [(META_SHEET, cell_of(sample, bad), ProblemKind.METADATA, "s5")]
    assert reason in result.problems[0].reason and "此段未导入" in result.problems[0].reason
    assert [f.rule for f in result.findings()] == ["IMPORT-META"]
    paragraphs = next(s for s in result.report.sections if s.id == "s5").paragraphs
    assert bad not in paragraphs and len(paragraphs) == len(section.paragraphs) - 1
    assert_savable(result, tmp_path)


def test_control_characters_in_metadata_and_titles_are_problems_too(sample: Report, tmp_path: Path) -> None:
    sample.meta.agency = "枣庄市\x0b行政审批服务局"
    sample.meta.email = "a\x00@b.cn"
    sample.preamble[0] = "开篇\ud800"
    sample.sections[0].title = "一、总体情况\x1f"
    result = imported(sample, tmp_path)
    fields = [(p.cell, p.field or p.section) for p in result.problems]
    assert fields == [("C4", "agency"), ("C10", "email"), (cell_of(sample, "开篇\ud800"), "document"),
                      (cell_of(sample, "一、总体情况\x1f"), "s1")]
    assert all(p.kind is ProblemKind.METADATA for p in result.problems)
    meta = result.report.meta
    assert (meta.agency, meta.email) == ("", "")
    assert result.report.preamble == []
    assert result.report.sections[0].title == "一、总体情况"  # the template's own title
    loaded = assert_savable(result, tmp_path)
    assert loaded.meta.phone == sample.meta.phone


def test_a_paragraph_longer_than_a_project_file_holds_is_a_problem(sample: Report, tmp_path: Path) -> None:
    sample.sections[0].paragraphs[0] = "很长的段落。" * (projectfile.MAX_TEXT_CHARS // 6 + 1)
    result = imported(sample, tmp_path)
    assert [p.section for p in result.problems] == ["s1"]
    assert f"超过 {projectfile.MAX_TEXT_CHARS:,} 个字符" in result.problems[0].reason
    assert_savable(result, tmp_path)


def test_more_paragraphs_than_a_project_file_holds_is_one_problem(sample: Report, tmp_path: Path) -> None:
    sample.sections[0].paragraphs = [f"第 {i} 段" for i in range(projectfile.MAX_PARAGRAPHS + 3)]
    result = imported(sample, tmp_path)
    assert [(p.section, p.kind) for p in result.problems] == [("s1", ProblemKind.METADATA)]
    assert f"超过 {projectfile.MAX_PARAGRAPHS:,} 段" in result.problems[0].reason
    assert len(result.report.sections[0].paragraphs) == projectfile.MAX_PARAGRAPHS
    assert_savable(result, tmp_path)


def test_a_year_a_project_file_refuses_is_not_read_from_a_title(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "某局1985年政府信息公开工作年度报告"
    path = tmp_path / "1985.xlsx"
    workbook.save(path)
    result = import_xlsx(path)
    assert result.year is None
    assert_savable(result, tmp_path)


def test_the_check_agrees_with_what_a_project_file_refuses(sample: Report, tmp_path: Path) -> None:
    """`unsavable` says no exactly where projectfile.save would refuse the text."""
    candidates = [*map(chr, range(0x100)), "\u2028", "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "\ud800",
                  "\udbff", "\udc00", "\udfff", "𠀀", "\x85"]
    for character in candidates:
        sample.meta.website = f"www{character}.cn"
        try:
            projectfile.loads(projectfile.dumps(sample).encode("utf-8"))
            refused = False
        except (projectfile.ProjectFileError, UnicodeEncodeError):
            refused = True
        assert (unsavable(sample.meta.website) is not None) == refused, repr(character)


# --- both routes of the command line -------------------------------------------------------------------


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_check_and_import_report_the_same_cell(sample: Report, tmp_path: Path) -> None:
    section = next(s for s in sample.sections if s.id == "s6")
    section.paragraphs[2] = "其他事项\x0b第二行"
    where = f"工作表“{META_SHEET}”{cell_of(sample, section.paragraphs[2])}"
    book = tmp_path / NAME
    book.write_bytes(workbook_bytes(sample))

    checked = run("check", book, "--json")
    assert checked.returncode == 1, checked.stderr
    findings = [f for f in json.loads(checked.stdout) if f["rule"].startswith("IMPORT-")]
    assert [(f["rule"], f["location"]["source"]) for f in findings] == [("IMPORT-META", where)]

    out = tmp_path / "导入.nianbao.json"
    refused = run("import", book, "-o", out)
    assert refused.returncode == 1 and not out.exists()
    assert f"- {where}" in refused.stderr and "U+000B" in refused.stderr

    forced = run("import", book, "-o", out, "--force")
    assert forced.returncode == 0, forced.stderr
    saved = projectfile.load(out)
    assert "其他事项\x0b第二行" not in next(s for s in saved.sections if s.id == "s6").paragraphs
