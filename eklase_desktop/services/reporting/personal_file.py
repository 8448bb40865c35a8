"""The student's personal file (skolēna personas lieta, SPEC T6): the student card, the school
year's marks in every subject (semesters, year, examination, post-examination) with the
absences, and the behaviour entries, for one student or each of a class. What the card shows
is what this laptop holds: the personal code, addresses and documents only on the clerk's
and the deputy's (SPEC D2)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from eklase_desktop.i18n import _
from eklase_desktop.models import Student
from eklase_desktop.models.setup import guardians_of, student_details
from eklase_desktop.reports.document import Section
from eklase_desktop.services.reporting.facts import Facts, Pupil
from eklase_desktop.services.reporting.statements import (
    YEAR_END_MARKS,
    absence_total,
    behaviour_section,
    student_part,
    year_grid,
)


def personal_file_sections(session: Session, facts: Facts) -> list[Section]:
    sections = []
    for pupil in facts.pupils:
        sections.append(
            Section(
                part=student_part(pupil), heading=_("Skolēna kartīte"), lines=_card(session, pupil)
            )
        )
        sections.append(
            Section(
                heading=_("Mācību gada vērtējumi un kavējumi"),
                grid=year_grid(facts, pupil, YEAR_END_MARKS),
                lines=absence_total(facts, pupil),
            )
        )
        sections.append(behaviour_section(facts, pupil))
    return sections


def _card(session: Session, pupil: Pupil) -> tuple[str, ...]:
    row = session.get(Student, pupil.id)
    if row is None:
        return ()
    card = student_details(row, guardians_of(session, row.id))
    unknown = "—"

    def day(value: dt.date | None) -> str:
        return value.strftime("%d.%m.%Y.") if value else unknown

    document = ", ".join(
        part
        for part in (card.id_document, card.id_document_issuer,
                     day(card.id_document_date) if card.id_document_date else "")
        if part
    )  # fmt: skip
    admission = " ".join(
        part for part in (card.admission_order, day(card.admitted_on) if card.admitted_on else "")
        if part
    )  # fmt: skip
    leaving = " ".join(
        part for part in (row.leaving_order or "", day(row.left_on) if row.left_on else "") if part
    )
    lines = [
        _("Vārds, uzvārds: {name}").format(name=f"{card.first_name} {card.last_name}"),
        _("Personas kods: {code}").format(code=card.personal_code or unknown),
        _("Dzimšanas datums: {day}").format(day=day(card.birth_date)),
        _("Dzimums: {gender}").format(gender=card.gender.label if card.gender else unknown),
        _("Klase: {name}").format(name=pupil.class_name or unknown),
        _("Izglītības programma: {programme}").format(programme=card.programme or unknown),
        _("Deklarētā adrese: {address}").format(address=card.declared_address or unknown),
        _("Faktiskā adrese: {address}").format(address=card.actual_address or unknown),
        _("Tālrunis: {phone}").format(phone=card.phone or unknown),
        _("Personu apliecinošs dokuments: {document}").format(document=document or unknown),
        _("Uzņemts: {order}").format(order=admission or unknown),
    ]
    if leaving:
        lines.append(_("Atskaitīts: {order}").format(order=leaving))
    for guardian in card.guardians:
        lines.append(
            _("Likumiskais pārstāvis: {name}, {phone}").format(
                name=f"{guardian.first_name} {guardian.last_name}",
                phone=guardian.phone or unknown,
            )
        )
    if not card.guardians:
        lines.append(_("Likumiskie pārstāvji: {none}").format(none=unknown))
    return tuple(lines)
