"""Whose class records (absences, notes, logs, phones) a user keeps: the class tutor's own
class, every class for the school-wide roles (DOMAIN: roles)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Role
from eklase_desktop.models import ClassGroup
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.journal import class_sort_key

# Read every class's records; only the school-wide roles write them.
CLASS_READERS = SCHOOL_WIDE_ROLES | {Role.DIRECTOR}


def keeps_class(
    actor: Actor, group: ClassGroup | None, every: Collection[Role] = SCHOOL_WIDE_ROLES
) -> bool:
    """True for the class's tutor and for a holder of one of the ``every`` roles."""
    if group is None:
        return False
    return bool(actor.roles.intersection(every)) or group.tutor_id == actor.staff_id


def kept_classes(
    session: Session, actor: Actor, every: Collection[Role] = SCHOOL_WIDE_ROLES
) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the classes ``keeps_class`` allows, in grade order."""
    query = select(ClassGroup).where(ClassGroup.deleted.is_(False))
    if not actor.roles.intersection(every):
        query = query.where(ClassGroup.tutor_id == actor.staff_id)
    groups = [(group.id, group.name) for group in session.scalars(query)]
    return sorted(groups, key=lambda group: class_sort_key(group[1]))


def require_class(
    session: Session,
    actor: Actor,
    class_id: uuid.UUID,
    refusal: str,
    every: Collection[Role] = SCHOOL_WIDE_ROLES,
) -> ClassGroup:
    """The class, or PermissionDenied with ``refusal`` if the actor does not keep it."""
    group = session.get(ClassGroup, class_id)
    if group is None or not keeps_class(actor, group, every):
        raise PermissionDenied(refusal)
    return group
