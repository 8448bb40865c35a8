"""Mani kavētie ieraksti (SPEC J1, J8, K1): what the user has not entered by its deadline,
and what falls due later today; a double click (or Enter) opens the place to enter it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.services.overdue import OverdueItem, OverdueList
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import RecordWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

COLUMNS = (N_("Termiņš"), N_("Kas"), N_("Žurnāls"), N_("Trūkst"))


class OverdueWindow(RecordWindow):
    open_place = Signal(object)  # the OverdueItem chosen

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Mani kavētie ieraksti"))
        self.resize(900, 480)
        self.overdue = OverdueList(workspace.factory, workspace.actor)
        self.items: list[OverdueItem] = []
        self.summary = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.open_button = QPushButton(_("Atvērt"))
        refresh = QPushButton(_("Atjaunot"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(refresh)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.table.activated.connect(lambda _index: self.open_chosen())
        self.table.doubleClicked.connect(lambda _index: self.open_chosen())
        self.open_button.clicked.connect(self.open_chosen)
        refresh.clicked.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        overdue = self.overdue
        self._load(lambda: overdue.items(clock.now()), self._fill)

    def _fill(self, items: list[OverdueItem]) -> None:
        self.items = items
        now = clock.now()
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            late = item.late(now)
            when = (
                f"{item.due:%d.%m.%Y %H:%M}"
                if late
                else _("šodien {time}").format(time=f"{item.due:%H:%M}")
            )
            for column, text in enumerate((when, item.kind.label, item.course, item.what)):
                cell = QTableWidgetItem(text)
                if late:
                    cell.setForeground(colours.FAILING)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        late_count = sum(item.late(now) for item in items)
        self.summary.setText(
            summary_text(late_count, len(items) - late_count) if items else _("Viss ierakstīts.")
        )
        self.message.clear()
        emit(self.loaded)

    def open_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(_("Izvēlieties rindu."))
            return
        emit(self.open_place, self.items[rows[0].row()])


def summary_text(late: int, today: int) -> str:
    """``3 nokavēti, 2 jāieraksta šodien``."""
    parts = []
    if late:
        parts.append(plural(late, N_("{count} nokavēts"), N_("{count} nokavēti")))
    if today:
        parts.append(_("{count} jāieraksta šodien").format(count=today))
    return ", ".join(parts)
