"""Koncertmeistaru darba uzskaite from the demo school, read back with pdftotext: each
month's hours and the totals equal the sums straight from the database (SPEC K1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.report_period import range_period
from eklase_desktop.domain.work_records import shown_hours
from eklase_desktop.models import WorkRecord
from eklase_desktop.services.actor import Actor, load_actor
from eklase_desktop.services.reporting import (
    ReportCatalogue,
    ReportKind,
    ReportRequest,
    build_report,
)
from eklase_desktop.services.reporting.common import PeriodChoice
from tests.pdf import rendered

AUTUMN = PeriodChoice.of(range_period(dt.date(2026, 9, 1), dt.date(2026, 10, 31)))
REQUEST = ReportRequest(ReportKind.CONCERTMASTERS, AUTUMN)


def _hours_by_month(demo: sessionmaker[Session]) -> dict[int, Decimal]:
    hours: dict[int, Decimal] = defaultdict(Decimal)
    with demo() as session:
        for day, value in session.execute(select(WorkRecord.day, WorkRecord.hours)):
            hours[day.month] += Decimal(value)
    return hours


def test_the_deputy_prints_every_concertmasters_hours_by_month(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    [page] = rendered(build_report(demo, deputy, REQUEST), tmp_path)
    assert "Koncertmeistaru darba uzskaite" in page
    assert "Rīgas Demonstrācijas mūzikas vidusskola" in page  # the concertmasters' school
    hours = _hours_by_month(demo)
    assert hours[9] > 0 and hours[10] > 0
    expected = [shown_hours(hours[9]), shown_hours(hours[10]), shown_hours(hours[9] + hours[10])]
    olga = next(line for line in page.splitlines() if line.strip().startswith("Šmite Olga  "))
    assert olga.split()[-3:] == expected
    totals = [line.split()[-3:] for line in page.splitlines() if line.strip().startswith("Kopā")]
    assert totals and all(total == expected for total in totals)
    assert "Kopīgs darbs" in page and "Vijoļspēle — Rūta Kalēja" in page


def test_a_concertmaster_prints_the_own_and_a_teacher_none(
    demo: sessionmaker[Session], tmp_path: Path
) -> None:
    concertmaster = load_actor(demo, "koncertmeistars")
    assert ReportKind.CONCERTMASTERS in ReportCatalogue(demo, concertmaster).kinds(False, False)
    [page] = rendered(build_report(demo, concertmaster, REQUEST), tmp_path)
    assert "Šmite Olga" in page
    teacher = load_actor(demo, "skolotajs1")
    assert ReportKind.CONCERTMASTERS not in ReportCatalogue(demo, teacher).kinds(False, True)
    with pytest.raises(PermissionDenied):
        build_report(demo, teacher, REQUEST)


def test_a_school_years_months_are_abbreviated_not_broken(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    year = PeriodChoice.of(range_period(dt.date(2026, 9, 1), dt.date(2027, 5, 31)))
    [page, *_rest] = rendered(
        build_report(demo, deputy, ReportRequest(ReportKind.CONCERTMASTERS, year)), tmp_path
    )
    heading = next(line for line in page.splitlines() if "Koncertmeistars" in line)
    assert heading.split()[1:] == [
        "sept.", "okt.", "nov.", "dec.", "janv.", "febr.", "marts", "apr.", "maijs", "Kopā"
    ]  # fmt: skip
