"""The PDF reader's time limit: 30 s, or NIANBAO_PDF_MAX_SECONDS on a machine far slower than an office PC (the
aarch64 build's smoke test under qemu-user, tools/arm64/build_under_qemu.sh, where sample.pdf takes over 30 s)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import importing.pdf_reader as pdf_reader
from importing.document import DocumentError
from importing.pdf_safety import DEFAULT_MAX_SECONDS, TOO_SLOW, max_seconds

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "documents" / "files" / "sample.pdf"


@pytest.mark.parametrize(("value", "seconds"), [
    (None, 30.0), ("", 30.0), ("600", 600.0), ("45.5", 45.5), ("5", 5.0),
    # Never no limit at all: not a number, nothing a clock reaches, nothing positive.
    ("soon", 30.0), ("inf", 30.0), ("nan", 30.0), ("0", 30.0), ("-1", 30.0),
])
def test_the_limit_comes_from_the_environment_and_there_is_always_one(value: str | None, seconds: float):
    assert max_seconds({} if value is None else {"NIANBAO_PDF_MAX_SECONDS": value}) == seconds
    assert DEFAULT_MAX_SECONDS == 30.0


@pytest.mark.parametrize(("value", "limit"), [(None, "30.0 30"), ("600", "600.0 600")])
def test_a_process_started_with_the_variable_reads_with_that_limit_and_says_it(value: str | None, limit: str):
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_PDF_MAX_SECONDS"}
    if value is not None:
        env["NIANBAO_PDF_MAX_SECONDS"] = value
    said = subprocess.run([sys.executable, "-c", "import re, importing.pdf_reader as r, importing.pdf_safety as s\n"
                           "print(r.MAX_SECONDS, re.search(r'超过 (\\d+) 秒', s.TOO_SLOW).group(1))"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    assert said.split() == limit.split()


def test_the_reader_stops_once_the_limit_is_passed(monkeypatch: pytest.MonkeyPatch):
    assert pdf_reader.open_pdf(SAMPLE).blocks  # in time: read
    monkeypatch.setattr(pdf_reader, "MAX_SECONDS", 0.0)  # checked after the first page
    with pytest.raises(DocumentError) as raised:
        pdf_reader.open_pdf(SAMPLE)
    assert raised.value.reason == TOO_SLOW
