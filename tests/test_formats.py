"""One registry of readers and writers (model/formats.py): the file dialogs, `check` and `export`
take suffixes, names and functions from it, and importing it loads no file-format library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from model.formats import (
    EXCEL_EXPORT,
    EXCEL_IMPORT,
    FORMATS,
    PDF_EXPORT,
    PROJECT_FILE,
    Purpose,
    file_dialog_filter,
    reader_for,
    reads_tables,
    writer,
)

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_registry_loads_no_reader_or_writer() -> None:
    code = ("import sys; import model.formats;"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('openpyxl','reportlab','PIL','importing','export',"
            "'PySide6')]; print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_file_dialog_filters_name_the_formats_in_chinese() -> None:
    assert file_dialog_filter(Purpose.READ_TABLES) == "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"
    assert file_dialog_filter(Purpose.READ_REPORT) == "年报项目文件 (*.nianbao.json *.json);;所有文件 (*)"
    assert file_dialog_filter(Purpose.READ_REPORT, Purpose.READ_TABLES) == (
        "年报项目文件或 Excel 工作簿 (*.nianbao.json *.json *.xlsx *.xlsm);;所有文件 (*)")
    assert file_dialog_filter(Purpose.WRITE_PDF) == "PDF 文件 (*.pdf);;所有文件 (*)"
    assert file_dialog_filter(Purpose.WRITE_XLSX) == "Excel 工作簿 (*.xlsx);;所有文件 (*)"


@pytest.mark.parametrize(("name", "expected"), [
    ("年报.nianbao.json", PROJECT_FILE), ("旧.JSON", PROJECT_FILE), ("表.xlsx", EXCEL_IMPORT),
    ("宏.XLSM", EXCEL_IMPORT), ("报告.pdf", None), ("表.xls", None), ("无后缀", None)])
def test_the_reader_of_a_file_is_found_by_its_name(name: str, expected: object) -> None:
    assert reader_for(Path("/tmp") / name) is expected
    assert reads_tables(name) is (expected is EXCEL_IMPORT)


def test_the_writers_are_the_pdf_and_the_workbook() -> None:
    assert writer(Purpose.WRITE_PDF) is PDF_EXPORT and writer(Purpose.WRITE_XLSX) is EXCEL_EXPORT
    with pytest.raises(ValueError):
        writer(Purpose.READ_TABLES)


def test_every_entry_loads_its_function_and_its_error() -> None:
    from importing.xlsx import import_xlsx
    from model.projectfile import ProjectFileError, load
    from model.workbook_format import WorkbookError

    assert PROJECT_FILE.load() is load and PROJECT_FILE.load_errors() == (ProjectFileError,)
    assert EXCEL_IMPORT.load() is import_xlsx and EXCEL_IMPORT.load_errors() == (WorkbookError,)
    assert EXCEL_EXPORT.load_errors() == (WorkbookError,) and PDF_EXPORT.load_errors() == ()
    assert all(callable(f.load()) for f in FORMATS)
