"""Phone numbers of students and their parents (SPEC T1): ``student.set_phone`` and
``guardian.set_phone``. The class tutor keeps them current (and the deputy, the clerk); they
reach only those three (``scopes.PRIVATE_COLUMNS``, ``TUTOR_COLUMNS``)."""

from __future__ import annotations

import uuid
from typing import Any

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.phone import normalize_phone
from eklase_desktop.domain.roles import Entity, Role, require
from eklase_desktop.i18n import _
from eklase_desktop.models import Guardian, Student
from eklase_desktop.sync.merge import Field, Outcome, merge_field
from eklase_desktop.sync.mutation_args import GuardianPhoneSetArgs, StudentPhoneSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import record_conflict
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.scopes import class_roles


def student_phone_set(context: Context, args: StudentPhoneSetArgs, mutation: Mutation) -> Result:
    student = context.get(Student, args.student_id)
    if student is None or student.deleted:
        raise Rejected(_("Skolēns nav atrasts."))
    return _set(context, "student", student, student.id, args.phone, args.base)


def guardian_phone_set(context: Context, args: GuardianPhoneSetArgs, mutation: Mutation) -> Result:
    guardian = context.get(Guardian, args.guardian_id)
    if guardian is None or guardian.deleted:
        raise Rejected(_("Vecāks nav atrasts."))
    return _set(context, "guardian", guardian, guardian.student_id, args.phone, args.base)


def _set(
    context: Context,
    table: str,
    row: Student | Guardian,
    student_id: uuid.UUID,
    phone: str | None,
    base: str | None,
    right: Entity = Entity.PHONE,
) -> Result:
    try:
        require(class_roles(context.session, context.user, student_id), right)
        mine = normalize_phone(phone) if phone and phone.strip() else None
    except DomainError as error:
        raise Rejected(error.message) from error
    current = row.phone or None
    merge = merge_field(Field.RECORD, base or None, mine, current)
    conflicts: list[uuid.UUID] = []
    if merge.recorded:
        conflicts.append(
            record_conflict(
                context,
                "review",
                table,
                row.id,
                "phone",
                base,
                mine,
                current,
                course_id=None,
                student_id=student_id,
                lesson=None,
            )
        )
    if merge.outcome not in (Outcome.APPLY, Outcome.REVIEW) or mine == current:
        return Status.MERGED, row.version, conflicts
    row.phone = mine
    version = context.record(table, row)
    context.audit.log("set", table, row.id, "phone", current, mine, version, student_id=student_id)
    return Status.APPLIED, version, conflicts


def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """Writes the phone a person chose in a review entry."""
    row: Student | Guardian | None = (
        context.get(Student, conflict.row_id)
        if conflict.entity == "student"
        else context.get(Guardian, conflict.row_id)
    )
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    student_id = row.id if isinstance(row, Student) else row.student_id
    current = row.phone or None
    # the clerk changes numbers on the student card (``student.set``): a review of one the
    # clerk is a party to is the clerk's to decide with the card's right
    party = context.user.account_id in (conflict.mine_account_id, conflict.theirs_account_id)
    right = Entity.STUDENT if party and Role.CLERK in context.user.roles else Entity.PHONE
    status, version, _conflicts = _set(
        context, conflict.entity, row, student_id, chosen, current, right
    )
    return version if status is Status.APPLIED else None


def _phone(name: MutationName, apply: Any, resolve: Any = None) -> Declared:
    return Declared(
        name,
        apply,
        senders="tutor of the student's class, deputy (the clerk: through `student.set`)",
        checks=(
            "row exists; role; a Latvian number (`domain.phone`: `+371` and 8 digits, spaces "
            "allowed; stored as `+371 NNNNNNNN`); merge"
        ),
        merge="the last to arrive wins; the replaced number is kept for review",
        scope="the row itself every reader of the student; the number only the class's tutor, "
        "deputy, clerk",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolve,
    )


DECLARED = (
    # (a decision on a student's row: student.set's, which hands phones to ``resolve_field``)
    _phone(MutationName.STUDENT_PHONE_SET, student_phone_set),
    _phone(MutationName.GUARDIAN_PHONE_SET, guardian_phone_set, resolve_field),
)
