"""Turning a report into files: PDF, Excel."""
