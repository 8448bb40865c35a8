"""The sync protocol v1: the wire types both sides share (DESIGN §4, docs/sync-protocol.md).

JSON over HTTPS. Every request but login carries ``Authorization: Bearer <token>``. The
client pushes named mutations from its outbox in seq order and pulls row changes after an
opaque cursor; the server is authoritative and merges field by field (``sync.merge``).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from eklase_desktop.domain.absence_notes import NOTE_FIELDS
from eklase_desktop.domain.lessons import LESSON_FIELDS, LessonType, NotHeldReason
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
# Only dates a school could mean are taken (0001-01-01 and 9999-12-31 were stored): a school
# day of this century; a birth or a document's date since 1900.
MAX_BASE_CHARS = 20_000  # a base as JSON: more than any record's fields hold


def _bounded(value: Any) -> Any:
    """A mutation's ``base`` no larger than the fields it saw can be: a conflict keeps it and
    serves it to both sides (3 MB bases were kept and served on every conflicts request)."""
    if len(json.dumps(value, default=str, ensure_ascii=False)) > MAX_BASE_CHARS:
        raise ValueError(f"a base of at most {MAX_BASE_CHARS} characters")
    return value


Bounded = AfterValidator(_bounded)
# what a mutation says the user saw before the change (its ``base``), bounded
SeenFields = Annotated[dict[str, str | None] | None, Bounded]  # a record's fields, wire text
SeenValues = Annotated[dict[str, Any] | None, Bounded]  # fields and lists
SeenText = Annotated[str | None, Bounded]
SeenCode = Annotated[str, Field(max_length=10)]  # a presence or justification code
SchoolDay = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2099, 12, 31))]
LifeDay = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2099, 12, 31))]


def _unicode_only(value: Any) -> None:
    """Raises ValueError for text that is no Unicode (a lone surrogate, ``"\\ud800"`` in
    JSON): no database, log or JSON answer can hold it."""
    if isinstance(value, str):
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


class History(Answer):
    entries: list[HistoryEntry]


class ConflictList(Answer):
    conflicts: list[ConflictInfo]


class ResolveRequest(Wire):
    choice: Literal["theirs", "mine"]


class ResolveResponse(Answer):
    conflict: ConflictInfo
    version: int | None


# --- mutation arguments (docs/sync-protocol.md, "Mutation catalogue") --------------------
# ``base`` is the value the user saw before the change: the server merges three-way with it.


class LessonFields(Wire):
    """A lesson's fields as the wire carries them, with their limits: ``lesson.create``
    sends all of them, ``lesson.update`` those it changes (``LessonUpdateArgs``)."""

    date: SchoolDay
    number: int | None = Field(default=None, ge=0, le=20)
    topic: str = Field(default="", max_length=2000)
    homework: str = Field(default="", max_length=4000)
    notes: str = Field(default="", max_length=4000)
    lesson_type: LessonType = LessonType.ORDINARY
    not_held_reason: NotHeldReason | None = None
    made_up_date: SchoolDay | None = None
    remote: StrictBool = False  # (lax, 1 and "yes" were taken, and stored as false)


class LessonCreateArgs(LessonFields):
    lesson_id: uuid.UUID
    course_id: uuid.UUID


_PLACEHOLDER = {"date": "2000-01-01"}  # (``date`` is required of a whole lesson)


def lesson_values(values: dict[str, Any]) -> dict[str, Any]:
    """Some of a lesson's fields, each checked as ``LessonFields`` checks it (a 100,000
    character topic, ``[1]``, ``{}``, NaN or a null where no null belongs are refused); the
    values are kept as sent."""
    unknown = set(values) - set(LESSON_FIELDS)
    if unknown:
        raise ValueError(f"not lesson fields: {', '.join(sorted(unknown))}")
    LessonFields.model_validate(_PLACEHOLDER | values)
    return values


def _text(limit: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit}


def _day(nullable: bool = False) -> dict[str, Any]:
    day = {"type": "string", "format": "date"}
    return {"anyOf": [day, {"type": "null"}]} if nullable else day


# the JSON schema of some of a lesson's fields (OpenAPI: what ``lesson_values`` checks)
_LESSON_VALUES_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "date": _day(),
        "number": {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 20}, {"type": "null"}]},
        "topic": _text(2000),
        "homework": _text(4000),
        "notes": _text(4000),
        "lesson_type": {"enum": [kind.value for kind in LessonType]},
        "not_held_reason": {"enum": [*(reason.value for reason in NotHeldReason), None]},
        "made_up_date": _day(nullable=True),
        "remote": {"type": "boolean"},
    },
}
LessonValues = Annotated[
    dict[str, Any],
    Field(max_length=len(LESSON_FIELDS)),
    AfterValidator(lesson_values),
    WithJsonSchema(_LESSON_VALUES_SCHEMA),
]


class LessonUpdateArgs(Wire):
    lesson_id: uuid.UUID
    changes: LessonValues  # LESSON_FIELDS only
    base: LessonValues  # the values before


class LessonDeleteArgs(Wire):
    lesson_id: uuid.UUID


class MarkSetArgs(Wire):
    mark_id: uuid.UUID
    lesson_id: uuid.UUID
    student_id: uuid.UUID
    value: str | None = Field(max_length=10)  # None deletes the mark
    base: SeenText = None


class PeriodMarkSetArgs(Wire):
    period_mark_id: uuid.UUID
    course_id: uuid.UUID
    student_id: uuid.UUID
    period: str = Field(pattern=r"^(S1|S2|Y|YC|E|P|M20\d\d-(0[1-9]|1[0-2]))$")
    value: str | None = Field(max_length=10)
    base: SeenText = None


class PresenceSetArgs(Wire):
    attendance_id: uuid.UUID
    lesson_id: uuid.UUID
    student_id: uuid.UUID
    presence: Literal["", "n", "k"]
    base: SeenCode = ""
    base_justification: SeenCode = ""


class JustificationSetArgs(Wire):
    attendance_id: uuid.UUID
    lesson_id: uuid.UUID
    student_id: uuid.UUID
    justification: Literal["", "s", "c"]
    base: SeenCode = ""


class AbsenceNoteSetArgs(Wire):
    """Creates or changes a note in the register of absence notes (SPEC T2). The server
    justifies the student's absences in the note's days (and, where the days changed or the
    note is withdrawn, recomputes those it no longer covers)."""

    absence_note_id: uuid.UUID
    student_id: uuid.UUID
    first_day: SchoolDay
    last_day: SchoolDay
    justification: Literal["s", "c"]
    source: Literal["parent", "doctor", "school_event", "other"]
    comment: str = Field(default="", max_length=500)
    withdrawn: bool = False
    base: SeenFields = None  # NOTE_FIELDS as seen (wire text); None: new


class ClassLogSetArgs(Wire):
    """Creates, changes or deletes an entry of a class's logs (SPEC T3–T5, J12)."""

    class_log_entry_id: uuid.UUID
    kind: Literal["conversation", "briefing", "parent_note", "behaviour"]
    class_group_id: uuid.UUID
    day: SchoolDay
    student_id: uuid.UUID | None = None
    course_id: uuid.UUID | None = None
    title: str = Field(default="", max_length=300)
    text: str = Field(default="", max_length=4000)
    with_whom: str = Field(default="", max_length=200)
    positive: bool | None = None
    participants: list[uuid.UUID] = Field(default_factory=list, max_length=200)
    deleted: bool = False
    base: SeenValues = None  # LOG_FIELDS, participants, deleted as seen; None: new


class CourseProgrammeSetArgs(Wire):
    """A professional course's semester programme (SPEC J11); an empty text clears it."""

    course_programme_id: uuid.UUID  # cell_id("course_programme", course_id, semester)
    course_id: uuid.UUID
    semester: int = Field(ge=1, le=2)
    text: str = Field(default="", max_length=4000)
    base: SeenText = None  # the text as seen; None: none was there


class AssessmentSetArgs(Wire):
    """Makes a lesson a test (pārbaudes darbs, SPEC J7), changes it, or makes it an ordinary
    lesson again (``deleted``). ``assessment_id`` is ``cell_id("assessment", lesson_id)``
    for a new one, so two laptops making the same lesson a test make one."""

    assessment_id: uuid.UUID
    lesson_id: uuid.UUID
    kind: Literal["test", "large_work", "exam", "credit"] = "test"
    topic: str = Field(default="", max_length=500)
    methodology: Literal["ordinary", "test"] = "ordinary"
    deleted: bool = False
    base: SeenFields = None  # ASSESSMENT_FIELDS and deleted as seen; None: new


class WorkRecordSetArgs(Wire):
    """Creates, changes or deletes a work-log record (SPEC K1, J6, J15): an accompanied
    lesson or other accompaniment, practice hours, individual work."""

    work_record_id: uuid.UUID
    kind: Literal["accompaniment", "practice", "consultation", "nurse", "social_pedagogue", "other"]
    day: SchoolDay
    course_id: uuid.UUID | None = None
    lesson_id: uuid.UUID | None = None
    students: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    topic: str = Field(default="", max_length=500)
    text: str = Field(default="", max_length=4000)
    hours: str = Field(default="1", min_length=1, max_length=6)
    deleted: bool = False
    base: SeenValues = None  # RECORD_FIELDS, students, deleted as seen; None: new


class StudentPhoneSetArgs(Wire):
    """A student's phone number (SPEC T1): Latvian, ``+371 …``; null clears it."""

    student_id: uuid.UUID
    phone: str | None = Field(max_length=30)
    base: SeenText = None


class GuardianPhoneSetArgs(Wire):
    """A parent's (guardian's) phone number (SPEC T1)."""

    guardian_id: uuid.UUID
    phone: str | None = Field(max_length=30)
    base: SeenText = None


class MonthlyStatementSetArgs(Wire):
    """When a student's monthly statement was printed and when the copy a parent signed came
    back (SPEC T7); null clears a date. The id is ``cell_id("monthly_statement", student,
    month)``, so two laptops recording one statement write one row."""

    monthly_statement_id: uuid.UUID
    student_id: uuid.UUID
    month: str = Field(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")
    printed_on: SchoolDay | None = None
    returned_on: SchoolDay | None = None
    base: SeenFields = None  # STATEMENT_FIELDS as seen (wire text); None: new


class SemesterArgs(Wire):
    number: Literal[1, 2]
    start: SchoolDay
    end: SchoolDay
    mark_deadline: SchoolDay


class HolidayArgs(Wire):
    name: str = Field(min_length=1, max_length=100)
    start: SchoolDay
    end: SchoolDay


class SchoolYearSetArgs(Wire):
    """Creates or changes a school year with its two semesters and its holidays (SPEC C1;
    DOMAIN: calendar). ``semesters`` and ``holidays`` merge as one field each."""

    school_year_id: uuid.UUID
    name: str = Field(min_length=1, max_length=20)
    first_day: SchoolDay
    first_school_day: SchoolDay | None = None
    last_day: SchoolDay
    year_mark_deadline: SchoolDay
    semesters: list[SemesterArgs] = Field(min_length=2, max_length=2)
    holidays: list[HolidayArgs] = Field(default_factory=list, max_length=12)
    draft: bool = False
    base: SeenFields = None  # YEAR_FIELDS as seen (wire text); None: new


class ClassGroupSetArgs(Wire):
    """Creates, changes or deletes a class, course or group of a school year (SPEC C1)."""

    class_group_id: uuid.UUID
    school_year_id: uuid.UUID
    name: str = Field(min_length=1, max_length=50)
    grade: int = Field(ge=1, le=12)
    kind: Literal["class", "course", "group"] = "class"
    programme: str = Field(default="", max_length=200)
    tutor_id: uuid.UUID | None = None
    deleted: bool = False
    base: SeenFields = None  # CLASS_FIELDS as seen (wire text); None: new


class SubjectSetArgs(Wire):
    """Creates, changes or deletes a subject (SPEC C1)."""

    subject_id: uuid.UUID
    name: str = Field(min_length=1, max_length=150)
    short_name: str = Field(default="", max_length=20)
    kind: Literal["general", "professional", "theory"] = "general"
    pass_fail: bool = False
    deleted: bool = False
    base: SeenFields = None  # SUBJECT_FIELDS as seen (wire text); None: new


class StaffSetArgs(Wire):
    """Creates, changes or deletes a staff card (SPEC V4, D1). The server gives a new card
    its login name (the school's rule); the personal code, phone and e-mail reach only the
    clerk's and the deputy's laptops (SPEC D2)."""

    staff_id: uuid.UUID
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    personal_code: str | None = Field(default=None, max_length=12)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    roles: list[
        Literal[
            "teacher", "concertmaster", "tutor", "clerk", "deputy", "director", "individual_work"
        ]
    ] = Field(min_length=1, max_length=7)
    employed_from: LifeDay | None = None
    employed_until: LifeDay | None = None
    deleted: bool = False
    base: SeenFields = None  # STAFF_FIELDS as seen (wire text); None: new


class GuardianArgs(Wire):
    guardian_id: uuid.UUID
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=30)


class StudentSetArgs(Wire):
    """Creates, changes or deletes a student card with the guardians (SPEC D1, C1). A new
    student of a class is enrolled in the class's courses; another class is a transfer, not a
    card's change. Personal data reaches only the clerk, the deputy (and for phones the
    class tutor), SPEC D2."""

    student_id: uuid.UUID
    class_group_id: uuid.UUID | None = None
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    personal_code: str = Field(min_length=1, max_length=12)
    birth_date: LifeDay | None = None
    gender: Literal["M", "F"] | None = None
    phone: str | None = Field(default=None, max_length=30)
    declared_address: str | None = Field(default=None, max_length=300)
    actual_address: str | None = Field(default=None, max_length=300)
    programme: str | None = Field(default=None, max_length=200)
    id_document: str | None = Field(default=None, max_length=30)
    id_document_issuer: str | None = Field(default=None, max_length=100)
    id_document_date: LifeDay | None = None
    admission_order: str | None = Field(default=None, max_length=50)
    admitted_on: SchoolDay | None = None
    guardians: list[GuardianArgs] = Field(default_factory=list, max_length=6)
    deleted: bool = False
    base: SeenFields = None  # STUDENT_FIELDS as seen (wire text); None: new


class CourseSetArgs(Wire):
    """Creates, changes or deletes a course (tarifikācija, SPEC C5, J18). A class course
    enrols its class; a group's or an individual course's ``students`` are enrolled (and a
    student taken off leaves it, while nothing was entered for them)."""

    course_id: uuid.UUID
    school_year_id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)
    subject_id: uuid.UUID
    kind: Literal["class", "group", "individual"] = "class"
    class_group_id: uuid.UUID | None = None
    students: list[uuid.UUID] = Field(default_factory=list, max_length=200)
    teacher_id: uuid.UUID
    concertmaster_id: uuid.UUID | None = None
    weekly_lessons: int = Field(default=0, ge=0, le=40)
    descriptive: bool = False
    deleted: bool = False
    base: SeenFields = None  # COURSE_FIELDS as seen (wire text); None: new


class SubstitutionSetArgs(Wire):
    """Names, changes or cancels a substitute teacher for a course from ``start`` to ``end``
    (SPEC J4); the deputy's."""

    substitution_id: uuid.UUID
    course_id: uuid.UUID
    substitute_id: uuid.UUID
    start: SchoolDay
    end: SchoolDay
    deleted: bool = False
    base: SeenFields = None  # SUBSTITUTION_FIELDS as seen; None: new


class StudentOrderArgs(Wire):
    """A transfer to another class or an expulsion, by the order's number, taking effect on
    ``day`` (SPEC C2); the clerk's and the deputy's. Carried out once."""

    order_id: uuid.UUID
    student_id: uuid.UUID
    kind: Literal["transfer", "expulsion", "promotion", "graduation"]
    number: str = Field(min_length=1, max_length=50)
    day: SchoolDay
    class_group_id: uuid.UUID | None = None  # the class a transfer moves to


class ConflictResolveArgs(Wire):
    conflict_id: uuid.UUID
    choice: Literal["theirs", "mine"]


# Set-up mutations write rows beside their own (a course its enrolments, a student card the
# guardians, a year its semesters and holidays): a laptop whose change of one was refused
# takes its data from the server afresh (docs/sync-protocol.md §6).
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
}

MUTATION_ARGS: dict[MutationName, type[Wire]] = {
    MutationName.LESSON_CREATE: LessonCreateArgs,
    MutationName.LESSON_UPDATE: LessonUpdateArgs,
    MutationName.LESSON_DELETE: LessonDeleteArgs,
    MutationName.MARK_SET: MarkSetArgs,
    MutationName.PERIOD_MARK_SET: PeriodMarkSetArgs,
    MutationName.PRESENCE_SET: PresenceSetArgs,
    MutationName.JUSTIFICATION_SET: JustificationSetArgs,
    MutationName.CONFLICT_RESOLVE: ConflictResolveArgs,
    MutationName.ABSENCE_NOTE_SET: AbsenceNoteSetArgs,
    MutationName.CLASS_LOG_SET: ClassLogSetArgs,
    MutationName.STUDENT_PHONE_SET: StudentPhoneSetArgs,
    MutationName.GUARDIAN_PHONE_SET: GuardianPhoneSetArgs,
    MutationName.MONTHLY_STATEMENT_SET: MonthlyStatementSetArgs,
    MutationName.SCHOOL_YEAR_SET: SchoolYearSetArgs,
    MutationName.CLASS_GROUP_SET: ClassGroupSetArgs,
    MutationName.SUBJECT_SET: SubjectSetArgs,
    MutationName.STAFF_SET: StaffSetArgs,
    MutationName.STUDENT_SET: StudentSetArgs,
    MutationName.COURSE_SET: CourseSetArgs,
    MutationName.SUBSTITUTION_SET: SubstitutionSetArgs,
    MutationName.STUDENT_ORDER: StudentOrderArgs,
    MutationName.WORK_RECORD_SET: WorkRecordSetArgs,
    MutationName.ASSESSMENT_SET: AssessmentSetArgs,
    MutationName.COURSE_PROGRAMME_SET: CourseProgrammeSetArgs,
}


__all__ = ["NOTE_FIELDS", "wire_text"]  # re-exported: the wire's names for them
