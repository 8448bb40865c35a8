"""*Skola → Kursi (tarifikācija)* (SPEC C5, J18): the year's courses — a subject for a
class, a group of chosen students or one student; the teacher, the concertmaster and the
lessons a week. A class course enrols its class."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from eklase_desktop.domain.lessons import CourseKind
from eklase_desktop.domain.school import (
    MAX_COURSE_NAME,
    MAX_WEEKLY_LESSONS,
    CourseDetails,
    InvalidSetUp,
    validate_course,
)
from eklase_desktop.i18n import N_, _
from eklase_desktop.services.courses import Courses, CourseView
from eklase_desktop.services.people import People
from eklase_desktop.ui.records import find_data
from eklase_desktop.ui.school.common import ID_ROLE, FormDialog, TableWindow
from eklase_desktop.ui.session import Workspace

KIND_LABELS = {
    CourseKind.CLASS: N_("klases"),
    CourseKind.GROUP: N_("grupas"),
    CourseKind.INDIVIDUAL: N_("individuālais"),
}


class CoursesWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        columns = [_("Kurss"), _("Priekšmets"), _("Klase"), _("Veids"), _("Skolotājs")]
        super().__init__(
            workspace, [*columns, _("Koncertmeistars"), _("Stundas nedēļā"), _("Skolēni")], parent
        )
        self.setWindowTitle(_("Kursi (tarifikācija)"))
        self.setup = Courses(workspace.factory, workspace.actor)
        self.people = People(workspace.factory, workspace.actor)
        self.views: dict[uuid.UUID, CourseView] = {}
        self.choose_year([(view.id, view.rules.name) for view in self.setup.years()])
        self.allow_changes(self.setup.writable and self.years.count() > 0)
        self.resize(1100, 600)
        self.reload()

    def reload(self) -> None:
        self.load_year(self.setup.courses, self._show)

    def _show(self, views: list[CourseView]) -> None:
        self.views = {view.id: view for view in views}
        self.fill(
            [
                (
                    view.id,
                    (
                        view.details.name,
                        view.subject,
                        view.group,
                        _(KIND_LABELS[view.details.kind]),
                        view.teacher,
                        view.concertmaster,
                        str(view.details.weekly_lessons),
                        str(view.students),
                    ),
                )
                for view in views
            ]
        )

    def edit(
        self, key: uuid.UUID | None, dialog: FormDialog | None = None, reason: str = ""
    ) -> None:
        if self.year_id is not None:
            super().edit(key, dialog, reason)

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        view = self.views.get(key) if key else None
        year = self.year_id
        assert year is not None
        return CourseDialog(self, self.setup, self.people, year, view.details if view else None)

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        year, setup = self.year_id, self.setup
        assert year is not None
        return lambda: setup.save_course(year, key, value)

    def delete(self, key: uuid.UUID) -> None:
        setup = self.setup
        self._write(lambda: setup.delete_course(key))


class CourseDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        setup: Courses,
        people: People,
        year_id: uuid.UUID,
        details: CourseDetails | None,
    ) -> None:
        super().__init__(parent, _("Kurss"))
        self.people = people
        self.subject = QComboBox()
        for subject in setup.subjects():
            self.subject.addItem(subject.details.name, subject.id)
        self.kind = QComboBox()
        for kind in CourseKind:
            self.kind.addItem(_(KIND_LABELS[kind]), kind.value)
        self.group = QComboBox()
        self.group.addItem(_("— nav —"), None)  # a group or one student of several classes
        for group in setup.classes(year_id):
            self.group.addItem(group.details.name, group.id)
        self.students = QListWidget()
        self.students.setMaximumHeight(160)
        staff = setup.staff()
        self.teacher, self.concertmaster = QComboBox(), QComboBox()
        self.concertmaster.addItem(_("— nav —"), None)
        for staff_id, name in staff:
            self.teacher.addItem(name, staff_id)
            self.concertmaster.addItem(name, staff_id)
        self.weekly = QSpinBox()
        self.weekly.setRange(0, MAX_WEEKLY_LESSONS)
        self.descriptive = QCheckBox(_("apraksta vērtējumi S, T, A, P (1.–3. klase)"))
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_COURSE_NAME)
        self.name.setPlaceholderText(_("no priekšmeta un klases"))
        self.form.addRow(_("Priekšmets"), self.subject)
        self.form.addRow(_("Veids"), self.kind)
        self.form.addRow(_("Klase"), self.group)
        self.form.addRow(_("Skolēni"), self.students)
        self.form.addRow(_("Skolotājs"), self.teacher)
        self.form.addRow(_("Koncertmeistars"), self.concertmaster)
        self.form.addRow(_("Stundas nedēļā"), self.weekly)
        self.form.addRow("", self.descriptive)
        self.form.addRow(_("Nosaukums"), self.name)
        if details is not None:
            self._show(details)
        self.group.currentIndexChanged.connect(
            lambda _index: self._fill_students(self.typed_students())
        )
        self.kind.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self._fill_students(details.students if details else frozenset())
        self._kind_changed()
        self.check = lambda: validate_course(self.typed())
        self.finish()

    def _show(self, details: CourseDetails) -> None:
        self.subject.setCurrentIndex(max(find_data(self.subject, details.subject_id), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(details.kind.value), 0))
        self.group.setCurrentIndex(max(find_data(self.group, details.class_group_id), 0))
        self.teacher.setCurrentIndex(max(find_data(self.teacher, details.teacher_id), 0))
        self.concertmaster.setCurrentIndex(
            max(find_data(self.concertmaster, details.concertmaster_id), 0)
        )
        self.weekly.setValue(details.weekly_lessons)
        self.descriptive.setChecked(details.descriptive)
        self.name.setText(details.name)

    def _kind_changed(self) -> None:
        self.students.setEnabled(self.kind.currentData() != CourseKind.CLASS.value)

    def _fill_students(self, chosen: frozenset[uuid.UUID]) -> None:
        """The chosen class's students to pick a group's or an individual course's from, and
        the ones chosen already (of other classes too: none is dropped unseen)."""
        self.students.clear()
        group = self.group.currentData()
        listed = (
            [(view.id, view.name) for view in self.people.students(group)]
            if isinstance(group, uuid.UUID)
            else []
        )
        others = chosen - {key for key, _name in listed}
        listed += sorted(self.people.names(others).items(), key=lambda item: item[1])
        for key, name in listed:
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = key in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.students.addItem(item)

    def typed_students(self) -> frozenset[uuid.UUID]:
        return frozenset(
            self.students.item(row).data(ID_ROLE)
            for row in range(self.students.count())
            if self.students.item(row).checkState() == Qt.CheckState.Checked
        )

    def typed(self) -> CourseDetails:
        subject, teacher = self.subject.currentData(), self.teacher.currentData()
        if not (isinstance(subject, uuid.UUID) and isinstance(teacher, uuid.UUID)):
            raise InvalidSetUp(_("Izvēlieties priekšmetu un skolotāju."))
        kind = CourseKind(self.kind.currentData())
        chosen = self.typed_students()
        group = self.group.currentData()
        class_name = self.group.currentText() if isinstance(group, uuid.UUID) else ""
        name = self.name.text().strip() or " ".join(
            part for part in (self.subject.currentText(), class_name) if part
        )
        if kind is CourseKind.INDIVIDUAL and len(chosen) == 1:
            student = next(
                self.students.item(row).text()
                for row in range(self.students.count())
                if self.students.item(row).checkState() == Qt.CheckState.Checked
            )
            name = self.name.text().strip() or f"{self.subject.currentText()} — {student}"
        concertmaster = self.concertmaster.currentData()
        return CourseDetails(
            name,
            subject,
            kind,
            teacher,
            group if isinstance(group, uuid.UUID) else None,
            chosen,
            concertmaster if isinstance(concertmaster, uuid.UUID) else None,
            self.weekly.value(),
            self.descriptive.isChecked(),
        )
