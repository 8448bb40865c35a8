"""The school's set-up on the server (SPEC C1, V4; DOMAIN: school set-up): the school year
with its semesters and holidays, classes, subjects. The clerk and the deputy write them; every
laptop of the school receives them. Fields merge like a lesson's: the last arrival wins and
the value it replaced is kept for review; the record as a whole must stay valid.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Entity, Role, parse_roles, require
from eklase_desktop.domain.school import (
    CLASS_FIELDS,
    STAFF_FIELDS,
    SUBJECT_FIELDS,
    ClassDetails,
    GroupKind,
    StaffDetails,
    SubjectDetails,
    check_grant,
    class_texts,
    login_name,
    staff_texts,
    subject_texts,
    validate_class,
    validate_staff,
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
    School,
    SchoolYear,
    Staff,
    Subject,
)
from eklase_desktop.models.setup import (
    check_class,
    check_staff,
    check_subject,
    check_year,
    staff_details,
    store_holidays,
    store_semesters,
    stored_year,
)
from eklase_desktop.sync.protocol import (
    ClassGroupSetArgs,
    Mutation,
    MutationName,
    SchoolYearSetArgs,
    StaffSetArgs,
    Status,
    SubjectSetArgs,
)
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result

# --- what every set-up record shares ----------------------------------------------------


@dataclass(frozen=True)
class Record:
    """How one kind of set-up row is merged, stored and checked."""

    table: str
    model: Any
    entity: Entity
    fields: tuple[str, ...]
    texts: Callable[[Any], dict[str, str | None]]  # the stored row as wire text
    check: Callable[[Session, Any], None]  # the merged row as a whole; raises DomainError

    def store(self, row: Any, name: str, text: str | None) -> None:
        setattr(row, name, column_value(self.model, name, text))


def column_value(model: Any, name: str, text: str | None) -> Any:
    """A field's wire text as ``model``'s column stores it."""
    if text is None:
        return None
    kind = model.__table__.c[name].type.python_type
    if kind is bool:
        return text == "true"
    if kind is dt.date:
        return dt.date.fromisoformat(text)
    if kind in (int, uuid.UUID):
        return kind(text)
    return text


def _require(context: Context, entity: Entity) -> None:
    """Set-up is school-wide work: the clerk's and the deputy's (DOMAIN: roles). Like every
    DomainError here, a refusal becomes the mutation's ``Rejected``."""
    require(SCHOOL_WIDE_ROLES.intersection(context.user.roles), entity)


def _set(
    context: Context,
    record: Record,
    row: Any,
    new: Any,
    mine: dict[str, str | None],
    base: dict[str, str | None] | None,
) -> Result:
    """Creates ``new`` (when ``row`` is None) or merges ``mine`` into ``row``; checks the
    result as a whole and records what changed."""
    conflicts: list[uuid.UUID] = []
    if row is None:
        if base is not None:
            raise Rejected(_("Ieraksts nav atrasts."))
        row = new
        for name in record.fields:
            record.store(row, name, mine[name])
        context.session.add(row)
        changed: Changed = [
            (name, None, mine[name]) for name in record.fields if mine[name] not in (None, "")
        ]
    else:
        changed, conflicts = merge_record(
            context,
            record.table,
            row,
            record.fields,
            base if base is not None else mine,  # a repeat of the creation
            mine,
            record.texts(row),
            lambda name, text: record.store(row, name, text),
            student_id=None,
        )
    if not changed:
        return Status.MERGED, row.version, conflicts
    context.session.flush()
    record.check(context.session, row)
    # the push looked for the row and found none: it exists now (not before the checks, so
    # that a refused one is not answered as if it did)
    context.created(record.model, row)
    return Status.APPLIED, _recorded(context, record.table, row, changed), conflicts


def _recorded(context: Context, table: str, row: Any, changed: Changed) -> int:
    version = context.record(table, row)
    for name, old, new in changed:
        context.audit.log("set", table, row.id, name, old, new, version)
    return version


def _resolver(record: Record) -> Callable[[Context, Any, str | None], int | None]:
    def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
        """Writes the value a person chose in a review entry of a set-up row."""
        _require(context, record.entity)
        row = context.session.get(record.model, conflict.row_id)
        if row is None:
            raise Rejected(_("Ieraksts nav atrasts."))
        current = record.texts(row)[conflict.field]
        if current == chosen:
            return None
        record.store(row, conflict.field, chosen)
        context.session.flush()
        record.check(context.session, row)
        return _recorded(context, record.table, row, [(conflict.field, current, chosen)])

    return resolve_field


def _school_id(context: Context) -> uuid.UUID:
    """The user's school (a server may keep several: the demo keeps two)."""
    staff = context.session.get(Staff, context.user.staff_id) if context.user.staff_id else None
    school = staff.school_id if staff else context.session.scalar(select(School.id).limit(1))
    if school is None:
        raise Rejected(_("Serverī nav skolas."))
    return school


def _own(context: Context, school_id: uuid.UUID) -> None:
    if school_id != _school_id(context):
        raise Rejected(_("Šis ieraksts pieder citai skolai."))


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
    _require(context, Entity.SCHOOL_YEAR)
    wanted = _year_from(args)
    mine = year_texts(wanted)
    row = context.session.get(SchoolYear, args.school_year_id)
    if row is not None:
        _own(context, row.school_id)
    before = stored_year(context.session, row) if row is not None else None
    if row is None:
        if args.base is not None:
            raise Rejected(_("Ieraksts nav atrasts."))
        row = SchoolYear(id=args.school_year_id, school_id=_school_id(context))
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
    return Status.APPLIED, _recorded(context, "school_year", row, changed), conflicts


def _resolve_year(context: Context, conflict: Any, chosen: str | None) -> int | None:
    _require(context, Entity.SCHOOL_YEAR)
    row = context.session.get(SchoolYear, conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    before = stored_year(context.session, row)
    current = year_texts(before)[conflict.field]
    if current == chosen:
        return None
    _store_year(context, row, conflict.field, chosen)
    context.session.flush()
    check_year(context.session, row, before)
    return _recorded(context, "school_year", row, [(conflict.field, current, chosen)])


# --- classes and subjects -----------------------------------------------------------------


def _class_texts(row: ClassGroup) -> dict[str, str | None]:
    details = ClassDetails(row.name, row.grade, GroupKind(row.kind), row.programme or "")
    return class_texts(details, row.tutor_id, bool(row.deleted))


CLASSES = Record(
    "class_group", ClassGroup, Entity.CLASS_GROUP, CLASS_FIELDS, _class_texts, check_class
)


def class_group_set(context: Context, args: ClassGroupSetArgs, mutation: Mutation) -> Result:
    _require(context, Entity.CLASS_GROUP)
    year = context.session.get(SchoolYear, args.school_year_id)
    if year is None or year.deleted:
        raise Rejected(_("Mācību gads nav atrasts."))
    _own(context, year.school_id)
    details = validate_class(
        ClassDetails(args.name, args.grade, GroupKind(args.kind), args.programme)
    )
    row = context.session.get(ClassGroup, args.class_group_id)
    if row is not None and row.school_year_id != year.id:
        raise Rejected(_("Ieraksts ar šo identifikatoru jau ir."))
    new = ClassGroup(id=args.class_group_id, school_year_id=year.id)
    mine = class_texts(details, args.tutor_id, args.deleted)
    return _set(context, CLASSES, row, new, mine, args.base)


def _subject_texts(row: Subject) -> dict[str, str | None]:
    details = SubjectDetails(row.name, row.short_name, SubjectKind(row.kind), row.pass_fail)
    return subject_texts(details, bool(row.deleted))


SUBJECTS = Record("subject", Subject, Entity.SUBJECT, SUBJECT_FIELDS, _subject_texts, check_subject)


def subject_set(context: Context, args: SubjectSetArgs, mutation: Mutation) -> Result:
    _require(context, Entity.SUBJECT)
    details = validate_subject(
        SubjectDetails(args.name, args.short_name, SubjectKind(args.kind), args.pass_fail)
    )
    row = context.session.get(Subject, args.subject_id)
    if row is not None:
        _own(context, row.school_id)
    new = Subject(id=args.subject_id, school_id=_school_id(context))
    return _set(context, SUBJECTS, row, new, subject_texts(details, args.deleted), args.base)


def _staff_texts(row: Staff) -> dict[str, str | None]:
    return staff_texts(staff_details(row), bool(row.deleted))


STAFF = Record("staff", Staff, Entity.STAFF, STAFF_FIELDS, _staff_texts, check_staff)


def staff_set(context: Context, args: StaffSetArgs, mutation: Mutation) -> Result:
    _require(context, Entity.STAFF)
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
        _own(context, row.school_id)
    before = parse_roles(row.roles) if row is not None else frozenset()
    check_grant(context.user.roles, before, details.roles)
    taken = set(context.session.scalars(select(Staff.username)))
    new = Staff(
        id=args.staff_id,
        school_id=_school_id(context),
        username=login_name(details.first_name, details.last_name, taken),
    )
    return _set(context, STAFF, row, new, staff_texts(details, args.deleted), args.base)


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
        resolve=_resolver(CLASSES),
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
        resolve=_resolver(SUBJECTS),
    ),
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
        results=_SET_UP_RESULTS,
        resolve=_resolver(STAFF),
    ),
)
