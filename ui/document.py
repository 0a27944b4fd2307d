"""The open report as the editors see it: one object that owns the Report, its
undo stack, its file path and its current findings.

Every change goes through here, so the checks re-run synchronously after each
edit (a full check costs ~0.1 ms) and every view repaints from the same state.
Table edits and text replacements (查找和替换) are QUndoCommands; typing in the text and metadata
editors keeps its own undo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from model.autototal import total_cells, total_updates
from model.fileidentity import FileIdentity, identify
from model.findings import Finding, sort_findings
from model.report import CellKey, Metadata, Report, Value
from model.signoff import SignOff, make_signoff, prune, signoff_for


class SetCellsCommand(QUndoCommand):
    """One undo step that sets some cells (a typed value, a paste, a clear),
    together with the totals auto-filled because of it, and whether each of `marks`'s cells is
    uncertain after it (a cell typed into is confirmed; a cell imported from a document may not be)."""

    def __init__(self, document: ReportDocument, changes: dict[CellKey, Value], text: str,
                 marks: dict[CellKey, bool] | None = None) -> None:
        super().__init__(text)
        self.document = document
        self.after = dict(changes)
        self.before = {key: document.report.cells.get(key) for key in changes}
        self.marks_after = dict(marks or {})
        uncertain = document.report.uncertain
        self.marks_before = {key: key in uncertain for key in self.marks_after}

    def redo(self) -> None:
        self.document.apply_cells(self.after, self.marks_after)

    def undo(self) -> None:
        self.document.apply_cells(self.before, self.marks_before)


class ReplaceReportCommand(QUndoCommand):
    """One undo step that puts another report in place of the open one (文件 → 导入报告 → 替换当前报告);
    the file it is saved to stays the same."""

    def __init__(self, document: ReportDocument, report: Report, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.after = report
        self.before = document.report

    def redo(self) -> None:
        self.document.show_report(self.after)

    def undo(self) -> None:
        self.document.show_report(self.before)


class ReplaceTextsCommand(QUndoCommand):
    """One undo step that sets the paragraphs of several sections ("preamble" for the opening ones):
    查找和替换's 替换 and 全部替换.

    The text editors keep their own typing history outside the undo stack, so a section may have been
    typed into since this step: undo restores only the sections that still read as this step left them,
    and redo only those that read as before it — typing done since is never overwritten."""

    def __init__(self, document: ReportDocument, paragraphs: dict[str, list[str]], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.after = {section: list(texts) for section, texts in paragraphs.items()}
        self.before = {section: list(document.paragraphs(section) or []) for section in paragraphs}

    def redo(self) -> None:
        self._apply(self.before, self.after)

    def undo(self) -> None:
        self._apply(self.after, self.before)

    def _apply(self, expected: dict[str, list[str]], wanted: dict[str, list[str]]) -> None:
        self.document.apply_paragraphs({section: texts for section, texts in wanted.items()
                                        if self.document.paragraphs(section) == expected[section]})


class SignOffCommand(QUndoCommand):
    """One undo step that marks a warning 已核实 or takes the mark away: the report's sign-offs before and after."""

    def __init__(self, document: ReportDocument, signoffs: list[SignOff], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.after = list(signoffs)
        self.before = list(document.report.signoffs)

    def redo(self) -> None:
        self.document.apply_signoffs(self.after)

    def undo(self) -> None:
        self.document.apply_signoffs(self.before)


class ReportDocument(QObject):
    #: The whole report was replaced (new, open, restore): views reload.
    reportReplaced = Signal()
    #: Some cells changed: the set of their keys.
    cellsChanged = Signal(object)
    #: Narrative or metadata changed (not via the undo stack).
    textChanged = Signal()
    #: Paragraphs were set by an undo step (replace, its undo or redo): the text editors start their
    #: own typing history afresh, so that a text field's undo never reaches back across the step.
    textReplaced = Signal()
    #: The checks ran again: the sorted findings.
    findingsChanged = Signal(object)
    modifiedChanged = Signal(bool)
    pathChanged = Signal(object)
    autoTotalsChanged = Signal(bool)

    def __init__(self, report: Report, path: Path | None = None, parent: QObject | None = None,
                 check: bool = True) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.report = report
        self.path = path
        #: The file as it was opened or last saved, to notice a colleague's change before saving over it.
        self.file_identity: FileIdentity | None = identify(path) if path else None
        #: The name shown while there is no file (the sample opens untitled so a
        #: save never writes into the app's own resources).
        self.untitled_name = "未命名报告"
        self.findings: list[Finding] = []
        #: Why an import could not read a cell for certain (cell → reason and where it was read), for the
        #: editor's tooltip; not saved: the project file keeps only which cells are uncertain.
        self.uncertain_reasons: dict[CellKey, str] = {}
        #: Sign-offs the last edits made stale (model/signoff.py `prune`): no longer in the report, so never
        #: shown nor saved, but brought back if an undo restores what was checked. Not saved.
        self._stale_signoffs: list[SignOff] = []
        #: Bumped on every content change; the autosave compares it.
        self.generation = 0
        self._text_dirty = False
        self._was_modified = False
        self._auto_totals = True
        self._total_cells = total_cells(report.template)
        #: Checks that depend on more than the report (the PDF fonts' glyph coverage).
        self._extra_checks: list[Callable[[Report], list[Finding]]] = []
        #: False until the first check ran (start-up runs it once the window is painted).
        self.checked = False
        if check:
            self.recheck()

    # --- whole-report operations ---------------------------------------------

    def replace(self, report: Report, path: Path | None, modified: bool = False,
                untitled_name: str = "未命名报告") -> None:
        """Show another report (新建, 打开, a restored recovery copy)."""
        self.report = report
        self.path = path
        self.file_identity = identify(path) if path else None
        self.untitled_name = untitled_name
        self._total_cells = total_cells(report.template)
        self.uncertain_reasons = {}  # another report: the reasons of the last import are not its
        self._stale_signoffs = []
        self.undo_stack.clear()
        self._text_dirty = modified
        self.generation += 1
        self.recheck()
        self.reportReplaced.emit()
        self.pathChanged.emit(path)
        self._emit_modified()

    def replace_report(self, report: Report, text: str) -> None:
        """Put `report` in place of the open one as one undo step (the path stays: 保存 writes it there)."""
        self.undo_stack.push(ReplaceReportCommand(self, report, text))

    def show_report(self, report: Report) -> None:
        """Show `report` without an undo step (ReplaceReportCommand calls this)."""
        self.report = report
        self._total_cells = total_cells(report.template)
        self.generation += 1
        self.recheck()
        self.reportReplaced.emit()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.file_identity = identify(path)
        self._text_dirty = False
        self.undo_stack.setClean()
        self.pathChanged.emit(path)
        self._emit_modified()

    def is_modified(self) -> bool:
        return self._text_dirty or not self.undo_stack.isClean()

    def display_name(self) -> str:
        return self.path.name if self.path else self.untitled_name

    # --- auto-totals -------------------------------------------------------------

    def auto_totals(self) -> bool:
        return self._auto_totals

    def set_auto_totals(self, enabled: bool) -> None:
        if enabled == self._auto_totals:
            return
        self._auto_totals = enabled
        self.autoTotalsChanged.emit(enabled)
        if enabled:
            updates = total_updates(self.report)
            if updates:
                self.undo_stack.push(SetCellsCommand(self, updates, "自动合计"))

    def is_computed(self, key: CellKey) -> bool:
        """Whether `key` is filled by auto-totals now (and so not typed into)."""
        return self._auto_totals and key in self._total_cells

    # --- edits ---------------------------------------------------------------------

    def set_cells(self, changes: dict[CellKey, Value], text: str, derive_totals: bool = True,
                  confirm: bool = True, uncertain: Iterable[CellKey] = ()) -> None:
        """One undoable edit; with auto-totals on, the totals it implies join the same step
        (`derive_totals=False` keeps stated totals as they are, e.g. from an imported workbook).

        The cells of `changes` are confirmed (no longer uncertain) in the same step — typing a value,
        even the same one, is the person's word for it — unless `confirm` is False (空白单元格填 0
        fills blanks wholesale, which confirms nothing); the cells of `uncertain` (an import's) are
        marked uncertain. Totals derived from the edit keep their mark: nobody looked at them."""
        marks = {key: False for key in changes if key in self.report.uncertain} if confirm else {}
        marks.update(dict.fromkeys(uncertain, True))
        marks = {key: mark for key, mark in marks.items() if mark != (key in self.report.uncertain)}
        changes = {k: v for k, v in changes.items() if self.report.cells.get(k, _MISSING) != v}
        if self._auto_totals and derive_totals:
            changes.update(total_updates(self.report, changes))
        if changes or marks:
            self.undo_stack.push(SetCellsCommand(self, changes, text, marks))

    def confirm_cells(self, keys: Iterable[CellKey], text: str) -> int:
        """Confirm the uncertain cells among `keys` as they are (one undo step); how many were."""
        marks = {key: False for key in keys if key in self.report.uncertain}
        if marks:
            self.undo_stack.push(SetCellsCommand(self, {}, text, marks))
        return len(marks)

    def apply_cells(self, values: dict[CellKey, Value], marks: dict[CellKey, bool] | None = None) -> None:
        """Set cells, and which of `marks` are uncertain, without an undo step (the commands call this)."""
        self.report.cells.update(values)
        for key, uncertain in (marks or {}).items():
            if uncertain:
                self.report.uncertain.add(key)
            else:
                self.report.uncertain.discard(key)
        self.generation += 1
        self.recheck()
        self.cellsChanged.emit(set(values) | set(marks or {}))

    def set_paragraphs(self, section_id: str, paragraphs: list[str]) -> None:
        """The narrative of a section ("preamble" for the opening paragraphs)."""
        if section_id == "preamble":
            if self.report.preamble == paragraphs:
                return
            self.report.preamble = list(paragraphs)
        else:
            section = self.report.section(section_id)
            if section is None or section.paragraphs == paragraphs:
                return
            section.paragraphs = list(paragraphs)
        self._text_edited()

    def paragraphs(self, section_id: str) -> list[str] | None:
        """The paragraphs of a section ("preamble" for the opening ones); None if the report has no such section."""
        if section_id == "preamble":
            return self.report.preamble
        section = self.report.section(section_id)
        return None if section is None else section.paragraphs

    def replace_paragraphs(self, paragraphs: dict[str, list[str]], text: str) -> None:
        """Set the paragraphs of several sections as one undo step (查找和替换); nothing if none changes."""
        changed = {section: list(texts) for section, texts in paragraphs.items()
                   if self.paragraphs(section) not in (None, texts)}
        if changed:
            self.undo_stack.push(ReplaceTextsCommand(self, changed, text))

    def apply_paragraphs(self, paragraphs: dict[str, list[str]]) -> None:
        """Set sections' paragraphs without an undo step (ReplaceTextsCommand calls this): the undo stack,
        not the typing flag, says whether the report is modified."""
        for section_id, texts in paragraphs.items():
            if section_id == "preamble":
                self.report.preamble = list(texts)
            else:
                section = self.report.section(section_id)
                if section is not None:
                    section.paragraphs = list(texts)
        self.generation += 1
        self.recheck()
        self.textChanged.emit()
        self.textReplaced.emit()

    def stack_undoes_text(self) -> bool:
        """Whether the undo stack's next undo is a replacement of text (a text field whose own
        history is used up passes Ctrl+Z on to it)."""
        return isinstance(self.undo_stack.command(self.undo_stack.index() - 1), ReplaceTextsCommand)

    def stack_redoes_text(self) -> bool:
        """Whether the undo stack's next redo is a replacement of text."""
        return isinstance(self.undo_stack.command(self.undo_stack.index()), ReplaceTextsCommand)

    def content_changed(self) -> None:
        """Something other than cells, text or metadata changed (last year's report was attached)."""
        self._text_edited()

    def set_meta(self, meta: Metadata) -> None:
        if meta == self.report.meta:
            return
        self.report.meta = meta
        self._text_edited()

    # --- 已核实 -------------------------------------------------------------------------

    def signoff_for(self, finding: Finding) -> SignOff | None:
        return signoff_for(self.report, finding)

    def sign_off(self, finding: Finding, note: str) -> None:
        """Mark the warning `finding` 已核实 with `note`, as one undo step; SignOffRefused for an error
        or an empty note (model/signoff.py)."""
        signoff = make_signoff(self.report, finding, note)
        kept = [s for s in self.report.signoffs if s != self.signoff_for(finding)]
        self.undo_stack.push(SignOffCommand(self, [*kept, signoff], "标记为已核实"))

    def remove_signoff(self, finding: Finding) -> None:
        """取消核实, as one undo step; nothing when `finding` is not signed off."""
        signoff = self.signoff_for(finding)
        if signoff is not None:
            self.undo_stack.push(SignOffCommand(self, [s for s in self.report.signoffs if s != signoff], "取消核实"))

    def apply_signoffs(self, signoffs: list[SignOff]) -> None:
        """Set the report's sign-offs without an undo step (SignOffCommand calls this)."""
        self.report.signoffs = list(signoffs)
        self._stale_signoffs = []  # an explicit mark or unmark: an earlier stale mark must not come back
        self.generation += 1
        self.recheck()

    # --- checks ----------------------------------------------------------------------

    def add_check(self, check: Callable[[Report], list[Finding]]) -> None:
        """Run `check` with the report's own checks from now on (and now, if checking has begun)."""
        self._extra_checks.append(check)
        if self.checked:
            self.recheck()

    def recheck(self) -> None:
        from model.checks import check_report  # loads with the first check, after the window is painted

        findings = check_report(self.report)
        for check in self._extra_checks:
            findings += check(self.report)
        self.findings = sort_findings(findings)
        # A mark whose cells or sentence changed is dropped at once (never shown, never saved); one that
        # matches again (the edit was undone) comes back.
        self.report.signoffs = self.report.signoffs + [s for s in self._stale_signoffs
                                                       if s not in self.report.signoffs]
        self._stale_signoffs = prune(self.report, self.findings)
        self.checked = True
        self.findingsChanged.emit(self.findings)

    # --- internals ---------------------------------------------------------------------

    def _text_edited(self) -> None:
        self.generation += 1
        self._text_dirty = True
        self.recheck()
        self.textChanged.emit()
        self._emit_modified()

    def _on_clean_changed(self, _clean: bool) -> None:
        self._emit_modified()

    def _emit_modified(self) -> None:
        modified = self.is_modified()
        if modified != self._was_modified:
            self._was_modified = modified
            self.modifiedChanged.emit(modified)


_MISSING = object()
