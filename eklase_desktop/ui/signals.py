"""Emitting Qt signals from Python safely on PySide6 6.12.0 with Python 3.11.

PySide6 6.12.0's ``SignalInstance.emit`` returns ``True`` without owning a reference to it. On
Python 3.11, where ``True`` is not immortal, every emit from Python code takes one reference
from ``True``, and after enough of them the interpreter aborts ("bool_dealloc: deallocating
True or False"). A teacher's long session emits thousands of signals, so every emit in our
code goes through ``emit()``, which gives the reference back when — and only when — the
running PySide6 has the fault (probed once, at import). A test keeps bare ``.emit(`` out of
the code base.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_leaks_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()  # the one bare emit in the code base: it measures the fault
    return sys.getrefcount(True) - before <= -8


def _restore(result: object) -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


EMIT_LEAKS_REFERENCE = _emit_leaks_reference()
if EMIT_LEAKS_REFERENCE:  # give back what the probe took
    for _ in range(8):
        _restore(True)


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, without the reference fault of PySide6 6.12.0."""
    result = signal.emit(*args)
    if EMIT_LEAKS_REFERENCE and result is not None:
        _restore(result)
