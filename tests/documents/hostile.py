"""Hostile and broken documents, small on disk: each must make the reader refuse the file with a
`DocumentError` quickly, never hang, exhaust memory, read a local file or raise anything else.

`write_huge_html` makes the one that is large on disk (> 50 MB); tests make it in a temporary folder."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FIXED = (2025, 1, 20, 9, 0, 0)


def _docx(path: Path, document_xml: bytes) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", ROOT_RELS.encode()),
                           ("word/document.xml", document_xml)):
            z.writestr(zipfile.ZipInfo(name, FIXED), data, zipfile.ZIP_DEFLATED)


def zip_bomb_docx(path: Path, size: int = (1 << 30) + (1 << 20)) -> None:
    """A .docx whose document.xml inflates to more than 1 GB of zeros (about 1 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED), CONTENT_TYPES, zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("_rels/.rels", FIXED), ROOT_RELS, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/document.xml", FIXED)
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = bytes(1 << 24)
        with z.open(info, "w") as part:
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(bytes(size % len(chunk)))


def billion_laughs_docx(path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [{"".join(entities)}]>\n'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    _docx(path, xml.encode())


def external_entity_docx(path: Path) -> None:
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           f'<w:document {W}><w:body><w:p><w:r><w:t>某局2024年政府信息公开工作年度报告&xxe;</w:t></w:r></w:p>'
           '</w:body></w:document>')
    _docx(path, xml.encode())


def truncated_docx(source: Path, path: Path) -> None:
    """The first half of a real .docx (a download that broke off)."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def not_a_zip_docx(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)


def scanned_pdf(path: Path) -> None:
    """A PDF whose one page is an image of a page: no text layer (a scan)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 560, 18):  # grey bars where the lines of text were
        draw.rectangle((50, y, 370 - (y * 7) % 90, y + 8), fill=90)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    buffer.seek(0)
    from reportlab.lib.utils import ImageReader

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(buffer), 0, 0, *A4)
    c.showPage()
    c.save()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its objects (numbered from 1), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def nested_arrays_pdf(path: Path, depth: int = 100_000) -> None:
    """A PDF whose page's /MediaBox is an array nested `depth` deep (a parser that recurses overflows)."""
    nested = b"[" * depth + b"0 0 595 842" + b"]" * depth
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + nested + b" /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]))


def object_bomb_pdf(path: Path, levels: int = 40) -> None:
    """A page tree where every node lists the next node twice: 2^40 pages to a reader that walks it."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        number = 2 + level
        child = number + 1
        objects.append(b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d >>" % (child, child, 2 ** (levels - level)))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
                   % (1 + levels, 3 + levels))
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET")
    objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
    path.write_bytes(_pdf(objects))


def corrupt_pdf(path: Path) -> None:
    """A PDF header followed by bytes that are no PDF (a file damaged in transfer)."""
    path.write_bytes(b"%PDF-1.4\n" + bytes((i * 37 + 11) % 256 for i in range(4096)) + b"\n%%EOF\n")


def deep_html(path: Path, depth: int = 100_000) -> None:
    """A web page whose elements nest 100,000 deep (left open, as a broken page leaves them: 300 KB)."""
    path.write_text("<html><head><meta charset=\"utf-8\"><title>某局2024年政府信息公开工作年度报告</title></head><body>"
                    + "<b>" * depth + "一、总体情况" + "</body></html>", encoding="utf-8")


def write_huge_html(path: Path, size: int = 51 * 1024 * 1024) -> None:
    """A web page larger than 50 MB (a report is never that large): made at test time, never committed."""
    paragraph = "<p>本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。</p>\n".encode()
    with path.open("wb") as out:
        out.write(b"<html><head><meta charset=\"utf-8\"></head><body>")
        written = 0
        block = paragraph * 4096
        while written < size:
            out.write(block)
            written += len(block)
        out.write(b"</body></html>")


def write_hostile(folder: Path, good_docx: Path) -> dict[str, str]:
    """Every hostile file into `folder`; file name → format."""
    folder.mkdir(parents=True, exist_ok=True)
    makers = {
        "zip_bomb.docx": zip_bomb_docx,
        "billion_laughs.docx": billion_laughs_docx,
        "external_entity.docx": external_entity_docx,
        "not_a_zip.docx": not_a_zip_docx,
        "scanned.pdf": scanned_pdf,
        "nested_arrays.pdf": nested_arrays_pdf,
        "object_bomb.pdf": object_bomb_pdf,
        "corrupt.pdf": corrupt_pdf,
        "deep_nesting.html": deep_html,
    }
    for name, make in makers.items():
        make(folder / name)
    truncated_docx(good_docx, folder / "truncated.docx")
    return {name: Path(name).suffix[1:] for name in [*makers, "truncated.docx"]}
