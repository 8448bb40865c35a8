"""*Atskaites → Statistika…* with real widgets (SPEC V1, V8): the deputy's figures of 7.a in
the table, a month chosen, the charts painted, the problems counted on their tab, the PDF
saved and read back; the school's rules changed in their dialog (a bad step refused with the
reason, nothing saved); a teacher's menu has no statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from eklase_desktop.domain.statistics import SchoolRules
from eklase_desktop.reports.document import SERIES_COLOURS
from eklase_desktop.services.reporting.statistics import SchoolStatistics
from eklase_desktop.ui.statistics import ChartView, RulesDialog, StatisticsWindow
from tests.pdf import pdf_pages
from tests.school import SmallSchool
from tests.ui.conftest import OpenRecords, OpenWindow
from tests.ui.test_school_windows import answer
from tests.unit.services.test_statistics import journal  # noqa: F401 (a fixture)


@pytest.fixture
def window(open_records: OpenRecords, journal: SmallSchool) -> StatisticsWindow:  # noqa: F811
    return open_records(StatisticsWindow, journal.factory, "vietnieks")  # type: ignore[no-any-return]


def _row(window: StatisticsWindow, row: int) -> list[str]:
    table = window.summary
    return [table.item(row, column).text() for column in range(table.columnCount())]


def _painted(view: ChartView, colour: str) -> bool:
    image = view.grab().toImage()
    wanted = QColor(colour).rgb()
    return any(
        image.pixel(x, y) == wanted
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )


def test_the_deputy_reads_the_figures_and_saves_them(
    qtbot: QtBot, window: StatisticsWindow, tmp_path: Path
) -> None:
    assert window.summary.rowCount() == 2  # 7.a and the total
    assert _row(window, 0)[:3] == ["7.a", "6", "6,40"]
    assert _row(window, 1)[0] == "Kopā" and window.summary.item(1, 0).font().bold()
    assert window.tabs.tabText(3).startswith("Problēmas (")
    problems = window.problems.rowCount()
    assert problems >= 3 and "(" + str(problems) + ")" in window.tabs.tabText(3)
    assert window.monthly.item(0, 2).text() == "5,00 (9,50)"  # October, last year's beside

    for index, view in ((1, window.average_view), (2, window.distribution_view)):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda view=view: view.isVisible())
        assert _painted(view, SERIES_COLOURS[0])

    october = next(
        i
        for i in range(window.period.count())
        if window.period.itemText(i) == "2026. gada oktobris"
    )
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.period.setCurrentIndex(october)
    assert _row(window, 0)[:3] == ["7.a", "4", "5,00"]

    target = tmp_path / "statistika.pdf"
    window.save_to(target)
    [first, *_rest] = pdf_pages(target.read_bytes(), tmp_path)
    assert "Klase vai grupa · 2026. gada oktobris" in first
    assert window.status.text() == f"Saglabāts: {target}"


def test_the_rules_are_changed_in_their_dialog(
    qtbot: QtBot, window: StatisticsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.rules_button.isVisible()
    shown: list[Any] = []

    def bad_step(dialog: Any) -> None:
        shown.append(dialog)
        dialog.drop.setText("abc")

    answer(monkeypatch, RulesDialog, bad_step)
    window.rules_button.click()
    assert shown[0].message.text() == "Vidējā vērtējuma kritums: no 0,1 līdz 5 ballēm."
    service = SchoolStatistics(window.workspace.factory, window.workspace.actor)
    assert service.rules() == SchoolRules()  # nothing saved

    def no_minimum(dialog: Any) -> None:
        dialog.min_marks.setValue(0)
        dialog.drop.setText("4,0")

    answer(monkeypatch, RulesDialog, no_minimum)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.rules_button.click()
    assert service.rules().min_marks == 0
    kinds = {window.problems.item(row, 0).text() for row in range(window.problems.rowCount())}
    assert kinds == {"Neattaisnoti kavējumi"}  # the drop of 3,50 is below 4; no minimum


def test_a_teacher_has_no_statistics(open_window: OpenWindow, school: SmallSchool) -> None:
    teacher = open_window(school.factory, course=school.maths)
    assert not teacher.statistics_action.isEnabled()
    deputy = open_window(school.factory, "vietnieks")
    assert deputy.statistics_action.isEnabled()
