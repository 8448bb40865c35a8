"""Waiting for background work with a window that says what is happening."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from eklase_desktop.ui.tasks import TaskRunner

T = TypeVar("T")


def run_with_progress(
    tasks: TaskRunner, function: Callable[[], T], text: str, parent: QWidget | None = None
) -> T:
    """Runs ``function`` on the task runner while a busy dialog shows ``text``; the event loop
    keeps turning (the window repaints), and the result or the exception comes back here."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setWindowTitle("E-klase Desktop")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(400)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: Exception) -> None:
        outcome["error"] = error
        loop.quit()

    tasks.run(function, done, failed)
    loop.exec()
    dialog.close()
    if "error" in outcome:
        raise outcome["error"]
    if "result" not in outcome:  # the application is quitting (SIGTERM): every loop ended
        raise Interrupted
    return outcome["result"]  # type: ignore[no-any-return]


class Interrupted(Exception):
    """The application was asked to quit while it waited for the work."""
