"""Period-mark slots (SPEC J10, J16; DOMAIN: period marks): which key is which column, what
each takes, the corrected year mark after a post-examination, and a course's columns."""

from __future__ import annotations

import pytest

from eklase_desktop.domain.marks import (
    InvalidMark,
    MarkSlot,
    SlotKind,
    check_corrected_year,
    check_post_exam,
    parse_mark_for,
    period_entity,
    period_slot,
)
from eklase_desktop.domain.roles import Entity
from eklase_desktop.services.journal import JournalReader
from tests.school import SmallSchool


@pytest.mark.parametrize(
    ("key", "slot"),
    [
        ("S1", SlotKind.SEMESTER),
        ("S2", SlotKind.SEMESTER),
        ("Y", SlotKind.YEAR),
        ("E", SlotKind.EXAM),
        ("P", SlotKind.POST_EXAM),
        ("YC", SlotKind.YEAR),
        ("M2026-09", SlotKind.MONTH),
        ("M2027-05", SlotKind.MONTH),
        ("M2026-13", None),
        ("Mx", None),
        ("S3", None),
        ("", None),
    ],
)
def test_period_keys(key: str, slot: SlotKind | None) -> None:
    assert period_slot(key) is slot


@pytest.mark.parametrize(
    ("slot", "text", "professional", "allowed"),
    [
        (SlotKind.MONTH, "atb", False, True),
        (SlotKind.MONTH, "atb", True, False),  # never in professional subjects (J10)
        (SlotKind.MONTH, "a", False, False),
        (SlotKind.SEMESTER, "a", False, True),
        (SlotKind.YEAR, "a", True, True),
        (SlotKind.POST_EXAM, "atb", False, False),  # a post-examination is a real mark
        (SlotKind.POST_EXAM, "a", False, False),
        (SlotKind.POST_EXAM, "6", False, True),
        (SlotKind.POST_EXAM, "85%", False, False),
        (SlotKind.SEMESTER, "85%", False, False),
        (SlotKind.EXAM, "nv", False, False),
    ],
)
def test_what_each_period_column_takes(
    slot: SlotKind, text: str, professional: bool, allowed: bool
) -> None:
    where = MarkSlot(slot, professional=professional)
    if allowed:
        assert str(parse_mark_for(text, where)) == text
    else:
        with pytest.raises(InvalidMark):
            parse_mark_for(text, where)


def test_who_writes_each_column() -> None:
    assert period_entity(SlotKind.EXAM) is Entity.EXAM_MARK  # the clerk's (C3)
    assert period_entity(SlotKind.POST_EXAM) is Entity.PERIOD_MARK  # the teacher's
    assert period_entity(SlotKind.MONTH) is Entity.PERIOD_MARK


def test_a_corrected_year_mark_needs_a_post_examination() -> None:
    check_corrected_year("6")
    for missing in (None, ""):
        with pytest.raises(InvalidMark, match="pēcpārbaudījuma"):
            check_corrected_year(missing)


@pytest.mark.parametrize(
    ("year", "held"),
    [
        ("3", True), ("1", True), ("ni", True), ("nv", True),  # failing, or none earned
        ("4", False), ("8", False), ("i", False),  # passing: no post-examination to raise it
        ("atb", False), ("a", False), (None, False), ("", False),  # exempt, or none yet
    ],
)  # fmt: skip
def test_a_post_examination_is_only_for_a_failing_year_mark(year: str | None, held: bool) -> None:
    if held:
        check_post_exam(year)
    else:
        with pytest.raises(InvalidMark, match="nepietiekamu gada vērtējumu"):
            check_post_exam(year)


def test_a_music_schools_professional_course_has_monthly_attestations(
    school: SmallSchool,
) -> None:
    reader = JournalReader(school.factory, school.actor("skolotajs1"))
    piano = [column.period for column in reader.open_journal(school.piano).periods]
    maths = [column.period for column in reader.open_journal(school.maths).periods]
    assert maths == ["S1", "S2", "Y", "E", "P", "YC"]
    months = [key for key in piano if key.startswith("M")]
    assert months[0] == "M2026-09" and months[-1] in ("M2027-05", "M2027-06")
    assert piano[len(months) :] == maths  # the months come first (DOMAIN: period marks)


@pytest.mark.parametrize(
    ("slot", "forms"),
    [
        (MarkSlot(SlotKind.SEMESTER), "1–10, i, ni, atb, a"),
        (MarkSlot(SlotKind.SEMESTER, professional=True), "1–10, i, ni, a"),
        (MarkSlot(SlotKind.TEST), "1–10, i, ni, 0–100 %, nv"),
        (MarkSlot(SlotKind.MONTH), "1–10, i, ni, atb"),
        (MarkSlot(SlotKind.POST_EXAM), "1–10, i, ni"),
    ],
)
def test_a_refusal_names_what_the_column_takes(slot: MarkSlot, forms: str) -> None:
    with pytest.raises(InvalidMark) as refused:
        parse_mark_for("n", slot)  # an absence typed in a period column
    assert str(refused.value) == f"«n» nav vērtējums. Šeit ievadiet {forms}."
