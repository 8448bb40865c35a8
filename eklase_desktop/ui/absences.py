"""The class tutor's absence editor (SPEC T2): a month of students × school days with each
day's lessons and codes, the month's and semester's counts, and the register of absence notes
— select a student's days, justify them from a note, change or withdraw notes."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.absence_notes import NoteDetails, NoteSource
from eklase_desktop.domain.attendance import Justification
from eklase_desktop.domain.report_period import MONTHS
from eklase_desktop.i18n import N_, _
from eklase_desktop.services.absence_notes import AbsenceRegister, NoteView
from eklase_desktop.services.absences import AbsenceReader, ClassMonth
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import RecordWindow, save_cancel
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

WEEKDAYS = (N_("P"), N_("O"), N_("T"), N_("C"), N_("Pk"), N_("S"), N_("Sv"))
REASONS = ((Justification.ILLNESS, N_("slimība (s)")), (Justification.OTHER, N_("cits (c)")))
COUNT_COLUMNS = 3  # first: unjustified, justified, late as "month / semester"; then the days
STUDENT_ROLE = Qt.ItemDataRole.UserRole


def python_date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_text(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


class AbsenceEditor(RecordWindow):
    """One class, one month; the register of the class's notes below."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Kavējumi un attaisnojumi"))
        self.resize(1200, 760)
        self.reader = AbsenceReader(workspace.factory, workspace.actor)
        self.register = AbsenceRegister(workspace.factory, workspace.actor)
        self.month: ClassMonth | None = None
        self.notes: list[NoteView] = []
        self._requested = 0  # the newest load asked for; older answers are dropped
        today = clock.today()
        self.shown = dt.date(today.year, today.month, 1)
        self.classes = QComboBox()
        self.previous = QPushButton("◀")
        self.next = QPushButton("▶")
        self.month_label = QLabel()
        self.month_label.setStyleSheet("font-size: 13pt; font-weight: bold")
        self.deadline = QLabel()
        self.grid = QTableWidget()
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.justify_button = QPushButton(_("Attaisnot izvēlētās dienas…"))
        self.notes_table = QTableWidget(0, 7)
        self.notes_table.setHorizontalHeaderLabels(
            [
                _("Skolēns"),
                _("No"),
                _("Līdz"),
                _("Iemesls"),
                _("Avots"),
                _("Komentārs"),
                _("Statuss"),
            ]
        )
        self.notes_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.notes_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.notes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notes_table.horizontalHeader().setStretchLastSection(True)
        self.edit_button = QPushButton(_("Labot zīmi…"))
        self.withdraw_button = QPushButton(_("Atsaukt zīmi"))
        self._build()
        for class_id, name in self.reader.classes():
            self.classes.addItem(name, class_id)
        self.classes.currentIndexChanged.connect(lambda _index: self.reload())
        self.previous.clicked.connect(lambda: self.go(-1))
        self.next.clicked.connect(lambda: self.go(1))
        self.justify_button.clicked.connect(self.justify_selection)
        self.edit_button.clicked.connect(self.edit_note)
        self.withdraw_button.clicked.connect(self.withdraw_note)
        self.grid.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()
        self.reload()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Klase")))
        top.addWidget(self.classes)
        top.addSpacing(16)
        top.addWidget(self.previous)
        top.addWidget(self.month_label)
        top.addWidget(self.next)
        top.addSpacing(16)
        top.addWidget(self.deadline, 1)
        top.addWidget(self.justify_button)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_header = QHBoxLayout()
        notes_header.addWidget(QLabel(_("Zīmju reģistrs")), 1)
        notes_header.addWidget(self.edit_button)
        notes_header.addWidget(self.withdraw_button)
        notes_layout.addLayout(notes_header)
        notes_layout.addWidget(self.notes_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.grid)
        splitter.addWidget(notes_box)
        splitter.setSizes([520, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    # --- loading ---------------------------------------------------------------------------

    def show_month(self, year: int, month: int) -> None:
        self.shown = dt.date(year, month, 1)
        self.reload()

    def go(self, months: int) -> None:
        index = self.shown.year * 12 + self.shown.month - 1 + months
        self.show_month(index // 12, index % 12 + 1)

    def reload(self) -> None:
        class_id = self.classes.currentData()
        if class_id is None:
            self.month_label.setText(_("Jums nav klases, kuras kavējumus kārtot."))
            return
        shown, now = self.shown, clock.now()
        self._requested += 1
        request = self._requested

        def load() -> tuple[int, ClassMonth, list[NoteView]]:
            month = self.reader.class_month(class_id, shown.year, shown.month, now=now)
            return request, month, self.register.notes(class_id)

        self._load(load, self._loaded)

    def _loaded(self, result: tuple[int, ClassMonth, list[NoteView]]) -> None:
        request, month, notes = result
        if request != self._requested:
            return  # another class or month was asked for meanwhile
        self.month, self.notes = month, notes
        self.month_label.setText(
            f"{_(MONTHS[month.first_day.month - 1]).capitalize()} {month.first_day.year}"
        )
        overdue = any(student.overdue for student in month.students)
        if month.deadline is not None:
            text = _("Attaisnot līdz {day}.").format(day=date_text(month.deadline.date()))
            if overdue:
                text += " " + _("Termiņš ir pagājis: neattaisnotie kavējumi iekrāsoti.")
            self.deadline.setText(text)
            self.deadline.setStyleSheet("color: #b71c1c" if overdue else "color: #555")
        self._fill_grid(month)
        self._fill_notes()
        self.message.clear()
        emit(self.loaded)

    def _fill_grid(self, month: ClassMonth) -> None:
        days = month.days
        self.grid.clear()
        self.grid.setRowCount(len(month.students))
        self.grid.setColumnCount(len(days) + COUNT_COLUMNS)
        headers = [_("Neattaisn.\nmēn./sem."), _("Attaisn.\nmēn./sem."), _("Kavēja\nmēn./sem.")]
        headers += [f"{day.day}\n{_(WEEKDAYS[day.weekday()])}" for day in days]
        self.grid.setHorizontalHeaderLabels(headers)
        self.grid.setVerticalHeaderLabels([student.name for student in month.students])
        for row, student in enumerate(month.students):
            for column, day in enumerate(days):
                lessons = month.on(student.id, day)
                item = QTableWidgetItem(" ".join(cell.code or "·" for cell in lessons))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(
                    "\n".join(
                        f"{cell.number or '–'}. {cell.subject}: {cell.code or _('bija')}"
                        for cell in lessons
                    )
                )
                codes = {cell.code for cell in lessons}
                # the day's colour is its most pressing code's: n, then ns/nc, then k
                code = next((c for c in ("n", "ns", "nc", "k") if c in codes), "")
                colour = colours.attendance_background(code)
                if code == "n" and student.overdue:
                    colour = colours.OVERDUE
                if colour is not None:
                    item.setBackground(QBrush(colour))
                item.setData(STUDENT_ROLE, student.id)
                self.grid.setItem(row, COUNT_COLUMNS + column, item)
            pairs = (
                (student.month.unjustified, student.semester.unjustified),
                (student.month.justified, student.semester.justified),
                (student.month.late, student.semester.late),
            )
            for offset, (in_month, in_semester) in enumerate(pairs):
                count = QTableWidgetItem(f"{in_month} / {in_semester}")
                count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                count.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if offset == 0 and student.overdue:
                    count.setBackground(QBrush(colours.OVERDUE))
                self.grid.setItem(row, offset, count)

    def _fill_notes(self) -> None:
        self.notes_table.setRowCount(len(self.notes))
        for row, note in enumerate(self.notes):
            details = note.details
            values = [
                note.student,
                date_text(details.first_day),
                date_text(details.last_day),
                reason_label(details.justification),
                details.source.label,
                details.comment,
                _("atsaukta") if note.withdrawn else _("spēkā"),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if note.withdrawn:
                    item.setForeground(QBrush(colours.MUTED))
                self.notes_table.setItem(row, column, item)
        self.notes_table.resizeColumnsToContents()

    # --- notes ------------------------------------------------------------------------------

    def selected_span(self) -> tuple[uuid.UUID, dt.date, dt.date] | None:
        """The student and the days of the selection, if it lies in one student's row."""
        if self.month is None:
            return None
        days = self.month.days
        ranges = self.grid.selectedRanges()
        if len(ranges) != 1:
            return None
        chosen = ranges[0]
        if chosen.topRow() != chosen.bottomRow() or chosen.leftColumn() < COUNT_COLUMNS:
            return None
        student = self.month.students[chosen.topRow()].id
        first, last = chosen.leftColumn() - COUNT_COLUMNS, chosen.rightColumn() - COUNT_COLUMNS
        return student, days[first], days[last]

    def _selection_changed(self) -> None:
        self.justify_button.setEnabled(self.selected_span() is not None)

    def justify_selection(self) -> None:
        span = self.selected_span()
        if span is None:
            return
        student, first, last = span
        dialog = NoteDialog(self, first, last)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        details = dialog.details()
        self._write(lambda: self.register.add(student, details))

    def _chosen_note(self) -> NoteView | None:
        rows = self.notes_table.selectionModel().selectedRows()
        return self.notes[rows[0].row()] if rows else None

    def edit_note(self) -> None:
        note = self._chosen_note()
        if note is None:
            self.message.setText(_("Izvēlieties zīmi reģistrā."))
            return
        dialog = NoteDialog(self, note.details.first_day, note.details.last_day, note.details)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        details = dialog.details()
        self._write(lambda: self.register.change(note.id, details))

    def withdraw_note(self) -> None:
        note = self._chosen_note()
        if note is None or note.withdrawn:
            self.message.setText(_("Izvēlieties spēkā esošu zīmi reģistrā."))
            return
        asked = QMessageBox.question(
            self,
            _("Atsaukt zīmi"),
            _(
                "Atsaukt zīmi ({student}, {first}–{last})? Tās attaisnotie kavējumi atkal būs n."
            ).format(
                student=note.student,
                first=date_text(note.details.first_day),
                last=date_text(note.details.last_day),
            ),
        )
        if asked == QMessageBox.StandardButton.Yes:
            self._write(lambda: self.register.withdraw(note.id))


def reason_label(justification: Justification) -> str:
    return next((_(label) for value, label in REASONS if value is justification), "")


class NoteDialog(QDialog):
    """The days, reason, source and comment of a note."""

    def __init__(
        self,
        parent: QWidget | None,
        first: dt.date,
        last: dt.date,
        details: NoteDetails | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Attaisnojuma zīme"))
        self.first = QDateEdit(QDate(first.year, first.month, first.day))
        self.last = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.first, self.last):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.reason = QComboBox()
        for value, label in REASONS:
            self.reason.addItem(_(label), value)
        self.source = QComboBox()
        for source in NoteSource:
            self.source.addItem(source.label, source)
        self.comment = QLineEdit()
        self.comment.setMaxLength(500)
        if details is not None:
            self.reason.setCurrentIndex(self.reason.findData(details.justification))
            self.source.setCurrentIndex(self.source.findData(details.source))
            self.comment.setText(details.comment)
        form = QFormLayout(self)
        form.addRow(_("No"), self.first)
        form.addRow(_("Līdz"), self.last)
        form.addRow(_("Iemesls"), self.reason)
        form.addRow(_("Avots"), self.source)
        form.addRow(_("Komentārs"), self.comment)
        form.addRow(save_cancel(self))

    def details(self) -> NoteDetails:
        return NoteDetails(
            python_date(self.first.date()),
            python_date(self.last.date()),
            self.reason.currentData(),
            self.source.currentData(),
            self.comment.text(),
        )
