"""Who is working: the member of staff behind every service call (SPEC A1, A5)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.names import latvian_sort_key
from eklase_desktop.domain.roles import Role
from eklase_desktop.i18n import _
from eklase_desktop.models import Course, Staff


@dataclass(frozen=True)
class Actor:
    staff_id: uuid.UUID
    username: str
    name: str
    roles: frozenset[Role]

    @property
    def is_deputy(self) -> bool:
        return Role.DEPUTY in self.roles


@dataclass(frozen=True)
class StaffSummary:
    username: str
    name: str
    roles: tuple[Role, ...]
    course_count: int


def parse_roles(text: str) -> frozenset[Role]:
    known = {role.value for role in Role}
    return frozenset(Role(part) for part in text.split(",") if part.strip() in known)


def load_actor(factory: sessionmaker[Session], username: str) -> Actor:
    """The actor with login ``username``; a DomainError if this cache does not know them."""
    with factory() as session:
        staff = session.scalars(
            select(Staff).where(Staff.username == username, Staff.deleted.is_(False))
        ).one_or_none()
        if staff is None:
            raise DomainError(_("Lietotājs «{name}» nav atrasts.").format(name=username))
        return Actor(
            staff_id=staff.id,
            username=staff.username,
            name=f"{staff.first_name} {staff.last_name}",
            roles=parse_roles(staff.roles),
        )


def list_staff(factory: sessionmaker[Session]) -> list[StaffSummary]:
    """Every member of staff with the number of courses they teach or accompany."""
    with factory() as session:
        counts = dict(
            session.execute(
                select(Course.teacher_id, func.count())
                .where(Course.deleted.is_(False))
                .group_by(Course.teacher_id)
            ).all()
        )
        accompanied = dict(
            session.execute(
                select(Course.concertmaster_id, func.count())
                .where(Course.deleted.is_(False), Course.concertmaster_id.is_not(None))
                .group_by(Course.concertmaster_id)
            ).all()
        )
        people = session.scalars(select(Staff).where(Staff.deleted.is_(False))).all()
        summaries = [
            StaffSummary(
                username=person.username,
                name=f"{person.last_name} {person.first_name}",
                roles=tuple(sorted(parse_roles(person.roles))),
                course_count=counts.get(person.id, 0) + accompanied.get(person.id, 0),
            )
            for person in people
        ]
    return sorted(summaries, key=lambda summary: latvian_sort_key(summary.name))
