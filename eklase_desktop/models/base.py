"""Declarative base and the columns every synchronised row carries (DESIGN §3)."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, Integer, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Cells addressed by (row, column) get ids derived from both, so that two people who create
# the same cell offline address the same row (DESIGN §3).
CELL_NAMESPACE = uuid.UUID("5b6f3c1e-4f0e-4d55-9a53-6b1a8c0e2f7d")


def new_id() -> uuid.UUID:
    """A fresh primary key, made by whoever creates the row."""
    return uuid.uuid4()


def cell_id(kind: str, *parts: uuid.UUID | str) -> uuid.UUID:
    """The deterministic id of the ``kind`` cell at ``parts`` (e.g. a lesson and a student)."""
    return uuid.uuid5(CELL_NAMESPACE, ":".join([kind, *(str(part) for part in parts)]))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncedRow:
    """Columns of every row that is synchronised: a client-made UUID, the server version, a
    tombstone. ``version`` is 0 until the server has acknowledged the row."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
