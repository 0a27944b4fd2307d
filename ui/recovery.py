"""Recovery copies: autosave of unsaved changes, and the offer to restore them after a crash.

The copies on disk (their files, locks and reading) are ui/recovery_store.py.
`AutosaveController` serialises the report on the UI thread (~0.3 ms for a
real report) and writes it on a worker thread, so editing never waits on disk.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model import APP_NAME
from ui.recovery_store import (
    INFO_FORMAT,
    INFO_SUFFIX,
    INFO_VERSION,
    LOCK_SUFFIX,
    MAX_INFO_BYTES,
    REPORT_SUFFIX,
    PreparedCopy,
    RecoveryCopy,
    RecoveryStore,
    _checked_id,
    format_saved_at,
    new_copy_id,
    pid_alive,
)
from ui.tasks import TaskQueue

if TYPE_CHECKING:
    from ui.document import ReportDocument

__all__ = [
    "INFO_FORMAT", "INFO_SUFFIX", "INFO_VERSION", "LOCK_SUFFIX", "MAX_INFO_BYTES", "MAX_INTERVAL_MS",
    "REPORT_SUFFIX", "AutosaveController", "PreparedCopy", "RecoveryCopy", "RecoveryDialog", "RecoveryStore",
    "format_saved_at", "new_copy_id", "offer_recovery", "pid_alive", "restore_copy",
]

#: The issue asks for a copy at least every 60 seconds while there are unsaved changes.
MAX_INTERVAL_MS = 60_000


# --- autosave ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    seq: int
    epoch: int
    generation: int
    prepared: PreparedCopy


@dataclass(frozen=True)
class _Result:
    job: _Job
    written: bool
    error: str | None = None


def _failure_message(error: BaseException, directory: Path) -> str:
    if isinstance(error, OSError):
        return f"无法写入恢复副本（{error.strerror or error}），位置：{directory}"
    if isinstance(error, ValueError):
        return f"无法生成恢复副本：报告中有无法保存的数值（{error}）"
    return f"无法写入恢复副本：{error}"


class AutosaveController(QObject):
    """Writes a recovery copy of `document` while it has unsaved changes.

    Every `interval_ms` (at most 60 s), if the document is modified and has
    changed since the last copy, the report is serialised here and written on a
    worker thread. A save (modifiedChanged(False)) discards the copy; so must a
    clean exit (`discard()` then `close()`).
    """

    #: A copy was written; its saved_at (datetime).
    written = Signal(object)
    #: Writing a copy failed; a message for the user (Chinese). Retried at the next tick.
    failed = Signal(str)

    def __init__(self, document: ReportDocument, store: RecoveryStore, interval_ms: int = 30_000,
                 parent: QObject | None = None, copy_id: str | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.store = store
        self.copy_id = _checked_id(copy_id) if copy_id else new_copy_id()
        self._guard = threading.Lock()  # orders the worker's writes with discard() and write_now()
        self._seq = 0
        self._committed_seq = 0
        self._epoch = 0
        #: Generation of the newest copy queued or written (None: none that counts).
        self._queued_generation: int | None = None
        self._written_generation: int | None = None
        self._closed = False
        #: One copy written at a time, in order (ui/tasks.py).
        self._tasks = TaskQueue(self)
        document.modifiedChanged.connect(self._on_modified_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, min(int(interval_ms), MAX_INTERVAL_MS)))
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    def has_copy(self) -> bool:
        """Whether this session's copy is on disk (as far as this controller knows)."""
        return self._written_generation is not None

    def tick(self) -> None:
        """Queue a copy if there is something new to protect (the timer calls this)."""
        if self._closed or not self.document.is_modified():
            return
        generation = self.document.generation
        if generation == self._queued_generation:
            return
        try:
            prepared = self.store.prepare(self.copy_id, self.document.report, self.document.path)
        except Exception as error:
            self.failed.emit(_failure_message(error, self.store.directory))
            return
        self._seq += 1
        job = _Job(self._seq, self._epoch, generation, prepared)
        self._queued_generation = generation
        self._tasks.run(lambda: self._run(job), self._on_finished,
                        lambda error: self._on_finished(self._failed(job, error)))

    def _run(self, job: _Job) -> _Result:
        """On the worker thread."""
        try:
            with self._guard:
                if job.epoch != self._epoch or job.seq <= self._committed_seq:
                    return _Result(job, written=False)  # discarded meanwhile, or overtaken by write_now()
                self.store.commit(job.prepared, claim=True)
                self._committed_seq = job.seq
                return _Result(job, written=True)
        except Exception as error:
            return self._failed(job, error)

    def _failed(self, job: _Job, error: BaseException) -> _Result:
        return _Result(job, written=False, error=_failure_message(error, self.store.directory))

    def _on_finished(self, result: _Result) -> None:
        if result.job.epoch != self._epoch:
            return
        if result.error is not None:
            if self._queued_generation == result.job.generation:
                self._queued_generation = None  # try again at the next tick
            self.failed.emit(result.error)
        elif result.written:
            self._written_generation = result.job.generation
            self.written.emit(result.job.prepared.saved_at)

    def write_now(self) -> bool:
        """Write the copy synchronously (crash handler, before a risky operation).

        True if the unsaved changes are now safe in a copy, or there are none."""
        if not self.document.is_modified():
            return True
        generation = self.document.generation
        if generation == self._written_generation:
            return True
        try:
            prepared = self.store.prepare(self.copy_id, self.document.report, self.document.path)
            self._seq += 1
            seq = self._seq
            with self._guard:
                self.store.commit(prepared, claim=True)
                self._committed_seq = seq
        except Exception as error:
            self.failed.emit(_failure_message(error, self.store.directory))
            return False
        self._queued_generation = self._written_generation = generation
        self.written.emit(prepared.saved_at)
        return True

    def discard(self) -> bool:
        """Remove this session's copy (after a save, on a clean exit). Waits for a write in progress."""
        with self._guard:
            self._epoch += 1
            ok = self.store.discard(self.copy_id)
        self._queued_generation = self._written_generation = None
        return ok

    def close(self) -> None:
        """Stop autosaving and wait for a write in progress. Does not discard the copy."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.modifiedChanged.disconnect(self._on_modified_changed)
        self._tasks.wait()

    def _on_modified_changed(self, modified: bool) -> None:
        if not modified and not self._closed:
            self.discard()


def restore_copy(document: ReportDocument, store: RecoveryStore, autosave: AutosaveController | None,
                 copy: RecoveryCopy) -> None:
    """Show `copy` in `document` as unsaved changes to its original file.

    The old copy is deleted only once this session's autosave holds the same
    report, so a crash right after restoring loses nothing. ProjectFileError if
    the copy cannot be read (the copy is kept)."""
    report = store.load(copy)
    document.replace(report, copy.original_path, modified=True)
    if autosave is None or autosave.write_now():
        store.discard(copy)


# --- the start-up offer -----------------------------------------------------------------


def _confirm_discard(parent: QWidget | None, copy: RecoveryCopy) -> bool:
    answer = QMessageBox.question(
        cast(QWidget, parent), "丢弃恢复副本",  # None is no parent (PySide6 6.8's stubs leave it out)
        f"确定要丢弃“{copy.agency or copy.display_name}”{copy.saved_at_text}的恢复副本吗？\n"
        "丢弃后其中未保存的修改将无法找回。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class RecoveryDialog(QDialog):
    """Lists recovery copies: 恢复 (the selected one), 暂不恢复 (keep all), 丢弃 (delete the selected one).

    `chosen` is the copy to restore after 恢复, else None. `confirm(parent,
    copy) -> bool` asks before 丢弃; tests replace it. `discard(copy)` deletes."""

    def __init__(self, copies: Iterable[RecoveryCopy], parent: QWidget | None = None,
                 discard: Callable[[RecoveryCopy], object] | None = None,
                 confirm: Callable[[QWidget | None, RecoveryCopy], bool] | None = None) -> None:
        super().__init__(parent)
        self.copies = list(copies)
        self.chosen: RecoveryCopy | None = None
        self.discarded: list[RecoveryCopy] = []
        self._discard = discard or _delete_copy_files
        self.confirm = confirm or _confirm_discard
        self.setWindowTitle(f"{APP_NAME} - 恢复未保存的修改")
        self.setModal(True)

        layout = QVBoxLayout(self)
        self.message = QLabel(
            f"{APP_NAME}上次没有正常退出。以下报告有未保存的修改，已保存为恢复副本：")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["机关", "年度", "文件", "保存时间"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemDoubleClicked.connect(lambda _item, _column: self.restore())
        layout.addWidget(self.tree)

        note = QLabel("选择“暂不恢复”会保留恢复副本，下次启动时仍可恢复。")
        note.setWordWrap(True)
        layout.addWidget(note)

        buttons = QDialogButtonBox()
        self.restore_button: QPushButton = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button: QPushButton = buttons.addButton("暂不恢复", QDialogButtonBox.ButtonRole.RejectRole)
        self.discard_button: QPushButton = buttons.addButton("丢弃", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.later_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self.discard_selected)
        layout.addWidget(buttons)

        self._fill()
        self.resize(640, 300)

    @staticmethod
    def row_texts(copy: RecoveryCopy) -> list[str]:
        year = f"{copy.year}年" if copy.year else ""
        return [copy.agency or "（未填写机关）", year, copy.display_name, copy.saved_at_text]

    def _fill(self) -> None:
        self.tree.clear()
        for copy in self.copies:
            item = QTreeWidgetItem(self.row_texts(copy))
            item.setToolTip(2, str(copy.original_path) if copy.original_path else "尚未保存过的报告")
            self.tree.addTopLevelItem(item)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.restore_button.setEnabled(bool(self.copies))
        self.discard_button.setEnabled(bool(self.copies))

    def selected(self) -> RecoveryCopy | None:
        current = self.tree.currentItem()
        row = self.tree.indexOfTopLevelItem(current) if current else -1
        return self.copies[row] if 0 <= row < len(self.copies) else None

    def select(self, row: int) -> None:
        item = self.tree.topLevelItem(row)
        if item is not None:
            self.tree.setCurrentItem(item)

    def restore(self) -> None:
        copy = self.selected()
        if copy is not None:
            self.chosen = copy
            self.accept()

    def discard_selected(self) -> None:
        copy = self.selected()
        if copy is None or not self.confirm(self, copy):
            return
        self._discard(copy)
        self.discarded.append(copy)
        self.copies.remove(copy)
        self._fill()
        if not self.copies:
            self.reject()


def _delete_copy_files(copy: RecoveryCopy) -> None:
    RecoveryStore(copy.report_path.parent).discard(copy)


def offer_recovery(parent: QWidget | None, copies: list[RecoveryCopy],
                   discard: Callable[[RecoveryCopy], object] | None = None) -> RecoveryCopy | None:
    """Ask whether to restore one of `copies`; the copy to restore, or None (the others are kept)."""
    if not copies:
        return None
    dialog = RecoveryDialog(copies, parent, discard=discard)
    try:
        dialog.exec()
        return dialog.chosen
    finally:
        dialog.deleteLater()
