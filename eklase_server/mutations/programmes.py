"""Semester programmes on the server (SPEC J11): ``course_programme.set`` — a professional
course's programme for a semester, by its teacher (or the deputy). The text merges like a
lesson's: the last arrival wins and the text it replaced is kept for review."""

from __future__ import annotations

from typing import Any

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import NOT_PROFESSIONAL, SubjectKind
from eklase_desktop.domain.roles import Entity, require
from eklase_desktop.i18n import _
from eklase_desktop.models import CourseProgramme, cell_id
from eklase_desktop.sync.mutation_args import CourseProgrammeSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations.lessons import course_of


def course_programme_set(
    context: Context, args: CourseProgrammeSetArgs, mutation: Mutation
) -> Result:
    expected = cell_id("course_programme", args.course_id, str(args.semester))
    if args.course_programme_id != expected:
        raise Rejected(_("Nederīgs ieraksta identifikators."))
    course = course_of(context, args.course_id)
    try:
        require(context.roles(course), Entity.LESSON)
    except DomainError as error:
        raise Rejected(error.message) from error
    if course.subject.kind != SubjectKind.PROFESSIONAL:
        raise Rejected(_(NOT_PROFESSIONAL))
    text = args.text.strip()
    row = context.session.get(CourseProgramme, args.course_programme_id)
    conflicts: list[Any] = []
    if row is None:
        if not text:
            return Status.MERGED, None, []
        row = CourseProgramme(
            id=expected,
            course_id=course.id,
            semester=args.semester,
            text=text,
            entered_at=context.audit.at,
        )
        context.session.add(row)
        changed: Changed = [("text", None, text)]
    else:
        changed, conflicts = merge_record(
            context,
            "course_programme",
            row,
            ("text",),
            {"text": args.base},
            {"text": text},
            {"text": row.text},
            lambda _name, value: setattr(row, "text", value or ""),
            student_id=None,
            course_id=course.id,
        )
    if not changed:
        return Status.MERGED, row.version, conflicts
    row.entered_at = context.audit.at
    version = context.record("course_programme", row, course.id)
    for name, old, new in changed:
        context.audit.log(
            "set", "course_programme", row.id, name, old, new, version, course_id=course.id
        )
    return Status.APPLIED, version, conflicts


def resolve_text(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """Writes the text a person chose in a review entry."""
    row = context.session.get(CourseProgramme, conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    course = course_of(context, row.course_id)
    try:
        require(context.roles(course), Entity.LESSON)
    except DomainError as error:
        raise Rejected(error.message) from error
    if row.text == (chosen or ""):
        return None
    old, row.text = row.text, chosen or ""
    version = context.record("course_programme", row, course.id)
    context.audit.log(
        "resolve", "course_programme", row.id, "text", old, chosen, version, course_id=course.id
    )
    return version


DECLARED = (
    Declared(
        MutationName.COURSE_PROGRAMME_SET,
        course_programme_set,
        senders="the course's teacher, deputy (`Entity.LESSON`)",
        checks=(
            'id is `cell_id("course_programme", course_id, semester)`; course, its year not '
            "closed; role; a professional subject (not theory); the text trimmed; merge"
        ),
        merge=(
            "the text, the last to arrive wins and the replaced text is kept for review; an "
            "empty text for none stored is a no-op"
        ),
        scope="the course's readers",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolve_text,
    ),
)
