"""The *Skola* windows with real widgets (SPEC C1; DOMAIN: school set-up): the year, the
classes and the subjects are added and changed; a value that is not valid keeps the dialog
open with a Latvian message, a refusal of the whole shows one in the window; nothing is saved
then. A teacher has no *Skola* menu; the director reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from eklase_desktop.domain.roles import Role
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.actor import load_actor
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.school import common
from eklase_desktop.ui.school.classes import (
    ClassDialog,
    ClassesWindow,
    SubjectDialog,
    SubjectsWindow,
)
from eklase_desktop.ui.school.common import TableWindow, set_day
from eklase_desktop.ui.school.courses import CourseDialog, CoursesWindow
from eklase_desktop.ui.school.rollover import RolloverWindow
from eklase_desktop.ui.school.staff import StaffDialog, StaffWindow
from eklase_desktop.ui.school.students import StudentDialog, StudentsWindow
from eklase_desktop.ui.school.substitutions import SubstitutionDialog, SubstitutionsWindow
from eklase_desktop.ui.school.years import SchoolYearWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from tests.school import SmallSchool, add_staff

pytestmark = pytest.mark.today("2026-08-20")
Opener = Callable[..., Any]


@pytest.fixture
def open_window(qtbot: QtBot, school: SmallSchool) -> Iterator[Opener]:
    runners: list[TaskRunner] = []

    def opener(kind: type, username: str = "vietnieks") -> Any:
        tasks = TaskRunner()
        runners.append(tasks)
        window = kind(Workspace.open(school.factory, load_actor(school.factory, username), tasks))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            window.show()
        return window

    yield opener
    for tasks in runners:
        tasks.shutdown()


def queued(school: SmallSchool) -> list[str]:
    with school.factory() as session:
        return list(session.scalars(select(OutboxEntry.mutation).order_by(OutboxEntry.seq)))


def answer(monkeypatch: pytest.MonkeyPatch, dialog: type, fill: Callable[[Any], None]) -> list[str]:
    """The user fills ``dialog`` and presses *Saglabāt*; if it opens again (the save was
    refused), reads the reason it shows and presses *Atcelt*. Returns those reasons."""
    reasons: list[str] = []

    def run(shown: Any) -> int:
        if shown.isHidden() and shown.result() == QDialog.DialogCode.Accepted:  # again
            reasons.append(shown.message.text())
            return QDialog.DialogCode.Rejected
        fill(shown)
        shown.accept_checked()
        return shown.result()

    monkeypatch.setattr(dialog, "exec", run)
    return reasons


def cells(window: TableWindow, column: int) -> list[str]:
    return [window.table.item(row, column).text() for row in range(window.table.rowCount())]


def test_a_new_school_year_is_made_from_the_last_and_a_bad_one_refused(
    open_window: Opener, qtbot: QtBot, school: SmallSchool
) -> None:
    window = open_window(SchoolYearWindow)
    assert window.list.count() == 1 and window.name.text() == "2026./2027."
    assert window.holidays.rowCount() == 3
    window.new_button.click()
    assert window.name.text() == "2027./2028." and window.year_id is None
    set_day(window.semesters[1][0], dt.date(2027, 12, 1))  # the II semester before the I ends
    window.save_button.click()
    assert window.message.text() == "2027./2028.: semestri pārklājas."
    assert queued(school) == []
    set_day(window.semesters[1][0], dt.date(2028, 1, 3))
    window.holidays.item(0, 0).setText("Rudens brīvlaiks")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.save_button.click()
    assert [window.list.item(i).text() for i in range(2)] == [
        "2027./2028. (melnraksts)",
        "2026./2027. (melnraksts)",
    ]
    assert window.name.text() == "2027./2028." and window.year_id is not None
    assert window.holidays.item(0, 0).text() == "Rudens brīvlaiks"
    assert queued(school) == ["school_year.set"]


def test_classes_are_added_and_a_bad_name_keeps_the_dialog_open(
    open_window: Opener, qtbot: QtBot, school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(ClassesWindow)
    assert cells(window, 0) == ["2.a", "7.a"]
    dialog = ClassDialog(window, [], None)
    dialog.name.setText("7.a; DROP")
    dialog.accept_checked()  # Saglabāt
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text().startswith("Klases nosaukums «7.a; DROP» nav derīgs: lietojiet")

    def eight_b(shown: ClassDialog) -> None:
        shown.name.setText("8.b")
        shown.grade.setValue(8)
        shown.programme.setText("Pamatizglītības programma")
        shown.tutor.setCurrentIndex(shown.tutor.findText("Tūters Tālivaldis"))

    answer(monkeypatch, ClassDialog, eight_b)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    assert cells(window, 0) == ["2.a", "7.a", "8.b"]
    assert cells(window, 4)[2] == "Tūters Tālivaldis"
    reasons = answer(monkeypatch, ClassDialog, lambda shown: shown.name.setText("7.A"))
    window.table.selectRow(2)
    window.edit_button.click()
    qtbot.waitUntil(lambda: reasons != [], timeout=10_000)  # the dialog again, as typed
    assert reasons == ["Klase «7.A» šajā mācību gadā jau ir."]
    assert cells(window, 0) == ["2.a", "7.a", "8.b"] and queued(school) == ["class_group.set"]
    monkeypatch.setattr(common.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.table.selectRow(1)
    window.delete_button.click()
    qtbot.waitUntil(lambda: "skolēni" in window.message.text(), timeout=10_000)


def test_subjects_are_added_and_a_used_one_stays(
    open_window: Opener, qtbot: QtBot, school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(SubjectsWindow)
    assert cells(window, 0) == ["Klavierspēle", "Latviešu valoda", "Matemātika"]

    def solfeggio(shown: SubjectDialog) -> None:
        shown.name.setText("Solfedžo")
        shown.kind.setCurrentIndex(shown.kind.findText("teorijas"))
        shown.pass_fail.setChecked(True)

    answer(monkeypatch, SubjectDialog, solfeggio)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    row = cells(window, 0).index("Solfedžo")
    assert [window.table.item(row, c).text() for c in range(4)] == [
        "Solfedžo", "Solfedžo", "teorijas", "i / ni",
    ]  # fmt: skip
    monkeypatch.setattr(common.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.table.selectRow(cells(window, 0).index("Matemātika"))
    window.delete_button.click()
    qtbot.waitUntil(lambda: "Priekšmetam ir kursi" in window.message.text(), timeout=10_000)
    assert queued(school) == ["subject.set"]


def test_the_school_menu_is_the_clerks_deputys_and_directors(
    qtbot: QtBot, school: SmallSchool, open_window: Opener
) -> None:
    def menus(username: str) -> list[str]:
        tasks = TaskRunner()
        window = MainWindow(
            Workspace.open(school.factory, load_actor(school.factory, username), tasks)
        )
        qtbot.addWidget(window)
        titles = [action.text() for action in window.menuBar().actions()]
        tasks.shutdown()
        return titles

    assert "Sk&ola" in menus("vietnieks") and "Sk&ola" not in menus("skolotajs1")
    add_staff(school.factory, "direktore", "director", "Inta", "Direktore")
    reader = open_window(ClassesWindow, "direktore")
    assert reader.add_button.isHidden() and reader.table.rowCount() == 2
    with school.factory() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0


def test_a_staff_card_is_added_with_its_roles(
    open_window: Opener, qtbot: QtBot, school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(StaffWindow)
    assert "Tūters Tālivaldis" in cells(window, 0)
    bad = StaffDialog(window, None)
    bad.first_name.setText("Rūta")
    bad.last_name.setText("Ēce")
    bad.personal_code.setText("010190-12345")
    bad.accept_checked()
    assert bad.result() != QDialog.DialogCode.Accepted
    assert bad.message.text() == "Nederīgs personas kods."

    def ruta(shown: StaffDialog) -> None:
        shown.first_name.setText("Rūta")
        shown.last_name.setText("Ēce")
        shown.phone.setText("29123456")
        shown.roles[Role.TUTOR].setChecked(True)
        shown.from_known.setChecked(True)
        set_day(shown.employed_from, dt.date(2026, 9, 1))

    answer(monkeypatch, StaffDialog, ruta)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    row = cells(window, 0).index("Ēce Rūta")
    assert [window.table.item(row, c).text() for c in range(7)] == [
        "Ēce Rūta", "(pēc sinhronizācijas)", "", "Mācību priekšmeta skolotājs, Klases audzinātājs",
        "+371 29123456", "", "no 01.09.2026",
    ]  # fmt: skip
    assert queued(school) == ["staff.set"]


def test_a_student_card_with_a_guardian(
    open_window: Opener, qtbot: QtBot, school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(StudentsWindow)
    assert window.classes.currentText() == "2.a" and window.table.rowCount() == 0
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.classes.setCurrentIndex(window.classes.findText("7.a"))
    before = window.table.rowCount()
    assert before > 3

    def anna(shown: StudentDialog) -> None:
        shown.first_name.setText("Anna")
        shown.last_name.setText("Bērziņa")
        shown.personal_code.setText("32010101001")
        shown.admission_order.setText("15-p")
        shown.guardians.add(None)
        shown.guardians.table.item(0, 0).setText("Ilze")
        shown.guardians.table.item(0, 1).setText("Bērziņa")
        shown.guardians.table.item(0, 2).setText("29111222")

    answer(monkeypatch, StudentDialog, anna)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    row = cells(window, 0).index("Bērziņa Anna")
    assert [window.table.item(row, c).text() for c in range(6)] == [
        "Bērziņa Anna", "320101-01001", "", "", "Ilze Bērziņa", "15-p 20.08.2026",
    ]  # fmt: skip
    assert queued(school) == ["student.set"]
    bad = StudentDialog(window, None, school.class_id)
    bad.first_name.setText("Anna")
    bad.last_name.setText("Bērziņa")
    bad.personal_code.setText("320101-01001")
    bad.guardians.add(None)
    bad.guardians.table.item(0, 0).setText("Ilze")
    bad.guardians.table.item(0, 1).setText("Bērziņa")
    bad.guardians.table.item(0, 2).setText("12345")
    bad.accept_checked()
    assert bad.result() != QDialog.DialogCode.Accepted and "tālruņa" in bad.message.text().lower()


def test_a_group_course_with_chosen_students(
    open_window: Opener, qtbot: QtBot, school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(CoursesWindow)
    assert "Matemātika 7.a" in cells(window, 0)

    def ensemble(shown: CourseDialog) -> None:
        shown.subject.setCurrentIndex(shown.subject.findText("Klavierspēle"))
        shown.kind.setCurrentIndex(shown.kind.findText("grupas"))
        shown.group.setCurrentIndex(shown.group.findText("7.a"))
        for row in range(2):
            shown.students.item(row).setCheckState(Qt.CheckState.Checked)
        shown.teacher.setCurrentIndex(shown.teacher.findText("Celms Čārlis"))
        shown.weekly.setValue(2)

    answer(monkeypatch, CourseDialog, ensemble)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    row = cells(window, 0).index("Klavierspēle 7.a")
    assert [window.table.item(row, c).text() for c in range(8)] == [
        "Klavierspēle 7.a", "Klavierspēle", "7.a", "grupas", "Celms Čārlis", "", "2", "2",
    ]  # fmt: skip
    reasons = answer(monkeypatch, CourseDialog, lambda shown: None)
    empty = CourseDialog(window, window.setup, window.people, school.year_id, None)
    empty.kind.setCurrentIndex(empty.kind.findText("individuālais"))
    empty.accept_checked()
    assert empty.message.text() == "Individuālajam kursam izvēlieties vienu skolēnu."
    assert reasons == [] and queued(school) == ["course.set"]


def test_the_personal_file_opens_from_the_student_list(
    open_window: Opener, qtbot: QtBot, school: SmallSchool
) -> None:
    """SPEC T6: *Personas lieta…* shows the chosen student's file, ready to print."""
    window = open_window(StudentsWindow)
    assert window.file_button.isVisible()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.classes.setCurrentIndex(window.classes.findText("7.a"))
    window.table.selectRow(0)
    window.open_file()
    viewer = window.file_viewer
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.document is not None or viewer.message.text() != "")
    assert viewer.message.text() == ""
    assert viewer.kind is not None and viewer.kind.value == "personal-file"
    assert viewer.document is not None
    parts = [section.part for section in viewer.document.sections if section.part]
    assert parts == ["Apinīte Alise, 7.a klase"]  # the chosen student only
    lines = viewer.document.text_lines()
    assert "Skolēna kartīte" in lines and "Vārds, uzvārds: Alise Apinīte" in lines


@pytest.mark.today("2026-11-02")
def test_the_deputy_names_a_substitute(
    open_window: Opener, qtbot: QtBot, school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC J4: the week's substitute for maths; a week that ends before it starts is refused
    in the dialog, in Latvian, and nothing is saved."""
    window = open_window(SubstitutionsWindow)
    assert window.table.rowCount() == 0 and window.add_button.isVisible()

    def backwards(shown: SubstitutionDialog) -> None:
        shown.course.setCurrentIndex(shown.course.findText("Matemātika 7.a (Ābele Anna)"))
        shown.substitute.setCurrentIndex(shown.substitute.findText("Celms Čārlis"))
        set_day(shown.end, dt.date(2026, 10, 30))

    messages: list[str] = []

    def run(shown: SubstitutionDialog) -> int:
        backwards(shown)
        shown.accept_checked()
        messages.append(shown.message.text())
        set_day(shown.end, dt.date(2026, 11, 6))
        shown.accept_checked()
        return shown.result()

    monkeypatch.setattr(SubstitutionDialog, "exec", run)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    assert messages == ["Aizvietošanas beigas ir pirms tās sākuma."]
    assert [window.table.item(0, c).text() for c in range(6)] == [
        "Matemātika 7.a", "Ābele Anna", "Celms Čārlis", "02.11.2026", "06.11.2026", "0",
    ]  # fmt: skip
    assert queued(school) == ["substitution.set"]


@pytest.mark.today("2027-06-15")
def test_the_next_year_from_the_window(
    open_window: Opener, qtbot: QtBot, school: SmallSchool
) -> None:
    """SPEC Y1: the classes' next names in an editable table; without the order's number
    nothing happens; with it the year is made."""
    window = open_window(RolloverWindow)
    assert "2027./2028." in window.about.text()
    assert cells(window, 0) == ["2.a", "7.a"] and cells(window, 1) == ["3.a", "8.a"]
    window.table.item(0, 1).setText("3.b")
    window.create_button.click()
    qtbot.waitUntil(lambda: window.message.text() != "", timeout=10_000)
    assert "rīkojuma numuru" in window.message.text() and queued(school) == []
    window.number.setText("1-12/120")
    with qtbot.waitSignal(window.saved, timeout=20_000):
        window.create_button.click()
    assert window.note.text() == "Izveidots mācību gads 2027./2028."
    assert queued(school)[:3] == ["school_year.set", "class_group.set", "class_group.set"]
