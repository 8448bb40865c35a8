"""What each of a class's logs takes (SPEC T3–T5, J12)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from eklase_desktop.domain.class_logs import (
    MAX_TEXT,
    InvalidEntry,
    LogEntry,
    LogKind,
    entry_texts,
    missing_from,
    validate_entry,
)
from eklase_desktop.domain.roles import Entity

DAY = dt.date(2026, 11, 23)
PUPIL = uuid.UUID(int=1)


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (LogEntry(LogKind.CONVERSATION, DAY, title="Sekmes"), "ar ko"),
        (LogEntry(LogKind.CONVERSATION, DAY, with_whom="Māte"), "ar ko"),
        (LogEntry(LogKind.BRIEFING, DAY), "nosaukumu"),
        (LogEntry(LogKind.PARENT_NOTE, DAY, title="  "), "tukša"),
        (LogEntry(LogKind.BEHAVIOUR, DAY, text="Palīdzēja", positive=True), "skolēnu"),
        (LogEntry(LogKind.BEHAVIOUR, DAY, student_id=PUPIL, text="Palīdzēja"), "pozitīvs"),
        (LogEntry(LogKind.PARENT_NOTE, DAY, text="x" * (MAX_TEXT + 1)), "4000"),
    ],
)
def test_an_incomplete_entry_is_refused_with_a_message(entry: LogEntry, words: str) -> None:
    with pytest.raises(InvalidEntry) as refused:
        validate_entry(entry)
    assert words in refused.value.message


def test_texts_are_trimmed_and_fields_of_other_kinds_dropped() -> None:
    entry = LogEntry(
        LogKind.CONVERSATION,
        DAY,
        title=" Sekmes ",
        with_whom=" Māte ",
        positive=True,
        participants=frozenset({PUPIL}),
    )
    checked = validate_entry(entry)
    assert (checked.title, checked.with_whom) == ("Sekmes", "Māte")
    assert checked.positive is None and checked.participants == frozenset()


def test_who_still_misses_a_briefing() -> None:
    others = {uuid.UUID(int=n) for n in range(2, 5)}
    briefing = LogEntry(
        LogKind.BRIEFING, DAY, title="Ugunsdrošība", participants=frozenset({PUPIL})
    )
    assert missing_from(briefing, frozenset(others | {PUPIL})) == others


def test_each_kind_is_an_entity_of_the_permission_table() -> None:
    assert [kind.entity for kind in LogKind] == [
        Entity.CONVERSATION,
        Entity.BRIEFING,
        Entity.PARENT_NOTE,
        Entity.BEHAVIOUR,
    ]
    assert LogKind.BEHAVIOUR.label == "Uzvedības žurnāls"


def test_entry_texts_are_what_merges_compare() -> None:
    entry = LogEntry(
        LogKind.BRIEFING,
        DAY,
        title="Ceļu satiksme",
        participants=frozenset({uuid.UUID(int=2), PUPIL}),
    )
    texts = entry_texts(entry, deleted=False)
    assert texts["day"] == "2026-11-23" and texts["deleted"] == "false"
    assert texts["participants"] == f"{PUPIL},{uuid.UUID(int=2)}"
    assert texts["positive"] is None and texts["student_id"] is None
