"""Class documents: the class summary of marks (SPEC P3), the summary journal of achievements
(P7, V6), the behaviour journal report (P6) and the attendance report."""

from __future__ import annotations

import uuid
from collections import defaultdict

from eklase_desktop.domain.names import latvian_sort_key
from eklase_desktop.domain.report_period import PeriodKind, ReportPeriod, day_text
from eklase_desktop.i18n import _
from eklase_desktop.reports.document import Column, Grid, Section
from eklase_desktop.services.reporting.common import absence_columns, count_texts
from eklase_desktop.services.reporting.facts import (
    Facts,
    Pupil,
    average_text,
    insufficient,
)
from eklase_desktop.services.reporting.statements import YEAR_END_MARKS, student_part

_SIGN = {True: "+", False: "−", None: ""}


def subjects(facts: Facts) -> list[str]:
    """The subjects the pupils learn, in Latvian alphabetical order."""
    names = {course.subject for course in facts.courses.values()}
    return sorted(names, key=latvian_sort_key)


def courses_by_subject(facts: Facts, pupil: Pupil) -> dict[str, list[uuid.UUID]]:
    found: dict[str, list[uuid.UUID]] = defaultdict(list)
    for course_id in facts.enrolled.get(pupil.id, []):
        found[facts.courses[course_id].subject].append(course_id)
    return found


def summary_key(period: ReportPeriod) -> str | None:
    """The period mark a class summary shows: the semester's, the year's, or none."""
    if period.kind is PeriodKind.SEMESTER:
        return f"S{period.semester}"
    if period.kind is PeriodKind.YEAR:
        return "Y"
    keys = period.period_marks()
    return keys[0] if len(keys) == 1 else None


def summary_cell(facts: Facts, pupil: Pupil, course_ids: list[uuid.UUID], key: str | None) -> str:
    """The period mark, or the average of the period's marks (with a decimal comma)."""
    for course_id in course_ids:
        mark = facts.period_mark(pupil.id, course_id, key) if key else ""
        if mark:
            return mark
    return average_text(m.value for c in course_ids for m in facts.marks_of(pupil.id, c))


def shown_period_marks(facts: Facts, pupil: Pupil, key: str | None) -> list[str]:
    if key is None:
        return []
    return [
        facts.period_mark(pupil.id, course_id, key)
        for course_id in facts.enrolled.get(pupil.id, [])
        if facts.period_mark(pupil.id, course_id, key)
    ]


def summary_sections(facts: Facts, period: ReportPeriod) -> list[Section]:
    """Students × subjects; each student's average of 1–10 marks, insufficient marks (below
    4, ``ni``) and missed lessons; each subject's average on the last row (SPEC P3)."""
    names = subjects(facts)
    key = summary_key(period)
    columns = (
        Column(_("Nr."), 0.45, numeric=True),
        Column(_("Skolēns"), 3.2),
        *(Column(name, 1) for name in names),
        Column(_("Vid."), 0.9, numeric=True),
        Column(_("< 4, ni"), 0.8, numeric=True),
        Column(_("Kavēts"), 0.85, numeric=True),
        Column(_("t. sk. n"), 0.8, numeric=True),
    )
    rows = []
    for number, pupil in enumerate(facts.pupils, start=1):
        by_subject = courses_by_subject(facts, pupil)
        marks = [m.value for m in facts.marks_of(pupil.id)]
        counts = facts.absence_counts(pupil.id)
        low = insufficient(marks) + insufficient(shown_period_marks(facts, pupil, key))
        rows.append(
            (
                str(number),
                pupil.name,
                *(summary_cell(facts, pupil, by_subject.get(name, []), key) for name in names),
                average_text(marks),
                str(low),
                str(counts["n"] + counts["ns"] + counts["nc"]),
                str(counts["n"]),
            )
        )
    subject_marks: dict[str, list[str]] = defaultdict(list)
    for mark in facts.marks:
        subject_marks[facts.courses[mark.course_id].subject].append(mark.value)
    total = (
        "",
        _("Vidējais"),
        *(average_text(subject_marks[name]) for name in names),
        average_text(m.value for m in facts.marks),
        "",
        "",
        "",
    )
    explain = _(
        "Ailēs: {what}; ja tā nav — visu perioda vērtējumu (1–10) vidējais ar komatu. "
        "«Vid.» — skolēna visu perioda vērtējumu vidējais; «< 4, ni» — nepietiekamo "
        "vērtējumu skaits; «Kavēts» — kavētās stundas, «t. sk. n» — neattaisnotās."
    ).format(what=_period_mark_name(key))
    grid = Grid(
        columns,
        tuple(rows),
        total=(total,) if rows else (),
        empty=_("Klasē nav skolēnu."),
        font_size=7,
        vertical=frozenset(range(2, 2 + len(names))),
    )
    return [Section(lines=(explain,), grid=grid)]


def _period_mark_name(key: str | None) -> str:
    if key is None:
        return _("perioda vērtējums")
    if key.startswith("S"):
        return _("semestra vērtējums")
    if key == "Y":
        return _("gada vērtējums")
    return _("mēneša vērtējums")


def achievement_sections(facts: Facts) -> list[Section]:
    """Summary journal of achievements: per student the I and II semester, year, exam and
    post-exam marks of every subject (SPEC P7, V6); exam rows only where there are marks."""
    names = subjects(facts)
    columns = (
        Column(_("Skolēns"), 3),
        Column("", 1.1),
        *(Column(name, 1) for name in names),
    )
    rows: list[tuple[str, ...]] = []
    blocks = []  # a student's rows stay on one page
    for pupil in facts.pupils:
        by_subject = courses_by_subject(facts, pupil)
        before = len(rows)
        for index, (key, label) in enumerate(YEAR_END_MARKS):
            values = [
                next(
                    (
                        facts.period_mark(pupil.id, c, key)
                        for c in by_subject.get(name, [])
                        if facts.period_mark(pupil.id, c, key)
                    ),
                    "",
                )
                for name in names
            ]
            if key in ("E", "P", "YC") and not any(values):
                continue
            rows.append((pupil.name if index == 0 else "", _(label), *values))
        blocks.append(len(rows) - before)
    grid = Grid(
        columns,
        tuple(rows),
        empty=_("Klasē nav skolēnu."),
        font_size=7,
        vertical=frozenset(range(2, 2 + len(names))),
        blocks=tuple(blocks),
    )
    return [Section(grid=grid)]


def behaviour_sections(facts: Facts) -> list[Section]:
    """The behaviour journal of a class in a period, and each student's count (SPEC P6)."""
    names = {pupil.id: pupil.name for pupil in facts.pupils}
    entries = tuple(
        (
            day_text(entry.day),
            names.get(entry.student_id, ""),
            _SIGN[entry.positive],
            entry.text,
            entry.course,
            entry.author,
        )
        for entry in facts.behaviour
    )
    columns = (
        Column(_("Datums"), 1.5),
        Column(_("Skolēns"), 2.4),
        Column("+/−", 0.5),
        Column(_("Ieraksts"), 5),
        Column(_("Priekšmets"), 1.8),
        Column(_("Ierakstīja"), 1.8),
    )
    counts: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
    for entry in facts.behaviour:
        if entry.positive is not None:
            counts[entry.student_id][0 if entry.positive else 1] += 1
    per_student = tuple(
        (pupil.name, str(counts[pupil.id][0]), str(counts[pupil.id][1]))
        for pupil in facts.pupils
        if pupil.id in counts
    )
    return [
        Section(
            heading=_("Ieraksti"),
            grid=Grid(columns, entries, empty=_("Uzvedības ierakstu šajā periodā nav.")),
        ),
        Section(
            heading=_("Skolēnu kopsavilkums"),
            grid=Grid(
                (
                    Column(_("Skolēns"), 4),
                    Column(_("Pozitīvi (+)"), 1, numeric=True),
                    Column(_("Negatīvi (−)"), 1, numeric=True),
                ),
                per_student,
                empty=_("Uzvedības ierakstu šajā periodā nav."),
            ),
        ),
    ]


def attendance_sections(facts: Facts) -> list[Section]:
    """Per student: absences by code and the days missed; one student: each lesson missed."""
    if len(facts.pupils) == 1:
        return [_attendance_detail(facts, facts.pupils[0])]
    rows = []
    for pupil in facts.pupils:
        days: dict[str, int] = defaultdict(int)
        for absence in facts.absences:
            if absence.student_id == pupil.id and absence.code != "k":
                days[absence.day.strftime("%d.%m.")] += 1
        counts = facts.absence_counts(pupil.id)
        rows.append(
            (
                pupil.name,
                *count_texts(counts),
                str(counts["n"] + counts["ns"] + counts["nc"]),
                ", ".join(f"{day} ({n})" for day, n in days.items()),
            )
        )
    totals = [facts.absence_counts(p.id) for p in facts.pupils]
    summed = {code: sum(c[code] for c in totals) for code in ("n", "ns", "nc", "k")}
    total = (
        _("Kopā"),
        *count_texts(summed),
        str(summed["n"] + summed["ns"] + summed["nc"]),
        "",
    )
    columns = (
        Column(_("Skolēns"), 2.6),
        *absence_columns(),
        Column(_("Kavēts"), 0.8, numeric=True),
        Column(_("Kavētās dienas (stundas)"), 6),
    )
    grid = Grid(columns, tuple(rows), total=(total,) if rows else (), empty=_("Klasē nav skolēnu."))
    return [Section(grid=grid)]


def _attendance_detail(facts: Facts, pupil: Pupil) -> Section:
    rows = tuple(
        (
            day_text(absence.day),
            str(absence.number or ""),
            facts.courses[absence.course_id].subject,
            absence.code,
        )
        for absence in facts.absences
        if absence.student_id == pupil.id
    )
    columns = (
        Column(_("Datums"), 1.2),
        Column(_("Stunda"), 0.7, numeric=True),
        Column(_("Mācību priekšmets"), 4),
        Column(_("Kods"), 0.7),
    )
    counts = facts.absence_counts(pupil.id)
    total = (
        _("Kopā"),
        "",
        ", ".join(f"{code}: {counts[code]}" for code in ("n", "ns", "nc", "k")),
        str(counts["n"] + counts["ns"] + counts["nc"]),
    )
    return Section(
        part=student_part(pupil),
        grid=Grid(
            columns,
            rows,
            total=(total,) if rows else (),
            empty=_("Šajā periodā skolēns nav kavējis."),
        ),
    )
