#!/usr/bin/env python3
"""nianbao (年报编制助手): the one entry point.

    python main.py [FILE]                 open the app on FILE, else the last file, else the sample
    python main.py --sample               open the app on the sample report (untitled)
    python main.py check FILE [--json]    check a report: exit 0 no error, 1 errors, 2 unreadable
    python main.py sample OUT [--force]   write the sample report to OUT
    python main.py export FILE [--pdf OUT.pdf] [--xlsx OUT.xlsx] [--force]
                                          export; refused (exit 1) while the report has errors
    python main.py import BOOK.xlsx -o OUT.nianbao.json [--force]
                                          read the tables from an Excel workbook (FILE may be .xlsx for check too)
    python main.py --version

Qt is imported only when the window opens, so the headless commands start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: The subcommands (cli.py); anything else opens the window.
COMMANDS = ("check", "sample", "export", "import")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Rare characters must never crash output on a legacy Windows console.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if not argv or argv == ["--sample"] or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        from ui.app import run_app  # Qt loads only for the window; argparse and the CLI only for commands

        if argv == ["--sample"]:
            return run_app(None, sample=True)
        return run_app(Path(argv[0]) if argv else None)
    from cli import run_command

    return run_command(argv)


if __name__ == "__main__":
    sys.exit(main())
