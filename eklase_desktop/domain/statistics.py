"""The deputy director's statistics (SPEC V1, V8): the figures of a set of marks and
absences, and the school's rules that say what is a problem — how far a class's average may
fall from one month to the next, how many unjustified absences a student may have in a month
before the deputy is told, and how many marks a course gives each student in a semester at
least (M 18.4: the school's assessment procedure sets it).

The school's rules also say how a late correction in a closed period is made (DOMAIN: period
locks): the deputy reopens it, or the teacher types a reason.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.marks import InvalidMark, parse_mark
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import _

ABSENCE_CODES = ("n", "ns", "nc", "k")
BALLES = tuple(range(1, 11))
RULE_FIELDS = ("min_marks", "average_drop", "unjustified_limit", "late_changes")


class LateChanges(enum.StrEnum):
    """How a mark or absence of a closed period is changed (DOMAIN: period locks)."""

    REASON = "reason"  # the teacher types a reason, kept in the audit and the cell's history
    REOPEN = "reopen"  # only after the deputy reopens the period


class InvalidRules(DomainError):
    """School rules out of their range; the message says which, in Latvian."""


@dataclass(frozen=True)
class SchoolRules:
    """A school's thresholds; the defaults hold until the deputy sets them."""

    min_marks: int = 3  # per student, course and semester (M 18.4)
    average_drop: Decimal = Decimal("0.5")  # balles, from one month to the next
    unjustified_limit: int = 5  # lessons a month; more is a problem
    late_changes: LateChanges = LateChanges.REASON


def validate_rules(rules: SchoolRules) -> SchoolRules:
    """The rules with the step rounded to tenths; raises InvalidRules."""
    if not 0 <= rules.min_marks <= 30:
        raise InvalidRules(_("Minimālais vērtējumu skaits semestrī: no 0 līdz 30."))
    step = Decimal(rules.average_drop)
    if step.is_finite():
        step = step.quantize(Decimal("0.1"), ROUND_HALF_UP)
    if not step.is_finite() or not Decimal("0.1") <= step <= Decimal("5"):
        raise InvalidRules(_("Vidējā vērtējuma kritums: no 0,1 līdz 5 ballēm."))
    if not 0 <= rules.unjustified_limit <= 200:
        raise InvalidRules(_("Neattaisnoto kavējumu robeža mēnesī: no 0 līdz 200 stundām."))
    try:
        late = LateChanges(rules.late_changes)
    except ValueError:
        raise InvalidRules(_("Labojumi slēgtā periodā: ar iemeslu vai pēc atvēršanas.")) from None
    return SchoolRules(rules.min_marks, step, rules.unjustified_limit, late)


def rules_texts(rules: SchoolRules) -> dict[str, str | None]:
    """The rules as wire text (``school_rules.set``'s base and what merges compare)."""
    values = {
        "min_marks": rules.min_marks,
        "average_drop": f"{rules.average_drop:.1f}",
        "unjustified_limit": rules.unjustified_limit,
        "late_changes": rules.late_changes.value,
    }
    return {name: wire_text(values[name]) for name in RULE_FIELDS}


@dataclass(frozen=True)
class Figures:
    """What a set of marks and absences says: the balles' average and distribution, how many
    marks do not pass (below 4, ``ni``) out of those that pass or fail, absences by code."""

    balles: tuple[int, ...] = (0,) * 10  # how many 1s, 2s, … 10s
    assessed: int = 0  # balles, ``i`` and ``ni``: the marks that pass or fail
    insufficient: int = 0  # below 4 and ``ni``
    absences: tuple[int, ...] = (0,) * 4  # n, ns, nc, k

    @property
    def count(self) -> int:
        return sum(self.balles)

    @property
    def average(self) -> Decimal | None:
        """The mean of the balles to two places; None without any (DOMAIN: marks)."""
        if not self.count:
            return None
        total = sum(points * count for points, count in zip(BALLES, self.balles, strict=True))
        return (Decimal(total) / self.count).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def insufficient_share(self) -> Decimal | None:
        """Per cent of the assessed marks that do not pass, to one place."""
        if not self.assessed:
            return None
        share = Decimal(100 * self.insufficient) / self.assessed
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            tuple(a + b for a, b in zip(self.balles, other.balles, strict=True)),
            self.assessed + other.assessed,
            self.insufficient + other.insufficient,
            tuple(a + b for a, b in zip(self.absences, other.absences, strict=True)),
        )


def figures(marks: Iterable[str], absences: Iterable[str] = ()) -> Figures:
    """The figures of stored mark values and absence codes (``n``, ``ns``, ``nc``, ``k``);
    a value the domain no longer takes counts nowhere."""
    balles = [0] * 10
    assessed = insufficient = 0
    for value in marks:
        try:
            mark = parse_mark(value)
        except InvalidMark:
            continue
        if mark.points is not None:
            balles[mark.points - 1] += 1
        if mark.is_passing is not None:
            assessed += 1
            insufficient += not mark.is_passing
    counts = [0] * 4
    for code in absences:
        if code in ABSENCE_CODES:
            counts[ABSENCE_CODES.index(code)] += 1
    return Figures(tuple(balles), assessed, insufficient, tuple(counts))


def fell(before: Decimal | None, after: Decimal | None, step: Decimal) -> bool:
    """Whether an average fell by more than ``step`` (both known)."""
    return before is not None and after is not None and before - after > step


def decimal_text(value: Decimal | None, places: int = 2) -> str:
    """A figure as Latvians print it: ``7,45``; empty for None."""
    if value is None:
        return ""
    return f"{value:.{places}f}".replace(".", ",")
