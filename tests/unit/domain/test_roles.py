import pytest

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.roles import (
    Entity,
    PermissionTable,
    Role,
    can_write,
    entity_label,
    label,
    require,
)

E = Entity

# DOMAIN: roles — the "what each may write" table, spelled out independently.
EXPECTED: dict[Role, set[Entity]] = {
    Role.TEACHER: {
        E.LESSON,
        E.MARK,
        E.PRESENCE,
        E.TEST,
        E.PERIOD_MARK,
        E.BEHAVIOUR,
        E.INDIVIDUAL_WORK_LOG,
        E.PRACTICE_HOURS,  # SPEC J6
    },
    Role.CONCERTMASTER: {E.CONCERTMASTER_LOG},
    Role.TUTOR: {
        E.JUSTIFICATION,
        E.PHONE,
        E.CONVERSATION,
        E.BRIEFING,
        E.PARENT_NOTE,
        E.BEHAVIOUR,
        E.MONTHLY_STATEMENT,
    },
    Role.CLERK: {
        E.STUDENT,
        E.SCHOOL_YEAR,
        E.STAFF,
        E.CLASS_GROUP,
        E.SUBJECT,
        E.COURSE,
        E.ACCOUNT,
        E.EXAM_MARK,
        E.NEWS,
        E.JUSTIFICATION,
        E.MONTHLY_STATEMENT,
    },
    Role.DEPUTY: set(Entity),
    Role.DIRECTOR: set(),
    Role.STUDENT: set(),
    Role.PARENT: set(),
    Role.INDIVIDUAL_WORK: {E.INDIVIDUAL_WORK_LOG},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("entity", list(Entity))
def test_permission_table_follows_domain(role: Role, entity: Entity) -> None:
    assert can_write({role}, entity) is (entity in EXPECTED[role])


@pytest.mark.parametrize(
    ("role", "entity"),
    [
        (Role.TEACHER, E.JUSTIFICATION),
        (Role.TUTOR, E.PRESENCE),
        (Role.TUTOR, E.MARK),
        (Role.CLERK, E.MARK),
        (Role.CONCERTMASTER, E.LESSON),
        (Role.STUDENT, E.MARK),
        (Role.PARENT, E.JUSTIFICATION),
        (Role.TEACHER, E.PERIOD_LOCK),
        (Role.CLERK, E.JOURNAL_CHECK),
    ],
)
def test_forbidden_writes(role: Role, entity: Entity) -> None:
    assert not can_write([role], entity)


def test_one_person_with_several_roles_gets_the_union() -> None:
    roles = {Role.TEACHER, Role.TUTOR}
    assert can_write(roles, E.PRESENCE)
    assert can_write(roles, E.JUSTIFICATION)
    assert not can_write(roles, E.ACCOUNT)


def test_no_roles_write_nothing() -> None:
    assert not any(can_write(set(), entity) for entity in Entity)


def test_deputy_writes_period_locks_journal_checks_and_news() -> None:
    for entity in (E.PERIOD_LOCK, E.JOURNAL_CHECK, E.NEWS):
        require({Role.DEPUTY}, entity)


def test_require_raises_permission_denied_with_latvian_message() -> None:
    with pytest.raises(PermissionDenied, match="Jums nav tiesību mainīt: vērtējumi"):
        require({Role.PARENT}, E.MARK)


def test_permission_table_is_a_school_setting() -> None:
    table = PermissionTable(grants={Role.DIRECTOR: frozenset({E.NEWS})})
    assert can_write({Role.DIRECTOR}, E.NEWS, table)
    assert not can_write({Role.DEPUTY}, E.NEWS, table)


def test_every_role_and_entity_has_a_distinct_latvian_label() -> None:
    role_labels = [label(role) for role in Role]
    entity_labels = [entity_label(entity) for entity in Entity]
    assert all(role_labels) and len(set(role_labels)) == len(Role)
    assert all(entity_labels) and len(set(entity_labels)) == len(Entity)
    assert label(Role.TUTOR) == "Klases audzinātājs"


def test_role_values_are_stable_strings() -> None:
    assert Role("individual_work") is Role.INDIVIDUAL_WORK
    assert str(Role.DEPUTY) == "deputy"


@pytest.mark.parametrize(
    ("held", "teaches", "tutors", "expected"),
    [
        ({Role.TEACHER}, True, False, {Role.TEACHER}),
        ({Role.TEACHER}, False, False, set()),  # another teacher's course
        ({Role.TEACHER, Role.TUTOR}, False, True, {Role.TUTOR}),
        ({Role.DEPUTY, Role.TEACHER}, False, False, {Role.DEPUTY}),
        ({Role.CLERK}, False, False, {Role.CLERK}),
        ({Role.CONCERTMASTER}, False, False, set()),
    ],
)
def test_roles_for_course(
    held: set[Role], teaches: bool, tutors: bool, expected: set[Role]
) -> None:
    from eklase_desktop.domain.roles import roles_for_course

    assert roles_for_course(held, teaches=teaches, tutors=tutors) == expected
