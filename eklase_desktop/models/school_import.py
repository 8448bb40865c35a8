"""An import's plan (SPEC C1; docs/import.md): a workbook's rows matched with what the school
already has — a year, a class, a subject, a course by its name, a person by the personal
code (a member of staff without one by the name) — and turned into the set-up mutations it
takes, in the order they refer to each other. A row that changes nothing is no step, so a
file imported twice changes nothing the second time. The laptop stores the steps as the
*Skola* windows would; the server's ``eklase-server import`` pushes their arguments."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.lessons import CourseKind
from eklase_desktop.domain.names import fold, full_name
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import (
    ClassDetails,
    CourseDetails,
    GroupKind,
    GuardianDetails,
    StudentDetails,
    check_grant,
    class_args,
    class_texts,
    course_args,
    course_texts,
    staff_args,
    staff_texts,
    student_args,
    student_texts,
    subject_args,
    subject_texts,
    validate_course,
    validate_student,
)
from eklase_desktop.domain.school_import import (
    CLASSES,
    COURSES,
    STAFF,
    STUDENTS,
    SUBJECTS,
    YEAR,
    Row,
    Workbook,
    YearRow,
    name_keys,
    reference,
)
from eklase_desktop.domain.school_year import (
    DEFAULT_SCHOOL_YEARS,
    HolidayPeriod,
    Semester,
    year_args,
    year_texts,
)
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.i18n import _
from eklase_desktop.models.journal import ClassGroup, Course, SchoolYear, Staff, Student, Subject
from eklase_desktop.models.setup import (
    PROVISIONAL,
    class_details,
    course_details,
    guardians_of,
    staff_details,
    stored_year,
    student_details,
    subject_details,
)

T = TypeVar("T")
Texts = dict[str, str | None]


@dataclass(frozen=True)
class Step:
    """One set-up mutation of the import, and what the laptop stores it from."""

    sheet: str
    row: int
    what: str  # for the preview: "7.a", "Bērziņš Jānis"
    mutation: str
    key: uuid.UUID
    new: bool
    value: Any  # the year's rules or the card's details
    args: dict[str, Any]
    year_id: uuid.UUID | None = None  # a class's or a course's
    tutor_id: uuid.UUID | None = None  # a class's
    changed: tuple[str, ...] = ()  # what changes in a row already stored, for the preview


@dataclass
class Count:
    new: int = 0
    changed: int = 0
    same: int = 0


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    counts: dict[str, Count]  # by sheet, in the order the preview shows them
    ignored: tuple[str, ...] = ()  # sheets of the file the format does not know

    @property
    def changes(self) -> int:
        return len(self.steps)


# fields that are no column of their sheet under the same key (the preview names them)
_FIELD_TITLES = {
    "guardians": "pārstāvji",
    "class_group_id": "Klase",
    "tutor_id": "Audzinātājs",
    "teacher_id": "Skolotājs",
    "concertmaster_id": "Koncertmeistars",
    "subject_id": "Priekšmets",
    "pass_fail": "Vērtēšana",
    "students": "Skolēni",
    "semesters": "semestri",
    "holidays": "brīvdienas",
    "first_school_day": "Pirmā mācību diena",
    "year_mark_deadline": "Gada vērtējumu termiņš",
}


def field_title(sheet: Any, name: str) -> str:
    """A stored field by its sheet's column header (or what the preview calls it)."""
    found = next((c.header for c in sheet.columns if c.key == name), None)
    return found or _FIELD_TITLES.get(name, name)


def year_key(name: str) -> str:
    """ "2026./2027." and "2026/2027" are the same year."""
    return fold(name).replace(".", "").replace(" ", "")


def plan_import(
    session: Session, school_id: uuid.UUID, granter: frozenset[Role], book: Workbook
) -> Plan:
    """What importing ``book`` into ``school_id`` takes; raises ImportProblem (naming the
    sheet, the row and the column) for anything it cannot do. ``granter`` are the roles of
    the person importing (only the deputy gives the administrators' roles)."""
    return _Planner(session, school_id, granter).plan(book)


@dataclass
class _Year:
    key: uuid.UUID
    rules: YearRules


@dataclass
class _Index:
    """The school's rows of one kind by the ways the file refers to them."""

    by_code: dict[str, uuid.UUID] = field(default_factory=dict)
    by_name: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))

    def add(self, key: uuid.UUID, code: str | None, first: str, last: str, login: str = "") -> None:
        if code:
            self.by_code[code] = key
        if login:
            self.by_code[fold(login)] = key
        for name in name_keys(first, last):
            self.by_name[name].add(key)

    def find(self, row: Row, column: str, text: str, missing: str) -> uuid.UUID:
        """The one person ``text`` names by personal code, login name or name."""
        code, name = reference(text)
        key = code or name
        found = {self.by_code[key]} if key in self.by_code else self.by_name.get(name, set())
        if not found:
            raise row.problem(column, missing.format(text=text))
        if len(found) > 1:
            message = _("«{text}» ir vairākiem: norādiet personas kodu.")
            raise row.problem(column, message.format(text=text))
        return next(iter(found))


class _Planner:
    def __init__(self, session: Session, school_id: uuid.UUID, granter: frozenset[Role]):
        self._session, self._school, self._granter = session, school_id, granter
        self._steps: dict[str, list[Step]] = defaultdict(list)
        self._counts = {sheet.name: Count() for sheet in (YEAR, SUBJECTS, STAFF, CLASSES,
                                                           STUDENTS, COURSES)}  # fmt: skip
        self._years: dict[str, _Year] = {}
        self._subjects: dict[str, uuid.UUID] = {}
        self._staff = _Index()
        self._classes: dict[tuple[uuid.UUID, str], tuple[uuid.UUID, ClassDetails]] = {}
        self._students: dict[uuid.UUID, _Index] = defaultdict(_Index)  # by the year
        self._names: dict[uuid.UUID, str] = {}  # students' "Vārds Uzvārds", as written
        self._default_year: uuid.UUID | None = None

    def plan(self, book: Workbook) -> Plan:
        self._plan_years(book)
        self._plan_subjects(book)
        self._plan_staff(book)
        self._plan_classes(book)
        self._plan_students(book)
        self._plan_courses(book)
        steps = [step for sheet in self._counts for step in self._steps[sheet]]
        return Plan(tuple(steps), self._counts, book.ignored)

    def _decide(self, row: Row, before: Texts | None, after: Texts) -> tuple[str, ...] | None:
        """Counts the row as new, changed or the same. None: no step; else the titles of
        the fields that change (none for a new row)."""
        count = self._counts[row.sheet.name]
        if before == after:
            count.same += 1
            return None
        if before is None:
            count.new += 1
            return ()
        count.changed += 1
        return tuple(
            field_title(row.sheet, name) for name in after if before.get(name) != after[name]
        )

    def _add(self, row: Row, what: str, mutation: str, key: uuid.UUID, value: Any,
             args: dict[str, Any], changed: tuple[str, ...], year_id: uuid.UUID | None = None,
             tutor_id: uuid.UUID | None = None) -> None:  # fmt: skip
        new = args["base"] is None
        step = Step(row.sheet.name, row.number, what, mutation, key, new, value, args, year_id,
                    tutor_id, changed)  # fmt: skip
        self._steps[row.sheet.name].append(step)

    def _live(self, model: Any, *where: Any) -> list[Any]:
        return list(self._session.scalars(select(model).where(*where, model.deleted.is_(False))))

    # --- years and their holidays -------------------------------------------------------

    def _plan_years(self, book: Workbook) -> None:
        stored = {
            year_key(row.name): row
            for row in self._live(SchoolYear, SchoolYear.school_id == self._school)
        }
        for key, row in stored.items():
            self._years[key] = _Year(row.id, stored_year(self._session, row))
        defaults = {year_key(year.name): year for year in DEFAULT_SCHOOL_YEARS}
        holidays: dict[str, list[HolidayPeriod]] = defaultdict(list)
        first_holiday: dict[str, Row] = {}
        for holiday in book.holidays:
            key = year_key(holiday.year)
            if key not in stored and all(year_key(y.name) != key for y in book.years):
                raise holiday.row.problem("year", self._unknown_year(holiday.year))
            period = holiday.row.checked(
                "name", partial(HolidayPeriod, holiday.name, holiday.start, holiday.end)
            )
            holidays[key].append(period)
            first_holiday.setdefault(key, holiday.row)
        rows = list(book.years)
        named = {year_key(year.name) for year in rows}
        rows += [YearRow(first_holiday[key], stored[key].name, {}) for key in holidays
                 if key not in named]  # fmt: skip
        for year in rows:
            key = year_key(year.name)
            row = stored.get(key)
            before = self._years[key].rules if row is not None else None
            given = tuple(sorted(holidays.get(key, ()), key=lambda h: (h.start, h.end)))
            rules = _year_rules(year, before, defaults.get(key), given or None)
            self._years[key] = _Year(row.id if row is not None else uuid.uuid4(), rules)
            base = year_texts(before) if before is not None else None
            if (changed := self._decide(year.row, base, year_texts(rules))) is not None:
                key_ = self._years[key].key
                args = year_args(key_, rules, base)
                self._add(year.row, rules.name, "school_year.set", key_, rules, args, changed)
        if len(book.years) == 1:
            self._default_year = self._years[year_key(book.years[0].name)].key
        else:
            today = clock.today()
            known = sorted(self._years.values(), key=lambda y: y.rules.first_day)
            current = [y for y in known if y.rules.contains(today)]
            chosen = current or known[-1:]
            self._default_year = chosen[0].key if chosen else None

    def _unknown_year(self, text: str) -> str:
        message = _("mācību gada «{text}» nav ne lapā «{sheet}», ne saglabātā.")
        return message.format(text=text, sheet=YEAR.name)

    def _year_of(self, row: Row, text: str) -> uuid.UUID:
        if not text:
            if self._default_year is None:
                message = _("norādiet mācību gadu (skolai vēl nav neviena).")
                raise row.problem("year", message)
            return self._default_year
        year = self._years.get(year_key(text))
        if year is None:
            raise row.problem("year", self._unknown_year(text))
        return year.key

    # --- subjects -----------------------------------------------------------------------

    def _plan_subjects(self, book: Workbook) -> None:
        stored = {
            fold(row.name): row for row in self._live(Subject, Subject.school_id == self._school)
        }
        self._subjects = {name: row.id for name, row in stored.items()}
        for subject in book.subjects:
            row = stored.get(fold(subject.details.name))
            before = subject_details(row) if row is not None else None
            details = _kept(subject.row, subject.details, before,
                            short_name="short_name", kind="kind", marks="pass_fail")  # fmt: skip
            key = row.id if row is not None else uuid.uuid4()
            self._subjects[fold(details.name)] = key
            base = subject_texts(before) if before is not None else None
            if (changed := self._decide(subject.row, base, subject_texts(details))) is not None:
                args = subject_args(key, details, False, base)
                self._add(subject.row, details.name, "subject.set", key, details, args, changed)

    # --- staff --------------------------------------------------------------------------

    def _plan_staff(self, book: Workbook) -> None:
        stored = self._live(Staff, Staff.school_id == self._school)
        by_code = {row.personal_code: row for row in stored if row.personal_code}
        by_name: dict[str, list[Staff]] = defaultdict(list)
        by_login = {row.username.lower(): row for row in stored}
        for row in stored:
            login = "" if row.username.startswith(PROVISIONAL) else row.username
            self._staff.add(row.id, row.personal_code, row.first_name, row.last_name, login)
            by_name[fold(f"{row.first_name} {row.last_name}")].append(row)
        for card in book.staff:
            details = card.details
            row = by_code.get(details.personal_code) if details.personal_code else None
            if row is None and card.username:
                row = by_login.get(card.username)
                if row is None:
                    message = _("kartītes ar lietotājvārdu «{text}» nav.")
                    raise card.row.problem("username", message.format(text=card.username))
            if row is None:
                same = [
                    other
                    for other in by_name[fold(f"{details.first_name} {details.last_name}")]
                    if not (other.personal_code and details.personal_code)
                ]
                if len(same) > 1:
                    message = _("šāds vārds un uzvārds ir vairākiem: norādiet personas kodu.")
                    raise card.row.problem("personal_code", message)
                row = same[0] if same else None
            before = staff_details(row) if row is not None else None
            details = _kept(card.row, details, before, personal_code="personal_code",
                            phone="phone", email="email", employed_from="employed_from",
                            employed_until="employed_until")  # fmt: skip
            card.row.checked(
                "roles",
                partial(
                    check_grant,
                    self._granter,
                    before.roles if before else frozenset(),
                    details.roles,
                ),
            )
            key = row.id if row is not None else uuid.uuid4()
            self._staff.add(key, details.personal_code, details.first_name, details.last_name)
            base = staff_texts(before) if before is not None else None
            if (changed := self._decide(card.row, base, staff_texts(details))) is not None:
                args = staff_args(key, details, False, base)
                what = full_name(details.first_name, details.last_name)
                self._add(card.row, what, "staff.set", key, details, args, changed)

    def _staff_of(self, row: Row, column: str, text: str) -> uuid.UUID:
        message = _("darbinieka «{text}» nav ne lapā «{sheet}», ne saglabātā.")
        return self._staff.find(row, column, text, message.replace("{sheet}", STAFF.name))

    # --- classes ------------------------------------------------------------------------

    def _plan_classes(self, book: Workbook) -> None:
        years = {year.key for year in self._years.values()}
        stored: dict[tuple[uuid.UUID, str], ClassGroup] = {}
        for row in self._live(ClassGroup, ClassGroup.school_year_id.in_(years)):
            stored[(row.school_year_id, fold(row.name))] = row
            self._classes[(row.school_year_id, fold(row.name))] = (row.id, class_details(row))
        for group in book.classes:
            year = self._year_of(group.row, group.year)
            row = stored.get((year, fold(group.details.name)))
            before = class_details(row) if row is not None else None
            details = _kept(group.row, group.details, before, kind="kind",
                            programme="programme")  # fmt: skip
            if group.row.has("tutor") or row is None:
                tutor = (self._staff_of(group.row, "tutor", group.tutor)
                         if group.tutor else None)  # fmt: skip
            else:
                tutor = row.tutor_id
            key = row.id if row is not None else uuid.uuid4()
            self._classes[(year, fold(details.name))] = (key, details)
            base = class_texts(before, row.tutor_id) if row and before else None
            if (changed := self._decide(group.row, base, class_texts(details, tutor))) is not None:
                args = class_args(key, year, details, tutor, False, base)
                self._add(group.row, details.name, "class_group.set", key, details, args,
                          changed, year, tutor)  # fmt: skip

    def _class_of(self, row: Row, year: uuid.UUID, text: str) -> tuple[uuid.UUID, ClassDetails]:
        found = self._classes.get((year, fold(text)))
        if found is None:
            message = _("klases «{text}» šajā mācību gadā nav ne lapā «{sheet}», ne saglabātā.")
            raise row.problem("class", message.format(text=text, sheet=CLASSES.name))
        return found

    # --- students -----------------------------------------------------------------------

    def _plan_students(self, book: Workbook) -> None:
        years = {year.key for year in self._years.values()}
        classes = {
            row.id: row for row in self._live(ClassGroup, ClassGroup.school_year_id.in_(years))
        }
        stored = self._live(Student, Student.school_id == self._school)
        by_code = {row.personal_code: row for row in stored if row.personal_code}
        for row in stored:
            group = classes.get(row.class_group_id) if row.class_group_id else None
            if group is not None:
                index = self._students[group.school_year_id]
                index.add(row.id, row.personal_code, row.first_name, row.last_name)
                self._names[row.id] = f"{row.first_name} {row.last_name}"
        for card in book.students:
            year = self._default_year
            if year is None:
                raise card.row.problem("class", _("skolai vēl nav neviena mācību gada."))
            class_key, _details = self._class_of(card.row, year, card.class_name)
            row = by_code.get(str(card.values["personal_code"]))
            if row is not None and row.class_group_id != class_key:
                now = classes.get(row.class_group_id) if row.class_group_id else None
                message = _("skolēns jau mācās klasē «{name}»: citā klasē pārceļ ar rīkojumu.")
                raise card.row.problem("class", message.format(name=now.name if now else "—"))
            before = (
                student_details(row, guardians_of(self._session, row.id))
                if row is not None
                else None
            )
            details = StudentDetails(
                **card.values,  # type: ignore[arg-type]
                class_group_id=class_key,
                guardians=self._guardians(card, before),
            )
            details = _kept(card.row, details, before, **{
                key: key for key in card.values if key not in ("first_name", "last_name",
                                                                "personal_code")
            })  # fmt: skip
            details = card.row.checked(None, partial(validate_student, details))
            key = row.id if row is not None else uuid.uuid4()
            self._students[year].add(key, details.personal_code, details.first_name,
                                     details.last_name)  # fmt: skip
            self._names[key] = f"{details.first_name} {details.last_name}"
            base = student_texts(before) if before is not None else None
            if (changed := self._decide(card.row, base, student_texts(details))) is not None:
                args = student_args(key, details, False, base)
                what = full_name(details.first_name, details.last_name)
                self._add(card.row, what, "student.set", key, details, args, changed)

    def _guardians(self, card: Any, before: StudentDetails | None) -> tuple[GuardianDetails, ...]:
        """The file's guardians; one the card has already keeps its id (and so is no
        change), a column the sheet leaves out keeps the card's guardians."""
        if before is not None and not card.row.has("g1_first"):
            return before.guardians
        known = {fold(f"{g.first_name} {g.last_name}"): g.id for g in before.guardians} if (
            before is not None) else {}  # fmt: skip
        return tuple(
            GuardianDetails(
                known.get(fold(f"{g.first_name} {g.last_name}")) or uuid.uuid4(),
                g.first_name,
                g.last_name,
                g.phone,
            )
            for g in card.guardians
        )

    # --- courses ------------------------------------------------------------------------

    def _plan_courses(self, book: Workbook) -> None:
        years = {year.key for year in self._years.values()}
        stored = {
            (row.school_year_id, fold(row.name)): row
            for row in self._live(Course, Course.school_year_id.in_(years))
        }
        seen: dict[tuple[uuid.UUID, str], int] = {}
        for course in book.courses:
            row_ = course.row
            year = self._year_of(row_, course.year)
            subject = self._subjects.get(fold(course.subject))
            if subject is None:
                message = _("priekšmeta «{text}» nav ne lapā «{sheet}», ne saglabātā.")
                raise row_.problem(
                    "subject", message.format(text=course.subject, sheet=SUBJECTS.name)
                )
            group = self._class_of(row_, year, course.class_name) if course.class_name else None
            missing = _("skolēna «{text}» šajā mācību gadā nav ne lapā «{sheet}», ne saglabātā.")
            students = frozenset(
                self._students[year].find(
                    row_, "students", text, missing.replace("{sheet}", STUDENTS.name)
                )
                for text in course.students
            )
            kind = course.kind or (
                CourseKind.CLASS
                if not students
                else CourseKind.INDIVIDUAL
                if len(students) == 1 and group is None
                else CourseKind.GROUP
            )
            name = course.name or self._course_name(course.subject, kind, group, students)
            if not name:
                raise row_.problem("name", _("grupas kursam norādiet nosaukumu."))
            where = (year, fold(name))
            if where in seen:
                message = _("kurss ar šo nosaukumu jau ir {row}. rindā.")
                raise row_.problem("name", message.format(row=seen[where]))
            seen[where] = row_.number
            row = stored.get(where)
            before = course_details(self._session, row) if row is not None else None
            teacher = self._staff_of(row_, "teacher", course.teacher)
            concertmaster = (
                self._staff_of(row_, "concertmaster", course.concertmaster)
                if course.concertmaster
                else None
            )
            descriptive = course.descriptive
            if descriptive is None:
                descriptive = (
                    before.descriptive
                    if before is not None
                    else group is not None
                    and group[1].kind is GroupKind.CLASS
                    and group[1].grade <= 3
                    and kind is not CourseKind.INDIVIDUAL
                )
            details = CourseDetails(
                name,
                subject,
                kind,
                teacher,
                group[0] if group else None,
                students,
                concertmaster,
                course.weekly_lessons,
                descriptive,
            )
            details = _kept(row_, details, before, concertmaster="concertmaster_id",
                            weekly_lessons="weekly_lessons")  # fmt: skip
            details = row_.checked(None, partial(validate_course, details))
            key = row.id if row is not None else uuid.uuid4()
            base = course_texts(before) if before is not None else None
            if (changed := self._decide(row_, base, course_texts(details))) is not None:
                args = course_args(key, year, details, False, base)
                self._add(row_, details.name, "course.set", key, details, args, changed, year)

    def _course_name(
        self,
        subject: str,
        kind: CourseKind,
        group: tuple[uuid.UUID, ClassDetails] | None,
        students: frozenset[uuid.UUID],
    ) -> str:
        if kind is CourseKind.INDIVIDUAL and len(students) == 1:
            (student,) = students
            return f"{subject} — {self._names.get(student, '')}".strip(" —")
        return f"{subject} {group[1].name}" if group is not None else ""


def _year_rules(
    year: YearRow,
    before: YearRules | None,
    known: YearRules | None,
    holidays: tuple[HolidayPeriod, ...] | None,
) -> YearRules:
    """The year the row describes; a date it leaves empty is the stored year's, else the
    shipped year's of that name."""
    template = before or known

    def day(key: str, of: Callable[[YearRules], dt.date | None]) -> dt.date | None:
        value = year.dates.get(key)
        if value is not None:
            return value
        if template is None:
            if key == "first_school_day":
                return None
            message = _("vērtība ir obligāta (programma šo mācību gadu nezina).")
            raise year.row.problem(key, message)
        return of(template)

    def semester(number: int) -> Semester:
        def of(attribute: str) -> Callable[[YearRules], dt.date]:
            return lambda t: getattr(t.semesters[number - 1], attribute)

        prefix = f"s{number}_"
        dates = [day(prefix + name, of(attribute)) for name, attribute in
                 (("start", "start"), ("end", "end"), ("deadline", "mark_deadline"))]  # fmt: skip
        return year.row.checked(
            prefix + "start",
            lambda: Semester(number, *dates),  # type: ignore[arg-type]
        )

    first, last = day("first_day", lambda t: t.first_day), day("last_day", lambda t: t.last_day)
    deadline = day("year_deadline", lambda t: t.year_mark_deadline)
    rules = year.row.checked(
        None,
        lambda: YearRules(
            before.name if before is not None else year.name,
            first,  # type: ignore[arg-type]
            last,  # type: ignore[arg-type]
            (semester(1), semester(2)),
            holidays if holidays is not None else (template.holidays if template else ()),
            deadline,  # type: ignore[arg-type]
            before.draft if before is not None else first > clock.today(),  # type: ignore[operator]
            day("first_school_day", lambda t: t.first_school_day),
        ),
    )
    return rules


def _kept(row: Row, details: T, before: object | None, **columns: str) -> T:
    """``details`` with the stored value of each field whose column (key → field) the sheet
    leaves out."""
    if before is None:
        return details
    kept = {name: getattr(before, name) for key, name in columns.items() if not row.has(key)}
    return replace(details, **kept) if kept else details  # type: ignore[type-var]
