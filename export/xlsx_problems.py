"""What the Excel import could not take as it is (`ImportProblem`), the notes it
makes about what it read in another spelling, and the log both are collected in
while a workbook is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol


class ProblemKind(Enum):
    NOT_A_NUMBER = "not_a_number"  # text, a date or TRUE where a number belongs
    INVALID = "invalid"  # a number the cell does not allow (1.5 件, −1, seven decimals)
    UNPLACED = "unplaced"  # a number or a label the reader could not place
    MISSING = "missing"  # a table, row or column not found
    DUPLICATE = "duplicate"  # a row or column found twice
    FORMULA = "formula"  # a formula without a stored result
    METADATA = "metadata"  # the metadata or narrative sheet of our own export, the report year

    @property
    def label(self) -> str:
        return {
            "not_a_number": "不是数字", "invalid": "数值无效", "unplaced": "无法对应", "missing": "缺少",
            "duplicate": "重复", "formula": "公式", "metadata": "基本信息",
        }[self.value]


@dataclass(frozen=True)
class ImportProblem:
    """One thing the reader could not take as it is: where, what it found, why,
    and which part of the report it concerns (the ids, where known)."""

    sheet: str
    #: Cell reference such as "C7", a range "B9:B16", or "" when the problem
    #: has no cell (a row that was not found).
    cell: str
    #: The text found in the cell ("9件"), "" when there is none.
    text: str
    #: Why, in Chinese.
    reason: str
    kind: ProblemKind
    #: The table, row and column of the template the problem concerns; None where it
    #: concerns none (a number outside every table) or the whole of it (a missing table).
    table: str | None = None
    row: str | None = None
    column: str | None = None
    #: Every template cell the problem leaves unread, as (row id, column id) of `table`
    #: (the three sub-items under a single （六）其他处理 row).
    cells: tuple[tuple[str, str], ...] = ()
    #: The report section, where the problem is not about a table: "meta" (with `field`),
    #: or the narrative section a paragraph belongs to.
    section: str | None = None
    field: str | None = None
    #: True when what the problem is about was read all the same (the first of two copies
    #: of a row; paragraphs joined to a section named twice): a warning, not an error.
    kept: bool = False

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"工作表“{self.sheet}”{self.cell}"
        if self.sheet:
            return f"工作表“{self.sheet}”"
        return "工作簿"

    def __str__(self) -> str:
        found = f"（内容“{shorten(self.text)}”）" if self.text else ""
        return f"{self.where}{found}：{self.reason}"


class SheetLike(Protocol):
    index: int
    title: str

    def ref(self, r: int, c: int) -> str: ...


@dataclass
class ImportLog:
    """The problems and notes of one reading, problems kept in sheet order."""

    sheet_count: int
    entries: list[tuple[tuple[int, int, int], ImportProblem]] = field(default_factory=list)
    _notes: list[tuple[tuple[int, int, int], str]] = field(default_factory=list)

    def problem(self, sheet: SheetLike | None, r: int, c: int, text: str, reason: str, kind: ProblemKind,
                cell: str | None = None, **ids: object) -> None:
        """Record a problem at sheet cell (r, c) (0, 0: no cell); `ids` are ImportProblem's optional fields."""
        where = cell if cell is not None else (sheet.ref(r, c) if sheet and r and c else "")
        order = (sheet.index if sheet else self.sheet_count, r or 10**9, c or 0)
        self.entries.append((order, ImportProblem(sheet.title if sheet else "", where, text, reason, kind,
                                                  **ids)))  # type: ignore[arg-type]

    def note(self, text: str, sheet: SheetLike | None = None, r: int = 0, c: int = 0) -> None:
        """Record a note about what was read at sheet cell (r, c) (notes without a cell come last)."""
        if all(text != other for _order, other in self._notes):
            self._notes.append(((sheet.index if sheet else self.sheet_count, r or 10**9, c or 0), text))

    def problems(self) -> list[ImportProblem]:
        return [p for _order, p in sorted(self.entries, key=lambda item: item[0])]

    def notes(self) -> list[str]:
        """The notes in sheet order."""
        return [text for _order, text in sorted(self._notes, key=lambda item: item[0])]


def shorten(text: str, limit: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
