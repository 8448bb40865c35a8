"""The main window: the teacher's courses, the journal grid, the lesson panel, a status bar."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.marks import SlotKind
from eklase_desktop.domain.names import fold
from eklase_desktop.domain.roles import Role
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.services.editing import LessonDetails
from eklase_desktop.services.journal import CourseSummary, JournalSnapshot
from eklase_desktop.services.overdue import OverdueItem
from eklase_desktop.services.sync_status import cell_markers
from eklase_desktop.sync.engine import SyncReport
from eklase_desktop.ui import colours, history
from eklase_desktop.ui.journal.model import JournalModel
from eklase_desktop.ui.journal.view import JournalView
from eklase_desktop.ui.legend import legend_line, legend_text
from eklase_desktop.ui.lesson_panel import LessonPanel
from eklase_desktop.ui.lock import InactivityLock
from eklase_desktop.ui.main_menus import build_menus
from eklase_desktop.ui.news import tell_unread
from eklase_desktop.ui.overdue import OverdueStatus, OverdueWindow
from eklase_desktop.ui.password_dialog import PasswordDialog
from eklase_desktop.ui.programme_dialog import ProgrammeDialog, open_programme, show_programme_state
from eklase_desktop.ui.records import RecordWindow, fitted
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit
from eklase_desktop.ui.sync_panel import SyncPanel
from eklase_desktop.ui.sync_status import SyncStatus
from eklase_desktop.ui.work_records import WorkRecordsWindow

PERIOD_COLUMN_WIDTH = 64  # wide enough for "Gads lab."

# the bar's own message only: not its labels ("Tiešsaistē"), which keep their colours
STATUS_ERROR_STYLE = "QStatusBar { color: #b71c1c; font-weight: bold; }"
SIGNED_OUT = 77  # the event loop's exit code of *Izrakstīties*: the sign-in comes back
COURSE_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    journal_loaded = Signal(object)  # the course id
    language_chosen = Signal(str)  # the application stores it for the next start
    # the menus' actions (``main_menus.build_menus``)
    absences_action: QAction
    add_lesson_action: QAction
    average_action: QAction
    history_action: QAction
    logs_action: QAction
    offline_action: QAction
    overdue_action: QAction
    news_action: QAction
    phones_action: QAction
    redo_action: QAction
    reports_action: QAction
    statements_action: QAction
    statistics_action: QAction
    remarks_action: QAction
    undo_action: QAction
    work_action: QAction

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(_("E-klase Desktop — {name}").format(name=workspace.actor.name))
        self.resize(fitted(self, 1280, 800))
        self.model = JournalModel(self)
        self.view = JournalView()
        self.view.setModel(self.model)
        self.model.ask_reason = lambda message: self.view.ask_reason(message)
        self.lesson_panel = LessonPanel()
        self.lesson_panel.me = self.model.me = workspace.actor.staff_id
        self.courses = QListWidget()
        self.courses.setStyleSheet(
            "QListWidget::item { padding: 5px 4px; border-bottom: 1px solid #e0e0e0; }"
            "QListWidget::item:selected { background: #1f6fbf; color: white; }"
        )
        self.courses.setMinimumWidth(190)
        self.course_filter = QLineEdit()
        self.course_filter.setPlaceholderText(_("Meklēt žurnālu…"))
        self.course_filter.setClearButtonEnabled(True)
        self.course_filter.textChanged.connect(self.filter_courses)
        self.legend = QLabel(legend_line())
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: #555")
        # a refusal whole, under the grid: the status bar has to cut a long one
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(colours.ERROR_STYLE)
        self.problem.hide()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold")
        # a long course name must not widen the window past a 1366-pixel laptop screen
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.add_lesson_button = QPushButton(_("+ Jauna stunda"))
        self.programme_button = QPushButton(_("Semestra programma…"))
        self.programme_button.hide()  # professional courses only (SPEC J11)
        self._saving_lesson = False
        self.record_windows: dict[type[RecordWindow], RecordWindow] = {}  # opened ones
        self.history_dialog: history.HistoryDialog | None = None
        self._grid_wants_focus = True  # the first journal opened takes the keyboard
        self._pending_place: OverdueItem | None = None  # where the overdue list sends us
        self._problems = (0, 0)  # open conflicts, refused changes after the last sync
        self.programme_dialog: ProgrammeDialog | None = None
        self._build_layout()
        self.signed_out = False
        self.lock = InactivityLock(self, int(workspace.settings.get("lock_minutes") or 0))
        self.stack.addWidget(self.lock.screen)
        build_menus(self)
        self._build_status_bar()
        self._connect()
        self._fill_courses()
        self.add_lesson_button.setEnabled(False)
        self.add_lesson_action.setEnabled(False)
        if not self.courses.count():
            self.title.setText(_("Jums šajā mācību gadā nav neviena žurnāla."))
        if self._accompanies_only():  # the concertmaster's work is the week (SPEC K1)
            QTimer.singleShot(0, self.show_work_records)
        self.overdue.refresh(remind=True)

    # --- construction ------------------------------------------------------------------

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.programme_button)
        header.addWidget(self.add_lesson_button)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addLayout(header)
        centre_layout.addWidget(self.view)
        centre_layout.addWidget(self.problem)
        centre_layout.addWidget(self.legend)
        splitter = QSplitter()
        courses_box = QWidget()
        courses_layout = QVBoxLayout(courses_box)
        courses_layout.setContentsMargins(0, 0, 0, 0)
        courses_layout.addWidget(QLabel(_("Mani žurnāli")))
        courses_layout.addWidget(self.course_filter)
        courses_layout.addWidget(self.courses)
        splitter.addWidget(courses_box)
        splitter.addWidget(centre)
        splitter.addWidget(self.lesson_panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 760, 290])
        self.journal_page = splitter
        self.stack = QStackedWidget()  # the journal, or the lock screen in front of it
        self.stack.addWidget(splitter)
        self.setCentralWidget(self.stack)

    def _build_status_bar(self) -> None:
        self.user_label = QLabel(self.workspace.actor.name)
        self.user_label.setContentsMargins(8, 0, 8, 0)
        self.sync_status = SyncStatus(self.workspace.factory, self.workspace.sync)
        self.sync_status.open_panel.connect(self.show_sync_panel)
        self.overdue = OverdueStatus(self.workspace, self, self.show_overdue, self.show_error)
        self.statusBar().addPermanentWidget(self.overdue.button)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.statusBar().addPermanentWidget(self.user_label)
        self.sync_panel = SyncPanel(self.workspace.factory)
        self.sync_dock = QDockWidget(_("Sinhronizācija: konflikti un noraidītās izmaiņas"), self)
        self.sync_dock.setObjectName("sync-panel")
        self.sync_dock.setWidget(self.sync_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.sync_dock)
        self.sync_dock.hide()
        self.sync_panel.decided.connect(self._changed)
        sync = self.workspace.sync
        if sync is not None:
            sync.finished.connect(self._synced)
            sync.failed.connect(self.show_error)
            sync.revoked.connect(self._revoked)

    def _connect(self) -> None:
        self.statusBar().messageChanged.connect(self._message_changed)
        self.courses.currentItemChanged.connect(self._course_chosen)
        # A click or Enter on a journal means "I want to write in it": the grid takes the
        # keyboard once it is loaded. Arrow keys in the list only browse.
        self.courses.itemClicked.connect(self._focus_grid_after_load)
        self.courses.itemActivated.connect(self._focus_grid_after_load)
        self.model.error.connect(self.show_error)
        self.model.saved.connect(self._cells_saved)
        self.view.selectionModel().currentColumnChanged.connect(self._column_chosen)
        self.lesson_panel.save_requested.connect(self.save_lesson)
        self.lesson_panel.delete_requested.connect(self.delete_lesson)
        self.add_lesson_button.clicked.connect(self.add_lesson)
        self.programme_button.clicked.connect(self.edit_programme)

    def _fill_courses(self) -> None:
        self._courses_known(self.workspace.reader.courses())

    def _courses_known(self, courses: list[CourseSummary]) -> None:
        """The journal list as ``courses`` (after a sync too), the chosen one kept."""
        shown = [self.courses.item(row).data(COURSE_ROLE) for row in range(self.courses.count())]
        if shown == courses:
            return
        current = self.courses.currentItem()
        chosen = current.data(COURSE_ROLE).id if current is not None else None
        self.courses.blockSignals(True)
        self.courses.clear()
        for course in courses:
            item = QListWidgetItem(f"{course.name}\n{students_label(course.student_count)}")
            item.setData(COURSE_ROLE, course)
            self.courses.addItem(item)
            if course.id == chosen:
                self.courses.setCurrentItem(item)
        self.courses.blockSignals(False)
        self.filter_courses(self.course_filter.text())

    # --- courses and the journal -------------------------------------------------------

    def filter_courses(self, text: str) -> None:
        """Shows the journals whose name has every word typed (case and diacritics aside):
        the deputy's list holds about 150."""
        words = fold(text).split()
        for row in range(self.courses.count()):
            item = self.courses.item(row)
            name = fold(item.data(COURSE_ROLE).name)
            item.setHidden(not all(word in name for word in words))

    def select_course(self, course_id: uuid.UUID | None = None) -> None:
        """Selects ``course_id`` (else the first course); its journal loads in the background."""
        rows = range(self.courses.count())
        match = [row for row in rows if self.courses.item(row).data(COURSE_ROLE).id == course_id]
        if match or self.courses.count():
            self.courses.setCurrentRow(match[0] if match else 0)

    def flush_edits(self) -> bool:
        """Saves an open cell editor and unsaved lesson-panel changes, so that nothing typed
        is lost when the teacher moves on; False if the lesson could not be saved."""
        self.view.commit_open_editor()
        lesson = self.lesson_panel.lesson
        if lesson is None or not self.lesson_panel.has_changes():
            return True
        return self.save_lesson(lesson.id, self.lesson_panel.details())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush_edits() and not self.discard_unsaved():
            event.ignore()  # the message says what to fix; the typed text stays in the panel
            return
        # *Iziet* ends the session: no absence editor or report of this user stays open on a
        # shared laptop for the next person (issue 15)
        for window in self.open_windows():
            window.close()
        super().closeEvent(event)

    def open_windows(self) -> list[QWidget]:
        """The user's other windows: records, reports, a cell's history."""
        windows: list[QWidget] = list(self.record_windows.values())
        if self.history_dialog is not None:
            windows.append(self.history_dialog)
        return windows

    def sign_out(self) -> None:
        """*Izrakstīties*: what is typed is saved, every window of this user closes and the
        sign-in comes back for the next person (SPEC D2)."""
        if self.close():
            self.signed_out = True
            QApplication.exit(SIGNED_OUT)

    def discard_unsaved(self) -> bool:
        """The lesson panel holds an edit that cannot be saved (the message says why):
        quit without it? Cancel keeps the window open with the text in the panel."""
        answer = QMessageBox.question(
            self,
            _("Stunda nav saglabāta"),
            _(
                "Stundas izmaiņas nevar saglabāt: {reason}\n\nIziet bez tām? (Atcelt — palikt "
                "un izlabot.)"
            ).format(reason=self.statusBar().currentMessage()),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _course_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.flush_edits()
        course: CourseSummary = item.data(COURSE_ROLE)
        self.title.setText(_("{name} — ielādē…").format(name=course.name))
        self.workspace.settings.set("last_course", str(course.id))
        self.workspace.tasks.run(
            partial(self.workspace.reader.open_journal, course.id),
            self._journal_ready,
            lambda error: self.show_error(str(error)),
        )

    def _focus_grid_after_load(self, item: QListWidgetItem) -> None:
        snapshot = self.model.snapshot
        if snapshot is not None and snapshot.course.id == item.data(COURSE_ROLE).id:
            self.view.setFocus()
        else:
            self._grid_wants_focus = True

    def _journal_ready(self, snapshot: JournalSnapshot) -> None:
        current = self.courses.currentItem()
        if current is None or current.data(COURSE_ROLE).id != snapshot.course.id:
            return  # the teacher has already picked another course
        self.model.load(snapshot, self.workspace.editor)
        monthly = any(period.slot.kind is SlotKind.MONTH for period in snapshot.periods)
        self.legend.setText(legend_line(monthly))
        self.add_lesson_button.setEnabled(not snapshot.read_only)
        self.add_lesson_action.setEnabled(not snapshot.read_only)
        self.lesson_panel.read_only = snapshot.read_only
        course = snapshot.course
        self._show_title()
        self._show_programme()
        for column in range(self.model.lesson_count, self.model.columnCount()):
            self.view.setColumnWidth(column, PERIOD_COLUMN_WIDTH)  # "Gads lab." whole
        self.lesson_panel.show_lesson(None)
        self._refresh_markers()
        self._focus_latest_lesson()
        if self._grid_wants_focus:
            self.view.setFocus()
            self._grid_wants_focus = False
        if self._pending_place is not None and self._pending_place.course_id == course.id:
            self._go_to_pending()
        emit(self.journal_loaded, course.id)

    def _show_title(self) -> None:
        """The open journal's course, students and lessons as the grid has them now."""
        snapshot = self.model.snapshot
        if snapshot is None:
            return
        count = self.model.lesson_count
        lessons = plural(count, N_("{count} stunda"), N_("{count} stundas"))
        students = students_label(len(snapshot.students))
        self.title.setText(f"{snapshot.course.name} — {students}, {lessons}")
        self.title.setToolTip(self.title.text())  # where a narrow window cuts it

    def _show_programme(self) -> None:
        show_programme_state(self.programme_button, self.model.snapshot)

    def edit_programme(self) -> None:
        snapshot = self.model.snapshot
        if snapshot is not None:
            self.programme_dialog = open_programme(self, self.workspace.editor, snapshot)
            self.programme_dialog.accepted.connect(self._programme_saved)

    def _programme_saved(self) -> None:
        self.show_info(_("Semestra programma saglabāta."))
        self.refresh_waiting()
        self._reload_journal()

    def _focus_latest_lesson(self) -> None:
        lessons = self.model.snapshot.lessons if self.model.snapshot else ()
        if not lessons or self.model.rowCount() == 0:
            return
        column = len(lessons) - 1
        self.view.show_column(column)
        self.lesson_panel.show_lesson(self.model.lesson_at(column))

    def _column_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._saving_lesson:
            return
        lesson = self.model.lesson_at(current.column()) if current.isValid() else None
        if lesson is not None and self.lesson_panel.lesson == lesson:
            return
        if self.lesson_panel.has_changes() and not self.flush_edits():
            return  # keep the unsaved lesson in the panel with its error message
        self.lesson_panel.show_lesson(lesson)

    # --- lessons -----------------------------------------------------------------------

    def add_lesson(self) -> None:
        snapshot = self.model.snapshot
        if snapshot is None:
            return
        try:
            lesson = self.workspace.editor.add_lesson(snapshot.course.id)
        except DomainError as error:
            self.show_error(error.message)
            return
        column = self.model.insert_lesson(lesson)
        self._show_title()
        self.view.setCurrentIndex(self.model.index(0, column))
        self.lesson_panel.show_lesson(lesson)
        self.lesson_panel.topic.setFocus()
        self.show_info(_("Pievienota stunda {date}.").format(date=f"{lesson.date:%d.%m.%Y}"))
        self.refresh_waiting()

    def save_lesson(self, lesson_id: uuid.UUID, details: LessonDetails) -> bool:
        test_changed, test = self.lesson_panel.test_changed(), self.lesson_panel.test_details()
        try:
            lesson = self.workspace.editor.update_lesson(lesson_id, details)
            if test_changed:  # SPEC J7; the absent get nv (J9): the cells are read again
                lesson = self.workspace.editor.set_test(lesson_id, test)
        except DomainError as error:
            self.show_error(_("Stunda nav saglabāta: {reason}").format(reason=error.message))
            return False
        # A changed date moves the column; keep the cell the teacher is on (which may be in
        # another lesson, when leaving this one saved it).
        current = self.view.currentIndex()
        target = self.model.lesson_at(current.column()) or lesson
        self._saving_lesson = True
        try:
            self.model.replace_lesson(lesson)
            self.lesson_panel.show_lesson(lesson)
        finally:
            self._saving_lesson = False
        column = self.model.column_of_lesson(target.id)
        self.view.setCurrentIndex(self.model.index(max(current.row(), 0), column))
        self.show_info(_("Stunda saglabāta."))
        self.refresh_waiting()
        if test_changed:
            self._reload_journal()
        return True

    def _reload_journal(self) -> None:
        """Reads the open journal again (what a change wrote beside the cells typed)."""
        snapshot = self.model.snapshot
        if snapshot is not None:
            self.workspace.tasks.run(
                partial(self.workspace.reader.open_journal, snapshot.course.id),
                self._refreshed,
                lambda error: self.show_error(str(error)),
            )

    def delete_lesson(self, lesson_id: uuid.UUID) -> None:
        answer = QMessageBox.question(
            self, _("Dzēst stundu"), _("Dzēst šo stundu ar visiem tās vērtējumiem un kavējumiem?")
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.workspace.editor.delete_lesson(lesson_id)
        except DomainError as error:
            self.show_error(error.message)
            return
        self.model.remove_lesson(lesson_id)
        self._show_title()
        self.lesson_panel.show_lesson(None)
        self.show_info(_("Stunda dzēsta."))
        self.refresh_waiting()

    # --- status ------------------------------------------------------------------------

    def _cells_saved(self, count: int) -> None:
        self.show_info(_("Saglabāts ({count}).").format(count=count))
        self.refresh_waiting()

    def refresh_waiting(self) -> None:
        """After a change here: the counts, the grid's markers, and a sync soon."""
        self._changed()

    def _changed(self) -> None:
        self.sync_status.refresh()
        self._refresh_markers()
        self.overdue.schedule()  # the count again, once the typing pauses
        if self.workspace.sync is not None:
            self.workspace.sync.schedule_soon()

    def _refresh_markers(self) -> None:
        snapshot = self.model.snapshot
        if snapshot is None:
            return
        waiting, conflicts = cell_markers(
            self.workspace.factory, snapshot.course.id, [p.period for p in snapshot.periods]
        )
        self.model.set_markers(waiting, conflicts)

    def _synced(self, report: SyncReport) -> None:
        """A sync finished: new counts and conflicts; the open journal shows what came."""
        self.sync_status.refresh()
        self.sync_panel.refresh()
        if report.pulled:
            self.overdue.schedule()
            tell_unread(self.workspace, self.show_info)
        if report.warnings:
            self.show_error(" ".join(report.warnings))
        # the panel opens for what is new, not again for what the user closed it on
        problems = (report.open_conflicts, report.rejected)
        if any(now > before for now, before in zip(problems, self._problems, strict=True)):
            self.sync_dock.show()
        self._problems = problems
        self._refresh_markers()
        for window in self.record_windows.values():  # absences, logs, phones: what came
            if window.isVisible() and report.pulled:
                window.reload()
        if report.pulled:  # a new course, a substitution, a course given to another
            self.workspace.tasks.run(
                self.workspace.reader.courses,
                self._courses_known,
                lambda error: self.show_error(str(error)),
            )
        snapshot = self.model.snapshot
        if snapshot is not None and (report.pulled or sum(report.pushed.values())):
            self.workspace.tasks.run(
                partial(self.workspace.reader.open_journal, snapshot.course.id),
                self._refreshed,
                lambda error: self.show_error(str(error)),
            )

    def _refreshed(self, snapshot: JournalSnapshot) -> None:
        current = self.model.snapshot
        if current is None or current.course.id != snapshot.course.id:
            return
        self.model.refresh(snapshot)
        self._show_title()
        self._show_programme()
        self._refresh_markers()

    # --- undo ------------------------------------------------------------------------------

    def undo(self) -> None:
        """Puts back what the last write in the grid changed, as new edits (Ctrl+Z)."""
        self.view.commit_open_editor()
        if not self.model.can_undo:
            self.show_info(_("Nav ko atsaukt."))
        elif self.model.undo():
            self.show_info(_("Atsaukts."))

    def redo(self) -> None:
        self.view.commit_open_editor()
        if not self.model.can_redo:
            self.show_info(_("Nav ko atkārtot."))
        elif self.model.redo():
            self.show_info(_("Atkārtots."))

    # --- what is overdue (SPEC J1, J8, K1) ------------------------------------------------

    def show_overdue(self) -> None:
        created = OverdueWindow not in self.record_windows
        self.show_records(OverdueWindow)
        window = self.record_windows[OverdueWindow]
        if created and isinstance(window, OverdueWindow):
            window.open_place.connect(self.go_to)

    def go_to(self, item: OverdueItem) -> None:
        """Opens the place to enter ``item``: the concertmaster's week, or the journal at
        the lesson or period column."""
        if item.week is not None:
            self.show_work_records()
            window = self.record_windows[WorkRecordsWindow]
            assert isinstance(window, WorkRecordsWindow)
            window.show_week(item.week)
            return
        if item.course_id is None:
            return
        self._pending_place = item
        snapshot = self.model.snapshot
        if snapshot is not None and snapshot.course.id == item.course_id:
            self._go_to_pending()
        else:
            self.select_course(item.course_id)
        self.activateWindow()

    def _go_to_pending(self) -> None:
        item, self._pending_place = self._pending_place, None
        keys = () if item is None else (item.lesson_id, item.period)
        columns = range(self.model.columnCount() if self.model.rowCount() else 0)
        column = next((c for c in columns if self.model.column_key(c) in keys), None)
        if column is not None:
            self.view.show_column(column)
            self.view.setFocus()

    def show_average(self, shown: bool) -> None:
        """Shows or hides the average column (1–10 only); remembered for the next start."""
        self.model.set_show_average(shown)
        self.workspace.settings.set("show_average", "1" if shown else "0")

    def show_work_records(self) -> None:
        """The concertmaster's week, practice hours and individual work (SPEC K1, J6, J15)."""
        self.show_records(WorkRecordsWindow)

    def _accompanies_only(self) -> bool:
        roles = self.workspace.actor.roles
        return Role.CONCERTMASTER in roles and not roles - {Role.CONCERTMASTER}

    def show_records(self, kind: type[RecordWindow]) -> None:
        window = self.record_windows.get(kind)
        if window is None:
            window = self.record_windows[kind] = kind(self.workspace)
            window.saved.connect(self._changed)
            window.show()  # a new window comes on top
            if QGuiApplication.platformName() != "offscreen":  # (there: a warning, no screen)
                window.raise_()  # even one opened at the start, before the main window
                window.activateWindow()
            return
        window.reload()  # opened again: what is stored now (a sync or another window)
        window.show()
        window.raise_()

    def show_sync_panel(self) -> None:
        self.sync_panel.refresh()
        self.sync_dock.show()
        self.sync_dock.raise_()

    def sync_now(self) -> None:
        self.view.commit_open_editor()
        if self.workspace.sync is not None:
            self.workspace.sync.sync_now()

    def change_password(self) -> None:
        """The user's own password (SPEC A6), online."""
        sync = self.workspace.sync
        if sync is None:
            return
        dialog = PasswordDialog(self, sync.account, self.workspace.tasks)
        dialog.changed.connect(lambda: self.show_info(_("Parole nomainīta.")))
        self.password_dialog = dialog
        dialog.open()

    def _revoked(self, message: str) -> None:
        """The server closed this account: its profile left the laptop; the window closes."""
        erased = _("Jūsu profils šajā datorā ir izdzēsts.")
        QMessageBox.critical(self, _("Konts slēgts"), f"{message} {erased}")
        self.close()

    def show_error(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.statusBar().setStyleSheet(STATUS_ERROR_STYLE)
        self.statusBar().setToolTip(message)  # all of it, where the bar has to cut it
        self.statusBar().showMessage(message, 15000)

    def _message_changed(self, message: str) -> None:
        if not message:  # an error's red lasts as long as its message
            self.statusBar().setStyleSheet("")
            self.statusBar().setToolTip("")
            self.problem.hide()

    def show_info(self, message: str) -> None:
        self.problem.hide()
        self.statusBar().setStyleSheet("")
        self.statusBar().setToolTip(message)
        self.statusBar().showMessage(message, 5000)

    # --- menus -------------------------------------------------------------------------

    def work_offline(self, offline: bool) -> None:
        if self.workspace.sync is not None:
            self.workspace.sync.set_paused(offline)

    def choose_language(self, code: str) -> None:
        emit(self.language_chosen, code)
        QMessageBox.information(
            self,
            _("Valoda"),
            _("Valoda tiks nomainīta, kad programmu atvērsiet nākamreiz."),
        )

    def show_legend(self) -> None:
        QMessageBox.information(self, _("Apzīmējumi"), legend_text())


def students_label(count: int) -> str:
    return plural(count, N_("{count} skolēns"), N_("{count} skolēni"))
