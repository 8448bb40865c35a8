"""Substitutions on the server (SPEC J4): ``substitution.set``, the deputy's. The substitute's
laptop gets the course at its next sync (its scope grew); in the substitution's days the
substitute creates the course's lessons, which are theirs (``Lesson.taught_by_id``)."""

from __future__ import annotations

from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.substitutions import (
    SUBSTITUTION_FIELDS,
    SubstitutionDetails,
    substitution_texts,
    validate_substitution,
)
from eklase_desktop.i18n import _
from eklase_desktop.models import Course, SchoolYear, Staff, Substitution
from eklase_desktop.models.setup import check_substitution, substitution_details
from eklase_desktop.sync.mutation_args import SubstitutionSetArgs
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

SUBSTITUTIONS = Record(
    "substitution",
    Substitution,
    Entity.SUBSTITUTION,
    SUBSTITUTION_FIELDS,
    lambda row: substitution_texts(substitution_details(row), row.deleted),
    check_substitution,
)


def substitution_set(context: Context, args: SubstitutionSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.SUBSTITUTION)
    details = validate_substitution(
        SubstitutionDetails(args.course_id, args.substitute_id, args.start, args.end)
    )
    course = context.session.get(Course, args.course_id)
    if course is None or course.deleted:
        raise Rejected(_("Kurss nav atrasts."))
    year = context.session.get(SchoolYear, course.school_year_id)
    assert year is not None
    own_school(context, year.school_id)
    require_own(context, Staff, args.substitute_id, _("Aizvietotājs nav atrasts."))
    row = context.session.get(Substitution, args.substitution_id)
    if row is not None:  # the stored one must be of the user's school too
        stored = context.session.get(Course, row.course_id)
        stored_year = context.session.get(SchoolYear, stored.school_year_id) if stored else None
        if stored_year is None:
            raise Rejected(_("Kurss nav atrasts."))
        own_school(context, stored_year.school_id)
    new = Substitution(id=args.substitution_id)
    texts = substitution_texts(details, args.deleted)
    return set_record(context, SUBSTITUTIONS, row, new, texts, args.base)


DECLARED = (
    Declared(
        MutationName.SUBSTITUTION_SET,
        substitution_set,
        senders="deputy (`Entity.SUBSTITUTION`)",
        checks=(
            "role; the end not before the start, at most a year "
            "(`domain.substitutions.validate_substitution`); the course and the substitute "
            "are the user's school's; merge; the substitute is not the course's teacher; the "
            "days lie in the course's school year"
        ),
        merge="per field (`SUBSTITUTION_FIELDS`), the last to arrive wins; review of the replaced",
        scope=(
            "the course's readers and the substitute (whose scope grows by the course: "
            "their laptop downloads it afresh)"
        ),
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolver_of(SUBSTITUTIONS),
    ),
)
