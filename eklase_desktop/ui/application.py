"""Starting the Qt application: language, sign-in (demo, online or offline), the first
download, the main window with background sync; and ``--screenshot``."""

from __future__ import annotations

import argparse
import signal
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from eklase_desktop import i18n, preferences
from eklase_desktop.app import SCREENSHOT_USER, last_course
from eklase_desktop.demo import DEMO_PASSWORD
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.settings import Settings
from eklase_desktop.sync.account import ProfileLocked, SignedIn, SignInError, sign_in
from eklase_desktop.sync.client import SyncError
from eklase_desktop.sync.demo_server import DemoServer, start_demo_server
from eklase_desktop.ui.login_dialog import LoginDialog
from eklase_desktop.ui.main_window import SIGNED_OUT, MainWindow
from eklase_desktop.ui.news import tell_unread
from eklase_desktop.ui.pick_user import PickUserDialog
from eklase_desktop.ui.progress import Interrupted, run_with_progress
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.sync_controller import SyncController
from eklase_desktop.ui.tasks import TaskRunner

SCREENSHOT_TIMEOUT_MS = 120_000


class StartError(Exception):
    """Start-up stopped; the message is for the user."""


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("E-klase Desktop")
    app.setOrganizationName("E-klase Desktop")
    language = i18n.current_language()
    QLocale.setDefault(QLocale("lv_LV" if language == "lv" else "en_GB"))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):  # Qt's own dialogs in Latvian
        app.installTranslator(translator)
    return app


TERMINATED = "eklase_terminated"  # the application's property: SIGTERM came


def quit_on_sigterm(app: QApplication) -> None:
    """SIGTERM (a session logging out, ``kill``) ends the app as *Iziet* does: its windows
    close (saving what is typed) and the demo server it started stops."""

    def stop(_signum: int, _frame: object) -> None:
        app.setProperty(TERMINATED, True)  # for what starts after this moment's loops
        QApplication.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGTERM, stop)
    # Python runs a signal handler only between its own bytecodes: a timer gives it turns
    ticks = QTimer(app)
    ticks.timeout.connect(lambda: None)
    ticks.start(250)


def start_gui(args: argparse.Namespace, base: Path, work: Path) -> int:
    app = make_application()
    quit_on_sigterm(app)
    tasks = TaskRunner()
    server: DemoServer | None = None
    try:
        if args.demo:
            server = run_with_progress(
                tasks, lambda: start_demo_server(work), _("Palaiž demonstrācijas skolas serveri…")
            )
        while True:  # *Izrakstīties* brings the sign-in back for the next person
            if server is not None:
                account = _demo_sign_in(tasks, args, work, server.url)
            else:
                account = _sign_in(tasks, args, base, work)
            if account is None:
                return 0 if app.property(TERMINATED) else 1
            _first_download(tasks, account)
            code = _main_window(app, tasks, args, account, base)
            if code != SIGNED_OUT:
                return code
            args.user = None  # the next person chooses who they are
    except Interrupted:  # SIGTERM while signing in or downloading: nothing to show
        return 0
    except (StartError, DomainError, SyncError, RuntimeError) as error:
        message = getattr(error, "message", None) or str(error)
        if args.screenshot:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(None, "E-klase Desktop", message)
        return 2
    finally:
        tasks.shutdown()
        if server is not None:
            server.stop()


def _demo_sign_in(
    tasks: TaskRunner, args: argparse.Namespace, work: Path, url: str
) -> SignedIn | None:
    username = args.user or (SCREENSHOT_USER if args.screenshot else None)
    if username is None:
        dialog = PickUserDialog(preferences.load(work)["username"] or SCREENSHOT_USER)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        username = dialog.username()
    preferences.save(work, username=username)
    return run_with_progress(
        tasks, lambda: sign_in(work, url, username, DEMO_PASSWORD), _("Pieslēdzas…")
    )


def _sign_in(
    tasks: TaskRunner, args: argparse.Namespace, base: Path, work: Path
) -> SignedIn | None:
    prefs = preferences.load(base)
    dialog = LoginDialog(args.server or prefs["server_url"], args.user or prefs["username"])
    while dialog.exec() == QDialog.DialogCode.Accepted:
        url, user, password = (
            dialog.server.text().strip(),
            dialog.username.text(),
            dialog.password.text(),
        )
        try:
            account = run_with_progress(
                tasks,
                partial(sign_in, work, url, user, password, dialog.previous_password()),
                _("Pieslēdzas…"),
                dialog,
            )
        except ProfileLocked as error:
            dialog.ask_previous(error.message, error.path)
            continue
        except SignInError as error:
            dialog.show_error(error.message)
            continue
        preferences.save(base, server_url=url, username=user.strip())
        return account
    return None


def _first_download(tasks: TaskRunner, account: SignedIn) -> None:
    if account.has_journal_data():
        return
    if not account.online:
        raise StartError(_("Šajā datorā vēl nav jūsu žurnālu, un serveris nav sasniedzams."))
    run_with_progress(tasks, account.engine.sync, _("Lejupielādē jūsu žurnālus…"))


def _main_window(
    app: QApplication, tasks: TaskRunner, args: argparse.Namespace, account: SignedIn, base: Path
) -> int:
    actor = load_actor(account.factory, account.username)
    sync = SyncController(account)
    window = MainWindow(Workspace.open(account.factory, actor, tasks, sync))
    settings = Settings(account.factory)
    window.language_chosen.connect(lambda code: preferences.save(base, language=code))
    if args.screenshot:
        return _screenshot(app, window, args.screenshot, settings)
    window.show()
    window.raise_()
    window.activateWindow()  # take the keyboard even where no window manager hands it over
    window.select_course(last_course(settings))
    tell_unread(window.workspace, window.show_info)  # (the first download came with the sign-in)
    sync.start()
    try:
        if app.property(TERMINATED):  # it came before this loop: quit now, as it asked
            window.close()
            return 0
        return app.exec()
    finally:
        sync.shutdown()


def _screenshot(app: QApplication, window: MainWindow, path: str, settings: Settings) -> int:
    result = {"code": 1}

    def save() -> None:
        window.view.setFocus()
        result["code"] = 0 if window.grab().save(path) else 1
        app.quit()

    window.journal_loaded.connect(lambda _course: QTimer.singleShot(300, save))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, app.quit)
    window.resize(1280, 800)  # the picture's size, whatever the (virtual) screen's
    window.show()
    window.select_course(last_course(settings))
    app.exec()
    if window.workspace.sync is not None:
        window.workspace.sync.shutdown()
    if result["code"] != 0:
        print(f"could not save a screenshot to {path}", file=sys.stderr)
    return result["code"]
