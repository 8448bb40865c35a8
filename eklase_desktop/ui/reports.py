"""The report viewer (SPEC P1–P8): choose the report, the class, student or course and the
period; the PDF is built off the GUI thread and shown with zoom and page navigation; Print
opens the system's print dialog (any installed printer, offline); Save as PDF writes it."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QDate,
    QIODevice,
    QObject,
    QPointF,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.report_period import PeriodKind, month_period
from eklase_desktop.i18n import N_, _
from eklase_desktop.reports.document import Document, render
from eklase_desktop.services.reporting import (
    TERMS,
    ReportCatalogue,
    ReportKind,
    ReportRequest,
    Subject,
)
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.ui.records import RecordWindow, ask_path, find_data
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

PERIODS = (
    (PeriodChoice(PeriodKind.MONTH), N_("Mēnesis")),
    (PeriodChoice(PeriodKind.RANGE), N_("No … līdz …")),
    (PeriodChoice(PeriodKind.SEMESTER, semester=1), N_("I semestris")),
    (PeriodChoice(PeriodKind.SEMESTER, semester=2), N_("II semestris")),
    (PeriodChoice(PeriodKind.YEAR), N_("Mācību gads")),
)
ZOOM_STEP = 1.25
PRINT_DPI = 300  # pages go to the printer as images of this resolution


def recent_months(today: dt.date) -> list[tuple[int, int]]:
    """The months of the school year under way, the latest first: from this one back to
    September (in the summer, the year just ended). The viewer chooses the previous month
    (the monthly statements, SPEC T7)."""
    first = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    if today.month in (6, 7, 8):
        today = dt.date(today.year, 5, 31)  # no lessons in the summer: the year just ended
    months = []
    year, month = today.year, today.month
    while (year, month) >= (first.year, first.month):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def file_name(words: str) -> str:
    """A PDF's file name from its title words: "Kavējumu-atskaite-7.a-klase.pdf"."""
    return re.sub(r"[^\w.-]+", "-", words, flags=re.UNICODE).strip("-") + ".pdf"


class PdfActions:
    """*Saglabāt PDF…* and *Drukāt…* of a window that shows a PDF: ``pdf`` (its bytes),
    ``pdf_document`` (loaded from them), ``status`` and ``message`` (labels) and
    ``suggested_name`` are the window's."""

    pdf: bytes | None
    pdf_document: QPdfDocument
    status: QLabel
    message: QLabel

    def suggested_name(self) -> str:
        raise NotImplementedError

    def save_report(self) -> None:
        suggested = str(Path.home() / self.suggested_name())
        assert isinstance(self, QWidget)
        path = ask_path(self, _("Saglabāt PDF"), suggested, "PDF (*.pdf)", save=True)
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        if self.pdf is None:
            return
        try:
            path.write_bytes(self.pdf)
        except OSError as error:
            self.message.setText(
                _("Failu «{path}» nevar saglabāt: {reason}").format(
                    path=path, reason=error.strerror
                )
            )
            return
        self.status.setText(_("Saglabāts: {path}").format(path=path))

    def print_report(self) -> None:
        """The system print dialog (printers, copies, pages), then the pages."""
        if self.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.prepare_printer(printer)
        assert isinstance(self, QWidget)
        if ask_printer(self, printer, self.pdf_document.pageCount()):
            self.print_to(printer)

    def prepare_printer(self, printer: QPrinter) -> None:
        prepare_printer(printer, self.pdf_document, self.suggested_name())

    def print_to(self, printer: QPrinter) -> int:
        printed = print_pages(printer, self.pdf_document)
        if printed:
            self.status.setText(_("Nosūtīts drukāšanai: {count} lapas").format(count=printed))
        else:
            self.message.setText(_("Printeris nav pieejams."))
        return printed


class ReportViewer(PdfActions, RecordWindow):
    """Report choice on the left, the PDF on the right."""

    built = Signal()  # a report is shown (tests wait for it)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Atskaites un izdrukas"))
        self.catalogue = ReportCatalogue(workspace.factory, workspace.actor)
        self.pdf: bytes | None = None
        self.document: Document | None = None
        self.student_name = ""  # of the report shown, when it is one student's
        self._buffer: QBuffer | None = None
        self._build_controls()
        self._build_viewer()
        splitter = QSplitter()
        splitter.addWidget(self.controls)
        splitter.addWidget(self.viewer)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self.resize(1200, 820)
        self._kind_changed()

    # --- the choice ---------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.controls = QWidget()
        self.kinds = QComboBox()
        classes, courses = self.catalogue.classes(), self.catalogue.courses()
        for kind in self.catalogue.kinds(bool(classes), bool(courses)):
            self.kinds.addItem(kind.title, kind)
        self.classes = QComboBox()
        for class_id, name in classes:
            self.classes.addItem(name, class_id)
        every = self.catalogue.year_classes()
        if len(every) > 1:  # the clerk's batch: every student's statement in one document
            self.classes.addItem(_("Visas klases ({count})").format(count=len(every)), every)
        self.students = QComboBox()
        self.courses = QComboBox()
        for course_id, name in courses:
            self.courses.addItem(name, course_id)
        self.periods = QComboBox()
        self._fill_periods(terms_only=False)
        self.months = QComboBox()
        months = recent_months(clock.today())
        for year, month in months:
            period = month_period(year, month)
            self.months.addItem(period.label, period)
        self.months.setCurrentIndex(min(1, len(months) - 1))  # the previous month (T7)
        today = clock.today()
        self.start = QDateEdit(_qdate(today.replace(day=1)))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.build_button = QPushButton(_("Sagatavot"))
        self.build_button.setDefault(True)
        form = QFormLayout(self.controls)
        form.addRow(_("Atskaite"), self.kinds)
        form.addRow(_("Klase"), self.classes)
        form.addRow(_("Skolēns"), self.students)
        form.addRow(_("Kurss"), self.courses)
        form.addRow(_("Periods"), self.periods)
        form.addRow(_("Mēnesis"), self.months)
        form.addRow(_("No"), self.start)
        form.addRow(_("Līdz"), self.end)
        form.addRow(self.build_button)
        self.form = form
        self.kinds.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self.classes.currentIndexChanged.connect(lambda _index: self._fill_students())
        self.periods.currentIndexChanged.connect(lambda _index: self._show_fields())
        self.build_button.clicked.connect(self.build)
        self._fill_students()
        # what is shown is of the choice it was built for: a changed choice takes it away,
        # so that nobody saves or prints the previous report under the new name
        for combo in (self.kinds, self.classes, self.students, self.courses, self.periods):
            combo.currentIndexChanged.connect(lambda _index: self._forget_report())
        self.months.currentIndexChanged.connect(lambda _index: self._forget_report())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _date: self._forget_report())

    def _forget_report(self) -> None:
        if self.pdf is None:
            return
        self.document, self.pdf, self.student_name = None, None, ""
        self.pdf_document.close()
        self.view.hide()  # (a closed document still showed its pages' empty frames)
        self.status.setText(_("Izvēle mainīta: spiediet «Sagatavot»."))
        self.status.setToolTip("")
        self._enable_pdf_actions()

    @property
    def kind(self) -> ReportKind | None:
        kind = self.kinds.currentData()
        return kind if isinstance(kind, ReportKind) else None

    def _fill_students(self) -> None:
        self.students.clear()
        class_id = self.classes.currentData()
        self.students.addItem(
            _("Visi skolēni") if isinstance(class_id, tuple) else _("Visa klase"), None
        )
        if isinstance(class_id, uuid.UUID):
            for student_id, name in self.catalogue.students(class_id):
                self.students.addItem(name, student_id)

    def _fill_periods(self, terms_only: bool) -> None:
        """The periods the chosen report can be of: a report card only of a term (SPEC P2)."""
        current = self.periods.currentData()
        choices = [(c, label) for c, label in PERIODS if not terms_only or c.kind in TERMS]
        if [self.periods.itemData(i) for i in range(self.periods.count())] == [
            c for c, _label in choices
        ]:
            return
        with QSignalBlocker(self.periods):
            self.periods.clear()
            for choice, label in choices:
                self.periods.addItem(_(label), choice)
            self.periods.setCurrentIndex(max(0, find_data(self.periods, current)))

    def _kind_changed(self) -> None:
        kind = self.kind
        self._fill_periods(terms_only=bool(kind and kind.terms_only))
        if kind is not None and kind.whole_year:
            self.periods.setCurrentIndex(self.periods.count() - 1)
        school = kind is not None and kind.about is Subject.SCHOOL
        has_school = self.classes.count() > 0 and self.classes.itemData(0) is None
        if school and not has_school:  # the substitutions of the whole school, or a class's
            self.classes.insertItem(0, _("Visa skola"), None)
            self.classes.setCurrentIndex(0)
        elif has_school and not school:
            self.classes.removeItem(0)
        self._show_fields()

    def _show_fields(self) -> None:
        kind = self.kind
        about = kind.about if kind else None
        period = self.periods.currentData()
        month = isinstance(period, PeriodChoice) and period.kind is PeriodKind.MONTH
        span = isinstance(period, PeriodChoice) and period.kind is PeriodKind.RANGE
        shown = {
            self.classes: about in (Subject.CLASS, Subject.SCHOOL),
            self.students: bool(kind and kind.per_student),
            self.courses: about is Subject.COURSE,
            self.periods: not (kind and kind.whole_year),
            self.months: month and not (kind and kind.whole_year),
            self.start: span,
            self.end: span,
        }
        for widget, visible in shown.items():
            self.form.setRowVisible(widget, visible)
        self.build_button.setEnabled(kind is not None)

    def show_personal_file(self, class_id: uuid.UUID, student_id: uuid.UUID) -> None:
        """Chooses a student's personal file (SPEC T6) and builds it."""
        for combo, value in (
            (self.kinds, ReportKind.PERSONAL_FILE),
            (self.classes, class_id),
            (self.students, student_id),
        ):
            index = find_data(combo, value)
            if index < 0:
                self.message.setText(_("Šo atskaiti jums nedrīkst rādīt."))
                return
            combo.setCurrentIndex(index)
        self.build()

    def request(self) -> ReportRequest | None:
        kind = self.kind
        if kind is None:
            return None
        choice = self.periods.currentData()
        if choice.kind is PeriodKind.MONTH:
            choice = PeriodChoice.of(self.months.currentData())
        elif choice.kind is PeriodKind.RANGE:
            start, end = _pydate(self.start.date()), _pydate(self.end.date())
            choice = PeriodChoice(PeriodKind.RANGE, start, end)
        class_id = self.classes.currentData()
        student_id = self.students.currentData() if kind.per_student else None
        return ReportRequest(
            kind,
            choice,
            class_ids=class_id if isinstance(class_id, tuple) else (class_id,) if class_id else (),
            course_id=self.courses.currentData() if kind.about is Subject.COURSE else None,
            student_id=student_id if isinstance(student_id, uuid.UUID) else None,
        )

    def build(self) -> None:
        """Builds the chosen report off the GUI thread; the window stays usable."""
        request = self.request()
        if request is None:
            return
        self.message.clear()
        self.build_button.setEnabled(False)
        self.status.setText(_("Sagatavo atskaiti…"))
        catalogue = self.catalogue

        def work() -> tuple[Document, bytes]:
            document = catalogue.build(request)
            return document, render(document)

        def failed(error: Exception) -> None:
            self.build_button.setEnabled(True)
            self.status.clear()
            self.message.setText(getattr(error, "message", None) or str(error))

        student = self.students.currentText() if request.student_id else ""

        def done(result: tuple[Document, bytes]) -> None:
            self.build_button.setEnabled(True)
            if self.request() != request:  # the choice changed while it was being built
                self.status.setText(_("Izvēle mainīta: spiediet «Sagatavot»."))
                return
            self.show_pdf(*result)
            self.student_name = student

        self.workspace.tasks.run(work, done, failed)

    # --- the PDF ------------------------------------------------------------------------

    def _build_viewer(self) -> None:
        self.viewer = QWidget()
        self.pdf_document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.pdf_document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.previous_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.page_label = QLabel()
        self.zoom_out_button = QPushButton("−")
        self.zoom_in_button = QPushButton("+")
        self.fit_button = QPushButton(_("Pēc platuma"))
        self.print_button = QPushButton(_("Drukāt…"))
        self.save_button = QPushButton(_("Saglabāt PDF…"))
        self.status = QLabel()
        # a long report name must not widen the viewer past a 1366-pixel laptop screen
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.previous_button.setToolTip(_("Iepriekšējā lapa"))
        self.next_button.setToolTip(_("Nākamā lapa"))
        self.zoom_out_button.setToolTip(_("Tālināt"))
        self.zoom_in_button.setToolTip(_("Tuvināt"))
        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(widget)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self.viewer)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(lambda _page: self._show_page_number())
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_report)
        self._enable_pdf_actions()

    def show_pdf(self, document: Document, pdf: bytes) -> None:
        self.document, self.pdf = document, pdf
        self._buffer = load_pdf(self.pdf_document, pdf, self, self._buffer)
        self.view.show()
        self.status.setText(f"{document.title} — {document.subtitle}")
        self.status.setToolTip(self.status.text())
        self._enable_pdf_actions()
        self.go_to(0)
        emit(self.built)

    @property
    def page_count(self) -> int:
        return self.pdf_document.pageCount()

    @property
    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.page_count:
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
        self._show_page_number()

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(6.0, self.view.zoomFactor() * factor)))

    def _show_page_number(self) -> None:
        count = self.page_count
        self.page_label.setText(
            _("Lapa {n} no {total}").format(n=self.current_page + 1, total=count) if count else ""
        )
        self.previous_button.setEnabled(self.current_page > 0)
        self.next_button.setEnabled(self.current_page + 1 < count)

    def _enable_pdf_actions(self) -> None:
        ready = self.pdf is not None
        for button in (
            self.print_button,
            self.save_button,
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_button,
        ):
            button.setEnabled(ready)
        self._show_page_number()

    def suggested_name(self) -> str:
        if self.document is None:
            return "atskaite.pdf"
        words = " ".join(
            filter(None, (self.document.title, self.student_name, self.document.subtitle))
        )
        return file_name(words)

    def reload(self) -> None:
        """Nothing to refresh until the user builds the report again."""


def ask_printer(parent: QWidget, printer: QPrinter, pages: int) -> bool:
    """The system print dialog: which printer, copies, pages; False if cancelled."""
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, pages)
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def prepare_printer(printer: QPrinter, document: QPdfDocument, name: str) -> None:
    """The job's name, and landscape paper for a landscape report."""
    printer.setDocName(name.removesuffix(".pdf"))
    size = document.pagePointSize(0)
    if size.width() > size.height():
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)


def print_pages(printer: QPrinter, document: QPdfDocument) -> int:
    """Prints the pages the dialog chose (all when none) as ``PRINT_DPI`` images; returns how
    many (0: the printer could not be opened)."""
    first = max(printer.fromPage(), 1) - 1
    last = (printer.toPage() or document.pageCount()) - 1
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    for page in range(first, last + 1):
        if printed:
            printer.newPage()
        points = document.pagePointSize(page)
        scale = PRINT_DPI / 72
        image = document.render(
            page, QSize(round(points.width() * scale), round(points.height() * scale))
        )
        target = points.toSize()
        target.scale(painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        printed += 1
    painter.end()
    return printed


def load_pdf(
    document: QPdfDocument, pdf: bytes, owner: QObject, previous: QBuffer | None = None
) -> QBuffer:
    """Loads ``pdf`` into ``document`` (``previous``, the buffer of the PDF it showed, is let
    go); the returned buffer must live as long as the document shows it."""
    document.close()
    if previous is not None:
        previous.deleteLater()
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer
