"""The class tutor's logs (SPEC T3–T5) and the behaviour journal (SPEC J12): one kind of
record with a kind each — individual conversations with parents and students, safety
briefings with the students who took part, notes for the parents' attention, and positive or
negative behaviour entries, which any teacher of the student may add."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, replace
from typing import Any

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import N_, _

# The fields of an entry its author edits (what ``class_log.set`` carries and merges).
LOG_FIELDS = ("day", "student_id", "course_id", "title", "text", "with_whom", "positive")
MAX_TITLE, MAX_TEXT, MAX_WITH_WHOM = 300, 4000, 200


class InvalidEntry(DomainError, ValueError):
    """An entry a log will not take."""


class LogKind(enum.Enum):
    CONVERSATION = "conversation"  # T3: individuālās sarunas
    BRIEFING = "briefing"  # T4: drošības instruktāžas
    PARENT_NOTE = "parent_note"  # T5: piezīmes vecāku ievērībai
    BEHAVIOUR = "behaviour"  # J12: uzvedības žurnāls

    @property
    def entity(self) -> Entity:
        """What the permission table calls it (DOMAIN: roles)."""
        return Entity(self.value)

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self])


KIND_LABELS = {
    LogKind.CONVERSATION: N_("Individuālās sarunas"),
    LogKind.BRIEFING: N_("Drošības instruktāžas"),
    LogKind.PARENT_NOTE: N_("Piezīmes vecāku ievērībai"),
    LogKind.BEHAVIOUR: N_("Uzvedības žurnāls"),
}


@dataclass(frozen=True)
class LogEntry:
    """What the author enters. ``title`` is the conversation's topic, the briefing's or the
    note's title; ``text`` the agreed actions, the notes or the behaviour entry itself;
    ``participants`` the students who took part in a briefing."""

    kind: LogKind
    day: dt.date
    student_id: uuid.UUID | None = None
    course_id: uuid.UUID | None = None
    title: str = ""
    text: str = ""
    with_whom: str = ""
    positive: bool | None = None
    participants: frozenset[uuid.UUID] = frozenset()


def validate_entry(entry: LogEntry) -> LogEntry:
    """The entry with its texts trimmed; raises InvalidEntry with a message for the author."""
    cleaned = replace(
        entry, title=entry.title.strip(), text=entry.text.strip(), with_whom=entry.with_whom.strip()
    )
    for value, limit, name in (
        (cleaned.title, MAX_TITLE, N_("Virsraksts")),
        (cleaned.text, MAX_TEXT, N_("Teksts")),
        (cleaned.with_whom, MAX_WITH_WHOM, N_("Ar ko")),
    ):
        if len(value) > limit:
            message = _("{field}: ne vairāk kā {count} rakstzīmes.")
            raise InvalidEntry(message.format(field=_(name), count=limit))
    kind = cleaned.kind
    if kind is LogKind.CONVERSATION and not (cleaned.title and cleaned.with_whom):
        raise InvalidEntry(_("Sarunai norādiet, ar ko tā notika, un tematu."))
    if kind is LogKind.BRIEFING and not cleaned.title:
        raise InvalidEntry(_("Instruktāžai norādiet nosaukumu."))
    if kind is LogKind.PARENT_NOTE and not (cleaned.title or cleaned.text):
        raise InvalidEntry(_("Piezīme ir tukša."))
    if kind is LogKind.BEHAVIOUR:
        if cleaned.student_id is None or not cleaned.text:
            raise InvalidEntry(_("Uzvedības ierakstam norādiet skolēnu un aprakstu."))
        if cleaned.positive is None:
            raise InvalidEntry(_("Norādiet, vai ieraksts ir pozitīvs vai negatīvs."))
    elif cleaned.positive is not None:
        cleaned = replace(cleaned, positive=None)
    if kind is not LogKind.BRIEFING and cleaned.participants:
        cleaned = replace(cleaned, participants=frozenset())
    if kind is not LogKind.BEHAVIOUR and cleaned.course_id is not None:
        cleaned = replace(cleaned, course_id=None)  # else its course's teacher would pull it
    return cleaned


def missing_from(entry: LogEntry, students: frozenset[uuid.UUID]) -> frozenset[uuid.UUID]:
    """The class's students who have not taken part in a briefing yet (SPEC T4)."""
    return students - entry.participants


def entry_texts(entry: LogEntry, deleted: bool) -> dict[str, str | None]:
    """The entry's fields as the text that merges compare (``class_log_entry.set``'s base)."""
    values = {name: wire_text(getattr(entry, name)) for name in LOG_FIELDS}
    values["participants"] = ",".join(sorted(str(p) for p in entry.participants))
    values["deleted"] = wire_text(deleted)
    return values


def entry_from(row: Any) -> LogEntry:
    """The entry a stored row (laptop or server: ``models.ClassLogEntry``) holds."""
    return LogEntry(
        LogKind(row.kind),
        row.day,
        row.student_id,
        row.course_id,
        row.title,
        row.text,
        row.with_whom,
        row.positive,
        frozenset(uuid.UUID(str(p)) for p in row.participants or []),
    )
