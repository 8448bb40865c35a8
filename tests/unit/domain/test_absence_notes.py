"""The register of absence notes: what a note covers and which note decides a day (SPEC T2)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eklase_desktop.domain.absence_notes import (
    MAX_COMMENT,
    InvalidNote,
    NoteDetails,
    NoteSource,
    RegisteredNote,
    justification_on,
    validate_note,
)
from eklase_desktop.domain.attendance import Justification

MONDAY = dt.date(2026, 11, 2)
ILLNESS, OTHER = Justification.ILLNESS, Justification.OTHER


def note(first: int, last: int, why: Justification = ILLNESS, **kw: object) -> NoteDetails:
    return NoteDetails(
        MONDAY + dt.timedelta(days=first),
        MONDAY + dt.timedelta(days=last),
        why,
        kw.pop("source", NoteSource.PARENT),  # type: ignore[arg-type]
        str(kw.pop("comment", "")),
    )


def registered(details: NoteDetails, hour: int, *, withdrawn: bool = False) -> RegisteredNote:
    return RegisteredNote(details, dt.datetime(2026, 11, 2, hour), withdrawn)


def test_a_valid_note_is_kept_with_its_comment_trimmed() -> None:
    checked = validate_note(note(0, 4, comment="  Mamma zvanīja no rīta. "))
    assert checked.comment == "Mamma zvanīja no rīta."
    assert (checked.first_day, checked.last_day) == (MONDAY, MONDAY + dt.timedelta(days=4))


@pytest.mark.parametrize(
    ("details", "words"),
    [
        (note(0, 1, Justification.NONE), "Norādiet iemeslu"),
        (note(3, 1), "pirms pirmās"),
        (note(0, 366), "vienu mācību gadu"),
        (note(0, 1, comment="x" * (MAX_COMMENT + 1)), "par garu"),
    ],
)
def test_a_bad_note_is_refused_with_a_message(details: NoteDetails, words: str) -> None:
    with pytest.raises(InvalidNote) as refused:
        validate_note(details)
    assert words in refused.value.message


def test_a_one_day_note_and_a_full_year_are_allowed() -> None:
    assert validate_note(note(0, 0)).covers(MONDAY)
    assert validate_note(note(0, 365)).covers(MONDAY + dt.timedelta(days=365))


def test_the_note_entered_last_decides_a_day_two_notes_cover() -> None:
    week = registered(note(0, 4, ILLNESS), hour=8)
    event = registered(note(2, 2, OTHER, source=NoteSource.SCHOOL_EVENT), hour=9)
    days = [justification_on([week, event], MONDAY + dt.timedelta(days=d)) for d in range(6)]
    assert days == [ILLNESS, ILLNESS, OTHER, ILLNESS, ILLNESS, Justification.NONE]


def test_a_withdrawn_note_justifies_nothing() -> None:
    withdrawn = registered(note(0, 4), hour=8, withdrawn=True)
    assert justification_on([withdrawn], MONDAY) is Justification.NONE
    older = registered(note(0, 4, OTHER), hour=7)
    assert justification_on([older, withdrawn], MONDAY) is OTHER


def test_sources_have_latvian_labels() -> None:
    assert [source.label for source in NoteSource] == [
        "Vecāku zīme",
        "Ārsta izziņa",
        "Skolas pasākums",
        "Cits",
    ]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30), st.integers(0, 30), st.sampled_from([ILLNESS, OTHER]), st.booleans()
        ),
        max_size=6,
    ),
    st.integers(-2, 33),
)
def test_a_day_is_justified_exactly_when_a_live_note_covers_it(
    spans: list[tuple[int, int, Justification, bool]], offset: int
) -> None:
    notes = [
        registered(note(min(a, b), max(a, b), why), hour=i, withdrawn=gone)
        for i, (a, b, why, gone) in enumerate(spans)
    ]
    day = MONDAY + dt.timedelta(days=offset)
    live = [n for n in notes if not n.withdrawn and n.details.covers(day)]
    found = justification_on(notes, day)
    assert (found is not Justification.NONE) == bool(live)
    if live:
        assert found is live[-1].details.justification  # entered last (hours increase)
