"""The figures of marks and absences and the school's rules (SPEC V1, V8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from eklase_desktop.domain.statistics import (
    Figures,
    InvalidRules,
    LateChanges,
    SchoolRules,
    decimal_text,
    fell,
    figures,
    rules_texts,
    validate_rules,
)


def test_figures_count_balles_pass_fail_and_absences() -> None:
    found = figures(
        ["10", "4", "3", "ni", "i", "nv", "atb", "85 %", "S", "x"], ["n", "nc", "k", "?"]
    )
    assert found.balles == (0, 0, 1, 1, 0, 0, 0, 0, 0, 1)
    assert found.count == 3 and found.average == Decimal("5.67")  # (10 + 4 + 3) / 3
    assert (found.assessed, found.insufficient) == (5, 2)  # 3 and ni of 10, 4, 3, ni, i
    assert found.insufficient_share == Decimal("40.0")
    assert found.absences == (1, 0, 1, 1)


def test_nothing_to_average_is_no_average() -> None:
    empty = figures(["nv", "atb"])
    assert empty.average is None and empty.insufficient_share is None
    assert decimal_text(empty.average) == ""


def test_figures_add_up() -> None:
    both = figures(["9"], ["n"]) + figures(["ni", "2"], ["ns"])
    assert both == figures(["9", "ni", "2"], ["n", "ns"])
    assert Figures() + both == both


@pytest.mark.parametrize(
    ("before", "after", "step", "expected"),
    [
        ("8.50", "5.00", "0.5", True),
        ("7.00", "6.50", "0.5", False),  # exactly the step is not more than it
        ("7.00", "6.49", "0.5", True),
        ("6.00", "7.00", "0.5", False),  # a rise
        (None, "5.00", "0.5", False),
        ("8.00", None, "0.5", False),
    ],
)
def test_a_fall_is_more_than_the_step(
    before: str | None, after: str | None, step: str, expected: bool
) -> None:
    as_decimal = [None if v is None else Decimal(v) for v in (before, after)]
    assert fell(as_decimal[0], as_decimal[1], Decimal(step)) is expected


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (SchoolRules(min_marks=-1), "Minimālais vērtējumu skaits"),
        (SchoolRules(min_marks=31), "Minimālais vērtējumu skaits"),
        (SchoolRules(average_drop=Decimal("0.04")), "kritums"),
        (SchoolRules(average_drop=Decimal("5.1")), "kritums"),
        (SchoolRules(average_drop=Decimal("NaN")), "kritums"),
        (SchoolRules(average_drop=Decimal("Infinity")), "kritums"),
        (SchoolRules(unjustified_limit=201), "Neattaisnoto kavējumu robeža"),
        (SchoolRules(late_changes="maybe"), "Labojumi slēgtā periodā"),  # type: ignore[arg-type]
    ],
)
def test_rules_out_of_range_are_refused(rules: SchoolRules, message: str) -> None:
    with pytest.raises(InvalidRules, match=message):
        validate_rules(rules)


def test_rules_are_kept_to_tenths_and_sent_as_text() -> None:
    rules = validate_rules(SchoolRules(0, Decimal("0.05"), 0, "reopen"))  # type: ignore[arg-type]
    assert rules == SchoolRules(0, Decimal("0.1"), 0, LateChanges.REOPEN)
    assert rules_texts(rules) == {
        "min_marks": "0",
        "average_drop": "0.1",
        "unjustified_limit": "0",
        "late_changes": "reopen",
    }
