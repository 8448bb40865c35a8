"""Orders about a student on the server (SPEC C2): ``student.order``, a transfer to another
class or an expulsion, the clerk's or the deputy's. Carried out once, on the order's day:
the student leaves the old courses the day before (their marks stay), a transfer enrols them
in the new class's courses. The new teachers' laptops get the student at their next sync;
the old teachers' laptops let the student's rows go (docs/sync-protocol.md §7)."""

from __future__ import annotations

from sqlalchemy import select

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.orders import OrderDetails, OrderKind, validate_order
from eklase_desktop.domain.roles import Entity
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    AbsenceNote,
    ClassGroup,
    Guardian,
    MonthlyStatement,
    Student,
    StudentOrder,
)
from eklase_desktop.models.setup import YEAR_CLOSED, apply_order
from eklase_desktop.sync.mutation_args import StudentOrderArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations.records import own_school, require_own, require_set_up


def student_order(context: Context, args: StudentOrderArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.STUDENT)
    details = validate_order(
        OrderDetails(OrderKind(args.kind), args.number, args.day, args.class_group_id)
    )
    existing = context.session.get(StudentOrder, args.order_id)
    if existing is not None:  # a repeat: it was carried out once
        same = (existing.student_id, existing.kind, existing.day) == (
            args.student_id, args.kind, args.day,
        )  # fmt: skip
        if same:
            return Status.MERGED, existing.version, []
        raise Rejected(_("Ieraksts ar šo identifikatoru jau ir."))
    student = context.session.get(Student, args.student_id)
    if student is None:
        raise Rejected(_("Skolēns nav atrasts."))
    own_school(context, student.school_id)
    if details.class_group_id is not None:
        require_own(context, ClassGroup, details.class_group_id, _("Klase nav atrasta."))
    group = (
        context.session.get(ClassGroup, student.class_group_id) if student.class_group_id else None
    )
    in_year = details.kind in (OrderKind.TRANSFER, OrderKind.EXPULSION)
    if in_year and group is not None and context.year_closed(group.school_year_id):
        raise Rejected(_(YEAR_CLOSED))  # (a promotion or a graduation closes the year)
    try:
        changed = apply_order(context.session, student, details)
    except DomainError as error:
        raise Rejected(error.message) from error
    order = StudentOrder(
        id=args.order_id,
        student_id=student.id,
        kind=details.kind.value,
        number=details.number,
        day=details.day,
        class_group_id=details.class_group_id or student.class_group_id,
    )
    context.session.add(order)
    context.session.flush()
    context.created(StudentOrder, order)
    for enrolment in changed:
        context.record("enrolment", enrolment, enrolment.course_id)
    context.record("student", student)  # after them: the new teachers take the student's row
    if details.kind.moves:  # the class's records follow the student to the new tutor
        for table, model in (("guardian", Guardian), ("absence_note", AbsenceNote),
                             ("monthly_statement", MonthlyStatement),
                             ("student_order", StudentOrder)):  # fmt: skip
            for record in context.session.scalars(
                select(model).where(model.student_id == student.id)
            ):
                context.record(table, record)
    version = context.record("student_order", order)
    context.audit.log(
        "create", "student_order", order.id, "kind", None, order.kind, version,
        student_id=student.id,
    )  # fmt: skip
    return Status.APPLIED, version, []


DECLARED = (
    Declared(
        MutationName.STUDENT_ORDER,
        student_order,
        senders="clerk, deputy (`Entity.STUDENT`)",
        checks=(
            "role; an order number; a class for a transfer (`domain.orders.validate_order`); "
            "the student and the class are the user's school's; the student has not left; "
            "the day lies in the student's class's school year; a transfer to another class "
            "of that year"
        ),
        merge=(
            "none: an order is carried out once (a repeat of the same is `merged`); the "
            "student leaves the old class's class courses (an expulsion: every course) on "
            "the day before; a transfer enrols them in the new class's class courses from the "
            "day (enrolment ids derived from course and student)"
        ),
        scope=(
            "the order: the student's class's tutor, deputy, clerk, director; the enrolments "
            "and the student: the courses' readers (a teacher's laptop lets the rows of a "
            "student who left its course go)"
        ),
        results="`applied`, `merged`, `rejected`",
    ),
)
