"""Lessons: types, reasons a lesson was not held, automatic topics (SPEC J1-J5, J11, J18)."""

from __future__ import annotations

import enum
from datetime import date

from eklase_desktop.domain.calendar import is_public_holiday
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.school_year import SchoolYear
from eklase_desktop.i18n import N_, _


class LessonType(enum.StrEnum):
    ORDINARY = "ordinary"
    MAKEUP = "makeup"  # stundas atstrāde (SPEC J3)
    NOT_HELD = "not_held"  # SPEC J2


class NotHeldReason(enum.StrEnum):
    """Why the teacher was away (SPEC J2)."""

    SICK_LEAVE = "sick_leave"
    FURTHER_EDUCATION = "further_education"
    COMPETITIONS = "competitions"
    OTHER_AGREED = "other_agreed"


class CourseKind(enum.StrEnum):
    """Class, group or individual (one student) course (SPEC J18)."""

    CLASS = "class"
    GROUP = "group"
    INDIVIDUAL = "individual"


class SubjectKind(enum.StrEnum):
    """Professional subjects get a semester programme (SPEC J11) and no ``atb`` (J10)."""

    GENERAL = "general"
    PROFESSIONAL = "professional"
    THEORY = "theory"


NOT_PROFESSIONAL = N_("Semestra programmu ieraksta profesionālajos priekšmetos (ne teorijā).")


def lesson_type_label(lesson_type: LessonType) -> str:
    labels = {
        LessonType.ORDINARY: _("Mācību stunda"),
        LessonType.MAKEUP: _("Stundas atstrāde"),
        LessonType.NOT_HELD: _("Stunda nenotika"),
    }
    return labels[lesson_type]


def not_held_reason_label(reason: NotHeldReason) -> str:
    labels = {
        NotHeldReason.SICK_LEAVE: _("darbnespēja"),
        NotHeldReason.FURTHER_EDUCATION: _("tālākizglītība"),
        NotHeldReason.COMPETITIONS: _("konkursi"),
        NotHeldReason.OTHER_AGREED: _("cita saskaņota prombūtne"),
    }
    return labels[reason]


# The fields of a lesson a teacher edits (the lesson panel; the sync protocol's lesson.update).
def lesson_type_of(text: str | None) -> LessonType:
    """The lesson type stored as ``text``; an ordinary lesson for a value this version does
    not know (a newer server's, or one stored before the server checked): shown, never a
    crash."""
    try:
        return LessonType(text or "")
    except ValueError:
        return LessonType.ORDINARY


def not_held_reason_of(text: str | None) -> NotHeldReason | None:
    """The reason stored as ``text``; None for none, or for one this version does not know."""
    try:
        return NotHeldReason(text) if text else None
    except ValueError:
        return None


LESSON_FIELDS = (
    "date",
    "number",
    "topic",
    "homework",
    "notes",
    "lesson_type",
    "not_held_reason",
    "made_up_date",
    "remote",
)

HOLIDAY_TOPIC = "Valsts svētku diena"
FIRST_DAY_TOPIC = "Zinību diena"


def automatic_topic(day: date, school_year: SchoolYear | None) -> str | None:
    """The topic a lesson on ``day`` gets by rule (SPEC J5), or None.

    A public holiday (including a transferred day off) wins over the first school day. The
    topic is journal content, kept in Latvian whatever the interface language (M 18.1.4–5).
    """
    if is_public_holiday(day):
        return HOLIDAY_TOPIC
    if school_year is not None and day == school_year.first_lesson_day:
        return FIRST_DAY_TOPIC
    return None


def validate_lesson(
    lesson_type: LessonType,
    *,
    made_up_date: date | None,
    not_held_reason: NotHeldReason | None,
    day: date,
) -> None:
    """Checks a lesson's type-specific fields (SPEC J2, J3); raises DomainError."""
    if lesson_type is LessonType.MAKEUP:
        if made_up_date is None:
            raise DomainError(_("Stundas atstrādei norādiet atstrādājamās stundas datumu."))
        if made_up_date >= day:
            raise DomainError(_("Atstrādājamās stundas datumam jābūt pirms atstrādes dienas."))
    elif made_up_date is not None:
        raise DomainError(_("Atstrādājamās stundas datumu norāda tikai stundas atstrādei."))
    if lesson_type is LessonType.NOT_HELD:
        if not_held_reason is None:
            raise DomainError(_("Norādiet, kāpēc stunda nenotika."))
    elif not_held_reason is not None:
        raise DomainError(_("Iemeslu norāda tikai stundai, kas nenotika."))
