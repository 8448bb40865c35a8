"""Monthly grade statements on the laptop (SPEC T7): which of a class's statements for a
month are printed and which came back signed; the tutor ticks them, offline; the deputy
director sees who is missing in every class. Each change is one ``monthly_statement.set``."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.monthly_statements import (
    StatementState,
    StatementStatus,
    print_deadline,
    state_texts,
    validate_state,
)
from eklase_desktop.domain.names import full_name
from eklase_desktop.i18n import N_, _
from eklase_desktop.models import ClassGroup, MonthlyStatement, Staff, Student, cell_id
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.classes import (
    CLASS_READERS,
    keeps_class,
    kept_classes,
    require_class,
)
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.reporting.facts import class_pupils

_REFUSED = N_("Izrakstu uzskaiti kārto klases audzinātājs, direktora vietnieks vai lietvedis.")


@dataclass(frozen=True)
class StatementLine:
    student_id: uuid.UUID
    name: str
    state: StatementState
    status: StatementStatus


@dataclass(frozen=True)
class ClassStatements:
    class_id: uuid.UUID
    class_name: str
    tutor: str
    month: str
    deadline: dt.date
    lines: list[StatementLine]

    @property
    def printed(self) -> int:
        return sum(line.state.printed_on is not None for line in self.lines)

    @property
    def returned(self) -> int:
        return sum(line.state.returned_on is not None for line in self.lines)

    @property
    def missing(self) -> list[str]:
        """Students whose signed statement has not come back."""
        return [line.name for line in self.lines if line.status.missing]


class MonthlyStatements:
    def __init__(
        self,
        factory: sessionmaker[Session],
        actor: Actor,
    ) -> None:
        self._factory = factory
        self._actor = actor

    def classes(self) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            return kept_classes(session, self._actor, CLASS_READERS)

    def keeps(self, class_id: uuid.UUID) -> bool:
        """Whether the user records the class's statements (the director only reads them)."""
        with self._factory() as session:
            return keeps_class(self._actor, session.get(ClassGroup, class_id))

    def of_class(self, class_id: uuid.UUID, month: str) -> ClassStatements:
        with self._factory() as session:
            group = require_class(session, self._actor, class_id, _(_REFUSED), CLASS_READERS)
            return self._of(session, group, month)

    def overview(self, month: str) -> list[ClassStatements]:
        """Every class the user reads, in grade order (the deputy director's check)."""
        with self._factory() as session:
            groups = [session.get(ClassGroup, class_id) for class_id, _name in self.classes()]
            return [self._of(session, group, month) for group in groups if group is not None]

    def _of(self, session: Session, group: ClassGroup, month: str) -> ClassStatements:
        pupils = class_pupils(session, [group.id])
        rows = {
            row.student_id: row
            for row in session.scalars(
                select(MonthlyStatement).where(
                    MonthlyStatement.student_id.in_([p.id for p in pupils]),
                    MonthlyStatement.month == month,
                    MonthlyStatement.deleted.is_(False),
                )
            )
        }
        today = clock.today()
        lines = []
        for pupil in pupils:
            row = rows.get(pupil.id)
            state = StatementState(
                month, row.printed_on if row else None, row.returned_on if row else None
            )
            lines.append(StatementLine(pupil.id, pupil.name, state, state.status(today)))
        tutor = session.get(Staff, group.tutor_id) if group.tutor_id else None
        return ClassStatements(
            group.id,
            group.name,
            full_name(tutor.first_name, tutor.last_name) if tutor else "",
            month,
            print_deadline(month),
            lines,
        )

    def mark_printed(self, class_id: uuid.UUID, month: str, day: dt.date | None = None) -> int:
        """Records the class's statements for ``month`` as printed on ``day`` (today), those
        not printed yet; returns how many."""
        day = day or clock.today()
        count = 0
        with self._factory.begin() as session:
            require_class(session, self._actor, class_id, _(_REFUSED))
            for pupil in class_pupils(session, [class_id]):
                row = self._row(session, pupil.id, month)
                if row is None or row.printed_on is None:
                    self._write(session, pupil.id, row, StatementState(month, day))
                    count += 1
        return count

    def set_returned(
        self, student_id: uuid.UUID, month: str, returned: bool, day: dt.date | None = None
    ) -> StatementState:
        """Ticks (or unticks) that the statement a parent signed came back."""
        with self._factory.begin() as session:
            student = session.get(Student, student_id)
            if student is None or student.class_group_id is None:
                raise PermissionDenied(_("Skolēns nav atrasts."))
            require_class(session, self._actor, student.class_group_id, _(_REFUSED))
            row = self._row(session, student_id, month)
            back = (day or clock.today()) if returned else None
            state = StatementState(month, row.printed_on if row else None, back)
            return self._write(session, student_id, row, state)

    def _row(self, session: Session, student_id: uuid.UUID, month: str) -> MonthlyStatement | None:
        return session.get(MonthlyStatement, cell_id("monthly_statement", student_id, month))

    def _write(
        self,
        session: Session,
        student_id: uuid.UUID,
        row: MonthlyStatement | None,
        state: StatementState,
    ) -> StatementState:
        validate_state(state, clock.today())
        base = None
        if row is None:
            row = MonthlyStatement(
                id=cell_id("monthly_statement", student_id, state.month),
                student_id=student_id,
                month=state.month,
                deleted=False,
            )
            session.add(row)
        else:
            base = state_texts(StatementState(state.month, row.printed_on, row.returned_on))
        row.printed_on, row.returned_on = state.printed_on, state.returned_on
        row.updated_by_id = self._actor.staff_id
        enqueue(
            session,
            "monthly_statement.set",
            {
                "monthly_statement_id": str(row.id),
                "student_id": str(student_id),
                "month": state.month,
                **state_texts(state),
                "base": base,
            },
        )
        return state
