"""The one way to run work off the GUI thread (STYLE: Anki's serial executor).

Jobs run one after another on a single worker thread, so two database jobs never race; each
result comes back to the GUI thread through a signal. Job functions must not touch widgets.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from eklase_desktop.ui.signals import emit


class _Worker(QObject):
    finished = Signal(int, object, object)  # job id, result, error (an exception or None)

    @Slot(int, object)
    def run(self, job_id: int, function: Callable[[], Any]) -> None:
        try:
            result = function()
        except Exception as error:  # reported to the caller, never lost in the thread
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            emit(self.finished, job_id, None, error)
            return
        emit(self.finished, job_id, result, None)


class TaskRunner(QObject):
    """Runs callables on one background thread; ``run`` returns at once."""

    _submit = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("eklase-tasks")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._on_finished)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._next_id = 0
        self._thread.start()

    def run(
        self,
        function: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self._next_id += 1
        self._callbacks[self._next_id] = (on_result, on_error)
        if len(self._callbacks) == 1:
            emit(self.busy_changed, True)
        emit(self._submit, self._next_id, function)

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    @Slot(int, object, object)
    def _on_finished(self, job_id: int, result: object, error: object) -> None:
        on_result, on_error = self._callbacks.pop(job_id)
        if not self._callbacks:
            emit(self.busy_changed, False)
        if isinstance(error, Exception):
            on_error(error)
        else:
            on_result(result)

    def shutdown(self) -> None:
        """Finishes the running job and stops the thread (call before the app quits)."""
        self._thread.quit()
        self._thread.wait()
