"""Starting the Qt application: language, the user picker, the main window, screenshots."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop import i18n
from eklase_desktop.app import choose_username, last_course
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.services.actor import list_staff, load_actor
from eklase_desktop.services.settings import Settings
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.pick_user import PickUserDialog
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner

SCREENSHOT_TIMEOUT_MS = 60_000


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


def start_gui(factory: sessionmaker[Session], settings: Settings, args: argparse.Namespace) -> int:
    app = make_application()
    username = choose_username(settings, args)
    if username is None:
        dialog = PickUserDialog(list_staff(factory), settings.get("last_user") or "skolotajs1")
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.username():
            return 1
        username = dialog.username()
    try:
        actor = load_actor(factory, username)
    except DomainError as error:
        if args.screenshot:
            print(error.message, file=sys.stderr)
        else:
            QMessageBox.critical(None, "E-klase Desktop", error.message)
        return 2
    settings.set("last_user", actor.username)
    tasks = TaskRunner()
    window = MainWindow(Workspace.open(factory, actor, tasks))
    if args.screenshot:
        return _screenshot(app, window, args.screenshot, tasks, settings)
    window.show()
    window.raise_()
    window.activateWindow()  # take the keyboard even where no window manager hands it over
    window.select_course(last_course(settings))
    try:
        return app.exec()
    finally:
        tasks.shutdown()


def _screenshot(
    app: QApplication, window: MainWindow, path: str, tasks: TaskRunner, settings: Settings
) -> int:
    result = {"code": 1}

    def save() -> None:
        window.view.setFocus()
        result["code"] = 0 if window.grab().save(path) else 1
        app.quit()

    window.journal_loaded.connect(lambda _course: QTimer.singleShot(300, save))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, app.quit)
    window.show()
    window.select_course(last_course(settings))
    app.exec()
    tasks.shutdown()
    if result["code"] != 0:
        print(f"could not save a screenshot to {path}", file=sys.stderr)
    return result["code"]
