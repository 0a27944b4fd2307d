"""What a batch check (main.py batch, 工具 → 批量检查) finds about a folder of reports: the shapes only.

A supervising office checks the reports of its departments and lower governments together. The
batch reads every report file, checks each one (with last year's report found in the same folders),
finds text copied between reports, sums the tables into one roll-up and, given the hierarchy of the
agencies, checks every parent against the sum of its children. These dataclasses are what the parts
of that pass hand each other (model/batch*.py compute them; importing/batch_files.py reads the files;
export/batch_xlsx.py writes 汇总.xlsx; cli.py prints them as JSON) — plain data, no Qt, no file formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from model.findings import Finding
from model.report import Report, Value


@dataclass(frozen=True)
class KeyFigures:
    """The figures a supervisor compares across reports, each the 总计 of its row (None when blank)."""

    received: Value = None  # 一、本年新收 (Role.RECEIVED)
    carried_in: Value = None  # 二、上年结转 (Role.CARRIED_IN)
    results_total: Value = None  # （七）总计 (Role.RESULT_TOTAL)
    carried_out: Value = None  # 四、结转下年度继续办理 (Role.CARRIED_OUT)
    reviews: Value = None  # 行政复议 总计 (Role.REVIEWS)
    lawsuits: Value = None  # 行政诉讼 总计, both kinds (Role.LAWSUITS)


@dataclass
class BatchReport:
    """One file of the batch: what was read and found, or why it could not be read."""

    #: The path as found in the folders (as the user gave them, joined with the file's name).
    file: str
    agency: str = ""
    kind: str = ""  # AgencyKind.label: 政府部门 / 人民政府
    year: int | None = None
    template: int | None = None
    findings: list[Finding] = field(default_factory=list)
    figures: KeyFigures = field(default_factory=KeyFigures)
    published: date | None = None
    deadline: date | None = None  # model.deadlines effective deadline
    late: bool = False
    #: Why the file could not be read (Chinese, one line); None when it was read.
    unreadable: str | None = None
    #: The file of the same agency's report for year − 1 found in the batch, used as the linked prior.
    prior_file: str | None = None
    #: The report itself while the batch needs it (roll-up, copies); may be dropped to bound memory.
    report: Report | None = None

    @property
    def errors(self) -> int:
        return sum(f.severity.value == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity.value == "warning" for f in self.findings)

    @property
    def worst(self) -> Finding | None:
        """The first error, else the first warning (the findings are sorted errors first)."""
        return self.findings[0] if self.findings else None


@dataclass(frozen=True)
class CopyPair:
    """A narrative section of report `a` largely repeated in report `b` (or the other way round)."""

    a: str  # file
    b: str  # file
    section: str  # section id ("s1", "s5", "s6")
    #: The share of the shorter of the two sections' text repeated in the other (0–1), measured as
    #: XY-REPEAT measures repetition of last year's text (numbers normalised).
    share: float
    #: One passage both share, as printed in `a` (for the person to see what was copied).
    passage: str


@dataclass(frozen=True)
class HierarchyRow:
    """One line of the hierarchy file: an agency, its parent, and whether the parent's report is a pure
    roll-up of its children's (True) or also counts cases of its own (False)."""

    agency: str
    parent: str
    parent_is_rollup: bool


@dataclass(frozen=True)
class Rate:
    """A rate of one report or of the roll-up, with the formula it is computed by."""

    name: str  # 「公开率」…
    formula: str  # 「（（一）+（二））÷（七）总计」
    value: float | None  # None when not computed
    #: Why not computed: 「样本不足」 below 30 cases, 「无数据」 when a term is blank.
    note: str = ""
    outlier: bool = False  # above the batch's 90th percentile (information, not a finding)


@dataclass
class BatchResult:
    reports: list[BatchReport] = field(default_factory=list)
    copies: list[CopyPair] = field(default_factory=list)
    #: The sum of tables 二 (counts), 三 and 四 over the readable reports, in the official layout.
    rollup: Report | None = None
    #: The files summed into `rollup`.
    rollup_sources: list[str] = field(default_factory=list)
    #: HIER-SUM findings (location names the parent's cell; message names the children's values).
    hierarchy_findings: list[tuple[str, Finding]] = field(default_factory=list)  # (parent's file, finding)
    #: Children named in the hierarchy file with no report in the batch.
    missing_children: list[str] = field(default_factory=list)
    #: How each hierarchy name was matched to a report's agency: (name in the file, agency, file).
    matches: list[tuple[str, str, str]] = field(default_factory=list)
    #: Rates per file, and the roll-up's under the key "汇总".
    rates: dict[str, list[Rate]] = field(default_factory=dict)
