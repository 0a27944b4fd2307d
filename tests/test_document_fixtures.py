"""Every reader of issue 14 against the test documents of tests/documents (made by make_documents.py):
no cell wrong and unflagged, every cell the manifest says must be reported reported, the narrative
complete, the metadata right; every hostile file refused with a Chinese `DocumentError` in under a
second. `fixture_figures()` gives the totals per format for the closing note."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from importing.result import ImportProblem, ImportResult, ProblemKind, SourcePlace
from model import projectfile
from model.checks import check_report
from model.findings import Severity
from model.report import Report
from tests.documents import hostile
from tests.documents.docx_maker import write_docx
from tests.documents.make_documents import FILES, HERE, HOSTILE, MANIFEST, TRUTH, docx_documents
from tests.documents.scoring import Score, Totals, missing_paragraphs, score
from tests.documents.truth_reports import truth_reports

ROOT = HERE.parent.parent
ENTRIES: list[dict] = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else []
DOCUMENTS = [e for e in ENTRIES if not e["hostile"]]
HOSTILE_FILES = [e for e in ENTRIES if e["hostile"]]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _id(entry: dict) -> str:
    return entry["file"]


@cache
def truth(name: str) -> Report:
    return projectfile.load(TRUTH / name)


@cache
def reading(file: str) -> ImportResult:
    from importing.documents import import_document

    return import_document(HERE / file)


@cache
def scored(file: str) -> Score:
    entry = next(e for e in DOCUMENTS if e["file"] == file)
    return score(reading(file), truth(entry["truth"]))


def fixture_figures() -> dict[str, Totals]:
    """Right / flagged / wrong-and-silent cell totals (and narrative, metadata) per format, over every
    non-hostile document; a document the reader fails on counts as all cells wrong."""
    totals: dict[str, Totals] = {}
    for entry in DOCUMENTS:
        try:
            s = scored(entry["file"])
        except Exception:  # a reader that fails counts as wrong; the tests say why
            s = Score(wrong_silent=len(truth(entry["truth"]).cells), missing_paragraphs=[("", 0, "")],
                      meta_mismatches={"": ("", "")})
        totals.setdefault(entry["format"], Totals()).add(s)
    return totals


# --- the generator's output ---------------------------------------------------------------------------


def test_manifest_lists_exactly_the_generated_files() -> None:
    present = {p.relative_to(HERE).as_posix() for folder in (FILES, HOSTILE) for p in folder.rglob("*")
               if p.is_file()}
    listed = [e["file"] for e in ENTRIES]
    assert len(listed) == len(set(listed)), "manifest lists a file twice"
    assert set(listed) == present
    truths = {p.name for p in TRUTH.iterdir()}
    assert {e["truth"] for e in DOCUMENTS} == truths
    assert {e["format"] for e in DOCUMENTS} == {"docx", "html", "mht", "pdf", "txt"}
    assert all(e["truth"] is None and e["hostile"] for e in HOSTILE_FILES)


def test_committed_documents_stay_small() -> None:
    size = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert size < 5_000_000


def test_truth_files_are_what_the_generator_makes() -> None:
    for name, report in truth_reports().items():
        assert projectfile.loads(projectfile.dumps(report)) == truth(f"{name}.nianbao.json"), name


def test_truth_reports_hold_every_template_equation() -> None:
    for name in {e["truth"] for e in DOCUMENTS}:
        errors = [f.rule for f in check_report(truth(name)) if f.severity is Severity.ERROR]
        assert errors == [], name
    full = truth("full.nianbao.json")
    assert all(v for (table, _r, _c), v in full.cells.items() if table in ("t2_1", "t3", "t4"))


#: One Word document of each shape the python-docx writer makes (writing all takes ~20 s).
SAME_EVERY_RUN = ("sample.docx", "full_split_table.docx", "full_single_other.docx", "county_broken_split.docx")


def test_python_docx_documents_are_the_same_on_every_run(tmp_path: Path) -> None:
    reports = truth_reports()
    documents = docx_documents()
    for file in SAME_EVERY_RUN:
        name, shape, _shapes = documents[file]
        write_docx(reports[name], name, tmp_path / file, shape)
        assert (tmp_path / file).read_bytes() == (FILES / file).read_bytes(), file


def test_must_report_cells_are_template_cells_left_blank_or_unprinted() -> None:
    for entry in DOCUMENTS:
        cells = truth(entry["truth"]).cells
        for table, row, column in entry["must_report"]:
            assert (table, row, column) in cells, entry["file"]


# --- the scoring helper, on results built here ------------------------------------------------------


def _result(report: Report, problems: list[ImportProblem] | None = None) -> ImportResult:
    copy = projectfile.loads(projectfile.dumps(report))
    return ImportResult(Path("x.docx"), copy, dict(copy.cells), problems or [])


def test_score_counts_a_perfect_reading_as_right() -> None:
    report = truth("full.nianbao.json")
    s = score(_result(report), report)
    assert (s.right, s.flagged, s.wrong_silent) == (len(report.cells), 0, 0)
    assert s.narrative_complete and s.meta_right


def test_score_tells_flagged_from_silently_wrong() -> None:
    report = truth("full.nianbao.json")
    result = _result(report)
    result.placed[("t3", "1", "natural")] = 0  # wrong, nobody says so
    result.placed[("t3", "2", "natural")] = 0  # wrong, a problem names the cell
    result.placed[("t4", "cases", "review.total")] = 99  # wrong, in uncertain
    del result.placed[("t2_8", "fees", "amount")]  # not read, a problem names the row
    result.uncertain[("t4", "cases", "review.total")] = "多种读法"
    result.problems += [
        ImportProblem(SourcePlace(), "x", "不是数字", ProblemKind.NOT_A_NUMBER, "t3", "2", "natural"),
        ImportProblem(SourcePlace(), "", "缺少", ProblemKind.MISSING, "t2_8", "fees", None),
    ]
    result.report.cells[("t2_8", "fees", "amount")] = None
    s = score(result, report)
    assert (s.flagged, s.wrong_silent) == (3, 1)
    assert set(s.wrong_cells) == {("t3", "1", "natural")}


def test_score_names_missing_paragraphs_and_metadata() -> None:
    report = truth("sample.nianbao.json")
    result = _result(report)
    s6 = result.report.section("s6")
    assert s6 is not None
    s6.paragraphs = ["\n".join(s6.paragraphs[:3])]  # joined and re-wrapped: still complete as far as it goes
    result.report.meta.phone = ""
    s = score(result, report)
    assert [m[:2] for m in s.missing_paragraphs] == [("s6", i) for i in range(3, len(report.section("s6").paragraphs))]
    assert s.meta_mismatches == {"phone": ("", report.meta.phone)}
    assert missing_paragraphs(["一、总 体\n情况"], ["一、总体情况"], "s1") == []


# --- every reader against every document ---------------------------------------------------------------

needs_documents = pytest.mark.skipif(not ENTRIES, reason="tests/documents/manifest.json 未生成")


@needs_documents
@pytest.mark.parametrize("entry", DOCUMENTS, ids=_id)
def test_no_cell_is_wrong_without_being_flagged(entry: dict) -> None:
    s = scored(entry["file"])
    assert s.wrong_silent == 0, f"错误且未标记的单元格（读出, 应为）：{s.wrong_cells}"


@needs_documents
@pytest.mark.parametrize("entry", [e for e in DOCUMENTS if e["must_report"]], ids=_id)
def test_cells_the_document_cannot_give_are_reported(entry: dict) -> None:
    must = {tuple(cell) for cell in entry["must_report"]}
    assert must <= scored(entry["file"]).reported, sorted(must - scored(entry["file"]).reported)


@needs_documents
@pytest.mark.parametrize("entry", DOCUMENTS, ids=_id)
def test_narrative_is_complete(entry: dict) -> None:
    assert scored(entry["file"]).missing_paragraphs == []


@needs_documents
@pytest.mark.parametrize("entry", DOCUMENTS, ids=_id)
def test_metadata_is_right(entry: dict) -> None:
    assert scored(entry["file"]).meta_mismatches == {}


@needs_documents
def test_fixture_figures_cover_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    figures = fixture_figures()
    with capsys.disabled():
        print("\n" + "\n".join(totals.line(fmt) for fmt, totals in sorted(figures.items())))
    assert sum(t.documents for t in figures.values()) == len(DOCUMENTS)


# --- hostile files: refused quickly, in a child process so that a hang or a memory blow-up fails the test

_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from importing.document import DocumentError
from importing.documents import import_document
try:  # the format's libraries are imported on first use: that once-only cost is not the file's
    import_document({warm_up!r})
except Exception:
    pass
start = time.perf_counter()
try:
    import_document({path!r})
    outcome = {{"raised": None}}
except DocumentError as error:
    outcome = {{"raised": "DocumentError", "message": str(error)}}
except BaseException as error:
    outcome = {{"raised": type(error).__name__, "message": str(error)[:300]}}
outcome["seconds"] = time.perf_counter() - start
print(json.dumps(outcome, ensure_ascii=False))
"""


#: A good document of each format, read first in the child so that the timing is of the hostile file only.
WARM_UP = {suffix: FILES / name for suffix, name in (
    (".docx", "transport.docx"), (".pdf", "county.pdf"), (".html", "sample_cms.html"), (".htm", "large_cms.htm"),
    (".mht", "sample_utf-8.mht"), (".txt", "transport_pasted.txt"))}


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def refusal(path: Path) -> dict:
    """How import_document ends on `path`, run in a child with 3 GB of memory and 60 seconds at most
    (after reading a good document of the same format, so that the libraries are already imported)."""
    warm_up = WARM_UP.get(path.suffix.lower(), WARM_UP[".txt"])
    run = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT), path=str(path), warm_up=str(warm_up))],
                         capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    lines = run.stdout.strip().splitlines()
    assert run.returncode == 0 and lines, run.stderr[-2000:]
    return json.loads(lines[-1])


def _assert_refused(path: Path) -> None:
    outcome = refusal(path)
    assert outcome["raised"] == "DocumentError", outcome
    assert CHINESE.search(outcome["message"]) and path.name in outcome["message"], outcome
    assert outcome["seconds"] < 1.0, outcome


@needs_documents
@pytest.mark.parametrize("entry", HOSTILE_FILES, ids=_id)
def test_hostile_file_is_refused_quickly_in_chinese(entry: dict) -> None:
    _assert_refused(HERE / entry["file"])


@pytest.mark.parametrize("write", [hostile.write_huge_html], ids=["huge_html"])
def test_huge_file_is_refused_quickly_in_chinese(tmp_path: Path, write: Callable[[Path], None]) -> None:
    path = tmp_path / "huge.html"
    write(path)
    assert path.stat().st_size > 50 * 1024 * 1024
    _assert_refused(path)
