"""Who receives which data (SPEC D1, D2, S5; DOMAIN: roles, personal code) and the audit
trail of changes (SPEC J14): the raw ``/api/v1/sync/pull`` answer and a laptop's cache."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from eklase_desktop.models import (
    SYNCED_TABLES,
    Assessment,
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Guardian,
    Lesson,
    Mark,
    PeriodMark,
    Staff,
    Student,
    cell_id,
)
from tests.integration.laptops import Laptop, LaptopFactory, database
from tests.integration.servers import ServerProcess

STUDENT_PRIVATE = ("personal_code", "phone", "declared_address", "actual_address", "birth_date")
STAFF_PRIVATE = ("personal_code", "phone", "email")
BY_COURSE: dict[str, Any] = {"enrolment": Enrolment, "lesson": Lesson, "period_mark": PeriodMark}
BY_LESSON: dict[str, Any] = {"assessment": Assessment, "attendance": Attendance, "mark": Mark}


# --- helpers ---------------------------------------------------------------------------


def pull_everything(server: ServerProcess, username: str) -> tuple[list[dict[str, Any]], str]:
    """Every row ``username`` receives from a first sync, and the raw answers' text."""
    with httpx.Client(base_url=server.url, timeout=120) as http:
        login = http.post("/api/v1/auth/login", json={"username": username, "password": "demo"})
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        client, cursor = str(uuid.uuid4()), None
        changes: list[dict[str, Any]] = []
        texts: list[str] = []
        while True:
            page = http.post(
                "/api/v1/sync/pull",
                json={"client_id": client, "cursor": cursor, "limit": 5000},
                headers=headers,
            )
            assert page.status_code == 200, page.text
            texts.append(page.text)
            body = page.json()
            changes.extend(body["changes"])
            cursor = body["cursor"]
            if not body["more"]:
                return changes, "\n".join(texts)


def by_table(changes: list[dict[str, Any]]) -> dict[str, dict[uuid.UUID, dict[str, Any]]]:
    tables: dict[str, dict[uuid.UUID, dict[str, Any]]] = {}
    for change in changes:
        tables.setdefault(change["table"], {})[uuid.UUID(change["id"])] = change["data"]
    return tables


def staff_id(session: Session, username: str) -> uuid.UUID:
    return session.scalars(select(Staff.id).where(Staff.username == username)).one()


def courses_of(session: Session, me: uuid.UUID, classes: set[uuid.UUID]) -> set[uuid.UUID]:
    """What a member of staff's work needs: the courses taught, accompanied or substituted in
    (SPEC J4), and for the classes tutored every course of the class and of its students
    (their absences are the tutor's to justify, SPEC T2)."""
    substituted = select(Lesson.course_id).where(Lesson.taught_by_id == me)
    of_pupils = (
        select(Enrolment.course_id)
        .join(Student, Student.id == Enrolment.student_id)
        .where(Student.class_group_id.in_(classes))
    )
    condition = or_(
        Course.teacher_id == me,
        Course.concertmaster_id == me,
        Course.id.in_(substituted),
        Course.class_group_id.in_(classes),
        Course.id.in_(of_pupils),
    )
    return set(session.scalars(select(Course.id).where(condition)))


def students_of(session: Session, courses: set[uuid.UUID]) -> set[uuid.UUID]:
    return set(
        session.scalars(select(Enrolment.student_id).where(Enrolment.course_id.in_(courses)))
    )


def rows_in_courses(session: Session, courses: set[uuid.UUID]) -> dict[str, set[uuid.UUID]]:
    """Ids of every course-bound row of ``courses``, table by table."""
    rows = {
        table: set(session.scalars(select(model.id).where(model.course_id.in_(courses))))
        for table, model in BY_COURSE.items()
    }
    lessons = select(Lesson.id).where(Lesson.course_id.in_(courses))
    for table, model in BY_LESSON.items():
        rows[table] = set(session.scalars(select(model.id).where(model.lesson_id.in_(lessons))))
    return rows


def secrets_in(session: Session, students: set[uuid.UUID] | None = None) -> set[str]:
    """Personal codes, phones, e-mails and addresses of students (all, or ``students``),
    of their guardians and of all staff: texts that must not leave the server."""
    student_query = select(
        Student.personal_code, Student.phone, Student.declared_address, Student.actual_address
    )
    guardian_query = select(Guardian.phone)
    if students is not None:
        student_query = student_query.where(Student.id.in_(students))
        guardian_query = guardian_query.where(Guardian.student_id.in_(students))
    values: set[str | None] = set()
    for student in session.execute(student_query):
        values.update(student)
    values.update(session.scalars(guardian_query))
    for member in session.execute(select(Staff.personal_code, Staff.phone, Staff.email)):
        values.update(member)
    return {value for value in values if value}


def leaked_into(text: str, secrets: set[str]) -> list[str]:
    """The ``secrets`` found in a JSON answer's ``text`` (raw or \\u-escaped)."""
    return sorted(value for value in secrets if value in text or json.dumps(value)[1:-1] in text)


def cache_bytes(laptop: Laptop) -> bytes:
    """The laptop's cache file with its journal files, as on disk."""
    files = [laptop.path, *laptop.path.parent.glob(laptop.path.name + "-*")]
    return b"".join(Path(path).read_bytes() for path in files if Path(path).exists())


def cache_ids(laptop: Laptop, model: Any) -> set[uuid.UUID]:
    with laptop.factory() as session:
        return set(session.scalars(select(model.id)))


def assert_scope(
    tables: dict[str, dict[uuid.UUID, dict[str, Any]]],
    session: Session,
    courses: set[uuid.UUID],
    students: set[uuid.UUID],
) -> None:
    """Exactly the courses, students and course rows the user's work needs."""
    assert set(tables["course"]) == courses
    assert set(tables["student"]) == students
    expected = rows_in_courses(session, courses)
    for table, ids in expected.items():
        assert set(tables.get(table, {})) == ids, table
    assert expected["mark"] and expected["attendance"] and expected["lesson"]


# --- subject teachers ------------------------------------------------------------------


def test_subject_teachers_receive_names_and_marks_only(server: ServerProcess) -> None:
    for username in ("skolotajs1", "skolotajs2"):
        check_subject_teacher(server, username)


def check_subject_teacher(server: ServerProcess, username: str) -> None:
    changes, text = pull_everything(server, username)
    tables = by_table(changes)
    with database(server.database_url) as session:
        me = staff_id(session, username)
        courses = courses_of(session, me, set())
        assert courses == set(session.scalars(select(Course.id).where(Course.teacher_id == me)))
        students = students_of(session, courses)
        assert_scope(tables, session, courses, students)
        names = dict(
            session.execute(
                select(Student.id, Student.last_name).where(Student.id.in_(students))
            ).all()
        )
        secrets = secrets_in(session)
        staff_count = session.scalar(select(func.count()).select_from(Staff))

    # Never another teacher's course.
    assert all(course["teacher_id"] == str(me) for course in tables["course"].values())
    # Names of the students, nothing private of them.
    for student_id, data in tables["student"].items():
        assert data["last_name"] == names[student_id] and data["first_name"]
        assert not set(STUDENT_PRIVATE) & set(data), data
    # Staff by name only, every one of them (the journal shows who entered what).
    assert len(tables["staff"]) == staff_count
    for data in tables["staff"].values():
        assert data["first_name"] and data["last_name"]
        assert not set(STAFF_PRIVATE) & set(data), data
    assert "guardian" not in tables
    assert leaked_into(text, secrets) == []


def test_a_subject_teachers_laptop_holds_no_personal_data(
    server: ServerProcess, laptops: LaptopFactory
) -> None:
    laptop = laptops("skolotajs1")
    with database(server.database_url) as session:
        me = staff_id(session, "skolotajs1")
        courses = courses_of(session, me, set())
        students = students_of(session, courses)
        expected = rows_in_courses(session, courses)
        secrets = secrets_in(session)
    assert cache_ids(laptop, Course) == courses
    assert cache_ids(laptop, Student) == students
    for table, model in {**BY_COURSE, **BY_LESSON}.items():
        assert cache_ids(laptop, model) == expected[table], table
    with laptop.factory() as session:
        assert session.scalar(select(func.count()).select_from(Guardian)) == 0
        for column in STUDENT_PRIVATE:
            filled = session.scalar(
                select(func.count()).where(getattr(Student, column).is_not(None))
            )
            assert filled == 0, column
        for column in STAFF_PRIVATE:
            filled = session.scalar(select(func.count()).where(getattr(Staff, column).is_not(None)))
            assert filled == 0, column
    # What the app shows: the teacher's own journals, with the students' names.
    names = [course.name for course in laptop.reader.courses()]
    assert len(names) == len(courses)
    assert all(name.startswith(("Latviešu valoda", "Literatūra")) for name in names), names
    journal = laptop.reader.open_journal(next(iter(courses)))
    assert journal.students and all(row.name.strip() for row in journal.students)
    raw = cache_bytes(laptop)
    leaked = sorted(value for value in secrets if value.encode() in raw)
    assert leaked == []


# --- the class tutor -------------------------------------------------------------------


def test_the_tutor_receives_the_class_with_phones_and_guardians(
    server: ServerProcess, laptops: LaptopFactory
) -> None:
    changes, text = pull_everything(server, "audzinatajs")
    tables = by_table(changes)
    laptop = laptops("audzinatajs")
    with database(server.database_url) as session:
        me = staff_id(session, "audzinatajs")
        class_7a = session.scalars(select(ClassGroup.id).where(ClassGroup.name == "7.a")).one()
        assert set(session.scalars(select(ClassGroup.id).where(ClassGroup.tutor_id == me))) == {
            class_7a
        }
        courses = courses_of(session, me, {class_7a})
        of_7a = set(session.scalars(select(Course.id).where(Course.class_group_id == class_7a)))
        assert of_7a <= courses and len(of_7a) > 5
        taught = set(session.scalars(select(Course.id).where(Course.teacher_id == me)))
        pupils = dict(
            session.execute(
                select(Student.id, Student.phone).where(Student.class_group_id == class_7a)
            ).all()
        )
        # The tutor also teaches history in other classes: those students' names only.
        students = set(pupils) | students_of(session, courses)
        guardians = dict(
            session.execute(
                select(Guardian.id, Guardian.phone).where(Guardian.student_id.in_(pupils))
            ).all()
        )
        assert_scope(tables, session, courses, students)
        outside = set(session.scalars(select(Student.id))) - students
        codes = {code for code in session.scalars(select(Student.personal_code)) if code}
        # Everything private but the phones of 7.a and of its guardians.
        others = secrets_in(session) - {p for p in [*pupils.values(), *guardians.values()] if p}
    assert of_7a | taught <= courses and outside and guardians

    # 7.a with phones, no personal codes, addresses or birth dates.
    for student_id, phone in pupils.items():
        data = tables["student"][student_id]
        assert data["phone"] == phone
        assert not {"personal_code", "declared_address", "actual_address", "birth_date"} & set(data)
    assert any(pupils.values())
    # Students of other classes: names only, no phones, no guardians.
    for student_id in students - set(pupils):
        assert not set(STUDENT_PRIVATE) & set(tables["student"][student_id])
    assert {gid: data["phone"] for gid, data in tables["guardian"].items()} == guardians
    for data in tables["staff"].values():
        assert not set(STAFF_PRIVATE) & set(data)
    assert leaked_into(text, others | codes) == []

    # The laptop holds the same, and the app shows the class's journals.
    assert cache_ids(laptop, Student) == students
    assert cache_ids(laptop, Course) == courses
    with laptop.factory() as session:
        assert dict(session.execute(select(Guardian.id, Guardian.phone)).all()) == guardians
        phones = dict(session.execute(select(Student.id, Student.phone)).all())
        assert {sid: phones[sid] for sid in pupils} == pupils
        assert not any(phones[sid] for sid in students - set(pupils))
        assert (
            session.scalar(
                select(func.count()).where(
                    or_(
                        Student.personal_code.is_not(None),
                        Student.birth_date.is_not(None),
                        Student.declared_address.is_not(None),
                        Student.actual_address.is_not(None),
                    )
                )
            )
            == 0
        )
    raw = cache_bytes(laptop)
    assert sorted(value for value in others | codes if value.encode() in raw) == []


# --- the deputy director ---------------------------------------------------------------


def test_the_deputy_receives_everything(server: ServerProcess, laptops: LaptopFactory) -> None:
    changes, _text = pull_everything(server, "vietnieks")
    tables = by_table(changes)
    with database(server.database_url) as session:
        for table, model in SYNCED_TABLES.items():
            ids = set(session.scalars(select(model.id)))
            assert set(tables.get(table, {})) == ids, table
        students = {row.id: row for row in session.scalars(select(Student)) if row.personal_code}
        staff = {row.id: row for row in session.scalars(select(Staff))}
        guardians = dict(session.execute(select(Guardian.id, Guardian.phone)).all())
    assert students and guardians
    for student_id, student in students.items():
        data = tables["student"][student_id]
        assert data["personal_code"] == student.personal_code
        assert data["declared_address"] == student.declared_address
        assert data["birth_date"] == (
            student.birth_date.isoformat() if student.birth_date else None
        )
    for member_id, member in staff.items():
        data = tables["staff"][member_id]
        assert (data["personal_code"], data["phone"], data["email"]) == (
            member.personal_code,
            member.phone,
            member.email,
        )
    assert {gid: data["phone"] for gid, data in tables["guardian"].items()} == guardians

    laptop = laptops("vietnieks")
    codes = {sid: student.personal_code for sid, student in students.items()}
    with laptop.factory() as session:
        assert dict(session.execute(select(Student.id, Student.personal_code)).all()) == codes
        assert dict(session.execute(select(Guardian.id, Guardian.phone)).all()) == guardians
        assert set(session.scalars(select(Staff.personal_code))) == {
            member.personal_code for member in staff.values()
        }
        assert session.scalar(select(func.count()).select_from(Mark)) == len(tables["mark"])


# --- the audit trail (SPEC J14) --------------------------------------------------------


def audit(server: ServerProcess, *args: str) -> str:
    command = [sys.executable, "-m", "eklase_server", "--database-url", server.database_url]
    done = subprocess.run([*command, "audit", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def audit_line(username: str, field: str, old: str | None, new: str | None) -> re.Pattern[str]:
    """A line of ``audit``: time, user, device, action, table.field, old → new, version."""
    return re.compile(
        rf"\b{re.escape(username)}\b.*\b{re.escape(field)}\s+"
        rf"{re.escape(str(old))}\s+→\s+{re.escape(str(new))}(\s|$)",
        re.MULTILINE,
    )


def marked_cells(session: Session, course: str) -> list[tuple[uuid.UUID, uuid.UUID, str, str]]:
    """(lesson, student, surname, mark) of the balles marks of ``course``'s lessons without
    a test, the latest lesson first."""
    course_id = session.scalars(select(Course.id).where(Course.name == course)).one()
    rows = session.execute(
        select(Mark.lesson_id, Mark.student_id, Student.last_name, Mark.value)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(Student, Student.id == Mark.student_id)
        .where(
            Lesson.course_id == course_id,
            Lesson.id.not_in(select(Assessment.lesson_id)),
            Mark.deleted.is_(False),
        )
        .order_by(Lesson.date.desc(), Student.last_name)
    )
    return [(row[0], row[1], row[2], row[3]) for row in rows if row[3].isdigit()]


def push_mark(
    server: ServerProcess,
    username: str,
    lesson: uuid.UUID,
    student: uuid.UUID,
    value: str,
    base: str | None,
) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        login = http.post("/api/v1/auth/login", json={"username": username, "password": "demo"})
        mutation = {
            "seq": 1,
            "name": "mark.set",
            "args": {
                "mark_id": str(cell_id("mark", lesson, student)),
                "lesson_id": str(lesson),
                "student_id": str(student),
                "value": value,
                "base": base,
            },
        }
        push = http.post(
            "/api/v1/sync/push",
            headers={"Authorization": f"Bearer {login.json()['token']}"},
            json={"client_id": str(uuid.uuid4()), "mutations": [mutation]},
        )
    assert push.status_code == 200 and push.json()["results"][0]["status"] == "applied", push.text


def other_mark(value: str, *avoid: str) -> str:
    return next(mark for mark in ("9", "4", "6") if mark != value and mark not in avoid)


def test_the_audit_shows_who_changed_a_mark_and_its_old_value(
    server: ServerProcess, laptops: LaptopFactory
) -> None:
    name = "Latviešu valoda 7.a"
    with database(server.database_url) as session:
        cells = marked_cells(session, name)
        course = session.scalars(select(Course.id).where(Course.name == name)).one()
    lesson, student, surname, old = cells[0]
    other = next(row[2] for row in cells if surname[:4] not in row[2])
    new = other_mark(old)
    teacher = laptops("skolotajs1")
    assert teacher.cell(course, lesson, student).mark == old
    teacher.write(course, lesson, student, new)
    report = teacher.sync()
    assert report.pushed["applied"] == 1 and report.rejected == 0

    changed = audit_line("skolotajs1", "mark.value", old, new)
    by_course = audit(server, "--course", name)
    assert changed.search(by_course), by_course
    by_student = audit(server, "--student", surname)
    assert changed.search(by_student), by_student
    # Another course, another student: not this change.
    assert audit(server, "--course", "Matemātika 7.a").strip() == "no entries"
    assert not changed.search(audit(server, "--student", other))

    # The deputy corrects the mark (SPEC J14): the trail keeps both, each with its author,
    # the oldest first.
    corrected = other_mark(new, old)
    push_mark(server, "vietnieks", lesson, student, corrected, new)
    lines = audit(server, "--student", surname).splitlines()
    first = [i for i, line in enumerate(lines) if changed.search(line)]
    second = [
        i
        for i, line in enumerate(lines)
        if audit_line("vietnieks", "mark.value", new, corrected).search(line)
    ]
    assert len(first) == len(second) == 1 and first[0] < second[0], lines


def test_the_audit_finds_names_in_any_case(server: ServerProcess) -> None:
    """``--student``/``--course`` take part of a name in any case (cli: an ILIKE search),
    Latvian letters too: ``ābele`` finds Ābele and ``LATVIEŠU`` Latviešu valoda."""
    name = "Latviešu valoda 7.a"
    with database(server.database_url) as session:
        # A student whose surname starts with a Latvian capital (Ā, Č, Ē, Ķ, Ļ, Š, Ž …).
        lesson, student, surname, old = next(
            row for row in marked_cells(session, name) if not row[2][0].isascii()
        )
    push_mark(server, "skolotajs1", lesson, student, other_mark(old), old)
    assert "skolotajs1" in audit(server, "--student", surname)
    assert "skolotajs1" in audit(server, "--course", name)
    found = {
        f"--student {text}": "skolotajs1" in audit(server, "--student", text)
        for text in (surname.lower(), surname.upper())
    } | {
        f"--course {text}": "skolotajs1" in audit(server, "--course", text)
        for text in (name.lower(), name.upper())
    }
    assert all(found.values()), found
