"""Importing the school's set-up from a spreadsheet on the clerk's or the deputy's laptop
(SPEC C1; docs/import.md). Offline like every other set-up change: the file's rows are
planned against the laptop's data, shown as a preview, then stored in one transaction,
each as the *Skola* window would store it and queue its mutation. All or nothing: a row
that cannot be stored leaves the cache as it was, with a message naming its sheet and row."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.school_import import ImportProblem, Workbook, read_workbook
from eklase_desktop.models import ClassGroup, Course, SchoolYear, Staff, Student, Subject
from eklase_desktop.models.school_import import Plan, Step, plan_import
from eklase_desktop.services.courses import Courses
from eklase_desktop.services.people import People
from eklase_desktop.spreadsheets import read_tables

_WRITES = (
    Entity.SCHOOL_YEAR,
    Entity.SUBJECT,
    Entity.STAFF,
    Entity.CLASS_GROUP,
    Entity.STUDENT,
    Entity.COURSE,
)


class SchoolImport(People, Courses):
    """*Skola → Importēt…*: read, preview, import."""

    def read(self, path: Path) -> Workbook:
        """The file's rows; raises ImportProblem (sheet, row, column) for a bad value."""
        for entity in _WRITES:
            self._require(entity)
        return read_workbook(read_tables(path))

    def preview(self, book: Workbook) -> Plan:
        """What importing ``book`` would create and change; writes nothing."""
        with self._factory() as session:
            return plan_import(session, self._school(session), self._actor.roles, book)

    def run(self, book: Workbook) -> Plan:
        """Imports ``book`` in one transaction (planned again: a sync may have changed the
        cache since the preview); raises ImportProblem and stores nothing if any row fails."""
        for entity in _WRITES:
            self._require(entity)
        with self._factory.begin() as session:
            plan = plan_import(session, self._school(session), self._actor.roles, book)
            for step in plan.steps:
                try:
                    self._store(session, step)
                except ImportProblem:
                    raise
                except DomainError as error:
                    raise ImportProblem(step.sheet, step.row, None, error.message) from error
            return plan

    def _store(self, session: Session, step: Step) -> None:
        key, value = step.key, step.value
        if step.mutation == "school_year.set":
            self.store_year(session, session.get(SchoolYear, key), value, key)
        elif step.mutation == "subject.set":
            self.store_subject(session, session.get(Subject, key), value, False, key)
        elif step.mutation == "staff.set":
            self.store_staff(session, session.get(Staff, key), value, False, key)
        elif step.mutation == "class_group.set":
            assert step.year_id is not None
            row = session.get(ClassGroup, key)
            self.store_class(session, step.year_id, row, value, step.tutor_id, False, key)
        elif step.mutation == "student.set":
            self.store_student(session, session.get(Student, key), value, False, key)
        else:
            assert step.mutation == "course.set" and step.year_id is not None
            self.store_course(session, step.year_id, session.get(Course, key), value, False, key)
