"""How well a reading of a document matches the report it was made from.

Every template cell counts once: right (the value equals the truth; blank equals blank), flagged (not
right, but the reader said so: the cell is in `result.uncertain`, or a problem names it), or
wrong_silent (anything else — the outcome that must never happen). The narrative is complete when
every paragraph of the truth's preamble and sections is found, in order and ignoring whitespace, in
the same part of the read report; the metadata agree when agency, year, kind, website, phone and
e-mail are the truth's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importing.result import ImportProblem, ImportResult
from model.report import CellKey, Report

META_FIELDS = ("agency", "year", "kind", "website", "phone", "email")
_SPACE = re.compile(r"\s+")


@dataclass
class Score:
    right: int = 0
    flagged: int = 0
    wrong_silent: int = 0
    #: The cells counted as wrong_silent, with (read, truth), for the failure message.
    wrong_cells: dict[CellKey, tuple[object, object]] = field(default_factory=dict)
    #: Every cell the reader flagged or reported, right or not.
    reported: set[CellKey] = field(default_factory=set)
    #: Truth paragraphs not found: (part, index in the truth, the paragraph's start).
    missing_paragraphs: list[tuple[str, int, str]] = field(default_factory=list)
    #: Metadata fields that disagree: field → (read, truth).
    meta_mismatches: dict[str, tuple[object, object]] = field(default_factory=dict)

    @property
    def cells(self) -> int:
        return self.right + self.flagged + self.wrong_silent

    @property
    def narrative_complete(self) -> bool:
        return not self.missing_paragraphs

    @property
    def meta_right(self) -> bool:
        return not self.meta_mismatches


def _names(problem: ImportProblem, key: CellKey) -> bool:
    table, row, column = key
    if problem.table != table:
        return False
    if (row, column) in problem.cells:
        return True
    if problem.row is None and problem.column is None:
        return not problem.cells  # the whole table (a missing table)
    return problem.row in (None, row) and problem.column in (None, column)


def reported_cells(result: ImportResult) -> set[CellKey]:
    """Every template cell the reader flagged as uncertain or named in a problem."""
    keys = set(result.report.cells) | set(result.placed)
    reported = set(result.uncertain) | (set(result.report.uncertain) & keys)
    for problem in result.problems:
        if problem.table is not None:
            reported |= {key for key in keys if _names(problem, key)}
    return reported


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text.replace("\u00a0", " ").replace("\u3000", " "))


def missing_paragraphs(read: list[str], truth: list[str], part: str) -> list[tuple[str, int, str]]:
    """The truth paragraphs not found in `read`, in order: the read paragraphs may join or split the
    truth's differently (a PDF's lines), but every truth paragraph must appear whole and in turn."""
    text = "".join(_squeeze(p) for p in read)
    missing, at = [], 0
    for i, paragraph in enumerate(truth):
        wanted = _squeeze(paragraph)
        if not wanted:
            continue
        found = text.find(wanted, at)
        if found < 0:
            missing.append((part, i, paragraph[:30]))
        else:
            at = found + len(wanted)
    return missing


def score(result: ImportResult, truth: Report) -> Score:
    s = Score()
    s.reported = reported_cells(result)
    read = result.report
    for key, expected in truth.cells.items():
        placed = key in result.placed
        value = result.placed[key] if placed else read.cells.get(key)
        is_right = (placed or key in read.cells) and value == expected
        if is_right and key not in result.uncertain:
            s.right += 1
        elif key in s.reported:
            s.flagged += 1
        else:
            s.wrong_silent += 1
            s.wrong_cells[key] = (value if placed or key in read.cells else "（未读出）", expected)
    s.missing_paragraphs = missing_paragraphs(read.preamble, truth.preamble, "preamble")
    for section in truth.sections:
        got = read.section(section.id)
        s.missing_paragraphs += missing_paragraphs(got.paragraphs if got else [], section.paragraphs, section.id)
    for name in META_FIELDS:
        got, expected = getattr(read.meta, name), getattr(truth.meta, name)
        if got != expected:
            s.meta_mismatches[name] = (got, expected)
    return s


@dataclass
class Totals:
    documents: int = 0
    right: int = 0
    flagged: int = 0
    wrong_silent: int = 0
    narrative_complete: int = 0
    meta_right: int = 0

    def add(self, s: Score) -> None:
        self.documents += 1
        self.right += s.right
        self.flagged += s.flagged
        self.wrong_silent += s.wrong_silent
        self.narrative_complete += s.narrative_complete
        self.meta_right += s.meta_right

    def line(self, name: str) -> str:
        return (f"{name}: {self.documents} 份，单元格 正确 {self.right} / 已标记 {self.flagged} / "
                f"错误未标记 {self.wrong_silent}；正文完整 {self.narrative_complete}，基本信息正确 {self.meta_right}")
