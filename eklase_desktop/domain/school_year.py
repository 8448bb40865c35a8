"""The school year: first and last day, semesters, school holidays, mark deadlines.

DOMAIN: calendar — this is data the clerk enters; 2025/26 and a 2026/27 draft ship as
defaults. School holidays (brīvdienas) are no school days but do not stop the working-day
count of deadlines.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eklase_desktop.domain.calendar import is_working_day
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import N_, _

MAX_HOLIDAY_NAME = 100  # as the protocol's HolidayArgs
MAX_HOLIDAYS = 12


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _require_order(start: date, end: date, what: str) -> None:
    if end < start:
        message = _("{what}: beigas {end} ir pirms sākuma {start}.")
        raise DomainError(message.format(what=what, start=_fmt(start), end=_fmt(end)))


@dataclass(frozen=True)
class Semester:
    """A semester; its marks are due by ``mark_deadline`` (SPEC J8)."""

    number: int
    start: date
    end: date
    mark_deadline: date

    def __post_init__(self) -> None:
        what = _("{number}. semestris").format(number=self.number)
        _require_order(self.start, self.end, what)
        if self.mark_deadline < self.start:
            raise DomainError(
                _("{what}: vērtējumu termiņš ir pirms semestra sākuma.").format(what=what)
            )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class HolidayPeriod:
    """School holidays (brīvdienas), e.g. "Rudens brīvdienas"."""

    name: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > MAX_HOLIDAY_NAME:
            message = _("Brīvdienu nosaukums: 1 līdz {count} rakstzīmes.")
            raise DomainError(message.format(count=MAX_HOLIDAY_NAME))
        _require_order(self.start, self.end, self.name)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class SchoolYear:
    """One school year; validated on construction (raises DomainError)."""

    name: str
    first_day: date
    last_day: date
    semesters: tuple[Semester, ...]
    holidays: tuple[HolidayPeriod, ...]
    year_mark_deadline: date
    draft: bool = False
    first_school_day: date | None = None  # when lessons start after ``first_day``

    def __post_init__(self) -> None:
        _require_order(self.first_day, self.last_day, self.name)
        if self.first_school_day is not None and not self.contains(self.first_school_day):
            raise DomainError(
                _("{name}: pirmā mācību diena nav mācību gada robežās.").format(name=self.name)
            )
        _check_semesters(self)
        _check_holidays(self)
        if self.year_mark_deadline < self.first_day:
            raise DomainError(
                _("{name}: gada vērtējumu termiņš ir pirms mācību gada sākuma.").format(
                    name=self.name
                )
            )

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def first_lesson_day(self) -> date:
        """Zinību diena: the first school day (SPEC J5)."""
        return self.first_school_day or self.first_day

    def semester_of(self, day: date) -> Semester | None:
        return next((s for s in self.semesters if s.contains(day)), None)

    def is_school_holiday(self, day: date) -> bool:
        return any(period.contains(day) for period in self.holidays)

    def is_school_day(self, day: date) -> bool:
        """Within the year, a working day and not in the school holidays."""
        return self.contains(day) and is_working_day(day) and not self.is_school_holiday(day)

    def school_days(self, start: date, end: date) -> list[date]:
        """The school days from ``start`` to ``end``, both included."""
        days = (start + timedelta(days=i) for i in range((end - start).days + 1))
        return [day for day in days if self.is_school_day(day)]


YEAR_FIELDS = (
    "name",
    "first_day",
    "first_school_day",
    "last_day",
    "year_mark_deadline",
    "draft",
    "semesters",
    "holidays",
)


def year_texts(year: SchoolYear) -> dict[str, str | None]:
    """The year's fields as the wire text merges compare (``school_year.set``'s base);
    the semesters and the holidays are one field each."""
    texts = {name: wire_text(getattr(year, name)) for name in YEAR_FIELDS[:6]}
    texts["semesters"] = json.dumps(
        [
            [s.number, s.start.isoformat(), s.end.isoformat(), s.mark_deadline.isoformat()]
            for s in year.semesters
        ]
    )
    texts["holidays"] = json.dumps(
        [[h.name, h.start.isoformat(), h.end.isoformat()] for h in year.holidays],
        ensure_ascii=False,
    )
    return texts


def semesters_from(text: str) -> tuple[Semester, ...]:
    """``year_texts``' semesters back (raises DomainError for a period that is not valid)."""
    return tuple(
        Semester(
            number, date.fromisoformat(start), date.fromisoformat(end), date.fromisoformat(due)
        )
        for number, start, end, due in json.loads(text or "[]")
    )


def holidays_from(text: str) -> tuple[HolidayPeriod, ...]:
    return tuple(
        HolidayPeriod(name, date.fromisoformat(start), date.fromisoformat(end))
        for name, start, end in json.loads(text or "[]")
    )


def check_marked_days(old: SchoolYear | None, new: SchoolYear, marked: Iterable[date]) -> None:
    """Dates that already hold marks stay in the year and in their semester (DOMAIN: school
    set-up): a mark given in the I semester never moves into the II one."""
    for day in sorted(set(marked)):
        before = old.semester_of(day) if old is not None else new.semester_of(day)
        after = new.semester_of(day)
        if not new.contains(day) or (before and before.number) != (after and after.number):
            message = _(
                "Dienā {day}. jau ir vērtējumi: tā nevar pāriet uz citu semestri vai ārpus "
                "mācību gada."
            )
            raise DomainError(message.format(day=_fmt(day)))


def _check_semesters(year: SchoolYear) -> None:
    previous: Semester | None = None
    for expected, semester in enumerate(year.semesters, start=1):
        if semester.number != expected:
            raise DomainError(
                _("{name}: semestriem jābūt numurētiem pēc kārtas.").format(name=year.name)
            )
        if not (year.contains(semester.start) and year.contains(semester.end)):
            raise DomainError(
                _("{name}: {number}. semestris nav mācību gada robežās.").format(
                    name=year.name, number=semester.number
                )
            )
        if previous is not None and semester.start <= previous.end:
            raise DomainError(_("{name}: semestri pārklājas.").format(name=year.name))
        previous = semester


def _check_holidays(year: SchoolYear) -> None:
    if len(year.holidays) > MAX_HOLIDAYS:
        message = _("{name}: ne vairāk kā {count} brīvdienu periodi.")
        raise DomainError(message.format(name=year.name, count=MAX_HOLIDAYS))
    for period in year.holidays:
        if not (year.contains(period.start) and year.contains(period.end)):
            raise DomainError(
                _("{name}: «{holiday}» nav mācību gada robežās.").format(
                    name=year.name, holiday=period.name
                )
            )


def _year_2025_26() -> SchoolYear:
    return SchoolYear(
        name="2025./2026.",
        first_day=date(2025, 9, 1),
        last_day=date(2026, 5, 29),
        semesters=(
            Semester(1, date(2025, 9, 1), date(2025, 12, 19), date(2025, 12, 19)),
            Semester(2, date(2026, 1, 5), date(2026, 5, 29), date(2026, 5, 29)),
        ),
        holidays=(
            HolidayPeriod(N_("Rudens brīvdienas"), date(2025, 10, 20), date(2025, 10, 24)),
            HolidayPeriod(N_("Ziemas brīvdienas"), date(2025, 12, 22), date(2026, 1, 2)),
            HolidayPeriod(N_("Pavasara brīvdienas"), date(2026, 3, 9), date(2026, 3, 13)),
        ),
        year_mark_deadline=date(2026, 5, 29),
    )


def _year_2026_27() -> SchoolYear:
    return SchoolYear(
        name="2026./2027.",
        first_day=date(2026, 9, 1),
        last_day=date(2027, 5, 28),
        semesters=(
            Semester(1, date(2026, 9, 1), date(2026, 12, 18), date(2026, 12, 18)),
            Semester(2, date(2027, 1, 4), date(2027, 5, 28), date(2027, 5, 28)),
        ),
        holidays=(
            HolidayPeriod(N_("Rudens brīvdienas"), date(2026, 10, 26), date(2026, 10, 30)),
            HolidayPeriod(N_("Ziemas brīvdienas"), date(2026, 12, 21), date(2027, 1, 1)),
            HolidayPeriod(N_("Pavasara brīvdienas"), date(2027, 3, 15), date(2027, 3, 19)),
        ),
        year_mark_deadline=date(2027, 5, 28),
        draft=True,
    )


DEFAULT_SCHOOL_YEARS: tuple[SchoolYear, ...] = (_year_2025_26(), _year_2026_27())
_WEEKS_OF_A_YEAR = timedelta(weeks=52)  # the same weekdays a year later


def next_year(year: SchoolYear) -> SchoolYear:
    """A draft of the year after ``year`` (Y1): it starts on 1 September, its lessons on
    the first working day from then; semesters, holidays and deadlines fall on the same
    weekdays 52 weeks later. The clerk adjusts it."""
    start = date(year.first_day.year + 1, 9, 1)
    first_lesson = start
    while not is_working_day(first_lesson):
        first_lesson += timedelta(days=1)

    def later(day: date) -> date:
        return day + _WEEKS_OF_A_YEAR

    return SchoolYear(
        name=f"{start.year}./{start.year + 1}.",
        first_day=start,
        first_school_day=None if first_lesson == start else first_lesson,
        last_day=later(year.last_day),
        semesters=tuple(
            Semester(
                s.number,
                first_lesson if s.number == 1 else later(s.start),
                later(s.end),
                later(s.mark_deadline),
            )
            for s in year.semesters
        ),
        holidays=tuple(HolidayPeriod(h.name, later(h.start), later(h.end)) for h in year.holidays),
        year_mark_deadline=later(year.year_mark_deadline),
        draft=True,
    )


def school_year_for(
    day: date, years: Iterable[SchoolYear] = DEFAULT_SCHOOL_YEARS
) -> SchoolYear | None:
    """The school year containing ``day``, or None (summer holidays, unknown year)."""
    return next((year for year in years if year.contains(day)), None)


def year_args(
    key: uuid.UUID, year: SchoolYear, base: dict[str, str | None] | None
) -> dict[str, Any]:
    """``school_year.set``'s arguments (docs/sync-protocol.md §4)."""
    return {
        "school_year_id": str(key),
        "name": year.name,
        "first_day": year.first_day.isoformat(),
        "first_school_day": year.first_school_day.isoformat() if year.first_school_day else None,
        "last_day": year.last_day.isoformat(),
        "year_mark_deadline": year.year_mark_deadline.isoformat(),
        "semesters": [
            {
                "number": s.number,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "mark_deadline": s.mark_deadline.isoformat(),
            }
            for s in year.semesters
        ],
        "holidays": [
            {"name": h.name, "start": h.start.isoformat(), "end": h.end.isoformat()}
            for h in year.holidays
        ],
        "draft": year.draft,
        "base": base,
    }
