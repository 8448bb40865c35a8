import pytest

from eklase_desktop.domain.attendance import (
    InvalidPresence,
    Justification,
    Presence,
    check_can_justify,
    check_can_set_presence,
    display_code,
    parse_display_code,
    parse_presence,
)
from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.roles import Role

P = Presence
J = Justification


@pytest.mark.parametrize(
    ("presence", "justification", "code"),
    [
        (P.PRESENT, J.NONE, ""),
        (P.ABSENT, J.NONE, "n"),
        (P.ABSENT, J.ILLNESS, "ns"),
        (P.ABSENT, J.OTHER, "nc"),
        (P.LATE, J.NONE, "k"),
        (P.LATE, J.ILLNESS, "k"),
        (P.LATE, J.OTHER, "k"),
        (P.PRESENT, J.ILLNESS, ""),  # kept, shown only in the register
        (P.PRESENT, J.OTHER, ""),
    ],
)
def test_display_code(presence: Presence, justification: Justification, code: str) -> None:
    assert display_code(presence, justification) == code


@pytest.mark.parametrize(
    ("text", "presence"),
    [("", P.PRESENT), ("  ", P.PRESENT), ("n", P.ABSENT), ("N", P.ABSENT), (" k ", P.LATE)],
)
def test_parse_presence(text: str, presence: Presence) -> None:
    assert parse_presence(text) is presence


@pytest.mark.parametrize("text", ["ns", "nc", "x", "nn", "1", "K\u0301", "\u212a"])
def test_teacher_cannot_type_a_justification_or_other_codes(text: str) -> None:
    with pytest.raises(InvalidPresence, match="nav apmeklējuma atzīme"):
        parse_presence(text)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("", (P.PRESENT, J.NONE)),
        ("n", (P.ABSENT, J.NONE)),
        ("NS", (P.ABSENT, J.ILLNESS)),
        (" nc ", (P.ABSENT, J.OTHER)),
        ("k", (P.LATE, J.NONE)),
    ],
)
def test_parse_display_code(text: str, parsed: tuple[Presence, Justification]) -> None:
    assert parse_display_code(text) == parsed


@pytest.mark.parametrize("text", ["s", "c", "ks", "nx", "n s"])
def test_parse_display_code_refuses_unknown_codes(text: str) -> None:
    with pytest.raises(InvalidPresence):
        parse_display_code(text)


def test_display_code_round_trips() -> None:
    for code in ("", "n", "ns", "nc", "k"):
        assert display_code(*parse_display_code(code)) == code


def test_invalid_presence_is_a_domain_and_value_error() -> None:
    assert issubclass(InvalidPresence, DomainError)
    assert issubclass(InvalidPresence, ValueError)


@pytest.mark.parametrize(
    "roles",
    [{Role.TEACHER}, {Role.DEPUTY}, {Role.TUTOR, Role.TEACHER}],
)
def test_who_may_set_presence(roles: set[Role]) -> None:
    check_can_set_presence(roles)


def test_tutor_cannot_change_presence_unless_teaching_the_lesson() -> None:
    with pytest.raises(PermissionDenied, match="Klases audzinātājs kavējumus nemaina"):
        check_can_set_presence({Role.TUTOR})


@pytest.mark.parametrize(
    "roles", [set(), {Role.CLERK}, {Role.CONCERTMASTER}, {Role.PARENT}, {Role.STUDENT}]
)
def test_others_cannot_set_presence(roles: set[Role]) -> None:
    with pytest.raises(PermissionDenied, match="Apmeklējumu atzīmē stundas skolotājs"):
        check_can_set_presence(roles)


@pytest.mark.parametrize(
    "roles", [{Role.TUTOR}, {Role.DEPUTY}, {Role.CLERK}, {Role.TEACHER, Role.TUTOR}]
)
def test_who_may_justify(roles: set[Role]) -> None:
    check_can_justify(roles)


@pytest.mark.parametrize("roles", [{Role.TEACHER}, {Role.PARENT}, {Role.CONCERTMASTER}, set()])
def test_teacher_cannot_justify(roles: set[Role]) -> None:
    with pytest.raises(PermissionDenied, match="Kavējumu attaisno klases audzinātājs"):
        check_can_justify(roles)
