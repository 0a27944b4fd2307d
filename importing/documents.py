"""Reading a report from a document nianbao did not write: Word (.docx), a saved web page
(.html, .htm, .mht), a PDF with a text layer, plain text (a .txt file or text pasted into the app).

Each format has its opener, which makes a format-neutral `SourceDocument` (importing/document.py);
`importing.document_report.read_document` reads the metadata, narrative and tables from it. Legacy
binary formats offices still have (.doc, .xls, .wps, .et) are refused with how to save them anew.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from importing.document import DocumentError, SourceDocument
from importing.result import ImportResult

__all__ = ["LEGACY_FORMATS", "DocumentError", "import_document", "import_text", "open_document"]

#: Suffix → what the format is and how to make a file nianbao reads from it.
LEGACY_FORMATS: dict[str, str] = {
    ".doc": "旧版 Word 文档（.doc）。请在 Word 或 WPS 文字中打开，选择“文件 → 另存为”，"
            "保存类型选“Word 文档（*.docx）”，再导入新文件",
    ".wps": " WPS 文字文档（.wps）。请在 WPS 文字中打开，选择“文件 → 另存为”，"
            "保存类型选“Word 文件（*.docx）”，再导入新文件",
    ".xls": "旧版 Excel 工作簿（.xls）。请在 Excel 或 WPS 表格中打开，选择“文件 → 另存为”，"
            "保存类型选“Excel 工作簿（*.xlsx）”，再导入新文件",
    ".et": " WPS 表格文件（.et）。请在 WPS 表格中打开，选择“文件 → 另存为”，"
           "保存类型选“Excel 文件（*.xlsx）”，再导入新文件",
}


def _opener(suffix: str) -> Callable[[Path], SourceDocument] | None:
    # Each format's library is imported only when a file of it is read (start-up stays light).
    if suffix == ".docx":
        from importing.docx_reader import open_docx
        return open_docx
    if suffix in (".html", ".htm", ".xhtml"):
        from importing.html_reader import open_html
        return open_html
    if suffix in (".mht", ".mhtml"):
        from importing.html_reader import open_mht
        return open_mht
    if suffix == ".pdf":
        from importing.pdf_reader import open_pdf
        return open_pdf
    if suffix == ".txt":
        from importing.text_reader import open_text_file
        return open_text_file
    return None


def open_document(path: Path) -> SourceDocument:
    """The blocks of the document at `path`; DocumentError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in LEGACY_FORMATS:
        raise DocumentError(path, f"这是{LEGACY_FORMATS[suffix]}。")
    opener = _opener(suffix)
    if opener is None:
        raise DocumentError(path, "不支持此文件类型（可导入 .docx、.html、.htm、.mht、.pdf、.txt 和 .xlsx）。")
    return opener(path)


def import_document(path: Path, template_year: int | None = None) -> ImportResult:
    """Read the report in the document at `path`; DocumentError when it cannot be read at all."""
    document = open_document(Path(path))  # a refused format loads no reader
    from importing.document_report import read_document

    return read_document(document, template_year)


def import_text(text: str, name: str = "粘贴的文本", template_year: int | None = None) -> ImportResult:
    """Read the report in `text` (pasted into the app); `name` says where it came from in messages."""
    from importing.document_report import read_document
    from importing.text_reader import text_document

    return read_document(text_document(text, Path(name)), template_year)
