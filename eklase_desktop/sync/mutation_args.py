"""The arguments of every mutation, as the wire carries them (docs/sync-protocol.md §4, the
mutation catalogue), and the bounded value types they are made of: only values a school could
mean are taken."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StrictBool, WithJsonSchema

from eklase_desktop.domain.lessons import LESSON_FIELDS, LessonType, NotHeldReason
from eklase_desktop.sync.protocol import MutationName, Wire

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
    reason: str = Field(default="", max_length=500)  # a late correction's (period locks)


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
    reason: str = Field(default="", max_length=500)  # a late correction's (period locks)


class JustificationSetArgs(Wire):
    attendance_id: uuid.UUID
    lesson_id: uuid.UUID
    student_id: uuid.UUID
    justification: Literal["", "s", "c"]
    base: SeenCode = ""
    reason: str = Field(default="", max_length=500)  # a late correction's (period locks)


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


class NewsSetArgs(Wire):
    """Creates, changes or deletes a school news item (SPEC C4); its author is the sender."""

    news_id: uuid.UUID
    day: SchoolDay
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(default="", max_length=10_000)
    deleted: bool = False
    base: SeenFields = None  # NEWS_FIELDS as seen (wire text); None: new


class SchoolRulesSetArgs(Wire):
    """Sets the school's thresholds and late-correction rule (SPEC V1, V8; DOMAIN: period
    locks); the row's id is the school's."""

    school_id: uuid.UUID
    min_marks: int = Field(ge=0, le=30)
    average_drop: str = Field(pattern=r"^[0-9](\.[0-9])?$")
    unjustified_limit: int = Field(ge=0, le=200)
    late_changes: Literal["reason", "reopen"]
    base: SeenFields = None  # RULE_FIELDS as seen (wire text); None: the defaults


class JournalCheckSetArgs(Wire):
    """Creates, changes or deletes a journal check (SPEC V2); its author is the sender."""

    check_id: uuid.UUID
    day: SchoolDay
    classes: str = Field(min_length=1, max_length=2000)
    note: str = Field(default="", max_length=4000)
    kind: Literal["journals", "year_end"] = "journals"
    signed_on: SchoolDay | None = None  # a year-end check's sign-off
    deleted: bool = False
    base: SeenFields = None  # CHECK_FIELDS as seen (wire text); None: new


class JournalRemarkSetArgs(Wire):
    """A check's remark to one person about a course (or a class, or the weeks accompanied);
    the deputy writes it, the person it is addressed to marks it done."""

    remark_id: uuid.UUID
    check_id: uuid.UUID
    course_id: uuid.UUID | None = None
    class_group_id: uuid.UUID | None = None
    addressee_id: uuid.UUID
    findings: str = Field(default="", max_length=4000)
    remark: str = Field(default="", max_length=4000)
    done: StrictBool = False
    deleted: StrictBool = False
    base: SeenFields = None  # REMARK_FIELDS as seen (wire text); None: new


class PeriodLockSetArgs(Wire):
    """Closes a month or a semester for a course, a class or the school, or reopens it
    (DOMAIN: period locks); its author is the sender."""

    lock_id: uuid.UUID
    scope: Literal["school", "class", "course"]
    class_group_id: uuid.UUID | None = None
    course_id: uuid.UUID | None = None
    start: SchoolDay
    end: SchoolDay
    label: str = Field(min_length=1, max_length=100)
    reopened: StrictBool = False
    deleted: StrictBool = False
    base: SeenFields = None  # LOCK_FIELDS as seen (wire text); None: new


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
    MutationName.NEWS_SET: NewsSetArgs,
    MutationName.SCHOOL_RULES_SET: SchoolRulesSetArgs,
    MutationName.JOURNAL_CHECK_SET: JournalCheckSetArgs,
    MutationName.JOURNAL_REMARK_SET: JournalRemarkSetArgs,
    MutationName.PERIOD_LOCK_SET: PeriodLockSetArgs,
    MutationName.STAFF_SET: StaffSetArgs,
    MutationName.STUDENT_SET: StudentSetArgs,
    MutationName.COURSE_SET: CourseSetArgs,
    MutationName.SUBSTITUTION_SET: SubstitutionSetArgs,
    MutationName.STUDENT_ORDER: StudentOrderArgs,
    MutationName.WORK_RECORD_SET: WorkRecordSetArgs,
    MutationName.ASSESSMENT_SET: AssessmentSetArgs,
    MutationName.COURSE_PROGRAMME_SET: CourseProgrammeSetArgs,
}
