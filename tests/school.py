"""A small hand-made school for service and UI tests (independent of the demo generator).

Class 7.a (tutor Tālivaldis Tūters) with four students, whose names need the Latvian collator;
Matemātika 7.a taught by Anna Ābele (``skolotajs1``) with a test lesson; Latviešu valoda 7.a
taught by Čārlis Celms (``skolotajs2``); a grade-2 course with descriptive marks; a
professional individual course of the music school.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.school_year import DEFAULT_SCHOOL_YEARS
from eklase_desktop.models import (
    Assessment,
    ClassGroup,
    Course,
    Enrolment,
    HolidayPeriod,
    Lesson,
    School,
    SchoolYear,
    Semester,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.services.actor import Actor, load_actor

LESSON_DAYS = (dt.date(2026, 9, 1), dt.date(2026, 9, 3), dt.date(2026, 9, 8), dt.date(2026, 9, 10))
TEST_DAY = dt.date(2026, 9, 15)
# In journal order (Latvian collation: Ā after A, Č after C, Š after S).
STUDENT_NAMES = (("Alise", "Apinīte"), ("Ēriks", "Āboliņš"), ("Jānis", "Čakste"), ("Līga", "Šmite"))


NO_ID = uuid.UUID(int=0)


@dataclass
class SmallSchool:
    factory: sessionmaker[Session]
    year_id: uuid.UUID = NO_ID
    class_id: uuid.UUID = NO_ID
    maths: uuid.UUID = NO_ID
    latvian: uuid.UUID = NO_ID
    grade2: uuid.UUID = NO_ID
    piano: uuid.UUID = NO_ID
    students: list[uuid.UUID] = field(default_factory=list)
    maths_lessons: list[uuid.UUID] = field(default_factory=list)
    maths_test: uuid.UUID = NO_ID

    def actor(self, username: str) -> Actor:
        return load_actor(self.factory, username)


def _year(session: Session, school: School) -> SchoolYear:
    rules = DEFAULT_SCHOOL_YEARS[1]
    year = SchoolYear(
        school_id=school.id,
        name=rules.name,
        first_day=rules.first_day,
        last_day=rules.last_day,
        year_mark_deadline=rules.year_mark_deadline,
        draft=rules.draft,
    )
    session.add(year)
    session.flush()
    for semester in rules.semesters:
        session.add(
            Semester(
                school_year_id=year.id,
                number=semester.number,
                start=semester.start,
                end=semester.end,
                mark_deadline=semester.mark_deadline,
            )
        )
    for holiday in rules.holidays:
        session.add(
            HolidayPeriod(
                school_year_id=year.id, name=holiday.name, start=holiday.start, end=holiday.end
            )
        )
    return year


def _staff(
    session: Session, school: School, first: str, last: str, username: str, roles: str
) -> Staff:
    person = Staff(
        school_id=school.id, first_name=first, last_name=last, username=username, roles=roles
    )
    session.add(person)
    return person


def _course(
    session: Session,
    year: SchoolYear,
    subject: Subject,
    group: ClassGroup | None,
    teacher: Staff,
    name: str,
    kind: str = "class",
    descriptive: bool = False,
) -> Course:
    course = Course(
        school_year_id=year.id,
        subject_id=subject.id,
        class_group_id=group.id if group else None,
        name=name,
        kind=kind,
        teacher_id=teacher.id,
        descriptive=descriptive,
    )
    session.add(course)
    session.flush()
    return course


def build_small_school(factory: sessionmaker[Session]) -> SmallSchool:
    result = SmallSchool(factory)
    with factory.begin() as session:
        school = School(name="Testa vidusskola", kind="general")
        session.add(school)
        session.flush()
        year = _year(session, school)
        teacher1 = _staff(session, school, "Anna", "Ābele", "skolotajs1", "teacher")
        teacher2 = _staff(session, school, "Čārlis", "Celms", "skolotajs2", "teacher")
        tutor = _staff(session, school, "Tālivaldis", "Tūters", "audzinatajs", "teacher,tutor")
        _staff(session, school, "Vita", "Vietniece", "vietnieks", "deputy,teacher")
        session.flush()
        group = ClassGroup(school_year_id=year.id, name="7.a", grade=7, tutor_id=tutor.id)
        small = ClassGroup(school_year_id=year.id, name="2.a", grade=2, tutor_id=tutor.id)
        session.add_all([group, small])
        maths_subject = Subject(school_id=school.id, name="Matemātika", kind="general")
        latvian_subject = Subject(school_id=school.id, name="Latviešu valoda", kind="general")
        piano_subject = Subject(school_id=school.id, name="Klavierspēle", kind="professional")
        session.add_all([maths_subject, latvian_subject, piano_subject])
        session.flush()
        maths = _course(session, year, maths_subject, group, teacher1, "Matemātika 7.a")
        latvian = _course(session, year, latvian_subject, group, teacher2, "Latviešu valoda 7.a")
        grade2 = _course(
            session, year, maths_subject, small, teacher1, "Matemātika 2.a", descriptive=True
        )
        piano = _course(
            session,
            year,
            piano_subject,
            None,
            teacher1,
            "Klavierspēle — Līga Šmite",
            kind="individual",
        )
        for first, last in reversed(STUDENT_NAMES):
            student = Student(
                school_id=school.id, class_group_id=group.id, first_name=first, last_name=last
            )
            session.add(student)
            session.flush()
            result.students.insert(0, student.id)
            for course in (maths, latvian, grade2):
                session.add(
                    Enrolment(course_id=course.id, student_id=student.id, start=dt.date(2026, 9, 1))
                )
        session.add(
            Enrolment(course_id=piano.id, student_id=result.students[-1], start=dt.date(2026, 9, 1))
        )
        for course in (maths, latvian, grade2, piano):
            for day in LESSON_DAYS:
                lesson = Lesson(course_id=course.id, date=day, topic=f"Tēma {day:%d.%m.}")
                session.add(lesson)
                session.flush()
                if course is maths:
                    result.maths_lessons.append(lesson.id)
        test = Lesson(course_id=maths.id, date=TEST_DAY, topic="Pārbaudes darbs: daļskaitļi")
        session.add(test)
        session.flush()
        session.add(Assessment(lesson_id=test.id, kind="test", topic="Daļskaitļi"))
        result.maths_lessons.append(test.id)
        result.maths_test = test.id
        result.year_id, result.class_id = year.id, group.id
        result.maths, result.latvian, result.grade2, result.piano = (
            maths.id,
            latvian.id,
            grade2.id,
            piano.id,
        )
    return result


def add_staff(
    factory: sessionmaker[Session], username: str, roles: str, first: str, last: str
) -> uuid.UUID:
    """Another member of staff of the school (a director, a clerk) for a test."""
    key = uuid.uuid4()
    with factory.begin() as session:
        home = session.scalars(select(School.id)).one()
        session.add(
            Staff(
                id=key, school_id=home, first_name=first, last_name=last, username=username,
                roles=roles,
            )
        )  # fmt: skip
    return key


def build_empty_school(factory: sessionmaker[Session]) -> None:
    """A school as ``eklase-server init-db --school`` and ``create-user`` leave it: no year,
    no class, only its deputy director (``vietnieks``) and its clerk (``lietvedis``)."""
    with factory.begin() as session:
        school = School(name="Ozolkalna vidusskola", kind="general")
        session.add(school)
        session.flush()
        _staff(session, school, "Vita", "Vietniece", "vietnieks", "deputy,teacher")
        _staff(session, school, "Laura", "Lietvede", "lietvedis", "clerk")
