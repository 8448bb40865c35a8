"""Koncertmeistaru darba uzskaite (SPEC K1; DOMAIN: work logs): the hours each concertmaster
accompanied in the period, by month; and for each one by student (and course), with the
joint work (rehearsals, concerts with several students) on a row of its own."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.report_period import MONTHS, SHORT_MONTHS, ReportPeriod
from eklase_desktop.domain.work_records import WorkKind, shown_hours
from eklase_desktop.i18n import _
from eklase_desktop.models import Course, SchoolYear, Staff, Student, WorkRecord
from eklase_desktop.reports.document import Column, Grid, Section

Months = list[tuple[int, int]]


def months_of(period: ReportPeriod) -> Months:
    """(year, month) of every month the period touches, in order."""
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append((day.year, day.month))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def music_year(
    session: Session, day: dt.date | None, concertmaster: uuid.UUID | None
) -> uuid.UUID | None:
    """The school year (so the school) of the courses with a concertmaster (``concertmaster``'s
    if given) that ``day`` falls in, the latest one without ``day``; None if there is none."""
    query = (
        select(SchoolYear.id)
        .join(Course, Course.school_year_id == SchoolYear.id)
        .where(Course.concertmaster_id.is_not(None), Course.deleted.is_(False))
        .order_by(SchoolYear.first_day.desc())
    )
    if concertmaster is not None:
        query = query.where(Course.concertmaster_id == concertmaster)
    if day is not None:
        query = query.where(SchoolYear.first_day <= day, SchoolYear.last_day >= day)
    return session.scalar(query.limit(1))


def concertmaster_sections(
    session: Session, period: ReportPeriod, author: uuid.UUID | None
) -> list[Section]:
    """The report's sections: every concertmaster's (``author`` None) or one's."""
    query = select(WorkRecord).where(
        WorkRecord.kind == WorkKind.ACCOMPANIMENT.value,
        WorkRecord.deleted.is_(False),
        WorkRecord.day.between(period.start, period.end),
    )
    if author is not None:
        query = query.where(WorkRecord.author_id == author)
    records = [row for row in session.scalars(query) if Decimal(row.hours) > 0]
    months = months_of(period)
    # more than a few months: their names abbreviated, not broken in the middle of a word
    titles = MONTHS if len(months) <= 4 else SHORT_MONTHS
    month_columns = tuple(Column(_(titles[month - 1]), 1, numeric=True) for _y, month in months)
    names = {
        row.id: full_name(row.first_name, row.last_name)
        for row in session.execute(select(Staff.id, Staff.first_name, Staff.last_name))
    }
    by_author: dict[uuid.UUID, list[WorkRecord]] = defaultdict(list)
    for record in records:
        by_author[record.author_id].append(record)
    authors = sorted(by_author, key=lambda staff: latvian_sort_key(names.get(staff, "")))
    none = _("Šajā periodā pavadītu stundu nav.")
    summary_rows = tuple(
        (names.get(staff, ""), *_per_month(by_author[staff], months)) for staff in authors
    )
    sections = [
        Section(
            heading=_("Stundas pa mēnešiem"),
            grid=Grid(
                (Column(_("Koncertmeistars"), 3), *month_columns, Column(_("Kopā"), 1, True)),
                summary_rows,
                total=((_("Kopā"), *_per_month(records, months)),) if records else (),
                empty=none,
            ),
        )
    ]
    students = _student_names(session, records)
    courses = {row.id: row.name for row in session.execute(select(Course.id, Course.name))}
    for staff in authors:
        rows: dict[tuple[str, str], list[WorkRecord]] = defaultdict(list)
        for record in by_author[staff]:
            rows[_row_key(record, students, courses)].append(record)
        keys = sorted(rows, key=lambda key: (key[0] == _joint(), latvian_sort_key(key[0])))
        sections.append(
            Section(
                heading=names.get(staff, ""),
                grid=Grid(
                    (
                        Column(_("Audzēknis"), 2.6),
                        Column(_("Kurss vai darbs"), 3),
                        *month_columns,
                        Column(_("Kopā"), 1, numeric=True),
                    ),
                    tuple((*key, *_per_month(rows[key], months)) for key in keys),
                    total=((_("Kopā"), "", *_per_month(by_author[staff], months)),),
                ),
            )
        )
    return sections


def _joint() -> str:
    return _("Kopīgs darbs")


def _row_key(
    record: WorkRecord, students: dict[uuid.UUID, str], courses: dict[uuid.UUID, str]
) -> tuple[str, str]:
    """(students, course or what) of a row: a course's lessons, else the joint work."""
    if record.course_id is not None:
        names = [students.get(uuid.UUID(student), "") for student in record.students]
        return ", ".join(sorted(names, key=latvian_sort_key)), courses.get(record.course_id, "")
    return _joint(), _("mēģinājumi, koncerti, eksāmeni")


def _per_month(records: list[WorkRecord], months: Months) -> tuple[str, ...]:
    hours = {month: Decimal(0) for month in months}
    for record in records:
        key = (record.day.year, record.day.month)
        if key in hours:
            hours[key] += Decimal(record.hours)
    total = sum(hours.values(), Decimal(0))
    return (*(shown_hours(h) if h else "" for h in hours.values()), shown_hours(total))


def _student_names(session: Session, records: list[WorkRecord]) -> dict[uuid.UUID, str]:
    ids = {uuid.UUID(s) for record in records for s in record.students}
    if not ids:
        return {}
    rows = session.execute(
        select(Student.id, Student.first_name, Student.last_name).where(Student.id.in_(ids))
    )
    return {row.id: full_name(row.first_name, row.last_name) for row in rows}
