"""Opening a workbook nobody vouches for.

A workbook from another office, a website or an e-mail is read by
`open_workbook` in two steps. First the bytes are examined without openpyxl:
the size, what kind of file it really is (a renamed PDF, an old .xls, a
password-protected workbook, a Word document), the zip directory (number of
entries, total uncompressed size, compression ratio: a zip bomb is refused
before anything is decompressed), then every part, inflated in bounded chunks
and checked against its declared size and CRC, its XML streamed and counted
(`importing.xlsx_parts`: no DTD, no deep nesting, at most `MAX_SHEETS` sheets and
`MAX_SHEET_CELLS` cells a sheet). Only then does openpyxl read it, from the
bytes already examined, with defusedxml in place underneath (openpyxl uses it
automatically when it is installed); what openpyxl raises on a malformed part
is mapped too.

Every failure is one `WorkbookError` (model.workbook_format, shared with the writer), whose
message is one line of Chinese naming the file; a damaged file's says 工作簿已损坏（…）.
"""

from __future__ import annotations

import io
import os
import re
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.parsers import expat

import defusedxml.ElementTree as SafeET
import openpyxl
import openpyxl.xml
from defusedxml import DefusedXmlException
from PIL import Image

from importing.xlsx_parts import MAX_SHEET_CELLS, MAX_SHEETS, UNSAFE_XML, PartProblem, damaged, inflate, scan_parts
from model.readfile import UnreadableFile, read_limited
from model.workbook_format import WorkbookError

__all__ = ["MAX_SHEETS", "MAX_SHEET_CELLS", "WorkbookError", "check_workbook_bytes", "load_untrusted_workbook",
           "open_workbook", "read_workbook_bytes"]

#: A statistics workbook is tens of kilobytes; one with images a few megabytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 1_000
#: Sum of the uncompressed sizes the zip directory declares; every part is checked
#: against its declared size as it is inflated (importing.xlsx_parts), so the declared
#: sizes bound what reading can cost.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
#: Ratio of uncompressed to compressed size above which a sizeable entry is a bomb.
MAX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

SPREADSHEET_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
#: What openpyxl, and zipfile, zlib, expat and Pillow under it, raise on a damaged or
#: malformed workbook. Caught around openpyxl's reading only, never around our own code.
OPENPYXL_FAILURES: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error, KeyError, IndexError, ValueError, TypeError,
    AttributeError, OverflowError, SyntaxError, RecursionError, NotImplementedError, Image.DecompressionBombError)
TRUNCATED = "工作簿已损坏（文件不完整，可能在下载或复制时被截断），请重新获取文件"
_MISSING_PART = re.compile(r"no item named '(.*)' in the archive")


def read_workbook_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, refused early when it is too large, not there or unreadable."""
    target = Path(path)
    try:
        return read_limited(target, MAX_FILE_BYTES, " Excel 工作簿")
    except UnreadableFile as error:
        raise WorkbookError(target, str(error)) from None


def check_workbook_bytes(data: bytes, path: str | os.PathLike[str] | None = None) -> None:
    """Refuse anything that is not a plain, reasonably sized, undamaged .xlsx, without openpyxl."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(path, f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，不像是年报统计表")
    if not data:
        raise WorkbookError(path, "文件为空")
    if data.startswith(OLE_SIGNATURE):
        raise WorkbookError(path, _ole_problem(data))
    if not data.startswith(ZIP_SIGNATURES):
        raise WorkbookError(path, _not_a_zip_problem(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise WorkbookError(path, TRUNCATED) from None
    except (OSError, ValueError, EOFError, NotImplementedError, struct.error, OverflowError):
        raise WorkbookError(path, "工作簿已损坏（压缩包结构无效），请重新获取文件") from None
    with archive:
        _check_zip_directory(archive, path)
        try:
            _check_content_types(data, archive, path)
            scan_parts(data, archive)
        except PartProblem as problem:
            raise WorkbookError(path, str(problem)) from None


def _ole_problem(data: bytes) -> str:
    """An OLE compound file: an encrypted OOXML workbook, an old .xls, an old .doc or something else.
    The directory stores stream names in UTF-16LE, so the names are found in the bytes."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptionInfo") or has("EncryptedPackage"):
        return ("工作簿已加密（设有打开密码），请先取消密码后再导入"
                "（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码并保存）")
    if has("Workbook") or has("Book"):
        return "这是旧版 Excel 97-2003（.xls）文件，请在 Excel/WPS 中另存为 .xlsx 后再导入"
    if has("WordDocument"):
        return "这是旧版 Word 文档（.doc），不是 Excel 工作簿（.xlsx）"
    return "这是旧版 Office 文件（OLE 复合文档），不是 Excel 工作簿（.xlsx）；如是表格，请另存为 .xlsx 后再导入"


def _not_a_zip_problem(data: bytes) -> str:
    head = data[:1024]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF-"):
        kind = "这是 PDF 文件"
    elif text.startswith(b"{\\rtf"):
        kind = "这是 RTF 文档"
    elif text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in text:
        kind = "这是网页（HTML）格式的表格（常见于网站下载的“.xls”），请在 Excel/WPS 中打开并另存为 .xlsx"
    elif text.startswith(b"<?xml") or text.startswith(b"<"):
        kind = "这是 XML 格式的文件（可能是 Excel 2003 XML 表格），请在 Excel/WPS 中打开并另存为 .xlsx"
    elif head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        kind = "这是图片文件"
    elif head.startswith(b"Rar!") or head.startswith(b"7z\xbc\xaf"):
        kind = "这是压缩包（RAR/7z），请先解压"
    elif _looks_like_text(head):
        kind = "这是文本文件（可能是 CSV），请在 Excel/WPS 中打开并另存为 .xlsx"
    else:
        kind = "文件内容无法识别"
    return f"不是 Excel 工作簿（.xlsx）：{kind}"


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return b"\x00" not in head
    return False


def _check_zip_directory(archive: zipfile.ZipFile, path: Any) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise WorkbookError(path, f"压缩包内文件过多（{len(entries)} 个，上限 {MAX_ENTRIES}），疑似恶意文件")
    names: set[str] = set()
    total = 0
    for entry in entries:
        if entry.filename in names:
            raise WorkbookError(path, f"工作簿内部结构异常（“{entry.filename[:60]}”重复出现），疑似被篡改")
        names.add(entry.filename)
        if entry.flag_bits & 0x1:
            raise WorkbookError(path, "工作簿已加密（设有打开密码），请先取消密码")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookError(path, f"工作簿使用了不支持的压缩方式（{entry.compress_type}）")
        total += entry.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise WorkbookError(
                path, f"解压后超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB，疑似“压缩炸弹”，未打开")
        if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise WorkbookError(
                path, f"“{entry.filename[:60]}”的压缩比异常（超过 {MAX_RATIO} 倍），疑似“压缩炸弹”，未打开")


def _check_content_types(data: bytes, archive: zipfile.ZipFile, path: Any) -> None:
    """Tell a Word document, an OpenDocument file or any other zip from a workbook."""
    names = set(archive.namelist())
    if "mimetype" in names and "[Content_Types].xml" not in names:
        mimetype = _read_part(data, archive.getinfo("mimetype"), 100)
        if b"opendocument.spreadsheet" in mimetype:
            raise WorkbookError(path, "这是 OpenDocument 表格（.ods），请在 WPS/LibreOffice 中另存为 .xlsx 后再导入")
        raise WorkbookError(path, "不是 Excel 工作簿（.xlsx）：这是 OpenDocument 文档")
    if "[Content_Types].xml" not in names:
        raise WorkbookError(path, "不是 Excel 工作簿（.xlsx）：这是一个普通的 zip 压缩包")
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise WorkbookError(path, "工作簿内部结构异常（内容类型表过大）")
    try:
        root = SafeET.fromstring(_read_part(data, info, MAX_CONTENT_TYPES_BYTES))
    except DefusedXmlException:
        raise WorkbookError(path, UNSAFE_XML) from None
    except (SafeET.ParseError, ValueError):
        raise WorkbookError(path, "工作簿已损坏（内容类型表无法读取），请重新获取文件") from None
    types = {element.get("ContentType", "") for element in root}
    if any(t in SPREADSHEET_TYPES for t in types):
        return
    if any("spreadsheetml" not in t and "sheet.binary" in t for t in types):
        raise WorkbookError(path, "这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再导入")
    if any("wordprocessingml" in t for t in types):
        raise WorkbookError(path, "不是 Excel 工作簿（.xlsx）：这是 Word 文档（.docx）")
    if any("presentationml" in t for t in types):
        raise WorkbookError(path, "不是 Excel 工作簿（.xlsx）：这是 PowerPoint 演示文稿（.pptx）")
    raise WorkbookError(path, "不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿内容")


def _read_part(data: bytes, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The first `limit` bytes of a part, inflated in bounded chunks (PartProblem when damaged)."""
    content = b""
    for chunk in inflate(data, info):
        content += chunk
        if len(content) >= limit:
            return content[:limit]
    return content


def open_workbook(data: bytes, path: str | os.PathLike[str] | None = None, *, data_only: bool = False) -> Any:
    """openpyxl's workbook for bytes that passed `check_workbook_bytes`; WorkbookError on any failure."""
    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a pinned dependency
        raise WorkbookError(path, "缺少 defusedxml，出于安全考虑不读取外来工作簿")
    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported", "Workbook contains no default style" …
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False)
    except MemoryError:
        raise WorkbookError(path, "工作簿过大，内存不足") from None
    except OPENPYXL_FAILURES as error:
        raise WorkbookError(path, _openpyxl_problem(error)) from None


def _openpyxl_problem(error: BaseException) -> str:
    # openpyxl wraps what the parser raised in a ValueError of its own: look at the whole chain.
    chain = _exception_chain(error)
    if any(isinstance(e, DefusedXmlException) for e in chain):
        return UNSAFE_XML
    if any(isinstance(e, (zipfile.BadZipFile, zlib.error, EOFError, struct.error)) for e in chain):
        return str(damaged("压缩数据无法解开或校验失败"))
    missing = next((m for e in chain if isinstance(e, KeyError) and (m := _MISSING_PART.search(str(e)))), None)
    if missing:
        return str(damaged(f"缺少“{missing.group(1)[:60]}”"))
    if any(isinstance(e, (SafeET.ParseError, expat.ExpatError)) for e in chain):
        return str(damaged("XML 无法解析"))
    return f"工作簿已损坏或格式不受支持（{type(chain[-1]).__name__}）"


def _exception_chain(error: BaseException) -> list[BaseException]:
    chain = [error]
    while (cause := chain[-1].__cause__ or chain[-1].__context__) is not None and len(chain) < 20:
        chain.append(cause)
    return chain


def load_untrusted_workbook(path: str | os.PathLike[str], *, data_only: bool = False) -> tuple[bytes, Any]:
    """Read, examine and open the workbook at `path`: (its bytes, openpyxl's workbook)."""
    data = read_workbook_bytes(path)
    check_workbook_bytes(data, path)
    return data, open_workbook(data, path, data_only=data_only)
