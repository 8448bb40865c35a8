"""Shared pieces of the refusal tests: an HTTP client, database snapshots, the demo
school's ids, mutation builders and the server log."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eklase_desktop.models import (
    Assessment,
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    Staff,
    Student,
    cell_id,
)
from eklase_server.db import current_version
from eklase_server.models import AuditEntry, Conflict
from tests.integration.laptops import database
from tests.integration.servers import ServerProcess

LATVIAN_LETTERS = set("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ")


# --- helpers ---------------------------------------------------------------------------


def snapshot(url: str) -> dict[str, Any]:
    """Row counts of the journal tables, the audit log and conflicts, the version counter and
    a digest of every mark, attendance and lesson: equal snapshots mean nothing changed."""
    counted = {
        "lesson": Lesson,
        "mark": Mark,
        "attendance": Attendance,
        "period_mark": PeriodMark,
        "enrolment": Enrolment,
        "audit_entry": AuditEntry,
        "conflict": Conflict,
    }
    with database(url) as session:
        state: dict[str, Any] = {
            name: session.scalar(select(func.count()).select_from(model))
            for name, model in counted.items()
        }
        state["version"] = current_version(session)
        digest = hashlib.sha256()
        for query in (
            select(Mark.id, Mark.value, Mark.deleted, Mark.version).order_by(Mark.id),
            select(
                Attendance.id,
                Attendance.presence,
                Attendance.justification,
                Attendance.deleted,
                Attendance.version,
            ).order_by(Attendance.id),
            select(Lesson.id, Lesson.date, Lesson.topic, Lesson.deleted, Lesson.version).order_by(
                Lesson.id
            ),
            select(PeriodMark.id, PeriodMark.value, PeriodMark.version).order_by(PeriodMark.id),
        ):
            for row in session.execute(query):
                digest.update(repr(tuple(row)).encode())
        state["digest"] = digest.hexdigest()
    return state


class Api:
    """The HTTP API as a laptop (or an attacker) calls it."""

    def __init__(self, server: ServerProcess, source: str = "127.0.0.1") -> None:
        # No keep-alive: after a 500 the server may drop the connection. ``source``: another
        # loopback address is another computer as far as the server can tell.
        self.http = httpx.Client(
            base_url=server.url,
            timeout=120,
            transport=httpx.HTTPTransport(
                local_address=source, limits=httpx.Limits(max_keepalive_connections=0)
            ),
        )

    def close(self) -> None:
        self.http.close()

    def login(self, username: str, password: str = "demo") -> httpx.Response:
        return self.http.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )

    def token(self, username: str) -> str:
        response = self.login(username)
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def post(self, path: str, token: str | None, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.post(path, headers=headers, **kwargs)

    def push(
        self, token: str, mutations: list[dict[str, Any]], client_id: uuid.UUID | None = None
    ) -> httpx.Response:
        body = {"client_id": str(client_id or uuid.uuid4()), "mutations": mutations}
        return self.post("/api/v1/sync/push", token, json=body)

    def results(
        self, token: str, mutations: list[dict[str, Any]], client_id: uuid.UUID | None = None
    ) -> list[dict[str, Any]]:
        response = self.push(token, mutations, client_id)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        assert [r["seq"] for r in results] == [m["seq"] for m in mutations]
        return results

    def pull(self, token: str | None, **body: Any) -> httpx.Response:
        return self.post("/api/v1/sync/pull", token, json={"client_id": str(uuid.uuid4()), **body})


class ServerLog:
    """The server's stderr (a log file): the exceptions behind any 500 explain a failure."""

    def __init__(self, server: ServerProcess) -> None:
        self._server = server

    def errors(self) -> list[str]:
        """The last line of each traceback: the exception."""
        lines = [line for line in self._server.log().splitlines() if line and not line[0].isspace()]
        return [line for line in lines if "Error" in line and "Traceback" not in line]


def mark_set(
    seq: int,
    lesson: uuid.UUID,
    student: uuid.UUID,
    value: str | None,
    *,
    mark_id: uuid.UUID | None = None,
    base: str | None = None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "name": "mark.set",
        "args": {
            "mark_id": str(mark_id or cell_id("mark", lesson, student)),
            "lesson_id": str(lesson),
            "student_id": str(student),
            "value": value,
            "base": base,
        },
    }


def presence_set(
    seq: int,
    lesson: uuid.UUID,
    student: uuid.UUID,
    presence: str,
    *,
    attendance_id: uuid.UUID | None = None,
    base: str = "",
) -> dict[str, Any]:
    return {
        "seq": seq,
        "name": "attendance.set_presence",
        "args": {
            "attendance_id": str(attendance_id or cell_id("attendance", lesson, student)),
            "lesson_id": str(lesson),
            "student_id": str(student),
            "presence": presence,
            "base": base,
        },
    }


def justification_set(
    seq: int, lesson: uuid.UUID, student: uuid.UUID, justification: str, *, base: str = ""
) -> dict[str, Any]:
    return {
        "seq": seq,
        "name": "attendance.set_justification",
        "args": {
            "attendance_id": str(cell_id("attendance", lesson, student)),
            "lesson_id": str(lesson),
            "student_id": str(student),
            "justification": justification,
            "base": base,
        },
    }


def assert_rejected(result: dict[str, Any], label: str, *contains: str) -> None:
    assert result["status"] == "rejected", f"{label}: {result}"
    reason = result["reason"]
    assert isinstance(reason, str) and reason.strip(), f"{label}: no reason in {result}"
    for part in contains:
        assert part in reason, f"{label}: {reason!r} does not say {part!r}"
    assert result["version"] is None and result["conflict_ids"] == [], f"{label}: {result}"


@dataclass(frozen=True)
class School:
    """Ids from the seeded demo school the refusals need."""

    latvian: uuid.UUID  # Latviešu valoda 7.a, skolotajs1
    maths: uuid.UUID  # Matemātika 7.a, skolotajs2
    plain: list[uuid.UUID]  # ordinary Latvian 7.a lessons without a test
    test: uuid.UUID  # a Latvian 7.a lesson with a test (pārbaudes darbs)
    maths_lesson: uuid.UUID
    students: list[uuid.UUID]  # 7.a, by surname
    outsider: uuid.UUID  # a student of 8.a: not in 7.a's courses
    history_8a: uuid.UUID  # a lesson of Vēsture 8.a: audzinatajs teaches it, is not its tutor
    history_8a_student: uuid.UUID
    accompanied: uuid.UUID  # a lesson of a course koncertmeistars accompanies
    accompanied_student: uuid.UUID


def _lessons(session: Session, course: uuid.UUID) -> list[Lesson]:
    return list(
        session.scalars(
            select(Lesson)
            .where(Lesson.course_id == course, Lesson.deleted.is_(False))
            .order_by(Lesson.date, Lesson.number)
        )
    )


def _course(session: Session, name: str) -> Course:
    return session.scalars(select(Course).where(Course.name == name)).one()


def _enrolled(session: Session, course: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(Enrolment.student_id)
            .where(Enrolment.course_id == course, Enrolment.deleted.is_(False))
            .order_by(Enrolment.student_id)
        )
    )


def load_school(url: str) -> School:
    with database(url) as session:
        latvian = _course(session, "Latviešu valoda 7.a")
        maths = _course(session, "Matemātika 7.a")
        tests = set(session.scalars(select(Assessment.lesson_id)))
        lessons = _lessons(session, latvian.id)
        plain = [
            lesson.id
            for lesson in lessons
            if lesson.id not in tests and lesson.lesson_type == "ordinary"
        ]
        test = next(lesson.id for lesson in lessons if lesson.id in tests)
        students = list(
            session.scalars(
                select(Student.id)
                .where(Student.class_group_id == latvian.class_group_id)
                .order_by(Student.last_name, Student.first_name)
            )
        )
        class_8a = session.scalars(select(ClassGroup.id).where(ClassGroup.name == "8.a")).one()
        outsider = session.scalars(
            select(Student.id).where(Student.class_group_id == class_8a)
        ).first()
        history = _course(session, "Vēsture 8.a")
        concertmaster = session.scalars(
            select(Staff.id).where(Staff.username == "koncertmeistars")
        ).one()
        accompanied = session.scalars(
            select(Course).where(Course.concertmaster_id == concertmaster).order_by(Course.name)
        ).first()
        assert outsider is not None and accompanied is not None
        return School(
            latvian=latvian.id,
            maths=maths.id,
            plain=plain,
            test=test,
            maths_lesson=_lessons(session, maths.id)[-1].id,
            students=students,
            outsider=outsider,
            history_8a=_lessons(session, history.id)[-1].id,
            history_8a_student=_enrolled(session, history.id)[0],
            accompanied=_lessons(session, accompanied.id)[-1].id,
            accompanied_student=_enrolled(session, accompanied.id)[0],
        )


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eklase_server", "--database-url", url, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- logins and tokens -----------------------------------------------------------------


def _marked_cell(url: str, school: School) -> tuple[uuid.UUID, uuid.UUID, str]:
    """A lesson of Latvian 7.a without a test and a student with a mark in it."""
    with database(url) as session:
        for lesson in reversed(school.plain):
            for student in school.students:
                mark = session.get(Mark, cell_id("mark", lesson, student))
                if mark is not None and not mark.deleted and mark.value.isdigit():
                    return lesson, student, mark.value
    raise AssertionError("the demo school has no marks in Latvian 7.a")


def _other_mark(value: str) -> str:
    return "9" if value != "9" else "4"
