"""A shared school laptop (SPEC D2, A4): after some minutes without a key or a mouse
movement the journal is hidden until its user types the password again; what was typed is
saved first, and nothing of it is lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.sync.account import check_local_password
from eklase_desktop.ui import colours

if TYPE_CHECKING:
    from eklase_desktop.ui.main_window import MainWindow

# what counts as the user being there
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockScreen(QWidget):
    """What a locked window shows: whose journal it is and the password field."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Žurnāls ir bloķēts"))
        title.setStyleSheet("font-size: 15pt; font-weight: bold")
        who = QLabel(_("{name}, ievadiet paroli, lai turpinātu.").format(name=name))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(240)
        self.password.setMaximumWidth(320)
        self.unlock_button = QPushButton(_("Atbloķēt"))
        self.message = QLabel()
        self.message.setStyleSheet(colours.ERROR_STYLE)
        # the next person at a shared laptop: what was typed is saved already
        self.sign_out_button = QPushButton(_("Izrakstīt un pieslēgties citam lietotājam"))
        self.sign_out_button.setFlat(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, who, self.password, self.unlock_button, self.message):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        layout.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class InactivityLock(QObject):
    """Locks ``window`` after ``minutes`` without activity (0: never) or when asked."""

    def __init__(self, window: MainWindow, minutes: int) -> None:
        super().__init__(window)
        self._window = window
        self.screen = LockScreen(window.workspace.actor.name)
        self.screen.password.returnPressed.connect(self.try_unlock)
        self.screen.unlock_button.clicked.connect(self.try_unlock)
        self.screen.sign_out_button.clicked.connect(window.sign_out)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self._window.stack.currentWidget() is self.screen

    def _password_ok(self, password: str) -> bool:
        workspace = self._window.workspace
        try:
            check_local_password(workspace.factory, workspace.actor.username, password)
        except DomainError:
            return False
        return True

    def set_minutes(self, minutes: int, remember: bool = False) -> None:
        """After how many idle minutes the journal locks (0: never); ``remember``: for the
        next start too (the profile's setting)."""
        self.minutes = max(0, minutes)
        if remember:
            self._window.workspace.settings.set("lock_minutes", str(self.minutes))
        if self.minutes:
            self.timer.start(self.minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.minutes and not self.is_locked:
            self.timer.start(self.minutes * 60_000)
        return False

    def lock(self) -> None:
        """Saves what is typed, then hides the journal and the user's other windows."""
        window = self._window
        if self.is_locked:
            return
        window.view.commit_open_editor()
        window.flush_edits()  # (an edit it cannot save stays in the panel, hidden)
        self._hidden = [w for w in window.open_windows() if w.isVisible()]
        for other in self._hidden:
            other.hide()
        self._disabled = [a for a in window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:  # no shortcut works behind the lock
            action.setEnabled(False)
        window.menuBar().setEnabled(False)
        window.statusBar().hide()
        window.stack.setCurrentWidget(self.screen)
        self.screen.password.clear()
        self.screen.message.clear()
        self.screen.password.setFocus()

    def try_unlock(self) -> bool:
        password = self.screen.password.text()
        self.screen.password.clear()
        if not self._password_ok(password):  # (checked offline, against the profile)
            self.screen.message.setText(_("Nepareiza parole."))
            return False
        window = self._window
        window.stack.setCurrentWidget(window.journal_page)
        window.menuBar().setEnabled(True)
        window.statusBar().show()
        for action in self._disabled:
            action.setEnabled(True)
        for other in self._hidden:
            other.show()
        self._hidden, self._disabled = [], []
        window.view.setFocus()
        self.set_minutes(self.minutes)
        return True
