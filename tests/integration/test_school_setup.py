"""The school's set-up through a real server (SPEC C1; DOMAIN: school set-up): what the
deputy sets up offline reaches every laptop; the server checks it again (a teacher may not,
a name taken on another laptop meanwhile is refused, a marked day keeps its semester); two
edits of one class merge field by field with a review entry for the replaced value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import (
    ClassDetails,
    GuardianDetails,
    StaffDetails,
    StudentDetails,
    SubjectDetails,
)
from eklase_desktop.domain.school_year import year_texts
from eklase_desktop.models import (
    ClassGroup,
    Enrolment,
    Guardian,
    HolidayPeriod,
    RejectedChange,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.services.courses import Courses
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.people import People
from eklase_desktop.services.sync_status import conflicts, resolve_conflict
from eklase_desktop.sync.mutation_args import SchoolYearSetArgs, SemesterArgs
from eklase_server.models import Conflict
from tests.integration.laptops import Laptop, LaptopFactory, database
from tests.integration.refusals.support import School

# What these check happens on the laptop or in code both databases share (refusals, merges,
# what a laptop keeps): SQLite only, to keep the suite's time; the set-up's SQL (marked days,
# enrolments, scopes, the first day) runs on PostgreSQL too.
LAPTOP_SIDE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _setup(laptop: Laptop) -> People:
    return People(laptop.factory, laptop.actor)


def _reasons(laptop: Laptop) -> list[str]:
    with laptop.factory() as session:
        return list(session.scalars(select(RejectedChange.reason)))


def test_what_the_deputy_sets_up_reaches_a_teacher(laptops: LaptopFactory) -> None:
    deputy, teacher = laptops("vietnieks"), laptops("skolotajs1")
    setup = _setup(deputy)
    year = setup.years()[0]
    tutor = next(key for key, name in setup.staff() if name.startswith("Krūmiņa"))
    class_id = setup.save_class(year.id, None, ClassDetails("9.z", 9), tutor)
    setup.save_subject(None, SubjectDetails("Kompozīcija", "Komp.", SubjectKind.THEORY))
    holidays = year.rules.holidays[:2]
    setup.save_year(year.id, dataclasses.replace(year.rules, holidays=holidays))
    assert deputy.sync().pushed["applied"] == 3
    teacher.sync()
    with teacher.factory() as session:
        group = session.get(ClassGroup, class_id)
        assert group is not None and (group.name, group.tutor_id) == ("9.z", tutor)
        assert session.scalars(
            select(Subject.short_name).where(Subject.name == "Kompozīcija")
        ).one()
        live = session.scalars(
            select(HolidayPeriod.name).where(
                HolidayPeriod.school_year_id == year.id, HolidayPeriod.deleted.is_(False)
            )
        ).all()
        assert sorted(live) == sorted(h.name for h in holidays)


@LAPTOP_SIDE
def test_a_teacher_may_not_set_up_the_school(laptops: LaptopFactory, school: School) -> None:
    teacher = laptops("skolotajs1")
    with teacher.factory.begin() as session:  # past the laptop's own check, as a bad client
        enqueue(
            session,
            "subject.set",
            {"subject_id": "8c9a2f1e-0000-4000-8000-000000000001", "name": "Šahs"},
        )
    assert teacher.sync().rejected == 1
    assert _reasons(teacher) == ["Jums nav tiesību mainīt: mācību priekšmeti."]
    with database(laptops.server.database_url) as session:
        assert session.scalars(select(Subject).where(Subject.name == "Šahs")).first() is None


@LAPTOP_SIDE
def test_a_class_name_taken_meanwhile_is_refused(laptops: LaptopFactory) -> None:
    deputy, clerk = laptops("vietnieks"), laptops("lietvedis")
    year = _setup(deputy).years()[0].id
    _setup(deputy).save_class(year, None, ClassDetails("12.x", 12), None)
    _setup(clerk).save_class(year, None, ClassDetails("12.X", 12), None)  # offline, both
    assert deputy.sync().pushed["applied"] == 1
    assert clerk.sync().rejected == 1
    assert _reasons(clerk) == ["Klase «12.X» šajā mācību gadā jau ir."]
    clerk.sync()
    with clerk.factory() as session:  # the refused row left the clerk's cache
        names = session.scalars(
            select(ClassGroup.name).where(
                ClassGroup.name.in_(["12.x", "12.X"]), ClassGroup.deleted.is_(False)
            )
        )
        assert list(names) == ["12.x"]


@LAPTOP_SIDE
def test_two_edits_of_a_class_merge_and_keep_the_replaced_value(laptops: LaptopFactory) -> None:
    deputy, clerk = laptops("vietnieks"), laptops("lietvedis")
    setup = _setup(deputy)
    year = setup.years()[0].id
    class_id = setup.save_class(year, None, ClassDetails("11.x", 11), None)
    deputy.sync(), clerk.sync()
    setup.save_class(year, class_id, ClassDetails("11.x", 11, programme="Vispārējā"), None)
    _setup(clerk).save_class(year, class_id, ClassDetails("11.y", 11, programme="Cita"), None)
    deputy.sync(), clerk.sync(), deputy.sync()
    with database(laptops.server.database_url) as session:
        group = session.get(ClassGroup, class_id)
        assert group is not None and (group.name, group.programme) == ("11.y", "Cita")
        [review] = session.scalars(select(Conflict).where(Conflict.row_id == class_id))
        assert (review.kind, review.field, review.theirs) == ("review", "programme", "Vispārējā")


def test_the_server_keeps_marked_days_in_their_semester(laptops: LaptopFactory) -> None:
    deputy = laptops("vietnieks")
    year = _setup(deputy).years()[0]
    first, second = year.rules.semesters
    args = SchoolYearSetArgs(
        school_year_id=year.id,
        name=year.rules.name,
        first_day=year.rules.first_day,
        last_day=year.rules.last_day,
        year_mark_deadline=year.rules.year_mark_deadline,
        semesters=[
            SemesterArgs(
                number=1,
                start=first.start,
                end=dt.date(2026, 9, 30),
                mark_deadline=first.mark_deadline,
            ),
            SemesterArgs(
                number=2,
                start=dt.date(2026, 10, 1),
                end=second.end,
                mark_deadline=second.mark_deadline,
            ),
        ],
        holidays=[],
        base=year_texts(year.rules),
    )
    with deputy.factory.begin() as session:  # as a laptop that has not seen October's marks
        enqueue(session, "school_year.set", args.model_dump(mode="json"))
    assert deputy.sync().rejected == 1
    [reason] = _reasons(deputy)
    assert reason.startswith("Dienā 01.10.2026. jau ir vērtējumi")
    assert _setup(deputy).years()[0].rules == year.rules


@LAPTOP_SIDE
def test_a_staff_card_reaches_everyone_its_personal_data_only_the_office(
    laptops: LaptopFactory,
) -> None:
    deputy, clerk, teacher = laptops("vietnieks"), laptops("lietvedis"), laptops("skolotajs1")
    card = StaffDetails("Līga", "Krūmiņa", frozenset({Role.TEACHER}), "32568912345", "29123456")
    new = _setup(deputy).save_staff(None, card)
    refused = _setup(clerk).save_staff(None, dataclasses.replace(card, personal_code=""))
    with clerk.factory.begin() as session:  # past the laptop's check, as an older laptop
        enqueue(
            session,
            "staff.set",
            {"staff_id": str(refused), "first_name": "Ilze", "last_name": "Kalna",
             "roles": ["teacher", "deputy"]},
        )  # fmt: skip
    assert deputy.sync().pushed["applied"] == 1
    clerk.sync()
    [reason] = _reasons(clerk)
    assert reason == "Lomu «Direktora vietnieks mācību darbā» piešķir tikai direktora vietnieks."
    teacher.sync()
    with database(laptops.server.database_url) as session:
        first = session.get(Staff, new)
        second = session.get(Staff, refused)
        assert first is not None and first.personal_code == "325689-12345"
        assert second is not None and second.username == "liga.krumina2"  # a digit on a clash
    with clerk.factory() as session:  # the server's login name replaced the laptop's
        mine = session.get(Staff, refused)
        assert mine is not None and mine.username == "liga.krumina2"
    with teacher.factory() as session:
        seen = session.get(Staff, new)
        assert seen is not None and seen.first_name == "Līga"
        assert (seen.personal_code, seen.phone) == (None, None)  # SPEC D2


def test_a_new_student_reaches_the_teachers_of_the_class_courses(
    laptops: LaptopFactory, school: School
) -> None:
    clerk, teacher = laptops("lietvedis"), laptops("skolotajs1")  # teaches Latviešu valoda 7.a
    with clerk.factory() as session:
        klass = session.scalars(
            select(Student.class_group_id).where(Student.id == school.students[0])
        ).one()
    mother = GuardianDetails(uuid.uuid4(), "Inese", "Ozola", "29000001")
    card = StudentDetails(
        "Pēteris", "Ozols", "32010101002", klass, guardians=(mother,),
        admission_order="12-p", admitted_on=dt.date(2026, 11, 2),
    )  # fmt: skip
    new = People(clerk.factory, clerk.actor).save_student(None, card)
    assert clerk.sync().pushed["applied"] == 1
    teacher.sync()
    journal = teacher.reader.open_journal(school.latvian)
    assert new in [student.id for student in journal.students]
    with teacher.factory() as session:
        seen = session.get(Student, new)
        assert seen is not None and seen.personal_code is None  # SPEC D2
        assert session.get(Guardian, mother.id) is None  # parents are the class's
    with database(laptops.server.database_url) as session:
        stored = session.get(Student, new)
        assert stored is not None and stored.admission_order == "12-p"
        assert session.get(Guardian, mother.id) is not None


@LAPTOP_SIDE
def test_a_refused_student_leaves_nothing_of_it_on_the_laptop(
    laptops: LaptopFactory, school: School
) -> None:
    deputy, clerk = laptops("vietnieks"), laptops("lietvedis")
    with clerk.factory() as session:
        klass = session.scalars(
            select(Student.class_group_id).where(Student.id == school.students[0])
        ).one()
    card = StudentDetails("Pēteris", "Ozols", "32010101005", klass)
    People(deputy.factory, deputy.actor).save_student(None, card)
    twin = People(clerk.factory, clerk.actor).save_student(None, card)  # offline, the same child
    with clerk.factory() as session:
        assert session.scalars(select(Enrolment).where(Enrolment.student_id == twin)).all()
    deputy.sync()
    assert clerk.sync().rejected == 1
    assert _reasons(clerk) == ["Skolēns ar šo personas kodu jau ir."]
    with clerk.factory() as session:  # the server's copy, taken afresh: no twin, no enrolments
        assert session.get(Student, twin) is None
        assert session.scalars(select(Enrolment).where(Enrolment.student_id == twin)).all() == []
        kept = session.scalars(select(Student).where(Student.personal_code == "320101-01005"))
        assert len(kept.all()) == 1
    assert clerk.sync().pulled == 0  # and it syncs on as usual


@LAPTOP_SIDE
def test_a_course_naming_what_is_not_there_is_refused_not_a_server_error(
    laptops: LaptopFactory,
) -> None:
    clerk = laptops("lietvedis")
    setup = Courses(clerk.factory, clerk.actor)
    year = setup.years()[0].id
    with clerk.factory.begin() as session:  # past the laptop's check, as a damaged laptop
        enqueue(
            session,
            "course.set",
            {"course_id": str(uuid.uuid4()), "school_year_id": str(year), "name": "Šahs",
             "subject_id": str(setup.subjects()[0].id), "kind": "group",
             "students": [str(uuid.uuid4())], "teacher_id": str(uuid.uuid4())},
        )  # fmt: skip
    assert clerk.sync().rejected == 1
    assert _reasons(clerk) == ["Skolotājs vai koncertmeistars nav atrasts."]
    assert clerk.waiting() == 0 and not clerk.sync().pushed  # the queue goes on


@LAPTOP_SIDE
def test_only_the_deputy_decides_a_review_of_roles(laptops: LaptopFactory) -> None:
    first, second, clerk = laptops("vietnieks"), laptops("vietnieks"), laptops("lietvedis")
    card = StaffDetails("Rūta", "Ēce", frozenset({Role.TEACHER}))
    key = People(first.factory, first.actor).save_staff(None, card)
    first.sync(), second.sync()
    deputy_too = dataclasses.replace(card, roles=frozenset({Role.TEACHER, Role.DEPUTY}))
    People(first.factory, first.actor).save_staff(key, deputy_too)
    tutor = dataclasses.replace(card, roles=frozenset({Role.TEACHER, Role.TUTOR}))
    People(second.factory, second.actor).save_staff(key, tutor)
    first.sync(), second.sync()
    clerk.sync()
    [review] = [c for c in conflicts(clerk.factory) if c.field == "roles"]
    resolve_conflict(clerk.factory, review.id, "theirs")  # the deputy role back, by the clerk
    assert clerk.sync().rejected == 1
    assert _reasons(clerk) == [
        "Lomu «Direktora vietnieks mācību darbā» piešķir tikai direktora vietnieks."
    ]
    with database(laptops.server.database_url) as session:
        stored = session.get(Staff, key)
        assert stored is not None and stored.roles == "teacher,tutor"
