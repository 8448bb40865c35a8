"""Who is working: the member of staff behind every service call (SPEC A1, A5)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import Role, parse_roles
from eklase_desktop.i18n import _
from eklase_desktop.models import Staff


@dataclass(frozen=True)
class Actor:
    staff_id: uuid.UUID
    username: str
    name: str
    roles: frozenset[Role]

    @property
    def is_deputy(self) -> bool:
        return Role.DEPUTY in self.roles


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
