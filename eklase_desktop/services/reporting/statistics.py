"""The deputy director's statistics as a report and the window's service (SPEC V1, V8): the
summary table, the month-by-month averages beside the previous year, the distribution and
absence charts, the problems; ``SchoolStatistics`` is what the statistics window asks."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.report_period import ROMAN, SHORT_MONTHS, PeriodKind, month_period
from eklase_desktop.domain.roles import Entity, can_write, require
from eklase_desktop.domain.statistics import (
    ABSENCE_CODES,
    Figures,
    SchoolRules,
    decimal_text,
    rules_texts,
    validate_rules,
)
from eklase_desktop.i18n import N_, _
from eklase_desktop.models import SchoolRules as RulesRow
from eklase_desktop.models import SchoolYear
from eklase_desktop.reports.document import Chart, Column, Document, Grid, Section
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.reporting.common import PeriodChoice, frame
from eklase_desktop.services.statistics import (
    STATISTICS_READERS,
    GroupFigures,
    Grouping,
    ProblemKind,
    Statistics,
    school_months,
    school_rules,
    school_statistics,
    staff_school,
)

_PROBLEM_TITLES = {
    ProblemKind.AVERAGE_DROP: N_("Vidējā vērtējuma kritums"),
    ProblemKind.UNJUSTIFIED: N_("Neattaisnoti kavējumi"),
    ProblemKind.FEW_MARKS: N_("Par maz vērtējumu"),
}


def problem_title(kind: ProblemKind) -> str:
    return _(_PROBLEM_TITLES[kind])


def share_text(value: Decimal | None) -> str:
    return "" if value is None else f"{decimal_text(value, 1)} %"


def summary_row(group: GroupFigures) -> tuple[str, ...]:
    """A group's row of the summary table: name, marks that pass or fail, average, 1…10,
    insufficient share, n, ns, nc, k."""
    numbers = group.figures
    return (
        group.name,
        str(numbers.assessed),
        decimal_text(numbers.average),
        *(str(count) if count else "" for count in numbers.balles),
        share_text(numbers.insufficient_share),
        *(str(count) if count else "" for count in numbers.absences),
    )


def summary_columns(grouping: Grouping) -> tuple[Column, ...]:
    return (
        Column(grouping.title, 3.2),
        Column(_("Vērt."), 0.7, numeric=True),
        Column(_("Vid."), 0.7, numeric=True),
        *(Column(str(points), 0.5, numeric=True) for points in range(1, 11)),
        Column(_("<4, ni"), 0.8, numeric=True),
        *(Column(code, 0.55, numeric=True) for code in ABSENCE_CODES),
    )


def month_label(month: tuple[int, int]) -> str:
    return _(SHORT_MONTHS[month[1] - 1])


def monthly_row(group: GroupFigures) -> tuple[str, ...]:
    """A group's averages month by month, last year's beside each in brackets."""
    cells = []
    for index, numbers in enumerate(group.months):
        text = decimal_text(numbers.average)
        if group.previous is not None:
            earlier = decimal_text(group.previous[index].average)
            if earlier:
                text = f"{text or '–'} ({earlier})"
        cells.append(text)
    return (group.name, *cells)


def average_chart(statistics: Statistics) -> Chart:
    """The school's monthly average, beside the previous year's."""
    series = [(statistics.school_year, _averages(statistics.total.months))]
    if statistics.total.previous is not None:
        series.append((statistics.previous_year, _averages(statistics.total.previous)))
    known = [value for _name, values in series for value in values if value is not None]
    low = max(0.0, float(int(min(known, default=1.0))) - 1)
    high = min(10.0, float(int(max(known, default=9.0))) + 1)
    return Chart(
        tuple(month_label(m) for m in statistics.months),
        tuple(series),
        low=low,
        high=high,
        step=0.5 if high - low <= 4 else 1.0,
    )


def _averages(months: Iterable[Figures]) -> tuple[float | None, ...]:
    return tuple(None if numbers.average is None else float(numbers.average) for numbers in months)


def distribution_chart(statistics: Statistics) -> Chart:
    """How many of each balle in the period."""
    counts = statistics.total.figures.balles
    return Chart(
        tuple(str(points) for points in range(1, 11)),
        ((_("Vērtējumu skaits"), tuple(float(count) for count in counts)),),
        bars=True,
        high=_round_up(max(counts, default=0)),
        step=_round_up(max(counts, default=0)) / 5,
    )


def absence_chart(statistics: Statistics) -> Chart:
    """Absences by code, month by month."""
    series = tuple(
        (code, tuple(float(numbers.absences[index]) for numbers in statistics.total.months))
        for index, code in enumerate(ABSENCE_CODES)
    )
    most = max(
        (count for numbers in statistics.total.months for count in numbers.absences), default=0
    )
    return Chart(
        tuple(month_label(m) for m in statistics.months),
        series,
        bars=True,
        high=_round_up(most),
        step=_round_up(most) / 5,
    )


def _round_up(value: int) -> float:
    """A round top for a value axis: 10, 20, 50, 100, 200, 500, …"""
    top, factors = 10, itertools.cycle((2, 2.5, 2))
    while top < value:
        top = int(top * next(factors))
    return float(top)


def rules_lines(rules: SchoolRules) -> tuple[str, ...]:
    return (
        _(
            "Skolas noteikumi: vidējā vērtējuma kritums mēnesī vairāk par {drop} ballēm; "
            "vairāk nekā {limit} neattaisnotas stundas mēnesī; vismaz {minimum} vērtējumi "
            "semestrī katrā mācību priekšmetā."
        ).format(
            drop=decimal_text(rules.average_drop, 1),
            limit=rules.unjustified_limit,
            minimum=rules.min_marks,
        ),
    )


def statistics_sections(statistics: Statistics) -> list[Section]:
    grouping = statistics.grouping
    rows = tuple(summary_row(group) for group in statistics.groups)
    months = tuple(Column(month_label(m), 1.0, numeric=True) for m in statistics.months)
    previous = (
        _("Iekavās — {year} mācību gada tas pats mēnesis.").format(year=statistics.previous_year)
        if statistics.previous_year
        else _("Iepriekšējā mācību gada dati šajā datorā nav pieejami.")
    )
    return [
        Section(
            heading=_("Rādītāji"),
            lines=(
                _(
                    "«Vērt.» — vērtējumi ballēs un «i»/«ni»; vidējais — tikai no 1–10 ballēm; "
                    "«<4, ni» — nesekmīgo vērtējumu daļa; kavējumi — stundu skaits."
                ),
            ),
            grid=Grid(
                summary_columns(grouping),
                rows,
                total=(summary_row(statistics.total),) if rows else (),
                empty=_("Šajā periodā vērtējumu un kavējumu nav."),
                font_size=7.5,
            ),
        ),
        Section(heading=_("Vērtējumu sadalījums"), chart=distribution_chart(statistics)),
        Section(
            heading=_("Vidējā vērtējuma dinamika pa mēnešiem"),
            lines=(previous,),
            chart=average_chart(statistics),
            grid=Grid(
                (Column(grouping.title, 3.2), *months),
                tuple(monthly_row(group) for group in statistics.groups),
                total=(monthly_row(statistics.total),) if rows else (),
                font_size=7.5,
            ),
        ),
        Section(heading=_("Kavējumu dinamika pa mēnešiem"), chart=absence_chart(statistics)),
        Section(
            heading=_("Problēmas"),
            lines=rules_lines(statistics.rules),
            grid=Grid(
                (Column(_("Problēma"), 1.6), Column(_("Kas"), 2.2), Column(_("Apraksts"), 5)),
                tuple((problem_title(p.kind), p.about, p.text) for p in statistics.problems),
                empty=_("Problēmu nav."),
            ),
        ),
    ]


TITLE = N_("Mācību sasniegumu un kavējumu statistika")


class SchoolStatistics:
    """What the statistics window offers the deputy director and the director: the school's
    years, the figures of one, the report of them, and the school's rules (the deputy sets
    them through ``school_rules.set``)."""

    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def _require(self) -> None:
        if not self._actor.roles & STATISTICS_READERS:
            raise PermissionDenied(_("Statistiku skatās direktora vietnieks vai direktors."))

    @property
    def can_set_rules(self) -> bool:
        return can_write(self._actor.roles, Entity.SCHOOL_RULES)

    def years(self) -> list[tuple[uuid.UUID, str]]:
        """The school's years, the latest first."""
        with self._factory() as session:
            school = staff_school(session, self._actor.staff_id)
            rows = session.execute(
                select(SchoolYear.id, SchoolYear.name)
                .where(SchoolYear.school_id == school, SchoolYear.deleted.is_(False))
                .order_by(SchoolYear.first_day.desc())
            )
            return [(row.id, row.name) for row in rows]

    def periods(self, school_year_id: uuid.UUID) -> list[tuple[str, PeriodChoice]]:
        with self._factory() as session:
            return year_periods(session, school_year_id)

    def rules(self) -> SchoolRules:
        with self._factory() as session:
            return school_rules(session, staff_school(session, self._actor.staff_id))

    def save_rules(self, rules: SchoolRules) -> SchoolRules:
        """Stores the school's rules here and queues them for the server; raises
        PermissionDenied or InvalidRules (messages in Latvian)."""
        require(self._actor.roles, Entity.SCHOOL_RULES)
        rules = validate_rules(rules)
        with self._factory.begin() as session:
            school = staff_school(session, self._actor.staff_id)
            if school is None:
                raise PermissionDenied(_("Lietotājs nav atrasts."))
            base = rules_texts(school_rules(session, school))
            row = session.get(RulesRow, school)
            if row is None:
                row = RulesRow(id=school, school_id=school)
                session.add(row)
            row.min_marks = rules.min_marks
            row.average_drop = f"{rules.average_drop:.1f}"
            row.unjustified_limit = rules.unjustified_limit
            row.late_changes = rules.late_changes.value
            row.deleted = False
            enqueue(
                session,
                "school_rules.set",
                {"school_id": str(school), **rules_texts(rules), "base": base},
            )
        return rules

    def compute(
        self, school_year_id: uuid.UUID, grouping: Grouping, choice: PeriodChoice
    ) -> Statistics:
        self._require()
        with self._factory() as session:
            return school_statistics(session, school_year_id, grouping, choice)

    def document(self, statistics: Statistics, school_year_id: uuid.UUID) -> Document:
        self._require()
        with self._factory() as session:
            return frame(
                session,
                school_year_id,
                _(TITLE),
                f"{statistics.grouping.title} · {statistics.period.label}",
                statistics_sections(statistics),
                wide=True,
            )


def year_periods(session: Session, school_year_id: uuid.UUID) -> list[tuple[str, PeriodChoice]]:
    """What the statistics can be of: the year, its semesters, its months with lessons."""
    year = session.get(SchoolYear, school_year_id)
    if year is None:
        return []
    found = [(_("Mācību gads"), PeriodChoice(PeriodKind.YEAR))]
    for semester in sorted(year.semesters, key=lambda s: s.number):
        if not semester.deleted:
            name = _("{roman} semestris").format(roman=ROMAN.get(semester.number, ""))
            found.append((name, PeriodChoice(PeriodKind.SEMESTER, semester=semester.number)))
    for number, month in school_months(year.first_day, year.last_day):
        period = month_period(number, month)
        found.append((period.label, PeriodChoice.of(period)))
    return found
