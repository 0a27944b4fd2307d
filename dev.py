#!/usr/bin/env python3
"""Set up and run nianbao from a fresh checkout with nothing but Python 3.11+.

    python3 dev.py app     # create .venv, install the pinned dependencies, open the app on the sample
                           # (on Linux it first names, in Chinese, any system library the window lacks)
    python3 dev.py test    # create .venv, install the pinned test dependencies, run ruff, mypy and the test suite
    python3 dev.py build   # build dist/nianbao with PyInstaller (build.spec), then smoke-test the build
    python3 dev.py smoke   # smoke-test an existing dist/nianbao

On Windows use `py dev.py app`. The virtual environment lives in .venv and is
only reinstalled when a requirements file changes. Everything after "--" is
passed on (to main.py for `app`, to pytest for `test`).

Options, right after the command:
    --line glibc228   the glibc 2.28 build line (Kylin V10, UOS 20): Qt 6.8.0.2 from
                      requirements-glibc228*.txt in .venv-glibc228 (also NIANBAO_LINE=glibc228);
                      its smoke test also checks that no file of the build needs a newer glibc
                      (2.28; on ARM64 2.31, as its Qt wheels do)
    --root DIR        (build, smoke) run the smoke steps inside the root file system DIR with
                      chroot; tools/glibc228/smoke_in_rootfs.sh makes one and mounts the checkout in
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from collections.abc import Mapping
from pathlib import Path

from dev_qtlibs import find_pyside, gui_libraries_problem

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"

#: Build lines → the suffix of their requirements files and virtual environment. The default line
#: pins the newest Qt (its Linux wheels need glibc 2.34); glibc228 pins the newest PySide6 with
#: manylinux_2_28 wheels on x86_64 and manylinux_2_31 on ARM64, for Kylin V10 and UOS 20
#: (requirements-glibc228.txt says why).
LINES = {"default": "", "glibc228": "-glibc228"}
#: The newest glibc a build of the line may need, by machine, checked by its smoke test: PySide6 has
#: no aarch64 wheel for glibc 2.28, and the line's (6.8.0.2) needs 2.31.
LINE_MAX_GLIBC = {"glibc228": {"x86_64": "2.28", "aarch64": "2.31"}}
GLIBC_CHECK = ROOT / "tools" / "glibc228" / "glibc_versions.py"


def line_venv(line: str) -> Path:
    return ROOT / f".venv{LINES[line]}"


def line_requirements(line: str, kind: str = "") -> str:
    """The requirements file of a line: kind "" (the app), "build" or "dev"."""
    return f"requirements{LINES[line]}{'-' + kind if kind else ''}.txt"


def venv_python(folder: Path = VENV) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def made_by_this_python(folder: Path) -> bool:
    """Whether the venv's pyvenv.cfg names the interpreter running dev.py."""
    try:
        config = (folder / "pyvenv.cfg").read_text(encoding="utf-8")
    except OSError:
        return False
    fields = {key.strip(): value.strip() for key, _, value in (line.partition("=") for line in config.splitlines())}
    base = Path(sys.base_prefix).resolve()  # the Python's own folder, also when dev.py runs in a venv
    return "home" in fields and Path(fields["home"]).resolve() in (base / "bin", base)


def max_glibc(line: str, machine: str | None = None) -> str:
    """The newest glibc a build of `line` may need on `machine` (default: this one); the strictest
    limit of the line for a machine it does not name."""
    import platform

    limits = LINE_MAX_GLIBC[line]
    return limits.get(machine or platform.machine(), min(limits.values(), key=glibc_key))


def glibc_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def ensure_venv(requirements: str, line: str = "default") -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py must explain itself on an old Python
        sys.exit(f"需要 Python 3.11 或更高版本（当前为 {sys.version.split()[0]}）")
    folder = line_venv(line)
    python = venv_python(folder)
    # The build ships the venv's interpreter: a line with a glibc limit takes the Python running dev.py
    # (tools/glibc228/build_python.sh makes one for glibc 2.28), not the one that made the venv before.
    if not python.exists() or (line in LINE_MAX_GLIBC and not made_by_this_python(folder)):
        print(f"正在创建虚拟环境 {folder.name} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    files = [ROOT / line_requirements(line), ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = folder / f".installed-{Path(requirements).stem}"
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"正在安装依赖（{requirements}）…", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                        "-r", str(ROOT / requirements)], check=True)
        stamp.write_text(digest)
    return python


#: main.py's COMMANDS (tests/test_dev.py keeps them equal): dev.py runs on the system Python and
#: imports nothing of the app.
HEADLESS_COMMANDS = ("check", "sample", "export", "import", "batch")


def opens_window(args: list[str]) -> bool:
    """Whether main.py may open the window for these arguments: only a headless command or an
    option first rules it out, so the library check never misses a window."""
    return not args or args == ["--sample"] or (args[0] not in HEADLESS_COMMANDS and not args[0].startswith("-"))


def parse_options(rest: list[str], environ: Mapping[str, str]) -> tuple[str, Path | None, list[str]]:
    """The line (--line NAME, else NIANBAO_LINE, else default), the --root folder and the arguments
    after them (without a leading "--"). Only options right after the command are dev.py's, so that
    `dev.py app check x` still passes everything on. Raises ValueError for an unknown line or a
    missing value."""
    line, root = environ.get("NIANBAO_LINE") or "default", None
    while rest[:1] in (["--line"], ["--root"]):
        if len(rest) < 2:
            raise ValueError(f"{rest[0]} 后面缺少参数")
        if rest[0] == "--line":
            line = rest[1]
        else:
            root = Path(rest[1]).resolve()
        rest = rest[2:]
    if line not in LINES:
        raise ValueError(f"未知的构建线 {line!r}（可选：{'、'.join(LINES)}）")
    return line, root, rest[1:] if rest[:1] == ["--"] else rest


def main(argv: list[str], environ: Mapping[str, str] = os.environ) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("app", [])
    try:
        line, root, rest = parse_options(rest, environ)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if root is not None and command not in ("build", "smoke"):
        print("--root 只用于 build 和 smoke", file=sys.stderr)
        return 2
    if command == "app":
        python = ensure_venv(line_requirements(line), line)
        args = rest or ["--sample"]
        # Qt aborts with an English hint, which may name the wrong package, when the system lacks an
        # X11 library: say in Chinese what to install instead. The headless commands need none.
        problem = gui_libraries_problem(find_pyside(line_venv(line))) if opens_window(args) else None
        if problem:
            print(problem, file=sys.stderr)
            return 1
        return subprocess.call([str(python), str(ROOT / "main.py"), *args])
    if command == "test":
        python = ensure_venv(line_requirements(line, "dev"), line)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        # All three run even when one fails, so that one run reports everything.
        lint = subprocess.call([str(python), "-m", "ruff", "check", "."], cwd=ROOT)
        types = subprocess.call([str(python), "-m", "mypy"], cwd=ROOT)  # what it checks: pyproject.toml
        tests = subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
        return tests or lint or types
    if command == "build":
        python = ensure_venv(line_requirements(line, "build"), line)
        started = time.monotonic()
        built = subprocess.call([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                                 "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                                 str(ROOT / "build.spec")], cwd=ROOT, env={**os.environ, "NIANBAO_LINE": line})
        print(f"build time     {time.monotonic() - started:.0f} s (PyInstaller)", flush=True)
        return built or smoke_test(line, root)
    if command == "smoke":
        return smoke_test(line, root)
    print(__doc__)
    return 2


#: The documents the smoke test imports, one per format the document reader takes.
DOCUMENTS = ROOT / "tests" / "documents" / "files"
SMOKE_DOCUMENTS = ((".docx", "sample.docx"), (".html", "sample_lo.html"), (".mht", "sample_utf-8.mht"),
                   (".pdf", "sample.pdf"), (".txt", "sample_pdf_layout.txt"))


#: sample.pdf encrypted with AES-256 (tests/documents/make_encrypted.py).
ENCRYPTED_PDF = ROOT / "tests" / "documents" / "encrypted" / "sample_aes256.pdf"
#: How long one smoke step may take, in seconds: NIANBAO_SMOKE_TIMEOUT, else 120. Under qemu-user
#: (tools/arm64/build_under_qemu.sh) every step is several times slower than on the CPU it was built for.
SMOKE_TIMEOUT = 120.0


def smoke_timeout(environ: Mapping[str, str]) -> float:
    try:
        seconds = float(environ.get("NIANBAO_SMOKE_TIMEOUT") or SMOKE_TIMEOUT)
    except ValueError:
        return SMOKE_TIMEOUT
    return seconds if seconds > 0 else SMOKE_TIMEOUT


def text_of(output: bytes | str | None) -> str:
    """What a step had printed when it ran out of time (TimeoutExpired holds bytes even with text=True)."""
    return output.decode("utf-8", "replace") if isinstance(output, bytes) else output or ""


def smoke_test(line: str = "default", root: Path | None = None) -> int:
    """Run the built program as an office PC would: no Python paths, no network (where the
    system can take it away), a scratch folder; --version, check, export, and the window. With
    `root`, each step runs in that root file system (chroot): the checkout must be mounted there at
    its own path, and the scratch folder is made in its /tmp."""
    import shutil
    import tempfile

    folder = ROOT / "dist" / "nianbao"
    cli = folder / ("nianbao-cli.exe" if os.name == "nt" else "nianbao")
    app = folder / ("nianbao.exe" if os.name == "nt" else "nianbao")
    sample = ROOT / "resources" / "samples" / "zaozhuang-2024.nianbao.json"
    chroot = [] if root is None else ["chroot", str(root)]
    if root is not None:
        if not (root / folder.relative_to(folder.anchor)).is_dir():
            print(f"smoke: {folder} is not seen inside {root}: mount the checkout there at the same path "
                  "(tools/glibc228/smoke_in_rootfs.sh does)")
            return 1
        glibc = subprocess.run([*chroot, "getconf", "GNU_LIBC_VERSION"], capture_output=True, text=True)
        print(f"smoke rootfs   {root}: {glibc.stdout.strip() or glibc.stderr.strip()}")
    scratch = Path(tempfile.mkdtemp(prefix="nianbao-smoke-", dir=None if root is None else root / "tmp"))
    # The folder as the program sees it (inside the root file system).
    work = scratch if root is None else Path("/") / scratch.relative_to(root)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", NIANBAO_DATA_DIR=str(work / "data"), NIANBAO_QUIT_AFTER_MS="3000")
    offline = ["unshare", "--net"] if sys.platform.startswith("linux") and shutil.which("unshare") and \
        subprocess.call(["unshare", "--net", "true"], stderr=subprocess.DEVNULL) == 0 else []
    steps = [
        ("--version", [str(cli), "--version"]),
        ("check", [str(cli), "check", str(sample)]),
        ("export", [str(cli), "export", str(sample), "--pdf", str(work / "s.pdf"),
                    "--xlsx", str(work / "s.xlsx"), "--docx", str(work / "s.docx"),
                    "--html", str(work / "s.html")]),
        # Every writer again, with the charts, and the checksums: the bundle.
        ("bundle", [str(cli), "export", str(sample), "--bundle", str(work / "bundle"), "--zip", "--charts"]),
        ("import", [str(cli), "import", str(work / "s.xlsx"), "-o", str(work / "s.nianbao.json")]),
        # One document of each readable format, as LibreOffice made them (tests/documents/): --force,
        # since a document may leave cells to confirm, which the import reports and does not write.
        *((f"import {suffix}", [str(cli), "import", str(DOCUMENTS / name),
                                "-o", str(work / f"d{suffix}.nianbao.json"), "--force"])
          for suffix, name in SMOKE_DOCUMENTS),
        # AES-256 with an owner password, as publishing tools encrypt: the build has no `cryptography`
        # (importing/crypto_shim.py), and the result must be sample.pdf's (compared below).
        ("import aes", [str(cli), "import", str(ENCRYPTED_PDF), "-o", str(work / "d-aes.nianbao.json"),
                        "--force"]),
        # A folder with a project file and a PDF: the PDF is read in the batch's spawned process pool,
        # which a frozen build must start without starting another copy of the app.
        ("batch", [str(cli), "batch", str(work / "batch"), "-o", str(work / "汇总.xlsx"),
                   "-o", str(work / "汇总.pdf"), "-o", str(work / "汇总.html"),
                   "-o", str(work / "汇总.nianbao.json")]),
        ("window", [str(app), "--sample"]),
        # A desktop that runs fcitx: the window asks the session bus (QtDBus) whether the IBus portal answers.
        *([("window ime", ["env", "QT_IM_MODULE=fcitx", str(app), "--sample"])] if sys.platform.startswith("linux")
          else []),
    ]
    (scratch / "batch").mkdir()
    shutil.copy2(sample, scratch / "batch" / sample.name)
    shutil.copy2(DOCUMENTS / "sample.pdf", scratch / "batch" / "sample.pdf")
    failed, timeout, smoke_started = 0, smoke_timeout(os.environ), time.monotonic()
    for name, command in steps:
        started = time.monotonic()
        try:
            result = subprocess.run(offline + chroot + command, cwd=scratch, env=env, capture_output=True, text=True,
                                    encoding="utf-8", errors="replace", timeout=timeout)
            ok, outcome, said = result.returncode == 0, f"FAILED (exit {result.returncode})", \
                (result.stdout, result.stderr)
        except subprocess.TimeoutExpired as expired:  # a failed step like any other: the next ones still run
            ok, outcome = False, f"FAILED (not done after {timeout:g} s; NIANBAO_SMOKE_TIMEOUT)"
            said = (text_of(expired.stdout), text_of(expired.stderr))
        failed += not ok
        print(f"smoke {name:<10} {'ok' if ok else outcome}"
              f"{' (offline)' if offline else ''}{' (in the root fs)' if root else ''}"
              f" {time.monotonic() - started:.1f} s", flush=True)
        if not ok:
            print(said[0][-2000:], said[1][-2000:], sep="\n")
    expected = {"s.pdf": b"%PDF-", "s.xlsx": b"PK", "s.docx": b"PK", "s.html": b"<!DOCTYPE html>",
                "s.nianbao.json": b"{", "bundle/SHA256SUMS.txt": b"", "bundle.zip": b"PK", "汇总.xlsx": b"PK",
                "汇总.pdf": b"%PDF-", "汇总.html": b"<!DOCTYPE html>", "汇总.nianbao.json": b"{",
                "d-aes.nianbao.json": b"{", **{f"d{suffix}.nianbao.json": b"{" for suffix, _name in SMOKE_DOCUMENTS}}
    for file, magic in expected.items():
        output = scratch / file
        if not (output.exists() and output.read_bytes().startswith(magic)):
            print(f"smoke output  {file} missing or not a {magic!r} file")
            failed += 1
    decrypted, plain = scratch / "d-aes.nianbao.json", scratch / "d.pdf.nianbao.json"
    if decrypted.exists() and plain.exists() and decrypted.read_bytes() != plain.read_bytes():
        print("smoke output  the AES-256 PDF read otherwise than the same PDF unencrypted")
        failed += 1
    # 文件 → 打印 loads these only when asked: a build without them would fail then, not here.
    for pattern in ("**/QtPrintSupport*", "**/plugins/printsupport/*", "**/docx/templates/default.docx",
                    *(["**/PySide6/QtDBus*"] if sys.platform.startswith("linux") else [])):
        if not any(folder.glob(pattern)):
            print(f"smoke files   nothing matches {pattern} in the build")
            failed += 1
    if line in LINE_MAX_GLIBC:
        # A file linked on a newer system (the interpreter, a system library) stops the app at start.
        newest = max_glibc(line)
        check = subprocess.run([sys.executable, str(GLIBC_CHECK), "--max", newest, str(folder)],
                               capture_output=True, text=True)
        print(f"smoke glibc      {'ok' if check.returncode == 0 else 'FAILED'}: {check.stdout.strip()}"
              f"{check.stderr.strip()}")
        failed += check.returncode != 0
    size = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"smoke size     {size / 1024 / 1024:.1f} MB in {folder}")
    print(f"smoke time     {time.monotonic() - smoke_started:.0f} s")
    shutil.rmtree(scratch, ignore_errors=True)
    print("smoke test of the build: all steps ok" if not failed
          else f"smoke test of the build: {failed} step(s) FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
