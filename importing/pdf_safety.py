"""Opening a PDF nobody vouches for, before and around pdfplumber (pdfminer.six underneath).

The bytes are examined first, without pdfminer: the size, that it is a PDF at all (a renamed Word
file, a web page), that it is complete (a download cut short ends before its %%EOF), and that no
compressed stream inflates to more than reading a report can need (a "zip bomb" in a content or
object stream would otherwise be inflated whole by pdfminer). Then pdfminer reads it with its
logging silenced (it warns about every harmless oddity of Word's PDFs), and whatever it raises on
a malformed, encrypted or hostile file is turned into one `DocumentError` in Chinese.
"""

from __future__ import annotations

import logging
import math
import os
import re
import warnings
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from importing import crypto_shim
from importing.document import DocumentError
from model.readfile import UnreadableFile, read_limited

# Every import of pdfminer and pdfplumber is below this module (importing.pdf_reader imports it first):
# the build has no `cryptography`, which pdfminer imports at module level, so its stand-in goes in here.
crypto_shim.install()

#: A published report is a few megabytes; one with scanned attachments tens.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: A report has 8–15 pages; an annex of a few hundred pages is not a report.
MAX_PAGES = 300
#: Characters on one page: a dense A4 page has about 2,000.
MAX_PAGE_CHARS = 60_000
#: Seconds the whole reading may take (checked after every page), unless NIANBAO_PDF_MAX_SECONDS says
#: otherwise: a machine far slower than an office PC needs more. Under qemu-user (the aarch64 build's smoke
#: test, tools/arm64/build_under_qemu.sh) sample.pdf takes over 30 s to read, natively 0.3 s.
DEFAULT_MAX_SECONDS = 30.0
MAX_SECONDS_ENV = "NIANBAO_PDF_MAX_SECONDS"


def max_seconds(environ: Mapping[str, str]) -> float:
    """The reading's time limit: NIANBAO_PDF_MAX_SECONDS when it is a positive number of seconds, else 30.
    There is always a limit: a value that is no number, or none that a clock reaches, is ignored."""
    try:
        seconds = float(environ.get(MAX_SECONDS_ENV) or DEFAULT_MAX_SECONDS)
    except ValueError:
        return DEFAULT_MAX_SECONDS
    return seconds if seconds > 0 and math.isfinite(seconds) else DEFAULT_MAX_SECONDS


MAX_SECONDS = max_seconds(os.environ)
#: What all non-image compressed streams together may inflate to, and one stream alone.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
MAX_STREAM_INFLATED = 64 * 1024 * 1024
#: Nesting of arrays and dictionaries beyond which pdfminer's resolving would recurse too deep.
MAX_NESTING = 200

DAMAGED = "PDF 文件已损坏或格式异常，无法读取。请用原始软件重新导出 PDF，或导入 Word 原件（.docx）或网页"
TRUNCATED = "PDF 文件不完整（可能在下载或复制时被截断），请重新获取文件"
ENCRYPTED = "PDF 文件设有打开密码，无法读取。请导入未加密的 PDF，或导入 Word 原件（.docx）或网页"
SCANNED = ("这是扫描件或图片生成的 PDF，没有可读取的文字层；年报编制助手不做文字识别（OCR）。"
           "请导入该报告的 Word 原件（.docx）或政府网站上的网页（.html）")
BOMB = "PDF 文件含有异常巨大的压缩数据，为安全起见不予读取"
NESTED = "PDF 文件含有异常深的嵌套结构，为安全起见不予读取"
TOO_MANY_PAGES = f"PDF 文件超过 {MAX_PAGES} 页，不像一份年度报告"
TOO_SLOW = f"读取 PDF 文件超过 {int(MAX_SECONDS)} 秒，已停止。请导入 Word 原件（.docx）或网页"

_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")


def read_pdf_bytes(path: Path) -> bytes:
    """The file's bytes once they have passed every check that needs no PDF parser."""
    try:
        data = read_limited(path, MAX_FILE_BYTES, " PDF 文件")
    except UnreadableFile as error:
        raise DocumentError(path, str(error)) from None
    check_pdf_bytes(path, data)
    return data


def check_pdf_bytes(path: Path, data: bytes) -> None:
    """DocumentError when `data` is not a PDF, is cut short or hides a decompression bomb."""
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(path, "这不是 PDF 文件（文件内容与扩展名不符）")
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(path, TRUNCATED)
    _check_streams(path, data)
    _check_nesting(path, data)


def _stream_spans(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(keyword start, data start, data end) of every stream, in order."""
    position = 0
    while (match := _STREAM.search(data, position)) is not None:
        end = data.find(_ENDSTREAM, match.end())
        if end < 0:
            return  # the last stream is cut short: pdfminer says so, or reads what it can
        yield match.start(), match.end(), end
        position = end + len(_ENDSTREAM)


def _check_streams(path: Path, data: bytes) -> None:
    """Inflate every Flate stream that is not an image, bounded, without keeping what it gives."""
    total = 0
    for keyword, start, end in _stream_spans(data):
        header = _stream_header(data, keyword)
        if b"/Image" in header or b"Flate" not in header:
            continue  # images are never decoded to read the text; other filters do not inflate much
        total += _inflated_size(path, data[start:end], MAX_INFLATED_BYTES - total)


def _stream_header(data: bytes, stream_at: int) -> bytes:
    """The dictionary before a stream keyword: from the last "n 0 obj" before it."""
    window = data[max(0, stream_at - 4096):stream_at]
    objects = list(_OBJ.finditer(window))
    return window[objects[-1].end():] if objects else window


def _inflated_size(path: Path, raw: bytes, allowance: int) -> int:
    inflater = zlib.decompressobj()
    size = 0
    chunk = raw
    try:
        while chunk and not inflater.eof:  # after the end, what follows stays in unconsumed_tail
            size += len(inflater.decompress(chunk, 1024 * 1024))
            if size > MAX_STREAM_INFLATED or size > allowance:
                raise DocumentError(path, BOMB)
            chunk = inflater.unconsumed_tail
    except zlib.error:
        return size  # encrypted or damaged: pdfminer decides what it is
    return size


def _check_nesting(path: Path, data: bytes) -> None:
    """Refuse a file whose arrays or dictionaries nest deeper than any real PDF's (pdfminer resolves
    them recursively). Counted on the raw bytes: brackets inside strings count too, harmlessly."""
    if data.count(b"[") < MAX_NESTING and data.count(b"<<") < MAX_NESTING:
        return
    # Outside streams only: an uncompressed image of grey 91 is a run of "[" bytes.
    gaps, position = [], 0
    for keyword, _start, end in _stream_spans(data):
        gaps.append(data[position:keyword])
        position = end
    objects = b" ".join([*gaps, data[position:]])
    if re.search(rb"(?:\[\s*){%d}" % MAX_NESTING, objects) or \
            re.search(rb"(?:<<\s*(?:/\w+\s*)?){%d}" % MAX_NESTING, objects):
        raise DocumentError(path, NESTED)


@contextmanager
def quiet_pdfminer() -> Iterator[None]:
    """pdfminer's and pdfplumber's log records and warnings kept out of the user's console."""
    # A level on the parent reaches every child logger (pdfminer.pdffont, …) that sets none itself.
    loggers = [logging.getLogger(name) for name in ("pdfminer", "pdfplumber")]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, before, strict=True):
            logger.setLevel(level)


def reading_failure(path: Path, error: BaseException) -> DocumentError:
    """The DocumentError for what pdfplumber or pdfminer raised while reading `path`."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = _root_cause(error)
    if isinstance(cause, PDFPasswordIncorrect):
        return DocumentError(path, ENCRYPTED)
    if isinstance(cause, PDFEncryptionError):
        return DocumentError(path, "PDF 文件使用了无法识别的加密方式，无法读取。请导入 Word 原件（.docx）或网页")
    if isinstance(cause, RecursionError):
        return DocumentError(path, NESTED)
    if isinstance(cause, MemoryError):
        return DocumentError(path, BOMB)
    return DocumentError(path, DAMAGED)


def _root_cause(error: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's exception as PdfminerException(original).
    seen: set[int] = set()
    while id(error) not in seen:
        seen.add(id(error))
        inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error.__cause__
        if inner is None:
            break
        error = inner
    return error


def reading_failures() -> tuple[type[BaseException], ...]:
    """What reading a hostile or damaged PDF with pdfplumber can raise (caught around it only)."""
    import struct

    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    return (PdfminerException, MalformedPDFException, PSException, RecursionError, MemoryError, zlib.error,
            struct.error, EOFError, OSError, KeyError, IndexError, ValueError, TypeError, AttributeError,
            AssertionError, OverflowError, ZeroDivisionError, UnicodeError, NotImplementedError)
