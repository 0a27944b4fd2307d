"""The window's tabs — 基本信息 and the report's six sections — and the editors in them.

An editor is built when its tab is first shown, so that the window appears without building
all seven. Every editor goes to what a finding points at through one small protocol,
`Editor.go_to(location)`."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from model.findings import Location
from ui.document import ReportDocument
from ui.narrative_editor import NarrativeEditor

META_TAB = "meta"
#: The narrative of 一、总体情况 first: the metadata is filled once, the text is worked on.
FIRST_TAB = 1
#: The zoom steps of Ctrl+= and Ctrl+-, in percent of the default size.
ZOOM_STEPS = (70, 80, 90, 100, 110, 125, 150, 175, 200)
DEFAULT_ZOOM = 100


def clamp_zoom(percent: int) -> int:
    """`percent` within the zoom steps' range (a hand-edited setting must not make text unreadable)."""
    return min(max(percent, ZOOM_STEPS[0]), ZOOM_STEPS[-1])


@runtime_checkable
class Editor(Protocol):
    """What every tab's editor does (ui/meta_editor.py, ui/narrative_editor.py, ui/table_editor.py)."""

    def go_to(self, location: Location) -> bool:
        """Show and select what `location` points at; False if it points at nothing in this editor."""
        ...


def tab_key(location: Location) -> str:
    """The tab that shows `location`: the opening paragraph is on the 基本信息 tab."""
    return META_TAB if location.section in ("meta", "preamble") else location.section


class EditorTabs(QObject):
    """Builds the tabs of `tabs` for the report of `document` (again when it is replaced) and their
    editors on first use. The table editors' messages are passed on as signals."""

    #: A table editor's status message (text, whether it is a problem).
    message = Signal(str, bool)
    #: A paste a table refused: its model.paste.PastePlan (the kind of problem, the reasons).
    pasteRejected = Signal(object)
    #: The editors' zoom changed (percent), for the settings.
    zoomChanged = Signal(int)

    def __init__(self, tabs: QTabWidget, document: ReportDocument, zoom: int = DEFAULT_ZOOM) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.document = document
        self.zoom = clamp_zoom(zoom)
        #: Whether the table tabs show the 填报说明 panel under their tables.
        self.guide_visible = True
        self.editors: dict[str, QWidget] = {}
        self.keys: list[str] = []
        tabs.currentChanged.connect(self._tab_changed)

    def rebuild(self) -> None:
        """One tab per part of the report, only the current one with its editor."""
        tabs = self.tabs
        current = tabs.currentIndex() if tabs.count() else FIRST_TAB
        for index in range(tabs.count()):
            old_page = tabs.widget(index)
            if old_page is not None:
                old_page.deleteLater()
        tabs.clear()
        self.editors = {}
        template = self.document.report.template
        keys = [META_TAB, *(s.id for s in template.sections)]
        # The keys are known to _tab_changed only once all tabs are in: adding the first
        # tab makes it current, which would otherwise build the metadata editor for nothing.
        self.keys = []
        for key in keys:
            page = QWidget(tabs)
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            if key == META_TAB:
                title = tip = "基本信息"
            else:  # short on the tab, so that all seven fit a 1366 px window; in full as the tooltip
                section = template.section(key)
                title, tip = section.short_title, section.title
            index = tabs.addTab(page, title)
            tabs.setTabToolTip(index, tip)
        self.keys = keys
        tabs.setCurrentIndex(current)
        self.editor(self.keys[current])

    def editor(self, key: str) -> QWidget:
        """The editor of a tab ("meta", "s1" … "s6"), built on first use."""
        if key in self.editors:
            return self.editors[key]
        document = self.document
        page = self.tabs.widget(self.keys.index(key))
        layout = page.layout() if page is not None else None
        assert page is not None and layout is not None, "rebuild() gives every tab a page with a layout"
        if key == META_TAB:
            from ui.meta_editor import MetaEditor  # loads with its tab

            editor: QWidget = MetaEditor(document, page)
            # In a scroll area so that the form never sets the window's minimum height.
            holder = QScrollArea(page)
            holder.setWidget(editor)
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            layout.addWidget(holder)
        else:
            section = document.report.template.section(key)
            if section.kind == "narrative":
                editor = NarrativeEditor(document, key, page)
            else:
                from ui.table_editor import TableSectionEditor  # loads with the first table tab

                editor = TableSectionEditor(document, section.tables, page)
                editor.guide_panel.setVisible(self.guide_visible)
                for view in editor.views.values():
                    view.message.connect(self.message)
                    view.pasteRejected.connect(self.pasteRejected)
            layout.addWidget(editor)
        self.editors[key] = editor
        self._apply_zoom(key, editor)
        return editor

    def set_guide_visible(self, visible: bool) -> None:
        """Show or hide the 填报说明 panel of every table tab (视图 → 填报说明面板)."""
        self.guide_visible = visible
        for editor in self.editors.values():
            panel = getattr(editor, "guide_panel", None)
            if panel is not None:
                panel.setVisible(visible)

    # --- zoom (视图 → 放大, 缩小, 实际大小) ------------------------------------------------

    def set_zoom(self, percent: int) -> None:
        """Zoom the tables and the narrative text to `percent` (70 %–200 %) of their default size."""
        percent = clamp_zoom(percent)
        if percent == self.zoom:
            return
        self.zoom = percent
        for key, editor in self.editors.items():
            self._apply_zoom(key, editor)
        self.zoomChanged.emit(percent)

    def zoom_in(self) -> None:
        self.set_zoom(next((step for step in ZOOM_STEPS if step > self.zoom), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((step for step in reversed(ZOOM_STEPS) if step < self.zoom), ZOOM_STEPS[0]))

    def reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_ZOOM)

    def _apply_zoom(self, key: str, editor: QWidget) -> None:
        if key == META_TAB:
            # A form of short fields keeps the window's size; its opening paragraph is text like the others.
            preamble = getattr(editor, "preamble_editor", None)
            if isinstance(preamble, NarrativeEditor):
                preamble.set_zoom(self.zoom)
            return
        if isinstance(editor, NarrativeEditor):
            editor.set_zoom(self.zoom)
            return
        font = QFont(QApplication.font())  # the tables: the window's font, scaled; the views refit to it
        font.setPointSizeF(font.pointSizeF() * self.zoom / 100)
        editor.setFont(font)

    def current_key(self) -> str:
        return self.keys[max(0, self.tabs.currentIndex())]

    def current_editor(self) -> QWidget:
        return self.editor(self.current_key())

    def show_tab(self, key: str) -> QWidget:
        self.tabs.setCurrentIndex(self.keys.index(key))
        return self.editor(key)

    def go_to(self, location: Location) -> bool:
        """Show the tab of `location` and let its editor select what it points at."""
        key = tab_key(location)
        if key not in self.keys:
            return False
        editor = self.show_tab(key)
        return isinstance(editor, Editor) and editor.go_to(location)  # every tab's editor is one

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.keys):
            self.editor(self.keys[index])
