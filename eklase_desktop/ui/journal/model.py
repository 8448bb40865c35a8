"""The journal grid's Qt model: a thin adapter over a ``JournalSnapshot`` (STYLE: napari).

Rows are the course's students, columns its lessons in date order and then the period marks.
``setData`` calls the editing service and either emits ``dataChanged`` or ``error`` with a
Latvian message; it never shows a dialog itself (STYLE: Spyder's anti-pattern).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from eklase_desktop import i18n
from eklase_desktop.domain import clock
from eklase_desktop.domain.assessments import Methodology
from eklase_desktop.domain.calendar import holiday_name, is_working_day
from eklase_desktop.domain.deadlines import EntryKind, due_moment
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import LessonType
from eklase_desktop.domain.marks import MarkSlot, SlotKind
from eklase_desktop.i18n import _
from eklase_desktop.services.cells import EMPTY_CELL, Cell
from eklase_desktop.services.editing import CellChange, CellEdit, CellRejected, JournalEditor
from eklase_desktop.services.journal import AVERAGE, JournalSnapshot, LessonColumn, PeriodColumn
from eklase_desktop.ui import colours
from eklase_desktop.ui.signals import emit

Index = QModelIndex | QPersistentModelIndex
WEEKDAYS = {
    "lv": ("P", "O", "T", "C", "Pk", "S", "Sv"),  # pirmdiena … svētdiena
    "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"),
}

_SHOWN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SHOWN | Qt.ItemFlag.ItemIsEditable
COLUMN_KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "lesson" or "period"
SYNC_ROLE = Qt.ItemDataRole.UserRole + 2  # "conflict", "waiting" or None

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Undoable:
    """One cell of a write: what it held before and after."""

    student_id: uuid.UUID
    column: uuid.UUID | str
    before: str
    after: str


class JournalModel(QAbstractTableModel):
    error = Signal(str)
    saved = Signal(int)  # number of cells written

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._snapshot: JournalSnapshot | None = None
        self._editor: JournalEditor | None = None
        self._lessons: list[LessonColumn] = []
        self._cells: dict[tuple[uuid.UUID, uuid.UUID], Cell] = {}
        self._period_marks: dict[tuple[uuid.UUID, str], str] = {}
        self._non_working: set[uuid.UUID] = set()
        self._same_day: dict[uuid.UUID, int] = {}
        self._late_topics: set[uuid.UUID] = set()
        self._periods: list[PeriodColumn] = []
        self._averages: dict[uuid.UUID, str] | None = None  # computed when first shown
        self._show_average = False
        self.me = uuid.UUID(int=0)  # the user: a substitute writes in the lessons they taught
        # undo (SPEC: nothing typed is lost): each write's cells as (student, column, before,
        # after) texts; undoing writes the befores again as new edits through the outbox
        self._undo: list[list[Undoable]] = []
        self._redo: list[list[Undoable]] = []
        self._waiting: set[tuple[uuid.UUID, uuid.UUID | str]] = set()
        self._conflicts: set[tuple[uuid.UUID, uuid.UUID | str]] = set()
        # a late correction in a closed period: the view asks the teacher why (None: cancel);
        # the reason holds for the write it was asked for (a paste is checked, then written)
        self.ask_reason: Callable[[str], str | None] = lambda _message: None
        self._reason = ""

    # --- loading -----------------------------------------------------------------------

    def load(self, snapshot: JournalSnapshot | None, editor: JournalEditor | None) -> None:
        same_course = (
            snapshot is not None
            and self._snapshot is not None
            and snapshot.course.id == self._snapshot.course.id
        )
        if not same_course:
            self._undo, self._redo = [], []  # another journal: its own history
        self.beginResetModel()
        self._snapshot, self._editor = snapshot, editor
        self._lessons = list(snapshot.lessons) if snapshot else []
        self._cells = dict(snapshot.cells) if snapshot else {}
        self._period_marks = dict(snapshot.period_marks) if snapshot else {}
        self._non_working = {lesson.id for lesson in self._lessons if self._is_off_day(lesson.date)}
        self._lessons_changed()
        self._periods = self._period_list()
        self.endResetModel()

    def _period_list(self) -> list[PeriodColumn]:
        periods = list(self._snapshot.periods) if self._snapshot else []
        if self._show_average and self._snapshot is not None:
            periods.append(PeriodColumn(AVERAGE, _("Vid."), MarkSlot(SlotKind.LESSON)))
        return periods

    def set_show_average(self, shown: bool) -> None:
        """Shows or hides the average column (1–10 only, SPEC J16) after the period marks."""
        if shown != self._show_average:
            self.beginResetModel()
            self._show_average = shown
            self._periods = self._period_list()
            self.endResetModel()

    def average(self, row: int) -> str:
        """The mean of the row's balles in the lessons, ``7,25``; empty without any (kept
        until a cell or a lesson changes: a paint asks for it again and again)."""
        assert self._snapshot is not None
        student = self._snapshot.students[row].id
        if self._averages is None:
            self._averages = self._all_averages()
        return self._averages.get(student, "")

    def _all_averages(self) -> dict[uuid.UUID, str]:
        """Every row's average in one pass over the cells."""
        lessons = {lesson.id for lesson in self._lessons}
        points: dict[uuid.UUID, list[int]] = {}
        for (student, lesson), cell in self._cells.items():
            if cell.mark.isascii() and cell.mark.isdigit() and lesson in lessons:
                points.setdefault(student, []).append(int(cell.mark))
        found = {}
        for student, values in points.items():
            mean = Decimal(sum(values)) / len(values)
            found[student] = str(mean.quantize(Decimal("0.01"), ROUND_HALF_UP)).replace(".", ",")
        return found

    def _find_late_topics(self) -> None:
        """Lessons whose topic is missing past its deadline (SPEC J1): marked in the header."""
        now = clock.now()
        self._late_topics = {
            lesson.id
            for lesson in self._lessons
            if not lesson.topic.strip()
            and lesson.lesson_type != LessonType.NOT_HELD
            and now > due_moment(EntryKind.LESSON_RECORD, lesson.date)
        }

    def _lessons_changed(self) -> None:
        """What follows from the lessons: late topics, two lessons a day told apart in their
        headers as (1), (2), the averages."""
        self._averages = None
        self._find_late_topics()
        by_day: dict[dt.date, list[uuid.UUID]] = {}
        for lesson in self._lessons:
            by_day.setdefault(lesson.date, []).append(lesson.id)
        self._same_day = {
            lesson_id: number
            for ids in by_day.values()
            if len(ids) > 1
            for number, lesson_id in enumerate(ids, 1)
        }

    def refresh(self, snapshot: JournalSnapshot) -> None:
        """Shows a newer snapshot of the same journal (after a sync). With the same students
        and lessons only the values change, so selection and an open editor stay."""
        same_shape = (
            self._snapshot is not None
            and [s.id for s in snapshot.students] == [s.id for s in self._snapshot.students]
            and [item.id for item in snapshot.lessons] == [item.id for item in self._lessons]
        )
        if not same_shape:
            self.load(snapshot, self._editor)
            return
        self._snapshot, self._lessons = snapshot, list(snapshot.lessons)
        self._cells, self._period_marks = dict(snapshot.cells), dict(snapshot.period_marks)
        self._averages = None
        if [p.period for p in self._period_list()] != [p.period for p in self._periods]:
            self.load(snapshot, self._editor)
            return
        self._changed_everywhere()

    def set_markers(
        self,
        waiting: set[tuple[uuid.UUID, uuid.UUID | str]],
        conflicts: set[tuple[uuid.UUID, uuid.UUID | str]],
    ) -> None:
        """Cells whose change waits for the server, and cells in conflict (SPEC S6)."""
        if (waiting, conflicts) != (self._waiting, self._conflicts):
            self._waiting, self._conflicts = waiting, conflicts
            self._changed_everywhere()

    def _changed_everywhere(self) -> None:
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            emit(self.dataChanged, self.index(0, 0), last)

    @property
    def snapshot(self) -> JournalSnapshot | None:
        return self._snapshot

    def _is_off_day(self, day: dt.date) -> bool:
        year = self._snapshot.school_year if self._snapshot else None
        return not is_working_day(day) or bool(year and year.is_school_holiday(day))

    # --- shape -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._snapshot is None:
            return 0
        return len(self._snapshot.students)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._snapshot is None:
            return 0
        return len(self._lessons) + len(self._periods)

    def column_key(self, column: int) -> uuid.UUID | str:
        if column < len(self._lessons):
            return self._lessons[column].id
        assert self._snapshot is not None
        return self._periods[column - len(self._lessons)].period

    def lesson_at(self, column: int) -> LessonColumn | None:
        return self._lessons[column] if 0 <= column < len(self._lessons) else None

    @property
    def lesson_count(self) -> int:
        return len(self._lessons)

    def column_of_lesson(self, lesson_id: uuid.UUID) -> int:
        return next(i for i, lesson in enumerate(self._lessons) if lesson.id == lesson_id)

    def student_id(self, row: int) -> uuid.UUID:
        assert self._snapshot is not None
        return self._snapshot.students[row].id

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column = index.column()
        if column >= len(self._lessons) and self.column_key(column) == AVERAGE:
            return _SHOWN  # computed
        if self._snapshot is not None and self._snapshot.cells_read_only:
            taught = column < len(self._lessons) and self._lessons[column].taught_by_id == self.me
            return _EDITABLE if taught else _SHOWN  # no editor opens to refuse on Enter
        return _EDITABLE

    # --- cells -------------------------------------------------------------------------

    def cell_text(self, row: int, column: int) -> str:
        assert self._snapshot is not None
        student = self._snapshot.students[row].id
        key = self.column_key(column)
        if key == AVERAGE:
            return self.average(row)
        if isinstance(key, str):
            return self._period_marks.get((student, key), "")
        return self._cells.get((student, key), EMPTY_CELL).text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._snapshot is None:
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return colours.mark_foreground(self._mark_text(row, column))
        if role == COLUMN_KIND_ROLE:
            return "lesson" if column < len(self._lessons) else "period"
        if role == SYNC_ROLE:
            return self._sync_state(self._snapshot.students[row].id, self.column_key(column))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._sync_tooltip(row, column)
        return None

    def look(self, row: int, column: int) -> tuple[str, Any, Any, str | None]:
        """(text, background, foreground, sync state) of a cell in one call: what the
        delegate paints (a grid repaint asks for about a thousand cells)."""
        assert self._snapshot is not None
        student = self._snapshot.students[row].id
        key = self.column_key(column)
        if isinstance(key, str):
            if key == AVERAGE:
                text, mark = self.average(row), ""
            else:
                text = mark = self._period_marks.get((student, key), "")
        else:
            cell = self._cells.get((student, key), EMPTY_CELL)
            text, mark = cell.text, cell.mark
            if cell.code and self._snapshot.students[row].until is None:
                shade = colours.attendance_background(cell.code)  # the common case, at once
                return text, shade, colours.mark_foreground(mark), self._sync_state(student, key)
        return (
            text,
            self._background(row, column),
            colours.mark_foreground(mark),
            self._sync_state(student, key),
        )

    def _sync_state(self, student: uuid.UUID, key: uuid.UUID | str) -> str | None:
        if not (self._conflicts or self._waiting):
            return None
        where = (student, key)
        if where in self._conflicts:
            return "conflict"
        return "waiting" if where in self._waiting else None

    def _sync_tooltip(self, row: int, column: int) -> str | None:
        assert self._snapshot is not None
        key = (self._snapshot.students[row].id, self.column_key(column))
        if key in self._conflicts:
            return _("Konflikts: kāds cits mainīja šo šūnu. Skatiet sarakstu «Konflikti».")
        if key in self._waiting:
            return _("Izmaiņa saglabāta šajā datorā un gaida sinhronizāciju.")
        return None

    def _mark_text(self, row: int, column: int) -> str:
        key = self.column_key(column)
        assert self._snapshot is not None
        student = self._snapshot.students[row].id
        if key == AVERAGE:
            return ""
        if isinstance(key, str):
            return self._period_marks.get((student, key), "")
        return self._cells.get((student, key), EMPTY_CELL).mark

    def _background(self, row: int, column: int) -> Any:
        lesson = self.lesson_at(column)
        if lesson is None:
            return colours.PERIOD_COLUMN
        assert self._snapshot is not None
        until = self._snapshot.students[row].until
        if until is not None and lesson.date > until:
            return colours.NOT_HELD  # no longer in the course (an order, SPEC C2)
        cell = self._cells.get((self._snapshot.students[row].id, lesson.id), EMPTY_CELL)
        shade = colours.attendance_background(cell.code)
        if shade is not None:
            return shade
        if lesson.lesson_type == LessonType.NOT_HELD:
            return colours.NOT_HELD
        if lesson.id in self._non_working:
            return colours.NON_WORKING_DAY
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = "" if value is None else str(value)
        if text.strip() == self.cell_text(index.row(), index.column()):
            return True  # nothing changed: no write, no outbox entry
        return self.write_block(index.row(), index.column(), [[text]])

    def _block_edits(
        self, top: int, left: int, rows: Sequence[Sequence[str]]
    ) -> list[CellEdit] | None:
        """The edits of a block with its top-left cell at (top, left); None (said) for a
        block that does not fit or covers the average."""
        if self._snapshot is None or self._editor is None:
            return None
        width = max((len(line) for line in rows), default=0)
        if top + len(rows) > self.rowCount() or left + width > self.columnCount():
            emit(self.error, _("Ielīmētais bloks neietilpst žurnālā. Nekas netika saglabāts."))
            return None
        edits = [
            CellEdit(self.student_id(top + r), self.column_key(left + c), text)
            for r, line in enumerate(rows)
            for c, text in enumerate(line)
        ]
        if any(edit.column == AVERAGE for edit in edits):
            emit(self.error, _("Vidējo vērtējumu aprēķina programma; to neieraksta."))
            return None
        return edits

    def check_block(self, top: int, left: int, rows: Sequence[Sequence[str]]) -> bool:
        """Whether the block would be taken, saving nothing; a refusal is said."""
        edits = self._block_edits(top, left, rows)
        if edits is None:
            return False
        assert self._editor is not None
        return self._through(self._editor.check_cells, edits) is not None

    def write_block(self, top: int, left: int, rows: Sequence[Sequence[str]]) -> bool:
        """Writes a rectangular block of texts with its top-left cell at (top, left): all of it
        or, if any value is refused, none of it (SPEC: a paste with one bad value saves none)."""
        edits = self._block_edits(top, left, rows)
        if edits is None:
            return False
        width = max((len(line) for line in rows), default=0)
        before = [self._text_of(edit.student_id, edit.column) for edit in edits]
        changes = self._write(edits)
        if changes is None:
            return False
        self._undo.append(
            [
                Undoable(edit.student_id, edit.column, old, change.text)
                for edit, old, change in zip(edits, before, changes, strict=True)
                if old != change.text
            ]
        )
        self._redo.clear()
        emit(
            self.dataChanged,
            self.index(top, left),
            self.index(top + len(rows) - 1, left + width - 1),
        )
        emit(self.saved, len(changes))
        return True

    def _write(self, edits: list[CellEdit]) -> list[CellChange] | None:
        """Writes ``edits`` through the editor (and its outbox); None if refused (said)."""
        assert self._editor is not None
        try:
            changes = self._through(self._editor.write_cells, edits)
        finally:
            self._reason = ""
        if changes is None:
            return None
        self._apply(changes)
        return changes

    def _through(
        self, call: Callable[[uuid.UUID, list[CellEdit], str], T], edits: list[CellEdit]
    ) -> T | None:
        """``call`` (the editor's check or write) on this journal's ``edits``; None if the
        editor refused them (said, naming the student and the value). A cell in a closed
        period that a reason would open asks the teacher for it, once."""
        assert self._snapshot is not None
        try:
            return call(self._snapshot.course.id, edits, self._reason)
        except CellRejected as rejected:
            if rejected.needs_reason and not self._reason:
                reason = (self.ask_reason(rejected.message) or "").strip()
                if reason:
                    self._reason = reason
                    return self._through(call, edits)
            emit(self.error, self._describe_rejection(edits, rejected))
        except DomainError as error:
            emit(self.error, error.message)
        return None

    def _text_of(self, student: uuid.UUID, column: uuid.UUID | str) -> str:
        if isinstance(column, str):
            return self._period_marks.get((student, column), "")
        return self._cells.get((student, column), EMPTY_CELL).text

    # --- undo --------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return any(self._undo)

    @property
    def can_redo(self) -> bool:
        return any(self._redo)

    def undo(self) -> bool:
        """Puts back the cells of the last write (a cell, a block, a paste, a deletion) as
        new edits; False if there is nothing to undo or the editor refused it."""
        return self._replay(self._undo, self._redo, forward=False)

    def redo(self) -> bool:
        return self._replay(self._redo, self._undo, forward=True)

    def _replay(
        self, source: list[list[Undoable]], target: list[list[Undoable]], *, forward: bool
    ) -> bool:
        while source and not source[-1]:
            source.pop()  # a write that changed nothing
        if not source or self._snapshot is None or self._editor is None:
            return False
        group = source[-1]
        edits = [
            CellEdit(item.student_id, item.column, item.after if forward else item.before)
            for item in group
        ]
        if self._write(edits) is None:
            return False
        target.append(source.pop())
        self._changed_everywhere()
        emit(self.saved, len(edits))
        return True

    def replaced_marks(self, top: int, left: int, rows: Sequence[Sequence[str]]) -> int:
        """How many marks already in the cells a block would change (a paste or Delete of
        more than one asks first)."""
        count = 0
        for r, line in enumerate(rows):
            for c, text in enumerate(line):
                row, column = top + r, left + c
                if row >= self.rowCount() or column >= self.columnCount():
                    continue
                mark = self._mark_text(row, column)
                if mark and text.strip() != self.cell_text(row, column):
                    count += 1
        return count

    def _describe_rejection(self, edits: Sequence[CellEdit], rejected: CellRejected) -> str:
        edit = edits[rejected.index]
        if len(edits) == 1:
            return rejected.message
        assert self._snapshot is not None
        name = next(s.name for s in self._snapshot.students if s.id == edit.student_id)
        return _("{name}, «{text}»: {reason} Nekas no bloka netika saglabāts.").format(
            name=name, text=edit.text.strip(), reason=rejected.message
        )

    def _apply(self, changes: Sequence[CellChange]) -> None:
        self._averages = None
        for change in changes:
            if isinstance(change.column, str):
                self._period_marks[(change.student_id, change.column)] = change.text
            elif change.cell is not None:
                self._cells[(change.student_id, change.column)] = change.cell

    # --- headers -----------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._snapshot is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        lesson = self.lesson_at(section)
        if lesson is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._periods[section - len(self._lessons)].label
            return None
        return self._lesson_header(lesson, role)

    def _row_header(self, row: int, role: int) -> Any:
        assert self._snapshot is not None
        student = self._snapshot.students[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row + 1}. {student.name}"
        if role == Qt.ItemDataRole.ToolTipRole and student.until is not None:
            return _("Kursā līdz {day} (rīkojums)").format(day=student.until.strftime("%d.%m.%Y"))
        if role == Qt.ItemDataRole.ToolTipRole and student.exempt:
            return _("Atbrīvots no mācību priekšmeta")
        if role == Qt.ItemDataRole.ForegroundRole and (student.exempt or student.until):
            return colours.MUTED
        return None

    def _lesson_header(self, lesson: LessonColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            weekday = WEEKDAYS[i18n.current_language()][lesson.date.weekday()]
            same_day = self._same_day.get(lesson.id)  # the 2nd lesson of a day: "P·2"
            day = f"{lesson.date:%d.%m.}"
            marks = [weekday + (f"·{same_day}" if same_day else "")]
            marks += [lesson.test.kind.short] if lesson.test else []
            marks += ["♪"] if lesson.accompanied_by else []
            marks += ["!"] if lesson.id in self._late_topics else []
            return f"{day}\n{' '.join(marks)}"
        if role == Qt.ItemDataRole.ForegroundRole and (
            lesson.id in self._non_working or lesson.id in self._late_topics
        ):
            return colours.FAILING
        if role == Qt.ItemDataRole.ForegroundRole and lesson.is_test:
            return colours.TEST
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._lesson_tooltip(lesson)
        return None

    def _lesson_tooltip(self, lesson: LessonColumn) -> str:
        lines = [f"{lesson.date:%d.%m.%Y}", lesson.topic or _("(tēma nav ievadīta)")]
        if lesson.test is not None:
            lines.append(f"{lesson.test.kind.label}: {lesson.test.topic}".rstrip(": "))
            if lesson.test.methodology is Methodology.TEST:
                lines.append(lesson.test.methodology.label)
        if lesson.id in self._late_topics:
            lines.append(_("! Tēma nav ievadīta, termiņš nokavēts"))
        if lesson.accompanied_by:
            lines.append(_("♪ Pavadīja koncertmeistars: {name}").format(name=lesson.accompanied_by))
        holiday = holiday_name(lesson.date)
        if holiday:
            lines.append(holiday)
        return "\n".join(lines)

    # --- lessons -----------------------------------------------------------------------

    def replace_lesson(self, lesson: LessonColumn) -> None:
        """Shows the saved lesson; a changed date moves the column to its place."""
        self.beginResetModel()
        self._lessons = [
            dataclasses.replace(lesson, accompanied_by=old.accompanied_by)  # not the panel's
            if old.id == lesson.id
            else old
            for old in self._lessons
        ]
        self._lessons.sort(key=lambda item: (item.date, item.number or 0))
        self._non_working = {item.id for item in self._lessons if self._is_off_day(item.date)}
        self._lessons_changed()
        self.endResetModel()

    def insert_lesson(self, lesson: LessonColumn) -> int:
        position = sum(
            1 for old in self._lessons if (old.date, old.number or 0) <= (lesson.date, 0)
        )
        self.beginInsertColumns(QModelIndex(), position, position)
        self._lessons.insert(position, lesson)
        if self._is_off_day(lesson.date):
            self._non_working.add(lesson.id)
        self._lessons_changed()
        self.endInsertColumns()
        return position

    def remove_lesson(self, lesson_id: uuid.UUID) -> None:
        column = self.column_of_lesson(lesson_id)
        self.beginRemoveColumns(QModelIndex(), column, column)
        del self._lessons[column]
        self._lessons_changed()
        self.endRemoveColumns()
