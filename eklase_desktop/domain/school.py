"""The school's set-up as the clerk and the deputy keep it (SPEC C1, V4; DOMAIN: school
set-up): classes, courses and groups; subjects. Each is checked here before it is stored or
sent, with a Latvian message naming what is wrong."""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, replace

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import N_, _

MAX_GRADE = 12
MAX_CLASS_NAME = 50
MAX_PROGRAMME = 200
MAX_SUBJECT_NAME = 150
MAX_SHORT_NAME = 20


class InvalidSetUp(DomainError):
    """A class, subject or year the clerk entered is not valid; nothing was saved."""


class GroupKind(enum.StrEnum):
    """Klase (general school), kurss (music school) or grupa (part of a class)."""

    CLASS = "class"
    COURSE = "course"
    GROUP = "group"

    @property
    def label(self) -> str:
        return _(_GROUP_LABELS[self])


_GROUP_LABELS = {
    GroupKind.CLASS: N_("klase"),
    GroupKind.COURSE: N_("kurss"),
    GroupKind.GROUP: N_("grupa"),
}


def subject_kind_label(kind: SubjectKind) -> str:
    labels = {
        SubjectKind.GENERAL: N_("vispārizglītojošs"),
        SubjectKind.PROFESSIONAL: N_("profesionālais"),
        SubjectKind.THEORY: N_("teorijas"),
    }
    return _(labels[kind])


@dataclass(frozen=True)
class ClassDetails:
    """A class, course or group of one school year, with its tutor (audzinātājs)."""

    name: str
    grade: int
    kind: GroupKind = GroupKind.CLASS
    programme: str = ""


@dataclass(frozen=True)
class SubjectDetails:
    """A subject: its name, the short name the journal grid shows, its kind (the ``atb``
    rule and the semester programme rule go by it, SPEC J10–J11) and its mark form."""

    name: str
    short_name: str = ""
    kind: SubjectKind = SubjectKind.GENERAL
    pass_fail: bool = False  # marks are i/ni, not 1–10


_CLASS_NAME = re.compile(r"^[0-9A-Za-zĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž .\-/()]+$")


def validate_class(details: ClassDetails) -> ClassDetails:
    """The class with its texts trimmed; raises InvalidSetUp with a message."""
    cleaned = replace(
        details, name=" ".join(details.name.split()), programme=details.programme.strip()
    )
    if not cleaned.name:
        raise InvalidSetUp(_("Norādiet klases nosaukumu (piemēram, 7.a)."))
    if len(cleaned.name) > MAX_CLASS_NAME or not _CLASS_NAME.match(cleaned.name):
        raise InvalidSetUp(
            _("Klases nosaukums «{name}» nav derīgs.").format(name=cleaned.name[:MAX_CLASS_NAME])
        )
    if not 1 <= cleaned.grade <= MAX_GRADE:
        raise InvalidSetUp(
            _("Klasei jābūt no 1. līdz {last}. (norādīta {grade}.).").format(
                last=MAX_GRADE, grade=cleaned.grade
            )
        )
    if len(cleaned.programme) > MAX_PROGRAMME:
        raise InvalidSetUp(
            _("Izglītības programma: ne vairāk kā {count} rakstzīmes.").format(count=MAX_PROGRAMME)
        )
    return cleaned


def validate_subject(details: SubjectDetails) -> SubjectDetails:
    """The subject with its texts trimmed (a short name from the name if none is given);
    raises InvalidSetUp with a message."""
    name = " ".join(details.name.split())
    short = " ".join(details.short_name.split()) or name[:MAX_SHORT_NAME]
    if not name:
        raise InvalidSetUp(_("Norādiet mācību priekšmeta nosaukumu."))
    if len(name) > MAX_SUBJECT_NAME:
        raise InvalidSetUp(
            _("Priekšmeta nosaukums: ne vairāk kā {count} rakstzīmes.").format(
                count=MAX_SUBJECT_NAME
            )
        )
    if len(short) > MAX_SHORT_NAME:
        raise InvalidSetUp(
            _("Īsais nosaukums: ne vairāk kā {count} rakstzīmes.").format(count=MAX_SHORT_NAME)
        )
    return replace(details, name=name, short_name=short)


CLASS_FIELDS = ("name", "grade", "kind", "programme", "tutor_id", "deleted")
SUBJECT_FIELDS = ("name", "short_name", "kind", "pass_fail", "deleted")


def class_texts(
    details: ClassDetails, tutor_id: uuid.UUID | None, deleted: bool = False
) -> dict[str, str | None]:
    """A class's fields as the wire text merges compare (``class_group.set``'s base)."""
    values = {**vars(details), "tutor_id": tutor_id, "deleted": deleted}
    return {name: wire_text(values[name]) for name in CLASS_FIELDS}


def subject_texts(details: SubjectDetails, deleted: bool = False) -> dict[str, str | None]:
    """A subject's fields as wire text (``subject.set``'s base)."""
    values = {**vars(details), "deleted": deleted}
    return {name: wire_text(values[name]) for name in SUBJECT_FIELDS}
