"""The sync protocol v1: the wire types both sides share (DESIGN §4, docs/sync-protocol.md).

JSON over HTTPS. Every request but login carries ``Authorization: Bearer <token>``. The
client pushes named mutations from its outbox in seq order and pulls row changes after an
opaque cursor; the server is authoritative and merges field by field (``sync.merge``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from eklase_desktop.domain.absence_notes import NOTE_FIELDS
from eklase_desktop.domain.values import wire_text

PROTOCOL_VERSION = 1
MAX_BATCH = 500  # mutations in one push
MAX_PAGE = 5000  # rows in one pull page
MAX_BODY_BYTES = 4 * 1024 * 1024


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _whole_number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a whole number")
    return value


def _timestamp(value: object) -> object:
    if not isinstance(value, str | dt.datetime):
        raise ValueError("an ISO 8601 date and time")
    return value


# What the server sends is UTC with its offset (RFC 3339); what it takes is typed strictly:
# a number is not a time, ``false`` is not 0.
Instant = Annotated[dt.datetime, AfterValidator(_utc)]
WireTime = Annotated[dt.datetime, BeforeValidator(_timestamp)]
WireInt = Annotated[int, BeforeValidator(_whole_number)]
MAX_SEQ = 2**53 - 1  # the largest integer every JSON reader keeps exactly


def _unicode_only(value: Any) -> None:
    """Raises ValueError for text that is no Unicode (a lone surrogate, ``"\\ud800"`` in
    JSON) or holds a NUL: no database, log or JSON answer can hold the one, PostgreSQL's
    text the other (a journal check's classes with a NUL were a 500)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text with a NUL character")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise ValueError("text with a lone surrogate") from error
    elif isinstance(value, dict):
        for key, item in value.items():
            _unicode_only(key)
            _unicode_only(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _unicode_only(item)


class Wire(BaseModel):
    """Requests: unknown fields are an error (422), and so is text that is not Unicode."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # fields checked by models of their own later: a mutation's ``args`` are parsed one
    # mutation at a time, so that bad text in one is that mutation's refusal, not the push's
    _checked_later: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _text_is_unicode(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls._checked_later:
            _unicode_only({k: v for k, v in data.items() if k not in cls._checked_later})
        else:
            _unicode_only(data)
        return data


class Answer(BaseModel):
    """Responses: unknown fields are ignored, so a newer server can add fields without
    breaking older clients."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Status(StrEnum):
    APPLIED = "applied"  # the change is now the server's value
    MERGED = "merged"  # the server already had this value (or a rule kept the server's)
    CONFLICT = "conflict"  # both values kept; a person decides (SPEC S4)
    REJECTED = "rejected"  # not allowed or not valid; the reason says why


class MutationName(StrEnum):
    LESSON_CREATE = "lesson.create"
    LESSON_UPDATE = "lesson.update"
    LESSON_DELETE = "lesson.delete"
    MARK_SET = "mark.set"
    PERIOD_MARK_SET = "period_mark.set"
    PRESENCE_SET = "attendance.set_presence"
    JUSTIFICATION_SET = "attendance.set_justification"
    CONFLICT_RESOLVE = "conflict.resolve"
    ABSENCE_NOTE_SET = "absence_note.set"
    CLASS_LOG_SET = "class_log_entry.set"
    STUDENT_PHONE_SET = "student.set_phone"
    GUARDIAN_PHONE_SET = "guardian.set_phone"
    MONTHLY_STATEMENT_SET = "monthly_statement.set"
    SCHOOL_YEAR_SET = "school_year.set"
    CLASS_GROUP_SET = "class_group.set"
    SUBJECT_SET = "subject.set"
    NEWS_SET = "news.set"
    SCHOOL_RULES_SET = "school_rules.set"
    JOURNAL_CHECK_SET = "journal_check.set"
    JOURNAL_REMARK_SET = "journal_remark.set"
    PERIOD_LOCK_SET = "period_lock.set"
    STAFF_SET = "staff.set"
    STUDENT_SET = "student.set"
    COURSE_SET = "course.set"
    SUBSTITUTION_SET = "substitution.set"
    STUDENT_ORDER = "student.order"
    WORK_RECORD_SET = "work_record.set"
    ASSESSMENT_SET = "assessment.set"
    COURSE_PROGRAMME_SET = "course_programme.set"


class LoginRequest(Wire):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    device: str = Field(default="", max_length=200)


class LoginResponse(Answer):
    token: str
    expires_at: Instant
    username: str
    name: str
    staff_id: uuid.UUID | None
    roles: list[str]


class Delivery(StrEnum):
    """How a new password reaches its person (SPEC A3, M 9–10)."""

    SMS = "sms"  # to the phone on the staff card, through the server's SMS gateway
    SLIP = "slip"  # back to the clerk once, who prints the password slip


class AccountRequest(Wire):
    """Grant an account to a staff card, or issue its account a new password."""

    delivery: Delivery = Delivery.SLIP


class AccountIssued(Answer):
    username: str
    name: str
    delivery: Delivery
    sent_to: str | None = None  # the phone, masked, for an SMS
    password: str | None = None  # only for a slip: shown once, never stored


class AccountInfo(Answer):
    staff_id: uuid.UUID
    username: str
    created_at: Instant
    active: bool  # not revoked, employment not over


class AccountList(Answer):
    accounts: list[AccountInfo]
    sms: bool  # the server has an SMS gateway


class PasswordChange(Wire):
    old_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


def _plausible_clock(value: dt.datetime) -> dt.datetime:
    """A laptop's clock in UTC (naive: taken as UTC), refused outside 2000–2099: a year-1
    or year-9999 time with an offset cannot even be converted."""
    try:
        utc = _utc(value).astimezone(dt.UTC)
    except OverflowError as error:
        raise ValueError("a time of this century") from error
    if not 2000 <= utc.year <= 2099:
        raise ValueError("a time of this century")
    return utc


class HelloRequest(Wire):
    protocol_version: WireInt
    client_id: uuid.UUID
    next_seq: WireInt = Field(ge=1)
    cursor: str | None = None
    client_time: Annotated[WireTime, AfterValidator(_plausible_clock)]


class HelloResponse(Answer):
    protocol_version: int
    server_id: uuid.UUID
    server_time: Instant
    clock_skew_seconds: float
    last_seq_seen: int  # the highest seq of this client the server has a receipt for
    cursor_valid: bool  # False: the server's data is older than the client's (restored)
    warnings: list[str]


class Mutation(Wire):
    _checked_later = frozenset({"args"})

    seq: WireInt = Field(ge=1, le=MAX_SEQ)
    name: str = Field(max_length=50)  # an unknown name is rejected alone, not the whole push
    version: WireInt = 1
    args: dict[str, Any]
    base_version: WireInt = Field(default=0, ge=0)


class PushRequest(Wire):
    _checked_later = frozenset({"mutations"})  # (each ``Mutation`` checks its own)

    client_id: uuid.UUID
    mutations: list[Mutation] = Field(max_length=MAX_BATCH)

    @field_validator("mutations")
    @classmethod
    def _distinct_seqs(cls, mutations: list[Mutation]) -> list[Mutation]:
        if len({m.seq for m in mutations}) != len(mutations):
            raise ValueError("every mutation of a push needs its own seq")
        return mutations


class RowChange(Answer):
    table: str
    id: uuid.UUID
    version: int
    deleted: bool
    data: dict[str, Any]


class MutationResult(Answer):
    seq: int
    status: Status
    reason: str | None = None
    version: int | None = None  # the server version of the changed row, if any
    conflict_ids: list[uuid.UUID] = []
    row: RowChange | None = None  # the row as the server now has it: the client takes it


class PushResponse(Answer):
    results: list[MutationResult]
    server_version: int


class PullRequest(Wire):
    client_id: uuid.UUID
    cursor: str | None = None
    limit: WireInt = Field(default=1000, ge=1, le=MAX_PAGE)


class PullResponse(Answer):
    changes: list[RowChange]
    cursor: str
    more: bool
    # The user's scope changed since the cursor (a course went to another teacher): the
    # client forgets its rows and takes everything again from these pages.
    reset: bool = False


class ConflictInfo(Answer):
    id: uuid.UUID
    kind: Literal["conflict", "review"]
    entity: str
    row_id: uuid.UUID
    field: str
    base: str | None
    mine: str | None
    theirs: str | None
    mine_by: str
    theirs_by: str
    theirs_at: Instant | None
    created_at: Instant
    context: dict[str, Any]
    status: Literal["open", "resolved"]
    viewer: Literal["mine", "theirs", "other"] = "mine"  # whose side the asking user is on


class HistoryEntry(Answer):
    """One change of a row, from the server's audit log (SPEC J14)."""

    at: Instant
    who: str
    action: str
    field: str
    old: str | None
    new: str | None
    reason: str | None = None  # a late correction's, in a closed period


class History(Answer):
    entries: list[HistoryEntry]


class ConflictList(Answer):
    conflicts: list[ConflictInfo]


class ResolveRequest(Wire):
    choice: Literal["theirs", "mine"]


class ResolveResponse(Answer):
    conflict: ConflictInfo
    version: int | None


REFRESH_AFTER_REFUSAL = frozenset(
    {
        MutationName.SCHOOL_YEAR_SET,
        MutationName.STUDENT_SET,
        MutationName.COURSE_SET,
        MutationName.STUDENT_ORDER,
    }
)

# The table each mutation changes (its name's prefix) and the argument naming the row.
ROW_KEYS = {
    "lesson": "lesson_id",
    "mark": "mark_id",
    "period_mark": "period_mark_id",
    "attendance": "attendance_id",
    "absence_note": "absence_note_id",
    "class_log_entry": "class_log_entry_id",
    "student": "student_id",
    "guardian": "guardian_id",
    "monthly_statement": "monthly_statement_id",
    "school_year": "school_year_id",
    "class_group": "class_group_id",
    "subject": "subject_id",
    "staff": "staff_id",
    "course": "course_id",
    "substitution": "substitution_id",
    "work_record": "work_record_id",
    "assessment": "assessment_id",
    "course_programme": "course_programme_id",
    "news": "news_id",
    "school_rules": "school_id",
    "journal_check": "check_id",
    "journal_remark": "remark_id",
    "period_lock": "lock_id",
}


__all__ = ["NOTE_FIELDS", "wire_text"]  # re-exported: the wire's names for them
