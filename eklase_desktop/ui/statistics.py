"""*Atskaites → Statistika…* (SPEC V1, V8): the deputy director's (and the director's) figures
of a school year by programme, subject, class or teacher — a table, the month-by-month
dynamics beside the previous year with a chart, the distribution of marks and absences, and
the problems the school's rules find; printed or saved as a PDF with the same charts. The
deputy sets the school's rules here (*Noteikumi…*)."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QBuffer, QPointF, QRectF, QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.statistics import LateChanges, SchoolRules, validate_rules
from eklase_desktop.i18n import _
from eklase_desktop.reports.document import SERIES_COLOURS, Chart, Document, render
from eklase_desktop.services.reporting.statistics import (
    SchoolStatistics,
    absence_chart,
    average_chart,
    distribution_chart,
    month_label,
    monthly_row,
    problem_title,
    rules_lines,
    summary_columns,
    summary_row,
)
from eklase_desktop.services.statistics import Grouping, Statistics
from eklase_desktop.ui.records import RecordWindow
from eklase_desktop.ui.reports import PdfActions, file_name, load_pdf
from eklase_desktop.ui.school.common import FormDialog
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit


class ChartView(QWidget):
    """A ``reports.document.Chart`` painted: bars side by side per category, or lines with
    dots, a legend above when there are several series; the same data the PDF draws."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.setMinimumHeight(220)

    def show_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        chart = self.chart
        if chart is None or not chart.categories:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        legend = metrics.height() + 8 if len(chart.series) > 1 else 4
        margin = metrics.horizontalAdvance("00000") + 8
        plot = QRectF(
            margin, legend + 4, self.width() - margin - 8, self.height() - legend - 12
        ).adjusted(0, 0, 0, -metrics.height())
        scale = _Scale(chart, plot)
        self._axes(painter, chart, plot, scale)
        for number, (name, values) in enumerate(chart.series):
            colour = QColor(SERIES_COLOURS[number % len(SERIES_COLOURS)])
            if chart.bars:
                self._bars(painter, values, colour, plot, scale, number, len(chart.series))
            else:
                self._line(painter, values, colour, plot, scale)
            if len(chart.series) > 1:
                left = plot.left() + number * 160
                painter.fillRect(QRectF(left, 4, 12, 12), colour)
                painter.setPen(QPen(QColor("#333333")))
                painter.drawText(QPointF(left + 16, 4 + metrics.ascent()), name)
        painter.end()

    @staticmethod
    def _axes(painter: QPainter, chart: Chart, plot: QRectF, scale: _Scale) -> None:
        """The value grid with its labels, the category names, the base line."""
        height = painter.fontMetrics().height()
        steps = round((chart.high - chart.low) / chart.step) if chart.step else 0
        for index in range(steps + 1):
            level = chart.low + index * chart.step
            y = scale.y(level)
            painter.setPen(QPen(QColor("#dddddd")))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QPen(QColor("#555555")))
            painter.drawText(
                QRectF(0, y - height / 2, plot.left() - 4, height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{level:g}".replace(".", ","),
            )
        for index, name in enumerate(chart.categories):
            painter.drawText(
                QRectF(plot.left() + index * scale.width, plot.bottom() + 2, scale.width, height),
                int(Qt.AlignmentFlag.AlignHCenter),
                name,
            )
        painter.setPen(QPen(QColor("#999999")))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

    @staticmethod
    def _bars(
        painter: QPainter,
        values: tuple[float | None, ...],
        colour: QColor,
        plot: QRectF,
        scale: _Scale,
        number: int,
        count: int,
    ) -> None:
        bar = scale.width * 0.7 / count
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        for index, value in enumerate(values):
            if value is not None:
                left = plot.left() + index * scale.width + scale.width * 0.15 + number * bar
                top = scale.y(value)
                painter.drawRect(QRectF(left, top, bar, plot.bottom() - top))

    @staticmethod
    def _line(
        painter: QPainter,
        values: tuple[float | None, ...],
        colour: QColor,
        plot: QRectF,
        scale: _Scale,
    ) -> None:
        """Dots joined by a line; a month without a value is joined over, as in the PDF."""
        painter.setPen(QPen(colour, 2))
        painter.setBrush(QBrush(colour))
        last: QPointF | None = None
        for index, value in enumerate(values):
            if value is None:
                continue
            point = QPointF(plot.left() + (index + 0.5) * scale.width, scale.y(value))
            if last is not None:
                painter.drawLine(last, point)
            painter.drawEllipse(point, 3, 3)
            last = point


class _Scale:
    """Where a value and a category lie in the plot."""

    def __init__(self, chart: Chart, plot: QRectF) -> None:
        self.chart, self.plot = chart, plot
        self.width = plot.width() / len(chart.categories)

    def y(self, value: float) -> float:
        chart = self.chart
        span = (chart.high - chart.low) or 1.0
        kept = min(max(value, chart.low), chart.high)
        return self.plot.bottom() - (kept - chart.low) / span * self.plot.height()


def _box(title: str | None, *widgets: QWidget) -> QWidget:
    """``widgets`` one below the other (the last one stretching), under a bold ``title``."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    if title:
        layout.addWidget(QLabel(f"<b>{title}</b>"))
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is widgets[-1] else 0)
    return box


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    return table


def _fill(
    table: QTableWidget,
    titles: list[str],
    rows: list[tuple[str, ...]],
    numeric_from: int = 1,
    bold_last: bool = False,
) -> None:
    table.clear()
    table.setColumnCount(len(titles))
    table.setHorizontalHeaderLabels(titles)
    table.setRowCount(len(rows))
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold_last and row == len(rows) - 1:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


class StatisticsWindow(PdfActions, RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Statistika"))
        self.service = SchoolStatistics(workspace.factory, workspace.actor)
        self.statistics: Statistics | None = None
        self.pdf: bytes | None = None
        self.document: Document | None = None
        self.pdf_document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_controls())
        layout.addWidget(self._build_tabs(), 1)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        self.resize(1100, 700)
        self._fill_periods()
        self.years.currentIndexChanged.connect(self._year_changed)
        for combo in (self.grouping, self.period):
            combo.currentIndexChanged.connect(self.reload)
        self.reload()

    def _build_controls(self) -> QHBoxLayout:
        self.years = QComboBox()
        for key, name in self.service.years():
            self.years.addItem(name, key)
        self.grouping = QComboBox()
        for grouping in (Grouping.CLASS, Grouping.SUBJECT, Grouping.TEACHER, Grouping.PROGRAMME):
            self.grouping.addItem(grouping.title, grouping)
        self.period = QComboBox()
        self.rules_button = QPushButton(_("Noteikumi…"))
        self.rules_button.setVisible(self.service.can_set_rules)
        self.rules_button.clicked.connect(self.edit_rules)
        self.save_button = QPushButton(_("Saglabāt PDF…"))
        self.save_button.clicked.connect(self.save_report)
        self.print_button = QPushButton(_("Drukāt…"))
        self.print_button.clicked.connect(self.print_report)
        controls = QHBoxLayout()
        for label, widget in (
            (_("Mācību gads"), self.years),
            (_("Grupēt pēc"), self.grouping),
            (_("Periods"), self.period),
        ):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addStretch(1)
        for button in (self.rules_button, self.save_button, self.print_button):
            controls.addWidget(button)
        return controls

    def _build_tabs(self) -> QTabWidget:
        self.summary = _table(1)
        self.monthly = _table(1)
        self.problems = _table(3)
        self.average_view = ChartView()
        self.distribution_view = ChartView()
        self.absence_view = ChartView()
        self.rules_text = QLabel()
        self.rules_text.setWordWrap(True)
        self.previous_note = QLabel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, _("Rādītāji"))
        dynamics = QSplitter(Qt.Orientation.Vertical)
        dynamics.addWidget(_box(None, self.previous_note, self.average_view))
        dynamics.addWidget(self.monthly)
        self.tabs.addTab(dynamics, _("Dinamika"))
        spread = QSplitter(Qt.Orientation.Vertical)
        spread.addWidget(_box(_("Vērtējumu sadalījums"), self.distribution_view))
        spread.addWidget(_box(_("Kavējumi pa mēnešiem"), self.absence_view))
        self.tabs.addTab(spread, _("Sadalījums un kavējumi"))
        self.tabs.addTab(_box(None, self.rules_text, self.problems), _("Problēmas"))
        return self.tabs

    def _fill_periods(self) -> None:
        """The chosen year, its semesters and its months."""
        year = self.years.currentData()
        with QSignalBlocker(self.period):
            self.period.clear()
            if isinstance(year, uuid.UUID):
                for label, choice in self.service.periods(year):
                    self.period.addItem(label, choice)

    def _year_changed(self) -> None:
        self._fill_periods()
        self.reload()

    def reload(self) -> None:
        year = self.years.currentData()
        grouping = self.grouping.currentData()
        choice = self.period.currentData()
        if not isinstance(year, uuid.UUID) or choice is None:
            self.status.setText(_("Šajā datorā nav mācību gada datu."))
            return
        self.status.setText(_("Aprēķina…"))
        self.message.clear()
        self._enable(False)
        service = self.service

        def work() -> tuple[Statistics, Document, bytes]:
            statistics = service.compute(year, grouping, choice)
            document = service.document(statistics, year)
            return statistics, document, render(document)

        self._loads += 1
        load = self._loads

        def done(result: tuple[Statistics, Document, bytes]) -> None:
            if load == self._loads:
                self._show(result)

        def refused(reason: str) -> None:  # the figures shown are no longer the choice's
            if load == self._loads:
                self.status.clear()
                self.message.setText(reason)
                self.statistics = self.pdf = None
                for table in (self.summary, self.monthly, self.problems):
                    table.setRowCount(0)

        self._run(work, done, refused)

    def _enable(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def _show(self, result: tuple[Statistics, Document, bytes]) -> None:
        statistics, document, pdf = result
        self.statistics, self.document, self.pdf = statistics, document, pdf
        self._buffer = load_pdf(self.pdf_document, pdf, self, self._buffer)
        columns = summary_columns(statistics.grouping)
        _fill(
            self.summary,
            [column.title for column in columns],
            [summary_row(group) for group in statistics.groups] + [summary_row(statistics.total)],
            bold_last=True,
        )
        _fill(
            self.monthly,
            [statistics.grouping.title, *(month_label(m) for m in statistics.months)],
            [monthly_row(group) for group in statistics.groups] + [monthly_row(statistics.total)],
            bold_last=True,
        )
        self.previous_note.setText(
            _("Skolas vidējais vērtējums pa mēnešiem; iekavās tabulā — {year} mācību gads.").format(
                year=statistics.previous_year
            )
            if statistics.previous_year
            else _(
                "Skolas vidējais vērtējums pa mēnešiem (iepriekšējā mācību gada datu "
                "šajā datorā nav)."
            )
        )
        self.average_view.show_chart(average_chart(statistics))
        self.distribution_view.show_chart(distribution_chart(statistics))
        self.absence_view.show_chart(absence_chart(statistics))
        self.rules_text.setText(rules_lines(statistics.rules)[0])
        _fill(
            self.problems,
            [_("Problēma"), _("Kas"), _("Apraksts")],
            [(problem_title(p.kind), p.about, p.text) for p in statistics.problems],
            numeric_from=3,
        )
        self.tabs.setTabText(3, _("Problēmas ({count})").format(count=len(statistics.problems)))
        self.status.setText(
            _("{period}: {count} vērtējumi, vidējais {average}.").format(
                period=statistics.period.label,
                count=statistics.total.figures.assessed,
                average=summary_row(statistics.total)[2] or "–",
            )
        )
        self._enable(True)
        emit(self.loaded)

    # --- the PDF ------------------------------------------------------------------------

    def suggested_name(self) -> str:
        if self.statistics is None:
            return "statistika.pdf"
        return file_name(
            f"statistika {self.statistics.grouping.title} {self.statistics.period.label}"
        )

    # --- the school's rules ----------------------------------------------------------------

    def edit_rules(self) -> None:
        dialog = RulesDialog(self, self.service.rules())
        if dialog.exec() != RulesDialog.DialogCode.Accepted:
            return
        service, rules = self.service, dialog.value
        self._write(lambda: service.save_rules(rules))


class RulesDialog(FormDialog):
    """The school's thresholds and how late corrections are made (the deputy's)."""

    def __init__(self, parent: QWidget | None, rules: SchoolRules) -> None:
        super().__init__(parent, _("Skolas noteikumi"))
        self.min_marks = QSpinBox()
        self.min_marks.setRange(0, 30)
        self.min_marks.setValue(rules.min_marks)
        self.drop = QLineEdit(f"{rules.average_drop:.1f}".replace(".", ","))
        self.limit = QSpinBox()
        self.limit.setRange(0, 200)
        self.limit.setValue(rules.unjustified_limit)
        self.late = QComboBox()
        self.late.addItem(_("skolotājs norāda iemeslu"), LateChanges.REASON)
        self.late.addItem(_("tikai pēc direktora vietnieka atvēršanas"), LateChanges.REOPEN)
        self.late.setCurrentIndex(0 if rules.late_changes is LateChanges.REASON else 1)
        self.form.addRow(_("Vērtējumu skaits semestrī vismaz (katrā priekšmetā)"), self.min_marks)
        self.form.addRow(_("Vidējā vērtējuma kritums mēnesī vairāk par (ballēm)"), self.drop)
        self.form.addRow(_("Neattaisnotas stundas mēnesī vairāk par"), self.limit)
        self.form.addRow(_("Labojumi slēgtā periodā"), self.late)
        self.check = self._rules
        self.finish()

    def _rules(self) -> SchoolRules:
        try:
            drop = Decimal(self.drop.text().strip().replace(",", "."))
        except InvalidOperation:
            drop = Decimal(-1)  # (said to be out of range)
        return validate_rules(
            SchoolRules(self.min_marks.value(), drop, self.limit.value(), self.late.currentData())
        )
