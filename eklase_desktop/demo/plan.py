"""What the demo school is made of before it becomes rows: pupils, courses and lessons as
planned, and ``Rows``, the rows in memory with the one random stream that makes them (so
that the same seed gives the same rows, ids included)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eklase_desktop.domain.lessons import LessonType, NotHeldReason
from eklase_desktop.domain.school_year import DEFAULT_SCHOOL_YEARS
from eklase_desktop.models import Base

YEAR = DEFAULT_SCHOOL_YEARS[1]  # the 2026/27 draft
MARK_TIME = dt.time(15, 0)  # when the demo's marks and entries are made


@dataclass(eq=False)
class Pupil:
    id: uuid.UUID
    name: str
    ability: float  # the mean of the student's balles
    sick_days: frozenset[dt.date]
    sick_note: bool  # the tutor has the illness note (justification "s")


@dataclass(eq=False)
class CoursePlan:
    id: uuid.UUID
    subject: str
    grade: int  # 0 in the music school
    teacher: uuid.UUID
    pupils: list[Pupil]
    resources: tuple[uuid.UUID, ...]  # what cannot be in two lessons at once
    weekly: int
    descriptive: bool = False
    professional: bool = False
    exempt: frozenset[uuid.UUID] = frozenset()
    slots: list[tuple[int, int]] = field(default_factory=list)  # (weekday, period)


@dataclass(eq=False)
class LessonPlan:
    course: CoursePlan
    day: dt.date
    number: int
    kind: LessonType = LessonType.ORDINARY
    reason: NotHeldReason | None = None
    made_up: dt.date | None = None
    taught_by: uuid.UUID | None = None
    notes: str = ""
    topic: str = ""
    homework: str = ""
    test_topic: str | None = None  # a test (pārbaudes darbs) is held in this lesson


class Rows:
    """The rows made so far, model by model, and the random stream they come from."""

    def __init__(self, seed: int, models: Iterable[type[Base]]) -> None:
        self.rng = random.Random(seed)
        self.rows: dict[type[Base], list[dict[str, Any]]] = {m: [] for m in models}

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, model: type[Base], row_id: uuid.UUID | None = None, **values: Any) -> uuid.UUID:
        row_id = row_id or self.new_id()
        self.rows[model].append({"id": row_id, "version": 1, "deleted": False, **values})
        return row_id
