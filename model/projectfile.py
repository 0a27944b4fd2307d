"""The project file: versioned JSON (docs/file-format.md, resources/schema/).

Loading is all-or-nothing: the whole file is parsed and validated before a
`Report` is built, and any problem raises one `ProjectFileError` whose
message (Chinese) names the file and the offending field. Saving is atomic.

The one exception is last year's report linked by path (format version 2,
"prior"): it is a second file, and a missing or broken one does not stop this
year's report from opening; `report.prior.problem` says what went wrong. What a
file's link may make the app open is decided by model/priorlink.py.

The JSON itself (exact numbers, unique keys, typed fields) is parsed by model/strict_json.py.
"""

from __future__ import annotations

import copy
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from model.atomicfile import WriteError, os_error_reason, write_atomic
from model.priorlink import absolute_problem, is_refused, link_problem
from model.readfile import UnreadableFile, read_limited
from model.report import UNKNOWN_YEAR, AgencyKind, CellKey, Metadata, PriorReport, Report, ReportSection, Value
from model.signoff import signoffs_from_json, signoffs_to_json
from model.strict_json import MAX_FILE_BYTES as MAX_FILE_BYTES
from model.strict_json import MAX_MAGNITUDE as MAX_MAGNITUDE
from model.strict_json import MAX_PARAGRAPHS as MAX_PARAGRAPHS
from model.strict_json import MAX_SIGNIFICANT_DIGITS as MAX_SIGNIFICANT_DIGITS
from model.strict_json import MAX_TEXT_CHARS as MAX_TEXT_CHARS
from model.strict_json import Invalid, check_keys, expect, parse_json, read_text, read_text_list
from model.template import Template
from model.templates import TEMPLATES

FORMAT_NAME = "nianbao-report"
#: The newest format version this program reads and writes. A report is written in the lowest
#: version that holds what it uses (`KEYS_ADDED_IN`): one without "prior", "prefilled" and
#: "uncertain" is still version 1, so that earlier releases keep opening it.
FORMAT_VERSION = 4
#: The optional top-level keys each version added; a file of a lower version may not have them.
KEYS_ADDED_IN: dict[int, tuple[str, ...]] = {2: ("prior", "prefilled"), 3: ("uncertain",), 4: ("signoffs",)}
#: The optional keys of "meta" each version added (the local deadline, version 4).
META_KEYS_ADDED_IN: dict[int, tuple[str, ...]] = {4: ("local_deadline",)}
OPTIONAL_KEYS = frozenset(key for keys in KEYS_ADDED_IN.values() for key in keys)
V2_KEYS = KEYS_ADDED_IN[2]
SUFFIX = ".nianbao.json"


class ProjectFileError(Exception):
    """A project file that cannot be read or written; str() is the message for the user."""

    def __init__(self, path: str | os.PathLike[str] | None, problem: str, field: str | None = None,
                 action: str = "读取"):
        self.path = None if path is None else Path(path)
        self.problem = problem
        self.field = field
        name = f"“{self.path.name}”" if self.path else "项目文件"
        where = f"（字段 {field}）" if field else ""
        message = f"无法{action}{name}：{problem}{where}"
        # A hostile file can put a lone surrogate ("\ud800") into a key that the
        # message quotes; keep the message encodable for logs and consoles.
        super().__init__(message.encode("utf-8", "backslashreplace").decode("utf-8"))



# --- reading -----------------------------------------------------------------------


def load(path: str | os.PathLike[str], trust_links: bool = False) -> Report:
    """Read a project file; a linked prior report is resolved against the file's folder and read too.

    A prior that cannot be read does not fail the load: `report.prior.report`
    is then None and `report.prior.problem` says why. The link is opened only
    when it stays within the folder that holds both years (model/priorlink.py),
    unless `trust_links` (the command line's --trust-links: the user vouches
    for the file)."""
    data = _read_bytes(Path(path))
    try:
        report = loads(data)
    except ProjectFileError as error:
        raise ProjectFileError(path, error.problem, error.field) from None
    load_prior(report, _folder_of(path), trust_links)
    return report


def load_prior(report: Report, folder: str | os.PathLike[str] | None = None, trust_links: bool = False) -> None:
    """(Re)read the linked prior report of `report`, if it has one that is not embedded.

    A relative link is resolved against `folder` (the report's own folder),
    or against the location it was last resolved to when `folder` is None.
    A link that leads out of the folder holding both years, or is absolute,
    a network or a device path, is not opened unless `trust_links`
    (model/priorlink.py); a location set by an earlier load or by
    `crossyear.attach_prior` is trusted. Never raises: on failure
    `report.prior.report` is None and `report.prior.problem` explains. The
    prior's own prior is not followed."""
    prior = report.prior
    if prior is None or prior.embedded:
        return
    prior.report = None
    if not prior.path:
        prior.problem = "上年报告的路径为空"
        return
    if folder is not None:
        if trust_links:
            prior.location = _resolve(prior.path, folder)
        else:
            refused, prior.location = link_problem(prior.path, folder)
            if refused:
                prior.location, prior.problem = None, refused
                return
    elif prior.location is None:
        if not os.path.isabs(prior.path):
            prior.problem = "本报告尚未保存，无法确定上年报告相对路径的位置"
            return
        if not trust_links:
            prior.problem = absolute_problem(prior.path)
            return
        prior.location = prior.path
    try:
        prior.report = _detached(loads(_read_bytes(Path(prior.location))))
        prior.problem = None
    except ProjectFileError as error:
        prior.problem = error.problem + (f"（字段 {error.field}）" if error.field else "")
    except (OSError, ValueError) as error:  # a path the operating system refuses outright
        prior.problem = f"无法打开（{error}）"


def _detached(report: Report) -> Report:
    """`report` as a prior: the chain stops at one year."""
    report.prior = None
    return report


def _folder_of(path: str | os.PathLike[str]) -> str:
    # Through a symbolic link, the folder of the real file: that is where save() writes.
    return os.path.dirname(os.path.realpath(path))


def _resolve(stored: str, folder: str | os.PathLike[str]) -> str:
    return stored if os.path.isabs(stored) else os.path.normpath(os.path.join(folder, stored))


def _read_bytes(path: Path) -> bytes:
    try:
        return read_limited(path, MAX_FILE_BYTES, "年报项目文件")
    except UnreadableFile as error:
        raise ProjectFileError(path, str(error)) from None


def loads(data: bytes | str) -> Report:
    """Parse and validate a whole project file; ProjectFileError (path None) on any problem.

    Reads nothing else: a linked prior report is left unread (`report.prior.report`
    None, see `load` and `load_prior`); an embedded one is part of the data."""
    try:
        document = parse_json(data)
        return _report_from_json(document)
    except Invalid as invalid:
        raise ProjectFileError(None, invalid.problem, invalid.field) from None


REQUIRED_KEYS = {"format", "version", "template", "meta", "preamble", "sections", "tables"}


def _report_from_json(document: Any, embedded: bool = False) -> Report:
    """A report from a parsed document; `embedded` for the copy of last year's inside "prior"."""
    expect(document, dict, None, "一个 JSON 对象（年报项目文件）")
    if document.get("format") != FORMAT_NAME:
        raise Invalid(f"不是年报项目文件（缺少 \"format\": \"{FORMAT_NAME}\"）", "format")
    version = expect(document.get("version"), int, "version", "整数格式版本号")
    if version > FORMAT_VERSION:
        raise Invalid(
            f"该文件由更新版本的年报编制助手保存（格式版本 {version}），"
            f"当前版本只能读取格式版本 {FORMAT_VERSION} 及以下，请升级后再打开", "version")
    if version < 1:
        raise Invalid(f"格式版本 {version} 无效", "version")
    for added, keys in KEYS_ADDED_IN.items():
        if version < added:
            for key in keys:
                if key in document:
                    raise Invalid(f"键“{key}”自格式版本 {added} 起才有，格式版本 {version} 的文件不能包含它", key)
    if embedded and "prior" in document:
        raise Invalid("内嵌的上年报告不能再包含它自己的上年报告", "prior")
    check_keys(document, "", REQUIRED_KEYS, OPTIONAL_KEYS)
    template_year = expect(document["template"], int, "template", "模板年份（整数）")
    if template_year not in TEMPLATES:
        known = "、".join(str(y) for y in TEMPLATES)
        raise Invalid(f"未知的模板年份 {template_year}（支持 {known}）", "template")
    template = TEMPLATES[template_year]
    meta = _meta_from_json(document["meta"], version)
    preamble = read_text_list(document["preamble"], "preamble")
    sections = _sections_from_json(document["sections"], template)
    cells = _cells_from_json(document["tables"], template)
    prefilled = _cell_keys_from_json(document, "prefilled", template)
    uncertain = _cell_keys_from_json(document, "uncertain", template)
    prior = _prior_from_json(document["prior"]) if "prior" in document else None
    signoffs = signoffs_from_json(document["signoffs"]) if "signoffs" in document else []
    return Report(template_year, meta, preamble, sections, cells, prior, prefilled, uncertain, signoffs)


def _cell_keys_from_json(document: dict[str, Any], name: str, template: Template) -> set[CellKey]:
    """The list of cells under key `name` ("prefilled", "uncertain"), empty when the file has none."""
    if name not in document:
        return set()
    items = expect(document[name], list, name, "数组")
    result: set[CellKey] = set()
    for i, item in enumerate(items):
        field = f"{name}[{i}]"
        expect(item, list, field, "[表 id, 行 id, 列 id] 数组")
        if len(item) != 3 or not all(isinstance(part, str) for part in item):
            raise Invalid("应为 [表 id, 行 id, 列 id] 三个文本组成的数组", field)
        table_id, row_id, column_id = (read_text(part, field) for part in item)
        if not template.has_table(table_id) or not template.table(table_id).has_cell(row_id, column_id):
            raise Invalid(f"{template.year} 年版模板中没有单元格 {table_id[:20]}.{row_id[:20]}.{column_id[:20]}",
                          field)
        key = (table_id, row_id, column_id)
        if key in result:
            raise Invalid(f"单元格 {table_id}.{row_id}.{column_id} 重复出现", field)
        result.add(key)
    return result


def _prior_from_json(prior: Any) -> PriorReport:
    expect(prior, dict, "prior", "对象")
    check_keys(prior, "prior", {"path", "embedded"})
    path = None
    if prior["path"] is not None:
        path = read_text(prior["path"], "prior.path")
        if not path.strip():
            raise Invalid("上年报告的路径不能为空白（没有路径时写 null）", "prior.path")
    if prior["embedded"] is None:
        if path is None:
            raise Invalid("上年报告既没有路径，也没有内嵌的内容", "prior")
        # Not resolved yet (location None): only load_prior decides whether the link may be opened.
        return PriorReport(path, False, None, "上年报告尚未读取", None)
    try:
        report = _report_from_json(prior["embedded"], embedded=True)
    except Invalid as invalid:
        raise Invalid(invalid.problem, f"prior.embedded.{invalid.field}" if invalid.field else "prior.embedded") \
            from None
    location = path if path is not None and os.path.isabs(path) else None
    return PriorReport(path, True, report, None, location)


def _meta_from_json(meta: Any, version: int) -> Metadata:
    expect(meta, dict, "meta", "对象")
    fields = {"agency", "year", "kind", "published", "website", "phone", "email"}
    for added, keys in META_KEYS_ADDED_IN.items():
        for key in keys:
            if version < added and key in meta:
                raise Invalid(f"键“{key}”自格式版本 {added} 起才有，格式版本 {version} 的文件不能包含它",
                              f"meta.{key}")
    check_keys(meta, "meta", fields, {key for keys in META_KEYS_ADDED_IN.values() for key in keys})
    if meta["year"] is None:
        year = UNKNOWN_YEAR  # a report read from a workbook that states no year: said, never guessed
    else:
        year = expect(meta["year"], int, "meta.year", "整数年份或 null（未知）")
        if not 1990 <= year <= 2100:
            raise Invalid(f"报告年度 {year} 不在 1990–2100 之间", "meta.year")
    kinds = {k.value: k for k in AgencyKind}
    kind = expect(meta["kind"], str, "meta.kind", "文本")
    if kind not in kinds:
        raise Invalid(f"应为 \"department\" 或 \"government\"，实际为“{kind[:20]}”", "meta.kind")
    published = _date_from_json(meta["published"], "meta.published")
    local_deadline = _date_from_json(meta.get("local_deadline"), "meta.local_deadline")
    return Metadata(
        agency=read_text(meta["agency"], "meta.agency"),
        year=year,
        kind=kinds[kind],
        published=published,
        website=read_text(meta["website"], "meta.website"),
        phone=read_text(meta["phone"], "meta.phone"),
        email=read_text(meta["email"], "meta.email"),
        local_deadline=local_deadline,
    )


def _date_from_json(value: Any, field: str) -> date | None:
    """A YYYY-MM-DD date or null."""
    if value is None:
        return None
    text = read_text(value, field)
    try:
        day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        day = None
    if day is None:
        raise Invalid(f"应为 YYYY-MM-DD 格式的日期或 null，实际为“{text[:20]}”", field)
    return day


def _sections_from_json(sections: Any, template: Template) -> list[ReportSection]:
    expect(sections, list, "sections", "数组")
    if len(sections) > 50:
        raise Invalid("部分数目过多", "sections")
    known = {s.id: s for s in template.sections}
    result: list[ReportSection] = []
    for i, section in enumerate(sections):
        field = f"sections[{i}]"
        expect(section, dict, field, "对象")
        check_keys(section, field, {"id", "title"}, {"paragraphs"})
        section_id = read_text(section["id"], f"{field}.id")
        if section_id not in known:
            raise Invalid(f"未知的部分“{section_id[:20]}”（应为 {'、'.join(known)} 之一）", f"{field}.id")
        if any(s.id == section_id for s in result):
            raise Invalid(f"部分“{section_id}”重复出现", f"{field}.id")
        paragraphs = read_text_list(section.get("paragraphs", []), f"{field}.paragraphs")
        if paragraphs and known[section_id].kind != "narrative":
            raise Invalid(f"“{known[section_id].title}”是表格部分，不能包含文字段落", f"{field}.paragraphs")
        result.append(ReportSection(section_id, read_text(section["title"], f"{field}.title"), paragraphs))
    return result


def _cells_from_json(tables: Any, template: Template) -> dict[CellKey, Value]:
    expect(tables, dict, "tables", "对象")
    cells: dict[CellKey, Value] = {}
    for table_id, rows in tables.items():
        if not template.has_table(table_id):
            raise Invalid(f"{template.year} 年版模板中没有表格“{table_id[:20]}”", f"tables.{table_id[:20]}")
        table = template.table(table_id)
        expect(rows, dict, f"tables.{table_id}", "对象")
        for row_id, columns in rows.items():
            field = f"tables.{table_id}.{row_id[:20]}"
            if row_id not in table.row_ids:
                raise Invalid(f"{table.name}中没有行“{row_id[:20]}”", field)
            expect(columns, dict, field, "对象")
            for column_id, value in columns.items():
                cell_field = f"{field}.{column_id[:20]}"
                if column_id not in table.column_ids:
                    raise Invalid(f"{table.name}中没有列“{column_id[:20]}”", cell_field)
                if value is not None:
                    expect(value, (int, Decimal), cell_field, "数值或 null（空白）")
                cells[(table_id, row_id, column_id)] = value
    return cells


# --- writing -------------------------------------------------------------------------


def to_json(report: Report, folder: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The file's JSON for `report`; `folder` is where the file will be (for a prior's relative path).

    Without `folder` a linked prior is written by the absolute location it was
    resolved to, when known (a relative path would be wrong in another folder)."""
    template = report.template
    meta = report.meta
    tables: dict[str, Any] = {}
    for table in template.tables:
        rows: dict[str, Any] = {}
        for row_id in table.row_ids:
            columns = {c: _json_number(report.cells[(table.id, row_id, c)])
                       for c in table.column_ids if (table.id, row_id, c) in report.cells}
            if columns:
                rows[row_id] = columns
        if rows:
            tables[table.id] = rows
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": _lowest_version(report),
        "template": report.template_year,
        "meta": {
            "agency": meta.agency,
            "year": meta.year if meta.year_known else None,
            "kind": meta.kind.value,
            "published": meta.published.isoformat() if meta.published else None,
            "website": meta.website,
            "phone": meta.phone,
            "email": meta.email,
            **({"local_deadline": meta.local_deadline.isoformat()} if meta.local_deadline else {}),
        },
        "preamble": list(report.preamble),
        "sections": [
            {"id": s.id, "title": s.title, **({"paragraphs": list(s.paragraphs)} if s.paragraphs else {})}
            for s in report.sections
        ],
        "tables": tables,
    }
    order = {key: i for i, (key, _table, _column) in enumerate(template.cell_specs)}
    for name, marked in (("prefilled", report.prefilled), ("uncertain", report.uncertain)):
        if marked:  # in template order, so that two saves of one report compare equal in a diff
            keys = sorted(marked, key=lambda key: (order.get(key, len(order)), key))
            document[name] = [list(key) for key in keys]
    if report.prior is not None:
        prior = report.prior
        embedded = None
        if prior.embedded and prior.report is not None:
            copied = _detached(copy.copy(prior.report))
            copied.signoffs = []  # last year's reviewer's marks are about last year's findings
            embedded = to_json(copied)
        document["prior"] = {"path": stored_prior_path(prior, folder), "embedded": embedded}
    if report.signoffs:
        document["signoffs"] = signoffs_to_json(report.signoffs)
    return document


def _lowest_version(report: Report) -> int:
    """The lowest format version that holds what `report` uses (earlier releases open it)."""
    if report.signoffs or report.meta.local_deadline is not None:
        return 4
    if report.uncertain:
        return 3
    return 2 if report.prior is not None or report.prefilled else 1


def stored_prior_path(prior: PriorReport, folder: str | os.PathLike[str] | None) -> str | None:
    """How `prior`'s path is written into a file in `folder`: relative to it when
    possible ("/" separators), else absolute; None for an embedded copy without a path."""
    if prior.path is None:
        return None
    if is_refused(prior):
        # Never opened: kept as written, never turned into a relative path that would then pass
        # as one within the two years' folder.
        return prior.path
    target = prior.location or (prior.path if os.path.isabs(prior.path) else None)
    if target is None:
        return prior.path  # relative to a folder we do not know: keep it as it is
    if folder is None:
        return target
    try:
        relative = os.path.relpath(target, folder)
    except ValueError:  # another drive on Windows
        return target
    return Path(relative).as_posix()


def _json_number(value: Value) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    # Guaranteed by the load limits (≤ 15 significant digits); a Report built
    # in code with a longer Decimal would lose digits silently without this.
    if Decimal(repr(number)) != value:
        raise ValueError(f"{value} has more than {MAX_SIGNIFICANT_DIGITS} significant digits")
    return number


def dumps(report: Report, folder: str | os.PathLike[str] | None = None) -> str:
    return json.dumps(to_json(report, folder), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class LinkAsSaved:
    """What saving changes in the link to last year's report: the path as stored, where it leads."""

    path: str | None
    location: str | None

    def apply_to(self, report: Report) -> None:
        if report.prior is not None:  # the report saved, or the one shown of which it was a snapshot
            report.prior.path = self.path
            report.prior.location = self.location


def save(report: Report, path: str | os.PathLike[str]) -> None:
    """Write `report` to `path` atomically; ProjectFileError on failure (the old file is untouched).

    The bytes are read back with `loads` before anything touches the disk:
    a report that would not reopen (a control character pasted from Word, an
    impossible year) is refused while the user still has it on screen.

    A linked prior report's path is stored relative to the file's folder when
    possible, and `report.prior.path` becomes the path as stored."""
    if (saved := write_report(report, path)) is not None:
        saved.apply_to(report)


def write_report(report: Report, path: str | os.PathLike[str]) -> LinkAsSaved | None:
    """`save` without changing `report` (safe on a worker thread with a snapshot): what saving changes
    in the link to last year's report is returned instead (None without a link), to apply later."""
    target = Path(path)
    folder = _folder_of(target)
    try:
        data = dumps(report, folder).encode("utf-8")
        loads(data)
    except UnicodeEncodeError:
        raise ProjectFileError(target, "文本中含有无效的 Unicode 字符（孤立的代理项），原文件未改动",
                               action="保存") from None
    except ValueError:  # a Decimal with more digits than a JSON number keeps (see _json_number)
        raise ProjectFileError(target, f"有数值超过 {MAX_SIGNIFICANT_DIGITS} 位有效数字，原文件未改动",
                               action="保存") from None
    except ProjectFileError as error:
        raise ProjectFileError(target, f"内容无法写成有效的项目文件：{error.problem}，原文件未改动",
                               error.field, action="保存") from None
    try:
        write_atomic(target, data)  # through a symbolic link, the file it points to
    except OSError as error:
        outcome = "原文件未改动" if not isinstance(error, WriteError) or error.existed else "未写入任何文件"
        raise ProjectFileError(target, f"{os_error_reason(error)}，{outcome}", action="保存") from None
    prior = report.prior
    if prior is None:
        return None
    stored = stored_prior_path(prior, folder)
    location = prior.location
    if stored is not None and location is None and not prior.embedded:
        refused, resolved = link_problem(stored, folder)  # what load() will resolve it to
        location = None if refused else resolved
    elif stored is not None and location is None:
        location = _resolve(stored, folder)
    return LinkAsSaved(stored, location)
