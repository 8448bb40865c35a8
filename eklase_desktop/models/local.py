"""Tables only the laptop's cache has: the outbox of changes waiting for the server, settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eklase_desktop.models.base import Base


class OutboxEntry(Base):
    """One named mutation waiting to be pushed (DESIGN §4). Written in the same transaction as
    the row it changes, so a crash can lose neither without the other (SPEC S1)."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation: Mapped[str] = mapped_column(String(50))
    mutation_version: Mapped[int] = mapped_column(Integer, default=1)
    args: Mapped[dict[str, object]] = mapped_column(JSON)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Setting(Base):
    """One row per option of this profile; defaults are declared once in ``services.settings``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
