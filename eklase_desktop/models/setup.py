"""The school's set-up as the laptop and the server write and check it alike (SPEC C1;
DOMAIN: school set-up): a school year's semesters and holidays, kept as rows of their own
beside the year; the checks of a year, a class and a subject as a whole (they raise
DomainError with a Latvian message); rows read as the domain's objects."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.journal_checks import CheckDetails, CheckKind
from eklase_desktop.domain.lessons import CourseKind, SubjectKind
from eklase_desktop.domain.orders import OrderDetails, OrderKind
from eklase_desktop.domain.period_locks import LockDetails, LockScope
from eklase_desktop.domain.roles import parse_roles
from eklase_desktop.domain.school import (
    ClassDetails,
    CourseDetails,
    Gender,
    GroupKind,
    GuardianDetails,
    InvalidSetUp,
    StaffDetails,
    StudentDetails,
    SubjectDetails,
    validate_class,
    validate_subject,
)
from eklase_desktop.domain.school_year import (
    YEAR_FIELDS,
    HolidayPeriod,
    Semester,
    check_marked_days,
)
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.domain.statistics import LateChanges, SchoolRules
from eklase_desktop.domain.substitutions import (
    SubstitutionDetails,
    validate_substitution,
)
from eklase_desktop.i18n import N_, _
from eklase_desktop.models.base import cell_id
from eklase_desktop.models.journal import (
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Guardian,
    JournalCheck,
    Lesson,
    Mark,
    PeriodLock,
    PeriodMark,
    SchoolYear,
    Staff,
    Student,
    Subject,
    Substitution,
)
from eklase_desktop.models.journal import HolidayPeriod as HolidayRow
from eklase_desktop.models.journal import SchoolRules as SchoolRulesRow
from eklase_desktop.models.journal import Semester as SemesterRow

# A card made here has this login name until the server gives it one: it can clash with no
# name the rule makes (two laptops may make cards for two people of the same name offline).
PROVISIONAL = "~"


def store_semesters(
    session: Session, row: SchoolYear, semesters: tuple[Semester, ...]
) -> list[SemesterRow]:
    """A row per semester number (a new one's id derived from the year's and the number)."""
    changed: list[SemesterRow] = []
    kept = {
        child.number: child
        for child in session.scalars(
            select(SemesterRow).where(SemesterRow.school_year_id == row.id)
        )
    }
    for semester in semesters:
        child = kept.get(semester.number)
        if child is None:
            key = cell_id("semester", row.id, str(semester.number))
            child = SemesterRow(id=key, school_year_id=row.id, number=semester.number)
            session.add(child)
        child.start, child.end = semester.start, semester.end
        child.mark_deadline, child.deleted = semester.mark_deadline, False
        changed.append(child)
    return changed


def store_holidays(
    session: Session, row: SchoolYear, holidays: tuple[HolidayPeriod, ...]
) -> list[HolidayRow]:
    """The year's holidays in date order, each in a row of the year's by place (a new one's
    id derived from the year's and the place); rows past the list are deleted. Returns the
    rows it changed."""
    changed: list[HolidayRow] = []
    kept = list(
        session.scalars(
            select(HolidayRow)
            .where(HolidayRow.school_year_id == row.id)
            .order_by(HolidayRow.deleted, HolidayRow.start, HolidayRow.id)
        )
    )
    for index in range(max(len(holidays), len(kept))):
        child = kept[index] if index < len(kept) else None
        if index >= len(holidays):
            if child is not None and not child.deleted:
                child.deleted = True
                changed.append(child)
            continue
        if child is None:
            child = HolidayRow(id=cell_id("holiday_period", row.id, str(index)))
            child.school_year_id = row.id
            session.add(child)
        holiday = holidays[index]
        wanted = (holiday.name, holiday.start, holiday.end, False)
        if (child.name, child.start, child.end, child.deleted) != wanted:
            child.name, child.start, child.end, child.deleted = wanted
            changed.append(child)
    return changed


def stored_year(session: Session, row: SchoolYear) -> YearRules:
    """The stored year as the domain's object (not validated again: it was when stored)."""
    # queried, not the relationships: those may have been loaded before a change
    semesters = session.scalars(
        select(SemesterRow)
        .where(SemesterRow.school_year_id == row.id, SemesterRow.deleted.is_(False))
        .order_by(SemesterRow.number)
    )
    holidays = session.scalars(
        select(HolidayRow)
        .where(HolidayRow.school_year_id == row.id, HolidayRow.deleted.is_(False))
        .order_by(HolidayRow.start)
    )
    rules = object.__new__(YearRules)  # as stored, even if a rule changed since
    values = {
        "name": row.name,
        "first_day": row.first_day,
        "last_day": row.last_day,
        "semesters": tuple(Semester(s.number, s.start, s.end, s.mark_deadline) for s in semesters),
        "holidays": tuple(HolidayPeriod(h.name, h.start, h.end) for h in holidays),
        "year_mark_deadline": row.year_mark_deadline,
        "draft": row.draft,
        "first_school_day": row.first_school_day,
    }
    for name, value in values.items():
        object.__setattr__(rules, name, value)
    return rules


def marked_days(session: Session, year_id: uuid.UUID) -> list[dt.date]:
    return list(
        session.scalars(
            select(Lesson.date)
            .distinct()
            .join(Course, Course.id == Lesson.course_id)
            .join(Mark, Mark.lesson_id == Lesson.id)
            .where(
                Course.school_year_id == year_id,
                Lesson.deleted.is_(False),
                Mark.deleted.is_(False),
            )
        )
    )


def check_year(session: Session, row: SchoolYear, before: YearRules | None) -> None:
    """The merged year must be a valid one, and marks keep their period."""
    stored = stored_year(session, row)
    merged = YearRules(**{name: getattr(stored, name) for name in YEAR_FIELDS})
    check_marked_days(before, merged, marked_days(session, row.id))


def class_details(row: ClassGroup) -> ClassDetails:
    return ClassDetails(row.name, row.grade, GroupKind(row.kind), row.programme or "")


def subject_details(row: Subject) -> SubjectDetails:
    return SubjectDetails(row.name, row.short_name or "", SubjectKind(row.kind), row.pass_fail)


def _another(session: Session, model: Any, row: Any, *where: Any) -> bool:
    """Whether a live row of ``model`` other than ``row`` matches ``where``."""
    query = select(func.count()).where(*where, model.deleted.is_(False), model.id != row.id)
    return bool(session.scalar(query))


def check_class(session: Session, row: ClassGroup) -> None:
    validate_class(class_details(row))
    same_name = (
        ClassGroup.school_year_id == row.school_year_id,
        func.lower(ClassGroup.name) == row.name.lower(),
    )
    if not row.deleted and _another(session, ClassGroup, row, *same_name):
        raise InvalidSetUp(_("Klase «{name}» šajā mācību gadā jau ir.").format(name=row.name))
    if row.tutor_id is not None:
        tutor = session.get(Staff, row.tutor_id)
        if tutor is None or tutor.deleted:
            raise InvalidSetUp(_("Audzinātājs nav atrasts."))
    if row.deleted:
        pupils = select(func.count()).where(
            Student.class_group_id == row.id, Student.deleted.is_(False)
        )
        courses = select(func.count()).where(
            Course.class_group_id == row.id, Course.deleted.is_(False)
        )
        if session.scalar(pupils) or session.scalar(courses):
            raise InvalidSetUp(
                _("Klasē ir skolēni vai kursi: vispirms pārceliet tos, tad dzēsiet klasi.")
            )


def check_subject(session: Session, row: Subject) -> None:
    validate_subject(subject_details(row))
    same_name = (Subject.school_id == row.school_id, func.lower(Subject.name) == row.name.lower())
    if not row.deleted and _another(session, Subject, row, *same_name):
        raise InvalidSetUp(_("Mācību priekšmets «{name}» jau ir.").format(name=row.name))
    used = select(func.count()).where(Course.subject_id == row.id, Course.deleted.is_(False))
    if row.deleted and session.scalar(used):
        raise InvalidSetUp(_("Priekšmetam ir kursi: vispirms dzēsiet vai mainiet tos."))


def check_staff(session: Session, row: Staff) -> None:
    """A staff card's personal code is one person's; a card of someone who teaches a course
    or tutors a class is not deleted (their employment ends instead)."""
    same_code = Staff.personal_code == row.personal_code
    if row.personal_code and not row.deleted and _another(session, Staff, row, same_code):
        raise InvalidSetUp(_("Darbinieks ar šo personas kodu jau ir."))
    if row.deleted:
        teaches = select(func.count()).where(
            or_(Course.teacher_id == row.id, Course.concertmaster_id == row.id),
            Course.deleted.is_(False),
        )
        tutors = select(func.count()).where(
            ClassGroup.tutor_id == row.id, ClassGroup.deleted.is_(False)
        )
        if session.scalar(teaches) or session.scalar(tutors):
            raise InvalidSetUp(
                _("Darbinieks vada kursus vai audzina klasi: norādiet darba attiecību beigas.")
            )


def staff_details(row: Staff) -> StaffDetails:
    return StaffDetails(
        row.first_name,
        row.last_name,
        parse_roles(row.roles),
        row.personal_code or "",
        row.phone or "",
        row.email or "",
        row.employed_from,
        row.employed_until,
    )


def store_guardians(
    session: Session, student: Student, guardians: tuple[GuardianDetails, ...]
) -> list[Guardian]:
    """The student's guardians as given, by their ids; others of the student's are deleted.
    Returns the rows it changed."""
    changed: list[Guardian] = []
    wanted = {guardian.id: guardian for guardian in guardians}
    kept = {
        row.id: row
        for row in session.scalars(select(Guardian).where(Guardian.student_id == student.id))
    }
    for key in kept.keys() - wanted.keys():
        if not kept[key].deleted:
            kept[key].deleted = True
            changed.append(kept[key])
    for key, guardian in wanted.items():
        row = kept.get(key) or session.get(Guardian, key)
        if row is None:
            row = Guardian(id=key, student_id=student.id)
            session.add(row)
        elif row.student_id != student.id:
            raise InvalidSetUp(_("Vecāka ieraksts pieder citam skolēnam."))
        values = (guardian.first_name, guardian.last_name, guardian.phone or None, False)
        if (row.first_name, row.last_name, row.phone, row.deleted) != values:
            row.first_name, row.last_name, row.phone, row.deleted = values
            changed.append(row)
    return changed


def enrol_in_class_courses(session: Session, student: Student, start: dt.date) -> list[Enrolment]:
    """Enrols a new student of a class in the class's courses from ``start`` (a class course
    enrols the class, DOMAIN: school set-up). The ids are derived from course and student, so
    the laptop and the server make the same rows."""
    if student.class_group_id is None:
        return []
    courses = session.scalars(
        select(Course.id).where(
            Course.class_group_id == student.class_group_id,
            Course.kind == "class",
            Course.deleted.is_(False),
        )
    ).all()
    made = []
    for course in courses:
        found = session.scalars(
            select(Enrolment).where(
                Enrolment.course_id == course, Enrolment.student_id == student.id
            )
        ).first()  # (one per course and student, whatever its id)
        if found is None:
            key = cell_id("enrolment", course, student.id)
            row = Enrolment(id=key, course_id=course, student_id=student.id, start=start)
            session.add(row)
            made.append(row)
        elif found.deleted or found.end is not None:  # back in a class they had left
            if found.deleted:
                found.start = start
            found.deleted, found.end = False, None
            made.append(found)
    return made


def check_student(session: Session, row: Student) -> None:
    """A personal code is one student's; a card is deleted only while nothing was entered
    for the student (marks, absences): a student who has studied leaves by an order."""
    if not row.deleted:
        same = (Student.personal_code == row.personal_code, Student.school_id == row.school_id)
        if row.personal_code and _another(session, Student, row, *same):
            raise InvalidSetUp(_("Skolēns ar šo personas kodu jau ir."))
        return
    entered = [
        select(func.count()).where(model.student_id == row.id, model.deleted.is_(False))
        for model in (Mark, Attendance, PeriodMark)
    ]
    if any(session.scalar(query) for query in entered):
        raise InvalidSetUp(
            _("Skolēnam jau ir vērtējumi vai kavējumi: izslēdziet viņu ar rīkojumu.")
        )


def student_details(row: Student, guardians: list[Guardian]) -> StudentDetails:
    return StudentDetails(
        row.first_name,
        row.last_name,
        row.personal_code or "",
        row.class_group_id,
        row.birth_date,
        Gender(row.gender) if row.gender else None,
        row.phone or "",
        row.declared_address or "",
        row.actual_address or "",
        row.programme or "",
        row.id_document or "",
        row.id_document_issuer or "",
        row.id_document_date,
        row.admission_order or "",
        row.admitted_on,
        tuple(
            GuardianDetails(g.id, g.first_name, g.last_name, g.phone or "")
            for g in guardians
            if not g.deleted
        ),
    )


def guardians_of(session: Session, student_id: uuid.UUID) -> list[Guardian]:
    return list(session.scalars(select(Guardian).where(Guardian.student_id == student_id)))


def course_students(session: Session, course_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """The students enrolled in the course now."""
    return frozenset(
        session.scalars(
            select(Enrolment.student_id).where(
                Enrolment.course_id == course_id, Enrolment.deleted.is_(False)
            )
        )
    )


def store_course_students(
    session: Session, course: Course, chosen: frozenset[uuid.UUID], start: dt.date
) -> list[Enrolment]:
    """Enrols a class course's class, or a group's or an individual course's ``chosen``
    students, from ``start``; a student no longer wanted leaves the course if nothing was
    entered for them in it (else InvalidSetUp: they leave by an order). Enrolment ids are
    derived from course and student. Returns the rows it changed."""
    if course.kind == "class":
        chosen = frozenset(
            session.scalars(
                select(Student.id).where(
                    Student.class_group_id == course.class_group_id, Student.deleted.is_(False)
                )
            )
        )
    rows = {
        row.student_id: row
        for row in session.scalars(select(Enrolment).where(Enrolment.course_id == course.id))
    }
    changed: list[Enrolment] = []
    for student, row in rows.items():
        # a student an order took out (``end``) stays as the order left them
        if student not in chosen and not row.deleted and row.end is None:
            if _entered(session, course.id, student):
                raise InvalidSetUp(_("Skolēnam šajā kursā jau ir ieraksti: viņš paliek kursā."))
            row.deleted = True
            changed.append(row)
    for student in chosen:
        found = rows.get(student)
        if found is None:
            row = Enrolment(
                id=cell_id("enrolment", course.id, student),
                course_id=course.id,
                student_id=student,
                start=start,
            )
            session.add(row)
            changed.append(row)
        elif found.deleted:
            found.deleted, found.start, found.end = False, start, None
            changed.append(found)
    return changed


def _entered(session: Session, course_id: uuid.UUID, student_id: uuid.UUID) -> bool:
    lessons = select(Lesson.id).where(Lesson.course_id == course_id)
    for model in (Mark, Attendance):
        query = select(func.count()).where(
            model.lesson_id.in_(lessons), model.student_id == student_id, model.deleted.is_(False)
        )
        if session.scalar(query):
            return True
    periods = select(func.count()).where(
        PeriodMark.course_id == course_id,
        PeriodMark.student_id == student_id,
        PeriodMark.deleted.is_(False),
    )
    return bool(session.scalar(periods))


def check_course(session: Session, row: Course) -> None:
    """What a course names exists; a course with lessons is not deleted."""
    subject = session.get(Subject, row.subject_id)
    if subject is None or subject.deleted:
        raise InvalidSetUp(_("Mācību priekšmets nav atrasts."))
    for staff_id in (row.teacher_id, row.concertmaster_id):
        staff = session.get(Staff, staff_id) if staff_id else None
        if staff_id and (staff is None or staff.deleted):
            raise InvalidSetUp(_("Skolotājs vai koncertmeistars nav atrasts."))
    if row.class_group_id is not None:
        group = session.get(ClassGroup, row.class_group_id)
        if group is None or group.deleted or group.school_year_id != row.school_year_id:
            raise InvalidSetUp(_("Klase nav atrasta šajā mācību gadā."))
    if row.deleted:
        lessons = select(func.count()).where(Lesson.course_id == row.id, Lesson.deleted.is_(False))
        if session.scalar(lessons):
            raise InvalidSetUp(_("Kursam jau ir stundas: to nevar dzēst."))


def course_details(session: Session, row: Course) -> CourseDetails:
    kind = CourseKind(row.kind)
    students = frozenset() if kind is CourseKind.CLASS else course_students(session, row.id)
    return CourseDetails(
        row.name,
        row.subject_id,
        kind,
        row.teacher_id,
        row.class_group_id,
        students,
        row.concertmaster_id,
        row.weekly_lessons,
        row.descriptive,
    )


def enrolment_start(session: Session, course: Course) -> dt.date:
    """A course's students join it today, or on its year's first day before the year."""
    year = session.get(SchoolYear, course.school_year_id)
    today = clock.today()
    if year is None or year.first_day <= today <= year.last_day:
        return today
    return year.first_day if today < year.first_day else year.last_day


# --- substitutions (SPEC J4) ---------------------------------------------------------------


def substituted_courses(staff_id: uuid.UUID) -> Any:
    """The courses ``staff_id`` substitutes in or did (a select of their ids)."""
    return select(Substitution.course_id).where(
        Substitution.substitute_id == staff_id, Substitution.deleted.is_(False)
    )


def substitutes_on(
    session: Session, course_id: uuid.UUID, staff_id: uuid.UUID, day: dt.date
) -> bool:
    """Whether ``staff_id`` substitutes in the course on ``day``."""
    found = select(func.count()).where(
        Substitution.course_id == course_id,
        Substitution.substitute_id == staff_id,
        Substitution.start <= day,
        Substitution.end >= day,
        Substitution.deleted.is_(False),
    )
    return bool(session.scalar(found))


SUBSTITUTE_DAYS = N_("Aizvietotājs stundu var ielikt tikai aizvietošanas dienās.")


def substitution_details(row: Substitution) -> SubstitutionDetails:
    return SubstitutionDetails(row.course_id, row.substitute_id, row.start, row.end)


def check_substitution(session: Session, row: Substitution) -> None:
    """The course and the substitute exist; the substitute is not its teacher; the days lie
    in the course's school year."""
    validate_substitution(substitution_details(row))
    course = session.get(Course, row.course_id)
    if course is None or course.deleted:
        raise InvalidSetUp(_("Kurss nav atrasts."))
    staff = session.get(Staff, row.substitute_id)
    if staff is None or staff.deleted:
        raise InvalidSetUp(_("Aizvietotājs nav atrasts."))
    if row.substitute_id == course.teacher_id:
        raise InvalidSetUp(_("Aizvietotājs nav tas pats, kas kursa skolotājs."))
    year = session.get(SchoolYear, course.school_year_id)
    if year is not None and not (year.first_day <= row.start and row.end <= year.last_day):
        raise InvalidSetUp(_("Aizvietošanas dienām jābūt kursa mācību gadā."))


# --- orders about a student (SPEC C2) --------------------------------------------------------


def apply_order(session: Session, student: Student, order: OrderDetails) -> list[Enrolment]:
    """Carries out an order on its day: the student leaves the courses (a transfer or a
    promotion: the old class's class courses; an expulsion or a graduation: every course) the
    day before; a transfer enrols them in the new class's class courses from the day, a
    promotion (the next year's class, SPEC Y1) in those there are. Raises InvalidSetUp.
    Returns the enrolments it changed or made."""
    if student.deleted or student.left_on is not None:
        raise InvalidSetUp(_("Skolēns jau ir atskaitīts no skolas."))
    group = session.get(ClassGroup, student.class_group_id) if student.class_group_id else None
    year = session.get(SchoolYear, group.school_year_id) if group is not None else None
    in_year = year is not None and year.first_day <= order.day <= year.last_day
    if order.kind in (OrderKind.TRANSFER, OrderKind.EXPULSION) and year and not in_year:
        raise InvalidSetUp(_("Rīkojuma datumam jābūt skolēna klases mācību gadā."))
    if not order.kind.moves:
        ended = _end_enrolments(session, student, order.day, None)
        student.left_on, student.leaving_order = order.day, order.number
        return ended
    target = session.get(ClassGroup, order.class_group_id) if order.class_group_id else None
    if target is None or target.deleted:
        raise InvalidSetUp(_("Klase nav atrasta."))
    if order.kind is OrderKind.TRANSFER:
        if group is not None and target.school_year_id != group.school_year_id:
            raise InvalidSetUp(_("Klase nav atrasta skolēna mācību gadā."))
    else:  # a promotion: to a class of a later year, on a day of that year
        new_year = session.get(SchoolYear, target.school_year_id)
        later = new_year is not None and (year is None or new_year.first_day > year.last_day)
        if not later or not (new_year and new_year.first_day <= order.day <= new_year.last_day):
            raise InvalidSetUp(_("Nākamajā klasē pārceļ uz nākamā mācību gada klasi."))
    if group is not None and target.id == group.id:
        raise InvalidSetUp(_("Skolēns jau mācās šajā klasē."))
    old = select(Course.id).where(
        Course.class_group_id == student.class_group_id, Course.kind == "class"
    )
    ended = _end_enrolments(session, student, order.day, old)
    student.class_group_id = target.id
    session.flush()
    return ended + enrol_in_class_courses(session, student, order.day)


def _end_enrolments(
    session: Session, student: Student, day: dt.date, courses: Any | None
) -> list[Enrolment]:
    query = select(Enrolment).where(
        Enrolment.student_id == student.id,
        Enrolment.deleted.is_(False),
        or_(Enrolment.end.is_(None), Enrolment.end >= day),
    )
    if courses is not None:
        query = query.where(Enrolment.course_id.in_(courses))
    rows = list(session.scalars(query))
    for row in rows:
        row.end = day - dt.timedelta(days=1)
    return rows


# --- a year that is over (SPEC Y1) ---------------------------------------------------------


def year_closed(session: Session, year_id: uuid.UUID) -> bool:
    """A school year is read-only once the school's next year has begun: its journals are
    kept and printed, not written."""
    year = session.get(SchoolYear, year_id)
    if year is None:
        return False
    later = select(func.count()).where(
        SchoolYear.school_id == year.school_id,
        SchoolYear.first_day > year.first_day,
        SchoolYear.first_day <= clock.today(),
        SchoolYear.deleted.is_(False),
    )
    return bool(session.scalar(later))


def closed_on(session: Session, school_id: uuid.UUID, day: dt.date) -> bool:
    """Whether ``day`` lies in a closed year of the school (``year_closed``)."""
    years = session.scalars(
        select(SchoolYear.id).where(
            SchoolYear.school_id == school_id,
            SchoolYear.first_day <= day,
            SchoolYear.last_day >= day,
            SchoolYear.deleted.is_(False),
        )
    ).all()
    return any(year_closed(session, year) for year in years)


YEAR_CLOSED = N_("Mācību gads ir noslēgts: tā žurnālus var lasīt un drukāt, bet ne mainīt.")


def lock_details(row: PeriodLock) -> LockDetails:
    """A period lock's row as the domain's lock (the laptop and the server alike)."""
    return LockDetails(
        LockScope(row.scope),
        row.start,
        row.end,
        row.label,
        row.class_group_id,
        row.course_id,
        bool(row.reopened),
    )


def check_details(row: JournalCheck) -> CheckDetails:
    return CheckDetails(row.day, row.classes, row.note, CheckKind(row.kind), row.signed_on)


def rules_details(row: SchoolRulesRow) -> SchoolRules:
    late = LateChanges(row.late_changes)
    return SchoolRules(row.min_marks, Decimal(row.average_drop), row.unjustified_limit, late)
