"""What a report's text may hold and how it writes a date: one definition each.

The project file refuses the control characters below in any text (model/projectfile.py, the JSON
schema of model/schema.py); the editors drop them from pasted text (ui/narrative_editor.py), and the
Excel reader says which cell held one. Tab, line feed and carriage return are allowed: the editors
turn them into spaces and paragraph breaks before they reach the report.
"""

from __future__ import annotations

import re
from datetime import date

#: The refused characters as the body of a regular-expression class: C0 controls but tab, line feed
#: and carriage return, and DEL.
REFUSED_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
REFUSED_CONTROL = re.compile(f"[{REFUSED_CONTROLS}]")
#: A whole text without a refused character (a JSON-schema `pattern`).
NO_REFUSED_CONTROL_PATTERN = f"^[^{REFUSED_CONTROLS}]*$"
#: Invisible characters that only get in the way of a pasted text: zero-width space, a stray BOM.
#: A report may hold them (the file accepts them); the PDF does not draw them (model/drawn_text.py).
INVISIBLE_CHARACTERS = "\u200b\ufeff"


def refused_character(text: str) -> str | None:
    """The first character of `text` a report may not hold, or None."""
    found = REFUSED_CONTROL.search(text)
    return found.group() if found else None


def chinese_date(day: date) -> str:
    """A date as the report writes it: "2025年1月20日" (no zero padding, GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日"
