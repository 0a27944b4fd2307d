"""Reading the report from a document whatever its format (`importing.document.SourceDocument`):
the metadata from the title, the opening paragraph and the text; the opening paragraph(s); the six
sections by their headings, wrapped lines joined into paragraphs; the tables from the document's
tables (split ones joined) by the same reader as a workbook's, and a table the document's tables do
not give from the text of its section (`importing.text_tables`), where every cell it is not sure of
is marked uncertain.

Nothing is guessed, as for a workbook: a year no text states stays unknown, a blank cell blank,
text in a number cell reported, and every paragraph of the source is in the report or in a note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from importing.doc_meta import (
    agency_kind,
    email,
    opening_agency,
    opening_year,
    phone,
    read_title,
    website,
)
from importing.doc_paragraphs import join_paragraphs, match_section
from importing.doc_sections import DocumentText, SectionText, split_document
from importing.document import DocumentError, SourceDocument, TextBlock
from importing.grid import GridView
from importing.labels import build_index, label_key
from importing.meta import choose_template, unsavable, visible
from importing.result import ImportLog, ImportResult, PartKind, ProblemKind, shorten
from importing.table_joining import join_tables
from importing.tables import TableReader
from model.projectfile import MAX_PARAGRAPHS
from model.report import UNKNOWN_YEAR, CellKey, Metadata, Report, ReportSection, Value, format_value
from model.template import Table, Template
from model.templates import CURRENT, TEMPLATES

__all__ = ["TextPart", "read_document"]

#: Text lines of a table section that are not read from the text are listed in notes up to this many.
MAX_NOTED_LINES = 20


@dataclass(frozen=True)
class TextPart:
    """The text of one section as a part of the document (`importing.result.PartLike`), for the
    problems of a table read from text: `ref(r, c)` names the r-th of the section's text blocks."""

    index: int
    title: str
    blocks: tuple[TextBlock, ...]
    part_kind: PartKind = PartKind.TABLE

    def ref(self, r: int, c: int) -> str:
        return self.blocks[r - 1].place if 1 <= r <= len(self.blocks) else ""


TextTableReader = Callable[..., Any]


def _text_table_reader() -> TextTableReader | None:
    """`importing.text_tables.read_text_table`, None while that module is not there."""
    try:
        from importing.text_tables import read_text_table
    except ModuleNotFoundError as error:
        if error.name != "importing.text_tables":
            raise
        return None
    return read_text_table


def read_document(doc: SourceDocument, template_year: int | None = None) -> ImportResult:
    """The report in `doc`: what was read, with every problem and note."""
    if template_year is not None and template_year not in TEMPLATES:
        known = "、".join(str(y) for y in TEMPLATES)
        raise DocumentError(doc.path, f"未知的模板年份 {template_year}（支持 {known}）")
    return _DocumentReader(doc, template_year).read()


class _DocumentReader:
    def __init__(self, doc: SourceDocument, template_year: int | None) -> None:
        self.doc = doc
        self.requested = template_year
        self.log = ImportLog(len(doc.table_blocks()), part_kind=PartKind.TABLE)
        #: The table sections whose tables were read from their text (their lines are the tables').
        self._text_sections: set[str] = set()

    def read(self) -> ImportResult:
        doc, log = self.doc, self.log
        # The sections are found against the current template's titles (every template has the same six).
        outline_template = TEMPLATES[self.requested] if self.requested is not None else CURRENT
        text = split_document(doc, outline_template, log)
        meta, year = self._metadata(text)
        first_index = build_index(outline_template)
        grids = join_tables(doc.blocks, first_index, doc.part_kind,
                            lambda b: match_section(b.text, outline_template) is not None)
        views = [GridView(i, grid) for i, grid in enumerate(grids)]
        log.sheet_count = len(views)
        template = choose_template(views, self.requested, None, year)
        others = tuple(t for t in TEMPLATES.values() if t.year != template.year)
        tables = TableReader(log)
        tables.read(views, build_index(template, others))
        placed: dict[CellKey, Value] = dict(tables.placed)
        sources = dict(tables.sources)
        uncertain: dict[CellKey, str] = {}
        self._tables_from_text(template, text, placed, sources, uncertain, len(views))
        report = Report.blank(meta, template)
        report.preamble = self._paragraphs(text.opening, "document")
        report.sections = self._sections(template, text)
        report.cells.update(placed)
        report.uncertain = set(uncertain)
        notes = [*doc.notes, *log.notes()]
        return ImportResult(doc.path, report, placed, log.problems(), sources, notes, False, year,
                            tuple(v.title for v in views), uncertain, doc.part_kind)

    # -- metadata --

    def _metadata(self, text: DocumentText) -> tuple[Metadata, int | None]:
        title = read_title(text.title) if text.title else None
        opening = "\n".join(p.text for p in join_paragraphs(text.opening))
        agency = (title.agency if title else "") or opening_agency(opening) or text.signature_agency
        year = self._year(text, title.year if title else None, opening_year(opening))
        # Paragraphs joined first: a web address wrapped over two lines is one again.
        everything = "\n".join(p.text for p in join_paragraphs(self.doc.text_blocks()))
        meta = Metadata(agency=self._savable(agency, "agency"), year=year or UNKNOWN_YEAR,
                        kind=agency_kind(agency), published=text.signature_date,
                        website=self._savable(website(everything), "website"),
                        phone=self._savable(phone(everything), "phone"),
                        email=self._savable(email(everything), "email"))
        return meta, year

    def _year(self, text: DocumentText, title_year: int | None, stated_in_opening: int | None) -> int | None:
        if title_year and stated_in_opening and title_year != stated_in_opening:
            self.log.problem(None, 0, 0, shorten(text.title, 40),
                             f"标题写明 {title_year} 年度，开篇段落写明 {stated_in_opening} 年度，报告年度不一致；"
                             f"未读取报告年度，请核对", ProblemKind.METADATA, section="meta", field="year")
            return None
        return title_year or stated_in_opening

    def _savable(self, value: str, field_name: str) -> str:
        if value and (reason := unsavable(value)) is not None:
            self.log.problem(None, 0, 0, visible(value), f"{reason}，未导入", ProblemKind.METADATA,
                             section="meta", field=field_name)
            return ""
        return value

    # -- narrative --

    def _paragraphs(self, blocks: list[TextBlock], section_id: str) -> list[str]:
        kept: list[str] = []
        for paragraph in join_paragraphs(blocks):
            if (reason := unsavable(paragraph.text)) is not None:
                self.log.problem(None, 0, 0, visible(shorten(paragraph.text, 40)),
                                 f"{paragraph.place}：{reason}，此段未导入", ProblemKind.METADATA, section=section_id)
                continue
            if len(kept) == MAX_PARAGRAPHS:
                self.log.problem(None, 0, 0, shorten(paragraph.text, 40),
                                 f"{paragraph.place}：此部分的段落超过 {MAX_PARAGRAPHS:,} 段，此段及其后的段落未导入",
                                 ProblemKind.METADATA, section=section_id)
                break
            kept.append(paragraph.text)
        return kept

    def _sections(self, template: Template, text: DocumentText) -> list[ReportSection]:
        sections = []
        for section in template.sections:
            found = text.sections.get(section.id)
            title = found.title if found and found.title and unsavable(found.title) is None else section.title
            report_section = ReportSection(section.id, title)
            if found is not None and section.kind == "narrative":
                report_section.paragraphs = self._paragraphs(found.blocks, section.id)
            elif found is not None:
                self._note_table_section_text(template, section.id, found)
            sections.append(report_section)
        return sections

    def _note_table_section_text(self, template: Template, section_id: str, found: SectionText) -> None:
        """Text in a table section that is neither a table's caption or label nor read from the text:
        in the notes, so that nothing is lost without a word."""
        if section_id in self._text_sections:
            return  # its lines were read by the text table reader
        index = build_index(template)
        known = index.captions | index.column_labels | set(index.rows) | set(index.groups)
        lines = [b for b in found.blocks if b.text.strip() and label_key(b.text) not in known]
        lines = [b for b in lines if not _is_unit_line(b.text)]
        for block in lines[:MAX_NOTED_LINES]:
            self.log.note(f"{block.place}“{shorten(block.text.strip(), 30)}”位于表格部分“{found.title}”中，"
                          f"未作为表格内容读取，未导入")
        if len(lines) > MAX_NOTED_LINES:
            self.log.note(f"“{found.title}”中另有 {len(lines) - MAX_NOTED_LINES} 行文字未作为表格内容读取，未导入")

    # -- tables the document's tables do not give --

    def _tables_from_text(self, template: Template, text: DocumentText, placed: dict[CellKey, Value],
                          sources: dict[CellKey, str], uncertain: dict[CellKey, str], part_count: int) -> None:
        missing = [t for t in template.tables if self._missing_table(t.id)]
        if not missing:
            return
        reader = _text_table_reader()
        if reader is None:
            return
        parts: dict[str, TextPart] = {}
        for table in missing:
            blocks = _section_blocks(template, text, table.section_id)
            if not blocks:
                continue
            section_title = text.sections[table.section_id].title if table.section_id in text.sections \
                else template.section(table.section_id).title
            part = parts.setdefault(table.section_id, TextPart(part_count + len(parts), section_title,
                                                               tuple(blocks)))
            grid_entries = [e for e in self.log.entries if e[1].table == table.id]
            self.log.entries = [e for e in self.log.entries if e[1].table != table.id]
            reading = reader(template, table, list(part.blocks), self.log, part)
            if not getattr(reading, "found", False):
                # The text has not got it either: the grid's problems stand, not the text reader's twice.
                self.log.entries = [e for e in self.log.entries
                                    if not (e[1].table == table.id and e[1].kind is ProblemKind.MISSING
                                            and not (e[1].row or e[1].column))] + grid_entries
                continue
            self._text_sections.add(table.section_id)
            self._take_reading(table, reading, part, placed, sources, uncertain)

    def _missing_table(self, table_id: str) -> bool:
        return any(p.table == table_id and p.kind is ProblemKind.MISSING and not (p.row or p.column)
                   for _order, p in self.log.entries)

    def _take_reading(self, table: Table, reading: Any, part: TextPart, placed: dict[CellKey, Value],
                      sources: dict[CellKey, str], uncertain: dict[CellKey, str]) -> None:
        for key, value in dict(reading.placed).items():
            placed[key] = value
        sources.update(dict(reading.sources))
        marked = dict(reading.uncertain)
        # The text reader flags a row it cannot settle once; each of its cells gets its own problem here.
        self.log.entries = [e for e in self.log.entries if not (
            e[1].kind is ProblemKind.UNCERTAIN and e[1].table == table.id and e[1].column is None and e[1].cells
            and all((table.id, row, column) in marked for row, column in e[1].cells))]
        for key, why in marked.items():
            uncertain[key] = why
            _table_id, row_id, column_id = key
            seen = format_value(placed[key]) if key in placed and placed[key] is not None else ""
            self.log.problem(part, 0, 0, seen, f"{table.cell_name(row_id, column_id)}：{why}",
                             ProblemKind.UNCERTAIN, cell=sources.get(key, ""), table=table.id, row=row_id,
                             column=column_id)


def _section_blocks(template: Template, text: DocumentText, section_id: str) -> list[TextBlock]:
    """The text blocks of a table section; a section whose heading is missing is looked for in the
    section before it (its lines run on under that heading)."""
    if section_id in text.sections:
        return text.sections[section_id].blocks
    order = [s.id for s in template.sections]
    for earlier in reversed(order[:order.index(section_id)]):
        if earlier in text.sections:
            return text.sections[earlier].blocks
    return text.opening


def _is_unit_line(text: str) -> bool:
    stripped = text.strip().strip("（）()")
    return stripped.startswith(("单位", "注")) and len(stripped) <= 30
