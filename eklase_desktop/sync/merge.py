"""Field-level three-way merge rules (DESIGN §4, SPEC S2–S4). Deterministic, server only.

Each changed field of a mutation carries the value the client's user saw (``base``) and the
value they want (``mine``); ``current`` is the server's value now. Client clocks never decide
anything: only these three values and the rule for the field do.

First, for every field: ``current == base`` → applied (store ``mine``); ``current == mine``
→ merged. Otherwise the field's rule:

- mark and period-mark value: where the user saw no mark or ``nv``, ``nv`` → a real mark
  is applied and a real mark is kept over ``nv`` (SPEC J9, S3); anything else (two
  different marks, a delete against an edit, ``nv`` over a mark) → conflict;
- attendance presence and justification: conflict; and the teacher's ``n`` → present or
  late over a justification the teacher had not seen → conflict (``merge_presence``);
- lesson fields (topic, homework, notes, date, type, …), the fields of an absence note and
  of a class log entry, phone numbers:
  review: the last arrival wins and the other value is kept in the conflict list for review.

The table in docs/sync-protocol.md is the user-facing form of these rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

NOT_MARKED = "nv"


class Outcome(StrEnum):
    APPLY = "applied"  # store ``mine``
    MERGE = "merged"  # keep ``current``: it already says what the client wanted
    CONFLICT = "conflict"  # keep ``current``, record both for a person to decide
    REVIEW = "review"  # store ``mine`` (last arrival wins), record ``current`` for review


@dataclass(frozen=True)
class FieldMerge:
    outcome: Outcome
    value: str | None  # what the server stores

    @property
    def recorded(self) -> bool:
        """True when a conflict or review entry is kept for people to see."""
        return self.outcome in (Outcome.CONFLICT, Outcome.REVIEW)


class Field(StrEnum):
    MARK = "mark.value"
    PERIOD_MARK = "period_mark.value"
    PRESENCE = "attendance.presence"
    JUSTIFICATION = "attendance.justification"
    LESSON = "lesson"  # any field of a lesson: topic, homework, notes, date, type, …
    # any field of a class record: an absence note, a class log entry, a phone number
    RECORD = "record"


def merge_field(
    field: Field, base: str | None, mine: str | None, current: str | None
) -> FieldMerge:
    """The outcome of writing ``mine`` over ``current`` when the user saw ``base``."""
    if current == base:
        return FieldMerge(Outcome.APPLY, mine)
    if current == mine:
        return FieldMerge(Outcome.MERGE, current)
    if mine == base:  # the user left it as seen (a whole record is sent): the newer value stays
        return FieldMerge(Outcome.MERGE, current)
    if field in (Field.MARK, Field.PERIOD_MARK):
        return _mark(base, mine, current)
    if field in (Field.LESSON, Field.RECORD):
        return FieldMerge(Outcome.REVIEW, mine)
    return FieldMerge(Outcome.CONFLICT, current)


def _mark(base: str | None, mine: str | None, current: str | None) -> FieldMerge:
    # SPEC J9, S3: `nv` holds the place of a test mark until the test is written; a real
    # mark supersedes it whichever arrives first. Where the user saw a real mark, `nv` is a
    # withdrawal of that mark, not a placeholder: a conflict like any other. Two different
    # real marks, or a delete against an edit, are a conflict: marks are legal records.
    if base not in (None, NOT_MARKED):
        return FieldMerge(Outcome.CONFLICT, current)
    if current == NOT_MARKED and mine not in (None, NOT_MARKED):
        return FieldMerge(Outcome.APPLY, mine)
    if mine == NOT_MARKED and current not in (None, NOT_MARKED):
        return FieldMerge(Outcome.MERGE, current)
    return FieldMerge(Outcome.CONFLICT, current)


def merge_presence(
    base: str,
    mine: str,
    current: str,
    *,
    base_justification: str,
    current_justification: str,
) -> FieldMerge:
    """Presence, with the tutor's justification in view (SPEC S3; issue: absence editor).

    A teacher's change of ``n`` to present or late over a justification that arrived after
    the teacher last saw the cell is a conflict shown to the teacher: the tutor acted on an
    absence the teacher now withdraws. Otherwise the plain rule for the field applies; the
    justification itself is a separate field and is never touched by a presence change.
    """
    withdrawn = base == "n" and mine != "n"
    unseen_justification = current_justification not in ("", base_justification)
    if withdrawn and current == "n" and unseen_justification:
        return FieldMerge(Outcome.CONFLICT, current)
    return merge_field(Field.PRESENCE, base, mine, current)
