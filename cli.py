"""The headless commands of main.py: check, sample, export, import (no Qt).

Every command reads what the registry reads (model/formats.py): our project file, a workbook, a
Word document, a saved web page, a PDF with text, a text file; a legacy .doc/.xls/.wps/.et is
refused with how to save it anew.

Exit codes: 0 done (no error), 1 the report has errors (or the import had problems or cells it is
not sure of), 2 the command could not be carried out (unreadable input, bad arguments, an output
that would overwrite something).
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from cli_batch import add_batch_parser, run_batch
from model import APP_NAME, __version__
from model.atomicfile import WriteError, os_error_reason
from model.checks import checked_findings
from model.findings import Finding, Location, Severity, has_errors
from model.formats import FileFormat, Purpose, formats_for, reader_for, writer
from model.locations import DOCUMENT, describe_location
from model.outputs import Output, OutputRefused, check_outputs
from model.projectfile import ProjectFileError, load, save
from model.report import Report, Value
from model.resources import sample_path
from model.signoff import signoff_for
from model.uncertain_checks import IMPORT_UNCERTAIN, flagged_cells

if TYPE_CHECKING:
    from export.fonts import FontSet
    from importing.result import ImportProblem, ImportResult

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
TRUST_LINKS_HELP = ("打开项目文件中写明的上年报告链接，即使它是绝对路径或在两个年度共同所在的文件夹之外"
                    "（仅用于可信的文件）")
#: The subcommands with a word on what each does, for the list a mistyped command gets.
COMMANDS = {"check": "检查", "export": "导出", "import": "导入", "sample": "示例", "batch": "批量检查"}
#: export's file options: (option, what it writes, its metavar), in the order they are written.
EXPORT_OPTIONS = (("pdf", Purpose.WRITE_PDF, "OUT.pdf"), ("docx", Purpose.WRITE_DOCX, "OUT.docx"),
                  ("html", Purpose.WRITE_HTML, "OUT.html"), ("html-body", Purpose.WRITE_HTML_BODY, "OUT.html"),
                  ("xlsx", Purpose.WRITE_XLSX, "OUT.xlsx"))


def _spaced(name: str) -> str:
    """A format's name after Chinese words: a space before a Latin one ("导出的 PDF 文件"), none before "网页"."""
    return f" {name}" if name[:1].isascii() else name


def _named(formats: list[FileFormat]) -> str:
    """Formats for --help: "Excel 工作簿（.xlsx、.xlsm）、Word 文档（.docx）……"."""
    return "、".join(f"{f.name}（{'、'.join(f.suffixes)}）" for f in formats)


#: What `check` and `export` read, and what `import` reads, as --help says it (from the registry).
READ_HELP = _named(formats_for(Purpose.READ_REPORT, Purpose.READ_TABLES, Purpose.READ_DOCUMENT))
IMPORT_HELP = _named(formats_for(Purpose.READ_TABLES, Purpose.READ_DOCUMENT))


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese too (usage, options, -h, errors)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "formatter_class": ChineseHelpFormatter, "add_help": False})
        self._optionals.title = "选项"
        self._positionals.title = "参数"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}：参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="nianbao", description=f"{APP_NAME}：政府信息公开工作年度报告的编制、检查与发布。")
    parser.add_argument("--version", action="version", version=f"{APP_NAME}（nianbao）{__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--sample", action="store_true", help="打开示例报告（不带文件名，保存时另存）")
    commands = parser.add_subparsers(dest="command", title="命令", parser_class=ChineseArgumentParser)
    check = commands.add_parser("check", help="检查报告的勾稽关系与完整性（也可直接检查已公布的 Word、网页、PDF 报告）")
    check.add_argument("file", type=Path, help=READ_HELP)
    check.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    check.add_argument("--year", type=int, help="报告年度（导入的文件中没有写明时指定）")
    check.add_argument("--trust-links", action="store_true", help=TRUST_LINKS_HELP)
    export = commands.add_parser(
        "export", help="导出 PDF、Word、网页、Excel 或整个发布包（报告有错误时须加 --force）")
    export.add_argument("file", type=Path, help=READ_HELP)
    for option, purpose, metavar in EXPORT_OPTIONS:
        export.add_argument(f"--{option}", type=Path, metavar=metavar, dest=option.replace("-", "_"),
                            help=f"导出的{_spaced(writer(purpose).name)}")
    export.add_argument("--bundle", type=Path, metavar="DIR",
                        help="在文件夹 DIR 中生成发布包：PDF、Word、网页（完整与仅正文）、Excel、"
                             "检查报告和 SHA256SUMS.txt")
    export.add_argument("--zip", action="store_true", help="同时把发布包压缩为 DIR.zip")
    export.add_argument("--charts", action="store_true", help="在 PDF、Word 和网页中加入附图")
    export.add_argument("--year", type=int, help="报告年度（导入的文件中没有写明时指定）")
    export.add_argument("--trust-links", action="store_true", help=TRUST_LINKS_HELP)
    export.add_argument("--force", action="store_true", help="报告有错误时仍然导出")
    export.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    imported = commands.add_parser(
        "import", help="从 Excel 工作簿、Word 文档、网页、PDF 或文本文件读取报告，另存为年报项目文件")
    imported.add_argument("file", type=Path, help=IMPORT_HELP)
    imported.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.nianbao.json", help="输出文件")
    imported.add_argument("--json", action="store_true",
                          help="以 JSON 输出导入报告（每个问题、每个需核对的单元格，以及写出的文件）")
    imported.add_argument("--year", type=int, help="报告年度（文件中没有写明时指定）")
    imported.add_argument("--force", action="store_true",
                          help="有未能读取或需核对的单元格、或年度不符时仍然输出（需核对的单元格在程序中标出，待确认）")
    imported.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    sample = commands.add_parser("sample", help="输出示例报告（枣庄市行政审批服务局 2024 年度）")
    sample.add_argument("out", type=Path, help="输出文件（.nianbao.json）")
    sample.add_argument("--overwrite", "--force", dest="overwrite", action="store_true",
                        help="覆盖已存在的文件（--force 为旧写法）")
    add_batch_parser(commands)
    return parser


def unknown_command(word: str) -> int:
    """A mistyped command (`main.py chek s.json`): the list of commands, never a window."""
    close = difflib.get_close_matches(word, list(COMMANDS), n=1, cutoff=0.6)
    listed = "、".join(f"{name}（{meaning}）" for name, meaning in COMMANDS.items())
    hint = f"是不是要输入“{close[0]}”？" if close else ""
    print(f"nianbao：未知的命令“{word}”。{hint}\n可用的命令：{listed}。"
          f"用 nianbao 命令 -h 查看各命令的用法；打开报告请写文件名（如 年报.nianbao.json）。", file=sys.stderr)
    return EXIT_UNREADABLE


# --- reading what the commands are given -----------------------------------------------------------


@dataclass
class ReadReport:
    """A report as read for a command, with what an import met (as findings) and its notes."""

    report: Report
    #: Import problems as findings (IMPORT-…); empty for a project file.
    import_findings: list[Finding] = field(default_factory=list)
    #: Lines to tell the user before anything else (the import's summary and notes, a year conflict).
    messages: list[str] = field(default_factory=list)


class Unreadable(Exception):
    """The input cannot be read at all: one Chinese line naming the file."""


def read_import(reader: FileFormat, file: Path) -> ImportResult:
    """The import of `file` by `reader` (a workbook's or a document's); Unreadable with the reader's
    own message (one Chinese line naming the file) when it cannot be read at all."""
    import_file = reader.load()  # the format's libraries load only now
    try:
        result: ImportResult = import_file(file)
    except reader.load_errors() as error:
        raise Unreadable(str(error)) from None
    # The reader marks the report; a cell it is not sure of is never saved unmarked.
    result.report.uncertain |= set(result.uncertain)
    return result


def read_report(file: Path, year: int | None = None, trust_links: bool = False) -> ReadReport:
    """A project file, or the report an import reads from a workbook or a document. `year` sets the
    report year of a file that does not state one; a file stating another year is a conflict, said in
    `messages`. `trust_links`: open the file's link to last year's report wherever it leads
    (model/priorlink.py)."""
    reader = reader_for(file)
    if reader is None or not reader.purpose.imports:  # anything else is read as a project file
        try:
            report = load(file, trust_links=trust_links)
        except ProjectFileError as error:
            raise Unreadable(str(error)) from None
        messages = []
        if year is not None and report.meta.year != year:
            messages.append(f"注：“{file.name}”为 {report.meta.year} 年度的报告，--year 指定为 {year} 年度；"
                            f"以文件中的年度为准。")
        return ReadReport(report, [], messages)
    result = read_import(reader, file)
    messages = [f"注：{note}" for note in result.notes]
    if year is not None:
        conflict = result.year_conflict(year)
        if conflict:
            messages.append(f"年度不符：{conflict}（--year {year}）。")
        else:
            result.report.meta.year = year
    return ReadReport(result.report, import_findings(result), messages)


def import_findings(result: ImportResult) -> list[Finding]:
    """The import's problems as findings, and an IMPORT-UNCERTAIN warning for each cell the reader is
    not sure of that no problem names already."""
    findings = result.findings()
    named = flagged_cells(findings)
    for key, why in result.uncertain.items():
        if key in named or not result.template.has_table(key[0]):
            continue
        table_id, row_id, column_id = key
        table = result.template.table(table_id)
        findings.append(Finding(
            IMPORT_UNCERTAIN, Severity.WARNING, f"{table.cell_name(row_id, column_id)}：{why}",
            Location(table.section_id, table=table_id, row=row_id, column=column_id, cells=((row_id, column_id),),
                     source=result.sources.get(key))))
    return findings


def _findings(read: ReadReport) -> list[Finding]:
    return checked_findings(read.report, read.import_findings)


def json_text(data: object) -> str:
    """JSON for standard output: readable Chinese where the output takes it (UTF-8), else \\u escapes —
    a redirected nianbao-cli.exe writes in the ANSI code page (GBK), which lacks characters such as 𪚥."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return json.dumps(data, ensure_ascii=encoding not in ("utf8", "utf8sig"), indent=2)


# --- the commands ------------------------------------------------------------------------------------


def command_check(file: Path, as_json: bool, year: int | None = None, trust_links: bool = False) -> int:
    try:
        read = read_report(file, year, trust_links)
    except Unreadable as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    for message in read.messages:
        print(message, file=sys.stderr)
    findings = _findings(read)
    # Warnings signed off as 已核实 are listed with their note; the exit code is as without them: 1 only for
    # errors (which cannot be signed off), so a report whose only warnings are signed off exits 0 as before.
    signoffs = [signoff_for(read.report, f) for f in findings]
    if as_json:
        print(json_text([{**f.to_json(), **({"signoff": {"note": s.note}} if s else {})}
                         for f, s in zip(findings, signoffs, strict=True)]))
    else:
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = len(findings) - errors
        signed = sum(s is not None for s in signoffs)
        if not findings:
            print(f"{file.name}：未发现问题，各表勾稽关系平衡。")
        else:
            print(f"{file.name}：错误 {errors} 项，警告 {warnings} 项" + (f"（已核实 {signed} 项）" if signed else ""))
            for finding, signoff in zip(findings, signoffs, strict=True):
                note = f"（已核实：{signoff.note}）" if signoff else ""
                print(f"[{finding.severity.label}] {finding.rule}  {finding.message}{_where(read.report, finding)}"
                      f"{note}")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def _where(report: Report, finding: Finding) -> str:
    """"（位置：…）" after a message that does not already say where the finding is."""
    location, message = finding.location, finding.message
    if location.section == DOCUMENT and not location.table:
        return ""  # the whole report: nothing to add
    place = describe_location(report, dataclasses.replace(location, source=None))
    # Most messages start with their place ("表三 （七）总计 · 自然人：…", "基本信息：…"): it is
    # said when the place up to a field or a paragraph is in the message.
    if place.split(" · ")[0].split(" 第 ")[0] in message:
        return ""
    if location.source and location.source not in message:
        place = describe_location(report, location)
    return f"（位置：{place}）"


@dataclass(frozen=True)
class ExportRequest:
    """What `export` is asked to write: files by format, and/or a bundle folder."""

    files: dict[Purpose, Path] = field(default_factory=dict)
    bundle: Path | None = None
    make_zip: bool = False
    charts: bool = False


def command_export(file: Path, request: ExportRequest, force: bool, overwrite: bool,
                   year: int | None = None, trust_links: bool = False) -> int:
    if not request.files and request.bundle is None:
        print("请用 --pdf、--docx、--html、--html-body、--xlsx 指定要导出的文件，或用 --bundle DIR 生成发布包。",
              file=sys.stderr)
        return EXIT_UNREADABLE
    if request.make_zip and request.bundle is None:
        print("--zip 须与 --bundle DIR 一起使用。", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        check_outputs([file], _file_outputs(request), overwrite)  # before reading: a mistake is said at once
        read = read_report(file, year, trust_links)
        check_outputs([file], _file_outputs(request) + _bundle_outputs(read.report, request), overwrite)
    except (OutputRefused, Unreadable) as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    for message in read.messages:
        print(message, file=sys.stderr)
    findings = _findings(read)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors and not force:
        print(f"{file.name}：有 {len(errors)} 项错误，未导出（确认仍要导出请加 --force）：", file=sys.stderr)
        for finding in errors[:10]:
            print(f"[错误] {finding.rule}  {finding.message}", file=sys.stderr)
        return EXIT_FINDINGS
    return _write_exports(read.report, request, findings)


def _file_outputs(request: ExportRequest) -> list[Output]:
    """The files the request names, with their format's suffixes and name, for `check_outputs`."""
    return [(path, writer(purpose).suffixes, writer(purpose).name) for purpose, path in request.files.items()]


def _bundle_outputs(report: Report, request: ExportRequest) -> list[Output]:
    """The files of the bundle (named after the report), for `check_outputs`."""
    if request.bundle is None:
        return []
    from export.bundle import bundle_paths

    if request.bundle.exists() and not request.bundle.is_dir():
        raise OutputRefused(f"“{request.bundle}”已存在且不是文件夹，无法在其中生成发布包。")
    return [(path, (path.suffix.lower(),), "发布包中的文件")
            for path in bundle_paths(report, request.bundle, make_zip=request.make_zip)]


def _write_exports(report: Report, request: ExportRequest, findings: list[Finding]) -> int:
    from export.deferred_imports import defer_pillow

    defer_pillow()  # before reportlab loads: Pillow only if a chart PNG needs it
    from export.writing import write_output  # the writers load only for exports

    fonts = None
    if Purpose.WRITE_PDF in request.files or request.bundle is not None:
        fonts = _export_fonts(report, findings)
    try:
        for purpose, path in request.files.items():
            write_output(purpose, report, path, fonts=fonts, charts=request.charts)
            print(f"已导出{_spaced(writer(purpose).name)}：{path}")
        if request.bundle is not None:
            from export.bundle import write_bundle

            bundle = write_bundle(report, request.bundle, findings, charts=request.charts, fonts=fonts,
                                  make_zip=request.make_zip)
            print(f"已生成发布包（{len(bundle.files)} 个文件）：{bundle.folder}")
            if bundle.zip_path is not None:
                print(f"已压缩发布包：{bundle.zip_path}")
    except _workbook_errors() as error:  # already one Chinese sentence naming the file
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:  # a WriteError is one Chinese sentence naming the user's file already
        print(error if isinstance(error, WriteError) else f"无法导出：{os_error_reason(error)}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def _workbook_errors() -> tuple[type[BaseException], ...]:
    return writer(Purpose.WRITE_XLSX).load_errors()


def _export_fonts(report: Report, findings: list[Finding]) -> FontSet:
    """The fonts of this PC for the PDF, after saying what the PDF will not draw as written: the bundled
    fonts' gaps (a check finding), then those of the fonts this PC uses."""
    from export.fonts import font_glyph_findings, resolve_fonts  # reportlab loads only for exports

    fonts = resolve_fonts()
    for problem in fonts.problems:  # a damaged installed font: said, and another one used
        print(f"[警告] {problem}", file=sys.stderr)
    glyphs = [f for f in findings if f.rule == "PDF-MISSING-GLYPH"] + font_glyph_findings(report, fonts)
    for finding in glyphs:
        print(f"[警告] {finding.rule}  {finding.message}", file=sys.stderr)
    return fonts


def command_import(file: Path, output: Path, year: int | None, force: bool, overwrite: bool,
                   as_json: bool = False) -> int:
    """Read `file` (a workbook or a document) into a new project file `output`. Problems, cells the
    reader is not sure of, or a year against --year: nothing written unless `force` (then the unsure
    cells are saved as such, format version 3). `as_json`: the import report as one JSON object on
    standard output, everything else on standard error."""
    say = sys.stderr if as_json else sys.stdout
    reader = reader_for(file)
    try:
        check_outputs([file], [(output, (".json",), "年报项目文件")], overwrite)
        if reader is None or not reader.purpose.imports:
            raise Unreadable(_not_importable(file, reader))
        result = read_import(reader, file)
    except (OutputRefused, Unreadable) as error:  # one Chinese line naming the file
        print(error, file=sys.stderr)
        if as_json:
            print(json_text({"file": str(file), "error": str(error), "written": None}))
        return EXIT_UNREADABLE
    conflict = result.year_conflict(year) if year is not None else None
    unsure = _unsure_only(result)
    troubled = bool(result.problems or unsure or conflict)
    lines, head = result.summary_lines(), 1 + len(result.problems)  # the summary and a line per problem
    for line in [*lines[:head], *unsure, *lines[head:]]:
        print(line, file=sys.stderr if troubled else say)
    if conflict:
        print(f"年度不符：{conflict}（--year {year}）。", file=sys.stderr)
    written: Path | None = None
    code = EXIT_OK
    if troubled and not force:
        count = len(result.problems) + len(unsure) + bool(conflict)
        marking = "；需核对的单元格将在程序中标出，待确认" if result.report.uncertain else ""
        print(f"有 {count} 个问题，未写出“{output}”（核对后仍要导入请加 --force{marking}）。", file=sys.stderr)
        code = EXIT_FINDINGS
    else:
        if year is not None:
            result.report.meta.year = year
        elif not result.report.meta.year_known:  # never guessed: the file says the year is unknown
            print(f"注：“{file.name}”中没有写明报告年度，输出文件的报告年度为“未知”"
                  f"（可用 --year 指定，或在程序中填写）。", file=sys.stderr)
        try:
            save(result.report, output)
        except ProjectFileError as error:
            print(error, file=sys.stderr)
            code = EXIT_UNREADABLE
        else:
            written = output
            unsure_count = len(result.report.uncertain)
            marked = f"（其中 {unsure_count} 个单元格需核对，已标出）" if unsure_count else ""
            print(f"已写入：{output}{marked}", file=say)
    if as_json:
        print(json_text(import_report_json(result, conflict, written)))
    return code


def _not_importable(file: Path, reader: FileFormat | None) -> str:
    if reader is not None:  # our own project file: nothing to import
        return f"无法导入“{file.name}”：它已是年报项目文件，请直接打开或检查它。"
    return f"无法导入“{file.name}”：不支持此文件类型（可导入 {IMPORT_HELP}）。"


def _unsure_only(result: ImportResult) -> list[str]:
    """A line for each cell the reader is not sure of that no problem names (readers normally name
    each one as an IMPORT-UNCERTAIN problem too)."""
    named = flagged_cells(result.findings())
    lines = []
    for key, why in result.uncertain.items():
        if key not in named and result.template.has_table(key[0]):
            lines.append(f"- 需核对：{result.template.table(key[0]).cell_name(key[1], key[2])}：{why}")
    return lines


def import_report_json(result: ImportResult, conflict: str | None, written: Path | None) -> dict[str, Any]:
    """The import report of `command_import --json`: one entry per problem with its cell(s), every cell
    the reader is not sure of with why, the notes, and the file written (None when nothing was)."""
    template = result.template
    marked = result.report.uncertain | set(result.uncertain)
    uncertain = {key: result.uncertain.get(key, "") for key, _table, _column in template.cell_specs if key in marked}
    return {
        "file": str(result.path),
        "summary": result.summary(),
        "problems": [_problem_json(problem, finding) for problem, finding in zip(
            result.problems, result.findings(), strict=True)],
        "uncertain": [
            {**_cell_json(*key), "name": template.table(key[0]).cell_name(key[1], key[2]),
             "value": _json_value(result.report.cells.get(key)), "why": why, "where": result.sources.get(key, "")}
            for key, why in uncertain.items()],
        "notes": list(result.notes),
        "year": result.year,
        "year_conflict": conflict,
        "written": None if written is None else str(written),
    }


def _problem_json(problem: ImportProblem, finding: Finding) -> dict[str, Any]:
    cells = [_cell_json(problem.table, row, column) for row, column in finding.location.cells] \
        if problem.table else []
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "kind": problem.kind.value,
        "message": finding.message,
        "where": problem.where,
        "text": problem.text,
        "reason": problem.reason,
        "table": problem.table,
        "section": problem.section,
        "field": problem.field,
        # The one cell the problem is about, else null; `cells` lists every cell it leaves unread.
        "cell": cells[0] if len(cells) == 1 else None,
        "cells": cells,
    }


def _cell_json(table: str, row: str, column: str) -> dict[str, str]:
    return {"table": table, "row": row, "column": column}


def _json_value(value: Value) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def command_sample(out: Path, overwrite: bool) -> int:
    try:
        check_outputs([sample_path()], [(out, (".json",), "年报项目文件")], overwrite)
        save(load(sample_path()), out)
    except (OutputRefused, ProjectFileError) as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已写入示例报告：{out}")
    return EXIT_OK


def run_command(argv: list[str]) -> int:
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return unknown_command(argv[0])
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return command_check(args.file, args.json, args.year, args.trust_links)
    if args.command == "sample":
        return command_sample(args.out, args.overwrite)
    if args.command == "export":
        files = {purpose: getattr(args, option.replace("-", "_")) for option, purpose, _ in EXPORT_OPTIONS}
        request = ExportRequest({p: path for p, path in files.items() if path is not None}, args.bundle, args.zip,
                                args.charts)
        return command_export(args.file, request, args.force, args.overwrite, args.year, args.trust_links)
    if args.command == "import":
        return command_import(args.file, args.output, args.year, args.force, args.overwrite, args.json)
    if args.command == "batch":
        return run_batch(args)
    build_parser().print_help()
    return EXIT_UNREADABLE
