"""Monthly statements' deadlines and states (SPEC T7)."""

from __future__ import annotations

import datetime as dt

import pytest

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.monthly_statements import (
    StatementState,
    StatementStatus,
    print_deadline,
    validate_state,
)

NOV = dt.date(2026, 11, 1)


def test_printed_by_the_fifth_signed_within_a_week() -> None:
    assert print_deadline("2026-10") == dt.date(2026, 11, 5)
    assert print_deadline("2026-12") == dt.date(2027, 1, 5)
    october = StatementState("2026-10")
    assert october.status(dt.date(2026, 11, 5)) is StatementStatus.NOT_PRINTED
    assert october.status(dt.date(2026, 11, 6)) is StatementStatus.PRINT_OVERDUE
    printed = StatementState("2026-10", dt.date(2026, 11, 3))
    assert printed.status(dt.date(2026, 11, 10)) is StatementStatus.AWAITING
    assert printed.status(dt.date(2026, 11, 11)) is StatementStatus.RETURN_OVERDUE
    back = StatementState("2026-10", dt.date(2026, 11, 3), dt.date(2026, 11, 12))
    assert back.status(dt.date(2026, 12, 1)) is StatementStatus.RETURNED
    assert [s.missing for s in (october.status(NOV), back.status(NOV))] == [True, False]


@pytest.mark.parametrize(
    ("printed", "returned", "message"),
    [
        (dt.date(2026, 9, 30), None, "pirms mēneša sākuma"),
        (None, dt.date(2026, 11, 4), "tikai pēc tā izdrukāšanas"),
        (dt.date(2026, 11, 4), dt.date(2026, 11, 3), "pirms izdrukas datuma"),
        (dt.date(2026, 11, 30), None, "nākotnē"),
    ],
)
def test_dates_that_make_no_sense_are_refused(
    printed: dt.date | None, returned: dt.date | None, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        validate_state(StatementState("2026-10", printed, returned), dt.date(2026, 11, 23))
    with pytest.raises(DomainError, match="nav mēnesis"):
        validate_state(StatementState("2026-13"), dt.date(2026, 11, 23))
