"""export/deferred_imports.py: reportlab's URL pattern and Pillow load on first use, and behave as they would have."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from export.deferred_imports import URI_PATTERN_FLAGS, DeferredPattern

ROOT = Path(__file__).resolve().parents[1]


def run_fresh(script: str) -> dict[str, object]:
    """`script` in a new interpreter (nothing imported yet), which prints one JSON object."""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


URLS = ["https://www.zaozhuang.gov.cn/xxgk/2024/index.html", "http://政府.cn/信息公开", "ftp://10.0.0.1:21/a",
        "HTTP://LOCALHOST:8080/x?y=1", "not a url", "https://a-.cn/", "mailto:someone@example.com"]


def test_the_paragraph_module_gets_a_deferred_pattern_that_splits_urls_as_the_real_one() -> None:
    result = run_fresh(
        "import json, re, sys\n"
        "import export\n"
        "from reportlab.platypus import paragraph\n"
        "deferred = type(paragraph.uri_pat).__name__\n"
        "compiled_at_import = paragraph.uri_pat._compiled is not None\n"
        f"urls = {URLS!r}\n"
        "ours = [paragraph._uri_split_pairs(url) for url in urls]\n"
        "real = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)\n"
        "paragraph.uri_pat = real\n"
        "theirs = [paragraph._uri_split_pairs(url) for url in urls]\n"
        "print(json.dumps({'deferred': deferred, 'compiled_at_import': compiled_at_import, 'same': ours == theirs,"
        " 'split': sum(1 for pairs in ours if pairs),"
        " 'compile_is_restored': re.compile.__module__ == 're'}))\n")
    assert result == {"deferred": "DeferredPattern", "compiled_at_import": False, "same": True, "split": 4,
                      "compile_is_restored": True}


def test_a_deferred_pattern_is_the_real_pattern_once_used() -> None:
    pattern = r"(^(?:[a-z0-9\.\-\+]*)://)(?:\S+)\Z"
    deferred = DeferredPattern(pattern, URI_PATTERN_FLAGS)
    assert "compiled=False" in repr(deferred)
    assert deferred.match("HTTPS://x.cn").group(1) == "HTTPS://"
    assert deferred.compiled() is re.compile(pattern, URI_PATTERN_FLAGS)  # re's own cache: the same object
    assert deferred.flags == re.compile(pattern, URI_PATTERN_FLAGS).flags


def test_other_patterns_compile_as_usual_while_reportlab_loads() -> None:
    result = run_fresh(
        "import json, re\n"
        "import export\n"
        "import reportlab.platypus.paragraph as paragraph\n"
        "kinds = {name: type(value).__name__ for name, value in vars(paragraph).items()"
        " if type(value).__name__ in ('Pattern', 'DeferredPattern')}\n"
        "print(json.dumps(sorted(set(kinds.values()))))\n")
    assert result == ["DeferredPattern", "Pattern"]  # only uri_pat is deferred


def test_pillow_loads_on_first_use_in_the_command_line_export() -> None:
    result = run_fresh(
        "import json, sys\n"
        "from export.deferred_imports import defer_pillow\n"
        "first, second = defer_pillow(), defer_pillow()\n"
        "import export.pdf, export.fonts, reportlab.lib.utils\n"
        "before = 'PIL._imaging' in sys.modules\n"
        "from PIL import Image\n"
        "image = Image.new('RGB', (3, 2), 'white')\n"
        "print(json.dumps({'first': first, 'second': second, 'before': before,"
        " 'after': 'PIL._imaging' in sys.modules, 'size': list(image.size),"
        " 'reportlab_sees_it': reportlab.lib.utils.haveImages}))\n")
    assert result == {"first": True, "second": False, "before": False, "after": True, "size": [3, 2],
                      "reportlab_sees_it": True}


@pytest.mark.parametrize("options", [["--pdf", "r.pdf", "--docx", "r.docx", "--charts"], ["--bundle", "b", "--charts"]])
def test_the_export_command_still_draws_the_charts_pillow_makes(tmp_path: Path, options: list[str]) -> None:
    sample = ROOT / "resources" / "samples" / "zaozhuang-2024.nianbao.json"
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(sample), *options], cwd=tmp_path,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    import zipfile

    docx = tmp_path / "r.docx" if (tmp_path / "r.docx").exists() else next((tmp_path / "b").glob("*.docx"))
    with zipfile.ZipFile(docx) as archive:
        pictures = [name for name in archive.namelist() if name.startswith("word/media/") and name.endswith(".png")]
        assert pictures and all(archive.read(name).startswith(b"\x89PNG") for name in pictures)


def test_the_paragraph_module_s_loader_still_answers_what_tools_ask() -> None:
    result = run_fresh(
        "import inspect, json\n"
        "import export\n"
        "import reportlab.platypus.paragraph as paragraph\n"
        "loader = paragraph.__spec__.loader\n"
        "print(json.dumps({'wrapped': type(loader).__name__, 'package': loader.is_package(paragraph.__name__),"
        " 'source': 'uri_pat' in inspect.getsource(paragraph)}))\n")
    assert result == {"wrapped": "_DeferringLoader", "package": False, "source": True}
