"""The school's set-up on the clerk's or the deputy's laptop (SPEC C1; DOMAIN: school
set-up): each save is checked as the server checks it, stored and queued as one mutation;
a refusal stores and queues nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.lessons import CourseKind, SubjectKind
from eklase_desktop.domain.personal_code import check_digit
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import (
    ClassDetails,
    CourseDetails,
    GroupKind,
    GuardianDetails,
    StaffDetails,
    StudentDetails,
    SubjectDetails,
)
from eklase_desktop.models import Enrolment, OutboxEntry
from eklase_desktop.services.courses import Courses
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.services.people import People
from eklase_desktop.sync.mutation_args import MUTATION_ARGS
from eklase_desktop.sync.protocol import MutationName
from tests.school import SmallSchool, add_staff

pytestmark = pytest.mark.today("2026-08-20")


def outbox(school: SmallSchool) -> list[OutboxEntry]:
    with school.factory() as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def deputy(school: SmallSchool) -> People:
    return People(school.factory, school.actor("vietnieks"))


def test_the_deputy_adds_the_next_year_from_the_shipped_defaults(school: SmallSchool) -> None:
    setup = deputy(school)
    [stored] = setup.years()
    assert stored.rules.name == "2026./2027." and stored.classes == 2
    nxt = setup.suggested_year()  # the year after: same weekdays, a draft
    assert (nxt.name, nxt.first_day, nxt.first_school_day) == (
        "2027./2028.",
        dt.date(2027, 9, 1),
        None,
    )
    assert nxt.semesters[0].end == dt.date(2027, 12, 17) and nxt.draft
    assert [h.start.weekday() for h in nxt.holidays] == [0, 0, 0]
    year_id = setup.save_year(None, nxt)
    assert [view.rules.name for view in setup.years()] == ["2027./2028.", "2026./2027."]
    [entry] = outbox(school)
    args = MUTATION_ARGS[MutationName(entry.mutation)].model_validate(entry.args)
    assert entry.mutation == "school_year.set" and args.school_year_id == year_id
    assert args.base is None and len(args.semesters) == 2


def test_a_year_that_is_not_one_saves_nothing(school: SmallSchool) -> None:
    setup = deputy(school)
    [stored] = setup.years()
    first, second = stored.rules.semesters
    with pytest.raises(DomainError, match="semestri pārklājas"):
        broken = (first, dataclasses.replace(second, start=dt.date(2026, 12, 1)))
        setup.save_year(stored.id, dataclasses.replace(stored.rules, semesters=broken))
    assert setup.years()[0].rules == stored.rules and outbox(school) == []


def test_a_marked_day_cannot_leave_its_semester(school: SmallSchool) -> None:
    JournalEditor(school.factory, school.actor("skolotajs1")).write_cells(
        school.maths, [CellEdit(school.students[0], school.maths_lessons[-1], "8")]
    )
    setup = deputy(school)
    [stored] = setup.years()
    first, second = stored.rules.semesters
    with school.factory() as session:
        from eklase_desktop.models.setup import marked_days

        [marked] = marked_days(session, stored.id)
    before = dataclasses.replace(first, end=marked - dt.timedelta(days=1))
    changed = dataclasses.replace(stored.rules, semesters=(before, second))
    queued = len(outbox(school))
    with pytest.raises(DomainError, match="jau ir vērtējumi"):
        setup.save_year(stored.id, changed)
    assert len(outbox(school)) == queued
    holidays = (*stored.rules.holidays[:1],)
    setup.save_year(stored.id, dataclasses.replace(stored.rules, holidays=holidays))
    assert setup.years()[0].rules.holidays == holidays
    entry = outbox(school)[-1]
    assert entry.mutation == "school_year.set" and entry.args["base"]["holidays"].count("[") == 4


def test_classes_are_added_changed_and_deleted_with_their_rules(school: SmallSchool) -> None:
    setup = deputy(school)
    tutor = next(key for key, name in setup.staff() if name == "Tūters Tālivaldis")
    new = setup.save_class(school.year_id, None, ClassDetails("8.b", 8), tutor)
    with pytest.raises(DomainError, match=r"«7\.A» šajā mācību gadā jau ir"):
        setup.save_class(school.year_id, None, ClassDetails("7.A", 7), None)
    with pytest.raises(DomainError, match="Klasē ir skolēni"):
        setup.delete_class(school.class_id)
    details = ClassDetails("8.b", 8, GroupKind.CLASS, "Pamatizglītības programma 21011111")
    setup.save_class(school.year_id, new, details, None)
    [shown] = [view for view in setup.classes(school.year_id) if view.id == new]
    assert shown.details == details and shown.tutor == "" and shown.students == 0
    assert [view.details.name for view in setup.classes(school.year_id)] == ["2.a", "7.a", "8.b"]
    setup.delete_class(new)
    assert [view.details.name for view in setup.classes(school.year_id)] == ["2.a", "7.a"]
    entries = outbox(school)
    assert [entry.mutation for entry in entries] == ["class_group.set"] * 3
    for entry in entries:
        MUTATION_ARGS[MutationName.CLASS_GROUP_SET].model_validate(entry.args)
    assert entries[1].args["base"]["tutor_id"] == str(tutor)
    assert entries[2].args["deleted"] is True and entries[2].args["base"]["deleted"] == "false"


def test_subjects_are_unique_and_a_used_one_stays(school: SmallSchool) -> None:
    setup = deputy(school)
    new = setup.save_subject(None, SubjectDetails("Solfedžo", "", SubjectKind.THEORY))
    with pytest.raises(DomainError, match="«matemātika» jau ir"):
        setup.save_subject(None, SubjectDetails("matemātika"))
    maths = next(view for view in setup.subjects() if view.details.name == "Matemātika")
    assert maths.courses == 2
    with pytest.raises(DomainError, match="Priekšmetam ir kursi"):
        setup.delete_subject(maths.id)
    setup.delete_subject(new)
    assert "Solfedžo" not in [view.details.name for view in setup.subjects()]
    names = [entry.mutation for entry in outbox(school)]
    assert names == ["subject.set", "subject.set"]


def test_who_may_set_up_the_school(school: SmallSchool) -> None:
    with pytest.raises(PermissionDenied):
        People(school.factory, school.actor("skolotajs1"))
    add_staff(school.factory, "direktore", "director", "Inta", "Direktore")
    reader = People(school.factory, school.actor("direktore"))
    assert not reader.writable and len(reader.subjects()) == 3
    with pytest.raises(PermissionDenied, match="klases un grupas"):
        reader.save_class(school.year_id, None, ClassDetails("9.c", 9), None)
    with school.factory() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0


def test_staff_cards_are_kept_and_the_clerk_gives_no_administrators_role(
    school: SmallSchool,
) -> None:
    setup = deputy(school)
    card = StaffDetails(
        "Rūta", "Ēce", frozenset({Role.TEACHER}), "32568912345", "2912 3456", "ruta@skola.lv"
    )
    new = setup.save_staff(None, card)
    [view] = [view for view in setup.staff_cards() if view.id == new]
    assert (view.username, view.details.phone) == ("", "+371 29123456")  # the server's to give
    with pytest.raises(DomainError, match="šo personas kodu jau ir"):
        setup.save_staff(None, dataclasses.replace(card, first_name="Citāda"))
    with pytest.raises(DomainError, match="vada kursus vai audzina"):
        tutor = next(v for v in setup.staff_cards() if v.username == "audzinatajs")
        setup.delete_staff(tutor.id)
    add_staff(school.factory, "lietvedis", "clerk", "Sandra", "Lietvede")
    clerk = People(school.factory, school.actor("lietvedis"))
    with pytest.raises(DomainError, match="piešķir tikai direktora vietnieks"):
        clerk.save_staff(new, dataclasses.replace(card, roles=frozenset({Role.DEPUTY})))
    clerk.save_staff(new, dataclasses.replace(card, roles=frozenset({Role.TEACHER, Role.TUTOR})))
    entries = [entry for entry in outbox(school) if entry.mutation == "staff.set"]
    assert len(entries) == 2
    for entry in entries:
        MUTATION_ARGS[MutationName.STAFF_SET].model_validate(entry.args)
    assert entries[1].args["roles"] == ["teacher", "tutor"]
    assert entries[1].args["base"]["roles"] == "teacher"


def test_a_new_student_is_enrolled_in_the_class_courses_with_the_guardians(
    school: SmallSchool,
) -> None:
    setup = deputy(school)
    mother = GuardianDetails(uuid.uuid4(), "Inese", "Ozola", "29 000 001")
    card = StudentDetails(
        "Pēteris", "Ozols", "210515-20005", school.class_id, guardians=(mother,),
        admission_order="12-p", admitted_on=dt.date(2026, 11, 2),
    )  # fmt: skip
    with pytest.raises(DomainError, match="Nederīgs personas kods"):
        setup.save_student(None, card)
    code = "210515-2" + "000" + str(check_digit("2105152000"))
    new = setup.save_student(None, dataclasses.replace(card, personal_code=code))
    [view] = [view for view in setup.students(school.class_id) if view.id == new]
    assert view.details.birth_date == dt.date(2015, 5, 21)  # from the code
    assert view.details.guardians[0].phone == "+371 29000001"
    with school.factory() as session:
        courses = set(
            session.scalars(select(Enrolment.course_id).where(Enrolment.student_id == new))
        )
        starts = set(session.scalars(select(Enrolment.start).where(Enrolment.student_id == new)))
    assert courses == {school.maths, school.latvian} and starts == {dt.date(2026, 11, 2)}
    with pytest.raises(DomainError, match="šo personas kodu jau ir"):
        setup.save_student(None, dataclasses.replace(card, personal_code=code, first_name="Otrs"))
    setup.save_student(new, dataclasses.replace(view.details, guardians=()))
    [view] = [view for view in setup.students(school.class_id) if view.id == new]
    assert view.details.guardians == ()
    entries = [e for e in outbox(school) if e.mutation == "student.set"]
    for entry in entries:
        MUTATION_ARGS[MutationName.STUDENT_SET].model_validate(entry.args)
    assert len(entries[1].args["base"]["guardians"]) > 2 and entries[1].args["guardians"] == []


def test_a_student_with_marks_is_not_deleted_nor_moved_by_the_card(school: SmallSchool) -> None:
    JournalEditor(school.factory, school.actor("skolotajs1")).write_cells(
        school.maths, [CellEdit(school.students[0], school.maths_lessons[0], "7")]
    )
    setup = deputy(school)
    [view] = [v for v in setup.students(school.class_id) if v.id == school.students[0]]
    with pytest.raises(DomainError, match="izslēdziet viņu ar rīkojumu"):
        setup.delete_student(view.id)
    other = next(c.id for c in setup.classes(school.year_id) if c.id != school.class_id)
    with pytest.raises(DomainError, match="pārceļ ar rīkojumu"):
        moved = dataclasses.replace(view.details, class_group_id=other, personal_code="32010101001")
        setup.save_student(view.id, moved)


def test_courses_enrol_their_class_or_the_chosen_students(school: SmallSchool) -> None:
    courses = Courses(school.factory, school.actor("vietnieks"))
    subjects = {view.details.name: view.id for view in courses.subjects()}
    teacher = next(key for key, name in courses.staff() if name == "Celms Čārlis")
    history = CourseDetails(
        "Vēsture 7.a", subjects["Latviešu valoda"], CourseKind.CLASS, teacher,
        school.class_id, weekly_lessons=2,
    )  # fmt: skip
    new = courses.save_course(school.year_id, None, history)
    [view] = [view for view in courses.courses(school.year_id) if view.id == new]
    assert (view.group, view.teacher, view.students) == ("7.a", "Celms Čārlis", 4)
    piano = CourseDetails(
        "Klavierspēle — Ozols", subjects["Klavierspēle"], CourseKind.INDIVIDUAL, teacher,
        school.class_id, frozenset(school.students[:2]),
    )  # fmt: skip
    with pytest.raises(DomainError, match="vienu skolēnu"):
        courses.save_course(school.year_id, None, piano)
    group = dataclasses.replace(piano, kind=CourseKind.GROUP, name="Ansamblis")
    ensemble = courses.save_course(school.year_id, None, group)
    smaller = dataclasses.replace(group, students=frozenset(school.students[:1]))
    courses.save_course(school.year_id, ensemble, smaller)
    assert [v.students for v in courses.courses(school.year_id) if v.id == ensemble] == [1]
    with pytest.raises(DomainError, match="Kursam jau ir stundas"):
        courses.delete_course(school.maths)
    entries = [entry for entry in outbox(school) if entry.mutation == "course.set"]
    for entry in entries:
        MUTATION_ARGS[MutationName.COURSE_SET].model_validate(entry.args)
    assert entries[-1].args["base"]["students"].count(",") == 1  # two students before
    with school.factory() as session:  # the enrolments of 7.a's course start on its first day
        starts = set(session.scalars(select(Enrolment.start).where(Enrolment.course_id == new)))
    assert starts == {dt.date(2026, 9, 1)}
