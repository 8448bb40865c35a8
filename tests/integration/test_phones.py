"""Phone numbers through a real server (SPEC T1, D2): the tutor's numbers reach the deputy,
never a subject teacher; a teacher cannot set one."""

from __future__ import annotations

from sqlalchemy import select

from eklase_desktop.models import Guardian, Student
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.phones import ClassPhones
from tests.integration.laptops import Laptop, LaptopFactory, database
from tests.integration.refusals.support import Api, School


def _phones(laptop: Laptop) -> set[str]:
    with laptop.factory() as session:
        found = set(session.scalars(select(Student.phone)))
        found |= set(session.scalars(select(Guardian.phone)))
        return {phone for phone in found if phone}


def test_the_tutors_numbers_reach_the_deputy_and_no_teacher(
    laptops: LaptopFactory, school: School
) -> None:
    tutor, teacher, deputy = laptops("audzinatajs"), laptops("skolotajs1"), laptops("vietnieks")
    student = school.students[2]
    with tutor.factory() as session:
        guardian = session.scalars(
            select(Guardian.id).where(Guardian.student_id == student)
        ).first()
    assert guardian is not None
    phones = ClassPhones(tutor.factory, tutor.actor)
    phones.set_phone("student", student, "20 11 22 33")
    phones.set_phone("guardian", guardian, "+371 6711 2233")
    assert tutor.sync().pushed["applied"] == 2
    teacher.sync(), deputy.sync()
    with database(laptops.server.database_url) as session:
        stored = session.get(Student, student)
        assert stored is not None and stored.phone == "+371 20112233"
    assert {"+371 20112233", "+371 67112233"} <= _phones(deputy)
    assert _phones(teacher) == set()  # the teacher's cache holds no phone at all


def test_a_teacher_cannot_set_a_phone(laptops: LaptopFactory, school: School) -> None:
    teacher = laptops("skolotajs1")
    student = school.students[2]
    with teacher.factory.begin() as session:  # past the laptop's own check, as a bad client
        enqueue(
            session, "student.set_phone", {"student_id": str(student), "phone": "+371 20000000"}
        )
    assert teacher.sync().rejected == 1
    with database(laptops.server.database_url) as session:
        stored = session.get(Student, student)
        assert stored is not None and stored.phone != "+371 20000000"


def test_the_history_of_a_phone_is_the_tutors_not_a_teachers(
    laptops: LaptopFactory, school: School
) -> None:
    tutor = laptops("audzinatajs")
    student = school.students[3]
    ClassPhones(tutor.factory, tutor.actor).set_phone("student", student, "20 00 00 01")
    tutor.sync()
    [entry] = tutor.client.history("student", student).entries
    assert (entry.field, entry.old, entry.new) == ("phone", None, "+371 20000001")
    assert entry.who == "Līga Krūmiņa"
    # the teacher's laptop holds the student (a course of theirs): the history is answered,
    # without the phone's changes
    api = Api(laptops.server)
    token = api.token("skolotajs1")
    answer = api.http.get(
        f"/api/v1/history/student/{student}", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200 and answer.json()["entries"] == []
    api.close()


def test_the_tutor_whose_number_was_replaced_sees_the_review_and_decides_it(
    laptops: LaptopFactory, school: School
) -> None:
    tutor, deputy = laptops("audzinatajs"), laptops("vietnieks")
    student = school.students[3]
    ClassPhones(tutor.factory, tutor.actor).set_phone("student", student, "20 11 22 44")
    ClassPhones(deputy.factory, deputy.actor).set_phone("student", student, "20 99 88 77")
    assert tutor.sync().pushed["applied"] == 1
    deputy.sync()  # the last to arrive wins; the tutor's number is kept for review
    [review] = [c for c in tutor.client.conflicts().conflicts if c.entity == "student"]
    assert review.viewer == "theirs" and review.theirs == "+371 20112244"
    tutor.client.resolve(str(review.id), "theirs")
    with database(laptops.server.database_url) as session:
        stored = session.get(Student, student)
        assert stored is not None and stored.phone == "+371 20112244"
