"""Tables only the laptop's cache has: the outbox, sync state, conflicts and rejected changes
as the server reported them, the local account for offline login, and settings."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from eklase_desktop.models.base import Base


class OutboxEntry(Base):
    """One named mutation waiting to be pushed (DESIGN §4). Written in the same transaction as
    the row it changes, so a crash can lose neither without the other (SPEC S1).

    ``seq`` is AUTOINCREMENT: SQLite must never hand out a number again after the entries
    holding it were acknowledged and deleted, or the server would take a new change for a
    repeat of an old one (exactly-once is keyed on (client id, seq)).
    """

    __tablename__ = "outbox"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 (SQLAlchemy's form)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation: Mapped[str] = mapped_column(String(50))
    mutation_version: Mapped[int] = mapped_column(Integer, default=1)
    args: Mapped[dict[str, object]] = mapped_column(JSON)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SentChange(Base):
    """An outbox entry the server acknowledged, kept for ``KEEP_SENT``: if the server is
    restored from a backup older than the acknowledgement, its ``hello`` says it has not seen
    this seq, and the entry goes back into the outbox under the same seq (docs/sync-protocol.md
    §9). Rejected entries are not kept: they are in ``RejectedChange``."""

    __tablename__ = "sent_change"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    mutation: Mapped[str] = mapped_column(String(50))
    mutation_version: Mapped[int] = mapped_column(Integer, default=1)
    args: Mapped[dict[str, object]] = mapped_column(JSON)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    acknowledged_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class SyncState(Base):
    """Key/value state of the sync engine: client id, pull cursor, last sync (``sync.state``)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LocalConflict(Base):
    """A conflict the server reported for one of this user's changes (SPEC S4): both values
    are kept until a person decides."""

    __tablename__ = "local_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the server's conflict id
    entity: Mapped[str] = mapped_column(String(30))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(30))
    base: Mapped[str | None] = mapped_column(Text)
    mine: Mapped[str | None] = mapped_column(Text)
    theirs: Mapped[str | None] = mapped_column(Text)
    theirs_by: Mapped[str] = mapped_column(String(200), default="")
    theirs_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(10), default="conflict")  # conflict | review
    context: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | resolving | closed


class RejectedChange(Base):
    """A change the server refused, with its reason: shown to the user, never dropped."""

    __tablename__ = "rejected_change"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    mutation: Mapped[str] = mapped_column(String(50))
    args: Mapped[dict[str, object]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[dt.datetime] = mapped_column(DateTime)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False)


class LocalAccount(Base):
    """The profile's owner: offline login checks the password against this argon2 hash."""

    __tablename__ = "local_account"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    server_url: Mapped[str] = mapped_column(String(300))
    staff_id: Mapped[str | None] = mapped_column(String(36))


class Setting(Base):
    """One row per option of this profile; defaults are declared once in ``services.settings``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class NewsRead(Base):
    """A news item this profile's user has opened (unread ones are marked; SPEC C4)."""

    __tablename__ = "news_read"

    news_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    read_at: Mapped[dt.datetime] = mapped_column(DateTime)
