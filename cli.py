"""The headless commands of main.py: check, sample, export, import (no Qt)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from model import APP_NAME, __version__
from model.checks import check_report
from model.findings import Severity, has_errors, sort_findings
from model.projectfile import ProjectFileError, load, save
from model.report import Report
from model.resources import sample_path

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese too (usage, options, -h, errors)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, formatter_class=ChineseHelpFormatter, add_help=False, **kwargs)
        self._optionals.title = "选项"
        self._positionals.title = "参数"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}：参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="nianbao", description=f"{APP_NAME}：政府信息公开工作年度报告的编制、检查与发布。")
    parser.add_argument("--version", action="version", version=f"{APP_NAME}（nianbao）{__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--sample", action="store_true", help="打开示例报告（不带文件名，保存时另存）")
    commands = parser.add_subparsers(dest="command", title="命令", parser_class=ChineseArgumentParser)
    check = commands.add_parser("check", help="检查报告的勾稽关系与完整性")
    check.add_argument("file", type=Path, help="年报项目文件（.nianbao.json）或 Excel 工作簿（.xlsx）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    export = commands.add_parser("export", help="导出 PDF（报告有错误时须加 --force）")
    export.add_argument("file", type=Path, help="年报项目文件（.nianbao.json）或 Excel 工作簿（.xlsx）")
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="导出的 PDF 文件")
    export.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="导出的 Excel 工作簿")
    export.add_argument("--force", action="store_true", help="报告有错误时仍然导出")
    imported = commands.add_parser("import", help="从 Excel 工作簿读取统计表，另存为年报项目文件")
    imported.add_argument("file", type=Path, help="Excel 工作簿（.xlsx）")
    imported.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.nianbao.json", help="输出文件")
    imported.add_argument("--year", type=int, help="报告年度（工作簿中没有写明时必须指定）")
    imported.add_argument("--force", action="store_true", help="有未能读取的单元格时仍然输出")
    sample = commands.add_parser("sample", help="输出示例报告（枣庄市行政审批服务局 2024 年度）")
    sample.add_argument("out", type=Path, help="输出文件")
    sample.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    return parser


def read_report(file: Path) -> tuple[Report | None, list[str]]:
    """A project file, or the tables of an Excel workbook with the problems the reader met.
    (None, [message]) when the file cannot be read at all."""
    if file.suffix.lower() in EXCEL_SUFFIXES:
        from export.xlsx_import import import_xlsx  # openpyxl loads only for workbooks
        from export.xlsx_safety import WorkbookError

        try:
            result = import_xlsx(file)
        except WorkbookError as error:
            return None, [str(error)]
        return result.report, [f"[导入] {problem}" for problem in result.problems]
    try:
        return load(file), []
    except ProjectFileError as error:
        return None, [str(error)]


def command_check(file: Path, as_json: bool) -> int:
    report, problems = read_report(file)
    if report is None:
        print(problems[0], file=sys.stderr)
        return EXIT_UNREADABLE
    for problem in problems:  # what an Excel import could not read: never guessed, always said
        print(problem, file=sys.stderr)
    findings = sort_findings(check_report(report))
    if as_json:
        print(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = len(findings) - errors
        if not findings:
            print(f"{file.name}：未发现问题，各表勾稽关系平衡。")
        else:
            print(f"{file.name}：错误 {errors} 项，警告 {warnings} 项")
            for finding in findings:
                print(f"[{finding.severity.label}] {finding.rule}  {finding.message}")
    return EXIT_FINDINGS if has_errors(findings) or problems else EXIT_OK


def command_export(file: Path, pdf: Path | None, xlsx: Path | None, force: bool) -> int:
    if pdf is None and xlsx is None:
        print("请用 --pdf OUT.pdf 和/或 --xlsx OUT.xlsx 指定要导出的文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    report, problems = read_report(file)
    if report is None:
        print(problems[0], file=sys.stderr)
        return EXIT_UNREADABLE
    for problem in problems:
        print(problem, file=sys.stderr)
    findings = sort_findings(check_report(report))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors and not force:
        print(f"{file.name}：有 {len(errors)} 项错误，未导出（确认仍要导出请加 --force）：", file=sys.stderr)
        for finding in errors[:10]:
            print(f"[错误] {finding.rule}  {finding.message}", file=sys.stderr)
        return EXIT_FINDINGS
    try:
        if pdf is not None:
            from export.fonts import missing_glyph_findings, resolve_fonts  # reportlab loads only for exports
            from export.pdf import export_pdf

            fonts = resolve_fonts()
            for finding in missing_glyph_findings(report, fonts):
                print(f"[警告] {finding.rule}  {finding.message}", file=sys.stderr)
            export_pdf(report, pdf, fonts)
            print(f"已导出 PDF：{pdf}")
        if xlsx is not None:
            from export.xlsx_export import export_xlsx
            from export.xlsx_safety import WorkbookError

            try:
                export_xlsx(report, xlsx)
            except WorkbookError as error:  # already one Chinese sentence naming the file
                print(error, file=sys.stderr)
                return EXIT_UNREADABLE
            print(f"已导出 Excel：{xlsx}")
    except OSError as error:
        print(f"无法写入：{error.filename or ''} {error.strerror or error}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def command_import(file: Path, output: Path, year: int | None, force: bool) -> int:
    from export.xlsx_import import import_xlsx
    from export.xlsx_safety import WorkbookError

    try:
        result = import_xlsx(file)
    except WorkbookError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    for line in result.summary_lines():
        print(line, file=sys.stderr if result.problems else sys.stdout)
    if result.problems and not force:
        print(f"有 {len(result.problems)} 个问题，未写出“{output}”（核对后仍要导入请加 --force）。", file=sys.stderr)
        return EXIT_FINDINGS
    if year is not None:
        result.report.meta.year = year
    elif not result.report.meta.year:  # never guessed: the user names the year
        print(f"“{file.name}”中没有写明报告年度，请用 --year 指定（如 --year 2024）。", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        save(result.report, output)
    except ProjectFileError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已写入：{output}")
    return EXIT_OK


def command_sample(out: Path, force: bool) -> int:
    if out.exists() and not force:
        print(f"“{out}”已存在；如需覆盖请加 --force。", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        save(load(sample_path()), out)
    except ProjectFileError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已写入示例报告：{out}")
    return EXIT_OK


def run_command(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return command_check(args.file, args.json)
    if args.command == "sample":
        return command_sample(args.out, args.force)
    if args.command == "export":
        return command_export(args.file, args.pdf, args.xlsx, args.force)
    if args.command == "import":
        return command_import(args.file, args.output, args.year, args.force)
    build_parser().print_help()
    return EXIT_UNREADABLE
