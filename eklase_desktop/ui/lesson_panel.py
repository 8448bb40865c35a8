"""The lesson panel: date, topic, homework, type and notes of the selected lesson (SPEC J1–J3)."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.assessments import AssessmentKind, Methodology, TestDetails
from eklase_desktop.domain.deadlines import EntryKind, due_moment
from eklase_desktop.domain.lessons import (
    LessonType,
    NotHeldReason,
    lesson_type_label,
    lesson_type_of,
    not_held_reason_label,
    not_held_reason_of,
)
from eklase_desktop.i18n import _
from eklase_desktop.services.editing import LessonDetails
from eklase_desktop.services.journal import LessonColumn
from eklase_desktop.ui.signals import emit


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def details_of(lesson: LessonColumn) -> LessonDetails:
    return LessonDetails(
        date=lesson.date,
        number=lesson.number,
        topic=lesson.topic,
        homework=lesson.homework,
        notes=lesson.notes,
        lesson_type=lesson_type_of(lesson.lesson_type),
        not_held_reason=not_held_reason_of(lesson.not_held_reason),
        made_up_date=lesson.made_up_date,
        remote=lesson.remote,
    )


class LessonPanel(QWidget):
    """Edits one lesson; ``save_requested`` carries the details, the window saves them."""

    save_requested = Signal(object, object)  # lesson id, LessonDetails
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lesson: LessonColumn | None = None
        # why the journal's lessons are only read (JournalSnapshot.read_only), and who reads:
        # a substitute edits the lessons they taught even so
        self.read_only, self.me = "", uuid.UUID(int=0)
        self._locked = False
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt")
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setSpecialValueText("—")
        self.number = QSpinBox()
        self.number.setRange(0, 12)
        self.number.setSpecialValueText("—")
        self.lesson_type = QComboBox()
        for kind in LessonType:
            self.lesson_type.addItem(lesson_type_label(kind), kind)
        self.reason = QComboBox()
        self.reason.addItem("—", None)
        for reason in NotHeldReason:
            self.reason.addItem(not_held_reason_label(reason), reason)
        self.made_up = QDateEdit()
        self.made_up.setCalendarPopup(True)
        self.made_up.setDisplayFormat("dd.MM.yyyy")
        self.made_up.setSpecialValueText("—")
        self.remote = QCheckBox(_("Attālināta stunda"))
        self.topic = QLineEdit()
        self.topic.setPlaceholderText(_("Stundas tēma"))
        self.homework = QPlainTextEdit()
        self.homework.setPlaceholderText(_("Mājās uzdotais"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(_("Piezīmes"))
        for box in (self.homework, self.notes):
            box.setFixedHeight(64)
        self.test = QCheckBox(_("Šajā stundā ir pārbaudes darbs"))
        self.test_kind = QComboBox()
        for test_kind in AssessmentKind:
            self.test_kind.addItem(test_kind.label, test_kind)
        self.test_topic = QLineEdit()
        self.test_topic.setPlaceholderText(_("Pārbaudes darba tēma vai programma"))
        self.test_topic.setMaxLength(500)
        self.test_methodology = QComboBox()
        for method in Methodology:
            self.test_methodology.addItem(method.label, method)
        for combo in (self.lesson_type, self.reason, self.test_kind, self.test_methodology):
            # the panel stays narrow on a 1366-pixel screen: long choices show in the list
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.save_button = QPushButton(_("Saglabāt stundu"))
        self.delete_button = QPushButton(_("Dzēst stundu"))
        self._layout()
        self.lesson_type.currentIndexChanged.connect(self._update_enabled)
        self.test.toggled.connect(self._update_enabled)
        self.save_button.clicked.connect(self._request_save)
        self.delete_button.clicked.connect(self._request_delete)
        self.show_lesson(None)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(_("Datums"), self.date)
        form.addRow(_("Stunda pēc kārtas"), self.number)
        form.addRow(_("Tēma"), self.topic)
        form.addRow(_("Mājas darbs"), self.homework)
        form.addRow(_("Stundas veids"), self.lesson_type)
        form.addRow(_("Nenotikšanas iemesls"), self.reason)
        form.addRow(_("Atstrādājamās stundas datums"), self.made_up)
        form.addRow("", self.remote)
        form.addRow(_("Piezīmes"), self.notes)
        form.addRow("", self.test)
        form.addRow(_("Darba veids"), self.test_kind)
        form.addRow(_("Tēma, programma"), self.test_topic)
        form.addRow(_("Metodoloģija"), self.test_methodology)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.deadline)
        form_layout.addLayout(form)
        form_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.form)
        layout.addStretch()

    @property
    def lesson(self) -> LessonColumn | None:
        return self._lesson

    def show_lesson(self, lesson: LessonColumn | None) -> None:
        self._lesson = lesson
        self._locked = (
            lesson is not None and bool(self.read_only) and lesson.taught_by_id != self.me
        )
        self.form.setEnabled(lesson is not None)
        if lesson is None:
            self.title.setText(_("Izvēlieties stundas kolonnu"))
            self._clear()
            return
        self._show_deadline(lesson)
        self.title.setText(_("Stunda {date}").format(date=f"{lesson.date:%d.%m.%Y}"))
        self.date.setDate(to_qdate(lesson.date))
        self.number.setValue(lesson.number or 0)
        self.topic.setText(lesson.topic)
        self.topic.setCursorPosition(0)
        self.homework.setPlainText(lesson.homework)
        self.notes.setPlainText(lesson.notes)
        self.remote.setChecked(lesson.remote)
        self.lesson_type.setCurrentIndex(
            self.lesson_type.findData(lesson_type_of(lesson.lesson_type))
        )
        reason = not_held_reason_of(lesson.not_held_reason)
        self.reason.setCurrentIndex(max(self.reason.findData(reason), 0))
        self.made_up.setDate(to_qdate(lesson.made_up_date or lesson.date))
        test = lesson.test or TestDetails()
        self.test.setChecked(lesson.test is not None)
        self.test_kind.setCurrentIndex(self.test_kind.findData(test.kind))
        self.test_topic.setText(test.topic)
        self.test_topic.setCursorPosition(0)
        self.test_methodology.setCurrentIndex(self.test_methodology.findData(test.methodology))
        self._update_enabled()

    def _clear(self) -> None:
        self.deadline.clear()
        for day in (self.date, self.made_up):
            day.setDate(day.minimumDate())  # shown as "—"
        self.number.setValue(0)
        for line in (self.topic, self.homework, self.notes):
            line.clear()
        self.remote.setChecked(False)
        self.test.setChecked(False)
        self.test_topic.clear()

    def _show_deadline(self, lesson: LessonColumn) -> None:
        """The due moment of the lesson record (SPEC J1): shown, never enforced."""
        due = due_moment(EntryKind.LESSON_RECORD, lesson.date)
        text = _("Ieraksta termiņš: {due}").format(due=f"{due:%d.%m.%Y %H:%M}")
        late = not lesson.topic.strip() and clock.now() > due
        if late:
            text += " — " + _("tēma nav ievadīta, termiņš nokavēts")
        if lesson.test is not None:
            marks = due_moment(lesson.test.kind.mark_deadline, lesson.date)
            text += "\n" + _("Pārbaudes darba vērtējumi līdz: {due}").format(
                due=f"{marks:%d.%m.%Y}"
            )
        if self._locked:
            text = self.read_only + "\n" + text
        self.deadline.setText(text)
        self.deadline.setStyleSheet("color: #b71c1c" if late else "color: #555")

    def _update_enabled(self) -> None:
        """What can be changed: nothing in a journal the user only reads (the text can
        still be selected and copied), else by the lesson's type and the test box."""
        kind = self.lesson_type.currentData()
        free = not self._locked
        for line in (self.topic, self.homework, self.notes, self.test_topic):
            line.setReadOnly(self._locked)
            # (a style sheet's [readOnly] is read when a widget is polished, not after)
            line.setStyleSheet("background: palette(window)" if self._locked else "")
        for widget in (self.date, self.number, self.lesson_type, self.remote, self.test):
            widget.setEnabled(free)
        self.reason.setEnabled(free and kind == LessonType.NOT_HELD)
        self.made_up.setEnabled(free and kind == LessonType.MAKEUP)
        for widget in (self.test_kind, self.test_methodology):
            widget.setEnabled(free and self.test.isChecked())
        self.test_topic.setEnabled(self.test.isChecked())
        self.save_button.setVisible(free)
        self.delete_button.setVisible(free)

    def has_changes(self) -> bool:
        """True when the panel shows something the teacher typed and has not saved yet."""
        lesson = self._lesson
        return lesson is not None and (self.details() != details_of(lesson) or self.test_changed())

    def test_details(self) -> TestDetails | None:
        """The test the panel sets (SPEC J7), None for an ordinary lesson."""
        if not self.test.isChecked():
            return None
        return TestDetails(
            self.test_kind.currentData(),
            self.test_topic.text().strip(),
            self.test_methodology.currentData(),
        )

    def test_changed(self) -> bool:
        return self._lesson is not None and self.test_details() != self._lesson.test

    def details(self) -> LessonDetails:
        kind = LessonType(self.lesson_type.currentData())
        return LessonDetails(
            date=from_qdate(self.date.date()),
            number=self.number.value() or None,
            topic=self.topic.text().strip(),
            homework=self.homework.toPlainText().strip(),
            notes=self.notes.toPlainText().strip(),
            lesson_type=kind,
            not_held_reason=self.reason.currentData() if kind == LessonType.NOT_HELD else None,
            made_up_date=from_qdate(self.made_up.date()) if kind == LessonType.MAKEUP else None,
            remote=self.remote.isChecked(),
        )

    def _request_save(self) -> None:
        if self._lesson is not None:
            emit(self.save_requested, self._lesson.id, self.details())

    def _request_delete(self) -> None:
        if self._lesson is not None:
            emit(self.delete_requested, self._lesson.id)
