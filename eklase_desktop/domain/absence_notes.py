"""The register of absence notes (zīmju reģistrs) — SPEC T2, DOMAIN: attendance.

The class tutor records why a student was away — a parent's note, a doctor's certificate, a
school event — for a range of days. The note justifies every absence (``n``) of the student
in those days, also absences the teachers mark later (a parent phoned in the morning), until
the note is withdrawn. When two notes cover a day, the one entered last decides.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eklase_desktop.domain.attendance import Justification
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import N_, _

# The fields of a note a tutor edits (what ``absence_note.set`` carries and merges).
NOTE_FIELDS = ("first_day", "last_day", "justification", "source", "comment", "withdrawn")
MAX_DAYS = 366  # a note covers at most a school year
MAX_COMMENT = 500


class InvalidNote(DomainError, ValueError):
    """A note the register will not take."""


class NoteSource(enum.Enum):
    """Where the tutor learnt the reason."""

    PARENT = "parent"
    DOCTOR = "doctor"
    SCHOOL_EVENT = "school_event"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(SOURCE_LABELS[self])


SOURCE_LABELS = {
    NoteSource.PARENT: N_("Vecāku zīme"),
    NoteSource.DOCTOR: N_("Ārsta izziņa"),
    NoteSource.SCHOOL_EVENT: N_("Skolas pasākums"),
    NoteSource.OTHER: N_("Cits"),
}


@dataclass(frozen=True)
class NoteDetails:
    """What the tutor enters: the days, the reason, its source and a comment."""

    first_day: dt.date
    last_day: dt.date
    justification: Justification
    source: NoteSource
    comment: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


def validate_note(details: NoteDetails) -> NoteDetails:
    """The note with its comment trimmed; raises InvalidNote with a message for the tutor."""
    if details.justification is Justification.NONE:
        raise InvalidNote(_("Norādiet iemeslu: slimība (s) vai cits attaisnots iemesls (c)."))
    if details.last_day < details.first_day:
        raise InvalidNote(_("Zīmes pēdējā diena ir pirms pirmās."))
    if (details.last_day - details.first_day).days >= MAX_DAYS:
        raise InvalidNote(_("Zīme var aptvert ne vairāk kā vienu mācību gadu."))
    comment = details.comment.strip()
    if len(comment) > MAX_COMMENT:
        message = _("Komentārs ir par garu: ne vairāk kā {count} rakstzīmes.")
        raise InvalidNote(message.format(count=MAX_COMMENT))
    return NoteDetails(
        details.first_day, details.last_day, details.justification, details.source, comment
    )


@dataclass(frozen=True)
class RegisteredNote:
    """A note as the register holds it: ``entered_at`` orders notes covering the same day."""

    details: NoteDetails
    entered_at: dt.datetime
    withdrawn: bool = False


def note_from(row: Any) -> NoteDetails:
    """The details a stored note (laptop or server: ``models.AbsenceNote``) holds."""
    return NoteDetails(
        row.first_day,
        row.last_day,
        Justification(row.justification),
        NoteSource(row.source),
        row.comment,
    )


def registered_from(row: Any) -> RegisteredNote:
    return RegisteredNote(note_from(row), row.entered_at, row.withdrawn)


def justification_on(notes: Iterable[RegisteredNote], day: dt.date) -> Justification:
    """The justification the student's notes give ``day``: that of the note entered last
    among those not withdrawn that cover it; none without such a note."""
    covering = [n for n in notes if not n.withdrawn and n.details.covers(day)]
    if not covering:
        return Justification.NONE
    return max(covering, key=lambda note: note.entered_at).details.justification
