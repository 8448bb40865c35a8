"""The login brake against a real server (issue: one unauthenticated client stalled the
server): failures are counted per source address and per name from that address, so the
attacker's address is stopped while the rightful user signs in from their own; and the
password check holds no database lock, so a teacher's sync goes on while logins fail."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from eklase_server.auth import ADDRESS_LIMIT, NAME_LIMIT
from tests.integration.laptops import LaptopFactory
from tests.integration.refusals.support import Api
from tests.integration.servers import ServerProcess


@pytest.fixture
def elsewhere(server: ServerProcess) -> Iterator[Api]:
    """The rightful user's computer: another address than the attacker's."""
    client = Api(server, source="127.0.0.2")
    yield client
    client.close()


def test_a_guessed_name_is_stopped_for_the_guesser_not_for_its_owner(
    api: Api, elsewhere: Api
) -> None:
    for attempt in range(NAME_LIMIT):
        assert api.login("skolotajs2", f"mineju-{attempt}").status_code == 401
    assert api.login("skolotajs2", "demo").status_code == 429  # even the right password
    assert api.login("Skolotajs2 ", "cits").status_code == 429  # the same name, spelt so
    assert api.login("skolotajs1", "demo").status_code == 200  # another name from there
    assert elsewhere.login("skolotajs2", "demo").status_code == 200  # its owner, elsewhere


def test_a_password_sprayed_over_every_name_stops_the_address(api: Api, elsewhere: Api) -> None:
    for attempt in range(ADDRESS_LIMIT):
        assert api.login(f"lietotajs{attempt}", "Parole2026").status_code == 401
    refused = api.login("skolotajs1", "demo")
    assert refused.status_code == 429 and "token" not in refused.json()
    assert elsewhere.login("skolotajs1", "demo").status_code == 200


def test_a_failing_login_does_not_hold_up_a_teachers_sync(
    server: ServerProcess, laptops: LaptopFactory
) -> None:
    laptop = laptops("skolotajs1")
    server.restart(EKLASE_SLOW_AT="server.login.verifying:4")
    attacker = Api(server)
    answers: list[int] = []
    login = threading.Thread(
        target=lambda: answers.append(attacker.login("skolotajs2", "nepareiza").status_code)
    )
    login.start()
    try:
        login.join(1.0)  # the login is checking the password now
        laptop.editor.add_lesson(laptop.reader.courses()[0].id)
        laptop.sync()  # a push and a pull: on SQLite they take the write lock
        assert login.is_alive(), "the sync waited for the failing login"
        assert laptop.waiting() == 0
    finally:
        login.join()
        attacker.close()
    assert answers == [401]
