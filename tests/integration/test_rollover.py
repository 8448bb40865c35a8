"""The year rollover against a real server (SPEC Y1): the music school's example imported on
the deputy's laptop, then the next year made there; the server takes every change of it,
and once the new year has begun refuses a change to the old year's journals."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eklase_desktop.models import ClassGroup, Course, SchoolYear, Student, StudentOrder
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.rollover import Rollover
from eklase_desktop.services.school_import import SchoolImport
from tests.integration.laptops import database, push_one
from tests.integration.servers import ServerProcess
from tests.integration.test_first_day import Laptop
from tests.integration.test_school_import import EXAMPLES, new_server

pytestmark = pytest.mark.today("2027-06-15")


def test_the_next_year_of_the_music_school(empty_database_url: str, tmp_path: Path) -> None:
    url = empty_database_url
    new_server(url)
    server = ServerProcess(url).start()
    try:
        deputy = Laptop(tmp_path / "deputy.sqlite", server, "vietniece", "sākums-2026")
        importer = SchoolImport(deputy.factory, load_actor(deputy.factory, "vietniece"))
        importer.run(importer.read(EXAMPLES / "muzikas-skola.xlsx"))
        assert deputy.engine.sync().pushed.get("rejected", 0) == 0
        rollover = Rollover(deputy.factory, load_actor(deputy.factory, "vietniece"))
        plan = rollover.plan()
        assert [s.graduates for s in plan.classes].count(True) == 1  # the 8. kurss
        rollover.run(plan, "1-12/120")
        pushed = deputy.engine.sync().pushed
        assert pushed.get("rejected", 0) == 0 and pushed["applied"] > 120
        with database(url) as session:
            new_year = session.scalars(
                select(SchoolYear).where(SchoolYear.name == "2027./2028.")
            ).one()
            classes = session.scalars(
                select(ClassGroup.name).where(ClassGroup.school_year_id == new_year.id)
            ).all()
            assert sorted(classes) == [f"{n}. kurss" for n in range(2, 9)]
            orders = session.scalars(select(StudentOrder.kind)).all()
            assert orders.count("graduation") == 15 and orders.count("promotion") == 105
            copied = session.scalar(
                select(func.count()).where(Course.school_year_id == new_year.id)
            )
            assert copied and copied > 100
            left = session.scalar(select(func.count()).where(Student.left_on.is_not(None)))
            assert left == 15
            old_course = session.scalars(
                select(Course).where(Course.school_year_id != new_year.id)
            ).first()
            assert old_course is not None
        # in September the old year's journals take no change
        server.kill()
        server = ServerProcess(url, port=server.port).start(EKLASE_TODAY="2027-09-02")
        deputy.client.login("vietniece", "sākums-2026")
        lesson = {
            "lesson_id": str(uuid.uuid4()),
            "course_id": str(old_course.id),
            "date": dt.date(2027, 5, 20).isoformat(),
        }
        result = push_one(deputy.client, "lesson.create", lesson)
        assert result.status == "rejected" and "noslēgts" in (result.reason or "")
    finally:
        server.kill()
