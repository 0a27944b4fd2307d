"""编辑 → 撤销 / 重做 (and the toolbar buttons) for whatever the user is working in.

Table changes live on the document's QUndoStack; the narrative editors and the form
fields keep their own text undo. The actions follow the keyboard focus: in a text
field they undo its typing, anywhere else the last change on the stack — so clicking
撤销 while writing section 五 never takes back a paste in table 三 out of sight.
(Ctrl+Z inside a text field is handled by the field itself, the same way.)

One step crosses that line: a replacement of text (查找和替换) is on the stack, and starts every
text field's history afresh. A field whose own history is used up passes 撤销 on to it, so the
actions say so and act on the stack.
"""

from __future__ import annotations

import contextlib

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit, QWidget

from ui.icons import toolbar_icon

UNDO, REDO = "撤销", "重做"
#: What the actions say while they act on a text field's own history.
TEXT_UNDO, TEXT_REDO = "撤销输入", "重做输入"


class UndoRouter(QObject):
    def __init__(self, window: QWidget, stack: QUndoStack) -> None:
        super().__init__(window)
        self.window = window
        self.stack: QUndoStack | None = stack
        self.undo_action = QAction(UNDO, window)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(toolbar_icon("undo"))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(REDO, window)
        self.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(toolbar_icon("redo"))
        self.redo_action.triggered.connect(self.redo)
        self._field: QTextEdit | QLineEdit | None = None
        self._following = False
        for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self.refresh)
        stack.destroyed.connect(self._stack_destroyed)
        self.refresh()

    def follow_focus(self) -> None:
        """Start following the focus (the window calls this when it is shown: a focus change
        before then would make PySide resolve every widget class for nothing). Stops by itself
        when the window or the undo stack is destroyed (`stop_following`)."""
        app = QApplication.instance()
        if (self.stack is not None and not self._following and shiboken6.isValid(self.window)
                and isinstance(app, QApplication)):
            self._following = True
            app.focusChanged.connect(self._focus_changed)
            # Qt ends this connection when the router goes with its window (it is the receiver); the
            # checks in _focus_changed cover the moments while the window's widgets are being destroyed.
            self._focus_changed(None, QApplication.focusWidget())

    def stop_following(self) -> None:
        """Stop following the focus and forget the text field (its window or the stack is going)."""
        if self._following:
            self._following = False
            app = QApplication.instance()
            with contextlib.suppress(RuntimeError, TypeError):  # the application may be going too
                if isinstance(app, QApplication):
                    app.focusChanged.disconnect(self._focus_changed)
        self._release_field()

    def field(self) -> QTextEdit | QLineEdit | None:
        """The text field the actions act on, or None for the document's undo stack."""
        return self._field

    def undo(self) -> None:
        if self._passes_to_stack(redo=False):
            assert self.stack is not None
            self.stack.undo()
            return
        target = self._target()
        if target is not None:
            target.undo()

    def redo(self) -> None:
        if self._passes_to_stack(redo=True):
            assert self.stack is not None
            self.stack.redo()
            return
        target = self._target()
        if target is not None:
            target.redo()

    def _own_history(self, redo: bool) -> bool:
        field = self._field
        if isinstance(field, QTextEdit):
            text = field.document()
            return text.isRedoAvailable() if redo else text.isUndoAvailable()
        if isinstance(field, QLineEdit):
            return field.isRedoAvailable() if redo else field.isUndoAvailable()
        return False

    def _passes_to_stack(self, redo: bool) -> bool:
        """A text field with no history of its own in that direction, while the stack's next step that
        way is a replacement of text."""
        stack = self.stack
        if self._field is None or stack is None or not shiboken6.isValid(stack) or self._own_history(redo):
            return False
        from ui.document import ReplaceTextsCommand  # loaded with the window already

        return isinstance(stack.command(stack.index() if redo else stack.index() - 1), ReplaceTextsCommand)

    def _target(self) -> QTextEdit | QLineEdit | QUndoStack | None:
        target = self._field or self.stack
        return target if target is not None and shiboken6.isValid(target) else None

    def refresh(self) -> None:
        field = self._field
        if field is not None and (self._passes_to_stack(redo=False) or self._passes_to_stack(redo=True)):
            self._show_mixed()
            return
        if isinstance(field, QTextEdit):
            text = field.document()
            self._show(text.isUndoAvailable(), text.isRedoAvailable(), TEXT_UNDO, TEXT_REDO)
            return
        if isinstance(field, QLineEdit):
            self._show(field.isUndoAvailable(), field.isRedoAvailable(), TEXT_UNDO, TEXT_REDO)
            return
        if self.stack is None or not shiboken6.isValid(self.stack):
            # Also while the stack is being destroyed: QUndoStack's destructor clears it, which
            # emits canUndoChanged after PySide has let go of the object.
            self._show(False, False, UNDO, REDO)
            return
        undo_text, redo_text = self.stack.undoText(), self.stack.redoText()
        self._show(self.stack.canUndo(), self.stack.canRedo(),
                   f"{UNDO} {undo_text}" if undo_text else UNDO, f"{REDO} {redo_text}" if redo_text else REDO)

    def _show_mixed(self) -> None:
        """A text field's history in one direction, the stack's replacement in the other (or both)."""
        assert self.stack is not None
        undo_stack, redo_stack = self._passes_to_stack(redo=False), self._passes_to_stack(redo=True)
        undo_text = f"{UNDO} {self.stack.undoText()}" if undo_stack else TEXT_UNDO
        redo_text = f"{REDO} {self.stack.redoText()}" if redo_stack else TEXT_REDO
        self._show(undo_stack or self._own_history(redo=False), redo_stack or self._own_history(redo=True),
                   undo_text, redo_text)

    def _show(self, can_undo: bool, can_redo: bool, undo_text: str, redo_text: str) -> None:
        self.undo_action.setEnabled(can_undo)
        self.undo_action.setText(undo_text)
        self.redo_action.setEnabled(can_redo)
        self.redo_action.setText(redo_text)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self.window):
            self.stop_following()  # the window is being destroyed: the focus moves as its widgets go
            return
        field = new if (isinstance(new, (QTextEdit, QLineEdit)) and not new.isReadOnly()
                        and self.window.isAncestorOf(new)) else None
        if field is self._field:
            return
        self._release_field()
        self._field = field
        if field is not None:
            for signal in _history_signals(field):
                signal.connect(self.refresh)
            field.destroyed.connect(self._field_destroyed)
        self.refresh()

    def _release_field(self) -> None:
        field, self._field = self._field, None
        if field is not None and shiboken6.isValid(field):
            with contextlib.suppress(RuntimeError, TypeError):
                for signal in _history_signals(field):
                    signal.disconnect(self.refresh)
                field.destroyed.disconnect(self._field_destroyed)

    def _stack_destroyed(self) -> None:
        # The document went first (at shutdown): nothing left to undo, and no more following.
        self.stack = None
        self.stop_following()

    def _field_destroyed(self) -> None:
        self._field = None
        self.refresh()


def _history_signals(field: QTextEdit | QLineEdit) -> tuple:
    """The signals after which the field's undo and redo availability may have changed."""
    if isinstance(field, QTextEdit):
        return field.undoAvailable, field.redoAvailable
    return (field.textChanged,)  # QLineEdit has no undoAvailable signal
