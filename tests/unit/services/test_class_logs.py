"""A class's logs on the laptop (SPEC T3–T5, J12): who writes what, search, and the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eklase_desktop.domain.class_logs import InvalidEntry, LogEntry, LogKind
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.class_logs import ClassLogs
from eklase_desktop.sync.mutation_args import ClassLogSetArgs
from tests.school import SmallSchool

DAY = dt.date(2026, 11, 23)


def _queued(school: SmallSchool) -> list[ClassLogSetArgs]:
    with school.factory() as session:
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        return [
            ClassLogSetArgs.model_validate(e.args)
            for e in entries
            if e.mutation == "class_log_entry.set"
        ]


def test_the_tutor_keeps_every_log_and_finds_entries(school: SmallSchool) -> None:
    logs = ClassLogs(school.factory, school.actor("audzinatajs"))
    assert logs.kinds(school.class_id) == list(LogKind)
    talk = LogEntry(
        LogKind.CONVERSATION, DAY, school.students[1], title="Sekmes matemātikā",
        text="Vienojāmies par konsultācijām otrdienās.", with_whom="Māte",
    )  # fmt: skip
    logs.save(school.class_id, talk)
    logs.save(
        school.class_id, LogEntry(LogKind.CONVERSATION, DAY, title="Kavējumi", with_whom="Tēvs")
    )
    found = logs.entries(school.class_id, LogKind.CONVERSATION, "konsultāc")
    assert [view.entry.title for view in found] == ["Sekmes matemātikā"]
    assert found[0].student == "Āboliņš Ēriks" and found[0].author == "Tūters Tālivaldis"
    assert len(logs.entries(school.class_id, LogKind.CONVERSATION, "ĒRIKS")) == 1
    assert len(logs.entries(school.class_id, LogKind.CONVERSATION)) == 2
    [first, _second] = _queued(school)
    assert first.kind == "conversation" and first.base is None and first.with_whom == "Māte"


def test_a_briefing_records_who_took_part(school: SmallSchool) -> None:
    logs = ClassLogs(school.factory, school.actor("audzinatajs"))
    took_part = frozenset(school.students[:3])
    briefing = LogEntry(LogKind.BRIEFING, DAY, title="Ugunsdrošība", participants=took_part)
    entry_id = logs.save(school.class_id, briefing)
    [view] = logs.entries(school.class_id, LogKind.BRIEFING)
    assert view.entry.participants == took_part
    everyone = frozenset(school.students)
    logs.save(
        school.class_id,
        LogEntry(LogKind.BRIEFING, DAY, title="Ugunsdrošība", participants=everyone),
        entry_id,
    )
    [changed] = logs.entries(school.class_id, LogKind.BRIEFING)
    assert changed.entry.participants == everyone
    last = _queued(school)[-1]
    assert last.base is not None and len(str(last.base["participants"]).split(",")) == 3


def test_a_teacher_writes_behaviour_entries_only_and_changes_only_their_own(
    school: SmallSchool,
) -> None:
    teacher = ClassLogs(school.factory, school.actor("skolotajs1"))
    assert [name for _id, name in teacher.classes()] == ["7.a"]  # where it teaches students
    assert teacher.kinds(school.class_id) == [LogKind.BEHAVIOUR]
    student = school.students[0]
    assert [name for _id, name in teacher.courses(student)] == ["Matemātika 2.a", "Matemātika 7.a"]
    praise = LogEntry(
        LogKind.BEHAVIOUR,
        DAY,
        student,
        school.maths,
        text="Palīdzēja klasesbiedram.",
        positive=True,
    )
    mine = teacher.save(school.class_id, praise)
    with pytest.raises(PermissionDenied):
        teacher.save(school.class_id, LogEntry(LogKind.PARENT_NOTE, DAY, title="Ekskursija"))
    tutor = ClassLogs(school.factory, school.actor("audzinatajs"))
    theirs = tutor.save(
        school.class_id,
        LogEntry(
            LogKind.BEHAVIOUR, DAY, student, school.latvian, text="Traucēja stundu.", positive=False
        ),
    )
    with pytest.raises(PermissionDenied, match="klases audzinātājs"):
        teacher.delete(theirs)
    tutor.save(
        school.class_id,
        LogEntry(LogKind.BEHAVIOUR, DAY, student, school.maths, text="Palīdzēja.", positive=True),
        mine,
    )
    teacher.delete(mine)
    assert [v.entry.text for v in tutor.entries(school.class_id, LogKind.BEHAVIOUR)] == [
        "Traucēja stundu."
    ]
    assert _queued(school)[-1].deleted is True


def test_a_bad_entry_changes_nothing(school: SmallSchool) -> None:
    logs = ClassLogs(school.factory, school.actor("audzinatajs"))
    with pytest.raises(InvalidEntry):
        logs.save(school.class_id, LogEntry(LogKind.BRIEFING, DAY, title=" "))
    assert logs.entries(school.class_id, LogKind.BRIEFING) == [] and _queued(school) == []
    outsider = ClassLogs(school.factory, school.actor("skolotajs2"))
    with pytest.raises(PermissionDenied):
        outsider.save(
            school.class_id, LogEntry(LogKind.CONVERSATION, DAY, title="X", with_whom="Y")
        )
