"""The basic information of the report (机关、年度、公布日期、联系方式) and its opening paragraph."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from model.deadlines import DEADLINE_RULE, deadline_status, publication_deadline
from model.findings import Finding, Location
from model.report import AgencyKind, Metadata
from ui.document import ReportDocument
from ui.narrative_editor import FINDING_BACKGROUND, NarrativeEditor, clean_pasted_text

__all__ = ["DATE_FORMAT", "DEADLINE_HINT", "MetaEditor", "clean_line", "publication_deadline"]

FIRST_YEAR, LAST_YEAR = 2019, 2100
#: Qt's spelling of model.text_rules.chinese_date ("2025年1月20日").
DATE_FORMAT = "yyyy年M月d日"
#: 条例 Art. 49, as model/deadlines.py states it.
DEADLINE_HINT = DEADLINE_RULE
LATE_COLOR = QColor("#b3261e")


def clean_line(text: str) -> str:
    """A single-line field's text without line breaks or the control characters
    the project file refuses (a name pasted from Word can carry them)."""
    return clean_pasted_text(text).replace("\n", "")


class MetaEditor(QWidget):
    """Edits `document.report.meta` field by field (each edit is one
    `document.set_meta`), and the opening paragraph in a NarrativeEditor."""

    #: Metadata field → the widget that edits it (see `select_field`).
    FIELDS = ("agency", "year", "kind", "published", "local_deadline", "website", "phone", "email")

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False
        #: Today, for the days left to the deadline: shown here only, never in a finding (tests set it).
        self.today: Callable[[], date] = date.today

        self.agency_edit = QLineEdit(self)
        self.agency_edit.setPlaceholderText("例如：××市××局")
        self.agency_edit.setMaxLength(200)

        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_spin.setSuffix(" 年度")
        self.year_spin.setMinimumWidth(120)

        self.kind_combo = QComboBox(self)
        for kind in AgencyKind:
            self.kind_combo.addItem(kind.label, kind)
        self.kind_hint = QLabel(DEADLINE_HINT, self)
        self.kind_hint.setObjectName("deadlineHint")
        self.kind_hint.setWordWrap(True)
        _muted(self.kind_hint)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_combo)
        kind_row.addSpacing(8)
        kind_row.addWidget(self.kind_hint, 1)

        self.published_edit = QDateEdit(self)
        self.published_edit.setDisplayFormat(DATE_FORMAT)
        self.published_edit.setCalendarPopup(True)
        self.published_edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR + 1, 12, 31))
        self.published_edit.setMinimumWidth(150)
        self.published_unknown = QCheckBox("尚未确定", self)
        self.deadline_label = QLabel(self)
        self.deadline_label.setObjectName("deadlineLabel")
        published_row = QHBoxLayout()
        published_row.addWidget(self.published_edit)
        published_row.addSpacing(8)
        published_row.addWidget(self.published_unknown)
        published_row.addSpacing(16)
        published_row.addWidget(self.deadline_label, 1)

        # Some provinces require the report days before the statutory deadline; stored in the file so that
        # the agency and its supervising office get the same META-LATE.
        self.local_deadline_check = QCheckBox("本地要求更早的期限", self)
        self.local_deadline_check.setToolTip("上级或本省要求早于法定期限公布（报送）时勾选并填写日期；"
                                            "“晚于公布期限”的检查将按较早的期限判断")
        self.local_deadline_edit = QDateEdit(self)
        self.local_deadline_edit.setDisplayFormat(DATE_FORMAT)
        self.local_deadline_edit.setCalendarPopup(True)
        self.local_deadline_edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR + 1, 12, 31))
        self.local_deadline_edit.setMinimumWidth(150)
        local_row = QHBoxLayout()
        local_row.addWidget(self.local_deadline_check)
        local_row.addSpacing(8)
        local_row.addWidget(self.local_deadline_edit)
        local_row.addStretch(1)

        self.website_edit = QLineEdit(self)
        self.website_edit.setPlaceholderText("例如：http://www.example.gov.cn/")
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText("例如：0632-3168699")
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText("例如：gongkai@example.gov.cn")

        box = QGroupBox("基本信息", self)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addRow("机关全称：", self.agency_edit)
        form.addRow("报告年度：", _left(self.year_spin))
        form.addRow("机关类型：", kind_row)
        form.addRow("公布日期：", published_row)
        form.addRow("本地期限：", local_row)
        form.addRow("网站地址：", self.website_edit)
        form.addRow("联系电话：", self.phone_edit)
        form.addRow("电子邮箱：", self.email_edit)
        self.form = form

        self.preamble_title = QLabel("开篇段落", self)
        self.preamble_title.setObjectName("preambleTitle")
        title_font = self.preamble_title.font()
        title_font.setBold(True)
        self.preamble_title.setFont(title_font)
        preamble_hint = QLabel("（报告标题之后、“一、总体情况”之前的段落）", self)
        _muted(preamble_hint)
        title_row = QHBoxLayout()
        title_row.addWidget(self.preamble_title)
        title_row.addWidget(preamble_hint, 1)
        self.preamble_editor = NarrativeEditor(document, "preamble", self)

        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addSpacing(6)
        layout.addLayout(title_row)
        layout.addWidget(self.preamble_editor, 1)

        self._widgets: dict[str, QWidget] = {
            "agency": self.agency_edit, "year": self.year_spin, "kind": self.kind_combo,
            "published": self.published_edit, "local_deadline": self.local_deadline_edit,
            "website": self.website_edit,
            "phone": self.phone_edit, "email": self.email_edit,
        }
        self._tooltips = {name: widget.toolTip() for name, widget in self._widgets.items()}

        for name, edit in (("agency", self.agency_edit), ("website", self.website_edit),
                           ("phone", self.phone_edit), ("email", self.email_edit)):
            edit.textEdited.connect(lambda text, name=name, edit=edit: self._line_edited(name, edit, text))
        self.year_spin.valueChanged.connect(self._year_changed)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.published_edit.dateChanged.connect(self._date_changed)
        self.published_unknown.toggled.connect(self._unknown_toggled)
        self.local_deadline_check.toggled.connect(self._local_deadline_toggled)
        self.local_deadline_edit.dateChanged.connect(self._local_deadline_changed)
        document.reportReplaced.connect(self.reload)
        document.findingsChanged.connect(self._findings_changed)
        self.reload()

    # --- public ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the report's metadata again; the document is not marked modified."""
        meta = self.document.report.meta
        self._loading = True
        try:
            if self.agency_edit.text() != meta.agency:
                self.agency_edit.setText(meta.agency)
            if FIRST_YEAR <= meta.year <= LAST_YEAR:
                self.year_spin.setSpecialValueText("")
                self.year_spin.setMinimum(FIRST_YEAR)
                self.year_spin.setValue(meta.year)
            else:
                # A year the editor does not offer: say so instead of showing another year.
                self.year_spin.setMinimum(FIRST_YEAR - 1)
                self.year_spin.setSpecialValueText("未填写" if meta.year <= 0 else f"{meta.year} 年度")
                self.year_spin.setValue(FIRST_YEAR - 1)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(meta.kind))
            shown = meta.published or self._default_date(meta)
            self.published_edit.setDate(QDate(shown.year, shown.month, shown.day))
            self.published_unknown.setChecked(meta.published is None)
            self.published_edit.setEnabled(meta.published is not None)
            local = meta.local_deadline or self._default_date(meta)
            self.local_deadline_edit.setDate(QDate(local.year, local.month, local.day))
            self.local_deadline_check.setChecked(meta.local_deadline is not None)
            self.local_deadline_edit.setEnabled(meta.local_deadline is not None)
            for edit, value in ((self.website_edit, meta.website), (self.phone_edit, meta.phone),
                                (self.email_edit, meta.email)):
                if edit.text() != value:
                    edit.setText(value)
        finally:
            self._loading = False
        self._update_deadline()
        self._findings_changed(self.document.findings)

    def go_to(self, location: Location) -> bool:
        """The opening paragraph's sentence, or the field, that `location` names; False if none."""
        if location.section == "preamble" and location.paragraph is not None:
            return self.preamble_editor.go_to(location)
        if not location.field:
            return False
        return self.select_field(location.field)

    def select_field(self, name: str) -> bool:
        """Focus the widget that edits the Metadata field `name` ("agency", "year", …)."""
        widget = self._widgets.get(name)
        if widget is None:
            return False
        if name == "published" and not widget.isEnabled():
            widget = self.published_unknown
        if name == "local_deadline" and not widget.isEnabled():
            widget = self.local_deadline_check
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True

    # --- edits ------------------------------------------------------------------------------

    def _set(self, **changes: Any) -> None:
        if self._loading:
            return
        self.document.set_meta(dataclasses.replace(self.document.report.meta, **changes))
        self._update_deadline()

    def _line_edited(self, name: str, edit: QLineEdit, text: str) -> None:
        clean = clean_line(text)
        if clean != text:
            position = len(clean_line(text[:edit.cursorPosition()]))
            edit.setText(clean)
            edit.setCursorPosition(position)
        self._set(**{name: clean})

    def _year_changed(self, value: int) -> None:
        if self.year_spin.specialValueText() and value == self.year_spin.minimum():
            return  # "未填写" is shown, not a year
        self._set(year=value)

    def _kind_changed(self, index: int) -> None:
        kind = self.kind_combo.itemData(index)
        if isinstance(kind, AgencyKind):
            self._set(kind=kind)

    def _date_changed(self, value: QDate) -> None:
        if not self.published_unknown.isChecked():
            self._set(published=value.toPython())

    def _unknown_toggled(self, unknown: bool) -> None:
        self.published_edit.setEnabled(not unknown)
        self._set(published=None if unknown else self.published_edit.date().toPython())

    def _local_deadline_toggled(self, checked: bool) -> None:
        self.local_deadline_edit.setEnabled(checked)
        self._set(local_deadline=self.local_deadline_edit.date().toPython() if checked else None)

    def _local_deadline_changed(self, value: QDate) -> None:
        if self.local_deadline_check.isChecked():
            self._set(local_deadline=value.toPython())

    # --- display ----------------------------------------------------------------------------

    def _default_date(self, meta: Metadata) -> date:
        year = meta.year if FIRST_YEAR <= meta.year <= LAST_YEAR else date.today().year - 1
        return publication_deadline(year, meta.kind)

    def _update_deadline(self) -> None:
        """「公布期限：2026年1月31日，还有 61 天」; red, with META-LATE's words, when the model finds the date late."""
        meta = self.document.report.meta
        if not FIRST_YEAR <= meta.year <= LAST_YEAR:
            self.deadline_label.setText("")
            self.deadline_label.setToolTip("")
            return
        late = [f for f in self.document.findings if f.rule == "META-LATE"]
        text = deadline_status(meta, self.today())
        self.deadline_label.setText(text + ("；所填日期已超过期限" if late else ""))
        self.deadline_label.setToolTip("\n".join(f.message for f in late) or DEADLINE_RULE)
        _muted(self.deadline_label, LATE_COLOR if late else None)

    def _findings_changed(self, findings: list[Finding]) -> None:
        """Mark the fields that have findings (light yellow, the message as tooltip)."""
        self._update_deadline()
        by_field: dict[str, list[str]] = {}
        for finding in findings:
            if finding.location.section == "meta" and finding.location.field in self._widgets:
                by_field.setdefault(finding.location.field, []).append(f"[{finding.severity.label}] {finding.message}")
        for name, widget in self._widgets.items():
            messages = by_field.get(name)
            if messages:
                palette = QPalette(widget.palette())
                palette.setColor(QPalette.ColorRole.Base, QColor(FINDING_BACKGROUND))
                widget.setPalette(palette)
                widget.setToolTip("\n".join(messages))
            else:
                widget.setPalette(QPalette())
                widget.setToolTip(self._tooltips[name])

    def field_has_finding(self, name: str) -> bool:
        """Whether the field `name` is marked as having findings."""
        widget = self._widgets[name]
        return widget.palette().color(QPalette.ColorRole.Base) == QColor(FINDING_BACKGROUND)


def _muted(label: QLabel, color: QColor | None = None) -> None:
    """Secondary text: the placeholder colour, or `color`."""
    palette = QPalette(label.palette())
    palette.setColor(QPalette.ColorRole.WindowText, color or palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


def _left(widget: QWidget) -> QHBoxLayout:
    """`widget` at its natural width, at the left of a form row."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row
