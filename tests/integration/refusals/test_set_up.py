"""Refusals of the set-up's newer changes against a real server (a review found each of these
open): another school's deputy cannot touch a substitution; the clerk cannot reopen an account
the server's administrator closed; a substitute cannot move a lesson out of the substitution's
days; a student transferred back is in the class's courses again, and the old class's course
can still be changed after a transfer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from eklase_desktop.domain.orders import OrderDetails, OrderKind
from eklase_desktop.models import ClassGroup, Enrolment, School, Staff, Substitution
from eklase_desktop.services.courses import Courses
from eklase_desktop.services.people import People
from eklase_server import auth
from eklase_server.models import Account
from tests.integration.laptops import LaptopFactory, database
from tests.integration.refusals.support import Api, assert_rejected, cli
from tests.integration.refusals.support import School as DemoSchool
from tests.integration.servers import ServerProcess

pytestmark = pytest.mark.today("2026-11-04")
_seqs = itertools.count(1)


def mutation(name: str, **args: Any) -> dict[str, Any]:
    text = {k: str(v) if isinstance(v, uuid.UUID | dt.date) else v for k, v in args.items()}
    return {"seq": next(_seqs), "name": name, "args": text}


def staff_id(url: str, username: str) -> uuid.UUID:
    with database(url) as session:
        return session.scalars(select(Staff.id).where(Staff.username == username)).one()


def test_another_schools_deputy_cannot_touch_a_substitution(
    server: ServerProcess, api: Api, school: DemoSchool
) -> None:
    url = server.database_url
    key = uuid.uuid4()
    days = {"start": dt.date(2026, 11, 4), "end": dt.date(2026, 11, 5)}
    substitute = staff_id(url, "skolotajs13")
    made = mutation("substitution.set", substitution_id=key, course_id=school.latvian,
                    substitute_id=substitute, deleted=False, base=None, **days)  # fmt: skip
    [done] = api.results(api.token("vietnieks"), [made])
    assert done["status"] == "applied"
    with database(url) as session:  # a deputy of the other school of the server
        music = session.scalars(select(School).where(School.kind == "music")).one()
        other = Staff(school_id=music.id, first_name="Otra", last_name="Vietniece",
                      username="vietniece2", roles="deputy")  # fmt: skip
        session.add(other)
        session.flush()
        session.add(Account(username="vietniece2", password_hash=auth.hash_password("demo"),
                            staff_id=other.id, created_at=auth.now()))  # fmt: skip
        session.commit()
    base = {"course_id": str(school.latvian), "substitute_id": str(substitute),
            "start": "2026-11-04", "end": "2026-11-05", "deleted": "false"}  # fmt: skip
    hijack = mutation("substitution.set", substitution_id=key, course_id=school.latvian,
                      substitute_id=substitute, deleted=True, base=base, **days)  # fmt: skip
    [refused] = api.results(api.token("vietniece2"), [hijack])
    assert_rejected(refused, "another school's deputy")
    with database(url) as session:
        row = session.get(Substitution, key)
        assert row is not None and not row.deleted


def test_the_clerk_cannot_reopen_an_account_the_server_closed(
    server: ServerProcess, api: Api
) -> None:
    url = server.database_url
    assert cli(url, "revoke-user", "skolotajs1").returncode == 0
    teacher = staff_id(url, "skolotajs1")
    answer = api.post(
        f"/api/v1/accounts/{teacher}/password", api.token("lietvedis"), json={"delivery": "slip"}
    )
    assert answer.status_code == 403 and "slēgts" in answer.json()["detail"]
    assert api.login("skolotajs1").status_code == 403  # still closed


def test_a_substitute_cannot_move_a_lesson_out_of_the_days(
    server: ServerProcess, api: Api, school: DemoSchool
) -> None:
    url = server.database_url
    substitute = staff_id(url, "skolotajs13")
    named = mutation("substitution.set", substitution_id=uuid.uuid4(), course_id=school.latvian,
                     substitute_id=substitute, start=dt.date(2026, 11, 4),
                     end=dt.date(2026, 11, 5), deleted=False, base=None)  # fmt: skip
    assert api.results(api.token("vietnieks"), [named])[0]["status"] == "applied"
    lesson = uuid.uuid4()
    token = api.token("skolotajs13")
    created = mutation("lesson.create", lesson_id=lesson, course_id=school.latvian,
                       date=dt.date(2026, 11, 4))  # fmt: skip
    assert api.results(token, [created])[0]["status"] == "applied"
    moved = mutation("lesson.update", lesson_id=lesson, changes={"date": "2026-11-20"},
                     base={"date": "2026-11-04"})  # fmt: skip
    [refused] = api.results(token, [moved])
    assert_rejected(refused, "a substitute's lesson moved", "aizvietošanas dienās")


def test_a_student_transferred_back_is_in_the_class_again(
    server: ServerProcess, laptops: LaptopFactory, school: DemoSchool
) -> None:
    student = school.students[2]
    with database(server.database_url) as session:
        eight = session.scalars(select(ClassGroup).where(ClassGroup.name == "8.a")).one()
        seven = session.scalars(select(ClassGroup).where(ClassGroup.name == "7.a")).one()
    office = laptops("vietnieks")
    people = People(office.factory, office.actor)
    people.order(student, OrderDetails(OrderKind.TRANSFER, "1-12/80", dt.date(2026, 11, 2),
                                       eight.id))  # fmt: skip
    people.order(student, OrderDetails(OrderKind.TRANSFER, "1-12/81", dt.date(2026, 11, 4),
                                       seven.id))  # fmt: skip
    # the old class's course can still be changed (the student an order took out stays so)
    courses = Courses(office.factory, office.actor)
    year = courses.years()[0].id
    view = next(v for v in courses.courses(year) if v.id == school.maths)
    courses.save_course(year, school.maths, dataclasses.replace(view.details, weekly_lessons=6))
    pushed = office.sync().pushed
    assert pushed.get("rejected", 0) == 0 and pushed["applied"] == 3
    with database(server.database_url) as session:
        ends = session.scalars(
            select(Enrolment.end).where(
                Enrolment.student_id == student, Enrolment.course_id == school.latvian
            )
        ).all()
    assert ends == [None]  # in Latvian 7.a again


def test_guessing_the_old_password_meets_the_login_brake(api: Api) -> None:
    """SPEC A6 with a stolen token: the old password is guessed no faster than at login."""
    token = api.token("skolotajs1")
    body = {"old_password": "minējums", "new_password": "Jauna parole 2026"}
    answers = [api.post("/api/v1/auth/password", token, json=body) for _ in range(10)]
    assert {a.status_code for a in answers} == {403}
    assert "nav pareiza" in answers[0].json()["detail"]
    braked = api.post("/api/v1/auth/password", token, json={**body, "old_password": "demo"})
    assert braked.status_code == 403 and "Pārāk daudz" in braked.json()["detail"]
    assert api.login("skolotajs1").status_code == 429  # and the login is braked too
