"""Mājas darbu žurnāls (SPEC J17) from the demo school, read back with pdftotext: every
lesson's homework of the class's courses in the week, by day, as a student reads it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.report_period import range_period
from eklase_desktop.models import Course, Lesson
from eklase_desktop.services.actor import Actor, load_actor
from eklase_desktop.services.reporting import ReportKind, ReportRequest, build_report
from eklase_desktop.services.reporting.common import PeriodChoice
from tests.pdf import rendered
from tests.unit.reports.support import class_id

WEEK = PeriodChoice.of(range_period(dt.date(2026, 10, 19), dt.date(2026, 10, 23)))


def test_a_classs_homework_by_day(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    klass = class_id(demo, "7.a")
    request = ReportRequest(ReportKind.HOMEWORK, WEEK, (klass,))
    text = "\n".join(rendered(build_report(demo, deputy, request), tmp_path))
    with demo() as session:
        homework = session.scalars(
            select(Lesson.homework)
            .join(Course, Course.id == Lesson.course_id)
            .where(
                Course.class_group_id == klass,
                Lesson.date.between(dt.date(2026, 10, 19), dt.date(2026, 10, 23)),
                Lesson.homework != "",
                Lesson.deleted.is_(False),
            )
        ).all()
    assert homework
    flat = " ".join(text.split())
    for task in homework:
        assert " ".join(task.split())[:30] in flat
    days = ["pirmdiena, 19.10.2026.", "otrdiena, 20.10.2026.", "piektdiena, 23.10.2026."]
    positions = [text.index(day) for day in days]
    assert positions == sorted(positions)  # by day, as a student reads it


def test_only_the_classs_readers_print_it(demo: sessionmaker[Session]) -> None:
    request = ReportRequest(ReportKind.HOMEWORK, WEEK, (class_id(demo, "9.a"),))
    with pytest.raises(PermissionDenied):
        build_report(demo, load_actor(demo, "skolotajs2"), request)
    tutor = load_actor(demo, "audzinatajs")
    own = ReportRequest(ReportKind.HOMEWORK, WEEK, (class_id(demo, "7.a"),))
    assert build_report(demo, tutor, own).title == "Mājas darbu žurnāls"
