"""Tables only the server has: accounts, tokens, login failures, receipts, the change log,
conflicts, the audit log and the server's own state (DESIGN §4–5)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from eklase_desktop.models.base import Base, new_id


class ServerState(Base):
    """Key/value state of the server: ``server_id``, made once at init."""

    __tablename__ = "server_state"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class VersionCounter(Base):
    """The one version counter (a single row): every change of a synced row takes the next
    value, and the row stays locked until the change commits (DESIGN §4)."""

    __tablename__ = "version_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class VersionStamp(Base):
    """A random stamp for the last version of each write transaction. A pull cursor carries
    the stamp of the transaction its version belongs to: a server restored from a backup
    hands those versions out again to other changes, so the stamps differ and the laptop
    knows its copy is not the server's (docs/sync-protocol.md §9)."""

    __tablename__ = "version_stamp"

    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    stamp: Mapped[str] = mapped_column(String(32))


class Account(Base):
    """A login. Staff accounts point at their Staff row, whose roles they carry."""

    __tablename__ = "account"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Token(Base):
    """An opaque bearer token, stored as its SHA-256 only."""

    __tablename__ = "token"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginFailure(Base):
    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), server_default="", index=True)  # source
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class Receipt(Base):
    """The stored result of one pushed mutation: a repeat of (client, seq) gets it again."""

    __tablename__ = "receipt"

    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    digest: Mapped[str] = mapped_column(String(64))  # of the mutation: a reused seq is caught
    result: Mapped[dict[str, object]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    # ``result`` holds the push's provisional versions (-1, -2, …): version -k is
    # ``version_base + k`` (None in receipts written before this column, with real versions)
    version_base: Mapped[int | None] = mapped_column(BigInteger)


class ChangeLog(Base):
    """The newest version of every row, with the keys pull scopes filter on."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_version", "version", unique=True),)

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    course_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    # the member of staff whose own row it is, wherever its course or class (work records)
    staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)


class Conflict(Base):
    """Both values of a field two people changed at once (SPEC S4), or a review entry."""

    __tablename__ = "conflict"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10))  # conflict | review
    entity: Mapped[str] = mapped_column(String(30))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(30))
    base: Mapped[str | None] = mapped_column(Text)
    mine: Mapped[str | None] = mapped_column(Text)
    theirs: Mapped[str | None] = mapped_column(Text)
    mine_account_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    theirs_account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    theirs_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    context: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolution: Mapped[str | None] = mapped_column(String(10))
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """Who changed what, from which device, when (server time), old and new (SPEC J14)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    username: Mapped[str] = mapped_column(String(100))
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(50))
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    field: Mapped[str] = mapped_column(String(30))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(BigInteger)
    course_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    student_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # a late correction's (period locks)
