"""Classes and subjects as the clerk enters them (SPEC C1; DOMAIN: school set-up)."""

from __future__ import annotations

import pytest

from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.school import (
    ClassDetails,
    GroupKind,
    InvalidSetUp,
    SubjectDetails,
    class_texts,
    validate_class,
    validate_subject,
)


def test_a_class_is_trimmed_and_kept() -> None:
    kept = validate_class(ClassDetails("  7.a ", 7, GroupKind.CLASS, " Pamatizglītība "))
    assert (kept.name, kept.programme) == ("7.a", "Pamatizglītība")
    assert validate_class(ClassDetails("2. kurss (klavieres)", 2, GroupKind.COURSE)).grade == 2


@pytest.mark.parametrize(
    ("name", "grade", "message"),
    [
        ("", 7, "Norādiet klases nosaukumu"),
        ("7.a; DROP", 7, "nav derīgs"),
        ("13.a", 13, "no 1. līdz 12."),
        ("0.a", 0, "no 1. līdz 12."),
    ],
)
def test_a_class_that_is_not_one_is_refused(name: str, grade: int, message: str) -> None:
    with pytest.raises(InvalidSetUp, match=message):
        validate_class(ClassDetails(name, grade))


def test_a_subject_gets_a_short_name_for_the_grid() -> None:
    kept = validate_subject(SubjectDetails("Latviešu valoda un literatūra"))
    assert kept.short_name == "Latviešu valoda un l"  # 20 letters
    assert validate_subject(SubjectDetails("Mūzika", "Mūz.")).short_name == "Mūz."


def test_a_subject_without_a_name_or_with_a_long_short_name_is_refused() -> None:
    with pytest.raises(InvalidSetUp, match="nosaukumu"):
        validate_subject(SubjectDetails("   "))
    with pytest.raises(InvalidSetUp, match="Īsais nosaukums"):
        validate_subject(SubjectDetails("Klavierspēle", "x" * 21, SubjectKind.PROFESSIONAL))


def test_a_class_as_wire_text() -> None:
    texts = class_texts(ClassDetails("7.a", 7), None, deleted=False)
    assert texts == {
        "name": "7.a",
        "grade": "7",
        "kind": "class",
        "programme": "",
        "tutor_id": None,
        "deleted": "false",
    }
