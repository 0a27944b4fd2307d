"""A damaged font installed on the PC (~/.fonts/simfang.ttf, the official 仿宋 file name) does not stop
`export --pdf`: the export says which file it refused and why, and the PDF is made with the bundled face.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from export.font_vetting import FontDamage, check_sfnt
from model.resources import sample_path
from tests.fuzz_fonts import cmap_ranges

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_BODY = ROOT / "resources" / "fonts" / "NotoSerifSC-Regular.ttf"


def damaged_font() -> bytes:
    """The bundled body font with cmap ranges that would make reportlab map billions of characters."""
    data = BUNDLED_BODY.read_bytes()
    for seed in range(50):
        bad, _detail = cmap_ranges(random.Random(seed), data)
        try:
            check_sfnt(bad, 0)
        except FontDamage:
            return bad
    raise AssertionError("no cmap mutation was refused")


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux font folders of a home directory")
def test_a_damaged_installed_font_is_named_and_the_bundled_one_used(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".fonts").mkdir(parents=True)
    (home / ".fonts" / "simfang.ttf").write_bytes(damaged_font())
    out = tmp_path / "报告.pdf"
    env = {**os.environ, "HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(sample_path()), "--pdf", str(out)],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "simfang.ttf" in line]
    assert len(warnings) == 1 and warnings[0].startswith("[警告] ") and "不能用于 PDF" in warnings[0], result.stderr
    fonts = {str(font["/BaseFont"]) for page in PdfReader(out).pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("NotoSerifSC-Regular" in name for name in fonts), fonts
