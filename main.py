#!/usr/bin/env python3
"""nianbao (年报编制助手): the one entry point.

    python main.py [FILE]                 open the app on FILE, else the last file, else the sample
    python main.py --sample               open the app on the sample report (untitled)
    python main.py check FILE [--json] [--year Y]
                                          check a report: exit 0 no error, 1 errors, 2 unreadable
    python main.py sample OUT [--overwrite]
                                          write the sample report to OUT
    python main.py export FILE [--pdf OUT.pdf] [--xlsx OUT.xlsx] [--force] [--overwrite]
                                          export; refused (exit 1) while the report has errors
    python main.py import BOOK.xlsx -o OUT.nianbao.json [--year Y] [--force] [--overwrite]
                                          read the tables from an Excel workbook (FILE may be .xlsx for check too)
    python main.py batch FOLDER… [-o 汇总.xlsx] [--hierarchy FILE] [--json] [--threshold 0.5] [--overwrite]
                                          check a folder of reports: copies, roll-up, parent = Σ children
    python main.py --version

Qt is imported only when the window opens, so the headless commands start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The subcommands (cli.py); a word that is none of them and no file is a mistyped command.
COMMANDS = ("check", "sample", "export", "import", "batch")


def opens_window(argv: list[str]) -> bool:
    """Whether `argv` asks for the window: nothing, --sample, or one report file. `main.py chek s.json`
    or `main.py chek` is a mistyped command, not a file to open."""
    if not argv or argv == ["--sample"]:
        return True
    if len(argv) != 1 or argv[0] in COMMANDS or argv[0].startswith("-"):
        return False
    candidate = Path(argv[0])
    if candidate.exists() or len(candidate.parts) > 1:
        return True
    from model.formats import reader_for  # what the window opens: a file some reader takes

    return reader_for(candidate) is not None


def display_problem() -> str | None:
    """Why no window can open here (a Linux console or SSH session without a display), in Chinese;
    None when one can. Qt itself would abort the process with an English hint."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("nianbao：没有可用的图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开窗口。"
            "请在桌面环境中运行；在命令行中可使用 check、export、import、sample 命令（nianbao -h 查看用法）。")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Rare characters must never crash output on a legacy Windows console or a redirect in the ANSI
    # code page (GBK has no 𪚥): written as \U0002a6a5 rather than lost.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if opens_window(argv):
        problem = display_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 2
        from ui.app import run_app  # Qt loads only for the window; argparse and the CLI only for commands

        if argv == ["--sample"]:
            return run_app(None, sample=True)
        return run_app(Path(argv[0]) if argv else None)
    from cli import run_command

    try:
        return run_command(argv)
    except BrokenPipeError:  # `main.py check x | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    # The batch reads slow files in a spawned process pool: a frozen build must run the child's code, not
    # start another copy of the app. Elsewhere freeze_support() does nothing, and importing multiprocessing
    # (with pickle, socket and selectors) costs every start a few milliseconds (issue 18).
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
