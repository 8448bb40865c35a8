"""*Skola → Jauns mācību gads…* (SPEC Y1): the next school year from the last. The table
shows each class's next-year name (editable) and whether it graduates; the order number the
students move up by; *Izveidot* makes the year, the classes, the students' orders and the
copied courses at once (offline, synced like all set-up)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.services.rollover import Rollover, RolloverPlan
from eklase_desktop.ui.absences import date_text
from eklase_desktop.ui.records import RecordWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit


class RolloverWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Jauns mācību gads"))
        self.service = Rollover(workspace.factory, workspace.actor)
        self.plan: RolloverPlan | None = None
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Klase"), _("Nākamajā gadā"), _("Skolēni"), _("Beidz skolu")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("piemēram, 1-12/120"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            _("Izveidot"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.clicked.connect(self.create_year)
        form = QFormLayout()
        form.addRow(_("Rīkojums par pārcelšanu nākamajā klasē"), self.number)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.reload()

    def reload(self) -> None:
        self._load(self.service.plan, self._show)

    def _show(self, plan: RolloverPlan) -> None:
        self.plan = plan
        year = plan.year
        self.about.setText(
            _(
                "No mācību gada {old} tiks izveidots {new} ({first}–{last}, melnraksts; datumus "
                "var labot logā «Mācību gads»). Klases pāriet nākamajā klasē ar to pašu burtu, "
                "skolēni — līdzi savai klasei, kursi tiek nokopēti jaunajām klasēm. Pēdējās "
                "klases skolēni beidz skolu. Kad jaunais gads sāksies, vecā gada žurnālus varēs "
                "tikai lasīt un drukāt."
            ).format(
                old=plan.old_name,
                new=year.name,
                first=date_text(year.first_day),
                last=date_text(year.last_day),
            )
        )
        self.table.setRowCount(len(plan.classes))
        for row, step in enumerate(plan.classes):
            old = QTableWidgetItem(step.old_name)
            old.setFlags(old.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, old)
            self.table.setItem(row, 1, QTableWidgetItem(step.new_name or ""))
            count = QTableWidgetItem(str(step.students))
            count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 2, count)
            box = QCheckBox()
            box.setChecked(step.graduates)
            self.table.setCellWidget(row, 3, box)
        emit(self.loaded)

    def edited(self) -> RolloverPlan:
        """The plan with the names and the graduation as the table has them."""
        assert self.plan is not None
        steps = []
        for row, step in enumerate(self.plan.classes):
            box = self.table.cellWidget(row, 3)
            graduates = isinstance(box, QCheckBox) and box.isChecked()
            item = self.table.item(row, 1)
            name = item.text().strip() if item is not None else ""
            if not graduates and not name:
                raise DomainError(
                    _("Klasei {name} norādiet nosaukumu nākamajā gadā.").format(name=step.old_name)
                )
            steps.append(dataclasses.replace(step, new_name=name, graduates=graduates))
        return dataclasses.replace(self.plan, classes=tuple(steps))

    def create_year(self) -> None:
        self.message.clear()
        try:
            plan = self.edited()
        except DomainError as error:
            self.message.setText(error.message)
            return
        number, service = self.number.text(), self.service
        self.create_button.setEnabled(False)

        def done(_year: object) -> None:
            self.note.setText(_("Izveidots mācību gads {name}").format(name=plan.year.name))
            emit(self.saved)

        def refused(reason: str) -> None:
            self.create_button.setEnabled(True)
            self.message.setText(reason)

        self._run(lambda: service.run(plan, number), done, refused)
