"""Monthly grade statements (SPEC T7): print a class's statements for the previous month,
tick each one a parent signed and brought back, see who is missing — in the own class (the
tutor) and in every class (the deputy director)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QBuffer, Qt
from PySide6.QtGui import QBrush
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.monthly_statements import StatementStatus
from eklase_desktop.domain.report_period import day_text, month_period
from eklase_desktop.i18n import _
from eklase_desktop.reports.document import render
from eklase_desktop.services.monthly_statements import ClassStatements, MonthlyStatements
from eklase_desktop.services.reporting import ReportCatalogue, ReportKind, ReportRequest
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import RecordWindow
from eklase_desktop.ui.reports import (
    ask_printer,
    load_pdf,
    prepare_printer,
    print_pages,
    recent_months,
)
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

ID_ROLE = Qt.ItemDataRole.UserRole
STUDENT, PRINTED, RETURNED, STATUS = range(4)


class StatementsWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Mēneša sekmju izraksti"))
        self.statements = MonthlyStatements(workspace.factory, workspace.actor)
        self.months = QComboBox()
        for year, month in recent_months(clock.today()):
            self.months.addItem(month_period(year, month).label, f"{year}-{month:02d}")
        self.classes = QComboBox()
        for class_id, name in self.statements.classes():
            self.classes.addItem(name, class_id)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Skolēns"), _("Izdrukāts"), _("Parakstīts un atdots"), _("Stāvoklis")]
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.print_button = QPushButton(_("Drukāt izrakstus…"))
        self.printed_button = QPushButton(_("Atzīmēt kā izdrukātus"))
        self.overview = QTableWidget(0, 5)
        self.overview.setHorizontalHeaderLabels(
            [_("Klase"), _("Audzinātājs"), _("Izdrukāti"), _("Parakstīti"), _("Trūkst")]
        )
        self.overview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overview.horizontalHeader().setStretchLastSection(True)
        self._layout()
        self.months.currentIndexChanged.connect(lambda _index: self.reload())
        self.classes.currentIndexChanged.connect(lambda _index: self.reload())
        self.table.itemChanged.connect(self._ticked)
        self.printed_button.clicked.connect(self.mark_printed)
        self.print_button.clicked.connect(self.print_statements)
        self._pdf_document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.classes.currentIndexChanged.connect(lambda _index: self._allow_changes())
        self._allow_changes()
        self.reload()

    def _allow_changes(self) -> None:
        """The director reads the statements; the tutor, the deputy and the clerk keep them."""
        class_id = self.class_id
        self.writable = class_id is not None and self.statements.keeps(class_id)
        self.print_button.setEnabled(self.writable)
        self.printed_button.setEnabled(self.writable)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Mēnesis")))
        top.addWidget(self.months)
        top.addWidget(QLabel(_("Klase")))
        top.addWidget(self.classes)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.printed_button)
        own = QWidget()
        column = QVBoxLayout(own)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(own, _("Klase"))
        if self.classes.count() > 1:  # the deputy director, the clerk: every class
            self.tabs.addTab(self.overview, _("Visas klases: kam trūkst"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.resize(900, 640)

    @property
    def month(self) -> str:
        return str(self.months.currentData())

    @property
    def class_id(self) -> uuid.UUID | None:
        value = self.classes.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def reload(self) -> None:
        class_id, month = self.class_id, self.month
        if class_id is None:
            return
        overview = self.tabs.count() > 1
        statements = self.statements

        def work() -> tuple[ClassStatements, list[ClassStatements]]:
            every = statements.overview(month) if overview else []
            return statements.of_class(class_id, month), every

        self._load(work, lambda result: self._fill(*result))

    def _fill(self, shown: ClassStatements, every: list[ClassStatements]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(shown.lines))
        for row, line in enumerate(shown.lines):
            printed = line.state.printed_on
            returned = line.state.returned_on
            name = QTableWidgetItem(line.name)
            name.setData(ID_ROLE, line.student_id)
            tick = QTableWidgetItem(day_text(returned) if returned else "")
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Checked if returned else Qt.CheckState.Unchecked)
            if printed is None or not self.writable:
                tick.setFlags(Qt.ItemFlag.NoItemFlags)  # printed first, then signed
            status = QTableWidgetItem(line.status.label)
            late = line.status in (StatementStatus.PRINT_OVERDUE, StatementStatus.RETURN_OVERDUE)
            if late or line.status is StatementStatus.RETURNED:
                status.setBackground(QBrush(colours.OVERDUE if late else colours.JUSTIFIED))
            for column, item in enumerate(
                (name, QTableWidgetItem(day_text(printed) if printed else ""), tick, status)
            ):
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self.summary.setText(
            _(
                "Izraksti jāizdrukā līdz {deadline}; vecāki tos paraksta nedēļas laikā. "
                "Izdrukāti {printed} no {count}, parakstīti {returned}. Trūkst: {missing}."
            ).format(
                deadline=day_text(shown.deadline),
                printed=shown.printed,
                count=len(shown.lines),
                returned=shown.returned,
                missing=", ".join(shown.missing) or _("neviena"),
            )
        )
        self.overview.setRowCount(len(every))
        for row, klass in enumerate(every):
            missing = ", ".join(klass.missing)
            if not klass.printed:
                missing = _("Izraksti nav izdrukāti (termiņš {deadline}).").format(
                    deadline=day_text(klass.deadline)
                )
            cells = (
                klass.class_name,
                klass.tutor,
                f"{klass.printed} / {len(klass.lines)}",
                f"{klass.returned} / {len(klass.lines)}",
                missing,
            )
            late = any(
                line.status in (StatementStatus.PRINT_OVERDUE, StatementStatus.RETURN_OVERDUE)
                for line in klass.lines
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if late and column == len(cells) - 1:
                    item.setBackground(QBrush(colours.OVERDUE))
                self.overview.setItem(row, column, item)
        self.overview.resizeColumnsToContents()
        emit(self.loaded)

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != RETURNED:
            return
        name = self.table.item(item.row(), STUDENT)
        student = name.data(ID_ROLE) if name is not None else None
        if not isinstance(student, uuid.UUID):
            return
        returned = item.checkState() == Qt.CheckState.Checked
        month, statements = self.month, self.statements

        def refused(error: Exception) -> None:
            if not isinstance(error, DomainError):
                raise error
            self.message.setText(error.message)
            self.reload()  # the tick goes back to what is stored

        def written(_state: object) -> None:
            emit(self.saved)
            self.reload()

        self.workspace.tasks.run(
            lambda: statements.set_returned(student, month, returned), written, refused
        )

    def mark_printed(self) -> None:
        if self.class_id is not None:
            self._mark_printed(self.class_id, self.month)

    def _mark_printed(self, class_id: uuid.UUID, month: str) -> None:
        statements = self.statements
        self._write(lambda: statements.mark_printed(class_id, month))

    def print_statements(self) -> None:
        """Builds the class's statements for the month, prints them through the system
        dialog and, once all are printed, records them as printed."""
        class_id, month, name = self.class_id, self.month, self.classes.currentText()
        if class_id is None:
            return
        year, number = (int(part) for part in month.split("-"))
        request = ReportRequest(
            ReportKind.STATEMENT,
            PeriodChoice.of(month_period(year, number)),
            class_ids=(class_id,),
        )
        catalogue = ReportCatalogue(self.workspace.factory, self.workspace.actor)
        self._run(
            lambda: render(catalogue.build(request)),
            lambda pdf: self._print_pdf(pdf, class_id, month, name),
        )

    def _print_pdf(self, pdf: bytes, class_id: uuid.UUID, month: str, name: str) -> None:
        self._buffer = load_pdf(self._pdf_document, pdf, self, self._buffer)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self._pdf_document, f"{_('Sekmju izraksti')} {name} {month}")
        if not self.ask_printer(printer):
            return
        if not print_pages(printer, self._pdf_document):
            self.message.setText(_("Printeris nav pieejams."))
        elif printer.printRange() != QPrinter.PrintRange.AllPages:
            self.message.setText(
                _("Izdrukātas tikai dažas lapas: izdrukātos izrakstus atzīmējiet paši.")
            )
        else:
            self._mark_printed(class_id, month)

    def ask_printer(self, printer: QPrinter) -> bool:
        return ask_printer(self, printer, self._pdf_document.pageCount())
