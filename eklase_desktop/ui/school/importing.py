"""*Skola → Importēt…* (SPEC C1; docs/import.md): the school's set-up from an XLSX, ODS or CSV
file. Choosing a file reads it and shows what it would create and change, sheet by sheet and
row by row; nothing is written until *Importēt*. A bad row refuses the whole file with a
message naming its sheet, row and column. *Saglabāt veidni…* writes the empty workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.school_import import Workbook
from eklase_desktop.i18n import _
from eklase_desktop.models.school_import import Plan
from eklase_desktop.services.school_import import SchoolImport
from eklase_desktop.spreadsheets import write_template
from eklase_desktop.ui.records import RecordWindow, ask_path
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

FILES = "*.xlsx *.ods *.csv"


class ImportWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Skolas datu imports"))
        self.service = SchoolImport(workspace.factory, workspace.actor)
        self.book: Workbook | None = None
        self.plan: Plan | None = None
        self.file_label = QLabel(_("Izvēlieties failu ar skolas datiem (XLSX, ODS vai CSV)."))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(_("Izvēlēties failu…"))
        self.template_button = QPushButton(_("Saglabāt veidni…"))
        self.import_button = QPushButton(_("Importēt"))
        self.import_button.setEnabled(False)
        self.choose_button.clicked.connect(self._choose)
        self.template_button.clicked.connect(self._choose_template)
        self.import_button.clicked.connect(self.import_now)
        self.summary = _table([_("Lapa"), _("Jauni"), _("Mainīti"), _("Bez izmaiņām")])
        self.steps = _table([_("Lapa"), _("Rinda"), _("Ieraksts"), _("Izmaiņa")])
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.template_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("Ko imports izveidos un mainīs:")))
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.resize(820, 620)

    def reload(self) -> None:
        """Shows the chosen file's plan against what is stored now."""
        if self.book is not None:
            book = self.book
            self._load(lambda: self.service.preview(book), self._show)

    def _choose(self) -> None:
        kinds = _("Izklājlapas ({files})").format(files=FILES)
        path = ask_path(self, _("Skolas dati"), "", kinds, save=False)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        """Reads ``path`` and shows what importing it would change."""
        self.book, self.plan = None, None
        self.import_button.setEnabled(False)
        self.message.clear()
        self.note.clear()
        self.summary.setRowCount(0)
        self.steps.setRowCount(0)
        self.file_label.setText(path.name)

        def read() -> tuple[Workbook, Plan]:
            book = self.service.read(path)
            return book, self.service.preview(book)

        def done(result: tuple[Workbook, Plan]) -> None:
            self.book = result[0]
            self._show(result[1])

        self._load(read, done)

    def _show(self, plan: Plan) -> None:
        self.plan = plan
        self.summary.setRowCount(0)
        for sheet, count in plan.counts.items():
            _append(self.summary, [sheet, str(count.new), str(count.changed), str(count.same)])
        if self.book is not None and self.book.holidays:
            holidays = _("{count} rindas (mācību gadā)").format(count=len(self.book.holidays))
            _append(self.summary, [_("Brīvdienas"), "", "", holidays])
        for sheet in plan.ignored:
            _append(self.summary, [sheet, "", "", _("(lapa netiek lasīta)")])
        rows = self.summary.verticalHeader()
        frame = self.summary.frameWidth() * 2
        height = self.summary.horizontalHeader().height() + rows.length() + frame
        self.summary.setFixedHeight(height)
        self.steps.setRowCount(0)
        for step in plan.steps:
            change = (
                _("jauns")
                if step.new
                else _("mainīts: {fields}").format(fields=", ".join(step.changed))
                if step.changed
                else _("mainīts")
            )
            _append(self.steps, [step.sheet, str(step.row), step.what, change])
        self.steps.resizeColumnsToContents()
        self.import_button.setEnabled(bool(plan.steps) and self.service.writable)
        self.note.setText(
            _("Izmaiņu skaits: {count}. Tās saglabās, nospiežot «Importēt».").format(
                count=plan.changes
            )
            if plan.steps
            else _("Failā nav nekā jauna: viss jau ir saglabāts.")
        )
        emit(self.loaded)

    def import_now(self) -> None:
        """Stores the file's changes in one transaction (they sync like any other)."""
        book = self.book
        if book is None:
            return
        self.import_button.setEnabled(False)
        self.message.clear()

        def done(plan: Plan) -> None:
            self.note.setText(
                _("Importēts. Saglabāto izmaiņu skaits: {count}.").format(count=plan.changes)
            )
            emit(self.saved)
            self._load(lambda: self.service.preview(book), self._show_after)

        def refused(reason: str) -> None:
            self.message.setText(reason)
            self.import_button.setEnabled(True)

        self._run(lambda: self.service.run(book), done, refused)

    def _show_after(self, plan: Plan) -> None:
        note = self.note.text()
        self._show(plan)
        self.note.setText(note)

    def _choose_template(self) -> None:
        path = ask_path(
            self, _("Importa veidne"), "skolas-dati.xlsx", _("Izklājlapas (*.xlsx)"), save=True
        )
        if path is not None:
            self.save_template(path)

    def save_template(self, path: Path) -> None:
        def done(_result: object) -> None:
            self.note.setText(_("Veidne saglabāta: {name}").format(name=path.name))
            emit(self.loaded)

        self._run(lambda: write_template(path), done)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def _append(table: QTableWidget, texts: list[str]) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(texts):
        table.setItem(row, column, QTableWidgetItem(text))
