"""Helpers of the report tests."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.models import ClassGroup


def class_id(factory: sessionmaker[Session], name: str) -> uuid.UUID:
    with factory() as session:
        return session.scalars(select(ClassGroup.id).where(ClassGroup.name == name)).one()
