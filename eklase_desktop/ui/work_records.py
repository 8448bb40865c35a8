"""Darba uzskaite (SPEC K1, J6, J15): the concertmaster's week — the teachers' lessons of the
courses accompanied, one week at a time, answered "pavadīta" or "nepavadīta", and other
accompaniment — and the records of practice hours and individual work; the deputy reads
everyone's. Every change is written offline and synced like the journal."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.work_records import (
    WORK_READERS,
    WorkKind,
    WorkRecord,
    shown_hours,
    validate_record,
    week_label,
    week_start,
)
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.services.work_records import RecordView, Week, WorkLog
from eklase_desktop.ui import colours
from eklase_desktop.ui.absences import date_text, python_date
from eklase_desktop.ui.records import RecordWindow, find_data, save_cancel
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

ID_ROLE = Qt.ItemDataRole.UserRole
WEEK_COLUMNS = (
    N_("Datums"),
    N_("Audzēknis"),
    N_("Kurss"),
    N_("Skolotājs"),
    N_("Tēma vai programma"),
    N_("Stundas"),
    N_("Stāvoklis"),
)
RECORD_COLUMNS = (
    N_("Datums"),
    N_("Veids"),
    N_("Audzēkņi"),
    N_("Kurss"),
    N_("Tēma"),
    N_("Paveiktais"),
    N_("Stundas"),
    N_("Ierakstīja"),
)
MISSING = QColor("#ffe0e0")


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([_(title) for title in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    return table


def short_names(names: str, shown: int = 2) -> str:
    """``Bērziņa Anna, Kalniņš Jānis + 6``: a joint rehearsal's students fit one cell, the
    whole list is the cell's tooltip."""
    parts = names.split(", ")
    if len(parts) <= shown + 1:
        return names
    return _("{names} + vēl {count}").format(
        names=", ".join(parts[:shown]), count=len(parts) - shown
    )


def _fill_row(
    table: QTableWidget, row: int, texts: list[str], key: object, names_column: int
) -> None:
    for column, text in enumerate(texts):
        item = QTableWidgetItem(short_names(text) if column == names_column else text)
        if column == names_column and item.text() != text:
            item.setToolTip(text.replace(", ", "\n"))
        item.setData(ID_ROLE, key)
        table.setItem(row, column, item)


class WorkRecordsWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Darba uzskaite"))
        self.resize(1180, 640)
        self.log = WorkLog(workspace.factory, workspace.actor)
        self.monday = week_start(clock.today())
        self.week: Week | None = None
        self.views: list[RecordView] = []
        self.tabs = QTabWidget()
        self.week_tab = self._build_week_tab() if self.log.accompanies() else None
        self.kinds = self.log.kinds()  # what the user writes
        self.read_kinds = self.log.read_kinds()
        self.records_tab = self._build_records_tab() if self.read_kinds else None
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        if not self.tabs.count():
            self.message.setText(_("Jums nav darba uzskaites ierakstu."))
        self.tabs.currentChanged.connect(lambda _index: self.reload())
        self.reload()

    # --- the concertmaster's week ----------------------------------------------------------

    def _build_week_tab(self) -> QWidget:
        tab = QWidget()
        self.previous_button = QPushButton(_("◀ Iepriekšējā"))
        self.next_button = QPushButton(_("Nākamā ▶"))
        self.this_week_button = QPushButton(_("Šī nedēļa"))
        self.week_title = QLabel()
        self.week_title.setStyleSheet("font-size: 12pt; font-weight: bold")
        self.due_label = QLabel()
        self.overdue_weeks = QComboBox()
        self.overdue_weeks.setMinimumWidth(220)
        self.week_table = _table(WEEK_COLUMNS)
        self.week_table.doubleClicked.connect(lambda _index: self.edit_week_row())
        self.accompanied_button = QPushButton(_("Pavadīta"))
        self.accompanied_button.setToolTip(_("Atzīmēt izvēlētās stundas kā pavadītas (1 h)"))
        self.not_accompanied_button = QPushButton(_("Nepavadīta"))
        self.edit_week_button = QPushButton(_("Labot…"))
        self.add_other_button = QPushButton(_("Cits darbs (mēģinājums, koncerts)…"))
        self.delete_week_button = QPushButton(_("Dzēst ierakstu"))
        top = QHBoxLayout()
        top.addWidget(self.previous_button)
        top.addWidget(self.week_title)
        top.addWidget(self.next_button)
        top.addWidget(self.this_week_button)
        top.addStretch(1)
        top.addWidget(QLabel(_("Nepabeigtās nedēļas")))
        top.addWidget(self.overdue_weeks)
        buttons = QHBoxLayout()
        for button in (
            self.accompanied_button,
            self.not_accompanied_button,
            self.edit_week_button,
            self.add_other_button,
            self.delete_week_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.due_label)
        layout.addWidget(self.week_table, 1)
        layout.addLayout(buttons)
        self.previous_button.clicked.connect(lambda: self.show_week(self.monday - _WEEK))
        self.next_button.clicked.connect(lambda: self.show_week(self.monday + _WEEK))
        self.this_week_button.clicked.connect(lambda: self.show_week(clock.today()))
        self.overdue_weeks.activated.connect(self._jump_to_overdue)
        self.accompanied_button.clicked.connect(lambda: self.answer_lessons("1"))
        self.not_accompanied_button.clicked.connect(lambda: self.answer_lessons("0"))
        self.edit_week_button.clicked.connect(self.edit_week_row)
        self.add_other_button.clicked.connect(self.add_other)
        self.delete_week_button.clicked.connect(self.delete_week_row)
        self.tabs.addTab(tab, _("Koncertmeistara nedēļa"))
        return tab

    def show_week(self, day: dt.date) -> None:
        self.monday = week_start(day)
        self.reload()

    def _jump_to_overdue(self, index: int) -> None:
        monday = self.overdue_weeks.itemData(index)
        if isinstance(monday, dt.date):
            self.show_week(monday)

    def _load_week(self) -> None:
        monday, log = self.monday, self.log
        since = self._year_start()

        def work() -> tuple[Week, list[Week]]:
            return log.week(monday), log.overdue_weeks(since, clock.now())

        self._load(work, self._fill_week)

    def _year_start(self) -> dt.date:
        today = clock.today()
        return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)

    def _fill_week(self, result: tuple[Week, list[Week]]) -> None:
        week, overdue = result
        self.week = week
        self.week_title.setText(week_label(week.monday))
        late = week.overdue(clock.now())
        due = _("Jāieraksta līdz {when}.").format(when=week.due.strftime("%d.%m.%Y %H:%M"))
        left = _("Neatzīmētas stundas: {count}.").format(count=week.missing)
        hours = _("Kopā {hours} h.").format(hours=shown_hours(week.hours))
        self.due_label.setText(" ".join((due, left if week.missing else "", hours)))
        self.due_label.setStyleSheet(colours.ERROR_STYLE if late else "")
        # (day, texts, key, unanswered): the teachers' lessons and the other work, by day
        rows: list[tuple[dt.date, list[str], uuid.UUID, bool]] = []
        for lesson in week.lessons:
            record = lesson.record
            if record is None:
                state, hours, topic = _("nav ierakstīts"), "", lesson.topic
            elif record.record.accompanied:
                state, hours = _("pavadīta"), shown_hours(record.record.hours)
                topic = record.record.topic
            else:
                state, hours, topic = _("nepavadīta"), "0", lesson.topic
            texts = [lesson.students, lesson.course, lesson.teacher, topic, hours, state]
            rows.append((lesson.day, texts, lesson.lesson_id, record is None))
        for view in week.other:
            texts = [
                view.students,
                view.course or _("— bez kursa —"),
                view.teacher,
                view.record.topic,
                shown_hours(view.record.hours),
                _("cits darbs"),
            ]
            rows.append((view.record.day, texts, view.id, False))
        rows.sort(key=lambda entry: entry[0])  # stable: a day's lessons, then its other work
        self.week_table.setRowCount(len(rows))
        for row, (day, texts, key, unanswered) in enumerate(rows):
            _fill_row(self.week_table, row, [date_text(day), *texts], key, names_column=1)
            if unanswered:
                for column in range(len(texts) + 1):
                    cell = self.week_table.item(row, column)
                    if cell is not None:
                        cell.setBackground(QBrush(MISSING))
        self.week_table.resizeColumnsToContents()
        self.week_table.resizeRowsToContents()
        self.overdue_weeks.clear()
        self.overdue_weeks.addItem(
            plural(len(overdue), N_("{count} nedēļa"), N_("{count} nedēļas"))
            if overdue
            else _("nav"),
            None,
        )
        for late_week in overdue:
            label = _("{week}: {count} st.").format(
                week=week_label(late_week.monday), count=late_week.missing
            )
            self.overdue_weeks.addItem(label, late_week.monday)
        self.overdue_weeks.setStyleSheet("color: #b71c1c" if overdue else "")
        self.message.clear()
        emit(self.loaded)

    def _chosen_keys(self) -> list[uuid.UUID]:
        rows = sorted({index.row() for index in self.week_table.selectionModel().selectedRows()})
        items = [self.week_table.item(row, 0) for row in rows]
        return [item.data(ID_ROLE) for item in items if item is not None]

    def answer_lessons(self, hours: str) -> None:
        """Answers the chosen lessons: accompanied (1 h, the lesson's topic) or not."""
        week = self.week
        if week is None:
            return
        lessons = {lesson.lesson_id: lesson for lesson in week.lessons}
        chosen = [key for key in self._chosen_keys() if key in lessons]
        if not chosen:
            self.message.setText(_("Izvēlieties stundas no skolotāju žurnāliem."))
            return
        log = self.log

        def change() -> None:
            for lesson_id in chosen:
                record = lessons[lesson_id].record
                topic = record.record.topic if record and record.record.topic else None
                log.accompany(lesson_id, hours, topic)

        self._write(change)

    def edit_week_row(self) -> None:
        week = self.week
        keys = self._chosen_keys()
        if week is None or len(keys) != 1:
            self.message.setText(_("Izvēlieties vienu rindu."))
            return
        key = keys[0]
        lesson = next((item for item in week.lessons if item.lesson_id == key), None)
        if lesson is not None and lesson.record is None:
            course_students = frozenset(
                s for s, _name in self.log.course_students(lesson.course_id)
            )
            draft = WorkRecord(
                WorkKind.ACCOMPANIMENT,
                lesson.day,
                course_students,
                lesson.topic,
                "",
                "1",
                lesson.course_id,
                lesson.lesson_id,
            )
            self._edit(draft, None)
            return
        view = lesson.record if lesson is not None else None
        view = view or next((item for item in week.other if item.id == key), None)
        if view is not None:
            self._edit(view.record, view.id)

    def add_other(self) -> None:
        draft = WorkRecord(WorkKind.ACCOMPANIMENT, max(self.monday, clock.today()), hours="1")
        if draft.day > self.monday + dt.timedelta(days=6):
            draft = replace(draft, day=self.monday)
        self._edit(draft, None)

    def delete_week_row(self) -> None:
        week = self.week
        if week is None:
            return
        views = {view.id: view for view in week.other}
        views |= {lesson.lesson_id: lesson.record for lesson in week.lessons if lesson.record}
        chosen = [views[key] for key in self._chosen_keys() if key in views]
        if not chosen:
            self.message.setText(_("Izvēlieties ierakstu."))
            return
        self._delete([view.id for view in chosen])

    # --- practice hours and individual work ------------------------------------------------

    def _build_records_tab(self) -> QWidget:
        tab = QWidget()
        today = clock.today()
        first = today.replace(day=1)
        self.first_day = _date_edit(first)
        self.last_day = _date_edit(today)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("Visi veidi"), None)
        for kind in self.read_kinds:
            self.kind_filter.addItem(kind.label, kind)
        self.everyone = QCheckBox(_("Visu darbinieku"))
        reader = bool(self.workspace.actor.roles & WORK_READERS)
        self.everyone.setVisible(reader)
        self.everyone.setChecked(reader and not self.kinds)  # the director keeps none
        self.records_table = _table(RECORD_COLUMNS)
        self.records_table.doubleClicked.connect(lambda _index: self.edit_record())
        self.total = QLabel()
        self.add_button = add = QPushButton(_("Pievienot…"))
        edit = QPushButton(_("Labot…"))
        delete = QPushButton(_("Dzēst"))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("No")))
        top.addWidget(self.first_day)
        top.addWidget(QLabel(_("līdz")))
        top.addWidget(self.last_day)
        top.addWidget(self.kind_filter)
        top.addWidget(self.everyone)
        top.addStretch(1)
        top.addWidget(add)
        top.addWidget(edit)
        top.addWidget(delete)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.records_table, 1)
        layout.addWidget(self.total)
        for signal in (self.first_day.dateChanged, self.last_day.dateChanged):
            signal.connect(lambda _date: self.reload())
        self.kind_filter.currentIndexChanged.connect(lambda _index: self.reload())
        self.everyone.toggled.connect(lambda _checked: self.reload())
        add.setVisible(bool(self.kinds))  # the director reads, writes none
        add.clicked.connect(self.add_record)
        edit.clicked.connect(self.edit_record)
        delete.clicked.connect(self.delete_record)
        every_kind = WorkKind.ACCOMPANIMENT in self.read_kinds
        label = _("Visi ieraksti") if every_kind else _("Prakse un individuālais darbs")
        self.tabs.addTab(tab, label)
        return tab

    def _load_records(self) -> None:
        first, last = python_date(self.first_day.date()), python_date(self.last_day.date())
        kind = self.kind_filter.currentData()
        kinds = [kind] if isinstance(kind, WorkKind) else self.read_kinds
        everyone, log = self.everyone.isChecked(), self.log
        self._load(lambda: log.records(first, last, kinds, everyone), self._fill_records)

    def _fill_records(self, views: list[RecordView]) -> None:
        self.views = views
        self.records_table.setRowCount(len(views))
        for row, view in enumerate(views):
            record = view.record
            hours = shown_hours(record.hours)
            if record.kind is WorkKind.ACCOMPANIMENT and not record.accompanied:
                hours = _("0 (nepavadīta)")
            texts = [
                date_text(record.day),
                record.kind.label,
                view.students,
                view.course,
                record.topic,
                record.text,
                hours,
                view.author,
            ]
            _fill_row(self.records_table, row, texts, view.id, names_column=2)
        self.records_table.resizeColumnsToContents()
        self.records_table.resizeRowsToContents()
        total = sum((Decimal(view.record.hours) for view in views), Decimal(0))
        self.total.setText(
            _("Ierakstu: {count}; kopā {hours} h.").format(
                count=len(views), hours=shown_hours(total)
            )
        )
        self.message.clear()
        emit(self.loaded)

    def _chosen_record(self) -> RecordView | None:
        rows = self.records_table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows else None

    def add_record(self) -> None:
        kind = self.kind_filter.currentData()
        kind = kind if kind in self.kinds else self.kinds[0]
        self._edit(WorkRecord(kind, clock.today()), None, choose_kind=True)

    def edit_record(self) -> None:
        view = self._chosen_record()
        if view is None:
            self.message.setText(_("Izvēlieties ierakstu."))
            return
        if not view.mine and not self.workspace.actor.is_deputy:
            self.message.setText(_("Citu darbinieku ierakstus nevar labot."))
            return
        self._edit(view.record, view.id)

    def delete_record(self) -> None:
        view = self._chosen_record()
        if view is None:
            self.message.setText(_("Izvēlieties ierakstu."))
            return
        self._delete([view.id])

    # --- shared ----------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.tabs.currentWidget()
        if current is not None and current is self.week_tab:
            self._load_week()
        elif current is not None and current is self.records_tab:
            self._load_records()

    def _edit(
        self, record: WorkRecord, record_id: uuid.UUID | None, choose_kind: bool = False
    ) -> None:
        kinds = self.kinds if choose_kind else [record.kind]
        dialog = RecordDialog(self, self.log, record, kinds)
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            changed, log = dialog.record(), self.log
            self._write(lambda: log.save(changed, record_id))

    def _delete(self, ids: list[uuid.UUID]) -> None:
        asked = QMessageBox.question(self, _("Dzēst"), _("Dzēst izvēlētos ierakstus?"))
        if asked == QMessageBox.StandardButton.Yes:
            log = self.log

            def change() -> None:
                for record_id in ids:
                    log.delete(record_id)

            self._write(change)


_WEEK = dt.timedelta(days=7)


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    return edit


class RecordDialog(QDialog):
    """The fields of one record: day, students, topic or programme, what was done, hours.
    An accompanied lesson keeps its course, lesson and date (the teacher's)."""

    def __init__(
        self, parent: QWidget | None, log: WorkLog, record: WorkRecord, kinds: list[WorkKind]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Darba uzskaites ieraksts"))
        self.resize(520, 560)
        self.log, self.original = log, record
        self.kind = QComboBox()
        for kind in kinds:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(record.kind), 0))
        self.kind.setEnabled(len(kinds) > 1)
        self.day = _date_edit(record.day)
        self.day.setEnabled(record.lesson_id is None)  # the teacher's lesson date (K1)
        self.course = QComboBox()
        self.classes = QComboBox()
        self.students = QListWidget()
        self.topic = QLineEdit(record.topic)
        self.topic.setMaxLength(500)
        self.text = QPlainTextEdit(record.text)
        self.hours = QLineEdit(shown_hours(record.hours))
        self.hours.setMaximumWidth(80)
        self.form = QFormLayout(self)
        self.form.addRow(_("Veids"), self.kind)
        self.form.addRow(_("Datums"), self.day)
        self.form.addRow(_("Kurss"), self.course)
        self.form.addRow(_("Klase"), self.classes)
        self.form.addRow(_("Audzēkņi"), self.students)
        self.form.addRow(_("Tēma vai programma"), self.topic)
        self.form.addRow(_("Paveiktais, piezīmes"), self.text)
        self.form.addRow(_("Stundas"), self.hours)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c")
        self.form.addRow(self.error)
        self.form.addRow(save_cancel(self))
        self.kind.currentIndexChanged.connect(lambda _index: self._shape())
        self.classes.currentIndexChanged.connect(lambda _index: self._fill_students())
        self.course.currentIndexChanged.connect(lambda _index: self._fill_students())
        self._shape()

    def accept(self) -> None:
        """Closes only on a record the domain takes: a wrong value is said here, and what
        was typed stays to be corrected."""
        try:
            validate_record(self.record())
        except DomainError as error:
            self.error.setText(error.message)
            return
        super().accept()

    @property
    def chosen_kind(self) -> WorkKind:
        kind = self.kind.currentData()
        return kind if isinstance(kind, WorkKind) else self.original.kind

    def _shape(self) -> None:
        """The course list for accompaniment, the class list for the other kinds."""
        accompaniment = self.chosen_kind is WorkKind.ACCOMPANIMENT
        self.form.setRowVisible(self.course, accompaniment)
        self.form.setRowVisible(self.classes, not accompaniment)
        for combo in (self.course, self.classes):
            combo.blockSignals(True)
            combo.clear()
        if accompaniment:
            self.course.addItem(_("— bez kursa (mēģinājums, koncerts, eksāmens) —"), None)
            for course_id, name in self.log.accompanied_courses():
                self.course.addItem(name, course_id)
            self.course.setCurrentIndex(max(find_data(self.course, self.original.course_id), 0))
            self.course.setEnabled(self.original.lesson_id is None)
        else:
            for class_id, name in self.log.classes():
                self.classes.addItem(name, class_id)
            chosen = self.log.class_of(self.original.students)
            self.classes.setCurrentIndex(max(find_data(self.classes, chosen), 0))
        for combo in (self.course, self.classes):
            combo.blockSignals(False)
        self._fill_students()

    def _fill_students(self) -> None:
        self.students.clear()
        if self.chosen_kind is WorkKind.ACCOMPANIMENT:
            course = self.course.currentData()
            members = (
                self.log.course_students(course)
                if isinstance(course, uuid.UUID)
                else self.log.accompanied_students()
            )
        else:
            class_id = self.classes.currentData()
            members = self.log.students(class_id) if isinstance(class_id, uuid.UUID) else []
        for student_id, name in members:
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, student_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            took_part = student_id in self.original.students or (
                self.original.lesson_id is not None and not self.original.students
            )
            item.setCheckState(Qt.CheckState.Checked if took_part else Qt.CheckState.Unchecked)
            self.students.addItem(item)

    def record(self) -> WorkRecord:
        students = frozenset(
            self.students.item(row).data(ID_ROLE)
            for row in range(self.students.count())
            if self.students.item(row).checkState() == Qt.CheckState.Checked
        )
        kind = self.chosen_kind
        course = self.course.currentData() if kind is WorkKind.ACCOMPANIMENT else None
        return WorkRecord(
            kind,
            python_date(self.day.date()),
            students,
            self.topic.text(),
            self.text.toPlainText(),
            self.hours.text(),
            course if isinstance(course, uuid.UUID) else None,
            self.original.lesson_id if kind is WorkKind.ACCOMPANIMENT else None,
        )
