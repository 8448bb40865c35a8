"""The journal's colour code, in one place (marks, absences, special columns)."""

from __future__ import annotations

from PySide6.QtGui import QColor

ABSENT = QColor("#ffcdd2")  # n: absent, not yet justified
JUSTIFIED = QColor("#dcedc8")  # ns, nc
LATE = QColor("#fff3c4")  # k
OVERDUE = QColor("#ef9a9a")  # past its deadline: an absence not justified, a statement late
NON_WORKING_DAY = QColor("#e3e3e8")  # weekend, public or school holiday
NOT_HELD = QColor("#ececec")
PERIOD_COLUMN = QColor("#e8eef8")
FAILING = QColor("#c62828")  # 1–3, ni
BORDERLINE = QColor("#b45309")  # 4
EXCELLENT = QColor("#1b5e20")  # 9–10
ERROR_STYLE = "color: #b71c1c; font-weight: bold"  # a refusal, something late: said in red
NOT_MARKED = QColor("#6a1b9a")  # nv
MUTED = QColor("#757575")
TEST = QColor("#0d47a1")  # a test's column header (SPEC J7)
WAITING = QColor("#1f6fbf")  # a change saved here, not yet on the server
ONLINE = QColor("#2e7d32")


def attendance_background(code: str) -> QColor | None:
    if code == "n":
        return ABSENT
    if code in ("ns", "nc"):
        return JUSTIFIED
    if code == "k":
        return LATE
    return None


def mark_foreground(mark: str) -> QColor | None:
    if mark == "nv":
        return NOT_MARKED
    if mark == "ni":
        return FAILING
    if mark.isascii() and mark.isdigit():
        points = int(mark)
        if points <= 3:
            return FAILING
        if points == 4:
            return BORDERLINE
        if points >= 9:
            return EXCELLENT
    return None
