"""Deadlines of journal entries (SPEC J1, J8, K1, T2; DOMAIN: deadlines).

All datetimes are naive local time. Overdue is shown, never blocks a late entry.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from eklase_desktop.domain.calendar import (
    add_working_days,
    last_working_day_of_month,
    last_working_day_of_week,
)
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.school_year import SchoolYear
from eklase_desktop.i18n import _


@dataclass(frozen=True)
class DeadlineSettings:
    """School settings with the DOMAIN defaults."""

    entry_time: time = time(17, 0)  # SPEC J1: lesson records by 17:00 the same day
    end_of_day: time = time(23, 59, 59)
    formative_max_working_days: int = 3
    summative_working_days: int = 5
    large_work_working_days: int = 7
    programme_working_days: int = 5  # SPEC J11: "at the start of the semester" — its first week


DEFAULT_DEADLINE_SETTINGS = DeadlineSettings()


class EntryKind(enum.StrEnum):
    LESSON_RECORD = "lesson_record"  # date, topic, homework, absences of a lesson in class
    REMOTE_TOPIC = "remote_topic"
    REMOTE_ABSENCES = "remote_absences"
    FORMATIVE_MARK = "formative_mark"
    SUMMATIVE_MARK = "summative_mark"
    LARGE_WORK_MARK = "large_work_mark"
    MONTHLY_ATTESTATION = "monthly_attestation"
    SEMESTER_MARK = "semester_mark"
    YEAR_MARK = "year_mark"
    CONCERTMASTER_LOG = "concertmaster_log"
    JUSTIFICATION = "justification"
    SEMESTER_PROGRAMME = "semester_programme"  # ``day``: the semester's first day


@dataclass(frozen=True)
class _Context:
    day: date
    lesson_start: datetime | None
    next_lesson: datetime | None
    school_year: SchoolYear | None
    settings: DeadlineSettings

    def end_of(self, day: date) -> datetime:
        return datetime.combine(day, self.settings.end_of_day)

    def after_working_days(self, n: int) -> datetime:
        return self.end_of(add_working_days(self.day, n))


def _same_day(ctx: _Context) -> datetime:
    return datetime.combine(ctx.day, ctx.settings.entry_time)


def _remote_topic(ctx: _Context) -> datetime:
    if ctx.lesson_start is None:
        raise ValueError("a remote lesson's topic deadline needs lesson_start")
    return ctx.lesson_start


def _formative(ctx: _Context) -> datetime:
    latest = ctx.after_working_days(ctx.settings.formative_max_working_days)
    return latest if ctx.next_lesson is None else min(ctx.next_lesson, latest)


def _summative(ctx: _Context) -> datetime:
    return ctx.after_working_days(ctx.settings.summative_working_days)


def _large_work(ctx: _Context) -> datetime:
    return ctx.after_working_days(ctx.settings.large_work_working_days)


def _programme(ctx: _Context) -> datetime:
    return ctx.after_working_days(ctx.settings.programme_working_days)


def _month_end(ctx: _Context) -> datetime:
    return ctx.end_of(last_working_day_of_month(ctx.day.year, ctx.day.month))


def _week_end(ctx: _Context) -> datetime:
    return ctx.end_of(last_working_day_of_week(ctx.day))


def _semester(ctx: _Context) -> datetime:
    semester = None if ctx.school_year is None else ctx.school_year.semester_of(ctx.day)
    if semester is None:
        raise DomainError(
            _("Semestra vērtējumu termiņš nav zināms: mācību gada datos nav šī semestra.")
        )
    return ctx.end_of(semester.mark_deadline)


def _year(ctx: _Context) -> datetime:
    if ctx.school_year is None:
        raise DomainError(_("Gada vērtējumu termiņš nav zināms: nav mācību gada datu."))
    return ctx.end_of(ctx.school_year.year_mark_deadline)


_RULES: dict[EntryKind, Callable[[_Context], datetime]] = {
    EntryKind.LESSON_RECORD: _same_day,
    EntryKind.REMOTE_TOPIC: _remote_topic,
    EntryKind.REMOTE_ABSENCES: _same_day,
    EntryKind.FORMATIVE_MARK: _formative,
    EntryKind.SUMMATIVE_MARK: _summative,
    EntryKind.LARGE_WORK_MARK: _large_work,
    EntryKind.MONTHLY_ATTESTATION: _month_end,
    EntryKind.SEMESTER_MARK: _semester,
    EntryKind.YEAR_MARK: _year,
    EntryKind.CONCERTMASTER_LOG: _week_end,
    EntryKind.JUSTIFICATION: _month_end,
    EntryKind.SEMESTER_PROGRAMME: _programme,
}


def due_moment(
    kind: EntryKind,
    day: date,
    *,
    lesson_start: datetime | None = None,
    next_lesson: datetime | None = None,
    school_year: SchoolYear | None = None,
    settings: DeadlineSettings = DEFAULT_DEADLINE_SETTINGS,
) -> datetime:
    """The moment by which an entry of ``kind`` for ``day`` is due (DOMAIN: deadlines).

    ``day`` is the lesson day, or the re-take day for an improved mark (SPEC J8, G 23).
    ``next_lesson`` is the start of the course's next lesson (formative marks);
    ``lesson_start`` is needed for ``REMOTE_TOPIC`` (ValueError without it); semester
    and year marks need ``school_year`` (DomainError without a matching semester).
    """
    ctx = _Context(day, lesson_start, next_lesson, school_year, settings)
    return _RULES[kind](ctx)


def is_overdue(due: datetime, entered_at: datetime | None, now: datetime) -> bool:
    """True if the entry was made after ``due``, or is still missing and ``due`` has passed."""
    if entered_at is None:
        return now > due
    return entered_at > due
