"""The web page inside a single-file web page archive (.mht, .mhtml: MIME multipart/related, as
Internet Explorer, Word's “单个文件网页” and WPS save it), found with the standard `email` package."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from importing.document import DocumentError
from importing.document_safety import MAX_HTML_BYTES

__all__ = ["HtmlPart", "html_part"]

#: What the email package may raise on a malformed message (it mostly records defects instead).
_EMAIL_FAILURES: tuple[type[BaseException], ...] = (ValueError, LookupError, TypeError, IndexError,
                                                      AttributeError, UnicodeError, RecursionError)
MAX_PARTS = 5_000


@dataclass(frozen=True)
class HtmlPart:
    """The page's bytes, transfer encoding (quoted-printable, base64) undone, and the charset its
    MIME header declares (None when it declares none)."""

    data: bytes
    charset: str | None


def html_part(data: bytes, path: Path) -> HtmlPart:
    """The text/html part of the archive `data` (the one the archive starts with when it says which)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml")):
        return HtmlPart(data, None)  # a page saved as .mht without its MIME wrapping
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        part = _page(message)
        if part is None:
            raise DocumentError(path, "不是网页存档（.mht）：其中没有网页内容。")
        payload = part.get_payload(decode=True)
        charset = part.get_content_charset()
    except _EMAIL_FAILURES as error:
        raise DocumentError(path, f"网页存档（.mht）已损坏（{type(error).__name__}），"
                                  f"请在浏览器中打开后另存为 .html 再导入。") from None
    if not isinstance(payload, bytes) or not payload.strip():
        raise DocumentError(path, "网页存档（.mht）中的网页是空的。")
    if len(payload) > MAX_HTML_BYTES:
        raise DocumentError(path, f"网页存档中的网页超过 {MAX_HTML_BYTES // (1024 * 1024)} MB，不像是年报。")
    return HtmlPart(payload, charset)


def _page(message: Message) -> Message | None:
    """The part the archive names as its start (Content-ID or Content-Location), else the first HTML."""
    if not message.is_multipart():
        return message if message.get_content_type() == "text/html" else None
    start = (message.get_param("start") or "")
    start = start.strip("<>") if isinstance(start, str) else ""
    pages: list[Message] = []
    for count, part in enumerate(message.walk()):
        if count > MAX_PARTS:
            break
        if part.is_multipart() or part.get_content_type() != "text/html":
            continue
        if start and start in (str(part.get("Content-ID", "")).strip("<>"), str(part.get("Content-Location", ""))):
            return part
        pages.append(part)
    return pages[0] if pages else None
