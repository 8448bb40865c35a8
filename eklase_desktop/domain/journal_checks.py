"""Journal checks (Žurnālu pārbaude, SPEC V2, G 11): the deputy director checks the journals of
some classes or of the whole school on a day, writes a remark to each teacher (or class tutor,
or concertmaster) about what was found, and that person marks it done. The check is kept and
printed as the act of the check (žurnālu pārbaudes akts).

What a check looks for is decided by the deadlines (DOMAIN: deadlines): only what is already
late counts.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import N_, _

MAX_CLASSES = 2000
MAX_TEXT = 4000
CHECK_FIELDS = ("kind", "day", "classes", "note", "signed_on", "deleted")
REMARK_FIELDS = ("findings", "remark", "done", "deleted")


class CheckKind(enum.StrEnum):
    JOURNALS = "journals"  # the journals as the year goes on (SPEC V2)
    YEAR_END = "year_end"  # the summary journal at the year's end, signed off (SPEC V3)

    @property
    def label(self) -> str:
        return _(_CHECK_TITLES[self])


_CHECK_TITLES = {
    CheckKind.JOURNALS: N_("Žurnālu pārbaude"),
    CheckKind.YEAR_END: N_("Mācību gada noslēguma pārbaude"),
}


class FindingKind(enum.Enum):
    TOPIC = "topic"  # a lesson without its topic after 17:00 of its day
    ABSENCES = "absences"  # a student absent by a note, the lesson shows no absence
    MARKS = "marks"  # a test's marks, a month's, a semester's or the year's, late
    NOT_MARKED = "not_marked"  # ``nv`` still open after the test's deadline
    PROGRAMME = "programme"  # a professional course's semester programme
    WEEKS = "weeks"  # a concertmaster's weeks not answered
    UNJUSTIFIED = "unjustified"  # absences not justified after the month's deadline (tutor)
    YEAR_MARKS = "year_marks"  # a student without a year mark in a subject (year end)
    POST_EXAMS = "post_exams"  # a failing year mark without its post-examination (year end)
    PERSONAL_FILES = "personal_files"  # what a student's personal file lacks (year end)

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    FindingKind.TOPIC: N_("Stundas bez tēmas"),
    FindingKind.ABSENCES: N_("Neievadīti kavējumi"),
    FindingKind.MARKS: N_("Nokavēti vērtējumi"),
    FindingKind.NOT_MARKED: N_("Neaizstāts nv"),
    FindingKind.PROGRAMME: N_("Semestra programma"),
    FindingKind.WEEKS: N_("Koncertmeistara nedēļas"),
    FindingKind.UNJUSTIFIED: N_("Neattaisnoti kavējumi pēc termiņa"),
    FindingKind.YEAR_MARKS: N_("Nav gada vērtējuma"),
    FindingKind.POST_EXAMS: N_("Nav pēcpārbaudījuma vērtējuma"),
    FindingKind.PERSONAL_FILES: N_("Nepilnīga personas lieta"),
}


class InvalidCheck(DomainError):
    """A check or a remark the school would not keep; the message says why, in Latvian."""


@dataclass(frozen=True)
class CheckDetails:
    day: dt.date
    classes: str  # "7.a, 8.a" or "visa skola", as the act names them
    note: str = ""  # the deputy's conclusion
    kind: CheckKind = CheckKind.JOURNALS
    signed_on: dt.date | None = None  # the deputy's sign-off (a year-end check)


@dataclass(frozen=True)
class RemarkDetails:
    findings: str  # what the check found, as it was found (kept for the act)
    remark: str = ""  # the deputy's words to the person
    done: bool = False  # marked done by the person it is addressed to


def validate_check(details: CheckDetails) -> CheckDetails:
    classes = " ".join(details.classes.split())
    note = details.note.strip()
    if not classes:
        raise InvalidCheck(_("Norādiet, kuru klašu žurnāli pārbaudīti."))
    if len(classes) > MAX_CLASSES or len(note) > MAX_TEXT:
        raise InvalidCheck(_("Pārbaudes teksts ir par garu."))
    days = [details.day] + ([details.signed_on] if details.signed_on else [])
    if not all(dt.date(2000, 1, 1) <= day <= dt.date(2099, 12, 31) for day in days):
        raise InvalidCheck(_("Datums nav derīgs."))
    kind = CheckKind(details.kind)
    if details.signed_on is not None and kind is not CheckKind.YEAR_END:
        raise InvalidCheck(_("Paraksta tikai mācību gada noslēguma pārbaudi."))
    return CheckDetails(details.day, classes, note, kind, details.signed_on)


def validate_remark(details: RemarkDetails) -> RemarkDetails:
    findings, remark = details.findings.strip(), details.remark.strip()
    if not findings and not remark:
        raise InvalidCheck(_("Piezīmei vajag konstatēto vai direktora vietnieka tekstu."))
    if len(findings) > MAX_TEXT or len(remark) > MAX_TEXT:
        raise InvalidCheck(_("Piezīme: ne vairāk kā {count} rakstzīmes.").format(count=MAX_TEXT))
    return RemarkDetails(findings, remark, details.done)


def check_texts(details: CheckDetails, deleted: bool = False) -> dict[str, str | None]:
    values = {**vars(details), "kind": CheckKind(details.kind).value, "deleted": deleted}
    return {name: wire_text(values[name]) for name in CHECK_FIELDS}


def remark_texts(details: RemarkDetails, deleted: bool = False) -> dict[str, str | None]:
    values = {**vars(details), "deleted": deleted}
    return {name: wire_text(values[name]) for name in REMARK_FIELDS}
