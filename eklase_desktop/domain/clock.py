"""The one clock that says what day and time it is (DESIGN §6).

Every "today" and "now" in the desktop app and the server comes from here, never from
``datetime`` directly, so that a test (or a training session) can set the date. The clock set
to a moment keeps running from it at the real pace: timers, timestamps and their order behave
as usual, only the calendar is moved.

``EKLASE_TODAY`` (``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM``) sets the clock of a process and of
the processes it starts (the test suite's servers and laptops); a date alone starts at 10:00.
"""

from __future__ import annotations

import datetime as dt
import os

ENVIRONMENT = "EKLASE_TODAY"
_MORNING = dt.time(10, 0)


class Clock:
    """The real clock, or one set to ``start`` that runs on from there."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._offset = dt.timedelta()
        if start is not None:
            self._offset = start - dt.datetime.now()

    def now(self) -> dt.datetime:
        """Local wall time, naive (what the teacher's watch shows)."""
        return dt.datetime.now() + self._offset

    def today(self) -> dt.date:
        return self.now().date()

    def utc_now(self) -> dt.datetime:
        """UTC, aware: what is stored and sent over the wire."""
        return dt.datetime.now(dt.UTC) + self._offset


def parse_moment(text: str) -> dt.datetime:
    """``YYYY-MM-DD`` (at 10:00) or an ISO moment; ValueError otherwise."""
    text = text.strip()
    if len(text) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(text), _MORNING)
    return dt.datetime.fromisoformat(text).replace(tzinfo=None)


def _from_environment() -> Clock:
    setting = os.environ.get(ENVIRONMENT, "").strip()
    return Clock(parse_moment(setting)) if setting else Clock()


_clock = _from_environment()


def set_clock(start: dt.datetime | dt.date | None) -> None:
    """Sets the clock of this process (None: the real one again)."""
    global _clock
    if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, _MORNING)
    _clock = Clock(start)


def now() -> dt.datetime:
    return _clock.now()


def today() -> dt.date:
    return _clock.today()


def utc_now() -> dt.datetime:
    """UTC, aware."""
    return _clock.utc_now()


def utc_naive() -> dt.datetime:
    """UTC without the zone, as the databases store it."""
    return _clock.utc_now().replace(tzinfo=None)
