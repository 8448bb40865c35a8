"""Substitutions (aizvietošana, SPEC J4; DOMAIN: roles): the deputy director names a substitute
teacher for a course from one day to another. In that time the substitute creates and fills
the course's lessons, which are theirs (the lesson's ``taught_by``); report P5 counts them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from eklase_desktop.domain.school import InvalidSetUp
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import _

SUBSTITUTION_FIELDS = ("course_id", "substitute_id", "start", "end", "deleted")
MAX_DAYS = 366


@dataclass(frozen=True)
class SubstitutionDetails:
    course_id: uuid.UUID
    substitute_id: uuid.UUID
    start: dt.date
    end: dt.date  # the last day

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def validate_substitution(details: SubstitutionDetails) -> SubstitutionDetails:
    if details.end < details.start:
        raise InvalidSetUp(_("Aizvietošanas beigas ir pirms tās sākuma."))
    if (details.end - details.start).days >= MAX_DAYS:
        raise InvalidSetUp(_("Aizvietošana ir ne ilgāka par mācību gadu."))
    return details


def substitution_texts(
    details: SubstitutionDetails, deleted: bool = False
) -> dict[str, str | None]:
    """The fields as wire text (``substitution.set``'s base)."""
    values = {**vars(details), "deleted": deleted}
    return {name: wire_text(values[name]) for name in SUBSTITUTION_FIELDS}


def substitution_args(
    key: uuid.UUID,
    details: SubstitutionDetails,
    deleted: bool,
    base: dict[str, str | None] | None,
) -> dict[str, object]:
    return {
        "substitution_id": str(key),
        "course_id": str(details.course_id),
        "substitute_id": str(details.substitute_id),
        "start": details.start.isoformat(),
        "end": details.end.isoformat(),
        "deleted": deleted,
        "base": base,
    }
