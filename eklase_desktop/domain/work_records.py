"""Work logs (SPEC K1, J6, J15; DOMAIN: work logs): one kind of record per member of staff —
the concertmaster's accompanied lessons, a teacher's practice hours and individual work
(consultations, the nurse, the social pedagogue, other) — with a kind each and per-kind rules.

A record has a day, its students, a topic or programme, what was done and the hours. An
accompaniment record is tied to a course the author accompanies (and to the teacher's lesson
on its date) or stands free (a rehearsal, a concert, an exam); one tied to a lesson with
0 hours says the lesson was *not* accompanied, so that the week is complete without it.
The others name students of one class: its tutor reads them (never accompaniment hours).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from eklase_desktop.domain.calendar import last_working_day_of_week
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.report_period import SHORT_MONTHS
from eklase_desktop.domain.roles import Entity, Role
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import N_, _

# The fields of a record its author edits: what ``work_record.set`` carries and merges.
RECORD_FIELDS = ("day", "course_id", "lesson_id", "topic", "text", "hours")
MAX_TOPIC, MAX_TEXT = 500, 4000
MAX_HOURS = Decimal(12)
# who reads every member of staff's records (the payroll report too); the clerk does not
WORK_READERS = frozenset({Role.DEPUTY, Role.DIRECTOR})
_QUARTER = Decimal("0.25")
_HOURS = re.compile(r"(0|[1-9][0-9]?)([.,][0-9]{1,2})?")


class InvalidRecord(DomainError, ValueError):
    """A record a work log will not take."""


class WorkKind(enum.Enum):
    ACCOMPANIMENT = "accompaniment"  # K1: koncertmeistara darbs
    PRACTICE = "practice"  # J6: prakses stundas
    CONSULTATION = "consultation"  # J15: konsultācijas
    NURSE = "nurse"  # J15: medmāsa
    SOCIAL_PEDAGOGUE = "social_pedagogue"  # J15: sociālais pedagogs
    OTHER = "other"  # J15: cits individuālais darbs

    @property
    def entity(self) -> Entity:
        """What the permission table calls it (DOMAIN: roles)."""
        if self is WorkKind.ACCOMPANIMENT:
            return Entity.CONCERTMASTER_LOG
        if self is WorkKind.PRACTICE:
            return Entity.PRACTICE_HOURS
        return Entity.INDIVIDUAL_WORK_LOG

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self])

    @property
    def individual(self) -> bool:
        """The individual-work journal's kinds (SPEC J15)."""
        return self not in (WorkKind.ACCOMPANIMENT, WorkKind.PRACTICE)


KIND_LABELS = {
    WorkKind.ACCOMPANIMENT: N_("Koncertmeistara darbs"),
    WorkKind.PRACTICE: N_("Prakses stundas"),
    WorkKind.CONSULTATION: N_("Konsultācija"),
    WorkKind.NURSE: N_("Medmāsa"),
    WorkKind.SOCIAL_PEDAGOGUE: N_("Sociālais pedagogs"),
    WorkKind.OTHER: N_("Cits individuālais darbs"),
}


def parse_hours(text: str) -> Decimal:
    """Hours as typed ("1", "1,5", "0.75"): a multiple of a quarter hour from 0 to 12.

    Raises:
        InvalidRecord: anything else, with a message for the author.
    """
    cleaned = text.strip()
    if not cleaned.isascii() or not _HOURS.fullmatch(cleaned):
        raise InvalidRecord(
            _("«{text}» nav stundu skaits. Ievadiet, piemēram, 1 vai 1,5.").format(
                text=cleaned[:20]
            )
        )
    hours = Decimal(cleaned.replace(",", "."))
    if hours > MAX_HOURS or hours % _QUARTER:
        raise InvalidRecord(_("Stundu skaits ir no 0 līdz 12, ar soli 0,25 (ceturtdaļstunda)."))
    return hours


def hours_text(hours: Decimal) -> str:
    """Canonical stored form: ``1``, ``1.5``, ``0.75``."""
    normal = hours.quantize(Decimal("0.01")).normalize()
    return f"{normal:f}"


def shown_hours(hours: Decimal | str) -> str:
    """Hours as a Latvian reader writes them: ``1,5``."""
    return hours_text(Decimal(hours)).replace(".", ",")


@dataclass(frozen=True)
class WorkRecord:
    """What the author enters; ``hours`` is the canonical text (``hours_text``)."""

    kind: WorkKind
    day: dt.date
    students: frozenset[uuid.UUID] = frozenset()
    topic: str = ""
    text: str = ""
    hours: str = "1"
    course_id: uuid.UUID | None = None
    lesson_id: uuid.UUID | None = None

    @property
    def accompanied(self) -> bool:
        """False for a lesson the concertmaster marked as not accompanied (0 hours)."""
        return Decimal(self.hours) > 0


def validate_record(record: WorkRecord) -> WorkRecord:
    """The record with its texts trimmed and hours canonical; raises InvalidRecord with a
    message for the author."""
    cleaned = replace(
        record,
        topic=record.topic.strip(),
        text=record.text.strip(),
        hours=hours_text(parse_hours(record.hours)),
    )
    for value, limit, name in (
        (cleaned.topic, MAX_TOPIC, N_("Tēma vai programma")),
        (cleaned.text, MAX_TEXT, N_("Paveiktais")),
    ):
        if len(value) > limit:
            message = _("{field}: ne vairāk kā {count} rakstzīmes.")
            raise InvalidRecord(message.format(field=_(name), count=limit))
    kind = cleaned.kind
    if kind is WorkKind.ACCOMPANIMENT:
        if cleaned.lesson_id is not None and cleaned.course_id is None:
            raise InvalidRecord(_("Pavadītajai stundai norādiet kursu."))
        if cleaned.lesson_id is None and not cleaned.accompanied:
            raise InvalidRecord(_("Norādiet stundu skaitu."))
        if cleaned.accompanied and not cleaned.topic:
            raise InvalidRecord(_("Norādiet tēmu vai programmu."))
        return cleaned
    if cleaned.lesson_id is not None:
        cleaned = replace(cleaned, lesson_id=None)  # only accompaniment answers a lesson
    if not cleaned.students:
        raise InvalidRecord(_("Norādiet vismaz vienu audzēkni."))
    if kind is WorkKind.PRACTICE and len(cleaned.students) != 1:
        raise InvalidRecord(_("Prakses stundas ieraksta vienam audzēknim."))
    if not cleaned.topic:
        raise InvalidRecord(_("Norādiet tēmu."))
    if not cleaned.accompanied:
        raise InvalidRecord(_("Norādiet stundu skaitu."))
    return cleaned


def course_refusal(
    kind: WorkKind,
    author: uuid.UUID,
    teacher_id: uuid.UUID,
    concertmaster_id: uuid.UUID | None,
) -> str | None:
    """Why a record of ``kind`` by ``author`` may not name this course (Latvian), or None:
    accompaniment is its concertmaster's, practice its teacher's; individual work names
    none. The laptop and the server ask the same."""
    if kind is WorkKind.ACCOMPANIMENT and concertmaster_id != author:
        return _("Šim kursam jūs neesat koncertmeistars.")
    if kind is WorkKind.PRACTICE and teacher_id != author:
        return _("Prakses stundas ieraksta kursa skolotājs.")
    if kind.individual:
        return _("Individuālais darbs nav piesaistīts kursam.")
    return None


def record_texts(record: WorkRecord, deleted: bool) -> dict[str, str | None]:
    """The record's fields as the text that merges compare (``work_record.set``'s base)."""
    values = {name: wire_text(getattr(record, name)) for name in RECORD_FIELDS}
    values["students"] = ",".join(sorted(str(s) for s in record.students))
    values["deleted"] = wire_text(deleted)
    return values


def record_from(row: Any) -> WorkRecord:
    """The record a stored row (laptop or server: ``models.WorkRecord``) holds."""
    return WorkRecord(
        WorkKind(row.kind),
        row.day,
        frozenset(uuid.UUID(str(s)) for s in row.students or []),
        row.topic,
        row.text,
        row.hours,
        row.course_id,
        row.lesson_id,
    )


# --- the concertmaster's week (SPEC K1) ------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def week_days(monday: dt.date) -> tuple[dt.date, dt.date]:
    """(Monday, Sunday) of the week."""
    return monday, monday + dt.timedelta(days=6)


def week_due(monday: dt.date, end_of_day: dt.time = dt.time(23, 59, 59)) -> dt.datetime:
    """When the week's accompanied lessons are due: the end of its last working day
    (DOMAIN: deadlines; holidays counted by ``last_working_day_of_week``)."""
    return dt.datetime.combine(last_working_day_of_week(monday), end_of_day)


def week_label(monday: dt.date) -> str:
    """``2026. g. 30. nov. – 6. dec.``: the week as the window's title shows it."""
    sunday = monday + dt.timedelta(days=6)
    months = SHORT_MONTHS
    first = f"{monday.day}. {_(months[monday.month - 1])}"
    last = f"{sunday.day}. {_(months[sunday.month - 1])}"
    return f"{sunday.year}. g. {first} – {last}"
