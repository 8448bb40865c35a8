"""Journal checks (SPEC V2, G 11). *Skola → Žurnālu pārbaudes…*: the deputy director's kept
checks, the remarks of the chosen one and whether each is done, the act printed or saved;
*Jauna pārbaude…* looks through the journals of the classes chosen (or the whole school) and
keeps what was found with the deputy's remark to each person. *Uzskaite → Direktora
vietnieka piezīmes…*: the remarks addressed to the user, who marks them done."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QBuffer, QSignalBlocker, Qt
from PySide6.QtGui import QAction
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.journal_checks import CheckKind
from eklase_desktop.i18n import _
from eklase_desktop.reports.document import Document, render
from eklase_desktop.services.check_findings import Target
from eklase_desktop.services.journal_checks import CheckView, JournalChecks, RemarkView
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import RecordWindow, save_cancel
from eklase_desktop.ui.reports import PdfActions, file_name, load_pdf
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

ID_ROLE = Qt.ItemDataRole.UserRole


def _table(titles: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(titles))
    table.setHorizontalHeaderLabels(list(titles))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[tuple[object, Sequence[str]]]) -> None:
    """Rows of (key, texts); the key is kept on the first cell."""
    table.setRowCount(len(rows))
    for row, (key, texts) in enumerate(rows):
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setData(ID_ROLE, key)
            table.setItem(row, column, item)
    table.resizeRowsToContents()


def _chosen(table: QTableWidget) -> Any:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(ID_ROLE) if item is not None else None


def _done_text(remark: RemarkView) -> str:
    if remark.done_at is not None:
        return remark.done_at.replace(tzinfo=dt.UTC).astimezone().strftime("%d.%m.%Y.")
    return _("jā") if remark.details.done else ""


class JournalChecksWindow(PdfActions, RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Žurnālu pārbaudes"))
        self.service = JournalChecks(workspace.factory, workspace.actor)
        self.pdf: bytes | None = None
        self.pdf_document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.document: Document | None = None
        self.checks = _table(
            [_("Datums"), _("Veids"), _("Pārbaudīts"), _("Piezīmes"), _("Neizpildītas")]
        )
        self.remarks = _table(
            [_("Skolotājs"), _("Žurnāls"), _("Konstatēts"), _("Piezīme"), _("Izpildīts")]
        )
        self.new_button = QPushButton(_("Jauna pārbaude…"))
        self.remark_button = QPushButton(_("Piezīme…"))
        self.note_button = QPushButton(_("Secinājumi…"))
        self.sign_button = QPushButton(_("Apstiprināt…"))
        self.sign_button.setToolTip(_("Direktora vietnieka paraksts gada noslēguma pārbaudei"))
        self.sign_button.clicked.connect(self.sign)
        self.save_button = QPushButton(_("Saglabāt aktu PDF…"))
        self.print_button = QPushButton(_("Drukāt aktu…"))
        self.new_button.clicked.connect(self.new_check)
        self.remark_button.clicked.connect(self.edit_remark)
        self.note_button.clicked.connect(self.edit_note)
        self.save_button.clicked.connect(self.save_report)
        self.print_button.clicked.connect(self.print_report)
        for button in (self.new_button, self.remark_button, self.note_button, self.sign_button):
            button.setVisible(self.service.checks_journals)
        self.remarks.doubleClicked.connect(lambda _index: self.edit_remark())
        self.checks.itemSelectionChanged.connect(self._show_chosen)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        for button in (
            self.remark_button,
            self.note_button,
            self.sign_button,
            self.save_button,
            self.print_button,
        ):
            top.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.checks)
        splitter.addWidget(self.remarks)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([140, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        self.resize(1150, 720)
        self.views: dict[uuid.UUID, CheckView] = {}
        self._known: set[uuid.UUID] | None = None  # the checks before a new one was saved
        self._enable()
        self.saved.connect(lambda: self.status.setText(_("Saglabāts.")))
        self.confirm: Callable[[str], bool] = self._ask  # tests answer for the deputy
        self.reload()

    def _enable(self) -> None:
        chosen = self.check_id is not None
        for button in (self.note_button, self.save_button, self.print_button):
            button.setEnabled(chosen)
        self.remark_button.setEnabled(_chosen(self.remarks) is not None)
        view = self.views.get(self.check_id) if self.check_id else None
        self.sign_button.setEnabled(
            view is not None and view.kind is CheckKind.YEAR_END and view.signed_on is None
        )

    @property
    def check_id(self) -> uuid.UUID | None:
        key = _chosen(self.checks)
        return key if isinstance(key, uuid.UUID) else None

    def reload(self) -> None:
        self._load(self.service.checks, self._show_checks)

    def _show_checks(self, checks: list[CheckView]) -> None:
        chosen = self.check_id
        self.views = {view.id: view for view in checks}
        _fill(
            self.checks,
            [
                (
                    view.id,
                    (
                        f"{view.day:%d.%m.%Y}.",
                        view.kind.label
                        + (
                            _(", apstiprināta {day}").format(day=f"{view.signed_on:%d.%m.%Y}.")
                            if view.signed_on
                            else ""
                        ),
                        view.classes,
                        str(view.remarks),
                        str(view.open),
                    ),
                )
                for view in checks
            ],
        )
        self.checks.resizeColumnsToContents()
        self.checks.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if not checks:
            self.status.setText(_("Pārbaužu vēl nav."))
            self.remarks.setRowCount(0)
        keys = [view.id for view in checks]
        new = [key for key in keys if self._known is not None and key not in self._known]
        if new:
            chosen, self._known = new[0], None
        with QSignalBlocker(self.checks):
            if chosen in keys:
                self.checks.selectRow(keys.index(chosen))
            elif checks:
                self.checks.selectRow(0)
        self._enable()
        if checks:
            self._show_chosen()  # (its remarks and act afresh: they may have changed)
        else:
            emit(self.loaded)

    def _show_chosen(self) -> None:
        key = self.check_id
        self._enable()
        if key is None:
            return
        service = self.service

        def work() -> tuple[list[RemarkView], Document, bytes]:
            document = service.act(key)
            return service.remarks(key), document, render(document)

        self._load(work, self._show_remarks)

    def _show_remarks(self, result: tuple[list[RemarkView], Document, bytes]) -> None:
        remarks, self.document, self.pdf = result
        self._buffer = load_pdf(self.pdf_document, self.pdf, self, self._buffer)
        chosen = _chosen(self.remarks)
        _fill(
            self.remarks,
            [
                (
                    remark.id,
                    (
                        remark.addressee,
                        remark.about,
                        remark.details.findings,
                        remark.details.remark,
                        _done_text(remark),
                    ),
                )
                for remark in remarks
            ],
        )
        self.remarks.setColumnWidth(0, 150)
        self.remarks.setColumnWidth(1, 170)
        self.remarks.setColumnWidth(2, 420)
        self.remarks.setColumnWidth(3, 220)
        self.remarks.resizeRowsToContents()
        keys = [remark.id for remark in remarks]
        if chosen in keys:
            self.remarks.selectRow(keys.index(chosen))
        view = self.views.get(self.check_id) if self.check_id else None
        if view is not None:
            self.status.setText(
                _("{day}: {count} piezīmes, neizpildītas {open}.").format(
                    day=f"{view.day:%d.%m.%Y}.", count=view.remarks, open=view.open
                )
            )
        self._enable()
        emit(self.loaded)

    def suggested_name(self) -> str:
        view = self.views.get(self.check_id) if self.check_id else None
        if view is None:
            return "zurnalu-parbaude.pdf"
        title = self.document.title if self.document else _("Žurnālu pārbaudes akts")
        return file_name(f"{title} {view.day:%Y-%m-%d} {view.classes}")

    # --- the deputy's changes -----------------------------------------------------------

    def new_check(self) -> None:
        dialog = NewCheckDialog(self, self.workspace, self.service)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value is None:
            return
        service = self.service
        day, classes, targets, note, kind = dialog.value
        self._known = set(self.views)  # the new one is chosen when it is listed
        self._write(lambda: service.save(day, classes, targets, note, kind))

    def sign(self) -> None:
        """The deputy's sign-off of a year-end check (SPEC V3); open remarks are asked about."""
        key = self.check_id
        view = self.views.get(key) if key else None
        if view is None or key is None:
            return
        question = _("Apstiprināt mācību gada noslēguma pārbaudi ({classes})?").format(
            classes=view.classes
        )
        if view.open:
            question += " " + _("Vēl nav izpildītas {count} piezīmes.").format(count=view.open)
        if not self.confirm(question):
            return
        service, today = self.service, clock.today()
        self._write(lambda: service.sign(key, today))

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, _("Apstiprināt"), question)
        return answer == QMessageBox.StandardButton.Yes

    def edit_remark(self) -> None:
        key = _chosen(self.remarks)
        if not isinstance(key, uuid.UUID) or not self.service.checks_journals:
            return
        current = self.remarks.item(self.remarks.currentRow(), 3)
        text, accepted = QInputDialog.getMultiLineText(
            self,
            _("Piezīme"),
            _("Direktora vietnieka piezīme:"),
            current.text() if current is not None else "",
        )
        if accepted:
            service = self.service
            self._write(lambda: service.set_remark(key, text))

    def edit_note(self) -> None:
        key = self.check_id
        view = self.views.get(key) if key else None
        if view is None or key is None:
            return
        text, accepted = QInputDialog.getMultiLineText(
            self, _("Secinājumi"), _("Pārbaudes secinājumi:"), view.note
        )
        if accepted:
            service = self.service
            self._write(lambda: service.set_note(key, text))


class NewCheckDialog(QDialog):
    """The classes to check (or the whole school), what the journals show as late, a remark
    for each row and the conclusion; *Saglabāt* keeps the check."""

    def __init__(self, parent: QWidget, workspace: Workspace, service: JournalChecks) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Jauna žurnālu pārbaude"))
        self.workspace = workspace
        self.service = service
        self.targets: list[Target] = []
        self.value: tuple[dt.date, str, list[Target], str, CheckKind] | None = None
        self.classes = QListWidget()
        for key, name in service.classes():
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.classes.addItem(item)
        self.classes.setMaximumWidth(160)
        self.kind = QComboBox()
        for kind in CheckKind:
            self.kind.addItem(kind.label, kind)
        self.kind.currentIndexChanged.connect(lambda _index: self._forget())
        self.whole_school = QCheckBox(_("Visa skola"))
        self.whole_school.toggled.connect(self._whole_school)
        self.inspect_button = QPushButton(_("Pārbaudīt"))
        self.inspect_button.clicked.connect(self.inspect)
        # the remark, the one column typed in, before the long findings: always in sight
        self.table = _table([_("Skolotājs"), _("Žurnāls"), _("Piezīme"), _("Konstatēts")])
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(_("Secinājumi (nav obligāti)"))
        self.note.setMaximumHeight(70)
        self.status = QLabel(_("Izvēlieties klases un spiediet «Pārbaudīt»."))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
        self.buttons = save_cancel(self)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.accept_checked)
        left = QVBoxLayout()
        left.addWidget(self.kind)
        left.addWidget(self.whole_school)
        left.addWidget(self.classes, 1)
        left.addWidget(self.inspect_button)
        right = QVBoxLayout()
        right.addWidget(self.status)
        right.addWidget(self.table, 1)
        right.addWidget(self.note)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1200, 680)

    def _whole_school(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for index in range(self.classes.count()):
            self.classes.item(index).setCheckState(state)
        self.classes.setEnabled(not checked)

    def chosen_classes(self) -> list[tuple[uuid.UUID, str]]:
        items = [self.classes.item(index) for index in range(self.classes.count())]
        return [
            (item.data(ID_ROLE), item.text())
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def classes_label(self) -> str:
        if self.whole_school.isChecked():
            return _("visa skola")
        return ", ".join(name for _key, name in self.chosen_classes())

    def inspect(self) -> None:
        chosen = self.chosen_classes()
        if not chosen:
            self.message.setText(_("Izvēlieties vismaz vienu klasi."))
            return
        self.message.clear()
        self.inspect_button.setEnabled(False)
        self.status.setText(_("Pārbauda žurnālus…"))
        service, now = self.service, clock.now()
        keys = None if self.whole_school.isChecked() else [key for key, _name in chosen]
        year_end = CheckKind(self.kind.currentData()) is CheckKind.YEAR_END

        def failed(error: Exception) -> None:
            self.inspect_button.setEnabled(True)
            if not isinstance(error, DomainError):
                raise error
            self.message.setText(error.message)

        def work() -> list[Target]:
            if year_end:
                return service.inspect_year_end(keys, now.date())
            return service.inspect(keys, now)

        self.workspace.tasks.run(work, self._show, failed)

    def _forget(self) -> None:
        """Another kind of check: what was found for the other is not its findings."""
        self.targets = []
        self.table.setRowCount(0)
        self.status.setText(_("Izvēlieties klases un spiediet «Pārbaudīt»."))

    def _show(self, targets: list[Target]) -> None:
        self.inspect_button.setEnabled(True)
        self.targets = targets
        _fill(
            self.table,
            [
                (index, (t.addressee, t.about, t.remark, t.findings_text()))
                for index, t in enumerate(targets)
            ],
        )
        for row in range(self.table.rowCount()):
            for column in (0, 1, 3):  # only the remark is typed
                item = self.table.item(row, column)
                if item is not None:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        for column, width in enumerate((130, 150, 220)):  # the findings take the rest
            self.table.setColumnWidth(column, width)
        self.table.resizeRowsToContents()
        self.status.setText(
            _(
                "Nepilnības atrastas {count} rindās; katra nonāks pie sava skolotāja, "
                "piezīme (dubultklikšķis) nav obligāta."
            ).format(count=len(targets))
            if targets
            else _("Nepilnību nav.")
        )

    def accept_checked(self) -> None:
        label = self.classes_label()
        if not label:
            self.message.setText(_("Izvēlieties vismaz vienu klasi."))
            return
        for row, target in enumerate(self.targets):
            item = self.table.item(row, 2)
            target.remark = item.text() if item is not None else ""
        kind = CheckKind(self.kind.currentData())
        self.value = (clock.today(), label, self.targets, self.note.toPlainText(), kind)
        self.accept()


class RemarksWindow(RecordWindow):
    """The remarks of journal checks addressed to the user, the open ones first."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Direktora vietnieka piezīmes"))
        self.service = JournalChecks(workspace.factory, workspace.actor)
        self.table = _table(
            [_("Pārbaude"), _("Žurnāls"), _("Konstatēts"), _("Piezīme"), _("Izpildīts")]
        )
        self.done_button = QPushButton(_("Atzīmēt kā izpildītu"))
        self.undo_button = QPushButton(_("Nav izpildīts"))
        self.done_button.clicked.connect(lambda: self._mark(True))
        self.undo_button.clicked.connect(lambda: self._mark(False))
        self.table.itemSelectionChanged.connect(self._enable)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.done_button)
        top.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.resize(1000, 520)
        self.remarks: dict[uuid.UUID, RemarkView] = {}
        self.reload()

    def reload(self) -> None:
        self._load(self.service.remarks, self._show)

    def _show(self, remarks: list[RemarkView]) -> None:
        chosen = _chosen(self.table)
        self.remarks = {remark.id: remark for remark in remarks}
        _fill(
            self.table,
            [
                (
                    remark.id,
                    (
                        f"{remark.day:%d.%m.%Y}. {remark.author}",
                        remark.about,
                        remark.details.findings,
                        remark.details.remark,
                        _done_text(remark) + (_(" (vēl nav nosūtīts)") if remark.waiting else ""),
                    ),
                )
                for remark in remarks
            ],
        )
        for column, width in enumerate((150, 170, 360, 200)):
            self.table.setColumnWidth(column, width)
        self.table.resizeRowsToContents()
        keys = list(self.remarks)
        if chosen in keys:
            self.table.selectRow(keys.index(chosen))
        open_count = sum(not remark.details.done for remark in remarks)
        self.status.setText(
            _("Neizpildītas: {count}").format(count=open_count)
            if remarks
            else _("Direktora vietnieka piezīmju jums nav.")
        )
        self._enable()
        emit(self.loaded)

    def _enable(self) -> None:
        key = _chosen(self.table)
        remark = self.remarks.get(key) if isinstance(key, uuid.UUID) else None
        self.done_button.setEnabled(remark is not None and not remark.details.done)
        self.undo_button.setEnabled(remark is not None and remark.details.done)

    def _mark(self, done: bool) -> None:
        key = _chosen(self.table)
        if not isinstance(key, uuid.UUID):
            return
        service = self.service
        self._write(lambda: service.mark_done(key, done))


def name_remarks_action(action: QAction, workspace: Workspace) -> None:
    """*Direktora vietnieka piezīmes…* with the number not done (counted as the menu opens)."""
    count = JournalChecks(workspace.factory, workspace.actor).open_count()
    action.setText(
        _("Direktora vietnieka piezīmes ({count} neizpildītas)…").format(count=count)
        if count
        else _("Direktora vietnieka piezīmes…")
    )
