"""Demo school: a whole school year's start to try the app with, made offline.

``generate_demo_school`` fills an empty cache with a general school (classes 1.a-12.a) and a
music school, their staff, students, courses, two months of lessons (Sep-Oct 2026), marks
and absences. The rows are "server data": ``version`` 1 and no outbox entries. The same seed
gives the same rows, ids included, so that demo caches can be compared and reproduced.

This module makes the schools, staff, classes, pupils, courses and the timetable with its
teacher absences; ``demo.entries`` writes the lessons and what is entered in them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.demo import names as data
from eklase_desktop.demo.entries import JournalEntries
from eklase_desktop.demo.plan import YEAR, CoursePlan, LessonPlan, Pupil, Rows
from eklase_desktop.domain.lessons import (
    CourseKind,
    LessonType,
    NotHeldReason,
    SubjectKind,
)
from eklase_desktop.domain.personal_code import check_digit
from eklase_desktop.domain.roles import Role
from eklase_desktop.models import (
    Assessment,
    Attendance,
    Base,
    ClassGroup,
    ClassLogEntry,
    Course,
    Enrolment,
    Guardian,
    HolidayPeriod,
    Lesson,
    Mark,
    PeriodMark,
    School,
    SchoolYear,
    Semester,
    Staff,
    Student,
    Subject,
    WorkRecord,
)

DEMO_PASSWORD = "demo"
FIRST_LESSON_DAY = dt.date(2026, 9, 1)
LAST_LESSON_DAY = dt.date(2026, 10, 31)
_PERIODS = range(1, 9)
_INSERT_ORDER: tuple[type[Base], ...] = (
    School, SchoolYear, Semester, HolidayPeriod, Staff, ClassGroup, Student, Guardian,
    Subject, Course, Enrolment, Lesson, Assessment, Attendance, Mark, PeriodMark, ClassLogEntry,
    WorkRecord,
)  # fmt: skip
_YEAR_COLUMNS = ("name", "first_day", "last_day", "year_mark_deadline", "draft")
_SUMMARY_MODELS: dict[str, type[Base]] = {
    "schools": School, "classes": ClassGroup, "students": Student, "guardians": Guardian,
    "staff": Staff, "subjects": Subject, "courses": Course, "enrolments": Enrolment,
    "lessons": Lesson, "assessments": Assessment, "marks": Mark, "attendance": Attendance,
    "period_marks": PeriodMark, "behaviour_entries": ClassLogEntry,
}  # fmt: skip
_FIXED_ACCOUNTS = (
    "skolotajs1", "skolotajs2", "audzinatajs", "koncertmeistars", "vietnieks", "lietvedis",
)  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    """A demo login (password ``DEMO_PASSWORD``) and what the person does."""

    username: str
    full_name: str
    roles: tuple[Role, ...]
    description: str


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo school got."""

    schools: int
    classes: int
    students: int
    guardians: int
    staff: int
    subjects: int
    courses: int
    enrolments: int
    lessons: int
    assessments: int
    marks: int
    attendance: int
    period_marks: int
    behaviour_entries: int
    absences: int


def _teachers() -> frozenset[str]:
    taught = {row[3] for row in data.TEACHING} | set(data.TUTORS.values())
    return frozenset(taught | {i.teacher for i in data.INSTRUMENTS} | {data.MUSIC_TUTOR})


def _roles_of(member: data.StaffMember) -> tuple[Role, ...]:
    held = {Role(role) for role in member.extra_roles}
    if member.username in _teachers():
        held.add(Role.TEACHER)
    if member.username in {*data.TUTORS.values(), data.MUSIC_TUTOR}:
        held.add(Role.TUTOR)
    return tuple(role for role in Role if role in held)


_GENERAL_TEACHERS = tuple(
    m.username for m in data.STAFF if m.username in _teachers() and not m.music_school
)
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = tuple(
    DemoAccount(m.username, f"{m.first_name} {m.last_name}", _roles_of(m), m.description)
    for username in _FIXED_ACCOUNTS
    for m in data.STAFF
    if m.username == username
)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if char.isascii())


class _Builder(Rows):
    """Makes the rows in memory; ``rows`` is then inserted model by model."""

    def __init__(self, seed: int, last_day: dt.date) -> None:
        super().__init__(seed, _INSERT_ORDER)
        self.entries = JournalEntries(self, seed, YEAR.school_days(FIRST_LESSON_DAY, last_day))
        self.staff: dict[str, uuid.UUID] = {}
        self.codes: set[str] = set()
        self.courses: list[CoursePlan] = []
        self.busy: set[tuple[uuid.UUID, int, int]] = set()

    @property
    def days(self) -> list[dt.date]:
        return self.entries.days

    def phone(self) -> str:
        return f"+371 2{self.rng.randrange(10_000_000):07d}"

    def build(self) -> None:
        general, general_year = self.school(data.GENERAL_SCHOOL, "general")
        music, music_year = self.school(data.MUSIC_SCHOOL, "music")
        self.add_staff(general, music)
        self.general_part(general, general_year)
        self.music_part(music, music_year)
        self.timetable()
        self.entries.lessons(self.teacher_absences(self.plan_lessons()))
        self.entries.attestations(self.courses)
        self.entries.accompaniment(self.courses, self.staff["koncertmeistars"])

    def school(self, name: str, kind: str) -> tuple[uuid.UUID, uuid.UUID]:
        school_id = self.add(School, name=name, kind=kind)
        dates = {column: getattr(YEAR, column) for column in _YEAR_COLUMNS}
        year_id = self.add(SchoolYear, school_id=school_id, **dates)
        for semester in YEAR.semesters:
            self.add(Semester, school_year_id=year_id, **dataclasses.asdict(semester))
        for holiday in YEAR.holidays:
            self.add(HolidayPeriod, school_year_id=year_id, **dataclasses.asdict(holiday))
        return school_id, year_id

    def add_staff(self, general: uuid.UUID, music: uuid.UUID) -> None:
        for member in data.STAFF:
            born = dt.date(self.rng.randint(1965, 1996), 1, 1)
            born += dt.timedelta(days=self.rng.randrange(365))
            head = born.strftime("%d%m%y")
            tail = f"1{self.rng.randrange(1000):03d}"
            email = f"{_ascii(member.first_name)}.{_ascii(member.last_name)}@demo-skola.example"
            self.staff[member.username] = self.add(
                Staff,
                school_id=music if member.music_school else general,
                first_name=member.first_name,
                last_name=member.last_name,
                username=member.username,
                roles=",".join(_roles_of(member)),
                phone=self.phone(),
                email=email,
                personal_code=f"{head}-{tail}{check_digit(head + tail)}",
            )

    def personal_code(self) -> str:
        # DOMAIN: personal code, the new format (no birth date, no check digit).
        while True:
            code = f"32{self.rng.randrange(10_000):04d}-{self.rng.randrange(100_000):05d}"
            if code not in self.codes:
                self.codes.add(code)
                return code

    def pupil(self, school: uuid.UUID, group: uuid.UUID, born_in: int, programme: str) -> Pupil:
        rng = self.rng
        female = rng.random() < 0.5
        first = rng.choice(data.FEMALE_FIRST if female else data.MALE_FIRST)
        surname = rng.choice(data.SURNAMES)
        last = surname[1] if female else surname[0]
        address = f"{rng.choice(data.STREETS)} {rng.randint(1, 120)}-{rng.randint(1, 60)}, Rīga"
        student_id = self.add(
            Student,
            school_id=school,
            class_group_id=group,
            first_name=first,
            last_name=last,
            birth_date=dt.date(born_in, 1, 1) + dt.timedelta(days=rng.randrange(365)),
            gender="F" if female else "M",
            personal_code=self.personal_code(),
            phone=self.phone() if born_in <= 2015 and rng.random() < 0.7 else None,
            declared_address=address,
            actual_address=address,
            programme=programme,
        )
        self.guardians(student_id, surname)
        ability = min(9.6, max(3.0, rng.gauss(6.9, 1.3)))
        return Pupil(student_id, f"{first} {last}", ability, *self.illness())

    def guardians(self, student_id: uuid.UUID, surname: tuple[str, str]) -> None:
        parents = [(data.ADULT_FEMALE, surname[1]), (data.ADULT_MALE, surname[0])]
        if self.rng.random() < 0.35:
            del parents[self.rng.randrange(2)]
        for names, last in parents:
            first = self.rng.choice(names)
            self.add(
                Guardian,
                student_id=student_id,
                first_name=first,
                last_name=last,
                phone=self.phone(),
            )

    def illness(self) -> tuple[frozenset[dt.date], bool]:
        """Days a student was ill (2-5 school days in a row) and whether the note is in."""
        if self.rng.random() >= 0.45:
            return frozenset(), False
        start = self.rng.randrange(len(self.days))
        days = self.days[start : start + self.rng.randint(2, 5)]
        return frozenset(days), self.rng.random() < 0.45

    def general_part(self, school: uuid.UUID, year: uuid.UUID) -> None:
        subjects = {
            name: self.subject(school, name, SubjectKind.GENERAL) for name in data.CURRICULUM
        }
        exempt_grades = (5, 7, 9, 11)
        for grade in range(1, 13):
            name = f"{grade}.a"
            group = self.add(
                ClassGroup,
                school_year_id=year,
                name=name,
                grade=grade,
                kind="class",
                tutor_id=self.staff[data.TUTORS[grade]],
            )
            programme = data.PROGRAMMES[grade > 9]
            pupils = [
                self.pupil(school, group, 2020 - grade, programme)
                for _index in range(self.rng.randint(22, 28))
            ]
            exempt = frozenset({self.rng.choice(pupils).id} if grade in exempt_grades else ())
            for subject, hours in data.CURRICULUM.items():
                if not hours[grade - 1]:
                    continue
                teacher = self.staff[data.teacher_of(subject, grade)]
                course = CoursePlan(
                    self.new_id(),
                    subject,
                    grade,
                    teacher,
                    pupils,
                    (group, teacher),
                    hours[grade - 1],
                    descriptive=grade <= 3,
                    exempt=exempt if subject == "Sports un veselība" else frozenset(),
                )
                self.course(course, year, subjects[subject], f"{subject} {name}", group, None)

    def subject(self, school: uuid.UUID, name: str, kind: SubjectKind) -> uuid.UUID:
        return self.add(Subject, school_id=school, name=name, kind=kind.value, pass_fail=False)

    def course(
        self,
        course: CoursePlan,
        year: uuid.UUID,
        subject: uuid.UUID,
        name: str,
        group: uuid.UUID | None,
        concertmaster: uuid.UUID | None,
    ) -> None:
        kind = CourseKind.CLASS if course.grade else CourseKind.GROUP
        if course.professional:
            kind = CourseKind.INDIVIDUAL
        self.add(
            Course,
            row_id=course.id,
            school_year_id=year,
            subject_id=subject,
            class_group_id=group,
            name=name,
            kind=kind.value,
            teacher_id=course.teacher,
            concertmaster_id=concertmaster,
            descriptive=course.descriptive,
            plus_minus=False,
        )
        for pupil in course.pupils:
            self.add(
                Enrolment,
                course_id=course.id,
                student_id=pupil.id,
                start=FIRST_LESSON_DAY,
                end=None,
                exempt=pupil.id in course.exempt,
            )
        self.courses.append(course)

    def music_part(self, school: uuid.UUID, year: uuid.UUID) -> None:
        """Individual instrument lessons and theory groups (SPEC J18, K1)."""
        kinds = {i.subject: SubjectKind.PROFESSIONAL for i in data.INSTRUMENTS}
        kinds |= {name: SubjectKind.THEORY for name, _weekly, _groups in data.THEORY}
        subjects = {name: self.subject(school, name, kind) for name, kind in kinds.items()}
        instruments = [i for i in data.INSTRUMENTS for _index in range(i.students)]
        self.rng.shuffle(instruments)
        tutor = self.staff[data.MUSIC_TUTOR]
        groups: dict[str, tuple[uuid.UUID, list[Pupil]]] = {}
        per_group = len(instruments) // len(data.MUSIC_GROUPS)
        for group_name, grade, general_grade in data.MUSIC_GROUPS:
            group = self.add(
                ClassGroup,
                school_year_id=year,
                name=group_name,
                grade=grade,
                kind="group",
                tutor_id=tutor,
            )
            pupils = []
            for _index in range(per_group):
                instrument = instruments.pop()
                programme = f"Profesionālās ievirzes izglītības programma «{instrument.subject}»"
                pupil = self.pupil(school, group, 2020 - general_grade, programme)
                self.individual_course(instrument, pupil, group, year, subjects)
                pupils.append(pupil)
            groups[group_name] = group, pupils
        for name, weekly, group_names in data.THEORY:
            for group_name in group_names:
                group, pupils = groups[group_name]
                course = CoursePlan(self.new_id(), name, 0, tutor, pupils, (group, tutor), weekly)
                self.course(course, year, subjects[name], f"{name} {group_name}", group, None)

    def individual_course(
        self,
        instrument: data.Instrument,
        pupil: Pupil,
        group: uuid.UUID,
        year: uuid.UUID,
        subjects: dict[str, uuid.UUID],
    ) -> None:
        teacher = self.staff[instrument.teacher]
        concertmaster = self.staff["koncertmeistars"] if instrument.accompanied else None
        resources = (pupil.id, group, teacher) + ((concertmaster,) if concertmaster else ())
        course = CoursePlan(
            self.new_id(), instrument.subject, 0, teacher, [pupil], resources, 2, professional=True
        )
        name = f"{instrument.subject} — {pupil.name}"
        self.course(course, year, subjects[instrument.subject], name, None, concertmaster)

    def timetable(self) -> None:
        """A weekly timetable: each course's lessons spread over the week, no clashes."""
        load: Counter[tuple[uuid.UUID, int]] = Counter()
        for course in sorted(self.courses, key=lambda c: -c.weekly):
            order = list(range(5))
            self.rng.shuffle(order)
            for _index in range(course.weekly):
                used = {weekday for weekday, _period in course.slots}
                order.sort(key=lambda d: (d in used, load[course.resources[0], d]))
                slot = next(
                    (d, p) for d in order for p in _PERIODS if self.free(course.resources, d, p)
                )
                self.take(course.resources, *slot)
                load[course.resources[0], slot[0]] += 1
                course.slots.append(slot)

    def free(self, resources: tuple[uuid.UUID, ...], weekday: int, period: int) -> bool:
        return all((r, weekday, period) not in self.busy for r in resources)

    def take(self, resources: tuple[uuid.UUID, ...], weekday: int, period: int) -> None:
        self.busy.update((r, weekday, period) for r in resources)

    def plan_lessons(self) -> list[LessonPlan]:
        lessons: list[LessonPlan] = []
        for course in self.courses:
            for day in self.days:
                periods = sorted(p for d, p in course.slots if d == day.weekday())
                lessons.extend(LessonPlan(course, day, period) for period in periods)
        return lessons

    def teacher_absences(self, lessons: list[LessonPlan]) -> list[LessonPlan]:
        """A sick day and a training day: some lessons not held, the rest substituted, and
        the missed ones made up later (SPEC J2-J4)."""
        makeups = []
        for absence in data.TEACHER_ABSENCES:
            teacher = self.staff[absence.username]
            own = [x for x in lessons if x.course.teacher == teacher and x.day >= absence.since]
            if not own:  # a ``today`` before the absence
                continue
            todays = sorted((x for x in own if x.day == own[0].day), key=lambda x: x.number)
            for index, lesson in enumerate(todays):
                substitute = self.substitute(lesson, absence.substitutes)
                if index < absence.not_held or substitute is None:
                    lesson.kind, lesson.notes = LessonType.NOT_HELD, absence.note
                    lesson.reason = NotHeldReason(absence.reason)
                    makeups.extend(self.makeup(lesson))
                else:
                    lesson.taught_by, lesson.notes = substitute, f"Aizvietošana. {absence.note}."
        return sorted([*lessons, *makeups], key=lambda x: (x.day, x.number))

    def substitute(self, lesson: LessonPlan, preferred: tuple[str, ...]) -> uuid.UUID | None:
        weekday = lesson.day.weekday()
        for username in (*preferred, *_GENERAL_TEACHERS):
            candidate = self.staff[username]
            if candidate != lesson.course.teacher and self.free(
                (candidate,), weekday, lesson.number
            ):
                return candidate
        return None

    def makeup(self, missed: LessonPlan) -> list[LessonPlan]:
        """The missed lesson taught in a free period a week or more later (SPEC J3)."""
        resources = missed.course.resources
        for day in (d for d in self.days if d >= missed.day + dt.timedelta(days=7)):
            period = next((p for p in _PERIODS if self.free(resources, day.weekday(), p)), None)
            if period is not None:
                self.take(resources, day.weekday(), period)
                lesson = LessonPlan(
                    missed.course, day, period, LessonType.MAKEUP, made_up=missed.day
                )
                lesson.notes = f"Atstrādāta {missed.day.isoformat()} stunda"
                return [lesson]
        return []

    def summary(self) -> DemoSummary:
        counts = {name: len(self.rows[model]) for name, model in _SUMMARY_MODELS.items()}
        absences = sum(row["presence"] == "n" for row in self.rows[Attendance])
        return DemoSummary(**counts, absences=absences)


def generate_demo_school(
    session: Session, *, seed: int = 2026, today: dt.date | None = None
) -> DemoSummary:
    """Fills an empty cache with the demo school; the same seed gives the same rows.

    Lessons run from 1 Sep to 31 Oct 2026, whatever the date; only a ``today`` inside that
    span ends them on that day (no lessons in the future). The caller commits.
    """
    last_day = LAST_LESSON_DAY
    if today is not None and FIRST_LESSON_DAY <= today < LAST_LESSON_DAY:
        last_day = today
    builder = _Builder(seed, last_day)
    builder.build()
    for model in _INSERT_ORDER:
        if builder.rows[model]:
            session.execute(insert(model), builder.rows[model])
    return builder.summary()


def ensure_demo_school(factory: sessionmaker[Session]) -> bool:
    """Generates the demo school unless the cache already has a school (so demo edits survive
    restarts); True if it generated."""
    with factory.begin() as session:
        if session.scalar(select(School.id).limit(1)) is not None:
            return False
        generate_demo_school(session)
        return True
