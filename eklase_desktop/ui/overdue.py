"""Mani kavētie ieraksti (SPEC J1, J8, K1): what the user has not entered by its deadline,
and what falls due later today; a double click (or Enter) opens the place to enter it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.calendar import is_working_day
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.services.overdue import OverdueItem, OverdueList
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import RecordWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

COLUMNS = (N_("Termiņš"), N_("Kas"), N_("Žurnāls"), N_("Trūkst"))
REMINDER_TIME = dt.time(15, 0)  # SPEC J1: what today lacks, before the 17:00 deadline


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


def _when(item: OverdueItem, now: dt.datetime) -> str:
    """``šodien līdz 17:00`` for what falls due today, ``kopš 03.12.2026`` for what is late."""
    if item.late(now):
        return _("nokavēts kopš {date}").format(date=f"{item.due:%d.%m.%Y}")
    return _("šodien līdz {time}").format(time=f"{item.due:%H:%M}")


def summary_text(late: int, today: int) -> str:
    """``3 nokavēti, 2 jāieraksta šodien``."""
    parts = []
    if late:
        parts.append(plural(late, N_("{count} nokavēts"), N_("{count} nokavēti")))
    if today:
        parts.append(_("{count} jāieraksta šodien").format(count=today))
    return ", ".join(parts)


class OverdueStatus(QObject):
    """The status bar's count of what is overdue, counted in the background at the start
    and a moment after changes; and, on the first start after 15:00 of a working day, what
    today still lacks (a setting, once a day)."""

    def __init__(
        self,
        workspace: Workspace,
        window: QWidget,
        open_list: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.workspace, self._window, self._failed = workspace, window, failed
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.setToolTip(_("Mani kavētie ieraksti (Ctrl+K)"))
        self.button.clicked.connect(open_list)
        self.button.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(1500)
        self.timer.timeout.connect(self.refresh)
        self.reminder: QMessageBox | None = None

    def schedule(self) -> None:
        """Counts again once the typing pauses."""
        self.timer.start()

    def refresh(self, remind: bool = False) -> None:
        overdue = OverdueList(self.workspace.factory, self.workspace.actor)
        now = clock.now()
        self.workspace.tasks.run(
            partial(overdue.items, now),
            partial(self._counted, now, remind),
            lambda error: self._failed(str(error)),
        )

    def _counted(self, now: dt.datetime, remind: bool, items: list[OverdueItem]) -> None:
        late = sum(item.late(now) for item in items)
        summary = summary_text(late, len(items) - late)
        self.button.setVisible(bool(items))
        self.button.setText(summary)
        self.button.setStyleSheet(colours.ERROR_STYLE if late else "")
        if not (remind and items and self._reminder_due(now)):
            return
        self.workspace.settings.set("reminded_on", now.date().isoformat())
        # what is due today first, with its hour: that is what the reminder is for
        ordered = sorted(items, key=lambda item: item.late(now))[:10]
        lines = [f"• {_when(item, now)} — {item.course}: {item.what}" for item in ordered]
        if len(items) > len(lines):
            lines.append(_("… un vēl {count}").format(count=len(items) - len(lines)))
        self.reminder = QMessageBox(
            QMessageBox.Icon.Information,
            _("Šodien vēl jāieraksta"),
            "\n".join([summary + ":", *lines]),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        self.reminder.open()

    def _reminder_due(self, now: dt.datetime) -> bool:
        settings = self.workspace.settings
        return (
            settings.get("remind_after_15") == "1"
            and now.time() >= REMINDER_TIME
            and is_working_day(now.date())
            and settings.get("reminded_on") != now.date().isoformat()
        )
