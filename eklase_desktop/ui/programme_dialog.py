"""Semestra programma (SPEC J11): a professional course's programme for each semester, which
its teacher enters at the semester's start; the journal shows it and reminds until it is
there."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.services.editing import JournalEditor
from eklase_desktop.services.journal import JournalSnapshot
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import save_cancel


class ProgrammeDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        editor: JournalEditor,
        course_id: uuid.UUID,
        course_name: str,
        programmes: Mapping[int, str],
        read_only: str = "",
    ) -> None:
        """``read_only``: why the user only reads the programme ("" for its teacher)."""
        super().__init__(parent)
        self.setWindowTitle(_("Semestra programma — {course}").format(course=course_name))
        self.resize(560, 440)
        self._editor, self._course_id, self._before = editor, course_id, dict(programmes)
        self.texts = {semester: QPlainTextEdit(programmes.get(semester, "")) for semester in (1, 2)}
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
        form = QFormLayout(self)
        form.addRow(_("I semestris"), self.texts[1])
        form.addRow(_("II semestris"), self.texts[2])
        form.addRow(self.message)
        buttons = save_cancel(self)
        form.addRow(buttons)
        if read_only:
            for box in self.texts.values():
                box.setReadOnly(True)
            self.message.setText(read_only)
            self.message.setStyleSheet("color: #555")
            buttons.button(QDialogButtonBox.StandardButton.Ok).hide()
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Aizvērt"))

    def accept(self) -> None:
        """Saves what changed; a refusal is shown and the dialog stays open."""
        try:
            for semester, box in self.texts.items():
                text = box.toPlainText().strip()
                if text != self._before.get(semester, ""):
                    self._editor.set_programme(self._course_id, semester, text)
                    self._before[semester] = text
        except DomainError as error:
            self.message.setText(error.message)
            return
        super().accept()


def show_programme_state(button: QPushButton, snapshot: JournalSnapshot | None) -> None:
    """The programme's button: shown for a professional course, red while the semester under
    way has none — for its teacher, not for one who only reads the journal (SPEC J11)."""
    button.setVisible(snapshot is not None and snapshot.professional)
    if snapshot is None or not snapshot.professional:
        return
    year = snapshot.school_year
    semester = year.semester_of(clock.today()) if year is not None else None
    missing = (
        semester is not None
        and semester.number not in snapshot.programmes
        and not snapshot.read_only
    )
    button.setText(_("Semestra programma nav ievadīta!") if missing else _("Semestra programma…"))
    button.setStyleSheet(colours.ERROR_STYLE if missing else "")
    shown = [f"{number}. sem.: {text}" for number, text in sorted(snapshot.programmes.items())]
    button.setToolTip("\n\n".join(shown) or _("Programma vēl nav ievadīta."))


def open_programme(
    parent: QWidget, editor: JournalEditor, snapshot: JournalSnapshot
) -> ProgrammeDialog:
    """The open journal's programme dialog, shown (read-only where the user only reads)."""
    dialog = ProgrammeDialog(
        parent,
        editor,
        snapshot.course.id,
        snapshot.course.name,
        snapshot.programmes,
        snapshot.read_only,
    )
    dialog.open()
    return dialog
