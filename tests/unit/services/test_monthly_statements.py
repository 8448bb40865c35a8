"""Monthly statements on the laptop (SPEC T7): printed, ticked back, who is missing, the
outbox, and who may keep them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.monthly_statements import StatementStatus
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.monthly_statements import MonthlyStatements
from eklase_desktop.sync.mutation_args import MonthlyStatementSetArgs
from tests.school import SmallSchool

pytestmark = pytest.mark.today("2026-11-09")


def statements(school: SmallSchool, user: str) -> MonthlyStatements:
    return MonthlyStatements(school.factory, school.actor(user))


def test_the_tutor_prints_ticks_and_sees_who_is_missing(school: SmallSchool) -> None:
    tutor = statements(school, "audzinatajs")
    before = tutor.of_class(school.class_id, "2026-10")
    assert {line.status for line in before.lines} == {StatementStatus.PRINT_OVERDUE}
    assert tutor.mark_printed(school.class_id, "2026-10", dt.date(2026, 11, 4)) == 4
    assert tutor.mark_printed(school.class_id, "2026-10") == 0  # printed once
    first, second = before.lines[0].student_id, before.lines[1].student_id
    tutor.set_returned(first, "2026-10", True, dt.date(2026, 11, 6))
    tutor.set_returned(second, "2026-10", True)
    tutor.set_returned(second, "2026-10", False)  # ticked by mistake
    after = tutor.of_class(school.class_id, "2026-10")
    assert (after.printed, after.returned) == (4, 1)
    assert after.missing == [line.name for line in after.lines[1:]]
    assert after.lines[0].status is StatementStatus.RETURNED
    assert after.lines[1].status is StatementStatus.AWAITING
    assert after.deadline == dt.date(2026, 11, 5)
    with school.factory() as session:
        queued = [
            MonthlyStatementSetArgs.model_validate(e.args)
            for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]
    assert len(queued) == 7
    assert queued[4].returned_on == dt.date(2026, 11, 6) and queued[4].base == {
        "printed_on": "2026-11-04",
        "returned_on": None,
    }
    assert queued[-1].returned_on is None and queued[-1].base is not None


def test_refusals_change_nothing(school: SmallSchool) -> None:
    tutor = statements(school, "audzinatajs")
    student = school.students[0]
    with pytest.raises(DomainError, match="pēc tā izdrukāšanas"):
        tutor.set_returned(student, "2026-10", True)
    with pytest.raises(PermissionDenied):
        statements(school, "skolotajs1").mark_printed(school.class_id, "2026-10")
    with pytest.raises(PermissionDenied):
        statements(school, "skolotajs1").of_class(school.class_id, "2026-10")
    with school.factory() as session:
        assert session.scalars(select(OutboxEntry)).first() is None
    deputy = statements(school, "vietnieks")
    assert deputy.mark_printed(school.class_id, "2026-10") == 4
    every = deputy.overview("2026-10")
    assert len(every) > 1  # the deputy director checks every class
    seen = next(klass for klass in every if klass.class_id == school.class_id)
    assert seen.printed == 4 and len(seen.missing) == 4 and seen.tutor == "Tūters Tālivaldis"
