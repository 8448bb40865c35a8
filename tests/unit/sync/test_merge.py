"""Field-level three-way merge rules (DESIGN §4 "Merge rules", SPEC S2–S4, J9; DOMAIN).

Every case is (field, base, mine, current): ``base`` is what the client's user saw, ``mine``
what they want, ``current`` what the server holds now. The tables read as the rules.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eklase_desktop.domain.attendance import Justification, Presence, display_code
from eklase_desktop.sync.merge import (
    NOT_MARKED,
    Field,
    FieldMerge,
    Outcome,
    merge_field,
    merge_presence,
)

APPLY, MERGE, CONFLICT, REVIEW = Outcome.APPLY, Outcome.MERGE, Outcome.CONFLICT, Outcome.REVIEW
MARK_FIELDS = (Field.MARK, Field.PERIOD_MARK)


def _by_field(
    rows: list[tuple[str, str | None, str | None, str | None]],
) -> list[pytest.ParameterSet]:
    """Each (id, base, mine, current) row for every Field value."""
    return [
        pytest.param(field, base, mine, current, id=f"{field.name.lower()}-{label}")
        for field, (label, base, mine, current) in itertools.product(Field, rows)
    ]


# --- generic rules, for every field -----------------------------------------------------------

UNCHANGED_SINCE_BASE = [  # current == base
    ("edit_7_to_8", "7", "8", "7"),
    ("new_value_over_none", None, "7", None),
    ("delete_to_none", "7", None, "7"),
    ("empty_string_to_value", "", "n", ""),
    ("value_to_empty_string", "n", "", "n"),
    ("none_to_empty_string", None, "", None),
    ("empty_string_to_none", "", None, ""),
    ("real_mark_to_nv", "7", NOT_MARKED, "7"),
    ("nv_to_real_mark", NOT_MARKED, "7", NOT_MARKED),
    ("no_change_value", "7", "7", "7"),
    ("no_change_none", None, None, None),
    ("no_change_empty_string", "", "", ""),
    ("text_with_diacritics", "Daļskaitļi", "Daļskaitļu saskaitīšana", "Daļskaitļi"),
]

ALREADY_THERE = [  # current == mine != base
    ("both_edited_7_to_8", "7", "8", "8"),
    ("both_entered_7", None, "7", "7"),
    ("both_deleted", "7", None, None),
    ("both_set_n_from_empty_string", "", "n", "n"),
    ("both_cleared_to_empty_string", "n", "", ""),
    ("both_set_empty_string_from_none", None, "", ""),
    ("both_set_none_from_empty_string", "", None, None),
    ("both_set_nv", "7", NOT_MARKED, NOT_MARKED),
    ("both_replaced_nv_with_7", NOT_MARKED, "7", "7"),
    ("both_wrote_same_topic", "Daļskaitļi", "Procenti", "Procenti"),
]


@pytest.mark.parametrize(("field", "base", "mine", "current"), _by_field(UNCHANGED_SINCE_BASE))
def test_value_unchanged_since_base_applies_mine(
    field: Field, base: str | None, mine: str | None, current: str | None
) -> None:
    assert merge_field(field, base, mine, current) == FieldMerge(APPLY, mine)


@pytest.mark.parametrize(("field", "base", "mine", "current"), _by_field(ALREADY_THERE))
def test_value_already_what_the_client_wants_merges_keeping_current(
    field: Field, base: str | None, mine: str | None, current: str | None
) -> None:
    assert merge_field(field, base, mine, current) == FieldMerge(MERGE, current)


@pytest.mark.parametrize(
    ("field", "base", "mine", "current"),
    _by_field(
        [("none_seen_empty_string_now", None, "7", ""), ("empty_seen_none_now", "", "7", None)]
    ),
)
def test_none_and_empty_string_are_different_values(
    field: Field, base: str | None, mine: str | None, current: str | None
) -> None:
    assert merge_field(field, base, mine, current).outcome not in (APPLY, MERGE)


# --- marks and period marks (SPEC J9, S3, S4) --------------------------------------------------

MARK_RULES = [
    # nv holds the place of a test mark; a real mark supersedes it whichever arrives first
    pytest.param(None, "7", NOT_MARKED, APPLY, "7", id="server_nv_client_mark_applies_mark"),
    pytest.param(NOT_MARKED, "7", NOT_MARKED, APPLY, "7", id="mark_replaces_seen_nv"),
    pytest.param(None, NOT_MARKED, "7", MERGE, "7", id="client_nv_over_server_mark_keeps_mark"),
    # ... but nv over a real mark someone saw is a withdrawal of a mark: a person decides
    pytest.param("7", "8", NOT_MARKED, CONFLICT, NOT_MARKED, id="edit_against_nv_withdrawal"),
    pytest.param("5", NOT_MARKED, "7", CONFLICT, "7", id="withdrawal_to_nv_against_edit"),
    pytest.param(None, NOT_MARKED, NOT_MARKED, MERGE, NOT_MARKED, id="nv_vs_nv_merges"),
    pytest.param("7", NOT_MARKED, NOT_MARKED, MERGE, NOT_MARKED, id="nv_over_mark_twice_merges"),
    # two different real marks for the same cell: a conflict, the server keeps its own
    pytest.param(None, "7", "8", CONFLICT, "8", id="two_new_marks_conflict_keeps_current"),
    pytest.param("5", "7", "8", CONFLICT, "8", id="two_edits_conflict_keeps_current"),
    pytest.param(NOT_MARKED, "7", "8", CONFLICT, "8", id="two_marks_over_nv_conflict"),
    pytest.param(None, "7", "", CONFLICT, "", id="mark_vs_empty_string_conflict"),
    # a delete against an edit, either way round
    pytest.param("5", None, "8", CONFLICT, "8", id="delete_vs_changed_mark_conflict"),
    pytest.param(NOT_MARKED, None, "8", CONFLICT, "8", id="delete_nv_vs_new_mark_conflict"),
    pytest.param("5", None, NOT_MARKED, CONFLICT, NOT_MARKED, id="delete_vs_mark_to_nv_conflict"),
    pytest.param("5", "7", None, CONFLICT, None, id="edit_vs_delete_conflict_keeps_delete"),
    pytest.param(NOT_MARKED, "7", None, CONFLICT, None, id="mark_for_nv_vs_delete_conflict"),
    pytest.param("5", NOT_MARKED, None, CONFLICT, None, id="nv_vs_delete_conflict"),
    # descriptive, pass/fail, percent and exemption values behave like real marks
    pytest.param(None, "S", "T", CONFLICT, "T", id="descriptive_s_vs_t_conflict"),
    pytest.param(None, "+", "-", CONFLICT, "-", id="plus_vs_minus_conflict"),
    pytest.param(None, "i", "ni", CONFLICT, "ni", id="pass_vs_fail_conflict"),
    pytest.param(None, "85%", "90%", CONFLICT, "90%", id="percent_vs_percent_conflict"),
    pytest.param(None, "a", "A", CONFLICT, "A", id="exempt_a_vs_apguvis_A_conflict"),
    pytest.param(None, "atb", "8", CONFLICT, "8", id="exempt_atb_vs_mark_conflict"),
    pytest.param("S", None, "T", CONFLICT, "T", id="delete_vs_changed_descriptive_conflict"),
    pytest.param(None, "A", NOT_MARKED, APPLY, "A", id="server_nv_client_descriptive_applies"),
    pytest.param(None, "ni", NOT_MARKED, APPLY, "ni", id="server_nv_client_fail_applies"),
    pytest.param(None, "100%", NOT_MARKED, APPLY, "100%", id="server_nv_client_percent_applies"),
    pytest.param(None, NOT_MARKED, "P", MERGE, "P", id="client_nv_over_descriptive_keeps_it"),
    pytest.param(None, NOT_MARKED, "i", MERGE, "i", id="client_nv_over_pass_keeps_it"),
    pytest.param(None, NOT_MARKED, "0%", MERGE, "0%", id="client_nv_over_zero_percent_keeps_it"),
]


@pytest.mark.parametrize("field", MARK_FIELDS, ids=lambda field: field.name.lower())
@pytest.mark.parametrize(("base", "mine", "current", "outcome", "stored"), MARK_RULES)
def test_mark_rule_nv_yields_to_a_real_mark_and_different_marks_conflict(
    field: Field,
    base: str | None,
    mine: str | None,
    current: str | None,
    outcome: Outcome,
    stored: str | None,
) -> None:
    assert merge_field(field, base, mine, current) == FieldMerge(outcome, stored)


# --- attendance: presence and justification are separate fields (SPEC S2, S3, T2) -------------


@pytest.mark.parametrize(
    ("field", "base", "mine", "current"),
    [
        pytest.param(Field.PRESENCE, "", "n", "k", id="teacher_n_vs_teacher_k"),
        pytest.param(Field.PRESENCE, "", "k", "n", id="teacher_k_vs_teacher_n"),
        pytest.param(Field.PRESENCE, "n", "", "k", id="teacher_clears_n_vs_teacher_k"),
        pytest.param(Field.PRESENCE, None, "n", "", id="teacher_n_vs_present_from_none"),
        pytest.param(Field.JUSTIFICATION, "", "s", "c", id="tutor_s_vs_tutor_c"),
        pytest.param(Field.JUSTIFICATION, "s", "", "c", id="tutor_clears_s_vs_tutor_c"),
        pytest.param(Field.JUSTIFICATION, "s", "c", "", id="tutor_c_vs_tutor_clears_s"),
    ],
)
def test_different_attendance_values_by_two_people_conflict_keeping_current(
    field: Field, base: str | None, mine: str | None, current: str | None
) -> None:
    assert merge_field(field, base, mine, current) == FieldMerge(CONFLICT, current)


PRESENCE_RULES = [
    # (base, mine, current, base_justification, current_justification, outcome, stored)
    pytest.param("n", "", "n", "", "s", CONFLICT, "n", id="withdraw_n_over_unseen_s_conflict"),
    pytest.param("n", "k", "n", "", "s", CONFLICT, "n", id="n_to_k_over_unseen_s_conflict"),
    pytest.param("n", "", "n", "", "c", CONFLICT, "n", id="withdraw_n_over_unseen_c_conflict"),
    pytest.param("n", "", "n", "s", "c", CONFLICT, "n", id="withdraw_n_over_s_changed_to_c"),
    pytest.param("n", "", "n", "s", "s", APPLY, "", id="withdraw_n_after_seeing_s_applies"),
    pytest.param("n", "k", "n", "s", "s", APPLY, "k", id="n_to_k_after_seeing_s_applies"),
    pytest.param("n", "", "n", "", "", APPLY, "", id="withdraw_unjustified_n_applies"),
    pytest.param("n", "", "n", "s", "", APPLY, "", id="withdraw_n_after_s_was_removed"),
    pytest.param("n", "n", "n", "", "s", APPLY, "n", id="teacher_keeps_n_over_unseen_s"),
    pytest.param("", "n", "", "", "s", APPLY, "n", id="teacher_sets_n_over_early_s"),
    pytest.param("", "n", "n", "", "s", MERGE, "n", id="teacher_resends_n_over_s_merges"),
    pytest.param("n", "", "", "", "s", MERGE, "", id="both_withdrew_n_merges"),
    pytest.param("n", "", "k", "", "s", CONFLICT, "k", id="withdraw_n_vs_other_teacher_k"),
    pytest.param("", "n", "k", "", "", CONFLICT, "k", id="teacher_n_vs_teacher_k_conflict"),
    pytest.param("k", "", "k", "", "s", APPLY, "", id="late_to_present_over_s_applies"),
]


@pytest.mark.parametrize(
    ("base", "mine", "current", "base_justification", "current_justification", "outcome", "stored"),
    PRESENCE_RULES,
)
def test_presence_rule_withdrawing_n_over_an_unseen_justification_conflicts(
    base: str,
    mine: str,
    current: str,
    base_justification: str,
    current_justification: str,
    outcome: Outcome,
    stored: str,
) -> None:
    result = merge_presence(
        base,
        mine,
        current,
        base_justification=base_justification,
        current_justification=current_justification,
    )
    assert result == FieldMerge(outcome, stored)


@dataclass(frozen=True)
class Cell:
    """One attendance record on the server: two fields (DOMAIN: attendance)."""

    presence: str = ""
    justification: str = ""

    @property
    def shown(self) -> str:
        return display_code(Presence(self.presence), Justification(self.justification))


@dataclass(frozen=True)
class TeacherSets:
    saw: Cell
    presence: str


@dataclass(frozen=True)
class TutorSets:
    saw: Cell
    justification: str


def _push(cell: Cell, change: TeacherSets | TutorSets) -> tuple[Cell, Outcome]:
    """What the server does with one mutation: only the field the mutation carries merges."""
    if isinstance(change, TeacherSets):
        result = merge_presence(
            change.saw.presence,
            change.presence,
            cell.presence,
            base_justification=change.saw.justification,
            current_justification=cell.justification,
        )
        assert result.value is not None
        return replace(cell, presence=result.value), result.outcome
    result = merge_field(
        Field.JUSTIFICATION, change.saw.justification, change.justification, cell.justification
    )
    assert result.value is not None
    return replace(cell, justification=result.value), result.outcome


NOTHING = Cell()
ABSENT = Cell("n")
ATTENDANCE_SCENARIOS = [
    # (start, changes in arrival order, outcomes, final cell, displayed code)
    pytest.param(
        NOTHING,
        [TeacherSets(NOTHING, "n"), TutorSets(NOTHING, "s")],
        [APPLY, APPLY],
        Cell("n", "s"),
        "ns",
        id="teacher_n_then_tutor_s_keeps_ns",
    ),
    pytest.param(
        NOTHING,
        [TutorSets(NOTHING, "s"), TeacherSets(NOTHING, "n")],
        [APPLY, APPLY],
        Cell("n", "s"),
        "ns",
        id="tutor_s_then_teacher_n_keeps_ns",
    ),
    pytest.param(
        NOTHING,
        [TeacherSets(NOTHING, "n"), TutorSets(NOTHING, "c")],
        [APPLY, APPLY],
        Cell("n", "c"),
        "nc",
        id="teacher_n_then_tutor_c_keeps_nc",
    ),
    pytest.param(
        ABSENT,
        [TutorSets(ABSENT, "s"), TeacherSets(NOTHING, "n")],
        [APPLY, MERGE],
        Cell("n", "s"),
        "ns",
        id="teacher_resends_n_after_tutor_s_keeps_ns",
    ),
    pytest.param(
        ABSENT,
        [TutorSets(ABSENT, "s"), TeacherSets(ABSENT, "")],
        [APPLY, CONFLICT],
        Cell("n", "s"),
        "ns",
        id="teacher_withdraws_n_over_unseen_s_conflict_keeps_ns",
    ),
    pytest.param(
        ABSENT,
        [TutorSets(ABSENT, "c"), TeacherSets(ABSENT, "k")],
        [APPLY, CONFLICT],
        Cell("n", "c"),
        "nc",
        id="teacher_n_to_k_over_unseen_c_conflict_keeps_nc",
    ),
    pytest.param(
        Cell("n", "s"),
        [TeacherSets(Cell("n", "s"), "")],
        [APPLY],
        Cell("", "s"),
        "",
        id="teacher_withdraws_n_after_seeing_s_applies_keeps_s_in_register",
    ),
    pytest.param(
        Cell("n", "s"),
        [TeacherSets(Cell("n", "s"), "k")],
        [APPLY],
        Cell("k", "s"),
        "k",
        id="teacher_n_to_k_after_seeing_s_shows_k",
    ),
    pytest.param(
        NOTHING,
        [TeacherSets(NOTHING, "n"), TeacherSets(NOTHING, "k")],
        [APPLY, CONFLICT],
        Cell("n", ""),
        "n",
        id="two_teachers_n_then_k_conflict_keeps_n",
    ),
    pytest.param(
        ABSENT,
        [TutorSets(ABSENT, "s"), TutorSets(ABSENT, "c")],
        [APPLY, CONFLICT],
        Cell("n", "s"),
        "ns",
        id="two_tutors_s_then_c_conflict_keeps_ns",
    ),
]


@pytest.mark.parametrize(("start", "changes", "outcomes", "final", "shown"), ATTENDANCE_SCENARIOS)
def test_presence_and_justification_merge_as_separate_fields(
    start: Cell,
    changes: list[TeacherSets | TutorSets],
    outcomes: list[Outcome],
    final: Cell,
    shown: str,
) -> None:
    cell, seen = start, []
    for change in changes:
        cell, outcome = _push(cell, change)
        seen.append(outcome)
    assert seen == outcomes
    assert cell == final
    assert cell.shown == shown


PRESENCES = [presence.value for presence in Presence]
JUSTIFICATIONS = [justification.value for justification in Justification]


@pytest.mark.parametrize(
    ("base", "mine", "current", "base_justification", "current_justification"),
    [
        pytest.param(*case, id="_".join(v or "empty" for v in case))
        for case in itertools.product(PRESENCES, PRESENCES, PRESENCES, JUSTIFICATIONS, ["s", "c"])
    ],
)
def test_teacher_presence_change_never_undoes_a_justification(
    base: str, mine: str, current: str, base_justification: str, current_justification: str
) -> None:
    result = merge_presence(
        base,
        mine,
        current,
        base_justification=base_justification,
        current_justification=current_justification,
    )
    assert result.value in (mine, current)
    assert result.value in PRESENCES  # never "s" or "c": the justification field is not touched


# --- lesson fields: last arrival wins, the other text kept for review ---------------------------


@pytest.mark.parametrize(
    ("base", "mine", "current"),
    [
        pytest.param("Daļskaitļi", "Daļskaitļu saskaitīšana", "Daļskaitļu atņemšana", id="topic"),
        pytest.param("", "12. lpp. 3. uzd.", "13. lpp. 1. uzd.", id="homework"),
        pytest.param(None, "Ekskursija", "Kontroldarbs pārcelts", id="notes"),
        pytest.param("2026-09-22", "2026-09-23", "2026-09-24", id="date"),
        pytest.param("ordinary", "makeup", "not_held", id="lesson_type"),
        pytest.param("3", "4", "5", id="number"),
        pytest.param(None, "sick_leave", "other_agreed", id="not_held_reason"),
        pytest.param("Daļskaitļi", "", "Procenti", id="topic_cleared_vs_edited_stores_empty"),
        pytest.param("Daļskaitļi", None, "Procenti", id="notes_deleted_vs_edited_stores_none"),
        pytest.param("Daļskaitļi", "Procenti", None, id="edited_vs_deleted_stores_edit"),
    ],
)
def test_lesson_field_changed_by_both_last_arrival_wins_for_review(
    base: str | None, mine: str | None, current: str | None
) -> None:
    result = merge_field(Field.LESSON, base, mine, current)
    assert result == FieldMerge(REVIEW, mine)
    assert result.recorded is True


@pytest.mark.parametrize(
    ("base", "mine", "current"),
    [
        pytest.param("2026-09-01", "2026-09-03", "2026-09-02", id="first_day"),
        pytest.param("false", "true", "false ", id="withdrawn_vs_other"),
        pytest.param("Zvanīja", "", "Ārsta izziņa", id="comment_cleared_vs_edited"),
    ],
)
def test_a_note_field_changed_by_both_last_arrival_wins_for_review(
    base: str | None, mine: str | None, current: str | None
) -> None:
    assert merge_field(Field.RECORD, base, mine, current) == FieldMerge(REVIEW, mine)


@pytest.mark.parametrize(
    ("outcome", "recorded"),
    [
        pytest.param(APPLY, False, id="applied_not_recorded"),
        pytest.param(MERGE, False, id="merged_not_recorded"),
        pytest.param(CONFLICT, True, id="conflict_recorded"),
        pytest.param(REVIEW, True, id="review_recorded"),
    ],
)
def test_only_conflict_and_review_are_recorded(outcome: Outcome, recorded: bool) -> None:
    assert FieldMerge(outcome, "7").recorded is recorded
    assert FieldMerge(outcome, None).recorded is recorded


@pytest.mark.parametrize(
    ("field", "base", "mine", "current", "recorded"),
    [
        pytest.param(Field.MARK, "7", "8", "7", False, id="mark_applied"),
        pytest.param(Field.MARK, None, "7", NOT_MARKED, False, id="mark_over_nv_applied"),
        pytest.param(Field.MARK, None, NOT_MARKED, "7", False, id="nv_over_mark_merged"),
        pytest.param(Field.MARK, None, "7", "8", True, id="two_marks_conflict"),
        pytest.param(Field.PRESENCE, "", "n", "k", True, id="presence_conflict"),
        pytest.param(Field.LESSON, "a", "b", "c", True, id="lesson_review"),
        pytest.param(Field.LESSON, "a", "b", "b", False, id="lesson_merged"),
    ],
)
def test_merge_results_are_recorded_only_for_conflict_and_review(
    field: Field, base: str | None, mine: str | None, current: str | None, recorded: bool
) -> None:
    assert merge_field(field, base, mine, current).recorded is recorded


# --- determinism (DESIGN §4: server only, deterministic; client clocks never decide) ------------

values = st.sampled_from([None, "", NOT_MARKED, "7", "8", "S", "n", "k", "s", "Procenti"])
fields = st.sampled_from(list(Field))
quadruples = st.tuples(fields, values, values, values)


def _fresh(value: str | None) -> str | None:
    """An equal string that is not the same object."""
    return None if value is None else "".join(["#", value])[1:]


@given(st.lists(quadruples, min_size=1, max_size=20))
def test_merge_field_is_a_pure_function(
    cases: list[tuple[Field, str | None, str | None, str | None]],
) -> None:
    forward = [merge_field(*case) for case in cases]
    backward = [merge_field(*case) for case in reversed(cases)][::-1]
    copies = [
        merge_field(field, _fresh(base), _fresh(mine), _fresh(current))
        for field, base, mine, current in cases
    ]
    assert forward == backward == copies


@given(fields, values, values, values)
def test_applied_and_review_store_mine_merged_and_conflict_keep_current(
    field: Field, base: str | None, mine: str | None, current: str | None
) -> None:
    result = merge_field(field, base, mine, current)
    if result.outcome in (APPLY, REVIEW):
        assert result.value == mine
    else:
        assert result.value == current
    if current == base:
        assert result.outcome is APPLY
    elif mine in (current, base):  # the user's value is there, or the user left it as seen
        assert result.outcome is MERGE
    assert result.recorded is (result.outcome in (CONFLICT, REVIEW))
    reviewed = field in (Field.LESSON, Field.RECORD)
    assert (result.outcome is REVIEW) is (reviewed and current not in (base, mine) and mine != base)


@given(values, values, values)
def test_outcome_depends_only_on_the_rule_of_the_field(
    base: str | None, mine: str | None, current: str | None
) -> None:
    assert merge_field(Field.MARK, base, mine, current) == merge_field(
        Field.PERIOD_MARK, base, mine, current
    )
    assert merge_field(Field.PRESENCE, base, mine, current) == merge_field(
        Field.JUSTIFICATION, base, mine, current
    )


presences = st.sampled_from(PRESENCES)
justifications = st.sampled_from(JUSTIFICATIONS)


@given(presences, presences, presences, justifications, justifications)
def test_presence_merge_is_the_plain_rule_unless_n_is_withdrawn_over_an_unseen_justification(
    base: str, mine: str, current: str, base_justification: str, current_justification: str
) -> None:
    result = merge_presence(
        base,
        mine,
        current,
        base_justification=base_justification,
        current_justification=current_justification,
    )
    assert result == merge_presence(
        _fresh(base) or "",
        _fresh(mine) or "",
        _fresh(current) or "",
        base_justification=_fresh(base_justification) or "",
        current_justification=_fresh(current_justification) or "",
    )
    special = (
        base == "n"
        and mine != "n"
        and current == "n"
        and current_justification not in ("", base_justification)
    )
    if special:
        assert result == FieldMerge(CONFLICT, "n")
    else:
        assert result == merge_field(Field.PRESENCE, base, mine, current)
