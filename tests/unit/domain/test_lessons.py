from datetime import date

import pytest

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import (
    LessonType,
    NotHeldReason,
    automatic_topic,
    lesson_type_label,
    not_held_reason_label,
    validate_lesson,
)
from eklase_desktop.domain.school_year import DEFAULT_SCHOOL_YEARS, SchoolYear

d = date
Y2025, Y2026 = DEFAULT_SCHOOL_YEARS


@pytest.mark.parametrize(
    ("day", "year", "topic"),
    [
        (d(2025, 11, 18), Y2025, "Valsts svētku diena"),
        (d(2026, 5, 4), Y2025, "Valsts svētku diena"),
        (d(2026, 5, 4), None, "Valsts svētku diena"),
        (d(2025, 9, 1), Y2025, "Zinību diena"),
        (d(2026, 9, 1), Y2026, "Zinību diena"),
        (d(2025, 9, 1), None, None),
        (d(2025, 9, 2), Y2025, None),
        (d(2026, 9, 1), Y2025, None),
    ],
)
def test_automatic_topic(day: date, year: SchoolYear | None, topic: str | None) -> None:
    assert automatic_topic(day, year) == topic


def test_makeup_lesson_label() -> None:
    assert lesson_type_label(LessonType.MAKEUP) == "Stundas atstrāde"


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        (NotHeldReason.SICK_LEAVE, "darbnespēja"),
        (NotHeldReason.FURTHER_EDUCATION, "tālākizglītība"),
        (NotHeldReason.COMPETITIONS, "konkursi"),
        (NotHeldReason.OTHER_AGREED, "cita saskaņota prombūtne"),
    ],
)
def test_not_held_reason_labels(reason: NotHeldReason, label: str) -> None:
    assert not_held_reason_label(reason) == label


def test_every_lesson_type_has_a_label() -> None:
    assert len({lesson_type_label(t) for t in LessonType}) == len(LessonType)


DAY = d(2025, 10, 15)


@pytest.mark.parametrize(
    ("lesson_type", "made_up", "reason"),
    [
        (LessonType.ORDINARY, None, None),
        (LessonType.MAKEUP, d(2025, 10, 8), None),
        (LessonType.NOT_HELD, None, NotHeldReason.SICK_LEAVE),
    ],
)
def test_valid_lessons(
    lesson_type: LessonType, made_up: date | None, reason: NotHeldReason | None
) -> None:
    validate_lesson(lesson_type, made_up_date=made_up, not_held_reason=reason, day=DAY)


@pytest.mark.parametrize(
    ("lesson_type", "made_up", "reason", "message"),
    [
        (LessonType.MAKEUP, None, None, "norādiet atstrādājamās stundas datumu"),
        (LessonType.MAKEUP, DAY, None, "jābūt pirms atstrādes dienas"),
        (LessonType.MAKEUP, d(2025, 10, 20), None, "jābūt pirms atstrādes dienas"),
        (
            LessonType.MAKEUP,
            d(2025, 10, 8),
            NotHeldReason.COMPETITIONS,
            "tikai stundai, kas nenotika",
        ),
        (LessonType.NOT_HELD, None, None, "kāpēc stunda nenotika"),
        (
            LessonType.NOT_HELD,
            d(2025, 10, 8),
            NotHeldReason.SICK_LEAVE,
            "tikai stundas atstrādei",
        ),
        (LessonType.ORDINARY, d(2025, 10, 8), None, "tikai stundas atstrādei"),
        (LessonType.ORDINARY, None, NotHeldReason.OTHER_AGREED, "tikai stundai, kas nenotika"),
    ],
)
def test_invalid_lessons(
    lesson_type: LessonType, made_up: date | None, reason: NotHeldReason | None, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        validate_lesson(lesson_type, made_up_date=made_up, not_held_reason=reason, day=DAY)


def test_automatic_topic_stays_latvian_in_the_english_interface() -> None:
    # The topic is journal content, not interface text (SPEC J5).
    from eklase_desktop import i18n

    i18n.set_language("en")
    assert automatic_topic(date(2026, 11, 18), None) == "Valsts svētku diena"
