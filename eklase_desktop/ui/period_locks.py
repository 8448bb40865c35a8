"""*Skola → Periodu slēgšana…* (DOMAIN: period locks): the deputy director closes a month or a
semester for the whole school, a class or a course, and reopens it; the list shows every lock
of the school with who closed it and whether it is open again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QWidget

from eklase_desktop.domain import clock
from eklase_desktop.domain.period_locks import LockDetails, LockScope, validate_lock
from eklase_desktop.domain.report_period import day_text
from eklase_desktop.i18n import _
from eklase_desktop.services.period_locks import LockView, PeriodLocks
from eklase_desktop.ui.school.common import FormDialog, TableWindow
from eklase_desktop.ui.session import Workspace


class PeriodLocksWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            workspace, [_("Periods"), _("Dienas"), _("Attiecas uz"), _("Slēdza"), _("Stāvoklis")],
            parent,
        )  # fmt: skip
        self.setWindowTitle(_("Periodu slēgšana"))
        self.service = PeriodLocks(workspace.factory, workspace.actor)
        self.views: dict[uuid.UUID, LockView] = {}
        self.add_button.setText(_("Slēgt periodu…"))
        self.edit_button.setText(_("Atvērt / slēgt atkal"))
        self.allow_changes(self.service.writable)
        self.delete_button.hide()
        self.reload()

    def reload(self) -> None:
        self._load(self.service.locks, self._show)

    def _show(self, views: list[LockView]) -> None:
        self.views = {view.id: view for view in views}
        self.fill(
            [
                (
                    view.id,
                    (
                        view.details.label,
                        f"{day_text(view.details.start)}–{day_text(view.details.end)}",
                        view.about,
                        view.author,
                        (_("atvērts") if view.details.reopened else _("slēgts"))
                        + (_(" (vēl nav nosūtīts)") if view.waiting else ""),
                    ),
                )
                for view in views
            ]
        )
        if not views:
            self.note.setText(_("Neviens periods nav slēgts."))

    def edit(
        self, key: uuid.UUID | None, dialog: FormDialog | None = None, reason: str = ""
    ) -> None:
        if key is None:
            super().edit(None, dialog, reason)
            return
        view = self.views.get(key)
        if view is not None:  # reopen a closed period, close a reopened one again
            service, reopened = self.service, not view.details.reopened
            self._write(lambda: service.reopen(key, reopened))

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        return LockDialog(self, self.service)

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        service = self.service
        return lambda: service.close(value)


class LockDialog(FormDialog):
    """What to close: a month or a semester of the school year under way, for the whole
    school, a class or a course."""

    def __init__(self, parent: QWidget | None, service: PeriodLocks) -> None:
        super().__init__(parent, _("Slēgt periodu"))
        choices = service.choices(clock.today())
        self.period = QComboBox()
        for label, start, end in choices.periods:
            self.period.addItem(label, (start, end))
        self.period.setCurrentIndex(choices.suggested)
        self.scope = QComboBox()
        for label, scope, key in choices.targets:
            self.scope.addItem(label, (scope, key))
        self.scope.setEditable(False)
        self.form.addRow(_("Periods"), self.period)
        self.form.addRow(_("Attiecas uz"), self.scope)
        self.check = self._details
        self.finish()
        buttons = self.findChild(QDialogButtonBox)
        assert isinstance(buttons, QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Slēgt"))

    def _details(self) -> LockDetails:
        start, end = self.period.currentData()
        scope, key = self.scope.currentData()
        return validate_lock(
            LockDetails(
                LockScope(scope),
                start,
                end,
                self.period.currentText(),
                key if scope == LockScope.CLASS else None,
                key if scope == LockScope.COURSE else None,
            )
        )
