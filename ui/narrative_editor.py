"""The editor of one narrative block: the opening paragraphs or section 一、五、六.

One paragraph of the report is one text block (one line ending in Enter).
Headings are recognised from the text as the model reads them
(`model.narrative.parse_heading`) and only shown, never stored: the report
keeps plain paragraphs. Paragraphs with findings are drawn on a light yellow band.

The text widget is a QTextEdit in plain-text mode rather than a
QPlainTextEdit: QPlainTextEdit's document layout ignores the line height and
paragraph margins of QTextBlockFormat, and comfortable Chinese reading needs
both. It keeps its own undo history (Ctrl+Z); typing goes nowhere else. A replacement
(查找和替换) is a step on the document's undo stack instead: it starts every editor's own history
afresh, and Ctrl+Z in an editor whose history is used up undoes the replacement.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextEdit, QToolTip, QVBoxLayout, QWidget

from model.findings import Finding, Location
from model.narrative import parse_heading
from model.text_rules import INVISIBLE_CHARACTERS, REFUSED_CONTROLS
from ui.document import ReportDocument

#: Point size of the narrative text; the interface itself uses 10 pt.
TEXT_POINT_SIZE = 12
#: Line height in percent of the font's natural line height.
LINE_HEIGHT_PERCENT = 150
#: Space after every paragraph, in pixels.
PARAGRAPH_GAP = 12
#: First-line indent of every paragraph, in characters (首行缩进两字, as printed).
FIRST_LINE_INDENT_CHARS = 2
#: Background of a paragraph that has findings (a light warning yellow).
FINDING_BACKGROUND = QColor("#fff1b8")
FINDING_BAR = QColor("#e0a800")

#: Placeholder text shown while a block is empty: what belongs there.
PLACEHOLDERS = {
    "preamble": "开篇段落：说明报告的编制依据、主要内容、数据统计期限和获取方式，"
                "例如“本报告根据《中华人民共和国政府信息公开条例》……编制而成。”",
    "s1": "一、总体情况：分别叙述主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等情况，"
          "例如“（一）主动公开。……”。每段一行，按回车另起一段。",
    "s5": "五、存在的主要问题及改进情况：不得为空，应如实写明存在的主要问题及改进情况。",
    "s6": "六、其他需要报告的事项：写明收取信息处理费的情况，以及落实上级年度政务公开工作要点、"
          "人大代表建议和政协提案办理、工作创新等情况。",
}
GENERIC_PLACEHOLDER = "在此输入正文。每段一行，按回车另起一段；以“一、”“（一）”“1.”“（1）”开头的标题会自动识别。"

# --- pasted text ----------------------------------------------------------------------

#: Line and paragraph breaks of every origin: Windows and old Mac line ends,
#: Word's manual line break (vertical tab) and page break (form feed), the
#: Unicode line/paragraph separators, NEL, the ASCII record separators.
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: Control characters a report's text may not hold, and invisible characters that
#: only get in the way (zero-width space, BOM): model.text_rules states both.
_DROPPED = re.compile(f"[{REFUSED_CONTROLS}{INVISIBLE_CHARACTERS}]")


def clean_pasted_text(text: str) -> str:
    """`text` with every kind of line break turned into "\\n", tabs into spaces,
    and the control characters the project file refuses removed."""
    text = _BREAKS.sub("\n", text)
    text = _DROPPED.sub("", text)
    return text.replace("\t", " ")


def paragraphs_of(document: QTextDocument) -> list[str]:
    """The report's paragraphs for a text document: one per non-empty block,
    trailing whitespace stripped; empty lines are dropped."""
    return [p for _number, p in _numbered_paragraphs(document)]


def _numbered_paragraphs(document: QTextDocument) -> list[tuple[int, str]]:
    """(block number, paragraph text) of every non-empty block."""
    result = []
    block = document.firstBlock()
    while block.isValid():
        text = _DROPPED.sub("", block.text().replace("\u2028", "")).rstrip()
        if text:
            result.append((block.blockNumber(), text))
        block = block.next()
    return result


def count_label(paragraphs: list[str]) -> str:
    """The footer's count: "共 1,234 字（不含空格）· 6 段"."""
    chars = sum(1 for p in paragraphs for ch in p if not ch.isspace())
    return f"共 {chars:,} 字（不含空格）· {len(paragraphs)} 段"


# --- the text widget ------------------------------------------------------------------


class ParagraphTextEdit(QTextEdit):
    """Plain text, one paragraph per block. Pasted or dropped text is cleaned
    (`clean_pasted_text`); Shift+Enter starts a new paragraph like Enter
    instead of inserting a line break inside one; Tab moves the focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        #: Called with a viewport position for the tooltip there ("" for none).
        self.tooltip_at: Callable[[QPoint], str] | None = None
        self._hint = ""
        self._marked: list[int] = []
        self._tooltips: _ToolTips | None = None
        #: Called for Ctrl+Z / Ctrl+Shift+Z once the text's own history is used up: the document's
        #: undo stack may hold a replacement made after all of it (查找和替换). True if it acted.
        self.undo_fallback: Callable[[], bool] | None = None
        self.redo_fallback: Callable[[], bool] | None = None

    def undo(self) -> None:
        """The text's own last step, or when there is none the replacement before it (undo_fallback)."""
        if self.document().isUndoAvailable() or self.undo_fallback is None or not self.undo_fallback():
            super().undo()

    def redo(self) -> None:
        if self.document().isRedoAvailable() or self.redo_fallback is None or not self.redo_fallback():
            super().redo()

    def enterEvent(self, event: QEnterEvent) -> None:
        # The tooltip filter goes on when the mouse first comes in, not in a viewportEvent
        # override: that would hand every event of the first paint to Python (~5 ms of start-up).
        if self._tooltips is None:
            self._tooltips = _ToolTips(self)
            self.viewport().installEventFilter(self._tooltips)
        super().enterEvent(event)

    def marked_blocks(self) -> list[int]:
        """Numbers of the blocks drawn on a warning background."""
        return list(self._marked)

    def set_marked_blocks(self, numbers: list[int]) -> None:
        if numbers != self._marked:
            self._marked = list(numbers)
            self._repaint_text()

    def hint(self) -> str:
        return self._hint

    def set_hint(self, text: str) -> None:
        """Grey text shown while the text is empty. QTextEdit's own placeholder
        is clipped to the height of the empty first line; this one wraps."""
        self._hint = text
        self._repaint_text()

    def _repaint_text(self) -> None:
        # A hidden editor repaints when shown. Not asking for the viewport before then keeps
        # start-up fast: the first viewport() makes PySide resolve every QWidget class (~4-8 ms).
        if self.isVisible():
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._marked:
            self._paint_marks()
        super().paintEvent(event)
        if self._hint and self.document().isEmpty():
            margin = round(self.document().documentMargin())
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(margin, margin, -margin, -margin),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             self._hint)
            painter.end()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            text = source.text()
        elif source.hasHtml():
            text = QTextDocumentFragment.fromHtml(source.html()).toPlainText()
        else:
            return
        text = clean_pasted_text(text)
        if text:
            self.textCursor().insertText(text)
            self.ensureCursorVisible()

    def _paint_marks(self) -> None:
        """A band the width of the text behind each marked paragraph, with an amber bar at its left."""
        document = self.document()
        layout = document.documentLayout()
        margin = document.documentMargin()
        offset = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        width = self.viewport().width()
        painter = QPainter(self.viewport())
        painter.setPen(Qt.PenStyle.NoPen)
        for number in self._marked:
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            rect = layout.blockBoundingRect(block).translated(offset)
            band = QRectF(margin / 2, rect.top() - 4, width - margin, rect.height() + 8)
            if band.bottom() < 0 or band.top() > self.viewport().height():
                continue
            painter.setBrush(FINDING_BACKGROUND)
            painter.drawRoundedRect(band, 3, 3)
            painter.setBrush(FINDING_BAR)
            painter.drawRect(QRectF(band.left(), band.top(), 3, band.height()))
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.isReadOnly() and event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        if not self.isReadOnly() and event.matches(QKeySequence.StandardKey.Redo):
            self.redo()
            return
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            cursor = self.textCursor()
            cursor.beginEditBlock()
            cursor.removeSelectedText()
            cursor.insertBlock()
            cursor.endEditBlock()
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)


class _ToolTips(QObject):
    """Shows the tooltip `edit.tooltip_at` gives for the place under the mouse."""

    def __init__(self, edit: ParagraphTextEdit) -> None:
        super().__init__(edit)
        self.edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or self.edit.tooltip_at is None:
            return False
        assert isinstance(event, QHelpEvent)
        text = self.edit.tooltip_at(event.pos())
        if text:
            QToolTip.showText(event.globalPos(), text, self.edit.viewport())
        else:
            QToolTip.hideText()
            event.ignore()
        return True


# --- headings ---------------------------------------------------------------------------


def heading_formats(base: QFont) -> dict[int, QTextCharFormat]:
    """The character format of each heading level, 1 to 4."""
    level1 = QTextCharFormat()
    level1.setFontWeight(QFont.Weight.Bold)
    level1.setFontPointSize(base.pointSizeF() + 2 if base.pointSizeF() > 0 else TEXT_POINT_SIZE + 2)
    level1.setForeground(QColor("#9b1c1c"))  # deep red, as in printed government documents
    level2 = QTextCharFormat()
    level2.setFontWeight(QFont.Weight.Bold)
    level2.setForeground(QColor("#1d4f91"))  # dark blue
    level3 = QTextCharFormat()
    level3.setFontWeight(QFont.Weight.Bold)
    level3.setForeground(QColor("#1f1f1f"))
    level4 = QTextCharFormat()
    level4.setFontWeight(QFont.Weight.DemiBold)
    level4.setForeground(QColor("#2e6b4f"))  # dark green
    return {1: level1, 2: level2, 3: level3, 4: level4}


def heading_span(text: str) -> tuple[int, int, int] | None:
    """(level, start, length) of the heading part of a paragraph, or None.

    For a run-in heading "（一）积极主动公开。通过……" the span is the marker
    and title "（一）积极主动公开。"; for an enumerated body paragraph
    ("1.……，……" without a title) it is the marker alone."""
    heading = parse_heading(text)
    if heading is None:
        return None
    start = len(text) - len(text.lstrip())
    after_marker = text[start + len(heading.marker):]
    gap = len(after_marker) - len(after_marker.lstrip())
    length = len(heading.marker) + (gap + len(heading.title) if heading.title else 0)
    return heading.level, start, length


class HeadingHighlighter(QSyntaxHighlighter):
    """Shows the recognised heading level of every paragraph; the block state
    is the level (0 for body text)."""

    def __init__(self, document: QTextDocument, base_font: QFont) -> None:
        super().__init__(document)
        self.formats = heading_formats(base_font)

    def highlightBlock(self, text: str) -> None:
        span = heading_span(text)
        if span is None:
            self.setCurrentBlockState(0)
            return
        level, start, length = span
        self.setCurrentBlockState(level)
        self.setFormat(start, length, self.formats[level])


# --- the editor ---------------------------------------------------------------------------


class NarrativeEditor(QWidget):
    """Edits the paragraphs of one narrative block of the open report.

    `section_id` is "preamble" (the opening paragraphs) or the id of a
    narrative section ("s1", "s5", "s6"). Every change of the text goes to
    `document.set_paragraphs` at once."""

    def __init__(self, document: ReportDocument, section_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section_id = section_id
        self._loading = False
        #: Block number of each of the report's paragraphs, as last loaded or synced.
        self._paragraph_blocks: list[int] = []
        self._findings: list[Finding] = []

        self.edit = ParagraphTextEdit(self)
        self.edit.setObjectName("narrativeText")
        font = QFont(self.font())
        font.setPointSize(TEXT_POINT_SIZE)
        self.edit.setFont(font)
        self.edit.document().setDefaultFont(font)
        self.edit.document().setDocumentMargin(12)
        self.edit.set_hint(PLACEHOLDERS.get(section_id, GENERIC_PLACEHOLDER))
        self.edit.setMinimumHeight(round(5 * QFontMetricsF(font).lineSpacing() * LINE_HEIGHT_PERCENT / 100))
        self.edit.tooltip_at = self._tooltip_at
        self.highlighter = HeadingHighlighter(self.edit.document(), font)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("narrativeCount")
        self.findings_label = QLabel(self)
        self.findings_label.setObjectName("narrativeFindings")
        self.findings_label.setStyleSheet("color: #8a5a00;")
        #: Share of this section repeated from last year's report (when one is attached).
        self.repeat_label = QLabel(self)
        self.repeat_label.setObjectName("narrativeRepeat")
        footer = QHBoxLayout()
        footer.setContentsMargins(6, 0, 6, 4)
        footer.addWidget(self.count_label)
        footer.addSpacing(16)
        footer.addWidget(self.repeat_label)
        footer.addStretch(1)
        footer.addWidget(self.findings_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addLayout(footer)
        self.setFocusProxy(self.edit)

        self.edit.textChanged.connect(self._text_changed)
        document.reportReplaced.connect(self.reload)
        document.textChanged.connect(self._document_text_changed)
        document.findingsChanged.connect(self._findings_changed)
        document.textReplaced.connect(self._forget_typing_history)
        self.edit.undo_fallback = self._undo_replacement
        self.edit.redo_fallback = self._redo_replacement
        self.reload()

    # --- public ---------------------------------------------------------------------------

    def paragraphs(self) -> list[str]:
        """The paragraphs as the editor shows them now."""
        return paragraphs_of(self.edit.document())

    def reload(self) -> None:
        """Show the report's paragraphs again, discarding the text's undo history;
        the document is not marked modified."""
        stored = self._stored_paragraphs()
        self._loading = True
        try:
            text_document = self.edit.document()
            text_document.setUndoRedoEnabled(False)
            self.edit.setPlainText("\n".join(stored or []))
            self._format_all_blocks()
            text_document.setUndoRedoEnabled(True)
            self.edit.setReadOnly(stored is None)
            if stored is None:
                self.edit.set_hint("本报告没有这一部分。")
        finally:
            self._loading = False
        self._paragraph_blocks = []
        number = 0
        for paragraph in stored or []:
            self._paragraph_blocks.append(number)
            number += paragraph.count("\n") + 1
        self._update_count(self.paragraphs())
        self._findings_changed(self.document.findings)

    def select_paragraph(self, index: int, span: tuple[int, int] | None = None, focus: bool = True) -> bool:
        """Select the `index`-th paragraph (0-based) — or, with `span`, the characters
        [start, end) of it (a sentence a finding is about, a match of 查找) — scroll to it and
        focus the text (unless `focus` is False: the find bar keeps the keyboard).
        False, and nothing selected, if there is no such paragraph."""
        if not 0 <= index < len(self._paragraph_blocks):
            return False
        block = self.edit.document().findBlockByNumber(self._paragraph_blocks[index])
        if not block.isValid():
            return False
        cursor = QTextCursor(block)
        if span is not None:
            last = block.position() + block.length() - 1
            cursor.setPosition(min(block.position() + span[0], last))
            cursor.setPosition(min(block.position() + span[1], last), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.edit.setTextCursor(cursor)
        self.edit.ensureCursorVisible()
        if focus:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def selected_span(self) -> tuple[int, int, int] | None:
        """(paragraph index, start, end) of the selection — start == end for the bare cursor — when it
        lies within one paragraph; None when it spans paragraphs or sits on an empty line."""
        cursor = self.edit.textCursor()
        block = self.edit.document().findBlock(cursor.selectionStart())
        if block != self.edit.document().findBlock(cursor.selectionEnd()):
            return None
        try:
            index = self._paragraph_blocks.index(block.blockNumber())
        except ValueError:
            return None
        return index, cursor.selectionStart() - block.position(), cursor.selectionEnd() - block.position()

    def go_to(self, location: Location) -> bool:
        """Select the paragraph (or the sentence in it) that `location` names; False if it names none."""
        return location.paragraph is not None and self.select_paragraph(location.paragraph, location.span)

    def paragraph_findings(self) -> dict[int, list[Finding]]:
        """The findings about single paragraphs of this block, by paragraph index."""
        result: dict[int, list[Finding]] = {}
        for finding in self._findings:
            location = finding.location
            if location.section == self.section_id and location.paragraph is not None:
                result.setdefault(location.paragraph, []).append(finding)
        return result

    # --- internals --------------------------------------------------------------------------

    def _stored_paragraphs(self) -> list[str] | None:
        report = self.document.report
        if self.section_id == "preamble":
            return report.preamble
        section = report.section(self.section_id)
        return None if section is None else section.paragraphs

    def set_zoom(self, percent: int) -> None:
        """The text at `percent` of its default size, headings included (视图 → 放大 / 缩小)."""
        font = QFont(self.edit.font())
        font.setPointSizeF(TEXT_POINT_SIZE * percent / 100)
        self.edit.setFont(font)
        self.edit.document().setDefaultFont(font)
        self.highlighter.formats = heading_formats(font)
        self.highlighter.rehighlight()
        # The first-line indent is two characters of the new size; setting it is an edit of the text's
        # own undo history, so it is done only while that history is empty (at start, after a load) —
        # a zoom never adds an invisible step to Ctrl+Z.
        if not self.edit.document().isUndoAvailable():
            self._format_all_blocks()
            self.edit.document().clearUndoRedoStacks()

    def _format_all_blocks(self) -> None:
        """Line height and paragraph gap on every block; new blocks inherit them."""
        block_format = QTextBlockFormat()
        block_format.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block_format.setBottomMargin(PARAGRAPH_GAP)
        char_width = QFontMetricsF(self.edit.document().defaultFont()).horizontalAdvance("中")
        block_format.setTextIndent(FIRST_LINE_INDENT_CHARS * char_width)
        cursor = QTextCursor(self.edit.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block_format)

    def _forget_typing_history(self) -> None:
        # A replacement came after all of it: Ctrl+Z here must reach the replacement, not older typing.
        self.edit.document().clearUndoRedoStacks()

    def _undo_replacement(self) -> bool:
        if not self.document.stack_undoes_text():
            return False
        self.document.undo_stack.undo()
        return True

    def _redo_replacement(self) -> bool:
        if not self.document.stack_redoes_text():
            return False
        self.document.undo_stack.redo()
        return True

    def _text_changed(self) -> None:
        if self._loading:
            return
        numbered = _numbered_paragraphs(self.edit.document())
        self._paragraph_blocks = [number for number, _text in numbered]
        paragraphs = [text for _number, text in numbered]
        self._update_count(paragraphs)
        if self._stored_paragraphs() is not None:
            self.document.set_paragraphs(self.section_id, paragraphs)
        self._show_findings()

    def _document_text_changed(self) -> None:
        """Another part of the app changed this block's paragraphs: show them.
        (The editor's own edits arrive here too and match, so nothing reloads.)"""
        stored = self._stored_paragraphs()
        if not self._loading and stored is not None and self.paragraphs() != stored:
            self.reload()

    def _update_count(self, paragraphs: list[str]) -> None:
        self.count_label.setText(count_label(paragraphs))

    def _findings_changed(self, findings: list[Finding]) -> None:
        self._findings = [f for f in findings if f.location.section == self.section_id]
        self._show_findings()
        self._show_repetition()

    def _show_repetition(self) -> None:
        if self.document.report.prior is None:  # nothing to compare with (and start-up stays light)
            self.repeat_label.clear()
            return
        from model.crossyear import repetition_shares

        share = repetition_shares(self.document.report).get(self.section_id)
        if share is None:
            self.repeat_label.clear()
            return
        self.repeat_label.setText(f"与上年报告重复 {share:.0%}")
        # Evaluators penalise more than half repeated from last year.
        self.repeat_label.setStyleSheet("color: #b3261e; font-weight: bold;" if share > 0.5 else "color: #555;")

    def _show_findings(self) -> None:
        # A paragraph whose every finding a reviewer signed off (已核实) is no longer banded: it was looked at.
        signed = [f for f in self._findings if self.document.signoff_for(f) is not None]
        banded = {index for index, found in self.paragraph_findings().items()
                  if any(f not in signed for f in found)}
        self.edit.set_marked_blocks([self._paragraph_blocks[index] for index in sorted(banded)
                                     if index < len(self._paragraph_blocks)])
        count = len(self._findings)
        self.findings_label.setVisible(bool(count))
        if count:
            checked = f"，已核实 {len(signed)} 条" if signed else ""
            self.findings_label.setText(f"检查提示 {count} 条{checked}（相关段落以黄色底纹标出）")
            self.findings_label.setToolTip("\n".join(f"[{f.severity.label}] {f.message}" for f in self._findings))

    def _tooltip_at(self, position: QPoint) -> str:
        block: QTextBlock = self.edit.cursorForPosition(position).block()
        number = block.blockNumber()
        messages = [f"[{f.severity.label}] {f.message}"
                    for index, findings in self.paragraph_findings().items()
                    if index < len(self._paragraph_blocks) and self._paragraph_blocks[index] == number
                    for f in findings]
        return "\n".join(messages)
