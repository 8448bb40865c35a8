"""PySide6 6.12.0 takes a reference from True on every Python-side emit; ours give it back."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from eklase_desktop.ui.signals import emit

PACKAGE = Path(__file__).resolve().parents[2] / "eklase_desktop"


class Sender(QObject):
    changed = Signal(int)


def test_many_emits_leave_the_reference_count_of_true_alone() -> None:
    sender = Sender()
    received: list[int] = []
    sender.changed.connect(received.append)
    before = sys.getrefcount(True)
    for value in range(5000):
        emit(sender.changed, value)
    assert len(received) == 5000
    assert abs(sys.getrefcount(True) - before) < 50


def test_no_bare_emit_in_the_code_base() -> None:
    bare = re.compile(r"\.emit\(")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "signals.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert offenders == []


SET_TEXT_MANY_TIMES = """
import sys
{prelude}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(40_000):  # each returns nothing: PySide6 6.12.0 takes a reference from None
    label.setText("x")
print("alive")
"""


def _run(prelude: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SET_TEXT_MANY_TIMES.format(prelude=prelude)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_a_long_session_of_qt_calls_does_not_run_none_out_of_references() -> None:
    pinned = _run("import eklase_desktop.ui")
    assert pinned.returncode == 0 and "alive" in pinned.stdout, pinned.stderr
    if sys.version_info < (3, 12):  # the fault is real where None is not immortal
        bare = _run("")
        assert bare.returncode != 0 and "deallocating None" in bare.stderr
