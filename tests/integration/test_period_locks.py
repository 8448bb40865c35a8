"""Period locks through a real server (DOMAIN: period locks): a teacher's change made offline
before the lock arrived is a conflict both sides see — never applied, never dropped — which
the teacher may not decide and the deputy does; once the lock is on the laptop the teacher's
late correction carries its reason into the audit and the cell's history; a laptop that
sends one without a reason (an old or a tampered one) meets a conflict, not a write."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import pytest

from eklase_desktop.domain.period_locks import LockDetails, LockScope
from eklase_desktop.models import cell_id
from eklase_desktop.services import sync_status
from eklase_desktop.services.editing import CellEdit
from eklase_desktop.services.period_locks import PeriodLocks
from eklase_desktop.sync.client import SyncError
from tests.integration.laptops import LaptopFactory, class_7a, push_one, server_session
from tests.integration.servers import ServerProcess


@pytest.fixture
def ids(server: ServerProcess) -> dict[str, Any]:
    with server_session(server.database_url) as session:
        return class_7a(session)


def _close_month_of(laptops: LaptopFactory, day: dt.date) -> Any:
    deputy = laptops("vietnieks")
    last = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    PeriodLocks(deputy.factory, deputy.actor).close(
        LockDetails(LockScope.SCHOOL, day.replace(day=1), last, f"{day:%m.%Y}")
    )
    assert deputy.sync().pushed["applied"] == 1
    return deputy


def test_an_offline_change_meets_the_lock(laptops: LaptopFactory, ids: dict[str, Any]) -> None:
    teacher = laptops("skolotajs1")
    course, lesson, student = ids["latvian"], ids["latvian_lessons"][-1], ids["students"][0]
    before = teacher.cell(course, lesson, student).mark
    day = _day_of(teacher, course, lesson)
    new = "4" if before != "4" else "5"
    teacher.write(course, lesson, student, new)  # offline: the lock is not on this laptop yet
    deputy = _close_month_of(laptops, day)

    report = teacher.sync()
    assert report.pushed["conflict"] == 1 and report.open_conflicts >= 1
    assert teacher.cell(course, lesson, student).mark == before  # the server's, for now
    [conflict] = [c for c in teacher.client.conflicts().conflicts if c.row_id]
    assert (conflict.mine, conflict.theirs) == (new, before or None)
    assert conflict.context["locked"].startswith(f"{day:%m.%Y} (01.{day:%m.%Y}.")
    seen = [c.id for c in deputy.client.conflicts().conflicts]
    assert conflict.id in seen  # the deputy sees it too
    [shown] = [c for c in sync_status.conflicts(teacher.factory) if c.id == str(conflict.id)]
    assert shown.locked == conflict.context["locked"] and shown.mine == new

    with pytest.raises(SyncError, match="slēgts"):
        teacher.client.resolve(str(conflict.id), "mine")  # not the teacher's to decide
    deputy.client.resolve(str(conflict.id), "mine")
    teacher.sync()
    assert teacher.cell(course, lesson, student).mark == new
    assert not [c for c in teacher.client.conflicts().conflicts if c.row_id]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_late_correction_keeps_its_reason(laptops: LaptopFactory, ids: dict[str, Any]) -> None:
    teacher = laptops("skolotajs1")
    course, lesson, student = ids["latvian"], ids["latvian_lessons"][-1], ids["students"][1]
    day = _day_of(teacher, course, lesson)
    _close_month_of(laptops, day)
    teacher.sync()  # the lock arrives
    teacher.editor.write_cells(
        course, [CellEdit(student, lesson, "n 6")], "Skolēns bija olimpiādē; zīme vēlāk"
    )
    pushed = teacher.sync().pushed
    assert pushed["applied"] >= 1 and not pushed["conflict"], pushed
    assert teacher.cell(course, lesson, student).text == "n 6"
    history = teacher.client.history("mark", cell_id("mark", lesson, student)).entries
    assert history[-1].new == "6" and history[-1].reason == "Skolēns bija olimpiādē; zīme vēlāk"

    # one sent without a reason (an old or a tampered laptop) waits as a conflict
    forged = {
        "mark_id": str(cell_id("mark", lesson, student)),
        "lesson_id": str(lesson),
        "student_id": str(student),
        "value": "2",
        "base": "6",
    }
    assert push_one(teacher.client, "mark.set", forged).status == "conflict"
    teacher.sync()
    assert teacher.cell(course, lesson, student).mark == "6"


def _day_of(laptop: Any, course: Any, lesson: Any) -> dt.date:
    columns = laptop.reader.open_journal(course).lessons
    return next(column.date for column in columns if column.id == lesson)  # type: ignore[no-any-return]
