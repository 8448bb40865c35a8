"""*Skola → Klases un grupas* and *Skola → Mācību priekšmeti* (SPEC C1): the year's classes,
courses and groups with their tutors; the school's subjects."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.school import (
    MAX_CLASS_NAME,
    MAX_GRADE,
    MAX_PROGRAMME,
    MAX_SHORT_NAME,
    MAX_SUBJECT_NAME,
    ClassDetails,
    GroupKind,
    SubjectDetails,
    subject_kind_label,
    validate_class,
    validate_subject,
)
from eklase_desktop.i18n import _
from eklase_desktop.services.school import ClassView, SchoolSetUp, SubjectView
from eklase_desktop.ui.records import find_data
from eklase_desktop.ui.school.common import FormDialog, TableWindow
from eklase_desktop.ui.session import Workspace


class ClassesWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        columns = [_("Nosaukums"), _("Klase"), _("Veids"), _("Programma"), _("Audzinātājs")]
        super().__init__(workspace, [*columns, _("Skolēni")], parent)
        self.setWindowTitle(_("Klases un grupas"))
        self.setup = SchoolSetUp(workspace.factory, workspace.actor)
        self.views: dict[uuid.UUID, ClassView] = {}
        self.choose_year([(view.id, view.rules.name) for view in self.setup.years()])
        self.allow_changes(self.setup.writable and self.years.count() > 0)
        self.reload()

    def reload(self) -> None:
        self.load_year(self.setup.classes, self._show)

    def _show(self, views: list[ClassView]) -> None:
        self.views = {view.id: view for view in views}
        self.fill(
            [
                (
                    view.id,
                    (
                        view.details.name,
                        str(view.details.grade),
                        view.details.kind.label,
                        view.details.programme,
                        view.tutor,
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
        return ClassDialog(self, self.setup.staff(), self.views.get(key) if key else None)

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        year, setup = self.year_id, self.setup
        details, tutor = value
        assert year is not None
        return lambda: setup.save_class(year, key, details, tutor)

    def delete(self, key: uuid.UUID) -> None:
        setup = self.setup
        self._write(lambda: setup.delete_class(key))


class ClassDialog(FormDialog):
    def __init__(
        self, parent: QWidget | None, staff: list[tuple[uuid.UUID, str]], view: ClassView | None
    ) -> None:
        super().__init__(parent, _("Klase") if view is None else view.details.name)
        self.name = QLineEdit(view.details.name if view else "")
        self.name.setMaxLength(MAX_CLASS_NAME)
        self.name.setPlaceholderText(_("piemēram, 7.a"))
        self.grade = QSpinBox()
        self.grade.setRange(1, MAX_GRADE)
        self.grade.setValue(view.details.grade if view else 1)
        self.kind = QComboBox()
        for kind in GroupKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(
            self.kind.findData(view.details.kind if view else GroupKind.CLASS)
        )
        self.programme = QLineEdit(view.details.programme if view else "")
        self.programme.setMaxLength(MAX_PROGRAMME)
        self.tutor = QComboBox()
        self.tutor.addItem(_("— nav —"), None)
        for staff_id, name in staff:
            self.tutor.addItem(name, staff_id)
        if view is not None and view.tutor_id is not None:
            self.tutor.setCurrentIndex(max(find_data(self.tutor, view.tutor_id), 0))
        self.form.addRow(_("Nosaukums"), self.name)
        self.form.addRow(_("Klase (1–12)"), self.grade)
        self.form.addRow(_("Veids"), self.kind)
        self.form.addRow(_("Izglītības programma"), self.programme)
        self.form.addRow(_("Audzinātājs"), self.tutor)
        self.check = lambda: (self.typed(), self.tutor_id)
        self.finish()

    def typed(self) -> ClassDetails:
        details = ClassDetails(
            self.name.text(),
            self.grade.value(),
            GroupKind(self.kind.currentData()),  # (Qt gives the enum back as its text)
            self.programme.text(),
        )
        return validate_class(details)

    @property
    def tutor_id(self) -> uuid.UUID | None:
        value = self.tutor.currentData()
        return value if isinstance(value, uuid.UUID) else None


class SubjectsWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        columns = [_("Priekšmets"), _("Īsi"), _("Veids"), _("Vērtējumi"), _("Kursi")]
        super().__init__(workspace, columns, parent)
        self.setWindowTitle(_("Mācību priekšmeti"))
        self.setup = SchoolSetUp(workspace.factory, workspace.actor)
        self.views: dict[uuid.UUID, SubjectView] = {}
        self.allow_changes(self.setup.writable)
        self.reload()

    def reload(self) -> None:
        self._load(self.setup.subjects, self._show)

    def _show(self, views: list[SubjectView]) -> None:
        self.views = {view.id: view for view in views}
        self.fill(
            [
                (
                    view.id,
                    (
                        view.details.name,
                        view.details.short_name,
                        subject_kind_label(view.details.kind),
                        "i / ni" if view.details.pass_fail else "1–10",
                        str(view.courses),
                    ),
                )
                for view in views
            ]
        )

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        return SubjectDialog(self, self.views.get(key) if key else None)

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        setup = self.setup
        return lambda: setup.save_subject(key, value)

    def delete(self, key: uuid.UUID) -> None:
        setup = self.setup
        self._write(lambda: setup.delete_subject(key))


class SubjectDialog(FormDialog):
    def __init__(self, parent: QWidget | None, view: SubjectView | None) -> None:
        super().__init__(parent, _("Mācību priekšmets"))
        details = view.details if view else SubjectDetails("")
        self.name = QLineEdit(details.name)
        self.name.setMaxLength(MAX_SUBJECT_NAME)
        self.short_name = QLineEdit(details.short_name)
        self.short_name.setMaxLength(MAX_SHORT_NAME)
        self.short_name.setPlaceholderText(_("žurnāla kolonnai; tukšs — no nosaukuma"))
        self.kind = QComboBox()
        for kind in SubjectKind:
            self.kind.addItem(subject_kind_label(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(details.kind))
        self.pass_fail = QCheckBox(_("vērtē ar «ieskaitīts / neieskaitīts»"))
        self.pass_fail.setChecked(details.pass_fail)
        self.form.addRow(_("Nosaukums"), self.name)
        self.form.addRow(_("Īsais nosaukums"), self.short_name)
        self.form.addRow(_("Veids"), self.kind)
        self.form.addRow(_("Vērtējumi"), self.pass_fail)
        self.check = lambda: validate_subject(
            SubjectDetails(
                self.name.text(),
                self.short_name.text(),
                SubjectKind(self.kind.currentData()),
                self.pass_fail.isChecked(),
            )
        )
        self.finish()
