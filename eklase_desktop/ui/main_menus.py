"""The main window's menu bar: files, editing (undo), lessons, the view, the class's records,
the school's set-up, work records and what is overdue, reports, sync, help."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QInputDialog

from eklase_desktop import i18n
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Role
from eklase_desktop.i18n import _
from eklase_desktop.services.absences import AbsenceReader
from eklase_desktop.services.class_logs import ClassLogs
from eklase_desktop.services.journal_checks import CHECK_READERS
from eklase_desktop.services.monthly_statements import MonthlyStatements
from eklase_desktop.services.phones import ClassPhones
from eklase_desktop.services.school import READERS as SCHOOL_READERS
from eklase_desktop.services.statistics import STATISTICS_READERS
from eklase_desktop.services.work_records import WorkLog
from eklase_desktop.ui.absences import AbsenceEditor
from eklase_desktop.ui.class_logs import ClassLogWindow
from eklase_desktop.ui.history import show_cell_history
from eklase_desktop.ui.journal_checks import (
    JournalChecksWindow,
    RemarksWindow,
    name_remarks_action,
)
from eklase_desktop.ui.monthly_statements import StatementsWindow
from eklase_desktop.ui.news import NewsWindow, name_news_action
from eklase_desktop.ui.period_locks import PeriodLocksWindow
from eklase_desktop.ui.phones import PhonesWindow
from eklase_desktop.ui.reports import ReportViewer
from eklase_desktop.ui.school.archive import ArchiveWindow
from eklase_desktop.ui.school.classes import ClassesWindow, SubjectsWindow
from eklase_desktop.ui.school.courses import CoursesWindow
from eklase_desktop.ui.school.importing import ImportWindow
from eklase_desktop.ui.school.rollover import RolloverWindow
from eklase_desktop.ui.school.staff import StaffWindow
from eklase_desktop.ui.school.students import StudentsWindow
from eklase_desktop.ui.school.substitutions import SubstitutionsWindow
from eklase_desktop.ui.school.years import SchoolYearWindow
from eklase_desktop.ui.statistics import StatisticsWindow

if TYPE_CHECKING:
    from eklase_desktop.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """The menu bar: what each menu offers this user (set on ``window``)."""
    file_menu = window.menuBar().addMenu(_("&Fails"))
    window.news_action = file_menu.addAction(_("Skolas jaunumi…"))
    window.news_action.setShortcut(QKeySequence("Ctrl+J"))
    window.news_action.triggered.connect(partial(window.show_records, NewsWindow))
    file_menu.aboutToShow.connect(lambda: name_news_action(window.news_action, window.workspace))
    file_menu.addSeparator()
    password_action = file_menu.addAction(_("Mainīt paroli…"))
    password_action.triggered.connect(window.change_password)
    password_action.setEnabled(window.workspace.sync is not None)
    lock_action = file_menu.addAction(_("Bloķēt"))
    lock_action.setShortcut(QKeySequence("Ctrl+L"))
    # from any of the user's windows (the overdue list, a report), not only the journal's
    lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    lock_action.triggered.connect(window.lock.lock)
    file_menu.addAction(_("Automātiskā bloķēšana…")).triggered.connect(
        lambda: _ask_lock_minutes(window)
    )
    file_menu.addAction(_("Izrakstīties")).triggered.connect(window.sign_out)
    file_menu.addSeparator()
    quit_action = file_menu.addAction(_("Iziet"))
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    edit_menu = window.menuBar().addMenu(_("&Labot"))
    window.undo_action = edit_menu.addAction(_("Atsaukt"))
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.undo_action.triggered.connect(window.undo)
    window.redo_action = edit_menu.addAction(_("Atcelt atsaukšanu"))
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.redo_action.triggered.connect(window.redo)
    for action in (window.undo_action, window.redo_action):
        # the grid's: the lesson panel's text fields keep their own Ctrl+Z
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.view.addAction(action)
    lesson_menu = window.menuBar().addMenu(_("&Stunda"))
    window.add_lesson_action = lesson_menu.addAction(_("Pievienot stundu"))
    window.add_lesson_action.setShortcut(QKeySequence("Ctrl+N"))
    window.add_lesson_action.triggered.connect(window.add_lesson)
    window.history_action = lesson_menu.addAction(_("Šūnas vēsture…"))
    window.history_action.setShortcut(QKeySequence("Ctrl+H"))
    window.history_action.triggered.connect(partial(show_cell_history, window))
    # the same one click away on the grid's right button
    window.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    window.view.addAction(window.history_action)
    view_menu = window.menuBar().addMenu(_("Ska&ts"))
    window.average_action = view_menu.addAction(_("Vidējā vērtējuma kolonna"))
    window.average_action.setCheckable(True)
    window.average_action.setChecked(window.workspace.settings.get("show_average") == "1")
    window.model.set_show_average(window.average_action.isChecked())
    window.average_action.toggled.connect(window.show_average)
    language_menu = view_menu.addMenu(_("Valoda"))
    group = QActionGroup(window)
    for code, label in i18n.LANGUAGES.items():
        action = QAction(label, window, checkable=True)
        action.setChecked(code == i18n.current_language())
        action.triggered.connect(partial(window.choose_language, code))
        group.addAction(action)
        language_menu.addAction(action)
    class_menu = window.menuBar().addMenu(_("&Klase"))
    window.absences_action = class_menu.addAction(_("Kavējumi un attaisnojumi"))
    window.absences_action.triggered.connect(partial(window.show_records, AbsenceEditor))
    window.absences_action.setEnabled(
        bool(AbsenceReader(window.workspace.factory, window.workspace.actor).classes())
    )
    window.phones_action = class_menu.addAction(_("Skolēnu un vecāku tālruņi"))
    window.phones_action.triggered.connect(partial(window.show_records, PhonesWindow))
    window.phones_action.setEnabled(
        bool(ClassPhones(window.workspace.factory, window.workspace.actor).classes())
    )
    window.logs_action = class_menu.addAction(_("Klases žurnāli (sarunas, instruktāžas, uzvedība)"))
    window.logs_action.triggered.connect(partial(window.show_records, ClassLogWindow))
    window.logs_action.setEnabled(
        bool(ClassLogs(window.workspace.factory, window.workspace.actor).classes())
    )
    _build_school_menu(window)
    work_menu = window.menuBar().addMenu(_("&Uzskaite"))
    window.work_action = work_menu.addAction(_("Darba uzskaite…"))
    window.work_action.triggered.connect(window.show_work_records)
    window.work_action.setEnabled(_keeps_work_records(window))
    window.remarks_action = work_menu.addAction(_("Direktora vietnieka piezīmes…"))
    window.remarks_action.triggered.connect(partial(window.show_records, RemarksWindow))
    work_menu.aboutToShow.connect(
        lambda: name_remarks_action(window.remarks_action, window.workspace)
    )
    window.overdue_action = work_menu.addAction(_("Mani kavētie ieraksti…"))
    window.overdue_action.setShortcut(QKeySequence("Ctrl+K"))
    window.overdue_action.triggered.connect(window.show_overdue)
    report_menu = window.menuBar().addMenu(_("&Atskaites"))
    window.reports_action = report_menu.addAction(_("Atskaites un izdrukas…"))
    window.reports_action.setShortcut(QKeySequence.StandardKey.Print)
    window.reports_action.triggered.connect(partial(window.show_records, ReportViewer))
    window.statements_action = report_menu.addAction(_("Mēneša sekmju izraksti…"))
    window.statements_action.triggered.connect(partial(window.show_records, StatementsWindow))
    window.statements_action.setEnabled(
        bool(MonthlyStatements(window.workspace.factory, window.workspace.actor).classes())
    )
    window.statistics_action = report_menu.addAction(_("Statistika…"))
    window.statistics_action.triggered.connect(partial(window.show_records, StatisticsWindow))
    window.statistics_action.setEnabled(bool(window.workspace.actor.roles & STATISTICS_READERS))
    sync_menu = window.menuBar().addMenu(_("Si&nhronizācija"))
    sync_now = sync_menu.addAction(_("Sinhronizēt tagad"))
    sync_now.setShortcut(QKeySequence("F5"))
    sync_now.triggered.connect(window.sync_now)
    window.offline_action = sync_menu.addAction(_("Strādāt bezsaistē"))
    window.offline_action.setCheckable(True)
    window.offline_action.toggled.connect(window.work_offline)
    sync_menu.addAction(_("Konflikti un noraidītās izmaiņas")).triggered.connect(
        window.show_sync_panel
    )
    if window.workspace.sync is None:
        sync_menu.setEnabled(False)
    help_menu = window.menuBar().addMenu(_("&Palīdzība"))
    help_menu.addAction(_("Apzīmējumi")).triggered.connect(window.show_legend)


def _build_school_menu(window: MainWindow) -> None:
    """*Skola*: the clerk's, the deputy's (and, to read, the director's) set-up."""
    if not window.workspace.actor.roles & SCHOOL_READERS:
        return
    school_menu = window.menuBar().addMenu(_("Sk&ola"))
    for label, kind in (
        (_("Mācību gads…"), SchoolYearWindow),
        (_("Klases un grupas…"), ClassesWindow),
        (_("Mācību priekšmeti…"), SubjectsWindow),
        (_("Darbinieki…"), StaffWindow),
        (_("Skolēni…"), StudentsWindow),
        (_("Kursi (tarifikācija)…"), CoursesWindow),
        (_("Aizvietošanas…"), SubstitutionsWindow),
    ):
        school_menu.addAction(label).triggered.connect(partial(window.show_records, kind))
    if window.workspace.actor.roles & SCHOOL_WIDE_ROLES:
        school_menu.addSeparator()
        school_menu.addAction(_("Importēt no izklājlapas…")).triggered.connect(
            partial(window.show_records, ImportWindow)
        )
        school_menu.addAction(_("Jauns mācību gads…")).triggered.connect(
            partial(window.show_records, RolloverWindow)
        )
    if window.workspace.actor.roles & CHECK_READERS:
        school_menu.addAction(_("Žurnālu pārbaudes…")).triggered.connect(
            partial(window.show_records, JournalChecksWindow)
        )
        school_menu.addAction(_("Periodu slēgšana…")).triggered.connect(
            partial(window.show_records, PeriodLocksWindow)
        )
    if Role.DEPUTY in window.workspace.actor.roles and window.workspace.sync is not None:
        school_menu.addAction(_("Arhivēt mācību gadu…")).triggered.connect(
            partial(window.show_records, ArchiveWindow)
        )


def _keeps_work_records(window: MainWindow) -> bool:
    log = WorkLog(window.workspace.factory, window.workspace.actor)
    return bool(log.kinds()) or log.accompanies()


def _ask_lock_minutes(window: MainWindow) -> None:
    minutes, chosen = QInputDialog.getInt(
        window,
        _("Automātiskā bloķēšana"),
        _("Bloķēt žurnālu pēc tik minūtēm bez darbības (0 — nekad):"),
        window.lock.minutes,
        0,
        240,
    )
    if chosen:
        window.lock.set_minutes(minutes, remember=True)
