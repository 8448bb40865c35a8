"""The school's set-up on the server (SPEC C1, V4; DOMAIN: school set-up): the school year
with its semesters and holidays, classes, subjects. The clerk and the deputy write them; every
laptop of the school receives them. Fields merge like a lesson's: the last arrival wins and
the value it replaced is kept for review; the record as a whole must stay valid.
"""

from __future__ import annotations

import uuid
from typing import Any

from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.school import (
    CLASS_FIELDS,
    SUBJECT_FIELDS,
    ClassDetails,
    GroupKind,
    SubjectDetails,
    class_texts,
    subject_texts,
    validate_class,
    validate_subject,
)
from eklase_desktop.domain.school_year import (
    YEAR_FIELDS,
    HolidayPeriod,
    Semester,
    holidays_from,
    semesters_from,
    year_texts,
)
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    ClassGroup,
    SchoolYear,
    Staff,
    Subject,
)
from eklase_desktop.models.setup import (
    check_class,
    check_subject,
    check_year,
    class_details,
    store_holidays,
    store_semesters,
    stored_year,
    subject_details,
)
from eklase_desktop.sync.mutation_args import ClassGroupSetArgs, SchoolYearSetArgs, SubjectSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations.records import (
    Record,
    column_value,
    own_school,
    recorded,
    require_own,
    require_set_up,
    resolver_of,
    school_of,
    set_record,
)

# --- the school year ----------------------------------------------------------------------


def _year_from(args: SchoolYearSetArgs) -> YearRules:
    """The year as the domain checks it (a DomainError names what is wrong)."""
    return YearRules(
        name=args.name.strip(),
        first_day=args.first_day,
        first_school_day=args.first_school_day,
        last_day=args.last_day,
        year_mark_deadline=args.year_mark_deadline,
        semesters=tuple(
            Semester(s.number, s.start, s.end, s.mark_deadline) for s in args.semesters
        ),
        holidays=tuple(
            HolidayPeriod(h.name.strip(), h.start, h.end)
            for h in sorted(args.holidays, key=lambda h: h.start)
        ),
        draft=args.draft,
    )


def _store_year(context: Context, row: SchoolYear, name: str, text: str | None) -> None:
    if name in ("semesters", "holidays"):
        changed = (
            store_semesters(context.session, row, semesters_from(text or "[]"))
            if name == "semesters"
            else store_holidays(context.session, row, holidays_from(text or "[]"))
        )
        for child in changed:
            context.record(child.__tablename__, child)
    else:
        setattr(row, name, column_value(SchoolYear, name, text))


def school_year_set(context: Context, args: SchoolYearSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.SCHOOL_YEAR)
    wanted = _year_from(args)
    mine = year_texts(wanted)
    row = context.session.get(SchoolYear, args.school_year_id)
    if row is not None:
        own_school(context, row.school_id)
    before = stored_year(context.session, row) if row is not None else None
    if row is None:
        if args.base is not None:
            raise Rejected(_("Ieraksts nav atrasts."))
        row = SchoolYear(id=args.school_year_id, school_id=school_of(context))
        context.session.add(row)
        for name in YEAR_FIELDS:
            _store_year(context, row, name, mine[name])
        changed: Changed = [(name, None, mine[name]) for name in YEAR_FIELDS]
        conflicts: list[uuid.UUID] = []
    else:
        changed, conflicts = merge_record(
            context,
            "school_year",
            row,
            YEAR_FIELDS,
            args.base if args.base is not None else mine,
            mine,
            year_texts(before) if before else {},
            lambda name, text: _store_year(context, row, name, text),
            student_id=None,
        )
    if not changed:
        return Status.MERGED, row.version, conflicts
    context.session.flush()
    check_year(context.session, row, before)
    context.created(SchoolYear, row)  # (as in ``_set``)
    return Status.APPLIED, recorded(context, "school_year", row, changed), conflicts


def _resolve_year(context: Context, conflict: Any, chosen: str | None) -> int | None:
    require_set_up(context, Entity.SCHOOL_YEAR)
    row = context.session.get(SchoolYear, conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    own_school(context, row.school_id)
    before = stored_year(context.session, row)
    current = year_texts(before)[conflict.field]
    if current == chosen:
        return None
    _store_year(context, row, conflict.field, chosen)
    context.session.flush()
    check_year(context.session, row, before)
    return recorded(context, "school_year", row, [(conflict.field, current, chosen)])


# --- classes and subjects -----------------------------------------------------------------


def _class_texts(row: ClassGroup) -> dict[str, str | None]:
    return class_texts(class_details(row), row.tutor_id, bool(row.deleted))


CLASSES = Record(
    "class_group", ClassGroup, Entity.CLASS_GROUP, CLASS_FIELDS, _class_texts, check_class
)


def class_group_set(context: Context, args: ClassGroupSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.CLASS_GROUP)
    year = context.session.get(SchoolYear, args.school_year_id)
    if year is None or year.deleted:
        raise Rejected(_("Mācību gads nav atrasts."))
    own_school(context, year.school_id)
    details = validate_class(
        ClassDetails(args.name, args.grade, GroupKind(args.kind), args.programme)
    )
    if args.tutor_id is not None:
        require_own(context, Staff, args.tutor_id, _("Audzinātājs nav atrasts."))
    row = context.session.get(ClassGroup, args.class_group_id)
    if row is not None and row.school_year_id != year.id:
        raise Rejected(_("Ieraksts ar šo identifikatoru jau ir."))
    new = ClassGroup(id=args.class_group_id, school_year_id=year.id)
    mine = class_texts(details, args.tutor_id, args.deleted)
    return set_record(context, CLASSES, row, new, mine, args.base)


def _subject_texts(row: Subject) -> dict[str, str | None]:
    return subject_texts(subject_details(row), bool(row.deleted))


SUBJECTS = Record("subject", Subject, Entity.SUBJECT, SUBJECT_FIELDS, _subject_texts, check_subject)


def subject_set(context: Context, args: SubjectSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.SUBJECT)
    details = validate_subject(
        SubjectDetails(args.name, args.short_name, SubjectKind(args.kind), args.pass_fail)
    )
    row = context.session.get(Subject, args.subject_id)
    if row is not None:
        own_school(context, row.school_id)
    new = Subject(id=args.subject_id, school_id=school_of(context))
    return set_record(context, SUBJECTS, row, new, subject_texts(details, args.deleted), args.base)


_SET_UP_RESULTS = "`applied`, `merged`, `rejected` (+ review `conflict_ids`)"
_EVERYONE = "every user of the school (names only; no private columns here)"

DECLARED = (
    Declared(
        MutationName.SCHOOL_YEAR_SET,
        school_year_set,
        senders="clerk, deputy (`Entity.SCHOOL_YEAR`)",
        checks=(
            "role; the year valid as a whole (`domain.school_year.SchoolYear`: dates in "
            "order, the two semesters inside the year and apart, holidays and the first "
            "school day inside it, deadlines not before their start); merge; days that hold "
            "marks stay in the year and in their semester"
        ),
        merge=(
            "per field (`YEAR_FIELDS`; the semesters and the holidays one field each), the "
            "last to arrive wins and the replaced value is kept for review"
        ),
        scope=_EVERYONE + "; semesters and holidays as rows of their own",
        results=_SET_UP_RESULTS,
        resolve=_resolve_year,
    ),
    Declared(
        MutationName.CLASS_GROUP_SET,
        class_group_set,
        senders="clerk, deputy (`Entity.CLASS_GROUP`)",
        checks=(
            "role; the year exists; name (letters, digits, `.`) and grade 1–12 "
            "(`domain.school.validate_class`); merge; the name unique in the year; the tutor "
            "a member of staff; a class with students or courses is not deleted"
        ),
        merge="per field (`CLASS_FIELDS`), the last to arrive wins; review of the replaced",
        scope=_EVERYONE,
        results=_SET_UP_RESULTS,
        resolve=resolver_of(CLASSES),
    ),
    Declared(
        MutationName.SUBJECT_SET,
        subject_set,
        senders="clerk, deputy (`Entity.SUBJECT`)",
        checks=(
            "role; name and short name (`domain.school.validate_subject`); merge; the name "
            "unique in the school; a subject with courses is not deleted"
        ),
        merge="per field (`SUBJECT_FIELDS`), the last to arrive wins; review of the replaced",
        scope=_EVERYONE,
        results=_SET_UP_RESULTS,
        resolve=resolver_of(SUBJECTS),
    ),
)
