"""A class's logs through a real server (SPEC T3–T5, J12, D2): the tutor's conversation stays
with the class, a teacher's behaviour entry reaches the tutor, refusals change nothing."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from eklase_desktop.demo.names import PRAISE, REPROACH
from eklase_desktop.domain.class_logs import LogEntry, LogKind
from eklase_desktop.models import ClassLogEntry, Course, Staff, Student
from eklase_desktop.services.class_logs import ClassLogs
from eklase_desktop.services.outbox import enqueue
from tests.integration.laptops import Laptop, LaptopFactory, database
from tests.integration.refusals.support import School

DAY = dt.date(2026, 11, 23)


DEMO_TEXTS = frozenset(PRAISE + REPROACH)


def _class_of(laptop: Laptop, student: uuid.UUID) -> uuid.UUID:
    with laptop.factory() as session:
        found = session.get(Student, student)
        assert found is not None and found.class_group_id is not None
        return found.class_group_id


def _texts(laptop: Laptop) -> set[str]:
    """The entries this test wrote (the demo school's behaviour entries left out)."""
    with laptop.factory() as session:
        rows = session.scalars(select(ClassLogEntry).where(ClassLogEntry.deleted.is_(False)))
        return {row.title or row.text for row in rows} - DEMO_TEXTS


def _foreign_entries(laptop: Laptop) -> list[ClassLogEntry]:
    """Entries the laptop holds of courses its user does not teach."""
    with laptop.factory() as session:
        me = session.scalars(select(Staff.id).where(Staff.username == laptop.username)).one()
        return list(
            session.scalars(
                select(ClassLogEntry)
                .join(Course, Course.id == ClassLogEntry.course_id)
                .where(Course.teacher_id != me)
            )
        )


def test_logs_reach_the_tutor_and_stay_out_of_other_teachers_caches(
    laptops: LaptopFactory, school: School
) -> None:
    tutor, teacher, other = laptops("audzinatajs"), laptops("skolotajs1"), laptops("skolotajs2")
    student = school.students[0]
    class_id = _class_of(tutor, student)
    ClassLogs(tutor.factory, tutor.actor).save(
        class_id,
        LogEntry(LogKind.CONVERSATION, DAY, student, title="Sekmes", with_whom="Māte"),
    )
    ClassLogs(teacher.factory, teacher.actor).save(
        class_id,
        LogEntry(
            LogKind.BEHAVIOUR, DAY, student, school.latvian, text="Lieliska runa.", positive=True
        ),
    )
    tutor.sync(), teacher.sync(), other.sync(), tutor.sync()
    assert _texts(tutor) == {"Sekmes", "Lieliska runa."}
    assert _texts(teacher) == {"Lieliska runa."}  # its own course's entry, not the talk
    assert _texts(other) == set()  # teaches the class, not that course
    assert _foreign_entries(teacher) == [] and _foreign_entries(other) == []
    with tutor.factory() as session:  # the demo school's behaviour entries reach the tutor
        assert session.scalars(
            select(ClassLogEntry).where(ClassLogEntry.text.in_(DEMO_TEXTS))
        ).first()
    [entry] = [
        found
        for found in ClassLogs(tutor.factory, tutor.actor).entries(class_id, LogKind.BEHAVIOUR)
        if found.entry.text == "Lieliska runa."
    ]
    assert entry.entry.positive is True and entry.course.startswith("Latvie")

    ClassLogs(teacher.factory, teacher.actor).delete(entry.id)
    teacher.sync(), tutor.sync()
    assert _texts(tutor) == {"Sekmes"}


def test_the_server_refuses_a_teachers_conversation(laptops: LaptopFactory, school: School) -> None:
    teacher = laptops("skolotajs1")
    student = school.students[0]
    with teacher.factory.begin() as session:  # past the laptop's own check, as a bad client
        enqueue(
            session,
            "class_log_entry.set",
            {
                "class_log_entry_id": str(uuid.uuid4()),
                "kind": "conversation",
                "class_group_id": str(_class_of(teacher, student)),
                "day": DAY.isoformat(),
                "title": "Sekmes",
                "with_whom": "Māte",
            },
        )
    report = teacher.sync()
    assert report.rejected == 1
    with database(laptops.server.database_url) as session:
        stored = session.scalars(select(ClassLogEntry).where(ClassLogEntry.kind != "behaviour"))
        assert stored.all() == []
