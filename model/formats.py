"""Every file format nianbao reads or writes, in one registry: its suffixes, its Chinese name for
file dialogs, what it does, and the function that does it.

The registry is plain data: a function is named as "module:function" and imported only when
`load()` is called, so that importing this module (at start-up, for `check`) loads neither
openpyxl nor reportlab (nor python-docx, lxml, pdfplumber). The UI builds its file dialog filters
from here (`file_dialog_filter`) and picks the reader of a chosen file (`reader_for`); cli.py does
the same.

Three kinds of file are read: our project file (a whole report, READ_REPORT), a workbook whose tables
are read (READ_TABLES) and a document whose whole report is read (READ_DOCUMENT: Word, a web page, a
PDF, text). Both of the latter are imports (`Purpose.imports`, `is_import`): a foreign file read once
into a new report. The legacy office formats are in the registry too, so that every command meets
the same refusal with how to save them anew, but no file dialog offers them (`listed`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from model.projectfile import SUFFIX

ALL_FILES = "所有文件 (*)"


class Purpose(Enum):
    """What a format is for."""

    READ_REPORT = "read_report"  # a file that is a whole report (our project file)
    READ_TABLES = "read_tables"  # a foreign workbook whose tables are read into a report (an import)
    READ_DOCUMENT = "read_document"  # a foreign document whose whole report is read (an import)
    WRITE_PDF = "write_pdf"
    WRITE_XLSX = "write_xlsx"
    WRITE_DOCX = "write_docx"
    WRITE_HTML = "write_html"  # a whole web page
    WRITE_HTML_BODY = "write_html_body"  # the same page's body alone, to paste into a CMS editor
    WRITE_BATCH_XLSX = "write_batch_xlsx"  # the batch check's 汇总.xlsx (main.py batch -o)
    WRITE_BATCH_PDF = "write_batch_pdf"  # the batch check's summary for the leaders (main.py batch -o 汇总.pdf)
    WRITE_BATCH_HTML = "write_batch_html"  # the same summary as one web page (main.py batch -o 汇总.html)
    WRITE_BATCH_ROLLUP = "write_batch_rollup"  # the roll-up as a project file (main.py batch -o 汇总.nianbao.json)

    @property
    def reads(self) -> bool:
        return self in (Purpose.READ_REPORT, Purpose.READ_TABLES, Purpose.READ_DOCUMENT)

    @property
    def imports(self) -> bool:
        """True for a foreign file read by an import (a workbook or a document), not our project file."""
        return self in (Purpose.READ_TABLES, Purpose.READ_DOCUMENT)


@dataclass(frozen=True)
class FileFormat:
    #: The format as file dialogs and messages name it: "Excel 工作簿".
    name: str
    #: Lower-case file name endings, the first one the one written (".nianbao.json" before ".json").
    suffixes: tuple[str, ...]
    purpose: Purpose
    #: The function, as "module:function": loaded by `load()`, never on import.
    function: str
    #: The exception the function raises with a message for the user ("module:Class"), "" if none.
    error: str = ""
    #: False for a format that is recognised only to be refused (the legacy .doc, .xls, .wps, .et):
    #: no file dialog offers it.
    listed: bool = True

    @property
    def dialog_filter(self) -> str:
        """One entry of a file dialog's filter: "Excel 工作簿 (*.xlsx *.xlsm)"."""
        return f"{self.name} ({' '.join('*' + s for s in self.suffixes)})"

    def matches(self, path: str | Path) -> bool:
        return Path(path).name.lower().endswith(self.suffixes)

    def load(self) -> Callable[..., Any]:
        """The function (its module imported now)."""
        return _resolve(self.function)

    def load_errors(self) -> tuple[type[BaseException], ...]:
        """The exception class of `error` (its module imported now), for an `except` clause: empty
        when the function has none for the user (an empty tuple catches nothing)."""
        return (_resolve(self.error),) if self.error else ()


def _resolve(dotted: str) -> Any:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


PROJECT_FILE = FileFormat("年报项目文件", (SUFFIX, ".json"), Purpose.READ_REPORT, "model.projectfile:load",
                          "model.projectfile:ProjectFileError")
EXCEL_IMPORT = FileFormat("Excel 工作簿", (".xlsx", ".xlsm"), Purpose.READ_TABLES, "importing.xlsx:import_xlsx",
                          "model.workbook_format:WorkbookError")
_IMPORT_DOCUMENT, _DOCUMENT_ERROR = "importing.documents:import_document", "importing.document:DocumentError"
WORD_IMPORT = FileFormat("Word 文档", (".docx",), Purpose.READ_DOCUMENT, _IMPORT_DOCUMENT, _DOCUMENT_ERROR)
WEB_PAGE_IMPORT = FileFormat("网页", (".html", ".htm", ".mht", ".mhtml"), Purpose.READ_DOCUMENT, _IMPORT_DOCUMENT,
                             _DOCUMENT_ERROR)
PDF_IMPORT = FileFormat("PDF 文件", (".pdf",), Purpose.READ_DOCUMENT, _IMPORT_DOCUMENT, _DOCUMENT_ERROR)
TEXT_IMPORT = FileFormat("文本文件", (".txt",), Purpose.READ_DOCUMENT, _IMPORT_DOCUMENT, _DOCUMENT_ERROR)
#: Recognised to be refused with how to save them as .docx or .xlsx (importing/documents.py LEGACY_FORMATS).
LEGACY_IMPORT = FileFormat("旧版 Office 或 WPS 文件", (".doc", ".xls", ".wps", ".et"), Purpose.READ_DOCUMENT,
                           _IMPORT_DOCUMENT, _DOCUMENT_ERROR, listed=False)
PDF_EXPORT = FileFormat("PDF 文件", (".pdf",), Purpose.WRITE_PDF, "export.pdf:export_pdf")
EXCEL_EXPORT = FileFormat("Excel 工作簿", (".xlsx",), Purpose.WRITE_XLSX, "export.xlsx_export:export_xlsx",
                          "model.workbook_format:WorkbookError")
WORD_EXPORT = FileFormat("Word 文档", (".docx",), Purpose.WRITE_DOCX, "export.docx_export:export_docx")
WEB_PAGE_EXPORT = FileFormat("网页", (".html", ".htm"), Purpose.WRITE_HTML, "export.html_export:export_html")
WEB_BODY_EXPORT = FileFormat("网页（仅正文）", (".html", ".htm"), Purpose.WRITE_HTML_BODY,
                             "export.html_export:export_html_body")

#: Every format, readers first; the first of a purpose is the one a dialog offers first.
BATCH_EXCEL_EXPORT = FileFormat("Excel 工作簿", (".xlsx",), Purpose.WRITE_BATCH_XLSX,
                                "export.batch_xlsx:export_batch_xlsx", "model.workbook_format:WorkbookError")
BATCH_PDF_EXPORT = FileFormat("PDF 文件", (".pdf",), Purpose.WRITE_BATCH_PDF, "export.batch_pdf:export_batch_pdf")
BATCH_HTML_EXPORT = FileFormat("网页", (".html", ".htm"), Purpose.WRITE_BATCH_HTML,
                               "export.batch_html:export_batch_html")
BATCH_ROLLUP_EXPORT = FileFormat("年报项目文件（汇总表）", (SUFFIX,), Purpose.WRITE_BATCH_ROLLUP,
                                 "export.batch_rollup_file:export_rollup_project", "model.projectfile:ProjectFileError")
FORMATS: tuple[FileFormat, ...] = (PROJECT_FILE, EXCEL_IMPORT, WORD_IMPORT, WEB_PAGE_IMPORT, PDF_IMPORT, TEXT_IMPORT,
                                   LEGACY_IMPORT, PDF_EXPORT, EXCEL_EXPORT, WORD_EXPORT, WEB_PAGE_EXPORT,
                                   WEB_BODY_EXPORT, BATCH_EXCEL_EXPORT, BATCH_PDF_EXPORT, BATCH_HTML_EXPORT,
                                   BATCH_ROLLUP_EXPORT)


def formats_for(*purposes: Purpose, listed_only: bool = True) -> list[FileFormat]:
    """The formats that serve any of `purposes`, in registry order; with the unlisted (refused) ones
    too unless `listed_only`."""
    return [f for f in FORMATS if f.purpose in purposes and (f.listed or not listed_only)]


def reader_for(path: str | Path) -> FileFormat | None:
    """The format that reads the file at `path` by its name, None when no reader knows it."""
    return next((f for f in FORMATS if f.purpose.reads and f.matches(path)), None)


def is_import(path: str | Path) -> bool:
    """True when the file at `path` is read by an import (a workbook or a document) rather than opened
    as our project file: read once, and kept as a copy when it becomes last year's report."""
    reader = reader_for(path)
    return reader is not None and reader.purpose.imports


def writer(purpose: Purpose) -> FileFormat:
    """The format written for `purpose` (WRITE_PDF, WRITE_XLSX, WRITE_DOCX, WRITE_HTML, WRITE_HTML_BODY,
    WRITE_BATCH_XLSX, WRITE_BATCH_PDF, WRITE_BATCH_HTML, WRITE_BATCH_ROLLUP)."""
    found = formats_for(purpose)
    if purpose.reads or not found:
        raise ValueError(f"no writer for {purpose}")
    return found[0]


def file_dialog_filter(*purposes: Purpose) -> str:
    """A file dialog's filter for the formats of `purposes`, then all files. Several formats
    share one entry, named by all: "年报项目文件或 Excel 工作簿 (*.nianbao.json *.json *.xlsx *.xlsm)"."""
    found = formats_for(*purposes)
    if not found:
        raise ValueError(f"no format for {purposes}")
    names = "或 ".join(dict.fromkeys(f.name for f in found))
    patterns = " ".join(dict.fromkeys("*" + s for f in found for s in f.suffixes))
    return f"{names} ({patterns});;{ALL_FILES}"
