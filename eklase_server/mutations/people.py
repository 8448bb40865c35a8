"""Staff and student cards on the server (SPEC V4, D1, C1): ``staff.set`` and
``student.set``. The clerk and the deputy write them; names reach every laptop that needs
them, personal codes, addresses and documents only the clerk's and the deputy's (SPEC D2).
Fields merge like a lesson's: the last arrival wins, the replaced value kept for review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from eklase_desktop.domain import clock
from eklase_desktop.domain.roles import Entity, Role, parse_roles
from eklase_desktop.domain.school import (
    STAFF_FIELDS,
    STUDENT_FIELDS,
    Gender,
    GuardianDetails,
    StaffDetails,
    StudentDetails,
    check_grant,
    guardians_from,
    login_name,
    staff_texts,
    student_texts,
    validate_staff,
    validate_student,
)
from eklase_desktop.i18n import _
from eklase_desktop.models import ClassGroup, Staff, Student
from eklase_desktop.models.setup import (
    check_staff,
    check_student,
    enrol_in_class_courses,
    guardians_of,
    staff_details,
    store_guardians,
    student_details,
)
from eklase_desktop.sync.mutation_args import StaffSetArgs, StudentSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations import phones
from eklase_server.mutations.records import (
    Record,
    own_school,
    require_own,
    require_set_up,
    resolver_of,
    school_of,
    set_record,
)

_RESULTS = "`applied`, `merged`, `rejected` (+ review `conflict_ids`)"


def _staff_texts(row: Staff) -> dict[str, str | None]:
    return staff_texts(staff_details(row), bool(row.deleted))


def _deciding(context: Context, row: Staff, field: str, chosen: str | None) -> None:
    """Only the deputy gives or takes the administrators' roles, in a decision too."""
    if field == "roles":
        check_grant(context.user.roles, parse_roles(row.roles), parse_roles(chosen or ""))


STAFF = Record(
    "staff", Staff, Entity.STAFF, STAFF_FIELDS, _staff_texts, check_staff, deciding=_deciding
)


def staff_set(context: Context, args: StaffSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.STAFF)
    details = validate_staff(
        StaffDetails(
            args.first_name,
            args.last_name,
            frozenset(Role(role) for role in args.roles),
            args.personal_code or "",
            args.phone or "",
            args.email or "",
            args.employed_from,
            args.employed_until,
        )
    )
    row = context.session.get(Staff, args.staff_id)
    if row is not None:
        own_school(context, row.school_id)
    before = parse_roles(row.roles) if row is not None else frozenset()
    check_grant(context.user.roles, before, details.roles)
    taken = set(context.session.scalars(select(Staff.username)))
    new = Staff(
        id=args.staff_id,
        school_id=school_of(context),
        username=login_name(details.first_name, details.last_name, taken),
    )
    return set_record(context, STAFF, row, new, staff_texts(details, args.deleted), args.base)


def _student_texts(row: Student) -> dict[str, str | None]:
    guardians = guardians_of(object_session(row), row.id)  # type: ignore[arg-type]
    return student_texts(student_details(row, guardians), row.deleted)


def _store_guardians(context: Context, row: Student, text: str | None) -> None:
    context.session.flush()  # (the student's row first: the guardians refer to it)
    for guardian in store_guardians(context.session, row, guardians_from(text)):
        context.record("guardian", guardian)


STUDENTS = Record(
    "student",
    Student,
    Entity.STUDENT,
    STUDENT_FIELDS,
    _student_texts,
    check_student,
    stores={"guardians": _store_guardians},
)


def student_set(context: Context, args: StudentSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.STUDENT)
    details = validate_student(
        StudentDetails(
            args.first_name,
            args.last_name,
            args.personal_code,
            args.class_group_id,
            args.birth_date,
            Gender(args.gender) if args.gender else None,
            args.phone or "",
            args.declared_address or "",
            args.actual_address or "",
            args.programme or "",
            args.id_document or "",
            args.id_document_issuer or "",
            args.id_document_date,
            args.admission_order or "",
            args.admitted_on,
            tuple(
                GuardianDetails(g.guardian_id, g.first_name, g.last_name, g.phone or "")
                for g in args.guardians
            ),
        )
    )
    row = context.session.get(Student, args.student_id)
    if details.class_group_id is not None:
        require_own(context, ClassGroup, details.class_group_id, _("Klase nav atrasta."))
    if row is not None:
        own_school(context, row.school_id)
        if row.class_group_id != details.class_group_id:
            raise Rejected(_("Citā klasē skolēnu pārceļ ar rīkojumu, ne kartītē."))
    new = Student(id=args.student_id, school_id=school_of(context))
    result = set_record(
        context, STUDENTS, row, new, student_texts(details, args.deleted), args.base
    )
    if row is None and result[0] is Status.APPLIED:  # a new student of a class
        start = details.admitted_on or clock.today()
        enrolments = enrol_in_class_courses(context.session, new, start)
        for enrolment in enrolments:
            context.record("enrolment", enrolment, enrolment.course_id)
        if enrolments:  # after them: the courses' teachers take the student's row too
            context.record("student", new)
    return result


def _resolve_student(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """A phone is the tutor's too (``student.set_phone``); the rest of a card the office's."""
    if conflict.field == "phone":
        return phones.resolve_field(context, conflict, chosen)
    return resolver_of(STUDENTS)(context, conflict, chosen)


DECLARED = (
    Declared(
        MutationName.STAFF_SET,
        staff_set,
        senders=(
            "clerk, deputy (`Entity.STAFF`); the administrators' roles (clerk, deputy, "
            "director) only the deputy gives or takes"
        ),
        checks=(
            "role; names in letters, a valid personal code (stored `DDMMYY-NNNNN`), a Latvian "
            "phone (`+371 …`), an e-mail, at least one staff role, employment end not before "
            "its start (`domain.school.validate_staff`); merge; the personal code one person's; "
            "a card of someone who teaches or tutors is not deleted. A new card gets its login "
            "name from the server (`firstname.lastname`, a digit on a clash)"
        ),
        merge="per field (`STAFF_FIELDS`), the last to arrive wins; review of the replaced",
        scope=(
            "every user of the school (the name and roles); the personal code, phone and "
            "e-mail only the clerk's and the deputy's laptops"
        ),
        results=_RESULTS,
        resolve=resolver_of(STAFF),
    ),
    Declared(
        MutationName.STUDENT_SET,
        student_set,
        senders="clerk, deputy (`Entity.STUDENT`)",
        checks=(
            "role; names in letters, a valid personal code (required; an old-format code's "
            "birth date must match), Latvian phones, texts within their limits, an admission "
            "order with its date (`domain.school.validate_student`); the class exists; not "
            "another class (a transfer); merge; the personal code one student's; a card with "
            "marks or absences is not deleted"
        ),
        merge=(
            "per field (`STUDENT_FIELDS`; the guardians one field), the last to arrive wins; "
            "review of the replaced. A new student of a class is enrolled in its class "
            "courses from the admission date (enrolment ids derived from course and student)"
        ),
        scope=(
            "the class's tutor, the teachers of the student's courses (name and class only), "
            "deputy, clerk, director; personal code, addresses, documents: clerk and deputy"
        ),
        results=_RESULTS,
        resolve=_resolve_student,
    ),
)
