"""The period a report covers: a month, a date range, a semester or the school year (SPEC P1,
P2, T7), with its Latvian label and the period marks (``PeriodMark.period``) that belong to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.school_year import SchoolYear
from eklase_desktop.i18n import N_, _

MONTHS = (
    N_("janvāris"),
    N_("februāris"),
    N_("marts"),
    N_("aprīlis"),
    N_("maijs"),
    N_("jūnijs"),
    N_("jūlijs"),
    N_("augusts"),
    N_("septembris"),
    N_("oktobris"),
    N_("novembris"),
    N_("decembris"),
)
# as a narrow table column names them (the usual Latvian abbreviations)
SHORT_MONTHS = (
    N_("janv."),
    N_("febr."),
    N_("marts"),
    N_("apr."),
    N_("maijs"),
    N_("jūn."),
    N_("jūl."),
    N_("aug."),
    N_("sept."),
    N_("okt."),
    N_("nov."),
    N_("dec."),
)
ROMAN = {1: "I", 2: "II"}


class PeriodKind(enum.Enum):
    MONTH = "month"
    RANGE = "range"
    SEMESTER = "semester"
    YEAR = "year"


def day_text(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y.")


def month_key(year: int, month: int) -> str:
    """The ``PeriodMark.period`` of a month's attestation mark."""
    return f"M{year}-{month:02d}"


@dataclass(frozen=True)
class ReportPeriod:
    kind: PeriodKind
    start: dt.date
    end: dt.date
    semester: int | None = None
    year_name: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError(
                _("Perioda beigas {end} ir pirms sākuma {start}.").format(
                    start=day_text(self.start), end=day_text(self.end)
                )
            )

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return _("{year}. gada {month}").format(
                year=self.start.year, month=_(MONTHS[self.start.month - 1])
            )
        if self.kind is PeriodKind.SEMESTER:
            return _("{year} m. g. {roman} semestris").format(
                year=self.year_name, roman=ROMAN.get(self.semester or 0, self.semester)
            )
        if self.kind is PeriodKind.YEAR:
            return _("{year} mācību gads").format(year=self.year_name)
        return f"{day_text(self.start)}–{day_text(self.end)}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of each month that lies wholly inside the period."""
        found = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            last = calendar.monthrange(year, month)[1]
            if self.start <= dt.date(year, month, 1) and dt.date(year, month, last) <= self.end:
                found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def period_marks(self) -> tuple[str, ...]:
        """The ``PeriodMark.period`` values a report of this period shows, in column order."""
        if self.kind is PeriodKind.YEAR:
            return ("S1", "S2", "Y", "E", "P", "YC")
        if self.kind is PeriodKind.SEMESTER:
            return (f"S{self.semester}",)
        return tuple(month_key(year, month) for year, month in self.months())


def month_period(year: int, month: int) -> ReportPeriod:
    last = calendar.monthrange(year, month)[1]
    return ReportPeriod(PeriodKind.MONTH, dt.date(year, month, 1), dt.date(year, month, last))


def parse_month(text: str) -> ReportPeriod:
    """``YYYY-MM`` as a month period; a DomainError says what is wrong."""
    try:
        day = dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise DomainError(
            _("«{text}» nav mēnesis. Rakstiet GGGG-MM, piemēram, 2026-10.").format(text=text)
        ) from None
    return month_period(day.year, day.month)


def parse_day(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%Y."):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise DomainError(
        _("«{text}» nav datums. Rakstiet GGGG-MM-DD vai DD.MM.GGGG.").format(text=text)
    )


def range_period(start: dt.date, end: dt.date) -> ReportPeriod:
    return ReportPeriod(PeriodKind.RANGE, start, end)


def semester_period(year: SchoolYear, number: int) -> ReportPeriod:
    semester = next((s for s in year.semesters if s.number == number), None)
    if semester is None:
        raise DomainError(
            _("{year} m. g. nav {number}. semestra.").format(year=year.name, number=number)
        )
    return ReportPeriod(
        PeriodKind.SEMESTER, semester.start, semester.end, semester=number, year_name=year.name
    )


def year_period(year: SchoolYear) -> ReportPeriod:
    return ReportPeriod(PeriodKind.YEAR, year.first_day, year.last_day, year_name=year.name)


def previous_month(today: dt.date) -> ReportPeriod:
    """The month the monthly statements printed on ``today`` cover (SPEC T7)."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return month_period(first.year, first.month)
