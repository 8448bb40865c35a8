"""Monthly grade statements (SPEC T7; G 6): by the 5th the statements of the previous month
are printed for the class and handed to the tutor; a parent signs one within a week and it
comes back; the tutor ticks it; the deputy director checks who is missing.

A statement's state is two dates of one record per student and month: when it was printed,
when the signed copy came back. The deadlines are school settings with these defaults.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.report_period import day_text
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import N_, _

STATEMENT_FIELDS = ("printed_on", "returned_on")  # what ``monthly_statement.set`` merges


@dataclass(frozen=True)
class StatementRules:
    print_by_day: int = 5  # of the following month
    sign_within_days: int = 7  # after printing


DEFAULT_STATEMENT_RULES = StatementRules()


class StatementStatus(enum.Enum):
    NOT_PRINTED = "not_printed"
    PRINT_OVERDUE = "print_overdue"
    AWAITING = "awaiting"
    RETURN_OVERDUE = "return_overdue"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def missing(self) -> bool:
        """Printed (or due) but no signed copy back yet."""
        return self is not StatementStatus.RETURNED


_LABELS = {
    StatementStatus.NOT_PRINTED: N_("nav izdrukāts"),
    StatementStatus.PRINT_OVERDUE: N_("nav izdrukāts laikā"),
    StatementStatus.AWAITING: N_("gaida parakstu"),
    StatementStatus.RETURN_OVERDUE: N_("paraksts kavējas"),
    StatementStatus.RETURNED: N_("parakstīts"),
}


def parse_month_key(text: str) -> tuple[int, int]:
    """``2026-10`` → (2026, 10); a DomainError for anything else."""
    try:
        day = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise DomainError(_("«{text}» nav mēnesis (GGGG-MM).").format(text=text)) from None
    return day.year, day.month


def month_after(month: str) -> dt.date:
    """The first day of the month after ``month``."""
    year, number = parse_month_key(month)
    return dt.date(year + (number == 12), number % 12 + 1, 1)


def print_deadline(month: str, rules: StatementRules = DEFAULT_STATEMENT_RULES) -> dt.date:
    return month_after(month).replace(day=rules.print_by_day)


@dataclass(frozen=True)
class StatementState:
    month: str
    printed_on: dt.date | None = None
    returned_on: dt.date | None = None

    def status(
        self, today: dt.date, rules: StatementRules = DEFAULT_STATEMENT_RULES
    ) -> StatementStatus:
        if self.returned_on is not None:
            return StatementStatus.RETURNED
        if self.printed_on is None:
            late = today > print_deadline(self.month, rules)
            return StatementStatus.PRINT_OVERDUE if late else StatementStatus.NOT_PRINTED
        due = self.printed_on + dt.timedelta(days=rules.sign_within_days)
        return StatementStatus.RETURN_OVERDUE if today > due else StatementStatus.AWAITING


def validate_state(state: StatementState, today: dt.date) -> StatementState:
    """The dates make sense: printed after the month began, returned after printing, none in
    the future. Raises DomainError (Latvian) otherwise."""
    year, number = parse_month_key(state.month)
    first = dt.date(year, number, 1)
    for day in (state.printed_on, state.returned_on):
        if day is not None and day > today:
            raise DomainError(_("Datums {day} ir nākotnē.").format(day=day_text(day)))
    if state.printed_on is not None and state.printed_on < first:
        raise DomainError(
            _("Izrakstu nevar izdrukāt pirms mēneša sākuma ({day}).").format(day=day_text(first))
        )
    if state.returned_on is not None:
        if state.printed_on is None:
            raise DomainError(_("Parakstītu izrakstu var atzīmēt tikai pēc tā izdrukāšanas."))
        if state.returned_on < state.printed_on:
            raise DomainError(_("Paraksts nevar būt pirms izdrukas datuma."))
    return state


def state_texts(state: StatementState) -> dict[str, str | None]:
    """The merged fields as wire text (``monthly_statement.set``'s base)."""
    return {name: wire_text(getattr(state, name)) for name in STATEMENT_FIELDS}
