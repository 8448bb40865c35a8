"""What each user may see (pull) and write (push) — SPEC D2, S5; DOMAIN: roles."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Role, roles_for_course
from eklase_desktop.domain.work_records import WORK_READERS, WorkKind
from eklase_desktop.models import ClassGroup, Course, Enrolment, Lesson, Student
from eklase_desktop.models.setup import substituted_courses
from eklase_server.auth import User

# Rows everyone at the school may pull (names of staff only; see ``PRIVATE_COLUMNS``).
SCHOOL_TABLES = frozenset(
    {
        "school",
        "school_year",
        "semester",
        "holiday_period",
        "subject",
        "class_group",
        "staff",
        "news",
        "school_rules",
        "journal_check",
        "period_lock",
    }
)
# Columns only the deputy director, the clerk (and for phones the class tutor) receive.
PRIVATE_COLUMNS = {
    "student": {
        "personal_code",
        "phone",
        "declared_address",
        "actual_address",
        "birth_date",
        "id_document",
        "id_document_issuer",
        "id_document_date",
        "gender",
        "programme",
        "admission_order",
        "admitted_on",
        "leaving_order",
        "left_on",
    },
    "staff": {"personal_code", "phone", "email"},
    "guardian": {"phone"},
}
TUTOR_COLUMNS = {"student": {"phone"}, "guardian": {"phone"}}


@dataclass(frozen=True)
class Scope:
    """The courses and classes a user reads; ``everything`` for the deputy and the clerk."""

    everything: bool
    courses: frozenset[uuid.UUID]
    classes: frozenset[uuid.UUID]
    # students who left one of the courses by an order (SPEC C2), not of the user's classes:
    # (course, student), and those who left every course of the user's
    left: frozenset[tuple[uuid.UUID, uuid.UUID]] = frozenset()
    gone: frozenset[uuid.UUID] = frozenset()
    # work records (DOMAIN: work logs): the user's own wherever they are; the accompaniment
    # of the courses the user teaches or accompanies (``taught``); every one for the deputy
    # and the director (``all_work``), not for the clerk
    staff_id: uuid.UUID | None = None
    taught: frozenset[uuid.UUID] = frozenset()
    all_work: bool = False

    @property
    def fingerprint(self) -> str:
        """Changes when the scope does; a pull cursor of another scope starts afresh (a
        student leaving a course by an order changes it: the rows the laptop must let go)."""
        keys = sorted(map(str, self.courses | self.classes))
        keys += sorted(f"{course}/{student}" for course, student in self.left)
        text = "all" if self.everything else ",".join(keys)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def sees(
        self, table: str, course_id: uuid.UUID | None, group_id: uuid.UUID | None, row: Any
    ) -> bool:
        """Whether the user reads ``row``, filed under ``course_id`` and ``group_id``."""
        visible = (
            self.everything
            or course_id in self.courses
            or group_id in self.classes
            or (table == "work_record" and row.author_id == self.staff_id)
        )
        return visible and not self.withholds(table, course_id, row)

    def withholds(self, table: str, course_id: uuid.UUID | None, row: Any) -> bool:
        """Whether a row in the scope's change log is one the user must not read: of a
        student who left, or another's work record the user has no part in."""
        if table == "work_record":
            return not self._reads_work(row)
        if not self.left:
            return False
        if table == "student":
            return bool(row.id in self.gone)
        student = getattr(row, "student_id", None)
        return student is not None and (course_id, student) in self.left

    def _reads_work(self, row: Any) -> bool:
        if self.all_work or row.author_id == self.staff_id:
            return True
        if row.kind == WorkKind.ACCOMPANIMENT.value:
            return row.course_id in self.taught  # not the tutors' (DOMAIN: work logs)
        return row.class_group_id in self.classes


def scope_of(session: Session, user: User) -> Scope:
    """What ``user`` reads (DOMAIN: roles)."""
    all_work = bool(user.roles & WORK_READERS)
    if user.sees_everything:
        return Scope(True, frozenset(), frozenset(), staff_id=user.staff_id, all_work=all_work)
    if user.staff_id is None:
        return Scope(False, frozenset(), frozenset())
    me = user.staff_id
    classes = frozenset(session.scalars(select(ClassGroup.id).where(ClassGroup.tutor_id == me)))
    taught = select(Lesson.course_id).where(Lesson.taught_by_id == me)
    # a substitute's course for a time (SPEC J4): its students, lessons and marks
    substituted = substituted_courses(me)
    # The tutor sees every course the class's students take (group and individual ones too):
    # their absences are the tutor's to justify (SPEC T2).
    of_my_students = (
        select(Enrolment.course_id)
        .join(Student, Student.id == Enrolment.student_id)
        .where(
            Student.class_group_id.in_(classes),
            # not the old class's courses of a student transferred in (SPEC C2)
            or_(Enrolment.end.is_(None), Enrolment.end >= clock.today()),
        )
    )
    # the courses the user teaches, accompanies or substitutes in: their accompaniment too
    own = or_(
        Course.teacher_id == me,
        Course.concertmaster_id == me,
        Course.id.in_(taught),
        Course.id.in_(substituted),
    )
    courses = frozenset(
        session.scalars(
            select(Course.id).where(
                or_(own, Course.class_group_id.in_(classes), Course.id.in_(of_my_students))
            )
        )
    )
    taught_or_accompanied = frozenset(session.scalars(select(Course.id).where(own)))
    left, gone = _left(session, courses, classes)
    return Scope(False, courses, classes, left, gone, me, taught_or_accompanied, all_work)


def _left(
    session: Session, courses: frozenset[uuid.UUID], classes: frozenset[uuid.UUID]
) -> tuple[frozenset[tuple[uuid.UUID, uuid.UUID]], frozenset[uuid.UUID]]:
    """Who left the user's courses by an order before today, but for the students of the
    user's own classes (the tutor keeps the class's history); who of them is in none."""
    if not courses:
        return frozenset(), frozenset()
    today = clock.today()
    ended = session.execute(
        select(Enrolment.course_id, Enrolment.student_id, Enrolment.end, Student.class_group_id)
        .join(Student, Student.id == Enrolment.student_id)
        .where(Enrolment.course_id.in_(courses), Enrolment.deleted.is_(False))
    ).all()
    left = frozenset(
        (course, student)
        for course, student, end, group in ended
        if end is not None and end < today and group not in classes
    )
    staying = {student for course, student, _end, _group in ended} - {s for _c, s in left}
    staying |= {student for course, student, end, _group in ended if end is None or end >= today}
    return left, frozenset(student for _course, student in left if student not in staying)


def hidden_columns(
    user: User, table: str, row_class_group: uuid.UUID | None = None, scope: Scope | None = None
) -> set[str]:
    """Columns of ``table`` this user must not receive (SPEC D2); the tutor of the row's
    class (``row_class_group`` in ``scope``) receives phones."""
    if user.sees_private:
        return set()
    hidden = set(PRIVATE_COLUMNS.get(table, set()))
    if scope is not None and row_class_group is not None and row_class_group in scope.classes:
        hidden -= TUTOR_COLUMNS.get(table, set())  # the tutor keeps phones current (SPEC T1)
    return hidden


def roles_in(
    session: Session, user: User, course: Course, lesson: Lesson | None = None
) -> frozenset[Role]:
    """The roles ``user`` holds for ``course`` (and its ``lesson``: a substitute teaches it)."""
    me = user.staff_id
    group = session.get(ClassGroup, course.class_group_id) if course.class_group_id else None
    teaches = me is not None and (
        course.teacher_id == me or (lesson is not None and lesson.taught_by_id == me)
    )
    return roles_for_course(
        user.roles, teaches=teaches, tutors=group is not None and group.tutor_id == me
    )


def class_roles(session: Session, user: User, student_id: uuid.UUID) -> set[Role]:
    """The roles ``user`` holds for a student's class records (notes, phones): the school-wide
    ones held, and ``TUTOR`` for the class's tutor (DOMAIN: roles)."""
    roles = set(SCHOOL_WIDE_ROLES.intersection(user.roles))
    if tutors_student(session, user, student_id):
        roles.add(Role.TUTOR)
    return roles


def tutors_student(session: Session, user: User, student_id: uuid.UUID) -> bool:
    student = session.get(Student, student_id)
    if student is None or student.class_group_id is None or user.staff_id is None:
        return False
    group = session.get(ClassGroup, student.class_group_id)
    return group is not None and group.tutor_id == user.staff_id
