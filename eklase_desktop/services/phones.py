"""Phone numbers of a class's students and parents on the laptop (SPEC T1): the tutor lists,
searches and keeps them current, offline; each change is one mutation in the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.phone import normalize_phone
from eklase_desktop.domain.roles import Role
from eklase_desktop.i18n import _
from eklase_desktop.models import Guardian, Student
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.classes import kept_classes, require_class
from eklase_desktop.services.outbox import enqueue


@dataclass(frozen=True)
class Phone:
    """A student's or a parent's line: whose, the name, the number ("" if none)."""

    table: str  # student | guardian
    id: uuid.UUID
    name: str
    phone: str


@dataclass(frozen=True)
class StudentPhones:
    student: Phone
    guardians: list[Phone]


class ClassPhones:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def classes(self) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            return kept_classes(session, self._actor)

    def of_class(self, class_id: uuid.UUID, search: str = "") -> list[StudentPhones]:
        """Every student of the class with the parents, those whose name or number contains
        ``search`` (any case)."""
        with self._factory() as session:
            require_class(session, self._actor, class_id, _("Tālruņus uztur klases audzinātājs."))
            students = list(
                session.scalars(
                    select(Student).where(
                        Student.class_group_id == class_id, Student.deleted.is_(False)
                    )
                )
            )
            guardians = list(
                session.scalars(
                    select(Guardian).where(
                        Guardian.student_id.in_([s.id for s in students]),
                        Guardian.deleted.is_(False),
                    )
                )
            )
        result = []
        wanted = search.strip().casefold()
        for student in students:
            mine = [
                Phone("guardian", g.id, full_name(g.first_name, g.last_name), g.phone or "")
                for g in guardians
                if g.student_id == student.id
            ]
            line = Phone(
                "student",
                student.id,
                full_name(student.first_name, student.last_name),
                student.phone or "",
            )
            text = " ".join(f"{p.name} {p.phone}" for p in [line, *mine]).casefold()
            if wanted in text:
                result.append(StudentPhones(line, sorted(mine, key=lambda p: p.name)))
        return sorted(result, key=lambda entry: latvian_sort_key(entry.student.name))

    def set_phone(self, table: str, row_id: uuid.UUID, text: str) -> str:
        """Stores a number (normalised: ``+371 …``) or clears it (empty ``text``); returns
        what is stored. Raises InvalidPhone with a message for a number that is not one."""
        phone = normalize_phone(text) if text.strip() else None
        with self._factory.begin() as session:
            row: Student | Guardian | None = (
                session.get(Student, row_id)
                if table == "student"
                else session.get(Guardian, row_id)
            )
            if row is None or row.deleted:
                raise PermissionDenied(_("Ieraksts nav atrasts."))
            student = row if isinstance(row, Student) else session.get(Student, row.student_id)
            if student is None or student.class_group_id is None:
                raise PermissionDenied(_("Skolēns nav atrasts."))
            self._require(session, student.class_group_id)
            base = row.phone or None
            row.phone = phone
            key = "student_id" if table == "student" else "guardian_id"
            enqueue(session, f"{table}.set_phone", {key: str(row_id), "phone": phone, "base": base})
        return phone or ""

    def _require(self, session: Session, class_id: uuid.UUID) -> None:
        # the tutor's and the deputy's, as on the server (DOMAIN: roles); the clerk changes
        # a number on the student card
        refusal = _("Tālruņus šeit maina klases audzinātājs; lietvedis — skolēna kartītē.")
        require_class(session, self._actor, class_id, refusal, every=frozenset({Role.DEPUTY}))
