"""A class's logs (SPEC T3–T5, J12): a tab per log with a table, search, add, change, delete.
The class tutor sees the four logs; a teacher, the behaviour journal of the classes taught."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from eklase_desktop.domain.class_logs import LogEntry, LogKind, missing_from
from eklase_desktop.i18n import N_, _
from eklase_desktop.services.class_logs import ClassLogs, LogView
from eklase_desktop.ui.absences import date_text, python_date
from eklase_desktop.ui.records import RecordWindow, find_data, save_cancel
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

COLUMNS: dict[LogKind, tuple[str, ...]] = {
    LogKind.CONVERSATION: (N_("Datums"), N_("Ar ko"), N_("Skolēns"), N_("Temats"),
                           N_("Vienošanās"), N_("Ierakstīja")),
    LogKind.BRIEFING: (N_("Datums"), N_("Instruktāža"), N_("Piedalījās"), N_("Vēl nav"),
                       N_("Ierakstīja")),
    LogKind.PARENT_NOTE: (N_("Datums"), N_("Virsraksts"), N_("Teksts"), N_("Skolēns"),
                          N_("Ierakstīja")),
    LogKind.BEHAVIOUR: (N_("Datums"), N_("Skolēns"), N_("Priekšmets"), N_("Vērtējums"),
                        N_("Ieraksts"), N_("Ierakstīja")),
}  # fmt: skip
ID_ROLE = Qt.ItemDataRole.UserRole


class ClassLogWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Klases žurnāli"))
        self.resize(1100, 640)
        self.logs = ClassLogs(workspace.factory, workspace.actor)
        self.views: dict[LogKind, list[LogView]] = {}
        self.classes = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Meklēt…"))
        self.search.setClearButtonEnabled(True)
        self.tabs = QTabWidget()
        self.tables: dict[LogKind, QTableWidget] = {}
        self.add_button = QPushButton(_("Pievienot…"))
        self.edit_button = QPushButton(_("Labot…"))
        self.delete_button = QPushButton(_("Dzēst"))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Klase")))
        top.addWidget(self.classes)
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        kept = self.logs.kept_classes()
        for class_id, name in self.logs.classes():
            self.classes.addItem(name, class_id)
        own = next((i for i in range(self.classes.count()) if self.classes.itemData(i) in kept), 0)
        self.classes.setCurrentIndex(own)  # a tutor starts in the own class
        self.classes.currentIndexChanged.connect(lambda _index: self._build_tabs())
        self.search.textChanged.connect(lambda _text: self.reload())
        self.tabs.currentChanged.connect(lambda _index: self.reload())
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.delete_button.clicked.connect(self.delete_entry)
        self._build_tabs()

    @property
    def class_id(self) -> uuid.UUID | None:
        value = self.classes.currentData()
        return value if isinstance(value, uuid.UUID) else None

    @property
    def kind(self) -> LogKind | None:
        table = self.tabs.currentWidget()
        return next((kind for kind, shown in self.tables.items() if shown is table), None)

    def _build_tabs(self) -> None:
        self.tabs.blockSignals(True)
        self.tabs.clear()
        self.tables = {}
        if self.class_id is not None:
            for kind in self.logs.kinds(self.class_id):
                table = QTableWidget(0, len(COLUMNS[kind]))
                table.setHorizontalHeaderLabels([_(title) for title in COLUMNS[kind]])
                table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
                table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
                table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                table.horizontalHeader().setStretchLastSection(True)
                table.setWordWrap(True)
                table.doubleClicked.connect(lambda _index: self.edit_entry())
                self.tables[kind] = table
                self.tabs.addTab(table, kind.label)
        self.tabs.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        class_id, kind, search = self.class_id, self.kind, self.search.text()
        if class_id is None or kind is None:
            return
        self._load(lambda: self.logs.entries(class_id, kind, search), self._fill)

    def _fill(self, views: list[LogView]) -> None:
        kind = self.kind
        if kind is None:
            return
        self.views[kind] = views
        table = self.tables[kind]
        students = dict(self.logs.students(self.class_id)) if self.class_id else {}
        table.setRowCount(len(views))
        for row, view in enumerate(views):
            for column, text in enumerate(_cells(view, students)):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, view.id)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        self.message.clear()
        emit(self.loaded)

    def _chosen(self) -> LogView | None:
        kind = self.kind
        if kind is None:
            return None
        rows = self.tables[kind].selectionModel().selectedRows()
        return self.views.get(kind, [])[rows[0].row()] if rows else None

    def add_entry(self) -> None:
        if self.class_id is None or self.kind is None:
            return
        dialog = EntryDialog(self, self.logs, self.class_id, self.kind)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            entry, class_id = dialog.entry(), self.class_id
            self._write(lambda: self.logs.save(class_id, entry))

    def edit_entry(self) -> None:
        view = self._chosen()
        if view is None or self.class_id is None:
            self.message.setText(_("Izvēlieties ierakstu."))
            return
        dialog = EntryDialog(self, self.logs, self.class_id, view.entry.kind, view.entry)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            entry, class_id = dialog.entry(), self.class_id
            self._write(lambda: self.logs.save(class_id, entry, view.id))

    def delete_entry(self) -> None:
        view = self._chosen()
        if view is None:
            self.message.setText(_("Izvēlieties ierakstu."))
            return
        asked = QMessageBox.question(self, _("Dzēst"), _("Dzēst izvēlēto ierakstu?"))
        if asked == QMessageBox.StandardButton.Yes:
            self._write(lambda: self.logs.delete(view.id))


def _cells(view: LogView, students: dict[uuid.UUID, str]) -> list[str]:
    entry, day = view.entry, date_text(view.entry.day)
    if entry.kind is LogKind.CONVERSATION:
        return [day, entry.with_whom, view.student, entry.title, entry.text, view.author]
    if entry.kind is LogKind.BRIEFING:
        missing = missing_from(entry, frozenset(students))
        return [
            day,
            entry.title,
            f"{len(entry.participants)} / {len(students)}",
            ", ".join(sorted(students[s] for s in missing)),
            view.author,
        ]
    if entry.kind is LogKind.PARENT_NOTE:
        return [day, entry.title, entry.text, view.student, view.author]
    mark = _("pozitīvs") if entry.positive else _("negatīvs")
    return [day, view.student, view.course, mark, entry.text, view.author]


class EntryDialog(QDialog):
    """The fields of one log's entry."""

    def __init__(
        self,
        parent: QWidget | None,
        logs: ClassLogs,
        class_id: uuid.UUID,
        kind: LogKind,
        entry: LogEntry | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(kind.label)
        self.logs, self.kind = logs, kind
        day = entry.day if entry else clock.today()
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setCalendarPopup(True)
        self.student = QComboBox()
        if kind is not LogKind.BEHAVIOUR:
            self.student.addItem(_("— visa klase —"), None)
        members = logs.students(class_id)
        for student_id, name in members:
            self.student.addItem(name, student_id)
        self.course = QComboBox()
        self.title = QLineEdit()
        self.title.setMaxLength(300)
        self.text = QPlainTextEdit()
        self.with_whom = QLineEdit()
        self.with_whom.setMaxLength(200)
        self.positive = QComboBox()
        self.positive.addItem(_("pozitīvs"), True)
        self.positive.addItem(_("negatīvs"), False)
        self.participants = QListWidget()
        gone = (
            entry.participants - {student_id for student_id, _name in members} if entry else set()
        )
        for student_id, name in members + [(s, _("(vairs nav klasē)")) for s in sorted(gone)]:
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, student_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            took_part = entry is not None and student_id in entry.participants
            item.setCheckState(Qt.CheckState.Checked if took_part else Qt.CheckState.Unchecked)
            self.participants.addItem(item)
        form = QFormLayout(self)
        form.addRow(_("Datums"), self.day)
        if kind is LogKind.CONVERSATION:
            form.addRow(_("Ar ko"), self.with_whom)
        if kind is not LogKind.BRIEFING:
            form.addRow(_("Skolēns"), self.student)
        if kind is LogKind.BEHAVIOUR:
            form.addRow(_("Priekšmets"), self.course)
            form.addRow(_("Vērtējums"), self.positive)
            self.student.currentIndexChanged.connect(lambda _index: self._fill_courses())
        if kind is not LogKind.BEHAVIOUR:
            titles = {LogKind.CONVERSATION: _("Temats"), LogKind.BRIEFING: _("Instruktāža")}
            form.addRow(titles.get(kind, _("Virsraksts")), self.title)
        if kind is LogKind.BRIEFING:
            form.addRow(_("Piedalījās"), self.participants)
        else:
            texts = {LogKind.CONVERSATION: _("Vienošanās"), LogKind.BEHAVIOUR: _("Ieraksts")}
            form.addRow(texts.get(kind, _("Teksts")), self.text)
        form.addRow(save_cancel(self))
        if entry is not None:
            if entry.student_id is not None and find_data(self.student, entry.student_id) < 0:
                self.student.addItem(_("(vairs nav klasē)"), entry.student_id)  # left the class
            self.student.setCurrentIndex(max(find_data(self.student, entry.student_id), 0))
            self.title.setText(entry.title)
            self.text.setPlainText(entry.text)
            self.with_whom.setText(entry.with_whom)
            self.positive.setCurrentIndex(0 if entry.positive is not False else 1)
        self._fill_courses()
        if entry is not None and entry.course_id is not None:
            self.course.setCurrentIndex(max(find_data(self.course, entry.course_id), 0))

    def _fill_courses(self) -> None:
        self.course.clear()
        student = self.student.currentData()
        if isinstance(student, uuid.UUID):
            for course_id, name in self.logs.courses(student):
                self.course.addItem(name, course_id)

    def entry(self) -> LogEntry:
        student = self.student.currentData() if self.kind is not LogKind.BRIEFING else None
        participants = frozenset(
            self.participants.item(row).data(ID_ROLE)
            for row in range(self.participants.count())
            if self.participants.item(row).checkState() == Qt.CheckState.Checked
        )
        return LogEntry(
            self.kind,
            python_date(self.day.date()),
            student,
            self.course.currentData() if self.kind is LogKind.BEHAVIOUR else None,
            self.title.text(),
            self.text.toPlainText(),
            self.with_whom.text(),
            self.positive.currentData() if self.kind is LogKind.BEHAVIOUR else None,
            participants if self.kind is LogKind.BRIEFING else frozenset(),
        )
