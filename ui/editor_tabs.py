"""The window's tabs — 基本信息 and the report's six sections — and the editors in them.

An editor is built when its tab is first shown, so that the window appears without building
all seven. Every editor goes to what a finding points at through one small protocol,
`Editor.go_to(location)`."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from model.findings import Location
from ui.document import ReportDocument
from ui.narrative_editor import NarrativeEditor

META_TAB = "meta"
#: The narrative of 一、总体情况 first: the metadata is filled once, the text is worked on.
FIRST_TAB = 1


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
    #: A paste a table refused: the reasons, one a cell.
    pasteRejected = Signal(list)

    def __init__(self, tabs: QTabWidget, document: ReportDocument) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.document = document
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
            title = "基本信息" if key == META_TAB else template.section(key).title
            index = tabs.addTab(page, title)
            tabs.setTabToolTip(index, title)
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
                for view in editor.views.values():
                    view.message.connect(self.message)
                    view.pasteRejected.connect(self.pasteRejected)
            layout.addWidget(editor)
        self.editors[key] = editor
        return editor

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
