"""*Skola → Aizvietošanas…* (SPEC J4): the deputy names a substitute teacher for a course from
one day to another. The substitute's laptop gets the course at its next sync; in those days
the substitute creates and fills its lessons. The clerk and the director read the list."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from eklase_desktop.domain import clock
from eklase_desktop.domain.school import InvalidSetUp
from eklase_desktop.domain.substitutions import SubstitutionDetails, validate_substitution
from eklase_desktop.i18n import _
from eklase_desktop.services.substitutions import Substitutions, SubstitutionView
from eklase_desktop.ui.absences import date_text
from eklase_desktop.ui.school.common import FormDialog, TableWindow, date_edit, day_of
from eklase_desktop.ui.session import Workspace


class SubstitutionsWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        columns = [_("Kurss"), _("Skolotājs"), _("Aizvietotājs"), _("No"), _("Līdz")]
        super().__init__(workspace, [*columns, _("Ierakstītas stundas")], parent)
        self.setWindowTitle(_("Aizvietošanas"))
        self.setup = Substitutions(workspace.factory, workspace.actor)
        self.views: dict[uuid.UUID, SubstitutionView] = {}
        self.choose_year([(view.id, view.rules.name) for view in self.setup.years()])
        self.allow_changes(self.setup.writable and self.years.count() > 0)
        self.delete_button.setText(_("Atcelt aizvietošanu"))
        self.reload()

    def reload(self) -> None:
        self.load_year(self.setup.substitutions, self._show)

    def _show(self, views: list[SubstitutionView]) -> None:
        self.views = {view.id: view for view in views}
        self.fill(
            [
                (
                    view.id,
                    (
                        view.course,
                        view.teacher,
                        view.substitute,
                        date_text(view.details.start),
                        date_text(view.details.end),
                        str(view.lessons),
                    ),
                )
                for view in views
            ]
        )

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        assert self.year_id is not None
        return SubstitutionDialog(
            self,
            self.views.get(key) if key else None,
            self.setup.courses(self.year_id),
            self.setup.teachers(),
        )

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        setup = self.setup
        return lambda: setup.save(key, value)

    def delete(self, key: uuid.UUID) -> None:
        setup = self.setup
        self._write(lambda: setup.cancel(key))


class SubstitutionDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        view: SubstitutionView | None,
        courses: list[tuple[uuid.UUID, str]],
        staff: list[tuple[uuid.UUID, str]],
    ) -> None:
        super().__init__(parent, _("Aizvietošana"))
        self.course = _choice(courses, view.details.course_id if view else None)
        self.substitute = _choice(staff, view.details.substitute_id if view else None)
        today = clock.today()
        self.start = date_edit(view.details.start if view else today)
        self.end = date_edit(view.details.end if view else today + dt.timedelta(days=4))
        self.form.addRow(_("Kurss"), self.course)
        self.form.addRow(_("Aizvietotājs"), self.substitute)
        self.form.addRow(_("No"), self.start)
        self.form.addRow(_("Līdz"), self.end)
        self.check = lambda: validate_substitution(self.typed())
        self.finish()

    def typed(self) -> SubstitutionDetails:
        course, substitute = self.course.currentData(), self.substitute.currentData()
        if not isinstance(course, uuid.UUID) or not isinstance(substitute, uuid.UUID):
            raise InvalidSetUp(_("Izvēlieties kursu un aizvietotāju."))
        return SubstitutionDetails(course, substitute, day_of(self.start), day_of(self.end))


def _choice(options: list[tuple[uuid.UUID, str]], chosen: uuid.UUID | None) -> QComboBox:
    box = QComboBox()
    for key, name in options:
        box.addItem(name, key)
        if key == chosen:
            box.setCurrentIndex(box.count() - 1)
    return box
