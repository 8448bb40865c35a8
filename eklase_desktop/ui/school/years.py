"""*Skola → Mācību gads* (SPEC C1; DOMAIN: calendar): the school's years on the left, the
chosen one's dates, semesters with their mark deadlines and holidays on the right. A new year
starts from the one after the last (the shipped defaults when there is none)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.school_year import HolidayPeriod, Semester
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.i18n import _
from eklase_desktop.services.school import SchoolSetUp, YearView
from eklase_desktop.ui.records import RecordWindow
from eklase_desktop.ui.school.common import ID_ROLE, date_edit, day_of, set_day
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit


class SchoolYearWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Mācību gads"))
        self.setup = SchoolSetUp(workspace.factory, workspace.actor)
        self.views: list[YearView] = []
        self.year_id: uuid.UUID | None = None
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.list.currentRowChanged.connect(self._chosen)
        self.new_button = QPushButton(_("Pievienot gadu…"))
        self.new_button.clicked.connect(self.new_year)
        self.hint = QLabel()
        self.save_button = QPushButton(_("Saglabāt"))
        self.save_button.clicked.connect(self.save)
        self.name = QLineEdit()
        self.name.setMaxLength(20)
        self.first_day, self.first_school_day = date_edit(), date_edit()
        self.last_day, self.year_deadline = date_edit(), date_edit()
        self.draft = QCheckBox(_("melnraksts (vēl tiek plānots)"))
        self.draft.setToolTip(
            _("Tikai norāde, ka datumi vēl var mainīties; žurnālus var aizpildīt jebkurā gadā.")
        )
        self.semesters = [(date_edit(), date_edit(), date_edit()) for _number in (1, 2)]
        self.holidays = QTableWidget(0, 3)
        self.holidays.setHorizontalHeaderLabels([_("Brīvdienas"), _("No"), _("Līdz")])
        header = self.holidays.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.holidays.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_holiday_button = QPushButton(_("Pievienot brīvdienas"))
        self.add_holiday_button.clicked.connect(lambda: self._add_holiday(None))
        self.remove_holiday_button = QPushButton(_("Noņemt"))
        self.remove_holiday_button.clicked.connect(self._remove_holiday)
        self._layout()
        writable = self.setup.writable
        for widget in (self.new_button, self.save_button, self.add_holiday_button):
            widget.setVisible(writable)
        self.remove_holiday_button.setVisible(writable)
        self.reload()

    def _layout(self) -> None:
        dates = QGridLayout()
        rows = [
            (_("Nosaukums"), self.name),
            (_("Pirmā diena"), self.first_day),
            (_("Pirmā mācību diena (Zinību diena)"), self.first_school_day),
            (_("Pēdējā diena"), self.last_day),
            (_("Gada vērtējumu termiņš"), self.year_deadline),
        ]
        for row, (label, widget) in enumerate(rows):
            dates.addWidget(QLabel(label), row, 0)
            dates.addWidget(widget, row, 1)
        dates.addWidget(self.draft, len(rows), 0, 1, 2)
        periods = QGridLayout()
        for column, title in enumerate([_("Sākums"), _("Beigas"), _("Vērtējumu termiņš")], 1):
            periods.addWidget(QLabel(title), 0, column)
        for row, edits in enumerate(self.semesters, 1):
            periods.addWidget(QLabel(_("{number}. semestris").format(number=row)), row, 0)
            for column, edit in enumerate(edits, 1):
                periods.addWidget(edit, row, column)
        semesters = QGroupBox(_("Semestri"))
        semesters.setLayout(periods)
        holiday_buttons = QHBoxLayout()
        holiday_buttons.addStretch(1)
        holiday_buttons.addWidget(self.add_holiday_button)
        holiday_buttons.addWidget(self.remove_holiday_button)
        holidays = QGroupBox(_("Brīvdienas"))
        holiday_box = QVBoxLayout(holidays)
        holiday_box.addWidget(self.holidays)
        holiday_box.addLayout(holiday_buttons)
        right = QVBoxLayout()
        right.addLayout(dates)
        right.addWidget(semesters)
        right.addWidget(holidays, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.hint)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.resize(860, 640)

    def reload(self) -> None:
        self._load(self.setup.years, self._show)

    def _show(self, views: list[YearView]) -> None:
        self.views = views
        self.list.blockSignals(True)
        self.list.clear()
        for view in views:
            label = view.rules.name + (" " + _("(melnraksts)") if view.rules.draft else "")
            item = QListWidgetItem(label)
            item.setData(ID_ROLE, view.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        keep = next((row for row, v in enumerate(views) if v.id == self.year_id), 0)
        if views:
            self.list.setCurrentRow(keep)
            self._chosen(keep)
        else:
            self.new_year()
        emit(self.loaded)

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.views):
            self.year_id = self.views[row].id
            self.show_year(self.views[row].rules)
            self.message.clear()
            self.hint.clear()

    def new_year(self) -> None:
        """Fills the form with the suggested next year; *Saglabāt* creates it."""
        self.year_id = None
        self.list.clearSelection()
        self.show_year(self.setup.suggested_year())
        self.message.clear()
        self.hint.setText(_("Jauns mācību gads: pārbaudiet datumus un saglabājiet."))

    def show_year(self, year: YearRules) -> None:
        self.name.setText(year.name)
        set_day(self.first_day, year.first_day)
        set_day(self.first_school_day, year.first_lesson_day)
        set_day(self.last_day, year.last_day)
        set_day(self.year_deadline, year.year_mark_deadline)
        self.draft.setChecked(year.draft)
        for edits, semester in zip(self.semesters, year.semesters, strict=False):
            days = (semester.start, semester.end, semester.mark_deadline)
            for edit, day in zip(edits, days, strict=True):
                set_day(edit, day)
        self.holidays.setRowCount(0)
        for holiday in year.holidays:
            self._add_holiday(holiday)

    def _add_holiday(self, holiday: HolidayPeriod | None) -> None:
        row = self.holidays.rowCount()
        self.holidays.insertRow(row)
        name = QTableWidgetItem(holiday.name if holiday else "")
        self.holidays.setItem(row, 0, name)
        start = holiday.start if holiday else day_of(self.first_day)
        self.holidays.setCellWidget(row, 1, date_edit(start))
        self.holidays.setCellWidget(row, 2, date_edit(holiday.end if holiday else start))
        if holiday is None:
            self.holidays.editItem(name)

    def _remove_holiday(self) -> None:
        rows = self.holidays.selectionModel().selectedRows()
        if rows:
            self.holidays.removeRow(rows[0].row())

    def typed_year(self) -> YearRules:
        """The year as typed; a DomainError names what is wrong."""
        holidays = []
        for row in range(self.holidays.rowCount()):
            item = self.holidays.item(row, 0)
            name = item.text().strip() if item else ""
            if not name:
                raise DomainError(_("Brīvdienām norādiet nosaukumu."))
            start, end = (self.holidays.cellWidget(row, column) for column in (1, 2))
            holidays.append(HolidayPeriod(name, day_of(start), day_of(end)))  # type: ignore[arg-type]
        first_day, first_lesson = day_of(self.first_day), day_of(self.first_school_day)
        return YearRules(
            name=self.name.text().strip(),
            first_day=first_day,
            first_school_day=None if first_lesson == first_day else first_lesson,
            last_day=day_of(self.last_day),
            year_mark_deadline=day_of(self.year_deadline),
            semesters=tuple(
                Semester(number, *(day_of(edit) for edit in edits))
                for number, edits in enumerate(self.semesters, 1)
            ),
            holidays=tuple(sorted(holidays, key=lambda holiday: holiday.start)),
            draft=self.draft.isChecked(),
        )

    def save(self) -> None:
        try:
            year = self.typed_year()
        except DomainError as error:
            self.message.setText(error.message)
            return
        if not year.name:
            self.message.setText(_("Norādiet mācību gada nosaukumu (piemēram, 2027./2028.)."))
            return
        year_id, setup = self.year_id, self.setup

        def saved(stored: uuid.UUID) -> None:
            self.year_id = stored  # shown again once the list has it
            emit(self.saved)
            self.reload()
            self.hint.setText(_("Saglabāts."))

        self._run(lambda: setup.save_year(year_id, year), saved)
