"""The journal tables: what a school keeps in E-klase (DESIGN §3, SPEC §2–§6).

Enumerations are stored as their string values (see ``eklase_desktop.domain``) so that the
same migrations run on SQLite and PostgreSQL and a new value needs no schema change.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.marks import MarkSlot, SlotKind
from eklase_desktop.models.base import Base, SyncedRow


class School(SyncedRow, Base):
    __tablename__ = "school"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="general")  # general | music


class SchoolYear(SyncedRow, Base):
    """Mācību gads: dates the clerk enters (DOMAIN: calendar)."""

    __tablename__ = "school_year"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"))
    name: Mapped[str] = mapped_column(String(20))
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    # the first lesson day (Zinību diena) when it is not ``first_day`` (1 Sep on a weekend)
    first_school_day: Mapped[dt.date | None] = mapped_column(Date)
    year_mark_deadline: Mapped[dt.date] = mapped_column(Date)
    draft: Mapped[bool] = mapped_column(Boolean, default=False)

    semesters: Mapped[list[Semester]] = relationship(order_by="Semester.number")
    holidays: Mapped[list[HolidayPeriod]] = relationship(order_by="HolidayPeriod.start")


class Semester(SyncedRow, Base):
    __tablename__ = "semester"

    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_year.id"))
    number: Mapped[int] = mapped_column(Integer)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    mark_deadline: Mapped[dt.date] = mapped_column(Date)


class HolidayPeriod(SyncedRow, Base):
    """Brīvdienas: school holidays (they do not stop the working-day count)."""

    __tablename__ = "holiday_period"

    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_year.id"))
    name: Mapped[str] = mapped_column(String(100))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)


class Staff(SyncedRow, Base):
    """A member of staff; ``roles`` is a comma-separated set of ``domain.roles.Role`` values.

    The personal code stays on the server and on the clerk's and deputy's machines (SPEC D2).
    """

    __tablename__ = "staff"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    username: Mapped[str] = mapped_column(String(100), unique=True)
    roles: Mapped[str] = mapped_column(String(200), default="teacher")
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    personal_code: Mapped[str | None] = mapped_column(String(12))
    employed_from: Mapped[dt.date | None] = mapped_column(Date)
    employed_until: Mapped[dt.date | None] = mapped_column(Date)  # the last day


class ClassGroup(SyncedRow, Base):
    """Klase, kurss or grupa, with its tutor (audzinātājs)."""

    __tablename__ = "class_group"

    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_year.id"))
    name: Mapped[str] = mapped_column(String(50))
    grade: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="class")  # class | course | group
    programme: Mapped[str] = mapped_column(String(200), default="", server_default="")
    tutor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class Student(SyncedRow, Base):
    """Audzēknis / skolēns. Sensitive fields (SPEC D1) are only filled where the role needs
    them; a subject teacher's cache holds names only (SPEC D2)."""

    __tablename__ = "student"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"))
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("class_group.id"))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(1))
    personal_code: Mapped[str | None] = mapped_column(String(12))
    phone: Mapped[str | None] = mapped_column(String(30))
    declared_address: Mapped[str | None] = mapped_column(String(300))
    actual_address: Mapped[str | None] = mapped_column(String(300))
    programme: Mapped[str | None] = mapped_column(String(200))
    id_document: Mapped[str | None] = mapped_column(String(30))  # passport or ID card number
    id_document_issuer: Mapped[str | None] = mapped_column(String(100))
    id_document_date: Mapped[dt.date | None] = mapped_column(Date)
    admission_order: Mapped[str | None] = mapped_column(String(50))  # SPEC C2, M 12.14
    admitted_on: Mapped[dt.date | None] = mapped_column(Date)
    leaving_order: Mapped[str | None] = mapped_column(String(50))
    left_on: Mapped[dt.date | None] = mapped_column(Date)


class Guardian(SyncedRow, Base):
    """Vecāks or another legal representative (SPEC D1, M 13)."""

    __tablename__ = "guardian"

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))


class AbsenceNote(SyncedRow, Base):
    """A note in the register of absence notes (zīmju reģistrs, SPEC T2): the tutor's reason
    for a student's absence over a range of days (``domain.absence_notes``). It justifies
    the student's absences in those days until it is ``withdrawn``."""

    __tablename__ = "absence_note"

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"), index=True)
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    justification: Mapped[str] = mapped_column(String(1))  # Justification: s or c
    source: Mapped[str] = mapped_column(String(20))  # NoteSource
    comment: Mapped[str] = mapped_column(Text, default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ClassLogEntry(SyncedRow, Base):
    """An entry of a class's logs (``domain.class_logs``): a conversation, a safety briefing,
    a note for the parents' attention, or a behaviour entry (SPEC T3–T5, J12)."""

    __tablename__ = "class_log_entry"

    kind: Mapped[str] = mapped_column(String(20))  # LogKind
    class_group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("class_group.id"), index=True)
    student_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("student.id"))
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("course.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    with_whom: Mapped[str] = mapped_column(String(200), default="")
    positive: Mapped[bool | None] = mapped_column(Boolean)
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)  # student ids
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class MonthlyStatement(SyncedRow, Base):
    """A student's monthly grade statement (SPEC T7): when it was printed and when the copy a
    parent signed came back (``domain.monthly_statements``).
    Id: ``cell_id("monthly_statement", student, month)``."""

    __tablename__ = "monthly_statement"
    __table_args__ = (UniqueConstraint("student_id", "month"),)

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # 2026-10
    printed_on: Mapped[dt.date | None] = mapped_column(Date)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class Subject(SyncedRow, Base):
    """Mācību priekšmets; ``kind`` is ``domain.lessons.SubjectKind``."""

    __tablename__ = "subject"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"))
    name: Mapped[str] = mapped_column(String(150))
    short_name: Mapped[str] = mapped_column(String(20), default="", server_default="")
    kind: Mapped[str] = mapped_column(String(20), default="general")
    pass_fail: Mapped[bool] = mapped_column(Boolean, default=False)


class Course(SyncedRow, Base):
    """The journal unit: a subject taught to a class, a group or one student (SPEC J18)."""

    __tablename__ = "course"

    school_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_year.id"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject.id"))
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("class_group.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="class")  # domain.lessons.CourseKind
    teacher_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    concertmaster_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    descriptive: Mapped[bool] = mapped_column(Boolean, default=False)  # grades 1–3 (SPEC J13)
    weekly_lessons: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # C5
    plus_minus: Mapped[bool] = mapped_column(Boolean, default=False)

    subject: Mapped[Subject] = relationship()
    class_group: Mapped[ClassGroup | None] = relationship()

    def mark_slot(self, kind: SlotKind) -> MarkSlot:
        """Which marks a cell of this course accepts (SPEC J8–J10, J13)."""
        return MarkSlot(
            kind=kind,
            professional=self.subject.kind == SubjectKind.PROFESSIONAL,
            descriptive=self.descriptive,
            plus_minus=self.plus_minus,
        )


class Enrolment(SyncedRow, Base):
    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("course_id", "student_id"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)


class StudentOrder(SyncedRow, Base):
    """An order about a student (SPEC C2): a transfer to ``class_group_id`` or an expulsion,
    by its number, taking effect on ``day``."""

    __tablename__ = "student_order"

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(50))
    day: Mapped[dt.date] = mapped_column(Date)
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("class_group.id"))


class Substitution(SyncedRow, Base):
    """Aizvietošana (SPEC J4): from ``start`` to ``end`` (both included) the substitute
    teaches the course; the lessons they create then are theirs (``Lesson.taught_by_id``)."""

    __tablename__ = "substitution"

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    substitute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)


class Lesson(SyncedRow, Base):
    """Mācību stunda (SPEC J1–J5): date, topic, homework, type and notes."""

    __tablename__ = "lesson"

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[int | None] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(Text, default="")
    homework: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    lesson_type: Mapped[str] = mapped_column(String(20), default="ordinary")
    not_held_reason: Mapped[str | None] = mapped_column(String(30))
    made_up_date: Mapped[dt.date | None] = mapped_column(Date)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    taught_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class Assessment(SyncedRow, Base):
    """Pārbaudes darbs held in a lesson (SPEC J7); its lesson's marks are test marks."""

    __tablename__ = "assessment"

    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lesson.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="test")  # domain.assessments
    topic: Mapped[str] = mapped_column(Text, default="")
    methodology: Mapped[str] = mapped_column(String(20), default="ordinary")


class Attendance(SyncedRow, Base):
    """Presence (set by the teacher) and justification (set by the tutor) of one student in
    one lesson; two fields so that both merge (SPEC T2, S3). Id: ``cell_id("attendance", …)``."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("lesson_id", "student_id"),)

    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lesson.id"), index=True)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"))
    presence: Mapped[str] = mapped_column(String(1), default="")
    justification: Mapped[str] = mapped_column(String(1), default="")


class Mark(SyncedRow, Base):
    """Vērtējums of one student in one lesson (or its test). Id: ``cell_id("mark", …)``."""

    __tablename__ = "mark"
    __table_args__ = (UniqueConstraint("lesson_id", "student_id"),)

    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lesson.id"), index=True)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"))
    value: Mapped[str] = mapped_column(String(10))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    entered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class PeriodMark(SyncedRow, Base):
    """Month, semester, year, exam and post-exam marks (SPEC J8, J16).

    ``period`` is ``M2026-09`` for a month, ``S1``/``S2``, ``Y``, ``E`` (exam) or ``P``
    (pēcpārbaudījums). Id: ``cell_id("period_mark", course, student, period)``.
    """

    __tablename__ = "period_mark"
    __table_args__ = (UniqueConstraint("course_id", "student_id", "period"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("student.id"))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(10))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class WorkRecord(SyncedRow, Base):
    """A work-log record of one member of staff (``domain.work_records``): an accompanied
    lesson or other accompaniment (SPEC K1), practice hours (J6) or individual work (J15).
    ``class_group_id`` is the students' class (its tutor reads the record); None for
    accompaniment, which only its author, the course's teacher and the deputy read."""

    __tablename__ = "work_record"

    kind: Mapped[str] = mapped_column(String(20))  # WorkKind
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("course.id"), index=True)
    lesson_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lesson.id"))
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("class_group.id"))
    students: Mapped[list[str]] = mapped_column(JSON, default=list)  # student ids
    topic: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[str] = mapped_column(String(6), default="1")  # hours_text: 1, 1.5, 0.75
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CourseProgramme(SyncedRow, Base):
    """A professional course's semester programme (SPEC J11, M 18.7), entered by its teacher
    at the semester's start. Id: ``cell_id("course_programme", course, semester)``."""

    __tablename__ = "course_programme"
    __table_args__ = (UniqueConstraint("course_id", "semester"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    semester: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class News(SyncedRow, Base):
    """Skolas jaunumi (SPEC C4): an item the clerk or the deputy director published; its
    author is whoever sent it first (the server decides)."""

    __tablename__ = "news"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class SchoolRules(SyncedRow, Base):
    """The school's thresholds for the deputy's statistics and how late corrections in a
    closed period are made (``domain.statistics.SchoolRules``). Id: the school's id; a school
    without this row keeps the defaults."""

    __tablename__ = "school_rules"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"), index=True)
    min_marks: Mapped[int] = mapped_column(Integer, default=3)
    average_drop: Mapped[str] = mapped_column(String(5), default="0.5")  # balles, one place
    unjustified_limit: Mapped[int] = mapped_column(Integer, default=5)
    late_changes: Mapped[str] = mapped_column(String(10), default="reason")


class JournalCheck(SyncedRow, Base):
    """A journal check by the deputy director (SPEC V2, G 11), or the year-end check of the
    summary journal (SPEC V3) with its sign-off: the day, the classes checked and the
    conclusion; its remarks are ``JournalRemark`` rows. The deputy is the first sender."""

    __tablename__ = "journal_check"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    classes: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(10), default="journals", server_default="journals")
    signed_on: Mapped[dt.date | None] = mapped_column(Date)  # a year-end check's sign-off


class JournalRemark(SyncedRow, Base):
    """What a check found in one course (or, for the class tutor, one class; for a
    concertmaster, the weeks) and the deputy's remark, addressed to the person who marks it
    done: they receive it wherever it is filed."""

    __tablename__ = "journal_remark"

    check_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_check.id"), index=True)
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("course.id"))
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("class_group.id"))
    addressee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    findings: Mapped[str] = mapped_column(Text, default="", server_default="")
    remark: Mapped[str] = mapped_column(Text, default="", server_default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PeriodLock(SyncedRow, Base):
    """A month or a semester the deputy director closed for a course, a class or the school
    (``domain.period_locks``); reopening keeps the row (``reopened``)."""

    __tablename__ = "period_lock"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"), index=True)
    scope: Mapped[str] = mapped_column(String(10))  # LockScope
    class_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("class_group.id"))
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("course.id"))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(100))
    reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
