"""Moodle's dates in the downloads (site language English): text export
`Tuesday, 1 December 2026, 8:01 PM`, ODS and Excel `1 December 2026, 8:01 PM`."""

from __future__ import annotations

from datetime import datetime

FORMATS = ("%A, %d %B %Y, %I:%M %p", "%d %B %Y, %I:%M %p")


def date(text: str) -> datetime | None:
    """The date and time, or None for `-`, `` or a form not listed (another site language)."""
    for form in FORMATS:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    return None
