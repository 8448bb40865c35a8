"""Marks: parsing what the teacher types and where each form is allowed.

SPEC J8-J10, J13; DOMAIN: marks. Input is trimmed and case-insensitive; the stored form
is canonical. ``a`` (exempt, doctor's note) and ``A`` (apguvis) differ only by case: a bare
parse keeps the case typed, a slot that allows only one of them takes either case as that one.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import Entity
from eklase_desktop.i18n import N_, _


class InvalidMark(DomainError, ValueError):
    """Text that is not a mark, or a mark not allowed where it was typed."""


class MarkKind(enum.Enum):
    BALLES = "balles"
    PASS_FAIL = "pass_fail"
    PERCENT = "percent"
    DESCRIPTIVE = "descriptive"
    PLUS_MINUS = "plus_minus"
    NOT_MARKED = "not_marked"
    EXEMPT = "exempt"
    EXEMPT_MEDICAL = "exempt_medical"


# Digits are spelled out: ``\d`` would accept other scripts' digits.
_BALLES = re.compile(r"[1-9]|10")
_PERCENT = re.compile(r"(0|[1-9][0-9]?|100) ?%")
_WORDS: dict[str, MarkKind] = {
    "i": MarkKind.PASS_FAIL,
    "ni": MarkKind.PASS_FAIL,
    "+": MarkKind.PLUS_MINUS,
    "-": MarkKind.PLUS_MINUS,
    "nv": MarkKind.NOT_MARKED,
    "atb": MarkKind.EXEMPT,
}
_DESCRIPTIVE = frozenset({"S", "T", "A", "P"})
_MAX_SHOWN = 20

# Messages with Latvian typography (en dash), marked for extraction.
_EMPTY = N_("Tukšs lauks nav vērtējums. Ievadiet 1–10, i, ni, 0–100 %, nv, atb, a …")
_NOT_A_MARK = N_("«{text}» nav vērtējums. Ievadiet 1–10, i, ni, 0–100 %, nv, atb, a …")
_DESCRIPTIVE_ONLY_EARLY = N_("«{mark}»: aprakstošos vērtējumus S, T, A, P lieto tikai 1.–3. klasē.")
_PLUS_MINUS_ONLY_EARLY = N_("«{mark}» lieto tikai 1.–3. klasē skolās, kas vērtē ar «+» un «-».")


def _classify(text: str) -> tuple[MarkKind, str] | None:
    """(kind, canonical text) of a trimmed input, or None if it is not a mark."""
    if not text.isascii():
        return None
    if _BALLES.fullmatch(text):
        return MarkKind.BALLES, text
    percent = _PERCENT.fullmatch(text)
    if percent:
        return MarkKind.PERCENT, f"{percent.group(1)}%"
    if text == "a":  # case kept: see module docstring
        return MarkKind.EXEMPT_MEDICAL, "a"
    if text.upper() in _DESCRIPTIVE:
        return MarkKind.DESCRIPTIVE, text.upper()
    kind = _WORDS.get(text.lower())
    return None if kind is None else (kind, text.lower())


@dataclass(frozen=True)
class Mark:
    """A mark in canonical form; construct with ``parse_mark`` or ``parse_mark_for``."""

    kind: MarkKind
    value: str

    def __post_init__(self) -> None:
        if _classify(self.value) != (self.kind, self.value):
            raise InvalidMark(_invalid_message(self.value))

    def __str__(self) -> str:
        return self.value

    @property
    def points(self) -> int | None:
        """1-10 for balles, otherwise None."""
        return int(self.value) if self.kind is MarkKind.BALLES else None

    @property
    def counts_in_average(self) -> bool:
        return self.kind is MarkKind.BALLES

    @property
    def is_passing(self) -> bool | None:
        """Balles 4 and above and ``i`` pass, ``ni`` and balles 1-3 fail; others None."""
        if self.points is not None:
            return self.points >= 4
        if self.kind is MarkKind.PASS_FAIL:
            return self.value == "i"
        return None


def _shown(text: str) -> str:
    stripped = text.strip()
    return stripped if len(stripped) <= _MAX_SHOWN else stripped[:_MAX_SHOWN] + "…"


def _invalid_message(text: str) -> str:
    if not text.strip():
        return _(_EMPTY)
    return _(_NOT_A_MARK).format(text=_shown(text))


def parse_mark(text: str) -> Mark:
    """Parses ``text`` into a canonical mark; raises only InvalidMark, for any str."""
    found = _classify(text.strip())
    if found is None:
        raise InvalidMark(_invalid_message(text))
    return Mark(*found)


class SlotKind(enum.Enum):
    """The journal column a mark is typed into."""

    LESSON = "lesson"
    TEST = "test"
    MONTH = "month"
    SEMESTER = "semester"
    YEAR = "year"
    EXAM = "exam"
    POST_EXAM = "post_exam"  # pēcpārbaudījums: a real mark, no exemption


# The period-mark columns by their key (SPEC J16, C3; DOMAIN: period marks), in their order
# after the monthly attestations (``M2026-09`` and the like).
PERIOD_SLOTS = {
    "S1": SlotKind.SEMESTER,
    "S2": SlotKind.SEMESTER,
    "Y": SlotKind.YEAR,
    "E": SlotKind.EXAM,  # the examination or ieskaite: the clerk's (SPEC C3)
    "P": SlotKind.POST_EXAM,  # the post-examination (pēcpārbaudījums): the teacher's
    "YC": SlotKind.YEAR,  # the year mark corrected after it; "Y" is kept (G 26)
}
CORRECTED_YEAR, POST_EXAM, YEAR = "YC", "P", "Y"
_MONTH_KEY = re.compile(r"M20[0-9]{2}-(0[1-9]|1[0-2])")


def period_slot(period: str) -> SlotKind | None:
    """The column kind of a period key; None for a key that is none."""
    if period in PERIOD_SLOTS:
        return PERIOD_SLOTS[period]
    return SlotKind.MONTH if _MONTH_KEY.fullmatch(period) else None


def check_corrected_year(post_exam: str | None) -> None:
    """A corrected year mark is written only after a post-examination (SPEC J16, G 26).

    Raises:
        InvalidMark: there is no post-examination mark.
    """
    if not post_exam:
        raise InvalidMark(_("Labotu gada vērtējumu ieraksta tikai pēc pēcpārbaudījuma vērtējuma."))


def check_post_exam(year: str | None) -> None:
    """A post-examination is held only for a year mark that fails — balles 1–3, ``ni`` —
    or for ``nv``, no year mark earned (SPEC J16, G 26): a teacher cannot raise a passing
    year mark through it.

    Raises:
        InvalidMark: the year mark passes, is an exemption, or is not there yet.
    """
    mark = parse_mark(year) if year else None
    if mark is None or not (mark.is_passing is False or mark.kind is MarkKind.NOT_MARKED):
        raise InvalidMark(
            _("Pēcpārbaudījumu ieraksta tikai skolēnam ar nepietiekamu gada vērtējumu (1–3, ni).")
        )


def period_entity(kind: SlotKind) -> Entity:
    """What a period-mark column writes: the clerk's examination and ieskaite marks (SPEC
    C3), the teacher's semester, year and monthly marks (SPEC J16)."""
    return Entity.EXAM_MARK if kind is SlotKind.EXAM else Entity.PERIOD_MARK


@dataclass(frozen=True)
class MarkSlot:
    """Where a mark goes: the column and the course's properties."""

    kind: SlotKind
    professional: bool = False  # professional subject of the music school (SPEC J10)
    descriptive: bool = False  # grades 1-3 (SPEC J13)
    plus_minus: bool = False  # the school uses +/- in grades 1-3


_ALL_SLOTS = frozenset(SlotKind)


@dataclass(frozen=True)
class MarkRules:
    """In which columns each form is allowed; a school setting with DOMAIN defaults."""

    pass_fail_slots: frozenset[SlotKind] = _ALL_SLOTS
    percent_slots: frozenset[SlotKind] = frozenset({SlotKind.LESSON, SlotKind.TEST})
    not_marked_slots: frozenset[SlotKind] = frozenset({SlotKind.TEST})
    exempt_slots: frozenset[SlotKind] = frozenset(
        {SlotKind.MONTH, SlotKind.SEMESTER, SlotKind.YEAR, SlotKind.EXAM}
    )
    exempt_in_professional: bool = False
    medical_slots: frozenset[SlotKind] = frozenset({SlotKind.SEMESTER, SlotKind.YEAR})
    descriptive_slots: frozenset[SlotKind] = _ALL_SLOTS

    def allows_medical(self, slot: MarkSlot) -> bool:
        return slot.kind in self.medical_slots

    def allows_descriptive(self, slot: MarkSlot) -> bool:
        return slot.descriptive and slot.kind in self.descriptive_slots


DEFAULT_MARK_RULES = MarkRules()


def _resolve_case(mark: Mark, slot: MarkSlot, rules: MarkRules) -> Mark:
    """``a``/``A`` where the slot allows only one of them becomes that one (DOMAIN: marks)."""
    medical = rules.allows_medical(slot)
    descriptive = rules.allows_descriptive(slot)
    if mark.kind is MarkKind.EXEMPT_MEDICAL and descriptive and not medical:
        return Mark(MarkKind.DESCRIPTIVE, "A")
    if mark.value == "A" and medical and not descriptive:
        return Mark(MarkKind.EXEMPT_MEDICAL, "a")
    return mark


def _refusal(mark: Mark, slot: MarkSlot, rules: MarkRules) -> str | None:
    """Why ``mark`` may not go into ``slot`` (Latvian), or None if it may."""
    kind = mark.kind
    if kind is MarkKind.PASS_FAIL and slot.kind not in rules.pass_fail_slots:
        return _("«{mark}» šeit nelieto.")
    if kind is MarkKind.PERCENT and slot.kind not in rules.percent_slots:
        return _("«{mark}»: procentus lieto tikai ikdienas un pārbaudes darbu vērtējumiem.")
    if kind is MarkKind.DESCRIPTIVE and not rules.allows_descriptive(slot):
        return _(_DESCRIPTIVE_ONLY_EARLY)
    if kind is MarkKind.PLUS_MINUS and not (rules.allows_descriptive(slot) and slot.plus_minus):
        return _(_PLUS_MINUS_ONLY_EARLY)
    if kind is MarkKind.NOT_MARKED and slot.kind not in rules.not_marked_slots:
        return _("«nv» lieto tikai pārbaudes darbiem.")
    if kind is MarkKind.EXEMPT:
        if slot.professional and not rules.exempt_in_professional:
            return _("«atb» nav atļauts profesionālajos priekšmetos.")
        if slot.kind not in rules.exempt_slots:
            return _("«atb» lieto tikai mēneša, semestra, gada un noslēguma vērtējumiem.")
    if kind is MarkKind.EXEMPT_MEDICAL and not rules.allows_medical(slot):
        return _("«a» lieto tikai semestra un gada vērtējumam.")
    return None


_NOT_A_MARK_HERE = N_("«{text}» nav vērtējums. Šeit ievadiet {forms}.")


def allowed_forms(slot: MarkSlot, rules: MarkRules = DEFAULT_MARK_RULES) -> str:
    """The forms a column takes, as its refusal names them: ``1–10, i, ni, atb, a``."""
    forms = ["1–10"]
    if slot.kind in rules.pass_fail_slots:
        forms.append("i, ni")
    if slot.kind in rules.percent_slots:
        forms.append("0–100 %")
    if rules.allows_descriptive(slot):
        forms.append("S, T, A, P" + (", +, -" if slot.plus_minus else ""))
    if slot.kind in rules.not_marked_slots:
        forms.append("nv")
    if slot.kind in rules.exempt_slots and not (
        slot.professional and not rules.exempt_in_professional
    ):
        forms.append("atb")
    if rules.allows_medical(slot):
        forms.append("a")
    return ", ".join(forms)


def parse_mark_for(text: str, slot: MarkSlot, rules: MarkRules = DEFAULT_MARK_RULES) -> Mark:
    """Parses ``text`` and checks the form is allowed in ``slot`` (SPEC J8-J10, J13).

    Raises:
        InvalidMark: not a mark, or a mark not allowed there; the message says why and
        names the forms the column takes.
    """
    try:
        parsed = parse_mark(text)
    except InvalidMark as error:
        if not text.strip():
            raise
        message = _(_NOT_A_MARK_HERE).format(text=_shown(text), forms=allowed_forms(slot, rules))
        raise InvalidMark(message) from error
    mark = _resolve_case(parsed, slot, rules)
    refusal = _refusal(mark, slot, rules)
    if refusal is not None:
        raise InvalidMark(refusal.format(mark=mark.value))
    return mark


def average(marks: Iterable[Mark]) -> float | None:
    """Mean of the balles among ``marks``; None if there are none (DOMAIN: marks)."""
    points = [mark.points for mark in marks if mark.points is not None]
    return sum(points) / len(points) if points else None
