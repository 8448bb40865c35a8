"""Courses on the server (tarifikācija, SPEC C5, J18): ``course.set``. The clerk and the
deputy write them: subject, class or chosen students, teacher, concertmaster, weekly lessons.
A class course enrols its class; the teachers' laptops get the course and its students at
their next sync (their scope changed: they download it afresh)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from eklase_desktop.domain.lessons import CourseKind
from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.school import (
    COURSE_FIELDS,
    CourseDetails,
    course_texts,
    students_from,
    validate_course,
)
from eklase_desktop.i18n import _
from eklase_desktop.models import ClassGroup, Course, SchoolYear, Staff, Student, Subject
from eklase_desktop.models.setup import (
    check_course,
    course_details,
    enrolment_start,
    store_course_students,
)
from eklase_desktop.sync.mutation_args import CourseSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations.records import (
    Record,
    own_school,
    require_own,
    require_set_up,
    resolver_of,
    set_record,
)


def _texts(row: Course) -> dict[str, str | None]:
    session: Any = object_session(row)
    return course_texts(course_details(session, row), row.deleted)


def _store_students(context: Context, row: Course, text: str | None) -> None:
    context.session.flush()  # (the course's row first: the enrolments refer to it)
    start = enrolment_start(context.session, row)
    changed = store_course_students(context.session, row, students_from(text), start)
    for enrolment in changed:
        context.record("enrolment", enrolment, row.id)
    for enrolment in changed:  # after them: the course's teacher takes the student's row too
        student = context.session.get(Student, enrolment.student_id)
        if student is not None and not enrolment.deleted:
            context.record("student", student)


COURSES = Record(
    "course",
    Course,
    Entity.COURSE,
    COURSE_FIELDS,
    _texts,
    check_course,
    stores={"students": _store_students},
)


def course_set(context: Context, args: CourseSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.COURSE)
    year = context.session.get(SchoolYear, args.school_year_id)
    if year is None or year.deleted:
        raise Rejected(_("Mācību gads nav atrasts."))
    own_school(context, year.school_id)
    details = validate_course(
        CourseDetails(
            args.name,
            args.subject_id,
            CourseKind(args.kind),
            args.teacher_id,
            args.class_group_id,
            frozenset(args.students),
            args.concertmaster_id,
            args.weekly_lessons,
            args.descriptive,
        )
    )
    require_own(context, Subject, args.subject_id, _("Mācību priekšmets nav atrasts."))
    for staff_id in (args.teacher_id, args.concertmaster_id):
        if staff_id is not None:
            require_own(context, Staff, staff_id, _("Skolotājs vai koncertmeistars nav atrasts."))
    if args.class_group_id is not None:
        group = require_own(context, ClassGroup, args.class_group_id, _("Klase nav atrasta."))
        if group.school_year_id != year.id:
            raise Rejected(_("Klase nav atrasta šajā mācību gadā."))
    for student in args.students:
        require_own(context, Student, student, _("Skolēns nav atrasts."))
    row = context.session.get(Course, args.course_id)
    if row is not None and row.school_year_id != year.id:
        raise Rejected(_("Ieraksts ar šo identifikatoru jau ir."))
    new = Course(id=args.course_id, school_year_id=year.id)
    result = set_record(context, COURSES, row, new, course_texts(details, args.deleted), args.base)
    if row is not None and row.kind == CourseKind.CLASS and not row.deleted:
        _store_students(context, row, None)  # its class may be another one now
    return result


DECLARED = (
    Declared(
        MutationName.COURSE_SET,
        course_set,
        senders="clerk, deputy (`Entity.COURSE`)",
        checks=(
            "role; the year exists and is the user's school's; a name, 0–40 lessons a week, a "
            "class for a class course, one student for an individual one, students for a "
            "group, a concertmaster other than the teacher (`domain.school.validate_course`); "
            "merge; subject, teacher, concertmaster and class exist (the class in the year); "
            "a course with lessons is not deleted; a student taken off leaves only while "
            "nothing was entered for them"
        ),
        merge=(
            "per field (`COURSE_FIELDS`; the students one field), the last to arrive wins; "
            "review of the replaced. A class course enrols its class's students, a group's "
            "the ones named (from today, or the year's first day before it; enrolment ids "
            "derived from course and student)"
        ),
        scope=(
            "the course's teacher and concertmaster, the tutor of its class or its students' "
            "classes, deputy, clerk, director (their scope changes: they download it afresh)"
        ),
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolver_of(COURSES),
    ),
)
