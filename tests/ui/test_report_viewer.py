"""The report viewer with real widgets: choose, build off the GUI thread, page through, zoom,
save as PDF and print to a printer (here Qt's PDF printer, read back)."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.reporting import ReportKind
from eklase_desktop.ui.reports import ReportViewer, recent_months
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from tests.pdf import pdf_pages
from tests.school import SmallSchool

# The demo school's lessons are in September and October 2026: a day in November, when both
# are among the recent months the viewer offers.
pytestmark = pytest.mark.today("2026-11-16")


def open_viewer(qtbot: QtBot, factory: sessionmaker[Session], user: str) -> ReportViewer:
    tasks = TaskRunner()
    viewer = ReportViewer(Workspace.open(factory, load_actor(factory, user), tasks))
    qtbot.addWidget(viewer)
    viewer.destroyed.connect(tasks.shutdown)
    viewer.show()
    return viewer


@pytest.fixture
def viewer(qtbot: QtBot, demo: sessionmaker[Session]) -> Iterator[ReportViewer]:
    shown = open_viewer(qtbot, demo, "vietnieks")
    yield shown
    shown.workspace.tasks.shutdown()


def choose(viewer: ReportViewer, kind: ReportKind, klass: str = "7.a") -> None:
    viewer.kinds.setCurrentIndex(viewer.kinds.findData(kind))
    viewer.classes.setCurrentIndex(viewer.classes.findText(klass))
    month = next(i for i in range(viewer.months.count()) if "oktobris" in viewer.months.itemText(i))
    viewer.periods.setCurrentIndex(0)
    viewer.months.setCurrentIndex(month)


def test_a_class_statements_build_show_and_save(
    viewer: ReportViewer, qtbot: QtBot, tmp_path: Path
) -> None:
    assert [viewer.kinds.itemData(i) for i in range(viewer.kinds.count())] == list(ReportKind)
    choose(viewer, ReportKind.STATEMENT)
    assert viewer.students.count() > 20 and viewer.students.itemText(0) == "Visa klase"
    assert viewer.courses.isHidden() and not viewer.months.isHidden()
    with qtbot.waitSignal(viewer.built, timeout=30_000):
        viewer.build_button.click()
        assert not viewer.build_button.isEnabled()  # building: the window stays usable
    students = viewer.students.count() - 1
    qtbot.waitUntil(lambda: viewer.page_count >= students, timeout=10_000)
    assert viewer.page_label.text() == f"Lapa 1 no {viewer.page_count}"
    viewer.next_button.click()
    qtbot.waitUntil(lambda: viewer.current_page == 1, timeout=5_000)
    assert viewer.page_label.text().startswith("Lapa 2 no")
    before = viewer.view.zoomFactor()
    viewer.zoom_in_button.click()
    assert viewer.view.zoomFactor() == pytest.approx(before * 1.25)
    out = tmp_path / viewer.suggested_name()
    assert out.name.startswith("Sekmju-izraksts-7.a-klase")
    viewer.save_to(out)
    pages = pdf_pages(out.read_bytes(), tmp_path)
    assert len(pages) == viewer.page_count
    assert "Sekmju izraksts" in pages[0] and "2026. gada oktobris" in pages[0]


def test_one_student_and_printing(viewer: ReportViewer, qtbot: QtBot, tmp_path: Path) -> None:
    choose(viewer, ReportKind.ATTENDANCE)
    viewer.students.setCurrentIndex(3)
    name = viewer.students.currentText()
    with qtbot.waitSignal(viewer.built, timeout=30_000):
        viewer.build_button.click()
    assert viewer.document is not None and viewer.document.sections[0].part.startswith(name)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    viewer.prepare_printer(printer)
    assert viewer.print_to(printer) == viewer.page_count
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert int(pages.split()[1]) == viewer.page_count
    assert viewer.suggested_name().startswith("Kavējumu-atskaite-" + name.replace(" ", "-"))
    # another choice takes the shown report away: it cannot be saved under the new one
    viewer.kinds.setCurrentIndex(viewer.kinds.findData(ReportKind.STATEMENT))
    assert viewer.document is None and not viewer.save_button.isEnabled()
    assert not viewer.print_button.isEnabled() and "Sagatavot" in viewer.status.text()
    assert viewer.view.isHidden()  # not the previous report's empty pages


def test_a_refusal_is_shown_and_nothing_is_built(qtbot: QtBot, demo: sessionmaker[Session]) -> None:
    viewer = open_viewer(qtbot, demo, "vietnieks")
    choose(viewer, ReportKind.TEACHER)
    assert not viewer.courses.isHidden() and viewer.classes.isHidden()
    viewer.periods.setCurrentIndex(1)  # from … to …
    viewer.start.setDate(viewer.end.date().addDays(5))
    viewer.build_button.click()
    qtbot.waitUntil(lambda: bool(viewer.message.text()), timeout=10_000)
    assert "ir pirms sākuma" in viewer.message.text()
    assert viewer.pdf is None and not viewer.print_button.isEnabled()
    viewer.workspace.tasks.shutdown()


def test_a_teacher_is_offered_only_the_teacher_report(
    qtbot: QtBot, demo: sessionmaker[Session]
) -> None:
    viewer = open_viewer(qtbot, demo, "skolotajs1")
    kinds = [viewer.kinds.itemData(i) for i in range(viewer.kinds.count())]
    assert ReportKind.TEACHER in kinds and ReportKind.SUBSTITUTIONS not in kinds
    assert viewer.courses.count() >= 1
    viewer.workspace.tasks.shutdown()


def test_the_school_years_months_latest_first() -> None:
    assert recent_months(dt.date(2026, 11, 3)) == [(2026, 11), (2026, 10), (2026, 9)]
    assert recent_months(dt.date(2027, 1, 4))[:3] == [(2027, 1), (2026, 12), (2026, 11)]
    assert recent_months(dt.date(2027, 1, 4))[-1] == (2026, 9)  # nothing of the year before
    assert recent_months(dt.date(2027, 7, 10))[0] == (2027, 5)  # the summer: the year ended
    assert recent_months(dt.date(2026, 9, 2)) == [(2026, 9)]


def test_the_previous_month_is_chosen(viewer: ReportViewer) -> None:
    assert viewer.months.currentData().label == "2026. gada oktobris"


def test_substitutions_of_the_whole_school_or_a_class(viewer: ReportViewer, qtbot: QtBot) -> None:
    viewer.kinds.setCurrentIndex(viewer.kinds.findData(ReportKind.SUBSTITUTIONS))
    assert viewer.classes.itemText(0) == "Visa skola" and viewer.classes.currentIndex() == 0
    viewer.periods.setCurrentIndex(1)
    viewer.start.setDate(QDate(2026, 9, 1))
    viewer.end.setDate(QDate(2026, 10, 31))
    with qtbot.waitSignal(viewer.built, timeout=30_000):
        viewer.build_button.click()
    assert viewer.document is not None and viewer.document.subtitle == "01.09.2026.–31.10.2026."
    viewer.kinds.setCurrentIndex(viewer.kinds.findData(ReportKind.STATEMENT))
    assert viewer.classes.findText("Visa skola") == -1  # class reports are of a class


def test_the_class_summary_fits_a_1366_pixel_screen(viewer: ReportViewer, qtbot: QtBot) -> None:
    choose(viewer, ReportKind.CLASS_SUMMARY)
    with qtbot.waitSignal(viewer.built, timeout=30_000):
        viewer.build()
    assert viewer.frameGeometry().width() <= 1366
    assert "Klases sekmju kopsavilkums" in viewer.status.toolTip()  # the whole name
    free = viewer.screen().availableGeometry()  # (offscreen: 800 high, less than its 820)
    assert viewer.frameGeometry().height() <= free.height()


def test_a_report_card_offers_only_semesters_and_the_year(viewer: ReportViewer) -> None:
    def offered() -> list[str]:
        return [viewer.periods.itemText(i) for i in range(viewer.periods.count())]

    viewer.kinds.setCurrentIndex(viewer.kinds.findData(ReportKind.STATEMENT))
    viewer.periods.setCurrentIndex(viewer.periods.findText("II semestris"))
    viewer.kinds.setCurrentIndex(viewer.kinds.findData(ReportKind.REPORT_CARD))
    assert offered() == ["I semestris", "II semestris", "Mācību gads"]
    assert viewer.periods.currentText() == "II semestris"  # the choice is kept
    assert viewer.months.isHidden()
    viewer.kinds.setCurrentIndex(viewer.kinds.findData(ReportKind.STATEMENT))
    assert offered()[:2] == ["Mēnesis", "No … līdz …"]
    assert viewer.periods.currentText() == "II semestris"


def test_every_students_year_statement_in_one_batch(
    qtbot: QtBot, school: SmallSchool, tmp_path: Path
) -> None:
    """The clerk's year end (SPEC V3): *Visas klases* prints every student's statement of the
    school year in one document, a numbered part per student."""
    viewer = open_viewer(qtbot, school.factory, "vietnieks")
    every = viewer.classes.findText("Visas klases (2)")
    assert every == viewer.classes.count() - 1  # after the classes themselves
    viewer.kinds.setCurrentIndex(viewer.kinds.findData(ReportKind.STATEMENT))
    viewer.classes.setCurrentIndex(every)
    assert [viewer.students.itemText(i) for i in range(viewer.students.count())] == ["Visi skolēni"]
    viewer.periods.setCurrentIndex(viewer.periods.findText("Mācību gads"))
    with qtbot.waitSignal(viewer.built, timeout=30_000):
        viewer.build_button.click()
    assert viewer.page_count == len(school.students)
    pages = pdf_pages(viewer.pdf or b"", tmp_path)
    assert all("Lapa 1 no 1" in page for page in pages)  # each handed out on its own
    assert "Apinīte Alise, 7.a klase" in pages[0]
    viewer.workspace.tasks.shutdown()
