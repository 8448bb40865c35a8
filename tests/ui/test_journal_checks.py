"""Journal checks with real widgets (SPEC V2, G 11): the deputy checks 7.a in the new-check
dialog, types a remark to the maths teacher and keeps the check; the window lists it with its
remarks and saves the act; the teacher's *Direktora vietnieka piezīmes* shows the remark and
marks it done; the Uzskaite menu counts the open ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.journal_checks import JournalChecks
from eklase_desktop.ui.journal_checks import (
    JournalChecksWindow,
    NewCheckDialog,
    RemarksWindow,
    name_remarks_action,
)
from tests.pdf import pdf_pages
from tests.school import SmallSchool
from tests.ui.conftest import OpenRecords, OpenWindow
from tests.unit.services.test_journal_checks import slipped  # noqa: F401 (a fixture)


@pytest.mark.today("2026-11-04T18:00")
def test_the_deputy_checks_7a_and_the_teacher_marks_it_done(
    qtbot: QtBot,
    slipped: SmallSchool,  # noqa: F811
    open_records: OpenRecords,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    desk = open_records(JournalChecksWindow, slipped.factory, "vietnieks")
    assert desk.status.text() == "Pārbaužu vēl nav." and not desk.save_button.isEnabled()

    def check_7a(dialog: NewCheckDialog) -> int:
        assert dialog.classes.item(0).text() == "2.a"  # (grade order)
        dialog.inspect()  # nothing chosen
        assert dialog.message.text() == "Izvēlieties vismaz vienu klasi."
        seven = next(
            dialog.classes.item(i)
            for i in range(dialog.classes.count())
            if dialog.classes.item(i).text() == "7.a"
        )
        seven.setCheckState(seven.checkState().Checked)
        dialog.inspect()
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
        about = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
        row = about.index("Matemātika 7.a")
        assert "Stunda 02.11.: nav tēmas" in dialog.table.item(row, 3).text()
        dialog.table.item(row, 2).setText("Ierakstiet tēmu.")
        dialog.note.setPlainText("Kopumā kārtībā.")
        dialog.accept_checked()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewCheckDialog, "exec", check_7a)
    with qtbot.waitSignal(desk.loaded, timeout=10_000):
        desk.new_button.click()
    qtbot.waitUntil(lambda: desk.remarks.rowCount() > 0, timeout=10_000)
    assert desk.checks.item(0, 0).text() == "04.11.2026." and desk.checks.item(0, 2).text() == "7.a"
    remarks = {
        desk.remarks.item(row, 1).text(): desk.remarks.item(row, 3).text()
        for row in range(desk.remarks.rowCount())
    }
    assert remarks["Matemātika 7.a"] == "Ierakstiet tēmu."
    target = tmp_path / desk.suggested_name()
    desk.save_to(target)
    act = "\n".join(pdf_pages(target.read_bytes(), tmp_path))
    assert "Žurnālu pārbaudes akts" in act and "Kopumā kārtībā." in act
    assert target.name.startswith("Žurnālu-pārbaudes-akts-2026-11-04")

    teacher = open_records(RemarksWindow, slipped.factory, "skolotajs1")
    rows = {teacher.table.item(row, 1).text(): row for row in range(teacher.table.rowCount())}
    maths = rows["Matemātika 7.a"]
    assert teacher.table.item(maths, 3).text() == "Ierakstiet tēmu."
    assert teacher.status.text() == f"Neizpildītas: {teacher.table.rowCount()}"
    teacher.table.selectRow(maths)
    assert teacher.done_button.isEnabled() and not teacher.undo_button.isEnabled()
    with qtbot.waitSignal(teacher.loaded, timeout=10_000):
        teacher.done_button.click()
    assert teacher.status.text() == f"Neizpildītas: {teacher.table.rowCount() - 1}"
    done_row = next(
        row
        for row in range(teacher.table.rowCount())
        if teacher.table.item(row, 1).text() == "Matemātika 7.a"
    )
    done_text = teacher.table.item(done_row, 4).text()
    assert done_text.startswith("04.11.2026.") and done_text.endswith("(vēl nav nosūtīts)")
    service = JournalChecks(slipped.factory, load_actor(slipped.factory, "skolotajs1"))
    assert service.open_count() == teacher.table.rowCount() - 1


@pytest.mark.today("2026-11-04T18:00")
def test_the_menus_offer_checks_to_the_deputy_and_count_the_remarks(
    open_window: OpenWindow,
    slipped: SmallSchool,  # noqa: F811
) -> None:
    deputy = open_window(slipped.factory, "vietnieks")
    school_menu = next(
        action.menu() for action in deputy.menuBar().actions() if action.text() == "Sk&ola"
    )
    assert "Žurnālu pārbaudes…" in [action.text() for action in school_menu.actions()]
    desk = JournalChecks(slipped.factory, load_actor(slipped.factory, "vietnieks"))
    targets = desk.inspect([slipped.class_id], dt.datetime(2026, 11, 4, 18, 0))
    desk.save(dt.date(2026, 11, 4), "7.a", targets)
    teacher = open_window(slipped.factory, course=slipped.maths)
    name_remarks_action(teacher.remarks_action, teacher.workspace)
    open_count = JournalChecks(slipped.factory, teacher.workspace.actor).open_count()
    assert open_count > 0
    assert teacher.remarks_action.text() == (
        f"Direktora vietnieka piezīmes ({open_count} neizpildītas)…"
    )


@pytest.mark.today("2027-06-10T12:00")
def test_the_year_end_check_is_signed_off(
    qtbot: QtBot,
    school: SmallSchool,
    open_records: OpenRecords,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = open_records(JournalChecksWindow, school.factory, "vietnieks")

    def year_end(dialog: NewCheckDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findText("Mācību gada noslēguma pārbaude"))
        dialog.whole_school.setChecked(True)
        dialog.inspect()
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
        findings = "\n".join(
            dialog.table.item(row, 3).text() for row in range(dialog.table.rowCount())
        )
        assert "Nav gada vērtējuma (4)" in findings and "Nepilnīga personas lieta" in findings
        dialog.accept_checked()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewCheckDialog, "exec", year_end)
    with qtbot.waitSignal(desk.loaded, timeout=10_000):
        desk.new_button.click()
    qtbot.waitUntil(lambda: desk.checks.rowCount() == 1, timeout=10_000)
    assert desk.check_id is not None  # the new check is the one chosen
    assert desk.checks.item(0, 1).text() == "Mācību gada noslēguma pārbaude"
    assert desk.checks.item(0, 2).text() == "visa skola" and desk.sign_button.isEnabled()
    asked: list[str] = []
    desk.confirm = lambda question: asked.append(question) or True
    with qtbot.waitSignal(desk.loaded, timeout=10_000):
        desk.sign_button.click()
    assert "Vēl nav izpildītas" in asked[0]
    qtbot.waitUntil(lambda: "apstiprināta" in desk.checks.item(0, 1).text(), timeout=10_000)
    assert desk.checks.item(0, 1).text().endswith("apstiprināta 10.06.2027.")
    assert not desk.sign_button.isEnabled()
