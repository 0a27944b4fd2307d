"""A saved web page (.html, .htm) or single-file web page archive (.mht) as a `SourceDocument`.

The bytes are decoded by the charset the page declares (a BOM, <meta charset>, http-equiv; GBK and
GB2312 read as GB18030, their superset), else as UTF-8 or GB18030 if they decode cleanly, else by
charset-normalizer's guess. lxml parses the text (no network, no entities: a DOCTYPE declaring any is
refused first), and the tree is walked without recursion: scripts, styles, navigation and hidden
elements are left out; every block element (p, div, h1–h6, li …) and every line a <br> ends is a
paragraph; inline tags join without a space, and the whitespace of the source between two Chinese
characters vanishes (a browser shows a line break there as a space, but it is where an editor
wrapped the line), so a word split across <span>s reads whole. A site template's navigation,
breadcrumbs, tool bars and footer, told by their class or id ("nav", "position", "footer" …), are
left out too. A table of data becomes a `TableBlock` (rowspan and colspan honoured); a layout
table — a CMS that sets its whole page in a table, cells holding tables, headings or long text —
is descended into instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from importing.document import Block, CellGrid, DocCell, DocumentError, SourceDocument, TableBlock, TextBlock
from importing.document_safety import MAX_HTML_BYTES, MAX_MHT_BYTES, check_html_text, read_document_bytes
from importing.mht import html_part

__all__ = ["decode_html", "html_document", "open_html", "open_mht"]

FORMAT_NAME = "网页"
#: Elements whose content is not the page's text.
JUNK = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
        "select", "button", "textarea", "input", "nav", "aside", "head", "map", "audio", "video", "footer"}
#: Class or id names (whole, lower case) site templates give to their navigation, breadcrumbs, tool
#: bars and footers: text there (“当前位置”, “主办单位”, “【打印本页】”) is not the report's.
JUNK_NAMES = {"nav", "navbar", "navigation", "menu", "mainmenu", "topmenu", "footer", "foot", "bottom",
              "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position", "location", "share", "toolbar",
              "art-tools", "tools", "copyright", "search", "sidebar", "links", "friendlinks", "skip", "top"}
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "main", "header", "footer", "blockquote", "pre", "center", "address", "figure",
          "figcaption", "hr", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "form",
          "fieldset", "legend", "body", "html", "details", "summary", "menu", "dir", "listing", "xmp"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: Deeper than this, libxml2 (without huge_tree) stops building the tree: what was cut is refused.
MAX_DEPTH = 250
MAX_COLSPAN = 64
#: A report page has a few thousand elements (tens of thousands from Word's HTML export); the walk
#: takes tens of microseconds an element, so this bounds a page to a few seconds.
MAX_ELEMENTS = 100_000
#: Report tables have at most a dozen columns; spans that push a row far beyond are a hostile page.
MAX_TABLE_COLUMNS = 200
MAX_ROWSPAN = 1_000
#: A data cell is a label or a number; a cell with this much text holds the page's prose.
LAYOUT_CELL_CHARACTERS = 300
LAYOUT_CELL_BLOCKS = 6

_SOFT = "\x00"  # whitespace of the source, dropped between two Chinese characters
_SOURCE_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_SOFT_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\x00+(?=[{_CJK}])")
_SPACES = re.compile("[\x00 ]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.IGNORECASE)
_CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB = {"gbk", "gb2312", "gb_2312", "gb_2312-80", "gb-2312", "x-gbk", "cp936", "ms936", "windows-936",
       "euc-cn", "csgb2312", "gb18030", "x-euc-cn", "chinese"}
#: Declared by misconfigured servers on Chinese pages; a byte-for-byte decoding that never fails.
_WESTERN = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}


def open_html(path: Path) -> SourceDocument:
    """The paragraphs and tables of the saved web page at `path`; DocumentError when it cannot be read."""
    path = Path(path)
    data = read_document_bytes(path, MAX_HTML_BYTES, "网页")
    return html_document(data, path)


def open_mht(path: Path) -> SourceDocument:
    """The page inside the single-file web page archive at `path`."""
    path = Path(path)
    part = html_part(read_document_bytes(path, MAX_MHT_BYTES, "网页存档（.mht）"), path)
    return html_document(part.data, path, part.charset)


def html_document(data: bytes, path: Path, declared_charset: str | None = None) -> SourceDocument:
    """The page in `data`; `declared_charset` is what a MIME header says, if anything."""
    text, notes = decode_html(data, declared_charset)
    check_html_text(text, path)
    # Start tags counted in C before lxml builds anything: a page of a million tags is refused at once.
    if text.count("<") - text.count("</") - text.count("<!") > MAX_ELEMENTS:
        raise DocumentError(path, f"网页的元素超过 {MAX_ELEMENTS:,} 个，不像是年报，未打开。")
    # lxml refuses a str that starts with an encoding declaration (XHTML): the bytes are decoded already.
    text = _XML_DECLARATION.sub("", text, count=1)
    # lxml refuses control characters (a damaged page has them); NUL is also the walker's soft space.
    text = _CONTROL.sub("", text)
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise DocumentError(path, "网页中没有可读取的内容。") from None
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise DocumentError(path, f"网页的元素超过 {MAX_ELEMENTS:,} 个，不像是年报，未打开。")
    title_element = root.find(".//title")
    title = _clean(_SOURCE_SPACE.sub(_SOFT, title_element.text_content())) if title_element is not None else ""
    walker = _Walker(path)
    walker.walk(root)
    return SourceDocument(path=path, format_name=FORMAT_NAME, blocks=walker.blocks, stated_title=title,
                          notes=notes)


# --- the characters ---------------------------------------------------------------------------------------


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """The page's text and what the person should know about how it was decoded."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), []
    if _is_utf8(data):
        return data.decode("utf-8"), []  # valid UTF-8 with Chinese in it is UTF-8, whatever is declared
    declared = _codec(declared) or _codec(_sniffed_charset(data))
    if declared:
        try:
            return data.decode(declared), []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        pass
    guessed = _guessed_encoding(data)
    if guessed:
        try:
            return data.decode(guessed), [f"网页未声明可用的字符编码，按 {guessed} 读取，请核对文字是否正确。"]
        except (UnicodeDecodeError, LookupError):
            pass
    return (data.decode(declared or "gb18030", errors="replace"),
            ["网页中有无法识别的字符，已替换为“�”，请核对文字是否正确。"])


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sniffed_charset(data: bytes) -> str | None:
    head = data[:16 * 1024]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return found.group(1).decode("ascii", errors="ignore") if found else None


def _codec(name: str | None) -> str | None:
    """A usable Python codec for a declared charset, GBK and GB2312 widened to GB18030."""
    if not name:
        return None
    key = name.strip().lower()
    if key in _GB:
        return "gb18030"
    if key in _WESTERN:
        return None
    import codecs

    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _guessed_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1024 * 1024]).best()
    return best.encoding if best is not None else None


def _clean(text: str) -> str:
    """Source whitespace collapsed, dropped between Chinese characters; &nbsp; a space; full-width kept."""
    text = text.translate(_INVISIBLE).replace("\xa0", " ")
    text = _SOFT_BETWEEN_CJK.sub("", text)
    text = _SPACES.sub(lambda m: " " if _SOFT in m.group() and " " not in m.group() else m.group().replace(
        _SOFT, ""), text)
    return text.strip(" \t\r\n")


# --- the tree ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What an element passes to the text inside it."""

    bold: bool = False
    centred: bool = False
    heading: int | None = None


@dataclass(frozen=True)
class _Piece:
    text: str
    context: _Context


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.lower().rpartition("}")[2] if isinstance(tag, str) else ""


def _is_junk(element: Any, tag: str) -> bool:
    if not tag or tag in JUNK or _is_hidden(element):
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
    return any(name in JUNK_NAMES for name in names)


def _is_hidden(element: Any) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _inner_context(element: Any, tag: str, outer: _Context) -> _Context:
    style = element.get("style") or ""
    bold = outer.bold or tag in ("b", "strong") or bool(_BOLD_STYLE.search(style))
    centred = (outer.centred or tag == "center" or (element.get("align") or "").lower() == "center"
               or bool(_CENTRED_STYLE.search(style)))
    heading = HEADINGS.get(tag, outer.heading)
    if (bold, centred, heading) == (outer.bold, outer.centred, outer.heading):
        return outer
    return _Context(bold, centred, heading)


class _Walker:
    """Turns a tree into blocks: start and end events (lxml's iterwalk), never recursion."""

    def __init__(self, path: Path, in_cell: bool = False) -> None:
        self.path = path
        self.in_cell = in_cell
        self.blocks: list[Block] = []
        self.lines: list[str] = []  # what a table cell's walk gives
        self.pieces: list[_Piece] = []
        self.paragraphs = 0
        self.tables = 0

    def walk(self, root: Any) -> None:
        contexts: list[_Context] = [_Context()]
        skipped: set[Any] = set()
        events = etree.iterwalk(root, events=("start", "end"))
        for event, element in events:
            tag = _tag(element)
            if event == "start":
                if len(contexts) > MAX_DEPTH:
                    raise DocumentError(self.path, f"网页的标签嵌套超过 {MAX_DEPTH} 层，可能不完整，"
                                                   f"疑似恶意文件，未打开。")
                if _is_junk(element, tag):
                    skipped.add(element)
                    events.skip_subtree()
                elif tag == "table" and not self.in_cell and not is_layout_table(element):
                    self.flush()
                    for caption in (c for c in element if _tag(c) == "caption"):
                        for line in self._cell_text(caption).split("\n"):  # the table's title, before it
                            self._add(line, _Context(centred=True))
                            self.flush()
                    self.tables += 1
                    place = f"第 {self.tables} 个表格"
                    self.blocks.append(TableBlock(CellGrid(place, self._table_cells(element)), place))
                    skipped.add(element)
                    events.skip_subtree()
                else:
                    if tag in BLOCKS or tag == "br":
                        self.flush()
                    context = _inner_context(element, tag, contexts[-1])
                    contexts.append(context)
                    self._add(element.text, context)
                    continue
                contexts.append(contexts[-1])
                continue
            contexts.pop()
            if element in skipped:
                skipped.discard(element)
            elif tag in BLOCKS:
                self.flush()
            if element is not root:
                self._add(element.tail, contexts[-1])
        self.flush()

    def _add(self, text: str | None, context: _Context) -> None:
        if text:
            self.pieces.append(_Piece(_SOURCE_SPACE.sub(_SOFT, text), context))

    def flush(self) -> None:
        pieces, self.pieces = self.pieces, []
        text = _clean("".join(p.text for p in pieces))
        if not text:
            return
        if self.in_cell:
            self.lines.append(text)
            return
        shown = [p.context for p in pieces if _clean(p.text)]
        heading = next((c.heading for c in shown if c.heading is not None), None)
        emphasised = heading is not None or all(c.centred for c in shown) or all(c.bold for c in shown)
        self.paragraphs += 1
        self.blocks.append(TextBlock(text=text, place=f"第 {self.paragraphs} 段", heading=heading,
                                     emphasised=emphasised))

    def _table_cells(self, table: Any) -> list[DocCell]:
        """The cells of a data table laid out as a browser lays them out: each cell in the first
        column its row has free, after the cells spanning down into the row from above."""
        rows = table_rows(table)
        #: Column → the last row a cell spanning down from above occupies in it (a span costs its
        #: columns, never rows × columns: rowspan=1000 colspan=64 on every cell stays cheap).
        busy_until: dict[int, int] = {}
        cells: list[DocCell] = []
        for row_number, row in enumerate(rows, start=1):
            column = 1
            for cell in (c for c in row if _tag(c) in ("td", "th")):
                if _is_hidden(cell):
                    continue
                while busy_until.get(column, 0) >= row_number:
                    column += 1  # at most MAX_TABLE_COLUMNS steps: no column beyond it is ever busy
                colspan = _span(cell.get("colspan"), MAX_COLSPAN)
                if column + colspan - 1 > MAX_TABLE_COLUMNS:
                    raise DocumentError(self.path, f"网页中的第 {self.tables} 个表格超过 {MAX_TABLE_COLUMNS} 列"
                                                   f"（合并单元格的范围异常），疑似恶意文件，未打开。")
                rowspan = min(_span(cell.get("rowspan"), MAX_ROWSPAN), len(rows) - row_number + 1)
                for spanned in range(column, column + colspan):
                    busy_until[spanned] = row_number + rowspan - 1
                cells.append(DocCell(text=self._cell_text(cell), row=row_number, column=column,
                                     rowspan=rowspan, colspan=colspan))
                column += colspan
        return cells

    def _cell_text(self, cell: Any) -> str:
        walker = _Walker(self.path, in_cell=True)
        walker.walk(cell)
        return "\n".join(walker.lines)


def _span(value: str | None, limit: int) -> int:
    """A rowspan or colspan as browsers read it ("2", " 3 ", "2px"), clamped to 1…limit."""
    found = re.match(r"\s*(\d+)", value or "")
    return min(limit, max(1, int(found.group(1)))) if found else 1


def table_rows(table: Any) -> list[Any]:
    """The table's own rows (in thead, tbody, tfoot or directly), not those of tables inside it."""
    rows: list[Any] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def is_layout_table(table: Any) -> bool:
    """A table that lays out a page rather than holding data: a cell holds another table, a heading,
    many paragraphs or long prose, or the whole table is one cell."""
    cells = [c for row in table_rows(table) for c in row if _tag(c) in ("td", "th")]
    if len(cells) <= 1:
        return True
    if any(inner is not table for inner in table.iter("table", *HEADINGS)):
        return True
    for cell in cells:
        if not len(cell):  # no tags inside: its text is all there is (quick, for a table of thousands)
            if len(cell.text or "") > LAYOUT_CELL_CHARACTERS:
                return True
            continue
        if len(cell.text_content()) > LAYOUT_CELL_CHARACTERS:
            return True
        if sum(1 for _ in cell.iter("p", "div", "li", "br")) > LAYOUT_CELL_BLOCKS:
            return True
    return False
