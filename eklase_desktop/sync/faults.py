"""Named crash points for the crash-injection tests (SPEC S1).

``EKLASE_CRASH_AT=<name>`` makes the process kill itself with SIGKILL when it reaches the
point of that name, exactly as a pulled plug would stop it. Unset (always, outside tests),
a crash point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
import time

CRASH_POINTS = (
    "server.push.before_commit",  # every mutation applied, nothing committed
    "server.push.after_commit",  # committed, no response sent
    "client.push.before_send",  # outbox read, nothing sent
    "client.push.after_response",  # server committed, client has not recorded the results
    "client.pull.after_response",  # a page received, not applied
    "client.pull.before_commit",  # a page applied in the transaction, not committed
)
SLOW_POINTS = (
    "server.push.after_reading",  # the push has read the rows it will merge
    "server.login.verifying",  # the login checks the password (argon2), outside any lock
)


def crashpoint(name: str) -> None:
    if os.environ.get("EKLASE_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def slowpoint(name: str) -> None:
    """``EKLASE_SLOW_AT=<name>:<seconds>`` makes the process wait there: the concurrency
    tests widen the moment in which two pushes could read the same cells."""
    point, _colon, seconds = os.environ.get("EKLASE_SLOW_AT", "").partition(":")
    if point == name:
        time.sleep(float(seconds))


def failpoint(name: str) -> None:
    """``EKLASE_FAIL_AT=<name>`` raises a RuntimeError there: a defect no check foresaw, for
    the test that one failing mutation does not block its batch."""
    if os.environ.get("EKLASE_FAIL_AT") == name:
        raise RuntimeError(f"failpoint {name}")
