"""Conflicts and refused changes, for a person to see and decide (SPEC S4–S5)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.i18n import N_, _
from eklase_desktop.services import sync_status
from eklase_desktop.services.sync_status import ConflictView, RejectedView
from eklase_desktop.ui.signals import emit

FIELD_LABELS = {
    "value": N_("vērtējums"),
    "presence": N_("apmeklējums"),
    "justification": N_("attaisnojums"),
    "topic": N_("tēma"),
    "homework": N_("mājas darbs"),
    "notes": N_("piezīmes"),
    "deleted": N_("stundas dzēšana"),
    "first_day": N_("zīmes pirmā diena"),
    "last_day": N_("zīmes pēdējā diena"),
    "source": N_("zīmes avots"),
    "comment": N_("zīmes komentārs"),
    "withdrawn": N_("zīmes atsaukšana"),
    "phone": N_("tālrunis"),
    "day": N_("datums"),
    "title": N_("virsraksts"),
    "text": N_("teksts"),
    "with_whom": N_("ar ko"),
    "positive": N_("pozitīvs/negatīvs"),
    "participants": N_("instruktāžas dalībnieki"),
    "student_id": N_("skolēns"),
    "course_id": N_("priekšmets"),
    "printed_on": N_("izraksta izdrukas datums"),
    "returned_on": N_("parakstītā izraksta atdošanas datums"),
    "hours": N_("stundas"),
    "students": N_("audzēkņi"),
    "lesson_id": N_("stunda"),
}
MUTATION_LABELS = {
    "mark.set": N_("vērtējums"),
    "period_mark.set": N_("perioda vērtējums"),
    "attendance.set_presence": N_("apmeklējums"),
    "attendance.set_justification": N_("attaisnojums"),
    "lesson.create": N_("jauna stunda"),
    "lesson.update": N_("stundas dati"),
    "lesson.delete": N_("stundas dzēšana"),
    "conflict.resolve": N_("konflikta atrisinājums"),
    "absence_note.set": N_("attaisnojuma zīme"),
    "class_log_entry.set": N_("klases žurnāla ieraksts"),
    "student.set_phone": N_("skolēna tālrunis"),
    "guardian.set_phone": N_("vecāka tālrunis"),
    "monthly_statement.set": N_("mēneša sekmju izraksts"),
    "work_record.set": N_("darba uzskaites ieraksts"),
    "news.set": N_("skolas jaunums"),
}


def day(iso: str | None) -> str:
    """An ISO date as the journal writes dates: 21.10.2026."""
    return "—" if not iso else ".".join(reversed(iso.split("-")))


def shown(value: str | None) -> str:
    return "—" if value in (None, "") else str(value)


class SyncPanel(QWidget):
    """Two tabs: open conflicts with "keep theirs" / "use mine", and refused changes."""

    decided = Signal()  # a conflict was decided or a refusal dismissed: sync soon

    def __init__(self, factory: sessionmaker[Session], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.conflicts = self._table(
            [
                _("Žurnāls"),
                _("Skolēns"),
                _("Stunda"),
                _("Lauks"),
                _("Sākotnēji"),
                _("Mans"),
                _("Citu"),
                _("Kas, kad"),
                "",
            ]
        )
        self.rejected = self._table(
            [_("Izmaiņa"), _("Kur"), _("Vērtība"), _("Iemesls"), _("Kad"), ""]
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.conflicts, _("Konflikti"))
        self.tabs.addTab(self.rejected, _("Noraidītās izmaiņas"))
        hint = QLabel(_("Konfliktā ir divas vērtības vienai šūnai: izvēlieties, kuru paturēt."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.tabs)
        self.refresh()

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def refresh(self) -> None:
        conflicts = sync_status.conflicts(self._factory)
        self.conflicts.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            self._conflict_row(row, conflict)
        refused = sync_status.rejected(self._factory)
        self.rejected.setRowCount(len(refused))
        for row, change in enumerate(refused):
            self._rejected_row(row, change)
        self.tabs.setTabText(0, _("Konflikti ({count})").format(count=len(conflicts)))
        self.tabs.setTabText(1, _("Noraidītās izmaiņas ({count})").format(count=len(refused)))

    def _conflict_row(self, row: int, conflict: ConflictView) -> None:
        when = f"{conflict.theirs_at:%d.%m. %H:%M}" if conflict.theirs_at else ""
        own, other, other_by = conflict.as_seen()
        cells = [
            conflict.course,
            conflict.student,
            day(conflict.lesson_date),
            _(FIELD_LABELS.get(conflict.field, conflict.field)),
            shown(conflict.base),
            shown(own),
            shown(other),
            _("periods slēgts: {period}").format(period=conflict.locked)
            if conflict.locked
            else f"{other_by} {when}".strip(),
        ]
        for column, text in enumerate(cells):
            self.conflicts.setItem(row, column, QTableWidgetItem(text))
        self.conflicts.setCellWidget(row, len(cells), self._decide_buttons(conflict))

    def _decide_buttons(self, conflict: ConflictView) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(2, 0, 2, 0)
        if conflict.status == "resolving":
            layout.addWidget(QLabel(_("Lēmums gaida sinhronizāciju")))
            return box
        for keep_own, label in ((False, _("Paturēt citu")), (True, _("Izmantot manu"))):
            if keep_own and conflict.locked and conflict.viewer != "other":
                layout.addWidget(QLabel(_("lemj direktora vietnieks")))
                continue  # a closed period: the teacher may withdraw, the deputy decides
            button = QPushButton(label)
            choice = conflict.choice(keep_own)
            button.setObjectName(f"{choice}-{conflict.id}")
            button.clicked.connect(partial(self.decide, conflict.id, choice))
            layout.addWidget(button)
        return box

    def _rejected_row(self, row: int, change: RejectedView) -> None:
        value = change.args.get("value", change.args.get("presence", change.args.get("topic")))
        cells = [
            _(MUTATION_LABELS.get(change.mutation, change.mutation)),
            change.where or "—",
            shown(value),
            change.reason,
            f"{change.rejected_at:%d.%m.%Y %H:%M}",
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.rejected.setItem(row, column, item)
        button = QPushButton(_("Izlasīts"))
        button.clicked.connect(partial(self.dismiss, change.seq))
        self.rejected.setCellWidget(row, len(cells), button)

    def decide(self, conflict_id: str, choice: str) -> None:
        sync_status.resolve_conflict(self._factory, conflict_id, choice)
        self.refresh()
        emit(self.decided)

    def dismiss(self, seq: int) -> None:
        sync_status.dismiss_rejected(self._factory, seq)
        self.refresh()
        emit(self.decided)
