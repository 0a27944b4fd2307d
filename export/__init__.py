"""Turning a report into files: PDF, Word, Excel, web pages."""

from export.deferred_imports import defer_reportlab_patterns

defer_reportlab_patterns()  # before any writer imports reportlab
