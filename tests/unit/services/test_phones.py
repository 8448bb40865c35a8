"""The tutor keeps the class's phone numbers (SPEC T1): validated, normalised, queued."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.phone import InvalidPhone
from eklase_desktop.models import Guardian, OutboxEntry
from eklase_desktop.services.phones import ClassPhones
from eklase_desktop.sync.mutation_args import GuardianPhoneSetArgs, StudentPhoneSetArgs
from tests.school import SmallSchool, add_staff


@pytest.fixture
def mother(school: SmallSchool) -> uuid.UUID:
    with school.factory.begin() as session:
        guardian = Guardian(
            id=uuid.uuid4(), student_id=school.students[0], first_name="Inese", last_name="Apinīte"
        )
        session.add(guardian)
        return guardian.id


def test_the_tutor_sets_and_clears_numbers_normalised(
    school: SmallSchool, mother: uuid.UUID
) -> None:
    phones = ClassPhones(school.factory, school.actor("audzinatajs"))
    assert phones.set_phone("student", school.students[0], "29 12 34 56") == "+371 29123456"
    assert phones.set_phone("guardian", mother, "+37126543210") == "+371 26543210"
    [first, *_rest] = phones.of_class(school.class_id)
    assert first.student.name == "Apinīte Alise" and first.student.phone == "+371 29123456"
    assert [(g.name, g.phone) for g in first.guardians] == [("Apinīte Inese", "+371 26543210")]
    assert phones.set_phone("guardian", mother, " ") == ""
    with school.factory() as session:
        queued = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
    student = StudentPhoneSetArgs.model_validate(queued[0].args)
    assert queued[0].mutation == "student.set_phone" and student.phone == "+371 29123456"
    cleared = GuardianPhoneSetArgs.model_validate(queued[-1].args)
    assert cleared.phone is None and cleared.base == "+371 26543210"


def test_search_finds_names_and_numbers(school: SmallSchool, mother: uuid.UUID) -> None:
    phones = ClassPhones(school.factory, school.actor("audzinatajs"))
    phones.set_phone("guardian", mother, "26543210")
    assert [e.student.name for e in phones.of_class(school.class_id, "inese")] == ["Apinīte Alise"]
    assert [e.student.name for e in phones.of_class(school.class_id, "2654")] == ["Apinīte Alise"]
    assert len(phones.of_class(school.class_id)) == 4


@pytest.mark.parametrize("text", ["12345", "+372 51234567", "2912345a", "+371 2912 345"])
def test_a_number_that_is_not_latvian_is_refused_and_nothing_changes(
    school: SmallSchool, text: str
) -> None:
    phones = ClassPhones(school.factory, school.actor("audzinatajs"))
    with pytest.raises(InvalidPhone):
        phones.set_phone("student", school.students[1], text)
    assert phones.of_class(school.class_id)[1].student.phone == ""
    with school.factory() as session:
        assert session.scalars(select(OutboxEntry)).all() == []


def test_the_clerk_reads_the_phones_and_changes_them_only_on_the_card(
    school: SmallSchool,
) -> None:
    add_staff(school.factory, "lietvedis", "clerk", "Sandra", "Vītola")
    clerk = ClassPhones(school.factory, school.actor("lietvedis"))
    assert clerk.of_class(school.class_id)  # reads them
    with pytest.raises(PermissionDenied, match="skolēna kartītē"):
        clerk.set_phone("student", school.students[0], "29123456")
    with school.factory() as session:
        assert session.scalars(select(OutboxEntry)).all() == []


def test_only_the_tutor_deputy_and_clerk_keep_phones(school: SmallSchool) -> None:
    teacher = ClassPhones(school.factory, school.actor("skolotajs1"))
    assert teacher.classes() == []
    with pytest.raises(PermissionDenied, match="klases audzinātājs"):
        teacher.set_phone("student", school.students[0], "29123456")
    with pytest.raises(PermissionDenied):
        teacher.of_class(school.class_id)
