"""Period locks and late corrections (DOMAIN: period locks; SPEC V2, V8): the deputy director
closes a month or a semester for a course, a class or the school. After that a mark or an
absence in it is changed only by the deputy, after the deputy reopens it, or — where the
school's rule (``domain.statistics.LateChanges``) allows — with a reason the teacher types,
kept in the audit and shown in the cell's history. Laptops decide offline by the same rule;
the server decides again, and a change made before the lock reached the laptop (it carries
no reason) becomes a conflict for both sides to see."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.report_period import day_text
from eklase_desktop.domain.statistics import LateChanges
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import _

MAX_REASON = 500
MAX_LABEL = 100
LOCK_FIELDS = (
    "scope",
    "class_group_id",
    "course_id",
    "start",
    "end",
    "label",
    "reopened",
    "deleted",
)


class LockScope(enum.StrEnum):
    SCHOOL = "school"
    CLASS = "class"
    COURSE = "course"


class InvalidLock(DomainError):
    """A lock the school would not keep; the message says why, in Latvian."""


@dataclass(frozen=True)
class LockDetails:
    scope: LockScope
    start: dt.date
    end: dt.date
    label: str  # "2026. gada oktobris", "I semestris"
    class_group_id: uuid.UUID | None = None
    course_id: uuid.UUID | None = None
    reopened: bool = False

    def covers(
        self,
        day: dt.date,
        course_id: uuid.UUID,
        classes: Iterable[uuid.UUID | None],
    ) -> bool:
        """Whether a cell of ``course_id`` on ``day`` lies in the lock; ``classes`` are the
        course's class and the student's."""
        if self.reopened or not self.start <= day <= self.end:
            return False
        if self.scope is LockScope.COURSE:
            return course_id == self.course_id
        if self.scope is LockScope.CLASS:
            return self.class_group_id in set(classes)
        return True

    def describe(self) -> str:
        return f"{self.label} ({day_text(self.start)}–{day_text(self.end)})"


def validate_lock(details: LockDetails) -> LockDetails:
    label = " ".join(details.label.split())
    if not label or len(label) > MAX_LABEL:
        raise InvalidLock(_("Norādiet slēdzamā perioda nosaukumu."))
    if details.end < details.start:
        raise InvalidLock(_("Perioda beigas ir pirms sākuma."))
    if (details.end - details.start).days > 366:
        raise InvalidLock(_("Slēgt var ne vairāk kā mācību gadu vienā reizē."))
    if not dt.date(2000, 1, 1) <= details.start <= dt.date(2099, 12, 31):
        raise InvalidLock(_("Datums nav derīgs."))
    wanted = {
        LockScope.SCHOOL: (False, False),
        LockScope.CLASS: (True, False),
        LockScope.COURSE: (False, True),
    }[LockScope(details.scope)]
    if (details.class_group_id is not None, details.course_id is not None) != wanted:
        raise InvalidLock(_("Norādiet, ko slēgt: visu skolu, klasi vai kursu."))
    return LockDetails(
        LockScope(details.scope),
        details.start,
        details.end,
        label,
        details.class_group_id,
        details.course_id,
        details.reopened,
    )


def lock_texts(details: LockDetails, deleted: bool = False) -> dict[str, str | None]:
    """A lock's fields as wire text (``period_lock.set``'s base and what merges compare)."""
    values = {**vars(details), "scope": details.scope.value, "deleted": deleted}
    return {name: wire_text(values[name]) for name in LOCK_FIELDS}


class Decision(enum.Enum):
    FREE = "free"  # no lock, or the deputy
    WITH_REASON = "with_reason"  # a late correction with its reason: kept in the audit
    NEEDS_REASON = "needs_reason"  # ask for the reason first
    REFUSED = "refused"  # only after the deputy reopens the period


def decide(locked: bool, deputy: bool, rule: LateChanges, reason: str | None) -> Decision:
    """How a change of a mark or an absence in a period is made (the table in
    tests/unit/domain/test_period_locks.py)."""
    if not locked or deputy:
        return Decision.FREE
    if rule is LateChanges.REOPEN:
        return Decision.REFUSED
    return Decision.WITH_REASON if (reason or "").strip() else Decision.NEEDS_REASON


class PeriodClosed(DomainError):
    """A change in a closed period: ``needs_reason`` when a reason would let it through."""

    def __init__(self, lock: LockDetails, needs_reason: bool) -> None:
        if needs_reason:
            message = _("{period} ir slēgts: ierakstiet labojuma iemeslu.")
        else:
            message = _("{period} ir slēgts: labot var pēc tam, kad direktora vietnieks to atver.")
        super().__init__(message.format(period=lock.describe()))
        self.lock = lock
        self.needs_reason = needs_reason


def checked_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if len(text) > MAX_REASON:
        raise DomainError(_("Iemesls: ne vairāk kā {count} rakstzīmes.").format(count=MAX_REASON))
    return text
