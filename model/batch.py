"""The batch check of a supervising office, as pure functions: one report's row, last year's report
found in the batch, and the whole BatchResult (copies, roll-up, hierarchy, rates).

importing/batch_files.py reads the files and calls `summarise` on each; its `run_batch` (or cli_batch.py,
until it calls run_batch) then calls `match_priors` and `assemble`. Nothing here reads a file.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterable, Sequence

from model.batch_rates import ROLLUP_KEY  # the key of the roll-up's rates in BatchResult.rates
from model.batch_types import BatchReport, BatchResult, HierarchyRow, KeyFigures
from model.checks import checked_findings
from model.crossyear import check_cross_year
from model.deadlines import effective_deadline, is_late
from model.findings import Finding, sort_findings
from model.report import CellKey, PriorReport, Report, Value
from model.template import Role

#: The rule prefix of the cross-year checks, run again when a report finds last year's in the batch.
CROSS_YEAR_RULE_PREFIX = "XY-"
#: KeyFigures field → the roles naming its cells (表三's rows in the 总计 column; 表四's totals).
FIGURE_ROLES: dict[str, tuple[Role, ...]] = {
    "received": (Role.RECEIVED, Role.APPLICANT_TOTAL),
    "carried_in": (Role.CARRIED_IN, Role.APPLICANT_TOTAL),
    "results_total": (Role.RESULT_TOTAL, Role.APPLICANT_TOTAL),
    "carried_out": (Role.CARRIED_OUT, Role.APPLICANT_TOTAL),
    "reviews": (Role.REVIEWS,),
    "lawsuits": (Role.LAWSUITS,),  # both kinds: 未经复议直接起诉 + 复议后起诉
}


def key_figures(report: Report) -> KeyFigures:
    """The 总计 of each key row (None when a cell is blank or the template has no such figure)."""
    template = report.template
    values: dict[str, Value] = {}
    for name, roles in FIGURE_ROLES.items():
        found = template.cells_of(*roles)
        if found is None:
            values[name] = None
            continue
        table, cells = found
        total: Value = 0
        for row, column in cells:
            value = report.cells.get((table.id, row, column))
            if value is None or total is None:
                total = None
                break
            total += value
        values[name] = total
    return KeyFigures(**values)


def summarise(file: str, report: Report, import_findings: Sequence[Finding] = ()) -> BatchReport:
    """One row of the batch: `report` (read from `file`) checked as `main.py check` checks it."""
    meta = report.meta
    deadline = effective_deadline(meta)[0] if meta.year_known else None
    return BatchReport(
        file=file, agency=meta.agency, kind=meta.kind.label, year=meta.year if meta.year_known else None,
        template=report.template_year, findings=checked_findings(report, import_findings),
        figures=key_figures(report), published=meta.published, deadline=deadline, late=is_late(meta),
        report=report)


def canonical_cells(report: Report) -> None:
    """The report's cell keys replaced, in place, by its template's own key tuples.

    A report read from its file, or pickled back from a worker process, brings a new tuple for every
    cell (some 16 KB a report, 80 MB over 5,000); the template's tuples are shared by every report of
    that format. A key the template lacks (a structure error) is kept as it came."""
    shared = _template_keys(report.template_year)
    report.cells = {shared.get(key, key): value for key, value in report.cells.items()}


@functools.cache
def _template_keys(template_year: int) -> dict[CellKey, CellKey]:
    from model.templates import TEMPLATES

    return {key: key for key, _table, _column in TEMPLATES[template_year].cell_specs}


def match_priors(reports: list[BatchReport]) -> None:
    """For each readable report, the same agency's report of year − 1 in the batch becomes its prior
    (embedded, as crossyear expects) and the cross-year rules (XY-*) run again against it, replacing
    their earlier findings (such as XY-PRIOR-MISSING for a link that could not be opened). Agencies
    are matched after `normalise_agency`; of two files of one agency and year the first (in the given
    order) is used. A report keeps a prior of its own that could be read."""
    from model.agency_names import normalise_agency  # H6's module

    by_agency_year: dict[tuple[str, int], BatchReport] = {}
    for entry in reports:
        if entry.report is not None and entry.year is not None:
            name = normalise_agency(entry.agency)
            if name:
                by_agency_year.setdefault((name, entry.year), entry)
    for entry in reports:
        report = entry.report
        if report is None or entry.year is None or (report.prior is not None and report.prior.report is not None):
            continue
        found = by_agency_year.get((normalise_agency(entry.agency), entry.year - 1))
        if found is None or found.report is None or found is entry:
            continue
        # A shallow copy without its own prior: the chain stops at one year, and the cells are only read.
        last = dataclasses.replace(found.report, prior=None)
        report.prior = PriorReport(found.file, True, last, None, None)
        entry.prior_file = found.file
        # Only the cross-year rules read the prior (model/crossyear.py): they alone are run again, in
        # place of a whole re-check (half the batch's reports find last year's).
        kept = [f for f in entry.findings if not f.rule.startswith(CROSS_YEAR_RULE_PREFIX)]
        entry.findings = sort_findings([*kept, *check_cross_year(report)])


def section_titles(template_year: int | None) -> dict[str, str]:
    """Section id → its title (「五、存在的主要问题及改进情况」) in the template of `template_year`, in the
    newest template when that year has none: how a copy pair's section is named in every output."""
    from model.templates import TEMPLATES

    template = TEMPLATES.get(template_year) if template_year is not None else None
    template = template or TEMPLATES[max(TEMPLATES)]
    return {section.id: section.title for section in template.sections}


def _repetition_sections(readable: Iterable[BatchReport]) -> Iterable[tuple[str, str, list[str]]]:
    """(file, section id, paragraphs) of each narrative section measured for repetition (一, 五, 六)."""
    for entry in readable:
        report = entry.report
        assert report is not None
        for section_id in report.template.sections_of(Role.REPETITION):
            section = report.section(section_id)
            if section is not None and section.paragraphs:
                yield entry.file, section_id, section.paragraphs


def _rollup_group(readable: list[BatchReport]) -> list[BatchReport]:
    """The reports summed: those of the year most of the batch is for (the later one on a tie), and of
    that year's commonest template — last year's reports are in the folders to be compared with, not
    added, and tables of different templates cannot be added cell by cell."""
    if not readable:
        return []
    counts = Counter((entry.year, entry.template) for entry in readable)
    year, template = max(counts, key=lambda key: (counts[key], key[0] or 0, key[1] or 0))
    return [entry for entry in readable if (entry.year, entry.template) == (year, template)]


def assemble(reports: list[BatchReport], hierarchy_rows: Sequence[HierarchyRow] | None = None,
             threshold: float = 0.5, keep_reports: bool = False) -> BatchResult:
    """The whole batch result: copied sections between the readable reports, the roll-up of the ones of
    the batch's year (`_rollup_group`), the hierarchy check of those (with `hierarchy_rows`), the rates
    with outliers marked.
    Then each BatchReport's `report` is dropped (memory), unless `keep_reports`: before the copies are
    looked for, which need only the narrative sections' paragraphs."""
    from model.batch_copies import check_threshold, find_copies  # H6's modules: loaded only for a batch
    from model.batch_rates import mark_outliers, report_rates
    from model.batch_rollup import check_hierarchy, roll_up

    check_threshold(threshold)
    readable = [entry for entry in reports if entry.report is not None]
    result = BatchResult(reports=reports)
    # The paragraphs taken first: the reports can then go before the copies' index is built (memory).
    sections = list(_repetition_sections(readable))
    group = _rollup_group(readable)
    if group:
        result.rollup = roll_up([entry.report for entry in group if entry.report is not None])
        result.rollup_sources = [entry.file for entry in group]
    if hierarchy_rows:
        # This year's reports: last year's of the same agency must not answer for it.
        by_file = {entry.file: entry.report for entry in group if entry.report is not None}
        result.hierarchy_findings, result.missing_children, result.matches = check_hierarchy(
            by_file, hierarchy_rows)
    for entry in readable:
        assert entry.report is not None
        result.rates[entry.file] = report_rates(entry.report)
    if result.rollup is not None:
        result.rates[ROLLUP_KEY] = report_rates(result.rollup)
    mark_outliers(result.rates)
    if not keep_reports:
        del readable, group
        for entry in reports:
            entry.report = None
    result.copies = find_copies(sections, threshold)
    return result
