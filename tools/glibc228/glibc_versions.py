#!/usr/bin/env python3
"""Which glibc each ELF file of a build needs: the GLIBC_x.y versions it references.

    python3 tools/glibc228/glibc_versions.py dist/nianbao              # the newest version, per file
    python3 tools/glibc228/glibc_versions.py --max 2.28 dist/nianbao   # exit 1 if a file needs more

The dynamic loader refuses to start a program when a library it loads references a symbol version
its glibc lacks ("version `GLIBC_2.34' not found"), so one file linked on a newer system (the Python
interpreter, a system library PyInstaller copied from the build host) is enough to stop the app.
The versions are read with `objdump -p` (the "Version References" the loader checks; binutils);
`objdump -T` lists the same versions symbol by symbol. Standard library only: dev.py's smoke test
runs this with the system Python.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

_REFERENCE = re.compile(r"^\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+\d+\s+(GLIBC_\d+(?:\.\d+)*)\s*$", re.M)


def version_key(version: str) -> tuple[int, ...]:
    """GLIBC_2.2.5 → (2, 2, 5), for ordering."""
    return tuple(int(part) for part in version.removeprefix("GLIBC_").split("."))


def glibc_references(objdump_private_headers: str) -> set[str]:
    """The GLIBC_* versions in `objdump -p` output's "Version References" (not the versions a
    library defines itself, which objdump lists under "Version definitions")."""
    _, _, references = objdump_private_headers.partition("Version References:")
    return set(_REFERENCE.findall(references))


def elf_files(folder: Path) -> list[Path]:
    """Every regular ELF file under `folder` (symbolic links are their targets' copies)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_versions(path: Path, objdump: str = "objdump") -> set[str]:
    result = subprocess.run([objdump, "-p", str(path)], capture_output=True, text=True, errors="replace")
    return glibc_references(result.stdout)


def report(needs: dict[Path, set[str]], folder: Path, limit: str | None) -> tuple[str, bool]:
    """The text to print, and whether every file stays within `limit` ("2.28"; None: no limit)."""
    newest = {path: max(versions, key=version_key) for path, versions in needs.items() if versions}
    overall = max(newest.values(), key=version_key, default=None)
    lines = [f"{len(needs)} ELF files, the newest glibc any needs: {overall or 'none'}"]
    if limit is None:
        too_new = sorted(newest.items(), key=lambda item: (version_key(item[1]), str(item[0])), reverse=True)[:20]
    else:
        bound = version_key(f"GLIBC_{limit}")
        too_new = [(path, version) for path, version in sorted(newest.items()) if version_key(version) > bound]
        lines[0] += f"; {len(too_new)} need more than {limit}"
    for path, version in too_new:
        newer = sorted((v for v in needs[path] if limit is None or version_key(v) > version_key(f"GLIBC_{limit}")),
                       key=version_key)
        lines.append(f"  {version:<12} {path.relative_to(folder)}  ({', '.join(newer)})")
    return "\n".join(lines), limit is None or not too_new


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max", help="the newest glibc allowed, e.g. 2.28")
    parser.add_argument("--objdump", default="objdump")
    args = parser.parse_args(argv)
    try:
        subprocess.run([args.objdump, "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        print(f"{args.objdump} not found: install binutils", file=sys.stderr)
        return 2
    needs = {path: needed_versions(path, args.objdump) for path in elf_files(args.folder)}
    if not needs:
        print(f"no ELF file under {args.folder}", file=sys.stderr)
        return 2
    text, within = report(needs, args.folder, args.max)
    print(text)
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
