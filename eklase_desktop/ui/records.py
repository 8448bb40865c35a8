"""What the windows of a class's records (absences, logs, phones) share: loading and
writing through the task runner, a refusal shown in Latvian below, Save/Cancel buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QWidget,
)

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.ui import colours
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit


class RecordWindow(QWidget):
    loaded = Signal()  # what the window shows was filled (tests wait for it)
    saved = Signal()  # a change was written: the caller syncs soon

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
        self._loads = 0  # loads started: only the latest one fills the window
        self._placed = False  # moved to the middle of the screen once
        # a window of its own (not a dialog): Escape closes it like one
        closing = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        closing.activated.connect(self.close)

    def showEvent(self, event: QShowEvent) -> None:
        """A window wider or taller than the screen (a 1366 × 768 laptop) is made to fit,
        and the first time it is shown it comes in the middle of the screen (a window
        manager may put it in a corner, partly off the screen)."""
        size = fitted(self, self.width(), self.height())
        if size != self.size():
            self.resize(size)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if not self._placed and screen is not None:
            self._placed = True
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())
        super().showEvent(event)

    def _load(self, work: Callable[[], Any], fill: Callable[[Any], None]) -> None:
        """Loads what the window shows for the current choice off the GUI thread. A load
        that a newer choice (another class, tab or month) overtook is dropped: it would show
        one choice's rows under another's name."""
        self._loads += 1
        load = self._loads

        def done(result: Any) -> None:
            if load == self._loads:
                fill(result)

        self._run(work, done)

    def reload(self) -> None:
        raise NotImplementedError

    def _write(
        self, change: Callable[[], Any], refused: Callable[[str], None] | None = None
    ) -> None:
        """Runs ``change`` off the GUI thread, then shows what is stored now; ``refused``
        gets the reason of a refusal (by default it is shown below)."""

        def written(_result: Any) -> None:
            emit(self.saved)
            self.reload()

        self._run(change, written, refused)

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Runs ``work`` off the GUI thread; a refusal (DomainError) is shown below."""

        def failed(error: Exception) -> None:
            if not isinstance(error, DomainError):
                raise error
            (refused or self.message.setText)(error.message)

        self.workspace.tasks.run(work, done, failed)


def fitted(widget: QWidget, width: int, height: int) -> QSize:
    """``width`` × ``height``, made smaller to fit the screen's free area with the window's
    frame: on a 1366 × 768 laptop the status bar stays on the screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    free = screen.availableGeometry()
    return QSize(min(width, free.width() - 16), min(height, free.height() - 48))


def ask_path(parent: QWidget, title: str, suggested: str, kinds: str, save: bool) -> Path | None:
    """A file to save to or to open, chosen in Qt's file dialog with Latvian labels (Qt's
    own Latvian translation leaves "Look in:", "Files of type:" in English); None if the
    user cancels."""
    dialog = QFileDialog(parent, title, suggested, kinds)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile(suggested)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    Label = QFileDialog.DialogLabel
    for label, text in (
        (Label.LookIn, _("Mape:")),
        (Label.FileName, _("Faila nosaukums:")),
        (Label.FileType, _("Faila veids:")),
        (Label.Accept, _("Saglabāt") if save else _("Atvērt")),
        (Label.Reject, _("Atcelt")),
    ):
        dialog.setLabelText(label, text)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def find_data(combo: QComboBox, value: object) -> int:
    """The index of the item whose data equals ``value``, −1 for none. ``QComboBox.findData``
    matches a UUID only as the very object stored, not an equal one read again from the
    cache, and a dialog then showed its first choice instead (a course's teacher, a
    record's course)."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


def save_cancel(dialog: QDialog) -> QDialogButtonBox:
    """ "Saglabāt" / "Atcelt" buttons that accept and reject ``dialog``."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Saglabāt"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Atcelt"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
