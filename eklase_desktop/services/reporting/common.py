"""What every report shares: the school's name, "data as of" the last successful sync, the
moment printed, the columns of absence counts, and the school year a report's period falls in."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.report_period import (
    PeriodKind,
    ReportPeriod,
    semester_period,
    year_period,
)
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.i18n import _
from eklase_desktop.models import School, SchoolYear, SyncState
from eklase_desktop.reports.document import Column, Document, Section
from eklase_desktop.services.journal import year_rules
from eklase_desktop.services.reporting.facts import ABSENCE_CODES


def data_as_of(session: Session) -> dt.datetime | None:
    """The last successful sync, in local time (what the printed data is as of); where the
    session reads the server's own database (the year's archive) the moment it was read,
    given in ``session.info["data_as_of"]``."""
    given = session.info.get("data_as_of")
    if isinstance(given, dt.datetime):
        return given
    state = session.get(SyncState, "last_sync")
    if state is None or not state.value:
        return None
    moment = dt.datetime.fromisoformat(state.value)
    return moment.astimezone() if moment.tzinfo else moment


def school_name(session: Session, school_year_id: uuid.UUID) -> str:
    year = session.get(SchoolYear, school_year_id)
    school = session.get(School, year.school_id) if year else None
    return school.name if school else ""


def frame(
    session: Session,
    school_year_id: uuid.UUID,
    title: str,
    subtitle: str,
    sections: Sequence[Section],
    *,
    wide: bool = False,
    empty: str = "",
) -> Document:
    """A document with the school's heading and today's stamps around ``sections``."""
    return Document(
        title=title,
        school=school_name(session, school_year_id),
        subtitle=subtitle,
        data_as_of=data_as_of(session),
        printed_at=clock.now().replace(microsecond=0),
        sections=tuple(sections),
        wide=wide,
        empty=empty,
    )


def absence_columns() -> tuple[Column, ...]:
    """n, ns, nc, k: absent, absent ill, absent other reason, late (DOMAIN: attendance)."""
    return tuple(Column(code, 0.55, numeric=True) for code in ABSENCE_CODES)


def count_texts(counts: dict[str, int]) -> tuple[str, ...]:
    return tuple(str(counts[code]) if counts[code] else "" for code in ABSENCE_CODES)


_CLASS_NAME = re.compile(r"^[0-9]{1,2}\.\s?\w{1,3}$")


def class_label(names: Sequence[str]) -> str:
    """ "7.a klase", "7.a, 8.a klase", "1. grupa", "30 klases": what a report is about."""
    if len(names) > 3:
        return _("{count} klases").format(count=len(names))
    text = ", ".join(names)
    if all(_CLASS_NAME.match(name) for name in names):
        return _("{klass} klase").format(klass=text)
    return text


def rules_of(session: Session, school_year_id: uuid.UUID) -> YearRules:
    rules = year_rules(session, school_year_id)
    if rules is None:
        raise DomainError(_("Mācību gada dati nav atrasti."))
    return rules


@dataclass(frozen=True)
class PeriodChoice:
    """The period as asked for: a month or a date range as dates, or a semester (1, 2) or
    the whole year, which take their dates from the school year of the class or course."""

    kind: PeriodKind
    start: dt.date | None = None
    end: dt.date | None = None
    semester: int | None = None

    def resolve(self, session: Session, school_year_id: uuid.UUID) -> ReportPeriod:
        if self.kind is PeriodKind.SEMESTER:
            return semester_period(rules_of(session, school_year_id), self.semester or 1)
        if self.kind is PeriodKind.YEAR:
            return year_period(rules_of(session, school_year_id))
        if self.start is None or self.end is None:
            raise DomainError(_("Norādiet perioda sākumu un beigas."))
        return ReportPeriod(self.kind, self.start, self.end)

    @classmethod
    def of(cls, period: ReportPeriod) -> PeriodChoice:
        return cls(period.kind, period.start, period.end, period.semester)
