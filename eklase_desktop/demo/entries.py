"""What teachers enter in the demo school's lessons: topics, homework and tests, attendance,
marks, now and then a behaviour entry, and the music school's monthly attestations (SPEC J1,
J5, J7–J9, J12, J13)."""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from collections import Counter

from eklase_desktop.demo import names as data
from eklase_desktop.demo.plan import MARK_TIME, YEAR, CoursePlan, LessonPlan, Pupil, Rows
from eklase_desktop.domain.calendar import last_working_day_of_month
from eklase_desktop.domain.lessons import LessonType, automatic_topic
from eklase_desktop.domain.work_records import WorkKind
from eklase_desktop.models import (
    Assessment,
    Attendance,
    ClassLogEntry,
    Lesson,
    Mark,
    PeriodMark,
    WorkRecord,
    cell_id,
)

_TEST_EVERY = 8  # every 8th lesson of a course is a test
_ATTESTATION_MONTH = (2026, 9)
_CONDUCT_CHANCE = 0.002  # per pupil and lesson: a few entries a month in a class


class JournalEntries:
    """Writes the lessons and what is entered in them into ``rows``."""

    def __init__(self, rows: Rows, seed: int, days: list[dt.date]) -> None:
        self.rows = rows
        self.conduct_rng = random.Random(seed + 1)  # behaviour entries: the rest stays as it was
        self.days = days

    def lessons(self, lessons: list[LessonPlan]) -> None:
        self.contents(lessons)
        for lesson in lessons:
            lesson_id = self.rows.add(
                Lesson,
                course_id=lesson.course.id,
                date=lesson.day,
                number=lesson.number,
                topic=lesson.topic,
                homework=lesson.homework,
                notes=lesson.notes,
                lesson_type=lesson.kind.value,
                not_held_reason=lesson.reason.value if lesson.reason else None,
                made_up_date=lesson.made_up,
                remote=False,
                taught_by_id=lesson.taught_by,
            )
            if lesson.test_topic is not None:  # SPEC J7
                kind = "large_work" if self.rows.rng.random() < 0.25 else "test"
                self.rows.add(Assessment, lesson_id=lesson_id, kind=kind, topic=lesson.test_topic,
                         methodology="ordinary")  # fmt: skip
            if lesson.kind is not LessonType.NOT_HELD:
                self.cells(lesson, lesson_id)
                self.conduct(lesson)

    def contents(self, lessons: list[LessonPlan]) -> None:
        """Topics, homework and tests, in each course's own order of lessons (SPEC J1, J5)."""
        taught: Counter[uuid.UUID] = Counter()
        total = Counter(x.course.id for x in lessons if x.kind is not LessonType.NOT_HELD)
        for lesson in lessons:
            course, automatic = lesson.course, automatic_topic(lesson.day, YEAR)
            if lesson.kind is LessonType.NOT_HELD or automatic is not None:
                lesson.topic = automatic or ""
                continue
            index = taught[course.id]
            taught[course.id] += 1
            lesson.topic, base = self.topic(course, index, total[course.id])
            if index % _TEST_EVERY == _TEST_EVERY - 1 and lesson.kind is LessonType.ORDINARY:
                lesson.topic, lesson.test_topic = f"Pārbaudes darbs: {base}", base
            lesson.homework = self.homework(course, base)

    def topic(self, course: CoursePlan, index: int, total: int) -> tuple[str, str]:
        """(topic, the topic without its continuation ending) of the course's index-th lesson."""
        topics = data.topics(course.subject, course.grade)
        per_topic = max(1, math.ceil(total / len(topics)))
        base = topics[min(index // per_topic, len(topics) - 1)]
        ending = data.TOPIC_CONTINUATIONS[min(index % per_topic, 3)]
        return base + ending, base

    def homework(self, course: CoursePlan, topic: str) -> str:
        if course.subject in data.NO_HOMEWORK or self.rows.rng.random() >= 0.5:
            return ""
        if course.professional:
            return data.PRACTICE.format(topic=topic)
        a, page = self.rows.rng.randint(1, 40), self.rows.rng.randint(5, 180)
        template = self.rows.rng.choice(data.HOMEWORK)
        return template.format(
            a=a,
            b=a + self.rows.rng.randint(2, 6),
            page=page,
            page_to=page + 4,
            number=self.rows.rng.randint(1, 30),
            topic=topic,
        )

    def cells(self, lesson: LessonPlan, lesson_id: uuid.UUID) -> None:
        course, test = lesson.course, lesson.test_topic is not None
        marks = automatic_topic(lesson.day, YEAR) is None  # none on the first day
        entered_at = dt.datetime.combine(lesson.day, MARK_TIME)
        author = lesson.taught_by or course.teacher
        for pupil in course.pupils:
            presence, justification = self.presence(pupil, lesson.day)
            if presence:
                self.rows.add(
                    Attendance,
                    cell_id("attendance", lesson_id, pupil.id),
                    lesson_id=lesson_id,
                    student_id=pupil.id,
                    presence=presence,
                    justification=justification,
                )
            if not marks or pupil.id in course.exempt:
                continue
            value = self.mark(course, pupil, presence, test)
            if value is not None:
                self.rows.add(
                    Mark,
                    cell_id("mark", lesson_id, pupil.id),
                    lesson_id=lesson_id,
                    student_id=pupil.id,
                    value=value,
                    entered_at=entered_at,
                    entered_by_id=author,
                )

    def conduct(self, lesson: LessonPlan) -> None:
        """Now and then a teacher writes a behaviour entry of a pupil (SPEC J12)."""
        course = lesson.course
        if not course.grade:  # the music school keeps none in the demo
            return
        for pupil in course.pupils:
            if self.conduct_rng.random() >= _CONDUCT_CHANCE:
                continue
            positive = self.conduct_rng.random() < 0.45
            self.rows.add(
                ClassLogEntry,
                uuid.UUID(int=self.conduct_rng.getrandbits(128), version=4),
                kind="behaviour",
                class_group_id=course.resources[0],
                student_id=pupil.id,
                course_id=course.id,
                day=lesson.day,
                title="",
                text=self.conduct_rng.choice(data.PRAISE if positive else data.REPROACH),
                with_whom="",
                positive=positive,
                participants=[],
                author_id=lesson.taught_by or course.teacher,
                entered_at=dt.datetime.combine(lesson.day, MARK_TIME),
            )

    def presence(self, pupil: Pupil, day: dt.date) -> tuple[str, str]:
        """(presence, justification) as teacher and tutor entered them (DOMAIN: attendance)."""
        if day in pupil.sick_days:
            return "n", "s" if pupil.sick_note else ""
        chance = self.rows.rng.random()
        if chance < 0.025:
            return "n", "c" if self.rows.rng.random() < 0.1 else ""
        return ("k", "") if chance < 0.04 else ("", "")

    def mark(self, course: CoursePlan, pupil: Pupil, presence: str, test: bool) -> str | None:
        rng = self.rows.rng
        if test:  # SPEC J9: absent on the test day -> nv until the test is written
            return "nv" if presence == "n" else self.summative(course, pupil)
        rate = 0.6 if course.professional else 0.2
        if presence == "n" or rng.random() >= rate:
            return None
        if course.professional or rng.random() >= 0.4:
            return self.summative(course, pupil)
        if rng.random() < 0.5:
            return "i" if rng.random() < 0.88 else "ni"
        percent = round(pupil.ability * 10 + rng.gauss(0, 8))
        return f"{min(100, max(0, percent))}%"

    def summative(self, course: CoursePlan, pupil: Pupil) -> str:
        points = min(10, max(1, round(self.rows.rng.gauss(pupil.ability, 1.1))))
        if course.descriptive:  # SPEC J13: S, T, A, P in grades 1-3
            return "STAP"[(points >= 5) + (points >= 7) + (points >= 9)]
        return str(points)

    def attestations(self, courses: list[CoursePlan]) -> None:
        """Monthly attestation marks of the professional music courses (SPEC J8)."""
        year, month = _ATTESTATION_MONTH
        day = last_working_day_of_month(year, month)
        if not self.days or self.days[-1] < day:
            return
        period = f"M{year}-{month:02d}"
        for course in (c for c in courses if c.professional):
            for pupil in course.pupils:
                self.rows.add(
                    PeriodMark,
                    cell_id("period_mark", course.id, pupil.id, period),
                    course_id=course.id,
                    student_id=pupil.id,
                    period=period,
                    value=self.summative(course, pupil),
                    entered_at=dt.datetime.combine(day, MARK_TIME),
                )

    def accompaniment(self, courses: list[CoursePlan], concertmaster: uuid.UUID) -> None:
        """The concertmaster's weeks (SPEC K1): every lesson of the courses accompanied is
        answered (now and then "not accompanied"), but for the last week's lessons from its
        Wednesday, still to do; and the autumn concert's rehearsal."""
        accompanied = {c.id: c for c in courses if concertmaster in c.resources}
        if not self.days or not accompanied:
            return
        rng = random.Random(self.conduct_rng.random())
        last_monday = self.days[-1] - dt.timedelta(days=self.days[-1].weekday())
        still_to_do = last_monday + dt.timedelta(days=2)
        for lesson in list(self.rows.rows[Lesson]):
            course = accompanied.get(lesson["course_id"])
            held = lesson["lesson_type"] != LessonType.NOT_HELD.value
            if course is None or not held or lesson["date"] >= still_to_do:
                continue
            hours = "0" if rng.random() < 0.05 else "1"
            self._work(
                concertmaster,
                lesson["date"],
                [pupil.id for pupil in course.pupils],
                lesson["topic"],
                hours,
                course.id,
                lesson["id"],
            )
        everyone = sorted({pupil.id for course in accompanied.values() for pupil in course.pupils})
        concert = last_monday - dt.timedelta(days=4)  # the Thursday before
        self._work(concertmaster, concert, everyone, "Mēģinājums rudens koncertam", "2")

    def _work(
        self,
        author: uuid.UUID,
        day: dt.date,
        students: list[uuid.UUID],
        topic: str,
        hours: str,
        course: uuid.UUID | None = None,
        lesson: uuid.UUID | None = None,
    ) -> None:
        self.rows.add(
            WorkRecord,
            kind=WorkKind.ACCOMPANIMENT.value,
            author_id=author,
            day=day,
            course_id=course,
            lesson_id=lesson,
            class_group_id=None,
            students=[str(student) for student in students],
            topic=topic if hours != "0" else "",
            text="",
            hours=hours,
            entered_at=dt.datetime.combine(day, MARK_TIME),
        )
