import contextlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.marks import (
    InvalidMark,
    Mark,
    MarkKind,
    MarkRules,
    MarkSlot,
    SlotKind,
    average,
    parse_mark,
    parse_mark_for,
)

K = MarkKind


@pytest.mark.parametrize(
    ("text", "kind", "canonical"),
    [
        ("1", K.BALLES, "1"),
        ("8", K.BALLES, "8"),
        (" 10 ", K.BALLES, "10"),
        ("i", K.PASS_FAIL, "i"),
        ("I", K.PASS_FAIL, "i"),
        ("ni", K.PASS_FAIL, "ni"),
        ("NI", K.PASS_FAIL, "ni"),
        ("Ni", K.PASS_FAIL, "ni"),
        ("85%", K.PERCENT, "85%"),
        ("85 %", K.PERCENT, "85%"),
        (" 85 % ", K.PERCENT, "85%"),
        ("0%", K.PERCENT, "0%"),
        ("100%", K.PERCENT, "100%"),
        ("S", K.DESCRIPTIVE, "S"),
        ("s", K.DESCRIPTIVE, "S"),
        ("t", K.DESCRIPTIVE, "T"),
        ("P", K.DESCRIPTIVE, "P"),
        ("p", K.DESCRIPTIVE, "P"),
        ("A", K.DESCRIPTIVE, "A"),
        ("+", K.PLUS_MINUS, "+"),
        ("-", K.PLUS_MINUS, "-"),
        ("nv", K.NOT_MARKED, "nv"),
        ("NV", K.NOT_MARKED, "nv"),
        ("atb", K.EXEMPT, "atb"),
        ("Atb", K.EXEMPT, "atb"),
        ("a", K.EXEMPT_MEDICAL, "a"),
        ("\ta\n", K.EXEMPT_MEDICAL, "a"),
    ],
)
def test_parse_mark_gives_canonical_form(text: str, kind: MarkKind, canonical: str) -> None:
    mark = parse_mark(text)
    assert mark == Mark(kind, canonical)
    assert str(mark) == canonical


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "11",
        "7.5",
        "7,5",
        "10+",
        "",
        "   ",
        "101%",
        "-5",
        "08",  # leading zeros are refused: a typo more likely than a mark
        "00%",
        "085%",
        "85.5%",
        "%",
        "8 5",
        "85  %",
        "ieskaitīts",
        "atbr",
        "n",
        "k",
        "x",
        "++",
        "\u0668",  # Arabic-Indic eight
        "\uff18",  # full-width eight
    ],
)
def test_invalid_marks_are_refused(text: str) -> None:
    with pytest.raises(InvalidMark):
        parse_mark(text)


def test_leading_zero_is_refused() -> None:
    with pytest.raises(InvalidMark, match="«08» nav vērtējums"):
        parse_mark("08")


def test_invalid_mark_message_is_latvian_and_quotes_input() -> None:
    with pytest.raises(InvalidMark) as caught:
        parse_mark(" 7.5 ")
    assert str(caught.value).startswith("«7.5» nav vērtējums. Ievadiet 1–10")


def test_invalid_mark_is_a_domain_error_and_value_error() -> None:
    assert issubclass(InvalidMark, DomainError)
    assert issubclass(InvalidMark, ValueError)


def test_empty_input_has_its_own_message() -> None:
    with pytest.raises(InvalidMark, match="Tukšs lauks"):
        parse_mark("  ")


def test_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(InvalidMark) as caught:
        parse_mark("x" * 500)
    assert len(caught.value.message) < 200


@given(st.text())
def test_parse_mark_raises_only_invalid_mark(text: str) -> None:
    try:
        mark = parse_mark(text)
    except InvalidMark:
        return
    assert parse_mark(str(mark)) == mark


@given(st.integers(min_value=1, max_value=10))
def test_every_balle_parses(points: int) -> None:
    assert parse_mark(str(points)).points == points


@given(st.integers(min_value=0, max_value=100))
def test_every_integer_percentage_parses(value: int) -> None:
    assert str(parse_mark(f"{value} %")) == f"{value}%"


@pytest.mark.parametrize(
    ("kind", "value"),
    [(K.BALLES, "08"), (K.BALLES, "i"), (K.DESCRIPTIVE, "a"), (K.PERCENT, "85 %")],
)
def test_mark_refuses_non_canonical_construction(kind: MarkKind, value: str) -> None:
    with pytest.raises(InvalidMark):
        Mark(kind, value)


@pytest.mark.parametrize(
    ("text", "points", "counts", "passing"),
    [
        ("1", 1, True, False),
        ("3", 3, True, False),
        ("4", 4, True, True),
        ("10", 10, True, True),
        ("i", None, False, True),
        ("ni", None, False, False),
        ("85%", None, False, None),
        ("S", None, False, None),
        ("+", None, False, None),
        ("nv", None, False, None),
        ("atb", None, False, None),
        ("a", None, False, None),
    ],
)
def test_mark_properties(text: str, points: int | None, counts: bool, passing: bool | None) -> None:
    mark = parse_mark(text)
    assert mark.points == points
    assert mark.counts_in_average is counts
    assert mark.is_passing is passing


def test_average_counts_only_balles() -> None:
    marks = [parse_mark(t) for t in ("8", "i", "ni", "5", "90%", "nv", "atb", "a", "S")]
    assert average(marks) == 6.5


def test_average_of_no_balles_is_none() -> None:
    assert average([parse_mark("i"), parse_mark("nv")]) is None
    assert average([]) is None


LESSON = MarkSlot(SlotKind.LESSON)
TEST = MarkSlot(SlotKind.TEST)
MONTH = MarkSlot(SlotKind.MONTH)
SEMESTER = MarkSlot(SlotKind.SEMESTER)
YEAR = MarkSlot(SlotKind.YEAR)
EXAM = MarkSlot(SlotKind.EXAM)
PRO_MONTH = MarkSlot(SlotKind.MONTH, professional=True)
PRO_SEMESTER = MarkSlot(SlotKind.SEMESTER, professional=True)
EARLY_LESSON = MarkSlot(SlotKind.LESSON, descriptive=True)
EARLY_PM_LESSON = MarkSlot(SlotKind.LESSON, descriptive=True, plus_minus=True)
EARLY_SEMESTER = MarkSlot(SlotKind.SEMESTER, descriptive=True)
ALL = [LESSON, TEST, MONTH, SEMESTER, YEAR, EXAM]


@pytest.mark.parametrize("slot", [*ALL, PRO_SEMESTER, EARLY_LESSON])
@pytest.mark.parametrize("text", ["1", "7", "10"])
def test_balles_allowed_everywhere(text: str, slot: MarkSlot) -> None:
    assert parse_mark_for(text, slot).kind is K.BALLES


@pytest.mark.parametrize("slot", ALL)
@pytest.mark.parametrize("text", ["i", "NI"])
def test_pass_fail_allowed_in_every_slot(text: str, slot: MarkSlot) -> None:
    assert parse_mark_for(text, slot).kind is K.PASS_FAIL


@pytest.mark.parametrize("slot", [LESSON, TEST])
def test_percent_allowed_in_formative_slots(slot: MarkSlot) -> None:
    assert str(parse_mark_for("85 %", slot)) == "85%"


@pytest.mark.parametrize("slot", [MONTH, SEMESTER, YEAR, EXAM])
def test_percent_refused_in_period_and_exam_marks(slot: MarkSlot) -> None:
    with pytest.raises(InvalidMark, match="procentus lieto tikai"):
        parse_mark_for("85%", slot)


def test_nv_only_in_tests() -> None:
    assert parse_mark_for("nv", TEST).kind is K.NOT_MARKED
    for slot in [LESSON, MONTH, SEMESTER, YEAR, EXAM]:
        with pytest.raises(InvalidMark, match="«nv» lieto tikai pārbaudes darbiem"):
            parse_mark_for("nv", slot)


@pytest.mark.parametrize("slot", [MONTH, SEMESTER, YEAR, EXAM])
def test_atb_allowed_in_period_and_final_marks(slot: MarkSlot) -> None:
    assert parse_mark_for("atb", slot).kind is K.EXEMPT


@pytest.mark.parametrize("slot", [LESSON, TEST])
def test_atb_refused_in_lessons_and_tests(slot: MarkSlot) -> None:
    with pytest.raises(InvalidMark, match="«atb» lieto tikai mēneša"):
        parse_mark_for("atb", slot)


@pytest.mark.parametrize("slot", [PRO_MONTH, PRO_SEMESTER, MarkSlot(SlotKind.YEAR, True)])
def test_atb_never_in_professional_subjects(slot: MarkSlot) -> None:
    with pytest.raises(InvalidMark, match="«atb» nav atļauts profesionālajos priekšmetos"):
        parse_mark_for("atb", slot)


def test_a_only_in_semester_and_year_marks() -> None:
    assert parse_mark_for("a", SEMESTER) == Mark(K.EXEMPT_MEDICAL, "a")
    assert parse_mark_for("a", YEAR) == Mark(K.EXEMPT_MEDICAL, "a")
    for slot in [LESSON, TEST, MONTH, EXAM]:
        with pytest.raises(InvalidMark, match="«a» lieto tikai semestra un gada vērtējumam"):
            parse_mark_for("a", slot)


def test_a_allowed_in_professional_semester_marks() -> None:
    assert parse_mark_for("a", PRO_SEMESTER).kind is K.EXEMPT_MEDICAL


def test_lower_case_a_in_descriptive_lesson_means_apguvis() -> None:
    assert parse_mark_for("a", EARLY_LESSON) == Mark(K.DESCRIPTIVE, "A")


def test_upper_case_a_in_semester_mark_means_exempt() -> None:
    assert parse_mark_for("A", SEMESTER) == Mark(K.EXEMPT_MEDICAL, "a")


def test_a_keeps_its_case_where_both_are_allowed() -> None:
    assert parse_mark_for("a", EARLY_SEMESTER) == Mark(K.EXEMPT_MEDICAL, "a")
    assert parse_mark_for("A", EARLY_SEMESTER) == Mark(K.DESCRIPTIVE, "A")


@pytest.mark.parametrize("text", ["S", "t", "A", "p"])
def test_descriptive_marks_in_grades_1_to_3(text: str) -> None:
    assert str(parse_mark_for(text, EARLY_LESSON)) == text.upper()


@pytest.mark.parametrize("slot", [LESSON, TEST, MONTH, YEAR])
@pytest.mark.parametrize("text", ["S", "T", "P"])
def test_descriptive_marks_refused_outside_grades_1_to_3(text: str, slot: MarkSlot) -> None:
    with pytest.raises(InvalidMark, match=re.escape("tikai 1.\u20133. klasē")):
        parse_mark_for(text, slot)


@pytest.mark.parametrize("text", ["+", "-"])
def test_plus_minus_only_where_the_school_uses_it(text: str) -> None:
    assert parse_mark_for(text, EARLY_PM_LESSON).kind is K.PLUS_MINUS
    for slot in [EARLY_LESSON, LESSON, MarkSlot(SlotKind.LESSON, plus_minus=True)]:
        with pytest.raises(InvalidMark, match="«\\+» un «-»"):
            parse_mark_for(text, slot)


def test_parse_mark_for_refuses_non_marks_first() -> None:
    with pytest.raises(InvalidMark, match="«11» nav vērtējums"):
        parse_mark_for("11", SEMESTER)


def test_rules_are_school_settings() -> None:
    rules = MarkRules(exempt_in_professional=True, percent_slots=frozenset({SlotKind.LESSON}))
    assert parse_mark_for("atb", PRO_MONTH, rules).kind is K.EXEMPT
    with pytest.raises(InvalidMark):
        parse_mark_for("50%", TEST, rules)


@given(st.text(), st.sampled_from([*ALL, PRO_SEMESTER, EARLY_LESSON, EARLY_PM_LESSON]))
def test_parse_mark_for_raises_only_invalid_mark(text: str, slot: MarkSlot) -> None:
    with contextlib.suppress(InvalidMark):
        parse_mark_for(text, slot)
