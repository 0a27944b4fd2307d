"""`main.py batch FOLDER… [-o 汇总.xlsx] [-o 汇总.pdf] [-o 汇总.html] [-o 汇总.nianbao.json] [--hierarchy FILE]
[--json] [--threshold 0.5] [--overwrite]`: the supervising office's check of a folder of reports (issue 17).

Every report file in the folders is read and checked as `check` does, with last year's report of the
same agency found in the folders; then copied text between reports, the roll-up, the hierarchy check
and the rates. cli.py registers the subcommand (`add_batch_parser`) and calls `command_batch`.

`-o` may be given several times: each output's suffix picks its writer from model/formats.py
(.xlsx 汇总工作簿, .pdf 汇总报告 for the leaders, .html/.htm the same summary as a web page,
.nianbao.json the roll-up as a project file to open and finish in the editor). An unknown
suffix, an output that exists (without --overwrite) or is one of the reports is refused before anything
is read; an output is never read as a report.

Exit codes: 0 every file read and no error, 1 errors found (or a file could not be read), 2 a folder
missing, nothing readable, a bad hierarchy file or an output refused.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.findings import Severity
from model.formats import FileFormat, Purpose, formats_for
from model.outputs import OutputRefused, check_outputs, same_file
from model.report import Report, Value

if TYPE_CHECKING:  # the batch's types load with the batch, not with every command (issue 18)
    from model.batch_types import BatchReport, BatchResult, CopyPair, KeyFigures, Rate

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
#: The key figures as the text output names them.
FIGURE_NAMES = (("received", "本年新收"), ("carried_in", "上年结转"), ("results_total", "（七）总计"),
                ("carried_out", "结转下年度"), ("reviews", "行政复议"), ("lawsuits", "行政诉讼"))
#: What each batch output is, as the messages name it.
OUTPUT_KINDS = {Purpose.WRITE_BATCH_XLSX: "汇总工作簿", Purpose.WRITE_BATCH_PDF: "汇总报告",
                Purpose.WRITE_BATCH_HTML: "汇总网页", Purpose.WRITE_BATCH_ROLLUP: "汇总表项目文件"}


def add_batch_parser(commands: Any) -> None:
    """The `batch` subparser, on cli.py's subparsers."""
    batch = commands.add_parser(
        "batch", help="批量检查文件夹中的全部报告：逐份检查、自动关联上年报告、查找相同文字、汇总")
    batch.add_argument("folders", type=Path, nargs="+", metavar="FOLDER", help="报告所在的文件夹（含子文件夹）")
    batch.add_argument("-o", "--output", type=Path, action="append", metavar="汇总.xlsx",
                       help="写出汇总文件，可多次指定：.xlsx 汇总工作簿、.pdf 汇总报告、.html 网页、"
                            ".nianbao.json 汇总表项目文件")
    batch.add_argument("--hierarchy", type=Path, metavar="FILE",
                       help="上下级关系表（.csv 或 .xlsx：单位、上级单位、上级报告是否为下级汇总（是/否））")
    batch.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    batch.add_argument("--threshold", type=float, default=0.5, help="相同文字的比例阈值（默认 0.5）")
    batch.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")


def run_batch(args: argparse.Namespace) -> int:
    return command_batch(args.folders, args.output, args.hierarchy, args.json, args.threshold, args.overwrite)


def command_batch(folders: Sequence[Path], output: Sequence[Path] | Path | None = None, hierarchy: Path | None = None,
                  as_json: bool = False, threshold: float = 0.5, overwrite: bool = False) -> int:
    from importing.batch_files import report_files
    from importing.batch_files import run_batch as check_files
    from importing.hierarchy_file import read_hierarchy

    if not 0 < threshold <= 1:
        print(f"--threshold 应在 0 到 1 之间（如 0.5），而不是 {threshold:g}。", file=sys.stderr)
        return EXIT_UNREADABLE
    outputs = [output] if isinstance(output, Path) else list(output or ())
    try:
        writers = [(path, output_format(path)) for path in outputs]  # an unknown suffix: before reading anything
        paths = report_files(folders)
        # last run's 汇总.xlsx (or .html) is an output, not a report
        paths = [path for path in paths if not any(same_file(path, out) for out in outputs)]
        check_outputs(paths, [(path, fmt.suffixes, OUTPUT_KINDS[fmt.purpose]) for path, fmt in writers], overwrite)
        rows = read_hierarchy(hierarchy) if hierarchy is not None else None  # importing/hierarchy_file.py
    except (FileNotFoundError, OutputRefused, ValueError) as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    result = check_files(paths, rows, threshold)
    reports = result.reports
    if not any(entry.unreadable is None for entry in reports):
        where = "、".join(f"“{folder}”" for folder in folders)
        print(f"{where}中没有可读取的报告文件。" if not reports else f"{where}中的 {len(reports)} 个文件都无法读取。",
              file=sys.stderr)
        _print_unreadable(reports)
        return EXIT_UNREADABLE
    if as_json:
        from cli import json_text

        print(json_text(batch_json(result)))
    else:
        print_batch(result)
    for path, fmt in writers:
        code = _write_output(result, path, fmt, sys.stderr if as_json else sys.stdout)
        if code != EXIT_OK:
            return code
    failed = any(entry.unreadable or entry.errors for entry in reports) or any(
        finding.severity is Severity.ERROR for _file, finding in result.hierarchy_findings)
    return EXIT_FINDINGS if failed else EXIT_OK


def _print_unreadable(reports: list[BatchReport]) -> None:
    for entry in reports:
        print(f"{entry.file}：{entry.unreadable}", file=sys.stderr)


def output_format(path: Path) -> FileFormat:
    """The batch output format the name of `path` asks for; OutputRefused (in Chinese) for any other."""
    found = next((fmt for fmt in formats_for(*OUTPUT_KINDS) if fmt.matches(path)), None)
    if found is None:
        wanted = "、".join(suffix for fmt in formats_for(*OUTPUT_KINDS) for suffix in fmt.suffixes)
        raise OutputRefused(f"“{path.name}”不是能写出的汇总文件（应以 {wanted} 结尾），未读取任何报告。")
    return found


def _write_output(result: BatchResult, output: Path, fmt: FileFormat, say: Any) -> int:
    write = fmt.load()  # the registry's writer, as every output
    try:
        write(result, output)
    except fmt.load_errors() as error:  # one Chinese sentence naming the file (WorkbookError)
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        from model.atomicfile import WriteError, os_error_reason

        print(error if isinstance(error, WriteError) else f"无法写出“{output}”：{os_error_reason(error)}",
              file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已写出{OUTPUT_KINDS[fmt.purpose]}：{output}", file=say)
    return EXIT_OK


# --- output --------------------------------------------------------------------------------------------


def _number(value: Value) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _figures_json(figures: KeyFigures) -> dict[str, int | float | None]:
    return {name: _number(getattr(figures, name)) for name, _label in FIGURE_NAMES}


def _report_json(entry: BatchReport) -> dict[str, Any]:
    return {
        "file": entry.file, "agency": entry.agency, "kind": entry.kind, "year": entry.year,
        "template": entry.template, "errors": entry.errors, "warnings": entry.warnings,
        "findings": [finding.to_json() for finding in entry.findings], "unreadable": entry.unreadable,
        "prior_file": entry.prior_file, "figures": _figures_json(entry.figures),
        "published": entry.published.isoformat() if entry.published else None,
        "deadline": entry.deadline.isoformat() if entry.deadline else None, "late": entry.late,
    }


def _copy_json(pair: CopyPair) -> dict[str, Any]:
    return {"a": pair.a, "b": pair.b, "section": pair.section, "share": round(pair.share, 4), "passage": pair.passage}


def _rate_json(rate: Rate) -> dict[str, Any]:
    return {"name": rate.name, "formula": rate.formula,
            "value": None if rate.value is None else round(rate.value, 4), "note": rate.note,
            "outlier": rate.outlier}


def _tables_json(report: Report | None) -> dict[str, dict[str, dict[str, int | float | None]]]:
    """表 → 行 → 列 → value, in the template's order."""
    if report is None:
        return {}
    tables: dict[str, dict[str, dict[str, int | float | None]]] = {}
    for (table, row, column), _table, _column in report.template.cell_specs:
        tables.setdefault(table, {}).setdefault(row, {})[column] = _number(report.cells.get((table, row, column)))
    return tables


def batch_json(result: BatchResult) -> dict[str, Any]:
    """The one object `batch --json` prints: {"reports": [...], "copies": [...], "rollup": {...}}."""
    return {
        "reports": [_report_json(entry) for entry in result.reports],
        "copies": [_copy_json(pair) for pair in result.copies],
        "rollup": {
            "sources": list(result.rollup_sources),
            "template": result.rollup.template_year if result.rollup is not None else None,
            "tables": _tables_json(result.rollup),
            "figures": _figures_json(_rollup_figures(result)),
            "findings": [{"file": file, **finding.to_json()} for file, finding in result.hierarchy_findings],
            "missing_children": list(result.missing_children),
            "matches": [{"name": name, "agency": agency, "file": file} for name, agency, file in result.matches],
            "rates": {file: [_rate_json(rate) for rate in rates] for file, rates in result.rates.items()},
        },
    }


def _rollup_figures(result: BatchResult) -> KeyFigures:
    from model.batch import key_figures
    from model.batch_types import KeyFigures

    return key_figures(result.rollup) if result.rollup is not None else KeyFigures()


def _figure_text(figures: KeyFigures) -> str:
    def shown(value: Value) -> str:
        return "空" if value is None else str(_number(value))

    return "，".join(f"{label} {shown(getattr(figures, name))}" for name, label in FIGURE_NAMES)


def print_batch(result: BatchResult) -> None:
    """The text output: a line per report, then the copies, the hierarchy and the roll-up."""
    for entry in result.reports:
        if entry.unreadable:
            print(f"{entry.file}  无法读取：{entry.unreadable}")
            continue
        year = f"{entry.year} 年度" if entry.year is not None else "年度未知"
        worst = f"  [{entry.worst.severity.label}] {entry.worst.message}" if entry.worst else ""
        prior = "（已关联上年报告）" if entry.prior_file else ""
        print(f"{entry.file}  {entry.agency or '（未写明单位）'}  {year}{prior}  错误 {entry.errors} 项，"
              f"警告 {entry.warnings} 项{worst}")
    readable = sum(entry.unreadable is None for entry in result.reports)
    print(f"共 {len(result.reports)} 个文件，读取 {readable} 个。")
    if result.copies:
        from model.batch import section_titles

        titles = section_titles(result.rollup.template_year if result.rollup is not None else None)
        print(f"相同文字（{len(result.copies)} 处）：")
        for pair in result.copies:
            print(f"  {pair.a} 与 {pair.b}  {titles.get(pair.section, pair.section)}  约 {pair.share * 100:.0f}% 相同："
                  f"「{_shortened(pair.passage)}」")
    for file, finding in result.hierarchy_findings:
        print(f"[{finding.severity.label}] {finding.rule}  {file}：{finding.message}")
    if result.missing_children:
        print("上下级关系表中没有报告的单位：" + "、".join(result.missing_children))
    if result.rollup is not None:
        print(f"汇总（{len(result.rollup_sources)} 份报告）：{_figure_text(_rollup_figures(result))}")


#: How much of a shared passage the text output quotes (the JSON and 汇总.xlsx keep it whole).
QUOTED_CHARS = 60


def _shortened(passage: str) -> str:
    return passage if len(passage) <= QUOTED_CHARS else passage[:QUOTED_CHARS] + "…"
