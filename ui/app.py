"""Start the desktop app: the report to show, the window, autosave, crash handling."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from model import APP_ID, APP_NAME, __version__
from model.findings import Finding
from model.projectfile import ProjectFileError, load
from model.report import Report
from model.resources import sample_path
from ui.document import ReportDocument
from ui.fonts import apply_ui_font
from ui.i18n import install_chinese
from ui.input_method import use_fcitx_through_ibus
from ui.main_window import MainWindow
from ui.preview_timing import PAUSE_MS
from ui.prior_flow import RelinkOffer
from ui.settings import Settings, logs_dir, recovery_dir

if TYPE_CHECKING:  # these load after the first frame (tests/test_startup.py)
    from export.fonts import FontSet
    from ui.preview import PreviewController
    from ui.recovery import AutosaveController
    from ui.recovery_store import RecoveryCopy

SAMPLE_NAME = "示例报告"
#: How long the start-up note (what was wrong in the data folder) stays in the status bar.
STARTUP_NOTE_MS = 30_000
OfferFunction: TypeAlias = "Callable[[MainWindow, list[RecoveryCopy]], RecoveryCopy | None]"


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        use_fcitx_through_ibus()  # Qt reads QT_IM_MODULE when the application is made
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    install_chinese(app)
    apply_ui_font(app)
    return app


def open_report(path: Path | None) -> tuple[Report | None, Path | None, str | None]:
    """The report at `path`, else the shipped sample (untitled); an error message instead of a crash."""
    try:
        if path is None:
            return load(sample_path()), None, None
        return load(path), path, None
    except ProjectFileError as error:
        return None, None, str(error)


def initial_report(path: Path | None, settings: Settings,
                   sample: bool = False) -> tuple[Report, Path | None, str | None]:
    """`path` if given, else the last file opened, else the sample on first run (or when asked)."""
    if path is None and not sample:
        last = settings.get(Settings.LAST_FILE)
        path = Path(last) if last and Path(last).is_file() else None
    report, opened, error = open_report(path)
    if report is None:  # what could not be read is reported; the sample opens instead
        report, opened, _ = open_report(None)
    assert report is not None, "the shipped sample must load"
    return report, opened, error


class PdfService:
    """The PDF side of a session: fonts resolved once (lazily, on the worker thread
    that first needs them), the renderer for the preview and the exporter."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._fonts: FontSet | None = None
        self._lock = threading.Lock()

    def fonts(self) -> FontSet:
        with self._lock:
            if self._fonts is None:
                from export.fonts import FontRole, resolve_fonts  # reportlab loads on first use

                overrides = {FontRole(role): Path(path) for role, path in self.settings.font_overrides().items()
                             if role in {r.value for r in FontRole}}
                self._fonts = resolve_fonts(overrides)
            return self._fonts

    def loaded_fonts(self) -> FontSet | None:
        """The fonts if already resolved, else None (never blocks the UI thread)."""
        return self._fonts

    def reset(self) -> None:
        """Forget the fonts (the user chose other fonts): the next render resolves them again."""
        with self._lock:
            self._fonts = None

    def render(self, report: Report) -> bytes:
        from export.pdf import render_pdf

        return render_pdf(report, self.fonts(), charts=self.settings.get(Settings.EXPORT_CHARTS))

    def export(self, report: Report, path: Path) -> None:
        from export.pdf import export_pdf

        export_pdf(report, path, self.fonts(), charts=self.settings.get(Settings.EXPORT_CHARTS))

    def glyph_findings(self, report: Report) -> list[Finding]:
        """Characters the fonts of this PC lack although the bundled ones have them (the checker
        already reports what the bundled fonts lack); none until the fonts are resolved."""
        fonts = self.loaded_fonts()
        if fonts is None:
            return []
        from export.fonts import font_glyph_findings

        return font_glyph_findings(report, fonts)


class Session:
    """One running window with its document, autosave, recovery store and preview.

    The window is built and painted first; autosave, the recovery offer and the
    preview (QtPdf, reportlab) are set up right after, in `show()`, so the user
    sees the report as early as possible."""

    def __init__(self, path: Path | None = None, settings: Settings | None = None,
                 offer: OfferFunction | None = None, sample: bool = False) -> None:
        self.settings = settings or Settings()
        report, opened, self.error = initial_report(path, self.settings, sample)
        # Checked once the window is painted (show()), so the report appears sooner.
        self.document = ReportDocument(report, opened, check=False)
        if opened is None:
            self.document.untitled_name = SAMPLE_NAME
        self.document.set_auto_totals(self.settings.get(Settings.AUTO_TOTALS))
        self.window = MainWindow(self.document, self.settings)
        self.window.closed.connect(self.shutdown)
        self.offer = offer
        self.pdf = PdfService(self.settings)
        self.window.attach_pdf_service(self.pdf.render, self.pdf.export, self.pdf.fonts)
        self.window.fontsChanged.connect(self._fonts_changed)
        self.window.outputOptionsChanged.connect(self._output_options_changed)
        self.document.add_check(self.pdf.glyph_findings)
        self._glyphs_checked = False
        self.autosave: AutosaveController | None = None
        self.preview: PreviewController | None = None
        #: What was wrong in the data folder and what was done (Chinese), shown once by show().
        self.startup_notes: list[str] = list(self.settings.notes)
        self.recovery_folder = recovery_dir(self.startup_notes)
        logs_dir(self.startup_notes)  # so that a crash log can be written later
        #: Says once per opened report that its link to last year's was not opened (from show() on).
        self.relink: RelinkOffer | None = None
        #: Why the editors get no Chinese input method (ui/input_method.py), found by show(); else None.
        self.input_note: str | None = None
        if opened is not None:
            self.settings.add_recent_file(opened)

    def show(self) -> None:
        self.window.show()
        QApplication.processEvents()  # paint the window now; the rest follows
        self.window.report_first_frame()  # (if that painted it: the frame is complete now)
        self.document.recheck()
        self._start_autosave()
        preview = self._attach_preview()
        if self.error:
            from PySide6.QtWidgets import QMessageBox  # only when there is something to say

            QMessageBox.warning(self.window, "无法打开", self.error)
        self.offer_recovery()
        from ui.input_method import input_method_note  # asks the session bus only where Qt uses the IBus portal

        self.input_note = input_method_note()
        # Watching from here on: the report shown now (perhaps a restored copy) is said in the start-up note.
        self.relink = RelinkOffer(self.window)
        self.show_startup_note()
        # The first preview once the window is up, so start-up never waits for reportlab.
        QTimer.singleShot(PAUSE_MS, preview.render_now)

    def show_startup_note(self) -> str | None:
        """One status-bar message (never a dialog) for what start-up found and skipped or renamed,
        and the offer to relink last year's report; the text shown, or None."""
        notes = list(self.startup_notes)
        relink = self.relink.check(show=False) if self.relink is not None else None
        parts = [self.input_note] if self.input_note else []
        if notes:
            parts.append(notes[0] if len(notes) == 1
                         else f"数据文件夹中有 {len(notes)} 处问题已处理：" + "；".join(notes))
        if not parts and relink is None:
            return None
        text = "".join(f"{part}。" for part in parts) + (relink or "")
        self.window.statusBar().showMessage("⚠ " + text, STARTUP_NOTE_MS)
        return text

    def _start_autosave(self) -> None:
        from ui.recovery import AutosaveController, RecoveryStore

        self.store = RecoveryStore(self.recovery_folder)
        interval = max(1, min(60, self.settings.get(Settings.AUTOSAVE_SECONDS))) * 1000
        self.autosave = AutosaveController(self.document, self.store, interval, parent=self.window)
        self.autosave.failed.connect(lambda text: self.window.statusBar().showMessage(text, 10000))

    def _attach_preview(self) -> PreviewController:
        from ui.preview import PreviewController, PreviewPane  # QtPdf loads after the window is up

        self.preview = preview = PreviewController(self.document, self.pdf.render, parent=self.window)
        self.window.attach_preview(PreviewPane(preview, self.window))
        # Glyph coverage is known once the first render has resolved the fonts.
        preview.ready.connect(self._fonts_known)
        return preview

    def _fonts_changed(self) -> None:
        self.pdf.reset()
        self._glyphs_checked = False
        if self.preview is not None:
            self.preview.render_now()

    def _output_options_changed(self) -> None:
        if self.preview is not None:
            self.preview.render_now()

    def _fonts_known(self, _data: object) -> None:
        if not self._glyphs_checked:
            self._glyphs_checked = True
            self.document.recheck()

    def offer_recovery(self) -> None:
        from ui.recovery import offer_recovery, restore_copy

        copies = self.store.list(exclude_live=True)
        self.startup_notes += [problem for problem in self.store.problems if problem not in self.startup_notes]
        chosen = (self.offer or offer_recovery)(self.window, copies) if copies else None
        if chosen is None:
            return
        try:
            restore_copy(self.document, self.store, self.autosave, chosen)
        except ProjectFileError as error:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.window, "无法恢复", f"{error}\n恢复副本已保留。")

    def shutdown(self) -> None:
        """A clean exit: the recovery copy is no longer needed."""
        if self.preview is not None:
            self.preview.close()
        if self.autosave is not None:
            self.autosave.discard()
            self.autosave.close()
        self.settings.sync()


#: For automation (the build's smoke test): close the window after this many milliseconds.
QUIT_AFTER_ENV = "NIANBAO_QUIT_AFTER_MS"
#: For the benchmark: print "shown" when the first frame of the main window is painted.
REPORT_SHOWN_ENV = "NIANBAO_REPORT_SHOWN"


def run_app(path: Path | None = None, sample: bool = False) -> int:
    app = create_application()
    session = Session(path, sample=sample)
    if os.environ.get(REPORT_SHOWN_ENV):
        session.window.firstPainted.connect(lambda: print("shown", flush=True))
    session.show()
    from ui.crash import install_exception_hook

    uninstall = install_exception_hook(lambda: session.window, lambda: session.autosave)
    quit_after = os.environ.get(QUIT_AFTER_ENV, "")
    if quit_after.isdigit():
        QTimer.singleShot(int(quit_after), session.window.close)
    try:
        return app.exec()
    finally:
        uninstall()
