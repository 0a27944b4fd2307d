"""One registry of readers and writers (model/formats.py): the file dialogs, `check`, `export` and
`import` take suffixes, names and functions from it, and importing it loads no file-format library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from model.formats import (
    EXCEL_EXPORT,
    EXCEL_IMPORT,
    FORMATS,
    LEGACY_IMPORT,
    PDF_EXPORT,
    PDF_IMPORT,
    PROJECT_FILE,
    TEXT_IMPORT,
    WEB_PAGE_IMPORT,
    WORD_IMPORT,
    Purpose,
    file_dialog_filter,
    formats_for,
    is_import,
    reader_for,
    writer,
)

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_registry_loads_no_reader_or_writer() -> None:
    code = ("import sys; import model.formats;"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('openpyxl','reportlab','PIL','importing','export',"
            "'PySide6','docx','lxml','pdfplumber','pdfminer')]; print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_file_dialog_filters_name_the_formats_in_chinese() -> None:
    assert file_dialog_filter(Purpose.READ_TABLES) == "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"
    assert file_dialog_filter(Purpose.READ_REPORT) == "年报项目文件 (*.nianbao.json *.json);;所有文件 (*)"
    assert file_dialog_filter(Purpose.READ_REPORT, Purpose.READ_TABLES) == (
        "年报项目文件或 Excel 工作簿 (*.nianbao.json *.json *.xlsx *.xlsm);;所有文件 (*)")
    assert file_dialog_filter(Purpose.WRITE_PDF) == "PDF 文件 (*.pdf);;所有文件 (*)"
    assert file_dialog_filter(Purpose.WRITE_XLSX) == "Excel 工作簿 (*.xlsx);;所有文件 (*)"
    assert file_dialog_filter(Purpose.READ_DOCUMENT) == (
        "Word 文档或 网页或 PDF 文件或 文本文件 (*.docx *.html *.htm *.mht *.mhtml *.pdf *.txt);;所有文件 (*)")


def test_no_file_dialog_offers_the_legacy_formats() -> None:
    every_reader = file_dialog_filter(Purpose.READ_REPORT, Purpose.READ_TABLES, Purpose.READ_DOCUMENT)
    assert not any(f"*{suffix} " in every_reader or f"*{suffix})" in every_reader
                   for suffix in (".doc", ".xls", ".wps", ".et"))
    assert LEGACY_IMPORT not in formats_for(Purpose.READ_DOCUMENT)
    assert LEGACY_IMPORT in formats_for(Purpose.READ_DOCUMENT, listed_only=False)


@pytest.mark.parametrize(("name", "expected"), [
    ("年报.nianbao.json", PROJECT_FILE), ("旧.JSON", PROJECT_FILE), ("表.xlsx", EXCEL_IMPORT),
    ("宏.XLSM", EXCEL_IMPORT), ("报告.pdf", PDF_IMPORT), ("报告.DOCX", WORD_IMPORT), ("网页.htm", WEB_PAGE_IMPORT),
    ("网页.html", WEB_PAGE_IMPORT), ("存档.mht", WEB_PAGE_IMPORT), ("存档.mhtml", WEB_PAGE_IMPORT),
    ("粘贴.txt", TEXT_IMPORT), ("表.xls", LEGACY_IMPORT), ("旧.doc", LEGACY_IMPORT), ("文字.wps", LEGACY_IMPORT),
    ("表格.ET", LEGACY_IMPORT), ("无后缀", None), ("图.png", None)])
def test_the_reader_of_a_file_is_found_by_its_name(name: str, expected: object) -> None:
    assert reader_for(Path("/tmp") / name) is expected
    # Every import — a workbook or a document — is read once and embedded as last year's report.
    assert is_import(name) is (expected is not None and expected is not PROJECT_FILE)


def test_the_writers_are_the_pdf_and_the_workbook() -> None:
    assert writer(Purpose.WRITE_PDF) is PDF_EXPORT and writer(Purpose.WRITE_XLSX) is EXCEL_EXPORT
    with pytest.raises(ValueError):
        writer(Purpose.READ_TABLES)
    with pytest.raises(ValueError):
        writer(Purpose.READ_DOCUMENT)


def test_every_document_is_read_by_the_document_import_with_the_workbook_call() -> None:
    documents = formats_for(Purpose.READ_DOCUMENT, listed_only=False)
    assert documents == [WORD_IMPORT, WEB_PAGE_IMPORT, PDF_IMPORT, TEXT_IMPORT, LEGACY_IMPORT]
    assert {f.function for f in documents} == {"importing.documents:import_document"}
    assert {f.error for f in documents} == {"importing.document:DocumentError"}
    assert all(f.purpose.imports and f.purpose.reads for f in documents)
    assert EXCEL_IMPORT.purpose.imports and not PROJECT_FILE.purpose.imports


def test_the_legacy_formats_are_those_the_document_import_refuses() -> None:
    from importing.documents import LEGACY_FORMATS

    assert set(LEGACY_IMPORT.suffixes) == set(LEGACY_FORMATS)


def test_every_entry_loads_its_function_and_its_error() -> None:
    from importing.document import DocumentError
    from importing.documents import import_document
    from importing.xlsx import import_xlsx
    from model.projectfile import ProjectFileError, load
    from model.workbook_format import WorkbookError

    assert PROJECT_FILE.load() is load and PROJECT_FILE.load_errors() == (ProjectFileError,)
    assert EXCEL_IMPORT.load() is import_xlsx and EXCEL_IMPORT.load_errors() == (WorkbookError,)
    assert PDF_IMPORT.load() is import_document and PDF_IMPORT.load_errors() == (DocumentError,)
    assert EXCEL_EXPORT.load_errors() == (WorkbookError,) and PDF_EXPORT.load_errors() == ()
    assert all(callable(f.load()) for f in FORMATS)
