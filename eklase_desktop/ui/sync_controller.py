"""Sync in the background (DESIGN §4, SPEC S6): every few minutes and shortly after edits, on
its own worker thread, so the journal never waits on the network."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from eklase_desktop.i18n import _
from eklase_desktop.sync.account import SignedIn
from eklase_desktop.sync.client import AuthError, Offline, Revoked, SyncError
from eklase_desktop.sync.engine import SyncReport
from eklase_desktop.ui.signals import emit
from eklase_desktop.ui.tasks import TaskRunner

PERIOD_MS = 3 * 60 * 1000  # a full sync every three minutes
AFTER_EDIT_MS = 5 * 1000  # and five seconds after the last edit


class SyncController(QObject):
    finished = Signal(object)  # SyncReport
    failed = Signal(str)  # a Latvian message
    state_changed = Signal()  # online / offline / paused / running changed
    revoked = Signal(str)  # the account was closed: its profile is gone (SPEC A4)

    def __init__(self, account: SignedIn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.account = account
        self.online = account.online
        self.paused = False
        self.running = False
        self.last_error = ""
        self._again = False
        self._tasks = TaskRunner(self)
        self._period = QTimer(self)
        self._period.setInterval(PERIOD_MS)
        self._period.timeout.connect(self.sync_now)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_EDIT_MS)
        self._soon.timeout.connect(self.sync_now)

    def start(self) -> None:
        self._period.start()
        self.sync_now()

    def schedule_soon(self) -> None:
        """Called after every edit: one sync once the teacher pauses for a moment."""
        if not self.paused:
            self._soon.start()

    def set_paused(self, paused: bool) -> None:
        """ "Strādāt bezsaistē": no network use until the teacher turns it off."""
        self.paused = paused
        emit(self.state_changed)
        if not paused:
            self.sync_now()

    def sync_now(self) -> None:
        if self.paused:
            return
        if self.running:
            self._again = True
            return
        self.running = True
        emit(self.state_changed)
        self._tasks.run(self._work, self._done, self._error)

    def _work(self) -> SyncReport:
        """Runs on the worker thread: touches no widget."""
        if not self.account.online:
            self.account.reconnect()
        try:
            return self.account.engine.sync()
        except AuthError:
            self.account.reconnect()  # the token expired: sign in again, once
            return self.account.engine.sync()

    def _done(self, report: SyncReport) -> None:
        self.running, self.online, self.last_error = False, True, ""
        emit(self.state_changed)
        emit(self.finished, report)
        self._maybe_again()

    def _error(self, error: Exception) -> None:
        self.running = False
        if isinstance(error, Revoked):
            self._period.stop()
            self._soon.stop()
            self.paused = True
            emit(self.revoked, error.message)
            return
        if isinstance(error, Offline):
            self.online, self.account.online = False, False
            self.last_error = _("Nav savienojuma ar serveri; izmaiņas gaida šajā datorā.")
        elif isinstance(error, SyncError):
            self.last_error = _("Sinhronizācija neizdevās: {reason}").format(reason=error.message)
        else:
            self.last_error = _("Sinhronizācija neizdevās: {reason}").format(reason=error)
        emit(self.state_changed)
        emit(self.failed, self.last_error)
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self._again:
            self._again = False
            self._soon.start()

    def shutdown(self) -> None:
        self._period.stop()
        self._soon.stop()
        self._tasks.shutdown()
