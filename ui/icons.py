"""Icons shared by the table editors and the findings panel."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from model.findings import Severity


def severity_icon(severity: Severity) -> QIcon:
    """Errors and warnings are told apart by an icon, not by colour alone."""
    pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical if severity is Severity.ERROR \
        else QStyle.StandardPixmap.SP_MessageBoxWarning
    return QApplication.style().standardIcon(pixmap)
