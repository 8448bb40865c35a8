"""PySide6 6.12.0 takes a reference from True on every Python-side emit; ours give it back."""

from __future__ import annotations

import re
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
