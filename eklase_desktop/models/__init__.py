"""SQLAlchemy 2 models: the journal tables (shared with the server) and the cache-only tables."""

from eklase_desktop.models.base import Base, SyncedRow, cell_id, new_id
from eklase_desktop.models.journal import (
    Assessment,
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Guardian,
    HolidayPeriod,
    Lesson,
    Mark,
    PeriodMark,
    School,
    SchoolYear,
    Semester,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.models.local import OutboxEntry, Setting

__all__ = [
    "Assessment",
    "Attendance",
    "Base",
    "ClassGroup",
    "Course",
    "Enrolment",
    "Guardian",
    "HolidayPeriod",
    "Lesson",
    "Mark",
    "OutboxEntry",
    "PeriodMark",
    "School",
    "SchoolYear",
    "Semester",
    "Setting",
    "Staff",
    "Student",
    "Subject",
    "SyncedRow",
    "cell_id",
    "new_id",
]
