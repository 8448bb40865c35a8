"""Classes and subjects as the clerk enters them (SPEC C1; DOMAIN: school set-up)."""

from __future__ import annotations

import datetime as dt

import pytest

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import (
    ClassDetails,
    GroupKind,
    InvalidSetUp,
    StaffDetails,
    SubjectDetails,
    check_grant,
    class_texts,
    login_name,
    staff_texts,
    validate_class,
    validate_staff,
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


# --- staff cards ---------------------------------------------------------------------------


def test_a_staff_card_is_stored_in_its_normal_form() -> None:
    card = validate_staff(
        StaffDetails(
            " Anna ", "Liepa-Kalniņa", frozenset({Role.TEACHER, Role.TUTOR}),
            "32568912345", "29 12 34 56", " Anna.Liepa@Skola.LV ",
        )
    )  # fmt: skip
    assert (card.first_name, card.personal_code) == ("Anna", "325689-12345")
    assert (card.phone, card.email) == ("+371 29123456", "anna.liepa@skola.lv")
    texts = staff_texts(card)
    assert texts["roles"] == "teacher,tutor" and texts["employed_from"] is None
    assert texts["deleted"] == "false"


@pytest.mark.parametrize(
    ("details", "message"),
    [
        (StaffDetails("Anna", "L1epa", frozenset({Role.TEACHER})), "ar burtiem"),
        (StaffDetails("Anna", "Liepa", frozenset()), "vismaz vienai lomai"),
        (StaffDetails("Anna", "Liepa", frozenset({Role.PARENT})), "nav darbinieka loma"),
        (StaffDetails("Anna", "Liepa", frozenset({Role.TEACHER}), "010190-12345"), "personas"),
        (StaffDetails("Anna", "Liepa", frozenset({Role.TEACHER}), email="anna@"), "E-pasta"),
        (
            StaffDetails(
                "Anna", "Liepa", frozenset({Role.TEACHER}),
                employed_from=dt.date(2026, 9, 1), employed_until=dt.date(2026, 8, 31),
            ),
            "beigas ir pirms",
        ),
    ],
)  # fmt: skip
def test_a_staff_card_that_is_not_valid_is_refused(details: StaffDetails, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        validate_staff(details)


def test_only_the_deputy_gives_the_administrators_roles() -> None:
    clerk, deputy = frozenset({Role.CLERK}), frozenset({Role.DEPUTY})
    check_grant(clerk, frozenset(), frozenset({Role.TEACHER, Role.TUTOR}))
    check_grant(deputy, frozenset(), frozenset({Role.CLERK}))
    with pytest.raises(InvalidSetUp, match="piešķir tikai direktora vietnieks"):
        check_grant(clerk, frozenset({Role.TEACHER}), frozenset({Role.TEACHER, Role.DIRECTOR}))
    with pytest.raises(InvalidSetUp):
        check_grant(clerk, frozenset({Role.DEPUTY}), frozenset())  # nor takes them


def test_the_login_name_rule_folds_latvian_letters_and_counts_clashes() -> None:
    assert login_name("Līga", "Krūmiņa", set()) == "liga.krumina"
    assert login_name("Jānis", "Ozols-Bērziņš", {"janis.ozols-berzins"}) == "janis.ozols-berzins2"
    taken = {"anna.liepa", "anna.liepa2"}
    assert login_name("Anna", "Liepa", taken) == "anna.liepa3"
