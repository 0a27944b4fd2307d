"""Render the README's screenshots of the running app (offscreen, 1600 × 900).

    .venv/bin/python docs/make_screenshots.py

docs/screenshot-1366-table3.png and docs/screenshot-1366-table4.png: the sample on 表三 and 表四 at
1366 × 768 with the preview docked (the tables fit without scrolling sideways), a cell chosen so that
the 填报说明 panel under the table explains it.
docs/screenshot-table3.png: the sample on 表三 with the preview at page 5.
docs/screenshot-unbalanced.png: the same after pasting 3 into （三）4 自然人, which
unbalances the table: the cells, the findings panel and the status bar show it.
docs/screenshot-new-report.png: a new report at 1366 × 768, tables first: one cell of 表三
typed, the text still empty; the preview shows this report, the findings say what is missing.
docs/screenshot-import.png and docs/screenshot-uncertain.png: text copied out of a PDF whose blanks
vanished (tests/documents/files/blanks_vanished.txt) in the import preview, then opened as a new
report at 1366 × 768: the cells no reading settles are marked on 表三.
docs/screenshot-batch.png: 工具 → 批量检查 at 1366 × 768 on 500 generated reports (bench/batch_bench.py's
corpus: every 10th with a broken total, every 25th with a copied 五), sorted by 错误.
Settings and recovery copies go to a scratch folder; nothing of the user's is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["NIANBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="nianbao-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.app import Session, create_application  # noqa: E402
from ui.settings import Settings  # noqa: E402


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(session: Session, page: int = 4) -> None:
    """Let the preview catch up with the last edit and show `page` (5: 表三)."""
    before = session.preview.last_ready_at
    wait_for(lambda: session.preview.last_ready_at > before)
    pane = session.window.preview_dock.widget()
    pane.go_to_page(page)
    for _ in range(100):  # QPdfView draws its pages in a thread of its own
        QApplication.processEvents()
        time.sleep(0.01)


def pause() -> None:
    """Let the window lay out and paint what was just shown (no new preview is awaited)."""
    for _ in range(50):
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> int:
    create_application()
    session = Session(None, Settings(), offer=lambda _window, _copies: None, sample=True)
    window = session.window
    # The sample on a common office screen, the preview docked: 表三 and 表四 fit without scrolling sideways.
    window.resize(1366, 768)
    session.show()
    window.show_tab("s3").view_for("t3").select_cell("3.2", "natural")  # the guide panel explains it
    settle(session)
    window.grab().save(str(ROOT / "docs" / "screenshot-1366-table3.png"))
    window.show_tab("s4").view_for("t4").select_cell("cases", "review.total")
    window.preview_dock.widget().go_to_page(5)  # 表四's page
    pause()
    window.grab().save(str(ROOT / "docs" / "screenshot-1366-table4.png"))

    window.resize(1600, 900)
    view = window.show_tab("s3").view_for("t3")
    pause()
    window.grab().save(str(ROOT / "docs" / "screenshot-table3.png"))

    view.select_cell("3.3.4", "natural")
    view.paste("3")
    settle(session)
    window.grab().save(str(ROOT / "docs" / "screenshot-unbalanced.png"))

    # A new report on a common office screen, as a clerk starts it: tables first.
    from model.report import Metadata, Report

    window.resize(1366, 768)
    session.document.replace(Report.blank(Metadata(agency="某某市某某区市场监督管理局", year=2025)), None,
                             modified=True)
    view = window.show_tab("s3").view_for("t3")
    view.select_cell("1", "natural")
    view.paste("7")
    settle(session, page=0)
    window.grab().save(str(ROOT / "docs" / "screenshot-new-report.png"))
    session.document.undo_stack.setClean()

    # A report read from text that lost its blanks: the preview, then the cells it could not settle.
    from importing.documents import import_document
    from ui.import_dialog import ImportReportDialog
    from ui.report_import import imported_report

    result = import_document(ROOT / "tests" / "documents" / "files" / "blanks_vanished.txt")
    dialog = ImportReportDialog(result, window, None, workbook=False)
    dialog.resize(1100, 660)
    dialog.show()
    for _ in range(50):
        QApplication.processEvents()
    dialog.grab().save(str(ROOT / "docs" / "screenshot-import.png"))
    dialog.close()
    session.document.replace(imported_report(result, None), None, modified=True)
    from model.findings import Location

    window.show_tab("s3").go_to(Location("s3", table="t3", row="3.3.8", column="natural"))
    settle(session, page=0)
    window.grab().save(str(ROOT / "docs" / "screenshot-uncertain.png"))
    batch_shot(session)
    # Nothing to ask about on the way out: the imported report counts as saved in the scratch folder.
    scratch = Path(os.environ["NIANBAO_DATA_DIR"]) / "screenshots.nianbao.json"
    scratch.touch()
    session.document.mark_saved(scratch)
    window.close()
    return 0


def batch_shot(session: Session) -> None:
    """The batch window on 500 generated reports, the worst first."""
    from PySide6.QtCore import Qt

    from bench.batch_bench import write_corpus
    from ui.batch_model import HEADERS

    folder = Path(os.environ["NIANBAO_DATA_DIR"]) / "各单位年报"
    write_corpus(folder, 500)
    session.window.open_batch()
    batch = session.window._batch_window
    assert batch is not None
    batch.resize(1366, 768)
    batch.clear_folders()
    batch.add_folder(folder)
    batch.start()
    wait_for(lambda: batch.result is not None, seconds=120)
    batch.report_view.sortByColumn(HEADERS.index("错误"), Qt.SortOrder.DescendingOrder)
    batch.report_view.selectRow(0)
    pause()
    batch.grab().save(str(ROOT / "docs" / "screenshot-batch.png"))
    batch.close()


if __name__ == "__main__":
    sys.exit(main())
