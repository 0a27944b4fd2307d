"""The web page in a real browser: axe-core in Debian's headless Chromium finds no violation of WCAG 2.1
A/AA or of its best practices, the page never scrolls sideways at 320 or 1280 CSS px (a wide table
scrolls in its own box), and nothing is fetched from the network.

The kit is tests/a11y (axe-core and playwright-core pinned in its package-lock.json; playwright-core only
drives /usr/bin/chromium, it never downloads a browser); tests/a11y/install.sh installs what is missing.
Without Chromium or the kit the test skips, saying so, except under CI (the CI variable set), where it
fails. Screenshots of the sample at 1280 and 375 px go to NIANBAO_A11Y_SHOTS + "desktop.png" /
"phone.png" when that variable is set (e.g. NIANBAO_A11Y_SHOTS=/tmp/html_), else to the test's temp dir.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from export.html_export import render_html
from model.report import Metadata, Report

KIT = Path(__file__).resolve().parent / "a11y"
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (320, 1280)


def _missing() -> str:
    if not CHROMIUM.exists():
        return f"没有 {CHROMIUM}（运行 tests/a11y/install.sh 安装 Debian 的 chromium）"
    if shutil.which("node") is None:
        return "没有 node（运行 tests/a11y/install.sh）"
    for package in ("axe-core", "playwright-core"):
        if not (KIT / "node_modules" / package / "package.json").exists():
            return f"tests/a11y/node_modules 中没有 {package}（运行 tests/a11y/install.sh，即 npm ci）"
    return ""


@pytest.fixture(scope="module")
def browser_kit() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI 必须运行浏览器无障碍测试：{reason}")
        pytest.skip(reason)


def _body_only_page(report: Report, charts: bool = False) -> bytes:
    """The 仅正文 fragment as a CMS page would hold it: inside the site's own page and main landmark."""
    return (b'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            b'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            b"<title>\xe4\xbb\x85\xe6\xad\xa3\xe6\x96\x87</title>\n</head>\n<body>\n<main>\n"
            + render_html(report, body_only=True, charts=charts) + b"</main>\n</body>\n</html>\n")


def test_pages_pass_axe_and_never_scroll_sideways(browser_kit: None, sample: Report, tmp_path: Path) -> None:
    every_cell = Report.blank(Metadata(agency="某某市某某局", year=2025))
    for key in every_cell.cells:
        every_cell.cells[key] = 9999999
    pages = {
        "sample": render_html(sample),
        "blank": render_html(Report.blank(Metadata(year=2025))),
        "every_cell_9999999": render_html(every_cell),
        "body_only": _body_only_page(sample),
        "charts": render_html(sample, charts=True),
        "body_only_charts": _body_only_page(sample, charts=True),
    }
    for name, data in pages.items():
        (tmp_path / f"{name}.html").write_bytes(data)
    shots = os.environ.get("NIANBAO_A11Y_SHOTS") or str(tmp_path / "shot_")
    desktop, phone = Path(f"{shots}desktop.png"), Path(f"{shots}phone.png")
    job = {
        "pages": [{"name": name, "url": (tmp_path / f"{name}.html").as_uri()} for name in pages],
        "widths": list(WIDTHS),
        "screenshots": [{"name": "sample", "width": 1280, "path": str(desktop)},
                        {"name": "sample", "width": 375, "path": str(phone)},
                        {"name": "charts", "width": 375, "path": f"{shots}charts_phone.png"}],
    }
    (tmp_path / "job.json").write_text(json.dumps(job), encoding="utf-8")
    run = subprocess.run(["node", str(KIT / "check_pages.mjs"), str(tmp_path / "job.json")], cwd=KIT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)

    assert result["requests"] == [], "the page fetched something"
    for name in pages:
        found = result["pages"][name]
        violations = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
                      for v in found["violations"]]
        assert violations == [], name
        for width in WIDTHS:
            measured = found["widths"][str(width)]
            assert measured["innerWidth"] == width
            assert measured["scrollWidth"] <= width, f"{name} scrolls sideways at {width} px: {measured}"
    for shot, width in ((desktop, 1280), (phone, 375)):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(shot.read_bytes()[16:20], "big") == width
