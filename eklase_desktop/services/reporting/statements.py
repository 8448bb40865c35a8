"""Per-student documents: the grade statement (sekmju izraksts, SPEC P1, T7) and the report
card (liecība, SPEC P2, V5). For a whole class they print as one document, a student to a
part (each part starts a page)."""

from __future__ import annotations

from eklase_desktop.domain.report_period import PeriodKind, ReportPeriod
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.reports.document import Column, Grid, Section
from eklase_desktop.services.reporting.common import (
    absence_columns,
    class_label,
    count_texts,
)
from eklase_desktop.services.reporting.facts import Facts, Pupil, average_text

YEAR_END_MARKS = (
    ("S1", N_("I sem.")),
    ("S2", N_("II sem.")),
    ("Y", N_("Gada")),
    ("E", N_("Eksāmens")),
    ("P", N_("Pēcpārb.")),
    ("YC", N_("Gada lab.")),  # corrected after the post-examination, beside the year mark
)


def student_part(pupil: Pupil) -> str:
    """A student's part of a class document: the running header of the pages handed out."""
    return f"{pupil.name}, {class_label([pupil.class_name])}" if pupil.class_name else pupil.name


def _subject(facts: Facts, course_id: object) -> str:
    course = facts.courses[course_id]  # type: ignore[index]
    return course.subject


def absence_total(facts: Facts, pupil: Pupil) -> tuple[str, ...]:
    counts = facts.absence_counts(pupil.id)
    missed = counts["n"] + counts["ns"] + counts["nc"]
    return (
        _(
            "Kavētās stundas kopā: {missed} (neattaisnotas {n}, slimības dēļ {ns}, "
            "citu attaisnotu iemeslu dēļ {nc}); kavējumi: {k}."
        ).format(missed=missed, **counts),
    )


def behaviour_section(facts: Facts, pupil: Pupil) -> Section:
    rows = tuple(
        (
            entry.day.strftime("%d.%m."),
            {True: "+", False: "−"}.get(entry.positive, ""),  # type: ignore[arg-type]
            entry.text,
            entry.course,
            entry.author,
        )
        for entry in facts.behaviour
        if entry.student_id == pupil.id
    )
    columns = (
        Column(_("Datums"), 0.8),
        Column("+/−", 0.4),
        Column(_("Ieraksts"), 5),
        Column(_("Priekšmets"), 2),
        Column(_("Ierakstīja"), 2),
    )
    empty = _("Uzvedības ierakstu šajā periodā nav.")
    return Section(heading=_("Uzvedības ieraksti"), grid=Grid(columns, rows, empty=empty))


def _period_grid(facts: Facts, pupil: Pupil, period: ReportPeriod) -> Grid:
    enrolled = facts.enrolled.get(pupil.id, [])
    keys = [
        key
        for key in period.period_marks()
        if any(facts.period_mark(pupil.id, course_id, key) for course_id in enrolled)
    ]
    labels = [_("{month}. mēn.").format(month=key[-2:].lstrip("0")) for key in keys]
    if period.kind is PeriodKind.SEMESTER and keys:
        labels = [_("Semestra vērt.")]
    columns = (
        Column(_("Mācību priekšmets"), 2.6),
        Column(_("Vērtējumi (datums vērtējums)"), 6.5),
        Column(_("Vid."), 0.7, numeric=True),
        *(Column(label, 0.9) for label in labels),
        *absence_columns(),
    )
    rows = []
    for course_id in facts.enrolled.get(pupil.id, []):
        marks = facts.marks_of(pupil.id, course_id)
        rows.append(
            (
                _subject(facts, course_id),
                ",  ".join(f"{m.day:%d.%m.} {m.value}" for m in marks),
                average_text(m.value for m in marks),
                *(facts.period_mark(pupil.id, course_id, key) for key in keys),
                *count_texts(facts.absence_counts(pupil.id, course_id)),
            )
        )
    everything = [m.value for m in facts.marks_of(pupil.id)]
    total = (
        _("Kopā"),
        plural(len(everything), N_("{count} vērtējums"), N_("{count} vērtējumi")),
        average_text(everything),
        *("" for _key in keys),
        *count_texts(facts.absence_counts(pupil.id)),
    )
    empty = _("Skolēns šajā periodā nav pieteikts nevienā mācību priekšmetā.")
    return Grid(columns, tuple(rows), total=(total,) if rows else (), empty=empty)


def year_grid(facts: Facts, pupil: Pupil, marks: tuple[tuple[str, str], ...]) -> Grid:
    columns = (
        Column(_("Mācību priekšmets"), 3.2),
        *(Column(_(label), 1.15) for _key, label in marks),  # (wide enough for "Eksāmens")
        *absence_columns(),
    )
    rows = tuple(
        (
            _subject(facts, course_id),
            *(facts.period_mark(pupil.id, course_id, key) for key, _label in marks),
            *count_texts(facts.absence_counts(pupil.id, course_id)),
        )
        for course_id in facts.enrolled.get(pupil.id, [])
    )
    empty = _("Skolēns šajā periodā nav pieteikts nevienā mācību priekšmetā.")
    return Grid(columns, rows, empty=empty)


def statement_sections(facts: Facts, period: ReportPeriod) -> list[Section]:
    """A grade statement per pupil: marks per subject in date order, average, period marks,
    absences per subject; behaviour entries; at year end the final marks instead (SPEC P1)."""
    sections = []
    for pupil in facts.pupils:
        year_end = period.kind is PeriodKind.YEAR
        grid = (
            year_grid(facts, pupil, YEAR_END_MARKS)
            if year_end
            else _period_grid(facts, pupil, period)
        )
        sections.append(
            Section(
                part=student_part(pupil),
                heading=_("Vērtējumi un kavējumi"),
                grid=grid,
            )
        )
        sections.append(Section(lines=absence_total(facts, pupil)))
        sections.append(behaviour_section(facts, pupil))
        sections.append(Section(signatures=(_("Klases audzinātājs"), _("Vecāka paraksts"))))
    return sections


def report_card_sections(facts: Facts, period: ReportPeriod) -> list[Section]:
    """A report card per pupil: semester marks (and year, exam, post-exam at year end), the
    state tests and examinations, missed lessons (SPEC P2, V5)."""
    if period.kind is PeriodKind.SEMESTER and period.semester == 1:
        marks: tuple[tuple[str, str], ...] = YEAR_END_MARKS[:1]
    elif period.kind is PeriodKind.SEMESTER:
        marks = YEAR_END_MARKS[:2]
    else:
        marks = YEAR_END_MARKS[:3]
    sections = []
    for pupil in facts.pupils:
        exams = tuple(
            (
                _subject(facts, course_id),
                facts.period_mark(pupil.id, course_id, "E"),
                facts.period_mark(pupil.id, course_id, "P"),
                facts.period_mark(pupil.id, course_id, "YC"),
            )
            for course_id in facts.enrolled.get(pupil.id, [])
            if facts.period_mark(pupil.id, course_id, "E")
            or facts.period_mark(pupil.id, course_id, "P")
        )
        exam_columns = (
            Column(_("Mācību priekšmets"), 3.5),
            Column(_("Vērtējums"), 1),
            Column(_("Pēcpārbaudījums"), 1.2),
            Column(_("Labots gada vērtējums"), 1.4),
        )
        sections += [
            Section(
                part=student_part(pupil),
                heading=_("Mācību sasniegumi"),
                grid=year_grid(facts, pupil, marks),
            ),
            Section(
                heading=_("Valsts pārbaudes darbi un eksāmeni"),
                grid=Grid(exam_columns, exams, empty=_("Valsts pārbaudes darbu šajā periodā nav.")),
            ),
            Section(lines=absence_total(facts, pupil)),
            Section(signatures=(_("Direktors"), _("Klases audzinātājs"), _("Vecāka paraksts"))),
        ]
    return sections
