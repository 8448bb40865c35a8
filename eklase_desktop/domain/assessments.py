"""Tests and examinations (pārbaudes darbi, SPEC J7, J9; M 18.3): a lesson made a test, of a
kind — an ordinary test, a large or creative work (its marks are due in seven working days,
not five: G 21, M 18.4), a semester examination or an ieskaite, each with its topic or
programme and its methodology (ordinary or test methodology). A student absent on the day
gets ``nv`` until the test is written and marked (SPEC J9)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from eklase_desktop.domain.deadlines import EntryKind
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import N_, _

ASSESSMENT_FIELDS = ("kind", "topic", "methodology")
MAX_TOPIC = 500


class InvalidAssessment(DomainError, ValueError):
    """A test the journal will not take."""


class AssessmentKind(enum.Enum):
    TEST = "test"  # pārbaudes darbs
    LARGE_WORK = "large_work"  # apjomīgs vai radošs darbs (G 21: seven working days)
    EXAM = "exam"  # semestra eksāmens (M 18.3)
    CREDIT = "credit"  # ieskaite

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self])

    @property
    def short(self) -> str:
        """The grid header's mark of the column."""
        return _(KIND_SHORT[self])

    @property
    def mark_deadline(self) -> EntryKind:
        """Which deadline its marks have (DOMAIN: deadlines)."""
        return (
            EntryKind.LARGE_WORK_MARK
            if self is AssessmentKind.LARGE_WORK
            else (EntryKind.SUMMATIVE_MARK)
        )


class Methodology(enum.Enum):
    ORDINARY = "ordinary"
    TEST = "test"  # testa metodoloģija

    @property
    def label(self) -> str:
        return _(METHODOLOGY_LABELS[self])


KIND_LABELS = {
    AssessmentKind.TEST: N_("Pārbaudes darbs"),
    AssessmentKind.LARGE_WORK: N_("Apjomīgs vai radošs darbs"),
    AssessmentKind.EXAM: N_("Semestra eksāmens"),
    AssessmentKind.CREDIT: N_("Ieskaite"),
}
KIND_SHORT = {
    AssessmentKind.TEST: N_("PD"),
    AssessmentKind.LARGE_WORK: N_("PD+"),
    AssessmentKind.EXAM: N_("Eks."),
    AssessmentKind.CREDIT: N_("Iesk."),
}
METHODOLOGY_LABELS = {
    Methodology.ORDINARY: N_("parastā"),
    Methodology.TEST: N_("testa metodoloģija"),
}


@dataclass(frozen=True)
class TestDetails:
    """What the lesson panel sets about a lesson's test."""

    __test__ = False  # not a pytest class

    kind: AssessmentKind = AssessmentKind.TEST
    topic: str = ""
    methodology: Methodology = Methodology.ORDINARY


def validate_test(details: TestDetails) -> TestDetails:
    """The details with the topic trimmed; an examination and an ieskaite need their
    programme (M 18.3). Raises InvalidAssessment with a message for the teacher."""
    cleaned = replace(details, topic=details.topic.strip())
    if len(cleaned.topic) > MAX_TOPIC:
        raise InvalidAssessment(
            _("Pārbaudes darba tēma: ne vairāk kā {count} rakstzīmes.").format(count=MAX_TOPIC)
        )
    if cleaned.kind in (AssessmentKind.EXAM, AssessmentKind.CREDIT) and not cleaned.topic:
        raise InvalidAssessment(_("Eksāmenam un ieskaitei norādiet programmu."))
    return cleaned


def assessment_texts(details: TestDetails, deleted: bool) -> dict[str, str | None]:
    """The fields as the text merges compare (``assessment.set``'s base)."""
    return {
        "kind": details.kind.value,
        "topic": details.topic,
        "methodology": details.methodology.value,
        "deleted": "true" if deleted else "false",
    }


def assessment_from(row: object) -> TestDetails:
    """The details a stored ``models.Assessment`` holds (an old kind reads as a test)."""
    kinds = {kind.value: kind for kind in AssessmentKind}
    methods = {method.value: method for method in Methodology}
    return TestDetails(
        kinds.get(getattr(row, "kind", ""), AssessmentKind.TEST),
        getattr(row, "topic", "") or "",
        methods.get(getattr(row, "methodology", ""), Methodology.ORDINARY),
    )
