"""The text form of field values, in which they are compared (merge) and shown (conflicts)."""

from __future__ import annotations

import datetime as dt


def wire_text(value: object) -> str | None:
    """``None`` stays ``None``; booleans are ``true``/``false``; dates ISO 8601."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
