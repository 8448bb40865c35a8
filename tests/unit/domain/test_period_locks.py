"""Period locks (DOMAIN: period locks): the rule of a late correction, table-driven; what a
lock covers; what a lock must say."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from eklase_desktop.domain.period_locks import (
    Decision,
    InvalidLock,
    LockDetails,
    LockScope,
    decide,
    lock_texts,
    validate_lock,
)
from eklase_desktop.domain.statistics import LateChanges

REASON, REOPEN = LateChanges.REASON, LateChanges.REOPEN


@pytest.mark.parametrize(
    ("locked", "deputy", "rule", "reason", "expected"),
    [
        (False, False, REASON, "", Decision.FREE),  # no lock: as ever
        (False, False, REOPEN, "", Decision.FREE),
        (True, True, REOPEN, "", Decision.FREE),  # the deputy corrects a closed period
        (True, True, REASON, "", Decision.FREE),
        (True, False, REASON, "Ārsta zīme atnesta vēlāk", Decision.WITH_REASON),
        (True, False, REASON, "", Decision.NEEDS_REASON),
        (True, False, REASON, "   ", Decision.NEEDS_REASON),  # blanks are no reason
        (True, False, REASON, None, Decision.NEEDS_REASON),
        (True, False, REOPEN, "Ārsta zīme", Decision.REFUSED),  # a reason does not open it
        (True, False, REOPEN, "", Decision.REFUSED),
    ],
)
def test_a_late_correction(
    locked: bool, deputy: bool, rule: LateChanges, reason: str | None, expected: Decision
) -> None:
    assert decide(locked, deputy, rule, reason) is expected


OCTOBER = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
COURSE, OTHER_COURSE, CLASS, OTHER_CLASS = (uuid.uuid4() for _ in range(4))


@pytest.mark.parametrize(
    ("lock", "day", "course", "classes", "expected"),
    [
        (LockDetails(LockScope.SCHOOL, *OCTOBER, "okt."), dt.date(2026, 10, 15), COURSE, [], True),
        (LockDetails(LockScope.SCHOOL, *OCTOBER, "okt."), dt.date(2026, 10, 31), COURSE, [], True),
        (LockDetails(LockScope.SCHOOL, *OCTOBER, "okt."), dt.date(2026, 11, 1), COURSE, [], False),
        (LockDetails(LockScope.SCHOOL, *OCTOBER, "okt."), dt.date(2026, 9, 30), COURSE, [], False),
        (
            LockDetails(LockScope.SCHOOL, *OCTOBER, "okt.", reopened=True),
            dt.date(2026, 10, 15),
            COURSE,
            [],
            False,
        ),
        (
            LockDetails(LockScope.COURSE, *OCTOBER, "okt.", course_id=COURSE),
            dt.date(2026, 10, 15),
            COURSE,
            [CLASS],
            True,
        ),
        (
            LockDetails(LockScope.COURSE, *OCTOBER, "okt.", course_id=COURSE),
            dt.date(2026, 10, 15),
            OTHER_COURSE,
            [CLASS],
            False,
        ),
        (  # the course's class, or (a group course) the student's
            LockDetails(LockScope.CLASS, *OCTOBER, "okt.", class_group_id=CLASS),
            dt.date(2026, 10, 15),
            OTHER_COURSE,
            [None, CLASS],
            True,
        ),
        (
            LockDetails(LockScope.CLASS, *OCTOBER, "okt.", class_group_id=CLASS),
            dt.date(2026, 10, 15),
            COURSE,
            [OTHER_CLASS],
            False,
        ),
    ],
)
def test_what_a_lock_covers(
    lock: LockDetails,
    day: dt.date,
    course: uuid.UUID,
    classes: list[uuid.UUID | None],
    expected: bool,
) -> None:
    assert lock.covers(day, course, classes) is expected


@pytest.mark.parametrize(
    ("details", "message"),
    [
        (LockDetails(LockScope.SCHOOL, *OCTOBER, " "), "nosaukumu"),
        (LockDetails(LockScope.SCHOOL, OCTOBER[1], OCTOBER[0], "okt."), "pirms sākuma"),
        (
            LockDetails(LockScope.SCHOOL, dt.date(2026, 9, 1), dt.date(2027, 9, 30), "x"),
            "mācību gadu",
        ),
        (LockDetails(LockScope.CLASS, *OCTOBER, "okt."), "ko slēgt"),
        (LockDetails(LockScope.COURSE, *OCTOBER, "okt.", class_group_id=CLASS), "ko slēgt"),
        (LockDetails(LockScope.SCHOOL, *OCTOBER, "okt.", course_id=COURSE), "ko slēgt"),
    ],
)
def test_a_lock_says_what_and_when(details: LockDetails, message: str) -> None:
    with pytest.raises(InvalidLock, match=message):
        validate_lock(details)


def test_a_lock_as_wire_text() -> None:
    lock = validate_lock(LockDetails(LockScope.COURSE, *OCTOBER, " I  sem. ", course_id=COURSE))
    assert lock.label == "I sem."
    assert lock_texts(lock) == {
        "scope": "course",
        "class_group_id": None,
        "course_id": str(COURSE),
        "start": "2026-10-01",
        "end": "2026-10-31",
        "label": "I sem.",
        "reopened": "false",
        "deleted": "false",
    }
