"""A cell's history (SPEC J14): who changed its mark, presence or justification, when, and
from what to what — from the server's audit log, one click (Ctrl+H) away in the journal."""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.i18n import N_, _
from eklase_desktop.models import cell_id
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.protocol import HistoryEntry

if TYPE_CHECKING:
    from eklase_desktop.ui.main_window import MainWindow

FIELDS = {  # as the object of a verb (accusative): "mainīja vērtējumu"
    "value": N_("vērtējumu"),
    "presence": N_("apmeklējumu"),
    "justification": N_("attaisnojumu"),
}
ACTIONS = {
    "set": N_("mainīja {field}"),
    "create": N_("ierakstīja {field}"),
    "note": N_("attaisnoja ar zīmi"),
    "resolve": N_("izšķīra konfliktu par {field}"),
}


def fetch(client: SyncClient, rows: list[tuple[str, uuid.UUID]]) -> list[HistoryEntry]:
    """The rows' histories merged by time (runs off the GUI thread, on its own client: the
    sync thread may be using the signed-in one)."""
    own = SyncClient(client.base_url, client.token)
    try:
        entries = [entry for table, row_id in rows for entry in own.history(table, row_id).entries]
    finally:
        own.close()
    return sorted(entries, key=lambda entry: entry.at)


def shown(value: str | None) -> str:
    return "—" if value in (None, "") else str(value)


class HistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, entries: list[HistoryEntry]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Šūnas vēsture"))
        self.resize(860, 360)
        self.table = QTableWidget(len(entries), 6)
        self.table.setHorizontalHeaderLabels(
            [_("Laiks"), _("Kas"), _("Ko"), _("Bija"), _("Kļuva"), _("Iemesls")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, entry in enumerate(entries):
            local = entry.at.astimezone().replace(tzinfo=None)
            field = _(FIELDS.get(entry.field, entry.field))
            what = _(ACTIONS.get(entry.action, entry.action + " {field}")).format(field=field)
            values = [
                local.strftime("%d.%m.%Y %H:%M"),
                entry.who,
                what,
                shown(entry.old),
                shown(entry.new),
                entry.reason or "",  # a late correction's, in a closed period
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        empty = QLabel(_("Šai šūnai serverī vēl nav izmaiņu."))
        empty.setVisible(not entries)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Aizvērt"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: bold")
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(empty)
        layout.addWidget(buttons)


def show_cell_history(window: MainWindow) -> None:
    """Who changed the window's current cell's mark and attendance, when (SPEC J14)."""
    index = window.view.currentIndex()
    lesson = window.model.lesson_at(index.column()) if index.isValid() else None
    snapshot = window.model.snapshot
    if lesson is None or snapshot is None:
        window.show_error(_("Izvēlieties stundas šūnu."))
        return
    sync = window.workspace.sync
    if sync is None or not sync.online:
        window.show_error(_("Šūnas vēsture ir serverī: tā redzama, kad ir savienojums."))
        return
    student = snapshot.students[index.row()]
    rows = [(kind, cell_id(kind, lesson.id, student.id)) for kind in ("mark", "attendance")]
    title = f"{student.name}, {lesson.date.strftime('%d.%m.%Y')}"

    def show(entries: list[HistoryEntry]) -> None:
        window.history_dialog = HistoryDialog(window, title, entries)
        window.history_dialog.open()

    window.workspace.tasks.run(
        partial(fetch, sync.account.client, rows), show, lambda error: window.show_error(str(error))
    )
