"""Tests on the server (SPEC J7): ``assessment.set`` makes a lesson a test, changes its kind,
topic or programme and methodology, or makes it an ordinary lesson again. The course's
teacher (a substitute for the lessons taught, the deputy) sends it; fields merge like a
lesson's: the last arrival wins and the value it replaced is kept for review."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from eklase_desktop.domain.assessments import (
    ASSESSMENT_FIELDS,
    AssessmentKind,
    InvalidAssessment,
    Methodology,
    TestDetails,
    assessment_from,
    assessment_texts,
    validate_test,
)
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import Entity, require
from eklase_desktop.i18n import _
from eklase_desktop.models import Assessment
from eklase_desktop.sync.mutation_args import AssessmentSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations.lessons import course_of, lesson_of

FIELDS = (*ASSESSMENT_FIELDS, "deleted")


def assessment_set(context: Context, args: AssessmentSetArgs, mutation: Mutation) -> Result:
    lesson = lesson_of(context, args.lesson_id)
    if lesson.deleted:
        raise Rejected(_("Stunda ir dzēsta."))
    course = course_of(context, lesson.course_id)
    try:
        require(context.roles(course, lesson), Entity.TEST)
        details = validate_test(
            TestDetails(AssessmentKind(args.kind), args.topic, Methodology(args.methodology))
        )
    except DomainError as error:
        raise Rejected(error.message) from error
    row = context.session.get(Assessment, args.assessment_id)
    other = context.session.scalar(
        select(Assessment).where(
            Assessment.lesson_id == lesson.id, Assessment.id != args.assessment_id
        )
    )
    if other is not None or (row is not None and row.lesson_id != lesson.id):
        raise Rejected(_("Šai stundai pārbaudes darbs jau ir ierakstīts citā ierakstā."))
    mine = assessment_texts(details, args.deleted)
    conflicts: list[uuid.UUID] = []
    if row is None:
        row = Assessment(id=args.assessment_id, lesson_id=lesson.id)
        _store(row, details, args.deleted)
        context.session.add(row)
        changed: Changed = [(name, None, mine[name]) for name in FIELDS]
    else:
        base = args.base if args.base is not None else mine  # a repeat of the creation
        changed, conflicts = merge_record(
            context,
            "assessment",
            row,
            FIELDS,
            base,
            mine,
            texts_of(row),
            lambda name, text: _set(row, name, text),
            student_id=None,
            course_id=course.id,
        )
    if not changed:
        return Status.MERGED, row.version, conflicts
    context.note_test(lesson.id, not row.deleted)
    version = context.record("assessment", row, course.id)
    for name, old, new in changed:
        context.audit.log("set", "assessment", row.id, name, old, new, version, course_id=course.id)
    return Status.APPLIED, version, conflicts


def texts_of(row: Assessment) -> dict[str, str | None]:
    return assessment_texts(assessment_from(row), bool(row.deleted))


def _store(row: Assessment, details: TestDetails, deleted: bool) -> None:
    row.kind, row.topic = details.kind.value, details.topic
    row.methodology, row.deleted = details.methodology.value, deleted


def _set(row: Assessment, name: str, text: str | None) -> None:
    if name == "deleted":
        row.deleted = text == "true"
    else:
        setattr(row, name, text or "")


def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """Writes the value a person chose for a test's field in a review entry."""
    row = context.session.get(Assessment, conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    lesson = lesson_of(context, row.lesson_id)
    course = course_of(context, lesson.course_id)
    try:
        require(context.roles(course, lesson), Entity.TEST)
    except DomainError as error:
        raise Rejected(error.message) from error
    current = texts_of(row)[conflict.field]
    if current == chosen:
        return None
    _set(row, conflict.field, chosen)
    try:
        validate_test(assessment_from(row))
    except InvalidAssessment as error:
        raise Rejected(error.message) from error
    version = context.record("assessment", row, course.id)
    context.audit.log(
        "resolve", "assessment", row.id, conflict.field, current, chosen, version,
        course_id=course.id,
    )  # fmt: skip
    return version


DECLARED = (
    Declared(
        MutationName.ASSESSMENT_SET,
        assessment_set,
        senders=(
            "the course's teacher, a substitute for the lessons taught, deputy (`Entity.TEST`)"
        ),
        checks=(
            "lesson exists and is not deleted; course, its year not closed; role; the test "
            "(`domain.assessments.validate_test`: a topic ≤ 500, an examination's and an "
            "ieskaite's programme); one test per lesson; merge"
        ),
        merge=(
            "per field (`ASSESSMENT_FIELDS`, `deleted`), the last to arrive wins and the "
            "replaced value is kept for review; the lesson's marks are then checked as test "
            "marks (`nv` allowed)"
        ),
        scope="the course's readers",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolve_field,
    ),
)
