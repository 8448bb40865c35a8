"""Calling PySide6 6.12.0 safely from Python 3.11: ``None`` pinned, signals emitted safely.

PySide6 6.12.0 takes a reference from ``None`` each time a wrapped C++ function returns
nothing to Python (every ``setText``, every ``index.data()`` that is empty) — measured: 300
calls, 300 references fewer. On Python 3.11, where ``None`` is not immortal, a session of a
few thousand such calls ends in "none_dealloc: deallocating None" (the journal grid's paint
alone makes two per cell). Python 3.12 made ``None``, ``True`` and ``False`` immortal; here
they are made so the same way, at import, by raising their reference counts far beyond what
any session could take (they are static objects, never freed): ``pin_singletons``.

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


PINNED = 1 << 40  # what CPython 3.12 does for immortal objects, in spirit


def pin_singletons() -> None:
    """Makes ``None``, ``True`` and ``False`` as good as immortal on Python < 3.12."""
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt, the first field
        if count.value < PINNED:
            count.value += PINNED


pin_singletons()
EMIT_LEAKS_REFERENCE = _emit_leaks_reference()
if EMIT_LEAKS_REFERENCE:  # give back what the probe took
    for _ in range(8):
        _restore(True)


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, without the reference fault of PySide6 6.12.0."""
    result = signal.emit(*args)
    if EMIT_LEAKS_REFERENCE and result is not None:
        _restore(result)
