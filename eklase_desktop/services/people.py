"""Staff and student cards on the clerk's or the deputy's laptop (SPEC V4, D1, C1): kept
offline like the rest of the set-up, each save checked as the server checks it, stored and
queued as one mutation (``staff.set``, ``student.set``)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.orders import OrderDetails, order_args, validate_order
from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.school import (
    STUDENT_FIELDS,
    StaffDetails,
    StudentDetails,
    check_grant,
    roles_text,
    staff_args,
    staff_texts,
    student_args,
    student_texts,
    validate_staff,
    validate_student,
)
from eklase_desktop.i18n import _
from eklase_desktop.models import Staff, Student, StudentOrder
from eklase_desktop.models.setup import (
    PROVISIONAL,
    apply_order,
    check_staff,
    check_student,
    enrol_in_class_courses,
    guardians_of,
    staff_details,
    store_guardians,
    student_details,
)
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.school import SchoolSetUp, existing


@dataclass(frozen=True)
class StaffView:
    id: uuid.UUID
    username: str  # "" until the server has given one
    details: StaffDetails

    @property
    def name(self) -> str:
        return full_name(self.details.first_name, self.details.last_name)


@dataclass(frozen=True)
class StudentView:
    id: uuid.UUID
    details: StudentDetails
    left_on: dt.date | None = None  # expelled from this day (SPEC C2)
    moved_in: dt.date | None = None  # transferred to this class from this day

    @property
    def name(self) -> str:
        return full_name(self.details.first_name, self.details.last_name)


class People(SchoolSetUp):
    """The school's staff and students, as the *Skola* windows show and change them."""

    # --- staff cards (SPEC V4) ---------------------------------------------------------

    def staff_cards(self) -> list[StaffView]:
        """Every member of the user's school, in Latvian order of the surname."""
        with self._factory() as session:
            rows = session.scalars(
                select(Staff).where(
                    Staff.school_id == self._school(session), Staff.deleted.is_(False)
                )
            ).all()
            views = [StaffView(row.id, given(row.username), staff_details(row)) for row in rows]
        return sorted(views, key=lambda view: latvian_sort_key(view.name))

    def save_staff(self, staff_id: uuid.UUID | None, details: StaffDetails) -> uuid.UUID:
        """Stores a new or changed card; raises DomainError with the reason."""
        self._require(Entity.STAFF)
        details = validate_staff(details)
        with self._factory.begin() as session:
            row = session.get(Staff, staff_id) if staff_id else None
            return self.store_staff(session, row, details, deleted=False)

    def delete_staff(self, staff_id: uuid.UUID) -> None:
        self._require(Entity.STAFF)
        with self._factory.begin() as session:
            row = existing(session, Staff, staff_id)
            self.store_staff(session, row, staff_details(row), deleted=True)

    def store_staff(
        self,
        session: Session,
        row: Staff | None,
        details: StaffDetails,
        deleted: bool,
        key: uuid.UUID | None = None,
    ) -> uuid.UUID:
        before = staff_details(row) if row else None
        check_grant(self._actor.roles, before.roles if before else frozenset(), details.roles)
        base = staff_texts(before, row.deleted) if row and before else None
        if row is None:  # the login name is the server's to give (the school's rule)
            key = key or uuid.uuid4()
            row = Staff(id=key, school_id=self._school(session), username=PROVISIONAL + key.hex)
            session.add(row)
        row.first_name, row.last_name = details.first_name, details.last_name
        row.roles, row.deleted = roles_text(details.roles), deleted
        row.personal_code = details.personal_code or None
        row.phone, row.email = details.phone or None, details.email or None
        row.employed_from, row.employed_until = details.employed_from, details.employed_until
        session.flush()
        check_staff(session, row)
        enqueue(session, "staff.set", staff_args(row.id, details, deleted, base))
        return row.id

    # --- student cards (SPEC D1) --------------------------------------------------------

    def students(self, class_id: uuid.UUID) -> list[StudentView]:
        """The class's students in Latvian order of the surname."""
        with self._factory() as session:
            rows = session.scalars(
                select(Student).where(
                    Student.class_group_id == class_id, Student.deleted.is_(False)
                )
            ).all()
            moved_in = {
                order.student_id: order.day
                for order in session.scalars(
                    select(StudentOrder)
                    .where(
                        StudentOrder.class_group_id == class_id,
                        StudentOrder.kind == "transfer",
                        StudentOrder.deleted.is_(False),
                    )
                    .order_by(StudentOrder.day)
                )
            }
            views = [
                StudentView(
                    row.id,
                    student_details(row, guardians_of(session, row.id)),
                    row.left_on,
                    moved_in.get(row.id),
                )
                for row in rows
            ]
        return sorted(views, key=lambda view: latvian_sort_key(view.name))

    def names(self, students: frozenset[uuid.UUID]) -> dict[uuid.UUID, str]:
        """ "Surname Name" of ``students`` (of any class)."""
        with self._factory() as session:
            rows = session.execute(
                select(Student.id, Student.first_name, Student.last_name).where(
                    Student.id.in_(students)
                )
            )
            return {key: full_name(first, last) for key, first, last in rows}

    def save_student(self, student_id: uuid.UUID | None, details: StudentDetails) -> uuid.UUID:
        """Stores a new or changed card with its guardians; a new student of a class is
        enrolled in its class courses. Raises DomainError with the reason."""
        self._require(Entity.STUDENT)
        details = validate_student(details)
        with self._factory.begin() as session:
            row = session.get(Student, student_id) if student_id else None
            return self.store_student(session, row, details, deleted=False)

    def delete_student(self, student_id: uuid.UUID) -> None:
        """Only a card entered by mistake: one with marks or absences is refused."""
        self._require(Entity.STUDENT)
        with self._factory.begin() as session:
            row = existing(session, Student, student_id)
            details = student_details(row, guardians_of(session, row.id))
            self.store_student(session, row, details, deleted=True)

    def store_student(
        self,
        session: Session,
        row: Student | None,
        details: StudentDetails,
        deleted: bool,
        key: uuid.UUID | None = None,
    ) -> uuid.UUID:
        base = None
        if row is not None:
            if row.class_group_id != details.class_group_id:
                raise PermissionDenied(_("Citā klasē skolēnu pārceļ ar rīkojumu, ne kartītē."))
            before = student_details(row, guardians_of(session, row.id))
            base = student_texts(before, row.deleted)
        new = row is None
        if row is None:
            row = Student(id=key or uuid.uuid4(), school_id=self._school(session))
            session.add(row)
        for name in _STUDENT_COLUMNS:
            value = getattr(details, name)
            setattr(row, name, value if value != "" else None)
        row.gender = details.gender.value if details.gender else None
        row.deleted = deleted
        session.flush()
        check_student(session, row)
        store_guardians(session, row, details.guardians)
        if new:
            enrol_in_class_courses(session, row, details.admitted_on or clock.today())
        enqueue(session, "student.set", student_args(row.id, details, deleted, base))
        return row.id

    # --- orders (SPEC C2) -----------------------------------------------------------------

    def order(self, student_id: uuid.UUID, details: OrderDetails) -> uuid.UUID:
        """Carries out a transfer or an expulsion (on its day) and queues it as
        ``student.order``; raises DomainError with the reason (nothing is saved then)."""
        self._require(Entity.STUDENT)
        details = validate_order(details)
        with self._factory.begin() as session:
            return self.store_order(session, existing(session, Student, student_id), details)

    def store_order(self, session: Session, student: Student, details: OrderDetails) -> uuid.UUID:
        apply_order(session, student, details)
        key = uuid.uuid4()
        session.add(
            StudentOrder(
                id=key,
                student_id=student.id,
                kind=details.kind.value,
                number=details.number,
                day=details.day,
                class_group_id=details.class_group_id or student.class_group_id,
            )
        )
        enqueue(session, "student.order", order_args(key, student.id, details))
        return key


# the card's fields that are a column of the student's row as they are
_STUDENT_COLUMNS = tuple(
    name for name in STUDENT_FIELDS if name not in ("gender", "guardians", "deleted")
)


def given(username: str) -> str:
    return "" if username.startswith(PROVISIONAL) else username
