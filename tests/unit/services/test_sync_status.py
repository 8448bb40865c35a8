"""The conflict list from the user's side: "my value" is theirs when they are the other party."""

from __future__ import annotations

import pytest

from eklase_desktop.services.sync_status import ConflictView


def view(viewer: str) -> ConflictView:
    return ConflictView(
        id="c",
        kind="conflict",
        entity="mark",
        field="value",
        base="5",
        mine="6",
        theirs="4",
        theirs_by="Anna",
        theirs_at=None,
        mine_by="Jānis",
        course="Matemātika 7.a",
        student="Āboliņš Kristers",
        lesson_date="2026-10-21",
        status="open",
        viewer=viewer,
    )


@pytest.mark.parametrize(
    ("viewer", "seen", "use_mine", "keep_other"),
    [
        ("mine", ("6", "4", "Anna"), "mine", "theirs"),
        ("theirs", ("4", "6", "Jānis"), "theirs", "mine"),
        ("other", ("6", "4", "Anna"), "mine", "theirs"),  # a deputy: the record's sides
    ],
)
def test_conflict_as_seen_by_each_party(
    viewer: str, seen: tuple[str, str, str], use_mine: str, keep_other: str
) -> None:
    conflict = view(viewer)
    assert conflict.as_seen() == seen
    assert conflict.choice(keep_own=True) == use_mine
    assert conflict.choice(keep_own=False) == keep_other
