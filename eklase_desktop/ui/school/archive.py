"""*Skola → Arhivēt mācību gadu…* (SPEC V7; the deputy director's): the server builds the
year's archive — the journal as JSON and CSV, the audit log, the statutory PDFs, a manifest
of SHA-256 sums — and this window saves it where the deputy chooses (a data carrier) and
checks it whole before it says so."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.services.school import SchoolSetUp, YearView
from eklase_desktop.sync.archive_file import Problem, verify
from eklase_desktop.sync.client import SyncError
from eklase_desktop.ui.records import RecordWindow, ask_path
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit


class ArchiveFailed(DomainError):
    """The archive could not be got or saved; the message says why, in Latvian."""


class ArchiveWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Arhivēt mācību gadu"))
        self.years = QComboBox()
        self.path = QLineEdit()
        choose = QPushButton(_("Izvēlēties…"))
        choose.clicked.connect(self._choose)
        self.years.currentIndexChanged.connect(lambda _index: self._suggest())
        self.start = QPushButton(_("Arhivēt"))
        self.start.clicked.connect(self.archive)
        self.result = QLabel()
        self.result.setWordWrap(True)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        form = QFormLayout()
        form.addRow(_("Mācību gads"), self.years)
        form.addRow(_("Saglabāt"), where)
        about = QLabel(
            _(
                "Serveris sagatavo visa mācību gada arhīvu: žurnālu datus (JSON un CSV), izmaiņu "
                "žurnālu, liecības, kopsavilkuma žurnālus, sekmju izrakstus un skolotāju "
                "atskaites (PDF) un katra faila kontrolsummu. Saglabājiet to datu nesējā; "
                "pēc saglabāšanas arhīvs tiek pārbaudīts."
            )
        )
        about.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.start)
        layout.addWidget(self.result)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.resize(620, 300)
        self.reload()

    def reload(self) -> None:
        setup = SchoolSetUp(self.workspace.factory, self.workspace.actor)
        self._load(setup.years, self._show)

    def _show(self, years: list[YearView]) -> None:
        self.years.clear()
        for view in years:
            self.years.addItem(view.rules.name, view.id)
        self._suggest()
        emit(self.loaded)

    def _suggested_name(self) -> str:
        name = re.sub(r"[^0-9A-Za-z]+", "-", self.years.currentText()).strip("-")
        return f"eklase-arhivs-{name}.zip"

    def _suggest(self) -> None:
        self.path.setText(str(Path.home() / self._suggested_name()))

    def _choose(self) -> None:
        chosen = ask_path(self, _("Saglabāt arhīvu"), self.path.text(), "ZIP (*.zip)", save=True)
        if chosen is not None:
            self.path.setText(str(chosen))

    def archive(self) -> None:
        year = self.years.currentData()
        sync = self.workspace.sync
        if not isinstance(year, uuid.UUID) or not self.path.text().strip():
            self.message.setText(_("Izvēlieties mācību gadu un faila vietu."))
            return
        if sync is None or not sync.online:
            self.message.setText(_("Arhīvu sagatavo serveris: vajag savienojumu ar to."))
            return
        target = Path(self.path.text().strip()).expanduser()
        if target.is_dir():  # a folder (a USB drive): the archive goes into it
            target = target / self._suggested_name()
            self.path.setText(str(target))
        if not target.parent.is_dir():  # said now, not after the server's minute of work
            self.message.setText(_("Mape «{folder}» nav atrasta.").format(folder=target.parent))
            return
        client = sync.account.client
        self.message.clear()  # (an old refusal is not this attempt's)
        self.result.setText(_("Serveris sagatavo arhīvu… (lielai skolai tas var ilgt minūti)"))
        self.start.setEnabled(False)

        def work() -> list[Problem]:
            try:
                client.download_archive(year, target)
            except SyncError as error:
                raise ArchiveFailed(error.message) from error
            except OSError as error:
                message = _("Failu «{path}» nevar saglabāt: {reason}")
                raise ArchiveFailed(message.format(path=target, reason=error.strerror)) from error
            return verify(target)

        self._run(work, lambda problems: self._done(target, problems), self._failed)

    def _done(self, target: Path, problems: list[Problem]) -> None:
        self.start.setEnabled(True)
        if problems:
            self.result.clear()
            self.message.setText(
                _("Arhīvs saglabāts, bet nav vesels: {problems}").format(
                    problems="; ".join(str(problem) for problem in problems[:5])
                )
            )
            return
        self.result.setText(
            _("Arhīvs saglabāts un pārbaudīts (visi faili veseli): {path}").format(path=target)
        )

    def _failed(self, reason: str) -> None:
        self.start.setEnabled(True)
        self.result.clear()
        self.message.setText(reason)
