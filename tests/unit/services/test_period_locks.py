"""Period locks on the laptop (DOMAIN: period locks), offline: the deputy closes September; a
teacher's change of a September mark or absence then needs a reason (kept with the change) or,
by the school's other rule, the deputy to reopen it; the deputy's own goes through; a lock of
another class or course leaves the cell alone; reopening frees it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from eklase_desktop.domain.period_locks import LockDetails, LockScope
from eklase_desktop.domain.statistics import LateChanges, SchoolRules
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.editing import CellEdit, CellRejected, JournalEditor
from eklase_desktop.services.period_locks import PeriodLocks
from eklase_desktop.services.reporting.statistics import SchoolStatistics
from tests.school import SmallSchool

SEPTEMBER = (dt.date(2026, 9, 1), dt.date(2026, 9, 30), "2026. gada septembris")


def _sent(school: SmallSchool) -> list[tuple[str, dict[str, object]]]:
    with school.factory.begin() as session:
        found = [(row.mutation, dict(row.args)) for row in session.scalars(select(OutboxEntry))]
        session.execute(delete(OutboxEntry))
    return found


@pytest.fixture
def closed(school: SmallSchool) -> SmallSchool:
    PeriodLocks(school.factory, school.actor("vietnieks")).close(
        LockDetails(LockScope.SCHOOL, *SEPTEMBER)
    )
    [(name, args)] = _sent(school)
    assert name == "period_lock.set" and args["scope"] == "school" and args["reopened"] is False
    return school


def _write(school: SmallSchool, user: str, text: str, reason: str = "") -> None:
    editor = JournalEditor(school.factory, school.actor(user))
    lesson, student = school.maths_lessons[0], school.students[0]
    editor.write_cells(school.maths, [CellEdit(student, lesson, text)], reason)


def test_a_teacher_gives_a_reason(closed: SmallSchool) -> None:
    with pytest.raises(CellRejected, match="ierakstiet labojuma iemeslu") as refused:
        _write(closed, "skolotajs1", "8")
    assert refused.value.needs_reason and _sent(closed) == []
    assert "01.09.2026.–30.09.2026." in refused.value.message
    _write(closed, "skolotajs1", "n 8", "Ārsta zīme atnesta vēlāk")
    sent = dict(_sent(closed))
    assert sent["mark.set"]["reason"] == "Ārsta zīme atnesta vēlāk"
    assert sent["attendance.set_presence"]["reason"] == "Ārsta zīme atnesta vēlāk"


def test_by_the_other_rule_only_the_deputy_opens_it(closed: SmallSchool) -> None:
    SchoolStatistics(closed.factory, closed.actor("vietnieks")).save_rules(
        SchoolRules(3, Decimal("0.5"), 5, LateChanges.REOPEN)
    )
    _sent(closed)
    with pytest.raises(CellRejected, match="direktora vietnieks to atver") as refused:
        _write(closed, "skolotajs1", "8", "Ārsta zīme")
    assert not refused.value.needs_reason and _sent(closed) == []
    _write(closed, "vietnieks", "7")  # the deputy corrects a closed period
    [(name, args)] = _sent(closed)
    assert name == "mark.set" and "reason" not in args
    lock = PeriodLocks(closed.factory, closed.actor("vietnieks"))
    [view] = lock.locks()
    lock.reopen(view.id)
    _sent(closed)
    _write(closed, "skolotajs1", "9")
    [(name, args)] = _sent(closed)
    assert name == "mark.set" and args["value"] == "9" and "reason" not in args
    assert [v.details.reopened for v in lock.locks()] == [True]


def test_another_class_or_course_is_not_closed(school: SmallSchool) -> None:
    locks = PeriodLocks(school.factory, school.actor("vietnieks"))
    locks.close(LockDetails(LockScope.COURSE, *SEPTEMBER, course_id=school.latvian))
    locks.close(LockDetails(LockScope.SCHOOL, dt.date(2026, 10, 1), dt.date(2026, 10, 31), "okt."))
    _write(school, "skolotajs1", "8")  # maths in September: neither lock
    assert [name for name, _args in _sent(school)][-1] == "mark.set"
    locks.close(LockDetails(LockScope.CLASS, *SEPTEMBER, class_group_id=school.class_id))
    with pytest.raises(CellRejected):
        _write(school, "skolotajs1", "9")


def test_only_the_deputy_closes(school: SmallSchool) -> None:
    teacher = PeriodLocks(school.factory, school.actor("skolotajs1"))
    assert not teacher.writable
    with pytest.raises(Exception, match="perioda slēgšana"):
        teacher.close(LockDetails(LockScope.SCHOOL, *SEPTEMBER))
