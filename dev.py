#!/usr/bin/env python3
"""Set up and run nianbao from a fresh checkout with nothing but Python 3.11+.

    python3 dev.py app     # create .venv, install the pinned dependencies, open the app on the sample
    python3 dev.py test    # create .venv, install the pinned test dependencies, run ruff and the test suite

On Windows use `py dev.py app`. The virtual environment lives in .venv and is
only reinstalled when a requirements file changes. Everything after "--" is
passed on (to main.py for `app`, to pytest for `test`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(requirements: str) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py must explain itself on an old Python
        sys.exit(f"需要 Python 3.11 或更高版本（当前为 {sys.version.split()[0]}）")
    python = venv_python()
    if not python.exists():
        print("正在创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"正在安装依赖（{requirements}）…", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                        "-r", str(ROOT / requirements)], check=True)
        stamp.write_text(digest)
    return python


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("app", [])
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if command == "app":
        python = ensure_venv("requirements.txt")
        return subprocess.call([str(python), str(ROOT / "main.py"), *(rest or ["--sample"])])
    if command == "test":
        python = ensure_venv("requirements-dev.txt")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        lint = subprocess.call([str(python), "-m", "ruff", "check", "."], cwd=ROOT)
        tests = subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
        return tests or lint
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
