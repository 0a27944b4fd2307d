"""查找和替换: a bar under the tabs that finds text in the opening paragraphs and the narrative sections
(一、五、六), counts the matches, selects the current one in its editor and replaces one or all.

The matching is model/text_search.py's. A replacement is one step on the document's undo stack
(ReplaceTextsCommand), whichever sections it changes; the bar's own fields pass Ctrl+Z on to that
step when it was made after their last typing, so 全部替换 then Ctrl+Z undoes it wholly.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QWidget,
)

from model.text_search import (
    PREAMBLE,
    Match,
    apply_replacements,
    find_matches,
    match_after,
    replace_all,
    report_texts,
    whole_word_applies,
)
from ui.document import ReportDocument
from ui.editor_tabs import EditorTabs
from ui.narrative_editor import NarrativeEditor, clean_pasted_text

#: The text editor of a section ("preamble", "s1" …): with show=True its tab is shown (and the editor
#: built); with show=False only an editor already built is given. None if there is none.
EditorFinder = Callable[[str, bool], NarrativeEditor | None]

FIND_TIP = ("在开篇段落和一、五、六部分的正文中查找；回车查找下一个，Shift+回车查找上一个。\n"
            "全角与半角是不同的字符：「１２」不匹配「12」，「，」不匹配「,」。")
CASE_TIP = "只对英文字母有效：勾选后「APP」不匹配「app」。"
WORD_TIP = ("只对数字和英文单词有效：勾选后「12」不匹配「123」「12.5」中的「12」。\n"
            "汉字之间没有词的分隔，查找内容首尾都是汉字时不适用。")
NO_MATCH = "无匹配"


class BarField(QLineEdit):
    """A field of the bar. Shift+Enter says so (查找上一个); Ctrl+Z and Ctrl+Shift+Z act on the
    document's replacement when one was made after the last typing here (the undo router asks
    `isUndoAvailable` and calls `undo` too, so 编辑 → 撤销 does the same)."""

    shiftReturnPressed = Signal()

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        #: A replacement was made after the last typing in this field.
        self.replaced_since_typing = False
        self.textEdited.connect(self._typed)

    def _typed(self, _text: str) -> None:
        self.replaced_since_typing = False

    def isUndoAvailable(self) -> bool:
        return (self.replaced_since_typing and self.document.stack_undoes_text()) or super().isUndoAvailable()

    def isRedoAvailable(self) -> bool:
        return (self.replaced_since_typing and self.document.stack_redoes_text()) or super().isRedoAvailable()

    def undo(self) -> None:
        if self.replaced_since_typing and self.document.stack_undoes_text():
            self.document.undo_stack.undo()
        else:
            super().undo()

    def redo(self) -> None:
        if self.replaced_since_typing and self.document.stack_redoes_text():
            self.document.undo_stack.redo()
        else:
            super().redo()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.redo()
        elif (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
              and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.shiftReturnPressed.emit()
        else:
            super().keyPressEvent(event)


class FindReplaceBar(QWidget):
    """The bar. `editor_for` shows the tab of a section and gives its text editor."""

    def __init__(self, document: ReportDocument, editor_for: EditorFinder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findReplaceBar")
        self.document = document
        self.editor_for = editor_for
        self.matches: list[Match] = []
        #: Index of the current match in `matches`, -1 for none.
        self.current = -1
        #: Where the text cursor was when the bar opened: the search starts there.
        self._origin: tuple[str, int, int] | None = None

        self.find_edit = BarField(document, self)
        self.find_edit.setObjectName("findText")
        self.find_edit.setPlaceholderText("查找内容")
        self.find_edit.setToolTip(FIND_TIP)
        self.find_edit.setClearButtonEnabled(True)
        self.replace_edit = BarField(document, self)
        self.replace_edit.setObjectName("replaceText")
        self.replace_edit.setPlaceholderText("替换为")
        self.replace_edit.setToolTip("回车替换当前一处并转到下一处。")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("第 888 / 888 处") + 8)
        self.previous_button = QToolButton(self)
        self.previous_button.setText("上一个")
        self.previous_button.setToolTip("查找上一个（Shift+F3）")
        self.next_button = QToolButton(self)
        self.next_button.setText("下一个")
        self.next_button.setToolTip("查找下一个（F3）")
        self.case_box = QCheckBox("区分大小写", self)
        self.case_box.setToolTip(CASE_TIP)
        self.word_box = QCheckBox("全字匹配", self)
        self.word_box.setToolTip(WORD_TIP)
        self.replace_button = QPushButton("替换", self)
        self.replace_button.setToolTip("替换当前一处并转到下一处（可撤销）")
        self.replace_all_button = QPushButton("全部替换", self)
        self.replace_all_button.setToolTip("替换开篇段落和各部分正文中的全部匹配，作为一步撤销")
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setToolTip("关闭（Esc）")
        self.find_title = QLabel("查找：", self)
        self.replace_title = QLabel("替换为：", self)
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setAutoRaise(True)

        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.find_title, 0, 0)
        layout.addWidget(self.find_edit, 0, 1)
        layout.addWidget(self.count_label, 0, 2)
        layout.addWidget(self.previous_button, 0, 3)
        layout.addWidget(self.next_button, 0, 4)
        layout.addWidget(self.case_box, 0, 5)
        layout.addWidget(self.word_box, 0, 6)
        layout.addWidget(self.close_button, 0, 8)
        layout.addWidget(self.replace_title, 1, 0)
        layout.addWidget(self.replace_edit, 1, 1)
        layout.addWidget(self.replace_button, 1, 3, 1, 2)
        layout.addWidget(self.replace_all_button, 1, 5)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(7, 0)

        self.find_edit.textChanged.connect(self._query_changed)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.shiftReturnPressed.connect(self.find_previous)
        self.replace_edit.returnPressed.connect(self.replace_current)
        self.replace_edit.shiftReturnPressed.connect(self.replace_current)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.case_box.toggled.connect(self._query_changed)
        self.word_box.toggled.connect(self._query_changed)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_everything)
        self.close_button.clicked.connect(self.close_bar)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)
        document.textChanged.connect(self._text_changed)
        document.reportReplaced.connect(self._text_changed)
        self._set_replacing(False)
        self._update_word_box()
        self.hide()

    # --- opening and closing -------------------------------------------------------------

    def open_find(self) -> None:
        """查找 (Ctrl+F): show the bar, take the current editor's selection as the query if it is one line."""
        self._set_replacing(False)
        self._open()

    def open_replace(self) -> None:
        """替换 (Ctrl+H): the bar with its replace row."""
        self._set_replacing(True)
        self._open()

    def close_bar(self) -> None:
        """Hide the bar (its text stays for next time) and give the keyboard back to the current match's editor."""
        self.hide()
        if 0 <= self.current < len(self.matches):
            editor = self.editor_for(self.matches[self.current].section, False)
            if editor is not None and editor.isVisible():
                editor.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_replacing(self) -> bool:
        return self.replace_edit.isVisibleTo(self)

    # --- finding ----------------------------------------------------------------------------

    def find_next(self) -> None:
        """查找下一个 (F3): the next match, round from the last to the first."""
        self._step(1)

    def find_previous(self) -> None:
        """查找上一个 (Shift+F3)."""
        self._step(-1)

    def query(self) -> str:
        return self.find_edit.text()

    # --- replacing -----------------------------------------------------------------------

    def replacement(self) -> str:
        """The replacement text as one line (a paragraph break cannot be put inside a paragraph)."""
        return clean_pasted_text(self.replace_edit.text()).replace("\n", " ")

    def replace_current(self) -> None:
        """替换: replace the current match (one undo step) and go on to the next one."""
        if not self.isVisible():
            self.open_replace()
        if not 0 <= self.current < len(self.matches):
            self.find_next()
            return
        match, replacement = self.matches[self.current], self.replacement()
        result = apply_replacements(report_texts(self.document.report), [match], replacement)
        self._push(result.paragraphs, f"替换「{_short(self.query())}」")
        self._refresh((match.section, match.paragraph, match.start + len(replacement)), select=True)

    def replace_everything(self) -> int:
        """全部替换: every match in every section as one undo step; how many were replaced."""
        if not self.query():
            return 0
        result = replace_all(report_texts(self.document.report), self.query(), self.replacement(),
                             self.case_box.isChecked(), self.word_box.isChecked())
        if result.count:
            self._push(result.paragraphs, f"全部替换「{_short(self.query())}」（{result.count} 处）")
        self.count_label.setText(f"已替换 {result.count} 处" if result.count else NO_MATCH)
        return result.count

    # --- internals -------------------------------------------------------------------------

    def _open(self) -> None:
        editor = self._focused_editor()
        if editor is not None:  # else the search goes on from the current match
            self._origin = _place_in(editor)
        selected = _selected_text(editor) if editor is not None else ""
        if selected and selected != self.query():
            self.current = -1  # a new query from the text: search it from there
            self.find_edit.setText(selected)
        self.show()
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()
        self._refresh(self._place_of_current() or self._origin, select=False)

    def _set_replacing(self, replacing: bool) -> None:
        for widget in (self.replace_title, self.replace_edit, self.replace_button, self.replace_all_button):
            widget.setVisible(replacing)

    def _push(self, paragraphs: dict[str, list[str]], text: str) -> None:
        # Before the push: the undo router asks the fields as soon as the stack changes.
        for field in (self.find_edit, self.replace_edit):
            field.replaced_since_typing = True
        self.document.replace_paragraphs(paragraphs, text)

    def _query_changed(self, *_args: object) -> None:
        self._update_word_box()
        self._refresh(self._place_of_current() or self._origin, select=True)

    def _text_changed(self) -> None:
        # Typing or an undo elsewhere: recount, keep the current match where it was, select nothing
        # (moving the cursor of the text being typed in would be hostile).
        if self.isVisible():
            self._refresh(self._place_of_current(), select=False)

    def _update_word_box(self) -> None:
        applies = whole_word_applies(self.query()) or not self.query()
        self.word_box.setEnabled(applies)

    def _refresh(self, anchor: tuple[str, int, int] | None, select: bool) -> None:
        """Find the matches again; the current one is the first at or after `anchor`."""
        texts = report_texts(self.document.report)
        self.matches = find_matches(texts, self.query(), self.case_box.isChecked(), self.word_box.isChecked())
        order = [section for section, _paragraphs in texts]
        self.current = match_after(self.matches, order, *(anchor or (PREAMBLE, 0, 0)))
        self._show_count()
        if select:
            self._select_current()

    def _step(self, direction: int) -> None:
        if not self.isVisible():
            self.open_find()
        if not self.matches:
            return
        if self._current_is_selected():
            self.current = (self.current + direction) % len(self.matches)
        self._show_count()
        self._select_current()

    def _show_count(self) -> None:
        if not self.query():
            self.count_label.clear()
        elif not self.matches:
            self.count_label.setText(NO_MATCH)
        else:
            self.count_label.setText(f"第 {self.current + 1} / {len(self.matches)} 处")
        self.count_label.setStyleSheet("color: #b3261e;" if self.query() and not self.matches else "")

    def _select_current(self) -> None:
        if not 0 <= self.current < len(self.matches):
            return
        match = self.matches[self.current]
        editor = self.editor_for(match.section, True)
        if editor is None:
            return
        editor.select_paragraph(match.paragraph, (match.start, match.end), focus=not self.isVisible())
        _scroll_into_view(editor)

    def _current_is_selected(self) -> bool:
        """Whether the current match is what its editor has selected (else F3 goes to it first)."""
        if not 0 <= self.current < len(self.matches):
            return False
        match = self.matches[self.current]
        editor = self.editor_for(match.section, False)
        return editor is not None and editor.selected_span() == (match.paragraph, match.start, match.end)

    def _place_of_current(self) -> tuple[str, int, int] | None:
        if not 0 <= self.current < len(self.matches):
            return None
        match = self.matches[self.current]
        return match.section, match.paragraph, match.start

    def _focused_editor(self) -> NarrativeEditor | None:
        """The text editor that has the keyboard, if one has."""
        focus: QWidget | None = self.window().focusWidget()
        while focus is not None and not isinstance(focus, NarrativeEditor):
            focus = focus.parentWidget()
        return focus


def _place_in(editor: NarrativeEditor) -> tuple[str, int, int] | None:
    """(section, paragraph, offset) of the start of the editor's selection or of its cursor."""
    span = editor.selected_span()
    return (editor.section_id, span[0], span[1]) if span is not None else None


def _selected_text(editor: NarrativeEditor) -> str:
    """The editor's selection if it is a short piece of one paragraph (to search for), else ""."""
    text = editor.edit.textCursor().selectedText()
    return text if 0 < len(text) <= 100 and "\u2029" not in text else ""


def _short(text: str) -> str:
    return text if len(text) <= 12 else text[:11] + "…"


def _scroll_into_view(editor: NarrativeEditor) -> None:
    """The opening paragraphs' editor sits in the 基本信息 tab's scroll area: bring it into view."""
    parent = editor.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(editor.edit)
            return
        parent = parent.parentWidget()


def editor_finder(tabs: EditorTabs) -> EditorFinder:
    """An EditorFinder over the window's tabs: the opening paragraphs are on the 基本信息 tab."""

    def editor_for(section: str, show: bool) -> NarrativeEditor | None:
        key = "meta" if section == PREAMBLE else section
        if key not in tabs.keys:
            return None
        editor: object = tabs.show_tab(key) if show else tabs.editors.get(key)
        if section == PREAMBLE:
            editor = getattr(editor, "preamble_editor", None)
        return editor if isinstance(editor, NarrativeEditor) else None

    return editor_for
