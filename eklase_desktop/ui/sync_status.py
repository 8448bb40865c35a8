"""The status bar's sync corner (SPEC S6): online or offline, changes waiting, the last
successful sync, open conflicts and refused changes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.i18n import _
from eklase_desktop.services import sync_status
from eklase_desktop.ui import colours
from eklase_desktop.ui.signals import emit
from eklase_desktop.ui.sync_controller import SyncController


class SyncStatus(QWidget):
    open_panel = Signal()

    def __init__(
        self,
        factory: sessionmaker[Session],
        controller: SyncController | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = factory
        self._controller = controller
        self.connection = QLabel()
        self.waiting = QLabel()
        self.last_sync = QLabel()
        self.problems = QPushButton()
        self.problems.setFlat(True)
        self.problems.clicked.connect(lambda: emit(self.open_panel))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.connection, self.waiting, self.last_sync, self.problems):
            widget.setContentsMargins(6, 0, 6, 0)
            layout.addWidget(widget)
        if controller is not None:
            controller.state_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        facts = sync_status.overview(self._factory)
        self.connection.setText(self._connection_text())
        self.waiting.setText(_("Gaida sinhronizāciju: {count}").format(count=facts.waiting))
        self.last_sync.setText(
            _("Pēdējā sinhronizācija: {when}").format(when=_when(facts.last_sync))
        )
        self.problems.setVisible(bool(facts.conflicts or facts.rejected))
        self.problems.setText(
            _("Konflikti: {conflicts}, noraidītas: {rejected}").format(
                conflicts=facts.conflicts, rejected=facts.rejected
            )
        )
        self.problems.setStyleSheet(colours.ERROR_STYLE)

    def _connection_text(self) -> str:
        controller = self._controller
        if controller is None:
            return _("Bezsaistē: dati tiek glabāti šajā datorā")
        if controller.paused:
            return _("Bezsaistes režīms (sinhronizācija apturēta)")
        if controller.running:
            return _("Sinhronizē…")
        if controller.online:
            return _("Tiešsaistē")
        return _("Bezsaistē: izmaiņas gaida šajā datorā")


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return _("vēl nav bijusi")
    local = moment.astimezone() if moment.tzinfo else moment
    if local.date() == clock.today():
        return f"{local:%H:%M}"
    return f"{local:%d.%m.%Y %H:%M}"
